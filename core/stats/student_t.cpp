#include "core/stats/student_t.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace livechat::stats {

namespace {

/// Continued fraction of the incomplete beta function (Numerical Recipes
/// `betacf`, modified Lentz).
double beta_fraction(double a, double b, double x) noexcept {
  constexpr int max_iterations = 300;
  constexpr double eps = 1e-15;
  constexpr double tiny = 1e-300;
  double qab = a + b;
  double qap = a + 1.0;
  double qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::fabs(d) < tiny)
    d = tiny;
  d = 1.0 / d;
  double h = d;
  // One step of the modified Lentz recurrence with coefficient `aa`;
  // returns the factor it applies to h.
  auto step = [&](double aa) {
    d = 1.0 + aa * d;
    if (std::fabs(d) < tiny)
      d = tiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < tiny)
      c = tiny;
    d = 1.0 / d;
    return d * c;
  };
  for (int m = 1; m <= max_iterations; ++m) {
    double m2 = 2.0 * m;
    h *= step(m * (b - m) * x / ((qam + m2) * (a + m2)));
    double del = step(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)));
    h *= del;
    if (std::fabs(del - 1.0) < eps)
      break;
  }
  return h;
}

/// The regularized incomplete beta function I_x(a, b).
double incomplete_beta(double a, double b, double x) noexcept {
  if (x <= 0.0)
    return 0.0;
  if (x >= 1.0)
    return 1.0;
  double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b)
                     + a * std::log(x) + b * std::log1p(-x);
  double front = std::exp(log_front);
  if (x < (a + 1.0) / (a + b + 2.0))
    return front * beta_fraction(a, b, x) / a;
  return 1.0 - front * beta_fraction(b, a, 1.0 - x) / b;
}

} // namespace

double student_t_cdf(double t, std::uint64_t df) noexcept {
  assert(df >= 1 && "student_t_cdf: needs df >= 1");
  double v = static_cast<double>(df);
  // P(|T| > |t|) = I_{v / (v + t^2)}(v / 2, 1 / 2).
  double tail = 0.5 * incomplete_beta(v / 2.0, 0.5, v / (v + t * t));
  return t >= 0 ? 1.0 - tail : tail;
}

double student_t_quantile(double p, std::uint64_t df) noexcept {
  assert(p > 0.0 && p < 1.0 && "student_t_quantile: p in (0, 1)");
  if (p == 0.5)
    return 0.0;
  if (p < 0.5)
    return -student_t_quantile(1.0 - p, df);
  double lo = 0.0;
  double hi = 1e6;
  for (int i = 0; i < 200 && hi - lo > 1e-10 * std::max(1.0, lo); ++i) {
    double mid = 0.5 * (lo + hi);
    if (student_t_cdf(mid, df) < p)
      lo = mid;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}

} // namespace livechat::stats
