#include "core/admin_change.hpp"

#include "core/router.hpp"

#include <span>

namespace livechat {

namespace {

/// Turns a router call's result into `admin_created`.
template <class T>
expected<admin_created> created(expected<T> r) {
  if (!r)
    return r.error();
  if constexpr (std::is_void_v<T>)
    return admin_created{};
  else
    return admin_created{*r};
}

struct apply_visitor {
  router& r;
  timestamp now;
  user_id actor;

  expected<admin_created> operator()(const add_user_change& c) const {
    return created(r.add_user(now, actor, c.name));
  }
  expected<admin_created> operator()(const rename_user_change& c) const {
    return created(r.rename_user(now, actor, c.user, c.name));
  }
  expected<admin_created> operator()(const remove_user_change& c) const {
    return created(r.remove_user(now, actor, c.user));
  }
  expected<admin_created> operator()(const create_group_change& c) const {
    return created(
      r.create_group(now, actor, c.name, std::span<const user_id>{c.members}));
  }
  expected<admin_created> operator()(const rename_group_change& c) const {
    return created(r.rename_group(now, actor, c.group, c.name));
  }
  expected<admin_created> operator()(const remove_group_change& c) const {
    return created(r.remove_group(now, actor, c.group));
  }
  expected<admin_created> operator()(const add_member_change& c) const {
    return created(r.add_member(now, actor, c.group, c.member));
  }
  expected<admin_created> operator()(const remove_member_change& c) const {
    return created(r.remove_member(now, actor, c.group, c.member));
  }
  expected<admin_created> operator()(const define_chat_change& c) const {
    return created(r.define_live_chat(now, actor, c.def));
  }
  expected<admin_created> operator()(const edit_chat_change& c) const {
    return created(r.edit_live_chat(now, actor, c.chat, c.def));
  }
  expected<admin_created> operator()(const remove_chat_change& c) const {
    return created(r.remove_live_chat(now, actor, c.chat));
  }
};

} // namespace

expected<admin_created> apply_change(router& r, timestamp now, user_id actor,
                                     const admin_change& change) {
  return std::visit(apply_visitor{r, now, actor}, change);
}

bool changes_directory(const admin_change& change) noexcept {
  return !std::holds_alternative<define_chat_change>(change)
         && !std::holds_alternative<edit_chat_change>(change)
         && !std::holds_alternative<remove_chat_change>(change);
}

chat_id chat_of(const admin_change& change) noexcept {
  if (const auto* e = std::get_if<edit_chat_change>(&change))
    return e->chat;
  if (const auto* r = std::get_if<remove_chat_change>(&change))
    return r->chat;
  return {};
}

} // namespace livechat
