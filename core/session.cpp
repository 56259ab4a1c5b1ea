#include "core/session.hpp"

namespace livechat {

std::string_view to_string(session_state s) noexcept {
  switch (s) {
    case session_state::waiting: return "waiting";
    case session_state::assigned: return "assigned";
    case session_state::transferred: return "transferred";
    case session_state::closed: return "closed";
    case session_state::abandoned: return "abandoned";
    case session_state::rejected: return "rejected";
  }
  return "unknown";
}

bool can_transition(session_state from, session_state to) noexcept {
  using st = session_state;
  switch (from) {
    case st::waiting:
      return to == st::assigned || to == st::abandoned || to == st::rejected;
    case st::assigned:
      return to == st::closed || to == st::transferred || to == st::waiting
             || to == st::assigned;
    case st::transferred: return to == st::waiting;
    case st::closed:
    case st::abandoned:
    case st::rejected: return false;
  }
  return false;
}

std::string_view to_string(transition_reason r) noexcept {
  using tr = transition_reason;
  switch (r) {
    case tr::arrived: return "arrived";
    case tr::routed: return "routed";
    case tr::supervisor_assign: return "supervisor_assign";
    case tr::supervisor_reassign: return "supervisor_reassign";
    case tr::transfer_to_expert: return "transfer_to_expert";
    case tr::entered_expert_queue: return "entered_expert_queue";
    case tr::operator_offline: return "operator_offline";
    case tr::closed_by_operator: return "closed_by_operator";
    case tr::closed_by_customer: return "closed_by_customer";
    case tr::closed_by_supervisor: return "closed_by_supervisor";
    case tr::customer_left: return "customer_left";
    case tr::queue_full: return "queue_full";
    case tr::nobody_online: return "nobody_online";
    case tr::chat_removed: return "chat_removed";
    case tr::user_removed: return "user_removed";
    case tr::restored: return "restored";
  }
  return "unknown";
}

session::session(session_id id, chat_id chat, user_id customer,
                 timestamp arrived)
    : id_(id),
      chat_(chat),
      customer_(customer),
      arrived_(arrived),
      queued_at_(arrived) {
  // Most sessions arrive, are assigned and end: one allocation, not three.
  trail_.reserve(4);
  trail_.push_back(transition_record{arrived, session_state::waiting,
                                     session_state::waiting, customer,
                                     transition_reason::arrived});
}

expected<void> session::apply(session_state to, timestamp at, user_id actor,
                              transition_reason why) {
  if (!can_transition(state_, to))
    return errc::illegal_transition;
  trail_.push_back(transition_record{at, state_, to, actor, why});
  state_ = to;
  if (to == session_state::waiting)
    queued_at_ = at;
  else if (to == session_state::assigned)
    assigned_at_ = at;
  return {};
}

} // namespace livechat
