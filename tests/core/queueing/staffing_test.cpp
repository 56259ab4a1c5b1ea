#include "core/queueing/staffing.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>

namespace staffing_test {

using namespace livechat::queueing;

constexpr double minute = 60;
constexpr double digits3 = 5e-4;

// Row C2 of QUEUEING.md (pyworkforce test_erlang.py): 100 chats per 30 min,
// AHT 3 min, "80 % within 0.33 min", shrinkage 0.3, max occupancy 0.85.
staffing_inputs row_c2() {
  staffing_inputs in;
  in.arrival_rate_per_s = 100.0 / 1800;
  in.aht_s = 3 * minute;
  in.target = service_level_target(0.8, 0.33 * minute);
  in.shrinkage = 0.3;
  in.max_occupancy = 0.85;
  return in;
}

// Row A1's system: as C2 with a mean patience of 5 min, "within 20 s".
staffing_inputs row_a1(staffing_target target) {
  staffing_inputs in;
  in.arrival_rate_per_s = 100.0 / 1800;
  in.aht_s = 3 * minute;
  in.mean_patience_s = 5 * minute;
  in.target = target;
  return in;
}

bool meets_target(const staffing_inputs& in, int n) {
  const staffing_target& t = in.target;
  double p_wait = 0, p_abandon = 0, asa = 0;
  service_levels sl;
  if (in.mean_patience_s) {
    auto f = evaluate_erlang_a(
      {in.arrival_rate_per_s, in.aht_s, n, *in.mean_patience_s}, t.threshold_s);
    EXPECT_TRUE(f);
    p_wait = f->p_wait;
    p_abandon = f->p_abandon;
    asa = f->asa_s;
    sl = f->service_level;
  } else {
    auto f = evaluate_erlang_c({in.arrival_rate_per_s, in.aht_s, n},
                               t.threshold_s);
    EXPECT_TRUE(f);
    p_wait = f->p_wait;
    asa = f->asa_s;
    sl = f->service_level;
  }
  switch (t.metric) {
    case staffing_metric::service_level: return sl.get(t.definition) >= t.value;
    case staffing_metric::asa: return asa <= t.value;
    case staffing_metric::abandon_rate: return p_abandon <= t.value;
    case staffing_metric::p_wait: return p_wait <= t.value;
  }
  return false;
}

// The plan's raw agents meet the target and one fewer does not.
void expect_fewest(const staffing_inputs& in, const staffing_plan& plan) {
  ASSERT_TRUE(plan.met);
  ASSERT_GE(plan.raw_agents, 1);
  EXPECT_TRUE(meets_target(in, plan.raw_agents));
  if (plan.raw_agents > 1) {
    EXPECT_FALSE(meets_target(in, plan.raw_agents - 1));
  }
}

TEST(PlanStaffing, MatchesPyworkforceRowC2) {
  auto plan = plan_staffing(row_c2());
  ASSERT_TRUE(plan);
  EXPECT_TRUE(plan->met);
  EXPECT_EQ(plan->raw_agents, 14);
  EXPECT_EQ(plan->agents, 14);
  EXPECT_EQ(plan->positions, 20); // 14 / 0.7 = 20, not 21
  EXPECT_EQ(plan->achieved.agents, 14);
  EXPECT_NEAR(plan->achieved.service_level.offered, 0.888, digits3);
  EXPECT_NEAR(plan->achieved.occupancy, 0.714, digits3);
  EXPECT_NEAR(plan->achieved.p_wait, 0.174, digits3);
  EXPECT_EQ(plan->achieved.p_abandon, 0.0);
  expect_fewest(row_c2(), *plan);
}

TEST(PlanStaffing, MatchesPyworkforceRowC3WithOccupancyCap) {
  auto in = row_c2();
  in.max_occupancy = 0.7; // 10 / 14 = 0.714 > 0.7, so ceil(10 / 0.7) = 15
  auto plan = plan_staffing(in);
  ASSERT_TRUE(plan);
  EXPECT_TRUE(plan->met);
  EXPECT_EQ(plan->raw_agents, 14);
  EXPECT_EQ(plan->agents, 15);
  EXPECT_EQ(plan->positions, 22);
  EXPECT_EQ(plan->achieved.agents, 15);
  EXPECT_NEAR(plan->achieved.service_level.offered, 0.941, digits3);
  EXPECT_NEAR(plan->achieved.occupancy, 0.667, digits3);
  EXPECT_NEAR(plan->achieved.p_wait, 0.102, digits3);
}

TEST(PlanStaffing, ShrinkageAndCapIgnoreFloatingPointExcess) {
  // a = 7 exactly at the cap 0.7 -> 10 agents (7 / 0.7 = 10.000000000000002);
  // 10 agents at shrinkage 0.3 -> 10 / 0.7 -> 15 positions.
  staffing_inputs in;
  in.arrival_rate_per_s = 0.07;
  in.aht_s = 100;
  in.target = p_wait_target(1.0); // met by the first stable n = 8
  in.max_occupancy = 0.7;
  in.shrinkage = 0.3;
  auto plan = plan_staffing(in);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->raw_agents, 8);
  EXPECT_EQ(plan->agents, 10);
  EXPECT_EQ(plan->positions, 15);
  // No shrinkage: positions are the agents.
  in.shrinkage = 0;
  plan = plan_staffing(in);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->positions, 10);
}

