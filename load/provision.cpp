#include "load/provision.hpp"

#include "core/live_chat.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <limits>
#include <optional>
#include <set>
#include <thread>

namespace livechat::load {

namespace {

using nlohmann::json;

/// Rate-limited answers are retried at most this often per request.
constexpr int max_retries_after_429 = 50;

struct admin_api {
  const endpoint& target;
  const std::string& token;

  /// One request; a 429 waits its Retry-After (at most 2 s) and retries.
  http_reply call(const std::string& method, const std::string& path,
                  const std::string& body = "") const {
    http_reply reply;
    for (int attempt = 0; attempt <= max_retries_after_429; ++attempt) {
      reply = send(target.host, target.port,
                   http_call{method, path, body, token, ""});
      if (reply.status != 429)
        return reply;
      int wait_s = 1;
      try {
        wait_s = std::stoi(reply.header("Retry-After"));
      } catch (const std::exception&) {
      }
      // A bounded pause between retries of a rate-limited request, not a
      // test sleeping: the server asked for it.
      std::this_thread::sleep_for(
        std::chrono::milliseconds{std::clamp(wait_s, 0, 2) * 1000 + 50});
    }
    return reply;
  }
};

std::string describe(const http_reply& r, const std::string& what) {
  if (r.status == 0)
    return fmt::format("{}: no answer from the server", what);
  auto body = r.json();
  std::string message = body.is_object() && body.contains("error")
                          ? body["error"].value("message", r.body)
                          : r.body;
  return fmt::format("{}: HTTP {}: {}", what, r.status, message);
}

/// name -> id of a JSON array of {"id", "name"} objects.
std::map<std::string, std::uint64_t, std::less<>> by_name(const json& list) {
  std::map<std::string, std::uint64_t, std::less<>> out;
  if (list.is_array())
    for (const auto& item : list)
      if (item.is_object() && item.contains("name") && item.contains("id"))
        out[item["name"].get<std::string>()] = item["id"].get<std::uint64_t>();
  return out;
}

template <class F>
std::optional<std::vector<std::uint64_t>>
ids_of(const std::vector<group_id>& groups,
       const scenarios::scenario_workspace& ws, const server_ids& ids,
       F&& missing) {
  std::vector<std::uint64_t> out;
  for (auto g : groups) {
    const auto& name = ws.dir.get(g).name;
    auto it = ids.groups.find(name);
    if (it == ids.groups.end()) {
      missing(name);
      return std::nullopt;
    }
    out.push_back(it->second);
  }
  return out;
}

} // namespace

std::variant<server_ids, provision_error>
provision(const endpoint& target, const std::string& admin_token,
          const scenarios::scenario_workspace& ws, std::ostream& progress) {
  admin_api api{target, admin_token};
  server_ids ids;
  auto users = api.call("GET", "/api/v1/users");
  if (users.status != 200)
    return provision_error{describe(users, "reading the server's users")};
  ids.users = by_name(users.json());

  // Users.
  for (const auto& [name, id] : ws.users) {
    (void)id;
    if (ids.users.contains(name))
      continue;
    auto r = api.call("POST", "/api/v1/users", json{{"name", name}}.dump());
    if (r.status != 201)
      return provision_error{describe(r, "creating user '" + name + "'")};
    ids.users[name] = r.json()["id"].get<std::uint64_t>();
    if (++ids.created_users % 100 == 0)
      fmt::print(progress, "livechat load: created {} users\n",
                 ids.created_users);
  }

  // Groups, with their members as the scenario says.
  auto groups = api.call("GET", "/api/v1/groups");
  if (groups.status != 200)
    return provision_error{describe(groups, "reading the server's groups")};
  auto server_groups = groups.json();
  ids.groups = by_name(server_groups);
  for (const auto& [name, gid] : ws.groups) {
    std::set<std::uint64_t> want;
    for (auto u : ws.dir.get(gid).members)
      want.insert(ids.users.at(ws.dir.get(u).name));
    if (auto it = ids.groups.find(name); it != ids.groups.end()) {
      std::set<std::uint64_t> have;
      for (const auto& g : server_groups)
        if (g.value("name", "") == name)
          for (const auto& m : g["members"])
            have.insert(m.get<std::uint64_t>());
      if (have != want)
        return provision_error{fmt::format(
          "group '{}' on the server has {} members, the scenario says {} "
          "(or other ones): load a server provisioned from this scenario, or "
          "one with only its administrator",
          name, have.size(), want.size())};
      continue;
    }
    json body{{"name", name},
              {"members",
               std::vector<std::uint64_t>(want.begin(), want.end())}};
    auto r = api.call("POST", "/api/v1/groups", body.dump());
    if (r.status != 201)
      return provision_error{describe(r, "creating group '" + name + "'")};
    ids.groups[name] = r.json()["id"].get<std::uint64_t>();
    ++ids.created_groups;
  }

  // Live chats.
  auto chats = api.call("GET", "/api/v1/live-chats");
  if (chats.status != 200)
    return provision_error{describe(chats, "reading the server's live chats")};
  auto server_chats = chats.json();
  ids.chats = by_name(server_chats);
  for (const auto& def : ws.chats) {
    std::string missing_group;
    auto note = [&](const std::string& g) {
      missing_group = g;
    };
    auto operators = ids_of(def.operator_groups, ws, ids, note);
    auto supervisors = ids_of(def.supervisor_groups, ws, ids, note);
    auto experts = ids_of(def.expert_groups, ws, ids, note);
    auto customers = ids_of(def.customer_groups, ws, ids, note);
    if (!operators || !supervisors || !experts || !customers)
      return provision_error{
        fmt::format("live chat '{}': group '{}' is not on the server", def.name,
                    missing_group)};
    json wanted{{"name", def.name},
                {"operator_groups", *operators},
                {"supervisor_groups", *supervisors},
                {"expert_groups", *experts},
                {"customer_groups", *customers},
                {"channel", def.channel},
                {"routing", std::string{to_string(def.routing)}},
                {"capacity", def.capacity},
                {"reject_when_nobody_online", def.reject_when_nobody_online},
                {"on_offline", std::string{to_string(def.on_offline)}},
                {"transfers_first", def.transfers_first}};
    if (def.queue_limit != std::numeric_limits<std::size_t>::max())
      wanted["queue_limit"] = def.queue_limit;
    if (ids.chats.contains(def.name)) {
      for (const auto& c : server_chats) {
        if (c.value("name", "") != def.name)
          continue;
        const auto& have = c["definition"];
        for (const char* key :
             {"operator_groups", "expert_groups", "customer_groups", "channel"})
          if (!have.contains(key) || have[key] != wanted[key])
            return provision_error{fmt::format(
              "live chat '{}' on the server differs from the scenario in "
              "'{}': {} there, {} in the file",
              def.name, key, have.value(key, json{}).dump(),
              wanted[key].dump())};
      }
      continue;
    }
    auto r = api.call("POST", "/api/v1/live-chats", wanted.dump());
    if (r.status != 201)
      return provision_error{
        describe(r, "creating live chat '" + def.name + "'")};
    ids.chats[def.name] = r.json()["id"].get<std::uint64_t>();
    ++ids.created_chats;
  }
  if (ids.created_users + ids.created_groups + ids.created_chats > 0)
    fmt::print(
      progress,
      "livechat load: provisioned {} users, {} groups, {} live chats\n",
      ids.created_users, ids.created_groups, ids.created_chats);
  else
    fmt::print(progress,
               "livechat load: the server holds the scenario's users, groups "
               "and live chats\n");
  return ids;
}

std::variant<std::map<std::string, std::string, std::less<>>, provision_error>
mint_tokens(const endpoint& target, const std::string& admin_token,
            const server_ids& ids, const std::vector<std::string>& names,
            std::ostream& progress) {
  admin_api api{target, admin_token};
  std::map<std::string, std::string, std::less<>> tokens;
  for (const auto& name : names) {
    if (tokens.contains(name))
      continue;
    auto id = ids.users.find(name);
    if (id == ids.users.end())
      return provision_error{"user '" + name + "' is not on the server"};
    auto r = api.call("POST",
                      fmt::format("/api/v1/users/{}/tokens", id->second));
    if (r.status != 201)
      return provision_error{describe(r, "a token for '" + name + "'")};
    tokens[name] = r.json()["token"].get<std::string>();
    if (tokens.size() % 100 == 0)
      fmt::print(progress, "livechat load: {} of {} tokens\n", tokens.size(),
                 names.size());
  }
  return tokens;
}

} // namespace livechat::load
