#include "core/stats/session_track.hpp"

#include <gtest/gtest.h>

namespace session_track_test {

using livechat::group_id;
using livechat::operator_id;
using livechat::session_event;
using livechat::session_event_kind;
using livechat::timestamp;
using livechat::transition_reason;
using livechat::stats::queue_step;
using livechat::stats::session_track;
using kind = session_event_kind;
using why = transition_reason;
using namespace std::chrono_literals;

const group_id experts{3};
const operator_id olga{1};
const operator_id oleg{2};

session_event event(kind k, why reason, group_id expert = {},
                    operator_id op = {}, std::uint32_t transfers = 0) {
  session_event e{};
  e.kind = k;
  e.reason = reason;
  e.expert_group = expert;
  e.op = op;
  e.transfers = transfers;
  e.arrived = timestamp{10min};
  return e;
}

session_event arrival() {
  return event(kind::queued, why::arrived);
}

TEST(SessionTrack, StartsWithAnArrivalOrARejectionAtArrival) {
  EXPECT_TRUE(session_track::starts(arrival()));
  EXPECT_TRUE(session_track::starts(event(kind::rejected, why::queue_full)));
  EXPECT_FALSE(session_track::starts(
    event(kind::rejected, why::queue_full, experts, {}, 1)));
  EXPECT_FALSE(session_track::starts(
    event(kind::queued, why::entered_expert_queue, experts, {}, 1)));
  EXPECT_FALSE(session_track::starts(event(kind::assigned, why::routed)));
}

TEST(SessionTrack, CountsSessionsArrivingFromTheWarmUpOn) {
  EXPECT_TRUE(session_track::start(arrival(), timestamp{10min}).counted);
  EXPECT_FALSE(session_track::start(arrival(), timestamp{11min}).counted);
}

TEST(SessionTrack, FirstAssignmentIsTheFirstAnswer) {
  session_track t;
  EXPECT_EQ(t.step(arrival()), queue_step::none);
  EXPECT_EQ(t.step(event(kind::assigned, why::routed, {}, olga)),
            queue_step::first_answer);
  EXPECT_TRUE(t.answered);
}

TEST(SessionTrack, RequeuedSessionAnsweredAgainIsNoSecondAnswer) {
  session_track t;
  (void)t.step(arrival());
  (void)t.step(event(kind::assigned, why::routed, {}, olga));
  EXPECT_EQ(t.step(event(kind::queued, why::operator_offline, {}, olga)),
            queue_step::none);
  EXPECT_EQ(t.step(event(kind::assigned, why::routed, {}, oleg)),
            queue_step::none);
}

TEST(SessionTrack, ReassignmentIsNoAnswer) {
  session_track t;
  (void)t.step(arrival());
  auto reassign = event(kind::assigned, why::supervisor_reassign, {}, oleg);
  reassign.previous_op = olga;
  EXPECT_EQ(t.step(reassign), queue_step::none);
  EXPECT_FALSE(t.answered);
}

TEST(SessionTrack, TransferStartsANewWaitInTheExpertQueue) {
  session_track t;
  (void)t.step(arrival());
  (void)t.step(event(kind::assigned, why::routed, {}, olga));
  (void)t.step(
    event(kind::transferred, why::transfer_to_expert, experts, olga, 1));
  (void)t.step(event(kind::queued, why::entered_expert_queue, experts, {}, 1));
  EXPECT_EQ(t.step(event(kind::assigned, why::routed, experts, oleg, 1)),
            queue_step::first_answer);
  EXPECT_TRUE(t.expert_answered);
}

TEST(SessionTrack, RequeueInTheExpertQueueContinuesTheAnsweredWait) {
  session_track t;
  (void)t.step(arrival());
  (void)t.step(event(kind::assigned, why::routed, {}, olga));
  (void)t.step(event(kind::queued, why::entered_expert_queue, experts, {}, 1));
  (void)t.step(event(kind::assigned, why::routed, experts, oleg, 1));
  (void)t.step(event(kind::queued, why::operator_offline, experts, oleg, 1));
  EXPECT_EQ(t.step(event(kind::assigned, why::routed, experts, olga, 1)),
            queue_step::none);
  EXPECT_EQ(t.step(event(kind::abandoned, why::customer_left, experts, {}, 1)),
            queue_step::none);
}

TEST(SessionTrack, SecondTransferStartsAnotherWait) {
  session_track t;
  (void)t.step(arrival());
  (void)t.step(event(kind::assigned, why::routed, {}, olga));
  (void)t.step(event(kind::queued, why::entered_expert_queue, experts, {}, 1));
  (void)t.step(event(kind::assigned, why::routed, experts, oleg, 1));
  (void)t.step(event(kind::queued, why::entered_expert_queue, experts, {}, 2));
  EXPECT_EQ(t.step(event(kind::abandoned, why::customer_left, experts, {}, 2)),
            queue_step::abandoned);
}

TEST(SessionTrack, LeavingBeforeAnAnswerIsAnAbandonment) {
  session_track t;
  (void)t.step(arrival());
  EXPECT_EQ(t.step(event(kind::abandoned, why::customer_left)),
            queue_step::abandoned);
}

TEST(SessionTrack, ClosesAndRejectionsEndNoWait) {
  session_track t;
  EXPECT_EQ(t.step(event(kind::rejected, why::queue_full)), queue_step::none);
  (void)t.step(event(kind::assigned, why::routed, {}, olga));
  EXPECT_EQ(t.step(event(kind::closed, why::closed_by_operator, {}, olga)),
            queue_step::none);
}

} // namespace session_track_test
