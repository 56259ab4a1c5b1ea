// `round_robin`: the next eligible operator in list order after the one chosen
// last, wrapping around. Each operator's turn comes once per cycle.
//
// Example:
//   livechat::round_robin_policy p;
//   p.set_eligible(0, {});
//   p.set_eligible(1, {});
//   p.on_chosen(*p.choose());      // 0
//   assert(*p.choose() == 1);      // then the next one in the ring
#pragma once

#include "core/routing/policy.hpp"
#include "core/routing/position_set.hpp"

namespace livechat {

class round_robin_policy final : public routing_policy {
public:
  routing_policy_kind kind() const noexcept override {
    return routing_policy_kind::round_robin;
  }
  void set_eligible(pool_position pos, operator_standing) override {
    eligible_.insert(pos);
  }
  void set_ineligible(pool_position pos) override {
    eligible_.erase(pos);
  }
  std::optional<pool_position> choose() override {
    return eligible_.first_from(next_);
  }
  void on_chosen(pool_position pos) override {
    next_ = pos + 1;
  }
  std::size_t eligible_count() const noexcept override {
    return eligible_.size();
  }

private:
  position_set eligible_;
  pool_position next_ = 0;
};

} // namespace livechat
