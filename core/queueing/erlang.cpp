#include "core/queueing/erlang.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace livechat::queueing {

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

/// Relative size below which the rest of a series is dropped.
constexpr double series_epsilon = 1e-17;

/// Terms at or below this index are multiplied out directly when locating the
/// largest term of A(x, y); above it a Stirling series is used.
constexpr double direct_log_term_limit = 64;

/// Largest lambda / theta and n mu / theta accepted: the A(x, y) series takes
/// about sqrt(max(x, y)) terms, and beyond 2^53 a step of 1 in its index is
/// lost.
constexpr double max_series_argument = 1e12;

bool finite_non_negative(double v) noexcept {
  return std::isfinite(v) && v >= 0;
}

bool finite_positive(double v) noexcept {
  return std::isfinite(v) && v > 0;
}

double clamp01(double v) noexcept {
  return std::clamp(v, 0.0, 1.0);
}

/// Stirling correction ln Gamma(z) - ((z - 1/2) ln z - z + ln(2 pi) / 2),
/// accurate to about 1e-17 for z >= 32.
double stirling_correction(double z) noexcept {
  const double r = 1 / z;
  const double r2 = r * r;
  return r
         * (1.0 / 12
            - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680))));
}

/// ln Gamma(z + m) - ln Gamma(z) = sum_{k=0}^{m-1} ln(z + k) for z > 0 and
/// integral m >= 0, without forming either Gamma value.
double log_rising_factorial(double z, double m) noexcept {
  double acc = 0;
  // Shift z up to where the Stirling series is accurate.
  while (z < 32 && m > 0) {
    acc += std::log(z);
    z += 1;
    m -= 1;
  }
  if (m <= 0)
    return acc;
  const double z2 = z + m;
  // (z2 - 1/2) ln z2 - (z - 1/2) ln z - m, rearranged to avoid cancellation.
  acc += (z - 0.5) * std::log1p(m / z) + m * std::log(z2) - m;
  return acc + stirling_correction(z2) - stirling_correction(z);
}

/// psi(z) - ln z for z >= 32 (asymptotic series, about 1e-17).
double digamma_minus_log(double z) noexcept {
  const double r = 1 / z;
  const double r2 = r * r;
  return -0.5 * r
         - r2 * (1.0 / 12 - r2 * (1.0 / 120 - r2 * (1.0 / 252 - r2 / 240)));
}

/// sum_{i=0}^{m} 1 / (x + i) for x > 0 and integral m >= 0.
double harmonic_sum(double x, double m) noexcept {
  double acc = 0;
  while ((x < 32 || m < 4096) && m >= 0) {
    acc += 1 / x;
    x += 1;
    m -= 1;
  }
  if (m < 0)
    return acc;
  // psi(x + m + 1) - psi(x).
  const double z2 = x + m + 1;
  return acc + std::log1p((m + 1) / x) + digamma_minus_log(z2)
         - digamma_minus_log(x);
}

/// A(x, y) = 1 + sum_{j>=1} y^j / prod_{k=1..j} (x + k) in a form that cannot
/// overflow, plus what the Erlang A figures need from it.
struct a_series {
  double log_value = 0;     ///< ln A(x, y)
  double tail_fraction = 0; ///< (A - 1) / A = 1 - 1/A, accurate near A = 1
  /// sum_j t_j H_j / sum_j t_j with t_j the terms and
  /// H_j = sum_{i=0}^{j} 1 / (x + i); only when requested.
  double mean_harmonic = 0;
};

