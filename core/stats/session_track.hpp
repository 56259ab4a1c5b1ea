// One open session as the readers of the event stream remember it, and the
// rule "first answer per queue", decided here once.
//
// The statistics (core/stats/statistics.hpp) and the simulator's observer
// (sim/observer.hpp) count the same waits: a session's wait in each queue it
// enters ends once, answered or abandoned. A requeued session (its operator
// went Offline) answered again is not a second answer, and a reassignment is
// no answer at all. A session entering an expert queue (a transfer) starts a
// new wait there.
//
// A track starts with the session's arrival (`starts`) and is fed each of its
// events in order (`step`); it ends with `ends_session`
// (core/session_rules.hpp).
//
// Example:
//   if (livechat::stats::session_track::starts(e))
//     tracks.emplace(e.session, session_track::start(e, warmup_end));
//   auto& t = tracks.at(e.session);
//   if (t.step(e) == livechat::stats::queue_step::first_answer)
//     record_wait(e.at - e.queued_at);
#pragma once

#include "core/events.hpp"
#include "core/time.hpp"

namespace livechat::stats {

/// What an event meant for the session's wait in the queue it names
/// (`expert_group`, or the chat's operator queue if invalid).
enum class queue_step {
  none,
  first_answer, ///< the wait in that queue ended with an answer
  abandoned,    ///< the customer left before an answer in that queue
};

struct session_track {
  /// Arrived at or after the warm-up: counted in the figures.
  bool counted = false;
  /// Answered in the chat's operator queue.
  bool answered = false;
  /// Answered in the expert queue it waits in now (reset per transfer).
  bool expert_answered = false;

  /// Whether `e` is a session's first event: its arrival (queued) or its
  /// rejection at arrival.
  static constexpr bool starts(const session_event& e) noexcept {
    return (e.kind == session_event_kind::queued
            && e.reason == transition_reason::arrived)
           || (e.kind == session_event_kind::rejected && e.transfers == 0);
  }

  /// The track of a session whose first event is `e`.
  static constexpr session_track start(const session_event& e,
                                       timestamp warmup_end) noexcept {
    session_track t;
    t.counted = e.arrived >= warmup_end;
    return t;
  }

  /// Applies the session's next event and says what it meant for its wait.
  queue_step step(const session_event& e) noexcept;
};

} // namespace livechat::stats
