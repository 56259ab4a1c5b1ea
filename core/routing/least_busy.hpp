// `least_busy`: the eligible operator with the fewest active sessions (across
// all chats it serves); ties go to the longest idle (earliest last activity),
// then to list order.
//
// Example:
//   livechat::least_busy_policy p{2};
//   p.set_eligible(0, {.load = 1, .last_activity = t0});
//   p.set_eligible(1, {.load = 0, .last_activity = t1});
//   assert(*p.choose() == 1);      // fewer active sessions
#pragma once

#include "core/routing/policy.hpp"
#include "core/routing/ranked_set.hpp"

#include <utility>

namespace livechat {

class least_busy_policy final : public routing_policy {
public:
  explicit least_busy_policy(std::size_t pool_size) : eligible_(pool_size) {}
  routing_policy_kind kind() const noexcept override {
    return routing_policy_kind::least_busy;
  }
  void set_eligible(pool_position pos, operator_standing s) override {
    eligible_.upsert(pos, {s.load, s.last_activity});
  }
  void set_ineligible(pool_position pos) override {
    eligible_.erase(pos);
  }
  std::optional<pool_position> choose() override {
    return eligible_.minimum();
  }
  std::size_t eligible_count() const noexcept override {
    return eligible_.size();
  }

private:
  ranked_set<std::pair<int, timestamp>> eligible_;
};

} // namespace livechat
