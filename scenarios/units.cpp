#include "scenarios/units.hpp"

#include "core/limits.hpp"
#include "scenarios/diagnostics.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <system_error>

namespace livechat::scenarios {

namespace {

constexpr std::string_view unit_list = "ms, s, m, min, h, d";

struct unit {
  std::string_view name;
  double seconds;
};

constexpr std::array<unit, 6> units{{
  {"ms", 0.001},
  {"s", 1.0},
  {"m", 60.0},
  {"min", 60.0},
  {"h", 3600.0},
  {"d", 86400.0},
}};

std::optional<double> unit_seconds(std::string_view name) {
  for (const auto& u : units)
    if (u.name == name)
      return u.seconds;
  return std::nullopt;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/// Splits `s` into a leading unsigned decimal (digits with at most one dot)
/// and the rest. Returns nullopt if there is no digit at the start.
std::optional<std::pair<double, std::string_view>>
split_decimal(std::string_view s) {
  std::size_t i = 0;
  bool dot = false;
  bool digit = false;
  for (; i < s.size(); ++i) {
    if (is_digit(s[i])) {
      digit = true;
    } else if (s[i] == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (!digit)
    return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + i, value);
  if (ec != std::errc{} || ptr != s.data() + i)
    return std::nullopt;
  return std::pair{value, trim_spaces(s.substr(i))};
}

/// Quoted for a message, escaped and shortened (diagnostics.hpp).
std::string quote(std::string_view s) {
  return excerpt(s);
}

} // namespace

parsed<duration> parse_duration(std::string_view text) {
  using out = parsed<duration>;
  auto s = trim_spaces(text);
  if (s.empty())
    return out::failure("empty duration (expected a number and a unit: "
                        + std::string{unit_list} + ")");
  if (s.front() == '-')
    return out::failure("duration " + quote(text) + " is negative");
  auto split = split_decimal(s);
  if (!split)
    return out::failure("invalid duration " + quote(text)
                        + " (expected a number and a unit: "
                        + std::string{unit_list} + ")");
  auto [number, unit_text] = *split;
  double seconds = 0;
  if (unit_text.empty()) {
    if (number != 0)
      return out::failure("duration " + quote(text) + " needs a unit ("
                          + std::string{unit_list} + ")");
  } else {
    auto per = unit_seconds(unit_text);
    if (!per)
      return out::failure("unknown unit " + quote(unit_text) + " in duration "
                          + quote(text) + " (use " + std::string{unit_list}
                          + ")");
    seconds = number * *per;
  }
  // One range for every duration of the format (core/limits.hpp); it keeps
  // the conversion below, and later arithmetic, far from overflow.
  const auto& range = limits::scenario_duration;
  if (!(seconds <= to_seconds(range.max)))
    return out::failure("duration " + quote(text) + " must be "
                        + range.describe());
  return out::success(from_seconds(seconds));
}

parsed<rate> parse_rate(std::string_view text) {
  using out = parsed<rate>;
  auto s = trim_spaces(text);
  if (s.empty())
    return out::failure("empty rate (expected e.g. 60/h)");
  if (s.front() == '-')
    return out::failure("rate " + quote(text) + " is negative");
  auto split = split_decimal(s);
  if (!split)
    return out::failure("invalid rate " + quote(text)
                        + " (expected e.g. 60/h)");
  auto [number, rest] = *split;
  if (rest.empty())
    return out::failure("rate " + quote(text) + " needs a unit, e.g. "
                        + std::string{s} + "/h");
  if (rest.front() != '/')
    return out::failure("invalid rate " + quote(text)
                        + " (expected e.g. 60/h)");
  auto unit_text = trim_spaces(rest.substr(1));
  auto per = unit_seconds(unit_text);
  if (!per)
    return out::failure("unknown unit " + quote(unit_text) + " in rate "
                        + quote(text) + " (use /"
                        + "ms, /s, /m, /min, /h, /d)");
  rate r{number / *per};
  if (!limits::arrival_rate_per_second.contains(r.per_second))
    return out::failure("rate " + quote(text) + " is above the limit of "
                        + std::to_string(static_cast<long long>(
                          limits::arrival_rate_per_second.max))
                        + "/s");
  return out::success(r);
}

parsed<double> parse_number(std::string_view text) {
  using out = parsed<double>;
  auto s = trim_spaces(text);
  auto invalid = [&] {
    return out::failure("invalid number " + quote(text));
  };
  if (s.empty())
    return invalid();
  // from_chars accepts "inf" and "nan"; a number must start with a digit,
  // a dot, or a sign followed by one.
  std::size_t first = (s.front() == '-' || s.front() == '+') ? 1 : 0;
  if (first >= s.size() || !(is_digit(s[first]) || s[first] == '.'))
    return invalid();
  if (s.front() == '+')
    s.remove_prefix(1);
  double value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || ptr != s.data() + s.size() || !std::isfinite(value))
    return invalid();
  return out::success(value);
}

parsed<long long> parse_integer(std::string_view text) {
  using out = parsed<long long>;
  auto s = trim_spaces(text);
  if (!s.empty() && s.front() == '+')
    s.remove_prefix(1);
  long long value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range)
    return out::failure("must be a whole number of at most 19 digits, got "
                        + excerpt(text));
  if (s.empty() || ec != std::errc{} || ptr != s.data() + s.size())
    return out::failure("must be a whole number, got " + excerpt(text));
  return out::success(value);
}

std::string format_duration(duration d) {
  using namespace std::chrono;
  if (d == duration::zero())
    return "0s";
  struct exact {
    duration size;
    std::string_view name;
  };
  const std::array<exact, 5> by_size{{
    {hours{24}, "d"},
    {hours{1}, "h"},
    {minutes{1}, "m"},
    {seconds{1}, "s"},
    {milliseconds{1}, "ms"},
  }};
  for (const auto& u : by_size)
    if (d % u.size == duration::zero())
      return std::to_string(d / u.size) + std::string{u.name};
  auto text = std::to_string(to_seconds(d));
  return text + "s";
}

std::string_view trim_spaces(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

} // namespace livechat::scenarios
