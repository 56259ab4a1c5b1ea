// The actor protocol: every message type and atom, and how core values are
// serialized. This is the one place where core types meet CAF.
//
// Core value types (ids, timestamps, events, snapshots) travel in messages as
// they are; `inspect` overloads below make them serializable (for logging,
// and for CAF's network layer when domains are spread over nodes). Domain
// error codes (`livechat::errc`) become `caf::error`s in category "livechat".
//
// Example:
//   caf::actor_system_config cfg;
//   livechat::actors::register_protocol(cfg);   // before the system starts
//   // handlers: [](livechat::open_atom, livechat::user_id, ...) { ... }
#pragma once

#include "actors/event_stream.hpp"
#include "core/admin_change.hpp"
#include "core/error.hpp"
#include "core/events.hpp"
#include "core/router.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/error.hpp>
#include <caf/fwd.hpp>
#include <caf/meta/type_name.hpp>
#include <caf/type_id.hpp>
#include <caf/typed_actor.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace livechat {

/// A subscription to a role's stream (actors/stream_registry.hpp). It
/// carries the stream itself, so it only travels between actors of one
/// process (an unsafe message type: never serialized).
struct stream_request {
  enum class scope : std::uint8_t {
    chat,    ///< `who` supervises `chat`
    own,     ///< `who` is an operator watching itself
    session, ///< `who` is the customer of `session`
  };
  scope what = scope::own;
  user_id who;
  chat_id chat;
  session_id session;
  std::shared_ptr<event_stream> out;
};

namespace actors {
/// What a routing domain hands over when another absorbs it (defined in
/// actors/domain_state.hpp; travels within one process only).
struct domain_handover;
} // namespace actors

/// The state a merged routing domain hands to the one absorbing it.
using domain_handover_ptr = std::shared_ptr<actors::domain_handover>;

// -- inspect overloads (found by ADL) ----------------------------------------

template <class Inspector, class Tag>
typename Inspector::result_type inspect(Inspector& f, strong_id<Tag>& x) {
  return f(x.value);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, session_id& x) {
  return f(caf::meta::type_name("session_id"), x.value);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, timestamp& x) {
  // Nanoseconds since the run's epoch.
  auto ns = x.time_since_epoch().count();
  auto result = f(ns);
  x = timestamp{duration{ns}};
  return result;
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, session_ticket& x) {
  return f(caf::meta::type_name("session_ticket"), x.id, x.state);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, session_event& x) {
  return f(caf::meta::type_name("session_event"), x.kind, x.at, x.session,
           x.chat, x.customer, x.actor, x.reason, x.op, x.previous_op,
           x.expert_group, x.target_user, x.via_group, x.arrived, x.queued_at,
           x.assigned_at, x.transfers);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, status_event& x) {
  return f(caf::meta::type_name("status_event"), x.at, x.op, x.status,
           x.capacity);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, waiting_entry& x) {
  return f(caf::meta::type_name("waiting_entry"), x.id, x.customer, x.arrived,
           x.queued_at, x.expert_group, x.target_user);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, operator_entry& x) {
  return f(caf::meta::type_name("operator_entry"), x.id, x.status, x.load,
           x.sessions);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, chat_snapshot& x) {
  return f(caf::meta::type_name("chat_snapshot"), x.chat, x.waiting,
           x.operators);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, chat_message& x) {
  return f(caf::meta::type_name("chat_message"), x.session, x.from, x.at,
           x.text);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, transcript& x) {
  return f(caf::meta::type_name("transcript"), x.session, x.messages,
           x.dropped);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, operator_view& x) {
  return f(caf::meta::type_name("operator_view"), x.status, x.sessions);
}

} // namespace livechat

CAF_ERROR_CODE_ENUM(livechat::errc, "livechat")
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(livechat::stream_request)
// Administration and merging travel between the actors of one process.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(livechat::admin_change)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(livechat::admin_created)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(livechat::domain_handover_ptr)
// Restoring after a restart happens within one process, too.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(livechat::restored_session)

