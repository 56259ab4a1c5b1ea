// Routing live sessions again after a restart: a server rebuilds its
// routing state from the sessions its store kept (see
// router::restore_session in core/router.hpp).
#include "core/contacts.hpp"
#include "core/router.hpp"

#include <algorithm>
#include <cassert>

namespace livechat {

expected<void> router::restore_session(timestamp now,
                                       const restored_session& r) {
  observe_time(now);
  if (!has_chat(r.chat))
    return errc::unknown_chat;
  if (!dir_.exists(r.customer) && !contact_of(r.customer))
    return errc::unknown_user;
  // Restored ids were handed out before this router's first one.
  if (r.id.value == 0 || r.id.value >= next_session_
      || sessions_.contains(r.id))
    return errc::invalid_argument;
  const auto& cs = chats_[r.chat.value];
  auto qi = cs.main_queue;
  if (r.expert_group.valid()) {
    const auto& experts = cs.def.expert_groups;
    auto i = std::find(experts.begin(), experts.end(), r.expert_group);
    if (i == experts.end())
      return errc::not_an_expert_group;
    qi = cs.expert_queues[static_cast<std::size_t>(i - experts.begin())];
  }
  if (r.holder.valid()) {
    if (!dir_.exists(r.holder))
      return errc::unknown_user;
    if (status_of(r.holder) == operator_status::offline)
      return errc::not_eligible;
  }

  auto [it, inserted] = sessions_.emplace(
    r.id, live_session{session{r.id, r.chat, r.customer, now}});
  assert(inserted);
  auto& ls = it->second;
  ls.queue = qi;
  if (!r.holder.valid()) {
    using rank = restored_session::rank;
    int key_rank = rank_new;
    if (r.waiting_rank == rank::requeued)
      key_rank = rank_requeued;
    else if (r.waiting_rank == rank::transferred && cs.def.transfers_first)
      key_rank = rank_transferred;
    insert_waiting(ls, queue_key{key_rank, now, next_seq_++});
    emit(session_event_kind::queued, now, ls, r.customer,
         transition_reason::restored, {});
    dispatch_queues(now, {qi});
    return {};
  }
  auto ok = ls.state.apply(session_state::assigned, now, r.holder,
                           transition_reason::restored);
  assert(ok && "a new session may be assigned");
  (void)ok;
  ls.served_since = now;
  ls.assignee = r.holder;
  auto& o = ensure_operator(r.holder);
  ++o.load;
  o.active.push_back(r.id);
  refresh(r.holder);
  emit(session_event_kind::assigned, now, ls, r.holder,
       transition_reason::restored, r.holder, {}, via_group(ls, r.holder));
  return {};
}

} // namespace livechat
