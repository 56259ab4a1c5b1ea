// The state of a routing domain actor (actors/domain_actor.hpp), shared by
// the files that implement it: domain_actor.cpp (routing, streams) and
// domain_admin.cpp (administrative changes, merging two domains).
// Internal to the actors library.
#pragma once

#include "actors/interfaces.hpp"
#include "actors/stream_registry.hpp"
#include "actors/time_mapping.hpp"
#include "core/router.hpp"
#include "core/transcript.hpp"

#include <caf/typed_event_based_actor.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

namespace livechat::actors {

struct domain_state {
  std::unique_ptr<router> core;
  time_mapping clock;
  std::vector<chat_id> global_of_local;
  /// Operators and supervisors who joined, by user id.
  std::vector<session_listener> participants;
  /// Per local chat: joined users who supervise it, in user id order.
  std::vector<std::vector<user_id>> supervisors;
  /// The customer of each live session (lookup only).
  std::unordered_map<session_id, session_listener> customers;
  std::vector<session_listener> subscribers;
  /// Role streams (runtime::watch_*): bounded, filtered per subscriber.
  stream_registry streams;
  std::function<void(const routing_event&)> observer;
  std::function<void(const chat_message&)> message_observer;
  std::shared_ptr<transcript_store> transcripts;
  /// The events being published and the audience of the current one
  /// (storage reused from call to call).
  std::vector<routing_event> published;
  std::vector<user_id> notified;
  std::vector<queue_standing> standings;

  static constexpr const char* name = "livechat.domain";

  std::optional<chat_id> local(chat_id global) const {
    for (std::size_t i = 0; i < global_of_local.size(); ++i)
      if (global_of_local[i] == global)
        return chat_id{static_cast<chat_id::value_type>(i)};
    return std::nullopt;
  }

  /// Whether `op` may take sessions of local chat `c`.
  bool serves(user_id op, chat_id c) const {
    const auto& def = core->definition(c);
    return core->dir().is_member_of_any(op, def.operator_groups)
           || core->dir().is_member_of_any(op, def.expert_groups);
  }

  const session_listener* participant(user_id u) const {
    if (!u.valid() || u.value >= participants.size() || !participants[u.value])
      return nullptr;
    return &participants[u.value];
  }

  void refresh_supervisors() {
    supervisors.assign(global_of_local.size(), {});
    for (std::size_t c = 0; c < global_of_local.size(); ++c) {
      chat_id local_id{static_cast<chat_id::value_type>(c)};
      const auto& groups = core->definition(local_id).supervisor_groups;
      for (std::uint32_t u = 0; u < participants.size(); ++u)
        if (participants[u] && core->dir().is_member_of_any(user_id{u}, groups))
          supervisors[c].push_back(user_id{u});
    }
  }
};

using domain_pointer = live_chat_actor::stateful_pointer<domain_state>;

/// What a routing domain hands to the one absorbing it: everything that
/// routes or listens. The rest of the state (clock, observers, transcript
/// store) is the deployment's and the same in every domain.
struct domain_handover {
  std::unique_ptr<router> core;
  std::vector<chat_id> global_of_local;
  std::vector<session_listener> participants;
  std::unordered_map<session_id, session_listener> customers;
  std::vector<session_listener> subscribers;
  stream_registry streams;
};

/// Sends the router's new events to everyone they concern
/// (domain_actor.cpp).
void publish(domain_pointer self);

/// Applies an administrative change (the workspace's; `global` is the id
/// a new chat gets) and publishes what it caused (domain_admin.cpp).
caf::result<void> apply_admin(domain_pointer self, user_id actor,
                              const admin_change& change, chat_id global);

/// Hands everything over to `into` and forwards every later message there
/// (domain_admin.cpp). Answers once `into` has absorbed it.
caf::result<void> merge_into(domain_pointer self, live_chat_actor into);

/// Takes over a merged domain's chats, sessions, listeners and streams
/// (domain_admin.cpp).
void absorb(domain_pointer self, domain_handover& from);

} // namespace livechat::actors
