// Statistics fed by a router driven through small scripts with fixed
// timestamps. Every expected figure is computed by hand from the script; the
// comment above each block shows the computation.

#include "core/contacts.hpp"
#include "core/stats/statistics.hpp"
#include "tests/core/router/router_fixture.hpp"

#include <gtest/gtest.h>
#include <optional>
#include <unordered_map>
#include <vector>

namespace livechat::testing {
namespace statistics_test {

class Statistics : public router_fixture {
protected:
  std::optional<stats::statistics> stats;
  /// Optional: the same statistics fed through tracks kept here, as the
  /// simulator's observer keeps them (see `mirror_from_now`).
  std::optional<stats::statistics> mirror;
  std::unordered_map<session_id, stats::session_track> tracks;

  /// Starts observing; call after the chats are defined and before anything
  /// that should be counted. Events emitted so far are dropped.
  void observe_from_now(stats::statistics_config config = {}) {
    (void)r.take_events();
    stats.emplace(r.dir(), config);
  }

  /// As `observe_from_now`, also feeding `mirror`.
  void mirror_from_now(stats::statistics_config config = {}) {
    observe_from_now(config);
    mirror.emplace(r.dir(), config);
  }

  void feed_mirror(const routing_event& ev) {
    const auto* e = std::get_if<session_event>(&ev);
    if (e == nullptr) {
      mirror->observe(ev);
      return;
    }
    auto it = tracks.find(e->session);
    if (it == tracks.end()) {
      ASSERT_TRUE(stats::session_track::starts(*e));
      it = tracks
             .emplace(e->session, stats::session_track::start(
                                    *e, mirror->config().warmup_end))
             .first;
    }
    (void)mirror->observe(*e, it->second);
    if (ends_session(e->kind))
      tracks.erase(it);
  }

  /// Feeds the events emitted since the last call to the statistics.
  void feed() {
    for (const auto& e : r.take_events()) {
      stats->observe(e);
      if (mirror)
        feed_mirror(e);
    }
  }

  void finish(duration end) {
    feed();
    stats->finish(at(end));
    if (mirror)
      mirror->finish(at(end));
  }

  /// An external customer (channel contact id, not in the directory).
  static user_id customer(std::uint32_t k) {
    return customer_of(contact_id{k});
  }

  void leave(user_id who, session_id s, duration t) {
    ASSERT_TRUE(r.leave(at(t), who, s));
    feed();
  }

  void close(user_id actor, session_id s, duration t) {
    ASSERT_TRUE(r.close_session(at(t), actor, s));
    feed();
  }

  void set(user_id op, operator_status status, duration t) {
    ASSERT_TRUE(r.set_status(at(t), op, status));
    feed();
  }

  session_id arrive(chat_id chat, user_id who, duration t) {
    auto s = open(chat, who, t);
    feed();
    return s;
  }

