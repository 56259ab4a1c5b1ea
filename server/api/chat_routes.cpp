// /api/v1/live-chats: definitions (Administrators change them) and the
// supervisors' snapshot of a chat's queue and operators.
#include "server/api/api.hpp"
#include "server/api/errors.hpp"
#include "server/api/stream_json.hpp"

#include <fmt/format.h>

namespace livechat::server {
void api::live_chats(call& c) {
  auto& p = c.path;
  const auto& method = c.req.method;
  if (p.size() == 1) {
    if (method == "GET") {
      c.respond(json_response(200, ctx_.cat.chats_json()));
      return;
    }
    if (method != "POST") {
      c.respond(method_not_allowed(c.req, "GET, POST"));
      return;
    }
    auto body = parse_body(c.req, c.respond);
    if (!body)
      return;
    auto def = parse_chat_definition(*body);
    if (auto* e = std::get_if<std::string>(&def)) {
      c.respond(error_response(400, "invalid_field", *e));
      return;
    }
    change(c, define_chat_change{std::get<live_chat_definition>(def)}, 201,
           [this](const admin_created& made) {
             return ctx_.cat.chat_json(std::get<chat_id>(made))
               .value_or(nlohmann::json::object());
           });
    return;
  }
  auto id = parse_id(p[1]);
  if (!id || p.size() > 3) {
    c.respond(not_found(c.req));
    return;
  }
  chat_id chat{*id};
  if (p.size() == 3 && p[2] == "sessions") {
    if (method != "POST") {
      c.respond(method_not_allowed(c.req, "POST"));
      return;
    }
    open_session(c, chat);
    return;
  }
  if (p.size() == 3) {
    if (p[2] != "snapshot") {
      c.respond(not_found(c.req));
      return;
    }
    if (method != "GET") {
      c.respond(method_not_allowed(c.req, "GET"));
      return;
    }
    ctx_.rt.snapshot(
      c.caller, chat, [respond = c.respond, chat](expected<chat_snapshot> s) {
        if (!s)
          respond(
            error_response(s.error(), fmt::format("live chat {}", chat.value)));
        else
          respond(json_response(200, snapshot_json(s.value())));
      });
    return;
  }
  if (method == "GET") {
    auto j = ctx_.cat.chat_json(chat);
    c.respond(j ? json_response(200, *j)
                : error_response(errc::unknown_chat,
                                 fmt::format("live chat {}", chat.value)));
    return;
  }
  if (method == "PUT") {
    auto body = parse_body(c.req, c.respond);
    if (!body)
      return;
    auto def = parse_chat_definition(*body);
    if (auto* e = std::get_if<std::string>(&def)) {
      c.respond(error_response(400, "invalid_field", *e));
      return;
    }
    change(c, edit_chat_change{chat, std::get<live_chat_definition>(def)}, 200,
           [this, chat](const admin_created&) {
             return ctx_.cat.chat_json(chat).value_or(nlohmann::json::object());
           });
    return;
  }
  if (method == "DELETE") {
    change(c, remove_chat_change{chat}, 200, [](const admin_created&) {
      return nlohmann::json::object();
    });
    return;
  }
  c.respond(method_not_allowed(c.req, "GET, PUT, DELETE"));
}

} // namespace livechat::server
