// Merging two routers when a change connects their routing domains
// (`router::absorb`). See the "run-time administration and merging" block of
// core/router.hpp for the contract.
#include "core/router.hpp"

#include <algorithm>
#include <cassert>

namespace livechat {

void router::absorb_operators(router& other, std::uint32_t queue_offset) {
  operators_.resize(std::max(operators_.size(), other.operators_.size()));
  auto serves = [](const operator_state& o) {
    return !o.memberships.empty() || o.load > 0 || !o.direct.empty();
  };
  for (std::size_t u = 0; u < other.operators_.size(); ++u) {
    auto& from = other.operators_[u];
    auto& into = operators_[u];
    for (auto& m : from.memberships)
      m.queue += queue_offset;
    assert(!(serves(from) && serves(into))
           && "absorb: a user serves in both routers (one domain, not two)");
    if (serves(from)
        || (!serves(into) && into.status == operator_status::offline))
      into = std::move(from);
  }
}

void router::absorb_sessions(router& other, const std::vector<chat_id>& chat_of,
                             std::uint32_t queue_offset) {
  for (auto& [id, ls] : other.sessions_) {
    ls.queue += queue_offset;
    ls.state.relabel_chat(chat_of[ls.state.chat().value]);
    auto inserted = sessions_.emplace(id, std::move(ls)).second;
    assert(inserted && "absorb: a session id is live in both routers");
    (void)inserted;
  }
  for (auto& e : other.events_) {
    if (auto* s = std::get_if<session_event>(&e))
      s->chat = chat_of[s->chat.value];
    events_.push_back(std::move(e));
  }
  for (auto& e : other.admin_events_) {
    if (e.chat.valid())
      e.chat = chat_of[e.chat.value];
    admin_events_.push_back(std::move(e));
  }
}

std::vector<chat_id> router::absorb(router&& other) {
  assert(&other != this && "absorb: a router cannot absorb itself");
  assert(dir_.users().size() == other.dir_.users().size()
         && dir_.groups().size() == other.dir_.groups().size()
         && "absorb: the routers hold different directories");
  assert(session_stride_ == other.session_stride_
         && "absorb: the routers' session id strides differ");
  auto queue_offset = static_cast<std::uint32_t>(queues_.size());
  std::vector<chat_id> chat_of;
  for (auto& cs : other.chats_) {
    chat_of.emplace_back(static_cast<chat_id::value_type>(chats_.size()));
    cs.main_queue += queue_offset;
    for (auto& qi : cs.expert_queues)
      qi += queue_offset;
    chats_.push_back(std::move(cs));
  }
  for (auto& q : other.queues_) {
    q.chat = chat_of[q.chat.value];
    queues_.push_back(std::move(q));
  }
  absorb_operators(other, queue_offset);
  absorb_sessions(other, chat_of, queue_offset);
  next_seq_ = std::max(next_seq_, other.next_seq_);
  last_now_ = std::max(last_now_, other.last_now_);
  // Same residue: continue after both, so no id handed out comes again.
  if (next_session_ % session_stride_ == other.next_session_ % session_stride_)
    next_session_ = std::max(next_session_, other.next_session_);
#ifndef NDEBUG
  for (std::uint32_t qi = 0; qi < queues_.size(); ++qi)
    assert(queues_[qi].pool == pool_members(qi)
           && "absorb: the routers' directories differ in members");
#endif
  other.chats_.clear();
  other.queues_.clear();
  other.operators_.clear();
  other.sessions_.clear();
  other.events_.clear();
  other.admin_events_.clear();
  return chat_of;
}

} // namespace livechat
