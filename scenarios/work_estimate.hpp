// How much work a run or a plan of a scenario implies, estimated before
// anything runs, and the limits it is checked against.
//
// A valid scenario can still ask for more than a machine can give: a rate of
// a million per hour for a year, a hundred groups of 100,000 operators, a
// plan over minute-long intervals of a year. `estimate_work` counts, from the
// file alone, the sessions, actor events and memory such a request implies;
// `exceeded` names every default limit it breaks, each with the option that
// raises it. `livechat validate`, `run` and `plan` refuse (exit 2) before
// simulating; the server reuses the same check for scenarios it is given.
//
// The figures are estimates, documented as such (docs/scenario-format.md,
// "Limits"): arrivals are exact expectations (rates integrated over the
// horizon, trace lines counted); events, CPU and memory use per-item costs
// measured on the simulator (docs/BENCHMARKS.md, "Work estimates") and
// round up.
//
// Example:
//   auto est = estimate_work(sc, {.replications = 20, .threads = 2});
//   for (const auto& why : exceeded(est, work_limits{}))
//     std::cerr << "livechat run: " << why << '\n';
#pragma once

#include "core/time.hpp"
#include "scenarios/scenario.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace livechat::scenarios {

/// What is asked of a scenario.
struct work_request {
  std::uint64_t replications = 1;
  /// Whole runs of `replications` each: 1 + the policies compared, or the
  /// simulated rounds a plan is expected to take.
  std::uint64_t runs = 1;
  /// Replications in memory at once.
  std::size_t threads = 1;
  /// Arrivals of each trace workload (aligned with the workload; a missing
  /// entry counts as none).
  std::vector<std::size_t> trace_arrivals;
  /// Planning: the width of an interval (per-interval figures per group).
  std::optional<duration> plan_interval;
};

struct work_estimate {
  double arrivals_per_replication = 0;
  double sessions = 0;      ///< over every replication and run
  double events = 0;        ///< actor messages, over every replication and run
  double users = 0;         ///< directory users (actors for operators)
  double peak_sessions = 0; ///< open at once, in one replication
  double memory_bytes = 0;  ///< peak, every thread's replication together
  /// On the machine of docs/BENCHMARKS.md: events, plus starting each
  /// replication's operators (more than linear in their number).
  double cpu_seconds = 0;
  double plan_cells = 0; ///< groups x planning intervals
};

/// Limits on a request; the defaults are documented with the options that
/// raise them (--max-sessions, --max-events, --max-cpu, --max-memory).
struct work_limits {
  double max_sessions = 20e6;
  double max_events = 500e6;
  double max_cpu_seconds = 1800;
  double max_memory_bytes = 4.0 * (1ull << 30);
};

/// The work of `request` on `sc`, which must validate.
work_estimate estimate_work(const scenario& sc, const work_request& request);

/// Every limit `e` exceeds, as a sentence naming the estimate, the limit and
/// the option that raises it; empty when the request is within limits.
std::vector<std::string> exceeded(const work_estimate& e,
                                  const work_limits& limits);

/// One line for people: "about 240,000 sessions, 1.6M events, 12 MiB,
/// 0.5 s of CPU".
std::string describe(const work_estimate& e);

} // namespace livechat::scenarios