// Type IDs: the message vocabulary of livechat's actors.
CAF_BEGIN_TYPE_ID_BLOCK(livechat, caf::first_custom_type_id)

  CAF_ADD_TYPE_ID(livechat, (livechat::user_id))
  CAF_ADD_TYPE_ID(livechat, (livechat::group_id))
  CAF_ADD_TYPE_ID(livechat, (livechat::chat_id))
  CAF_ADD_TYPE_ID(livechat, (livechat::session_id))
  CAF_ADD_TYPE_ID(livechat, (livechat::timestamp))
  CAF_ADD_TYPE_ID(livechat, (livechat::operator_status))
  CAF_ADD_TYPE_ID(livechat, (livechat::session_state))
  CAF_ADD_TYPE_ID(livechat, (livechat::session_ticket))
  CAF_ADD_TYPE_ID(livechat, (livechat::session_event))
  CAF_ADD_TYPE_ID(livechat, (livechat::status_event))
  CAF_ADD_TYPE_ID(livechat, (livechat::chat_snapshot))
  CAF_ADD_TYPE_ID(livechat, (livechat::chat_message))
  CAF_ADD_TYPE_ID(livechat, (livechat::operator_view))
  CAF_ADD_TYPE_ID(livechat, (std::vector<livechat::user_id>))
  CAF_ADD_TYPE_ID(livechat, (livechat::stream_request))
  CAF_ADD_TYPE_ID(livechat, (livechat::transcript))
  CAF_ADD_TYPE_ID(livechat, (livechat::admin_change))
  CAF_ADD_TYPE_ID(livechat, (livechat::admin_created))
  CAF_ADD_TYPE_ID(livechat, (livechat::domain_handover_ptr))
  CAF_ADD_TYPE_ID(livechat, (livechat::restored_session))

  CAF_ADD_ATOM(livechat, livechat, open_atom, "open")
  CAF_ADD_ATOM(livechat, livechat, leave_atom, "leave")
  CAF_ADD_ATOM(livechat, livechat, message_atom, "message")
  CAF_ADD_ATOM(livechat, livechat, status_atom, "status")
  CAF_ADD_ATOM(livechat, livechat, close_atom, "close")
  CAF_ADD_ATOM(livechat, livechat, transfer_atom, "transfer")
  CAF_ADD_ATOM(livechat, livechat, assign_atom, "assign")
  CAF_ADD_ATOM(livechat, livechat, snapshot_atom, "snapshot")
  CAF_ADD_ATOM(livechat, livechat, join_atom, "join")
  CAF_ADD_ATOM(livechat, livechat, subscribe_atom, "subscribe")
  CAF_ADD_ATOM(livechat, livechat, event_atom, "event")
  CAF_ADD_ATOM(livechat, livechat, patience_atom, "patience")
  CAF_ADD_ATOM(livechat, livechat, distribute_atom, "distribute")
  CAF_ADD_ATOM(livechat, livechat, get_atom, "get")
  CAF_ADD_ATOM(livechat, livechat, arrive_atom, "arrive")
  CAF_ADD_ATOM(livechat, livechat, finish_atom, "finish")
  CAF_ADD_ATOM(livechat, livechat, shift_atom, "shift")
  CAF_ADD_ATOM(livechat, livechat, converse_atom, "converse")
  CAF_ADD_ATOM(livechat, livechat, watch_atom, "watch")
  CAF_ADD_ATOM(livechat, livechat, transcript_atom, "transcript")
  CAF_ADD_ATOM(livechat, livechat, admin_atom, "admin")
  CAF_ADD_ATOM(livechat, livechat, merge_atom, "merge")
  CAF_ADD_ATOM(livechat, livechat, absorb_atom, "absorb")
  CAF_ADD_ATOM(livechat, livechat, put_atom, "put")
  CAF_ADD_ATOM(livechat, livechat, restore_atom, "restore")

CAF_END_TYPE_ID_BLOCK(livechat)

#include "actors/interfaces.hpp"

namespace livechat::actors {

/// Registers every livechat message type with a configuration. Call it
/// before creating the actor system.
void register_protocol(caf::actor_system_config& cfg);

} // namespace livechat::actors
