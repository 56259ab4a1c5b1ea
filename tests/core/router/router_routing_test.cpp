#include "core/contacts.hpp"
#include "router_fixture.hpp"

#include <algorithm>
#include <string>

namespace livechat::testing {
namespace router_routing_test {

using RouterRouting = router_fixture;

TEST_F(RouterRouting, ArrivingSessionGoesToAFreeOnlineOperator) {
  auto chat = define(internal_definition());
  online(o2);
  auto ticket = r.open_session(at(5s), e1, chat);
  ASSERT_TRUE(ticket);
  EXPECT_EQ(ticket->state, session_state::assigned);
  EXPECT_EQ(holder_of(ticket->id), o2);
  EXPECT_EQ(r.load_of(o2), 1);
  EXPECT_EQ(kinds_of(ticket->id), (std::vector{session_event_kind::queued,
                                               session_event_kind::assigned}));
}

TEST_F(RouterRouting, SessionWaitsWhileNobodyIsOnline) {
  auto chat = define(internal_definition());
  auto ticket = r.open_session(at(5s), e1, chat);
  ASSERT_TRUE(ticket);
  EXPECT_EQ(ticket->state, session_state::waiting);
  EXPECT_EQ(r.waiting_count(chat), 1u);
}

TEST_F(RouterRouting, OperatorComingOnlineTakesWaitingSessionsInArrivalOrder) {
  auto def = internal_definition();
  def.capacity = 2;
  auto chat = define(def);
  auto first = open(chat, e1, 1s);
  auto second = open(chat, e2, 2s);
  auto third = open(chat, e1, 3s);
  online(o1, 10s);
  EXPECT_EQ(holder_of(first), o1);
  EXPECT_EQ(holder_of(second), o1);
  EXPECT_FALSE(holder_of(third).valid());
  EXPECT_EQ(r.load_of(o1), 2);
  EXPECT_EQ(r.waiting_count(chat), 1u);
}

TEST_F(RouterRouting, ClosingFreesCapacityForTheNextWaitingSession) {
  auto chat = define(internal_definition());
  online(o1);
  auto first = open(chat, e1, 1s);
  auto second = open(chat, e2, 2s);
  EXPECT_FALSE(holder_of(second).valid());
  ASSERT_TRUE(r.close_session(at(30s), o1, first));
  EXPECT_EQ(holder_of(second), o1);
  EXPECT_EQ(r.load_of(o1), 1);
  EXPECT_EQ(r.find_session(first), nullptr);
}

TEST_F(RouterRouting, OperatorNeverExceedsCapacity) {
  auto def = external_definition();
  def.capacity = 2;
  auto chat = define(def);
  online(o1);
  for (int i = 0; i < 5; ++i)
    open(chat, customer_of(contact_id{static_cast<std::uint32_t>(i)}), 1s);
  EXPECT_EQ(r.load_of(o1), 2);
  EXPECT_EQ(r.waiting_count(chat), 3u);
}

TEST_F(RouterRouting, QueueLimitRejectsTheSessionBeyondIt) {
  auto def = external_definition();
  def.queue_limit = 2;
  auto chat = define(def);
  open(chat, customer_of(contact_id{0}), 1s);
  open(chat, customer_of(contact_id{1}), 2s);
  auto third = r.open_session(at(3s), customer_of(contact_id{2}), chat);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->state, session_state::rejected);
  EXPECT_EQ(kinds_of(third->id), std::vector{session_event_kind::rejected});
  EXPECT_EQ(log.back().reason, transition_reason::queue_full);
  EXPECT_EQ(r.waiting_count(chat), 2u);
  EXPECT_EQ(r.find_session(third->id), nullptr);
}

TEST_F(RouterRouting, NobodyOnlineRejectsWhenTheChatAsksForIt) {
  auto def = external_definition();
  def.reject_when_nobody_online = true;
  auto chat = define(def);
  auto ticket = r.open_session(at(1s), customer_of(contact_id{0}), chat);
  ASSERT_TRUE(ticket);
  EXPECT_EQ(ticket->state, session_state::rejected);
  drain();
  EXPECT_EQ(log.back().reason, transition_reason::nobody_online);
  online(o1, 2s);
  EXPECT_EQ(r.open_session(at(3s), customer_of(contact_id{1}), chat)->state,
            session_state::assigned);
}

TEST_F(RouterRouting, OneOperatorHasOneCapacityAcrossChats) {
  auto internal = define(internal_definition());
  auto external = define(external_definition());
  online(o1);
  auto a = open(internal, e1, 1s);
  auto b = open(external, customer_of(contact_id{0}), 2s);
  EXPECT_EQ(holder_of(a), o1);
  EXPECT_FALSE(holder_of(b).valid());
  EXPECT_EQ(r.load_of(o1), 1);
}

TEST_F(RouterRouting, FreedOperatorTakesTheLongestWaitingSessionAmongItsChats) {
  auto internal = define(internal_definition());
  auto external = define(external_definition());
  online(o1);
  auto busy = open(internal, e1, 1s);
  auto ext_early = open(external, customer_of(contact_id{0}), 2s);
  auto int_late = open(internal, e2, 3s);
  ASSERT_TRUE(r.close_session(at(10s), o1, busy));
  EXPECT_EQ(holder_of(ext_early), o1);
  EXPECT_FALSE(holder_of(int_late).valid());
}

TEST_F(RouterRouting, AwayOperatorKeepsSessionsButGetsNoNewOnes) {
  auto chat = define(external_definition());
  online(o1);
  auto held = open(chat, customer_of(contact_id{0}), 1s);
  ASSERT_TRUE(r.set_status(at(2s), o1, operator_status::away));
  auto next = open(chat, customer_of(contact_id{1}), 3s);
  EXPECT_EQ(r.find_session(held)->state(), session_state::assigned);
  EXPECT_FALSE(holder_of(next).valid());
  ASSERT_TRUE(r.close_session(at(4s), o1, held));
  EXPECT_FALSE(holder_of(next).valid());
  online(o1, 5s);
  EXPECT_EQ(holder_of(next), o1);
}

TEST_F(RouterRouting, LeastBusySpreadsSessionsOverOperators) {
  auto def = external_definition(routing_policy_kind::least_busy);
  def.capacity = 3;
  auto chat = define(def);
  online(o1);
  online(o2);
  online(o3);
  for (int i = 0; i < 6; ++i)
    open(chat, customer_of(contact_id{static_cast<std::uint32_t>(i)}), 1s);
  EXPECT_EQ(r.load_of(o1), 2);
  EXPECT_EQ(r.load_of(o2), 2);
  EXPECT_EQ(r.load_of(o3), 2);
}

TEST_F(RouterRouting, FixedOrderLoadsTheFirstOperatorsFirst) {
  auto def = external_definition(routing_policy_kind::fixed_order);
  def.capacity = 3;
  auto chat = define(def);
  online(o1);
  online(o2);
  online(o3);
  for (int i = 0; i < 4; ++i)
    open(chat, customer_of(contact_id{static_cast<std::uint32_t>(i)}), 1s);
  EXPECT_EQ(r.load_of(o1), 3);
  EXPECT_EQ(r.load_of(o2), 1);
  EXPECT_EQ(r.load_of(o3), 0);
}

TEST_F(RouterRouting, RoundRobinTakesTurnsEvenWhenEarlierOperatorsAreFree) {
  auto chat = define(external_definition(routing_policy_kind::round_robin));
  online(o1);
  online(o2);
  online(o3);
  std::vector<operator_id> holders;
  for (int i = 0; i < 4; ++i) {
    auto s = open(chat, customer_of(contact_id{static_cast<std::uint32_t>(i)}),
                  duration{i * 10s});
    holders.push_back(holder_of(s));
    ASSERT_TRUE(r.close_session(at(i * 10s + 5s), holders.back(), s));
  }
  EXPECT_EQ(holders, (std::vector{o1, o2, o3, o1}));
}

TEST_F(RouterRouting, LongestIdleGivesTheSessionToWhoWaitedLongest) {
  auto chat = define(external_definition(routing_policy_kind::longest_idle));
  online(o1, 0s);
  online(o2, 1s);
  online(o3, 2s);
  auto a = open(chat, customer_of(contact_id{0}), 10s);
  EXPECT_EQ(holder_of(a), o1);
  ASSERT_TRUE(r.close_session(at(11s), o1, a));
  auto b = open(chat, customer_of(contact_id{1}), 12s);
  EXPECT_EQ(holder_of(b), o2);
}

TEST_F(RouterRouting, ManualPolicyLeavesSessionsWaitingForASupervisor) {
  auto chat = define(internal_definition(routing_policy_kind::manual));
  online(o1);
  auto s = open(chat, e1, 1s);
  EXPECT_FALSE(holder_of(s).valid());
  EXPECT_EQ(r.close_session(at(2s), sveta, s).error(),
            errc::illegal_transition);
  online(o2, 3s);
  EXPECT_FALSE(holder_of(s).valid());
  ASSERT_TRUE(r.supervisor_assign(at(4s), sveta, s, o2));
  EXPECT_EQ(holder_of(s), o2);
  drain();
  EXPECT_EQ(log.back().reason, transition_reason::supervisor_assign);
  EXPECT_EQ(log.back().actor, sveta);
}

TEST_F(RouterRouting, AddingAMemberMakesItEligibleForWaitingSessions) {
  auto chat = define(external_definition());
  online(anna);
  auto s = open(chat, customer_of(contact_id{0}), 1s);
  EXPECT_FALSE(holder_of(s).valid());
  ASSERT_TRUE(r.add_member(at(2s), admin, general, anna));
  EXPECT_EQ(holder_of(s), anna);
}

TEST_F(RouterRouting, RemovedMemberGetsNoNewSessionsButKeepsItsOwn) {
  auto chat = define(external_definition());
  online(o1);
  auto held = open(chat, customer_of(contact_id{0}), 1s);
  ASSERT_TRUE(r.remove_member(at(2s), admin, general, o1));
  ASSERT_TRUE(r.close_session(at(3s), o1, held));
  auto next = open(chat, customer_of(contact_id{1}), 4s);
  EXPECT_FALSE(holder_of(next).valid());
}

TEST_F(RouterRouting, NobodyOnlineCountsAwayOperatorsAsNotOnline) {
  // Away operators take no new sessions, so they do not keep the chat open.
  auto def = external_definition();
  def.reject_when_nobody_online = true;
  auto chat = define(def);
  ASSERT_TRUE(r.set_status(at(0s), o1, operator_status::away));
  auto while_away = r.open_session(at(1s), customer_of(contact_id{0}), chat);
  ASSERT_TRUE(while_away);
  EXPECT_EQ(while_away->state, session_state::rejected);
  drain();
  EXPECT_EQ(log.back().reason, transition_reason::nobody_online);
  online(o1, 2s);
  auto accepted = r.open_session(at(3s), customer_of(contact_id{1}), chat);
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->state, session_state::assigned);
  EXPECT_EQ(holder_of(accepted->id), o1);
  // Online but busy still counts: the next one waits.
  auto waits = r.open_session(at(4s), customer_of(contact_id{2}), chat);
  ASSERT_TRUE(waits);
  EXPECT_EQ(waits->state, session_state::waiting);
}

