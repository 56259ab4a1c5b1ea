#include "sim/reports/svg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fmt/format.h>

namespace livechat::sim::svg {

// -- text ---------------------------------------------------------------------

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
  auto text = fmt::format("{:.{}f}", x, prec);
  std::string_view digits{text};
  digits.remove_prefix(1);
  if (text[0] == '-'
      && digits.find_first_not_of("0.") == std::string_view::npos)
    return std::string{digits};
  return text;
}

/// A share as a percentage, e.g. "12.5 %".
std::string percent(double share, int prec) {
  if (!std::isfinite(share))
    return std::string{dash};
  return fixed(100 * share, prec) + " %";
}

/// Mean ± 95 % CI half-width of `f` (times `scale`), as in the terminal.
std::string with_ci(const figure& f, int prec, double scale,
                    std::string_view unit) {
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
  return fmt::format("{}:{:02}", minutes / 60, minutes % 60);
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
                      std::size_t text_columns, bool header) {
  std::string out = "<tr>";
  std::string tag = header ? "th" : "td";
  for (std::size_t i = 0; i < cells.size(); ++i)
    out += "<" + tag + (i < text_columns ? " class=\"l\">" : ">") + cells[i]
           + "</" + tag + ">";
  return out + "</tr>\n";
}

std::string header_row(const std::vector<std::string>& cells,
                       std::size_t text_columns) {
  return table_row(cells, text_columns, true);
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

axis_scale nice_scale(double max_value, int ticks) {
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

namespace {

/// Okabe-Ito colours, told apart by colour-blind readers too.
constexpr std::array<const char*, 7> palette{
  "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#555555"};

} // namespace

const char* colour(std::size_t i) {
  return palette[i % palette.size()];
}

std::string px(double v) {
  return fixed(v, 1);
}

double plot_area::x(double v) const {
  return left + width * std::clamp(v / x_max, 0.0, 1.0);
}

double plot_area::y(double v) const {
  return top + height - height * std::clamp(v / y_max, 0.0, 1.0);
}

svg_canvas::svg_canvas(double width, std::string title)
    : width_(width), title_(std::move(title)) {
  auto fits = static_cast<std::size_t>((width - 20) / 7.5);
  text(10, 20, shortened(title_, fits), "start", "ttl",
       title_.size() > fits ? std::string_view{title_} : "");
}

void svg_canvas::line(double x1, double y1, double x2, double y2,
                      std::string_view cls) {
  body_ += "<line x1=\"" + px(x1) + "\" y1=\"" + px(y1) + "\" x2=\"" + px(x2)
           + "\" y2=\"" + px(y2) + "\" class=\"" + std::string{cls} + "\"/>\n";
}

void svg_canvas::rect(double x, double y, double w, double h,
                      std::string_view fill, std::string_view tip) {
  body_ += "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\""
           + px(std::max(w, 0.0)) + "\" height=\"" + px(std::max(h, 0.0))
           + "\" fill=\"" + std::string{fill} + "\"";
  body_ += tip.empty() ? "/>\n"
                       : "><title>" + escape(tip) + "</title></rect>\n";
}

void svg_canvas::text(double x, double y, std::string_view s,
                      std::string_view anchor, std::string_view cls,
                      std::string_view tip) {
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

void svg_canvas::vertical_text(double x, double y, std::string_view s) {
  body_ += "<text transform=\"translate(" + px(x) + " " + px(y)
           + ") rotate(-90)\" text-anchor=\"middle\">" + escape(s)
           + "</text>\n";
}

void svg_canvas::polyline(const std::vector<std::pair<double, double>>& points,
                          std::string_view stroke, std::string_view dasharray) {
  std::string run;
  auto flush = [&] {
    if (!run.empty()) {
      body_ += "<polyline fill=\"none\" stroke=\"" + std::string{stroke} + "\"";
      if (!dasharray.empty())
        body_ += " stroke-dasharray=\"" + std::string{dasharray} + "\"";
      body_ += " points=\"" + run + "\"/>\n";
    }
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

std::string svg_canvas::finish(double height) && {
  auto w = px(width_);
  auto h = px(height);
  return "<svg viewBox=\"0 0 " + w + " " + h + "\" width=\"" + w
         + "\" height=\"" + h + "\" role=\"img\" aria-label=\"" + escape(title_)
         + "\">\n<title>" + escape(title_) + "</title>\n" + body_ + "</svg>\n";
}

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

// -- page ---------------------------------------------------------------------

namespace {

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

} // namespace

std::string_view page_style() {
  return style;
}

} // namespace livechat::sim::svg
