#include "core/contacts.hpp"
#include "router_fixture.hpp"

namespace livechat::testing {
namespace router_offline_test {

using RouterOffline = router_fixture;

TEST_F(RouterOffline, RequeuePutsSessionsBackAtTheFrontOfTheirQueue) {
  auto chat = define(internal_definition()); // requeue is the default
  online(o1);
  auto held = open(chat, e1, 1s);
  auto waiting = open(chat, e2, 2s);
  ASSERT_TRUE(r.set_status(at(5s), o1, operator_status::offline));
  EXPECT_EQ(r.load_of(o1), 0);
  EXPECT_EQ(r.find_session(held)->state(), session_state::waiting);
  EXPECT_EQ(r.find_session(held)->arrived(), at(1s));
  online(o2, 6s);
  EXPECT_EQ(holder_of(held), o2); // ahead of the session that never left
  EXPECT_FALSE(holder_of(waiting).valid());
  auto requeued = std::find_if(log.begin(), log.end(), [&](const auto& e) {
    return e.session == held && e.reason == transition_reason::operator_offline;
  });
  ASSERT_NE(requeued, log.end());
  EXPECT_EQ(requeued->kind, session_event_kind::queued);
  EXPECT_EQ(requeued->op, o1);
  EXPECT_EQ(requeued->assigned_at, at(1s));
}

TEST_F(RouterOffline, RequeuedSessionGoesToAnotherFreeOperatorAtOnce) {
  auto chat = define(internal_definition());
  online(o1);
  auto held = open(chat, e1, 1s);
  online(o2, 2s);
  ASSERT_TRUE(r.set_status(at(5s), o1, operator_status::offline));
  EXPECT_EQ(holder_of(held), o2);
}

TEST_F(RouterOffline, KeepLeavesSessionsWithTheOperator) {
  auto def = internal_definition();
  def.on_offline = offline_policy::keep;
  auto chat = define(def);
  online(o1);
  auto held = open(chat, e1, 1s);
  ASSERT_TRUE(r.set_status(at(5s), o1, operator_status::offline));
  EXPECT_EQ(r.find_session(held)->state(), session_state::assigned);
  EXPECT_EQ(r.load_of(o1), 1);
  EXPECT_TRUE(r.close_session(at(6s), o1, held));
}

TEST_F(RouterOffline, CloseEndsTheOperatorsSessions) {
  auto def = internal_definition();
  def.on_offline = offline_policy::close;
  auto chat = define(def);
  online(o1);
  auto held = open(chat, e1, 1s);
  ASSERT_TRUE(r.set_status(at(5s), o1, operator_status::offline));
  EXPECT_EQ(r.find_session(held), nullptr);
  EXPECT_EQ(r.load_of(o1), 0);
  drain();
  EXPECT_EQ(log.back().kind, session_event_kind::closed);
  EXPECT_EQ(log.back().reason, transition_reason::operator_offline);
}

TEST_F(RouterOffline, EachSessionFollowsItsOwnChatsPolicy) {
  auto internal = internal_definition();
  internal.capacity = 2;
  internal.on_offline = offline_policy::close;
  auto external = external_definition();
  external.capacity = 2;
  external.on_offline = offline_policy::keep;
  auto ci = define(internal);
  auto ce = define(external);
  online(o1);
  auto a = open(ci, e1, 1s);
  auto b = open(ce, customer_of(contact_id{0}), 2s);
  ASSERT_TRUE(r.set_status(at(5s), o1, operator_status::offline));
  EXPECT_EQ(r.find_session(a), nullptr);
  EXPECT_EQ(r.find_session(b)->state(), session_state::assigned);
}

TEST_F(RouterOffline, StatusEventsCarryTheOperatorsCapacity) {
  auto def = external_definition();
  def.capacity = 3;
  define(def);
  online(o1, 4s);
  auto events = r.take_events();
  const status_event* last = nullptr;
  for (const auto& e : events)
    if (auto* s = std::get_if<status_event>(&e))
      last = s;
  ASSERT_NE(last, nullptr);
  EXPECT_EQ(last->op, o1);
  EXPECT_EQ(last->status, operator_status::online);
  EXPECT_EQ(last->capacity, 3);
  EXPECT_EQ(last->at, at(4s));
}

} // namespace router_offline_test
} // namespace livechat::testing
