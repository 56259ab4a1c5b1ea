// Statistics of a run, fed by the router's events, in bounded memory.
//
// Feed every `routing_event` in emission order to `observe`, then call
// `finish(end)` once to close open time intervals. The figures follow the
// definitions in ../shared/design/ARCHITECTURE.md ("Metrics that must be named
// exactly"):
//
// Per live chat (a session's first queue experience):
//   offered      arrivals (after warm-up), including rejected ones
//   answered     sessions assigned for the first time
//   abandoned    sessions that left before their first assignment
//   rejected     refused at arrival (queue full, nobody online)
//   transferred  transfers to expert groups; their waits in `transfer_wait`
//   wait         waits of answered sessions (arrival -> first assignment)
//   handle       every handling span (assignment -> close, transfer, requeue
//                or reassignment), in any queue of the chat
//   service level at threshold t, all four definitions:
//     offered             = answered within t / offered
//     answered            = answered within t / answered
//     excl_short_abandons = answered within t / (offered - abandoned within t)
//     virtual             = P(V <= t), the virtual wait's distribution
//                           estimated by Kaplan-Meier with abandonments as
//                           censored observations (binned at <= 1 %)
//   asa_answered = mean wait of answered; asa_all = mean wait of answered and
//   abandoned sessions (rejected ones never waited and are left out).
//
// Per group (operators' view): handled sessions and waits of sessions answered
// through the group (`via_group`), and for expert groups the sessions entering
// their queue (offered, answered, abandoned, rejected, transfer waits).
//
// Per operator: handled assignments, busy time (integral of load), Online
// time, occupancy = busy capacity time while Online / capacity time while
// Online (<= 1; busy time while Away or Offline is reported, not counted).
// Fairness across a group's operators, on handled sessions and on busy time,
// each divided by the operator's Online time (operators never Online are left
// out): Jain's index, Gini, max/min, with the per-operator vectors.
//
// Warm-up: sessions arriving before `warmup_end` are left out of session
// figures; operator time integrals and handled counts start at `warmup_end`.
// Measurement end: operator time integrals and handled counts stop at
// `measure_end` (a run's horizon), while sessions that arrived before it are
// followed to their end. A run that drains its last sessions past the
// horizon, with nobody arriving any more, thus does not dilute occupancy
// and fairness with the drain's idle Online time.
//
// Example:
//   livechat::stats::statistics stats{router.dir(), {.sl_threshold = 20s}};
//   for (const auto& e : router.take_events())
//     stats.observe(e);
//   stats.finish(end_of_run);
//   double sl = stats.chat(chat).service_level().offered;
//   auto fair = stats.fairness(general);   // jain/gini/max_min + vectors
#pragma once

#include "core/directory.hpp"
#include "core/events.hpp"
#include "core/queueing/erlang.hpp"
#include "core/stats/fairness.hpp"
#include "core/stats/histogram.hpp"
#include "core/stats/session_track.hpp"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace livechat::stats {

struct statistics_config {
  /// The t of "answered within t".
  duration sl_threshold = std::chrono::seconds{20};
  /// Sessions arriving earlier are left out; time integrals start here.
  timestamp warmup_end{};
  /// Time integrals and handled counts stop here.
  timestamp measure_end = timestamp::max();
};

/// Session figures of a live chat, or of a group's queue.
struct queue_figures {
  duration threshold{}; ///< the service level threshold t
  std::uint64_t offered = 0;
  std::uint64_t answered = 0;
  std::uint64_t abandoned = 0;
  std::uint64_t rejected = 0;
  std::uint64_t transferred = 0;
  std::uint64_t requeued = 0;
  std::uint64_t answered_within_threshold = 0;
  std::uint64_t abandoned_within_threshold = 0;
  log_linear_histogram wait;          ///< answered: arrival -> assignment
  log_linear_histogram abandon_wait;  ///< abandoned: arrival -> leaving
  log_linear_histogram transfer_wait; ///< transfer -> expert assignment
  log_linear_histogram handle;        ///< handling spans

