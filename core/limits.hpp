// The ranges of every number livechat accepts from outside: one table for the
// scenario loader, the command line and (next) the server.
//
// Each count, rate, duration and factor a user can write has a range here,
// documented in docs/scenario-format.md and in `--help`. The ranges are
// chosen so that nothing downstream can overflow on input in range: every
// duration is at most a year, every load factor and capacity at most 100, so
// a handle time at the largest factor, or an operator's capacity-time over
// a year, stays inside the 292 years that 64-bit nanoseconds reach (sums of
// sampled values go through core/time_arithmetic.hpp). They are not
// performance limits: how much work a valid request implies is estimated
// separately (scenarios/work_estimate.hpp) against limits a user may raise.
//
// Example:
//   if (!livechat::limits::capacity.contains(c))
//     error("'capacity' must be " + livechat::limits::capacity.describe());
#pragma once

#include "core/time.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace livechat::limits {

/// Whole numbers in [min, max].
struct integer_range {
  long long min = 0;
  long long max = 0;

  constexpr bool contains(long long v) const noexcept {
    return v >= min && v <= max;
  }
  /// "between 1 and 1000" (for messages).
  std::string describe() const;
};

/// Real numbers in [min, max], or (min, max] when `open_min`. Never NaN.
struct real_range {
  double min = 0;
  double max = 0;
  bool open_min = false;

  constexpr bool contains(double v) const noexcept {
    return (open_min ? v > min : v >= min) && v <= max;
  }
  /// "in (0, 1000]" (for messages).
  std::string describe() const;
};

/// Durations in [min, max].
struct duration_range {
  duration min{};
  duration max{};

  constexpr bool contains(duration d) const noexcept {
    return d >= min && d <= max;
  }
  /// "between 0 and 365d" (for messages).
  std::string describe() const;
};

using namespace std::chrono_literals;

// --- topology ---------------------------------------------------------------

/// Generated members of one group (`size:`).
inline constexpr integer_range group_size{1, 100'000};
/// Concurrent sessions per operator of a live chat.
inline constexpr integer_range capacity{1, 100};
/// Waiting sessions per queue.
inline constexpr integer_range queue_limit{1, 1'000'000'000};

// --- run --------------------------------------------------------------------

/// Any duration written in a scenario: horizon, warm-up, times of profile
/// and shift steps, parameters of time distributions, thresholds.
inline constexpr duration_range scenario_duration{duration::zero(),
                                                  std::chrono::hours{24 * 365}};
/// Replications of a run (the file's `replications:` and --replications).
inline constexpr integer_range replications{1, 1'000'000};
/// Seeds, in the file and on the command line.
inline constexpr integer_range seed{0, 9'223'372'036'854'775'807};
/// Threads of parallel replications (--threads).
inline constexpr integer_range threads{1, 256};
/// Arrival rates, per second (Poisson rates and profile steps).
inline constexpr real_range arrival_rate_per_second{0, 10'000};
/// Factors on handle time by operator load.
inline constexpr real_range load_factor{0, 100, true};
/// Parameters of the messages-per-session distribution.
inline constexpr real_range messages_per_session{0, 10'000};
/// Live mode: simulated seconds per wall second (--speed).
inline constexpr real_range speed{0.001, 1'000'000};

// --- planning ---------------------------------------------------------------

/// Planning interval (--interval).
inline constexpr duration_range plan_interval{std::chrono::minutes{1},
                                              std::chrono::hours{24}};
/// Operators per group and interval (--min, --max).
inline constexpr integer_range plan_agents{0, 10'000};
/// Share of paid time not on chats (--shrinkage).
inline constexpr real_range shrinkage{0, 0.95};
/// Occupancy cap (--max-occupancy).
inline constexpr real_range max_occupancy{0, 1, true};
/// Confidence of the plan's decisions, one-sided (--confidence).
inline constexpr real_range plan_confidence{0.5, 0.9999};
/// Indifference zone of the plan's decisions (--tolerance).
inline constexpr real_range plan_tolerance{0, 0.5};

} // namespace livechat::limits
