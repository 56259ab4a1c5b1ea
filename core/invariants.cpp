#include "core/invariants.hpp"

#include <algorithm>

namespace livechat {

invariant_checker::operator_track& invariant_checker::op(operator_id id) {
  if (id.value >= operators_.size())
    operators_.resize(id.value + 1);
  return operators_[id.value];
}

void invariant_checker::fail(const session_event& e, const std::string& what) {
  violations_.push_back("session " + std::to_string(e.session.value) + " "
                        + std::string{to_string(e.kind)} + " at "
                        + std::to_string(e.at.time_since_epoch().count())
                        + " ns: " + what);
}

void invariant_checker::release(const session_event& e, operator_id from) {
  auto& s = sessions_[e.session];
  if (s.holder != from) {
    fail(e, "operator " + std::to_string(from.value)
              + " released a session it does not hold");
    return;
  }
  s.holder = {};
  if (--op(from).load < 0)
    fail(e, "operator " + std::to_string(from.value) + " load below zero");
}

bool invariant_checker::has_ended(session_id id) const {
  if (id.value < dense_limit)
    return id.value < ended_dense_.size() && ended_dense_[id.value];
  return ended_sparse_.contains(id.value);
}

void invariant_checker::mark_ended(session_id id) {
  if (id.value >= dense_limit) {
    ended_sparse_.insert(id.value);
    return;
  }
  if (id.value >= ended_dense_.size())
    ended_dense_.resize(
      std::max<std::size_t>(id.value + 1, 2 * ended_dense_.size()));
  ended_dense_[id.value] = true;
}

void invariant_checker::observe(const routing_event& ev) {
  if (const auto* st = std::get_if<status_event>(&ev)) {
    op(st->op).capacity = st->capacity;
    return;
  }
  const auto& e = std::get<session_event>(ev);
  if (has_ended(e.session)) {
    fail(e, "event after the session ended");
    return;
  }
  if (sessions_.try_emplace(e.session).second)
    ++seen_;
  using kind = session_event_kind;
  switch (e.kind) {
    case kind::assigned: {
      if (e.previous_op.valid())
        release(e, e.previous_op);
      auto& s = sessions_[e.session];
      if (s.holder.valid()) {
        fail(e, "assigned to operator " + std::to_string(e.op.value)
                  + " while operator " + std::to_string(s.holder.value)
                  + " holds it");
        break;
      }
      s.holder = e.op;
      auto& o = op(e.op);
      if (++o.load > o.capacity)
        fail(e, "operator " + std::to_string(e.op.value) + " holds "
                  + std::to_string(o.load) + " sessions, capacity "
                  + std::to_string(o.capacity));
      break;
    }
    case kind::transferred:
    case kind::queued:
      if (e.op.valid())
        release(e, e.op);
      break;
    case kind::closed:
      if (e.op.valid())
        release(e, e.op);
      [[fallthrough]];
    case kind::abandoned:
    case kind::rejected: {
      auto& s = sessions_[e.session];
      if (s.holder.valid())
        fail(e, "ended while operator " + std::to_string(s.holder.value)
                  + " still holds it");
      sessions_.erase(e.session);
      mark_ended(e.session);
      ++ended_;
      break;
    }
  }
}

std::vector<session_id> invariant_checker::open_sessions() const {
  std::vector<session_id> out;
  for (const auto& [id, s] : sessions_)
    out.push_back(id);
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace livechat
