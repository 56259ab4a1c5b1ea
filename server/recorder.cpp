#include "server/recorder.hpp"

#include "server/admin_sequencer.hpp"

#include <chrono>
#include <fmt/format.h>
#include <set>

namespace livechat::server {
namespace {

std::string state_after(session_event_kind k) {
  switch (k) {
    case session_event_kind::queued: return "waiting";
    case session_event_kind::assigned: return "assigned";
    case session_event_kind::transferred: return "transferred";
    case session_event_kind::closed: return "closed";
    case session_event_kind::abandoned: return "abandoned";
    case session_event_kind::rejected: return "rejected";
  }
  return "unknown";
}

bool ends(session_event_kind k) {
  return k == session_event_kind::closed || k == session_event_kind::abandoned
         || k == session_event_kind::rejected;
}

std::int64_t millis(duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

std::optional<std::uint32_t> maybe(user_id u) {
  if (!u.valid())
    return std::nullopt;
  return u.value;
}

std::optional<std::uint32_t> maybe(group_id g) {
  if (!g.valid())
    return std::nullopt;
  return g.value;
}

} // namespace

recorder::recorder(store_writer& writer, const catalog& cat)
    : writer_(writer), catalog_(cat) {}

void recorder::set_channel(
  channel_adapter* adapter,
  std::function<std::optional<contact>(user_id)> contact_of) {
  std::lock_guard guard{channel_mutex_};
  adapter_ = adapter;
  contact_of_ = std::move(contact_of);
}

void recorder::detach_channel() {
  std::lock_guard guard{channel_mutex_};
  adapter_ = nullptr;
  contact_of_ = nullptr;
}

std::optional<operator_status> recorder::status_of(operator_id op) const {
  std::lock_guard guard{mutex_};
  auto it = status_.find(op.value);
  if (it == status_.end())
    return std::nullopt;
  return it->second;
}

void recorder::on_event(const routing_event& event) {
  if (const auto* st = std::get_if<status_event>(&event)) {
    std::lock_guard guard{mutex_};
    status_[st->op.value] = st->status;
    return;
  }
  const auto& e = std::get<session_event>(event);
  auto now = wall_ms();
  stored_event rec;
  rec.session = e.session.value;
  rec.chat = e.chat.value;
  rec.customer = e.customer.value;
  rec.at_ms = now;
  rec.arrived_ms = now - millis(e.at - e.arrived);
  rec.kind = std::string{to_string(e.kind)};
  rec.reason = std::string{to_string(e.reason)};
  rec.state = state_after(e.kind);
  rec.actor = maybe(e.actor);
  if (e.kind == session_event_kind::assigned)
    rec.op = maybe(e.op);
  rec.expert_group = maybe(e.expert_group);
  {
    std::lock_guard guard{mutex_};
    if (ends(e.kind)) {
      live_.erase(e.session.value);
      ++ended_[{e.chat.value, rec.state}];
    } else {
      live_[e.session.value] = {e.chat, e.customer, rec.state};
    }
    // Arrival to first assignment; a session restored after a restart
    // arrived before it (its wait is not this runtime's to measure).
    if (e.kind == session_event_kind::assigned && e.transfers == 0
        && e.reason != transition_reason::supervisor_reassign
        && e.reason != transition_reason::restored) {
      auto seconds = to_seconds(e.at - e.arrived);
      for (std::size_t i = 0; i < latency_bounds.size(); ++i)
        if (seconds <= latency_bounds[i])
          ++latency_buckets_[i];
      ++latency_count_;
      latency_sum_ += seconds;
    }
  }
  // The contact first: a stored session's contact is always stored, in
  // the same commit or an earlier one.
  if (e.reason == transition_reason::arrived)
    remember_contact(e.customer);
  writer_.submit(
    [rec](store& s) {
      return s.record_event(rec);
    },
    nullptr);
}

void recorder::remember_contact(user_id customer) {
  if (!contact_of(customer))
    return; // a directory user
  std::optional<contact> who;
  {
    std::lock_guard guard{channel_mutex_};
    if (contact_of_)
      who = contact_of_(customer);
  }
  if (!who)
    return;
  writer_.submit(
    [customer, who = std::move(*who)](store& s) {
      return s.remember_contact(customer.value, who);
    },
    nullptr);
}

void recorder::on_message(const chat_message& m) {
  stored_message rec{m.session.value, m.from.value, wall_ms(), m.text};
  writer_.submit(
    [rec](store& s) {
      return s.record_message(rec);
    },
    nullptr);
  std::optional<user_id> customer;
  {
    std::lock_guard guard{mutex_};
    if (auto it = live_.find(m.session.value); it != live_.end())
      customer = it->second.customer;
  }
  if (!customer || *customer == m.from)
    return; // the customer's own words, or a session already gone
  std::lock_guard guard{channel_mutex_};
  if (adapter_ == nullptr || !contact_of_)
    return;
  if (auto to = contact_of_(*customer))
    adapter_->deliver(*to, m.session, m.from, m.text);
}

bool recorder::is_live(session_id s) const {
  std::lock_guard guard{mutex_};
  return live_.contains(s.value);
}

std::string recorder::metrics() const {
  std::lock_guard guard{mutex_};
  std::string out;
  auto chats = catalog_.chats_json();
  std::map<std::pair<std::uint32_t, std::string>, std::uint64_t> now;
  for (const auto& [id, s] : live_)
    ++now[{s.chat.value, s.state}];
  auto chat_name = [&chats](std::uint32_t id) {
    for (const auto& c : chats)
      if (c["id"] == id)
        return c["name"].get<std::string>();
    return fmt::format("chat-{}", id);
  };
  out += "# HELP livechat_sessions Sessions by chat and state (waiting, "
         "assigned, transferred: now; closed, abandoned, rejected: since "
         "start).\n# TYPE livechat_sessions gauge\n";
  std::set<std::uint32_t> chat_ids;
  for (const auto& c : chats)
    chat_ids.insert(c["id"].get<std::uint32_t>());
  for (auto id : chat_ids)
    for (const char* state : {"waiting", "assigned", "transferred"}) {
      auto it = now.find({id, state});
      out += fmt::format("livechat_sessions{{chat=\"{}\",state=\"{}\"}} {}\n",
                         chat_name(id), state,
                         it == now.end() ? 0 : it->second);
    }
  for (const auto& [key, n] : ended_)
    out += fmt::format("livechat_sessions{{chat=\"{}\",state=\"{}\"}} {}\n",
                       chat_name(key.first), key.second, n);
  out += "# HELP livechat_queue_length Sessions waiting now, by chat.\n"
         "# TYPE livechat_queue_length gauge\n";
  for (auto id : chat_ids) {
    auto it = now.find({id, "waiting"});
    out += fmt::format("livechat_queue_length{{chat=\"{}\"}} {}\n",
                       chat_name(id), it == now.end() ? 0 : it->second);
  }
  out += "# HELP livechat_operators Members of each group by operator "
         "status.\n# TYPE livechat_operators gauge\n";
  for (const auto& g : catalog_.groups_json()) {
    std::map<std::string, int> by_status{
      {"online", 0}, {"away", 0}, {"offline", 0}};
    for (const auto& m : g["members"]) {
      auto it = status_.find(m.get<std::uint32_t>());
      auto st = it == status_.end() ? operator_status::offline : it->second;
      ++by_status[std::string{to_string(st)}];
    }
    for (const auto& [st, n] : by_status)
      out
        += fmt::format("livechat_operators{{group=\"{}\",status=\"{}\"}} {}\n",
                       g["name"].get<std::string>(), st, n);
  }
  out += "# HELP livechat_routing_latency_seconds Wall time from a session's "
         "arrival to its first assignment.\n"
         "# TYPE livechat_routing_latency_seconds histogram\n";
  for (std::size_t i = 0; i < latency_bounds.size(); ++i)
    out += fmt::format(
      "livechat_routing_latency_seconds_bucket{{le=\"{}\"}} {}\n",
      latency_bounds[i], latency_buckets_[i]);
  out
    += fmt::format("livechat_routing_latency_seconds_bucket{{le=\"+Inf\"}} {}\n"
                   "livechat_routing_latency_seconds_sum {}\n"
                   "livechat_routing_latency_seconds_count {}\n",
                   latency_count_, latency_sum_, latency_count_);
  return out;
}

} // namespace livechat::server
