#include "sim/planning/plan_report.hpp"

#include "scenarios/units.hpp"
#include "sim/csv_report.hpp"
#include "sim/svg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string_view>
#include <utility>
#include <vector>

namespace livechat::sim::planning {

namespace {

using json = nlohmann::ordered_json;
using scenarios::target_metric;
using scenarios::target_spec;

// -- what every report needs
// ---------------------------------------------------

double interval_s(const plan_result& r) {
  return to_seconds(r.interval);
}

/// The target of `r` named `name`, if any.
const target_spec* spec_of(const plan_result& r, std::string_view name) {
  for (const auto& t : r.targets)
    if (t.name() == name)
      return &t;
  return nullptr;
}

/// Whether the target named `name` is a fraction (shown as a percentage);
/// otherwise it is seconds.
bool is_fraction(const plan_result& r, std::string_view name) {
  if (const auto* t = spec_of(r, name))
    return t->metric != target_metric::asa_answered
           && t->metric != target_metric::wait_p90;
  return !name.ends_with("_s");
}

/// The columns of achieved targets: the targets' names in order, then any
/// other name an interval reports.
std::vector<std::string> target_columns(const plan_result& r) {
  std::vector<std::string> out;
  auto add = [&](std::string name) {
    if (std::find(out.begin(), out.end(), name) == out.end())
      out.push_back(std::move(name));
  };
  for (const auto& t : r.targets)
    add(t.name());
  for (const auto& g : r.groups)
    for (const auto& i : g.intervals)
      for (const auto& a : i.achieved)
        add(a.name);
  return out;
}

/// Whether an occupancy column is needed besides the targets' columns.
bool occupancy_column(const std::vector<std::string>& columns) {
  return std::find(columns.begin(), columns.end(), "occupancy")
         == columns.end();
}

const achieved_target* achieved_of(const interval_plan& i,
                                   std::string_view name) {
  for (const auto& a : i.achieved)
    if (a.name == name)
      return &a;
  return nullptr;
}

/// Erlang agents, NaN when the formula cannot meet the targets within max.
double agents(const erlang_staffing& s) {
  return s.met ? s.agents : std::nan("");
}

struct totals {
  double operator_hours = 0;
  double position_hours = 0;
  double erlang_c_hours = 0;
  double erlang_a_hours = 0;
  double established_c_hours = 0; ///< the difference the evidence shows
  double established_a_hours = 0;
  std::size_t group_intervals = 0;
  std::size_t missed = 0;
  std::size_t erlang_c_unmet = 0; ///< group-intervals Erlang C cannot meet
  std::size_t erlang_a_unmet = 0;
};

void count_intervals(const group_plan& g, totals& t) {
  for (const auto& i : g.intervals) {
    ++t.group_intervals;
    t.missed += i.met ? 0 : 1;
    t.erlang_c_unmet += i.erlang.erlang_c.met ? 0 : 1;
    t.erlang_a_unmet += i.erlang.erlang_a.met ? 0 : 1;
  }
}

totals group_totals(const group_plan& g) {
  totals t{g.operator_hours,
           g.position_hours,
           g.erlang_c_hours,
           g.erlang_a_hours,
           g.established_vs_erlang_c_hours,
           g.established_vs_erlang_a_hours};
  count_intervals(g, t);
  return t;
}

totals all_totals(const plan_result& r) {
  totals t;
  for (const auto& g : r.groups) {
    t.operator_hours += g.operator_hours;
    t.position_hours += g.position_hours;
    t.erlang_c_hours += g.erlang_c_hours;
    t.erlang_a_hours += g.erlang_a_hours;
    t.established_c_hours += g.established_vs_erlang_c_hours;
    t.established_a_hours += g.established_vs_erlang_a_hours;
    count_intervals(g, t);
  }
  return t;
}

/// `hours` minus `erlang_hours` as a share of `erlang_hours`; NaN at 0.
double relative(double hours, double erlang_hours) {
  return erlang_hours > 0 ? (hours - erlang_hours) / erlang_hours
                          : std::nan("");
}

/// `x` with `prec` decimals and a sign ("+2.0", "-1.5", "0.0").
std::string signed_text(double x, int prec) {
  auto text = svg::fixed(x, prec);
  return x > 0 && text != svg::fixed(0, prec) ? "+" + text : text;
}

/// "+12.0 operator-hours (+8.7 %)" against `erlang_hours`.
std::string difference_text(double hours, double erlang_hours,
                            std::string_view unit) {
  auto out = signed_text(hours - erlang_hours, 1) + std::string{unit};
  if (auto rel = relative(hours, erlang_hours); std::isfinite(rel))
    out += " (" + signed_text(100 * rel, 1) + " %)";
  return out;
}

/// Operator-hours of `t` against Erlang C (or A) as difference_text; when
/// the formula cannot meet the targets within --max in some intervals (their
/// hours count 0), says so: in full, or `brief`ly with a "*".
std::string versus(const totals& t, bool erlang_a, std::string_view unit,
                   bool brief = false) {
  auto erlang_hours = erlang_a ? t.erlang_a_hours : t.erlang_c_hours;
  auto established = erlang_a ? t.established_a_hours : t.established_c_hours;
  auto difference = t.operator_hours - erlang_hours;
  std::string out;
  if (std::fabs(established) < 1e-9) {
    // Nothing the evidence shows: the plan agrees with the formula.
    out = "agrees";
    if (std::fabs(difference) > 1e-9 && !brief)
      out += " (" + signed_text(difference, 1) + std::string{unit}
             + " within the simulation's precision)";
  } else {
    out = difference_text(t.operator_hours, erlang_hours, unit);
    if (std::fabs(established - difference) > 1e-9 && !brief)
      out += ", " + signed_text(established, 1) + std::string{unit}
             + " beyond the simulation's precision";
  }
  auto unmet = erlang_a ? t.erlang_a_unmet : t.erlang_c_unmet;
  if (unmet == 0)
    return out;
  if (brief)
    return out + " *";
  return out + " (" + (erlang_a ? "Erlang A" : "Erlang C")
         + " not within --max in " + std::to_string(unmet) + " interval"
         + (unmet == 1 ? "" : "s") + ", left out)";
}

/// The chats whose arrivals a group sees: those it serves as operators, or
/// else those it serves as experts; indices into `r.chat_names`.
std::vector<std::size_t> chats_of(const scenarios::scenario& sc,
                                  const plan_result& r,
                                  const std::string& group) {
  std::vector<std::size_t> first, expert;
  auto names = [&](const std::vector<scenarios::located_text>& list) {
    return std::any_of(list.begin(), list.end(), [&](const auto& t) {
      return t.text == group;
    });
  };
  for (const auto& chat : sc.live_chats) {
    auto at = std::find(r.chat_names.begin(), r.chat_names.end(), chat.name);
    if (at == r.chat_names.end())
      continue;
    auto index = static_cast<std::size_t>(at - r.chat_names.begin());
    if (names(chat.operators))
      first.push_back(index);
    else if (names(chat.experts))
      expert.push_back(index);
  }
  return first.empty() ? expert : first;
}

// -- JSON
// ----------------------------------------------------------------------

json number(double x) {
  return std::isfinite(x) ? json(x) : json(nullptr);
}

json to_json(const figure& f) {
  return json{{"mean", number(f.mean)},
              {"ci95", json::array({number(f.lo), number(f.hi)})}};
}

json agents_json(const erlang_staffing& s, bool positions_of) {
  if (!s.met)
    return nullptr;
  return positions_of ? s.positions : s.agents;
}

json difference_json(int required, const erlang_staffing& s) {
  if (!s.met)
    return nullptr;
  return required - s.agents;
}

json interval_json(const plan_result& r, const group_plan& g,
                   const interval_plan& i) {
  auto start = to_seconds(i.start);
  json out{{"group", g.name},
           {"interval_start_s", start},
           {"interval_end_s", start + interval_s(r)},
           {"arrival_rate_per_h", number(i.arrival_rate_per_h)},
           {"offered_erlangs", number(i.offered_erlangs)},
           {"erlang_c", agents_json(i.erlang.erlang_c, false)},
           {"erlang_a", agents_json(i.erlang.erlang_a, false)},
           {"erlang_c_positions", agents_json(i.erlang.erlang_c, true)},
           {"erlang_a_positions", agents_json(i.erlang.erlang_a, true)},
           {"required", i.required},
           {"positions", i.positions},
           {"vs_erlang_c", difference_json(i.required, i.erlang.erlang_c)},
           {"vs_erlang_a", difference_json(i.required, i.erlang.erlang_a)},
           {"met", i.met},
           {"verdict", std::string{to_string(i.outcome)}},
           {"warmup", i.warmup},
           {"occupancy", to_json(i.occupancy)}};
  json achieved = json::object();
  for (const auto& a : i.achieved) {
    if (!a.measured) {
      achieved[a.name] = nullptr;
      continue;
    }
    auto entry = to_json(a.value);
    entry["holds"] = a.holds;
    achieved[a.name] = std::move(entry);
  }
  out["achieved"] = std::move(achieved);
  return out;
}

json hours_json(const totals& t) {
  return json{
    {"operator_hours", t.operator_hours},
    {"position_hours", t.position_hours},
    {"erlang_c_hours", t.erlang_c_hours},
    {"erlang_a_hours", t.erlang_a_hours},
    {"vs_erlang_c_hours", t.operator_hours - t.erlang_c_hours},
    {"vs_erlang_c_share", number(relative(t.operator_hours, t.erlang_c_hours))},
    {"vs_erlang_a_hours", t.operator_hours - t.erlang_a_hours},
    {"vs_erlang_a_share", number(relative(t.operator_hours, t.erlang_a_hours))},
    {"vs_erlang_c_established_hours", t.established_c_hours},
    {"vs_erlang_a_established_hours", t.established_a_hours},
  };
}

json group_json(const plan_result& r, const group_plan& g) {
  json out{{"name", g.name}};
  out.update(hours_json(group_totals(g)));
  out["peak_required"] = g.peak_required;
  out["peak_positions"] = g.peak_positions;
  out["intervals"] = json::array();
  for (const auto& i : g.intervals)
    out["intervals"].push_back(interval_json(r, g, i));
  return out;
}

/// The figures of a live chat at another volume, named as in `livechat run`.
json volume_chat_json(const entity_figures& c, double threshold_s) {
  return json{
    {"name", c.name},
    {"offered", to_json(c.get("offered"))},
    {"answered", to_json(c.get("answered"))},
    {"abandon_rate", to_json(c.get("abandon_rate"))},
    {"asa_answered_s", to_json(c.get("asa_answered"))},
    {"wait_s", {{"p90", to_json(c.get("wait.p90"))}}},
    {"service_level",
     {{"threshold_s", threshold_s},
      {"offered", to_json(c.get("service_level.offered"))}}},
  };
}

// -- terminal
// ------------------------------------------------------------------

/// Display width of UTF-8 `s` (code points).
std::size_t width_of(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

/// A text table: the first `text_columns` columns align left, the others
/// right; two spaces between columns.
void write_table(std::ostream& out,
                 const std::vector<std::vector<std::string>>& rows,
                 std::size_t text_columns, std::string_view indent) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (widths.size() <= c)
        widths.push_back(0);
      widths[c] = std::max(widths[c], width_of(row[c]));
    }
  for (const auto& row : rows) {
    std::string line{indent};
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::string pad(widths[c] - width_of(row[c]), ' ');
      if (c > 0)
        line += "  ";
      line += c < text_columns ? row[c] + pad : pad + row[c];
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out << line << '\n';
  }
}

/// A short column title for a target.
std::string short_label(const plan_result& r, const std::string& name) {
  const auto* t = spec_of(r, name);
  if (t == nullptr)
    return name;
  switch (t->metric) {
    case target_metric::service_level: {
      auto dot = name.find('.');
      auto rest = dot == std::string::npos ? name : name.substr(dot + 1);
      return "SL " + rest;
    }
    case target_metric::asa_answered: return "ASA";
    case target_metric::abandon_rate: return "abandon";
    case target_metric::wait_p90: return "wait p90";
    case target_metric::occupancy: return "occupancy";
  }
  return name;
}

/// Mean ±half CI with the unit: "85.3±1.2%" or "12.4±0.8s"; "-" for NaN.
std::string value_text(const figure& f, bool fraction) {
  if (!std::isfinite(f.mean))
    return "-";
  auto scale = fraction ? 100.0 : 1.0;
  auto out = svg::fixed(f.mean * scale, 1);
  if (std::isfinite(f.lo) && std::isfinite(f.hi) && f.hi > f.lo)
    out += "±" + svg::fixed((f.hi - f.lo) / 2 * scale, 1);
  return out + (fraction ? "%" : "s");
}

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
  std::vector<std::vector<std::string>> rows{header};
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
    rows.push_back(std::move(row));
  }
  write_table(out, rows, 1, "  ");
  out << '\n';
}

