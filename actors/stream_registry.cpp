#include "actors/stream_registry.hpp"

#include "core/session_rules.hpp"

#include <algorithm>

namespace livechat::actors {

stream_registry::~stream_registry() {
  auto stop = [](list& l) {
    for (auto& s : l)
      s->finish(stream_end::stopped);
  };
  for (auto& l : by_chat_)
    stop(l);
  for (auto& [op, l] : by_operator_)
    stop(l);
  for (auto& [id, l] : by_session_)
    stop(l);
}

void stream_registry::watch_chat(chat_id local_chat, stream_ptr s) {
  if (local_chat.value >= by_chat_.size())
    by_chat_.resize(local_chat.value + 1);
  by_chat_[local_chat.value].push_back(std::move(s));
}

void stream_registry::watch_operator(user_id op, stream_ptr s) {
  by_operator_[op].push_back(std::move(s));
}

void stream_registry::watch_session(session_id id, stream_ptr s) {
  by_session_[id].push_back(std::move(s));
}

void stream_registry::absorb(stream_registry& other,
                             const std::vector<chat_id>& chat_of) {
  auto append = [](list& to, list& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()),
              std::make_move_iterator(from.end()));
    from.clear();
  };
  for (std::size_t c = 0; c < other.by_chat_.size(); ++c) {
    auto to = chat_of.at(c).value;
    if (to >= by_chat_.size())
      by_chat_.resize(to + 1);
    append(by_chat_[to], other.by_chat_[c]);
  }
  other.by_chat_.clear();
  for (auto& [op, l] : other.by_operator_)
    append(by_operator_[op], l);
  other.by_operator_.clear();
  for (auto& [id, l] : other.by_session_)
    append(by_session_[id], l);
  other.by_session_.clear();
  told_.merge(other.told_);
  other.told_.clear();
}

void stream_registry::deliver(list& l, const stream_item& item) {
  std::erase_if(l, [&](const stream_ptr& s) {
    return !s->push(item);
  });
}

void stream_registry::deliver_to_operator(user_id op, const stream_item& item) {
  if (!op.valid())
    return;
  auto i = by_operator_.find(op);
  if (i == by_operator_.end())
    return;
  deliver(i->second, item);
  if (i->second.empty())
    by_operator_.erase(i);
}

void stream_registry::publish(const session_event& e, chat_id local_chat) {
  if (empty())
    return;
  stream_item item{e};
  if (local_chat.value < by_chat_.size())
    deliver(by_chat_[local_chat.value], item);
  deliver_to_operator(e.op, item);
  if (e.previous_op != e.op)
    deliver_to_operator(e.previous_op, item);
  if (e.target_user != e.op && e.target_user != e.previous_op)
    deliver_to_operator(e.target_user, item);
  auto i = by_session_.find(e.session);
  if (i == by_session_.end())
    return;
  deliver(i->second, item);
  if (ends_session(e.kind)) {
    for (auto& s : i->second)
      s->finish(stream_end::finished);
    i->second.clear();
  }
  if (e.kind != session_event_kind::queued)
    told_.erase(e.session); // waits no more: a later wait is told afresh
  if (i->second.empty())
    by_session_.erase(i);
}

void stream_registry::publish(
  const status_event& e,
  const std::function<bool(chat_id local_chat)>& serves) {
  if (empty())
    return;
  stream_item item{e};
  deliver_to_operator(e.op, item);
  for (std::size_t c = 0; c < by_chat_.size(); ++c)
    if (!by_chat_[c].empty()
        && serves(chat_id{static_cast<chat_id::value_type>(c)}))
      deliver(by_chat_[c], item);
}

void stream_registry::publish(const chat_message& m, operator_id holder) {
  if (empty())
    return;
  stream_item item{m};
  deliver_to_operator(holder, item);
  auto i = by_session_.find(m.session);
  if (i == by_session_.end())
    return;
  deliver(i->second, item);
  if (i->second.empty())
    by_session_.erase(i);
}

void stream_registry::publish(const transcript& t, operator_id op) {
  if (empty())
    return;
  deliver_to_operator(op, stream_item{t});
}

namespace {

/// Whether a waiting customer would notice the difference.
bool differs(const queue_standing& a, const queue_standing& b) {
  auto whole_seconds = [](const std::optional<duration>& d) {
    return d ? std::optional{std::chrono::duration_cast<std::chrono::seconds>(
             *d)}
             : std::nullopt;
  };
  // Not the queue's length: every arrival behind would re-tell everyone.
  return a.position != b.position || a.slots != b.slots
         || whole_seconds(a.expected_wait) != whole_seconds(b.expected_wait);
}

} // namespace

void stream_registry::publish(const std::vector<queue_standing>& standings) {
  for (const auto& st : standings) {
    auto i = by_session_.find(st.session);
    if (i == by_session_.end())
      continue;
    auto told = told_.find(st.session);
    if (told != told_.end() && !differs(told->second, st))
      continue;
    told_.insert_or_assign(st.session, st);
    deliver(i->second, stream_item{st});
    if (i->second.empty()) {
      by_session_.erase(i);
      told_.erase(st.session);
    }
  }
}

bool stream_registry::empty() const noexcept {
  return by_operator_.empty() && by_session_.empty()
         && std::all_of(by_chat_.begin(), by_chat_.end(), [](const list& l) {
              return l.empty();
            });
}

} // namespace livechat::actors
