// The Erlang starting point of capacity planning: interval loads of a
// scenario, and the Erlang C / Erlang A staffing answers, checked against the
// published rows of ../shared/reference/QUEUEING.md (C2, C3, A1) and hand
// arithmetic.
#include "scenarios/loader.hpp"
#include "scenarios/targets.hpp"
#include "scenarios/workspace.hpp"
#include "sim/engine.hpp"
#include "sim/planning/erlang_plan.hpp"
#include "tests/support/scenario_text.hpp"

#include <gtest/gtest.h>
#include <sstream>
#include <stdexcept>

namespace livechat {
namespace erlang_plan_test {

using testing::load_text;

using namespace std::chrono_literals;
using sim::planning::erlang_answer;
using sim::planning::group_interval_load;
using sim::planning::interval_loads;

std::vector<scenarios::target_spec>
targets(std::initializer_list<const char*> texts) {
  std::vector<scenarios::target_spec> out;
  for (auto text : texts) {
    auto t = scenarios::parse_target(text);
    EXPECT_TRUE(t.value.has_value()) << text << ": " << t.error;
    if (t.value)
      out.push_back(*t.value);
  }
  return out;
}

/// The loads of the group named `name`, every interval.
const std::vector<group_interval_load>&
loads_of(const std::vector<std::vector<group_interval_load>>& loads,
         const std::vector<group_id>& groups, const testing::loaded_scenario& l,
         const std::string& name) {
  auto g = l.ws.groups.at(name);
  for (std::size_t i = 0; i < groups.size(); ++i)
    if (groups[i] == g)
      return loads[i];
  throw std::runtime_error("no loads for " + name);
}

// Rows C2 / C3 / A1: 100 chats per 30 min, AHT 3 min.
const char* erlang_c_yaml = R"(
name: erlang-c
horizon: 8h
groups:
  - {name: Administrators, members: [admin]}
  - {name: agents, size: 14}
live_chats:
  - {name: line, channel: phone, operators: [agents]}
workload:
  - live_chat: line
    arrivals: {poisson: 200/h}
    handle_time: {exponential: 3m}
)";

const char* erlang_a_yaml = R"(
name: erlang-a
horizon: 8h
groups:
  - {name: Administrators, members: [admin]}
  - {name: agents, size: 14}
live_chats:
  - {name: line, channel: phone, operators: [agents]}
workload:
  - live_chat: line
    arrivals: {poisson: 200/h}
    handle_time: {exponential: 3m}
    patience: {exponential: 5m}
)";

/// The single group's load in the first 30-minute interval of `yaml`.
group_interval_load first_load(const char* yaml) {
  auto l = load_text(yaml);
  auto groups = sim::serving_groups(l.ws);
  auto loads = interval_loads(l.sc, l.ws, groups, 30min, 16);
  EXPECT_EQ(groups.size(), 1u);
  EXPECT_EQ(loads.size(), 1u);
  EXPECT_EQ(loads.at(0).size(), 16u);
  return loads.at(0).at(0);
}

TEST(ErlangPlan, PublishedRowC2FromAScenario) {
  auto load = first_load(erlang_c_yaml);
  EXPECT_NEAR(load.arrival_rate_per_s, 100.0 / 1800, 1e-12);
  EXPECT_NEAR(load.aht_s, 180, 1e-9);
  EXPECT_FALSE(load.mean_patience_s);
  EXPECT_NEAR(load.offered_erlangs(), 10, 1e-9);
  // 80 % within 20 s: 14 operators, 20 positions with shrinkage 0.3.
  auto ans = erlang_answer(
    load, targets({"service_level.offered >= 80% @ 20s"}), 0.3, 1.0, 1000);
  EXPECT_NEAR(ans.offered_erlangs, 10, 1e-9);
  EXPECT_TRUE(ans.erlang_c.met);
  EXPECT_EQ(ans.erlang_c.agents, 14);
  EXPECT_EQ(ans.erlang_c.positions, 20);
  // No patience: Erlang A is Erlang C.
  EXPECT_TRUE(ans.erlang_a.met);
  EXPECT_EQ(ans.erlang_a.agents, 14);
  EXPECT_EQ(ans.erlang_a.positions, 20);
}

