#include "server/channels.hpp"

#include "server/json_codec.hpp"

#include <nlohmann/json.hpp>

namespace livechat::server {

void logging_channel_adapter::deliver(const contact& to, session_id s,
                                      user_id from, const std::string& text) {
  if (!log_)
    return;
  nlohmann::json line{{"event", "channel_delivery"}, {"channel", to.channel},
                      {"address", to.address},       {"session", s.value},
                      {"operator", from.value},      {"text", text}};
  log_(to_text(line));
}

} // namespace livechat::server
