// The simulation engine against the Erlang formulas, and its determinism.
// Tolerances come from the replications' own standard error.
#include "core/queueing/erlang.hpp"
#include "core/stats/running_stats.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/workspace.hpp"
#include "sim/engine.hpp"

#include <gtest/gtest.h>

namespace livechat {
namespace engine_test {

struct loaded_scenario {
  scenarios::scenario sc;
  scenarios::scenario_workspace ws;
};

loaded_scenario load(const std::string& name) {
  auto loaded = scenarios::load_scenario_file(std::string{LIVECHAT_SOURCE_DIR}
                                              + "/scenarios/" + name);
  EXPECT_TRUE(loaded.ok()) << loaded.error_text();
  auto ws = scenarios::to_workspace(*loaded.value);
  EXPECT_TRUE(ws.has_value());
  return {std::move(*loaded.value), std::move(*ws)};
}

/// `expected` lies within 3 standard errors (plus `eps`) of the mean.
void expect_within(const stats::running_stats& sim, double expected, double eps,
                   const char* what) {
  auto tolerance = 3 * sim.standard_error() + eps;
  EXPECT_NEAR(sim.mean(), expected, tolerance)
    << what << ": simulated " << sim.mean() << " +- " << sim.standard_error()
    << " (SE), formula " << expected;
  // A useless, noisy simulation must not pass by width alone.
  EXPECT_LT(sim.standard_error(), 0.2 * std::max(expected, 1e-3)) << what;
}

TEST(SimEngine, ErlangAScenarioReproducesErlangA) {
  auto [sc, ws] = load("erlang-a.yaml");
  stats::running_stats abandon, asa, sl, occupancy;
  for (std::uint64_t r = 0; r < 12; ++r) {
    auto rep = sim::run_replication(sc, ws, r);
    EXPECT_EQ(rep.stranded, 0u);
    const auto& f = rep.stats.chat(chat_id{0});
    abandon.add(f.abandon_rate());
    asa.add(f.asa_all_s());
    sl.add(f.service_level().offered);
    occupancy.add(rep.stats.group_occupancy(ws.groups.at("agents")));
  }
  auto a = queueing::evaluate_erlang_a({.arrival_rate_per_s = 200.0 / 3600,
                                        .aht_s = 180,
                                        .agents = 14,
                                        .mean_patience_s = 300},
                                       20)
             .value();
  expect_within(abandon, a.p_abandon, 1e-4, "P(abandon)");
  expect_within(asa, a.asa_s, 0.05, "ASA over all arrivals (s)");
  expect_within(sl, a.service_level.offered, 1e-3, "service level offered");
  expect_within(occupancy, a.occupancy, 2e-3, "occupancy");
}

TEST(SimEngine, ErlangCScenarioReproducesErlangC) {
  auto [sc, ws] = load("erlang-c.yaml");
  stats::running_stats sl, asa;
  for (std::uint64_t r = 0; r < 12; ++r) {
    auto rep = sim::run_replication(sc, ws, r);
    const auto& f = rep.stats.chat(chat_id{0});
    EXPECT_EQ(f.abandoned, 0u);
    sl.add(f.service_level().offered);
    asa.add(f.asa_all_s());
  }
  auto c = queueing::evaluate_erlang_c(
             {.arrival_rate_per_s = 200.0 / 3600, .aht_s = 180, .agents = 14},
             20)
             .value();
  expect_within(sl, c.service_level.offered, 1e-3, "service level");
  expect_within(asa, c.asa_s, 0.1, "ASA (s)");
}

TEST(SimEngine, SameSeedAndReplicationGiveIdenticalFigures) {
  auto [sc, ws] = load("internal-external.yaml");
  auto a = sim::run_replication(sc, ws, 3);
  auto b = sim::run_replication(sc, ws, 3);
  auto c = sim::run_replication(sc, ws, 4);
  for (std::uint32_t chat = 0; chat < 2; ++chat) {
    const auto& fa = a.stats.chat(chat_id{chat});
    const auto& fb = b.stats.chat(chat_id{chat});
    EXPECT_EQ(fa.offered, fb.offered);
    EXPECT_EQ(fa.answered, fb.answered);
    EXPECT_EQ(fa.abandoned, fb.abandoned);
    EXPECT_EQ(fa.wait, fb.wait);
    EXPECT_EQ(fa.handle, fb.handle);
  }
  EXPECT_EQ(a.end, b.end);
  EXPECT_EQ(a.jobs, b.jobs);
  EXPECT_NE(a.stats.chat(chat_id{0}).wait, c.stats.chat(chat_id{0}).wait);
}

TEST(SimEngine, SeedScenarioDrainsEverySessionAndTransfersToExperts) {
  auto [sc, ws] = load("internal-external.yaml");
  auto rep = sim::run_replication(sc, ws, 0);
  EXPECT_EQ(rep.stranded, 0u);
  EXPECT_GE(rep.end, timestamp{sc.horizon});
  const auto& internal = rep.stats.chat(chat_id{0});
  const auto& external = rep.stats.chat(chat_id{1});
  EXPECT_GT(internal.offered, 300u);
  EXPECT_GT(external.offered, 450u);
  EXPECT_GT(internal.transferred, 0u);
  EXPECT_GT(rep.stats.group(ws.groups.at("accounting")).answered, 0u);
  EXPECT_GT(rep.stats.group(ws.groups.at("sales")).answered, 0u);
}

} // namespace engine_test
} // namespace livechat
