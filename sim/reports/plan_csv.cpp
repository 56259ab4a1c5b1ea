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

std::string csv_number(double x) {
  if (!std::isfinite(x))
    return "";
  return fmt::format("{:.6g}", x);
}

std::string csv_seconds(double s) {
  return fmt::format("{:.3f}", s);
}

std::string csv_figure(const figure& f) {
  return csv_number(f.mean) + ',' + csv_number(f.lo) + ',' + csv_number(f.hi);
}

} // namespace

std::string write_plan_csv(const std::string& dir, const plan_result& r) {
  std::string failed;
  auto write = [&](const std::string& path, auto&& body) {
    std::ofstream out{path};
    body(out);
    if (!out && failed.empty())
      failed = path;
  };
  auto columns = target_columns(r);
  std::erase(columns, "occupancy"); // the occupancy columns carry it
  write(dir + "/plan.csv", [&](std::ostream& out) {
    out << "group,interval_start_s,interval_end_s,arrival_rate_per_h,"
           "offered_erlangs,erlang_c,erlang_a,required,positions,met";
    for (const auto& c : columns)
      out << ',' << csv_field(c) << ',' << csv_field(c + ".ci95_lo") << ','
          << csv_field(c + ".ci95_hi");
    out << ",occupancy,occupancy.ci95_lo,occupancy.ci95_hi\n";
    for (const auto& g : r.groups)
      for (const auto& i : g.intervals) {
        auto start = to_seconds(i.start);
        out << csv_field(g.name) << ',' << csv_seconds(start) << ','
            << csv_seconds(start + interval_s(r)) << ','
            << csv_number(i.arrival_rate_per_h) << ','
            << csv_number(i.offered_erlangs) << ','
            << csv_number(agents(i.erlang.erlang_c)) << ','
            << csv_number(agents(i.erlang.erlang_a)) << ',' << i.required << ','
            << i.positions << ',' << (i.met ? 1 : 0);
        for (const auto& c : columns) {
          const auto* a = achieved_of(i, c);
          out << ','
              << (a != nullptr && a->measured ? csv_figure(a->value) : ",");
        }
        out << ',' << csv_figure(i.occupancy) << '\n';
      }
  });
  write(dir + "/volume.csv", [&](std::ostream& out) {
    const auto& names = chat_figure_names();
    out << "factor,live_chat,intervals,intervals_met";
    for (auto n : names)
      out << ',' << n << ',' << n << ".ci95_lo," << n << ".ci95_hi";
    out << '\n';
    for (const auto& v : r.volume)
      for (const auto& c : v.chats) {
        out << csv_number(v.factor) << ',' << csv_field(c.name) << ','
            << v.intervals << ',' << v.intervals_met;
        for (auto n : names) {
          const auto* f = c.find(n);
          out << ',' << (f != nullptr ? csv_figure(*f) : ",,");
        }
        out << '\n';
      }
  });
  return failed;
}

} // namespace livechat::sim::planning
