#include "core/directory.hpp"

#include <algorithm>
#include <cassert>

namespace livechat {

namespace {

/// A new name for `self` (or a new entry, if `self` is invalid): not empty,
/// and no other live entry has it.
template <class Id>
expected<void> check_new_name(const std::unordered_map<std::string, Id>& names,
                              const std::string& name, Id self) {
  if (name.empty())
    return errc::invalid_argument;
  if (auto i = names.find(name); i != names.end() && i->second != self)
    return errc::duplicate_name;
  return {};
}

} // namespace

directory::directory(std::string first_admin) {
  auto admin = add_user(std::move(first_admin));
  assert(admin.has_value());
  administrators_ = group_id{0};
  groups_.push_back(
    group{administrators_, std::string{administrators_group_name}, {*admin}});
  group_by_name_.emplace(administrators_group_name, administrators_);
  groups_of_user_[admin->value].push_back(administrators_);
}

expected<user_id> directory::add_user(std::string name) {
  if (name.empty())
    return errc::invalid_argument;
  if (find_user(name))
    return errc::duplicate_name;
  if (!may_add_user(users_.size()))
    return errc::invalid_argument;
  user_id id{static_cast<user_id::value_type>(users_.size())};
  user_by_name_.emplace(name, id);
  users_.push_back(user{id, std::move(name)});
  groups_of_user_.emplace_back();
  return id;
}

expected<group_id> directory::create_group(user_id actor, std::string name,
                                           std::span<const user_id> members) {
  if (!is_administrator(actor))
    return errc::not_permitted;
  if (name.empty())
    return errc::invalid_argument;
  if (find_group(name))
    return errc::duplicate_name;
  for (auto m : members)
    if (!exists(m))
      return errc::unknown_user;
  group_id id{static_cast<group_id::value_type>(groups_.size())};
  group_by_name_.emplace(name, id);
  groups_.push_back(group{id, std::move(name), {}});
  for (auto m : members)
    link(m, id);
  return id;
}

expected<void> directory::check_member_change(user_id actor, group_id g,
                                              user_id member) const {
  if (!is_administrator(actor))
    return errc::not_permitted;
  if (!exists(g))
    return errc::unknown_group;
  if (!exists(member))
    return errc::unknown_user;
  return {};
}

expected<void> directory::add_member(user_id actor, group_id g,
                                     user_id member) {
  if (auto ok = check_member_change(actor, g, member); !ok)
    return ok;
  link(member, g);
  return {};
}

expected<void> directory::remove_member(user_id actor, group_id g,
                                        user_id member) {
  if (auto ok = check_member_change(actor, g, member); !ok)
    return ok;
  if (!is_member(member, g))
    return {};
  if (g == administrators_ && groups_[g.value].members.size() == 1)
    return errc::not_permitted; // the workspace would lose its last admin
  unlink(member, g);
  return {};
}

expected<void> directory::rename_user(user_id actor, user_id u,
                                      std::string name) {
  if (!is_administrator(actor))
    return errc::not_permitted;
  if (!exists(u))
    return errc::unknown_user;
  if (auto ok = check_new_name(user_by_name_, name, u); !ok)
    return ok;
  auto& entry = users_[u.value];
  user_by_name_.erase(entry.name);
  user_by_name_.emplace(name, u);
  entry.name = std::move(name);
  return {};
}

expected<void> directory::check_remove_user(user_id actor, user_id u) const {
  if (!is_administrator(actor))
    return errc::not_permitted;
  if (!exists(u))
    return errc::unknown_user;
  if (is_administrator(u) && groups_[administrators_.value].members.size() == 1)
    return errc::not_permitted; // the workspace would lose its last admin
  return {};
}

expected<void> directory::remove_user(user_id actor, user_id u) {
  if (auto ok = check_remove_user(actor, u); !ok)
    return ok;
  auto gs = groups_of_user_[u.value];
  for (auto g : gs)
    unlink(u, g);
  auto& entry = users_[u.value];
  user_by_name_.erase(entry.name);
  entry.removed = true;
  return {};
}

expected<void> directory::rename_group(user_id actor, group_id g,
                                       std::string name) {
  if (!is_administrator(actor))
    return errc::not_permitted;
  if (!exists(g))
    return errc::unknown_group;
  if (g == administrators_)
    return errc::not_permitted;
  if (auto ok = check_new_name(group_by_name_, name, g); !ok)
    return ok;
  auto& entry = groups_[g.value];
  group_by_name_.erase(entry.name);
  group_by_name_.emplace(name, g);
  entry.name = std::move(name);
  return {};
}

expected<void> directory::check_remove_group(user_id actor, group_id g) const {
  if (!is_administrator(actor))
    return errc::not_permitted;
  if (!exists(g))
    return errc::unknown_group;
  if (g == administrators_)
    return errc::not_permitted;
  return {};
}

expected<void> directory::remove_group(user_id actor, group_id g) {
  if (auto ok = check_remove_group(actor, g); !ok)
    return ok;
  auto members = groups_[g.value].members;
  for (auto u : members)
    unlink(u, g);
  auto& entry = groups_[g.value];
  group_by_name_.erase(entry.name);
  entry.removed = true;
  return {};
}

void directory::unlink(user_id u, group_id g) {
  auto& gs = groups_of_user_[u.value];
  auto i = std::lower_bound(gs.begin(), gs.end(), g);
  if (i == gs.end() || *i != g)
    return;
  gs.erase(i);
  auto& members = groups_[g.value].members;
  members.erase(std::find(members.begin(), members.end(), u));
}

void directory::link(user_id u, group_id g) {
  auto& gs = groups_of_user_[u.value];
  auto i = std::lower_bound(gs.begin(), gs.end(), g);
  if (i != gs.end() && *i == g)
    return;
  gs.insert(i, g);
  groups_[g.value].members.push_back(u);
}

bool directory::is_member(user_id u, group_id g) const noexcept {
  if (!contains(u) || !contains(g))
    return false;
  const auto& gs = groups_of_user_[u.value];
  return std::binary_search(gs.begin(), gs.end(), g);
}

bool directory::is_administrator(user_id u) const noexcept {
  return is_member(u, administrators_);
}

bool directory::is_member_of_any(
  user_id u, std::span<const group_id> groups) const noexcept {
  return std::any_of(groups.begin(), groups.end(), [&](group_id g) {
    return is_member(u, g);
  });
}

expected<user_id> directory::find_user(std::string_view name) const {
  auto i = user_by_name_.find(std::string{name});
  if (i == user_by_name_.end())
    return errc::unknown_user;
  return i->second;
}

expected<group_id> directory::find_group(std::string_view name) const {
  auto i = group_by_name_.find(std::string{name});
  if (i == group_by_name_.end())
    return errc::unknown_group;
  return i->second;
}

const user& directory::get(user_id u) const {
  assert(contains(u));
  return users_[u.value];
}

const group& directory::get(group_id g) const {
  assert(contains(g));
  return groups_[g.value];
}

const std::vector<group_id>& directory::groups_of(user_id u) const {
  assert(contains(u));
  return groups_of_user_[u.value];
}

} // namespace livechat
