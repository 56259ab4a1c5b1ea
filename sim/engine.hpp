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
#include "sim/observer.hpp"
#include "sim/timeline.hpp"

#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

namespace livechat::sim {

/// Per-bin averages over the horizon (sim/timeline.hpp) of one replication.
struct replication_series {
  time_bins bins;
  std::vector<std::vector<double>> chat_waiting;  ///< per chat
  std::vector<std::vector<double>> chat_arrivals; ///< per chat, counts
  /// Per group of `serving_groups(ws)`: members Online, sessions held.
  std::vector<std::vector<double>> group_online;
  std::vector<std::vector<double>> group_busy;
};

struct replication_result {
  stats::statistics stats;
  replication_series series;
  /// One record per session, if asked for (`keep_sessions`).
  std::vector<session_record> sessions;
  /// Per chat: conversations (zero without a message model).
  std::vector<conversation_figures> conversations;
  /// Per user: messages sent as an operator in counted sessions.
  std::vector<std::uint64_t> operator_messages;
  /// With `bin_width`: per chat, per bin, its first-level queue; per group
  /// of `serving_groups(ws)`, per bin, its expert queue.
  std::vector<std::vector<interval_queue>> chat_intervals;
  std::vector<std::vector<interval_queue>> expert_intervals;
  /// When the last session ended (arrivals stop at the horizon; the run
  /// then drains every open session).
  timestamp end{};
  /// Sessions still open when nothing was left to happen (e.g. nobody
  /// Online to take them).
  std::uint64_t stranded = 0;
  std::uint64_t jobs = 0; ///< actor jobs the coordinator ran (virtual time)
  /// Live mode: wall-clock time from each customer's open request to its
  /// ticket (the routing decision as the customer sees it). Empty otherwise.
  stats::log_linear_histogram open_latency;
};

/// How the simulation bots reach the routing domains.
///   direct               bots are the operators and talk to the domains
///                        themselves (fewer messages: what `livechat run`
///                        uses);
///   production_actors    the deployment's production `operator_actor`s
///                        and a `customer_actor` per session stand between
///                        the bots and the domains, as a server's clients
///                        will use them: status changes, closes, transfers
///                        and replies go through the operator actors; opens,
///                        leaves and the customer's messages through the
///                        customer actors. Virtual time only.
/// The two give the same events (tests/sim_engine/paths_agree_test.cpp).
enum class people_path { direct, production_actors };

struct replication_options {
  /// Keep a record of every session (for the CSV tables).
  bool keep_sessions = false;
  /// At most this many time bins over the horizon.
  std::size_t max_bins = 96;
  /// Set: bins of exactly this width instead (planning intervals), and
  /// per-bin queue figures in the result.
  std::optional<duration> bin_width;
  /// Arrival times of `trace` workloads, aligned with `sc.workload` (empty
  /// for other kinds); see sim/arrivals.hpp.
  const std::vector<std::vector<duration>>* trace_times = nullptr;
  /// Live mode: the same actors on CAF's real-time scheduler with
  /// `live_threads` threads, run time passing `speed` times faster than
  /// wall time, routing latency measured. Virtual time otherwise.
  bool live = false;
  double speed = 1.0;
  std::size_t live_threads = 2;
  /// Set and true: stop as soon as possible (Ctrl-C); the result is then
  /// incomplete and must not be reported.
  const std::atomic<bool>* cancel = nullptr;
  /// How the bots reach the routing domains (see `people_path`).
  people_path people = people_path::direct;
  /// Set: every event the domains publish, in the order they publish it
  /// (what tests compare between the two paths). Virtual time only: in live
  /// mode the domains would append from several threads.
  std::vector<routing_event>* event_log = nullptr;
};

/// Virtual time stops here, whatever is still pending: sessions then open
/// are stranded. Far beyond any horizon (a year at most, core/limits.hpp),
/// it keeps the actor clock representable when delays chain.
inline constexpr duration end_of_virtual_time
  = std::chrono::hours{24 * 365 * 150};

/// Groups that serve a chat (operators or experts), in group id order: the
/// groups whose figures and series a replication reports.
std::vector<group_id> serving_groups(const scenarios::scenario_workspace& ws);

/// Runs replication `replication` (0-based) of `sc`. Preconditions: `sc`
/// validates, `ws` is `to_workspace(sc)`, and every trace workload's times
/// are given.
replication_result run_replication(const scenarios::scenario& sc,
                                   const scenarios::scenario_workspace& ws,
                                   std::uint64_t replication,
                                   const replication_options& options = {});

} // namespace livechat::sim
