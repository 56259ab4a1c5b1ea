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

} // namespace livechat
