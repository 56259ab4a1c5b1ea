#include "sim/observer.hpp"

#include "core/session_rules.hpp"

#include <algorithm>

namespace livechat::sim {

std::string_view to_string(session_outcome o) noexcept {
  switch (o) {
    case session_outcome::answered: return "answered";
    case session_outcome::abandoned: return "abandoned";
    case session_outcome::rejected: return "rejected";
    case session_outcome::open: return "open";
  }
  return "?";
}

replication_observer::replication_observer(const directory& dir,
                                           stats::statistics_config config,
                                           std::size_t chats,
                                           std::vector<group_id> groups,
                                           time_bins bins, bool keep_sessions,
                                           bool queues_per_bin)
    : stats_(dir, config),
      bins_(bins),
      keep_sessions_(keep_sessions),
      warmup_end_(config.warmup_end),
      waiting_(chats, binned_level{bins}),
      arrivals_(chats, binned_count{bins}),
      online_(groups.size(), binned_level{bins}),
      busy_(groups.size(), binned_level{bins}),
      tracked_groups_of_(dir.users().size()),
      is_online_(dir.users().size(), false),
      conversations_(chats),
      operator_messages_(dir.users().size(), 0),
      chat_intervals_(queues_per_bin ? chats : 0,
                      std::vector<interval_queue>(bins.count)),
      expert_intervals_(queues_per_bin ? groups.size() : 0,
                        std::vector<interval_queue>(bins.count)),
      groups_(groups) {
  for (std::size_t i = 0; i < groups.size(); ++i)
    for (auto u : dir.get(groups[i]).members)
      tracked_groups_of_[u.value].push_back(i);
}

interval_queue* replication_observer::queue_of(const session_event& e,
                                               bool counted) {
  if (!counted || chat_intervals_.empty())
    return nullptr;
  auto bin = bins_.index_of(e.queued_at);
  if (bin >= bins_.count)
    return nullptr;
  if (!e.expert_group.valid()) {
    if (e.transfers != 0 || e.chat.value >= chat_intervals_.size())
      return nullptr;
    // First-level waits count by arrival (a requeued session keeps it).
    auto arrival_bin = bins_.index_of(e.arrived);
    return arrival_bin < bins_.count
             ? &chat_intervals_[e.chat.value][arrival_bin]
             : nullptr;
  }
  for (std::size_t i = 0; i < groups_.size(); ++i)
    if (groups_[i] == e.expert_group && i < expert_intervals_.size())
      return &expert_intervals_[i][bin];
  return nullptr;
}

void replication_observer::observe(const routing_event& e) {
  std::visit(
    [this](const auto& x) {
      observe(x);
    },
    e);
}

void replication_observer::add_to_groups(std::vector<binned_level>& series,
                                         operator_id op, timestamp at,
                                         double delta) {
  if (!op.valid() || op.value >= tracked_groups_of_.size())
    return;
  for (auto i : tracked_groups_of_[op.value])
    series[i].add(at, delta);
}

void replication_observer::observe(const status_event& e) {
  stats_.observe(e);
  if (e.op.value >= is_online_.size())
    return;
  bool online = e.status == operator_status::online;
  if (online != is_online_[e.op.value]) {
    is_online_[e.op.value] = online;
    add_to_groups(online_, e.op, e.at, online ? 1.0 : -1.0);
  }
}

void replication_observer::count_interval(const session_event& e,
                                          const live_session& s,
                                          stats::queue_step step) {
  using kind = session_event_kind;
  auto* q = queue_of(e, s.track.counted);
  if (q == nullptr)
    return;
  bool first_level = !e.expert_group.valid();
  switch (e.kind) {
    case kind::queued:
      // Arrivals, and transfers entering an expert queue; a requeue
      // continues a wait already offered.
      if (e.reason == transition_reason::arrived
          || (!first_level && e.reason != transition_reason::operator_offline))
        ++q->offered;
      break;
    case kind::assigned:
      if (step == stats::queue_step::first_answer) {
        ++q->answered;
        q->wait.record(e.at - e.queued_at);
      }
      break;
    case kind::abandoned:
      if (step == stats::queue_step::abandoned) {
        ++q->abandoned;
        q->abandon_wait.record(e.at - e.queued_at);
      }
      break;
    case kind::rejected:
      if (e.transfers == 0 || !first_level)
        ++q->offered;
      break;
    case kind::transferred:
    case kind::closed: break;
  }
}

void replication_observer::observe(const session_event& e) {
  using kind = session_event_kind;
  auto it = live_.find(e.session);
  if (it == live_.end()) {
    if (!stats::session_track::starts(e)) {
      stats_.observe(e); // arrived before we started observing
      return;
    }
    live_session fresh;
    fresh.track = stats::session_track::start(e, warmup_end_);
    auto& r = fresh.record;
    r.session = e.session;
    r.chat = e.chat;
    r.customer = e.customer;
    r.arrived = e.arrived;
    r.counted = fresh.track.counted;
    it = live_.emplace(e.session, std::move(fresh)).first;
    if (e.chat.value < arrivals_.size())
      arrivals_[e.chat.value].record(e.arrived);
  }
  auto& s = it->second;
  auto step = stats_.observe(e, s.track);
  auto& rec = s.record;
  // Waiting: in a queue between `queued` and whatever comes next.
  bool waiting_now = e.kind == kind::queued;
  if (waiting_now != s.waiting && e.chat.value < waiting_.size()) {
    waiting_[e.chat.value].add(e.at, waiting_now ? 1.0 : -1.0);
    s.waiting = waiting_now;
  }
  // Holding: who has the session after this event.
  auto holder = holder_after(e);
  if (holder != s.holder) {
    if (s.holder.valid()) {
      add_to_groups(busy_, s.holder, e.at, -1.0);
      rec.handle += e.at - e.assigned_at;
    }
    if (holder.valid())
      add_to_groups(busy_, holder, e.at, 1.0);
    s.holder = holder;
  }
  // Per-interval queue figures: the first wait in each queue.
  count_interval(e, s, step);
  switch (e.kind) {
    case kind::assigned:
      if (rec.outcome == session_outcome::open) {
        rec.outcome = session_outcome::answered;
        rec.wait = e.at - rec.arrived;
        rec.first_operator = e.op;
      }
      break;
    case kind::transferred: ++rec.transfers; break;
    case kind::abandoned:
      if (rec.outcome == session_outcome::open) {
        rec.outcome = session_outcome::abandoned;
        rec.wait = e.at - rec.arrived;
      }
      break;
    case kind::rejected:
      if (rec.outcome == session_outcome::open)
        rec.outcome = session_outcome::rejected;
      break;
    case kind::queued:
    case kind::closed: break;
  }
  if (ends_session(e.kind)) {
    rec.ended = e.at;
    if (keep_sessions_)
      records_.push_back(rec);
    live_.erase(it);
  }
}

double conversation_figures::messages_per_session() const noexcept {
  if (conversations == 0)
    return 0.0;
  return static_cast<double>(conversations + customer_messages
                             + operator_messages)
         / static_cast<double>(conversations);
}

void replication_observer::observe(const chat_message& m) {
  auto it = live_.find(m.session);
  if (it == live_.end())
    return;
  auto& rec = it->second.record;
  bool from_customer = m.from == rec.customer;
  bool first_response = !from_customer && !rec.first_response;
  ++rec.messages;
  if (first_response) {
    ++rec.messages; // the customer's opening message
    rec.first_response = m.at - rec.arrived;
  }
  if (!rec.counted || rec.chat.value >= conversations_.size())
    return;
  auto& c = conversations_[rec.chat.value];
  if (from_customer) {
    ++c.customer_messages;
    return;
  }
  ++c.operator_messages;
  if (m.from.value < operator_messages_.size())
    ++operator_messages_[m.from.value];
  if (first_response) {
    c.first_response.record(*rec.first_response);
    ++c.conversations;
  }
}

void replication_observer::finish(timestamp end) {
  stats_.finish(end);
  for (auto& w : waiting_)
    w.finish(end);
  for (auto& o : online_)
    o.finish(end);
  for (auto& b : busy_)
    b.finish(end);
  if (!keep_sessions_)
    return;
  std::vector<session_record> open;
  for (const auto& [id, s] : live_) {
    open.push_back(s.record);
    open.back().ended = end;
  }
  std::sort(open.begin(), open.end(), [](const auto& a, const auto& b) {
    return a.session < b.session;
  });
  records_.insert(records_.end(), open.begin(), open.end());
}

} // namespace livechat::sim
