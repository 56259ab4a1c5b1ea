// Simulation-agnostic time for the routing core.
//
// The core never reads a clock: every operation takes `now` as a parameter,
// supplied by the caller (an actor clock, a test, a simulator). Durations are
// integral nanoseconds so that arithmetic is exact and runs are reproducible.
//
// Example:
//   using namespace livechat::time_literals;
//   livechat::timestamp t0{};             // epoch of the run
//   livechat::timestamp t1 = t0 + 90s;    // 90 s later
//   double secs = livechat::to_seconds(t1 - t0); // 90.0
#pragma once

#include <chrono>
#include <cstdint>

namespace livechat {

/// Duration in the core: exact integral nanoseconds.
using duration = std::chrono::nanoseconds;

/// Tag clock for `timestamp`. It has no `now()` on purpose: time is passed in.
struct run_clock {
  using rep = std::chrono::nanoseconds::rep;
  using period = std::chrono::nanoseconds::period;
  using duration = std::chrono::nanoseconds;
  using time_point = std::chrono::time_point<run_clock>;
  static constexpr bool is_steady = true;
};

/// A point in time since the start of a run (or any epoch the caller picks).
using timestamp = run_clock::time_point;

/// Converts a duration to floating-point seconds (for statistics and reports).
constexpr double to_seconds(duration d) noexcept {
  return std::chrono::duration<double>(d).count();
}

/// Converts floating-point seconds to a duration, rounding to nanoseconds.
constexpr duration from_seconds(double s) noexcept {
  return std::chrono::round<duration>(std::chrono::duration<double>(s));
}

namespace time_literals {
using namespace std::chrono_literals;
} // namespace time_literals

} // namespace livechat
