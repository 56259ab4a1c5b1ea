#include "core/queueing/staffing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace livechat::queueing {

namespace {

/// Slack allowed when comparing an achieved figure with a target, so that a
/// figure equal to the target up to rounding counts as meeting it.
constexpr double target_tolerance = 1e-12;

/// Relative slack under which a quotient counts as the integer next to it.
constexpr double integer_tolerance = 1e-9;

/// ceil(q), ignoring floating-point excess over an integer: 14 / 0.7 is
/// 20.000000000000004 in doubles and must give 20, not 21.
double tolerant_ceil(double q) noexcept {
  const double r = std::round(q);
  if (std::abs(q - r) <= integer_tolerance * std::max(1.0, std::abs(q)))
    return r;
  return std::ceil(q);
}

bool is_fraction(double v) noexcept {
  return std::isfinite(v) && v >= 0 && v <= 1;
}

bool valid_target(const staffing_target& t, bool has_patience) noexcept {
  if (!std::isfinite(t.threshold_s) || t.threshold_s < 0)
    return false;
  switch (t.metric) {
    case staffing_metric::service_level:
    case staffing_metric::p_wait: return is_fraction(t.value);
    case staffing_metric::abandon_rate:
      return has_patience && is_fraction(t.value);
    case staffing_metric::asa: return std::isfinite(t.value) && t.value >= 0;
  }
  return false;
}

bool valid(const staffing_inputs& in) noexcept {
  if (!std::isfinite(in.shrinkage) || in.shrinkage < 0 || in.shrinkage >= 1)
    return false;
  if (!std::isfinite(in.max_occupancy) || in.max_occupancy <= 0
      || in.max_occupancy > 1)
    return false;
  if (in.max_agents < 1)
    return false;
  if (!valid_target(in.target, in.mean_patience_s.has_value()))
    return false;
  // Largest n the search may evaluate: checks every n below it too.
  if (in.mean_patience_s)
    return valid_inputs(erlang_a_inputs{in.arrival_rate_per_s, in.aht_s,
                                        in.max_agents, *in.mean_patience_s},
                        in.target.threshold_s);
  return valid_inputs(erlang_c_inputs{in.arrival_rate_per_s, in.aht_s,
                                      in.max_agents},
                      in.target.threshold_s);
}

bool meets(const staffing_target& t, const staffing_figures& f) noexcept {
  switch (t.metric) {
    case staffing_metric::service_level:
      return f.service_level.get(t.definition) >= t.value - target_tolerance;
    case staffing_metric::asa:
      return f.asa_s <= t.value * (1 + target_tolerance) + target_tolerance;
    case staffing_metric::abandon_rate:
      return f.p_abandon <= t.value + target_tolerance;
    case staffing_metric::p_wait: return f.p_wait <= t.value + target_tolerance;
  }
  return false;
}

/// Evaluates n agents given b = B(n, a).
staffing_figures figures_at(const staffing_inputs& in, int n,
                            double b) noexcept {
  staffing_figures out;
  out.agents = n;
  const double t = in.target.threshold_s;
  if (in.mean_patience_s) {
    const auto f = evaluate_erlang_a_given_b(
      {in.arrival_rate_per_s, in.aht_s, n, *in.mean_patience_s}, t, b);
    out.p_wait = f.p_wait;
    out.p_abandon = f.p_abandon;
    out.asa_s = f.asa_s;
    out.occupancy = f.occupancy;
    out.service_level = f.service_level;
  } else {
    const auto f
      = evaluate_erlang_c_given_b({in.arrival_rate_per_s, in.aht_s, n}, t, b);
    out.p_wait = f.p_wait;
    out.asa_s = f.asa_s;
    out.occupancy = f.occupancy;
    out.service_level = f.service_level;
  }
  return out;
}

staffing_figures figures_at(const staffing_inputs& in, int n) noexcept {
  return figures_at(in, n, erlang_b(n, in.arrival_rate_per_s * in.aht_s));
}

/// Fewest n in [first, max_agents] meeting the target, or 0. Carries
/// B(n, a) from one n to the next, so each step is O(1) plus, for Erlang A,
/// its series.
int fewest_meeting_target(const staffing_inputs& in, int first) noexcept {
  if (first > in.max_agents)
    return 0;
  const double a = in.arrival_rate_per_s * in.aht_s;
  double b = erlang_b(first, a);
  for (int n = first;; ++n) {
    if (meets(in.target, figures_at(in, n, b)))
      return n;
    if (n == in.max_agents)
      return 0;
    b = a * b / (n + 1 + a * b);
  }
}

} // namespace

staffing_target
service_level_target(double fraction, double threshold_s,
                     service_level_definition definition) noexcept {
  return {staffing_metric::service_level, fraction, threshold_s, definition};
}

staffing_target asa_target(double max_asa_s) noexcept {
  staffing_target t;
  t.metric = staffing_metric::asa;
  t.value = max_asa_s;
  return t;
}

staffing_target abandon_rate_target(double max_fraction) noexcept {
  staffing_target t;
  t.metric = staffing_metric::abandon_rate;
  t.value = max_fraction;
  return t;
}

staffing_target p_wait_target(double max_fraction) noexcept {
  staffing_target t;
  t.metric = staffing_metric::p_wait;
  t.value = max_fraction;
  return t;
}

expected<staffing_plan> plan_staffing(const staffing_inputs& in) noexcept {
  if (!valid(in))
    return errc::invalid_argument;
  staffing_plan plan;
  const double a = in.arrival_rate_per_s * in.aht_s;
  plan.offered_load = a;
  if (a == 0) {
    // Nothing arrives: no agents needed, nobody waits.
    plan.met = true;
    plan.achieved.service_level = {1, 1, 1, 1};
    return plan;
  }
  // Erlang C is unstable up to n = a; Erlang A is stable from one agent.
  const double first = in.mean_patience_s ? 1 : std::floor(a) + 1;
  if (first <= in.max_agents)
    plan.raw_agents = fewest_meeting_target(in, static_cast<int>(first));
  const double capped
    = plan.raw_agents == 0
        ? 0
        : std::max<double>(plan.raw_agents,
                           tolerant_ceil(a / in.max_occupancy));
  if (plan.raw_agents == 0 || capped > in.max_agents) {
    plan.achieved = figures_at(in, in.max_agents);
    return plan;
  }
  const double positions = tolerant_ceil(capped / (1 - in.shrinkage));
  if (positions > std::numeric_limits<int>::max())
    return errc::invalid_argument;
  plan.met = true;
  plan.agents = static_cast<int>(capped);
  plan.positions = static_cast<int>(positions);
  plan.achieved = figures_at(in, plan.agents);
  return plan;
}

} // namespace livechat::queueing
