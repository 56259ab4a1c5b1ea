// handle_time_factor_by_load: an operator holding more sessions works each
// of them more slowly, by the factor for its load at assignment.
#include "scenarios/loader.hpp"
#include "scenarios/workspace.hpp"
#include "sim/engine.hpp"

#include <gtest/gtest.h>
#include <sstream>

namespace livechat {
namespace handle_factor_test {

using namespace std::chrono_literals;

const char* two_at_once_yaml = R"(
name: factor
horizon: 10m
groups:
  - {name: agents, size: 1}
live_chats:
  - {name: web, channel: web, operators: [agents], capacity: 3}
workload:
  - live_chat: web
    arrivals: {trace: unused.csv}
    handle_time: {constant: 60s}
    handle_time_factor_by_load: [1.0, 1.5]
)";

TEST(HandleTimeFactor, ScalesHandleTimeByTheLoadAtAssignment) {
  std::istringstream in{two_at_once_yaml};
  auto loaded = scenarios::load_scenario(in, "factor.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  auto ws = scenarios::to_workspace(*loaded.value);
  ASSERT_TRUE(ws.has_value());
  // Three sessions at once: loads 1, 2 and 3 (the last factor holds beyond).
  std::vector<std::vector<duration>> traces{{0s, 0s, 0s}};
  auto rep = sim::run_replication(
    *loaded.value, *ws, 0, {.keep_sessions = true, .trace_times = &traces});
  ASSERT_EQ(rep.sessions.size(), 3u);
  std::vector<duration> handles;
  for (const auto& s : rep.sessions)
    handles.push_back(s.handle);
  std::sort(handles.begin(), handles.end());
  EXPECT_EQ(handles, (std::vector<duration>{60s, 90s, 90s}));
}

} // namespace handle_factor_test
} // namespace livechat
