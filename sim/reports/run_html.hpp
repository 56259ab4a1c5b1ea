// The HTML report of a run: one self-contained page to read at a glance.
//
// The page has inline CSS and hand-written inline SVG charts, no script and no
// external resource (it opens offline, from a mail attachment or a CI
// artifact). It shows, in order:
//   - what ran (scenario, replications, seed, mode, horizon, service-level
//     threshold), a one-line verdict on the scenario's thresholds and the
//     threshold list;
//   - per live chat: figures with 95 % CI half-widths, the distribution of
//     answered sessions' waits with the service-level threshold marked, and
//     sessions waiting over time;
//   - per group: occupancy and fairness, one load bar per operator against the
//     group's mean, and members Online and sessions held over time;
//   - with `--compare-routing`: the routing policies side by side;
//   - in live mode: the routing latency.
// docs/report-format.md ("HTML report") describes the page for readers.
//
// Example:
//   sim::run_report rep{.sc = &sc, .replications = 20,
//                       .result = sim::run_experiment(sc, ws, opts)};
//   std::ofstream{"out.html"} << sim::html_report(rep);
#pragma once

#include "sim/reports/run_report.hpp"

#include <string>

namespace livechat::sim {

/// The HTML report: one self-contained file (inline CSS and SVG; no script,
/// no external resource), byte-identical for identical inputs.
std::string html_report(const run_report& rep);

} // namespace livechat::sim
