#include "core/contacts.hpp"
#include "router_fixture.hpp"

namespace livechat::testing {
namespace router_transfer_test {

using RouterTransfer = router_fixture;

TEST_F(RouterTransfer,
       TransferredSessionWaitsInTheExpertQueueThenGoesToAnExpert) {
  auto chat = define(internal_definition());
  online(o1);
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.transfer(at(60s), o1, s, accounting));
  EXPECT_EQ(r.load_of(o1), 0);
  EXPECT_EQ(r.find_session(s)->state(), session_state::waiting);
  online(boris, 90s);
  EXPECT_EQ(holder_of(s), boris);
  EXPECT_EQ(
    kinds_of(s),
    (std::vector{session_event_kind::queued, session_event_kind::assigned,
                 session_event_kind::transferred, session_event_kind::queued,
                 session_event_kind::assigned}));
  const auto& assigned = log.back();
  EXPECT_EQ(assigned.expert_group, accounting);
  EXPECT_EQ(assigned.via_group, accounting);
  EXPECT_EQ(assigned.arrived, at(1s));    // kept across the transfer
  EXPECT_EQ(assigned.queued_at, at(60s)); // transfer wait starts here
  EXPECT_EQ(assigned.transfers, 1u);
}

TEST_F(RouterTransfer, TransferToAFreeExpertIsAssignedAtOnce) {
  auto chat = define(internal_definition());
  online(o1);
  online(hanna);
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.transfer(at(30s), o1, s, hr));
  EXPECT_EQ(holder_of(s), hanna);
}

TEST_F(RouterTransfer, TransferToASpecificExpertWaitsForThatExpert) {
  auto chat = define(internal_definition());
  online(o1);
  online(anna);
  ASSERT_TRUE(r.set_status(at(0s), boris, operator_status::away));
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.transfer(at(30s), o1, s, accounting, boris));
  EXPECT_EQ(r.load_of(anna), 0); // anna is free but not the one asked for
  EXPECT_EQ(r.find_session(s)->state(), session_state::waiting);
  drain();
  EXPECT_EQ(log.back().target_user, boris);
  online(boris, 40s);
  EXPECT_EQ(holder_of(s), boris);
}

TEST_F(RouterTransfer, TransferToAnOfflineExpertGoesToTheWholeGroup) {
  auto chat = define(internal_definition());
  online(o1);
  online(anna);
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.transfer(at(30s), o1, s, accounting, boris)); // boris Offline
  EXPECT_EQ(holder_of(s), anna);
}

TEST_F(RouterTransfer, ExpertGoingOfflineHandsItsPersonalTransfersToTheGroup) {
  auto chat = define(internal_definition());
  online(o1);
  ASSERT_TRUE(r.set_status(at(0s), boris, operator_status::away));
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.transfer(at(30s), o1, s, accounting, boris));
  online(anna, 31s);
  EXPECT_FALSE(holder_of(s).valid()); // still waiting for boris
  ASSERT_TRUE(r.set_status(at(32s), boris, operator_status::offline));
  EXPECT_EQ(holder_of(s), anna);
}

TEST_F(RouterTransfer, RemovedExpertNoLongerGetsItsPersonalTransfer) {
  auto chat = define(internal_definition());
  online(o1);
  ASSERT_TRUE(r.set_status(at(0s), boris, operator_status::away));
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.transfer(at(2s), o1, s, accounting, boris));
  ASSERT_TRUE(r.remove_member(at(3s), admin, accounting, boris));
  online(boris, 4s);
  EXPECT_FALSE(holder_of(s).valid());
  auto snap = r.snapshot(sveta, chat);
  ASSERT_EQ(snap->waiting.size(), 1u);
  EXPECT_EQ(snap->waiting[0].expert_group, accounting);
  EXPECT_FALSE(snap->waiting[0].target_user.valid());
  online(anna, 5s);
  EXPECT_EQ(holder_of(s), anna);
}