void write_volume_text(std::ostream& out, const scenarios::scenario& sc,
                       const plan_result& r) {
  if (r.volume.empty())
    return;
  out << "the plan at another volume (arrival rates scaled, staffing as "
         "planned):\n";
  std::vector<std::vector<std::string>> rows{
    {"volume", "group-intervals met", "live chat",
     "SL offered@" + scenarios::format_duration(sc.service_level_threshold),
     "abandon", "ASA", "wait p90"}};
  for (const auto& v : r.volume) {
    std::vector<std::string> lead{svg::fixed(100 * v.factor, 0) + " %",
                                  std::to_string(v.intervals_met) + " of "
                                    + std::to_string(v.intervals)};
    if (v.chats.empty())
      rows.push_back({lead[0], lead[1]});
    for (std::size_t c = 0; c < v.chats.size(); ++c) {
      const auto& chat = v.chats[c];
      rows.push_back({c == 0 ? lead[0] : "", c == 0 ? lead[1] : "", chat.name,
                      value_text(chat.get("service_level.offered"), true),
                      value_text(chat.get("abandon_rate"), true),
                      value_text(chat.get("asa_answered"), false),
                      value_text(chat.get("wait.p90"), false)});
    }
  }
  write_table(out, rows, 1, "  ");
  out << '\n';
}

