// Test helper: moments of a sample with their standard errors, so that
// statistical tests can allow "5 standard errors" instead of guessed slack.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace livechat::sim::testing {

struct sample_stats {
  std::size_t n = 0;
  double mean = 0.0;
  double variance = 0.0; ///< with denominator n - 1
  double min = 0.0;
  /// Standard error of `mean`: sqrt(variance / n).
  double mean_se = 0.0;
  /// Standard error of `variance`: sqrt((m4 - variance^2) / n), with m4 the
  /// sample's fourth central moment.
  double variance_se = 0.0;
};

inline sample_stats stats_of(const std::vector<double>& xs) {
  sample_stats s;
  s.n = xs.size();
  if (s.n < 2)
    return s;
  double sum = 0.0;
  s.min = xs.front();
  for (double x : xs) {
    sum += x;
    if (x < s.min)
      s.min = x;
  }
  const auto n = static_cast<double>(s.n);
  s.mean = sum / n;
  double m2 = 0.0;
  double m4 = 0.0;
  for (double x : xs) {
    const double d = x - s.mean;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  s.variance = m2 / (n - 1.0);
  m4 /= n;
  s.mean_se = std::sqrt(s.variance / n);
  s.variance_se = std::sqrt(std::fabs(m4 - s.variance * s.variance) / n);
  return s;
}

} // namespace livechat::sim::testing