TEST_F(RouterRouting, NobodyOnlineCountsOnlyTheChatsOperatorGroups) {
  auto def = internal_definition();
  def.reject_when_nobody_online = true;
  auto chat = define(def);
  online(anna); // an expert of the chat, not one of its operators
  auto ticket = r.open_session(at(1s), e1, chat);
  ASSERT_TRUE(ticket);
  EXPECT_EQ(ticket->state, session_state::rejected);
}

TEST_F(RouterRouting, CreatingAGroupDoesNotRestartARoundRobinRotation) {
  auto chat = define(external_definition(routing_policy_kind::round_robin));
  online(o1);
  online(o2);
  online(o3);
  std::vector<operator_id> holders;
  for (int i = 0; i < 4; ++i) {
    auto s = open(chat, customer_of(contact_id{static_cast<std::uint32_t>(i)}),
                  duration{i * 10s});
    holders.push_back(holder_of(s));
    ASSERT_TRUE(r.close_session(at(i * 10s + 5s), holders.back(), s));
    if (i == 1) {
      // Administrative changes that touch no group of the chat.
      ASSERT_TRUE(r.create_group(at(i * 10s + 6s), admin, "sales",
                                 std::vector<user_id>{o1, o2}));
      ASSERT_TRUE(r.add_member(at(i * 10s + 7s), admin, hr, o1));
    }
  }
  EXPECT_EQ(holders, (std::vector{o1, o2, o3, o1}));
}

