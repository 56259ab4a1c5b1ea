// Capacity planning: how many operators each group needs, interval by
// interval, to meet the targets, found with the simulation.
//
// Method (docs/report-format.md, "Plan report", says it for users):
//   1. Start, per group and interval, from the Erlang answer
//      (sim/planning/erlang_plan.hpp): Erlang A where the group's customers
//      have a patience, Erlang C otherwise; clamped to [min, max].
//      Intervals with the same load (load_classes.hpp) form a class and are
//      staffed and decided together: a stationary stretch gets one answer
//      from all of its evidence. Warm-up intervals belong to no class and
//      are staffed as the first measured interval.
//   2. Simulate whole days with that staffing (every group of
//      `serving_groups` gets a shift with one step per interval; operators
//      beyond the count go Away and finish their sessions), `search_reps`
//      replications with the same seeds for every candidate (common random
//      numbers). Each group and class is decided by the rule of
//      decision.hpp on its figures pooled per replication: met, not met,
//      or undecided; undecided ones get more replications, up to
//      `max_reps`, and stay "not met" after that.
//   3. Raise every group and class not shown to meet by one operator and
//      simulate again, until all are met or stand at `max` (a time-varying
//      load needs whole days, because one interval's backlog spills into the
//      next).
//   4. Trim: lower by one every group and class shown to meet and above
//      `min`, all at once; restore those (and the classes of the intervals
//      before them) not then shown to meet; repeat while something could be
//      lowered.
//   5. Confirm on fresh days (replications never used by the search):
//      "met" and the achieved figures (95 % CIs) come from them; classes not
//      confirmed are raised and confirmed again on new days. Then the plan
//      at 90 % and 110 % of the volume.
// A difference from Erlang counts as established only where the evidence
// shows it (fewer operators shown to meet; more, with one fewer shown
// clearly short); the reports say "agrees with Erlang" otherwise.
// Positions = ceil(required / (1 - shrinkage)).
//
// Example:
//   auto result = sim::planning::make_plan(sc, ws, {.targets = sc.targets});
//   for (const auto& g : result.groups)
//     for (const auto& i : g.intervals)
//       fmt::print("{} {}: {} (Erlang C {})\n", g.name, i.index,
//                  i.required, i.erlang.erlang_c.agents);
#pragma once

#include "scenarios/scenario.hpp"
#include "scenarios/targets.hpp"
#include "scenarios/workspace.hpp"
#include "sim/experiment.hpp"
#include "sim/planning/decision.hpp"
#include "sim/planning/erlang_plan.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace livechat::sim::planning {

struct plan_options {
  duration interval = std::chrono::minutes{30};
  /// What every group and interval must achieve (scenario's and --target).
  std::vector<scenarios::target_spec> targets;
  double shrinkage = 0.3;
  /// Cap on occupancy (an `occupancy <= x` target lowers it further).
  double max_occupancy = 0.85;
  int min_agents = 0;
  int max_agents = 100;
  std::uint64_t search_reps = 10;
  std::uint64_t confirm_reps = 20;
  /// Most replications one staffing may take while decisions are undecided
  /// (at least `search_reps`; 0: no more than that).
  std::uint64_t max_reps = 0;
  /// Confidence and indifference zone of every decision (decision.hpp).
  decision_rule rule;
  std::size_t threads = 1;
  /// Called with (simulated days so far, an estimate of the total), from
  /// the calling thread.
  std::function<void(std::size_t, std::size_t)> progress;
  /// Arrival times of trace workloads (see sim/engine.hpp).
  const std::vector<std::vector<duration>>* trace_times = nullptr;
  /// Set and true: stop as soon as possible; `make_plan` then throws
  /// `sim::interrupted` (sim/parallel.hpp).
  const std::atomic<bool>* cancel = nullptr;
};

/// A target as achieved in one group and interval: the worst queue the
/// group serves (or its occupancy), mean over replications and 95 % CI.
struct achieved_target {
  std::string name; ///< target_spec::name()
  figure value;     ///< NaN-free; a queue with no sessions does not count
  bool holds = true;
  bool measured = false; ///< false: nothing to measure (no sessions)
};

struct interval_plan {
  std::size_t index = 0;
  duration start{};
  double arrival_rate_per_h = 0; ///< into the group's queues (Erlang view)
  double offered_erlangs = 0;
  erlang_answers erlang;
  int required = 0;  ///< simulated answer: operators Online
  int positions = 0; ///< ceil(required / (1 - shrinkage))
  /// The fresh confirmation's verdict on the interval's class.
  verdict outcome = verdict::undecided;
  bool met = false;    ///< verdict == met: shown to meet every target
  bool warmup = false; ///< before the warm-up ends: staffed, not measured
  std::vector<achieved_target> achieved;
  figure occupancy;
};

struct group_plan {
  std::string name;
  std::vector<interval_plan> intervals;
  double operator_hours = 0; ///< sum of required x interval
  double position_hours = 0; ///< sum of positions x interval
  double erlang_c_hours = 0; ///< the same for Erlang C's agents
  double erlang_a_hours = 0; ///< the same for Erlang A's agents
  /// The part of operator_hours - erlang_*_hours that the evidence shows
  /// (see the method above); the rest is within the simulation's precision.
  double established_vs_erlang_c_hours = 0;
  double established_vs_erlang_a_hours = 0;
  int peak_required = 0;
  int peak_positions = 0;
};

/// How the final plan does at another volume.
struct volume_check {
  double factor = 1.0;           ///< 0.9, 1.1
  std::size_t intervals = 0;     ///< group-intervals with sessions
  std::size_t intervals_met = 0; ///< of which meet every target
  /// Per live chat: its figures at that volume (as `livechat run`).
  std::vector<entity_figures> chats;
};

struct plan_result {
  duration interval{};
  std::size_t intervals = 0;
  std::vector<scenarios::target_spec> targets;
  double shrinkage = 0;
  double max_occupancy = 1;
  std::vector<group_plan> groups;
  /// Per live chat, per interval: arrivals per hour (the forecast).
  std::vector<std::string> chat_names;
  std::vector<std::vector<double>> chat_arrivals_per_h;
  std::vector<volume_check> volume; ///< 90 % and 110 %
  decision_rule rule;
  std::size_t iterations = 0;    ///< raise and trim rounds simulated
  std::size_t confirmations = 0; ///< fresh confirmations run
  /// Replications of the confirmation that decided the plan.
  std::uint64_t confirmation_reps = 0;
  std::size_t simulated_days = 0;
  /// Human-readable notes: targets not met within max, and why.
  std::vector<std::string> notes;
  bool all_met() const;
};

/// Plans `sc` (see the top of this file). Preconditions: `sc` validates,
/// `ws` is its workspace, targets are valid.
plan_result make_plan(const scenarios::scenario& sc,
                      const scenarios::scenario_workspace& ws,
                      const plan_options& options);

} // namespace livechat::sim::planning
