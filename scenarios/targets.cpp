#include "scenarios/targets.hpp"

#include "scenarios/metrics.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace livechat::scenarios {

namespace {

constexpr std::string_view metric_list
  = "service_level.<definition>, asa_answered_s, abandon_rate, wait.p90, "
    "occupancy";

constexpr std::string_view definition_list
  = "offered, answered, excl_short_abandons, virtual";

constexpr std::string_view example = "service_level.offered >= 0.8 @ 20s";

// The longest duration a `duration` holds (int64 nanoseconds), as units.cpp.
constexpr double max_seconds = 9.2e9;

bool is_metric_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
         || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/// Quoted for a message, escaped and shortened (diagnostics.hpp).
std::string quote(std::string_view s) {
  return excerpt(s);
}

/// The registry's metrics (metrics.hpp) a plan can target, but service
/// levels. A target may name them by name or JSON path, as a threshold may.
constexpr std::array<std::pair<std::string_view, target_metric>, 4>
  plain_metrics{{
    {"asa_answered", target_metric::asa_answered},
    {"abandon_rate", target_metric::abandon_rate},
    {"wait.p90", target_metric::wait_p90},
    {"occupancy", target_metric::occupancy},
  }};

/// Reads a fraction: `0.8` or `80%`, in [0, 1].
parsed<double> read_fraction(std::string_view text) {
  using out = parsed<double>;
  auto s = trim_spaces(text);
  bool percent = !s.empty() && s.back() == '%';
  auto number = parse_number(percent ? s.substr(0, s.size() - 1) : s);
  if (!number)
    return out::failure("invalid fraction " + quote(s)
                        + " (expected e.g. 0.8 or 80%)");
  double value = percent ? *number / 100.0 : *number;
  if (!(value >= 0.0 && value <= 1.0))
    return out::failure("fraction " + quote(s) + " is outside [0, 1]");
  return out::success(value);
}

/// Reads a time in seconds: a bare number of seconds or a duration.
parsed<double> read_seconds(std::string_view text) {
  using out = parsed<double>;
  auto s = trim_spaces(text);
  if (!s.empty() && s.front() == '-')
    return out::failure("time " + quote(s) + " is negative");
  double seconds = 0;
  if (auto number = parse_number(s)) {
    seconds = *number;
  } else {
    auto d = parse_duration(s);
    if (!d)
      return out::failure(d.error);
    seconds = to_seconds(*d);
  }
  if (seconds < 0)
    return out::failure("time " + quote(s) + " is negative");
  if (!(seconds <= max_seconds))
    return out::failure("time " + quote(s) + " is out of range");
  return out::success(seconds);
}

} // namespace

bool target_spec::holds(double measured) const noexcept {
  if (metric == target_metric::service_level)
    return measured >= bound;
  return measured <= bound;
}

std::string target_spec::name() const {
  switch (metric) {
    case target_metric::service_level:
      return "service_level." + std::string{queueing::to_string(definition)}
             + "@" + format_duration(threshold);
    case target_metric::asa_answered: return "asa_answered_s";
    case target_metric::abandon_rate: return "abandon_rate";
    case target_metric::wait_p90: return "wait.p90_s";
    case target_metric::occupancy: return "occupancy";
  }
  return "?";
}

std::optional<queueing::staffing_target>
target_spec::to_staffing_target() const {
  switch (metric) {
    case target_metric::service_level:
      return queueing::service_level_target(bound, to_seconds(threshold),
                                            definition);
    case target_metric::asa_answered: return queueing::asa_target(bound);
    case target_metric::abandon_rate:
      return queueing::abandon_rate_target(bound);
    case target_metric::wait_p90:
      return queueing::service_level_target(
        0.9, bound, queueing::service_level_definition::answered);
    case target_metric::occupancy: return std::nullopt;
  }
  return std::nullopt;
}

parsed<target_spec> parse_target(std::string_view text) {
  using out = parsed<target_spec>;
  auto fail = [&](std::string_view why) {
    return out::failure("invalid target " + quote(text) + ": "
                        + std::string{why});
  };
  target_spec t;
  t.text = std::string{text};
  auto s = trim_spaces(text);

  // The metric.
  std::size_t n = 0;
  while (n < s.size() && is_metric_char(s[n]))
    ++n;
  if (n == 0)
    return fail("expected 'metric op bound', e.g. " + quote(example));
  auto written = s.substr(0, n);
  s.remove_prefix(n);
  constexpr std::string_view sl_prefix = "service_level";
  if (written.starts_with(sl_prefix)
      && (written.size() == sl_prefix.size()
          || written[sl_prefix.size()] == '.')) {
    t.metric = target_metric::service_level;
    auto def = written.substr(std::min(written.size(), sl_prefix.size() + 1));
    if (def.empty())
      return fail("missing service-level definition: write "
                  "service_level.<definition> (use "
                  + std::string{definition_list} + ")");
    auto parsed_def = queueing::parse_service_level_definition(def);
    if (!parsed_def)
      return fail("unknown service-level definition " + quote(def) + " (use "
                  + std::string{definition_list} + ")");
    t.definition = *parsed_def;
  } else {
    auto name = threshold_metric(written);
    if (!name)
      return fail("unknown metric " + quote(written) + " (use "
                  + std::string{metric_list} + ")");
    const auto* plain = std::find_if(plain_metrics.begin(), plain_metrics.end(),
                                     [&](const auto& entry) {
                                       return entry.first == *name;
                                     });
    if (plain == plain_metrics.end())
      return fail("metric " + quote(written) + " cannot be planned for (use "
                  + std::string{metric_list} + ")");
    t.metric = plain->second;
  }

  // The comparator: service levels are minimums, the rest maximums.
  bool minimum = t.metric == target_metric::service_level;
  std::string_view wanted = minimum ? ">=" : "<=";
  s = trim_spaces(s);
  if (!s.starts_with(wanted)) {
    std::string_view found;
    for (std::string_view op : {"<=", ">=", "==", "!=", "<", ">", "="})
      if (s.starts_with(op)) {
        found = op;
        break;
      }
    if (found.empty())
      return fail("expected " + std::string{wanted} + " after "
                  + quote(written));
    return fail(std::string{written} + " is a "
                + (minimum ? "minimum" : "maximum") + ": use "
                + std::string{wanted});
  }
  s.remove_prefix(wanted.size());

  // The bound, and `@ t` for service levels.
  auto at = s.find('@');
  auto bound_text = trim_spaces(s.substr(0, at));
  if (bound_text.empty())
    return fail("missing bound after " + std::string{wanted});
  if (minimum && at == std::string_view::npos)
    return fail(std::string{written} + " needs '@ t', the t of \"answered "
                + "within t\" (e.g. " + quote(example) + ")");
  if (!minimum && at != std::string_view::npos)
    return fail(std::string{written}
                + " takes no '@ t' (only service levels do)");
  bool is_time = t.metric == target_metric::asa_answered
                 || t.metric == target_metric::wait_p90;
  auto bound = is_time ? read_seconds(bound_text) : read_fraction(bound_text);
  if (!bound)
    return fail(bound.error);
  t.bound = *bound;
  if (minimum) {
    auto t_text = trim_spaces(s.substr(at + 1));
    if (t_text.empty())
      return fail("missing time after '@'");
    if (t_text.find('@') != std::string_view::npos)
      return fail("more than one '@'");
    auto threshold = read_seconds(t_text);
    if (!threshold)
      return fail(threshold.error);
    t.threshold = from_seconds(*threshold);
  }
  return out::success(std::move(t));
}

} // namespace livechat::scenarios
