// Events the router emits: every session transition and operator status change.
//
// The event stream is the audit trail (time, who, why) and the only input the
// statistics need: a run in any mode yields the same statistics from the same
// events. Events are plain values; ordering is the order of emission, which is
// deterministic for a deterministic sequence of calls.
//
// Example:
//   for (const auto& e : router.take_events())
//     if (auto* s = std::get_if<livechat::session_event>(&e))
//       fmt::print("{}\n", livechat::to_string(s->kind));
#pragma once

#include "core/ids.hpp"
#include "core/session.hpp"
#include "core/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace livechat {

enum class operator_status {
  online,  ///< takes new sessions
  away,    ///< keeps its sessions, takes no new ones
  offline, ///< not working; its sessions follow the chat's offline policy
};

std::string_view to_string(operator_status s) noexcept;
/// The status `to_string` names `s` ("online", "away", "offline"); none
/// for any other text.
std::optional<operator_status>
parse_operator_status(std::string_view s) noexcept;

/// What happened to a session: the state it entered.
enum class session_event_kind {
  queued,      ///< entered waiting (arrival, transfer, requeue)
  assigned,    ///< given to an operator (also a reassignment)
  transferred, ///< switched by its operator to an expert group or user
  closed,
  abandoned,
  rejected,
};

std::string_view to_string(session_event_kind k) noexcept;

struct session_event {
  session_event_kind kind;
  timestamp at;
  session_id session;
  chat_id chat;
  user_id customer;
  /// Who caused the step (customer, operator, supervisor, or the router's
  /// policy acting for the operator it picked).
  user_id actor;
  transition_reason reason;
  /// assigned: the new holder; closed/transferred/requeued: the holder until
  /// now. Invalid when no operator is involved.
  operator_id op;
  /// assigned by reassignment: the previous holder. Invalid otherwise.
  operator_id previous_op;
  /// The expert group whose queue the session waits in or was answered from
  /// (for `transferred`: the group it is switched to); invalid for the chat's
  /// own operator queue.
  group_id expert_group;
  /// transferred/queued/assigned after a personal transfer: the expert asked
  /// for. Invalid otherwise.
  user_id target_user;
  /// assigned: the group through which `op` was eligible (an operator group
  /// of the chat, or the expert group).
  group_id via_group;
  /// Original arrival, kept across transfers.
  timestamp arrived;
  /// Start of the current or just-ended wait: wait = at - queued_at for
  /// assigned/abandoned/rejected.
  timestamp queued_at;
  /// Start of the just-ended handling: handle = at - assigned_at for
  /// closed/transferred/requeued/reassigned.
  timestamp assigned_at;
  /// Transfers so far (0 for a session in its first queue).
  std::uint32_t transfers = 0;

  friend bool operator==(const session_event&, const session_event&) = default;
};

struct status_event {
  timestamp at;
  operator_id op;
  operator_status status;
  /// The operator's capacity: the largest capacity among the chats it serves.
  int capacity = 1;

  friend bool operator==(const status_event&, const status_event&) = default;
};

using routing_event = std::variant<session_event, status_event>;

/// What an administrator changed.
enum class admin_event_kind {
  user_added,
  user_renamed,
  user_removed,
  group_created,
  group_renamed,
  group_removed,
  member_added,
  member_removed,
  chat_defined,
  chat_edited,
  chat_removed,
};

std::string_view to_string(admin_event_kind k) noexcept;

/// One administrative change: the audit trail of administration. Kept out of
/// `routing_event` on purpose: routing consumers (statistics, simulator,
/// actors) visit every routing event, and administration is none of their
/// business; the router hands these out on their own stream
/// (`router::take_admin_events`). The session and status events a change
/// causes (sessions requeued or closed, capacities) are routing events as
/// usual, emitted before the change's admin event.
struct admin_event {
  admin_event_kind kind;
  timestamp at;
  /// The administrator; invalid for `user_added` (needs no permission).
  user_id actor;
  /// user_*: the user; member_*: the member. Invalid otherwise.
  user_id user;
  /// group_* and member_*: the group. Invalid otherwise.
  group_id group;
  /// chat_*: the chat (the router's local id). Invalid otherwise.
  chat_id chat;
  /// The name given (added, renamed, created, defined, edited); the last
  /// name for removals; empty for member changes.
  std::string name;

  friend bool operator==(const admin_event&, const admin_event&) = default;
};

/// A line of conversation in a session, from its customer or its operator.
struct chat_message {
  session_id session;
  user_id from;
  timestamp at;
  std::string text;
};

/// An operator as it sees itself: status and held sessions.
struct operator_view {
  operator_status status = operator_status::offline;
  std::vector<session_id> sessions;
};

/// A live session as its customer sees it.
struct session_view {
  session_id id;
  chat_id chat;
  session_state state = session_state::waiting;
  /// The operator holding it; invalid while it waits.
  operator_id op;
};

} // namespace livechat