TEST(ErlangPlan, PublishedRowC3OccupancyTargetCaps) {
  auto load = first_load(erlang_c_yaml);
  // As C2 with max occupancy 0.7: 15 operators, 22 positions.
  auto ans = erlang_answer(
    load, targets({"service_level.offered >= 0.8 @ 20s", "occupancy <= 0.7"}),
    0.3, 1.0, 1000);
  EXPECT_TRUE(ans.erlang_c.met);
  EXPECT_EQ(ans.erlang_c.agents, 15);
  EXPECT_EQ(ans.erlang_c.positions, 22);
  // The same cap given as the argument; the lower of the two counts.
  auto by_argument = erlang_answer(
    load, targets({"service_level.offered >= 0.8 @ 20s"}), 0.3, 0.7, 1000);
  EXPECT_EQ(by_argument.erlang_c.agents, 15);
  EXPECT_EQ(by_argument.erlang_c.positions, 22);
  auto lower = erlang_answer(
    load, targets({"service_level.offered >= 0.8 @ 20s", "occupancy <= 0.9"}),
    0.3, 0.7, 1000);
  EXPECT_EQ(lower.erlang_c.agents, 15);
  // A cap of 0.5 alone: ceil(10 / 0.5) = 20 agents.
  auto half = erlang_answer(load, targets({"occupancy <= 50%"}), 0, 1, 1000);
  EXPECT_EQ(half.erlang_c.agents, 20);
  EXPECT_EQ(half.erlang_c.positions, 20);
}

TEST(ErlangPlan, PatienceGivesASmallerErlangAAnswer) {
  auto load = first_load(erlang_a_yaml);
  ASSERT_TRUE(load.mean_patience_s);
  EXPECT_NEAR(*load.mean_patience_s, 300, 1e-9);
  // 80 % within 20 s: Erlang C 14 (SL 0.888 at 14, 0.796 at 13); Erlang A
  // 13 (SL offered 0.858 at 13, 0.772 at 12).
  auto ans = erlang_answer(
    load, targets({"service_level.offered >= 0.8 @ 20s"}), 0.3, 1.0, 1000);
  EXPECT_TRUE(ans.erlang_c.met);
  EXPECT_EQ(ans.erlang_c.agents, 14);
  EXPECT_EQ(ans.erlang_c.positions, 20);
  EXPECT_TRUE(ans.erlang_a.met);
  EXPECT_EQ(ans.erlang_a.agents, 13);
  EXPECT_EQ(ans.erlang_a.positions, 19); // ceil(13 / 0.7)
  EXPECT_LT(ans.erlang_a.agents, ans.erlang_c.agents);
}

TEST(ErlangPlan, PublishedRowA1ReproducedByTargets) {
  auto load = first_load(erlang_a_yaml);
  // A1: 14 agents give SL `offered` 0.916792 (Erlang C 0.888 at 14, so C
  // needs 15) and P(Ab) 0.013984 (0.024963 at 13).
  auto sl = erlang_answer(
    load, targets({"service_level.offered >= 0.9167 @ 20s"}), 0, 1, 1000);
  EXPECT_EQ(sl.erlang_a.agents, 14);
  EXPECT_EQ(sl.erlang_c.agents, 15);
  auto ab = erlang_answer(load, targets({"abandon_rate <= 0.014"}), 0, 1, 1000);
  EXPECT_TRUE(ab.erlang_a.met);
  EXPECT_EQ(ab.erlang_a.agents, 14);
  // Erlang C: nobody abandons, any stable staffing (more than 10) meets it.
  EXPECT_TRUE(ab.erlang_c.met);
  EXPECT_EQ(ab.erlang_c.agents, 11);
  auto tighter = erlang_answer(load, targets({"abandon_rate <= 0.0139"}), 0, 1,
                               1000);
  EXPECT_EQ(tighter.erlang_a.agents, 15);
}

