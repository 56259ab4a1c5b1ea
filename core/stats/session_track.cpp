#include "core/stats/session_track.hpp"

namespace livechat::stats {

queue_step session_track::step(const session_event& e) noexcept {
  bool expert = e.expert_group.valid();
  switch (e.kind) {
    case session_event_kind::queued:
      // A transfer enters the expert queue: a new wait. A requeue (its
      // operator went Offline) continues the wait already answered.
      if (expert && e.reason != transition_reason::arrived
          && e.reason != transition_reason::operator_offline)
        expert_answered = false;
      return queue_step::none;
    case session_event_kind::assigned: {
      if (e.reason == transition_reason::supervisor_reassign)
        return queue_step::none;
      bool& answered_here = expert ? expert_answered : answered;
      if (answered_here)
        return queue_step::none;
      answered_here = true;
      return queue_step::first_answer;
    }
    case session_event_kind::abandoned:
      return (expert ? expert_answered : answered) ? queue_step::none
                                                   : queue_step::abandoned;
    case session_event_kind::transferred:
    case session_event_kind::closed:
    case session_event_kind::rejected: return queue_step::none;
  }
  return queue_step::none;
}

} // namespace livechat::stats
