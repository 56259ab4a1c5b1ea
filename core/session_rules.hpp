// Rules about one session that every reader of the event stream must apply
// the same way: the domain actor, the people's actors, the simulator's
// observer and the statistics.
//
// Each rule is a pure function of an event (or of who holds a session), so a
// server, a bot or a report cannot drift from the router that emitted it.
//
//   ends_session     closed, abandoned, rejected: no event of it follows
//   holder_after     who holds the session once the event happened
//   released_by      who stopped holding it with the event
//   frees_capacity   the number of sessions held dropped: a waiting session
//                    may now find room
//   route_message    who may write into a live session, and who reads it
//   may_read_transcript  who may read what was said in a live session
//
// Example:
//   for (const auto& e : router.take_events())
//     if (auto* s = std::get_if<livechat::session_event>(&e))
//       if (livechat::frees_capacity(*s))
//         retry_waiting_sessions();
#pragma once

#include "core/error.hpp"
#include "core/events.hpp"
#include "core/ids.hpp"

namespace livechat {

/// True for closed, abandoned and rejected: the session has ended and no
/// event of it follows.
constexpr bool ends_session(session_event_kind k) noexcept {
  return k == session_event_kind::closed || k == session_event_kind::abandoned
         || k == session_event_kind::rejected;
}

/// The operator holding the session after `e`: the one it was assigned to,
/// or nobody (it waits, is being transferred, or has ended).
constexpr operator_id holder_after(const session_event& e) noexcept {
  return e.kind == session_event_kind::assigned ? e.op : operator_id{};
}

/// The operator who stopped holding the session with `e`, or invalid: the
/// previous holder on a reassignment; the holder until now on a close,
/// transfer or requeue. Sessions that never left a queue release nobody.
constexpr operator_id released_by(const session_event& e) noexcept {
  return e.kind == session_event_kind::assigned ? e.previous_op : e.op;
}

/// Capacity was freed: an operator stopped holding a session and nobody
/// took it in its place (close, transfer, requeue), so the number of
/// sessions held dropped. A reassignment only moves a session between
/// operators and frees nothing.
constexpr bool frees_capacity(const session_event& e) noexcept {
  return e.kind != session_event_kind::assigned && released_by(e).valid();
}

/// Where a chat message goes.
struct message_route {
  /// The session's customer wrote it; otherwise its operator did.
  bool from_customer = false;
  /// Who reads it: the operator holding the session (invalid while the
  /// session waits: nobody reads it yet), or the customer.
  user_id to;
};

/// Only a live session's customer and the operator holding it may write into
/// it; everyone else (also an operator who held it before a transfer or a
/// reassignment) gets `errc::not_permitted`.
[[nodiscard]] expected<message_route>
route_message(user_id from, user_id customer, operator_id holder) noexcept;

/// Who may read a live session's transcript: its customer, the operator
/// holding it now (an expert after a switch sees what was said before), and
/// the supervisors of its chat. An operator who held it before does not.
constexpr bool may_read_transcript(user_id reader, user_id customer,
                                   operator_id holder,
                                   bool supervises_chat) noexcept {
  return reader == customer || (holder.valid() && reader == holder)
         || supervises_chat;
}

} // namespace livechat