TEST_F(RouterRouting, ChangingTheChatsGroupRestartsItsRoundRobinRotation) {
  // Documented: the queues whose groups changed restart their policies.
  auto chat = define(external_definition(routing_policy_kind::round_robin));
  online(o1);
  online(o2);
  online(o3);
  std::vector<operator_id> holders;
  for (int i = 0; i < 3; ++i) {
    auto s = open(chat, customer_of(contact_id{static_cast<std::uint32_t>(i)}),
                  duration{i * 10s});
    holders.push_back(holder_of(s));
    ASSERT_TRUE(r.close_session(at(i * 10s + 5s), holders.back(), s));
    if (i == 1) { // anna joins general (Offline): the rotation starts over
      ASSERT_TRUE(r.add_member(at(i * 10s + 6s), admin, general, anna));
    }
  }
  EXPECT_EQ(holders, (std::vector{o1, o2, o1}));
}

/// Who a `random` chat gives 40 sessions to, one at a time, among 8 Online
/// operators, with the chat's seed `seed`.
std::vector<operator_id> random_assignments(std::uint64_t seed) {
  router rr{directory{"admin"}};
  auto admin = rr.dir().find_user("admin").value();
  std::vector<user_id> ops;
  for (int i = 0; i < 8; ++i)
    ops.push_back(rr.add_user("op" + std::to_string(i)).value());
  auto pool = rr.create_group(at(0s), admin, "pool", ops).value();
  live_chat_definition def;
  def.name = "web";
  def.operator_groups = {pool};
  def.channel = "web";
  def.routing = routing_policy_kind::random;
  def.seed = seed;
  auto chat = rr.define_live_chat(at(0s), admin, def).value();
  for (auto op : ops)
    EXPECT_TRUE(rr.set_status(at(0s), op, operator_status::online));
  std::vector<operator_id> out;
  for (std::uint32_t i = 0; i < 40; ++i) {
    auto t = at(std::chrono::seconds{i + 1});
    auto ticket = rr.open_session(t, customer_of(contact_id{i}), chat);
    EXPECT_TRUE(ticket && ticket->state == session_state::assigned);
    if (!ticket)
      break;
    out.push_back(rr.holder(ticket->id));
    EXPECT_TRUE(rr.close_session(t, out.back(), ticket->id));
  }
  return out;
}

TEST_F(RouterRouting, RandomPolicyRepeatsItsChoicesForTheSameSeed) {
  auto first = random_assignments(42);
  auto again = random_assignments(42);
  auto other = random_assignments(43);
  ASSERT_EQ(first.size(), 40u);
  EXPECT_EQ(first, again);
  EXPECT_NE(first, other);
  // Not a degenerate rotation: several operators, in no fixed cycle.
  std::vector<operator_id> distinct = first;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  EXPECT_GE(distinct.size(), 5u);
}

} // namespace router_routing_test
} // namespace livechat::testing
