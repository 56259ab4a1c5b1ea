// Simulated sessions per second: the actor simulation against a plain loop.
//
// Both benchmarks simulate one 8-hour day of bench/scenarios/mmn-day.yaml
// (M/M/n+M: Poisson 4.2/min, 12 operators, handle time exp 2.5 min, patience
// exp 5 min) per iteration, on one thread, side by side in one process:
//
// BM_ActorSimDay: `sim::run_replication` of the loaded scenario, replication
//   index = iteration: the production domain actors and the simulation bots
//   on CAF's test coordinator.
// BM_PlainLoopDay: the same model as a plain binary-heap event loop
//   (bench/plain_mmn.hpp), seed = iteration.
//
// items_per_second is simulated sessions (arrivals) per second of process CPU
// time. The counters show that both loops model the same system: the mean
// per-day abandon rate and mean wait over all arrivals (each with the
// standard error of that mean) and service level (answered within 20 s /
// offered), next to the Erlang A figures (steady state; a simulated day
// starts empty, so it shows slightly less abandonment and waiting).
// jobs_per_session is the actor jobs (messages and timeouts) the test
// coordinator ran per simulated session.
//
// Run: build/bench/sim_bench --benchmark_min_time=2 --benchmark_repetitions=3
// (see docs/BENCHMARKS.md for the figures).
#include "bench/plain_mmn.hpp"
#include "core/queueing/erlang.hpp"
#include "core/stats/running_stats.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/workspace.hpp"
#include "sim/engine.hpp"

#include <benchmark/benchmark.h>
#include <cstdio>
#include <optional>
#include <string>

namespace {

using namespace livechat;

struct loaded_scenario {
  scenarios::scenario sc;
  scenarios::scenario_workspace ws;
  bench::mmn_params params; ///< the same model for the plain loop
  queueing::erlang_a_figures erlang_a;
};

/// The M/M/n+M parameters of `sc`, or nullopt if it is not one chat with one
/// Poisson workload, exponential handle time and patience, and one group.
std::optional<bench::mmn_params> mmn_params_of(const scenarios::scenario& sc) {
  if (sc.workload.size() != 1 || sc.groups.size() != 1 || !sc.groups[0].size)
    return std::nullopt;
  const auto& w = sc.workload[0];
  using scenarios::distribution_kind;
  if (w.arrivals.kind != scenarios::arrival_kind::poisson
      || w.handle_time.kind != distribution_kind::exponential || !w.patience
      || w.patience->kind != distribution_kind::exponential)
    return std::nullopt;
  return bench::mmn_params{
    .arrival_rate_per_s = w.arrivals.poisson.per_second,
    .mean_handle_s = to_seconds(w.handle_time.first),
    .servers = static_cast<int>(*sc.groups[0].size),
    .mean_patience_s = to_seconds(w.patience->first),
    .horizon_s = to_seconds(sc.horizon),
    .sl_threshold_s = to_seconds(sc.service_level_threshold),
  };
}

/// bench/scenarios/mmn-day.yaml, loaded once; nullptr (after printing why)
/// if it does not load or is not M/M/n+M.
const loaded_scenario* mmn_day() {
  static const std::optional<loaded_scenario> loaded
    = []() -> std::optional<loaded_scenario> {
    auto file = scenarios::load_scenario_file(
      std::string{LIVECHAT_SOURCE_DIR} + "/bench/scenarios/mmn-day.yaml");
    if (!file.ok()) {
      std::fputs(file.error_text().c_str(), stderr);
      return std::nullopt;
    }
    auto ws = scenarios::to_workspace(*file.value);
    auto params = mmn_params_of(*file.value);
    if (!ws || !params) {
      std::fputs("mmn-day.yaml: no workspace, or not M/M/n+M\n", stderr);
      return std::nullopt;
    }
    auto a = queueing::evaluate_erlang_a(
      {.arrival_rate_per_s = params->arrival_rate_per_s,
       .aht_s = params->mean_handle_s,
       .agents = params->servers,
       .mean_patience_s = params->mean_patience_s},
      params->sl_threshold_s);
    if (!a)
      return std::nullopt;
    return loaded_scenario{std::move(*file.value), std::move(*ws), *params, *a};
  }();
  return loaded ? &*loaded : nullptr;
}

/// Per-day figures of one benchmark run.
struct day_figures {
  std::uint64_t sessions = 0;
  stats::running_stats abandon_rate, mean_wait_s, sl;

  void add(std::uint64_t offered, double abandon, double wait, double sl20) {
    sessions += offered;
    abandon_rate.add(abandon);
    mean_wait_s.add(wait);
    sl.add(sl20);
  }
};

/// Sets the counters shared by both benchmarks: sessions/s, the means of the
/// per-day figures (with their standard errors) and Erlang A's.
void set_counters(benchmark::State& state, const loaded_scenario& s,
                  const day_figures& days) {
  using benchmark::Counter;
  auto avg = [](const stats::running_stats& x) {
    return Counter(x.mean() * static_cast<double>(x.count()),
                   Counter::kAvgIterations);
  };
  state.SetItemsProcessed(static_cast<std::int64_t>(days.sessions));
  state.counters["abandon_rate"] = avg(days.abandon_rate);
  state.counters["abandon_rate_se"] = days.abandon_rate.standard_error();
  state.counters["mean_wait_s"] = avg(days.mean_wait_s);
  state.counters["mean_wait_se_s"] = days.mean_wait_s.standard_error();
  state.counters["sl20_offered"] = avg(days.sl);
  state.counters["erlang_a_abandon"] = s.erlang_a.p_abandon;
  state.counters["erlang_a_wait_s"] = s.erlang_a.asa_s;
  state.counters["erlang_a_sl20"] = s.erlang_a.service_level.offered;
}

double ratio(std::uint64_t a, std::uint64_t b) {
  return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
}

void BM_PlainLoopDay(benchmark::State& state) {
  const auto* s = mmn_day();
  if (s == nullptr) {
    state.SkipWithError("bench/scenarios/mmn-day.yaml is not M/M/n+M");
    return;
  }
  bench::plain_mmn sim;
  std::uint64_t seed = 1;
  day_figures days;
  for (auto _ : state) {
    auto r = sim.run(s->params, seed++);
    days.add(r.offered, ratio(r.abandoned, r.offered), r.mean_wait_s,
             ratio(r.answered_within_threshold, r.offered));
  }
  set_counters(state, *s, days);
}

void BM_ActorSimDay(benchmark::State& state) {
  const auto* s = mmn_day();
  if (s == nullptr) {
    state.SkipWithError("bench/scenarios/mmn-day.yaml is not M/M/n+M");
    return;
  }
  std::uint64_t replication = 0, jobs = 0;
  day_figures days;
  for (auto _ : state) {
    auto rep = sim::run_replication(s->sc, s->ws, replication++);
    const auto& f = rep.stats.chat(chat_id{0});
    jobs += rep.jobs;
    days.add(f.offered, f.abandon_rate(), f.asa_all_s(),
             f.service_level().offered);
  }
  set_counters(state, *s, days);
  state.counters["jobs_per_session"] = ratio(jobs, days.sessions);
}

// Process CPU time: per core, whatever threads CAF starts.
BENCHMARK(BM_PlainLoopDay)
  ->Unit(benchmark::kMicrosecond)
  ->MeasureProcessCPUTime();
BENCHMARK(BM_ActorSimDay)
  ->Unit(benchmark::kMillisecond)
  ->MeasureProcessCPUTime();

} // namespace

BENCHMARK_MAIN();