  /// abandoned / offered (0 if nothing was offered).
  double abandon_rate() const noexcept;
  double asa_answered_s() const noexcept;
  double asa_all_s() const noexcept;
  /// All four definitions at the configured threshold.
  queueing::service_levels service_level() const;
};

struct operator_figures {
  operator_id id;
  std::uint64_t handled = 0;
  duration busy{};            ///< integral of load over time, any status
  duration busy_online{};     ///< integral of load while Online
  duration online{};          ///< time in status Online
  duration online_capacity{}; ///< integral of capacity while Online
  /// busy_online / online_capacity (0 if never Online).
  double occupancy() const noexcept;
};

/// Fairness of a group's operators (see the header comment).
struct group_fairness {
  std::vector<operator_id> operators; ///< members ever Online, list order
  std::vector<double> handled_per_online_hour;
  /// Busy session time while Online / Online time: the mean number of
  /// sessions held while Online (may exceed 1 with capacity above 1).
  std::vector<double> busy_share_of_online;
  fairness_summary handled;
  fairness_summary busy_time;
};

class statistics {
public:
  /// `dir` gives group membership (copied: later directory changes are not
  /// seen).
  statistics(const directory& dir, statistics_config config);

  void observe(const routing_event& e);
  void observe(const session_event& e);
  void observe(const status_event& e);
  /// As `observe(e)`, for a caller that keeps the tracks of open sessions
  /// itself (the simulator's observer: one table for all it measures). `s`
  /// is the track of `e`'s session, made by `session_track::start` from its
  /// first event and passed with each of its events, in order. Events of
  /// sessions without a track go to `observe(e)`. Returns what `e` meant for
  /// the session's wait (`session_track::step`, applied here).
  queue_step observe(const session_event& e, session_track& s);

  /// Closes every open interval at `end` (the end of the run).
  void finish(timestamp end);

  const statistics_config& config() const noexcept {
    return config_;
  }

  /// Figures of chat `c` (all zero if it never saw an event).
  const queue_figures& chat(chat_id c) const;
  /// Session figures of group `g` (see the header comment).
  const queue_figures& group(group_id g) const;
  const operator_figures& op(operator_id o) const;
  /// Occupancy of a group: sum of members' busy capacity time while Online /
  /// sum of their capacity time while Online.
  double group_occupancy(group_id g) const;
  group_fairness fairness(group_id g) const;

  /// Sessions seen but not yet ended (abandoned, rejected or closed).
  std::size_t open_sessions() const noexcept {
    return open_;
  }

private:
  struct operator_track {
    operator_figures figures;
    operator_status status = operator_status::offline;
    int capacity = 1;
    int load = 0;
    timestamp since{}; ///< last change of status, capacity or load
  };

  queue_figures& chat_mut(chat_id c);
  queue_figures& group_mut(group_id g);
  operator_track& track(operator_id o);
  /// Accumulates o's integrals from its last change up to `now`.
  void advance(operator_track& o, timestamp now);
  void change_load(operator_id o, timestamp now, int delta);
  void record_wait(queue_figures& q, duration wait);
  void record_abandon(queue_figures& q, duration wait);
  /// Operators' load and handled counts (whatever the session's warm-up).
  void observe_operators(const session_event& e);

  std::vector<std::vector<operator_id>> members_; ///< per group, list order
  statistics_config config_;
  std::vector<queue_figures> chats_;
  std::vector<queue_figures> groups_;
  std::vector<operator_track> operators_;
  /// Tracks of open sessions, unless the caller keeps them (lookup only).
  std::unordered_map<session_id, session_track> sessions_;
  std::size_t open_ = 0;
  queue_figures empty_queue_;
  operator_figures empty_operator_;
};

} // namespace livechat::stats
