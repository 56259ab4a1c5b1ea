// The database schema and its migrations.
//
// The schema is versioned by `PRAGMA user_version`. Each migration takes the
// database from version N-1 to N in one transaction; `migrate` runs the
// missing ones in order, so a database written by any earlier release opens
// in this one. A database newer than this program is refused, untouched.
//
// Contract for whoever changes the schema: never edit a shipped migration;
// append one. tests/server/schema_test.cpp builds a database at every past
// version and checks that migrating it keeps its rows.
#pragma once

#include "server/store/sqlite.hpp"

#include <cstdint>
#include <span>
#include <string_view>

namespace livechat::server {

struct migration {
  std::int64_t version;
  std::string_view what;
  std::string_view sql;
};

/// Every migration, oldest first (`version` runs 1, 2, ...).
std::span<const migration> migrations() noexcept;

/// The version this program writes.
std::int64_t schema_version() noexcept;

/// Brings `db` to `target` (default: the latest). Refuses a database whose
/// version is above `schema_version()`.
db_expected<void> migrate(sqlite_db& db, std::int64_t target = -1);

} // namespace livechat::server
