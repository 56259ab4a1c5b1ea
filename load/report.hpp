// Reports of a load run: the scenario's thresholds checked on what was
// measured, a terminal summary and the JSON document
// (docs/report-format.md, "Load reports").
//
// Example:
//   auto checks = load::check_thresholds(sc, result);
//   load::print_summary(std::cout, sc, result, checks);
//   std::ofstream{"load.json"} << load::json_report(sc, result, checks);
#pragma once

#include "load/measure.hpp"
#include "load/prediction.hpp"
#include "scenarios/scenario.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace livechat::load {

/// One threshold on one live chat. `measured` is false for a metric the
/// load run does not measure (a group's figures, fairness, ...): it is
/// listed, not checked.
struct threshold_check {
  std::string threshold; ///< as written
  std::string chat;
  bool measured = false;
  double value = 0; ///< seconds for durations
  bool holds = true;
};

/// Every threshold of `sc` on every live chat of `r`.
std::vector<threshold_check> check_thresholds(const scenarios::scenario& sc,
                                              const load_result& r);

/// True if a measured threshold does not hold.
bool breached(const std::vector<threshold_check>& checks);

/// The terminal summary: per live chat the counts, the latency percentiles,
/// errors by kind, then the thresholds and the run's notes.
/// With `p`, the measured figures beside the simulation's prediction,
/// marked `!` where outside the range of 95 % of simulated runs.
void print_summary(std::ostream& out, const scenarios::scenario& sc,
                   const load_result& r,
                   const std::vector<threshold_check>& checks,
                   const prediction* p = nullptr);

/// The JSON report.
std::string json_report(const scenarios::scenario& sc, const load_result& r,
                        const std::vector<threshold_check>& checks,
                        const prediction* p = nullptr);

/// Figures of `p` outside their predicted range.
std::size_t outside_prediction(const prediction& p);

} // namespace livechat::load
