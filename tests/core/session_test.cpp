#include "core/session.hpp"

#include <array>
#include <gtest/gtest.h>
#include <string_view>
#include <vector>

namespace session_test {

using livechat::can_transition;
using livechat::chat_id;
using livechat::errc;
using livechat::is_final;
using livechat::session;
using livechat::session_id;
using livechat::session_state;
using livechat::timestamp;
using livechat::transition_reason;
using livechat::transition_record;
using livechat::user_id;
using namespace livechat::time_literals;

using st = session_state;
using tr = transition_reason;

constexpr timestamp t0{};
const chat_id chat{4};
const user_id customer{10};
const user_id op{20};
const user_id supervisor{30};
const user_id expert{40};

constexpr std::array all_states{st::waiting, st::assigned,  st::transferred,
                                st::closed,  st::abandoned, st::rejected};

// The lifecycle table of session.hpp, written out independently.
bool expected_legal(st from, st to) {
  struct step {
    st from;
    st to;
  };
  constexpr std::array<step, 8> legal{{
    {st::waiting, st::assigned},
    {st::waiting, st::abandoned},
    {st::waiting, st::rejected},
    {st::assigned, st::closed},
    {st::assigned, st::transferred},
    {st::assigned, st::waiting},
    {st::assigned, st::assigned},
    {st::transferred, st::waiting},
  }};
  for (auto s : legal)
    if (s.from == from && s.to == to)
      return true;
  return false;
}

// A plausible reason for a step into `to`, for building paths.
tr reason_for(st to) {
  switch (to) {
    case st::waiting: return tr::entered_expert_queue;
    case st::assigned: return tr::routed;
    case st::transferred: return tr::transfer_to_expert;
    case st::closed: return tr::closed_by_operator;
    case st::abandoned: return tr::customer_left;
    case st::rejected: return tr::queue_full;
  }
  return tr::arrived;
}

// A fresh session (arrived at t0) driven into `target` along legal steps at
// t0 + 1s, t0 + 2s, ...
session session_in(st target) {
  session s{session_id{1}, chat, customer, t0};
  std::vector<st> path;
  switch (target) {
    case st::waiting: break;
    case st::assigned: path = {st::assigned}; break;
    case st::transferred: path = {st::assigned, st::transferred}; break;
    case st::closed: path = {st::assigned, st::closed}; break;
    case st::abandoned: path = {st::abandoned}; break;
    case st::rejected: path = {st::rejected}; break;
  }
  auto at = t0;
  for (auto to : path) {
    at += 1s;
    auto ok = s.apply(to, at, op, reason_for(to));
    EXPECT_TRUE(ok.has_value()) << "path to " << to_string(target);
  }
  EXPECT_EQ(s.state(), target);
  return s;
}

void expect_same_trail(const std::vector<transition_record>& actual,
                       const std::vector<transition_record>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    EXPECT_EQ(actual[i].at, expected[i].at) << "record " << i;
    EXPECT_EQ(actual[i].from, expected[i].from) << "record " << i;
    EXPECT_EQ(actual[i].to, expected[i].to) << "record " << i;
    EXPECT_EQ(actual[i].actor, expected[i].actor) << "record " << i;
    EXPECT_EQ(actual[i].reason, expected[i].reason) << "record " << i;
  }
}

TEST(Session, StartsWaitingWithArrivalRecorded) {
  session s{session_id{7}, chat, customer, t0 + 3s};
  EXPECT_EQ(s.id(), session_id{7});
  EXPECT_EQ(s.chat(), chat);
  EXPECT_EQ(s.customer(), customer);
  EXPECT_EQ(s.state(), st::waiting);
  EXPECT_EQ(s.arrived(), t0 + 3s);
  EXPECT_EQ(s.queued_at(), t0 + 3s);
  expect_same_trail(
    s.trail(), {{t0 + 3s, st::waiting, st::waiting, customer, tr::arrived}});
}

TEST(Session, TransitionTableMatchesDocumentedLifecycle) {
  for (auto from : all_states)
    for (auto to : all_states)
      EXPECT_EQ(can_transition(from, to), expected_legal(from, to))
        << to_string(from) << " -> " << to_string(to);
}

