// The server's durable store: one SQLite database in WAL mode
// (server/store/schema.cpp lists its tables).
//
// Synchronous and single-threaded: `store_writer` (server/store/writer.hpp)
// owns the store on its own thread and batches writes into transactions.
// `livechat export` opens a store of its own, read-only in effect.
//
// Example:
//   auto s = livechat::server::store::open("livechat.db");   // migrates
//   if (!s) fail(s.error().message);
//   auto origin = s->origin();        // nullopt: a new database
#pragma once

#include "core/ids.hpp"
#include "server/store/sqlite.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace livechat::server {

/// One entry of the administration log.
struct logged_change {
  std::int64_t seq = 0;
  std::int64_t at_ms = 0;
  user_id actor;
  nlohmann::json change;
  nlohmann::json created;
};

struct stored_token {
  std::string hash;
  user_id user;
};

class store {
public:
  /// Opens (creating) the database at `path` and migrates it to the
  /// current schema.
  static db_expected<store> open(const std::string& path);

  /// The workspace the database was provisioned with; nullopt if new.
  db_expected<std::optional<nlohmann::json>> origin();
  db_expected<void> set_origin(const nlohmann::json& origin,
                               std::int64_t now_ms);

  db_expected<void> append_change(const logged_change& c);
  /// The whole log, in order.
  db_expected<std::vector<logged_change>> changes();

  db_expected<void> add_token(const std::string& hash, user_id user,
                              std::int64_t now_ms);
  /// Revokes every token of `user`; returns how many were live.
  db_expected<std::int64_t> revoke_tokens(user_id user, std::int64_t now_ms);
  /// Tokens not revoked.
  db_expected<std::vector<stored_token>> live_tokens();

  sqlite_db& db() noexcept {
    return db_;
  }

private:
  explicit store(sqlite_db db) : db_(std::move(db)) {}
  sqlite_db db_;
};

} // namespace livechat::server
