// Queue standings: a waiting session's position in serving order, its queue's
// length and service slots, and the expected wait from its queue's recent
// handle times.
#include "core/contacts.hpp"
#include "router_fixture.hpp"

namespace livechat::testing {
namespace router_standing_test {

class RouterStanding : public router_fixture {
protected:
  /// The standing of `s`, which must be waiting.
  queue_standing standing(session_id s) {
    auto st = r.standing(s);
    EXPECT_TRUE(st.has_value());
    return st ? *st : queue_standing{};
  }

  std::vector<std::size_t> positions(std::initializer_list<session_id> ss) {
    std::vector<std::size_t> out;
    for (auto s : ss)
      out.push_back(standing(s).position);
    return out;
  }

  /// An external chat served by o1 and o2 (capacity 1, both Online) with
  /// one session ended after `handle`: the operator queue's handle time.
  chat_id busy_external(duration handle) {
    auto chat = define(external_definition());
    online(o1);
    online(o2);
    auto first = open(chat, customer_of(contact_id{900}), 0s);
    EXPECT_TRUE(r.close_session(at(handle), o1, first));
    return chat;
  }
};

TEST_F(RouterStanding, UnknownOrEndedSessionHasNoStanding) {
  auto chat = define(external_definition());
  EXPECT_EQ(r.standing(session_id{42}).error(), errc::unknown_session);
  auto s = open(chat, customer_of(contact_id{0}), 1s);
  ASSERT_TRUE(r.leave(at(2s), customer_of(contact_id{0}), s));
  EXPECT_EQ(r.standing(s).error(), errc::unknown_session);
}

TEST_F(RouterStanding, AssignedSessionIsNotWaiting) {
  auto chat = define(external_definition());
  online(o1);
  auto s = open(chat, customer_of(contact_id{0}), 1s);
  ASSERT_EQ(holder_of(s), o1);
  EXPECT_EQ(r.standing(s).error(), errc::not_waiting);
}

TEST_F(RouterStanding, PositionsFollowArrivalOrderInTheOperatorQueue) {
  auto chat = define(external_definition());
  auto a = open(chat, customer_of(contact_id{0}), 1s);
  auto b = open(chat, customer_of(contact_id{1}), 2s);
  auto c = open(chat, customer_of(contact_id{2}), 3s);
  EXPECT_EQ(positions({a, b, c}), (std::vector<std::size_t>{0, 1, 2}));
  auto st = standing(b);
  EXPECT_EQ(st.session, b);
  EXPECT_EQ(st.chat, chat);
  EXPECT_FALSE(st.expert_group.valid());
  EXPECT_FALSE(st.target_user.valid());
  EXPECT_EQ(st.waiting, 3u);
}

TEST_F(RouterStanding, NobodyOnlineGivesNoSlotsAndNoExpectedWait) {
  auto chat = busy_external(120s);
  ASSERT_TRUE(r.set_status(at(200s), o1, operator_status::offline));
  ASSERT_TRUE(r.set_status(at(200s), o2, operator_status::away));
  auto s = open(chat, customer_of(contact_id{0}), 201s);
  auto st = standing(s);
  EXPECT_EQ(st.slots, 0u);
  EXPECT_EQ(st.mean_handle, 120s);
  EXPECT_EQ(st.expected_wait, std::nullopt);
}

TEST_F(RouterStanding, NoExpectedWaitBeforeAnySessionOfTheQueueEnded) {
  auto chat = define(external_definition());
  online(o1);
  open(chat, customer_of(contact_id{0}), 1s); // o1 takes it
  auto s = open(chat, customer_of(contact_id{1}), 2s);
  auto st = standing(s);
  EXPECT_EQ(st.slots, 1u);
  EXPECT_EQ(st.mean_handle, std::nullopt);
  EXPECT_EQ(st.expected_wait, std::nullopt);
}

TEST_F(RouterStanding, ExpectedWaitIsOneDepartureIntervalPerPlace) {
  auto chat = busy_external(100s);              // handle 100 s, two slots
  open(chat, customer_of(contact_id{0}), 101s); // o1
  open(chat, customer_of(contact_id{1}), 102s); // o2
  auto a = open(chat, customer_of(contact_id{2}), 103s);
  auto b = open(chat, customer_of(contact_id{3}), 104s);
  EXPECT_EQ(standing(a).slots, 2u);
  EXPECT_EQ(standing(a).expected_wait, 50s);
  EXPECT_EQ(standing(b).expected_wait, 100s);
}

TEST_F(RouterStanding, SlotsCountTheChatsCapacity) {
  auto def = external_definition();
  def.capacity = 2;
  auto chat = define(def);
  online(o1);
  online(o2);
  online(o3);
  std::vector<session_id> held;
  for (std::uint32_t i = 0; i < 6; ++i)
    held.push_back(open(chat, customer_of(contact_id{i}), 1s));
  ASSERT_TRUE(r.close_session(at(61s), o1, held[0])); // handle 60 s
  open(chat, customer_of(contact_id{10}), 62s);       // refills o1
  auto s = open(chat, customer_of(contact_id{11}), 63s);
  auto st = standing(s);
  EXPECT_EQ(st.slots, 6u);
  EXPECT_EQ(st.expected_wait, 10s);
}

TEST_F(RouterStanding, PositionDecreasesAsSessionsAheadAreServed) {
  auto chat = busy_external(100s);
  auto held1 = open(chat, customer_of(contact_id{0}), 101s);
  open(chat, customer_of(contact_id{1}), 102s);
  auto a = open(chat, customer_of(contact_id{2}), 103s);
  auto b = open(chat, customer_of(contact_id{3}), 104s);
  auto c = open(chat, customer_of(contact_id{4}), 105s);
  ASSERT_EQ(standing(c).position, 2u);
  ASSERT_TRUE(r.close_session(at(201s), o1, held1)); // handle 100 s
  EXPECT_EQ(holder_of(a), o1);
  EXPECT_EQ(positions({b, c}), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(standing(c).waiting, 2u);
  EXPECT_EQ(standing(c).expected_wait, 100s);
}

TEST_F(RouterStanding, PositionDecreasesWhenASessionAheadAbandons) {
  auto chat = define(external_definition());
  auto a = open(chat, customer_of(contact_id{0}), 1s);
  auto b = open(chat, customer_of(contact_id{1}), 2s);
  auto c = open(chat, customer_of(contact_id{2}), 3s);
  ASSERT_TRUE(r.leave(at(4s), customer_of(contact_id{0}), a));
  EXPECT_EQ(positions({b, c}), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(standing(c).waiting, 2u);
}

TEST_F(RouterStanding, RequeuedSessionStandsFirst) {
  auto chat = define(external_definition());
  online(o1);
  auto held = open(chat, customer_of(contact_id{0}), 1s);
  auto waits = open(chat, customer_of(contact_id{1}), 2s);
  ASSERT_EQ(standing(waits).position, 0u);
  ASSERT_TRUE(r.set_status(at(3s), o1, operator_status::offline));
  EXPECT_EQ(positions({held, waits}), (std::vector<std::size_t>{0, 1}));
}

TEST_F(RouterStanding, ExpertQueueHoldsTransfersInOrderBehindRequeuedOnes) {
  auto chat = define(internal_definition());
  online(o1);
  online(anna);
  auto first = open(chat, e1, 0s); // o1, then anna
  ASSERT_TRUE(r.transfer(at(10s), o1, first, accounting));
  ASSERT_EQ(holder_of(first), anna);
  auto second = open(chat, e1, 11s);
  ASSERT_TRUE(r.transfer(at(12s), o1, second, accounting));
  auto third = open(chat, e2, 13s);
  ASSERT_TRUE(r.transfer(at(14s), o1, third, accounting));
  EXPECT_EQ(positions({second, third}), (std::vector<std::size_t>{0, 1}));
  ASSERT_TRUE(r.set_status(at(20s), anna, operator_status::offline));
  EXPECT_EQ(positions({first, second, third}),
            (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(standing(first).expert_group, accounting);
  EXPECT_EQ(standing(first).slots, 0u); // nobody of accounting Online
}

TEST_F(RouterStanding, RequeueDiscardsTheInterruptedHandleTime) {
  auto chat = define(external_definition());
  online(o1);
  auto held = open(chat, customer_of(contact_id{0}), 1s);
  ASSERT_TRUE(r.set_status(at(50s), o1, operator_status::offline));
  EXPECT_EQ(standing(held).mean_handle, std::nullopt);
}

TEST_F(RouterStanding, ReassignmentContinuesTheHandleTime) {
  auto chat = define(external_definition());
  online(o1);
  online(o2);
  auto s = open(chat, customer_of(contact_id{0}), 0s); // o1
  ASSERT_TRUE(r.supervisor_assign(at(30s), sveta, s, o2));
  ASSERT_TRUE(r.close_session(at(90s), o2, s));
  open(chat, customer_of(contact_id{1}), 91s);
  open(chat, customer_of(contact_id{2}), 92s);
  auto waits = open(chat, customer_of(contact_id{3}), 93s);
  EXPECT_EQ(standing(waits).mean_handle, 90s);
}

TEST_F(RouterStanding, CustomerLeavingAnActiveSessionEndsItsHandleTime) {
  auto chat = define(external_definition());
  online(o1);
  auto s = open(chat, customer_of(contact_id{0}), 0s);
  ASSERT_TRUE(r.leave(at(40s), customer_of(contact_id{0}), s));
  open(chat, customer_of(contact_id{1}), 41s);
  auto waits = open(chat, customer_of(contact_id{2}), 42s);
  EXPECT_EQ(standing(waits).mean_handle, 40s);
  EXPECT_EQ(standing(waits).expected_wait, 40s);
}

TEST_F(RouterStanding, HandleBeforeATransferCountsForTheQueueItWasServedFrom) {
  auto chat = define(internal_definition());
  online(o1);
  online(anna);
  auto first = open(chat, e1, 0s); // o1
  ASSERT_TRUE(r.transfer(at(60s), o1, first, accounting));
  ASSERT_EQ(holder_of(first), anna);
  auto second = open(chat, e1, 61s); // o1
  auto third = open(chat, e2, 62s);  // waits for o1
  EXPECT_EQ(standing(third).mean_handle, 60s);
  ASSERT_TRUE(r.transfer(at(91s), o1, second, accounting)); // 30 s with o1
  ASSERT_EQ(holder_of(third), o1);
  // second waits for anna; nothing served from the expert queue has ended.
  auto st = standing(second);
  EXPECT_EQ(st.expert_group, accounting);
  EXPECT_EQ(st.slots, 1u);
  EXPECT_EQ(st.mean_handle, std::nullopt);
  ASSERT_TRUE(r.close_session(at(160s), anna, first)); // 100 s with anna
  ASSERT_EQ(holder_of(second), anna);
  ASSERT_TRUE(r.transfer(at(170s), o1, third, accounting));
  EXPECT_EQ(standing(third).mean_handle, 100s);
  EXPECT_EQ(standing(third).expected_wait, 100s);
}

TEST_F(RouterStanding, PersonalTransfersStandAmongTheirExpertsOwn) {
  auto chat = define(internal_definition());
  online(o1);
  online(anna);
  online(boris);
  auto first = open(chat, e1, 0s); // o1
  ASSERT_TRUE(r.transfer(at(10s), o1, first, accounting, anna));
  ASSERT_EQ(holder_of(first), anna);
  auto a = open(chat, e1, 11s);
  ASSERT_TRUE(r.transfer(at(12s), o1, a, accounting, anna));
  auto b = open(chat, e2, 13s);
  ASSERT_TRUE(r.transfer(at(14s), o1, b, accounting, anna));
  EXPECT_EQ(positions({a, b}), (std::vector<std::size_t>{0, 1}));
  auto st = standing(b);
  EXPECT_EQ(st.expert_group, accounting);
  EXPECT_EQ(st.target_user, anna);
  EXPECT_EQ(st.waiting, 2u);
  EXPECT_EQ(st.slots, 1u); // anna alone; boris, free, does not count
  ASSERT_TRUE(r.set_status(at(15s), anna, operator_status::away));
  EXPECT_EQ(standing(b).slots, 0u);
  EXPECT_EQ(standing(b).expected_wait, std::nullopt);
}

TEST_F(RouterStanding, StandingsListAChatsWaitingSessionsQueueByQueue) {
  auto chat = define(internal_definition());
  auto other = define(external_definition());
  online(o1);
  online(anna);
  auto first = open(chat, e1, 0s); // o1
  ASSERT_TRUE(r.transfer(at(10s), o1, first, accounting));
  auto personal = open(chat, e1, 11s); // o1
  ASSERT_TRUE(r.transfer(at(12s), o1, personal, accounting, anna));
  auto grouped = open(chat, e2, 13s); // o1
  ASSERT_TRUE(r.transfer(at(14s), o1, grouped, accounting));
  open(chat, e1, 15s); // o1
  auto main1 = open(chat, e2, 16s);
  auto main2 = open(chat, e1, 17s);
  open(other, customer_of(contact_id{0}), 18s); // another chat's queue
  auto all = r.standings(chat);
  std::vector<session_id> order;
  for (const auto& st : all) {
    order.push_back(st.session);
    EXPECT_EQ(st, standing(st.session));
  }
  EXPECT_EQ(order, (std::vector{main1, main2, grouped, personal}));
  EXPECT_EQ(all.size(), r.waiting_count(chat));
  std::vector<queue_standing> reused{all.front()};
  r.standings(other, reused);
  ASSERT_EQ(reused.size(), 1u);
  EXPECT_EQ(reused[0].chat, other);
}

} // namespace router_standing_test
} // namespace livechat::testing
