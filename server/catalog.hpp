// The server's read model of the workspace: users, groups and live chats as
// the runtime has them, for the API's reads and permission checks.
//
// A core `router` holding no sessions, changed by the same `apply_change`
// the workspace actor applies, after the runtime accepted the change (the
// admin sequencer calls `apply` in the runtime's order). Reads and writes
// take a mutex: the API reads it from I/O threads.
#pragma once

#include "core/admin_change.hpp"
#include "core/router.hpp"
#include "server/json_codec.hpp"

#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

namespace livechat::server {

class catalog {
public:
  explicit catalog(const workspace_origin& origin);

  /// Applies a change the runtime accepted. Returns what it created, which
  /// must equal the runtime's answer (same core, same order).
  expected<admin_created> apply(user_id actor, const admin_change& change);

  bool is_administrator(user_id u) const;
  bool user_exists(user_id u) const;
  /// The definition of a live chat (not removed).
  std::optional<live_chat_definition> chat(chat_id c) const;
  /// The live external chat fed by `channel` (e.g. "whatsapp"), if any.
  std::optional<chat_id> chat_of_channel(std::string_view channel) const;
  /// Whether `u` belongs to the group named `name`.
  bool member_of_named(user_id u, std::string_view name) const;
  /// Whether `u` belongs to one of the groups.
  bool member_of_any(user_id u, const std::vector<group_id>& groups) const;

  /// Live users, in id order: [{"id": 0, "name": "admin"}, ...].
  nlohmann::json users_json() const;
  std::optional<nlohmann::json> user_json(user_id u) const;
  /// Live groups: [{"id", "name", "members": [...]}, ...].
  nlohmann::json groups_json() const;
  std::optional<nlohmann::json> group_json(group_id g) const;
  /// Live chats: [{"id", "name", "kind": "internal"|"external",
  ///               "definition": {...}}, ...].
  nlohmann::json chats_json() const;
  std::optional<nlohmann::json> chat_json(chat_id c) const;

private:
  nlohmann::json chat_entry(chat_id c) const;
  mutable std::mutex mutex_;
  router model_;
};

} // namespace livechat::server
