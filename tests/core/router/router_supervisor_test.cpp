#include "router_fixture.hpp"

namespace livechat::testing {
namespace router_supervisor_test {

using RouterSupervisor = router_fixture;

TEST_F(RouterSupervisor, SnapshotShowsQueueAndOperatorsWithStatusAndLoad) {
  auto chat = define(internal_definition());
  online(o1);
  ASSERT_TRUE(r.set_status(at(0s), o2, operator_status::away));
  auto held = open(chat, e1, 1s);
  auto waiting = open(chat, e2, 2s);
  auto snap = r.snapshot(sveta, chat);
  ASSERT_TRUE(snap);
  ASSERT_EQ(snap->waiting.size(), 1u);
  EXPECT_EQ(snap->waiting[0].id, waiting);
  EXPECT_EQ(snap->waiting[0].queued_at, at(2s));
  EXPECT_FALSE(snap->waiting[0].expert_group.valid());
  // general o1 o2 o3, then accounting anna boris, then hr hanna.
  ASSERT_EQ(snap->operators.size(), 6u);
  EXPECT_EQ(snap->operators[0].id, o1);
  EXPECT_EQ(snap->operators[0].status, operator_status::online);
  EXPECT_EQ(snap->operators[0].load, 1);
  EXPECT_EQ(snap->operators[0].sessions, std::vector{held});
  EXPECT_EQ(snap->operators[1].status, operator_status::away);
  EXPECT_EQ(snap->operators[2].status, operator_status::offline);
  EXPECT_EQ(snap->operators[3].id, anna);
  EXPECT_EQ(snap->operators[5].id, hanna);
}

TEST_F(RouterSupervisor, SnapshotListsExpertQueuesAfterTheOperatorQueue) {
  auto chat = define(internal_definition());
  online(o1);
  online(o2);
  ASSERT_TRUE(r.set_status(at(0s), anna, operator_status::away));
  auto a = open(chat, e1, 1s);
  auto b = open(chat, e2, 2s);
  auto c = open(chat, e1, 3s);
  ASSERT_TRUE(r.transfer(at(4s), holder_of(a), a, hr));
  ASSERT_TRUE(r.transfer(at(5s), holder_of(b), b, accounting, anna));
  auto snap = r.snapshot(sveta, chat);
  ASSERT_TRUE(snap);
  ASSERT_EQ(snap->waiting.size(), 2u);
  EXPECT_EQ(snap->waiting[0].id, a);
  EXPECT_EQ(snap->waiting[0].expert_group, hr);
  EXPECT_EQ(snap->waiting[1].id, b);
  EXPECT_EQ(snap->waiting[1].target_user, anna);
  EXPECT_EQ(holder_of(c), o1); // freed by the transfer of a
}

TEST_F(RouterSupervisor, ReassignMovesAnActiveSessionToAnotherOperator) {
  auto chat = define(internal_definition());
  online(o1);
  auto s = open(chat, e1, 1s);
  online(o2, 2s);
  ASSERT_TRUE(r.supervisor_assign(at(3s), sveta, s, o2));
  EXPECT_EQ(holder_of(s), o2);
  EXPECT_EQ(r.load_of(o1), 0);
  EXPECT_EQ(r.load_of(o2), 1);
  const auto& e = log.back();
  EXPECT_EQ(e.reason, transition_reason::supervisor_reassign);
  EXPECT_EQ(e.previous_op, o1);
  EXPECT_EQ(e.assigned_at, at(1s)); // o1's handling span
}

TEST_F(RouterSupervisor, AssignToABusyOrOutsideOperatorIsRefused) {
  auto chat = define(internal_definition(routing_policy_kind::manual));
  online(o1);
  online(anna);
  auto a = open(chat, e1, 1s);
  auto b = open(chat, e2, 2s);
  ASSERT_TRUE(r.supervisor_assign(at(3s), sveta, a, o1));
  EXPECT_EQ(r.supervisor_assign(at(4s), sveta, b, o1).error(),
            errc::not_eligible); // o1 at capacity 1
  EXPECT_EQ(r.supervisor_assign(at(4s), sveta, b, anna).error(),
            errc::not_eligible); // anna is not a general operator
  EXPECT_EQ(r.supervisor_assign(at(4s), sveta, b, o2).error(),
            errc::not_eligible); // o2 is offline
  EXPECT_EQ(r.supervisor_assign(at(4s), sveta, a, o1).error(),
            errc::invalid_argument); // already holds it
}

} // namespace router_supervisor_test
} // namespace livechat::testing
