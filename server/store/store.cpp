#include "server/store/store.hpp"

#include "server/json_codec.hpp"
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
  return st->bind(1, to_text(origin)).bind(2, now_ms).run();
}

db_expected<void> store::append_change(const logged_change& c) {
  auto st = db_.prepare("INSERT INTO admin_changes(seq, at_ms, actor, change, "
                        "created) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!st)
    return st.error();
  return st->bind(1, c.seq)
    .bind(2, c.at_ms)
    .bind(3, static_cast<std::int64_t>(c.actor.value))
    .bind(4, to_text(c.change))
    .bind(5, to_text(c.created))
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

namespace {

void bind_optional(sqlite_statement& st, int index,
                   const std::optional<std::uint32_t>& v) {
  if (v)
    st.bind(index, static_cast<std::int64_t>(*v));
  else
    st.bind_null(index);
}

nlohmann::json optional_column(const sqlite_statement& st, int index) {
  if (st.column_is_null(index))
    return nullptr;
  return st.column_int(index);
}

} // namespace

db_expected<void> store::record_event(const stored_event& e) {
  auto row = db_.prepare(
    "INSERT INTO sessions(id, chat, customer, state, operator, arrived_ms, "
    "updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT(id) DO UPDATE SET state = excluded.state, "
    "operator = excluded.operator, updated_ms = excluded.updated_ms");
  if (!row)
    return row.error();
  row->bind(1, static_cast<std::int64_t>(e.session))
    .bind(2, static_cast<std::int64_t>(e.chat))
    .bind(3, static_cast<std::int64_t>(e.customer))
    .bind(4, e.state);
  bind_optional(*row, 5, e.op);
  row->bind(6, e.arrived_ms).bind(7, e.at_ms);
  if (auto done = row->run(); !done)
    return done;
  auto ev = db_.prepare(
    "INSERT INTO session_events(session, at_ms, kind, reason, actor, "
    "operator, expert_group) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!ev)
    return ev.error();
  ev->bind(1, static_cast<std::int64_t>(e.session))
    .bind(2, e.at_ms)
    .bind(3, e.kind)
    .bind(4, e.reason);
  bind_optional(*ev, 5, e.actor);
  bind_optional(*ev, 6, e.op);
  bind_optional(*ev, 7, e.expert_group);
  return ev->run();
}

db_expected<void> store::record_message(const stored_message& m) {
  auto st = db_.prepare("INSERT INTO messages(session, author, at_ms, text) "
                        "VALUES (?1, ?2, ?3, ?4)");
  if (!st)
    return st.error();
  return st->bind(1, static_cast<std::int64_t>(m.session))
    .bind(2, static_cast<std::int64_t>(m.author))
    .bind(3, m.at_ms)
    .bind(4, m.text)
    .run();
}

db_expected<std::uint64_t> store::max_session_id() {
  auto st = db_.prepare("SELECT coalesce(max(id), 0) FROM sessions");
  if (!st)
    return st.error();
  if (auto row = st->step(); !row)
    return row.error();
  return static_cast<std::uint64_t>(st->column_int(0));
}

db_expected<std::optional<nlohmann::json>>
store::session_json(std::uint64_t id) {
  auto st = db_.prepare("SELECT chat, customer, state, operator, arrived_ms, "
                        "updated_ms FROM sessions WHERE id = ?1");
  if (!st)
    return st.error();
  st->bind(1, static_cast<std::int64_t>(id));
  auto row = st->step();
  if (!row)
    return row.error();
  if (!*row)
    return std::optional<nlohmann::json>{};
  nlohmann::json out{{"id", id},
                     {"chat", st->column_int(0)},
                     {"customer", st->column_int(1)},
                     {"state", st->column_text(2)},
                     {"operator", optional_column(*st, 3)},
                     {"arrived_ms", st->column_int(4)},
                     {"updated_ms", st->column_int(5)}};
  auto events = db_.prepare(
    "SELECT at_ms, kind, reason, actor, operator, expert_group FROM "
    "session_events WHERE session = ?1 ORDER BY seq");
  if (!events)
    return events.error();
  events->bind(1, static_cast<std::int64_t>(id));
  out["events"] = nlohmann::json::array();
  for (;;) {
    auto r = events->step();
    if (!r)
      return r.error();
    if (!*r)
      break;
    out["events"].push_back({{"at_ms", events->column_int(0)},
                             {"kind", events->column_text(1)},
                             {"reason", events->column_text(2)},
                             {"actor", optional_column(*events, 3)},
                             {"operator", optional_column(*events, 4)},
                             {"expert_group", optional_column(*events, 5)}});
  }
  auto messages = db_.prepare("SELECT author, at_ms, text FROM messages "
                              "WHERE session = ?1 ORDER BY seq");
  if (!messages)
    return messages.error();
  messages->bind(1, static_cast<std::int64_t>(id));
  out["messages"] = nlohmann::json::array();
  for (;;) {
    auto r = messages->step();
    if (!r)
      return r.error();
    if (!*r)
      break;
    out["messages"].push_back({{"author", messages->column_int(0)},
                               {"at_ms", messages->column_int(1)},
                               {"text", messages->column_text(2)}});
  }
  return std::optional<nlohmann::json>{std::move(out)};
}

db_expected<void>
store::each_session(const std::function<void(const nlohmann::json&)>& out) {
  auto ids = db_.prepare("SELECT id FROM sessions ORDER BY id");
  if (!ids)
    return ids.error();
  for (;;) {
    auto r = ids->step();
    if (!r)
      return r.error();
    if (!*r)
      break;
    auto s = session_json(static_cast<std::uint64_t>(ids->column_int(0)));
    if (!s)
      return s.error();
    if (*s)
      out(**s);
  }
  return {};
}

} // namespace livechat::server
