// Sessions over REST: customers open, write and leave; operators set their
// status, reply, close and switch sessions; supervisors assign (external
// customers arrive through api/channel_routes.cpp). Who may do what is the
// core's rule (the runtime refuses with the domain error); every change is
// acknowledged after its events and messages are committed.
#include "server/api/api.hpp"
#include "server/api/errors.hpp"
#include "server/json_reader.hpp"

#include <fmt/format.h>

namespace livechat::server {

std::optional<std::string> read_text(json_reader& r) {
  auto text = r.required_string("text");
  if (r.ok() && text.empty())
    r.fail("text", "must not be empty");
  if (r.ok() && text.size() > max_text_bytes)
    r.fail("text", fmt::format("is longer than {} bytes", max_text_bytes));
  if (!r.ok())
    return std::nullopt;
  return text;
}

namespace {} // namespace

void api::when_durable(std::function<void(db_expected<void>)> done) {
  after_routing_events(nullptr, std::move(done));
}

void api::after_routing_events(store_writer::job work,
                               std::function<void(db_expected<void>)> done) {
  // First the sink: a call's events reach the recorder after its answer.
  auto drained = [this, work = std::move(work), done](expected<void>) {
    ctx_.writer.submit(work, done);
  };
  if (!ctx_.gate.run([&] {
        ctx_.rt.drain_events(drained);
      }))
    done(sqlite_error{"the server is stopping"});
}

std::function<void(expected<void>)> api::durable(call& c, int status,
                                                 nlohmann::json body) {
  return [this, respond = c.respond, status,
          body = std::move(body)](expected<void> r) {
    if (!r) {
      // A session no domain owns (ended, or from before a restart).
      auto e = r.error() == errc::unavailable && body.contains("session")
                 ? errc::unknown_session
                 : r.error();
      respond(error_response(e));
      return;
    }
    when_durable([respond, status, body](db_expected<void> ok) {
      if (!ok)
        respond(error_response(500, "store_failed", ok.error().message));
      else
        respond(json_response(status, body));
    });
  };
}

void api::open_session(call& c, chat_id chat) {
  if (!c.req.body.empty()) {
    auto body = parse_body(c.req, c.respond);
    if (!body)
      return;
    json_reader r{*body};
    if (auto e = r.finish()) {
      c.respond(error_response(400, "invalid_field", *e));
      return;
    }
  }
  ctx_.rt.open_session(
    c.caller, chat, {},
    [this, respond = c.respond, chat](expected<session_ticket> t) {
      if (!t) {
        respond(
          error_response(t.error(), fmt::format("live chat {}", chat.value)));
        return;
      }
      nlohmann::json body{{"id", t.value().id.value},
                          {"chat", chat.value},
                          {"state", to_string(t.value().state)}};
      when_durable([respond, body](db_expected<void> ok) {
        if (!ok)
          respond(error_response(500, "store_failed", ok.error().message));
        else
          respond(json_response(201, body));
      });
    });
}

void api::sessions(call& c) {
  auto& p = c.path;
  auto id = p.size() >= 2 ? parse_id(p[1]) : std::nullopt;
  if (!id || p.size() > 3) {
    c.respond(p.size() == 1 && c.req.method == "GET"
                ? error_response(400, "invalid_argument",
                                 "name a session: /api/v1/sessions/{id}")
                : not_found(c.req));
    return;
  }
  session_id s{*id};
  const auto& method = c.req.method;
  if (p.size() == 2) {
    if (method != "GET") {
      c.respond(method_not_allowed(c.req, "GET"));
      return;
    }
    // Its customer, the operators who held it and its chat's supervisors
    // may read a session; nobody else learns that it exists.
    auto found = std::make_shared<std::optional<nlohmann::json>>();
    after_routing_events(
      [s, found](store& st) -> db_expected<void> {
        auto j = st.session_json(s.value);
        if (!j)
          return j.error();
        *found = std::move(*j);
        return {};
      },
      [this, respond = c.respond, caller = c.caller, s,
       found](db_expected<void> ok) {
        if (!ok) {
          respond(error_response(500, "store_failed", ok.error().message));
          return;
        }
        auto unknown = error_response(errc::unknown_session,
                                      fmt::format("session {}", s.value));
        if (!*found) {
          respond(unknown);
          return;
        }
        const auto& j = **found;
        bool allowed = j["customer"] == caller.value;
        for (const auto& e : j["events"])
          allowed = allowed || e["operator"] == caller.value;
        if (!allowed) {
          auto def = ctx_.cat.chat(chat_id{j["chat"].get<std::uint32_t>()});
          allowed = def
                    && ctx_.cat.member_of_any(caller, def->supervisor_groups);
        }
        respond(allowed ? json_response(200, j) : unknown);
      });
    return;
  }
  if (method != "POST") {
    c.respond(method_not_allowed(c.req, "POST"));
    return;
  }
  auto action = p[2];
  std::optional<nlohmann::json> body;
  if (action == "messages" || action == "transfer" || action == "assign") {
    body = parse_body(c.req, c.respond);
    if (!body)
      return;
  }
  auto bad = [&c](const std::string& e) {
    c.respond(error_response(400, "invalid_field", e));
  };
  if (action == "messages") {
    json_reader r{*body};
    auto text = read_text(r);
    if (auto e = r.finish())
      return bad(*e);
    ctx_.rt.post_message(c.caller, s, *text,
                         durable(c, 201, {{"session", s.value}}));
  } else if (action == "close") {
    ctx_.rt.close_session(c.caller, s, durable(c, 200, {{"session", s.value}}));
  } else if (action == "leave") {
    ctx_.rt.leave(c.caller, s, durable(c, 200, {{"session", s.value}}));
  } else if (action == "transfer") {
    json_reader r{*body};
    auto group = r.required_int("group");
    auto expert = r.optional_int("expert", -1);
    if (auto e = r.finish())
      return bad(*e);
    if (group < 0 || expert < -1)
      return bad("ids are non-negative integers");
    user_id to = expert < 0 ? user_id{}
                            : user_id{static_cast<std::uint32_t>(expert)};
    ctx_.rt.transfer(c.caller, s, group_id{static_cast<std::uint32_t>(group)},
                     to, durable(c, 200, {{"session", s.value}}));
  } else if (action == "assign") {
    json_reader r{*body};
    auto op = r.required_int("operator");
    if (auto e = r.finish())
      return bad(*e);
    if (op < 0)
      return bad("field 'operator': expected an id");
    ctx_.rt.assign(c.caller, s, operator_id{static_cast<std::uint32_t>(op)},
                   durable(c, 200, {{"session", s.value}}));
  } else {
    c.respond(not_found(c.req));
  }
}

void api::operators(call& c) {
  auto& p = c.path;
  auto id = p.size() >= 2 ? parse_id(p[1]) : std::nullopt;
  if (!id || p.size() > 3 || (p.size() == 3 && p[2] != "status")) {
    c.respond(not_found(c.req));
    return;
  }
  operator_id op{*id};
  if (op != c.caller) {
    c.respond(forbidden("operators see and set only their own status"));
    return;
  }
  if (p.size() == 2) {
    if (c.req.method != "GET") {
      c.respond(method_not_allowed(c.req, "GET"));
      return;
    }
    ctx_.rt.view(op, [respond = c.respond, op](expected<operator_view> v) {
      if (!v) {
        respond(
          error_response(v.error(), fmt::format("operator {}", op.value)));
        return;
      }
      auto sessions = nlohmann::json::array();
      for (auto s : v.value().sessions)
        sessions.push_back(s.value);
      respond(json_response(200, {{"id", op.value},
                                  {"status", to_string(v.value().status)},
                                  {"sessions", sessions}}));
    });
    return;
  }
  if (c.req.method != "PUT") {
    c.respond(method_not_allowed(c.req, "PUT"));
    return;
  }
  auto body = parse_body(c.req, c.respond);
  if (!body)
    return;
  json_reader r{*body};
  auto name = r.required_string("status");
  auto status = parse_operator_status(name);
  if (r.ok() && !status)
    r.fail("status",
           fmt::format("expected online, away or offline, not '{}'", name));
  if (auto e = r.finish()) {
    c.respond(error_response(400, "invalid_field", *e));
    return;
  }
  ctx_.rt.set_status(op, *status,
                     durable(c, 200, {{"id", op.value}, {"status", name}}));
}

} // namespace livechat::server