TEST(Session, EveryLegalTransitionSucceedsAndIsRecorded) {
  int legal = 0;
  for (auto from : all_states) {
    for (auto to : all_states) {
      if (!expected_legal(from, to))
        continue;
      ++legal;
      auto s = session_in(from);
      auto before = s.trail();
      auto at = t0 + 1min;
      auto ok = s.apply(to, at, supervisor, tr::supervisor_reassign);
      ASSERT_TRUE(ok.has_value()) << to_string(from) << " -> " << to_string(to);
      EXPECT_EQ(s.state(), to);
      before.push_back({at, from, to, supervisor, tr::supervisor_reassign});
      expect_same_trail(s.trail(), before);
    }
  }
  EXPECT_EQ(legal, 8);
}

TEST(Session, EveryIllegalTransitionIsRejectedAndChangesNothing) {
  int illegal = 0;
  for (auto from : all_states) {
    for (auto to : all_states) {
      if (expected_legal(from, to))
        continue;
      ++illegal;
      auto s = session_in(from);
      auto trail = s.trail();
      auto queued = s.queued_at();
      auto assigned = s.assigned_at();
      auto bad = s.apply(to, t0 + 1h, op, reason_for(to));
      ASSERT_FALSE(bad.has_value())
        << to_string(from) << " -> " << to_string(to);
      EXPECT_EQ(bad.error(), errc::illegal_transition);
      EXPECT_EQ(s.state(), from);
      EXPECT_EQ(s.queued_at(), queued);
      EXPECT_EQ(s.assigned_at(), assigned);
      EXPECT_EQ(s.arrived(), t0);
      expect_same_trail(s.trail(), trail);
    }
  }
  EXPECT_EQ(illegal, 36 - 8);
}

TEST(Session, FinalStatesAcceptNoTransition) {
  for (auto final_state : {st::closed, st::abandoned, st::rejected}) {
    EXPECT_TRUE(is_final(final_state));
    auto s = session_in(final_state);
    auto size = s.trail().size();
    for (auto to : all_states) {
      auto bad = s.apply(to, t0 + 1h, supervisor, tr::supervisor_assign);
      ASSERT_FALSE(bad.has_value())
        << to_string(final_state) << " -> " << to_string(to);
      EXPECT_EQ(bad.error(), errc::illegal_transition);
    }
    EXPECT_EQ(s.state(), final_state);
    EXPECT_EQ(s.trail().size(), size);
  }
}

TEST(Session, OnlyClosedAbandonedAndRejectedAreFinal) {
  EXPECT_FALSE(is_final(st::waiting));
  EXPECT_FALSE(is_final(st::assigned));
  EXPECT_FALSE(is_final(st::transferred));
  EXPECT_TRUE(is_final(st::closed));
  EXPECT_TRUE(is_final(st::abandoned));
  EXPECT_TRUE(is_final(st::rejected));
}

TEST(Session, AssignedSessionCannotBeAbandoned) {
  // The header's own example.
  session s{session_id{1}, chat, customer, t0};
  ASSERT_TRUE(s.apply(st::assigned, t0 + 1s, op, tr::routed).has_value());
  auto bad = s.apply(st::abandoned, t0 + 2s, customer, tr::customer_left);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error(), errc::illegal_transition);
  EXPECT_EQ(s.state(), st::assigned);
}

TEST(Session, TransferKeepsArrivalTimeAndMovesQueuedAt) {
  session s{session_id{2}, chat, customer, t0};
  ASSERT_TRUE(s.apply(st::assigned, t0 + 10s, op, tr::routed).has_value());
  EXPECT_EQ(s.assigned_at(), t0 + 10s);
  EXPECT_EQ(s.queued_at(), t0);
  ASSERT_TRUE(
    s.apply(st::transferred, t0 + 20s, op, tr::transfer_to_expert).has_value());
  ASSERT_TRUE(
    s.apply(st::waiting, t0 + 21s, op, tr::entered_expert_queue).has_value());
  EXPECT_EQ(s.queued_at(), t0 + 21s);
  EXPECT_EQ(s.arrived(), t0);
  ASSERT_TRUE(s.apply(st::assigned, t0 + 30s, expert, tr::routed).has_value());
  EXPECT_EQ(s.assigned_at(), t0 + 30s);
  EXPECT_EQ(s.queued_at(), t0 + 21s);
  EXPECT_EQ(s.arrived(), t0);
  ASSERT_TRUE(
    s.apply(st::closed, t0 + 40s, expert, tr::closed_by_operator).has_value());
  EXPECT_EQ(s.arrived(), t0);
  expect_same_trail(
    s.trail(),
    {
      {t0, st::waiting, st::waiting, customer, tr::arrived},
      {t0 + 10s, st::waiting, st::assigned, op, tr::routed},
      {t0 + 20s, st::assigned, st::transferred, op, tr::transfer_to_expert},
      {t0 + 21s, st::transferred, st::waiting, op, tr::entered_expert_queue},
      {t0 + 30s, st::waiting, st::assigned, expert, tr::routed},
      {t0 + 40s, st::assigned, st::closed, expert, tr::closed_by_operator},
    });
}

