#include "core/session_rules.hpp"

#include <gtest/gtest.h>

namespace session_rules_test {

using livechat::errc;
using livechat::operator_id;
using livechat::session_event;
using livechat::session_event_kind;
using livechat::user_id;
using kind = session_event_kind;

const user_id customer{10};
const operator_id olga{20};
const operator_id oleg{21};

session_event event(kind k, operator_id op = {}, operator_id previous = {}) {
  session_event e{};
  e.kind = k;
  e.customer = customer;
  e.op = op;
  e.previous_op = previous;
  return e;
}

TEST(SessionRules, OnlyClosedAbandonedAndRejectedEndASession) {
  EXPECT_FALSE(livechat::ends_session(kind::queued));
  EXPECT_FALSE(livechat::ends_session(kind::assigned));
  EXPECT_FALSE(livechat::ends_session(kind::transferred));
  EXPECT_TRUE(livechat::ends_session(kind::closed));
  EXPECT_TRUE(livechat::ends_session(kind::abandoned));
  EXPECT_TRUE(livechat::ends_session(kind::rejected));
}

TEST(SessionRules, OnlyAnAssignmentLeavesTheSessionHeld) {
  EXPECT_EQ(livechat::holder_after(event(kind::assigned, olga)), olga);
  EXPECT_EQ(livechat::holder_after(event(kind::assigned, olga, oleg)), olga);
  EXPECT_FALSE(livechat::holder_after(event(kind::closed, olga)).valid());
  EXPECT_FALSE(livechat::holder_after(event(kind::transferred, olga)).valid());
  EXPECT_FALSE(livechat::holder_after(event(kind::queued, olga)).valid());
}

TEST(SessionRules, ReassignmentReleasesThePreviousHolder) {
  EXPECT_EQ(livechat::released_by(event(kind::assigned, olga, oleg)), oleg);
  EXPECT_FALSE(livechat::released_by(event(kind::assigned, olga)).valid());
}

TEST(SessionRules, CloseTransferAndRequeueReleaseTheHolderUntilNow) {
  EXPECT_EQ(livechat::released_by(event(kind::closed, olga)), olga);
  EXPECT_EQ(livechat::released_by(event(kind::transferred, olga)), olga);
  EXPECT_EQ(livechat::released_by(event(kind::queued, olga)), olga);
  EXPECT_FALSE(livechat::released_by(event(kind::queued)).valid());
  EXPECT_FALSE(livechat::released_by(event(kind::abandoned)).valid());
  EXPECT_FALSE(livechat::released_by(event(kind::rejected)).valid());
}

TEST(SessionRules, CapacityIsFreedByCloseTransferAndRequeue) {
  EXPECT_TRUE(livechat::frees_capacity(event(kind::closed, olga)));
  EXPECT_TRUE(livechat::frees_capacity(event(kind::transferred, olga)));
  EXPECT_TRUE(livechat::frees_capacity(event(kind::queued, olga)));
}

TEST(SessionRules, CapacityIsNotFreedByArrivalsAssignmentsOrQueueExits) {
  EXPECT_FALSE(livechat::frees_capacity(event(kind::queued)));
  EXPECT_FALSE(livechat::frees_capacity(event(kind::assigned, olga)));
  EXPECT_FALSE(livechat::frees_capacity(event(kind::assigned, olga, oleg)));
  EXPECT_FALSE(livechat::frees_capacity(event(kind::abandoned)));
  EXPECT_FALSE(livechat::frees_capacity(event(kind::rejected)));
}

TEST(SessionRules, CustomerMessageGoesToTheHolder) {
  auto route = livechat::route_message(customer, customer, olga);
  ASSERT_TRUE(route);
  EXPECT_TRUE(route->from_customer);
  EXPECT_EQ(route->to, olga);
}

TEST(SessionRules, CustomerMayWriteWhileWaitingAndNobodyReadsIt) {
  auto route = livechat::route_message(customer, customer, operator_id{});
  ASSERT_TRUE(route);
  EXPECT_TRUE(route->from_customer);
  EXPECT_FALSE(route->to.valid());
}

TEST(SessionRules, HolderMessageGoesToTheCustomer) {
  auto route = livechat::route_message(olga, customer, olga);
  ASSERT_TRUE(route);
  EXPECT_FALSE(route->from_customer);
  EXPECT_EQ(route->to, customer);
}

TEST(SessionRules, NobodyElseMayWriteIntoASession) {
  auto other = livechat::route_message(oleg, customer, olga);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error(), errc::not_permitted);
  auto while_waiting = livechat::route_message(oleg, customer, operator_id{});
  ASSERT_FALSE(while_waiting);
  EXPECT_EQ(while_waiting.error(), errc::not_permitted);
}

TEST(SessionRules, AnInvalidUserNeverCountsAsTheHolder) {
  auto route = livechat::route_message(user_id{}, customer, operator_id{});
  ASSERT_FALSE(route);
  EXPECT_EQ(route.error(), errc::not_permitted);
}

} // namespace session_rules_test
