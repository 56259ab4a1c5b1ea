// Work estimated before a run: expected arrivals, users, memory, and the
// limits that refuse a request, each naming the option that raises it.
#include "scenarios/loader.hpp"
#include "scenarios/work_estimate.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <sstream>
#include <string>

namespace work_estimate_test {

using namespace livechat::scenarios;
using namespace std::chrono_literals;

scenario load(const std::string& text) {
  std::istringstream in{text};
  auto loaded = load_scenario(in, "s.yaml");
  EXPECT_TRUE(loaded.ok()) << loaded.error_text();
  return loaded.ok() ? *loaded.value : scenario{};
}

std::string topology(const std::string& agents = "size: 10") {
  return "name: t\nhorizon: 10h\ngroups:\n"
         "  - {name: Administrators, members: [admin]}\n"
         "  - {name: agents, "
         + agents
         + "}\nlive_chats:\n"
           "  - {name: line, channel: phone, operators: [agents]}\n";
}

TEST(EstimateWork, CountsExpectedArrivalsOfPoissonProfilesAndTraces) {
  auto sc = load(topology() + R"(workload:
  - live_chat: line
    arrivals: {poisson: 60/h}
    handle_time: {exponential: 3m}
  - live_chat: line
    arrivals: {profile: [{from: 0h, rate: 10/h}, {from: 5h, rate: 30/h}]}
    handle_time: {exponential: 3m}
  - live_chat: line
    arrivals: {trace: t.csv}
    handle_time: {exponential: 3m}
)");
  auto e = estimate_work(
    sc, {.replications = 4, .runs = 2, .trace_arrivals = {0, 0, 7}});
  // 600 + (50 + 150) + 7 per replication.
  EXPECT_DOUBLE_EQ(e.arrivals_per_replication, 807);
  EXPECT_DOUBLE_EQ(e.sessions, 807.0 * 4 * 2);
  EXPECT_DOUBLE_EQ(e.users, 11); // admin + 10 generated
  EXPECT_GT(e.events, e.sessions);
  EXPECT_TRUE(exceeded(e, work_limits{}).empty());
}

TEST(EstimateWork, MessagesMultiplyTheEvents) {
  auto plain = load(topology() + R"(workload:
  - live_chat: line
    arrivals: {poisson: 60/h}
    handle_time: {exponential: 3m}
)");
  auto chatty = load(topology() + R"(workload:
  - live_chat: line
    arrivals: {poisson: 60/h}
    handle_time: {exponential: 3m}
    messages: {per_session: {constant: 10000}, customer_think: {constant: 0s},
               operator_reply: {constant: 0s}}
)");
  auto a = estimate_work(plain, {.replications = 1});
  auto b = estimate_work(chatty, {.replications = 1});
  EXPECT_GT(b.events, 1000 * a.events);
  auto why = exceeded(estimate_work(chatty, {.replications = 100}),
                      work_limits{});
  ASSERT_EQ(why.size(), 1u);
  EXPECT_NE(why[0].find("actor events"), std::string::npos) << why[0];
  EXPECT_NE(why[0].find("--max-events raises it"), std::string::npos);
}

TEST(EstimateWork, RefusesTooManySessionsAndNamesTheOption) {
  auto sc = load(topology() + R"(workload:
  - live_chat: line
    arrivals: {poisson: 10000/s}
    handle_time: {exponential: 3m}
)");
  auto e = estimate_work(sc, {.replications = 10});
  EXPECT_DOUBLE_EQ(e.sessions, 10000.0 * 36000 * 10);
  auto why = exceeded(e, work_limits{});
  ASSERT_FALSE(why.empty());
  EXPECT_EQ(why[0], "about 3.6G sessions to simulate, above the limit of 20M "
                    "(--max-sessions raises it)");
  // A user who means it raises the limits.
  EXPECT_TRUE(exceeded(e, {.max_sessions = 1e10,
                           .max_events = 1e12,
                           .max_cpu_seconds = 1e6,
                           .max_memory_bytes = 1e15})
                .empty());
}

TEST(EstimateWork, OverloadWithoutPatienceKeepsEveryArrivalInMemory) {
  // 100 arrivals an hour of an hour each on one operator: the queue grows
  // all day; with patience it does not.
  std::string workload = R"(workload:
  - live_chat: line
    arrivals: {poisson: 100/h}
    handle_time: {exponential: 1h}
)";
  auto stuck = estimate_work(load(topology("size: 1") + workload), {});
  EXPECT_DOUBLE_EQ(stuck.peak_sessions, 1000);
  auto patient = estimate_work(
    load(topology("size: 1") + workload + "    patience: {exponential: 1m}\n"),
    {});
  EXPECT_LT(patient.peak_sessions, 200);
}

TEST(EstimateWork, ManyLargeGroupsExceedTheMemoryLimit) {
  std::string text = "name: t\nhorizon: 1h\ngroups:\n"
                     "  - {name: Administrators, members: [admin]}\n";
  std::string ops;
  for (int g = 0; g < 20; ++g) {
    text += "  - {name: g" + std::to_string(g) + ", size: 100000}\n";
    ops += (g ? ", g" : "g") + std::to_string(g);
  }
  text += "live_chats:\n  - {name: line, channel: phone, operators: [" + ops
          + "]}\n";
  auto e = estimate_work(load(text), {.threads = 2});
  EXPECT_DOUBLE_EQ(e.users, 2'000'001);
  auto why = exceeded(e, work_limits{});
  ASSERT_EQ(why.size(), 2u);
  // Starting two million operators is slow as well as big.
  EXPECT_NE(why[0].find("s of CPU, above the limit of 1800 s (--max-cpu "
                        "raises it)"),
            std::string::npos)
    << why[0];
  EXPECT_NE(why[1].find("of memory at once, above the limit of 4.0 GiB"),
            std::string::npos)
    << why[1];
}

TEST(EstimateWork, PlanningIntervalsCostMemoryPerReplication) {
  auto sc = load(topology() + R"(workload:
  - live_chat: line
    arrivals: {poisson: 60/h}
    handle_time: {exponential: 3m}
)");
  auto coarse = estimate_work(sc, {.replications = 20, .plan_interval = 30min});
  auto fine = estimate_work(sc, {.replications = 20, .plan_interval = 1min});
  EXPECT_DOUBLE_EQ(coarse.plan_cells, 2 * 20);
  EXPECT_DOUBLE_EQ(fine.plan_cells, 2 * 600);
  EXPECT_GT(fine.memory_bytes, coarse.memory_bytes);
}

} // namespace work_estimate_test
