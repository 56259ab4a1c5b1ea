// Reports of a run: a JSON document (docs/report-format.md) and a compact
// terminal summary, plus the check of the scenario's thresholds. The HTML
// report (sim/reports/run_html.hpp) and the CSV tables
// (sim/reports/run_csv.hpp) read the same `run_report`.
//
// Example:
//   sim::run_report rep{.sc = &sc, .replications = 20,
//                       .result = sim::run_experiment(sc, ws, opts)};
//   rep.checks = sim::check_thresholds(sc, rep.result, errors);
//   sim::write_text_report(std::cout, rep);
//   std::ofstream{"out.json"} << sim::json_report(rep);
#pragma once

#include "scenarios/diagnostics.hpp"
#include "scenarios/scenario.hpp"
#include "sim/experiment.hpp"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace livechat::sim {

/// One threshold evaluated on one live chat or group.
struct threshold_check {
  std::string threshold; ///< as written
  std::string entity;    ///< the live chat or group it was measured on
  double measured = 0;   ///< mean over replications
  bool holds = true;
};

/// The same scenario and workload under one routing policy (every live chat
/// routed by it), for `--compare-routing`.
struct policy_run {
  routing_policy_kind routing = routing_policy_kind::round_robin;
  experiment_result result;
};

/// Wall-clock routing latency measured in `live` mode: from a customer's
/// open request to the domain's first answer (queued or assigned).
struct latency_summary {
  double p50_s = 0;
  double p99_s = 0;
  double max_s = 0;
  std::uint64_t samples = 0;
};

/// p50, p99 and max of `h` in seconds.
latency_summary summarize_latency(const stats::log_linear_histogram& h);

/// Everything a report shows.
struct run_report {
  const scenarios::scenario* sc = nullptr;
  std::uint64_t replications = 1;
  std::string mode = "sim"; ///< "sim" (virtual time) or "live"
  double speed = 1.0;       ///< live mode: run seconds per wall second
  experiment_result result;
  std::vector<threshold_check> checks;
  /// One entry per policy of `--compare-routing`, in the order asked; empty
  /// otherwise.
  std::vector<policy_run> comparison;
  std::optional<latency_summary> routing_latency; ///< live mode only
};

/// Evaluates every threshold on every live chat or group that has the
/// metric (by name or JSON path). A metric that none has is a diagnostic
/// (bad input); for a loaded scenario `scenarios::validate` has already
/// rejected it, before anything ran.
std::vector<threshold_check>
check_thresholds(const scenarios::scenario& sc, const experiment_result& r,
                 std::vector<scenarios::diagnostic>& errors);

/// The JSON report, pretty-printed; byte-identical for identical inputs.
std::string json_report(const run_report& rep);

void write_text_report(std::ostream& out, const run_report& rep);

} // namespace livechat::sim
