#include "core/invariants.hpp"

#include <gtest/gtest.h>

namespace livechat {
namespace invariants_test {

using namespace std::chrono_literals;

session_event ev(session_event_kind kind, std::uint64_t s, operator_id op = {},
                 operator_id previous = {}) {
  session_event e{};
  e.kind = kind;
  e.session = session_id{s};
  e.op = op;
  e.previous_op = previous;
  return e;
}

status_event online(std::uint32_t op, int capacity) {
  return status_event{timestamp{}, operator_id{op}, operator_status::online,
                      capacity};
}

using kind = session_event_kind;

TEST(InvariantChecker, CleanLogHasNoViolations) {
  invariant_checker c;
  c.observe(online(1, 1));
  c.observe(ev(kind::queued, 1));
  c.observe(ev(kind::assigned, 1, operator_id{1}));
  c.observe(ev(kind::transferred, 1, operator_id{1}));
  c.observe(ev(kind::queued, 1));
  c.observe(ev(kind::assigned, 1, operator_id{1}));
  c.observe(ev(kind::closed, 1, operator_id{1}));
  EXPECT_TRUE(c.violations().empty());
  EXPECT_EQ(c.sessions_seen(), 1u);
  EXPECT_EQ(c.sessions_ended(), 1u);
  EXPECT_TRUE(c.open_sessions().empty());
}

TEST(InvariantChecker, FlagsCapacityExceeded) {
  invariant_checker c;
  c.observe(online(1, 1));
  c.observe(ev(kind::assigned, 1, operator_id{1}));
  c.observe(ev(kind::assigned, 2, operator_id{1}));
  ASSERT_EQ(c.violations().size(), 1u);
  EXPECT_NE(c.violations()[0].find("capacity 1"), std::string::npos);
}

TEST(InvariantChecker, FlagsSessionAssignedTwice) {
  invariant_checker c;
  c.observe(online(1, 2));
  c.observe(online(2, 2));
  c.observe(ev(kind::assigned, 1, operator_id{1}));
  c.observe(ev(kind::assigned, 1, operator_id{2}));
  EXPECT_EQ(c.violations().size(), 1u);
}

TEST(InvariantChecker, ReassignmentMovesTheSession) {
  invariant_checker c;
  c.observe(online(1, 1));
  c.observe(online(2, 1));
  c.observe(ev(kind::assigned, 1, operator_id{1}));
  c.observe(ev(kind::assigned, 1, operator_id{2}, operator_id{1}));
  c.observe(ev(kind::assigned, 2, operator_id{1}));
  c.observe(ev(kind::closed, 1, operator_id{2}));
  EXPECT_TRUE(c.violations().empty()) << c.violations().front();
}

TEST(InvariantChecker, FlagsEndingTwiceAndEventsAfterTheEnd) {
  invariant_checker c;
  c.observe(ev(kind::queued, 1));
  c.observe(ev(kind::abandoned, 1));
  c.observe(ev(kind::abandoned, 1));
  c.observe(ev(kind::assigned, 1, operator_id{1}));
  EXPECT_EQ(c.violations().size(), 2u);
}

TEST(InvariantChecker, RemembersEndedSessionsWithFarApartIds) {
  // Ended sessions are kept as bits by id, far ids apart from them.
  invariant_checker c;
  for (std::uint64_t id : {std::uint64_t{3}, std::uint64_t{1} << 40}) {
    c.observe(ev(kind::queued, id));
    c.observe(ev(kind::abandoned, id));
    c.observe(ev(kind::queued, id));
  }
  EXPECT_EQ(c.violations().size(), 2u);
  EXPECT_EQ(c.sessions_seen(), 2u);
  EXPECT_TRUE(c.open_sessions().empty());
}

TEST(InvariantChecker, FlagsReleaseByWhoDoesNotHoldIt) {
  invariant_checker c;
  c.observe(online(1, 1));
  c.observe(ev(kind::assigned, 1, operator_id{1}));
  c.observe(ev(kind::closed, 1, operator_id{2}));
  EXPECT_FALSE(c.violations().empty());
}

TEST(InvariantChecker, ListsSessionsThatNeverEnded) {
  invariant_checker c;
  c.observe(ev(kind::queued, 7));
  c.observe(ev(kind::queued, 3));
  c.observe(ev(kind::rejected, 9));
  EXPECT_EQ(c.open_sessions(), (std::vector{session_id{3}, session_id{7}}));
}

} // namespace invariants_test
} // namespace livechat