  const stats::queue_figures& chat_figures(chat_id c) const {
    return stats->chat(c);
  }
};

constexpr double eps = 1e-12;

// -- session counts -----------------------------------------------------------

TEST_F(Statistics, CountsOfferedAnsweredAbandonedAndRejectedPerChat) {
  auto def = external_definition();
  def.queue_limit = 1;
  auto chat = define(def);
  observe_from_now();
  set(o1, operator_status::online, 0s);
  auto c1 = arrive(chat, customer(1), 10s); // o1 at once: wait 0
  auto c2 = arrive(chat, customer(2), 20s); // waits
  arrive(chat, customer(3), 25s);           // queue full: rejected
  leave(customer(2), c2, 30s);              // abandoned after 10 s
  auto c4 = arrive(chat, customer(4), 40s); // waits
  close(o1, c1, 70s);                       // c4 to o1: wait 30 s
  close(o1, c4, 100s);
  finish(100s);

  const auto& f = chat_figures(chat);
  EXPECT_EQ(f.offered, 4u);
  EXPECT_EQ(f.answered, 2u);
  EXPECT_EQ(f.abandoned, 1u);
  EXPECT_EQ(f.rejected, 1u);
  EXPECT_EQ(f.transferred, 0u);
  EXPECT_EQ(f.requeued, 0u);
  EXPECT_DOUBLE_EQ(f.abandon_rate(), 0.25);
}

TEST_F(Statistics, WaitHistogramHoldsAnsweredWaitsAndAbandonHistogramTheRest) {
  auto chat = define(external_definition());
  observe_from_now();
  set(o1, operator_status::online, 0s);
  auto c1 = arrive(chat, customer(1), 10s); // wait 0
  auto c2 = arrive(chat, customer(2), 20s);
  auto c3 = arrive(chat, customer(3), 25s);
  leave(customer(2), c2, 30s); // abandoned after 10 s
  close(o1, c1, 70s);          // c3 waited 45 s
  close(o1, c3, 100s);
  finish(100s);

  const auto& f = chat_figures(chat);
  EXPECT_EQ(f.wait.count(), 2u);
  EXPECT_EQ(f.wait.min(), 0s);
  EXPECT_EQ(f.wait.max(), 45s);
  EXPECT_EQ(f.wait.sum(), 45s);
  EXPECT_EQ(f.abandon_wait.count(), 1u);
  EXPECT_EQ(f.abandon_wait.max(), 10s);
  // Handling spans: c1 10 s -> 70 s, c3 70 s -> 100 s.
  EXPECT_EQ(f.handle.count(), 2u);
  EXPECT_EQ(f.handle.min(), 30s);
  EXPECT_EQ(f.handle.max(), 60s);
}

TEST_F(Statistics, WaitEqualToTheThresholdCountsAsWithin) {
  auto chat = define(external_definition());
  observe_from_now({.sl_threshold = 20s});
  set(o1, operator_status::online, 0s);
  auto a = arrive(chat, customer(1), 0s); // wait 0: within
  auto b = arrive(chat, customer(2), 0s);
  auto c = arrive(chat, customer(3), 0s);
  leave(customer(3), c, 20s); // abandoned at exactly t: within
  close(o1, a, 20s);          // b waited exactly 20 s: within
  auto d = arrive(chat, customer(4), 30s);
  auto e = arrive(chat, customer(5), 30s);
  close(o1, b, 50s + 1ns);          // d waited 20 s + 1 ns: not within
  leave(customer(5), e, 50s + 1ns); // abandoned after t: not within
  close(o1, d, 60s);
  finish(60s);

  const auto& f = chat_figures(chat);
  EXPECT_EQ(f.threshold, 20s);
  EXPECT_EQ(f.offered, 5u);
  EXPECT_EQ(f.answered, 3u);
  EXPECT_EQ(f.abandoned, 2u);
  EXPECT_EQ(f.answered_within_threshold, 2u);
  EXPECT_EQ(f.abandoned_within_threshold, 1u);
  EXPECT_EQ(f.wait.max(), 20s + 1ns);
}

// -- service levels and ASA ---------------------------------------------------

// Answered waits {0 s, 10 s, 30 s}, one abandonment after 5 s, t = 20 s:
//   offered             = answered within t / offered = 2 / 4
//   answered            = 2 / 3
//   excl_short_abandons = 2 / (4 - 1 abandoned within t) = 2 / 3
//   virtual (Kaplan-Meier, abandonment censored): at risk 4 at 0 s, one event:
//     S = 3/4; censored at 5 s leaves 2 at risk; event at 10 s:
//     S = 3/4 * (1 - 1/2) = 3/8; 30 s lies beyond t. P(V <= 20 s) = 5/8.
class StatisticsServiceLevel : public Statistics {
protected:
  chat_id chat;

