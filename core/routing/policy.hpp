// The routing policy interface: which eligible operator gets the next session.
//
// A policy serves one queue's pool of operators, identified by their position
// in the pool (0..size-1, in list order: groups in the chat's order, members in
// group order). The router tells it, incrementally, which positions are
// eligible (Online, free capacity) and their standing (load, last activity);
// the policy keeps an ordered index so that `choose` costs O(log n). It never
// scans all operators.
//
// Example:
//   auto policy = livechat::make_routing_policy(
//     livechat::routing_policy_kind::least_busy, /*pool_size=*/3, /*seed=*/0);
//   policy->set_eligible(0, {.load = 1, .last_activity = t1});
//   policy->set_eligible(2, {.load = 0, .last_activity = t2});
//   auto pos = policy->choose();   // 2: fewest active sessions
//   policy->on_chosen(*pos);
#pragma once

#include "core/live_chat.hpp"
#include "core/time.hpp"

#include <cstdint>
#include <memory>
#include <optional>

namespace livechat {

/// Position of an operator in a policy's pool.
using pool_position = std::uint32_t;

/// What policies rank operators by.
struct operator_standing {
  /// Active sessions across all chats.
  int load = 0;
  /// Last time the operator came Online, got a session or finished one.
  timestamp last_activity{};
};

/// Every `pool_position` passed in must be below the pool size given to
/// `make_routing_policy`.
class routing_policy {
public:
  virtual ~routing_policy() = default;

  virtual routing_policy_kind kind() const noexcept = 0;

  /// Inserts `pos` as eligible, or updates its standing if it already is.
  virtual void set_eligible(pool_position pos, operator_standing s) = 0;

  /// Removes `pos` from the eligible set (no-op if absent).
  virtual void set_ineligible(pool_position pos) = 0;

  /// The eligible position to receive the next session, if any. Does not
  /// change eligibility: the router updates standings after assigning.
  virtual std::optional<pool_position> choose() = 0;

  /// Told after the router gave a session to `pos` (round robin advances).
  virtual void on_chosen(pool_position) {}

  virtual std::size_t eligible_count() const noexcept = 0;
};

/// Creates the built-in policy `kind` for a pool of `pool_size` operators.
/// `seed` feeds the `random` policy's generator and is ignored by the others.
std::unique_ptr<routing_policy> make_routing_policy(routing_policy_kind kind,
                                                    std::size_t pool_size,
                                                    std::uint64_t seed);

} // namespace livechat
