#include "core/time_arithmetic.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

namespace livechat {

namespace {

using rep = duration::rep;

/// Nanoseconds as a double, rounded, or nothing outside the range of `rep`.
/// 2^63 is exactly representable as a double; every double below it converts
/// to an in-range integer.
std::optional<rep> round_to_rep(double ns) noexcept {
  if (std::isnan(ns))
    return std::nullopt;
  constexpr double limit = 9223372036854775808.0; // 2^63
  double r = std::nearbyint(ns);
  if (!(r >= -limit && r < limit))
    return std::nullopt;
  return static_cast<rep>(r);
}

rep clamp_to_rep(double ns) noexcept {
  if (std::isnan(ns))
    return 0;
  if (auto r = round_to_rep(ns))
    return *r;
  return ns < 0 ? std::numeric_limits<rep>::min()
                : std::numeric_limits<rep>::max();
}

} // namespace

std::optional<duration> checked_add(duration a, duration b) noexcept {
  rep out = 0;
  if (__builtin_add_overflow(a.count(), b.count(), &out))
    return std::nullopt;
  return duration{out};
}

duration saturating_add(duration a, duration b) noexcept {
  if (auto d = checked_add(a, b))
    return *d;
  return b.count() < 0 ? duration::min() : duration::max();
}

timestamp saturating_add(timestamp t, duration d) noexcept {
  return timestamp{saturating_add(t.time_since_epoch(), d)};
}

std::optional<duration> checked_scale(duration d, double factor) noexcept {
  if (factor == 1.0)
    return d;
  if (auto r = round_to_rep(static_cast<double>(d.count()) * factor))
    return duration{*r};
  return std::nullopt;
}

duration saturating_scale(duration d, double factor) noexcept {
  if (factor == 1.0)
    return d;
  return duration{clamp_to_rep(static_cast<double>(d.count()) * factor)};
}

std::optional<duration> checked_from_seconds(double seconds) noexcept {
  if (auto r = round_to_rep(seconds * 1e9))
    return duration{*r};
  return std::nullopt;
}

duration saturating_from_seconds(double seconds) noexcept {
  return duration{clamp_to_rep(seconds * 1e9)};
}

} // namespace livechat