  void SetUp() override {
    Statistics::SetUp();
    chat = define(external_definition());
    observe_from_now({.sl_threshold = 20s});
    set(o1, operator_status::online, 0s);
    auto a = arrive(chat, customer(1), 0s); // wait 0
    auto x = arrive(chat, customer(2), 0s);
    leave(customer(2), x, 5s); // abandoned after 5 s
    auto b = arrive(chat, customer(3), 10s);
    close(o1, a, 20s); // b waited 10 s
    auto c = arrive(chat, customer(4), 20s);
    close(o1, b, 50s); // c waited 30 s
    close(o1, c, 60s);
    finish(60s);
  }
};

TEST_F(StatisticsServiceLevel, EveryDefinitionMatchesTheHandComputation) {
  auto sl = chat_figures(chat).service_level();
  EXPECT_NEAR(sl.offered, 2.0 / 4, eps);
  EXPECT_NEAR(sl.answered, 2.0 / 3, eps);
  EXPECT_NEAR(sl.excl_short_abandons, 2.0 / 3, eps);
  EXPECT_NEAR(sl.virtual_wait, 5.0 / 8, eps);
}

TEST_F(StatisticsServiceLevel, AsaAnsweredAveragesAnsweredWaitsOnly) {
  EXPECT_NEAR(chat_figures(chat).asa_answered_s(), (0.0 + 10 + 30) / 3, eps);
}

TEST_F(StatisticsServiceLevel, AsaAllAveragesAnsweredAndAbandonedWaits) {
  EXPECT_NEAR(chat_figures(chat).asa_all_s(), (0.0 + 10 + 30 + 5) / 4, eps);
}

TEST_F(Statistics, RejectedSessionsCountAsOfferedButNeverWaited) {
  // o1 busy with a; b waits; c rejected (queue limit 1).
  auto def = external_definition();
  def.queue_limit = 1;
  auto chat = define(def);
  observe_from_now({.sl_threshold = 20s});
  set(o1, operator_status::online, 0s);
  auto a = arrive(chat, customer(1), 0s);
  auto b = arrive(chat, customer(2), 0s);
  arrive(chat, customer(3), 0s);
  close(o1, a, 10s); // b waited 10 s
  close(o1, b, 20s);
  finish(20s);

  const auto& f = chat_figures(chat);
  EXPECT_EQ(f.offered, 3u);
  EXPECT_EQ(f.rejected, 1u);
  auto sl = f.service_level();
  EXPECT_NEAR(sl.offered, 2.0 / 3, eps); // the rejection is a failure
  EXPECT_NEAR(sl.answered, 1.0, eps);
  EXPECT_NEAR(sl.virtual_wait, 1.0, eps); // nobody waited longer than t
  EXPECT_NEAR(f.asa_all_s(), 5.0, eps);   // (0 + 10) / 2: no rejected wait
}

TEST_F(Statistics, NothingObservedGivesZeroFigures) {
  auto chat = define(external_definition());
  observe_from_now();
  finish(100s);
  const auto& f = chat_figures(chat);
  EXPECT_EQ(f.offered, 0u);
  EXPECT_EQ(f.abandon_rate(), 0.0);
  EXPECT_EQ(f.asa_answered_s(), 0.0);
  EXPECT_EQ(f.asa_all_s(), 0.0);
  auto sl = f.service_level();
  EXPECT_EQ(sl.offered, 0.0);
  EXPECT_EQ(sl.virtual_wait, 0.0);
  EXPECT_EQ(stats->op(o1).occupancy(), 0.0);
}

// -- operators: handled, busy, online, occupancy ------------------------------

TEST_F(Statistics, OccupancyDividesBusyTimeByOnlineCapacityTime) {
  // Capacity 2, Online 0..100 s, one session 20..70 s:
  // busy 50 s / (100 s * 2) = 0.25.
  auto def = external_definition();
  def.capacity = 2;
  auto chat = define(def);
  observe_from_now();
  set(o1, operator_status::online, 0s);
  auto s = arrive(chat, customer(1), 20s);
  close(o1, s, 70s);
  finish(100s);

  const auto& f = stats->op(o1);
  EXPECT_EQ(f.id, o1);
  EXPECT_EQ(f.handled, 1u);
  EXPECT_EQ(f.busy, 50s);
  EXPECT_EQ(f.busy_online, 50s);
  EXPECT_EQ(f.online, 100s);
  EXPECT_EQ(f.online_capacity, 200s);
  EXPECT_DOUBLE_EQ(f.occupancy(), 0.25);
}

TEST_F(Statistics, OccupancyCountsBothSlotsOfAFullOperator) {
  // Capacity 2, both slots held 0..50 s, Online 0..100 s:
  // busy 100 s / 200 s = 0.5.
  auto def = external_definition();
  def.capacity = 2;
  auto chat = define(def);
  observe_from_now();
  set(o1, operator_status::online, 0s);
  auto a = arrive(chat, customer(1), 0s);
  auto b = arrive(chat, customer(2), 0s);
  close(o1, a, 50s);
  close(o1, b, 50s);
  finish(100s);

  EXPECT_EQ(stats->op(o1).handled, 2u);
  EXPECT_EQ(stats->op(o1).busy, 100s);
  EXPECT_DOUBLE_EQ(stats->op(o1).occupancy(), 0.5);
}

TEST_F(Statistics, AwayAndOfflineTimeIsLeftOutOfOccupancy) {
  // Online 0..100 s, Away 100..120 s, Offline 120..300 s (sessions kept);
  // one session 50..150 s. Busy 100 s, of which 50 s while Online.
  // Occupancy = 50 s / 100 s = 0.5.
  auto def = external_definition();
  def.on_offline = offline_policy::keep;
  auto chat = define(def);
  observe_from_now();
  set(o1, operator_status::online, 0s);
  auto s = arrive(chat, customer(1), 50s);
  set(o1, operator_status::away, 100s);
  set(o1, operator_status::offline, 120s);
  close(o1, s, 150s);
  finish(300s);

  const auto& f = stats->op(o1);
  EXPECT_EQ(f.busy, 100s);
  EXPECT_EQ(f.busy_online, 50s);
  EXPECT_EQ(f.online, 100s);
  EXPECT_EQ(f.online_capacity, 100s);
  EXPECT_DOUBLE_EQ(f.occupancy(), 0.5);
}

// The operator's capacity comes from its status events. A chat with a larger
// capacity defined while the operator is Online changes that capacity; the
// statistics must learn it, or occupancy exceeds 1.
TEST_F(Statistics, OccupancyStaysAtMostOneWhenAChatRaisesCapacityWhileOnline) {
  define(external_definition()); // capacity 1
  observe_from_now();
  set(o1, operator_status::online, 0s);
  auto def = external_definition();
  def.name = "external2";
  def.capacity = 2;
  auto chat2 = r.define_live_chat(at(10s), admin, def);
  ASSERT_TRUE(chat2);
  feed();
  arrive(*chat2, customer(1), 10s);
  arrive(*chat2, customer(2), 10s);
  ASSERT_EQ(r.load_of(o1), 2);
  finish(110s);
  // Online 110 s, capacity 1 for 10 s then 2 for 100 s; busy 2 x 100 s.
  EXPECT_LE(stats->op(o1).occupancy(), 1.0);
  EXPECT_EQ(stats->op(o1).online_capacity, 210s);
  EXPECT_NEAR(stats->op(o1).occupancy(), 200.0 / 210, eps);
}

TEST_F(Statistics, OperatorNeverOnlineHasZeroOccupancy) {
  auto chat = define(external_definition());
  observe_from_now();
  set(o1, operator_status::online, 0s);
  auto s = arrive(chat, customer(1), 0s);
  close(o1, s, 10s);
  finish(100s);
  EXPECT_EQ(stats->op(o2).online, 0s);
  EXPECT_EQ(stats->op(o2).occupancy(), 0.0);
}

TEST_F(Statistics, GroupOccupancySumsMembersBusyAndCapacityTime) {
  // o1 Online 0..100 s, busy 0..50 s and 60..100 s: 90 s.
  // o2 Online 50..100 s, busy 60..85 s: 25 s. o3 never Online.
  // Group: (90 + 25) / (100 + 50) = 115 / 150.
  auto chat = define(external_definition());
  observe_from_now();
  set(o1, operator_status::online, 0s);
  auto s1 = arrive(chat, customer(1), 0s);
  set(o2, operator_status::online, 50s);
  close(o1, s1, 50s);
  auto s2 = arrive(chat, customer(2), 60s); // o1 first in list order
  auto s3 = arrive(chat, customer(3), 60s); // o1 full: o2
  close(o2, s3, 85s);
  close(o1, s2, 100s);
  finish(100s);

  EXPECT_EQ(stats->op(o1).busy, 90s);
  EXPECT_EQ(stats->op(o2).busy, 25s);
  EXPECT_NEAR(stats->group_occupancy(general), 115.0 / 150, eps);
}

TEST_F(Statistics, ReassignmentMovesBusyTimeToTheNewOperator) {
  // Assigned to o1 at 0 s, reassigned to o2 at 30 s, closed at 100 s.
  auto chat = define(external_definition());
  observe_from_now();
  set(o1, operator_status::online, 0s);
  set(o2, operator_status::online, 0s);
  auto s = arrive(chat, customer(1), 0s);
  ASSERT_TRUE(r.supervisor_assign(at(30s), sveta, s, o2));
  feed();
  close(o2, s, 100s);
  finish(100s);

  EXPECT_EQ(stats->op(o1).busy, 30s);
  EXPECT_EQ(stats->op(o2).busy, 70s);
  EXPECT_EQ(stats->op(o1).handled, 1u);
  EXPECT_EQ(stats->op(o2).handled, 1u);
  const auto& f = chat_figures(chat);
  EXPECT_EQ(f.answered, 1u); // one session, answered once
  EXPECT_EQ(f.wait.count(), 1u);
  EXPECT_EQ(f.handle.count(), 2u); // 30 s with o1, 70 s with o2
  EXPECT_EQ(f.handle.min(), 30s);
  EXPECT_EQ(f.handle.max(), 70s);
}

TEST_F(Statistics, OperatorGoingOfflineCountsARequeue) {
  // Assigned to o1 at 10 s; o1 goes Offline at 40 s; requeued and taken by
  // o2 at once; closed at 100 s.
  auto chat = define(external_definition());
  observe_from_now();
  set(o1, operator_status::online, 0s);
  auto s = arrive(chat, customer(1), 10s);
  set(o2, operator_status::online, 20s);
  set(o1, operator_status::offline, 40s);
  ASSERT_EQ(r.load_of(o2), 1); // requeued and taken by o2 at once
  close(o2, s, 100s);
  finish(100s);

  const auto& f = chat_figures(chat);
  EXPECT_EQ(f.offered, 1u);
  EXPECT_EQ(f.requeued, 1u);
  EXPECT_EQ(f.answered, 1u); // answered once, although assigned twice
  EXPECT_EQ(f.wait.count(), 1u);
  EXPECT_EQ(f.handle.count(), 2u); // 30 s with o1, 60 s with o2
  EXPECT_EQ(f.handle.min(), 30s);
  EXPECT_EQ(f.handle.max(), 60s);
  EXPECT_EQ(stats->op(o1).busy, 30s);
  EXPECT_EQ(stats->op(o1).online, 40s);
  EXPECT_EQ(stats->op(o2).busy, 60s);
  EXPECT_EQ(stats->op(o2).handled, 1u);
  EXPECT_EQ(stats->open_sessions(), 0u);
}

// -- fairness -----------------------------------------------------------------

// o1 Online 0..3600 s, o2 Online 1800..3600 s, o3 never Online. Each handles
// two sessions: o1 100..200 s and 1900..2900 s (busy 1100 s); o2 1900..2000 s
// and 2100..2200 s (busy 200 s).
//   handled per online hour: o1 2 / 1 h = 2, o2 2 / 0.5 h = 4
//     Jain = 6^2 / (2 (4 + 16)) = 0.9; Gini = 2 |2 - 4| / (2 * 4 * 3) = 1/6;
//     max/min = 2
//   busy share of online: o1 1100 / 3600, o2 200 / 1800
class StatisticsFairness : public Statistics {
protected:
  void SetUp() override {
    Statistics::SetUp();
    auto chat = define(external_definition());
    observe_from_now();
    set(o1, operator_status::online, 0s);
    auto s1 = arrive(chat, customer(1), 100s);
    close(o1, s1, 200s);
    set(o2, operator_status::online, 1800s);
    auto s2 = arrive(chat, customer(2), 1900s); // o1 first in list order
    auto s3 = arrive(chat, customer(3), 1900s); // o2
    close(o2, s3, 2000s);
    auto s4 = arrive(chat, customer(4), 2100s); // o1 busy: o2
    close(o2, s4, 2200s);
    close(o1, s2, 2900s);
    finish(3600s);
  }
};

TEST_F(StatisticsFairness, HandledSessionsAreDividedByOnlineTime) {
  EXPECT_EQ(stats->op(o1).handled, 2u);
  EXPECT_EQ(stats->op(o2).handled, 2u);
  auto f = stats->fairness(general);
  ASSERT_EQ(f.handled_per_online_hour.size(), 2u);
  EXPECT_NEAR(f.handled_per_online_hour[0], 2.0, eps);
  EXPECT_NEAR(f.handled_per_online_hour[1], 4.0, eps);
  EXPECT_NEAR(f.handled.jain, 0.9, eps);
  EXPECT_NEAR(f.handled.gini, 1.0 / 6, eps);
  EXPECT_NEAR(f.handled.max_min, 2.0, eps);
}

TEST_F(StatisticsFairness, BusyTimeIsDividedByOnlineTime) {
  auto f = stats->fairness(general);
  ASSERT_EQ(f.busy_share_of_online.size(), 2u);
  double x1 = 1100.0 / 3600;
  double x2 = 200.0 / 1800;
  EXPECT_NEAR(f.busy_share_of_online[0], x1, eps);
  EXPECT_NEAR(f.busy_share_of_online[1], x2, eps);
  EXPECT_NEAR(f.busy_time.jain,
              (x1 + x2) * (x1 + x2) / (2 * (x1 * x1 + x2 * x2)), eps);
  EXPECT_NEAR(f.busy_time.max_min, x1 / x2, 1e-9);
}

TEST_F(StatisticsFairness, OperatorsNeverOnlineAreLeftOut) {
  auto f = stats->fairness(general);
  EXPECT_EQ(f.operators, (std::vector<operator_id>{o1, o2}));
}

TEST_F(Statistics, FairnessOfAGroupWithNobodyOnlineIsEmptyAndEven) {
  define(external_definition());
  observe_from_now();
  finish(100s);
  auto f = stats->fairness(general);
  EXPECT_TRUE(f.operators.empty());
  EXPECT_EQ(f.handled.jain, 1.0);
  EXPECT_EQ(f.busy_time.gini, 0.0);
}

// -- warm-up ------------------------------------------------------------------

TEST_F(Statistics, WarmUpLeavesOutEarlierArrivalsAndClipsTimeIntegrals) {
  // Warm-up ends at 100 s. s1 arrives at 50 s (left out), held by o1
  // 50..150 s; s2 arrives at 120 s, waits 30 s, held 150..200 s. Run ends at
  // 300 s. o1: Online 100..300 s = 200 s, busy 50 + 50 = 100 s, handled 1
  // (the assignment at 150 s; the one at 50 s is before the warm-up's end).
  auto chat = define(external_definition());
  observe_from_now({.warmup_end = at(100s)});
  set(o1, operator_status::online, 0s);
  auto s1 = arrive(chat, customer(1), 50s);
  auto s2 = arrive(chat, customer(2), 120s);
  close(o1, s1, 150s);
  close(o1, s2, 200s);
  finish(300s);

  const auto& f = chat_figures(chat);
  EXPECT_EQ(f.offered, 1u);
  EXPECT_EQ(f.answered, 1u);
  EXPECT_EQ(f.wait.count(), 1u);
  EXPECT_EQ(f.wait.max(), 30s);
  EXPECT_EQ(f.handle.count(), 1u); // s1's handling is left out
  EXPECT_EQ(f.handle.max(), 50s);
  const auto& o = stats->op(o1);
  EXPECT_EQ(o.handled, 1u);
  EXPECT_EQ(o.online, 200s);
  EXPECT_EQ(o.busy, 100s);
  EXPECT_DOUBLE_EQ(o.occupancy(), 0.5);
  EXPECT_EQ(stats->open_sessions(), 0u);
}

TEST_F(Statistics, TimeIntegralsStopAtTheMeasurementEndWhileSessionsEnd) {
  // The horizon (measurement end) is 200 s. s1 is held 50..150 s; s2
  // arrives at 180 s and is held to 260 s, past the horizon; the drain ends
  // at 300 s. o1: Online 0..200 s counted = 200 s, busy 100 + 20 = 120 s,
  // handled 2. s2 is still followed to its end: its handle time is 80 s.
  auto chat = define(external_definition());
  observe_from_now({.measure_end = at(200s)});
  set(o1, operator_status::online, 0s);
  auto s1 = arrive(chat, customer(1), 50s);
  close(o1, s1, 150s);
  auto s2 = arrive(chat, customer(2), 180s);
  close(o1, s2, 260s);
  finish(300s);

  const auto& f = chat_figures(chat);
  EXPECT_EQ(f.offered, 2u);
  EXPECT_EQ(f.answered, 2u);
  EXPECT_EQ(f.handle.count(), 2u);
  EXPECT_EQ(f.handle.min(), 80s);
  const auto& o = stats->op(o1);
  EXPECT_EQ(o.handled, 2u);
  EXPECT_EQ(o.online, 200s);
  EXPECT_EQ(o.busy, 120s);
  EXPECT_DOUBLE_EQ(o.occupancy(), 0.6);
}

TEST_F(Statistics, WarmUpLeavesOutEarlierAbandonmentsAndRejections) {
  auto def = external_definition();
  def.queue_limit = 1;
  auto chat = define(def);
  observe_from_now({.warmup_end = at(100s)});
  auto a = arrive(chat, customer(1), 10s); // nobody Online: waits
  arrive(chat, customer(2), 20s);          // queue full: rejected
  leave(customer(1), a, 110s);             // arrived before the warm-up's end
  auto b = arrive(chat, customer(3), 120s);
  leave(customer(3), b, 130s);
  finish(200s);

  const auto& f = chat_figures(chat);
  EXPECT_EQ(f.offered, 1u);
  EXPECT_EQ(f.rejected, 0u);
  EXPECT_EQ(f.abandoned, 1u);
  EXPECT_EQ(f.abandon_wait.max(), 10s);
  EXPECT_EQ(stats->open_sessions(), 0u);
}

// -- transfers to experts -----------------------------------------------------

// Internal chat; o1 answers e1 at 10 s and transfers to accounting at 40 s,
// where nobody is Online; anna comes Online at 55 s and takes it (transfer
// wait 15 s) and closes it at 100 s. e2 arrives at 20 s, is answered by o1 at
// 40 s (wait 20 s), is transferred to hr at 60 s and leaves the hr queue at
// 90 s (hanna never Online).
class StatisticsTransfer : public Statistics {
protected:
  chat_id chat;