/// Sums the series outward from its largest term t_m (m = floor(y - x) when
/// y > x, else 0), with every term scaled by 1/t_m, so nothing overflows and
/// the cost is the width of the peak (about sqrt(y)), not its position.
a_series evaluate_a_series(double x, double y, bool want_harmonic) noexcept {
  a_series out;
  if (y <= 0) {
    out.mean_harmonic = 1 / x;
    return out;
  }
  const double m = y > x ? std::floor(y - x) : 0;
  // ln t_m = m ln y - ln((x+1)(x+2)...(x+m)).
  double log_peak = 0;
  if (m <= direct_log_term_limit) {
    for (double k = 1; k <= m; k += 1)
      log_peak += std::log(y / (x + k));
  } else {
    log_peak = m * std::log(y) - log_rising_factorial(x + 1, m);
  }
  const double h_peak = want_harmonic ? harmonic_sum(x, m) : 0;
  double sum = 1;           // scaled sum of all terms
  double forward = 0;       // scaled sum of terms with j > m
  double weighted = h_peak; // scaled sum of t_j H_j
  // Forward: j = m+1, m+2, ...; ratios y / (x + j) < 1 and shrinking.
  {
    double term = 1;
    double h = h_peak;
    for (double j = m + 1;; j += 1) {
      const double ratio = y / (x + j);
      term *= ratio;
      sum += term;
      forward += term;
      if (want_harmonic) {
        h += 1 / (x + j);
        weighted += term * h;
      }
      const double next = y / (x + j + 1);
      if (term * next / (1 - next) < series_epsilon * sum)
        break;
    }
  }
  // Backward: j = m-1, ..., 0; ratios (x + j + 1) / y < 1 and shrinking.
  {
    double term = 1;
    double h = h_peak;
    for (double j = m - 1; j >= 0; j -= 1) {
      const double ratio = (x + j + 1) / y;
      term *= ratio;
      sum += term;
      if (want_harmonic) {
        h -= 1 / (x + j + 1);
        weighted += term * h;
      }
      const double next = (x + j) / y;
      if (term * next / (1 - next) < series_epsilon * sum)
        break;
    }
  }
  out.log_value = log_peak + std::log(sum);
  // When m > 0 the largest term exceeds t_0 = 1, so A >= 2 and 1 - 1/A has
  // no cancellation; when m == 0 the terms j >= 1 were summed on their own.
  out.tail_fraction = m > 0 ? 1 - std::exp(-out.log_value) : forward / sum;
  out.mean_harmonic = weighted / sum;
  return out;
}

service_levels all_equal(double v) noexcept {
  return {v, v, v, v};
}

} // namespace

bool valid_inputs(const erlang_c_inputs& in, double threshold_s) noexcept {
  return finite_non_negative(in.arrival_rate_per_s) && finite_positive(in.aht_s)
         && in.agents >= 1 && finite_non_negative(threshold_s)
         && std::isfinite(in.arrival_rate_per_s * in.aht_s);
}

bool valid_inputs(const erlang_a_inputs& in, double threshold_s) noexcept {
  return valid_inputs(erlang_c_inputs{in.arrival_rate_per_s, in.aht_s,
                                      in.agents},
                      threshold_s)
         && finite_positive(in.mean_patience_s)
         && in.arrival_rate_per_s * in.mean_patience_s <= max_series_argument
         && in.agents * in.mean_patience_s / in.aht_s <= max_series_argument;
}

double erlang_b(int n, double a) noexcept {
  if (n < 0 || !finite_non_negative(a))
    return nan_value;
  double b = 1;
  for (int k = 1; k <= n; ++k)
    b = a * b / (k + a * b);
  return b;
}

double erlang_c(int n, double a) noexcept {
  if (n < 0 || !finite_non_negative(a))
    return nan_value;
  if (a >= n)
    return 1;
  const double b = erlang_b(n, a);
  return clamp01(n * b / (n - a * (1 - b)));
}

std::string_view to_string(service_level_definition d) noexcept {
  switch (d) {
    case service_level_definition::offered: return "offered";
    case service_level_definition::answered: return "answered";
    case service_level_definition::excl_short_abandons:
      return "excl_short_abandons";
    case service_level_definition::virtual_wait: return "virtual";
  }
  return "unknown";
}

std::optional<service_level_definition>
parse_service_level_definition(std::string_view text) noexcept {
  for (auto d :
       {service_level_definition::offered, service_level_definition::answered,
        service_level_definition::excl_short_abandons,
        service_level_definition::virtual_wait})
    if (text == to_string(d))
      return d;
  return std::nullopt;
}

double service_levels::get(service_level_definition d) const noexcept {
  switch (d) {
    case service_level_definition::offered: return offered;
    case service_level_definition::answered: return answered;
    case service_level_definition::excl_short_abandons:
      return excl_short_abandons;
    case service_level_definition::virtual_wait: return virtual_wait;
  }
  return nan_value;
}

erlang_c_figures evaluate_erlang_c_given_b(const erlang_c_inputs& in,
                                           double threshold_s,
                                           double erlang_b_value) noexcept {
  erlang_c_figures out;
  const double n = in.agents;
  const double a = in.arrival_rate_per_s * in.aht_s;
  out.offered_load = a;
  out.threshold_s = threshold_s;
  if (a >= n) {
    out.stable = false;
    out.p_wait = 1;
    out.asa_s = infinity;
    out.occupancy = 1;
    out.p_wait_longer = 1;
    out.service_level = all_equal(0);
    return out;
  }
  const double b = erlang_b_value;
  const double c = clamp01(n * b / (n - a * (1 - b)));
  out.stable = true;
  out.p_wait = c;
  out.asa_s = c * in.aht_s / (n - a);
  out.occupancy = a / n;
  out.p_wait_longer = c * std::exp(-(n - a) * threshold_s / in.aht_s);
  out.service_level = all_equal(1 - out.p_wait_longer);
  return out;
}

