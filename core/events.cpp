#include "core/events.hpp"

namespace livechat {

std::string_view to_string(operator_status s) noexcept {
  switch (s) {
    case operator_status::online: return "online";
    case operator_status::away: return "away";
    case operator_status::offline: return "offline";
  }
  return "unknown";
}

std::optional<operator_status>
parse_operator_status(std::string_view s) noexcept {
  for (auto status : {operator_status::online, operator_status::away,
                      operator_status::offline})
    if (to_string(status) == s)
      return status;
  return std::nullopt;
}

std::string_view to_string(session_event_kind k) noexcept {
  switch (k) {
    case session_event_kind::queued: return "queued";
    case session_event_kind::assigned: return "assigned";
    case session_event_kind::transferred: return "transferred";
    case session_event_kind::closed: return "closed";
    case session_event_kind::abandoned: return "abandoned";
    case session_event_kind::rejected: return "rejected";
  }
  return "unknown";
}

std::string_view to_string(admin_event_kind k) noexcept {
  using ak = admin_event_kind;
  switch (k) {
    case ak::user_added: return "user_added";
    case ak::user_renamed: return "user_renamed";
    case ak::user_removed: return "user_removed";
    case ak::group_created: return "group_created";
    case ak::group_renamed: return "group_renamed";
    case ak::group_removed: return "group_removed";
    case ak::member_added: return "member_added";
    case ak::member_removed: return "member_removed";
    case ak::chat_defined: return "chat_defined";
    case ak::chat_edited: return "chat_edited";
    case ak::chat_removed: return "chat_removed";
  }
  return "unknown";
}

} // namespace livechat
