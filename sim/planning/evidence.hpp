// The planner's evidence: a staffing simulated, its figures pooled per
// replication, and the verdicts on them (sim/planning/decision.hpp).
// Internal to the planner (sim/planning/plan.cpp).
//
// Staffings are per group and class of intervals with the same load
// (load_classes.hpp); `per_interval` spreads them over the day and `staffed`
// writes them into the scenario as shifts. `assess` simulates a staffing on
// given days and decides every (group, class), adding days while a verdict
// is undecided.
#pragma once

#include "core/stats/running_stats.hpp"
#include "sim/engine.hpp"
#include "sim/planning/decision.hpp"
#include "sim/planning/load_classes.hpp"
#include "sim/planning/plan.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace livechat::sim::planning {

/// [group][interval] operators Online.
using staffing = std::vector<std::vector<int>>;
/// [group][class] operators Online.
using class_staffing = std::vector<std::vector<int>>;

/// `sc` with one shift per planned group: `staff[g][k]` Online from interval
/// k on. Groups grow to the largest count (generated members are named
/// `<group>-plan-<i>`); other shifts of these groups are dropped.
scenarios::scenario staffed(const scenarios::scenario& sc,
                            const std::vector<std::string>& names,
                            const staffing& staff, duration interval);

/// `sc` with every arrival rate times `factor` (traces stay as they are).
scenarios::scenario scaled_volume(scenarios::scenario sc, double factor);

/// A queue a group serves: a chat's first-level queue, or the group's own
/// expert queue.
struct queue_ref {
  bool expert = false;
  std::size_t index = 0; ///< chat index, or group index for expert queues
};

/// [group][class or interval][target][queue]
using stats_grid
  = std::vector<std::vector<std::vector<std::vector<stats::running_stats>>>>;

/// What the planner knows about the scenario's structure.
struct plan_context {
  const scenarios::scenario& sc;
  const plan_options& options;
  std::vector<group_id> groups; ///< serving_groups, planned in this order
  std::vector<std::string> names;
  std::vector<std::vector<queue_ref>> queues; ///< per group
  std::vector<int> capacity;                  ///< per group, per operator
  std::size_t intervals = 0;
  interval_classes classes;
  std::size_t first_measured = 0; ///< the first interval after warm-up
  double occupancy_cap = 1;
  std::size_t simulated_days = 0;
  std::uint64_t max_reps = 0; ///< replications a staffing may take at most
};

/// The evidence about one staffing: per replication, each class's figures
/// pooled over its intervals (the unit of decisions), and each interval's
/// own (the report's achieved figures).
struct evidence {
  std::uint64_t replications = 0;
  stats_grid pooled;       ///< [g][class][t][q]
  stats_grid per_interval; ///< [g][k][t][q]
  std::vector<std::vector<stats::running_stats>> pooled_occupancy; ///< [g][c]
  std::vector<std::vector<stats::running_stats>> occupancy;        ///< [g][k]
};

evidence empty_evidence(const plan_context& pc);

/// Replications `first` .. `first + count - 1` of `sc`, added to `ev` in
/// index order (the evidence is the same for any thread count).
void simulate(plan_context& pc, const scenarios::scenario& sc,
              std::uint64_t first, std::uint64_t count, evidence& ev);

/// The verdict on one group and class: met when every target on every
/// queue (and the occupancy cap) is met; not met when any is not.
struct cell_verdict {
  verdict v = verdict::met;
  bool measured = false;           ///< something was measured
  bool clearly_short = false;      ///< some figure is beyond its bound itself
  std::vector<verdict> per_target; ///< aligned with the targets
};

using verdict_grid = std::vector<std::vector<cell_verdict>>; ///< [g][class]

/// [group][class] verdicts on `ev`, every figure decided as one of all the
/// decisions made at once.
verdict_grid decide_all(const plan_context& pc, const evidence& ev);

/// Per interval: the class's staffing; warm-up intervals take the first
/// measured interval's (they are never decided on their own).
staffing per_interval(const plan_context& pc, const class_staffing& s);

/// The evidence about staffing `s` and the verdicts on it: `first_count`
/// replications from `first`, then more in batches of the same size while
/// some verdict is undecided, up to `limit` in all.
struct assessment {
  evidence ev;
  verdict_grid verdicts;
};

assessment assess(plan_context& pc, const class_staffing& s,
                  std::uint64_t first, std::uint64_t first_count,
                  std::uint64_t limit);

figure to_figure(const stats::running_stats& s);

/// The report's achieved figures of group `g`, interval `k`: per target the
/// worst queue (mean over replications, 95 % CI) and whether the class's
/// verdict on it is met.
std::vector<achieved_target>
achieved_of(const plan_context& pc, const evidence& ev,
            const cell_verdict* cell, std::size_t g, std::size_t k);

} // namespace livechat::sim::planning
