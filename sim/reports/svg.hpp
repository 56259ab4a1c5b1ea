// Shared pieces of the HTML reports (sim/reports/run_html.hpp, `livechat run`;
// sim/reports/plan_report.hpp, `livechat plan`): text formatting and HTML
// escaping, table rows, axis scales, a small hand-written SVG canvas, and the
// pages' inline CSS. Everything is deterministic: the same inputs give the
// same bytes.
//
// Example:
//   using namespace livechat::sim::svg;
//   svg_canvas c{560, "Queue — web"};
//   plot_area a{.left = 58, .top = 48, .width = 484, .height = 174,
//               .x_max = 3600, .y_max = 10};
//   y_axis(c, a, 2, "sessions");
//   x_axis(c, a, 600, clock_text, "time (h:mm)");
//   c.polyline({{a.x(0), a.y(1)}, {a.x(3600), a.y(4)}}, colour(0));
//   std::string html = "<figure>" + std::move(c).finish(270) + "</figure>";
#pragma once

#include "sim/experiment.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace livechat::sim::svg {

// -- text ---------------------------------------------------------------------

/// What a figure that is not finite shows as.
inline constexpr std::string_view dash = "–";

/// `s` with &, <, >, " and ' escaped, for text and attribute values.
std::string escape(std::string_view s);

/// `x` with `prec` decimals (never "-0"); a dash when not finite.
std::string fixed(double x, int prec);

/// A share as a percentage, e.g. "12.5 %".
std::string percent(double share, int prec = 1);

/// Mean ± 95 % CI half-width of `f` (times `scale`), as in the terminal; the
/// half-width in <small>.
std::string with_ci(const figure& f, int prec, double scale = 1,
                    std::string_view unit = {});

/// Run time as h:mm.
std::string clock_text(double seconds);

/// A length of time for prose: "45 s", "12.5 min", "2.5 h".
std::string duration_text(double seconds);

/// At most `max_bytes` of `name`, cut at a character boundary, with "…".
std::string shortened(const std::string& name, std::size_t max_bytes);

/// A table row of HTML `cells`; the first `text_columns` align left.
std::string table_row(const std::vector<std::string>& cells,
                      std::size_t text_columns = 1, bool header = false);

std::string header_row(const std::vector<std::string>& cells,
                       std::size_t text_columns = 1);

// -- scales -------------------------------------------------------------------

/// A step of 1, 2 or 5 times a power of ten giving about `ticks` steps.
double nice_step(double range, int ticks);

/// An axis from 0: its end (a multiple of `step`) and its tick step.
struct axis_scale {
  double max = 1;
  double step = 1;
};

axis_scale nice_scale(double max_value, int ticks = 5);

/// Decimals that tell ticks `step` apart.
int decimals_for(double step);

/// Tick step for a time axis in seconds: whole minutes or hours.
double time_step(double end_s);

// -- SVG ----------------------------------------------------------------------

/// The i-th colour of the Okabe-Ito palette (told apart by colour-blind
/// readers too), cycling.
const char* colour(std::size_t i);

/// A pixel coordinate as text (one decimal).
std::string px(double v);

/// A chart's plot area: data [0, x_max] x [0, y_max] onto pixels.
struct plot_area {
  double left = 0;
  double top = 0;
  double width = 0;
  double height = 0;
  double x_max = 1;
  double y_max = 1;

  double x(double v) const;
  double y(double v) const;
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
  /// Starts with `title` at the top left (shortened to fit; the full title
  /// shows on hover).
  svg_canvas(double width, std::string title);

  void line(double x1, double y1, double x2, double y2, std::string_view cls);

  /// A filled rectangle; `tip` (raw text) shows on hover.
  void rect(double x, double y, double w, double h, std::string_view fill,
            std::string_view tip = {});

  /// Raw `s`, escaped here; `tip` (raw text) shows on hover.
  void text(double x, double y, std::string_view s,
            std::string_view anchor = "start", std::string_view cls = {},
            std::string_view tip = {});

  /// Text turned upright at (x, y) (a y axis title).
  void vertical_text(double x, double y, std::string_view s);

  /// A line through `points` (pixels), broken where a point is not finite;
  /// `dasharray` (e.g. "5 3") makes it dashed.
  void polyline(const std::vector<std::pair<double, double>>& points,
                std::string_view stroke, std::string_view dasharray = {});

  double width() const {
    return width_;
  }

  /// The <svg> element, `height` pixels high.
  std::string finish(double height) &&;

private:
  double width_;
  std::string title_;
  std::string body_;
};

/// Grid lines with labels at multiples of `step`, and the axis title
/// (upright along the left edge).
void y_axis(svg_canvas& c, const plot_area& a, double step,
            std::string_view title);

/// The bottom axis with ticks at multiples of `step`, labelled by
/// `label(value)`, and its title.
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
              const std::vector<legend_entry>& entries);

// -- page ---------------------------------------------------------------------

/// The reports' inline <style> element (with its trailing newline): page,
/// headings, verdict boxes, tables (`.l` aligns left, `.ok`/`.bad` colour a
/// verdict), charts (`.charts` lays figures out in a row) and SVG classes
/// (`ttl`, `muted`, `axis`, `grid`, `mean`, `sl`, `whisker`).
std::string_view page_style();

} // namespace livechat::sim::svg
