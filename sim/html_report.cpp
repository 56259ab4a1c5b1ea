#include "sim/html_report.hpp"

#include "scenarios/units.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <utility>
#include <vector>

namespace livechat::sim {

namespace {

// -- text ---------------------------------------------------------------------

constexpr std::string_view dash = "–";

/// `s` with &, <, >, " and ' escaped, for text and attribute values.
std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

/// `x` with `prec` decimals (never "-0"); a dash when not finite.
std::string fixed(double x, int prec) {
  if (!std::isfinite(x))
    return std::string{dash};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", prec, x);
  std::string_view digits{buf + 1};
  if (buf[0] == '-' && digits.find_first_not_of("0.") == std::string_view::npos)
    return std::string{digits};
  return buf;
}

/// A share as a percentage, e.g. "12.5 %".
std::string percent(double share, int prec = 1) {
  if (!std::isfinite(share))
    return std::string{dash};
  return fixed(100 * share, prec) + " %";
}

/// Mean ± 95 % CI half-width of `f` (times `scale`), as in the terminal.
std::string with_ci(const figure& f, int prec, double scale = 1,
                    std::string_view unit = {}) {
  if (!std::isfinite(f.mean))
    return std::string{dash};
  auto out = fixed(f.mean * scale, prec) + std::string{unit};
  if (std::isfinite(f.lo) && std::isfinite(f.hi) && f.hi > f.lo)
    out += " <small>± " + fixed((f.hi - f.lo) / 2 * scale, prec) + "</small>";
  return out;
}

/// Run time as h:mm.
std::string clock_text(double seconds) {
  auto minutes = std::llround(seconds / 60);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld:%02lld", minutes / 60, minutes % 60);
  return buf;
}

/// A length of time for prose: "45 s", "12.5 min", "2.5 h".
std::string duration_text(double seconds) {
  if (seconds < 600)
    return fixed(seconds, seconds < 10 ? 1 : 0) + " s";
  if (seconds < 7200)
    return fixed(seconds / 60, 1) + " min";
  return fixed(seconds / 3600, 1) + " h";
}

/// At most `max_bytes` of `name`, cut at a character boundary, with "…".
std::string shortened(const std::string& name, std::size_t max_bytes) {
  if (name.size() <= max_bytes)
    return name;
  auto cut = max_bytes - 1;
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80)
    --cut;
  return name.substr(0, cut) + "…";
}

/// A table row of HTML `cells`; the first `text_columns` align left.
std::string table_row(const std::vector<std::string>& cells,
                      std::size_t text_columns = 1, bool header = false) {
  std::string out = "<tr>";
  std::string tag = header ? "th" : "td";
  for (std::size_t i = 0; i < cells.size(); ++i)
    out += "<" + tag + (i < text_columns ? " class=\"l\">" : ">") + cells[i]
           + "</" + tag + ">";
  return out + "</tr>\n";
}

std::string header_row(const std::vector<std::string>& cells,
                       std::size_t text_columns = 1) {
  return table_row(cells, text_columns, true);
}

const std::vector<double>* series_of(const entity_figures& e,
                                     std::string_view name) {
  for (const auto& s : e.series)
    if (s.name == name)
      return &s.mean;
  return nullptr;
}

// -- scales -------------------------------------------------------------------

/// A step of 1, 2 or 5 times a power of ten giving about `ticks` steps.
double nice_step(double range, int ticks) {
  if (!(range > 0) || !std::isfinite(range))
    return 1;
  auto raw = range / ticks;
  auto magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (m * magnitude >= raw * (1 - 1e-9))
      return m * magnitude;
  return 10 * magnitude;
}

/// An axis from 0: its end (a multiple of `step`) and its tick step.
struct axis_scale {
  double max = 1;
  double step = 1;
};

axis_scale nice_scale(double max_value, int ticks = 5) {
  if (!(max_value > 0) || !std::isfinite(max_value))
    max_value = 1;
  auto step = nice_step(max_value, ticks);
  return {step * std::ceil(max_value / step - 1e-9), step};
}

/// Decimals that tell ticks `step` apart.
int decimals_for(double step) {
  return step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3;
}

/// Tick step for a time axis in seconds: whole minutes or hours.
double time_step(double end_s) {
  for (double s : {60., 120., 300., 600., 900., 1800., 3600., 7200., 10800.,
                   14400., 21600., 43200., 86400.})
    if (end_s / s <= 8)
      return s;
  return 86400 * nice_step(end_s / 86400, 8);
}

// -- SVG ----------------------------------------------------------------------

/// Okabe-Ito colours, told apart by colour-blind readers too.
constexpr std::array<const char*, 7> palette{
  "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#555555"};

const char* colour(std::size_t i) {
  return palette[i % palette.size()];
}

std::string px(double v) {
  return fixed(v, 1);
}

/// A chart's plot area: data [0, x_max] x [0, y_max] onto pixels.
struct plot_area {
  double left = 0;
  double top = 0;
  double width = 0;
  double height = 0;
  double x_max = 1;
  double y_max = 1;

