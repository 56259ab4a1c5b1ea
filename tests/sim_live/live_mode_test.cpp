// Live mode: the simulation's actors on CAF's real-time scheduler (several
// threads), run time compressed. Runs in wall time (about a second), so it is
// labelled `actors` and also runs under ThreadSanitizer in CI: the domains
// feed one observer from several threads.
#include "scenarios/loader.hpp"
#include "scenarios/workspace.hpp"
#include "sim/engine.hpp"

#include <gtest/gtest.h>
#include <sstream>

namespace livechat {
namespace {

using namespace std::chrono_literals;

// Two live chats in two routing domains (disjoint operators), so two domain
// actors report to the observer concurrently; 20 minutes of arrivals.
const char* two_domains_yaml = R"(
name: live
seed: 4
horizon: 20m
groups:
  - {name: a, size: 3}
  - {name: b, size: 3}
live_chats:
  - {name: one, channel: web, operators: [a], routing: longest_idle}
  - {name: two, channel: web, operators: [b], routing: least_busy}
workload:
  - {live_chat: one, arrivals: {poisson: 120/h}, handle_time: {exponential: 1m},
     patience: {exponential: 2m}}
  - live_chat: two
    arrivals: {poisson: 120/h}
    messages: {per_session: 2, customer_think: 10s, operator_reply: {exponential: 15s}}
)";

TEST(LiveMode, RunsTheScenarioInCompressedRealTimeAndMeasuresLatency) {
  std::istringstream in{two_domains_yaml};
  auto loaded = scenarios::load_scenario(in, "live.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  auto ws = scenarios::to_workspace(*loaded.value);
  ASSERT_TRUE(ws.has_value());
  // 20 minutes of arrivals plus the drain in about four seconds: at 1200x
  // (one second) a session was once still open after the drain under
  // AddressSanitizer with the machine loaded by other tests (CI, 2 cores).
  auto rep = sim::run_replication(*loaded.value, *ws, 0,
                                  {.live = true, .speed = 300});
  std::uint64_t offered = 0;
  std::uint64_t ended = 0;
  for (std::uint32_t c = 0; c < 2; ++c) {
    const auto& f = rep.stats.chat(chat_id{c});
    offered += f.offered;
    ended += f.answered + f.abandoned + f.rejected;
    EXPECT_GT(f.offered, 10u) << "chat " << c;
  }
  EXPECT_EQ(rep.stranded, 0u);
  EXPECT_EQ(ended, offered) << "every session ended";
  // One latency sample per session, each a plausible wall-clock time.
  EXPECT_EQ(rep.open_latency.count(), offered);
  EXPECT_GT(rep.open_latency.max(), 0ns);
  EXPECT_LT(rep.open_latency.quantile(0.5), 1s);
  // The conversations of chat two went through the domain.
  EXPECT_GT(rep.conversations.at(1).operator_messages, 0u);
  EXPECT_EQ(rep.conversations.at(0).operator_messages, 0u);
}

} // namespace
} // namespace livechat
