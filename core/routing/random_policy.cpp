#include "core/routing/random_policy.hpp"

#include <bit>
#include <cassert>

namespace livechat {

random_policy::random_policy(std::size_t pool_size, std::uint64_t seed)
    : tree_(pool_size + 1, 0), flag_(pool_size, false), gen_(seed) {}

void random_policy::set_eligible(pool_position pos, operator_standing) {
  assert(pos < flag_.size() && "position outside the pool");
  if (flag_[pos])
    return;
  flag_[pos] = true;
  ++count_;
  add(pos, +1);
}

void random_policy::set_ineligible(pool_position pos) {
  assert(pos < flag_.size() && "position outside the pool");
  if (!flag_[pos])
    return;
  flag_[pos] = false;
  --count_;
  add(pos, -1);
}

std::optional<pool_position> random_policy::choose() {
  if (count_ == 0)
    return std::nullopt;
  return kth(gen_.uniform_index(count_));
}

void random_policy::add(pool_position pos, int delta) {
  for (std::size_t i = pos + 1; i < tree_.size(); i += i & (~i + 1))
    tree_[i] = static_cast<std::uint32_t>(static_cast<int>(tree_[i]) + delta);
}

pool_position random_policy::kth(std::size_t k) const {
  assert(k < count_);
  // Descend the implicit tree: find the largest prefix with sum <= k.
  std::size_t pos = 0;
  auto remaining = k;
  for (std::size_t step = std::bit_floor(tree_.size() - 1); step > 0;
       step >>= 1) {
    auto next = pos + step;
    if (next < tree_.size() && tree_[next] <= remaining) {
      pos = next;
      remaining -= tree_[next];
    }
  }
  return static_cast<pool_position>(pos); // 1-based pos+1 -> 0-based pos
}

} // namespace livechat
