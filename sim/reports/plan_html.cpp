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

constexpr std::string_view plan_style = R"(<style>
tr.miss td{background:#fdf0ef}
td.bad{color:#a4161a;font-weight:600}
ul.notes{margin:6px 0 12px;padding-left:20px;color:#a4161a}
tr.total td{font-weight:600;border-top:1px solid #999}
</style>
)";

/// One value per interval of the day.
struct step_series {
  std::string label;
  std::vector<double> values;
  const char* colour;
  std::string_view dasharray;
};

/// Step lines over intervals of `width_s`: flat over each interval, broken
/// where a value is not finite.
void draw_steps(svg::svg_canvas& c, const svg::plot_area& a, double width_s,
                const step_series& s) {
  std::vector<std::pair<double, double>> points;
  auto nan = std::nan("");
  for (std::size_t k = 0; k < s.values.size(); ++k) {
    auto v = s.values[k];
    if (!std::isfinite(v)) {
      points.emplace_back(nan, nan);
      continue;
    }
    auto from = width_s * static_cast<double>(k);
    points.emplace_back(a.x(from), a.y(v));
    points.emplace_back(a.x(from + width_s), a.y(v));
  }
  c.polyline(points, s.colour, s.dasharray);
}

double max_of(const std::vector<step_series>& series) {
  double top = 0;
  for (const auto& s : series)
    for (auto v : s.values)
      if (std::isfinite(v))
        top = std::max(top, v);
  return top;
}

std::vector<svg::legend_entry>
legend_of(const std::vector<step_series>& series) {
  std::vector<svg::legend_entry> out;
  for (const auto& s : series)
    out.push_back(
      {s.label + (s.dasharray.empty() ? "" : " (dashed)"), s.colour});
  return out;
}

/// Palette indices of the live chats' arrival lines (6, grey, is the
/// group's own).
constexpr std::array<std::size_t, 5> chat_colours{4, 5, 1, 2, 3};

/// The staffing curve of a group over the day (required, positions, Erlang C
/// and Erlang A), intervals whose targets were missed shaded, and below it,
/// on the same time axis, the arrivals per hour it serves.
std::string staffing_chart(const scenarios::scenario& sc, const plan_result& r,
                           const group_plan& g) {
  auto width_s = interval_s(r);
  auto n = g.intervals.size();
  auto end_s = width_s * static_cast<double>(std::max<std::size_t>(n, 1));
  double chart_width = std::max(640.0, 76 + 12 * static_cast<double>(n));
  std::vector<step_series> staff{
    {"required", {}, svg::colour(0), {}},
    {"positions", {}, svg::colour(2), {}},
    {"Erlang C", {}, svg::colour(1), "6 3"},
    {"Erlang A", {}, svg::colour(3), "2 3"},
  };
  std::vector<step_series> arrivals{
    {"into " + g.name + "'s queues", {}, svg::colour(6), {}}};
  for (auto c : chats_of(sc, r, g.name))
    if (c < r.chat_arrivals_per_h.size())
      arrivals.push_back(
        {r.chat_names[c], r.chat_arrivals_per_h[c],
         svg::colour(chat_colours[(arrivals.size() - 1) % chat_colours.size()]),
         "6 3"});
  for (const auto& i : g.intervals) {
    staff[0].values.push_back(i.required);
    staff[1].values.push_back(i.positions);
    staff[2].values.push_back(agents(i.erlang.erlang_c));
    staff[3].values.push_back(agents(i.erlang.erlang_a));
    arrivals[0].values.push_back(i.arrival_rate_per_h);
  }

  svg::svg_canvas c{chart_width, "Staffing over the day — " + g.name};
  auto legend_end = svg::legend(c, 58, 38, chart_width - 10, legend_of(staff));
  auto y = svg::nice_scale(max_of(staff));
  if (y.step < 1)
    y = {std::max(1.0, std::ceil(y.max)), 1};
  svg::plot_area top{.left = 58,
                     .top = legend_end + 14,
                     .width = chart_width - 58 - 18,
                     .height = 190,
                     .x_max = end_s,
                     .y_max = y.max};
  for (const auto& i : g.intervals)
    if (!i.met) {
      auto from = to_seconds(i.start);
      c.rect(top.x(from), top.top, top.x(from + width_s) - top.x(from),
             top.height, "#fde8e6",
             svg::clock_text(from) + "–" + svg::clock_text(from + width_s)
               + ": targets missed");
    }
  svg::y_axis(c, top, y.step, "operators");
  c.line(top.left, top.bottom(), top.right(), top.bottom(), "axis");
  for (auto s = staff.rbegin(); s != staff.rend(); ++s)
    draw_steps(c, top, width_s, *s);

  auto arrivals_legend = svg::legend(c, 58, top.bottom() + 28, chart_width - 10,
                                     legend_of(arrivals));
  auto ya = svg::nice_scale(max_of(arrivals), 4);
  svg::plot_area low{.left = 58,
                     .top = arrivals_legend + 14,
                     .width = top.width,
                     .height = 100,
                     .x_max = end_s,
                     .y_max = ya.max};
  svg::y_axis(c, low, ya.step, "arrivals/h");
  svg::x_axis(c, low, svg::time_step(end_s), svg::clock_text,
              "time into the day (h:mm)");
  for (const auto& s : arrivals)
    draw_steps(c, low, width_s, s);

  std::string caption
    = "Operators per interval: the simulated answer (required Online), "
      "positions after "
      + svg::percent(r.shrinkage, 0)
      + " shrinkage, and the Erlang C and Erlang A answers (a gap where they "
        "cannot meet the targets within --max). Shaded: intervals whose "
        "targets were missed. Below: arrivals per hour into the group's "
        "queues and of the live chats it serves.";
  return "<figure>" + std::move(c).finish(low.bottom() + 42) + "<figcaption>"
         + caption + "</figcaption></figure>\n";
}

/// Per target of `g`: each interval's achieved figure on the fresh days,
/// mean and 95 % CI, beside the target's bound (a dashed line); red where
/// the interval is not shown to meet its targets.
std::string achieved_chart(const plan_result& r, const group_plan& g,
                           const target_spec& t) {
  auto width_s = interval_s(r);
  auto n = g.intervals.size();
  auto end_s = width_s * static_cast<double>(std::max<std::size_t>(n, 1));
  double chart_width = std::max(640.0, 76 + 12 * static_cast<double>(n));
  bool fraction = is_fraction(r, t.name());
  double scale = fraction ? 100 : 1;
  double top_value = t.bound * scale;
  for (const auto& i : g.intervals)
    if (const auto* a = achieved_of(i, t.name()); a && a->measured)
      top_value = std::max(top_value, a->value.hi * scale);
  auto y = svg::nice_scale(fraction ? std::min(top_value, 100.0) : top_value);
  svg::svg_canvas c{chart_width, "Achieved " + t.name() + " — " + g.name};
  svg::plot_area a{.left = 58,
                   .top = 40,
                   .width = chart_width - 58 - 18,
                   .height = 160,
                   .x_max = end_s,
                   .y_max = y.max};
  svg::y_axis(c, a, y.step, fraction ? "%" : "seconds");
  svg::x_axis(c, a, svg::time_step(end_s), svg::clock_text,
              "time into the day (h:mm)");
  auto clamp = [&](double v) {
    return std::clamp(v * scale, 0.0, y.max);
  };
  c.polyline({{a.x(0), a.y(clamp(t.bound))}, {a.x(end_s), a.y(clamp(t.bound))}},
             "#444", "6 3");
  for (const auto& i : g.intervals) {
    const auto* ach = achieved_of(i, t.name());
    if (ach == nullptr || !ach->measured)
      continue;
    auto mid = to_seconds(i.start) + width_s / 2;
    auto colour = i.met ? svg::colour(0) : "#c1121f";
    c.polyline({{a.x(mid), a.y(clamp(ach->value.lo))},
                {a.x(mid), a.y(clamp(ach->value.hi))}},
               colour);
    auto x = a.x(mid);
    auto yv = a.y(clamp(ach->value.mean));
    c.rect(x - 2, yv - 2, 4, 4, colour,
           svg::clock_text(to_seconds(i.start)) + ": "
             + svg::with_ci(ach->value, fraction ? 1 : 1, scale)
             + (i.met ? "" : " (not shown to meet)"));
  }
  std::string caption
    = "Each interval's " + t.name()
      + " on the fresh confirmation days: mean (dot) and 95 % confidence "
        "interval (bar); dashed: the target. Red: the interval is not shown "
        "to meet its targets.";
  return "<figure>" + std::move(c).finish(a.bottom() + 42) + "<figcaption>"
         + svg::escape(caption) + "</figcaption></figure>\n";
}

std::string achieved_html(const plan_result& r, const interval_plan& i,
                          const std::string& column) {
  const auto* a = achieved_of(i, column);
  if (a == nullptr || !a->measured)
    return std::string{svg::dash};
  return is_fraction(r, column) ? svg::with_ci(a->value, 1, 100, " %")
                                : svg::with_ci(a->value, 1, 1, " s");
}

std::string erlang_html(const erlang_staffing& s) {
  return s.met ? std::to_string(s.agents) : "&gt; max";
}

/// A table row whose cells may carry a class: {class, html}.
std::string
classed_row(const std::vector<std::pair<std::string, std::string>>& cells,
            std::string_view row_class) {
  std::string out = "<tr";
  if (!row_class.empty())
    out += " class=\"" + std::string{row_class} + "\"";
  out += ">";
  for (const auto& [cls, html] : cells)
    out += (cls.empty() ? "<td>" : "<td class=\"" + cls + "\">") + html
           + "</td>";
  return out + "</tr>\n";
}

std::string group_table(const plan_result& r, const group_plan& g,
                        const std::vector<std::string>& columns) {
  std::vector<std::string> header{"interval",  "arrivals/h", "Erlangs",
                                  "Erlang C",  "Erlang A",   "required",
                                  "positions", "vs Erlang C"};
  for (const auto& c : columns)
    header.push_back(svg::escape(short_label(r, c)));
  bool occ = occupancy_column(columns);
  if (occ)
    header.push_back("occupancy");
  header.push_back("targets");
  std::string out = "<table>\n" + svg::header_row(header);
  auto width_s = interval_s(r);
  for (const auto& i : g.intervals) {
    auto from = to_seconds(i.start);
    std::vector<std::pair<std::string, std::string>> cells{
      {"l", svg::clock_text(from) + "–" + svg::clock_text(from + width_s)},
      {"", svg::fixed(i.arrival_rate_per_h, 1)},
      {"", svg::fixed(i.offered_erlangs, 2)},
      {"", erlang_html(i.erlang.erlang_c)},
      {"", erlang_html(i.erlang.erlang_a)},
      {"", "<b>" + std::to_string(i.required) + "</b>"},
      {"", std::to_string(i.positions)},
      {"", i.erlang.erlang_c.met
             ? signed_text(i.required - i.erlang.erlang_c.agents, 0)
             : std::string{svg::dash}}};
    for (const auto& c : columns) {
      const auto* a = achieved_of(i, c);
      cells.emplace_back(a != nullptr && a->measured && !a->holds ? "bad" : "",
                         achieved_html(r, i, c));
    }
    if (occ)
      cells.emplace_back("", svg::with_ci(i.occupancy, 1, 100, " %"));
    cells.emplace_back(i.met ? "ok" : "bad", i.met ? "ok" : "MISSED");
    out += classed_row(cells, i.met ? "" : "miss");
  }
  return out + "</table>\n";
}

std::vector<std::pair<std::string, std::string>>
totals_cells(const std::string& name, const totals& t, int peak_required,
             int peak_positions) {
  return {{"l", name},
          {"", svg::fixed(t.operator_hours, 1)},
          {"", svg::fixed(t.position_hours, 1)},
          {"", svg::fixed(t.erlang_c_hours, 1)},
          {"", svg::fixed(t.erlang_a_hours, 1)},
          {"", versus(t, false, " h", true)},
          {"", versus(t, true, " h", true)},
          {"", peak_required < 0 ? "" : std::to_string(peak_required)},
          {"", peak_positions < 0 ? "" : std::to_string(peak_positions)},
          {t.missed > 0 ? "bad" : "ok", std::to_string(t.missed) + " of "
                                          + std::to_string(t.group_intervals)}};
}

std::string totals_section(const plan_result& r) {
  std::string out
    = "<h2>Totals</h2>\n<table>\n"
      + svg::header_row({"group", "operator-hours", "position-hours",
                         "Erlang C hours", "Erlang A hours", "vs Erlang C",
                         "vs Erlang A", "peak required", "peak positions",
                         "intervals missed"});
  for (const auto& g : r.groups)
    out += classed_row(totals_cells(svg::escape(g.name), group_totals(g),
                                    g.peak_required, g.peak_positions),
                       "");
  auto t = all_totals(r);
  out += classed_row(totals_cells("total", t, -1, -1), "total");
  out += "</table>\n<p class=\"note\">Operator-hours: operators Online × "
         "interval length, summed; position-hours: the same after shrinkage "
         "("
         + svg::percent(r.shrinkage, 0)
         + "). Erlang hours count each formula's answer; the difference is "
           "what the simulation sees and Erlang does not (concurrency, "
           "transfers, a load that changes from interval to interval).";
  if (t.erlang_c_unmet > 0 || t.erlang_a_unmet > 0)
    out += " *: Erlang C cannot meet the targets within --max in "
           + std::to_string(t.erlang_c_unmet) + " and Erlang A in "
           + std::to_string(t.erlang_a_unmet)
           + " group-intervals; their hours leave those out.";
  return out + "</p>\n";
}

std::string volume_section(const scenarios::scenario& sc,
                           const plan_result& r) {
  if (r.volume.empty())
    return {};
  std::string out
    = "<h2>At other volumes</h2>\n<p class=\"note\">The planned staffing with "
      "every arrival rate scaled. Group-intervals met: of those with "
      "arrivals, how many meet every target.</p>\n<table>\n"
      + svg::header_row(
        {"volume", "group-intervals met", "live chat",
         "SL offered ("
           + svg::escape(scenarios::format_duration(sc.service_level_threshold))
           + ")",
         "abandon rate", "ASA answered (s)", "wait p90 (s)"},
        3);
  for (const auto& v : r.volume) {
    auto met_class = v.intervals_met < v.intervals ? "bad" : "ok";
    std::vector<std::pair<std::string, std::string>> lead{
      {"l", svg::fixed(100 * v.factor, 0) + " %"},
      {std::string{"l "} + met_class,
       std::to_string(v.intervals_met) + " of " + std::to_string(v.intervals)}};
    if (v.chats.empty())
      out += classed_row(lead, "");
    for (std::size_t c = 0; c < v.chats.size(); ++c) {
      const auto& chat = v.chats[c];
      auto cells = c == 0 ? lead
                          : std::vector<std::pair<std::string, std::string>>{
                            {"l", ""}, {"l", ""}};
      cells.emplace_back("l", svg::escape(chat.name));
      cells.emplace_back("", svg::with_ci(chat.get("service_level.offered"), 1,
                                          100, " %"));
      cells.emplace_back("",
                         svg::with_ci(chat.get("abandon_rate"), 1, 100, " %"));
      cells.emplace_back("", svg::with_ci(chat.get("asa_answered"), 1));
      cells.emplace_back("", svg::with_ci(chat.get("wait.p90"), 1));
      out += classed_row(cells, "");
    }
  }
  return out + "</table>\n";
}

std::string verdict_html(const plan_result& r) {
  auto t = all_totals(r);
  if (t.group_intervals == 0)
    return "<div class=\"verdict none\">Nothing to plan.</div>\n";
  if (t.missed == 0)
    return "<div class=\"verdict ok\">All targets met in every group and "
           "interval.</div>\n";
  return "<div class=\"verdict bad\">Targets missed in "
         + std::to_string(t.missed) + " of " + std::to_string(t.group_intervals)
         + " group-intervals.</div>\n";
}

} // namespace

std::string plan_html(const scenarios::scenario& sc, const plan_result& r) {
  auto name = svg::escape(sc.name);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                    "<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, "
                    "initial-scale=1\">\n<title>livechat plan — "
                    + name + "</title>\n" + std::string{svg::page_style()}
                    + std::string{plan_style} + "</head>\n<body>\n";
  out += "<h1>livechat plan — " + name + "</h1>\n<p class=\"meta\">seed "
         + std::to_string(sc.seed) + " · " + std::to_string(r.intervals)
         + " intervals of "
         + svg::escape(scenarios::format_duration(r.interval)) + " · shrinkage "
         + svg::percent(r.shrinkage, 0) + " · occupancy at most "
         + svg::percent(r.max_occupancy, 0) + " · "
         + std::to_string(r.iterations) + " search rounds · "
         + std::to_string(r.simulated_days) + " simulated days</p>\n";
  out += verdict_html(r) + "<p>Targets, for every group and interval: <b>"
         + svg::escape(targets_text(r)) + "</b></p>\n";
  if (!r.notes.empty()) {
    out += "<ul class=\"notes\">\n";
    for (const auto& n : r.notes)
      out += "<li>" + svg::escape(n) + "</li>\n";
    out += "</ul>\n";
  }
  auto t = all_totals(r);
  out += "<p>In total <b>" + svg::fixed(t.operator_hours, 1)
         + " operator-hours</b> (" + svg::fixed(t.position_hours, 1)
         + " position-hours); simulation vs Erlang C: <b>"
         + versus(t, false, " h") + "</b>, vs Erlang A: <b>"
         + versus(t, true, " h") + "</b>.</p>\n";

  auto columns = target_columns(r);
  out += "<h2>Groups</h2>\n<p class=\"note\">Per interval: arrivals per hour "
         "and offered load (Erlangs) into the group's queues; the agents "
         "Erlang C and Erlang A ask for; the simulated answer (operators "
         "Online) and positions after shrinkage; the achieved targets on the "
         "worst queue the group serves, mean ± the half-width of the 95 % "
         "confidence interval (red: not met; – nothing to measure).</p>\n";
  for (const auto& g : r.groups) {
    auto gt = group_totals(g);
    out += "<h3>" + svg::escape(g.name) + "</h3>\n<p>"
           + svg::fixed(gt.operator_hours, 1) + " operator-hours, "
           + svg::fixed(gt.position_hours, 1) + " position-hours; peak "
           + std::to_string(g.peak_required) + " operators, "
           + std::to_string(g.peak_positions) + " positions; vs Erlang C "
           + versus(gt, false, " h") + ", vs Erlang A " + versus(gt, true, " h")
           + ".</p>\n<div class=\"charts\">\n" + staffing_chart(sc, r, g);
    for (const auto& target : r.targets)
      out += achieved_chart(r, g, target);
    out += "</div>\n" + group_table(r, g, columns);
  }
  out += totals_section(r) + volume_section(sc, r);
  return out + "</body>\n</html>\n";
}

} // namespace livechat::sim::planning
