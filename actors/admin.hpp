// Administration: the workspace actor, single writer of the directory and
// the chat definitions, and the group actors.
//
// Every administrative change goes through the workspace actor, one at a
// time (it awaits each change's last answer before taking the next):
//   1. It checks the change on its shadow router, which holds the whole
//      workspace (directory, every chat by its workspace id, no sessions):
//      permissions, names, groups in use.
//   2. If the change connects routing domains (a user would serve chats of
//      two), it merges them first (actors/domain_admin.cpp): domains only
//      grow while running.
//   3. It applies the change: a directory change to every domain, in the
//      same order everywhere (each keeps a copy, and merging needs equal
//      copies); a chat change to the chat's domain, which may still refuse
//      it for its live sessions (router::edit_live_chat).
//   4. It records the change in its shadow, tells the group actors their
//      members, emits the change's `admin_event` (chat ids the
//      workspace's) and calls `on_change` with the new topology.
//
// A user once serving in a domain stays attached to it (it may still hold
// sessions or be Online there after leaving its groups): adding it to a
// group of another domain merges the two. A new chat that connects to no
// domain joins the one with the fewest chats: the number of domains is
// fixed at start, so session ids keep their stride.
//
// Group actors hold their group's members for anyone who asks; the
// workspace tells them each change.
//
// Example:
//   auto ws = spawn_admin(sys, std::move(config));
//   self->request(ws, caf::infinite, livechat::admin_atom_v,
//                 root,
//                 livechat::admin_change{livechat::add_user_change{"eve"}});
#pragma once

#include "actors/interfaces.hpp"
#include "actors/time_mapping.hpp"
#include "core/directory.hpp"
#include "core/events.hpp"
#include "core/live_chat.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

namespace livechat {
class router;
}

namespace livechat::actors {

/// The workspace after a change, as the deployment needs it to place
/// operators and supervisors. Valid during the `on_change` call only.
struct workspace_topology {
  /// Directory and every chat (workspace ids; `has_chat` tells live ones).
  const router& workspace;
  /// Every domain actor by index (absorbed ones forward to their absorber).
  const std::vector<live_chat_actor>& domains;
  /// The (live) domain index of each chat, by workspace chat id.
  const std::vector<std::size_t>& domain_of_chat;
  /// The domain each user serves or last served in, by user id.
  const std::vector<std::optional<std::size_t>>& domain_of_user;
};

struct workspace_config {
  directory dir;
  /// An administrator (who defined the chats at start).
  user_id admin;
  std::vector<live_chat_definition> chats; ///< by workspace chat id
  std::vector<live_chat_actor> domains;
  /// Domain index of each chat (aligned with `chats`).
  std::vector<std::size_t> domain_of_chat;
  time_mapping clock;
  /// Called in the workspace actor with each change's audit event.
  std::function<void(const admin_event&)> on_admin_event;
  /// Called in the workspace actor after each change applied everywhere.
  std::function<void(const workspace_topology&)> on_change;
};

/// Users attached to a domain at start: those who serve a chat, each in its
/// chat's domain (by user id; none for the others).
std::vector<std::optional<std::size_t>>
initial_domain_of_users(const directory& dir,
                        const std::vector<live_chat_definition>& chats,
                        const std::vector<std::size_t>& domain_of_chat);

/// Spawns the workspace actor, which spawns (linked to it) one group actor
/// per group, now and as groups are created.
workspace_actor spawn_admin(caf::actor_system& sys, workspace_config config);

} // namespace livechat::actors
