#include "core/error.hpp"

namespace livechat {

std::string_view to_string(errc e) noexcept {
  switch (e) {
    case errc::not_permitted: return "not permitted";
    case errc::unknown_user: return "unknown user";
    case errc::unknown_group: return "unknown group";
    case errc::unknown_chat: return "unknown live chat";
    case errc::unknown_session: return "unknown session";
    case errc::duplicate_name: return "duplicate name";
    case errc::invalid_definition: return "invalid live chat definition";
    case errc::illegal_transition: return "illegal session transition";
    case errc::not_assigned_to_you: return "session not assigned to you";
    case errc::not_an_expert_group: return "not an expert group of the chat";
    case errc::not_eligible: return "operator not eligible";
    case errc::invalid_argument: return "invalid argument";
    case errc::crosses_domains:
      return "change would join two routing domains of a running system";
    case errc::unavailable: return "unavailable (its actor has stopped)";
    case errc::not_waiting: return "session not waiting";
    case errc::in_use: return "still in use";
  }
  return "unknown error";
}

} // namespace livechat
