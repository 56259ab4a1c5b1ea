// The load generator's network: one event loop (Asio, run on the caller's
// thread) that holds many WebSocket connections, a small pool of keep-alive
// HTTP connections and timers. Everything the bots do happens on that one
// thread, so they need no locks; the Beast code stays in net.cpp.
//
// Contracts:
//   - callbacks run on the thread inside `run_until`, never re-entrantly from
//     a call that registers them (a `send` never calls `closed` at once);
//   - a WebSocket's `closed` runs at most once, and nothing after it;
//   - an HTTP call always gets exactly one `done`, with status 0 when the
//     connection failed or the answer did not come within 10 s.
//
// Example:
//   load::net_loop loop{{"127.0.0.1", 8080}, {}};
//   auto ws = loop.open_ws(token, {.opened = [&] {
//   ws->send(R"({"id":1,"type":"ping"})"); },
//                                  .frame = [&](const nlohmann::json& f) { ...
//                                  }});
//   loop.run_until([&] { return finished; }, loop.now() +
//   std::chrono::seconds{5});
#pragma once

#include "load/http_client.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace livechat::load {

/// Where the server listens: an IP address and a port.
struct endpoint {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
};

/// What happens on one WebSocket. Every member may be empty.
struct ws_handlers {
  std::function<void()> opened;
  /// Each text frame, parsed (a frame that is not JSON is passed as a
  /// discarded json value).
  std::function<void(const nlohmann::json&)> frame;
  /// The connection ended or could not be opened; `why` says how.
  std::function<void(const std::string& why)> closed;
};

/// One WebSocket to /api/v1/ws. Sends queue until the connection is open.
class ws_link {
public:
  virtual ~ws_link() = default;
  virtual void send(std::string text) = 0;
  /// Closes with a close frame (normal closure).
  virtual void close() = 0;
};

class net_loop {
public:
  using clock = std::chrono::steady_clock;

  /// `source_addresses`: local IPv4 addresses that new WebSockets bind to,
  /// in turn (empty: the system picks), so that more connections than one
  /// address has ports can be opened.
  net_loop(endpoint target, std::vector<std::string> source_addresses,
           std::size_t http_connections = 4);
  ~net_loop();
  net_loop(const net_loop&) = delete;
  net_loop& operator=(const net_loop&) = delete;

  clock::time_point now() const {
    return clock::now();
  }
  /// Runs `fn` at `when` (at once if it has passed).
  void at(clock::time_point when, std::function<void()> fn);
  /// Opens a WebSocket with `token` in the Authorization header.
  std::shared_ptr<ws_link> open_ws(const std::string& token, ws_handlers h);
  /// Sends `call` over the least busy pooled connection.
  void http(http_call call,
            std::function<void(int status, std::string body)> done);
  /// Runs the loop until `finished()` holds (checked after every handler
  /// and at least every 50 ms) or `deadline` passes. True if finished.
  bool run_until(const std::function<bool()>& finished,
                 clock::time_point deadline);

  struct impl;

private:
  std::unique_ptr<impl> impl_;
};

} // namespace livechat::load
