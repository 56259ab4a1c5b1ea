// Editing and removing live chats while sessions run.
#include "core/contacts.hpp"
#include "router_admin_fixture.hpp"

namespace livechat::testing {
namespace router_chat_admin_test {

using RouterChatAdmin = router_admin_fixture;

TEST_F(RouterChatAdmin, RemovingAChatRejectsWaitingAndClosesAssignedSessions) {
  auto chat = define(internal_definition());
  online(o1);
  auto held = open(chat, e1, 1s);
  auto waiting = open(chat, e2, 2s);
  ASSERT_TRUE(r.remove_live_chat(at(3s), admin, chat));
  auto w = last_of(waiting);
  EXPECT_EQ(w.kind, session_event_kind::rejected);
  EXPECT_EQ(w.reason, transition_reason::chat_removed);
  EXPECT_EQ(w.actor, admin);
  auto h = last_of(held);
  EXPECT_EQ(h.kind, session_event_kind::closed);
  EXPECT_EQ(h.reason, transition_reason::chat_removed);
  EXPECT_EQ(h.op, o1);
  EXPECT_EQ(r.live_session_count(), 0u);
  EXPECT_EQ(r.load_of(o1), 0);
  EXPECT_TRUE(violations().empty());
}

TEST_F(RouterChatAdmin, RemovedChatIsATombstoneWhoseNameIsFree) {
  auto chat = define(internal_definition());
  auto external = define(external_definition());
  ASSERT_TRUE(r.remove_live_chat(at(1s), admin, chat));
  EXPECT_FALSE(r.has_chat(chat));
  EXPECT_TRUE(r.has_chat(external));
  EXPECT_EQ(r.chat_count(), 2u); // ids stay stable
  EXPECT_EQ(r.definition(chat).name, "internal");
  EXPECT_FALSE(r.find_chat("internal").has_value());
  EXPECT_EQ(r.open_session(at(2s), e1, chat).error(), errc::unknown_chat);
  EXPECT_EQ(r.snapshot(sveta, chat).error(), errc::unknown_chat);
  EXPECT_EQ(r.remove_live_chat(at(2s), admin, chat).error(),
            errc::unknown_chat);
  EXPECT_EQ(
    r.edit_live_chat(at(2s), admin, chat, internal_definition()).error(),
    errc::unknown_chat);
  auto again = r.define_live_chat(at(3s), admin, internal_definition());
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, chat_id{2});
  EXPECT_EQ(r.find_chat("internal").value(), *again);
}

TEST_F(RouterChatAdmin, OperatorsFreedByARemovedChatServeTheirOtherChats) {
  auto internal = define(internal_definition());
  auto external = define(external_definition());
  online(o1);
  auto held = open(internal, e1, 1s);
  auto contact = open(external, customer_of(contact_id{0}), 2s);
  ASSERT_FALSE(r.holder(contact).valid());
  ASSERT_TRUE(r.remove_live_chat(at(3s), admin, internal));
  EXPECT_EQ(r.find_session(held), nullptr);
  EXPECT_EQ(r.holder(contact), o1);
  EXPECT_TRUE(violations().empty());
}

TEST_F(RouterChatAdmin, RemovedChatsCapacityNoLongerCounts) {
  auto internal = internal_definition();
  internal.capacity = 3;
  auto chat = define(internal);
  define(external_definition()); // capacity 1
  online(o1);
  ASSERT_EQ(statuses().back().capacity, 3);
  ASSERT_TRUE(r.remove_live_chat(at(1s), admin, chat));
  auto st = statuses();
  auto last_of_o1 = std::find_if(st.rbegin(), st.rend(), [&](const auto& e) {
    return e.op == o1;
  });
  ASSERT_NE(last_of_o1, st.rend());
  EXPECT_EQ(last_of_o1->at, at(1s));
  EXPECT_EQ(last_of_o1->capacity, 1); // the external chat's
}

TEST_F(RouterChatAdmin, ChangingOperatorGroupsRebuildsThePool) {
  auto chat = define(internal_definition());
  online(anna);
  auto s = open(chat, e1, 1s);
  ASSERT_FALSE(r.holder(s).valid()); // nobody of general is Online
  auto def = internal_definition();
  def.operator_groups = {general, accounting};
  ASSERT_TRUE(r.edit_live_chat(at(2s), admin, chat, def));
  EXPECT_EQ(r.holder(s), anna);
  EXPECT_EQ(last_of(s).via_group, accounting);
  // And back: anna keeps what she holds, but takes no new session.
  ASSERT_TRUE(r.edit_live_chat(at(3s), admin, chat, internal_definition()));
  EXPECT_EQ(r.holder(s), anna);
  auto next = open(chat, e2, 4s);
  EXPECT_FALSE(r.holder(next).valid());
  EXPECT_TRUE(violations().empty());
}

TEST_F(RouterChatAdmin, RaisingCapacityLetsOperatorsTakeWaitingSessions) {
  auto chat = define(internal_definition());
  online(o1);
  auto first = open(chat, e1, 1s);
  auto second = open(chat, e2, 2s);
  ASSERT_FALSE(r.holder(second).valid());
  auto def = internal_definition();
  def.capacity = 2;
  ASSERT_TRUE(r.edit_live_chat(at(3s), admin, chat, def));
  EXPECT_EQ(r.holder(first), o1);
  EXPECT_EQ(r.holder(second), o1);
  EXPECT_EQ(r.load_of(o1), 2);
  auto st = statuses();
  auto o1_capacity = std::find_if(st.rbegin(), st.rend(), [&](const auto& e) {
    return e.op == o1;
  });
  ASSERT_NE(o1_capacity, st.rend());
  EXPECT_EQ(o1_capacity->capacity, 2);
  EXPECT_TRUE(violations().empty());
}

TEST_F(RouterChatAdmin, LoweringCapacityKeepsHeldSessions) {
  auto def = internal_definition();
  def.capacity = 2;
  auto chat = define(def);
  online(o1);
  auto a = open(chat, e1, 1s);
  auto b = open(chat, e2, 2s);
  ASSERT_TRUE(r.edit_live_chat(at(3s), admin, chat, internal_definition()));
  EXPECT_EQ(r.holder(a), o1);
  EXPECT_EQ(r.holder(b), o1);
  auto c = open(chat, e1, 4s);
  ASSERT_TRUE(r.close_session(at(5s), o1, a)); // load 1: still full
  EXPECT_FALSE(r.holder(c).valid());
  ASSERT_TRUE(r.close_session(at(6s), o1, b));
  EXPECT_EQ(r.holder(c), o1);
}

TEST_F(RouterChatAdmin, LoweredQueueLimitTurnsAwayOnlyNewArrivals) {
  auto chat = define(internal_definition());
  auto a = open(chat, e1, 1s);
  auto b = open(chat, e2, 2s);
  auto def = internal_definition();
  def.queue_limit = 1;
  ASSERT_TRUE(r.edit_live_chat(at(3s), admin, chat, def));
  EXPECT_EQ(r.waiting_count(chat), 2u);
  auto c = r.open_session(at(4s), e1, chat);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->state, session_state::rejected);
  online(o1, 5s);
  EXPECT_EQ(r.holder(a), o1); // the waiting ones are served in order
  EXPECT_EQ(r.find_session(b)->state(), session_state::waiting);
}

