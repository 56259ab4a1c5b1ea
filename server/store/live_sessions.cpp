// The sessions live when the server stopped, read back to route them again
// after a restart (store::live_sessions in server/store/store.hpp).
//
// Serving order is rebuilt from the event log's sequence numbers, which
// grow across restarts (the runtime's clock does not: each start begins
// at zero). The router serves a queue by (rank, since, order): requeued
// sessions first, by arrival; then the rest by when they entered the
// queue. Restoring in that order gives every queue its order back.
#include "server/store/store.hpp"

#include <algorithm>
#include <tuple>

namespace livechat::server {

namespace {

std::optional<std::uint32_t> optional_id(const sqlite_statement& st,
                                         int index) {
  if (st.column_is_null(index))
    return std::nullopt;
  return static_cast<std::uint32_t>(st.column_int(index));
}

/// A live session and where it goes in the restore order.
struct ordered {
  stored_live_session s;
  /// 0: requeued, 1: any other waiting one, 2: held.
  int rank = 1;
  std::int64_t key = 0;
};

/// Fills in the queue, reason and order of `o` from its events.
db_expected<void> read_steps(sqlite_db& db, ordered& o) {
  auto events = db.prepare(
    "SELECT seq, kind, reason, expert_group FROM session_events "
    "WHERE session = ?1 ORDER BY seq");
  if (!events)
    return events.error();
  events->bind(1, static_cast<std::int64_t>(o.s.id));
  std::int64_t first = -1;
  std::int64_t queued_at = 0;
  for (;;) {
    auto row = events->step();
    if (!row)
      return row.error();
    if (!*row)
      break;
    auto seq = events->column_int(0);
    if (first < 0)
      first = seq;
    auto kind = events->column_text(1);
    auto reason = events->column_text(2);
    if (kind == "queued" || kind == "assigned")
      o.s.expert_group = optional_id(*events, 3);
    if (kind == "queued" && reason != "restored") {
      o.s.queued_because = reason;
      queued_at = seq;
    }
  }
  if (o.s.holder) {
    o.rank = 2;
    o.key = static_cast<std::int64_t>(o.s.id);
  } else if (o.s.queued_because == "operator_offline") {
    o.rank = 0;
    o.key = first;
  } else {
    o.key = queued_at;
  }
  return {};
}

db_expected<void> read_messages(sqlite_db& db, stored_live_session& s) {
  auto messages = db.prepare("SELECT author, at_ms, text FROM messages "
                             "WHERE session = ?1 ORDER BY seq");
  if (!messages)
    return messages.error();
  messages->bind(1, static_cast<std::int64_t>(s.id));
  for (;;) {
    auto row = messages->step();
    if (!row)
      return row.error();
    if (!*row)
      return {};
    s.messages.push_back(
      {.session = s.id,
       .author = static_cast<std::uint32_t>(messages->column_int(0)),
       .at_ms = messages->column_int(1),
       .text = messages->column_text(2)});
  }
}

} // namespace

db_expected<void> store::remember_contact(std::uint32_t customer,
                                          const contact& who) {
  auto st = db_.prepare("INSERT OR IGNORE INTO contacts(customer, channel, "
                        "address) VALUES (?1, ?2, ?3)");
  if (!st)
    return st.error();
  return st->bind(1, std::int64_t{customer})
    .bind(2, who.channel)
    .bind(3, who.address)
    .run();
}

db_expected<std::vector<std::pair<std::uint32_t, contact>>> store::contacts() {
  auto st = db_.prepare(
    "SELECT customer, channel, address FROM contacts ORDER BY customer");
  if (!st)
    return st.error();
  std::vector<std::pair<std::uint32_t, contact>> out;
  for (;;) {
    auto row = st->step();
    if (!row)
      return row.error();
    if (!*row)
      return out;
    out.emplace_back(static_cast<std::uint32_t>(st->column_int(0)),
                     contact{st->column_text(1), st->column_text(2)});
  }
}

db_expected<std::vector<stored_live_session>> store::live_sessions() {
  // A session caught between its switch and its expert queue (its events
  // split across two commits) is `transferred`: it waits again.
  auto rows = db_.prepare(
    "SELECT id, chat, customer, state, operator FROM sessions "
    "WHERE state IN ('waiting', 'transferred', 'assigned') ORDER BY id");
  if (!rows)
    return rows.error();
  std::vector<ordered> found;
  for (;;) {
    auto row = rows->step();
    if (!row)
      return row.error();
    if (!*row)
      break;
    ordered o;
    o.s.id = static_cast<std::uint64_t>(rows->column_int(0));
    o.s.chat = static_cast<std::uint32_t>(rows->column_int(1));
    o.s.customer = static_cast<std::uint32_t>(rows->column_int(2));
    if (rows->column_text(3) == "assigned")
      o.s.holder = optional_id(*rows, 4);
    found.push_back(std::move(o));
  }
  for (auto& o : found) {
    if (auto ok = read_steps(db_, o); !ok)
      return ok.error();
    if (auto ok = read_messages(db_, o.s); !ok)
      return ok.error();
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const ordered& a, const ordered& b) {
                     return std::tie(a.rank, a.key) < std::tie(b.rank, b.key);
                   });
  std::vector<stored_live_session> out;
  out.reserve(found.size());
  for (auto& o : found)
    out.push_back(std::move(o.s));
  return out;
}

} // namespace livechat::server
