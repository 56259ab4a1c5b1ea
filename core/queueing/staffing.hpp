// Staffing: the fewest agents meeting a target, with shrinkage and an
// occupancy cap.
//
// Given a forecast (arrival rate, AHT, optionally a mean patience) and one
// target, `plan_staffing` finds the fewest agents n whose Erlang figures meet
// the target (Erlang C without a patience, Erlang A with one), raises n to
// respect a maximum occupancy (if a/n > max_occupancy then
// n = ceil(a / max_occupancy)), and turns agents into rostered positions
// with shrinkage: positions = ceil(n / (1 - shrinkage)). It is what
// `livechat plan` prints for each interval.
//
// Example:
//   using namespace livechat::queueing;
//   staffing_inputs in;
//   in.arrival_rate_per_s = 100.0 / 1800; // 100 chats per 30 min
//   in.aht_s = 180;
//   in.target = service_level_target(0.8, 20); // 80 % within 20 s
//   in.shrinkage = 0.3;
//   auto plan = plan_staffing(in);
//   if (plan && plan->met)
//     fmt::print("{} agents, {} positions\n", plan->agents,
//                plan->positions); // 14 agents, 20 positions
#pragma once

#include "core/error.hpp"
#include "core/queueing/erlang.hpp"

#include <optional>

namespace livechat::queueing {

/// What a staffing target constrains.
enum class staffing_metric {
  service_level, ///< service level (of a definition) within t >= value
  asa,           ///< mean wait over all arrivals <= value seconds
  abandon_rate,  ///< P(Ab) <= value; needs a patience (Erlang A)
  p_wait,        ///< P(W > 0) <= value
};

/// One target. Build it with the helpers below.
struct staffing_target {
  staffing_metric metric = staffing_metric::service_level;
  /// service_level, abandon_rate, p_wait: a fraction in [0, 1];
  /// asa: seconds >= 0.
  double value = 0.8;
  /// The t of "value within t"; for other metrics it is the t at which the
  /// achieved service levels are reported.
  double threshold_s = 20;
  /// Which service level counts (service_level only; Erlang C ignores it,
  /// every definition is the same there).
  service_level_definition definition = service_level_definition::offered;
};

/// "`fraction` of chats within `threshold_s`", counted by `definition`.
staffing_target
service_level_target(double fraction, double threshold_s,
                     service_level_definition definition
                     = service_level_definition::offered) noexcept;

/// "mean wait over all arrivals at most `max_asa_s`".
staffing_target asa_target(double max_asa_s) noexcept;

/// "at most `max_fraction` of chats abandon" (needs a patience).
staffing_target abandon_rate_target(double max_fraction) noexcept;

/// "at most `max_fraction` of chats wait at all".
staffing_target p_wait_target(double max_fraction) noexcept;

/// A staffing question for one interval.
struct staffing_inputs {
  double arrival_rate_per_s = 0; ///< lambda >= 0
  double aht_s = 0;              ///< mean handling time > 0
  /// Mean patience > 0 selects Erlang A; absent selects Erlang C.
  std::optional<double> mean_patience_s;
  staffing_target target;
  double shrinkage = 0;     ///< share of paid time not on chats, in [0, 1)
  double max_occupancy = 1; ///< cap on a / n, in (0, 1]
  int max_agents = 100'000; ///< search limit, >= 1
};

/// Figures achieved by a number of agents.
struct staffing_figures {
  int agents = 0;       ///< the n these figures are for
  double p_wait = 0;    ///< P(W > 0)
  double p_abandon = 0; ///< P(Ab); 0 under Erlang C
  double asa_s = 0;     ///< mean wait over all arrivals
  double occupancy = 0; ///< a / n (Erlang C), lambda (1 - P(Ab)) / (n mu) (A)
  /// At target.threshold_s, every definition.
  service_levels service_level;
};

/// The answer. When `met` is false no n <= max_agents meets both the target
/// and the occupancy cap: agents and positions are 0 and `achieved` shows
/// what max_agents would give (raw_agents still names the fewest agents
/// meeting the target alone, if that was within max_agents, else 0).
struct staffing_plan {
  bool met = false;
  double offered_load = 0;   ///< a = lambda AHT, Erlangs
  int raw_agents = 0;        ///< fewest agents meeting the target
  int agents = 0;            ///< raw_agents raised to respect max_occupancy
  int positions = 0;         ///< ceil(agents / (1 - shrinkage))
  staffing_figures achieved; ///< at `agents` (at max_agents when !met)
};

/// Finds the fewest agents meeting `in.target` (comparisons allow 1e-12 of
/// rounding), then applies the occupancy cap and shrinkage. The search steps
/// up from floor(a) + 1 (Erlang C) or 1 (Erlang A), carrying Erlang B along,
/// so it costs O(result) evaluations. With no arrivals the plan is 0 agents.
/// errc::invalid_argument for a negative or non-finite rate or time, AHT or
/// patience not positive, a fraction outside [0, 1], shrinkage outside
/// [0, 1), max_occupancy outside (0, 1], max_agents < 1, an abandon-rate
/// target without a patience, or positions beyond the range of int.
[[nodiscard]] expected<staffing_plan>
plan_staffing(const staffing_inputs& in) noexcept;

} // namespace livechat::queueing
