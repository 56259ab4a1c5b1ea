#include "core/supervision.hpp"

#include <algorithm>

namespace livechat {

std::optional<std::vector<operator_id>>
assignment_candidates(const chat_snapshot& snapshot, session_id s) {
  auto waiting = std::find_if(snapshot.waiting.begin(), snapshot.waiting.end(),
                              [s](const waiting_entry& w) {
                                return w.id == s;
                              });
  if (waiting == snapshot.waiting.end())
    return std::nullopt;
  std::vector<const operator_entry*> online;
  for (const auto& o : snapshot.operators)
    if (o.status == operator_status::online
        && (!waiting->target_user.valid() || o.id == waiting->target_user))
      online.push_back(&o);
  std::stable_sort(online.begin(), online.end(),
                   [](const operator_entry* a, const operator_entry* b) {
                     return a->load < b->load;
                   });
  std::vector<operator_id> out;
  out.reserve(online.size());
  for (const auto* o : online)
    out.push_back(o->id);
  return out;
}

} // namespace livechat
