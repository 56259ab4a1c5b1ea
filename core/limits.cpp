#include "core/limits.hpp"

#include <cmath>
#include <string>

namespace livechat::limits {

namespace {

/// Shortest text of a duration in whole units (d, h, m, s, ms), as the
/// scenario format writes them.
std::string duration_text(duration d) {
  using namespace std::chrono;
  struct unit {
    duration size;
    const char* name;
  };
  const unit units[] = {{hours{24}, "d"},
                        {hours{1}, "h"},
                        {minutes{1}, "m"},
                        {seconds{1}, "s"},
                        {milliseconds{1}, "ms"}};
  if (d == duration::zero())
    return "0";
  for (const auto& u : units)
    if (d % u.size == duration::zero())
      return std::to_string(d / u.size) + u.name;
  return std::to_string(d.count()) + "ns";
}

/// A real number as people write it: no trailing zeros.
std::string number_text(double x) {
  if (x == std::floor(x) && std::fabs(x) < 1e15)
    return std::to_string(static_cast<long long>(x));
  std::string s = std::to_string(x);
  while (!s.empty() && s.back() == '0')
    s.pop_back();
  return s;
}

} // namespace

std::string integer_range::describe() const {
  return "between " + std::to_string(min) + " and " + std::to_string(max);
}

std::string real_range::describe() const {
  return std::string{"in "} + (open_min ? "(" : "[") + number_text(min) + ", "
         + number_text(max) + "]";
}

std::string duration_range::describe() const {
  return "between " + duration_text(min) + " and " + duration_text(max);
}

} // namespace livechat::limits
