// Capacity planning by simulation (sim/planning/plan.hpp) against the
// published Erlang staffing of ../shared/reference/QUEUEING.md, and where it
// must differ from Erlang.
#include "core/queueing/erlang.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/workspace.hpp"
#include "sim/planning/plan.hpp"
#include "tests/support/scenario_text.hpp"

#include <gtest/gtest.h>
#include <sstream>

namespace livechat {
namespace plan_test {

using testing::load_text;

using namespace std::chrono_literals;

scenarios::target_spec target(const char* text) {
  auto t = scenarios::parse_target(text);
  EXPECT_TRUE(t) << t.error;
  return *t.value;
}

// Row C2: 100 chats per 30 min, AHT 3 min, exponential; one interval over
// a day in steady state (the first hour is warm-up).
std::string c2_yaml(const std::string& extra_workload = "", int capacity = 1) {
  return R"(
name: c2
seed: 3
horizon: 9h
warmup: 1h
groups:
  - {name: agents, size: 14}
live_chats:
  - {name: line, channel: web, operators: [agents], capacity: )"
         + std::to_string(capacity) + R"(}
workload:
  - live_chat: line
    arrivals: {poisson: 200/h}
    handle_time: {exponential: 3m}
)" + extra_workload;
}

sim::planning::plan_options
one_interval(std::vector<scenarios::target_spec> t) {
  return {.interval = 9h,
          .targets = std::move(t),
          .shrinkage = 0.3,
          .max_occupancy = 1.0,
          .search_reps = 12,
          .confirm_reps = 12,
          .max_reps = 48,
          .threads = 2};
}

TEST(Plan, ReproducesErlangCStaffingOfRowC2) {
  auto [sc, ws] = load_text(c2_yaml());
  auto plan = sim::planning::make_plan(
    sc, ws, one_interval({target("service_level.offered >= 0.8 @ 20s")}));
  ASSERT_EQ(plan.groups.size(), 1u);
  ASSERT_EQ(plan.groups[0].intervals.size(), 1u);
  const auto& i = plan.groups[0].intervals[0];
  EXPECT_EQ(i.erlang.erlang_c.agents, 14);
  EXPECT_EQ(i.required, 14) << "the simulation agrees with Erlang C";
  EXPECT_EQ(i.positions, 20) << "ceil(14 / 0.7)";
  EXPECT_TRUE(i.met);
  EXPECT_TRUE(plan.all_met());
  ASSERT_EQ(i.achieved.size(), 1u);
  // 14 operators give the published 0.888.
  EXPECT_NEAR(i.achieved[0].value.mean, 0.888, 0.02);
  EXPECT_TRUE(plan.notes.empty());
}

TEST(Plan, WithPatienceAgreesWithErlangA) {
  auto [sc, ws] = load_text(c2_yaml("    patience: {exponential: 5m}\n"));
  // Erlang A: 13 operators lose 2.5 % of the customers, 14 lose 1.4 %.
  auto plan = sim::planning::make_plan(
    sc, ws, one_interval({target("abandon_rate <= 0.02")}));
  const auto& i = plan.groups.at(0).intervals.at(0);
  EXPECT_EQ(i.erlang.erlang_a.agents, 14);
  EXPECT_LT(i.erlang.erlang_c.agents, 14)
    << "Erlang C sees no abandonment: any stable staffing";
  EXPECT_EQ(i.required, 14) << "the simulation agrees with Erlang A";
  EXPECT_TRUE(i.met);
}

TEST(Plan, WithConcurrencyDiffersFromErlangAndSaysByHowMuch) {
  // Two chats at once per operator, each 20 % slower with two: Erlang
  // cannot see it (one agent is one server).
  auto [sc, ws]
    = load_text(c2_yaml("    handle_time_factor_by_load: [1.0, 1.2]\n", 2));
  auto plan = sim::planning::make_plan(
    sc, ws, one_interval({target("service_level.offered >= 0.8 @ 20s")}));
  const auto& g = plan.groups.at(0);
  const auto& i = g.intervals.at(0);
  EXPECT_EQ(i.erlang.erlang_c.agents, 14);
  EXPECT_LT(i.required, 12) << "concurrency needs far fewer operators";
  EXPECT_TRUE(i.met);
  EXPECT_LT(g.operator_hours, g.erlang_c_hours);
  EXPECT_DOUBLE_EQ(g.erlang_c_hours - g.operator_hours,
                   (14 - i.required) * 9.0);
}

TEST(Plan, ReportsTargetsThatCannotBeMetWithinMax) {
  auto [sc, ws] = load_text(c2_yaml());
  auto options = one_interval({target("service_level.offered >= 0.8 @ 20s")});
  options.max_agents = 12;
  auto plan = sim::planning::make_plan(sc, ws, options);
  const auto& i = plan.groups.at(0).intervals.at(0);
  EXPECT_EQ(i.required, 12) << "as many as allowed";
  EXPECT_FALSE(i.met);
  EXPECT_FALSE(plan.all_met());
  ASSERT_EQ(plan.notes.size(), 1u);
  EXPECT_NE(plan.notes[0].find("--max 12"), std::string::npos) << plan.notes[0];
}

TEST(Plan, FollowsATimeVaryingLoadIntervalByInterval) {
  auto [sc, ws] = load_text(R"(
name: day
seed: 5
horizon: 3h
groups:
  - {name: agents, size: 5}
live_chats:
  - {name: line, channel: web, operators: [agents]}
workload:
  - live_chat: line
    arrivals: {profile: [{from: 0h, rate: 40/h}, {from: 1h, rate: 200/h}, {from: 2h, rate: 40/h}]}
    handle_time: {exponential: 3m}
)");
  auto options = one_interval({target("service_level.offered >= 0.8 @ 20s")});
  options.interval = 1h;
  auto plan = sim::planning::make_plan(sc, ws, options);
  const auto& is = plan.groups.at(0).intervals;
  ASSERT_EQ(is.size(), 3u);
  EXPECT_GT(is[1].required, is[0].required + 5) << "the peak needs more";
  EXPECT_GT(is[1].required, is[2].required);
  EXPECT_TRUE(plan.all_met());
  ASSERT_EQ(plan.volume.size(), 2u);
  EXPECT_DOUBLE_EQ(plan.volume[0].factor, 0.9);
  EXPECT_DOUBLE_EQ(plan.volume[1].factor, 1.1);
  EXPECT_EQ(plan.volume[0].intervals, 3u);
}

} // namespace plan_test
} // namespace livechat