TEST(PlanStaffing, MeetsAsaTargetWithFewestAgents) {
  auto in = row_c2();
  in.target = asa_target(10); // n = 13: 17.1 s, n = 14: 7.8 s
  auto plan = plan_staffing(in);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->raw_agents, 14);
  EXPECT_LE(plan->achieved.asa_s, 10);
  expect_fewest(in, *plan);
}

TEST(PlanStaffing, MeetsWaitProbabilityTargetWithFewestAgents) {
  auto in = row_c2();
  in.target = p_wait_target(0.2); // n = 13: 0.285, n = 14: 0.174
  auto plan = plan_staffing(in);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->raw_agents, 14);
  expect_fewest(in, *plan);
}

TEST(PlanStaffing, UsesErlangAWhenPatienceIsGiven) {
  // Row A1: 14 agents give offered SL 0.916792 and P(Ab) 0.013984.
  auto plan = plan_staffing(row_a1(service_level_target(0.9, 20)));
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->raw_agents, 14);
  EXPECT_NEAR(plan->achieved.service_level.offered, 0.916792, 5e-7);
  EXPECT_NEAR(plan->achieved.p_abandon, 0.013984, 5e-7);
  expect_fewest(row_a1(service_level_target(0.9, 20)), *plan);
}

TEST(PlanStaffing, FindsFewestAgentsForEveryErlangATarget) {
  const staffing_target targets[] = {
    service_level_target(0.8, 20, service_level_definition::offered),
    service_level_target(0.95, 20, service_level_definition::answered),
    service_level_target(0.95, 20,
                         service_level_definition::excl_short_abandons),
    service_level_target(0.95, 20, service_level_definition::virtual_wait),
    asa_target(3),
    abandon_rate_target(0.005),
    p_wait_target(0.05),
  };
  for (const auto& t : targets) {
    SCOPED_TRACE(::testing::Message()
                 << "metric " << static_cast<int>(t.metric) << " definition "
                 << to_string(t.definition) << " value " << t.value);
    auto in = row_a1(t);
    auto plan = plan_staffing(in);
    ASSERT_TRUE(plan);
    expect_fewest(in, *plan);
  }
}

TEST(PlanStaffing, ErlangAStaffsOverloadedDemandFromOneAgent) {
  // Erlang A is stable below a: a loose abandon target is met with n < a.
  staffing_inputs in;
  in.arrival_rate_per_s = 0.2;
  in.aht_s = 100; // a = 20
  in.mean_patience_s = 30;
  in.target = abandon_rate_target(0.6);
  auto plan = plan_staffing(in);
  ASSERT_TRUE(plan);
  EXPECT_LT(plan->raw_agents, 20);
  expect_fewest(in, *plan);
}

TEST(PlanStaffing, ReportsUnreachableTargetWithinMaxAgents) {
  auto in = row_c2();
  in.max_agents = 13; // the target needs 14
  auto plan = plan_staffing(in);
  ASSERT_TRUE(plan);
  EXPECT_FALSE(plan->met);
  EXPECT_EQ(plan->raw_agents, 0);
  EXPECT_EQ(plan->agents, 0);
  EXPECT_EQ(plan->positions, 0);
  EXPECT_EQ(plan->achieved.agents, 13); // what the cap would give
  EXPECT_LT(plan->achieved.service_level.offered, 0.8);
}

TEST(PlanStaffing, ReportsUnreachableWhenMaxAgentsCannotCarryTheLoad) {
  auto in = row_c2();
  in.max_agents = 9; // a = 10: Erlang C is unstable for every n <= 9
  auto plan = plan_staffing(in);
  ASSERT_TRUE(plan);
  EXPECT_FALSE(plan->met);
  EXPECT_EQ(plan->achieved.agents, 9);
  EXPECT_EQ(plan->achieved.service_level.offered, 0.0);
  EXPECT_TRUE(std::isinf(plan->achieved.asa_s));
}

TEST(PlanStaffing, ReportsUnreachableWhenOccupancyCapExceedsMaxAgents) {
  auto in = row_c2();
  in.max_occupancy = 0.5; // needs 20 agents
  in.max_agents = 16;
  auto plan = plan_staffing(in);
  ASSERT_TRUE(plan);
  EXPECT_FALSE(plan->met);
  EXPECT_EQ(plan->raw_agents, 14); // the target alone is reachable
  EXPECT_EQ(plan->agents, 0);
  EXPECT_EQ(plan->achieved.agents, 16);
}

