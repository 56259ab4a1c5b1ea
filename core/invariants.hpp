// Checks the routing invariants from an event log.
//
// The proof that concurrent actors never broke routing is in the events they
// emitted. Feed every event of a run, in each domain's emission order:
//   - an operator's load never exceeds the capacity its status events
//     announce, and never drops below zero;
//   - a session is held by at most one operator at a time, and only the
//     holder's handling may end (close, transfer, requeue, reassign);
//   - a session ends (closed, abandoned, rejected) exactly once, and nothing
//     happens to it afterwards.
// Each violation is kept as a readable line. `open_sessions()` lists sessions
// that have not ended: after a run that ends every session, it is empty.
//
// Example:
//   livechat::invariant_checker check;
//   for (const auto& e : log) check.observe(e);
//   EXPECT_TRUE(check.violations().empty()) << check.violations().front();
#pragma once

#include "core/events.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace livechat {

class invariant_checker {
public:
  void observe(const routing_event& e);

  const std::vector<std::string>& violations() const noexcept {
    return violations_;
  }
  std::size_t sessions_seen() const noexcept {
    return seen_;
  }
  std::size_t sessions_ended() const noexcept {
    return ended_;
  }
  /// Sessions seen and not ended, in ascending id order.
  std::vector<session_id> open_sessions() const;

private:
  struct operator_track {
    int load = 0;
    int capacity = 1;
  };
  struct session_track {
    operator_id holder;
  };

  void fail(const session_event& e, const std::string& what);
  operator_track& op(operator_id id);
  void release(const session_event& e, operator_id from);

  std::vector<operator_track> operators_;
  bool has_ended(session_id id) const;
  void mark_ended(session_id id);

  /// Sessions seen and not yet ended (lookup only).
  std::unordered_map<session_id, session_track> sessions_;
  /// Ended sessions, one bit each by id (ids are dense: each domain hands
  /// out one residue class), so memory stays flat over a long soak; ids past
  /// `dense_limit` go to `ended_sparse_`.
  static constexpr std::uint64_t dense_limit = std::uint64_t{1} << 28;
  std::vector<bool> ended_dense_;
  std::unordered_set<std::uint64_t> ended_sparse_;
  std::vector<std::string> violations_;
  std::size_t seen_ = 0;
  std::size_t ended_ = 0;
};

} // namespace livechat
