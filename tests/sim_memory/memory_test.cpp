// "Memory grows with concurrent sessions, not total sessions": the peak heap
// of a replication must not grow with the length of the day when the load
// (and so the number of sessions open at once) stays the same.
//
// This binary counts every heap allocation through a replacement of the
// global operator new/delete (which is why it is a binary of its own).
#include "scenarios/loader.hpp"
#include "scenarios/workspace.hpp"
#include "sim/engine.hpp"

#include <atomic>
#include <cstdlib>
#include <gtest/gtest.h>
#include <new>
#include <sstream>

namespace {

std::atomic<long long> live_bytes{0};
std::atomic<long long> peak_bytes{0};

// Each block carries its size in front of it.
constexpr std::size_t header = alignof(std::max_align_t);

void* counted_alloc(std::size_t n) {
  auto* raw = static_cast<char*>(std::malloc(n + header));
  if (raw == nullptr)
    throw std::bad_alloc{};
  *reinterpret_cast<std::size_t*>(raw) = n;
  auto now = live_bytes += static_cast<long long>(n);
  auto peak = peak_bytes.load();
  while (now > peak && !peak_bytes.compare_exchange_weak(peak, now)) {
  }
  return raw + header;
}

void counted_free(void* p) noexcept {
  if (p == nullptr)
    return;
  auto* raw = static_cast<char*>(p) - header;
  live_bytes -= static_cast<long long>(*reinterpret_cast<std::size_t*>(raw));
  std::free(raw);
}

} // namespace

void* operator new(std::size_t n) {
  return counted_alloc(n);
}
void* operator new[](std::size_t n) {
  return counted_alloc(n);
}
void operator delete(void* p) noexcept {
  counted_free(p);
}
void operator delete[](void* p) noexcept {
  counted_free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  counted_free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  counted_free(p);
}

namespace livechat {
namespace {

struct loaded {
  scenarios::scenario sc;
  scenarios::scenario_workspace ws;
};

loaded with_horizon(const std::string& horizon) {
  std::istringstream in{R"(
name: memory
seed: 5
horizon: )" + horizon + R"(
groups:
  - {name: agents, size: 10}
live_chats:
  - {name: line, channel: web, operators: [agents], routing: longest_idle}
workload:
  - live_chat: line
    arrivals: {poisson: 180/h}
    handle_time: {exponential: 3m}
    patience: {exponential: 4m}
    messages: {per_session: {constant: 2}, customer_think: 20s, operator_reply: {exponential: 30s}}
)"};
  auto result = scenarios::load_scenario(in, "memory.yaml");
  EXPECT_TRUE(result.ok()) << result.error_text();
  auto ws = scenarios::to_workspace(*result.value);
  EXPECT_TRUE(ws.has_value());
  return {std::move(*result.value), std::move(*ws)};
}

/// Peak heap above the level at the start, during one replication.
long long peak_during_replication(const loaded& l, std::uint64_t& sessions) {
  auto base = live_bytes.load();
  peak_bytes = base;
  auto rep = sim::run_replication(l.sc, l.ws, 0);
  sessions = rep.stats.chat(chat_id{0}).offered;
  return peak_bytes.load() - base;
}

TEST(SimMemory, PeakHeapDependsOnConcurrentNotTotalSessions) {
  auto short_day = with_horizon("2h");
  auto long_day = with_horizon("20h");
  std::uint64_t short_sessions = 0;
  std::uint64_t long_sessions = 0;
  auto short_peak = peak_during_replication(short_day, short_sessions);
  auto long_peak = peak_during_replication(long_day, long_sessions);
  ASSERT_GT(long_sessions, 8 * short_sessions) << "the long day must be long";
  // Ten times the sessions, the same load: the peak may differ by the
  // random fluctuation of the queue, not by a factor of ten.
  EXPECT_LT(long_peak, short_peak * 3 / 2)
    << "short day: " << short_sessions << " sessions, peak " << short_peak
    << " bytes; long day: " << long_sessions << " sessions, peak " << long_peak
    << " bytes";
}

} // namespace
} // namespace livechat
