// The self-contained HTML page of a load run (`livechat load --html OUT`):
// the verdict, counts and latency percentiles per live chat, latency over
// time from the 10-second snapshots, the percentile curve of the whole run,
// and the measured figures beside the simulation's prediction. No scripts,
// no external files; the same inputs give the same bytes.
//
// Example:
//   std::ofstream{"load.html"} << load::html_report(sc, result, checks, &p);
#pragma once

#include "load/measure.hpp"
#include "load/prediction.hpp"
#include "load/report.hpp"
#include "scenarios/scenario.hpp"

#include <string>
#include <vector>

namespace livechat::load {

/// The page; without `p`, no prediction section.
std::string html_report(const scenarios::scenario& sc, const load_result& r,
                        const std::vector<threshold_check>& checks,
                        const prediction* p = nullptr);

} // namespace livechat::load
