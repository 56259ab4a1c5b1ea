// Requests and responses as the API handlers see them: plain values, no
// Beast types, so handlers compile fast and are tested without sockets.
// server/http/ turns Beast messages into these and back.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace livechat::server {

struct http_request {
  std::string method; ///< "GET", "POST", ...
  std::string path;   ///< the target without its query, e.g. "/api/v1/users"
  std::string query;  ///< after '?', undecoded; empty if none
  /// The Authorization header, as sent ("Bearer lct_...").
  std::string authorization;
  std::string content_type;
  std::string body;
};

struct http_response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

/// Called once with the response, from any thread.
using respond_fn = std::function<void(http_response)>;

} // namespace livechat::server