TEST_F(RouterChatAdmin, SwitchingToManualStopsRoutingAndBackResumesIt) {
  auto chat = define(internal_definition());
  auto def = internal_definition(routing_policy_kind::manual);
  ASSERT_TRUE(r.edit_live_chat(at(1s), admin, chat, def));
  online(o1, 2s);
  auto s = open(chat, e1, 3s);
  EXPECT_FALSE(r.holder(s).valid());
  ASSERT_TRUE(r.edit_live_chat(at(4s), admin, chat, internal_definition()));
  EXPECT_EQ(r.holder(s), o1);
}

TEST_F(RouterChatAdmin, InternalChatBecomesExternalOnlyWithoutLiveSessions) {
  auto chat = define(internal_definition());
  auto s = open(chat, e1, 1s);
  auto def = external_definition();
  def.name = "internal";
  EXPECT_EQ(r.edit_live_chat(at(2s), admin, chat, def).error(), errc::in_use);
  EXPECT_TRUE(r.definition(chat).is_internal());
  ASSERT_TRUE(r.leave(at(3s), e1, s));
  ASSERT_TRUE(r.edit_live_chat(at(4s), admin, chat, def));
  EXPECT_FALSE(r.definition(chat).is_internal());
  auto contact = r.open_session(at(5s), customer_of(contact_id{0}), chat);
  EXPECT_TRUE(contact.has_value()); // the channel's contacts now
  auto employee = r.open_session(at(5s), e1, chat);
  ASSERT_FALSE(employee); // but no directory user
  EXPECT_EQ(employee.error(), errc::not_permitted);
}