// -- HTML
// ----------------------------------------------------------------------

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

std::string targets_text(const plan_result& r) {
  std::string out;
  for (const auto& t : r.targets)
    out += (out.empty() ? "" : "; ") + (t.text.empty() ? t.name() : t.text);
  return out.empty() ? "none" : out;
}

// -- CSV
// -----------------------------------------------------------------------

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

std::string plan_json(const scenarios::scenario& sc, const plan_result& r) {
  json doc;
  doc["scenario"] = sc.name;
  doc["seed"] = sc.seed;
  doc["interval_s"] = interval_s(r);
  doc["intervals"] = r.intervals;
  doc["shrinkage"] = number(r.shrinkage);
  doc["max_occupancy"] = number(r.max_occupancy);
  doc["decision"] = {{"confidence", r.rule.confidence},
                     {"tolerance", r.rule.tolerance},
                     {"confirmation_replications", r.confirmation_reps}};
  doc["targets"] = json::array();
  for (const auto& t : r.targets)
    doc["targets"].push_back({{"name", t.name()}, {"text", t.text}});
  auto t = all_totals(r);
  doc["all_met"] = r.all_met();
  doc["missed_intervals"] = t.missed;
  doc["totals"] = hours_json(t);
  doc["groups"] = json::array();
  for (const auto& g : r.groups)
    doc["groups"].push_back(group_json(r, g));
  doc["arrivals"] = json::array();
  for (std::size_t c = 0; c < r.chat_names.size(); ++c) {
    json per_h = json::array();
    if (c < r.chat_arrivals_per_h.size())
      for (auto v : r.chat_arrivals_per_h[c])
        per_h.push_back(number(v));
    doc["arrivals"].push_back(
      {{"live_chat", r.chat_names[c]}, {"per_h", std::move(per_h)}});
  }
  doc["volume"] = json::array();
  for (const auto& v : r.volume) {
    json entry{{"factor", v.factor},
               {"intervals", v.intervals},
               {"intervals_met", v.intervals_met}};
    entry["live_chats"] = json::array();
    for (const auto& c : v.chats)
      entry["live_chats"].push_back(
        volume_chat_json(c, to_seconds(sc.service_level_threshold)));
    doc["volume"].push_back(std::move(entry));
  }
  doc["notes"] = r.notes;
  doc["iterations"] = r.iterations;
  doc["confirmations"] = r.confirmations;
  doc["simulated_days"] = r.simulated_days;
  return doc.dump(2) + "\n";
}

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
