// The HTTP/1.1 front door: accepts TCP connections on Boost.Asio threads and
// serves each with keep-alive, reading one request at a time within the
// configured limits, and answering through the handler.
//
// Beast stays inside server/http/: handlers see `http_request` and
// `http_response` (server/api/http_types.hpp). Limits: header and body
// sizes (413 past the body limit), a read timeout per request (an idle or
// slow client is dropped, never holding a thread).
#pragma once

#include "server/api/http_types.hpp"
#include "server/api/ws_types.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace boost::asio {
class io_context;
}

namespace livechat::server {

struct http_limits {
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  std::chrono::seconds read_timeout{30};
  /// Largest WebSocket message a client may send (closed with 1009 past).
  std::size_t max_frame_bytes = 64 * 1024;
  /// Frames the server may queue for one slow client before it closes the
  /// connection (1013): a client that does not read cannot grow memory.
  std::size_t max_queued_frames = 4096;
};

/// TLS for every connection (Beast over OpenSSL): PEM files.
struct tls_files {
  std::string cert_path; ///< the certificate chain, leaf first
  std::string key_path;  ///< its private key
};

/// Takes a request, answers through `respond` once, from any thread.
using http_handler = std::function<void(const http_request&, respond_fn)>;

/// Called for every answer sent (status), e.g. to count them.
using http_observer = std::function<void(int status)>;

class http_listener {
public:
  /// Binds `host:port` (port 0: any free port); with `tls`, every
  /// connection starts with a TLS handshake (a client that fails it is
  /// dropped). Fails with a message naming the address or the file.
  static std::variant<std::unique_ptr<http_listener>, std::string>
  bind(boost::asio::io_context& io, const std::string& host, std::uint16_t port,
       http_limits limits, http_handler handler, http_observer observer,
       std::string ws_path = {}, ws_acceptor ws = {},
       std::optional<tls_files> tls = std::nullopt);

  ~http_listener();

  /// Starts accepting (on the io_context's threads).
  void start();
  /// Stops accepting new connections and closes open WebSockets with
  /// 1001 (going away); open HTTP requests finish.
  void stop();

  std::uint16_t port() const noexcept;
  /// Connections open now.
  std::size_t connections() const noexcept;

  struct impl;

private:
  explicit http_listener(std::shared_ptr<impl> p);
  std::shared_ptr<impl> impl_;
};

} // namespace livechat::server