TEST_F(RouterChatAdmin, DroppingAnExpertGroupWithSessionsIsRefused) {
  auto chat = define(internal_definition());
  online(o1);
  online(hanna);
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.transfer(at(2s), o1, s, hr));
  ASSERT_EQ(r.holder(s), hanna); // answered from hr's queue
  auto def = internal_definition();
  def.expert_groups = {accounting};
  EXPECT_EQ(r.edit_live_chat(at(3s), admin, chat, def).error(), errc::in_use);
  EXPECT_EQ(r.definition(chat).expert_groups, (std::vector{accounting, hr}));
  ASSERT_TRUE(r.close_session(at(4s), hanna, s));
  ASSERT_TRUE(r.edit_live_chat(at(5s), admin, chat, def));
  auto next = open(chat, e2, 6s);
  ASSERT_EQ(r.holder(next), o1);
  EXPECT_EQ(r.transfer(at(7s), o1, next, hr).error(),
            errc::not_an_expert_group);
  EXPECT_TRUE(violations().empty());
}

TEST_F(RouterChatAdmin, AddedExpertGroupGetsAQueueOfItsOwn) {
  auto def = internal_definition();
  def.expert_groups = {accounting};
  auto chat = define(def);
  online(o1);
  online(hanna);
  ASSERT_TRUE(r.edit_live_chat(at(1s), admin, chat, internal_definition()));
  auto s = open(chat, e1, 2s);
  ASSERT_TRUE(r.transfer(at(3s), o1, s, hr));
  EXPECT_EQ(r.holder(s), hanna);
  EXPECT_EQ(last_of(s).expert_group, hr);
  auto view = r.snapshot(sveta, chat).value();
  EXPECT_EQ(view.operators.size(), 6u); // general, accounting, hr
}

TEST_F(RouterChatAdmin, ReorderingExpertGroupsKeepsTheirWaitingSessions) {
  auto chat = define(internal_definition());
  online(o1);
  auto def = internal_definition();
  def.capacity = 2;
  ASSERT_TRUE(r.edit_live_chat(at(1s), admin, chat, def));
  auto a = open(chat, e1, 2s);
  auto b = open(chat, e2, 3s);
  ASSERT_TRUE(r.transfer(at(4s), o1, a, accounting));
  ASSERT_TRUE(r.transfer(at(5s), o1, b, hr));
  def.expert_groups = {hr, accounting};
  ASSERT_TRUE(r.edit_live_chat(at(6s), admin, chat, def));
  auto view = r.snapshot(sveta, chat).value();
  ASSERT_EQ(view.waiting.size(), 2u);
  EXPECT_EQ(view.waiting[0].id, b); // hr's queue comes first now
  EXPECT_EQ(view.waiting[1].id, a);
  online(anna, 7s);
  EXPECT_EQ(r.holder(a), anna);
  EXPECT_TRUE(violations().empty());
}

TEST_F(RouterChatAdmin, EditIsValidatedLikeADefinition) {
  auto chat = define(internal_definition());
  define(external_definition());
  auto def = internal_definition();
  def.capacity = 0;
  EXPECT_EQ(r.edit_live_chat(at(1s), admin, chat, def).error(),
            errc::invalid_definition);
  def = internal_definition();
  def.operator_groups = {group_id{99}};
  EXPECT_EQ(r.edit_live_chat(at(1s), admin, chat, def).error(),
            errc::unknown_group);
  def = internal_definition();
  def.name = "external";
  EXPECT_EQ(r.edit_live_chat(at(1s), admin, chat, def).error(),
            errc::duplicate_name);
  EXPECT_EQ(r.edit_live_chat(at(1s), admin, chat_id{7}, def).error(),
            errc::unknown_chat);
  def.name = "inside"; // a new name of its own is fine
  ASSERT_TRUE(r.edit_live_chat(at(2s), admin, chat, def));
  EXPECT_EQ(r.find_chat("inside").value(), chat);
  EXPECT_FALSE(r.find_chat("internal").has_value());
}

} // namespace router_chat_admin_test
} // namespace livechat::testing
