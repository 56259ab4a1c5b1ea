// /api/v1/users and /api/v1/groups: the company directory. Reads for every
// authenticated user; changes for Administrators (the core refuses others),
// acknowledged once logged.
#include "server/api/api.hpp"
#include "server/api/errors.hpp"
#include "server/json_reader.hpp"
#include "server/tokens.hpp"

#include <fmt/format.h>

namespace livechat::server {
namespace {

nlohmann::json no_body(const admin_created&) {
  return nlohmann::json::object();
}

} // namespace

void api::users(call& c) {
  auto& p = c.path;
  const auto& method = c.req.method;
  if (p.size() == 1) {
    if (method == "GET") {
      c.respond(json_response(200, ctx_.cat.users_json()));
      return;
    }
    if (method != "POST") {
      c.respond(method_not_allowed(c.req, "GET, POST"));
      return;
    }
    auto body = parse_body(c.req, c.respond);
    if (!body)
      return;
    json_reader r{*body};
    auto name = r.required_string("name");
    if (auto e = r.finish()) {
      c.respond(error_response(400, "invalid_field", *e));
      return;
    }
    change(c, add_user_change{name}, 201, [name](const admin_created& made) {
      return nlohmann::json{{"id", std::get<user_id>(made).value},
                            {"name", name}};
    });
    return;
  }
  auto id = parse_id(p[1]);
  if (!id) {
    c.respond(not_found(c.req));
    return;
  }
  user_id u{*id};
  if (p.size() == 2) {
    if (method == "GET") {
      auto j = ctx_.cat.user_json(u);
      c.respond(j ? json_response(200, *j)
                  : error_response(errc::unknown_user,
                                   fmt::format("user {}", u.value)));
      return;
    }
    if (method == "PATCH") {
      auto body = parse_body(c.req, c.respond);
      if (!body)
        return;
      json_reader r{*body};
      auto name = r.required_string("name");
      if (auto e = r.finish()) {
        c.respond(error_response(400, "invalid_field", *e));
        return;
      }
      change(c, rename_user_change{u, name}, 200,
             [u, name](const admin_created&) {
               return nlohmann::json{{"id", u.value}, {"name", name}};
             });
      return;
    }
    if (method == "DELETE") {
      change(c, remove_user_change{u}, 200, no_body);
      return;
    }
    c.respond(method_not_allowed(c.req, "GET, PATCH, DELETE"));
    return;
  }
  if (p.size() == 3 && p[2] == "tokens") {
    if (method != "POST" && method != "DELETE") {
      c.respond(method_not_allowed(c.req, "POST, DELETE"));
      return;
    }
    // Issuing is for Administrators; a user may revoke its own tokens.
    bool self = c.caller == u;
    if (!ctx_.cat.is_administrator(c.caller) && !(method == "DELETE" && self)) {
      c.respond(forbidden(method == "POST"
                            ? "only Administrators issue tokens"
                            : "only Administrators revoke others' tokens"));
      return;
    }
    if (!ctx_.cat.user_exists(u)) {
      c.respond(
        error_response(errc::unknown_user, fmt::format("user {}", u.value)));
      return;
    }
    auto now = wall_ms();
    auto& tokens = ctx_.tokens;
    if (method == "POST") {
      auto token = new_token();
      auto hash = hash_token(token);
      ctx_.writer.submit(
        [hash, u, now](store& s) {
          return s.add_token(hash, u, now);
        },
        [respond = c.respond, &tokens, hash, token, u](db_expected<void> done) {
          if (!done) {
            respond(error_response(500, "store_failed", done.error().message));
            return;
          }
          tokens.add(hash, u);
          respond(json_response(201, {{"token", token}, {"user", u.value}}));
        });
      return;
    }
    auto revoked = std::make_shared<std::int64_t>(0);
    ctx_.writer.submit(
      [u, now, revoked](store& s) -> db_expected<void> {
        auto n = s.revoke_tokens(u, now);
        if (!n)
          return n.error();
        *revoked = *n;
        return {};
      },
      [respond = c.respond, &tokens, u, revoked](db_expected<void> done) {
        if (!done) {
          respond(error_response(500, "store_failed", done.error().message));
          return;
        }
        tokens.revoke_user(u);
        respond(json_response(200, {{"revoked", *revoked}}));
      });
    return;
  }
  c.respond(not_found(c.req));
}

void api::groups(call& c) {
  auto& p = c.path;
  const auto& method = c.req.method;
  if (p.size() == 1) {
    if (method == "GET") {
      c.respond(json_response(200, ctx_.cat.groups_json()));
      return;
    }
    if (method != "POST") {
      c.respond(method_not_allowed(c.req, "GET, POST"));
      return;
    }
    auto body = parse_body(c.req, c.respond);
    if (!body)
      return;
    json_reader r{*body};
    auto name = r.required_string("name");
    auto raw = r.optional_ids("members");
    if (auto e = r.finish()) {
      c.respond(error_response(400, "invalid_field", *e));
      return;
    }
    std::vector<user_id> members;
    for (auto m : raw)
      members.push_back(user_id{m});
    change(c, create_group_change{name, members}, 201,
           [this](const admin_created& made) {
             return ctx_.cat.group_json(std::get<group_id>(made))
               .value_or(nlohmann::json::object());
           });
    return;
  }
  auto id = parse_id(p[1]);
  if (!id) {
    c.respond(not_found(c.req));
    return;
  }
  group_id g{*id};
  auto unknown = [&c, g] {
    c.respond(
      error_response(errc::unknown_group, fmt::format("group {}", g.value)));
  };
  if (p.size() == 2) {
    if (method == "GET") {
      auto j = ctx_.cat.group_json(g);
      if (j)
        c.respond(json_response(200, *j));
      else
        unknown();
      return;
    }
    if (method == "PATCH") {
      auto body = parse_body(c.req, c.respond);
      if (!body)
        return;
      json_reader r{*body};
      auto name = r.required_string("name");
      if (auto e = r.finish()) {
        c.respond(error_response(400, "invalid_field", *e));
        return;
      }
      change(c, rename_group_change{g, name}, 200,
             [this, g](const admin_created&) {
               return ctx_.cat.group_json(g).value_or(nlohmann::json::object());
             });
      return;
    }
    if (method == "DELETE") {
      change(c, remove_group_change{g}, 200, no_body);
      return;
    }
    c.respond(method_not_allowed(c.req, "GET, PATCH, DELETE"));
    return;
  }
  if (p[2] != "members" || p.size() > 4) {
    c.respond(not_found(c.req));
    return;
  }
  if (p.size() == 3) {
    if (method != "GET") {
      c.respond(method_not_allowed(c.req, "GET"));
      return;
    }
    auto j = ctx_.cat.group_json(g);
    if (j)
      c.respond(json_response(200, (*j)["members"]));
    else
      unknown();
    return;
  }
  auto member = parse_id(p[3]);
  if (!member) {
    c.respond(not_found(c.req));
    return;
  }
  user_id m{*member};
  if (method == "PUT")
    change(c, add_member_change{g, m}, 200, [this, g](const admin_created&) {
      return ctx_.cat.group_json(g).value_or(nlohmann::json::object());
    });
  else if (method == "DELETE")
    change(c, remove_member_change{g, m}, 200, [this, g](const admin_created&) {
      return ctx_.cat.group_json(g).value_or(nlohmann::json::object());
    });
  else
    c.respond(method_not_allowed(c.req, "PUT, DELETE"));
}

} // namespace livechat::server
