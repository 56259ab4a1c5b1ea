// Student's t distribution: CDF and quantiles for any probability, for
// one-sided decisions at a chosen confidence (capacity planning's decision
// rule, sim/planning/decision.hpp). The 95 % two-sided intervals of
// running_stats.hpp keep their own table.
//
// The CDF comes from the regularized incomplete beta function
// (continued fraction, Lentz's method); the quantile inverts it by
// bisection on [0, 1e6] to 1e-10. Accurate to about 1e-9 for df >= 1 and
// p in [1e-12, 1 - 1e-12].
//
// Example:
//   double t = livechat::stats::student_t_quantile(0.95, 3);  // 2.353363
#pragma once

#include <cstdint>

namespace livechat::stats {

/// P(T <= t) for T Student-t with `df` (>= 1) degrees of freedom.
double student_t_cdf(double t, std::uint64_t df) noexcept;

/// The `p` quantile (0 < p < 1) of Student's t with `df` (>= 1) degrees of
/// freedom.
double student_t_quantile(double p, std::uint64_t df) noexcept;

} // namespace livechat::stats
