#include "server/store/schema.hpp"

#include <array>
#include <fmt/format.h>

namespace livechat::server {
namespace {

// Times are milliseconds since the Unix epoch (wall clock of the server).
constexpr std::array all_migrations{
  migration{1, "workspace, administration log and tokens",
            R"sql(
CREATE TABLE workspace_origin (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  definition  TEXT NOT NULL,       -- JSON: users, groups, live chats at start
  created_ms  INTEGER NOT NULL
);
-- Every accepted run-time change, in the order the runtime applied it.
-- Replaying them on the origin rebuilds the directory and the live chats
-- with the same ids.
CREATE TABLE admin_changes (
  seq         INTEGER PRIMARY KEY,
  at_ms       INTEGER NOT NULL,
  actor       INTEGER NOT NULL,
  change      TEXT NOT NULL,        -- JSON (server/json_codec.hpp)
  created     TEXT NOT NULL         -- JSON: the id the change created, or null
);
-- Bearer tokens, stored as SHA-256 hashes: the database never holds a
-- usable token.
CREATE TABLE tokens (
  hash        TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL,
  created_ms  INTEGER NOT NULL,
  revoked_ms  INTEGER
);
CREATE INDEX tokens_by_user ON tokens(user_id);
)sql"},
  migration{2, "sessions, their events and messages",
            R"sql(
-- One row per session, kept up to date from the routing events. `id` is
-- the runtime's session id (unique across restarts: a restarted runtime
-- numbers new sessions above the largest stored one).
CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY,
  chat         INTEGER NOT NULL,
  customer     INTEGER NOT NULL,
  state        TEXT NOT NULL,      -- waiting, assigned, closed, ...
  operator     INTEGER,            -- the holder while assigned
  arrived_ms   INTEGER NOT NULL,
  updated_ms   INTEGER NOT NULL
);
CREATE INDEX sessions_by_state ON sessions(state, id);
-- Every step of every session, in the order the routing domain took them.
CREATE TABLE session_events (
  seq          INTEGER PRIMARY KEY,
  session      INTEGER NOT NULL REFERENCES sessions(id),
  at_ms        INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  reason       TEXT NOT NULL,
  actor        INTEGER,
  operator     INTEGER,
  expert_group INTEGER
);
CREATE INDEX session_events_by_session ON session_events(session, seq);
CREATE TABLE messages (
  seq          INTEGER PRIMARY KEY,
  session      INTEGER NOT NULL REFERENCES sessions(id),
  author       INTEGER NOT NULL,
  at_ms        INTEGER NOT NULL,
  text         TEXT NOT NULL
);
CREATE INDEX messages_by_session ON messages(session, seq);
)sql"},
  migration{3, "external customers' contacts",
            R"sql(
-- The messenger contact behind each external customer id, so that a
-- restarted server numbers contacts as before: replies to a session kept
-- across the restart reach the same person.
CREATE TABLE contacts (
  customer     INTEGER PRIMARY KEY,
  channel      TEXT NOT NULL,
  address      TEXT NOT NULL
);
)sql"},
};

} // namespace

std::span<const migration> migrations() noexcept {
  return all_migrations;
}

std::int64_t schema_version() noexcept {
  return all_migrations.back().version;
}

db_expected<void> migrate(sqlite_db& db, std::int64_t target) {
  if (target < 0)
    target = schema_version();
  auto current = db.user_version();
  if (!current)
    return current.error();
  if (*current > schema_version())
    return sqlite_error{fmt::format(
      "the database has schema version {}, newer than this program's {}: "
      "use a newer livechat",
      *current, schema_version())};
  for (const auto& m : all_migrations) {
    if (m.version <= *current || m.version > target)
      continue;
    if (auto began = db.begin(); !began)
      return began.error();
    auto applied = db.exec(m.sql);
    if (applied)
      applied = db.exec(fmt::format("PRAGMA user_version = {}", m.version));
    if (applied)
      applied = db.commit();
    if (!applied) {
      db.rollback();
      return sqlite_error{fmt::format("migration to schema version {} ({}): {}",
                                      m.version, m.what,
                                      applied.error().message)};
    }
  }
  return {};
}

} // namespace livechat::server
