// What a load run measured, per live chat: counts, latency histograms and
// errors by kind, for the whole run and as snapshots of fixed wall-clock
// windows.
//
// Every latency is measured from the time the event was *intended* to
// happen (the arrival's scheduled time, a message's scheduled send time),
// not from when the generator got round to it, so a stalled server shows
// as latency instead of being hidden by a generator that waited for it
// (no coordinated omission). Latencies are wall-clock times; scenario-time
// figures (waits as the simulation counts them) are wall times multiplied
// by the run's speed.
#pragma once

#include "core/events.hpp"
#include "core/stats/histogram.hpp"
#include "core/time.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace livechat::load {

/// Latency figures of one window (or of the whole run).
struct latency_window {
  stats::log_linear_histogram time_to_assign; ///< arrival -> first assignment
  stats::log_linear_histogram delivery_to_operator; ///< customer -> operator
  stats::log_linear_histogram delivery_to_customer; ///< operator -> customer
  std::uint64_t arrivals = 0;
  std::uint64_t errors = 0;

  void merge(const latency_window& other);
};

/// One snapshot: the window [start_s, start_s + width) of wall time since
/// the first arrival.
struct snapshot {
  double start_s = 0;
  latency_window figures;
};

struct chat_measure {
  std::string name;
  bool external = false;
  std::uint64_t offered = 0;  ///< arrivals sent
  std::uint64_t late = 0;     ///< arrivals sent later than `late_after`
  std::uint64_t answered = 0; ///< first assignments seen by an operator
  std::uint64_t abandoned = 0;
  std::uint64_t rejected = 0;
  std::uint64_t transferred = 0;
  std::uint64_t closed = 0;
  std::uint64_t messages = 0; ///< messages acknowledged by the server
  /// Waits of answered sessions in scenario time (wall time x speed).
  stats::log_linear_histogram wait;
  latency_window total;
  std::vector<snapshot> snapshots;
  /// Errors by kind: an error code of the server, `http_<status>`,
  /// `no_answer`, `connection_lost`.
  std::map<std::string, std::uint64_t> errors;
};

/// An assignment as a bot saw it, with the hold its script asks for
/// (`scripted_first_hold`, or the expert's handle time).
struct scripted_assignment {
  std::uint64_t session = 0; ///< the server's id
  std::size_t workload = 0;
  /// For an expert's assignment: the transfer of the workload it follows.
  std::optional<std::size_t> transfer;
  duration scripted{}; ///< scenario time
};

struct load_result {
  std::vector<chat_measure> chats; ///< in the scenario's order
  double speed = 1.0;
  double wall_seconds = 0;      ///< first arrival to the end of the drain
  double arrival_seconds = 0;   ///< the arrival window, wall time
  double snapshot_seconds = 10; ///< width of a snapshot window
  std::uint64_t unfinished = 0; ///< sessions still open when the drain ended
  bool interrupted = false;
  /// Errors no chat can be blamed for (a bot's connection failing, ...).
  std::map<std::string, std::uint64_t> errors;
  /// Things the run could not do as the scenario says, for the report.
  std::vector<std::string> notes;
  /// The server's routing events of this run's sessions and its operators'
  /// status changes, as the supervisors' streams showed them, in scenario
  /// time (load/event_json.hpp); `end` is when the run stopped.
  std::vector<routing_event> events;
  timestamp end{};
  /// Each first and expert assignment the bots saw, in the order seen.
  std::vector<scripted_assignment> scripted;
  /// Every live chat was watched over a supervisor's stream, without gaps.
  bool watched = false;
};

} // namespace livechat::load
