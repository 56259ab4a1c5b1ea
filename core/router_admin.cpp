// The router's run-time administration: rename and remove users and groups,
// edit and remove live chats. See the "run-time administration and merging"
// block of core/router.hpp for the contracts; merging is in
// core/router_merge.cpp, the other calls in core/router.cpp.
#include "core/router.hpp"

#include <algorithm>
#include <cassert>

namespace livechat {

namespace {

constexpr auto unmatched = static_cast<std::size_t>(-1);

bool names(const std::vector<group_id>& groups, group_id g) {
  return std::find(groups.begin(), groups.end(), g) != groups.end();
}

/// Whether `def` uses `g` in any role.
bool uses(const live_chat_definition& def, group_id g) {
  return names(def.operator_groups, g) || names(def.supervisor_groups, g)
         || names(def.expert_groups, g) || names(def.customer_groups, g);
}

/// For each of `after`, the index in `before` of the same group, each index
/// used once (a group listed twice keeps two queues); `unmatched` for a
/// group new to the list.
std::vector<std::size_t> match_groups(const std::vector<group_id>& before,
                                      const std::vector<group_id>& after) {
  std::vector<bool> taken(before.size(), false);
  std::vector<std::size_t> out;
  for (auto g : after) {
    auto found = unmatched;
    for (std::size_t i = 0; i < before.size() && found == unmatched; ++i)
      if (!taken[i] && before[i] == g) {
        taken[i] = true;
        found = i;
      }
    out.push_back(found);
  }
  return out;
}

/// The indices of `before` that `matched` (from match_groups) leaves out.
std::vector<std::size_t> dropped(std::size_t before,
                                 const std::vector<std::size_t>& matched) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < before; ++i)
    if (std::find(matched.begin(), matched.end(), i) == matched.end())
      out.push_back(i);
  return out;
}

} // namespace

// -- helpers ------------------------------------------------------------------

bool router::has_chat(chat_id c) const noexcept {
  return c.value < chats_.size() && !chats_[c.value].removed;
}

std::vector<admin_event> router::take_admin_events() {
  std::vector<admin_event> out;
  out.swap(admin_events_);
  return out;
}

void router::admin_emit(admin_event e) {
  admin_events_.push_back(std::move(e));
}

std::uint32_t router::add_queue(chat_id c, group_id expert) {
  queues_.emplace_back();
  queues_.back().chat = c;
  queues_.back().expert_group = expert;
  return static_cast<std::uint32_t>(queues_.size() - 1);
}

std::vector<session_id> router::live_sessions_of(chat_id c) const {
  std::vector<session_id> out;
  for (const auto& [id, ls] : sessions_)
    if (ls.state.chat() == c)
      out.push_back(id);
  std::sort(out.begin(), out.end()); // hash order must not leak out
  return out;
}

// -- users and groups ---------------------------------------------------------

expected<user_id> router::add_user(timestamp now, user_id actor,
                                   std::string name) {
  observe_time(now);
  if (!dir_.is_administrator(actor))
    return errc::not_permitted;
  auto id = dir_.add_user(std::move(name));
  if (id) {
    ensure_operator(*id);
    admin_emit({.kind = admin_event_kind::user_added,
                .at = now,
                .actor = actor,
                .user = *id,
                .name = dir_.get(*id).name});
  }
  return id;
}

expected<void> router::rename_user(timestamp now, user_id actor, user_id u,
                                   std::string name) {
  observe_time(now);
  if (auto ok = dir_.rename_user(actor, u, std::move(name)); !ok)
    return ok;
  admin_emit({.kind = admin_event_kind::user_renamed,
              .at = now,
              .actor = actor,
              .user = u,
              .name = dir_.get(u).name});
  return {};
}

void router::retire_operator(timestamp now, operator_id op) {
  if (status_of(op) != operator_status::offline) {
    auto ok = set_status(now, op, operator_status::offline);
    assert(ok && "retire_operator: the caller checked the user");
    (void)ok;
  }
  // What `keep` kept: a removed operator never comes back.
  std::vector<std::uint32_t> touched;
  auto held = ensure_operator(op).active;
  for (auto sid : held) {
    requeue_held(now, op, sid);
    touched.push_back(sessions_.at(sid).queue);
  }
  dispatch_queues(now, std::move(touched));
}

void router::end_customer_sessions(timestamp now, user_id actor,
                                   user_id customer) {
  std::vector<session_id> ids;
  for (const auto& [id, ls] : sessions_)
    if (ls.state.customer() == customer
        && chats_[ls.state.chat().value].def.is_internal())
      ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  // Waiting sessions first, so that the operators freed by the closes
  // below cannot take one of them.
  for (auto id : ids)
    if (auto& ls = sessions_.at(id); ls.state.state() == session_state::waiting)
      finish(now, ls, session_state::abandoned, actor,
             transition_reason::user_removed);
  for (auto id : ids)
    if (auto i = sessions_.find(id); i != sessions_.end())
      finish(now, i->second, session_state::closed, actor,
             transition_reason::user_removed);
}

