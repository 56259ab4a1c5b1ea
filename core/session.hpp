// Sessions: one customer conversation and its explicit lifecycle.
//
//   waiting   -> assigned     (routed, or by a supervisor)
//   waiting   -> abandoned    (the customer left while waiting)
//   waiting   -> rejected     (queue full, or nobody online)
//   assigned  -> closed
//   assigned  -> transferred  (switched to an expert group or user)
//   assigned  -> waiting      (its operator went Offline: requeued)
//   assigned  -> assigned     (a supervisor reassigns it)
//   transferred -> waiting    (in the expert queue) -> assigned (an expert)
//
// Every other step is an `errc::illegal_transition`. Each step is recorded with
// time, the user who caused it and why (the audit trail). A session keeps its
// original arrival time across transfers; `queued_at` is when it last entered a
// queue.
//
// Example:
//   livechat::session s{livechat::session_id{1}, chat, customer, t0};
//   auto ok = s.apply(livechat::session_state::assigned, t1, op,
//                     livechat::transition_reason::routed);
//   auto bad = s.apply(livechat::session_state::abandoned, t2, customer,
//                      livechat::transition_reason::customer_left);
//   // bad.error() == errc::illegal_transition
#pragma once

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"

#include <string_view>
#include <vector>

namespace livechat {

enum class session_state {
  waiting,
  assigned,
  transferred,
  closed,
  abandoned,
  rejected,
};

std::string_view to_string(session_state s) noexcept;

/// True for closed, abandoned and rejected: nothing follows them.
constexpr bool is_final(session_state s) noexcept {
  return s == session_state::closed || s == session_state::abandoned
         || s == session_state::rejected;
}

/// The lifecycle's transition table.
bool can_transition(session_state from, session_state to) noexcept;

/// Why a transition happened; part of the audit trail.
enum class transition_reason {
  arrived,              ///< -> waiting: the customer opened the session
  routed,               ///< -> assigned by the routing policy
  supervisor_assign,    ///< -> assigned by a supervisor
  supervisor_reassign,  ///< assigned -> assigned to another operator
  transfer_to_expert,   ///< -> transferred by the holding operator
  entered_expert_queue, ///< transferred -> waiting in the expert queue
  operator_offline,     ///< -> waiting (requeue) or -> closed (close policy)
  closed_by_operator,   ///< -> closed
  closed_by_customer,   ///< -> closed
  closed_by_supervisor, ///< -> closed
  customer_left,        ///< -> abandoned
  queue_full,           ///< -> rejected
  nobody_online,        ///< -> rejected
  chat_removed, ///< -> rejected (waiting) or closed: an admin removed the chat
  user_removed, ///< -> abandoned or closed: an admin removed the customer
  restored,     ///< -> waiting or assigned again after a server restart
};

std::string_view to_string(transition_reason r) noexcept;

/// One step of the audit trail.
struct transition_record {
  timestamp at;
  session_state from;
  session_state to;
  user_id actor;
  transition_reason reason;
};

/// A session and its history. The router owns live sessions.
class session {
public:
  session(session_id id, chat_id chat, user_id customer, timestamp arrived);

  /// Moves to `to` if the lifecycle allows it and records the step.
  expected<void> apply(session_state to, timestamp at, user_id actor,
                       transition_reason why);

  session_id id() const noexcept {
    return id_;
  }
  chat_id chat() const noexcept {
    return chat_;
  }
  user_id customer() const noexcept {
    return customer_;
  }
  session_state state() const noexcept {
    return state_;
  }
  timestamp arrived() const noexcept {
    return arrived_;
  }
  /// When the session last entered waiting (arrival, transfer or requeue).
  timestamp queued_at() const noexcept {
    return queued_at_;
  }
  /// When the session was last assigned; meaningful while assigned.
  timestamp assigned_at() const noexcept {
    return assigned_at_;
  }
  const std::vector<transition_record>& trail() const noexcept {
    return trail_;
  }

  /// Names its chat by another id: the same chat after two routers merged
  /// and it got a new local id. Changes nothing else.
  void relabel_chat(chat_id chat) noexcept {
    chat_ = chat;
  }

private:
  session_id id_;
  chat_id chat_;
  user_id customer_;
  session_state state_ = session_state::waiting;
  timestamp arrived_;
  timestamp queued_at_;
  timestamp assigned_at_;
  std::vector<transition_record> trail_;
};

} // namespace livechat