TEST(ErlangPlan, SeveralTargetsTakeTheLargest) {
  auto load = first_load(erlang_c_yaml);
  // Erlang C: 80/20 needs 14; ASA <= 5 s needs 15 (7.84 s at 14, 3.67 s at
  // 15); 90 % of answered within 30 s needs 14 (0.911 at 14, 0.827 at 13).
  auto t = targets({"asa_answered_s <= 5", "service_level.offered >= 0.8 @ 20s",
                    "wait.p90 <= 30s"});
  auto each = [&](std::size_t i) {
    return erlang_answer(load, {t[i]}, 0.3, 1, 1000).erlang_c.agents;
  };
  EXPECT_EQ(each(0), 15);
  EXPECT_EQ(each(1), 14);
  EXPECT_EQ(each(2), 14);
  auto all = erlang_answer(load, t, 0.3, 1, 1000);
  EXPECT_TRUE(all.erlang_c.met);
  EXPECT_EQ(all.erlang_c.agents, 15);
  EXPECT_EQ(all.erlang_c.positions, 22);
  std::swap(t[0], t[2]);
  EXPECT_EQ(erlang_answer(load, t, 0.3, 1, 1000).erlang_c.agents, 15);
}

TEST(ErlangPlan, UnmeetableTargetWithinMaxAgentsIsNotMet) {
  auto load = first_load(erlang_a_yaml);
  auto t = targets({"service_level.offered >= 0.8 @ 20s"});
  // 13 agents at most: Erlang C needs 14, Erlang A 13.
  auto ans = erlang_answer(load, t, 0.3, 1, 13);
  EXPECT_FALSE(ans.erlang_c.met);
  EXPECT_EQ(ans.erlang_c.agents, 0);
  EXPECT_EQ(ans.erlang_c.positions, 0);
  EXPECT_TRUE(ans.erlang_a.met);
  EXPECT_EQ(ans.erlang_a.agents, 13);
  // One unmeetable target among met ones spoils the answer.
  auto two = erlang_answer(load,
                           targets({"service_level.offered >= 0.5 @ 20s",
                                    "service_level.offered >= 0.99 @ 20s"}),
                           0, 1, 14);
  EXPECT_FALSE(two.erlang_c.met);
  EXPECT_FALSE(two.erlang_a.met);
  // The occupancy cap alone can be out of reach: ceil(10 / 0.5) > 19.
  auto cap = erlang_answer(load, targets({"occupancy <= 0.5"}), 0, 1, 19);
  EXPECT_FALSE(cap.erlang_c.met);
  EXPECT_FALSE(cap.erlang_a.met);
}

TEST(ErlangPlan, ZeroLoadAndNoTargets) {
  auto t = targets({"service_level.offered >= 0.8 @ 20s"});
  for (const auto& zero :
       {group_interval_load{}, group_interval_load{0, 180, 300},
        group_interval_load{0.1, 0, std::nullopt}}) {
    auto ans = erlang_answer(zero, t, 0.3, 0.8, 100);
    EXPECT_EQ(ans.offered_erlangs, 0);
    EXPECT_TRUE(ans.erlang_c.met);
    EXPECT_EQ(ans.erlang_c.agents, 0);
    EXPECT_EQ(ans.erlang_c.positions, 0);
    EXPECT_TRUE(ans.erlang_a.met);
    EXPECT_EQ(ans.erlang_a.agents, 0);
  }
  // No target: stability and the cap. a = 10: Erlang C needs 11; Erlang A is
  // stable with any number, the cap of 1 asks ceil(10 / 1) = 10.
  group_interval_load load{100.0 / 1800, 180, 300};
  auto none = erlang_answer(load, {}, 0, 1, 100);
  EXPECT_EQ(none.erlang_c.agents, 11);
  EXPECT_EQ(none.erlang_a.agents, 10);
  auto capped = erlang_answer(load, {}, 0.2, 0.8, 100);
  EXPECT_EQ(capped.erlang_c.agents, 13); // ceil(10 / 0.8) = 12.5 -> 13
  EXPECT_EQ(capped.erlang_c.positions, 17);
  EXPECT_EQ(capped.erlang_a.agents, 13);
}

