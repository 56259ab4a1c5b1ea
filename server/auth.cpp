#include "server/auth.hpp"

#include "server/tokens.hpp"

#include <iterator>

namespace livechat::server {

void token_registry::add(std::string hash, user_id user) {
  std::lock_guard guard{mutex_};
  users_.insert_or_assign(std::move(hash), user);
}

void token_registry::revoke_user(user_id user) {
  std::vector<std::weak_ptr<ws_peer>> open;
  {
    std::lock_guard guard{mutex_};
    std::erase_if(users_, [user](const auto& entry) {
      return entry.second == user;
    });
    if (auto it = sockets_.find(user.value); it != sockets_.end()) {
      open = std::move(it->second);
      sockets_.erase(it);
    }
  }
  // Outside the lock: closing may call back into the server.
  for (auto& w : open)
    if (auto socket = w.lock())
      socket->close(ws_close::policy_violation, "token revoked");
}

void token_registry::track(user_id user, std::weak_ptr<ws_peer> socket) {
  std::lock_guard guard{mutex_};
  auto& list = sockets_[user.value];
  std::erase_if(list, [](const std::weak_ptr<ws_peer>& w) {
    return w.expired();
  });
  list.push_back(std::move(socket));
}

std::string_view token_registry::bearer_token(std::string_view authorization) {
  constexpr std::string_view scheme = "Bearer ";
  if (authorization.size() <= scheme.size()
      || authorization.substr(0, scheme.size()) != scheme)
    return {};
  return authorization.substr(scheme.size());
}

std::variant<user_id, std::string>
token_registry::authenticate(std::string_view authorization) const {
  if (authorization.empty())
    return std::string{"missing Authorization header (Bearer token)"};
  auto token = bearer_token(authorization);
  if (token.empty())
    return std::string{"the Authorization header is not 'Bearer <token>'"};
  if (!looks_like_token(token))
    return std::string{"malformed token"};
  auto hash = hash_token(token);
  std::lock_guard guard{mutex_};
  auto it = users_.find(hash);
  if (it == users_.end())
    return std::string{"unknown or revoked token"};
  return it->second;
}

} // namespace livechat::server
