// Validation of the virtual-time simulator against queueing theory
// (../shared/reference/QUEUEING.md): the Erlang A identity E[W] = P(Ab)/theta,
// the published reference rows that engine_test.cpp does not cover yet, and
// the routing policies' effect on aggregates and on fairness.
//
// Every test uses fixed seeds (the scenario's seed, replications 0..R-1) and
// takes its tolerance from the run's own standard error across replications:
// `expected` must lie within 3 SE of the simulated mean (4 SE for mean waits,
// see `mean_wait_k`), plus a small `eps` for known deterministic biases
// (histogram binning at the service level threshold); occupancy is checked
// against a bracket that accounts for the drain after the horizon (see
// `simulate`). Each check also requires the SE to be small enough to matter.
// The formulas' figures are checked against the published ones to the
// precision they were printed with. Scenarios live in
// tests/sim_engine/scenarios/; each test simulates at most ~50k sessions so it
// stays fast in the sanitizer build.
#include "core/live_chat.hpp"
#include "core/queueing/erlang.hpp"
#include "core/stats/running_stats.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/workspace.hpp"
#include "sim/engine.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

namespace livechat {
namespace validation_test {

using stats::running_stats;

struct loaded_scenario {
  scenarios::scenario sc;
  scenarios::scenario_workspace ws;
};

loaded_scenario load_path(const std::string& path) {
  auto loaded = scenarios::load_scenario_file(path);
  EXPECT_TRUE(loaded.ok()) << loaded.error_text();
  auto ws = scenarios::to_workspace(*loaded.value);
  EXPECT_TRUE(ws.has_value());
  return {std::move(*loaded.value), std::move(*ws)};
}

/// A scenario of this test, from tests/sim_engine/scenarios/.
loaded_scenario load(const std::string& name) {
  return load_path(std::string{LIVECHAT_SOURCE_DIR}
                   + "/tests/sim_engine/scenarios/" + name);
}

/// A shipped scenario, from scenarios/.
loaded_scenario load_shipped(const std::string& name) {
  return load_path(std::string{LIVECHAT_SOURCE_DIR} + "/scenarios/" + name);
}

/// `expected` lies within `k` standard errors (plus `eps`) of the mean.
void expect_within(const running_stats& sim, double expected, double eps,
                   const char* what, double k = 3) {
  auto tolerance = k * sim.standard_error() + eps;
  EXPECT_NEAR(sim.mean(), expected, tolerance)
    << what << ": simulated " << sim.mean() << " +- " << sim.standard_error()
    << " (SE), formula " << expected << ", tolerance " << k << " SE + " << eps;
  // A useless, noisy simulation must not pass by width alone.
  EXPECT_LT(sim.standard_error(), 0.25 * std::max(expected, 1e-3)) << what;
}

/// Mean waits (ASA, E[W], E[V]) per replication are right-skewed: a few
/// congested stretches make a replication's mean, so a run of calm
/// replications has both a low mean and a low sample SE. Their check allows
/// 4 SE instead of 3.
constexpr double mean_wait_k = 4;

/// The figure the formula gives matches the published one to the precision
/// it was printed with (`half_ulp` is half a unit of its last digit).
void expect_published(double formula, double published, double half_ulp,
                      const char* what) {
  EXPECT_NEAR(formula, published, half_ulp + 1e-12)
    << what << ": formula " << formula << ", published " << published;
}

/// P(W > 0): the share of arrivals that did not get an operator at once
/// (waits below 256 ns are binned exactly, so zero waits are counted exactly).
double p_wait(const stats::queue_figures& f) {
  auto at_once = f.wait.count_at_or_below(duration::zero());
  return 1.0 - static_cast<double>(at_once) / static_cast<double>(f.offered);
}

/// E[V], the mean virtual wait (the wait of an infinitely patient customer),
/// by Kaplan-Meier on the shared histogram grid: waits of answered sessions
/// are observed, abandonments are censored when the customer left; within a
/// bucket events come before censorings and sit at the bucket's middle.
double mean_virtual_wait_s(const stats::queue_figures& f) {
  auto at_risk = static_cast<double>(f.wait.count() + f.abandon_wait.count());
  double survival = 1.0;
  double mean = 0.0;
  double last = 0.0;
  auto a = f.wait.nonempty_buckets();
  auto b = f.abandon_wait.nonempty_buckets();
  auto ai = a.begin();
  auto bi = b.begin();
  while (ai != a.end() || bi != b.end()) {
    bool take_a = bi == b.end()
                  || (ai != a.end() && (*ai).index <= (*bi).index);
    auto bucket = take_a ? *ai : *bi;
    double events = 0;
    double censored = 0;
    if (ai != a.end() && (*ai).index == bucket.index) {
      events = static_cast<double>((*ai).count);
      ++ai;
    }
    if (bi != b.end() && (*bi).index == bucket.index) {
      censored = static_cast<double>((*bi).count);
      ++bi;
    }
    auto middle = to_seconds(bucket.lower)
                  + to_seconds(bucket.upper - bucket.lower) / 2;
    auto next = survival * (1.0 - events / at_risk);
    mean += middle * (survival - next);
    survival = next;
    at_risk -= events + censored;
    last = to_seconds(bucket.upper);
  }
  // Mass left after the last observation (censored): a lower bound.
  return mean + survival * last;
}

/// The figures a reference row is checked on, one value per replication.
struct row_figures {
  running_stats abandon_rate, asa_all, p_wait, sl_offered, sl_virtual,
    mean_virtual_wait, occupancy, occupancy_before_drain;
};

/// Runs replications 0 .. `replications` - 1 of the single-chat scenario `sc`
/// whose operators form the group `agents`.
row_figures simulate(const scenarios::scenario& sc,
                     const scenarios::scenario_workspace& ws,
                     std::uint64_t replications) {
  row_figures out;
  auto agents = ws.groups.at("agents");
  for (std::uint64_t r = 0; r < replications; ++r) {
    auto rep = sim::run_replication(sc, ws, r);
    EXPECT_EQ(rep.stranded, 0u);
    const auto& f = rep.stats.chat(chat_id{0});
    EXPECT_EQ(f.rejected, 0u);
    EXPECT_EQ(f.answered + f.abandoned, f.offered);
    out.abandon_rate.add(f.abandon_rate());
    out.asa_all.add(f.asa_all_s());
    out.p_wait.add(p_wait(f));
    auto sl = f.service_level();
    out.sl_offered.add(sl.offered);
    out.sl_virtual.add(sl.virtual_wait);
    out.mean_virtual_wait.add(mean_virtual_wait_s(f));
    // Occupancy is measured from the warm-up to the end of the run, which
    // includes the drain after the horizon, when arrivals have stopped and
    // operators run out of work. The stationary occupancy lies between the
    // measured one (the drain counted at its own, lower load) and all busy
    // time over the capacity time before the horizon (the drain's work
    // counted as if done before it).
    auto occupancy = rep.stats.group_occupancy(agents);
    auto measured = rep.end - timestamp{sc.warmup};
    auto before_drain = timestamp{sc.horizon} - timestamp{sc.warmup};
    out.occupancy.add(occupancy);
    out.occupancy_before_drain.add(occupancy * to_seconds(measured)
                                   / to_seconds(before_drain));
  }
  return out;
}

/// The stationary occupancy `expected` lies in the bracket of `f` (see
/// `simulate`), widened by 3 standard errors on each side.
void expect_occupancy(const row_figures& f, double expected) {
  auto lo = f.occupancy.mean() - 3 * f.occupancy.standard_error();
  auto hi = f.occupancy_before_drain.mean()
            + 3 * f.occupancy_before_drain.standard_error();
  EXPECT_GE(expected, lo) << "occupancy: simulated " << f.occupancy.mean()
                          << " +- " << f.occupancy.standard_error()
                          << " (SE), formula " << expected;
  EXPECT_LE(expected, hi) << "occupancy before the drain: simulated "
                          << f.occupancy_before_drain.mean() << " +- "
                          << f.occupancy_before_drain.standard_error()
                          << " (SE), formula " << expected;
  EXPECT_LT(f.occupancy.standard_error(), 0.01);
}

// -- E[W] = P(Ab) / theta ----------------------------------------------------

TEST(SimValidation, MeanWaitOfAllArrivalsEqualsAbandonRateOverTheta) {
  // M/M/n+M at critical load a = n = 12, mean patience 2 min: about 12.6 %
  // abandon. With exponential patience, customers leave the queue at rate
  // theta per waiting customer, so abandonments = theta * (sum of all waits)
  // up to a zero-mean martingale, in every replication.
  auto [sc, ws] = load("erlang-a-critical-load.yaml");
  ASSERT_EQ(sc.workload.size(), 1u);
  ASSERT_TRUE(sc.workload[0].patience.has_value());
  const double theta = 1.0 / to_seconds(sc.workload[0].patience->mean());
  // Per replication: E[W] - P(Ab)/theta' for the true theta and for thetas
  // 20 % off, to show the check would catch them.
  const std::vector<double> factors{1.0, 0.8, 1.2};
  std::vector<running_stats> gap(factors.size());
  running_stats asa_all, abandon;
  std::uint64_t sessions = 0;
  for (std::uint64_t r = 0; r < static_cast<std::uint64_t>(sc.replications);
       ++r) {
    auto rep = sim::run_replication(sc, ws, r);
    EXPECT_EQ(rep.stranded, 0u);
    const auto& f = rep.stats.chat(chat_id{0});
    EXPECT_EQ(f.rejected, 0u);
    EXPECT_EQ(f.answered + f.abandoned, f.offered);
    sessions += f.offered;
    asa_all.add(f.asa_all_s());
    abandon.add(f.abandon_rate());
    for (std::size_t i = 0; i < factors.size(); ++i)
      gap[i].add(f.asa_all_s() - f.abandon_rate() / (factors[i] * theta));
  }
  EXPECT_GT(sessions, 40000u);
  // Meaningful abandonment, so the identity is not 0 = 0.
  EXPECT_GT(abandon.mean(), 0.05);
  EXPECT_LT(abandon.mean(), 0.2);
  // The identity, paired per replication.
  EXPECT_NEAR(gap[0].mean(), 0.0, 3 * gap[0].standard_error())
    << "E[W] " << asa_all.mean() << " s, P(Ab)/theta " << abandon.mean() / theta
    << " s";
  // Power: a theta 20 % off shifts P(Ab)/theta by at least 1/6 of E[W]; the
  // paired check is at least twice as sharp as that.
  EXPECT_LT(3 * gap[0].standard_error(), asa_all.mean() / 12);
  for (std::size_t i = 1; i < factors.size(); ++i)
    EXPECT_GT(std::abs(gap[i].mean()), 3 * gap[i].standard_error())
      << "theta x " << factors[i] << " was not rejected";
  // And both sides agree with Erlang A.
  auto a = queueing::evaluate_erlang_a({.arrival_rate_per_s = 240.0 / 3600,
                                        .aht_s = 180,
                                        .agents = 12,
                                        .mean_patience_s = 1 / theta},
                                       20)
             .value();
  expect_published(a.asa_s, a.p_abandon / theta, 1e-9,
                   "Erlang A: ASA(all) = P(Ab)/theta");
  expect_within(abandon, a.p_abandon, 0, "P(abandon)");
  expect_within(asa_all, a.asa_s, 0, "E[W] over all arrivals (s)", mean_wait_k);
}

// -- Published rows not covered by engine_test.cpp --------------------------
// engine_test.cpp checks row C2's service level and ASA and row A1's
// abandonment, ASA, service level and occupancy.

TEST(SimValidation, ErlangCRowC2WaitProbabilityAndOccupancyMatchPublished) {
  // The shipped scenario of row C2, in 20 shorter runs (11 h after warm-up
  // instead of 39 h) to keep the test fast.
  auto [sc, ws] = load_shipped("erlang-c.yaml");
  sc.horizon = std::chrono::hours{12};
  auto sim = simulate(sc, ws, 20);
  auto c = queueing::evaluate_erlang_c(
             {.arrival_rate_per_s = 100.0 / 1800, .aht_s = 180, .agents = 14},
             20)
             .value();
  expect_published(c.p_wait, 0.174, 5e-4, "C2 P(wait)");
  expect_published(c.occupancy, 0.714, 5e-4, "C2 occupancy");
  EXPECT_EQ(sim.abandon_rate.mean(), 0.0);
  expect_within(sim.p_wait, c.p_wait, 0, "P(wait)");
  expect_occupancy(sim, c.occupancy);
}

TEST(SimValidation, ErlangCRowC3FifteenOperatorsMatchPublished) {
  auto [sc, ws] = load("erlang-c-row-c3.yaml");
  auto sim = simulate(sc, ws, static_cast<std::uint64_t>(sc.replications));
  auto c = queueing::evaluate_erlang_c(
             {.arrival_rate_per_s = 100.0 / 1800, .aht_s = 180, .agents = 15},
             20)
             .value();
  expect_published(c.service_level.offered, 0.941, 5e-4, "C3 SL");
  expect_published(c.occupancy, 0.667, 5e-4, "C3 occupancy");
  expect_published(c.p_wait, 0.102, 5e-4, "C3 P(wait)");
  EXPECT_EQ(sim.abandon_rate.mean(), 0.0);
  expect_within(sim.sl_offered, c.service_level.offered, 1e-3, "service level");
  expect_within(sim.p_wait, c.p_wait, 0, "P(wait)");
  expect_within(sim.asa_all, c.asa_s, 0, "ASA (s)", mean_wait_k);
  expect_occupancy(sim, c.occupancy);
}

TEST(SimValidation, ErlangCRowC4HeavyLoadMatchesPublished) {
  auto [sc, ws] = load("erlang-c-row-c4.yaml");
  auto sim = simulate(sc, ws, static_cast<std::uint64_t>(sc.replications));
  const double t = to_seconds(sc.service_level_threshold); // 0.333 min
  auto c = queueing::evaluate_erlang_c(
             {.arrival_rate_per_s = 4.0 / 60, .aht_s = 180, .agents = 14}, t)
             .value();
  expect_published(c.asa_s / 60, 0.72, 5e-3, "C4 ASA (min)");
  expect_published(c.service_level.offered, 0.6142, 5e-5, "C4 SL");
  expect_published(c.occupancy, 0.8571, 5e-5, "C4 occupancy");
  EXPECT_EQ(sim.abandon_rate.mean(), 0.0);
  expect_within(sim.asa_all, c.asa_s, 0, "ASA (s)", mean_wait_k);
  expect_within(sim.sl_offered, c.service_level.offered, 1e-3, "service level");
  expect_within(sim.p_wait, c.p_wait, 0, "P(wait)");
  expect_occupancy(sim, c.occupancy);
}

TEST(SimValidation, ErlangARowA2ImpatientCustomersMatchPublished) {
  auto [sc, ws] = load("erlang-a-row-a2.yaml");
  auto sim = simulate(sc, ws, static_cast<std::uint64_t>(sc.replications));
  const double t = to_seconds(sc.service_level_threshold); // 0.333 min
  auto a = queueing::evaluate_erlang_a({.arrival_rate_per_s = 4.0 / 60,
                                        .aht_s = 180,
                                        .agents = 14,
                                        .mean_patience_s = 60},
                                       t)
             .value();
  expect_published(a.service_level.virtual_wait, 0.8797, 5e-5, "A2 SL virtual");
  expect_published(a.p_abandon, 0.0743, 5e-5, "A2 abandonment");
  expect_published(a.occupancy, 0.7934, 5e-5, "A2 occupancy");
  expect_published(a.mean_virtual_wait_s / 60, 0.10, 5e-3, "A2 E[V] (min)");
  expect_within(sim.sl_virtual, a.service_level.virtual_wait, 1e-3,
                "service level virtual");
  expect_within(sim.abandon_rate, a.p_abandon, 0, "P(abandon)");
  expect_within(sim.mean_virtual_wait, a.mean_virtual_wait_s, 0.05,
                "E[V] by Kaplan-Meier (s)", mean_wait_k);
  expect_within(sim.p_wait, a.p_wait, 0, "P(wait)");
  expect_occupancy(sim, a.occupancy);
}

// -- Routing policies ---------------------------------------------------------

/// One policy's figures, per replication.
struct policy_run {
  std::vector<double> answered, wait_mean, asa_all, abandon_rate, occupancy,
    jain;
};

policy_run run_policy(scenarios::scenario sc, routing_policy_kind policy) {
  sc.live_chats[0].routing = policy;
  auto ws = scenarios::to_workspace(sc);
  EXPECT_TRUE(ws.has_value());
  auto agents = ws->groups.at("agents");
  policy_run out;
  for (std::uint64_t r = 0; r < static_cast<std::uint64_t>(sc.replications);
       ++r) {
    auto rep = sim::run_replication(sc, *ws, r);
    EXPECT_EQ(rep.stranded, 0u);
    const auto& f = rep.stats.chat(chat_id{0});
    out.answered.push_back(static_cast<double>(f.answered));
    out.wait_mean.push_back(f.wait.mean_seconds());
    out.asa_all.push_back(f.asa_all_s());
    out.abandon_rate.push_back(f.abandon_rate());
    out.occupancy.push_back(rep.stats.group_occupancy(agents));
    out.jain.push_back(rep.stats.fairness(agents).handled.jain);
  }
  return out;
}

running_stats summary(const std::vector<double>& xs) {
  running_stats s;
  for (auto x : xs)
    s.add(x);
  return s;
}

/// `x` and `y` agree: their paired per-replication difference (same seed and
/// replication: common random numbers) is within 3 SE of zero.
void expect_paired_agreement(const std::vector<double>& x,
                             const std::vector<double>& y, const char* what,
                             routing_policy_kind policy) {
  ASSERT_EQ(x.size(), y.size());
  running_stats diff;
  for (std::size_t i = 0; i < x.size(); ++i)
    diff.add(y[i] - x[i]);
  auto scale = std::abs(summary(x).mean());
  EXPECT_NEAR(diff.mean(), 0.0, 3 * diff.standard_error() + 1e-9 * scale)
    << what << " under " << to_string(policy) << ": longest_idle "
    << summary(x).mean() << ", " << to_string(policy) << " "
    << summary(y).mean() << ", paired difference " << diff.mean() << " +- "
    << diff.standard_error();
}

TEST(SimValidation,
     IdleOrderPoliciesAgreeOnAggregatesWhileFixedOrderIsLessFair) {
  // 8 identical operators with capacity 1 at occupancy about 0.63. Which idle
  // operator takes a session changes who works, not when sessions start:
  // queue figures are the same under every policy (handle times and patience
  // are keyed by session id, so the runs share their random numbers). The
  // comparison is paired per replication; with today's engine the paired
  // differences are exactly 0, and any future divergence is judged by its
  // own SE.
  auto [sc, ws] = load("idle-order.yaml");
  using kind = routing_policy_kind;
  const std::vector<kind> idle_order{kind::round_robin, kind::least_busy,
                                     kind::random};
  auto reference = run_policy(sc, kind::longest_idle);
  std::map<routing_policy_kind, policy_run> runs;
  for (auto p : idle_order)
    runs.emplace(p, run_policy(sc, p));
  auto fixed = run_policy(sc, kind::fixed_order);

  // The load is where the policy matters: idle operators exist, some abandon.
  auto occupancy = summary(reference.occupancy);
  EXPECT_GT(occupancy.mean(), 0.6);
  EXPECT_LT(occupancy.mean(), 0.7);
  EXPECT_GT(summary(reference.abandon_rate).mean(), 0.0);

  auto fixed_jain = summary(fixed.jain);
  auto fixed_ci = stats::confidence_interval_95(fixed_jain);
  for (auto p : idle_order) {
    const auto& run = runs.at(p);
    expect_paired_agreement(reference.answered, run.answered, "answered", p);
    expect_paired_agreement(reference.wait_mean, run.wait_mean, "wait.mean", p);
    expect_paired_agreement(reference.asa_all, run.asa_all, "asa_all", p);
    expect_paired_agreement(reference.abandon_rate, run.abandon_rate,
                            "abandon_rate", p);
    expect_paired_agreement(reference.occupancy, run.occupancy, "occupancy", p);
  }
  // fixed_order is visibly less fair than every idle-order policy: its 95 %
  // confidence interval of Jain's index on handled sessions lies below theirs,
  // and it is lower in every replication.
  runs.emplace(kind::longest_idle, reference);
  for (const auto& [p, run] : runs) {
    auto jain = summary(run.jain);
    auto ci = stats::confidence_interval_95(jain);
    EXPECT_LT(fixed_ci.hi, ci.lo)
      << "fixed_order Jain " << fixed_jain.mean() << " [" << fixed_ci.lo << ", "
      << fixed_ci.hi << "], " << to_string(p) << " " << jain.mean() << " ["
      << ci.lo << ", " << ci.hi << "]";
    for (std::size_t r = 0; r < run.jain.size(); ++r)
      EXPECT_LT(fixed.jain[r], run.jain[r])
        << "replication " << r << ": fixed_order vs " << to_string(p);
  }
}

} // namespace validation_test
} // namespace livechat