expected<void> router::remove_user(timestamp now, user_id actor, user_id u) {
  observe_time(now);
  if (auto ok = dir_.check_remove_user(actor, u); !ok)
    return ok;
  retire_operator(now, u);
  end_customer_sessions(now, actor, u);
  auto groups = dir_.groups_of(u);
  auto ok = dir_.remove_user(actor, u);
  assert(ok && "remove_user: checked above");
  (void)ok;
  std::vector<std::uint32_t> qs;
  for (auto g : groups) {
    auto more = queues_using(g);
    qs.insert(qs.end(), more.begin(), more.end());
  }
  std::sort(qs.begin(), qs.end());
  qs.erase(std::unique(qs.begin(), qs.end()), qs.end());
  rebuild_queues(now, qs);
  admin_emit({.kind = admin_event_kind::user_removed,
              .at = now,
              .actor = actor,
              .user = u,
              .name = dir_.get(u).name});
  return {};
}

expected<void> router::rename_group(timestamp now, user_id actor, group_id g,
                                    std::string name) {
  observe_time(now);
  if (auto ok = dir_.rename_group(actor, g, std::move(name)); !ok)
    return ok;
  admin_emit({.kind = admin_event_kind::group_renamed,
              .at = now,
              .actor = actor,
              .group = g,
              .name = dir_.get(g).name});
  return {};
}

expected<void> router::remove_group(timestamp now, user_id actor, group_id g) {
  observe_time(now);
  if (auto ok = dir_.check_remove_group(actor, g); !ok)
    return ok;
  for (const auto& cs : chats_)
    if (!cs.removed && uses(cs.def, g))
      return errc::in_use;
  auto ok = dir_.remove_group(actor, g);
  assert(ok && "remove_group: checked above");
  (void)ok;
  admin_emit({.kind = admin_event_kind::group_removed,
              .at = now,
              .actor = actor,
              .group = g,
              .name = dir_.get(g).name});
  return {};
}

// -- live chats ---------------------------------------------------------------

expected<void> router::check_edit(chat_id c,
                                  const live_chat_definition& def) const {
  if (auto ok = validate(def, dir_); !ok)
    return ok.error();
  if (auto other = find_chat(def.name); other && *other != c)
    return errc::duplicate_name;
  const auto& cs = chats_[c.value];
  auto live = live_sessions_of(c);
  if (cs.def.is_internal() != def.is_internal() && !live.empty())
    return errc::in_use;
  auto matched = match_groups(cs.def.expert_groups, def.expert_groups);
  for (auto i : dropped(cs.expert_queues.size(), matched))
    for (auto sid : live)
      if (sessions_.at(sid).queue == cs.expert_queues[i])
        return errc::in_use;
  return {};
}

std::vector<std::uint32_t>
router::rebind_expert_queues(chat_id c, const live_chat_definition& def) {
  auto& cs = chats_[c.value];
  auto matched = match_groups(cs.def.expert_groups, def.expert_groups);
  std::vector<std::uint32_t> rebuild{cs.main_queue};
  for (auto i : dropped(cs.expert_queues.size(), matched)) {
    queues_[cs.expert_queues[i]].retired = true;
    rebuild.push_back(cs.expert_queues[i]);
  }
  std::vector<std::uint32_t> next;
  for (std::size_t k = 0; k < matched.size(); ++k)
    next.push_back(matched[k] == unmatched ? add_queue(c, def.expert_groups[k])
                                           : cs.expert_queues[matched[k]]);
  rebuild.insert(rebuild.end(), next.begin(), next.end());
  cs.expert_queues = std::move(next);
  return rebuild;
}

expected<void>
router::check_edit_live_chat(user_id actor, chat_id chat,
                             const live_chat_definition& def) const {
  if (!dir_.is_administrator(actor))
    return errc::not_permitted;
  if (!has_chat(chat))
    return errc::unknown_chat;
  return check_edit(chat, def);
}

expected<void> router::edit_live_chat(timestamp now, user_id actor,
                                      chat_id chat, live_chat_definition def) {
  observe_time(now);
  if (auto ok = check_edit_live_chat(actor, chat, def); !ok)
    return ok;
  auto qs = rebind_expert_queues(chat, def);
  chats_[chat.value].def = std::move(def);
  rebuild_queues(now, qs);
  admin_emit({.kind = admin_event_kind::chat_edited,
              .at = now,
              .actor = actor,
              .chat = chat,
              .name = chats_[chat.value].def.name});
  return {};
}

expected<void> router::remove_live_chat(timestamp now, user_id actor,
                                        chat_id chat) {
  observe_time(now);
  if (!dir_.is_administrator(actor))
    return errc::not_permitted;
  if (!has_chat(chat))
    return errc::unknown_chat;
  // Waiting sessions first, so that the operators freed by the closes
  // below cannot take one of them.
  auto live = live_sessions_of(chat);
  for (auto sid : live)
    if (auto& ls = sessions_.at(sid);
        ls.state.state() == session_state::waiting)
      finish(now, ls, session_state::rejected, actor,
             transition_reason::chat_removed);
  for (auto sid : live)
    if (auto i = sessions_.find(sid); i != sessions_.end())
      finish(now, i->second, session_state::closed, actor,
             transition_reason::chat_removed);
  auto& cs = chats_[chat.value];
  assert(cs.waiting == 0 && "remove_live_chat: a session still waits");
  cs.removed = true;
  std::vector<std::uint32_t> qs{cs.main_queue};
  qs.insert(qs.end(), cs.expert_queues.begin(), cs.expert_queues.end());
  for (auto qi : qs)
    queues_[qi].retired = true;
  rebuild_queues(now, qs);
  admin_emit({.kind = admin_event_kind::chat_removed,
              .at = now,
              .actor = actor,
              .chat = chat,
              .name = cs.def.name});
  return {};
}

} // namespace livechat
