// One simulated replication of a scenario, through the production actors.
//
// The routing domains are the same `live_chat_actor`s the runtime and the
// server use; simulation bots play the people around them through the same
// messages: a workload bot per workload opens sessions at the arrival times
// and makes customers leave when their patience runs out; an operator bot per
// operator closes or transfers each session it gets after its handle time;
// a shift bot sets operators Online and Offline; supervisors of `manual`
// chats are the runtime's supervisor actors with sampled reaction times.
// Everything runs on CAF's test coordinator: virtual time, one thread, no
// wall clock. The same scenario, seed and replication index give the same
// events.
//
// A chat with several workloads takes handle times and transfers from its
// first workload (arrivals and patience follow each workload).
//
// Common random numbers: a session's handle time, transfer and patience are
// drawn from a stream keyed by (seed, replication, session id, purpose).
// Arrivals do not depend on routing, so session ids, and with them these
// draws, are the same under every routing policy.
//
// Example:
//   auto ws = scenarios::to_workspace(sc).value();
//   auto rep = sim::run_replication(sc, ws, /*replication=*/0);
//   double sl = rep.stats.chat(chat_id{0}).service_level().offered;
#pragma once

#include "core/stats/statistics.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/workspace.hpp"

#include <cstdint>

namespace livechat::sim {

struct replication_result {
  stats::statistics stats;
  /// When the last session ended (arrivals stop at the horizon; the run
  /// then drains every open session).
  timestamp end{};
  /// Sessions still open when nothing was left to happen (e.g. nobody
  /// Online to take them).
  std::uint64_t stranded = 0;
  std::uint64_t jobs = 0; ///< actor jobs the coordinator ran
};

/// Runs replication `replication` (0-based) of `sc`. Preconditions: `sc`
/// validates, `ws` is `to_workspace(sc)`, traces (if any) are loaded in
/// `trace_times` aligned with `sc.workload` (empty for other kinds).
replication_result
run_replication(const scenarios::scenario& sc,
                const scenarios::scenario_workspace& ws,
                std::uint64_t replication,
                const std::vector<std::vector<duration>>& trace_times = {});

} // namespace livechat::sim
