#include "server/api/errors.hpp"

#include "server/json_codec.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace livechat::server {

http_response error_response(int status, std::string_view code,
                             std::string_view message) {
  nlohmann::json body{{"error", {{"code", code}, {"message", message}}}};
  return {status, to_text(body), "application/json", {}};
}

int status_of(errc e) noexcept {
  switch (e) {
    case errc::not_permitted:
    case errc::not_assigned_to_you: return 403;
    case errc::unknown_user:
    case errc::unknown_group:
    case errc::unknown_chat:
    case errc::unknown_session: return 404;
    case errc::duplicate_name:
    case errc::illegal_transition:
    case errc::not_eligible:
    case errc::crosses_domains:
    case errc::not_waiting:
    case errc::in_use: return 409;
    case errc::invalid_definition:
    case errc::not_an_expert_group:
    case errc::invalid_argument: return 400;
    case errc::unavailable: return 503;
  }
  return 500;
}

std::string_view code_of(errc e) noexcept {
  switch (e) {
    case errc::not_permitted: return "not_permitted";
    case errc::unknown_user: return "unknown_user";
    case errc::unknown_group: return "unknown_group";
    case errc::unknown_chat: return "unknown_chat";
    case errc::unknown_session: return "unknown_session";
    case errc::duplicate_name: return "duplicate_name";
    case errc::invalid_definition: return "invalid_definition";
    case errc::illegal_transition: return "illegal_transition";
    case errc::not_assigned_to_you: return "not_assigned_to_you";
    case errc::not_an_expert_group: return "not_an_expert_group";
    case errc::not_eligible: return "not_eligible";
    case errc::invalid_argument: return "invalid_argument";
    case errc::crosses_domains: return "crosses_domains";
    case errc::unavailable: return "unavailable";
    case errc::not_waiting: return "not_waiting";
    case errc::in_use: return "in_use";
  }
  return "internal";
}

http_response error_response(errc e, std::string_view context) {
  auto code = code_of(e);
  auto message = context.empty() ? std::string{to_string(e)}
                                 : fmt::format("{}: {}", context, to_string(e));
  return error_response(status_of(e), code, message);
}

} // namespace livechat::server
