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

#include "core/contacts.hpp"
#include "core/ids.hpp"
#include "server/store/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
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

/// One routing step of a session, as stored.
struct stored_event {
  std::uint64_t session = 0;
  std::uint32_t chat = 0;
  std::uint32_t customer = 0;
  std::int64_t at_ms = 0;
  std::int64_t arrived_ms = 0;
  std::string kind;   ///< session_event_kind, e.g. "assigned"
  std::string reason; ///< transition_reason
  std::string state;  ///< the session's state after the step
  std::optional<std::uint32_t> actor;
  std::optional<std::uint32_t> op; ///< the holder after the step, if any
  std::optional<std::uint32_t> expert_group;
};

struct stored_message {
  std::uint64_t session = 0;
  std::uint32_t author = 0;
  std::int64_t at_ms = 0;
  std::string text;
};

/// A session that was live (waiting or held) when the server stopped, with
/// what routing it again needs (see `store::live_sessions`).
struct stored_live_session {
  std::uint64_t id = 0;
  std::uint32_t chat = 0;
  std::uint32_t customer = 0;
  /// Its holder; none while it waits.
  std::optional<std::uint32_t> holder;
  /// The expert group whose queue it waits in or was answered from; none:
  /// the chat's operator queue.
  std::optional<std::uint32_t> expert_group;
  /// Why it last entered a queue (a transition_reason; steps named
  /// "restored" do not count): "arrived", "operator_offline" (requeued, to
  /// the front) or "entered_expert_queue".
  std::string queued_because = "arrived";
  /// What it said so far, oldest first.
  std::vector<stored_message> messages;
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

  /// Records a step: creates the session's row on its first step, updates
  /// its state and holder, appends the event.
  db_expected<void> record_event(const stored_event& e);
  db_expected<void> record_message(const stored_message& m);
  /// Every session live when the server stopped, in the order to restore
  /// them: requeued ones first, by first step; then the others by the step
  /// that last queued them (so each queue keeps its serving order). Held
  /// sessions follow in id order. (store/live_sessions.cpp)
  db_expected<std::vector<stored_live_session>> live_sessions();
  /// Notes the contact behind external customer id `customer` (once; later
  /// calls for it change nothing).
  db_expected<void> remember_contact(std::uint32_t customer,
                                     const contact& who);
  /// Every contact noted, by customer id.
  db_expected<std::vector<std::pair<std::uint32_t, contact>>> contacts();
  /// The largest session id stored (0: none).
  db_expected<std::uint64_t> max_session_id();
  /// A session with its events and messages, as the API shows it; nullopt
  /// if unknown.
  db_expected<std::optional<nlohmann::json>> session_json(std::uint64_t id);
  /// Every session with its events and messages, oldest first, one JSON
  /// object each (`livechat export`).
  db_expected<void>
  each_session(const std::function<void(const nlohmann::json&)>& out);

  sqlite_db& db() noexcept {
    return db_;
  }

private:
  explicit store(sqlite_db db) : db_(std::move(db)) {}
  sqlite_db db_;
};

} // namespace livechat::server
