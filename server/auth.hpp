// Who is calling: bearer tokens mapped to users, held in memory.
//
// The store keeps token hashes (server/tokens.hpp); the registry loads the
// live ones at start and follows every issue and revocation, so checking a
// request costs one hash and one lookup, never a database read.
//
// Example:
//   auto who = registry.authenticate("Bearer lct_...");
//   if (!who) return error_response(401, "unauthorized", who.error());
#pragma once

#include "core/ids.hpp"
#include "server/api/ws_types.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace livechat::server {

class token_registry {
public:
  /// Adds a token by its hash.
  void add(std::string hash, user_id user);
  /// Forgets every token of `user`, and closes the WebSockets opened with
  /// them (1008, "token revoked").
  void revoke_user(user_id user);
  /// Remembers a WebSocket `user` opened with one of its tokens.
  void track(user_id user, std::weak_ptr<ws_peer> socket);

  /// The user an `Authorization` header value names, or a message saying
  /// what is wrong with it (missing, not a bearer token, unknown, revoked).
  std::variant<user_id, std::string>
  authenticate(std::string_view authorization) const;

  /// Extracts the token from "Bearer <token>" (empty if malformed).
  static std::string_view bearer_token(std::string_view authorization);

private:
  mutable std::mutex mutex_;
  /// hash -> user. Ordered: never iterated into output, but `revoke_user`
  /// walks it.
  std::map<std::string, user_id, std::less<>> users_;
  /// user id -> its open WebSockets (expired ones pruned as it goes).
  std::map<std::uint32_t, std::vector<std::weak_ptr<ws_peer>>> sockets_;
};

} // namespace livechat::server
