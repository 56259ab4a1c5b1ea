#include "server/catalog.hpp"

#include <cassert>

namespace livechat::server {
namespace {

nlohmann::json group_entry(const group& g) {
  auto members = nlohmann::json::array();
  for (auto m : g.members)
    members.push_back(m.value);
  return {{"id", g.id.value}, {"name", g.name}, {"members", members}};
}

} // namespace

catalog::catalog(const workspace_origin& origin) : model_(origin.dir) {
  for (const auto& def : origin.chats) {
    [[maybe_unused]] auto c = model_.define_live_chat(timestamp{}, origin.admin,
                                                      def);
    assert(c && "catalog: the origin's chats were validated");
  }
}

expected<admin_created> catalog::apply(user_id actor,
                                       const admin_change& change) {
  std::lock_guard guard{mutex_};
  auto created = apply_change(model_, timestamp{}, actor, change);
  (void)model_.take_admin_events();
  return created;
}

bool catalog::is_administrator(user_id u) const {
  std::lock_guard guard{mutex_};
  return model_.dir().exists(u) && model_.dir().is_administrator(u);
}

bool catalog::user_exists(user_id u) const {
  std::lock_guard guard{mutex_};
  return model_.dir().exists(u);
}

std::optional<live_chat_definition> catalog::chat(chat_id c) const {
  std::lock_guard guard{mutex_};
  if (!model_.has_chat(c))
    return std::nullopt;
  return model_.definition(c);
}

std::optional<chat_id>
catalog::chat_of_channel(std::string_view channel) const {
  std::lock_guard guard{mutex_};
  for (std::uint32_t i = 0; i < model_.chat_count(); ++i) {
    chat_id c{i};
    if (model_.has_chat(c) && !model_.definition(c).is_internal()
        && model_.definition(c).channel == channel)
      return c;
  }
  return std::nullopt;
}

bool catalog::member_of_named(user_id u, std::string_view name) const {
  std::lock_guard guard{mutex_};
  auto g = model_.dir().find_group(name);
  return g && model_.dir().exists(u) && model_.dir().is_member(u, g.value());
}

bool catalog::member_of_any(user_id u,
                            const std::vector<group_id>& groups) const {
  std::lock_guard guard{mutex_};
  return model_.dir().exists(u) && model_.dir().is_member_of_any(u, groups);
}

nlohmann::json catalog::users_json() const {
  std::lock_guard guard{mutex_};
  auto out = nlohmann::json::array();
  for (const auto& u : model_.dir().users())
    if (!u.removed)
      out.push_back({{"id", u.id.value}, {"name", u.name}});
  return out;
}

std::optional<nlohmann::json> catalog::user_json(user_id u) const {
  std::lock_guard guard{mutex_};
  const auto& dir = model_.dir();
  if (!dir.exists(u))
    return std::nullopt;
  auto groups = nlohmann::json::array();
  for (auto g : dir.groups_of(u))
    groups.push_back(g.value);
  return nlohmann::json{
    {"id", u.value}, {"name", dir.get(u).name}, {"groups", groups}};
}

nlohmann::json catalog::groups_json() const {
  std::lock_guard guard{mutex_};
  auto out = nlohmann::json::array();
  for (const auto& g : model_.dir().groups())
    if (!g.removed)
      out.push_back(group_entry(g));
  return out;
}

std::optional<nlohmann::json> catalog::group_json(group_id g) const {
  std::lock_guard guard{mutex_};
  if (!model_.dir().exists(g))
    return std::nullopt;
  return group_entry(model_.dir().get(g));
}

nlohmann::json catalog::chat_entry(chat_id c) const {
  const auto& def = model_.definition(c);
  return {{"id", c.value},
          {"name", def.name},
          {"kind", def.is_internal() ? "internal" : "external"},
          {"definition", chat_definition_json(def)}};
}

nlohmann::json catalog::chats_json() const {
  std::lock_guard guard{mutex_};
  auto out = nlohmann::json::array();
  for (std::uint32_t i = 0; i < model_.chat_count(); ++i)
    if (model_.has_chat(chat_id{i}))
      out.push_back(chat_entry(chat_id{i}));
  return out;
}

std::optional<nlohmann::json> catalog::chat_json(chat_id c) const {
  std::lock_guard guard{mutex_};
  if (!model_.has_chat(c))
    return std::nullopt;
  return chat_entry(c);
}

} // namespace livechat::server
