#include "core/stats/fairness.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <vector>

namespace livechat::stats {

namespace {

[[maybe_unused]] bool valid(std::span<const double> values) noexcept {
  return std::all_of(values.begin(), values.end(), [](double x) {
    return std::isfinite(x) && x >= 0.0;
  });
}

} // namespace

double jain_index(std::span<const double> values) noexcept {
  assert(valid(values) && "jain_index: values must be finite and >= 0");
  if (values.empty())
    return 1.0;
  // J is scale-invariant; dividing by the maximum keeps the squares in range.
  auto largest = *std::max_element(values.begin(), values.end());
  if (!(largest > 0.0))
    return 1.0;
  double sum = 0.0;
  double sum_of_squares = 0.0;
  for (auto x : values) {
    auto scaled = x / largest;
    sum += scaled;
    sum_of_squares += scaled * scaled;
  }
  auto n = static_cast<double>(values.size());
  return sum * sum / (n * sum_of_squares);
}

double gini(std::span<const double> values) {
  assert(valid(values) && "gini: values must be finite and >= 0");
  if (values.empty())
    return 0.0;
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  // With x sorted ascending and 1-based i, sum_i sum_j |x_i - x_j| =
  // 2 sum_i (2i - n - 1) x_i, and 2 n^2 mean = 2 n sum x.
  double sum = 0.0;
  double weighted = 0.0;
  auto n = static_cast<double>(sorted.size());
  for (std::size_t k = 0; k < sorted.size(); ++k) {
    auto i = static_cast<double>(k + 1);
    sum += sorted[k];
    weighted += (2.0 * i - n - 1.0) * sorted[k];
  }
  if (!(sum > 0.0))
    return 0.0;
  return weighted / (n * sum);
}

double max_min_ratio(std::span<const double> values) noexcept {
  assert(valid(values) && "max_min_ratio: values must be finite and >= 0");
  if (values.empty())
    return 1.0;
  auto [lowest, highest] = std::minmax_element(values.begin(), values.end());
  if (!(*highest > 0.0))
    return 1.0;
  if (!(*lowest > 0.0))
    return std::numeric_limits<double>::infinity();
  return *highest / *lowest;
}

fairness_summary summarize(std::span<const double> values) {
  return {jain_index(values), gini(values), max_min_ratio(values)};
}

} // namespace livechat::stats
