// Serving order across the queues one change makes servable: requeued
// sessions first, then transfers, then by how long they have waited; never
// queue by queue in the order the chats were defined.
#include "core/contacts.hpp"
#include "router_fixture.hpp"

namespace livechat::testing {
namespace router_serving_order_test {

using RouterServingOrder = router_fixture;

/// The sessions assigned in `log` from index `from` on, in order.
std::vector<session_id> assigned_since(const std::vector<session_event>& log,
                                       std::size_t from) {
  std::vector<session_id> out;
  for (auto i = from; i < log.size(); ++i)
    if (log[i].kind == session_event_kind::assigned)
      out.push_back(log[i].session);
  return out;
}

TEST_F(RouterServingOrder,
       AddedMemberTakesTheLongestWaitingSessionsAcrossChats) {
  // `external` is defined first, so its queue comes first in the router; the
  // longest waiting sessions are still served first, whichever chat.
  auto external = external_definition();
  external.capacity = 2;
  auto ext = define(external);
  auto internal = internal_definition();
  internal.capacity = 2;
  auto in = define(internal);
  online(anna); // an accountant, not yet a general operator
  auto int_oldest = open(in, e1, 1s);
  auto ext_second = open(ext, customer_of(contact_id{0}), 2s);
  auto int_third = open(in, e2, 3s);
  auto ext_newest = open(ext, customer_of(contact_id{1}), 4s);
  drain();
  auto before = log.size();
  ASSERT_TRUE(r.add_member(at(5s), admin, general, anna));
  drain();
  // Room for two: the two that waited longest, oldest first.
  EXPECT_EQ(assigned_since(log, before), (std::vector{int_oldest, ext_second}));
  EXPECT_EQ(holder_of(int_oldest), anna);
  EXPECT_EQ(holder_of(ext_second), anna);
  EXPECT_FALSE(holder_of(int_third).valid());
  EXPECT_FALSE(holder_of(ext_newest).valid());
  EXPECT_EQ(r.waiting_count(in), 1u);
  EXPECT_EQ(r.waiting_count(ext), 1u);
}

TEST_F(RouterServingOrder, AddedMemberTakesARequeuedSessionBeforeOlderNewOnes) {
  // Both chats list `shared` among their operator groups.
  auto shared = group("shared", {});
  auto external = external_definition();
  external.operator_groups = {general, shared};
  auto ext = define(external);
  auto internal = internal_definition();
  internal.operator_groups = {hr, shared};
  auto in = define(internal);
  // Nobody Online: it waits.
  auto ext_waits = open(ext, customer_of(contact_id{0}), 1s);
  online(hanna, 2s);
  auto requeued = open(in, e1, 3s); // hanna takes it
  ASSERT_EQ(holder_of(requeued), hanna);
  ASSERT_TRUE(r.set_status(at(4s), hanna, operator_status::offline));
  ASSERT_FALSE(holder_of(requeued).valid());
  online(anna, 5s);
  drain();
  auto before = log.size();
  ASSERT_TRUE(r.add_member(at(6s), admin, shared, anna));
  drain();
  // Requeued first, although it arrived after ext_waits started waiting.
  EXPECT_EQ(assigned_since(log, before), std::vector{requeued});
  EXPECT_EQ(holder_of(requeued), anna);
  EXPECT_FALSE(holder_of(ext_waits).valid());
}

TEST_F(RouterServingOrder,
       RequeuedSessionGoesAheadOfALongerWaitingOneInItsQueue) {
  // Under `manual` a later session can be taken first; requeued, it goes
  // back to the front of its queue, ahead of the one still waiting.
  auto chat = define(internal_definition(routing_policy_kind::manual));
  online(o1);
  auto waits = open(chat, e1, 1s);
  auto taken = open(chat, e2, 2s);
  ASSERT_TRUE(r.supervisor_assign(at(3s), sveta, taken, o1));
  ASSERT_TRUE(r.set_status(at(4s), o1, operator_status::offline));
  auto snap = r.snapshot(sveta, chat);
  ASSERT_TRUE(snap);
  ASSERT_EQ(snap->waiting.size(), 2u);
  EXPECT_EQ(snap->waiting[0].id, taken);
  EXPECT_EQ(snap->waiting[1].id, waits);
}

TEST_F(RouterServingOrder,
       OfflineOperatorsSessionsAreHandedOnOldestArrivalFirst) {
  auto internal = internal_definition();
  internal.capacity = 2;
  auto external = external_definition(); // fixed_order: o1 first
  external.capacity = 2;
  auto in = define(internal);
  auto ext = define(external);
  online(o3);
  auto oldest = open(in, e1, 1s); // o3, arrived 1 s
  online(o1, 2s);
  auto newer = open(ext, customer_of(contact_id{0}), 3s); // o1, arrived 3 s
  ASSERT_EQ(holder_of(newer), o1);
  ASSERT_EQ(holder_of(oldest), o3);
  ASSERT_TRUE(r.supervisor_assign(at(4s), sveta, oldest, o1));
  ASSERT_EQ(r.snapshot(sveta, in)->operators[0].sessions,
            (std::vector{newer, oldest})); // o1: assignment order
  ASSERT_TRUE(r.set_status(at(5s), o3, operator_status::offline));
  online(o2, 6s);
  // o2: room for one more.
  auto filler = open(ext, customer_of(contact_id{1}), 7s);
  ASSERT_EQ(holder_of(filler), o2);
  drain();
  auto before = log.size();
  ASSERT_TRUE(r.set_status(at(10s), o1, operator_status::offline));
  drain();
  // Both are requeued, in o1's order; o2 takes the one that arrived first.
  EXPECT_EQ(assigned_since(log, before), std::vector{oldest});
  EXPECT_EQ(holder_of(oldest), o2);
  EXPECT_FALSE(holder_of(newer).valid());
  EXPECT_EQ(r.waiting_count(ext), 1u);
  // The next free place goes to the other requeued one.
  ASSERT_TRUE(r.close_session(at(11s), o2, filler));
  EXPECT_EQ(holder_of(newer), o2);
}

} // namespace router_serving_order_test
} // namespace livechat::testing
