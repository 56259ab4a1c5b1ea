// A thin RAII layer over SQLite's C API: a connection, prepared statements
// and transactions, with errors as values that name the statement.
//
// Only what the store needs; no ORM. Every failure carries SQLite's message
// and the SQL that failed, so a store error says what and where.
//
// Example:
//   auto db = livechat::server::sqlite_db::open("livechat.db");
//   if (!db) return db.error();              // "unable to open database ..."
//   auto st = db->prepare("INSERT INTO users(id, name) VALUES (?1, ?2)");
//   st->bind(1, std::int64_t{7}).bind(2, "anna");
//   if (auto done = st->run(); !done) ...    // done.error() names the SQL
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

struct sqlite3;
struct sqlite3_stmt;

namespace livechat::server {

/// A failed SQLite call: its message, and the SQL it ran (if any).
struct sqlite_error {
  std::string message;
};

/// Either a value or a `sqlite_error`.
template <class T>
class [[nodiscard]] db_expected {
public:
  db_expected(T value) : data_(std::move(value)) {}
  db_expected(sqlite_error e) : data_(std::move(e)) {}
  explicit operator bool() const noexcept {
    return data_.index() == 0;
  }
  T& operator*() {
    return std::get<0>(data_);
  }
  T* operator->() {
    return &std::get<0>(data_);
  }
  const sqlite_error& error() const {
    return std::get<1>(data_);
  }

private:
  std::variant<T, sqlite_error> data_;
};

template <>
class [[nodiscard]] db_expected<void> {
public:
  db_expected() = default;
  db_expected(sqlite_error e) : error_(std::move(e)) {}
  explicit operator bool() const noexcept {
    return !error_;
  }
  const sqlite_error& error() const {
    return *error_;
  }

private:
  std::optional<sqlite_error> error_;
};

/// A prepared statement. Bind parameters (1-based), then `step` through rows
/// or `run` it once. Reset after use so it can run again.
class sqlite_statement {
public:
  sqlite_statement(sqlite3* db, sqlite3_stmt* stmt) noexcept
      : db_(db), stmt_(stmt) {}
  ~sqlite_statement();
  sqlite_statement(sqlite_statement&& other) noexcept;
  sqlite_statement& operator=(sqlite_statement&&) = delete;
  sqlite_statement(const sqlite_statement&) = delete;

  sqlite_statement& bind(int index, std::int64_t value);
  sqlite_statement& bind(int index, std::string_view text);
  sqlite_statement& bind_null(int index);

  /// One step: true while a row is available, false when done.
  db_expected<bool> step();
  /// Runs to completion, ignoring rows (INSERT, UPDATE, DDL).
  db_expected<void> run();
  /// Resets to run again with new bindings.
  void reset();

  std::int64_t column_int(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;

private:
  sqlite_error error(std::string_view what) const;
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

/// One connection. Not thread-safe: one thread uses it at a time.
class sqlite_db {
public:
  /// Opens (creating if needed) the database file at `path`, in WAL mode,
  /// with `synchronous = FULL` (a committed transaction survives a crash of
  /// the process and of the machine) and foreign keys on.
  static db_expected<sqlite_db> open(const std::string& path);

  ~sqlite_db();
  sqlite_db(sqlite_db&& other) noexcept;
  sqlite_db& operator=(sqlite_db&&) = delete;
  sqlite_db(const sqlite_db&) = delete;

  /// Runs one or more statements without results.
  db_expected<void> exec(std::string_view sql);
  db_expected<sqlite_statement> prepare(std::string_view sql);

  /// The value of `PRAGMA user_version` (the schema version).
  db_expected<std::int64_t> user_version();

  db_expected<void> begin() {
    return exec("BEGIN IMMEDIATE");
  }
  db_expected<void> commit() {
    return exec("COMMIT");
  }
  /// Rolls back if a transaction is open; never fails loudly.
  void rollback() noexcept;

  sqlite3* handle() noexcept {
    return db_;
  }

private:
  explicit sqlite_db(sqlite3* db) noexcept : db_(db) {}
  sqlite3* db_;
};

} // namespace livechat::server