TEST(Session, RequeueMovesQueuedAtButKeepsArrival) {
  session s{session_id{3}, chat, customer, t0 + 1s};
  ASSERT_TRUE(s.apply(st::assigned, t0 + 5s, op, tr::routed).has_value());
  ASSERT_TRUE(
    s.apply(st::waiting, t0 + 8s, op, tr::operator_offline).has_value());
  EXPECT_EQ(s.state(), st::waiting);
  EXPECT_EQ(s.queued_at(), t0 + 8s);
  EXPECT_EQ(s.arrived(), t0 + 1s);
  EXPECT_EQ(s.trail().back().reason, tr::operator_offline);
}

TEST(Session, ReassignmentUpdatesAssignedAt) {
  session s{session_id{4}, chat, customer, t0};
  ASSERT_TRUE(s.apply(st::assigned, t0 + 2s, op, tr::routed).has_value());
  ASSERT_TRUE(
    s.apply(st::assigned, t0 + 9s, supervisor, tr::supervisor_reassign)
      .has_value());
  EXPECT_EQ(s.state(), st::assigned);
  EXPECT_EQ(s.assigned_at(), t0 + 9s);
  EXPECT_EQ(s.queued_at(), t0);
  EXPECT_EQ(s.trail().size(), 3u);
  EXPECT_EQ(s.trail().back().from, st::assigned);
  EXPECT_EQ(s.trail().back().to, st::assigned);
  EXPECT_EQ(s.trail().back().actor, supervisor);
}

TEST(Session, StateNamesAreStable) {
  EXPECT_EQ(to_string(st::waiting), "waiting");
  EXPECT_EQ(to_string(st::assigned), "assigned");
  EXPECT_EQ(to_string(st::transferred), "transferred");
  EXPECT_EQ(to_string(st::closed), "closed");
  EXPECT_EQ(to_string(st::abandoned), "abandoned");
  EXPECT_EQ(to_string(st::rejected), "rejected");
  EXPECT_EQ(to_string(static_cast<st>(99)), "unknown");
}

TEST(Session, ReasonNamesAreStable) {
  EXPECT_EQ(to_string(tr::arrived), "arrived");
  EXPECT_EQ(to_string(tr::routed), "routed");
  EXPECT_EQ(to_string(tr::supervisor_assign), "supervisor_assign");
  EXPECT_EQ(to_string(tr::supervisor_reassign), "supervisor_reassign");
  EXPECT_EQ(to_string(tr::transfer_to_expert), "transfer_to_expert");
  EXPECT_EQ(to_string(tr::entered_expert_queue), "entered_expert_queue");
  EXPECT_EQ(to_string(tr::operator_offline), "operator_offline");
  EXPECT_EQ(to_string(tr::closed_by_operator), "closed_by_operator");
  EXPECT_EQ(to_string(tr::closed_by_customer), "closed_by_customer");
  EXPECT_EQ(to_string(tr::closed_by_supervisor), "closed_by_supervisor");
  EXPECT_EQ(to_string(tr::customer_left), "customer_left");
  EXPECT_EQ(to_string(tr::queue_full), "queue_full");
  EXPECT_EQ(to_string(tr::nobody_online), "nobody_online");
  EXPECT_EQ(to_string(static_cast<tr>(99)), "unknown");
}

} // namespace session_test
