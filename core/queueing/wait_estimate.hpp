// Expected wait of one waiting session, from its place in the queue: the
// figure a customer sees as "about 4 minutes" while it waits.
//
// The model is the conditional wait of M/M/s given the position. A session
// with k sessions ahead of it in serving order, in a queue served by s slots
// (operators Online in the queue's pool times the chat's capacity) that are
// all busy, is served at the (k + 1)-th departure from now. Departures come
// at total rate s / h, h the mean handle time, so
//
//   expected wait = (k + 1) h / s.
//
// Assumptions, and which way each one errs:
//   - All s slots are busy. The router keeps this true for a waiting session
//     of an automatically routed queue: it never leaves one waiting while an
//     eligible operator has room. Under `manual`, supervisors assign, and the
//     figure assumes they keep every slot busy.
//   - First come, first served within the queue, and nobody comes or goes
//     ahead of it. Sessions requeued later (their operator went Offline) go
//     ahead, which makes the figure optimistic; customers ahead who leave
//     shorten the wait, which makes it pessimistic.
//   - Handle times are exponential and independent, with mean h. The
//     memoryless property is what makes the time to the next departure h / s
//     whatever the sessions in service have already taken.
//   - The s slots serve this queue only. Operators shared with other queues
//     (other chats, expert queues) also serve those, by the router's serving
//     order across queues (longer waits first, transfers first if the chat
//     says so), so the real departure rate for this queue is lower: the
//     figure is optimistic.
//   - h is a recent average (below), not the true mean: after a change of the
//     handle times it follows with a lag, and it runs long when the queue is
//     long, which makes the figure high by 4 to 8 % in an M/M/s simulation
//     (docs/BENCHMARKS.md, issue 12; with the true mean it is unbiased).
//
// `recent_handle_time` keeps h: an exponentially weighted mean of the handle
// times observed so far. Before the first observation it has no value, and
// then there is no estimate either (no prior is assumed). With nobody Online
// (s = 0) there is no estimate: the wait is unbounded, not a number to show.
//
// Example:
//   using namespace std::chrono_literals;
//   livechat::queueing::recent_handle_time h;
//   h.observe(180s);
//   auto w = livechat::queueing::expected_wait(3, 4, h.value());
//   // *w == 180s: four departures, 4 slots freeing one per 45 s
#pragma once

#include "core/time.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace livechat::queueing {

/// (ahead + 1) * mean_handle / slots, rounded to nanoseconds (saturating at
/// duration::max()): the expected wait of a session with `ahead` sessions
/// before it when all `slots` are busy. std::nullopt when slots == 0 or
/// `mean_handle` is empty. O(1).
std::optional<duration> expected_wait(std::size_t ahead, std::size_t slots,
                                      std::optional<duration> mean_handle);

/// An exponentially weighted mean of handle times: each observation x moves
/// the mean m to m + weight (x - m); the first one sets it. The default
/// weight 0.05 gives the observation n places back the weight 0.05 * 0.95^n,
/// an effective memory of about 2 / weight - 1 = 39 observations. A larger
/// weight follows a change of the handle times sooner but makes the expected
/// wait noisier and more biased: recent handle times run long exactly when
/// the queue is long, so the estimate runs high (docs/BENCHMARKS.md, issue
/// 12: at 4 operators and 85 % load, +9.1 % with weight 0.1, +7.6 % with
/// 0.05, +5.2 % with 0.02).
class recent_handle_time {
public:
  static constexpr double default_weight = 0.05;

  /// `weight` in (0, 1] (asserted): larger follows changes faster and is
  /// noisier.
  explicit recent_handle_time(double weight = default_weight) noexcept;

  /// Adds one handle time (>= 0, asserted).
  void observe(duration handle) noexcept;

  /// The current mean; std::nullopt before the first observation.
  std::optional<duration> value() const noexcept;

  /// Observations so far.
  std::uint64_t count() const noexcept {
    return count_;
  }

private:
  double weight_;
  double mean_ns_ = 0;
  std::uint64_t count_ = 0;
};

} // namespace livechat::queueing
