// Administrative changes as values: one type for every change an
// administrator can make while the workspace runs, and one function that
// applies it to a router.
//
// The actor runtime sends changes between actors (the workspace checks a
// change, then every routing domain applies it in the same order), so a
// change must be a value, not a call. `apply_change` maps each alternative
// to the router call of the same name (core/router.hpp documents the
// outcomes: what happens to sessions of a removed user or chat, when a
// change is refused).
//
// Unlike `router::add_user`, which the scenario loader calls freely,
// `add_user_change` is Administrators only, as every run-time change.
//
// Example:
//   livechat::admin_change c = livechat::add_member_change{accounting, anna};
//   auto done = livechat::apply_change(r, now, admin, c);
//   // done: expected<admin_created>; monostate here (nothing was created)
#pragma once

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/live_chat.hpp"
#include "core/time.hpp"

#include <string>
#include <variant>
#include <vector>

namespace livechat {

class router;

struct add_user_change {
  std::string name;
};
struct rename_user_change {
  user_id user;
  std::string name;
};
struct remove_user_change {
  user_id user;
};
struct create_group_change {
  std::string name;
  std::vector<user_id> members;
};
struct rename_group_change {
  group_id group;
  std::string name;
};
struct remove_group_change {
  group_id group;
};
struct add_member_change {
  group_id group;
  user_id member;
};
struct remove_member_change {
  group_id group;
  user_id member;
};
struct define_chat_change {
  live_chat_definition def;
};
struct edit_chat_change {
  chat_id chat;
  live_chat_definition def;
};
struct remove_chat_change {
  chat_id chat;
};

using admin_change
  = std::variant<add_user_change, rename_user_change, remove_user_change,
                 create_group_change, rename_group_change, remove_group_change,
                 add_member_change, remove_member_change, define_chat_change,
                 edit_chat_change, remove_chat_change>;

/// What a change created: the new user, group or chat id; `monostate` for
/// the changes that create nothing.
using admin_created = std::variant<std::monostate, user_id, group_id, chat_id>;

/// Applies `change` on behalf of `actor` (Administrators only, else
/// `errc::not_permitted`). A refused change changes nothing.
expected<admin_created> apply_change(router& r, timestamp now, user_id actor,
                                     const admin_change& change);

/// Whether `change` changes the directory (users, groups, members), which
/// every routing domain keeps a copy of; else it changes one chat.
bool changes_directory(const admin_change& change) noexcept;

/// The chat a chat change concerns (edit, remove); invalid otherwise (a
/// definition has no id until it is applied).
chat_id chat_of(const admin_change& change) noexcept;

} // namespace livechat
