// A blocking HTTP/1.1 client for the server's tests: one request per
// connection, to 127.0.0.1 only, with a deadline, so no test can hang.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace livechat::server_testing {

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

/// Sends one request to 127.0.0.1:`port`; gives up after 10 s.
http_reply send(std::uint16_t port, const http_call& call);

/// Sends raw bytes (for malformed requests) and returns the raw answer.
std::string send_raw(std::uint16_t port, const std::string& bytes);

} // namespace livechat::server_testing
