#include "server/store/store.hpp"

#include "server/store/schema.hpp"

namespace livechat::server {
namespace {

sqlite_error corrupt(std::string_view what, std::int64_t seq) {
  return {std::string{"the database holds a malformed "} + std::string{what}
          + " (row " + std::to_string(seq) + ")"};
}

} // namespace

db_expected<store> store::open(const std::string& path) {
  auto db = sqlite_db::open(path);
  if (!db)
    return db.error();
  if (auto migrated = migrate(*db); !migrated)
    return migrated.error();
  return store{std::move(*db)};
}

db_expected<std::optional<nlohmann::json>> store::origin() {
  auto st = db_.prepare("SELECT definition FROM workspace_origin WHERE id = 1");
  if (!st)
    return st.error();
  auto row = st->step();
  if (!row)
    return row.error();
  if (!*row)
    return std::optional<nlohmann::json>{};
  auto parsed = nlohmann::json::parse(st->column_text(0), nullptr, false);
  if (parsed.is_discarded())
    return corrupt("workspace origin", 1);
  return std::optional<nlohmann::json>{std::move(parsed)};
}

db_expected<void> store::set_origin(const nlohmann::json& origin,
                                    std::int64_t now_ms) {
  auto st = db_.prepare("INSERT INTO workspace_origin(id, definition, "
                        "created_ms) VALUES (1, ?1, ?2)");
  if (!st)
    return st.error();
  return st->bind(1, origin.dump()).bind(2, now_ms).run();
}

db_expected<void> store::append_change(const logged_change& c) {
  auto st = db_.prepare("INSERT INTO admin_changes(seq, at_ms, actor, change, "
                        "created) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!st)
    return st.error();
  return st->bind(1, c.seq)
    .bind(2, c.at_ms)
    .bind(3, static_cast<std::int64_t>(c.actor.value))
    .bind(4, c.change.dump())
    .bind(5, c.created.dump())
    .run();
}

db_expected<std::vector<logged_change>> store::changes() {
  auto st = db_.prepare("SELECT seq, at_ms, actor, change, created FROM "
                        "admin_changes ORDER BY seq");
  if (!st)
    return st.error();
  std::vector<logged_change> out;
  for (;;) {
    auto row = st->step();
    if (!row)
      return row.error();
    if (!*row)
      break;
    logged_change c;
    c.seq = st->column_int(0);
    c.at_ms = st->column_int(1);
    c.actor = user_id{static_cast<std::uint32_t>(st->column_int(2))};
    c.change = nlohmann::json::parse(st->column_text(3), nullptr, false);
    c.created = nlohmann::json::parse(st->column_text(4), nullptr, false);
    if (c.change.is_discarded() || c.created.is_discarded())
      return corrupt("administration log entry", c.seq);
    out.push_back(std::move(c));
  }
  return out;
}

db_expected<void> store::add_token(const std::string& hash, user_id user,
                                   std::int64_t now_ms) {
  auto st = db_.prepare(
    "INSERT INTO tokens(hash, user_id, created_ms) VALUES (?1, ?2, ?3)");
  if (!st)
    return st.error();
  return st->bind(1, hash)
    .bind(2, static_cast<std::int64_t>(user.value))
    .bind(3, now_ms)
    .run();
}

db_expected<std::int64_t> store::revoke_tokens(user_id user,
                                               std::int64_t now_ms) {
  auto st = db_.prepare("UPDATE tokens SET revoked_ms = ?1 WHERE user_id = ?2 "
                        "AND revoked_ms IS NULL");
  if (!st)
    return st.error();
  if (auto done = st->bind(1, now_ms)
                    .bind(2, static_cast<std::int64_t>(user.value))
                    .run();
      !done)
    return done.error();
  auto count = db_.prepare("SELECT changes()");
  if (!count)
    return count.error();
  if (auto row = count->step(); !row)
    return row.error();
  return count->column_int(0);
}

db_expected<std::vector<stored_token>> store::live_tokens() {
  auto st = db_.prepare(
    "SELECT hash, user_id FROM tokens WHERE revoked_ms IS NULL ORDER BY rowid");
  if (!st)
    return st.error();
  std::vector<stored_token> out;
  for (;;) {
    auto row = st->step();
    if (!row)
      return row.error();
    if (!*row)
      break;
    out.push_back({st->column_text(0),
                   user_id{static_cast<std::uint32_t>(st->column_int(1))}});
  }
  return out;
}

} // namespace livechat::server
