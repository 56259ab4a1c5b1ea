// Reports of a capacity plan (`livechat plan`): JSON, terminal, HTML and
// CSV, all from the same `plan_result` (sim/planning/plan.hpp).
//
// Every report shows, per group and interval, the Erlang C and Erlang A
// answers next to the simulated answer (`required`, and `positions` after
// shrinkage), the achieved targets with 95 % confidence intervals and whether
// they hold; per group and in total the operator-hours and how far the
// simulation is from Erlang C and Erlang A (concurrency, transfers, a
// time-varying load: docs/report-format.md, "Plan report"); how the plan does
// at 90 % and 110 % of the volume; and the planner's notes (targets not met
// within --max). docs/report-format.md, "Plan report", documents the fields
// and the files for users.
//
// Example:
//   auto result = sim::planning::make_plan(sc, ws, options);
//   sim::planning::write_plan_text(std::cout, sc, result);
//   std::ofstream{"plan.json"} << sim::planning::plan_json(sc, result);
//   std::ofstream{"plan.html"} << sim::planning::plan_html(sc, result);
//   auto failed = sim::planning::write_plan_csv("out", result);
#pragma once

#include "scenarios/scenario.hpp"
#include "sim/planning/plan.hpp"

#include <iosfwd>
#include <string>

namespace livechat::sim::planning {

/// The JSON document, pretty-printed; byte-identical for identical input.
std::string plan_json(const scenarios::scenario& sc, const plan_result& r);

/// The terminal report: per group a table of intervals, totals, the volume
/// check and the notes.
void write_plan_text(std::ostream& out, const scenarios::scenario& sc,
                     const plan_result& r);

/// The HTML report: one self-contained file (inline CSS and SVG; no script,
/// no external resource), byte-identical for identical input.
std::string plan_html(const scenarios::scenario& sc, const plan_result& r);

/// Writes plan.csv (one row per group x interval) and volume.csv (one row
/// per volume factor x live chat) into `dir`, which the caller created.
/// Returns the path of a file it could not write, or empty.
std::string write_plan_csv(const std::string& dir, const plan_result& r);

} // namespace livechat::sim::planning
