#include "core/audience.hpp"

#include <algorithm>

namespace livechat {

namespace {

void add_once(std::vector<user_id>& out, user_id u) {
  if (u.valid() && std::find(out.begin(), out.end(), u) == out.end())
    out.push_back(u);
}

} // namespace

void session_audience(const session_event& e,
                      std::span<const user_id> supervisors,
                      std::vector<user_id>& out) {
  out.clear();
  add_once(out, e.op);
  add_once(out, e.previous_op);
  add_once(out, e.target_user);
  for (auto u : supervisors)
    add_once(out, u);
}

void status_audience(const status_event& e,
                     std::span<const std::vector<user_id>> supervisors_per_chat,
                     std::vector<user_id>& out) {
  out.clear();
  add_once(out, e.op);
  for (const auto& supervisors : supervisors_per_chat)
    for (auto u : supervisors)
      add_once(out, u);
}

} // namespace livechat
