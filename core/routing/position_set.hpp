// An ordered set of eligible pool positions, shared by the policies that rank
// by list position only (fixed_order, round_robin). O(log n) per operation.
//
// Example:
//   livechat::position_set s;
//   s.insert(4);
//   s.insert(9);
//   assert(*s.first_from(5) == 9 && *s.first_from(10) == 4);  // wraps
#pragma once

#include "core/routing/policy.hpp"

#include <optional>
#include <set>

namespace livechat {

class position_set {
public:
  void insert(pool_position pos) {
    positions_.insert(pos);
  }
  void erase(pool_position pos) {
    positions_.erase(pos);
  }
  std::size_t size() const noexcept {
    return positions_.size();
  }

  /// Smallest position >= `from`, wrapping around to the smallest overall.
  std::optional<pool_position> first_from(pool_position from) const {
    if (positions_.empty())
      return std::nullopt;
    auto i = positions_.lower_bound(from);
    return i != positions_.end() ? *i : *positions_.begin();
  }

private:
  std::set<pool_position> positions_;
};

} // namespace livechat
