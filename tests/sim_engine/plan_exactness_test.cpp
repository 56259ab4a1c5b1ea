// Plans a planner can trust: on stationary models whose exact answer is
// known (Erlang C for M/M/n, Erlang A for M/M/n+M), every interval after the
// warm-up gets exactly that answer, never fewer, over several seeds; the
// operator-hours equal the exact answer's and the report says the plan
// agrees with Erlang. Before the decision rule, a 200-hour day put 12
// operators in 62 of 400 intervals where 13 are needed.
//
// The models: QUEUEING.md rows C2, C3, C4, A1 and A2 with a planning target
// each, and the two models of the issue. Days are shorter than the issue's
// 200 hours (the decisions pool a stationary stretch, so 40 hours suffice)
// to keep the suite fast under the sanitizers.
#include "scenarios/targets.hpp"
#include "sim/planning/plan.hpp"
#include "sim/reports/plan_report.hpp"
#include "tests/support/scenario_text.hpp"

#include <gtest/gtest.h>
#include <sstream>
#include <string>

namespace livechat {
namespace plan_exactness_test {

using namespace std::chrono_literals;

struct stationary_model {
  const char* name;
  double arrivals_per_h;
  const char* patience; ///< "" for none
  const char* target;
  double max_occupancy;
  int exact; ///< the published / exact Erlang answer
  bool erlang_a;
};

std::string yaml(const stationary_model& m, int seed) {
  std::string patience = *m.patience
                           ? std::string{"    patience: {exponential: "}
                               + m.patience + "}\n"
                           : "";
  return "name: " + std::string{m.name} + "\nseed: " + std::to_string(seed)
         + R"(
horizon: 40h
warmup: 2h
groups:
  - {name: agents, size: 10}
live_chats:
  - {name: line, channel: web, operators: [agents], routing: longest_idle}
workload:
  - live_chat: line
    arrivals: {poisson: )"
         + std::to_string(m.arrivals_per_h) + R"(/h}
    handle_time: {exponential: 3m}
)" + patience;
}

/// Several seeds. Under AddressSanitizer (ten times slower) the point is
/// memory and undefined behaviour: one seed of two models (one without and
/// one with patience) there; the normal build covers every model and seed.
#ifdef LIVECHAT_ASAN
constexpr int seeds[] = {1};
constexpr bool sanitized = true;
#else
constexpr int seeds[] = {1, 2, 3};
constexpr bool sanitized = false;
#endif

class PlanExactness : public ::testing::TestWithParam<stationary_model> {};

TEST_P(PlanExactness, EveryIntervalGetsTheExactAnswerAndTheReportAgrees) {
  const auto& m = GetParam();
  if (sanitized && std::string{m.name} != "c2"
      && std::string{m.name} != "issue-mmn-m")
    GTEST_SKIP() << "the normal build covers this model";
  for (int seed : seeds) {
    auto [sc, ws] = testing::load_text(yaml(m, seed));
    auto target = scenarios::parse_target(m.target);
    ASSERT_TRUE(target) << target.error;
    auto plan = sim::planning::make_plan(sc, ws,
                                         {.interval = 30min,
                                          .targets = {*target.value},
                                          .max_occupancy = m.max_occupancy,
                                          .search_reps = 4,
                                          .confirm_reps = 4,
                                          .max_reps = 16,
                                          .threads = 2});
    ASSERT_EQ(plan.groups.size(), 1u);
    const auto& g = plan.groups[0];
    ASSERT_EQ(g.intervals.size(), 80u);
    double exact_hours = 0;
    for (const auto& i : g.intervals) {
      const auto& e = m.erlang_a ? i.erlang.erlang_a : i.erlang.erlang_c;
      ASSERT_EQ(e.agents, m.exact) << m.name << ": the formula's own answer";
      EXPECT_EQ(i.required, m.exact)
        << m.name << " seed " << seed << ", interval " << i.index
        << (i.warmup ? " (warm-up)" : "");
      if (!i.warmup) {
        EXPECT_TRUE(i.met) << m.name << " seed " << seed << ", interval "
                           << i.index;
      }
      exact_hours += m.exact * 0.5;
    }
    EXPECT_DOUBLE_EQ(g.operator_hours, exact_hours) << m.name;
    std::ostringstream text;
    sim::planning::write_plan_text(text, sc, plan);
    auto agrees = std::string{"vs Erlang "} + (m.erlang_a ? "A" : "C")
                  + " agrees";
    EXPECT_NE(text.str().find(agrees), std::string::npos)
      << m.name << ":\n"
      << text.str().substr(0, 600);
  }
}

INSTANTIATE_TEST_SUITE_P(
  StationaryModels, PlanExactness,
  ::testing::Values(
    // Row C2: 14 operators give SL 0.888; 13 give 0.796, just short.
    stationary_model{"c2", 200, "", "service_level.offered >= 0.8 @ 20s", 1, 14,
                     false},
    // Row C3: with occupancy at most 0.7, 15 (14 run at 0.714).
    stationary_model{"c3", 200, "", "service_level.offered >= 0.8 @ 20s", 0.7,
                     15, false},
    // Row C4: 4 a minute; 14 give an ASA of 0.72 min, 13 over 2 min. (Its
    // SL of 0.614 is 0.014 above a 0.6 target: at occupancy 0.86 telling
    // that apart takes far more than 40 hours; the plan would then hold 15,
    // never 13.)
    stationary_model{"c4", 240, "", "asa_answered_s <= 60", 1, 14, false},
    // Row A1: patience 5 min; 14 lose 1.4 %, 13 lose 2.5 %.
    stationary_model{"a1", 200, "5m", "abandon_rate <= 0.02", 1, 14, true},
    // Row A2: 4 a minute, patience 1 min; 14 lose 7.43 %.
    stationary_model{"a2", 240, "1m", "abandon_rate <= 0.08", 1, 14, true},
    // The issue's M/M/n: 13 give SL 0.895 within 60 s, 12 give 0.769.
    stationary_model{"issue-mmn", 200, "", "service_level.offered >= 0.8 @ 60s",
                     1, 13, false},
    // The issue's M/M/n+M: 13 give SL 0.858 within 20 s, 12 give 0.772.
    stationary_model{"issue-mmn-m", 200, "5m",
                     "service_level.offered >= 0.8 @ 20s", 1, 13, true}),
  [](const auto& test) {
    std::string name = test.param.name;
    for (auto& c : name)
      if (c == '-')
        c = '_';
    return name;
  });

} // namespace plan_exactness_test
} // namespace livechat
