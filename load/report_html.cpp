#include "load/report_html.hpp"

#include "sim/reports/svg.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <string_view>
#include <utility>

namespace livechat::load {

namespace {

using namespace sim::svg;

constexpr double chart_width = 560;
constexpr double chart_height = 290;

plot_area chart_area() {
  return {.left = 64,
          .top = 52,
          .width = chart_width - 64 - 18,
          .height = chart_height - 52 - 48};
}

std::string count_text(std::uint64_t n) {
  return fmt::format("{}", n);
}

/// A latency in seconds as ms below a second, else seconds; a dash if none.
std::string latency_text(double s) {
  if (!std::isfinite(s))
    return std::string{dash};
  if (s < 1.0)
    return fmt::format("{:.1f} ms", s * 1e3);
  return fmt::format("{:.2f} s", s);
}

// -- a logarithmic latency axis -----------------------------------------------

/// Latencies span microseconds (an idle server) to seconds (a stall): a
/// linear axis would flatten all but the worst. Decades [lo, hi] of seconds.
struct log_scale {
  int lo = -4;
  int hi = 0;

  /// The decades holding every positive value of `values` (1 µs at least).
  static log_scale covering(const std::vector<double>& values) {
    double smallest = std::numeric_limits<double>::infinity(), largest = 0;
    for (double v : values)
      if (std::isfinite(v) && v > 0) {
        smallest = std::min(smallest, v);
        largest = std::max(largest, v);
      }
    if (largest <= 0)
      return {};
    log_scale s;
    s.lo = std::max(-6, static_cast<int>(std::floor(std::log10(smallest))));
    s.hi = std::max(s.lo + 1, static_cast<int>(std::ceil(std::log10(largest))));
    return s;
  }