TEST(ErlangPlan, InvalidInputsThrow) {
  group_interval_load load{100.0 / 1800, 180, std::nullopt};
  auto t = targets({"service_level.offered >= 0.8 @ 20s"});
  EXPECT_THROW(erlang_answer(load, t, 1.0, 1, 100), std::invalid_argument);
  EXPECT_THROW(erlang_answer(load, t, 0, 0, 100), std::invalid_argument);
  EXPECT_THROW(erlang_answer(load, t, 0, 1, 0), std::invalid_argument);
  auto l = load_text(erlang_c_yaml);
  EXPECT_THROW(interval_loads(l.sc, l.ws, sim::serving_groups(l.ws),
                              duration::zero(), 1),
               std::invalid_argument);
}

TEST(ErlangPlan, RateProfileAveragesOverIntervals) {
  // Nothing before 10 min; 60/h until 45 min, then 180/h; arrivals stop at
  // the horizon, 80 min.
  auto l = load_text(R"(
name: profile
horizon: 80m
groups:
  - {name: agents, size: 5}
live_chats:
  - {name: web, channel: web, operators: [agents]}
workload:
  - live_chat: web
    arrivals:
      profile:
        - {from: 10m, rate: 60/h}
        - {from: 45m, rate: 180/h}
    handle_time: {constant: 2m}
)");
  auto groups = sim::serving_groups(l.ws);
  auto loads = interval_loads(l.sc, l.ws, groups, 30min, 4);
  ASSERT_EQ(loads.size(), 1u);
  const auto& agents = loads[0];
  ASSERT_EQ(agents.size(), 4u);
  // [0, 30m): 20 min of 60/h = 20 arrivals in 30 min -> 40/h.
  EXPECT_NEAR(agents[0].arrival_rate_per_s * 3600, 40, 1e-9);
  // [30m, 60m): 15 min of 60/h and 15 min of 180/h = 60 arrivals -> 120/h.
  EXPECT_NEAR(agents[1].arrival_rate_per_s * 3600, 120, 1e-9);
  // [60m, 90m): 20 min of 180/h before the horizon = 60 arrivals -> 120/h.
  EXPECT_NEAR(agents[2].arrival_rate_per_s * 3600, 120, 1e-9);
  // [90m, 120m): past the horizon.
  EXPECT_EQ(agents[3].arrival_rate_per_s, 0);
  EXPECT_EQ(agents[3].offered_erlangs(), 0);
  for (int k = 0; k < 3; ++k)
    EXPECT_NEAR(agents[k].aht_s, 120, 1e-9);
  // Interval of 15 min: the step at 45 min is an interval boundary.
  auto fine = interval_loads(l.sc, l.ws, groups, 15min, 6)[0];
  // [0, 15m): 5 min of 60/h; [75m, 90m): 5 min of 180/h.
  const double per_hour[] = {20, 60, 60, 180, 180, 60};
  for (int k = 0; k < 6; ++k)
    EXPECT_NEAR(fine[k].arrival_rate_per_s * 3600, per_hour[k], 1e-9) << k;
}

TEST(ErlangPlan, TraceArrivalsCountWhenGiven) {
  auto l = load_text(R"(
name: trace
horizon: 1h
groups:
  - {name: agents, size: 2}
live_chats:
  - {name: web, channel: web, operators: [agents]}
workload:
  - live_chat: web
    arrivals: {trace: unused.csv}
    handle_time: {exponential: 1m}
)");
  auto groups = sim::serving_groups(l.ws);
  auto unknown = interval_loads(l.sc, l.ws, groups, 30min, 2);
  EXPECT_EQ(unknown[0][0].arrival_rate_per_s, 0);
  EXPECT_EQ(unknown[0][1].arrival_rate_per_s, 0);
  std::vector<std::vector<duration>> traces{{1min, 2min, 30min, 59min, 61min}};
  auto known = interval_loads(l.sc, l.ws, groups, 30min, 3, &traces);
  EXPECT_NEAR(known[0][0].arrival_rate_per_s, 2.0 / 1800, 1e-12);
  EXPECT_NEAR(known[0][1].arrival_rate_per_s, 2.0 / 1800, 1e-12);
  EXPECT_EQ(known[0][2].arrival_rate_per_s, 0); // past the horizon
}

