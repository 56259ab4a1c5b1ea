// Turning a scenario's topology into core objects.
//
// `to_workspace` builds the `livechat::directory` (users and groups) and one
// `livechat::live_chat_definition` per live chat, in file order. Ids are
// dense and deterministic:
//   - user 0 is the first administrator: the first member of a declared
//     `Administrators` group, else a synthetic user named `admin`;
//   - other users follow in order of first mention, walking the groups in
//     file order and each group's members in order (generated users
//     `<group>-1` .. `<group>-<size>`);
//   - group 0 is `Administrators` (built in), then the groups in file order.
// Each chat's `seed` (used by the `random` policy) is derived from the
// scenario seed and the chat's position, so chats draw independent streams.
//
// Example:
//   auto ws = livechat::scenarios::to_workspace(*loaded.value);
//   if (!ws) return;                       // only if `validate` failed
//   livechat::group_id general = ws->groups.at("general");
//   const auto& internal = ws->chats[ws->chat_index.at("internal")];
#pragma once

#include "core/directory.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/live_chat.hpp"
#include "scenarios/scenario.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace livechat::scenarios {

/// The core view of a scenario's topology.
struct scenario_workspace {
  directory dir;
  /// The first administrator (user 0), who created every group.
  user_id admin;
  /// One definition per live chat, in file order.
  std::vector<live_chat_definition> chats;
  std::map<std::string, user_id, std::less<>> users;
  std::map<std::string, group_id, std::less<>> groups;
  /// Name -> position in `chats`.
  std::map<std::string, std::size_t, std::less<>> chat_index;
};

/// Builds the workspace of `s`. Precondition for success: `validate(s)` is
/// empty; otherwise returns the core's error (`errc::unknown_group`,
/// `errc::duplicate_name`, `errc::invalid_definition`).
expected<scenario_workspace> to_workspace(const scenario& s);

} // namespace livechat::scenarios
