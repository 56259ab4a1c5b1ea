// The simulation's prediction beside a load run's measurement.
//
// The server's own routing events (watched over supervisors' streams, see
// load/event_json.hpp) feed the simulator's `stats::statistics`, so every
// measured figure has exactly the simulation's definition. The same
// scenario, cut to the load run's arrival window (in scenario time, no
// warm-up: the server started empty too), is simulated for many
// replications; each measured figure is set beside the simulated mean and
// the range that 95 % of the simulated runs fall in (`sim::figure`), and
// marked when it lies outside. With the default 40 replications or fewer,
// that range is the smallest to the largest simulated value: a measured
// figure outside it is rarer than any one simulated run.
//
// Compared per live chat: offered, answered, abandoned, abandon_rate,
// asa_answered, wait.p90; per group serving a chat: occupancy and
// fairness.handled.jain.
#pragma once

#include "core/events.hpp"
#include "load/measure.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/workspace.hpp"
#include "sim/experiment.hpp"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace livechat::load {

struct compared_figure {
  std::string metric; ///< registry name (`wait.p90`)
  double measured = 0;
  sim::figure predicted;
  bool inside = true; ///< measured within [range_lo, range_hi]
};

struct compared_entity {
  std::string name;
  std::vector<compared_figure> figures;
};

/// A serving group's holds in the run, as means over the sessions it took
/// in the window (first and expert assignments; scenario seconds, whole
/// holds with the drain): how long the bots' scripts asked to hold them,
/// what the scenario's draws average for the same sessions, and how long
/// the server's events show them held. Occupancy follows the holds: a
/// scripted mean far from the expected one is the run's luck of the draw;
/// held above scripted is latency, stretched by the run's speed.
struct group_holds {
  std::string group;
  std::uint64_t sessions = 0;
  double scripted_s = 0;
  double expected_s = 0;
  double held_s = 0;
};

struct prediction {
  std::uint64_t replications = 0;
  double horizon_s = 0; ///< the simulated window, scenario seconds
  std::vector<compared_entity> chats;  ///< the workspace's order
  std::vector<compared_entity> groups; ///< `sim::serving_groups` order
  std::vector<group_holds> holds;      ///< `sim::serving_groups` order
  /// Why figures fall outside their range, as far as the run can tell.
  std::vector<std::string> explanations;
};

/// Measures the figures from `events` (the run's own, in any order; they
/// are sorted by time, stable; the run ended at `end`) as the simulation
/// does: sessions that arrived in the window followed to their end, the
/// operators' time integrals only up to the window's end. Simulates `sc` over
/// [0, `window`) with `replications` replications on `threads` threads, and
/// compares. `scripted` (the bots' assignments) and `speed` give the holds and
/// the explanations. Throws `sim::interrupted` when `cancel` is set.
prediction predict_and_compare(const scenarios::scenario& sc,
                               const scenarios::scenario_workspace& ws,
                               const std::vector<std::vector<duration>>& traces,
                               duration window,
                               std::vector<routing_event> events, timestamp end,
                               const std::vector<scripted_assignment>& scripted,
                               double speed, std::uint64_t replications,
                               std::size_t threads,
                               const std::atomic<bool>* cancel);

} // namespace livechat::load