TEST_F(RouterTransfer, BlockedPersonalTransferDoesNotHoldUpAnotherChats) {
  // anna may hold 2 sessions of `external` but only 1 of `internal`.
  auto internal = internal_definition();
  auto chat_a = define(internal);
  auto external = external_definition();
  external.capacity = 2;
  external.expert_groups = {accounting};
  auto chat_b = define(external);
  online(o1);
  online(anna);
  auto s0 = open(chat_b, customer_of(contact_id{0}), 1s);
  ASSERT_TRUE(r.transfer(at(2s), o1, s0, accounting)); // anna: load 1
  ASSERT_EQ(holder_of(s0), anna);
  auto s1 = open(chat_a, e1, 3s);
  ASSERT_TRUE(r.transfer(at(4s), o1, s1, accounting, anna)); // waits: cap 1
  auto s2 = open(chat_b, customer_of(contact_id{1}), 5s);
  ASSERT_TRUE(r.transfer(at(6s), o1, s2, accounting, anna)); // cap 2: fits
  EXPECT_FALSE(holder_of(s1).valid());
  EXPECT_EQ(holder_of(s2), anna);
}

TEST_F(RouterTransfer, OperatorFreedByTransferTakesTheNextSession) {
  auto chat = define(internal_definition());
  online(o1);
  auto s = open(chat, e1, 1s);
  auto next = open(chat, e2, 2s);
  ASSERT_TRUE(r.transfer(at(30s), o1, s, hr));
  EXPECT_EQ(holder_of(next), o1);
}

TEST_F(RouterTransfer, TargetOutsideTheChatsExpertGroupsIsAnError) {
  auto chat = define(internal_definition());
  online(o1);
  auto s = open(chat, e1, 1s);
  auto to_general = r.transfer(at(30s), o1, s, general);
  ASSERT_FALSE(to_general);
  EXPECT_EQ(to_general.error(), errc::not_an_expert_group);
  auto wrong_member = r.transfer(at(30s), o1, s, accounting, hanna);
  ASSERT_FALSE(wrong_member);
  EXPECT_EQ(wrong_member.error(), errc::not_an_expert_group);
  EXPECT_EQ(r.find_session(s)->state(), session_state::assigned);
  EXPECT_EQ(r.load_of(o1), 1);
}

TEST_F(RouterTransfer, WaitingSessionCannotBeTransferred) {
  auto chat = define(internal_definition());
  auto s = open(chat, e1, 1s);
  auto result = r.transfer(at(30s), o1, s, accounting);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), errc::illegal_transition);
}

TEST_F(RouterTransfer, TransfersAreServedAheadOfNewSessionsByDefault) {
  // anna is both a general operator and an accountant: when she frees up, a
  // transfer waiting for accounting beats an older new session.
  ASSERT_TRUE(r.add_member(at(0s), admin, general, anna));
  auto chat = define(internal_definition());
  online(o1);
  online(anna);
  auto first = open(chat, e1, 1s);    // o1
  auto second = open(chat, e2, 2s);   // anna
  auto newcomer = open(chat, e1, 3s); // waits
  ASSERT_TRUE(r.transfer(at(10s), o1, first, accounting));
  // o1 was freed by the transfer and took the newcomer; make o1 busy again.
  EXPECT_EQ(holder_of(newcomer), o1);
  auto another = open(chat, e2, 11s); // waits (everyone busy)
  ASSERT_TRUE(r.close_session(at(20s), anna, second));
  EXPECT_EQ(holder_of(first), anna);
  EXPECT_FALSE(holder_of(another).valid());
}

TEST_F(RouterTransfer, WithoutTransferPriorityTheOlderSessionGoesFirst) {
  ASSERT_TRUE(r.add_member(at(0s), admin, general, anna));
  auto def = internal_definition();
  def.transfers_first = false;
  auto chat = define(def);
  online(o1);
  online(anna);
  auto first = open(chat, e1, 1s);
  auto second = open(chat, e2, 2s);
  auto older = open(chat, e1, 3s); // waits from 3 s
  ASSERT_TRUE(r.close_session(at(4s), o1, first));
  EXPECT_EQ(holder_of(older), o1);
  auto newer = open(chat, e2, 5s);                         // waits from 5 s
  auto latest = open(chat, e1, 6s);                        // waits from 6 s
  ASSERT_TRUE(r.transfer(at(10s), o1, older, accounting)); // o1 takes newer
  EXPECT_EQ(holder_of(newer), o1);
  ASSERT_TRUE(r.close_session(at(20s), anna, second));
  // transfer waits since 10 s, `latest` since 6 s: FIFO picks `latest`.
  EXPECT_EQ(holder_of(latest), anna);
  EXPECT_EQ(r.find_session(older)->state(), session_state::waiting);
}

} // namespace router_transfer_test
} // namespace livechat::testing
