// Bearer tokens: random secrets handed to a user once, stored only hashed.
//
// A token is "lct_" followed by 48 hex digits: 192 random bits from
// OpenSSL's CSPRNG. The database keeps its SHA-256 (hex), so a stolen
// database file grants nothing; a request's token is hashed and looked up.
//
// Example:
//   auto t = livechat::server::new_token();          // "lct_3f9a..."
//   store.add_token(livechat::server::hash_token(t), user, now);
#pragma once

#include <string>
#include <string_view>

namespace livechat::server {

/// A fresh random token. Aborts only if the system has no entropy source.
std::string new_token();

/// The hex SHA-256 of `token`: the form the store keeps.
std::string hash_token(std::string_view token);

/// Whether `s` has the shape of a token (prefix, length, hex digits); a
/// cheap check before any lookup.
bool looks_like_token(std::string_view s) noexcept;

} // namespace livechat::server
