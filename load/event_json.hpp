// Routing events as the server's streams carry them (`session_event` and
// `status_event` frames, docs/api.md) turned back into the core's types,
// with the server's ids translated to the scenario workspace's and its
// wall-clock times to scenario time, so that `stats::statistics` computes
// the simulation's own figures from what the server did.
#pragma once

#include "core/events.hpp"
#include "load/provision.hpp"
#include "scenarios/workspace.hpp"

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

namespace livechat::load {

struct id_translation {
  std::unordered_map<std::uint64_t, user_id> users;
  std::unordered_map<std::uint64_t, group_id> groups;
  std::unordered_map<std::uint64_t, chat_id> chats;
  /// Users the workspace does not know (external contacts) get ids from
  /// here on, server id added.
  std::uint64_t foreign_users_from = 0;
  /// Scenario time 0 on the clock of the frames' `at_ms`, and the run's
  /// speed: scenario time = (at_ms - origin_ms) x speed.
  std::int64_t origin_ms = 0;
  double speed = 1.0;
};

/// Server id -> workspace id for every name both know.
id_translation make_translation(const server_ids& ids,
                                const scenarios::scenario_workspace& ws,
                                std::int64_t origin_ms, double speed);

/// The event of a `session_event` or `status_event` frame; nullopt for
/// other frames, unknown kinds or reasons, or a chat the workspace lacks.
std::optional<routing_event> event_from_json(const nlohmann::json& frame,
                                             const id_translation& t);

} // namespace livechat::load
