// Eligible positions ordered by a policy-specific key, with O(log n) insert,
// update, erase and minimum. Shared by least_busy and longest_idle.
//
// Example:
//   livechat::ranked_set<int> s{3};
//   s.upsert(0, 5);
//   s.upsert(2, 1);
//   assert(*s.minimum() == 2);
#pragma once

#include "core/routing/policy.hpp"

#include <cassert>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace livechat {

template <class Key>
class ranked_set {
public:
  explicit ranked_set(std::size_t pool_size) : key_of_(pool_size) {}

  /// Inserts `pos` with `key`, replacing its previous key if any.
  void upsert(pool_position pos, Key key) {
    assert(pos < key_of_.size() && "position outside the pool");
    erase(pos);
    index_.emplace(key, pos);
    key_of_[pos] = std::move(key);
  }

  void erase(pool_position pos) {
    assert(pos < key_of_.size() && "position outside the pool");
    if (auto& old = key_of_[pos]) {
      index_.erase({*old, pos});
      old.reset();
    }
  }

  /// Position with the smallest (key, position).
  std::optional<pool_position> minimum() const {
    if (index_.empty())
      return std::nullopt;
    return index_.begin()->second;
  }

  std::size_t size() const noexcept {
    return index_.size();
  }

private:
  std::set<std::pair<Key, pool_position>> index_;
  std::vector<std::optional<Key>> key_of_;
};

} // namespace livechat
