// Where replies to external customers go: a channel adapter per deployment.
//
// An external chat's customers write through the channel endpoint
// (POST /api/v1/channels/{channel}/messages, shaped like a messenger's
// webhook); what operators answer them goes out through `deliver`. The
// default adapter writes each delivery as a structured log line; plugging a
// real messenger in means implementing `deliver` (it is called on a runtime
// thread and must not block: queue the delivery and send it elsewhere).
#pragma once

#include "core/contacts.hpp"
#include "core/ids.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace livechat::server {

class channel_adapter {
public:
  virtual ~channel_adapter() = default;
  /// Sends `text`, written in session `s` by operator `from`, to `to`.
  virtual void deliver(const contact& to, session_id s, user_id from,
                       const std::string& text)
    = 0;
};

/// Logs every delivery: {"event": "channel_delivery", "channel": ...}.
class logging_channel_adapter final : public channel_adapter {
public:
  explicit logging_channel_adapter(std::function<void(std::string_view)> log)
      : log_(std::move(log)) {}
  void deliver(const contact& to, session_id s, user_id from,
               const std::string& text) override;

private:
  std::function<void(std::string_view)> log_;
};

} // namespace livechat::server
