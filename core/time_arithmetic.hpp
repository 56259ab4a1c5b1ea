// Time arithmetic that cannot overflow.
//
// `duration` and `timestamp` are signed 64-bit nanoseconds: they reach about
// 292 years, and `std::chrono` arithmetic past that is undefined behaviour.
// Input is bounded where it is read (core/limits.hpp: no scenario duration
// exceeds a year, no factor exceeds 100), but sampled values and sums of
// many of them are not, so every place that adds, scales or converts times
// from input goes through these helpers:
//   - `saturating_*` clamp to [duration::min(), duration::max()] (and the
//     same for timestamps): the result is the nearest representable value.
//     Use them where a far-off time only means "never" (a timer that will
//     not fire before the run ends).
//   - `checked_*` return nothing when the exact result is not representable:
//     use them where the value must be exact (reading input).
// NaN converts to nothing (checked) or zero (saturating).
//
// Example:
//   using namespace livechat;
//   auto t = saturating_add(timestamp::max() - 1s, 1h);  // timestamp::max()
//   auto d = saturating_scale(1h, 1e300);                 // duration::max()
//   auto e = checked_from_seconds(1e12);                  // nothing
#pragma once

#include "core/time.hpp"

#include <optional>

namespace livechat {

/// `a + b`, clamped to the range of `duration`.
duration saturating_add(duration a, duration b) noexcept;

/// `t + d`, clamped to the range of `timestamp`.
timestamp saturating_add(timestamp t, duration d) noexcept;

/// `d * factor`, rounded to nanoseconds and clamped; NaN gives zero.
duration saturating_scale(duration d, double factor) noexcept;

/// `seconds` as a duration, rounded and clamped; NaN gives zero.
duration saturating_from_seconds(double seconds) noexcept;

/// `a + b`, or nothing when it is not representable.
std::optional<duration> checked_add(duration a, duration b) noexcept;

/// `d * factor` rounded to nanoseconds, or nothing when it is not
/// representable (or `factor` is NaN).
std::optional<duration> checked_scale(duration d, double factor) noexcept;

/// `seconds` as a duration rounded to nanoseconds, or nothing when it is not
/// representable (or NaN).
std::optional<duration> checked_from_seconds(double seconds) noexcept;

} // namespace livechat
