#include "core/stats/running_stats.hpp"

#include <array>
#include <cassert>
#include <cmath>

namespace livechat::stats {

void running_stats::add(double x) noexcept {
  assert(std::isfinite(x) && "running_stats: non-finite observation");
  ++count_;
  auto delta = x - mean_;
  mean_ += delta / static_cast<double>(count_);
  m2_ += delta * (x - mean_);
}

void running_stats::merge(const running_stats& other) noexcept {
  if (other.count_ == 0)
    return;
  if (count_ == 0) {
    *this = other;
    return;
  }
  auto n_a = static_cast<double>(count_);
  auto n_b = static_cast<double>(other.count_);
  auto n = n_a + n_b;
  auto delta = other.mean_ - mean_;
  mean_ += delta * (n_b / n);
  m2_ += other.m2_ + delta * delta * (n_a * n_b / n);
  count_ += other.count_;
}

double running_stats::variance() const noexcept {
  if (count_ < 2)
    return 0.0;
  return m2_ / static_cast<double>(count_ - 1);
}

double running_stats::stddev() const noexcept {
  return std::sqrt(variance());
}

double running_stats::standard_error() const noexcept {
  if (count_ < 2)
    return 0.0;
  return stddev() / std::sqrt(static_cast<double>(count_));
}

double student_t_975(std::uint64_t degrees_of_freedom) noexcept {
  assert(degrees_of_freedom >= 1 && "student_t_975: needs df >= 1");
  // t_{0.975, df} for df = 1..30.
  static constexpr std::array<double, 30> table{
    12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836,
    2.446911851,  2.364624252, 2.306004135, 2.262157163, 2.228138852,
    2.200985160,  2.178812830, 2.160368656, 2.144786688, 2.131449546,
    2.119905299,  2.109815578, 2.100922040, 2.093024054, 2.085963447,
    2.079613845,  2.073873068, 2.068657610, 2.063898562, 2.059538553,
    2.055529439,  2.051830516, 2.048407142, 2.045229642, 2.042272456,
  };
  if (degrees_of_freedom == 0)
    return table[0];
  if (degrees_of_freedom <= table.size())
    return table[degrees_of_freedom - 1];
  // Cornish-Fisher expansion of t in powers of 1/df around z = Phi^-1(0.975)
  // (Abramowitz & Stegun 26.7.5).
  constexpr double z = 1.959963984540054;
  constexpr double z3 = z * z * z;
  constexpr double z5 = z3 * z * z;
  constexpr double z7 = z5 * z * z;
  constexpr double z9 = z7 * z * z;
  constexpr double g1 = (z3 + z) / 4.0;
  constexpr double g2 = (5.0 * z5 + 16.0 * z3 + 3.0 * z) / 96.0;
  constexpr double g3 = (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / 384.0;
  constexpr double g4
    = (79.0 * z9 + 776.0 * z7 + 1482.0 * z5 - 1920.0 * z3 - 945.0 * z)
      / 92160.0;
  auto v = 1.0 / static_cast<double>(degrees_of_freedom);
  return z + v * (g1 + v * (g2 + v * (g3 + v * g4)));
}

interval confidence_interval_95(const running_stats& stats) noexcept {
  auto mean = stats.mean();
  if (stats.count() < 2)
    return {mean, mean};
  auto half = student_t_975(stats.count() - 1) * stats.standard_error();
  return {mean - half, mean + half};
}

} // namespace livechat::stats