expected<erlang_c_figures> evaluate_erlang_c(const erlang_c_inputs& in,
                                             double threshold_s) noexcept {
  if (!valid_inputs(in, threshold_s))
    return errc::invalid_argument;
  const double a = in.arrival_rate_per_s * in.aht_s;
  return evaluate_erlang_c_given_b(in, threshold_s, erlang_b(in.agents, a));
}

erlang_a_figures evaluate_erlang_a_given_b(const erlang_a_inputs& in,
                                           double threshold_s,
                                           double erlang_b_value) noexcept {
  erlang_a_figures out;
  const double n = in.agents;
  const double lambda = in.arrival_rate_per_s;
  const double mu = 1 / in.aht_s;
  const double theta = 1 / in.mean_patience_s;
  const double t = threshold_s;
  const double a = lambda * in.aht_s;
  const double rho = a / n;
  out.offered_load = a;
  out.threshold_s = t;
  out.service_level = all_equal(1);
  // Arriving to "all busy, nobody queued", a chat abandons before an agent
  // frees up with probability theta / (n mu + theta): the limit of the
  // general formula as lambda -> 0. Nothing else waits without arrivals.
  if (lambda == 0) {
    out.p_abandon_given_wait = theta / (n * mu + theta);
    return out;
  }
  const double eb = erlang_b_value;
  const double x = n * in.mean_patience_s / in.aht_s; // n mu / theta
  const double y = lambda * in.mean_patience_s;       // lambda / theta
  const a_series s0 = evaluate_a_series(x, y, true);
  const double inv_a0 = std::exp(-s0.log_value); // 1 / A0, may underflow
  // P(W>0) = A0 E_B / (1 + (A0 - 1) E_B), divided through by A0. E_B
  // underflows to 0 only far below saturation, where A0 is moderate.
  const double p_wait = eb > 0 ? clamp01(eb / (inv_a0 + s0.tail_fraction * eb))
                               : 0;
  // P(Ab | W>0) = 1 / (rho A0) + 1 - 1/rho = 1 - (1 - 1/A0) / rho.
  const double p_ab_given_wait = clamp01(1 - s0.tail_fraction / rho);
  const double p_ab = p_ab_given_wait * p_wait;
  out.p_wait = p_wait;
  out.p_abandon_given_wait = p_ab_given_wait;
  out.p_abandon = p_ab;
  out.occupancy = clamp01(rho * (1 - p_ab));
  out.asa_s = p_ab * in.mean_patience_s;
  if (p_wait == 0)
    return out;
  // An arrival finding j chats queued waits, if patient, through j + 1
  // departures at rates n mu + i theta, i = 0..j: E[V] = P(W>0) E[H] / theta.
  out.mean_virtual_wait_s = p_wait * s0.mean_harmonic * in.mean_patience_s;

  // Tails at t. pi_n = P(W>0) / A0, and
  // P(V>t) = pi_n exp(-n mu t + y (1 - e^{-theta t})) A(x, y e^{-theta t}),
  // combined in logarithms because the factors may over- or underflow.
  const double decay = std::exp(-theta * t);
  const a_series st = t > 0 ? evaluate_a_series(x, y * decay, false) : s0;
  const double log_pv = std::log(p_wait) - s0.log_value
                        + (-n * mu * t + y * -std::expm1(-theta * t))
                        + st.log_value;
  const double p_v = t > 0 ? std::min(p_wait, std::exp(log_pv)) : p_wait;
  const double p_w = p_v * decay;
  // P(W>t, served) = P(V>t) (1/rho) (1 - 1/A(x, y e^{-theta t})).
  const double p_ws = std::min(p_w, p_v * st.tail_fraction / rho);
  const double p_ab_within = clamp01(p_ab - (p_w - p_ws));
  const double served_within = clamp01(1 - p_ab - p_ws);
  out.p_virtual_wait_longer = p_v;
  out.p_wait_longer = p_w;
  out.p_wait_longer_served = p_ws;
  out.p_abandon_within = p_ab_within;
  out.service_level.offered = served_within;
  out.service_level.answered = p_ab < 1 ? clamp01(served_within / (1 - p_ab))
                                        : 0;
  out.service_level.excl_short_abandons
    = p_ab_within < 1 ? clamp01(served_within / (1 - p_ab_within)) : 0;
  out.service_level.virtual_wait = 1 - p_v;
  return out;
}

expected<erlang_a_figures> evaluate_erlang_a(const erlang_a_inputs& in,
                                             double threshold_s) noexcept {
  if (!valid_inputs(in, threshold_s))
    return errc::invalid_argument;
  const double a = in.arrival_rate_per_s * in.aht_s;
  return evaluate_erlang_a_given_b(in, threshold_s, erlang_b(in.agents, a));
}

} // namespace livechat::queueing