  /// The value in decades above `lo`; values at or below 10^lo (0 among
  /// them) sit on the bottom edge.
  double at(double seconds) const {
    if (!(seconds > 0))
      return 0;
    return std::clamp(std::log10(seconds) - lo, 0.0,
                      static_cast<double>(hi - lo));
  }
};

std::string decade_text(int exponent) {
  static constexpr const char* units[] = {"µs", "ms", "s"};
  int unit = std::clamp((exponent + 6) / 3, 0, 2);
  double value = std::pow(10.0, exponent - 3 * (unit - 2));
  return fmt::format("{:g} {}", value, units[unit]);
}

void log_y_axis(svg_canvas& c, const plot_area& a, const log_scale& s,
                std::string_view title) {
  for (int e = s.lo; e <= s.hi; ++e) {
    auto y = a.y(e - s.lo);
    c.line(a.left, y, a.right(), y, "grid");
    c.text(a.left - 6, y + 4, decade_text(e), "end");
  }
  c.vertical_text(14, a.top + a.height / 2, title);
}

struct latency_series {
  std::string label;
  std::vector<std::pair<double, double>> points; ///< (x, seconds)
  std::string_view dasharray = {};
};

std::string line_chart(std::string title, plot_area a, const log_scale& s,
                       const std::vector<latency_series>& series,
                       const auto& draw_x_axis) {
  svg_canvas c{chart_width, std::move(title)};
  std::vector<legend_entry> entries;
  for (std::size_t i = 0; i < series.size(); ++i)
    entries.push_back({series[i].label, colour(i)});
  legend(c, a.left, 38, chart_width, entries);
  a.y_max = s.hi - s.lo;
  log_y_axis(c, a, s, "latency (log scale)");
  draw_x_axis(c, a);
  for (std::size_t i = 0; i < series.size(); ++i) {
    std::vector<std::pair<double, double>> pixels;
    for (auto [x, v] : series[i].points)
      pixels.emplace_back(a.x(x), std::isfinite(v) ? a.y(s.at(v)) : v);
    c.polyline(pixels, colour(i), series[i].dasharray);
  }
  return std::move(c).finish(chart_height);
}

// -- latency over time --------------------------------------------------------

double quantile_s(const stats::log_linear_histogram& h, double q) {
  return h.empty() ? std::numeric_limits<double>::quiet_NaN()
                   : to_seconds(h.quantile(q));
}

double max_s(const stats::log_linear_histogram& h) {
  return h.empty() ? std::numeric_limits<double>::quiet_NaN()
                   : to_seconds(h.max());
}

std::string over_time_chart(const chat_measure& c, const load_result& r) {
  std::vector<latency_series> series{{"assign p50", {}},
                                     {"assign p99", {}},
                                     {"assign max", {}, "5 3"},
                                     {"delivery p99", {}}};
  std::vector<double> all;
  for (const auto& snap : c.snapshots) {
    auto x = snap.start_s + r.snapshot_seconds / 2;
    auto delivery = snap.figures.delivery_to_operator;
    delivery.merge(snap.figures.delivery_to_customer);
    double values[] = {quantile_s(snap.figures.time_to_assign, 0.5),
                       quantile_s(snap.figures.time_to_assign, 0.99),
                       max_s(snap.figures.time_to_assign),
                       quantile_s(delivery, 0.99)};
    for (std::size_t i = 0; i < series.size(); ++i) {
      series[i].points.emplace_back(x, values[i]);
      all.push_back(values[i]);
    }
  }
  if (c.external || c.total.delivery_to_operator.empty()) {
    series.pop_back(); // delivery is not measured both ways: keep it honest
    all.clear();       // the axis covers what is drawn
    for (const auto& s : series)
      for (auto [x, v] : s.points)
        all.push_back(v);
  }
  auto a = chart_area();
  // The last window may reach past the run's end: the axis covers it.
  a.x_max = std::max(r.wall_seconds, static_cast<double>(c.snapshots.size())
                                       * r.snapshot_seconds);
  auto step = nice_step(a.x_max, 6);
  auto figure = line_chart("Time to assign and delivery over time — " + c.name,
                           a, log_scale::covering(all), series,
                           [&](svg_canvas& canvas, const plot_area& area) {
                             x_axis(
                               canvas, area, step,
                               [](double v) {
                                 return fmt::format("{:g}", v);
                               },
                               "wall seconds since the first arrival");
                           });
  return "<figure>" + figure + "<figcaption>Each point is one "
         + fmt::format("{:g}", r.snapshot_seconds)
         + "-second window of wall time: percentiles of time to assignment "
           "(the maximum dashed) and of message delivery. Latencies count "
           "from the intended time, so a stall shows as a peak. A gap: "
           "nothing measured in that window.</figcaption></figure>\n";
}

// -- the percentile curve -----------------------------------------------------

/// x = -log10(1 - q): 0 at the minimum, 1 at p90, 2 at p99, 3 at p99.9.
std::string nines_text(double x) {
  if (x == 0)
    return "p0";
  return fmt::format("p{:g}", 100.0 * (1.0 - std::pow(10.0, -x)));
}

std::string percentile_chart(const chat_measure& c) {
  std::vector<std::pair<std::string, const stats::log_linear_histogram*>>
    measured{{"time to assign", &c.total.time_to_assign},
             {"customer → operator", &c.total.delivery_to_operator}};
  if (!c.external)
    measured.emplace_back("operator → customer", &c.total.delivery_to_customer);
  std::uint64_t most = 0;
  for (const auto& m : measured)
    most = std::max(most, m.second->count());
  // The curve ends where the samples do: p99.9 needs 1,000 of them.
  double x_max = std::clamp(std::floor(std::log10(static_cast<double>(
                              std::max<std::uint64_t>(most, 10)))),
                            1.0, 4.0);
  std::vector<latency_series> series;
  std::vector<double> all;
  for (const auto& [label, h] : measured) {
    if (h->empty())
      continue;
    latency_series s{label, {}};
    for (int i = 0; i <= 40 * static_cast<int>(x_max); ++i) {
      double x = i / 40.0;
      double q = std::min(1.0, 1.0 - std::pow(10.0, -x));
      s.points.emplace_back(x, to_seconds(h->quantile(q)));
      all.push_back(s.points.back().second);
    }
    series.push_back(std::move(s));
  }
  if (series.empty())
    return {};
  auto a = chart_area();
  a.x_max = x_max;
  auto figure = line_chart(
    "Latency percentiles — " + c.name, a, log_scale::covering(all), series,
    [&](svg_canvas& canvas, const plot_area& area) {
      x_axis(canvas, area, 1.0, nines_text, "percentile of the whole run");
    });
  return "<figure>" + figure
         + "<figcaption>The share of samples at or below each latency, "
           "tail to the right (p99.9 needs 1,000 samples; the curve stops "
           "where they do).</figcaption></figure>\n";
}

// -- tables
// ---------------------------------------------------------------------

std::string header_section(const scenarios::scenario& sc,
                           const load_result& r) {
  std::uint64_t offered = 0;
  for (const auto& c : r.chats)
    offered += c.offered;
  return "<h1>livechat load — " + escape(sc.name) + "</h1>\n<p class=\"meta\">"
         + fmt::format("Speed {:g}: {:.0f} s of arrivals ({}), {:.0f} s in "
                       "all with the drain; {} arrivals.",
                       r.speed, r.arrival_seconds,
                       duration_text(r.arrival_seconds * r.speed)
                         + " of scenario time",
                       r.wall_seconds, offered)
         + "</p>\n";
}

std::string verdict_section(const std::vector<threshold_check>& checks,
                            const prediction* p) {
  std::size_t checked = 0, failed = 0;
  for (const auto& c : checks)
    if (c.measured) {
      ++checked;
      failed += !c.holds;
    }
  std::string out;
  if (checked == 0)
    out += "<div class=\"verdict none\">No measured thresholds.</div>\n";
  else if (failed == 0)
    out += fmt::format("<div class=\"verdict ok\">Thresholds: all {} "
                       "measured hold.</div>\n",
                       checked);
  else
    out += fmt::format("<div class=\"verdict bad\">Thresholds: {} of {} "
                       "measured breached.</div>\n",
                       failed, checked);
  if (p != nullptr) {
    std::size_t total = 0;
    for (const auto* entities : {&p->chats, &p->groups})
      for (const auto& e : *entities)
        total += e.figures.size();
    auto outside = outside_prediction(*p);
    out += fmt::format(
      "<div class=\"verdict {}\">Prediction: {} of {} compared figures "
      "inside the range of 95 % of simulated runs.</div>\n",
      outside == 0 ? "ok" : "bad", total - outside, total);
  }
  return out;
}

std::string counts_table(const load_result& r) {
  std::string out = "<table>\n"
                    + header_row({"live chat", "offered", "late", "answered",
                                  "abandoned", "rejected", "transferred",
                                  "closed", "messages", "sessions/s"});
  for (const auto& c : r.chats)
    out += table_row(
      {escape(c.name), count_text(c.offered), count_text(c.late),
       count_text(c.answered), count_text(c.abandoned), count_text(c.rejected),
       count_text(c.transferred), count_text(c.closed), count_text(c.messages),
       fixed(r.arrival_seconds > 0
               ? static_cast<double>(c.offered) / r.arrival_seconds
               : 0.0,
             2)});
  return out + "</table>\n";
}

std::string latency_table(const load_result& r) {
  std::string out = "<table>\n"
                    + header_row({"live chat", "figure", "count", "p50", "p90",
                                  "p99", "p99.9", "max", "over 1 s"},
                                 2);
  for (const auto& c : r.chats) {
    auto row = [&](const char* what, const stats::log_linear_histogram& h) {
      out += table_row(
        {escape(c.name), what, count_text(h.count()),
         latency_text(quantile_s(h, 0.5)), latency_text(quantile_s(h, 0.9)),
         latency_text(quantile_s(h, 0.99)), latency_text(quantile_s(h, 0.999)),
         latency_text(max_s(h)),
         count_text(h.count() - h.count_at_or_below(std::chrono::seconds{1}))},
        2);
    };
    row("time to assign", c.total.time_to_assign);
    row("customer → operator", c.total.delivery_to_operator);
    if (!c.external)
      row("operator → customer", c.total.delivery_to_customer);
  }
  return out
         + "</table>\n<p class=\"note\">Wall time, from the time each arrival "
           "or message was intended, not from when it was sent.</p>\n";
}

std::string errors_section(const load_result& r) {
  std::string rows;
  for (const auto& c : r.chats)
    for (const auto& [kind, n] : c.errors)
      rows += table_row({escape(c.name), escape(kind), count_text(n)}, 2);
  for (const auto& [kind, n] : r.errors)
    rows += table_row({"(the run)", escape(kind), count_text(n)}, 2);
  if (rows.empty())
    return "<p class=\"note\">No errors.</p>\n";
  return "<h2>Errors</h2>\n<table>\n"
         + header_row({"live chat", "kind", "count"}, 2) + rows + "</table>\n";
}

std::string number_text(double v) {
  return std::isfinite(v) ? fmt::format("{:.4g}", v) : std::string{dash};
}

std::string prediction_section(const prediction& p) {
  std::string out
    = "<h2>Beside the prediction</h2>\n<p class=\"note\">"
      + fmt::format("The same scenario simulated over the same {} of "
                    "scenario time, {} replications. A measured figure "
                    "outside the range that 95 % of simulated runs fall in "
                    "is marked.",
                    duration_text(p.horizon_s), p.replications)
      + "</p>\n<table>\n"
      + header_row(
        {"", "figure", "measured", "simulated mean", "95 % of runs", ""}, 2);
  for (const auto* entities : {&p.chats, &p.groups})
    for (const auto& e : *entities)
      for (const auto& f : e.figures)
        out
          += table_row({escape(e.name), escape(f.metric),
                        number_text(f.measured), number_text(f.predicted.mean),
                        number_text(f.predicted.range_lo) + " – "
                          + number_text(f.predicted.range_hi),
                        f.inside ? "<span class=\"ok\">inside</span>"
                                 : "<span class=\"bad\">outside</span>"},
                       2);
  out += "</table>\n<h3>Holds</h3>\n<p class=\"note\">Mean minutes of "
         "scenario time a session taken in the window was held: as its "
         "script asked, as the scenario's draws average for the same "
         "sessions, and as the server's events show. Occupancy follows "
         "the holds.</p>\n<table>\n"
         + header_row({"group", "sessions", "scripted", "expected", "held"});
  for (const auto& g : p.holds)
    out += table_row({escape(g.group), count_text(g.sessions),
                      fixed(g.scripted_s / 60, 2), fixed(g.expected_s / 60, 2),
                      fixed(g.held_s / 60, 2)});
  out += "</table>\n";
  for (const auto& why : p.explanations)
    out += "<p class=\"note\">" + escape(why) + "</p>\n";
  return out;
}

std::string thresholds_section(const std::vector<threshold_check>& checks) {
  if (checks.empty())
    return {};
  std::string out = "<h2>Thresholds</h2>\n<table>\n"
                    + header_row({"threshold", "live chat", "value", ""}, 2);
  for (const auto& c : checks)
    out += table_row({escape(c.threshold), escape(c.chat),
                      c.measured ? fmt::format("{:.6g}", c.value)
                                 : std::string{dash},
                      !c.measured ? "not a load figure"
                      : c.holds   ? "<span class=\"ok\">holds</span>"
                                  : "<span class=\"bad\">breached</span>"},
                     2);
  return out + "</table>\n";
}

std::string notes_section(const load_result& r) {
  std::string out;
  if (r.unfinished > 0)
    out += fmt::format("<p class=\"note\"><b>{} sessions were still open when "
                       "the drain ended.</b></p>\n",
                       r.unfinished);
  for (const auto& n : r.notes)
    out += "<p class=\"note\">" + escape(n) + "</p>\n";
  return out;
}

} // namespace

std::string html_report(const scenarios::scenario& sc, const load_result& r,
                        const std::vector<threshold_check>& checks,
                        const prediction* p) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                    "<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, "
                    "initial-scale=1\">\n<title>livechat load — "
                    + escape(sc.name) + "</title>\n" + std::string{page_style()}
                    + "</head>\n<body>\n";
  out += header_section(sc, r) + verdict_section(checks, p);
  out += "<h2>Live chats</h2>\n" + counts_table(r) + latency_table(r);
  for (const auto& c : r.chats)
    out += "<h3>" + escape(c.name) + "</h3>\n<div class=\"charts\">\n"
           + over_time_chart(c, r) + percentile_chart(c) + "</div>\n";
  out += errors_section(r);
  if (p != nullptr)
    out += prediction_section(*p);
  out += thresholds_section(checks) + notes_section(r);
  return out + "</body>\n</html>\n";
}

} // namespace livechat::load
