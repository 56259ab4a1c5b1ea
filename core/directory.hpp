// The directory: users and the groups they belong to.
//
// Permissions in live chats are group based. Members of the built-in
// `Administrators` group are the only users who may create groups and change
// their members; every other caller gets `errc::not_permitted`. A user may be
// in any number of groups. Users and groups get dense ids in creation order,
// and member lists keep insertion order (which `fixed_order` routing uses).
//
// Administrators may also rename and remove users and groups. Ids stay dense
// and stable: a removed user or group stays in `users()` / `groups()` as a
// tombstone (`removed` set, its last name kept for the audit trail), so
// `contains(id)` ("this id was handed out"; `get` works) stays true while
// `exists(id)` ("a live entry") turns false. A removed entry is found by no
// `find_*`, is in no group and has no members, may not be named in a change,
// and its name is free for a new user or group. Names are unique among live
// entries. The `Administrators` group cannot be renamed or removed, and the
// last administrator cannot be removed.
//
// Example:
//   livechat::directory dir{"admin"};            // admin is an Administrator
//   auto admin = dir.find_user("admin").value();
//   auto anna = dir.add_user("anna").value();
//   auto acc = dir.create_group(admin, "accounting", {anna}).value();
//   bool ok = dir.is_member(anna, acc);          // true
//   auto denied = dir.create_group(anna, "x", {}); // errc::not_permitted
//   (void) dir.remove_user(admin, anna);          // anna leaves accounting
//   bool gone = !dir.exists(anna) && dir.contains(anna); // true: a tombstone
#pragma once

#include "core/error.hpp"
#include "core/ids.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace livechat {

/// Name of the group whose members administer the workspace.
inline constexpr std::string_view administrators_group_name = "Administrators";

struct user {
  user_id id;
  std::string name;
  bool removed = false; ///< a tombstone: `name` is its name when removed
};

struct group {
  group_id id;
  std::string name;
  std::vector<user_id> members; ///< insertion order, no duplicates
  bool removed = false;         ///< a tombstone: no members
};

class directory {
public:
  /// Creates a directory with one user, `first_admin`, who is the only member
  /// of the `Administrators` group.
  explicit directory(std::string first_admin);

  /// Adds a user. Users exist in the company directory independent of live
  /// chats, so adding one needs no permission; names must be unique.
  /// `errc::invalid_argument` once the directory's id range is full (see
  /// `may_add_user`).
  expected<user_id> add_user(std::string name);

  /// Whether a directory that handed out `count` user ids may hand out one
  /// more: directory ids stay below `first_contact_customer` (core/ids.hpp),
  /// the range of external customers.
  static constexpr bool may_add_user(std::size_t count) noexcept {
    return count < first_contact_customer;
  }

  /// Creates a group with the given members. Administrators only.
  expected<group_id> create_group(user_id actor, std::string name,
                                  std::span<const user_id> members);

  /// Adds `member` to `g` (no-op if already a member). Administrators only.
  expected<void> add_member(user_id actor, group_id g, user_id member);

  /// Removes `member` from `g` (no-op if not a member). Administrators only.
  /// The last administrator cannot be removed from `Administrators`.
  expected<void> remove_member(user_id actor, group_id g, user_id member);

  bool is_member(user_id u, group_id g) const noexcept;
  bool is_administrator(user_id u) const noexcept;

  /// True if `u` is a member of at least one of `groups`.
  bool is_member_of_any(user_id u,
                        std::span<const group_id> groups) const noexcept;

  expected<user_id> find_user(std::string_view name) const;
  expected<group_id> find_group(std::string_view name) const;

  // -- run-time administration (Administrators only) ------------------------

  /// Renames a live user. `errc::duplicate_name` if another live user has
  /// the name; renaming to its own name is a no-op.
  expected<void> rename_user(user_id actor, user_id u, std::string name);

  /// Removes a live user: it leaves every group and becomes a tombstone.
  /// The last administrator cannot be removed (`errc::not_permitted`).
  expected<void> remove_user(user_id actor, user_id u);

  /// The checks `remove_user` makes, changing nothing.
  expected<void> check_remove_user(user_id actor, user_id u) const;

  /// Renames a live group; not `Administrators` (`errc::not_permitted`).
  expected<void> rename_group(user_id actor, group_id g, std::string name);

  /// Removes a live group: its members leave it and it becomes a tombstone.
  /// Not `Administrators` (`errc::not_permitted`). The directory does not
  /// know live chats; the router refuses groups they still use.
  expected<void> remove_group(user_id actor, group_id g);

  /// The checks `remove_group` makes, changing nothing.
  expected<void> check_remove_group(user_id actor, group_id g) const;

  // -- queries ----------------------------------------------------------------

  /// The id was handed out (live or removed): `get(id)` is valid.
  bool contains(user_id u) const noexcept {
    return u.valid() && u.value < users_.size();
  }
  bool contains(group_id g) const noexcept {
    return g.valid() && g.value < groups_.size();
  }

  /// A live entry: handed out and not removed.
  bool exists(user_id u) const noexcept {
    return contains(u) && !users_[u.value].removed;
  }
  bool exists(group_id g) const noexcept {
    return contains(g) && !groups_[g.value].removed;
  }

  /// Precondition: contains(u) / contains(g).
  const user& get(user_id u) const;
  const group& get(group_id g) const;

  const std::vector<user>& users() const noexcept {
    return users_;
  }
  const std::vector<group>& groups() const noexcept {
    return groups_;
  }

  /// Groups `u` belongs to, in group id order (none once removed).
  const std::vector<group_id>& groups_of(user_id u) const;

  group_id administrators() const noexcept {
    return administrators_;
  }

private:
  /// Permission and existence checks shared by member changes.
  expected<void> check_member_change(user_id actor, group_id g,
                                     user_id member) const;
  /// Makes `u` a member of `g` (no-op if it is one).
  void link(user_id u, group_id g);
  /// Ends `u`'s membership of `g` (no-op if it is none).
  void unlink(user_id u, group_id g);

  std::vector<user> users_;
  std::vector<group> groups_;
  /// Per user, the sorted ids of its groups: membership tests in O(log k).
  std::vector<std::vector<group_id>> groups_of_user_;
  /// Name lookups only; never iterated, so hash order cannot leak out.
  std::unordered_map<std::string, user_id> user_by_name_;
  std::unordered_map<std::string, group_id> group_by_name_;
  group_id administrators_;
};

} // namespace livechat
