#include "server/json_codec.hpp"

#include "server/json_reader.hpp"

#include <fmt/format.h>
#include <limits>

namespace livechat::server {
namespace {

template <class Id>
nlohmann::json ids_json(const std::vector<Id>& ids) {
  auto out = nlohmann::json::array();
  for (auto id : ids)
    out.push_back(id.value);
  return out;
}

template <class Id>
std::vector<Id> to_ids(const std::vector<std::uint32_t>& raw) {
  std::vector<Id> out;
  out.reserve(raw.size());
  for (auto v : raw)
    out.push_back(Id{v});
  return out;
}

/// An id field: a non-negative integer below the invalid marker.
template <class Id>
Id read_id(json_reader& r, const char* field) {
  auto v = r.required_int(field);
  if (v < 0 || v >= static_cast<std::int64_t>(Id::invalid_value)) {
    r.fail(field, "expected an id (a non-negative integer)");
    return Id{};
  }
  return Id{static_cast<typename Id::value_type>(v)};
}

template <class T>
parsed<T> done(json_reader& r, T value) {
  if (auto e = r.finish())
    return *e;
  return value;
}

} // namespace

std::string to_text(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json chat_definition_json(const live_chat_definition& def) {
  nlohmann::json j{
    {"name", def.name},
    {"operator_groups", ids_json(def.operator_groups)},
    {"supervisor_groups", ids_json(def.supervisor_groups)},
    {"expert_groups", ids_json(def.expert_groups)},
    {"customer_groups", ids_json(def.customer_groups)},
    {"channel", def.channel},
    {"routing", std::string{to_string(def.routing)}},
    {"capacity", def.capacity},
    {"reject_when_nobody_online", def.reject_when_nobody_online},
    {"on_offline", std::string{to_string(def.on_offline)}},
    {"transfers_first", def.transfers_first},
    {"seed", def.seed},
  };
  if (def.queue_limit != std::numeric_limits<std::size_t>::max())
    j["queue_limit"] = def.queue_limit;
  return j;
}

parsed<live_chat_definition> parse_chat_definition(const nlohmann::json& j,
                                                   const std::string& path) {
  json_reader r{j, path};
  live_chat_definition def;
  def.name = r.required_string("name");
  def.operator_groups = to_ids<group_id>(r.optional_ids("operator_groups"));
  def.supervisor_groups = to_ids<group_id>(r.optional_ids("supervisor_groups"));
  def.expert_groups = to_ids<group_id>(r.optional_ids("expert_groups"));
  def.customer_groups = to_ids<group_id>(r.optional_ids("customer_groups"));
  def.channel = r.optional_string("channel");
  auto routing = r.optional_string("routing", "round_robin");
  if (auto k = parse_routing_policy(routing))
    def.routing = *k;
  else
    r.fail("routing", fmt::format("unknown routing policy '{}'", routing));
  auto capacity = r.optional_int("capacity", 1);
  if (capacity < 1 || capacity > 1000)
    r.fail("capacity", "expected an integer from 1 to 1000");
  def.capacity = static_cast<int>(capacity);
  auto limit = r.optional_int("queue_limit", -1);
  if (limit == -1)
    def.queue_limit = std::numeric_limits<std::size_t>::max();
  else if (limit < 0)
    r.fail("queue_limit", "expected a non-negative integer");
  else
    def.queue_limit = static_cast<std::size_t>(limit);
  def.reject_when_nobody_online = r.optional_bool("reject_when_nobody_online",
                                                  false);
  auto offline = r.optional_string("on_offline", "requeue");
  if (auto p = parse_offline_policy(offline))
    def.on_offline = *p;
  else
    r.fail("on_offline", fmt::format("unknown offline policy '{}'", offline));
  def.transfers_first = r.optional_bool("transfers_first", true);
  def.seed = r.optional_uint64("seed", 0);
  return done(r, std::move(def));
}

// -- administrative changes
// ----------------------------------------------------

nlohmann::json admin_change_json(const admin_change& change) {
  struct visitor {
    nlohmann::json operator()(const add_user_change& c) const {
      return {{"kind", "add_user"}, {"name", c.name}};
    }
    nlohmann::json operator()(const rename_user_change& c) const {
      return {
        {"kind", "rename_user"}, {"user", c.user.value}, {"name", c.name}};
    }
    nlohmann::json operator()(const remove_user_change& c) const {
      return {{"kind", "remove_user"}, {"user", c.user.value}};
    }
    nlohmann::json operator()(const create_group_change& c) const {
      return {{"kind", "create_group"},
              {"name", c.name},
              {"members", ids_json(c.members)}};
    }
    nlohmann::json operator()(const rename_group_change& c) const {
      return {
        {"kind", "rename_group"}, {"group", c.group.value}, {"name", c.name}};
    }
    nlohmann::json operator()(const remove_group_change& c) const {
      return {{"kind", "remove_group"}, {"group", c.group.value}};
    }
    nlohmann::json operator()(const add_member_change& c) const {
      return {{"kind", "add_member"},
              {"group", c.group.value},
              {"member", c.member.value}};
    }
    nlohmann::json operator()(const remove_member_change& c) const {
      return {{"kind", "remove_member"},
              {"group", c.group.value},
              {"member", c.member.value}};
    }
    nlohmann::json operator()(const define_chat_change& c) const {
      return {{"kind", "define_chat"},
              {"definition", chat_definition_json(c.def)}};
    }
    nlohmann::json operator()(const edit_chat_change& c) const {
      return {{"kind", "edit_chat"},
              {"chat", c.chat.value},
              {"definition", chat_definition_json(c.def)}};
    }
    nlohmann::json operator()(const remove_chat_change& c) const {
      return {{"kind", "remove_chat"}, {"chat", c.chat.value}};
    }
  };
  return std::visit(visitor{}, change);
}

parsed<admin_change> parse_admin_change(const nlohmann::json& j) {
  json_reader r{j};
  auto kind = r.required_string("kind");
  if (!r.ok()) {
    auto e = r.finish();
    return *e;
  }
  auto definition = [&r]() -> parsed<live_chat_definition> {
    auto* d = r.required_object("definition");
    if (d == nullptr)
      return std::string{"field 'definition' is required"};
    return parse_chat_definition(*d, "definition.");
  };
  if (kind == "add_user")
    return done<admin_change>(r, add_user_change{r.required_string("name")});
  if (kind == "rename_user") {
    rename_user_change c{read_id<user_id>(r, "user"),
                         r.required_string("name")};
    return done<admin_change>(r, std::move(c));
  }
  if (kind == "remove_user")
    return done<admin_change>(r,
                              remove_user_change{read_id<user_id>(r, "user")});
  if (kind == "create_group") {
    create_group_change c{r.required_string("name"),
                          to_ids<user_id>(r.optional_ids("members"))};
    return done<admin_change>(r, std::move(c));
  }
  if (kind == "rename_group") {
    rename_group_change c{read_id<group_id>(r, "group"),
                          r.required_string("name")};
    return done<admin_change>(r, std::move(c));
  }
  if (kind == "remove_group")
    return done<admin_change>(
      r, remove_group_change{read_id<group_id>(r, "group")});
  if (kind == "add_member" || kind == "remove_member") {
    auto g = read_id<group_id>(r, "group");
    auto m = read_id<user_id>(r, "member");
    if (kind == "add_member")
      return done<admin_change>(r, add_member_change{g, m});
    return done<admin_change>(r, remove_member_change{g, m});
  }
  if (kind == "define_chat" || kind == "edit_chat") {
    chat_id chat;
    if (kind == "edit_chat")
      chat = read_id<chat_id>(r, "chat");
    auto def = definition();
    if (auto* e = std::get_if<std::string>(&def))
      return *e;
    auto& d = std::get<live_chat_definition>(def);
    if (kind == "define_chat")
      return done<admin_change>(r, define_chat_change{std::move(d)});
    return done<admin_change>(r, edit_chat_change{chat, std::move(d)});
  }
  if (kind == "remove_chat")
    return done<admin_change>(r,
                              remove_chat_change{read_id<chat_id>(r, "chat")});
  return fmt::format("field 'kind': unknown change '{}'", kind);
}

nlohmann::json admin_created_json(const admin_created& created) {
  struct visitor {
    nlohmann::json operator()(std::monostate) const {
      return nullptr;
    }
    nlohmann::json operator()(user_id u) const {
      return {{"user", u.value}};
    }
    nlohmann::json operator()(group_id g) const {
      return {{"group", g.value}};
    }
    nlohmann::json operator()(chat_id c) const {
      return {{"chat", c.value}};
    }
  };
  return std::visit(visitor{}, created);
}

parsed<admin_created> parse_admin_created(const nlohmann::json& j) {
  if (j.is_null())
    return admin_created{};
  if (!j.is_object() || j.size() != 1 || !j.begin()->is_number_unsigned())
    return std::string{"expected null or one id ({\"user\": 3})"};
  auto v = j.begin()->get<std::uint32_t>();
  const auto& key = j.begin().key();
  if (key == "user")
    return admin_created{user_id{v}};
  if (key == "group")
    return admin_created{group_id{v}};
  if (key == "chat")
    return admin_created{chat_id{v}};
  return fmt::format("unknown created id '{}'", key);
}

// -- the workspace origin
// -------------------------------------------------------

nlohmann::json origin_json(const workspace_origin& origin) {
  auto users = nlohmann::json::array();
  for (const auto& u : origin.dir.users())
    users.push_back(u.name);
  auto groups = nlohmann::json::array();
  for (const auto& g : origin.dir.groups())
    groups.push_back({{"name", g.name}, {"members", ids_json(g.members)}});
  auto chats = nlohmann::json::array();
  for (const auto& c : origin.chats)
    chats.push_back(chat_definition_json(c));
  return {{"admin", origin.admin.value},
          {"users", users},
          {"groups", groups},
          {"chats", chats}};
}

parsed<workspace_origin> parse_origin(const nlohmann::json& j) {
  auto bad = [](std::string what) {
    return parsed<workspace_origin>{fmt::format("workspace origin: {}", what)};
  };
  if (!j.is_object() || !j.contains("users") || !j["users"].is_array()
      || j["users"].empty() || !j.contains("groups") || !j["groups"].is_array()
      || j["groups"].empty() || !j.contains("chats") || !j["chats"].is_array()
      || !j.contains("admin") || !j["admin"].is_number_unsigned())
    return bad("expected admin, users, groups and chats");
  const auto& users = j["users"];
  for (const auto& u : users)
    if (!u.is_string())
      return bad("user names must be strings");
  // User 0 is the first administrator; the directory creates it with the
  // Administrators group (group 0).
  directory dir{users[0].get<std::string>()};
  for (std::size_t i = 1; i < users.size(); ++i) {
    auto u = dir.add_user(users[i].get<std::string>());
    if (!u || u.value().value != i)
      return bad(fmt::format("user {} cannot be rebuilt", i));
  }
  user_id admin{j["admin"].get<std::uint32_t>()};
  if (!dir.is_administrator(admin))
    return bad("its admin is not an administrator");
  const auto& groups = j["groups"];
  for (std::size_t i = 0; i < groups.size(); ++i) {
    json_reader r{groups[i]};
    auto name = r.required_string("name");
    auto members = to_ids<user_id>(r.optional_ids("members"));
    if (auto e = r.finish())
      return bad(fmt::format("group {}: {}", i, *e));
    if (i == 0) {
      for (auto m : members)
        if (!dir.add_member(admin, dir.administrators(), m))
          return bad(
            fmt::format("administrator {} cannot be rebuilt", m.value));
      continue;
    }
    auto g = dir.create_group(admin, name, members);
    if (!g || g.value().value != i)
      return bad(fmt::format("group '{}' cannot be rebuilt", name));
  }
  workspace_origin origin{std::move(dir), admin, {}};
  for (const auto& c : j["chats"]) {
    auto def = parse_chat_definition(c);
    if (auto* e = std::get_if<std::string>(&def))
      return bad(*e);
    origin.chats.push_back(std::move(std::get<live_chat_definition>(def)));
  }
  return origin;
}

} // namespace livechat::server