TEST(PlanStaffing, UnreachableSearchStopsAtMaxAgents) {
  // An ASA of exactly 0 s is out of reach while anyone can wait; the search
  // stops at max_agents instead of looping.
  staffing_inputs in;
  in.arrival_rate_per_s = 10;
  in.aht_s = 100; // a = 1000
  in.mean_patience_s = 100;
  in.target = service_level_target(1.0, 0);
  in.max_agents = 1005;
  auto plan = plan_staffing(in);
  ASSERT_TRUE(plan);
  EXPECT_FALSE(plan->met);
  EXPECT_EQ(plan->achieved.agents, 1005);
}

TEST(PlanStaffing, NoArrivalsNeedNoAgents) {
  auto in = row_c2();
  in.arrival_rate_per_s = 0;
  auto plan = plan_staffing(in);
  ASSERT_TRUE(plan);
  EXPECT_TRUE(plan->met);
  EXPECT_EQ(plan->raw_agents, 0);
  EXPECT_EQ(plan->agents, 0);
  EXPECT_EQ(plan->positions, 0);
  EXPECT_EQ(plan->achieved.service_level.offered, 1.0);
}

TEST(PlanStaffing, RejectsInvalidInputs) {
  const double nan = std::nan(""),
               inf = std::numeric_limits<double>::infinity();
  auto rejected = [](const staffing_inputs& in) {
    auto plan = plan_staffing(in);
    return !plan && plan.error() == livechat::errc::invalid_argument;
  };
  auto in = row_c2();
  ASSERT_FALSE(rejected(in));
  auto with = [&](auto change) {
    auto copy = row_c2();
    change(copy);
    return rejected(copy);
  };
  EXPECT_TRUE(with([](auto& i) {
    i.arrival_rate_per_s = -1;
  }));
  EXPECT_TRUE(with([&](auto& i) {
    i.arrival_rate_per_s = nan;
  }));
  EXPECT_TRUE(with([&](auto& i) {
    i.arrival_rate_per_s = inf;
  }));
  EXPECT_TRUE(with([](auto& i) {
    i.aht_s = 0;
  }));
  EXPECT_TRUE(with([](auto& i) {
    i.aht_s = -3;
  }));
  EXPECT_TRUE(with([](auto& i) {
    i.mean_patience_s = 0.0;
  }));
  EXPECT_TRUE(with([](auto& i) {
    i.mean_patience_s = -5.0;
  }));
  EXPECT_TRUE(with([](auto& i) {
    i.shrinkage = 1;
  }));
  EXPECT_TRUE(with([](auto& i) {
    i.shrinkage = 1.5;
  }));
  EXPECT_TRUE(with([](auto& i) {
    i.shrinkage = -0.1;
  }));
  EXPECT_TRUE(with([&](auto& i) {
    i.shrinkage = nan;
  }));
  EXPECT_TRUE(with([](auto& i) {
    i.max_occupancy = 0;
  }));
  EXPECT_TRUE(with([](auto& i) {
    i.max_occupancy = 1.2;
  }));
  EXPECT_TRUE(with([](auto& i) {
    i.max_agents = 0;
  }));
  EXPECT_TRUE(with([](auto& i) {
    i.target.value = 1.8;
  }));
  EXPECT_TRUE(with([](auto& i) {
    i.target.value = -0.1;
  }));
  EXPECT_TRUE(with([](auto& i) {
    i.target.threshold_s = -1;
  }));
  EXPECT_TRUE(with([](auto& i) {
    i.target = asa_target(-1);
  }));
  EXPECT_TRUE(with([](auto& i) {
    i.target = p_wait_target(2);
  }));
  // An abandon-rate target needs a patience (Erlang C has no abandonment).
  EXPECT_TRUE(with([](auto& i) {
    i.target = abandon_rate_target(0.05);
  }));
  EXPECT_FALSE(with([](auto& i) {
    i.target = abandon_rate_target(0.05);
    i.mean_patience_s = 300.0;
  }));
}

TEST(PlanStaffing, StaysFiniteForLargeSystems) {
  // a = 1950: Erlang C and Erlang A searches over about 2000 agents.
  staffing_inputs in;
  in.arrival_rate_per_s = 19.5;
  in.aht_s = 100;
  in.target = service_level_target(0.8, 20);
  auto c = plan_staffing(in);
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->met);
  EXPECT_GT(c->raw_agents, 1950);
  EXPECT_LT(c->raw_agents, 2050);
  expect_fewest(in, *c);

  in.mean_patience_s = 100;
  auto a = plan_staffing(in);
  ASSERT_TRUE(a);
  ASSERT_TRUE(a->met);
  EXPECT_LE(a->raw_agents, c->raw_agents); // abandonment helps the rest
  expect_fewest(in, *a);
  for (double v : {a->achieved.p_wait, a->achieved.p_abandon,
                   a->achieved.occupancy, a->achieved.service_level.offered}) {
    EXPECT_TRUE(std::isfinite(v));
    EXPECT_GE(v, 0.0);
    EXPECT_LE(v, 1.0);
  }
}

} // namespace staffing_test
