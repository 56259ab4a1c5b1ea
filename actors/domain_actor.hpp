// The routing domain actor: the live chats of one routing domain and the
// single writer of their routing state.
//
// It holds a core `router` with the domain's chats (see
// core/domain_partition.hpp) and turns each message into one router call,
// then sends the resulting events to whoever they concern: the session's
// customer, the operators involved, the chat's supervisors, and every
// subscriber (the runtime's event sink). Because all assignments of a domain
// happen in this one actor, one message at a time, an operator shared by
// several chats can never be double-booked and a session never assigned twice.
//
// Chat ids in messages and events are the workspace's (global) ids; the
// domain translates them to its router's own.
//
// Example:
//   auto domain = sys.spawn(livechat::actors::domain_actor_impl,
//                           std::move(config));
//   self->request(domain, caf::infinite, livechat::status_atom_v, op,
//                 livechat::operator_status::online);
#pragma once

#include "actors/interfaces.hpp"
#include "actors/time_mapping.hpp"
#include "core/directory.hpp"
#include "core/live_chat.hpp"
#include "core/transcript.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace livechat::actors {

/// What a domain actor starts from.
struct domain_config {
  directory dir;
  /// The domain's chats, with their workspace-wide ids.
  std::vector<std::pair<chat_id, live_chat_definition>> chats;
  /// The administrator who defines the chats.
  user_id admin;
  /// Session ids: first, first + stride, ... (unique across domains).
  std::uint64_t first_session_id = 1;
  std::uint64_t session_id_stride = 1;
  time_mapping clock;
  /// Optional: called in the domain actor, synchronously, with each event it
  /// publishes (chat ids are the workspace's), in emission order. It is for
  /// in-process consumers that must see every event without a message per
  /// event, such as the simulator's statistics. It must not block or throw.
  /// Domains run concurrently on a multi-threaded scheduler, so an observer
  /// shared by several domains synchronises itself.
  std::function<void(const routing_event&)> observer;
  /// Optional, as `observer`, for each chat message the domain accepts.
  std::function<void(const chat_message&)> message_observer;
  /// Optional: where transcripts are kept (core/transcript.hpp). Without
  /// one, nothing said is kept (the simulator).
  std::shared_ptr<transcript_store> transcripts;
};

/// Spawns the actor; `config.chats` must validate (the runtime checks first).
live_chat_actor spawn_domain(caf::actor_system& sys, domain_config config);

} // namespace livechat::actors