  double x(double v) const {
    return left + width * std::clamp(v / x_max, 0.0, 1.0);
  }
  double y(double v) const {
    return top + height - height * std::clamp(v / y_max, 0.0, 1.0);
  }
  double right() const {
    return left + width;
  }
  double bottom() const {
    return top + height;
  }
};

/// An SVG element under construction; its height is known at the end.
class svg_canvas {
public:
  svg_canvas(double width, std::string title)
      : width_(width), title_(std::move(title)) {
    auto fits = static_cast<std::size_t>((width - 20) / 7.5);
    text(10, 20, shortened(title_, fits), "start", "ttl",
         title_.size() > fits ? std::string_view{title_} : "");
  }

  void line(double x1, double y1, double x2, double y2, std::string_view cls) {
    body_ += "<line x1=\"" + px(x1) + "\" y1=\"" + px(y1) + "\" x2=\"" + px(x2)
             + "\" y2=\"" + px(y2) + "\" class=\"" + std::string{cls}
             + "\"/>\n";
  }

  /// A filled rectangle; `tip` (raw text) shows on hover.
  void rect(double x, double y, double w, double h, std::string_view fill,
            std::string_view tip = {}) {
    body_ += "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\""
             + px(std::max(w, 0.0)) + "\" height=\"" + px(std::max(h, 0.0))
             + "\" fill=\"" + std::string{fill} + "\"";
    body_ += tip.empty() ? "/>\n"
                         : "><title>" + escape(tip) + "</title></rect>\n";
  }

  /// Raw `s`, escaped here; `tip` (raw text) shows on hover.
  void text(double x, double y, std::string_view s,
            std::string_view anchor = "start", std::string_view cls = {},
            std::string_view tip = {}) {
    body_ += "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\"";
    if (anchor != "start")
      body_ += " text-anchor=\"" + std::string{anchor} + "\"";
    if (!cls.empty())
      body_ += " class=\"" + std::string{cls} + "\"";
    body_ += ">" + escape(s);
    if (!tip.empty())
      body_ += "<title>" + escape(tip) + "</title>";
    body_ += "</text>\n";
  }

  /// Text turned upright along the left edge (a y axis title).
  void vertical_text(double x, double y, std::string_view s) {
    body_ += "<text transform=\"translate(" + px(x) + " " + px(y)
             + ") rotate(-90)\" text-anchor=\"middle\">" + escape(s)
             + "</text>\n";
  }

  /// A line through `points` (pixels), broken where a point is not finite.
  void polyline(const std::vector<std::pair<double, double>>& points,
                std::string_view stroke) {
    std::string run;
    auto flush = [&] {
      if (!run.empty())
        body_ += "<polyline fill=\"none\" stroke=\"" + std::string{stroke}
                 + "\" points=\"" + run + "\"/>\n";
      run.clear();
    };
    for (const auto& [x, y] : points) {
      if (!std::isfinite(x) || !std::isfinite(y)) {
        flush();
        continue;
      }
      run += (run.empty() ? "" : " ") + px(x) + "," + px(y);
    }
    flush();
  }

  double width() const {
    return width_;
  }

