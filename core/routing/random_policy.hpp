// `random`: uniformly one of the eligible operators, drawn from a seeded
// generator owned by the policy (same seed, same choices). A Fenwick tree over
// pool positions finds the k-th eligible position in O(log n).
//
// Example:
//   livechat::random_policy p{/*pool_size=*/10, /*seed=*/42};
//   p.set_eligible(2, {});
//   p.set_eligible(7, {});
//   auto pos = p.choose();         // 2 or 7, the same for the same seed
#pragma once

#include "core/random.hpp"
#include "core/routing/policy.hpp"

#include <vector>

namespace livechat {

class random_policy final : public routing_policy {
public:
  random_policy(std::size_t pool_size, std::uint64_t seed);

  routing_policy_kind kind() const noexcept override {
    return routing_policy_kind::random;
  }
  void set_eligible(pool_position pos, operator_standing) override;
  void set_ineligible(pool_position pos) override;
  std::optional<pool_position> choose() override;
  std::size_t eligible_count() const noexcept override {
    return count_;
  }

private:
  void add(pool_position pos, int delta);
  /// Position of the k-th (0-based) eligible operator; k < count_.
  pool_position kth(std::size_t k) const;

  std::vector<std::uint32_t> tree_; ///< 1-based Fenwick tree of 0/1 flags
  std::vector<bool> flag_;
  std::size_t count_ = 0;
  random_generator gen_;
};

} // namespace livechat
