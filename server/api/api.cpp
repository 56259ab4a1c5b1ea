#include "server/api/api.hpp"

#include "server/api/errors.hpp"

#include <charconv>
#include <chrono>
#include <fmt/format.h>

namespace livechat::server {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    auto slash = path.find('/');
    auto part = path.substr(0, slash);
    if (!part.empty())
      out.push_back(part);
    if (slash == std::string_view::npos)
      break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

std::int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch())
    .count();
}

} // namespace

void http_counters::count(int status) {
  std::lock_guard guard{mutex_};
  ++by_status_[status];
}

std::map<int, std::uint64_t> http_counters::snapshot() const {
  std::lock_guard guard{mutex_};
  return by_status_;
}

http_response json_response(int status, const nlohmann::json& body) {
  return {status, to_text(body), "application/json", {}};
}

std::optional<nlohmann::json> parse_body(const http_request& req,
                                         respond_fn& respond) {
  if (req.body.empty()) {
    respond(error_response(400, "malformed_json",
                           "the request needs a JSON object body"));
    return std::nullopt;
  }
  try {
    auto j = nlohmann::json::parse(req.body);
    if (!j.is_object()) {
      respond(error_response(400, "malformed_json",
                             "the body must be a JSON object"));
      return std::nullopt;
    }
    return j;
  } catch (const nlohmann::json::parse_error& e) {
    respond(error_response(
      400, "malformed_json",
      fmt::format("the body is not valid JSON (at byte {})", e.byte)));
    return std::nullopt;
  }
}

std::optional<std::uint32_t> parse_id(std::string_view segment) {
  std::uint32_t v = 0;
  auto [end, ec] = std::from_chars(segment.data(),
                                   segment.data() + segment.size(), v);
  if (ec != std::errc{} || end != segment.data() + segment.size()
      || v == std::numeric_limits<std::uint32_t>::max())
    return std::nullopt;
  return v;
}

http_response not_found(const http_request& req) {
  return error_response(404, "not_found",
                        fmt::format("no such resource: {}", req.path));
}

http_response method_not_allowed(const http_request& req,
                                 std::string_view allowed) {
  auto r = error_response(405, "method_not_allowed",
                          fmt::format("{} is not allowed on {} (allowed: {})",
                                      req.method, req.path, allowed));
  r.headers.emplace_back("Allow", std::string{allowed});
  return r;
}

http_response forbidden(std::string_view what) {
  return error_response(403, "not_permitted", what);
}

void api::handle(const http_request& req, respond_fn respond) {
  auto segments = split_path(req.path);
  if (segments.size() < 2 || segments[0] != "api" || segments[1] != "v1") {
    respond(not_found(req));
    return;
  }
  auto who = ctx_.tokens.authenticate(req.authorization);
  if (auto* why = std::get_if<std::string>(&who)) {
    auto r = error_response(401, "unauthorized", *why);
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    respond(std::move(r));
    return;
  }
  auto caller = std::get<user_id>(who);
  if (!ctx_.limiter.allow(
        std::string{token_registry::bearer_token(req.authorization)},
        steady_ms())) {
    auto r = error_response(429, "too_many_requests",
                            "too many requests with this token; slow down");
    r.headers.emplace_back("Retry-After",
                           std::to_string(ctx_.limiter.retry_after_seconds()));
    respond(std::move(r));
    return;
  }
  if (!ctx_.cat.user_exists(caller)) {
    respond(
      error_response(401, "unauthorized", "the token's user has been removed"));
    return;
  }
  call c{req, {segments.begin() + 2, segments.end()}, caller, respond};
  dispatch(c);
}

void api::dispatch(call& c) {
  if (c.path.empty()) {
    c.respond(not_found(c.req));
    return;
  }
  auto resource = c.path[0];
  if (resource == "users")
    users(c);
  else if (resource == "groups")
    groups(c);
  else if (resource == "live-chats")
    live_chats(c);
  else if (resource == "sessions")
    sessions(c);
  else if (resource == "operators")
    operators(c);
  else if (resource == "channels")
    channels(c);
  else
    c.respond(not_found(c.req));
}

void api::change(call& c, admin_change ch, int status,
                 std::function<nlohmann::json(const admin_created&)> body) {
  ctx_.admin.submit(
    c.caller, std::move(ch),
    [respond = c.respond, status, body = std::move(body)](admin_outcome o) {
      if (auto* e = std::get_if<errc>(&o)) {
        respond(error_response(*e));
        return;
      }
      if (auto* s = std::get_if<sqlite_error>(&o)) {
        respond(error_response(500, "store_failed", s->message));
        return;
      }
      respond(json_response(status, body(std::get<admin_created>(o))));
    });
}

} // namespace livechat::server
