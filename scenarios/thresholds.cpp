#include "scenarios/thresholds.hpp"

#include "scenarios/diagnostics.hpp"

#include <array>
#include <utility>

namespace livechat::scenarios {

namespace {

bool is_metric_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
         || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

void skip_spaces(std::string_view& s) {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
}

// Longest symbols first so "<=" is not read as "<".
constexpr std::array<std::pair<std::string_view, comparator>, 5> symbols{{
  {"<=", comparator::less_equal},
  {">=", comparator::greater_equal},
  {"==", comparator::equal},
  {"<", comparator::less},
  {">", comparator::greater},
}};

} // namespace

std::string_view to_string(comparator c) noexcept {
  for (const auto& [symbol, op] : symbols)
    if (op == c)
      return symbol;
  return "?";
}

bool threshold_spec::holds(double measured) const noexcept {
  switch (op) {
    case comparator::less: return measured < value;
    case comparator::less_equal: return measured <= value;
    case comparator::greater: return measured > value;
    case comparator::greater_equal: return measured >= value;
    case comparator::equal: return measured == value;
  }
  return false;
}

parsed<threshold_spec> parse_threshold(std::string_view text) {
  using out = parsed<threshold_spec>;
  auto fail = [&](std::string_view why) {
    return out::failure("invalid threshold " + excerpt(text, 80) + ": "
                        + std::string{why});
  };
  threshold_spec t;
  t.text = std::string{text};
  auto s = text;
  skip_spaces(s);
  std::size_t n = 0;
  while (n < s.size() && is_metric_char(s[n]))
    ++n;
  if (n == 0)
    return fail("expected 'metric op value', e.g. 'wait.p99 < 2m'");
  t.metric = std::string{s.substr(0, n)};
  s.remove_prefix(n);
  skip_spaces(s);
  bool found = false;
  for (const auto& [symbol, op] : symbols) {
    if (s.starts_with(symbol)) {
      t.op = op;
      s.remove_prefix(symbol.size());
      found = true;
      break;
    }
  }
  if (!found)
    return fail("expected a comparator (<, <=, >, >=, ==) after '" + t.metric
                + "'");
  skip_spaces(s);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  if (s.empty())
    return fail("missing value after the comparator");
  if (s.back() == '%') {
    auto number = parse_number(s.substr(0, s.size() - 1));
    if (!number)
      return fail("invalid percentage " + excerpt(s));
    t.value = *number / 100.0;
    return out::success(std::move(t));
  }
  if (auto number = parse_number(s)) {
    t.value = *number;
    return out::success(std::move(t));
  }
  auto time = parse_duration(s);
  if (!time)
    return fail("value " + excerpt(s) + " is neither a number nor a duration");
  t.value = to_seconds(*time);
  t.is_duration = true;
  return out::success(std::move(t));
}

} // namespace livechat::scenarios