TEST(ErlangPlan, TransfersLoadExpertGroups) {
  auto l = load_text(R"(
name: transfers
horizon: 8h
groups:
  - {name: general, size: 6}
  - {name: second, size: 3}
  - {name: sales, size: 2}
  - {name: support, size: 2}
  - {name: idle, size: 1}
live_chats:
  - {name: web, channel: web, operators: [general, second],
     experts: [sales, support]}
  - {name: app, channel: app, operators: [general], experts: [support]}
workload:
  - live_chat: web
    arrivals: {poisson: 120/h}
    handle_time: {exponential: 5m}
    patience: {exponential: 2m}
    transfers:
      - {to: sales, probability: 0.25, handle_time: {exponential: 8m}}
      - {to: support, probability: 0.1}
  - live_chat: app
    arrivals: {poisson: 60/h}
    handle_time: {constant: 10m}
    patience: {exponential: 4m}
    transfers:
      - {to: support, probability: 0.5, handle_time: {uniform: {min: 10m, max: 30m}}}
)");
  std::vector<group_id> groups{
    l.ws.groups.at("general"), l.ws.groups.at("second"),
    l.ws.groups.at("sales"), l.ws.groups.at("support"), l.ws.groups.at("idle")};
  auto loads = interval_loads(l.sc, l.ws, groups, 1h, 2);
  ASSERT_EQ(loads.size(), 5u);
  for (int k = 0; k < 2; ++k) {
    // general: half of web (60/h, 5 min) and all of app (60/h, 10 min).
    const auto& general = loads[0][k];
    EXPECT_NEAR(general.arrival_rate_per_s * 3600, 120, 1e-9);
    EXPECT_NEAR(general.aht_s, 450, 1e-9);
    ASSERT_TRUE(general.mean_patience_s);
    EXPECT_NEAR(*general.mean_patience_s, 180, 1e-9); // (120 + 240) / 2
    EXPECT_NEAR(general.offered_erlangs(), 15, 1e-9);
    // second: the other half of web.
    const auto& second = loads[1][k];
    EXPECT_NEAR(second.arrival_rate_per_s * 3600, 60, 1e-9);
    EXPECT_NEAR(second.aht_s, 300, 1e-9);
    ASSERT_TRUE(second.mean_patience_s);
    EXPECT_NEAR(*second.mean_patience_s, 120, 1e-9);
    // sales: 25 % of web, 8 min each; transferred sessions have no patience.
    const auto& sales = loads[2][k];
    EXPECT_NEAR(sales.arrival_rate_per_s * 3600, 30, 1e-9);
    EXPECT_NEAR(sales.aht_s, 480, 1e-9);
    EXPECT_FALSE(sales.mean_patience_s);
    // support: 10 % of web at web's 5 min, 50 % of app at 20 min.
    const auto& support = loads[3][k];
    EXPECT_NEAR(support.arrival_rate_per_s * 3600, 42, 1e-9);
    EXPECT_NEAR(support.aht_s, (12 * 300.0 + 30 * 1200.0) / 42, 1e-9);
    EXPECT_FALSE(support.mean_patience_s);
    // idle serves nothing.
    EXPECT_EQ(loads[4][k].arrival_rate_per_s, 0);
    EXPECT_EQ(loads[4][k].aht_s, 0);
  }
  // Expert groups are planned by Erlang C: 30/h x 8 min = 4 Erlangs.
  auto sales = erlang_answer(loads[2][0], {}, 0, 1, 100);
  EXPECT_NEAR(sales.offered_erlangs, 4, 1e-9);
  EXPECT_EQ(sales.erlang_c.agents, 5);
  EXPECT_EQ(sales.erlang_a.agents, 5);
}

