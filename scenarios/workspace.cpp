#include "scenarios/workspace.hpp"

#include <cstdint>
#include <utility>

namespace livechat::scenarios {

namespace {

/// splitmix64: spreads (seed, index) so neighbouring chats and seeds give
/// unrelated streams.
std::uint64_t mix(std::uint64_t seed, std::uint64_t index) {
  std::uint64_t z = seed + (index + 1) * 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

const group_spec* find_administrators(const scenario& s) {
  for (const auto& g : s.groups)
    if (g.name == administrators_group_name)
      return &g;
  return nullptr;
}

expected<std::vector<group_id>>
resolve(const scenario_workspace& ws, const std::vector<located_text>& names) {
  std::vector<group_id> out;
  out.reserve(names.size());
  for (const auto& n : names) {
    auto i = ws.groups.find(n.text);
    if (i == ws.groups.end())
      return errc::unknown_group;
    out.push_back(i->second);
  }
  return out;
}

} // namespace

expected<scenario_workspace> to_workspace(const scenario& s) {
  std::string first_admin = "admin";
  if (const auto* admins = find_administrators(s)) {
    auto names = member_names(*admins);
    if (!names.empty())
      first_admin = names.front();
  }
  scenario_workspace ws{directory{first_admin}, user_id{}, {}, {}, {}, {}};
  ws.admin = ws.dir.find_user(first_admin).value();
  ws.users.emplace(first_admin, ws.admin);
  ws.groups.emplace(std::string{administrators_group_name},
                    ws.dir.administrators());

  // Users in order of first mention.
  std::vector<std::vector<user_id>> members_of(s.groups.size());
  for (std::size_t i = 0; i < s.groups.size(); ++i) {
    for (auto& name : member_names(s.groups[i])) {
      auto known = ws.users.find(name);
      if (known != ws.users.end()) {
        members_of[i].push_back(known->second);
        continue;
      }
      auto u = ws.dir.add_user(name);
      if (!u)
        return u.error();
      ws.users.emplace(std::move(name), *u);
      members_of[i].push_back(*u);
    }
  }

  for (std::size_t i = 0; i < s.groups.size(); ++i) {
    const auto& g = s.groups[i];
    if (g.name == administrators_group_name) {
      for (auto u : members_of[i])
        if (auto added = ws.dir.add_member(ws.admin, ws.dir.administrators(),
                                           u);
            !added)
          return added.error();
      continue;
    }
    auto id = ws.dir.create_group(ws.admin, g.name, members_of[i]);
    if (!id)
      return id.error();
    ws.groups.emplace(g.name, *id);
  }

  for (std::size_t i = 0; i < s.live_chats.size(); ++i) {
    const auto& c = s.live_chats[i];
    live_chat_definition def;
    def.name = c.name;
    auto operators = resolve(ws, c.operators);
    auto supervisors = resolve(ws, c.supervisors);
    auto experts = resolve(ws, c.experts);
    auto customers = resolve(ws, c.customers);
    for (const auto* r : {&operators, &supervisors, &experts, &customers})
      if (!*r)
        return r->error();
    def.operator_groups = std::move(*operators);
    def.supervisor_groups = std::move(*supervisors);
    def.expert_groups = std::move(*experts);
    def.customer_groups = std::move(*customers);
    def.channel = c.channel;
    def.routing = c.routing;
    def.capacity = c.capacity;
    if (c.queue_limit)
      def.queue_limit = *c.queue_limit;
    def.reject_when_nobody_online = c.reject_when_nobody_online;
    def.on_offline = c.on_offline;
    def.transfers_first = c.transfers_first;
    def.seed = mix(s.seed, i);
    if (auto ok = livechat::validate(def, ws.dir); !ok)
      return ok.error();
    if (!ws.chat_index.emplace(c.name, ws.chats.size()).second)
      return errc::duplicate_name;
    ws.chats.push_back(std::move(def));
  }
  return ws;
}

} // namespace livechat::scenarios
