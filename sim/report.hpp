// Reports of an experiment: a JSON document (docs/report-format.md) and a
// compact terminal summary, plus the check of the scenario's thresholds.
//
// Example:
//   auto checks = sim::check_thresholds(sc, result);
//   sim::write_text_report(std::cout, sc, replications, result, checks);
//   std::ofstream{"out.json"} << sim::json_report(sc, replications, result,
//                                                 checks);
#pragma once

#include "scenarios/diagnostics.hpp"
#include "scenarios/scenario.hpp"
#include "sim/experiment.hpp"

#include <iosfwd>
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

/// Evaluates every threshold on every live chat or group that has the
/// metric. A metric that none has is a diagnostic (bad input).
std::vector<threshold_check>
check_thresholds(const scenarios::scenario& sc, const experiment_result& r,
                 std::vector<scenarios::diagnostic>& errors);

/// The JSON report, pretty-printed; byte-identical for identical inputs.
std::string json_report(const scenarios::scenario& sc,
                        std::uint64_t replications, const experiment_result& r,
                        const std::vector<threshold_check>& checks);

void write_text_report(std::ostream& out, const scenarios::scenario& sc,
                       std::uint64_t replications, const experiment_result& r,
                       const std::vector<threshold_check>& checks);

} // namespace livechat::sim
