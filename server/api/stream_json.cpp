#include "server/api/stream_json.hpp"

#include <chrono>

namespace livechat::server {
namespace {

std::int64_t millis(timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           t.time_since_epoch())
    .count();
}

nlohmann::json id_or_null(user_id u) {
  return u.valid() ? nlohmann::json(u.value) : nlohmann::json(nullptr);
}

nlohmann::json id_or_null(group_id g) {
  return g.valid() ? nlohmann::json(g.value) : nlohmann::json(nullptr);
}

nlohmann::json sessions_json(const std::vector<session_id>& ids) {
  auto out = nlohmann::json::array();
  for (auto s : ids)
    out.push_back(s.value);
  return out;
}

struct render {
  nlohmann::json operator()(const chat_snapshot& s) const {
    return snapshot_json(s);
  }
  nlohmann::json operator()(const operator_view& v) const {
    return {{"type", "operator_view"},
            {"status", to_string(v.status)},
            {"sessions", sessions_json(v.sessions)}};
  }
  nlohmann::json operator()(const session_view& v) const {
    return {{"type", "session_view"},
            {"session", v.id.value},
            {"chat", v.chat.value},
            {"state", to_string(v.state)},
            {"operator", id_or_null(v.op)}};
  }
  nlohmann::json operator()(const session_event& e) const {
    return {{"type", "session_event"},
            {"kind", to_string(e.kind)},
            {"session", e.session.value},
            {"chat", e.chat.value},
            {"customer", e.customer.value},
            {"reason", to_string(e.reason)},
            {"actor", id_or_null(e.actor)},
            {"operator", id_or_null(e.op)},
            {"expert_group", id_or_null(e.expert_group)},
            {"previous_operator", id_or_null(e.previous_op)},
            {"via_group", id_or_null(e.via_group)},
            {"target_user", id_or_null(e.target_user)},
            {"transfers", e.transfers},
            {"arrived_ms", millis(e.arrived)},
            {"queued_ms", millis(e.queued_at)},
            {"assigned_ms", millis(e.assigned_at)},
            {"at_ms", millis(e.at)}};
  }
  nlohmann::json operator()(const status_event& e) const {
    return {{"type", "status_event"},
            {"operator", e.op.value},
            {"status", to_string(e.status)},
            {"capacity", e.capacity},
            {"at_ms", millis(e.at)}};
  }
  nlohmann::json operator()(const chat_message& m) const {
    return {{"type", "message"},
            {"session", m.session.value},
            {"from", m.from.value},
            {"text", m.text},
            {"at_ms", millis(m.at)}};
  }
  nlohmann::json operator()(const transcript& t) const {
    auto messages = nlohmann::json::array();
    for (const auto& m : t.messages)
      messages.push_back((*this)(m));
    return {{"type", "transcript"},
            {"session", t.session.value},
            {"messages", messages},
            {"dropped", t.dropped}};
  }
  nlohmann::json operator()(const queue_standing& q) const {
    nlohmann::json out{{"type", "queue_standing"},
                       {"session", q.session.value},
                       {"position", q.position},
                       {"waiting", q.waiting}};
    out["expected_wait_seconds"]
      = q.expected_wait ? nlohmann::json(to_seconds(*q.expected_wait))
                        : nlohmann::json(nullptr);
    return out;
  }
};

} // namespace

nlohmann::json stream_item_json(const stream_item& item) {
  return std::visit(render{}, item);
}

nlohmann::json snapshot_json(const chat_snapshot& s) {
  auto waiting = nlohmann::json::array();
  for (const auto& w : s.waiting)
    waiting.push_back({{"session", w.id.value},
                       {"customer", w.customer.value},
                       {"arrived_ms", millis(w.arrived)},
                       {"queued_ms", millis(w.queued_at)},
                       {"expert_group", id_or_null(w.expert_group)},
                       {"expert", id_or_null(w.target_user)}});
  auto operators = nlohmann::json::array();
  for (const auto& o : s.operators)
    operators.push_back({{"id", o.id.value},
                         {"status", to_string(o.status)},
                         {"load", o.load},
                         {"sessions", sessions_json(o.sessions)}});
  return {{"type", "chat_snapshot"},
          {"chat", s.chat.value},
          {"waiting", waiting},
          {"operators", operators}};
}

} // namespace livechat::server
