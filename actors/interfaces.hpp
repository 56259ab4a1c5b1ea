// Typed interfaces of livechat's actors. Included by actors/protocol.hpp.
//
//   live_chat_actor   one per routing domain: owns the router (queues,
//                     operators' load) of the chats in it; the single
//                     writer of every assignment there
//   operator_actor    one per operator: its status and sessions, acts as it
//   customer_actor    one per conversation: opens it, writes, may leave
//   supervisor_actor  one per supervisor: snapshots, (re)assigns, and under
//                     `manual` distributes sessions after a reaction time
//   group_actor       one per group: its members, as the workspace last
//                     told it
//   workspace_actor   the single writer of the directory and the chat
//                     definitions: checks each administrative change,
//                     merges domains it connects, applies it to every
//                     domain concerned in one order
//
// Every participant is also a `session_listener`: the domain tells it about
// the events that concern it. `open` takes the customer's listener; an
// invalid (default) one means the customer wants nothing but the ticket (the
// simulator's workload bots, which learn the rest from the event observer).
//
// Example:
//   livechat::actors::live_chat_actor domain = ...;
//   self->request(domain, caf::infinite, livechat::open_atom_v, customer,
//                 chat, listener)
//     .then([](livechat::session_ticket t) { /* waiting, assigned... */ });
#pragma once

#include "actors/protocol.hpp"

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <string>
#include <vector>

namespace livechat::actors {

using session_listener
  = caf::typed_actor<caf::reacts_to<event_atom, session_event>,
                     caf::reacts_to<event_atom, status_event>,
                     caf::reacts_to<message_atom, chat_message>>;

using live_chat_actor = caf::typed_actor<
  caf::replies_to<open_atom, user_id, chat_id,
                  session_listener>::with<session_ticket>,
  caf::reacts_to<leave_atom, user_id, session_id>,
  caf::reacts_to<message_atom, user_id, session_id, std::string>,
  caf::reacts_to<status_atom, user_id, operator_status>,
  caf::reacts_to<close_atom, user_id, session_id>,
  caf::reacts_to<transfer_atom, user_id, session_id, group_id, user_id>,
  caf::reacts_to<assign_atom, user_id, session_id, user_id>,
  caf::replies_to<snapshot_atom, user_id, chat_id>::with<chat_snapshot>,
  caf::reacts_to<join_atom, user_id, session_listener>,
  caf::reacts_to<subscribe_atom, session_listener>,
  caf::reacts_to<watch_atom, stream_request>,
  caf::replies_to<transcript_atom, user_id, session_id>::with<transcript>,
  // Administration, from the workspace only: (administrator, change, the
  // chat's workspace id for a definition).
  caf::reacts_to<admin_atom, user_id, admin_change, chat_id>,
  // A live session kept across a restart, its chat by workspace id
  // (router::restore_session).
  caf::reacts_to<restore_atom, restored_session>,
  // Hand everything over to the domain (a live_chat_actor) absorbing this
  // one, then forward every later message there.
  caf::reacts_to<merge_atom, caf::actor>,
  caf::reacts_to<absorb_atom, domain_handover_ptr>>;

using operator_actor = session_listener::extend<
  caf::reacts_to<status_atom, operator_status>,
  caf::reacts_to<close_atom, session_id>,
  caf::reacts_to<transfer_atom, session_id, group_id, user_id>,
  caf::reacts_to<message_atom, session_id, std::string>,
  caf::replies_to<get_atom>::with<operator_view>,
  caf::reacts_to<subscribe_atom, session_listener>,
  // Serve in this domain (a live_chat_actor) from now on.
  caf::reacts_to<join_atom, caf::actor>>;

using customer_actor
  = session_listener::extend<caf::replies_to<open_atom>::with<session_ticket>,
                             caf::reacts_to<message_atom, std::string>,
                             caf::reacts_to<leave_atom>,
                             caf::reacts_to<patience_atom>,
                             caf::reacts_to<subscribe_atom, session_listener>>;

using supervisor_actor = session_listener::extend<
  caf::replies_to<snapshot_atom, chat_id>::with<chat_snapshot>,
  caf::reacts_to<assign_atom, session_id, user_id>,
  caf::reacts_to<distribute_atom, session_id>>;

using group_actor
  = caf::typed_actor<caf::replies_to<get_atom>::with<std::vector<user_id>>,
                     caf::reacts_to<put_atom, std::vector<user_id>>>;

using workspace_actor = caf::typed_actor<
  caf::replies_to<admin_atom, user_id, admin_change>::with<admin_created>,
  caf::replies_to<get_atom, group_id>::with<std::vector<user_id>>>;

} // namespace livechat::actors
