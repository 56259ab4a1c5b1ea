// One WebSocket as the API sees it, without Beast: the server's side of the
// connection (`ws_peer`) and what handles the client's frames
// (`ws_handler`). server/http/ implements the peer; server/api/ the handler.
#pragma once

#include "server/api/http_types.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>

namespace livechat::server {

/// WebSocket close codes the server uses (RFC 6455).
namespace ws_close {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;       ///< server stopping
inline constexpr std::uint16_t protocol_error = 1002;   ///< not text, not JSON
inline constexpr std::uint16_t policy_violation = 1008; ///< token revoked
inline constexpr std::uint16_t too_big = 1009;          ///< frame over limit
inline constexpr std::uint16_t try_again_later = 1013;  ///< too slow, too many
} // namespace ws_close

/// The server's end of one WebSocket. Thread-safe: any thread may send.
class ws_peer {
public:
  virtual ~ws_peer() = default;
  /// Queues a text frame. False if the connection is closing, or if the
  /// client fell too far behind (its queue is full: the connection is then
  /// closed with `try_again_later`).
  virtual bool send(std::string text) = 0;
  /// Closes with a code and a reason (sent once, after queued frames).
  virtual void close(std::uint16_t code, std::string reason) = 0;
  /// Runs `fn` on the connection's own executor (one at a time with its
  /// other work).
  virtual void post(std::function<void()> fn) = 0;
};

/// Handles one client's frames. Calls arrive one at a time, on the
/// connection's executor.
class ws_handler {
public:
  virtual ~ws_handler() = default;
  virtual void on_text(const std::string& text) = 0;
  /// The connection is gone (closed by either side, or dropped).
  virtual void on_closed() = 0;
};

/// Decides an upgrade request: a handler for the new connection, or the
/// HTTP answer that refuses it (401, 403, ...).
using ws_acceptor
  = std::function<std::variant<std::shared_ptr<ws_handler>, http_response>(
    const http_request&, std::shared_ptr<ws_peer>)>;

} // namespace livechat::server
