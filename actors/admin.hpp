// Administration: the directory's single writer and the group actors.
//
// Membership changes must reach every routing domain in the same order, or
// the domains' copies of the directory could disagree. So they all go through
// one workspace actor: it checks the change on its own copy (Administrators
// only, as everywhere), applies it to each domain whose chats could be
// affected, and answers once every domain has. A change that would let one
// operator serve two running domains is refused (`errc::crosses_domains`):
// domains are fixed when the runtime starts.
//
// Group actors hold a group's members for anyone who asks; changes sent to
// a group actor go through the workspace actor, and the group updates its
// list once the workspace applied them everywhere.
//
// Example:
//   auto ws = spawn_workspace(sys, dir, chats, domains);
//   self->request(ws, caf::infinite, livechat::add_member_atom_v, admin,
//                 accounting, anna);
#pragma once

#include "actors/interfaces.hpp"
#include "core/directory.hpp"
#include "core/live_chat.hpp"

#include <vector>

namespace livechat::actors {

struct workspace_config {
  directory dir;
  std::vector<live_chat_definition> chats; ///< by global chat id
  std::vector<live_chat_actor> domains;
  /// Domain index of each chat (aligned with `chats`).
  std::vector<std::size_t> domain_of_chat;
};

/// Returns the workspace actor and one group actor per group (by group id).
struct admin_actors {
  workspace_actor workspace;
  std::vector<group_actor> groups;
};

admin_actors spawn_admin(caf::actor_system& sys, workspace_config config);

} // namespace livechat::actors
