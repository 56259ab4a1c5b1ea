// Figures over time: a run's horizon cut into equal bins, and per bin the
// time-weighted average of a level (sessions waiting, operators Online) or a
// count of events (arrivals).
//
// Levels are step functions: `set(at, v)` says the level is v from `at` on.
// Each bin's average is the integral of the level over the bin divided by the
// bin's width. Time at or past the last bin's end (the drain after the
// horizon) is not binned. Calls come in non-decreasing time order.
//
// Example:
//   sim::time_bins bins{8h, 96};                  // 5-minute bins
//   sim::binned_level waiting{bins};
//   waiting.set(timestamp{10min}, 3);             // 3 waiting from 10 min on
//   waiting.set(timestamp{12min}, 1);
//   waiting.finish(timestamp{8h});
//   double third = waiting.averages()[2]; // 10-15 min: (3*2 + 1*3) / 5 = 1.8
#pragma once

#include "core/time.hpp"

#include <cstddef>
#include <vector>

namespace livechat::sim {

/// `count` equal bins covering [0, horizon).
struct time_bins {
  duration width{};
  std::size_t count = 0;

  time_bins() = default;
  /// Bins of exactly `bin_width` covering [0, horizon) (the last one may
  /// reach past the horizon).
  static time_bins of_width(duration horizon, duration bin_width);
  /// At most `max_bins` bins of whole seconds, at least one; an empty
  /// horizon gets no bins.
  time_bins(duration horizon, std::size_t max_bins);

  /// The bin holding `t`, or `count` if `t` is outside [0, end()).
  std::size_t index_of(timestamp t) const {
    auto d = t.time_since_epoch();
    if (count == 0 || d < duration::zero() || d >= end())
      return count;
    return static_cast<std::size_t>(d / width);
  }

  duration end() const {
    return width * static_cast<long long>(count);
  }
};

/// The time-weighted average of a level, per bin.
class binned_level {
public:
  explicit binned_level(time_bins bins);

  void set(timestamp at, double value);
  void add(timestamp at, double delta) {
    set(at, value_ + delta);
  }
  double value() const noexcept {
    return value_;
  }
  /// Integrates the current level up to `end`. Call once, at the end.
  void finish(timestamp end);
  /// Per bin: integral / width.
  std::vector<double> averages() const;

private:
  void integrate_to(timestamp t);

  time_bins bins_;
  std::vector<double> integral_s_; ///< per bin, level x seconds
  double value_ = 0;
  timestamp since_{};
};

/// Events per bin.
class binned_count {
public:
  explicit binned_count(time_bins bins) : bins_(bins), counts_(bins.count) {}

  void record(timestamp at);
  const std::vector<double>& counts() const noexcept {
    return counts_;
  }

private:
  time_bins bins_;
  std::vector<double> counts_;
};

} // namespace livechat::sim
