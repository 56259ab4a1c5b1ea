// An experiment: every replication of a scenario, in parallel, and the
// figures across them with 95 % confidence intervals.
//
// Replications run on `threads` threads, each replication in its own actor
// system on CAF's test coordinator (sim/engine.hpp). Results are gathered by
// replication index, so the aggregate is the same for any thread count.
// Figures are the metrics of scenarios/metrics.hpp (`wait.p99`,
// `service_level.offered`, `fairness.handled.jain`, ...; listed in
// docs/report-format.md); every figure is a mean over replications with its
// 95 % confidence interval.
//
// Example:
//   auto result = sim::run_experiment(sc, ws, {.replications = 20});
//   for (const auto& chat : result.chats)
//     fmt::print("{} {:.3f}\n", chat.name,
//                chat.get("service_level.offered").mean);
#pragma once

#include "core/stats/histogram.hpp"
#include "scenarios/metrics.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/workspace.hpp"
#include "sim/observer.hpp"
#include "sim/timeline.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace livechat::sim {

/// A figure across replications. Not finite (e.g. max/min with an idle
/// operator) when any replication's value was not.
struct figure {
  double mean = 0;
  double lo = 0; ///< the mean's 95 % confidence interval
  double hi = 0;
  /// Where 95 % of the replications' own values lie: their empirical
  /// 2.5th and 97.5th percentiles (nearest rank; with 40 replications or
  /// fewer, their smallest and largest value). What one more run, such as
  /// a load test's measurement, is compared with.
  double range_lo = 0;
  double range_hi = 0;
};

/// A figure over time: per time bin, the mean over replications.
struct named_series {
  std::string_view name;
  std::vector<double> mean;
};

/// Named figures of one entity (a live chat, a group, an operator).
struct entity_figures {
  std::string name;
  std::vector<std::string_view> names; ///< metric names, registry order
  std::vector<figure> values;          ///< aligned with `names`
  /// Chats: `waiting` (sessions waiting, time-weighted) and `arrivals`
  /// (count per bin); groups: `online` (members Online) and `busy`
  /// (sessions held by members). Empty for operators.
  std::vector<named_series> series;
  /// The figure of a metric named in the code (scenarios/metrics.hpp: an
  /// unknown name does not compile). Asking an entity for a metric of
  /// another kind (a chat's occupancy) is a bug: not finite, and an
  /// assertion in debug builds.
  figure get(scenarios::metric_name metric) const;
  /// The figure of the metric written `spelling` (its name or JSON path,
  /// e.g. from a threshold); nullptr if this entity has none.
  const figure* find(std::string_view spelling) const;
  bool has(std::string_view spelling) const;
};

struct group_figures {
  entity_figures group;
  std::vector<entity_figures> operators; ///< members, list order
};

struct experiment_options {
  std::uint64_t replications = 1;
  std::size_t threads = 1;
  /// Called after each replication with (done, total), from any thread
  /// (one call at a time).
  std::function<void(std::size_t, std::size_t)> progress;
  /// Called with each replication's session records, in replication order,
  /// one call at a time (from any thread). Set: records are kept per
  /// replication until delivered.
  std::function<void(std::uint64_t, const std::vector<session_record>&)>
    sessions;
  /// Arrival times of trace workloads (see replication_options).
  const std::vector<std::vector<duration>>* trace_times = nullptr;
  /// Live mode (see replication_options): replications run one at a time,
  /// each on a real-time scheduler with `threads` threads.
  bool live = false;
  double speed = 1.0;
  /// Set and true: stop as soon as possible; `run_experiment` then throws
  /// `interrupted` (sim/parallel.hpp; the CLI sets it on Ctrl-C).
  const std::atomic<bool>* cancel = nullptr;
};

struct experiment_result {
  std::vector<entity_figures> chats;
  std::vector<group_figures> groups; ///< groups that serve a chat
  /// The bins of every `series`.
  time_bins bins;
  /// Per chat: waits of answered sessions over all replications.
  std::vector<stats::log_linear_histogram> chat_waits;
  /// Live mode: open request -> ticket in wall time, every session of every
  /// replication. Empty in virtual time.
  stats::log_linear_histogram open_latency;
  std::uint64_t sessions = 0; ///< offered, over all replications
  std::uint64_t stranded = 0; ///< left open, over all replications
  std::uint64_t jobs = 0;     ///< actor jobs, over all replications
};

/// Names of the figures of a live chat, of a group and of an operator: the
/// registry's (scenarios/metrics.hpp), in its order.
const std::vector<std::string_view>& chat_figure_names();
const std::vector<std::string_view>& group_figure_names();
const std::vector<std::string_view>& operator_figure_names();

experiment_result run_experiment(const scenarios::scenario& sc,
                                 const scenarios::scenario_workspace& ws,
                                 const experiment_options& options);

} // namespace livechat::sim
