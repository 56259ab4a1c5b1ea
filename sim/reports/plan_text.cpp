#include "scenarios/units.hpp"
#include "sim/reports/plan_common.hpp"
#include "sim/reports/plan_report.hpp"
#include "sim/reports/run_csv.hpp"
#include "sim/reports/svg.hpp"
#include "sim/reports/text_table.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fstream>
#include <ostream>
#include <string_view>
#include <utility>
#include <vector>

namespace livechat::sim::planning {

namespace {

using scenarios::target_metric;

std::string achieved_text(const plan_result& r, const interval_plan& i,
                          const std::string& column) {
  const auto* a = achieved_of(i, column);
  if (a == nullptr || !a->measured)
    return "-";
  return value_text(a->value, is_fraction(r, column)) + (a->holds ? "" : "!");
}

std::string erlang_text(const erlang_staffing& s) {
  return s.met ? std::to_string(s.agents) : ">max";
}

void write_group_text(std::ostream& out, const plan_result& r,
                      const group_plan& g,
                      const std::vector<std::string>& columns) {
  auto t = group_totals(g);
  fmt::print(out,
             "group {}: {:.1f} operator-hours, {:.1f} position-hours, peak {} "
             "operators / {} positions; vs Erlang C {}, vs Erlang A {}\n",
             g.name, t.operator_hours, t.position_hours, g.peak_required,
             g.peak_positions, versus(t, false, " h"), versus(t, true, " h"));
  std::vector<std::string> header{"from",     "arrivals/h", "Erlangs",
                                  "Erlang C", "Erlang A",   "required",
                                  "positions"};
  for (const auto& c : columns)
    header.push_back(short_label(r, c));
  bool occ = occupancy_column(columns);
  if (occ)
    header.push_back("occupancy");
  header.push_back("");
  text_table rows{1};
  rows.add(std::move(header));
  for (const auto& i : g.intervals) {
    std::vector<std::string> row{
      svg::clock_text(to_seconds(i.start)), svg::fixed(i.arrival_rate_per_h, 1),
      svg::fixed(i.offered_erlangs, 2),     erlang_text(i.erlang.erlang_c),
      erlang_text(i.erlang.erlang_a),       std::to_string(i.required),
      std::to_string(i.positions)};
    for (const auto& c : columns)
      row.push_back(achieved_text(r, i, c));
    if (occ)
      row.push_back(value_text(i.occupancy, true));
    row.push_back(i.met ? "ok" : "MISSED");
    rows.add(std::move(row));
  }
  rows.write(out, "  ");
  out << '\n';
}

void write_volume_text(std::ostream& out, const scenarios::scenario& sc,
                       const plan_result& r) {
  if (r.volume.empty())
    return;
  out << "the plan at another volume (arrival rates scaled, staffing as "
         "planned):\n";
  text_table rows{1};
  rows.add(
    {"volume", "group-intervals met", "live chat",
     "SL offered@" + scenarios::format_duration(sc.service_level_threshold),
     "abandon", "ASA", "wait p90"});
  for (const auto& v : r.volume) {
    std::vector<std::string> lead{svg::fixed(100 * v.factor, 0) + " %",
                                  std::to_string(v.intervals_met) + " of "
                                    + std::to_string(v.intervals)};
    if (v.chats.empty())
      rows.add({lead[0], lead[1]});
    for (std::size_t c = 0; c < v.chats.size(); ++c) {
      const auto& chat = v.chats[c];
      rows.add({c == 0 ? lead[0] : "", c == 0 ? lead[1] : "", chat.name,
                value_text(chat.get("service_level.offered"), true),
                value_text(chat.get("abandon_rate"), true),
                value_text(chat.get("asa_answered"), false),
                value_text(chat.get("wait.p90"), false)});
    }
  }
  rows.write(out, "  ");
  out << '\n';
}

} // namespace

void write_plan_text(std::ostream& out, const scenarios::scenario& sc,
                     const plan_result& r) {
  out << "plan for scenario '" << sc.name << "': seed " << sc.seed << ", "
      << r.intervals << " intervals of "
      << scenarios::format_duration(r.interval) << ", shrinkage "
      << svg::percent(r.shrinkage, 0) << ", occupancy at most "
      << svg::percent(r.max_occupancy, 0) << "\n"
      << "targets: " << targets_text(r) << "\n"
      << r.iterations << " search rounds, " << r.confirmations
      << " fresh confirmation" << (r.confirmations == 1 ? "" : "s") << " ("
      << r.confirmation_reps << " new days), " << r.simulated_days
      << " simulated days\n"
      << "met: shown at " << svg::percent(r.rule.confidence, 0)
      << " confidence (one-sided, over all intervals decided at once) on the "
         "fresh days, within "
      << svg::percent(r.rule.tolerance, 0)
      << " of each target; achieved: mean ±95 % CI half-width over those "
         "days, worst queue of the group\n\n";
  auto columns = target_columns(r);
  for (const auto& g : r.groups)
    write_group_text(out, r, g, columns);
  out << "  (Erlang C/A: agents by the formula, >max: not within --max; "
         "!: target not met; -: nothing to measure)\n\n";

  auto t = all_totals(r);
  fmt::print(out,
             "total: {:.1f} operator-hours, {:.1f} position-hours (shrinkage "
             "{}); Erlang C {:.1f}, Erlang A {:.1f} operator-hours\n",
             t.operator_hours, t.position_hours, svg::percent(r.shrinkage, 0),
             t.erlang_c_hours, t.erlang_a_hours);
  out << "simulation vs Erlang C: " << versus(t, false, " operator-hours")
      << "; vs Erlang A: " << versus(t, true, " operator-hours") << "\n";
  if (t.erlang_c_unmet > 0 || t.erlang_a_unmet > 0)
    out << "  (Erlang C cannot meet the targets within --max in "
        << t.erlang_c_unmet << " group-intervals, Erlang A in "
        << t.erlang_a_unmet << "; their hours leave those out)\n";
  out << '\n';
  write_volume_text(out, sc, r);
  if (t.missed == 0)
    out << "verdict: all targets met in every group and interval\n";
  else
    out << "verdict: targets MISSED in " << t.missed << " of "
        << t.group_intervals << " group-intervals\n";
  if (!r.notes.empty()) {
    out << "notes:\n";
    for (const auto& n : r.notes)
      out << "  - " << n << '\n';
  }
}

} // namespace livechat::sim::planning