  void SetUp() override {
    Statistics::SetUp();
    chat = define(internal_definition());
    observe_from_now({.sl_threshold = 20s});
    set(o1, operator_status::online, 0s);
    auto s1 = arrive(chat, e1, 10s);
    auto s2 = arrive(chat, e2, 20s);
    ASSERT_TRUE(r.transfer(at(40s), o1, s1, accounting));
    feed();
    set(anna, operator_status::online, 55s);
    ASSERT_TRUE(r.transfer(at(60s), o1, s2, hr));
    feed();
    leave(e2, s2, 90s);
    close(anna, s1, 100s);
    finish(100s);
  }
};

TEST_F(StatisticsTransfer, ChatCountsTransfersAndFirstWaitsOnly) {
  const auto& f = chat_figures(chat);
  EXPECT_EQ(f.offered, 2u);
  EXPECT_EQ(f.answered, 2u);
  EXPECT_EQ(f.transferred, 2u);
  EXPECT_EQ(f.abandoned, 0u); // e2 left after being answered
  EXPECT_EQ(f.wait.count(), 2u);
  EXPECT_EQ(f.wait.max(), 20s);
  EXPECT_EQ(f.answered_within_threshold, 2u);
  EXPECT_EQ(f.transfer_wait.count(), 1u);
  EXPECT_EQ(f.transfer_wait.max(), 15s);
  // o1 30 s on s1 and 20 s on s2, anna 45 s on s1.
  EXPECT_EQ(f.handle.count(), 3u);
  EXPECT_EQ(f.handle.max(), 45s);
  EXPECT_EQ(f.handle.sum(), 95s);
}

TEST_F(StatisticsTransfer, ExpertGroupCountsSessionsEnteringItsQueue) {
  const auto& g = stats->group(accounting);
  EXPECT_EQ(g.offered, 1u);
  EXPECT_EQ(g.answered, 1u);
  EXPECT_EQ(g.abandoned, 0u);
  EXPECT_EQ(g.answered_within_threshold, 1u);
  EXPECT_EQ(g.transfer_wait.count(), 1u);
  EXPECT_EQ(g.transfer_wait.max(), 15s);
}

TEST_F(StatisticsTransfer, AbandonmentInAnExpertQueueCountsForTheExpertGroup) {
  const auto& g = stats->group(hr);
  EXPECT_EQ(g.offered, 1u);
  EXPECT_EQ(g.answered, 0u);
  EXPECT_EQ(g.abandoned, 1u);
  EXPECT_EQ(g.abandon_wait.max(), 30s);
  EXPECT_EQ(g.abandoned_within_threshold, 0u);
}

TEST_F(StatisticsTransfer, OperatorGroupCountsSessionsAnsweredThroughIt) {
  const auto& g = stats->group(general);
  EXPECT_EQ(g.answered, 2u);
  EXPECT_EQ(g.wait.count(), 2u);
  EXPECT_EQ(g.wait.max(), 20s);
}

TEST_F(StatisticsTransfer, TransferEndsTheOperatorsBusyTime) {
  EXPECT_EQ(stats->op(o1).handled, 2u);
  EXPECT_EQ(stats->op(o1).busy, 50s);
  EXPECT_EQ(stats->op(anna).handled, 1u);
  EXPECT_EQ(stats->op(anna).busy, 45s);
  EXPECT_EQ(stats->op(anna).online, 45s);
  EXPECT_EQ(stats->open_sessions(), 0u);
}

TEST_F(Statistics, RejectionAtAFullExpertQueueCountsForTheExpertGroup) {
  auto def = internal_definition();
  def.queue_limit = 1;
  auto chat = define(def);
  observe_from_now();
  set(o1, operator_status::online, 0s);
  set(o2, operator_status::online, 0s);
  auto s1 = arrive(chat, e1, 0s);               // o1
  auto s2 = arrive(chat, e2, 0s);               // o2
  ASSERT_TRUE(r.transfer(at(10s), o1, s1, hr)); // waits for hanna
  ASSERT_TRUE(r.transfer(at(20s), o2, s2, hr)); // hr queue full: rejected
  feed();
  finish(30s);

  const auto& g = stats->group(hr);
  EXPECT_EQ(g.offered, 2u); // both transfers reached the queue, as at a chat
  EXPECT_EQ(g.rejected, 1u);
  const auto& f = chat_figures(chat);
  EXPECT_EQ(f.offered, 2u);
  EXPECT_EQ(f.rejected, 0u); // both were answered first
  EXPECT_EQ(f.transferred, 2u);
  EXPECT_EQ(stats->open_sessions(), 1u); // s1 still waits for hanna
}

// A transferred session whose expert goes Offline is requeued in the expert
// queue and answered again by another expert. It entered the expert queue
// once, so the expert group has answered it once: answered must not exceed
// offered (else the group's service level exceeds 1).
TEST_F(Statistics, ExpertGroupCountsARequeuedTransferAsAnsweredOnce) {
  auto chat = define(internal_definition());
  observe_from_now({.sl_threshold = 20s});
  set(o1, operator_status::online, 0s);
  set(anna, operator_status::online, 0s);
  auto s = arrive(chat, e1, 0s);
  ASSERT_TRUE(r.transfer(at(10s), o1, s, accounting)); // anna at once
  feed();
  set(boris, operator_status::online, 15s);
  set(anna, operator_status::offline, 20s); // requeued: boris at once
  ASSERT_EQ(r.load_of(boris), 1);
  close(boris, s, 50s);
  finish(50s);

  const auto& g = stats->group(accounting);
  EXPECT_EQ(g.offered, 1u);
  EXPECT_EQ(g.answered, 1u);
  EXPECT_EQ(g.answered_within_threshold, 1u);
  EXPECT_LE(g.service_level().offered, 1.0);
  EXPECT_EQ(chat_figures(chat).requeued, 1u);
  EXPECT_EQ(stats->op(anna).busy, 10s);
  EXPECT_EQ(stats->op(boris).busy, 30s);
}

// The simulator's observer keeps the session tracks itself and passes each
// to the statistics: the figures must be those of the statistics' own table.
TEST_F(Statistics, TracksKeptByTheCallerGiveTheSameFigures) {
  auto chat = define(internal_definition());
  mirror_from_now({.sl_threshold = 20s, .warmup_end = at(1s)});
  set(o1, operator_status::online, 0s);
  set(o2, operator_status::online, 0s);
  set(anna, operator_status::online, 0s);
  auto early = arrive(chat, e2, 0s); // o1, before the warm-up: left out
  auto s = arrive(chat, e1, 2s);     // o2
  ASSERT_TRUE(r.transfer(at(10s), o2, s, accounting)); // anna at once
  feed();
  set(boris, operator_status::online, 15s);
  set(anna, operator_status::offline, 20s); // requeued: boris at once
  set(o2, operator_status::offline, 25s);
  auto late = arrive(chat, e2, 30s); // nobody free: waits
  leave(e2, late, 45s);              // abandoned
  EXPECT_EQ(mirror->open_sessions(), stats->open_sessions());
  close(boris, s, 50s);
  close(o1, early, 50s);
  finish(50s);

  auto same = [](const stats::queue_figures& m, const stats::queue_figures& q) {
    EXPECT_EQ(m.offered, q.offered);
    EXPECT_EQ(m.answered, q.answered);
    EXPECT_EQ(m.abandoned, q.abandoned);
    EXPECT_EQ(m.requeued, q.requeued);
    EXPECT_EQ(m.transferred, q.transferred);
    EXPECT_EQ(m.answered_within_threshold, q.answered_within_threshold);
    EXPECT_EQ(m.wait.count(), q.wait.count());
    EXPECT_EQ(m.handle.count(), q.handle.count());
  };
  same(mirror->chat(chat), stats->chat(chat));
  same(mirror->group(accounting), stats->group(accounting));
  same(mirror->group(general), stats->group(general));
  EXPECT_EQ(stats->chat(chat).abandoned, 1u);
  EXPECT_EQ(stats->group(accounting).answered, 1u);
  for (auto u : {o1, o2, anna, boris}) {
    EXPECT_EQ(mirror->op(u).busy, stats->op(u).busy);
    EXPECT_EQ(mirror->op(u).handled, stats->op(u).handled);
  }
  EXPECT_EQ(mirror->open_sessions(), 0u);
  EXPECT_EQ(stats->open_sessions(), 0u);
}

// -- bounded memory -----------------------------------------------------------

TEST_F(Statistics, OpenSessionsReturnToZeroOnceEverySessionEnded) {
  auto def = internal_definition();
  def.queue_limit = 1;
  auto chat = define(def);
  auto ext = define(external_definition());
  observe_from_now();
  set(o1, operator_status::online, 0s);
  auto s1 = arrive(chat, e1, 0s);         // o1
  auto s2 = arrive(chat, e2, 0s);         // waits
  arrive(chat, e2, 0s);                   // rejected
  auto s4 = arrive(ext, customer(1), 0s); // waits
  EXPECT_EQ(stats->open_sessions(), 3u);
  leave(e2, s2, 5s);                            // abandoned
  ASSERT_TRUE(r.transfer(at(10s), o1, s1, hr)); // o1 takes s4
  feed();
  set(hanna, operator_status::online, 20s); // hanna takes s1
  EXPECT_EQ(stats->open_sessions(), 2u);
  close(hanna, s1, 30s);
  close(o1, s4, 40s);
  finish(40s);
  EXPECT_EQ(stats->open_sessions(), 0u);
  EXPECT_EQ(r.live_session_count(), 0u);
}

TEST_F(Statistics, OpenSessionsStayBoundedOverManySessions) {
  auto chat = define(external_definition());
  observe_from_now();
  set(o1, operator_status::online, 0s);
  for (std::uint32_t k = 0; k < 1000; ++k) {
    auto t = std::chrono::seconds{10 * k};
    auto s = arrive(chat, customer(k), t);
    close(o1, s, t + 5s);
    ASSERT_EQ(stats->open_sessions(), 0u);
  }
  finish(10000s);
  EXPECT_EQ(chat_figures(chat).answered, 1000u);
  EXPECT_EQ(stats->op(o1).busy, 5000s);
}

} // namespace statistics_test
} // namespace livechat::testing
