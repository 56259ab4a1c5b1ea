#include "load/event_json.hpp"

#include "core/session.hpp"

#include <algorithm>
#include <string>

namespace livechat::load {

namespace {

using nlohmann::json;

/// A non-negative integer (parsed frames hold them as unsigned, frames
/// built in code as signed).
bool is_id(const json& j) {
  return j.is_number_unsigned()
         || (j.is_number_integer() && j.get<std::int64_t>() >= 0);
}

/// The enum value `to_string` names `text`, among the first `count` values.
template <class Enum>
std::optional<Enum> parse_enum(const std::string& text, int count) {
  for (int i = 0; i < count; ++i)
    if (to_string(static_cast<Enum>(i)) == text)
      return static_cast<Enum>(i);
  return std::nullopt;
}

constexpr int session_event_kinds = 6; // queued .. rejected
constexpr int transition_reasons = static_cast<int>(transition_reason::restored)
                                   + 1;

timestamp scenario_time(const json& frame, const char* key,
                        const id_translation& t) {
  if (!frame.contains(key) || !frame[key].is_number_integer())
    return timestamp{};
  auto wall_ms = frame[key].get<std::int64_t>() - t.origin_ms;
  auto ns = static_cast<double>(std::max<std::int64_t>(wall_ms, 0)) * 1e6
            * t.speed;
  return timestamp{duration{static_cast<std::int64_t>(ns)}};
}

user_id user_of(const json& frame, const char* key, const id_translation& t) {
  if (!frame.contains(key) || !is_id(frame[key]))
    return user_id{};
  auto id = frame[key].get<std::uint64_t>();
  if (auto it = t.users.find(id); it != t.users.end())
    return it->second;
  return user_id{static_cast<user_id::value_type>(t.foreign_users_from + id)};
}

group_id group_of(const json& frame, const char* key, const id_translation& t) {
  if (!frame.contains(key) || !is_id(frame[key]))
    return group_id{};
  auto it = t.groups.find(frame[key].get<std::uint64_t>());
  return it == t.groups.end() ? group_id{} : it->second;
}

} // namespace

id_translation make_translation(const server_ids& ids,
                                const scenarios::scenario_workspace& ws,
                                std::int64_t origin_ms, double speed) {
  id_translation t;
  t.origin_ms = origin_ms;
  t.speed = speed;
  for (const auto& [name, id] : ws.users)
    if (auto it = ids.users.find(name); it != ids.users.end())
      t.users[it->second] = id;
  for (const auto& [name, id] : ws.groups)
    if (auto it = ids.groups.find(name); it != ids.groups.end())
      t.groups[it->second] = id;
  for (const auto& [name, index] : ws.chat_index)
    if (auto it = ids.chats.find(name); it != ids.chats.end())
      t.chats[it->second] = chat_id{static_cast<chat_id::value_type>(index)};
  t.foreign_users_from = ws.dir.users().size() + 1'000'000;
  return t;
}

std::optional<routing_event> event_from_json(const json& frame,
                                             const id_translation& t) {
  if (!frame.is_object())
    return std::nullopt;
  auto type = frame.value("type", "");
  if (type == "status_event") {
    auto status = parse_operator_status(frame.value("status", ""));
    if (!status)
      return std::nullopt;
    status_event e;
    e.at = scenario_time(frame, "at_ms", t);
    e.op = user_of(frame, "operator", t);
    e.status = *status;
    e.capacity = frame.value("capacity", 1);
    return e;
  }
  if (type != "session_event" || !frame.contains("session")
      || !is_id(frame["session"]) || !frame.contains("chat")
      || !is_id(frame["chat"]))
    return std::nullopt;
  auto kind = parse_enum<session_event_kind>(frame.value("kind", ""),
                                             session_event_kinds);
  auto reason = parse_enum<transition_reason>(frame.value("reason", ""),
                                              transition_reasons);
  auto chat = t.chats.find(frame["chat"].get<std::uint64_t>());
  if (!kind || !reason || chat == t.chats.end())
    return std::nullopt;
  session_event e{};
  e.kind = *kind;
  e.reason = *reason;
  e.at = scenario_time(frame, "at_ms", t);
  e.session = session_id{frame["session"].get<std::uint64_t>()};
  e.chat = chat->second;
  e.customer = user_of(frame, "customer", t);
  e.actor = user_of(frame, "actor", t);
  e.op = user_of(frame, "operator", t);
  e.previous_op = user_of(frame, "previous_operator", t);
  e.expert_group = group_of(frame, "expert_group", t);
  e.via_group = group_of(frame, "via_group", t);
  e.target_user = user_of(frame, "target_user", t);
  e.arrived = scenario_time(frame, "arrived_ms", t);
  e.queued_at = scenario_time(frame, "queued_ms", t);
  e.assigned_at = scenario_time(frame, "assigned_ms", t);
  e.transfers = frame.value("transfers", std::uint32_t{0});
  return e;
}

} // namespace livechat::load
