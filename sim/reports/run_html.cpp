#include "sim/reports/run_html.hpp"

#include "scenarios/units.hpp"
#include "sim/reports/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fmt/format.h>
#include <string_view>
#include <utility>
#include <vector>

namespace livechat::sim {

namespace {

using namespace svg;

const std::vector<double>* series_of(const entity_figures& e,
                                     std::string_view name) {
  for (const auto& s : e.series)
    if (s.name == name)
      return &s.mean;
  return nullptr;
}

// -- charts -------------------------------------------------------------------

constexpr double chart_width = 560;
constexpr double chart_height = 270;

plot_area standard_area(double top = 48) {
  return {.left = 58,
          .top = top,
          .width = chart_width - 58 - 18,
          .height = chart_height - top - 48};
}

/// Answered sessions' waits on linear bins, as shares of answered sessions.
struct wait_distribution {
  double bin_s = 1;
  std::vector<double> share; ///< per bin, waits above 0 only
  double at_once = 0;        ///< share answered with wait 0
  double beyond = 0;         ///< share past the last bin
};

/// Bins from 0 to about the p99 (the max when the tail is short), wide
/// enough to show the service-level threshold.
wait_distribution rebin_waits(const stats::log_linear_histogram& h,
                              double sl_s) {
  wait_distribution out;
  auto p99 = to_seconds(h.quantile(0.99));
  auto max_s = to_seconds(h.max());
  auto upper = max_s <= 1.5 * p99 ? max_s : p99;
  upper = std::max({upper, 1.1 * sl_s, 1.0});
  out.bin_s = nice_step(upper, 40);
  auto bins = static_cast<std::size_t>(std::ceil(upper / out.bin_s - 1e-9));
  out.share.assign(std::max<std::size_t>(bins, 1), 0.0);
  if (h.empty())
    return out;
  auto total = static_cast<double>(h.count());
  for (const auto& b : h.nonempty_buckets()) {
    auto share = static_cast<double>(b.count) / total;
    if (b.lower == duration::zero()) {
      out.at_once += share;
      continue;
    }
    auto mid = std::min((to_seconds(b.lower) + to_seconds(b.upper)) / 2, max_s);
    auto i = static_cast<std::size_t>(mid / out.bin_s);
    (i < out.share.size() ? out.share[i] : out.beyond) += share;
  }
  return out;
}

/// Seconds or minutes, whichever reads better up to `max_s`.
struct time_unit {
  double seconds = 1;
  const char* name = "s";
};

time_unit unit_for(double max_s) {
  return max_s > 600 ? time_unit{60, "min"} : time_unit{1, "s"};
}

std::string wait_caption(const wait_distribution& d,
                         const stats::log_linear_histogram& h, double sl_s,
                         std::uint64_t replications) {
  if (h.empty())
    return "<figcaption>No session was answered in "
           + std::to_string(replications) + " replications.</figcaption>\n";
  std::string out = "Waits of the " + std::to_string(h.count())
                    + " sessions answered over " + std::to_string(replications)
                    + " replications, in bins of " + duration_text(d.bin_s)
                    + "; blue within the service-level threshold ("
                    + duration_text(sl_s) + ", dashed line), orange past it.";
  if (d.at_once > 0)
    out += " <b>" + percent(d.at_once) + "</b> were answered at once "
           + "(wait 0) and are not drawn.";
  if (d.beyond > 0)
    out += " " + percent(d.beyond, 2) + " waited longer than "
           + duration_text(d.bin_s * static_cast<double>(d.share.size()))
           + " (past the right edge).";
  return "<figcaption>" + out + "</figcaption>\n";
}

/// The distribution of answered sessions' waits, with the SL threshold.
std::string wait_chart(const std::string& chat,
                       const stats::log_linear_histogram& h, double sl_s,
                       std::uint64_t replications) {
  auto d = rebin_waits(h, sl_s);
  auto bins = d.share.size();
  auto y = nice_scale(100 * *std::max_element(d.share.begin(), d.share.end()));
  auto a = standard_area();
  a.x_max = d.bin_s * static_cast<double>(bins);
  a.y_max = y.max;
  svg_canvas c{chart_width, "Wait before the first answer — " + chat};
  legend(c, a.left, 38, chart_width,
         {{"within SL", colour(0)}, {"past SL", colour(1)}});
  y_axis(c, a, y.step, "% of answered sessions");
  for (std::size_t i = 0; i < bins; ++i) {
    auto from = d.bin_s * static_cast<double>(i);
    auto x0 = a.x(from);
    auto w = a.x(from + d.bin_s) - x0;
    auto top = a.y(100 * d.share[i]);
    bool within = from + d.bin_s <= sl_s * (1 + 1e-9);
    c.rect(x0 + 0.5, top, w - (w > 3 ? 1 : 0), a.bottom() - top,
           colour(within ? 0 : 1),
           duration_text(from) + " – " + duration_text(from + d.bin_s) + ": "
             + percent(d.share[i], 2));
  }
  auto unit = unit_for(a.x_max);
  auto step = nice_step(a.x_max / unit.seconds, 8);
  x_axis(
    c, a, step * unit.seconds,
    [&](double v) {
      return fixed(v / unit.seconds, decimals_for(step));
    },
    std::string{"wait ("} + unit.name + ")");
  c.line(a.x(sl_s), a.top - 4, a.x(sl_s), a.bottom(), "sl");
  c.text(a.x(sl_s) + 4, a.top + 8, "SL " + duration_text(sl_s), "start", "sl");
  if (d.at_once > 0)
    c.text(a.right(), 38, "+ " + percent(d.at_once) + " at once (not drawn)",
           "end");
  if (h.empty())
    c.text(a.left + a.width / 2, a.top + a.height / 2, "no answered session",
           "middle", "muted");
  return "<figure>" + std::move(c).finish(chart_height)
         + wait_caption(d, h, sl_s, replications) + "</figure>\n";
}

struct line_spec {
  std::string label;
  const std::vector<double>* values;
};

/// Lines over the run's time bins (points at bin middles), x in h:mm.
std::string time_chart(const std::string& title, const time_bins& bins,
                       const std::vector<line_spec>& lines,
                       std::string_view y_title) {
  auto width_s = to_seconds(bins.width);
  double top = 0;
  for (const auto& l : lines)
    for (auto v : *l.values)
      if (std::isfinite(v))
        top = std::max(top, v);
  auto y = nice_scale(top);
  auto a = standard_area();
  a.x_max = width_s * static_cast<double>(bins.count);
  a.y_max = y.max;
  svg_canvas c{chart_width, title};
  std::vector<legend_entry> entries;
  for (std::size_t i = 0; i < lines.size(); ++i)
    entries.push_back({lines[i].label, colour(i)});
  legend(c, a.left, 38, chart_width, entries);
  y_axis(c, a, y.step, y_title);
  x_axis(c, a, time_step(a.x_max), clock_text, "time into the run (h:mm)");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::vector<std::pair<double, double>> points;
    const auto& v = *lines[i].values;
    for (std::size_t b = 0; b < v.size() && b < bins.count; ++b)
      points.emplace_back(a.x((static_cast<double>(b) + 0.5) * width_s),
                          std::isfinite(v[b]) ? a.y(v[b]) : v[b]);
    c.polyline(points, colour(i));
  }
  return "<figure>" + std::move(c).finish(chart_height) + "</figure>\n";
}

/// Mean occupancy of the operators who were Online; NaN if none was.
double mean_occupancy(const group_figures& g) {
  double sum = 0;
  std::size_t n = 0;
  for (const auto& op : g.operators) {
    auto occ = op.get("occupancy").mean;
    if (op.get("online_s").mean > 0 && std::isfinite(occ)) {
      sum += occ;
      ++n;
    }
  }
  return n == 0 ? std::nan("") : sum / static_cast<double>(n);
}

/// One horizontal bar per operator: its occupancy, against the group mean.
std::string load_bars(const group_figures& g) {
  constexpr double row = 14;
  constexpr double bar = 10;
  constexpr std::size_t name_bytes = 28;
  std::size_t longest = 4;
  for (const auto& op : g.operators)
    longest = std::max(longest, std::min(op.name.size(), name_bytes));
  plot_area a{.left = 16 + 6.5 * static_cast<double>(longest),
              .top = 52,
              .width = 320,
              .height = row * static_cast<double>(g.operators.size())};
  svg_canvas c{a.right() + 150, "Load per operator — " + g.group.name};
  for (int i = 0; i <= 5; ++i)
    c.line(a.x(0.2 * i), a.top, a.x(0.2 * i), a.bottom(), "grid");
  for (std::size_t i = 0; i < g.operators.size(); ++i) {
    const auto& op = g.operators[i];
    auto y = a.top + row * static_cast<double>(i) + (row - bar) / 2;
    c.text(a.left - 6, y + bar - 1, shortened(op.name, name_bytes), "end", {},
           op.name);
    auto occ = op.get("occupancy").mean;
    if (!(op.get("online_s").mean > 0) || !std::isfinite(occ)) {
      c.text(a.left + 4, y + bar - 1, "never Online", "start", "muted");
      continue;
    }
    auto handled = fixed(op.get("handled").mean, 1) + " handled";
    c.rect(a.left, y, a.x(occ) - a.left, bar, colour(0),
           op.name + ": occupancy " + percent(occ) + ", " + handled);
    c.text(a.right() + 6, y + bar - 1, percent(occ, 0) + " · " + handled);
  }
  x_axis(
    c, a, 0.2,
    [](double v) {
      return percent(v, 0);
    },
    "occupancy");
  if (auto m = mean_occupancy(g); std::isfinite(m)) {
    c.line(a.x(m), a.top - 6, a.x(m), a.bottom(), "mean");
    c.text(a.x(m), a.top - 10, "mean " + percent(m), "middle");
  }
  return "<figure>" + std::move(c).finish(a.bottom() + 42) + "</figure>\n";
}

struct bar_category {
  std::string label;
  std::vector<figure> values; ///< one per series
};

void whisker(svg_canvas& c, const plot_area& a, double x, const figure& f) {
  if (!std::isfinite(f.lo) || !std::isfinite(f.hi) || !(f.hi > f.lo))
    return;
  c.line(x, a.y(f.lo), x, a.y(f.hi), "whisker");
  c.line(x - 3, a.y(f.lo), x + 3, a.y(f.lo), "whisker");
  c.line(x - 3, a.y(f.hi), x + 3, a.y(f.hi), "whisker");
}

/// Bars per category, one per series, with 95 % CI whiskers.
std::string grouped_bars(const std::string& title, std::string_view y_title,
                         const std::vector<std::string>& series,
                         const std::vector<bar_category>& categories,
                         int prec) {
  constexpr double bar = 20;
  auto group_w = bar * static_cast<double>(series.size()) + 24;
  double top = 0;
  for (const auto& cat : categories)
    for (const auto& f : cat.values)
      for (auto v : {f.mean, f.hi})
        if (std::isfinite(v))
          top = std::max(top, v);
  auto y = nice_scale(top);
  svg_canvas c{std::max(chart_width,
                        76 + group_w * static_cast<double>(categories.size())),
               title};
  std::vector<legend_entry> entries;
  for (std::size_t i = 0; i < series.size(); ++i)
    entries.push_back({series[i], colour(i)});
  auto legend_end = legend(c, 58, 38, c.width() - 10, entries);
  plot_area a{.left = 58,
              .top = legend_end + 14,
              .width = c.width() - 58 - 18,
              .height = 170,
              .y_max = y.max};
  y_axis(c, a, y.step, y_title);
  c.line(a.left, a.bottom(), a.right(), a.bottom(), "axis");
  auto slot
    = a.width
      / static_cast<double>(std::max<std::size_t>(categories.size(), 1));
  for (std::size_t k = 0; k < categories.size(); ++k) {
    auto x0 = a.left + slot * static_cast<double>(k) + (slot - group_w) / 2
              + 12;
    for (std::size_t s = 0; s < categories[k].values.size(); ++s) {
      const auto& f = categories[k].values[s];
      auto x = x0 + bar * static_cast<double>(s);
      if (!std::isfinite(f.mean)) {
        c.text(x + bar / 2, a.bottom() - 3, std::string{dash}, "middle");
        continue;
      }
      c.rect(x + 1, a.y(f.mean), bar - 2, a.bottom() - a.y(f.mean), colour(s),
             series[s] + ", " + categories[k].label + ": "
               + fixed(f.mean, prec));
      whisker(c, a, x + bar / 2, f);
    }
    c.text(a.left + slot * (static_cast<double>(k) + 0.5), a.bottom() + 16,
           shortened(categories[k].label, 24), "middle", {},
           categories[k].label);
  }
  return "<figure>" + std::move(c).finish(a.bottom() + 30) + "</figure>\n";
}

// -- sections -----------------------------------------------------------------

std::string header_section(const run_report& rep) {
  const auto& sc = *rep.sc;
  std::string meta = std::to_string(rep.replications) + " replications · seed "
                     + std::to_string(sc.seed) + " · mode " + escape(rep.mode);
  if (rep.mode == "live")
    meta += " (speed ×" + fixed(rep.speed, 1) + ")";
  meta += " · horizon " + scenarios::format_duration(sc.horizon) + " · warm-up "
          + scenarios::format_duration(sc.warmup) + " · service level within "
          + scenarios::format_duration(sc.service_level_threshold);
  return "<h1>livechat run — " + escape(sc.name) + "</h1>\n<p class=\"meta\">"
         + meta + "</p>\n";
}

std::string verdict_section(const std::vector<threshold_check>& checks) {
  auto breached = std::count_if(checks.begin(), checks.end(),
                                [](const auto& c) {
                                  return !c.holds;
                                });
  if (checks.empty())
    return "<div class=\"verdict none\">No thresholds set.</div>\n";
  if (breached == 0)
    return "<div class=\"verdict ok\">Thresholds: all "
           + std::to_string(checks.size()) + " checks hold.</div>\n";
  return "<div class=\"verdict bad\">Thresholds: " + std::to_string(breached)
         + " of " + std::to_string(checks.size()) + " checks breached.</div>\n";
}

std::string thresholds_table(const std::vector<threshold_check>& checks) {
  if (checks.empty())
    return {};
  std::string out = "<table>\n"
                    + header_row({"", "threshold", "on", "measured"}, 3);
  for (const auto& c : checks) {
    auto measured = fmt::format("{:.4g}", c.measured);
    out += table_row({c.holds ? "<span class=\"ok\">ok</span>"
                              : "<span class=\"bad\">BREACHED</span>",
                      escape(c.threshold), escape(c.entity),
                      std::isfinite(c.measured) ? measured : std::string{dash}},
                     3);
  }
  return out + "</table>\n";
}

std::string chats_table(const experiment_result& r, double sl_s) {
  std::string out
    = "<table>\n"
      + header_row({"live chat", "offered", "answered", "abandon rate",
                    "ASA (s)", "wait p50 (s)", "wait p90 (s)", "wait p99 (s)",
                    "SL offered (" + duration_text(sl_s) + ")"});
  for (const auto& c : r.chats)
    out += table_row(
      {escape(c.name), with_ci(c.get("offered"), 1),
       with_ci(c.get("answered"), 1),
       with_ci(c.get("abandon_rate"), 1, 100, " %"),
       with_ci(c.get("asa_all"), 1), with_ci(c.get("wait.p50"), 1),
       with_ci(c.get("wait.p90"), 1), with_ci(c.get("wait.p99"), 1),
       with_ci(c.get("service_level.offered"), 3)});
  return out + "</table>\n";
}

std::string chats_section(const run_report& rep) {
  const auto& r = rep.result;
  auto sl_s = to_seconds(rep.sc->service_level_threshold);
  std::string out = "<h2>Live chats</h2>\n" + chats_table(r, sl_s)
                    + "<p class=\"note\">Means over replications ± the "
                      "half-width of the 95 % confidence interval. ASA: mean "
                      "wait of answered and abandoned sessions. SL offered: "
                      "answered within the threshold / offered.</p>\n";
  for (std::size_t i = 0; i < r.chats.size(); ++i) {
    const auto& chat = r.chats[i];
    out += "<h3>" + escape(chat.name) + "</h3>\n<div class=\"charts\">\n";
    if (i < r.chat_waits.size())
      out += wait_chart(chat.name, r.chat_waits[i], sl_s, rep.replications);
    if (const auto* waiting = series_of(chat, "waiting");
        waiting && r.bins.count > 0)
      out
        += time_chart("Sessions waiting over time — " + chat.name, r.bins,
                      {{"sessions waiting (mean over replications)", waiting}},
                      "sessions waiting");
    out += "</div>\n";
  }
  return out;
}

std::string groups_table(const experiment_result& r) {
  std::string out
    = "<table>\n"
      + header_row({"group", "occupancy", "Jain handled", "Gini handled",
                    "max/min handled", "Jain busy time", "Gini busy time",
                    "max/min busy time", "answered"});
  for (const auto& gf : r.groups) {
    const auto& g = gf.group;
    out += table_row({escape(g.name), with_ci(g.get("occupancy"), 3),
                      with_ci(g.get("fairness.handled.jain"), 3),
                      with_ci(g.get("fairness.handled.gini"), 3),
                      with_ci(g.get("fairness.handled.max_min"), 2),
                      with_ci(g.get("fairness.busy_time.jain"), 3),
                      with_ci(g.get("fairness.busy_time.gini"), 3),
                      with_ci(g.get("fairness.busy_time.max_min"), 2),
                      with_ci(g.get("answered"), 1)});
  }
  return out + "</table>\n";
}

std::string groups_section(const experiment_result& r) {
  std::string out
    = "<h2>Groups</h2>\n" + groups_table(r)
      + "<p class=\"note\">Fairness across the members who were Online, on "
        "sessions handled per Online hour and on busy time per Online time: "
        "Jain's index (1 = even), Gini (0 = even), max/min (1 = even; – when "
        "a member handled nothing). Load bars: each operator's occupancy "
        "(busy capacity time / capacity time while Online); the dashed line "
        "is the mean over the group's operators.</p>\n";
  for (const auto& g : r.groups) {
    out += "<h3>" + escape(g.group.name) + "</h3>\n<div class=\"charts\">\n"
           + load_bars(g);
    const auto* online = series_of(g.group, "online");
    const auto* busy = series_of(g.group, "busy");
    if (online && busy && r.bins.count > 0)
      out += time_chart("Online and busy over time — " + g.group.name, r.bins,
                        {{"operators Online", online}, {"sessions held", busy}},
                        "operators / sessions");
    out += "</div>\n";
  }
  return out;
}

/// The run as written, then each compared policy.
std::vector<std::pair<std::string, const experiment_result*>>
compared_runs(const run_report& rep) {
  std::vector<std::pair<std::string, const experiment_result*>> out{
    {"as written", &rep.result}};
  for (const auto& p : rep.comparison)
    out.emplace_back(std::string{to_string(p.routing)}, &p.result);
  return out;
}

std::string comparison_tables(const run_report& rep) {
  std::string chats
    = "<table>\n"
      + header_row({"routing", "live chat", "ASA (s)", "wait p90 (s)",
                    "SL offered", "abandon rate"},
                   2);
  std::string groups = "<table>\n"
                       + header_row({"routing", "group", "occupancy",
                                     "Jain handled", "max/min handled"},
                                    2);
  for (const auto& [name, r] : compared_runs(rep)) {
    for (const auto& c : r->chats)
      chats += table_row({escape(name), escape(c.name),
                          with_ci(c.get("asa_all"), 1),
                          with_ci(c.get("wait.p90"), 1),
                          with_ci(c.get("service_level.offered"), 3),
                          with_ci(c.get("abandon_rate"), 1, 100, " %")},
                         2);
    for (const auto& g : r->groups)
      groups += table_row({escape(name), escape(g.group.name),
                           with_ci(g.group.get("occupancy"), 3),
                           with_ci(g.group.get("fairness.handled.jain"), 3),
                           with_ci(g.group.get("fairness.handled.max_min"), 2)},
                          2);
  }
  return chats + "</table>\n" + groups + "</table>\n";
}

/// Per chat (or group) of the run as written, `metric` under each policy.
std::vector<bar_category> categories_of(const run_report& rep, bool groups,
                                        scenarios::metric_name metric) {
  std::vector<bar_category> out;
  auto runs = compared_runs(rep);
  auto count = groups ? rep.result.groups.size() : rep.result.chats.size();
  for (std::size_t i = 0; i < count; ++i) {
    bar_category cat{
      groups ? rep.result.groups[i].group.name : rep.result.chats[i].name, {}};
    for (const auto& run : runs) {
      const auto* r = run.second;
      bool has = groups ? i < r->groups.size() : i < r->chats.size();
      auto nan = std::nan("");
      cat.values.push_back(!has     ? figure{nan, nan, nan}
                           : groups ? r->groups[i].group.get(metric)
                                    : r->chats[i].get(metric));
    }
    out.push_back(std::move(cat));
  }
  return out;
}

std::string comparison_section(const run_report& rep) {
  if (rep.comparison.empty())
    return {};
  std::vector<std::string> names;
  for (const auto& run : compared_runs(rep))
    names.push_back(run.first);
  return "<h2>Routing policies compared</h2>\n"
         "<p class=\"note\">The same scenario and workload with every live "
         "chat routed by each policy; \"as written\" is the scenario's own "
         "routing. Whiskers: 95 % confidence intervals.</p>\n"
         + comparison_tables(rep) + "<div class=\"charts\">\n"
         + grouped_bars("ASA per routing policy", "ASA (s)", names,
                        categories_of(rep, false, "asa_all"), 1)
         + grouped_bars("Service level (offered) per routing policy",
                        "SL offered", names,
                        categories_of(rep, false, "service_level.offered"), 3)
         + grouped_bars("Fairness (Jain, handled) per routing policy",
                        "Jain's index", names,
                        categories_of(rep, true, "fairness.handled.jain"), 3)
         + "</div>\n";
}

std::string latency_section(const run_report& rep) {
  if (!rep.routing_latency)
    return {};
  const auto& l = *rep.routing_latency;
  return "<h2>Routing latency</h2>\n<table>\n"
         + header_row({"p50 (ms)", "p99 (ms)", "max (ms)", "samples"}, 0)
         + table_row({fixed(1000 * l.p50_s, 3), fixed(1000 * l.p99_s, 3),
                      fixed(1000 * l.max_s, 3), std::to_string(l.samples)},
                     0)
         + "</table>\n<p class=\"note\">Wall clock, from a customer's open "
           "request to the routing domain's first answer.</p>\n";
}

std::string totals_note(const experiment_result& r) {
  std::string out = "<p class=\"note\">" + std::to_string(r.sessions)
                    + " sessions offered over all replications.";
  if (r.stranded > 0)
    out += " <b>" + std::to_string(r.stranded)
           + " sessions were still open when nothing was left to happen</b> "
             "(nobody Online to take them); they count as offered, not "
             "answered.";
  return out + "</p>\n";
}

} // namespace

std::string html_report(const run_report& rep) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                    "<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, "
                    "initial-scale=1\">\n<title>livechat run — "
                    + escape(rep.sc->name) + "</title>\n"
                    + std::string{page_style()} + "</head>\n<body>\n";
  out += header_section(rep) + verdict_section(rep.checks)
         + thresholds_table(rep.checks) + totals_note(rep.result);
  out += chats_section(rep) + groups_section(rep.result)
         + comparison_section(rep) + latency_section(rep);
  return out + "</body>\n</html>\n";
}

} // namespace livechat::sim