TEST(ErlangPlan, SeveralWorkloadsOfAChatAddUp) {
  const std::string head = R"(
name: two
horizon: 2h
groups:
  - {name: agents, size: 6}
live_chats:
  - {name: web, channel: web, operators: [agents]}
workload:
  - live_chat: web
    arrivals: {poisson: 60/h}
    handle_time: {exponential: 4m}
    patience: {exponential: 5m}
)";
  // The second workload's handling follows the chat's first workload (as in
  // the simulation); its arrivals and patience are its own.
  auto l = load_text(head + R"(
  - live_chat: web
    arrivals: {poisson: 120/h}
    handle_time: {exponential: 1m}
    patience: {exponential: 3m}
)");
  auto groups = sim::serving_groups(l.ws);
  auto load = interval_loads(l.sc, l.ws, groups, 30min, 1)[0][0];
  EXPECT_NEAR(load.arrival_rate_per_s * 3600, 180, 1e-9);
  EXPECT_NEAR(load.aht_s, 240, 1e-9);
  ASSERT_TRUE(load.mean_patience_s);
  EXPECT_NEAR(*load.mean_patience_s, (60 * 300.0 + 120 * 180.0) / 180, 1e-9);
  // One workload without patience: no patience, Erlang A is Erlang C.
  auto m = load_text(head + R"(
  - live_chat: web
    arrivals: {poisson: 120/h}
    handle_time: {exponential: 4m}
)");
  auto impatient = interval_loads(m.sc, m.ws, groups, 30min, 1)[0][0];
  EXPECT_FALSE(impatient.mean_patience_s);
  auto ans = erlang_answer(
    impatient, targets({"service_level.offered >= 0.8 @ 20s"}), 0, 1, 100);
  EXPECT_EQ(ans.erlang_a.agents, ans.erlang_c.agents);
}

TEST(ErlangPlan, MessageModelHandlingIsTheConversationPlusWrapUp) {
  auto aht_of = [](const std::string& messages) {
    auto l = load_text(R"(
name: conversation
horizon: 1h
groups:
  - {name: agents, size: 2}
live_chats:
  - {name: web, channel: web, operators: [agents], capacity: 3}
workload:
  - live_chat: web
    arrivals: {poisson: 30/h}
    handle_time: {constant: 5s}
)" + messages);
    auto groups = sim::serving_groups(l.ws);
    return interval_loads(l.sc, l.ws, groups, 30min, 1)[0][0].aht_s;
  };
  // 3 x 10 s replies + 2 x 20 s thinking + 5 s wrap-up.
  EXPECT_NEAR(aht_of("    messages: {per_session: {constant: 3}, "
                     "customer_think: {constant: 20s}, "
                     "operator_reply: {constant: 10s}}\n"),
              75, 1e-9);
  // Means: 6 x 25 s + 5 x 40 s + 5 s.
  EXPECT_NEAR(aht_of("    messages: {per_session: {exponential: 6}, "
                     "customer_think: {exponential: 40s}, "
                     "operator_reply: {gamma: {mean: 25s, sd: 10s}}}\n"),
              355, 1e-9);
  // A mean below one message counts as one: 10 s + 5 s.
  EXPECT_NEAR(aht_of("    messages: {per_session: {uniform: {min: 0, max: 1}}, "
                     "customer_think: {constant: 20s}, "
                     "operator_reply: {constant: 10s}}\n"),
              15, 1e-9);
  // Without a message model, the handle time; capacity 3 is ignored.
  EXPECT_NEAR(aht_of(""), 5, 1e-9);
}

TEST(ErlangPlan, MessageModelAhtCarriesToExpertsWithoutTheirOwnTime) {
  auto l = load_text(R"(
name: conversation-transfer
horizon: 1h
groups:
  - {name: agents, size: 2}
  - {name: experts, size: 1}
  - {name: others, size: 1}
live_chats:
  - {name: web, channel: web, operators: [agents], experts: [experts, others]}
workload:
  - live_chat: web
    arrivals: {poisson: 60/h}
    handle_time: {constant: 5s}
    transfers:
      - {to: experts, probability: 0.5}
      - {to: others, probability: 0.25, handle_time: {constant: 1m}}
    messages: {per_session: {constant: 3}, customer_think: {constant: 20s},
               operator_reply: {constant: 10s}}
)");
  auto groups = sim::serving_groups(l.ws);
  auto loads = interval_loads(l.sc, l.ws, groups, 30min, 1);
  const auto& experts = loads_of(loads, groups, l, "experts")[0];
  EXPECT_NEAR(experts.arrival_rate_per_s * 3600, 30, 1e-9);
  EXPECT_NEAR(experts.aht_s, 75, 1e-9);
  const auto& others = loads_of(loads, groups, l, "others")[0];
  EXPECT_NEAR(others.arrival_rate_per_s * 3600, 15, 1e-9);
  EXPECT_NEAR(others.aht_s, 60, 1e-9);
}

} // namespace erlang_plan_test
} // namespace livechat
