// `fixed_order`: the first eligible operator in list order. Deliberately
// unfair (the first operators in the list take most of the work at low load);
// the baseline that fairness reports compare against.
//
// Example:
//   livechat::fixed_order_policy p;
//   p.set_eligible(3, {});
//   p.set_eligible(1, {});
//   assert(*p.choose() == 1);      // lowest list position wins, every time
#pragma once

#include "core/routing/policy.hpp"
#include "core/routing/position_set.hpp"

namespace livechat {

class fixed_order_policy final : public routing_policy {
public:
  routing_policy_kind kind() const noexcept override {
    return routing_policy_kind::fixed_order;
  }
  void set_eligible(pool_position pos, operator_standing) override {
    eligible_.insert(pos);
  }
  void set_ineligible(pool_position pos) override {
    eligible_.erase(pos);
  }
  std::optional<pool_position> choose() override {
    return eligible_.first_from(0);
  }
  std::size_t eligible_count() const noexcept override {
    return eligible_.size();
  }

private:
  position_set eligible_;
};

} // namespace livechat
