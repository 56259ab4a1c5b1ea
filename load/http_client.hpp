// A blocking HTTP/1.1 client for livechat's server: one request per
// connection, with a deadline on every step, so no caller can hang. Used by
// the server's tests, `livechat client` and the load harness.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace livechat::load {

struct http_reply {
  int status = 0; ///< 0: no answer (connection failed or timed out)
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  nlohmann::json json() const {
    return nlohmann::json::parse(body, nullptr, false);
  }
  /// The error code of an error body ("" if none).
  std::string error_code() const;
  std::string header(const std::string& name) const;
};

struct http_call {
  std::string method = "GET";
  std::string path;
  std::string body;
  std::string token; ///< sent as "Authorization: Bearer <token>" if set
  /// Sent as the raw Authorization header instead, if set.
  std::string authorization;
};

/// Sends one request to `host`:`port` (an IP address); gives up after
/// 10 s (status 0).
http_reply send(const std::string& host, std::uint16_t port,
                const http_call& call);
/// The same, to 127.0.0.1.
inline http_reply send(std::uint16_t port, const http_call& call) {
  return send("127.0.0.1", port, call);
}

/// Sends raw bytes to 127.0.0.1 (for malformed requests) and returns the
/// raw answer.
std::string send_raw(std::uint16_t port, const std::string& bytes);

} // namespace livechat::load
