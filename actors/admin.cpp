#include "actors/admin.hpp"

#include "core/domain_partition.hpp"

#include <algorithm>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <memory>

namespace livechat::actors {

namespace {

// -- workspace
// ------------------------------------------------------------------

struct workspace_state {
  std::unique_ptr<workspace_config> cfg;
  static constexpr const char* name = "livechat.workspace";
};

using workspace_pointer = workspace_actor::stateful_pointer<workspace_state>;

/// Applies a checked change to every affected domain, then answers.
template <class Atom>
caf::result<void> spread(workspace_pointer self, Atom atom, user_id actor,
                         group_id g, user_id member) {
  auto& st = self->state;
  auto targets = domains_using(st.cfg->chats, st.cfg->domain_of_chat, g);
  if (targets.empty())
    return caf::unit;
  auto rp = self->make_response_promise();
  auto pending = std::make_shared<std::size_t>(targets.size());
  for (auto d : targets)
    self->request(st.cfg->domains[d], caf::infinite, atom, actor, g, member)
      .then(
        [=]() mutable {
          if (--*pending == 0)
            rp.deliver(caf::unit);
        },
        [=](caf::error& err) mutable {
          rp.deliver(err);
        });
  return rp;
}

workspace_actor::behavior_type workspace_impl(workspace_pointer self,
                                              workspace_config cfg) {
  self->state.cfg = std::make_unique<workspace_config>(std::move(cfg));
  return {
    [=](add_member_atom, user_id actor, group_id g,
        user_id member) -> caf::result<void> {
      auto& ws = *self->state.cfg;
      if (auto ok = check_domain_crossing(ws.dir, ws.chats, ws.domain_of_chat,
                                          g, member);
          !ok)
        return caf::make_error(ok.error());
      if (auto ok = ws.dir.add_member(actor, g, member); !ok)
        return caf::make_error(ok.error());
      return spread(self, add_member_atom_v, actor, g, member);
    },
    [=](remove_member_atom, user_id actor, group_id g,
        user_id member) -> caf::result<void> {
      if (auto ok = self->state.cfg->dir.remove_member(actor, g, member); !ok)
        return caf::make_error(ok.error());
      return spread(self, remove_member_atom_v, actor, g, member);
    },
  };
}

// -- group
// ----------------------------------------------------------------------

struct group_state {
  group_id id;
  std::vector<user_id> members;
  workspace_actor workspace;
  static constexpr const char* name = "livechat.group";
};

using group_pointer = group_actor::stateful_pointer<group_state>;

/// Asks the workspace to apply a change; on success updates the members.
template <class Atom, class Update>
caf::result<void> change(group_pointer self, Atom atom, user_id actor,
                         user_id member, Update update) {
  auto rp = self->make_response_promise();
  self
    ->request(self->state.workspace, caf::infinite, atom, actor, self->state.id,
              member)
    .then(
      [=]() mutable {
        update(self->state.members);
        rp.deliver(caf::unit);
      },
      [=](caf::error& err) mutable {
        rp.deliver(err);
      });
  return rp;
}

group_actor::behavior_type group_impl(group_pointer self, group_id id,
                                      std::vector<user_id> members,
                                      workspace_actor workspace) {
  self->state.id = id;
  self->state.members = std::move(members);
  self->state.workspace = std::move(workspace);
  return {
    [=](get_atom) {
      return self->state.members;
    },
    [=](add_member_atom, user_id actor, user_id member) {
      return change(self, add_member_atom_v, actor, member,
                    [member](std::vector<user_id>& xs) {
                      if (std::find(xs.begin(), xs.end(), member) == xs.end())
                        xs.push_back(member);
                    });
    },
    [=](remove_member_atom, user_id actor, user_id member) {
      return change(self, remove_member_atom_v, actor, member,
                    [member](std::vector<user_id>& xs) {
                      std::erase(xs, member);
                    });
    },
  };
}

} // namespace

admin_actors spawn_admin(caf::actor_system& sys, workspace_config config) {
  admin_actors out;
  std::vector<group> groups = config.dir.groups();
  out.workspace = sys.spawn(workspace_impl, std::move(config));
  for (auto& g : groups)
    out.groups.push_back(
      sys.spawn(group_impl, g.id, std::move(g.members), out.workspace));
  return out;
}

} // namespace livechat::actors