  std::string finish(double height) && {
    auto w = px(width_);
    auto h = px(height);
    return "<svg viewBox=\"0 0 " + w + " " + h + "\" width=\"" + w
           + "\" height=\"" + h + "\" role=\"img\" aria-label=\""
           + escape(title_) + "\">\n<title>" + escape(title_) + "</title>\n"
           + body_ + "</svg>\n";
  }

private:
  double width_;
  std::string title_;
  std::string body_;
};

/// Grid lines with labels at multiples of `step`, and the axis title.
void y_axis(svg_canvas& c, const plot_area& a, double step,
            std::string_view title) {
  for (int i = 0; i * step <= a.y_max * (1 + 1e-9); ++i) {
    auto y = a.y(i * step);
    c.line(a.left, y, a.right(), y, "grid");
    c.text(a.left - 5, y + 4, fixed(i * step, decimals_for(step)), "end");
  }
  c.vertical_text(14, a.top + a.height / 2, title);
}

/// The bottom axis with ticks at multiples of `step`, and its title.
template <class Label>
void x_axis(svg_canvas& c, const plot_area& a, double step, Label label,
            std::string_view title) {
  c.line(a.left, a.bottom(), a.right(), a.bottom(), "axis");
  for (int i = 0; i * step <= a.x_max * (1 + 1e-9); ++i) {
    auto x = a.x(i * step);
    c.line(x, a.bottom(), x, a.bottom() + 4, "axis");
    c.text(x, a.bottom() + 16, label(i * step), "middle");
  }
  c.text(a.left + a.width / 2, a.bottom() + 32, title, "middle");
}

struct legend_entry {
  std::string label;
  const char* colour;
};

/// Colour swatches with labels from (x, y), wrapping at `max_x`; returns the
/// baseline of the last row.
double legend(svg_canvas& c, double x, double y, double max_x,
              const std::vector<legend_entry>& entries) {
  auto start = x;
  for (const auto& e : entries) {
    auto w = 22 + 6.5 * static_cast<double>(e.label.size());
    if (x > start && x + w > max_x) {
      x = start;
      y += 16;
    }
    c.rect(x, y - 9, 10, 10, e.colour);
    c.text(x + 14, y, e.label);
    x += w + 8;
  }
  return y;
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

constexpr std::string_view style = R"(<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#222;margin:24px auto;max-width:1180px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:15px;margin:20px 0 6px}
.meta,figcaption,.note{color:#555}
figcaption,.note{font-size:12.5px;max-width:560px;margin:4px 0}
.verdict{font-weight:600;font-size:16px;padding:6px 12px;border-radius:4px;
display:inline-block;margin:12px 0 4px}
.verdict.ok{background:#e3f4ea;color:#0a6b34}
.verdict.bad{background:#fde8e6;color:#a4161a}
.verdict.none{background:#eee;color:#555}
table{border-collapse:collapse;margin:6px 0 12px;font-variant-numeric:tabular-nums}
th,td{padding:3px 10px;border-bottom:1px solid #e5e5e5;text-align:right;
white-space:nowrap}
th.l,td.l{text-align:left}
th{background:#f4f4f4;font-weight:600}
td small{color:#777}
.ok{color:#0a6b34}.bad{color:#a4161a;font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
figure{margin:0}
svg{background:#fff;border:1px solid #e5e5e5;border-radius:4px;max-width:100%;height:auto}
svg text{font:11px system-ui,sans-serif;fill:#333}
svg .ttl{font-size:13px;font-weight:600}
svg .muted{fill:#888}
svg text.sl{fill:#a4161a}
svg .axis{stroke:#666}
svg .grid{stroke:#e8e8e8}
svg .mean{stroke:#222;stroke-width:1.5;stroke-dasharray:4 3}
svg line.sl{stroke:#a4161a;stroke-width:1.5;stroke-dasharray:5 3}
svg .whisker{stroke:#222}
svg polyline{fill:none;stroke-width:2}
</style>
)";

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
    char measured[64];
    std::snprintf(measured, sizeof measured, "%.4g", c.measured);
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
                                        std::string_view metric) {
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
                    + escape(rep.sc->name) + "</title>\n" + std::string{style}
                    + "</head>\n<body>\n";
  out += header_section(rep) + verdict_section(rep.checks)
         + thresholds_table(rep.checks) + totals_note(rep.result);
  out += chats_section(rep) + groups_section(rep.result)
         + comparison_section(rep) + latency_section(rep);
  return out + "</body>\n</html>\n";
}

} // namespace livechat::sim
