// The router's queue standings: where each waiting session stands in its
// queue and its expected wait (see queue_standing in core/router.hpp).
#include "core/router.hpp"

#include <cassert>
#include <iterator>

namespace livechat {

const router::waiting_set&
router::waiting_set_of(const live_session& ls) const {
  if (ls.target_user.valid())
    return operators_[ls.target_user.value].direct;
  return queues_[ls.queue].waiting;
}

queue_standing router::standing_at(const live_session& ls, std::size_t position,
                                   std::size_t waiting) const {
  const auto& q = queues_[ls.queue];
  std::size_t slots = 0;
  if (!ls.target_user.valid())
    slots = q.online * static_cast<std::size_t>(q.capacity);
  else if (status_of(ls.target_user) == operator_status::online)
    slots = static_cast<std::size_t>(q.capacity);
  auto mean_handle = q.handle.value();
  return queue_standing{
    .session = ls.state.id(),
    .chat = ls.state.chat(),
    .expert_group = q.expert_group,
    .target_user = ls.target_user,
    .position = position,
    .waiting = waiting,
    .slots = slots,
    .mean_handle = mean_handle,
    .expected_wait = queueing::expected_wait(position, slots, mean_handle),
  };
}

expected<queue_standing> router::standing(session_id s) const {
  auto i = sessions_.find(s);
  if (i == sessions_.end())
    return errc::unknown_session;
  const auto& ls = i->second;
  if (!ls.queued)
    return errc::not_waiting;
  const auto& set = waiting_set_of(ls);
  auto at = set.find({ls.key, s});
  assert(at != set.end() && "standing: a queued session is in its set");
  auto position = static_cast<std::size_t>(std::distance(set.begin(), at));
  return standing_at(ls, position, set.size());
}

void router::append_queue_standings(std::uint32_t qi,
                                    std::vector<queue_standing>& out) const {
  const auto& set = queues_[qi].waiting;
  std::size_t position = 0;
  for (const auto& entry : set)
    out.push_back(
      standing_at(sessions_.at(entry.second), position++, set.size()));
}

void router::append_personal_standings(std::uint32_t qi,
                                       std::vector<queue_standing>& out) const {
  const auto& q = queues_[qi];
  if (q.personal == 0)
    return;
  // A personal transfer waits in its expert's direct set, among those of
  // every chat; its own queue index tells which ones belong here.
  for (auto op : q.pool) {
    const auto& direct = operators_[op.value].direct;
    std::size_t position = 0;
    for (const auto& entry : direct) {
      const auto& ls = sessions_.at(entry.second);
      if (ls.queue == qi)
        out.push_back(standing_at(ls, position, direct.size()));
      ++position;
    }
  }
}

std::vector<queue_standing> router::standings(chat_id c) const {
  std::vector<queue_standing> out;
  standings(c, out);
  return out;
}

void router::standings(chat_id c, std::vector<queue_standing>& out) const {
  assert(c.value < chats_.size() && "standings: unknown chat");
  out.clear();
  if (!has_chat(c))
    return; // removed: its sessions ended with it
  const auto& cs = chats_[c.value];
  append_queue_standings(cs.main_queue, out);
  for (auto qi : cs.expert_queues) {
    append_queue_standings(qi, out);
    append_personal_standings(qi, out);
  }
}

} // namespace livechat
