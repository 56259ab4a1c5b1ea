// The Erlang starting point of capacity planning: per group and planning
// interval, the load a group sees as the Erlang formulas see it, and the
// fewest agents meeting the planning targets by Erlang C and by Erlang A.
// `livechat plan` starts from these answers and refines them by simulation;
// the rules below are what a user of an Erlang calculator would do by hand.
//
// Loads (`interval_loads`):
//   - Interval k covers [k * interval, (k + 1) * interval). A workload's
//     arrival rate there is the time-weighted average of its rate over the
//     interval: poisson is constant; a profile averages its steps (zero
//     before the first step); a trace counts its times in the interval,
//     divided by the interval's length, when `trace_times` gives them
//     (aligned with `sc.workload`, as for the engine), and is zero otherwise.
//     Arrivals stop at the horizon: the part of an interval at or past
//     `sc.horizon` adds no arrivals (the average is still over the whole
//     interval). Several workloads of one chat add up.
//   - A handling follows the chat's first workload, as in the simulation
//     (sim/engine.hpp): its AHT and its transfers apply to every session of
//     the chat. The AHT is the mean of `handle_time`; with a message model
//     a handling is the conversation plus the wrap-up:
//     E[n] E[reply] + (E[n] - 1) E[think] + E[handle_time], with E[n] the
//     mean of `per_session`, at least 1. `handle_time_factor_by_load` is
//     ignored (Erlang cannot see it; the simulation does).
//   - A chat's sessions go to its operator groups, split evenly if it has
//     several. Transfers: each expert group receives rate x probability of
//     every transfer to it, with the mean of the transfer's `handle_time`
//     (the workload's AHT, conversation included, if it has none).
//     Abandonment before the transfer is ignored (the expert load is a
//     little high).
//   - A group serving several chats (or both as operators and as experts)
//     sums the rates; its AHT is the rate-weighted mean (0 when nothing
//     arrives in the interval).
//   - Patience: the rate-weighted mean of the patience means of the loads
//     arriving in the interval. If any of them has no patience, the group
//     has none (Erlang C only). Transferred sessions count as having no
//     patience: the customer's patience runs from the opening, so a fresh
//     patience in the expert queue would be too kind; expert queues are
//     planned by Erlang C.
//   - Concurrency (a chat's capacity > 1) is ignored: one agent is one
//     server. That is the point: the plan report shows how far Erlang is off.
//
// Answers (`erlang_answer`):
//   - Each target becomes `target_spec::to_staffing_target()`; an occupancy
//     target has none and lowers the occupancy cap instead:
//     max_occupancy = min(max_occupancy, bound).
//   - `queueing::plan_staffing` runs once per target, and once with no real
//     target (P(wait) <= 1: stability and the occupancy cap alone); the
//     answer is the largest agent count, so it meets every target (every
//     figure improves with more agents). Positions are
//     ceil(agents / (1 - shrinkage)).
//   - Erlang C skips abandon_rate targets: without a patience nobody
//     abandons, so any stable staffing meets them. Without a patience there
//     is no Erlang A answer of its own: `erlang_a` is `erlang_c`.
//   - No target: the minimum of stability (Erlang C: more agents than
//     Erlangs) and the occupancy cap (ceil(a / max_occupancy)).
//   - `met` is false when a target (or the cap) cannot be met with at most
//     `max_agents` agents; agents and positions are then 0, as in
//     `queueing::staffing_plan`.
//   - Zero load (no arrivals, or no handling time): 0 agents, met.
//
// Example:
//   using namespace livechat;
//   auto groups = sim::serving_groups(ws);
//   auto loads = sim::planning::interval_loads(sc, ws, groups, 30min, 16);
//   auto t = scenarios::parse_target("service_level.offered >= 80% @ 20s");
//   auto ans = sim::planning::erlang_answer(loads[0][0], {*t.value},
//                                           /*shrinkage=*/0.3,
//                                           /*max_occupancy=*/1,
//                                           /*max_agents=*/1000);
//   // 100 chats per 30 min, AHT 3 min: ans.erlang_c.agents == 14,
//   // ans.erlang_c.positions == 20 (QUEUEING.md row C2).
#pragma once

#include "core/ids.hpp"
#include "core/time.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/targets.hpp"
#include "scenarios/workspace.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace livechat::sim::planning {

/// The load one group sees in one interval, as Erlang formulas see it.
/// Arrivals of `a` in [from, to) (only those before `horizon`; a trace's
/// from `trace`, none without it), divided by the length of [from, to): the
/// mean rate per second.
double mean_rate(const scenarios::arrival_spec& a, duration from, duration to,
                 duration horizon, const std::vector<duration>* trace);

struct group_interval_load {
  double arrival_rate_per_s = 0; ///< sessions reaching the group's queue
  double aht_s = 0;              ///< mean handling time per session
  std::optional<double> mean_patience_s; ///< set: Erlang A applies
  double offered_erlangs() const {
    return arrival_rate_per_s * aht_s;
  }
};

/// [group index (in `groups` order)][interval]: the loads, by the rules at
/// the top of this file. Groups of `groups` that serve no chat get zero
/// loads; loads of groups missing from `groups` are left out. `trace_times`
/// (optional) are the arrival times of `trace` workloads, aligned with
/// `sc.workload`. Preconditions: `sc` validates and `ws` is
/// `to_workspace(sc)`. Throws std::invalid_argument if `interval` is not
/// positive.
std::vector<std::vector<group_interval_load>>
interval_loads(const scenarios::scenario& sc,
               const scenarios::scenario_workspace& ws,
               const std::vector<group_id>& groups, duration interval,
               std::size_t intervals,
               const std::vector<std::vector<duration>>* trace_times = nullptr);

/// Staffing by one formula. When `met` is false, agents and positions are 0.
struct erlang_staffing {
  int agents = 0;
  int positions = 0;
  bool met = false;
};

struct erlang_answers {
  double offered_erlangs = 0;
  erlang_staffing erlang_c;
  erlang_staffing erlang_a; ///< equals erlang_c when the load has no patience
};

/// The fewest agents meeting every target (the max over targets), with the
/// occupancy cap and shrinkage, by Erlang C and by Erlang A (rules at the
/// top of this file). Throws std::invalid_argument when the core's staffing
/// search rejects the inputs: shrinkage outside [0, 1), max_occupancy outside
/// (0, 1] or an occupancy target <= 0, max_agents < 1, a target out of range,
/// or a negative or non-finite rate, AHT or patience.
erlang_answers erlang_answer(const group_interval_load& load,
                             const std::vector<scenarios::target_spec>& targets,
                             double shrinkage, double max_occupancy,
                             int max_agents);

} // namespace livechat::sim::planning
