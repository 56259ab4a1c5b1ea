// Running mean and variance in O(1) memory, and 95 % confidence intervals.
//
// Welford's update keeps the mean and the sum of squared deviations, so the
// variance stays accurate for values with a large common offset (where the
// textbook sum-of-squares formula cancels catastrophically). Two accumulators
// merge exactly as if one had seen both sample sets (Chan et al.), which is
// how replications run on separate threads are combined.
//
// Example:
//   livechat::stats::running_stats asa; // one value per replication
//   for (double x : {31.2, 29.8, 33.1, 30.4})
//     asa.add(x);
//   auto ci = livechat::stats::confidence_interval_95(asa);
//   // ci.lo < asa.mean() < ci.hi, half-width t(3) * s / sqrt(4)
#pragma once

#include <cstdint>

namespace livechat::stats {

class running_stats {
public:
  /// Adds one observation (finite; asserted).
  void add(double x) noexcept;

  /// Adds all observations of `other`, as if they had been added here.
  void merge(const running_stats& other) noexcept;

  /// Number of observations.
  std::uint64_t count() const noexcept {
    return count_;
  }

  /// Arithmetic mean; 0 when empty.
  double mean() const noexcept {
    return mean_;
  }

  /// Sample variance, sum of squared deviations / (n - 1); 0 when n < 2.
  double variance() const noexcept;

  /// Sample standard deviation, sqrt(variance()); 0 when n < 2.
  double stddev() const noexcept;

  /// Standard error of the mean, stddev() / sqrt(n); 0 when n < 2.
  double standard_error() const noexcept;

private:
  std::uint64_t count_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0; // sum of squared deviations from the mean
};

/// A closed interval [lo, hi].
struct interval {
  double lo = 0.0;
  double hi = 0.0;

  friend bool operator==(const interval&, const interval&) = default;
};

/// The 0.975 quantile of Student's t distribution with `degrees_of_freedom`
/// (>= 1; asserted) degrees of freedom: exact to 1e-9 from a table for 1..30,
/// a Cornish-Fisher expansion around the normal 1.959964 above (error < 5e-8).
double student_t_975(std::uint64_t degrees_of_freedom) noexcept;

/// Two-sided 95 % confidence interval for the mean:
/// mean +- student_t_975(n - 1) * standard_error(). For n < 2 (no spread
/// known) it is {mean, mean}.
interval confidence_interval_95(const running_stats& stats) noexcept;

} // namespace livechat::stats
