#include "actors/admin.hpp"

#include "core/admin_change.hpp"
#include "core/domain_partition.hpp"
#include "core/router.hpp"

#include <algorithm>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <cassert>
#include <memory>

namespace livechat::actors {

namespace {

// -- group
// ----------------------------------------------------------------------

struct group_state {
  std::vector<user_id> members;
  static constexpr const char* name = "livechat.group";
};

using group_pointer = group_actor::stateful_pointer<group_state>;

// The members are a spawn argument: CAF 0.17 binds a null reference for
// argument-less spawns, which UBSan reports.
group_actor::behavior_type group_impl(group_pointer self,
                                      std::vector<user_id> initial) {
  self->state.members = std::move(initial);
  return {
    [=](get_atom) {
      return self->state.members;
    },
    [=](put_atom, std::vector<user_id>& members) {
      self->state.members = std::move(members);
    },
  };
}

// -- workspace
// ------------------------------------------------------------------

struct workspace_state {
  std::unique_ptr<router> shadow; ///< the whole workspace, no sessions
  std::vector<live_chat_actor> domains;
  std::vector<bool> absorbed; ///< by domain: merged into another
  std::vector<std::size_t> domain_of_chat;
  std::vector<std::optional<std::size_t>> domain_of_user;
  std::vector<group_actor> groups;               ///< null once removed
  std::vector<std::vector<user_id>> told_groups; ///< what each was told
  time_mapping clock;
  std::function<void(const admin_event&)> on_admin_event;
  std::function<void(const workspace_topology&)> on_change;
  static constexpr const char* name = "livechat.workspace";
};

using workspace_pointer = workspace_actor::stateful_pointer<workspace_state>;
using continuation = std::function<void(caf::error)>;

timestamp now(workspace_pointer self) {
  return self->state.clock.to_core(self->clock().now());
}

std::vector<std::size_t> live_domains(const workspace_state& st) {
  std::vector<std::size_t> out;
  for (std::size_t d = 0; d < st.domains.size(); ++d)
    if (!st.absorbed[d])
      out.push_back(d);
  return out;
}

/// The domains `change` connects (ascending, no duplicates): those of the
/// users who would serve a chat, and of the chat itself for an edit. Two or
/// more must merge before the change applies.
std::vector<std::size_t> domains_joined(const workspace_state& st,
                                        const admin_change& change) {
  const auto& ws = *st.shadow;
  std::vector<std::size_t> out;
  auto add_user_domain = [&](user_id u) {
    if (u.value < st.domain_of_user.size() && st.domain_of_user[u.value])
      out.push_back(*st.domain_of_user[u.value]);
  };
  auto add_def = [&](const live_chat_definition& def) {
    for (auto u : serving_users(ws.dir(), def))
      add_user_domain(u);
  };
  if (const auto* add = std::get_if<add_member_change>(&change)) {
    bool serves = false;
    for (std::size_t c = 0; c < st.domain_of_chat.size(); ++c) {
      chat_id id{static_cast<chat_id::value_type>(c)};
      if (!ws.has_chat(id))
        continue;
      const auto& def = ws.definition(id);
      auto uses = [&](const std::vector<group_id>& gs) {
        return std::find(gs.begin(), gs.end(), add->group) != gs.end();
      };
      if (uses(def.operator_groups) || uses(def.expert_groups)) {
        serves = true;
        out.push_back(st.domain_of_chat[c]);
      }
    }
    if (serves)
      add_user_domain(add->member);
  } else if (const auto* def = std::get_if<define_chat_change>(&change)) {
    add_def(def->def);
  } else if (const auto* edit = std::get_if<edit_chat_change>(&change)) {
    out.push_back(st.domain_of_chat.at(edit->chat.value));
    add_def(edit->def);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

/// Where a new chat connected to no domain goes: the live domain with the
/// fewest live chats (the lowest index on ties).
std::size_t emptiest_domain(const workspace_state& st) {
  std::vector<std::size_t> load(st.domains.size(), 0);
  for (std::size_t c = 0; c < st.domain_of_chat.size(); ++c)
    if (st.shadow->has_chat(chat_id{static_cast<chat_id::value_type>(c)}))
      ++load[st.domain_of_chat[c]];
  auto live = live_domains(st);
  assert(!live.empty() && "the deployment spawns at least one domain");
  return *std::min_element(live.begin(), live.end(),
                           [&](std::size_t a, std::size_t b) {
                             return load[a] < load[b];
                           });
}

/// Asks each domain of `to` the same, awaiting every answer (no other
/// change is taken meanwhile); then `next` with the first error, if any.
template <class... Ts>
void ask_each(workspace_pointer self, const std::vector<std::size_t>& to,
              continuation next, Ts... xs) {
  if (to.empty()) {
    next({});
    return;
  }
  auto pending = std::make_shared<std::size_t>(to.size());
  auto first_error = std::make_shared<caf::error>();
  auto one_done = [=](caf::error err) {
    if (err && !*first_error)
      *first_error = std::move(err);
    if (--*pending == 0)
      next(std::move(*first_error));
  };
  for (auto d : to)
    self->request(self->state.domains[d], caf::infinite, xs...)
      .await(
        [=]() {
          one_done({});
        },
        [=](caf::error& err) {
          one_done(std::move(err));
        });
}

/// Merges domains[from[1..]] into domains[from[0]], one after the other,
/// then `next`.
void merge_each(workspace_pointer self, std::vector<std::size_t> from,
                std::size_t k, continuation next) {
  if (k >= from.size()) {
    next({});
    return;
  }
  auto& st = self->state;
  auto into = from.front();
  auto gone = from[k];
  self
    ->request(st.domains[gone], caf::infinite, merge_atom_v,
              caf::actor_cast<caf::actor>(st.domains[into]))
    .await(
      [=]() {
        auto& s = self->state;
        s.absorbed[gone] = true;
        std::replace(s.domain_of_chat.begin(), s.domain_of_chat.end(), gone,
                     into);
        for (auto& d : s.domain_of_user)
          if (d == gone)
            d = into;
        merge_each(self, from, k + 1, next);
      },
      [=](caf::error& err) {
        next(std::move(err));
      });
}

/// Users serving a live chat are attached to its domain from now on.
void attach_serving_users(workspace_state& st) {
  const auto& ws = *st.shadow;
  st.domain_of_user.resize(ws.dir().users().size());
  for (std::size_t c = 0; c < st.domain_of_chat.size(); ++c) {
    chat_id id{static_cast<chat_id::value_type>(c)};
    if (!ws.has_chat(id))
      continue;
    for (auto u : serving_users(ws.dir(), ws.definition(id))) {
      assert((!st.domain_of_user[u.value] || !ws.dir().exists(u)
              || *st.domain_of_user[u.value] == st.domain_of_chat[c]
              || st.absorbed[*st.domain_of_user[u.value]])
             && "a user serves in one domain");
      st.domain_of_user[u.value] = st.domain_of_chat[c];
    }
  }
}

/// Tells group actors their members where they changed; spawns those of
/// new groups and stops those of removed ones.
void tell_groups(workspace_pointer self) {
  auto& st = self->state;
  const auto& groups = st.shadow->dir().groups();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (g >= st.groups.size()) {
      st.groups.push_back(
        self->spawn<caf::linked>(group_impl, groups[g].members));
      st.told_groups.push_back(groups[g].members);
    }
    if (!st.groups[g])
      continue;
    if (groups[g].removed) {
      self->send_exit(st.groups[g], caf::exit_reason::user_shutdown);
      st.groups[g] = nullptr;
      continue;
    }
    if (groups[g].members != st.told_groups[g]) {
      st.told_groups[g] = groups[g].members;
      self->send(st.groups[g], put_atom_v, groups[g].members);
    }
  }
}

/// The change is applied everywhere: record it, tell everyone who follows.
void after_change(workspace_pointer self) {
  auto& st = self->state;
  attach_serving_users(st);
  tell_groups(self);
  for (auto& e : st.shadow->take_admin_events())
    if (st.on_admin_event)
      st.on_admin_event(e);
  (void)st.shadow->take_events(); // no sessions: capacity notices only
  if (st.on_change)
    st.on_change(workspace_topology{*st.shadow, st.domains, st.domain_of_chat,
                                    st.domain_of_user});
}

/// Applies a directory change: in the shadow first (the check), then in
/// every live domain.
void change_directory(workspace_pointer self, user_id actor,
                      const admin_change& change,
                      caf::typed_response_promise<admin_created> rp) {
  auto& st = self->state;
  auto joined = domains_joined(st, change);
  auto done = apply_change(*st.shadow, now(self), actor, change);
  if (!done) {
    rp.deliver(caf::make_error(done.error()));
    return;
  }
  auto created = *done;
  merge_each(self, joined, 1, [=](caf::error merge_error) mutable {
    if (merge_error) {
      rp.deliver(std::move(merge_error));
      return;
    }
    ask_each(
      self, live_domains(self->state),
      [=](caf::error err) mutable {
        after_change(self);
        if (err)
          rp.deliver(std::move(err));
        else
          rp.deliver(created);
      },
      admin_atom_v, actor, change, chat_id{});
  });
}

/// Defines, edits or removes a chat: checked in the shadow, merged where it
/// connects domains, applied by the chat's domain (which may refuse an edit
/// or removal for its live sessions), then recorded in the shadow.
void change_chat(workspace_pointer self, user_id actor,
                 const admin_change& change,
                 caf::typed_response_promise<admin_created> rp) {
  auto& st = self->state;
  auto& ws = *st.shadow;
  chat_id chat = chat_of(change);
  bool defines = std::holds_alternative<define_chat_change>(change);
  expected<admin_created> checked = admin_created{};
  if (defines) {
    // The check, and at once the shadow's record (the domain cannot refuse
    // a definition the whole workspace accepts).
    checked = apply_change(ws, now(self), actor, change);
  } else if (const auto* edit = std::get_if<edit_chat_change>(&change)) {
    if (auto ok = ws.check_edit_live_chat(actor, edit->chat, edit->def); !ok)
      checked = ok.error();
  } else if (!ws.dir().is_administrator(actor)) {
    checked = errc::not_permitted;
  } else if (!ws.has_chat(chat)) {
    checked = errc::unknown_chat;
  }
  if (!checked) {
    rp.deliver(caf::make_error(checked.error()));
    return;
  }
  // Only once checked: a refused change may name a chat or groups that do
  // not exist.
  auto joined = domains_joined(st, change);
  if (defines) {
    chat = std::get<chat_id>(*checked);
    st.domain_of_chat.push_back(joined.empty() ? emptiest_domain(st)
                                               : joined.front());
  }
  merge_each(self, joined, 1, [=](caf::error merge_error) mutable {
    if (merge_error) {
      rp.deliver(std::move(merge_error));
      return;
    }
    auto domain = self->state.domain_of_chat.at(chat.value);
    ask_each(
      self, {domain},
      [=](caf::error err) mutable {
        auto& s = self->state;
        if (!err && !std::holds_alternative<define_chat_change>(change)) {
          auto ok = apply_change(*s.shadow, now(self), actor, change);
          assert(ok
                 && "change_chat: the domain applied what the shadow "
                    "checked");
          (void)ok;
        }
        after_change(self);
        if (err)
          rp.deliver(std::move(err));
        else
          rp.deliver(*checked);
      },
      admin_atom_v, actor, change, chat);
  });
}

workspace_actor::behavior_type workspace_impl(workspace_pointer self,
                                              workspace_config cfg) {
  auto& st = self->state;
  st.clock = cfg.clock;
  st.on_admin_event = std::move(cfg.on_admin_event);
  st.on_change = std::move(cfg.on_change);
  st.domains = std::move(cfg.domains);
  st.absorbed.assign(st.domains.size(), false);
  st.domain_of_chat = std::move(cfg.domain_of_chat);
  st.domain_of_user = initial_domain_of_users(cfg.dir, cfg.chats,
                                              st.domain_of_chat);
  st.shadow = std::make_unique<router>(std::move(cfg.dir));
  auto start = now(self);
  for (auto& def : cfg.chats) {
    auto ok = st.shadow->define_live_chat(start, cfg.admin, std::move(def));
    assert(ok && "spawn_admin: the deployment validates definitions first");
    (void)ok;
  }
  (void)st.shadow->take_events();
  (void)st.shadow->take_admin_events(); // the start is no change
  tell_groups(self);
  return {
    [=](admin_atom, user_id actor,
        admin_change& change) -> caf::result<admin_created> {
      auto rp = self->make_response_promise<admin_created>();
      if (changes_directory(change))
        change_directory(self, actor, change, rp);
      else
        change_chat(self, actor, change, rp);
      return rp;
    },
    [=](get_atom, group_id g) -> caf::result<std::vector<user_id>> {
      auto& s = self->state;
      if (g.value >= s.groups.size() || !s.groups[g.value])
        return caf::make_error(errc::unknown_group);
      return self->delegate(s.groups[g.value], get_atom_v);
    },
  };
}

} // namespace

std::vector<std::optional<std::size_t>>
initial_domain_of_users(const directory& dir,
                        const std::vector<live_chat_definition>& chats,
                        const std::vector<std::size_t>& domain_of_chat) {
  std::vector<std::optional<std::size_t>> out(dir.users().size());
  for (std::size_t c = 0; c < chats.size(); ++c)
    for (auto u : serving_users(dir, chats[c]))
      out[u.value] = domain_of_chat[c];
  return out;
}

workspace_actor spawn_admin(caf::actor_system& sys, workspace_config config) {
  return sys.spawn(workspace_impl, std::move(config));
}

} // namespace livechat::actors
