// A WebSocket client for livechat's server (/api/v1/ws): every operation
// bounded by a deadline, so no caller hangs on a frame that never comes.
// Used by the server's tests, `livechat client` and the load harness.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace livechat::load {

class ws_client {
public:
  /// Connects to ws://`host`:`port`/api/v1/ws (`host` an IP address) with
  /// `token` (in the Authorization header, or the query if
  /// `token_in_query`). On a refused upgrade returns null and sets
  /// `*refused_status` to the HTTP status.
  static std::unique_ptr<ws_client>
  connect(const std::string& host, std::uint16_t port, const std::string& token,
          int* refused_status = nullptr, bool token_in_query = false);
  /// The same, to 127.0.0.1.
  static std::unique_ptr<ws_client>
  connect(std::uint16_t port, const std::string& token,
          int* refused_status = nullptr, bool token_in_query = false) {
    return connect("127.0.0.1", port, token, refused_status, token_in_query);
  }
  ~ws_client();

  void send_text(const std::string& text);
  void send(const nlohmann::json& frame) {
    send_text(frame.dump());
  }
  /// The next frame, or nullopt after `wait` (default 5 s) or once closed.
  std::optional<nlohmann::json>
  next(std::chrono::milliseconds wait = std::chrono::seconds{5});
  /// Whether the connection has ended.
  bool closed() const;
  /// The first frame, kept or new, for which `match` holds (reading at most
  /// `max_frames` new ones); nullopt if none did. Frames passed over are
  /// kept, in order, for later calls of `until` and `next`.
  std::optional<nlohmann::json>
  until(const std::function<bool(const nlohmann::json&)>& match,
        int max_frames = 500);
  /// Sends `command` with a fresh id and returns its reply (or null json);
  /// other frames that arrive first are kept.
  nlohmann::json command(nlohmann::json command);
  /// Ends the TCP connection without a close frame (a dropped network).
  void drop();
  /// The close code the server sent, once closed (0 if none yet).
  std::uint16_t close_code() const;
  std::string close_reason() const;

  struct impl;

private:
  explicit ws_client(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
  int next_id_ = 1;
  /// Frames read but not yet handed out, oldest first.
  std::deque<nlohmann::json> kept_;
};

} // namespace livechat::load
