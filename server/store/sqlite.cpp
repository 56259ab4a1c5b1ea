#include "server/store/sqlite.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

namespace livechat::server {

// -- statements ---------------------------------------------------------------

sqlite_statement::~sqlite_statement() {
  if (stmt_ != nullptr)
    sqlite3_finalize(stmt_);
}

sqlite_statement::sqlite_statement(sqlite_statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_) {
  other.stmt_ = nullptr;
}

sqlite_statement& sqlite_statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

sqlite_statement& sqlite_statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

sqlite_statement& sqlite_statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

db_expected<bool> sqlite_statement::step() {
  switch (sqlite3_step(stmt_)) {
    case SQLITE_ROW: return true;
    case SQLITE_DONE: return false;
    default: return error("step");
  }
}

db_expected<void> sqlite_statement::run() {
  for (;;) {
    auto row = step();
    if (!row) {
      auto e = row.error();
      reset();
      return e;
    }
    if (!*row)
      break;
  }
  reset();
  return {};
}

void sqlite_statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t sqlite_statement::column_int(int index) const {
  return sqlite3_column_int64(stmt_, index);
}

std::string sqlite_statement::column_text(int index) const {
  auto* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr)
    return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index))};
}

bool sqlite_statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

sqlite_error sqlite_statement::error(std::string_view what) const {
  return {fmt::format("sqlite {}: {} (in: {})", what, sqlite3_errmsg(db_),
                      sqlite3_sql(stmt_))};
}

// -- connections --------------------------------------------------------------

db_expected<sqlite_db> sqlite_db::open(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(
    path.c_str(), &raw,
    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    sqlite_error e{fmt::format("cannot open database '{}': {}", path,
                               raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc))};
    sqlite3_close(raw);
    return e;
  }
  sqlite_db db{raw};
  auto named = [&path](const sqlite_error& e) {
    return sqlite_error{fmt::format("database '{}': {}", path, e.message)};
  };
  // Another process (a second server, `livechat export`) may hold a lock for
  // a moment: wait rather than fail at once.
  sqlite3_busy_timeout(raw, 5000);
  auto wal = db.prepare("PRAGMA journal_mode=WAL");
  if (!wal)
    return named(wal.error());
  auto row = wal->step();
  if (!row)
    return named(row.error());
  if (!*row || wal->column_text(0) != "wal")
    return named({"cannot switch to WAL mode"});
  if (auto set = db.exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON");
      !set)
    return named(set.error());
  return db;
}

sqlite_db::~sqlite_db() {
  if (db_ != nullptr)
    sqlite3_close_v2(db_);
}

sqlite_db::sqlite_db(sqlite_db&& other) noexcept : db_(other.db_) {
  other.db_ = nullptr;
}

db_expected<void> sqlite_db::exec(std::string_view sql) {
  std::string text{sql};
  char* message = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message)
      != SQLITE_OK) {
    sqlite_error e{fmt::format("sqlite: {} (in: {})",
                               message ? message : sqlite3_errmsg(db_), sql)};
    sqlite3_free(message);
    return e;
  }
  return {};
}

db_expected<sqlite_statement> sqlite_db::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt,
                         nullptr)
      != SQLITE_OK)
    return sqlite_error{
      fmt::format("sqlite prepare: {} (in: {})", sqlite3_errmsg(db_), sql)};
  return sqlite_statement{db_, stmt};
}

db_expected<std::int64_t> sqlite_db::user_version() {
  auto st = prepare("PRAGMA user_version");
  if (!st)
    return st.error();
  auto row = st->step();
  if (!row)
    return row.error();
  return st->column_int(0);
}

void sqlite_db::rollback() noexcept {
  if (sqlite3_get_autocommit(db_) == 0)
    (void)exec("ROLLBACK");
}

} // namespace livechat::server
