// Throughput and latency of routing through the actor runtime.
//
// virtual_routed_sessions/N: virtual time, N operators Online (capacity 1);
//   one iteration opens a session through a customer actor (assigned at
//   once) and the customer leaves (closing it). Reports routed sessions/s
//   and the test coordinator's jobs/s.
// real_time_routed_sessions/threads:T: real time on the work-stealing
//   scheduler (2 threads), T client threads doing the same open/leave cycle
//   through the blocking facade. Reports sessions/s over all threads and
//   the open call's latency (enqueue to assigned ticket) p50/p99 in µs.
//   Closed loop: each client waits for its answer, so these latencies are
//   per-call service times under that load, not open-loop response times.
//
// Run: build/bench/actors_bench (see docs/BENCHMARKS.md for the figures).
#include "actors/runtime.hpp"
#include "core/contacts.hpp"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <chrono>
#include <mutex>
#include <vector>

namespace {

using namespace livechat;

workspace_definition one_chat(int operators) {
  directory dir{"admin"};
  auto admin = dir.find_user("admin").value();
  std::vector<user_id> ops;
  for (int i = 0; i < operators; ++i)
    ops.push_back(dir.add_user("op-" + std::to_string(i)).value());
  auto general = dir.create_group(admin, "general", ops).value();
  live_chat_definition def;
  def.name = "external";
  def.channel = "whatsapp";
  def.operator_groups = {general};
  def.routing = routing_policy_kind::least_busy;
  return {std::move(dir), admin, {def}};
}

void bring_online(runtime& rt, int operators) {
  for (int i = 0; i < operators; ++i)
    (void)rt.set_status(user_id{static_cast<std::uint32_t>(i + 1)},
                        operator_status::online);
}

void BM_VirtualRoutedSessions(benchmark::State& state) {
  auto n = static_cast<int>(state.range(0));
  auto rt = runtime::create(one_chat(n)).value();
  bring_online(*rt, n);
  std::uint32_t customer = 1'000'000;
  auto jobs_before = rt->jobs_run();
  for (auto _ : state) {
    auto ticket = rt->open_session(customer_of(contact_id{customer}),
                                   chat_id{0});
    if (!ticket || ticket->state != session_state::assigned) {
      state.SkipWithError("session not assigned at once");
      break;
    }
    (void)rt->leave(customer_of(contact_id{customer}), ticket->id);
    ++customer;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["jobs_per_s"]
    = benchmark::Counter(static_cast<double>(rt->jobs_run() - jobs_before),
                         benchmark::Counter::kIsRate);
}

std::unique_ptr<runtime> shared_real_time;
std::mutex shared_mtx;

void BM_RealTimeRoutedSessions(benchmark::State& state) {
  constexpr int operators = 64;
  if (state.thread_index() == 0) {
    std::lock_guard<std::mutex> guard{shared_mtx};
    shared_real_time
      = runtime::create(one_chat(operators),
                        {.mode = clock_mode::real_time, .threads = 2})
          .value();
    bring_online(*shared_real_time, operators);
  }
  // Google Benchmark starts the timing loop of all threads together, after
  // this setup of thread 0 has run.
  std::vector<double> latency_us;
  auto customer
    = static_cast<std::uint32_t>(2'000'000 + 100'000 * state.thread_index());
  for (auto _ : state) {
    auto* rt = shared_real_time.get();
    auto start = std::chrono::steady_clock::now();
    auto ticket = rt->open_session(customer_of(contact_id{customer}),
                                   chat_id{0});
    auto stop = std::chrono::steady_clock::now();
    latency_us.push_back(
      std::chrono::duration<double, std::micro>(stop - start).count());
    if (ticket)
      (void)rt->leave(customer_of(contact_id{customer}), ticket->id);
    ++customer;
  }
  state.SetItemsProcessed(state.iterations());
  std::sort(latency_us.begin(), latency_us.end());
  auto at = [&](double q) {
    return latency_us.empty()
             ? 0.0
             : latency_us[static_cast<std::size_t>(
               q * static_cast<double>(latency_us.size() - 1))];
  };
  state.counters["p50_us"]
    = benchmark::Counter(at(0.50), benchmark::Counter::kAvgThreads);
  state.counters["p99_us"]
    = benchmark::Counter(at(0.99), benchmark::Counter::kAvgThreads);
  if (state.thread_index() == 0) {
    std::lock_guard<std::mutex> guard{shared_mtx};
    shared_real_time.reset();
  }
}

BENCHMARK(BM_VirtualRoutedSessions)->Arg(10)->Arg(1000);
BENCHMARK(BM_RealTimeRoutedSessions)
  ->Threads(1)
  ->Threads(2)
  ->Threads(4)
  ->UseRealTime();

} // namespace

BENCHMARK_MAIN();
