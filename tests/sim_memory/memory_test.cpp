// "Memory grows with concurrent sessions, not total sessions": the peak heap
// of a replication must not grow with the length of the day when the load
// (and so the number of sessions open at once) stays the same.
//
// This binary counts every heap allocation made through operator new, by
// replacing the global operator new/delete (which is why it is a binary of
// its own).
#include "scenarios/loader.hpp"
#include "scenarios/workspace.hpp"
#include "sim/engine.hpp"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <gtest/gtest.h>
#include <malloc.h>
#include <new>
#include <sstream>

namespace {

std::atomic<long long> live_bytes{0};
std::atomic<long long> peak_bytes{0};

// Every form of operator new and delete is replaced, so that no block is
// allocated by one allocator and freed by another (sanitizers check that);
// block sizes come from malloc_usable_size.
void* counted(void* p) {
  if (p == nullptr)
    throw std::bad_alloc{};
  auto now = live_bytes += static_cast<long long>(malloc_usable_size(p));
  auto peak = peak_bytes.load();
  while (now > peak && !peak_bytes.compare_exchange_weak(peak, now)) {
  }
  return p;
}

void* counted_alloc(std::size_t n) {
  return counted(std::malloc(n == 0 ? 1 : n));
}

void* counted_alloc(std::size_t n, std::align_val_t al) {
  auto align = std::max(alignof(std::max_align_t),
                        static_cast<std::size_t>(al));
  auto rounded = (std::max<std::size_t>(n, 1) + align - 1) / align * align;
  return counted(std::aligned_alloc(align, rounded));
}

void counted_free(void* p) noexcept {
  if (p == nullptr)
    return;
  live_bytes -= static_cast<long long>(malloc_usable_size(p));
  std::free(p);
}

} // namespace

void* operator new(std::size_t n) {
  return counted_alloc(n);
}
void* operator new[](std::size_t n) {
  return counted_alloc(n);
}
void* operator new(std::size_t n, std::align_val_t al) {
  return counted_alloc(n, al);
}
void* operator new[](std::size_t n, std::align_val_t al) {
  return counted_alloc(n, al);
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted_alloc(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted_alloc(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new(std::size_t n, std::align_val_t al,
                   const std::nothrow_t&) noexcept {
  try {
    return counted_alloc(n, al);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, std::align_val_t al,
                     const std::nothrow_t&) noexcept {
  try {
    return counted_alloc(n, al);
  } catch (...) {
    return nullptr;
  }
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
void operator delete(void* p, const std::nothrow_t&) noexcept {
  counted_free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  counted_free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  counted_free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  counted_free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  counted_free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  counted_free(p);
}
void operator delete(void* p, std::align_val_t,
                     const std::nothrow_t&) noexcept {
  counted_free(p);
}
void operator delete[](void* p, std::align_val_t,
                       const std::nothrow_t&) noexcept {
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
