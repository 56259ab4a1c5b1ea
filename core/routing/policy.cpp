#include "core/routing/policy.hpp"

#include "core/routing/fixed_order.hpp"
#include "core/routing/least_busy.hpp"
#include "core/routing/longest_idle.hpp"
#include "core/routing/manual.hpp"
#include "core/routing/random_policy.hpp"
#include "core/routing/round_robin.hpp"

namespace livechat {

std::unique_ptr<routing_policy> make_routing_policy(routing_policy_kind kind,
                                                    std::size_t pool_size,
                                                    std::uint64_t seed) {
  switch (kind) {
    case routing_policy_kind::round_robin:
      return std::make_unique<round_robin_policy>();
    case routing_policy_kind::least_busy:
      return std::make_unique<least_busy_policy>(pool_size);
    case routing_policy_kind::longest_idle:
      return std::make_unique<longest_idle_policy>(pool_size);
    case routing_policy_kind::random:
      return std::make_unique<random_policy>(pool_size, seed);
    case routing_policy_kind::fixed_order:
      return std::make_unique<fixed_order_policy>();
    case routing_policy_kind::manual: return std::make_unique<manual_policy>();
  }
  return nullptr;
}

} // namespace livechat
