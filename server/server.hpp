// `livechat serve`: the actor runtime inside a real server.
//
// A server owns: the durable store (SQLite, WAL) and its writer thread; the
// runtime (real time) rebuilt from the store at start; the read model of
// the workspace; the bearer tokens; and the HTTP front door on its own
// Boost.Asio threads. docs/api.md documents the API.
//
// Start: the database's workspace origin (or, for a new database, the
// provisioning given, else a lone administrator named "admin"), then every
// logged administrative change replayed in order: the same ids as before
// the restart. A new database also gets the first administrator's token,
// returned once by `first_admin_token`.
//
// Example:
//   auto s = livechat::server::server::start({.port = 0, .db_path = p});
//   if (auto* e = std::get_if<std::string>(&s)) fail(*e);
//   auto& srv = *std::get<0>(s);
//   fmt::print("listening on {}\n", srv.port());
#pragma once

#include "server/http/listener.hpp"
#include "server/json_codec.hpp"
#include "server/presence.hpp"
#include "server/rate_limit.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace livechat::server {

struct server_settings {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string db_path = "livechat.db";
  http_limits http;
  /// Set: serve HTTPS and WSS only (server/http/listener.hpp).
  std::optional<tls_files> tls;
  rate_limit_settings rate;
  /// Threads serving connections.
  std::size_t io_threads = 2;
  /// The runtime's scheduler threads (0: one per core).
  std::size_t runtime_threads = 0;
  /// How long a dropped operator stays Away before it goes Offline.
  std::chrono::milliseconds presence_grace{30000};
  /// Runs the presence timers; empty: Asio timers on the server's threads.
  /// (Tests pass one they drive by hand.)
  delay_scheduler presence_scheduler;
  /// On stop: how long open connections get to receive their last answers
  /// and close frames before the server's threads end.
  std::chrono::milliseconds drain{1000};
};

/// One structured log line: an event name and its fields, as JSON.
using log_fn = std::function<void(std::string_view line)>;

class server {
public:
  /// Opens the store, rebuilds the runtime, binds and starts serving.
  /// `provision` applies only to a new (empty) database. Returns a message
  /// naming what failed (the database, the listen address, a replay that
  /// diverged).
  static std::variant<std::unique_ptr<server>, std::string>
  start(server_settings settings, std::optional<workspace_origin> provision,
        log_fn log = {});

  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  std::uint16_t port() const noexcept;
  /// The first administrator's token, if this start created the database.
  const std::optional<std::string>& first_admin_token() const noexcept;

  /// Stops accepting, finishes the requests in flight that can finish,
  /// commits every queued write, stops the runtime. Idempotent.
  void stop();

  struct impl;

private:
  explicit server(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

} // namespace livechat::server
