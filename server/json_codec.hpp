// JSON forms of the core's values, as the API and the store write them.
//
// One codec for both: a live chat definition in `POST /api/v1/live-chats`
// is the same object the administration log stores. Readers are strict
// (server/json_reader.hpp): unknown fields and wrong types are refused with
// a message naming the field.
//
//   live chat definition
//     {"name": "internal", "operator_groups": [2], "supervisor_groups": [],
//      "expert_groups": [3], "customer_groups": [1], "channel": "",
//      "routing": "round_robin", "capacity": 2, "queue_limit": 100,
//      "reject_when_nobody_online": false, "on_offline": "requeue",
//      "transfers_first": true, "seed": 0}
//   administrative change (the log's form)
//     {"kind": "add_user", "name": "anna"}
//     {"kind": "define_chat", "definition": {...}}
//   workspace origin (what a server was provisioned with)
//     {"users": ["admin", "anna"], "groups": [{"name": "Administrators",
//      "members": [0]}, ...], "chats": [{...}, ...]}
#pragma once

#include "core/admin_change.hpp"
#include "core/directory.hpp"
#include "core/live_chat.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

namespace livechat::server {

/// `j` as compact JSON text. Invalid UTF-8 (a request path is raw bytes)
/// becomes U+FFFD instead of an exception: no client input can make
/// serialising an answer throw.
std::string to_text(const nlohmann::json& j);

/// Either a value or a message for the client ("field 'x': ...").
template <class T>
using parsed = std::variant<T, std::string>;

nlohmann::json chat_definition_json(const live_chat_definition& def);
parsed<live_chat_definition>
parse_chat_definition(const nlohmann::json& j, const std::string& path = "");

nlohmann::json admin_change_json(const admin_change& change);
parsed<admin_change> parse_admin_change(const nlohmann::json& j);

nlohmann::json admin_created_json(const admin_created& created);
parsed<admin_created> parse_admin_created(const nlohmann::json& j);

/// The workspace a server starts from: a directory without removed entries
/// (a fresh one, or a scenario's) and the live chats in id order.
struct workspace_origin {
  directory dir;
  user_id admin;
  std::vector<live_chat_definition> chats;
};

nlohmann::json origin_json(const workspace_origin& origin);
/// Rebuilds the directory with the same ids: users in id order, groups in
/// id order with their members. Fails on a malformed document.
parsed<workspace_origin> parse_origin(const nlohmann::json& j);

} // namespace livechat::server
