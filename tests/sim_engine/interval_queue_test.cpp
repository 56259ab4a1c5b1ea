// Per-interval queue figures (for capacity planning): each session's wait
// counts in the bin of its arrival.
#include "scenarios/loader.hpp"
#include "scenarios/workspace.hpp"
#include "sim/engine.hpp"

#include <gtest/gtest.h>
#include <sstream>

namespace livechat {
namespace interval_queue_test {

using namespace std::chrono_literals;

TEST(IntervalQueues, CountEachSessionInTheBinOfItsArrival) {
  std::istringstream in{R"(
name: bins
horizon: 3m
groups:
  - {name: agents, size: 1}
live_chats:
  - {name: web, channel: web, operators: [agents]}
workload:
  - {live_chat: web, arrivals: {trace: unused.csv}, handle_time: 60s}
)"};
  auto loaded = scenarios::load_scenario(in, "bins.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  auto ws = scenarios::to_workspace(*loaded.value);
  ASSERT_TRUE(ws.has_value());
  // Two at 0 s (the second waits 60 s), one at 90 s (waits until 120 s).
  std::vector<std::vector<duration>> traces{{0s, 0s, 90s}};
  auto rep = sim::run_replication(*loaded.value, *ws, 0,
                                  {.bin_width = 60s, .trace_times = &traces});
  ASSERT_EQ(rep.chat_intervals.size(), 1u);
  const auto& bins = rep.chat_intervals[0];
  ASSERT_EQ(bins.size(), 3u);
  EXPECT_EQ(bins[0].offered, 2u);
  EXPECT_EQ(bins[0].answered, 2u);
  EXPECT_EQ(bins[0].wait.max(), 60s);
  EXPECT_EQ(bins[1].offered, 1u);
  EXPECT_EQ(bins[1].wait.max(), 30s);
  EXPECT_EQ(bins[2].offered, 0u);
  // Without a bin width there are no per-bin queues.
  auto plain = sim::run_replication(*loaded.value, *ws, 0,
                                    {.trace_times = &traces});
  EXPECT_TRUE(plain.chat_intervals.empty());
}

} // namespace interval_queue_test
} // namespace livechat
