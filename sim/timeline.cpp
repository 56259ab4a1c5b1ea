#include "sim/timeline.hpp"

#include <algorithm>

namespace livechat::sim {

time_bins::time_bins(duration horizon, std::size_t max_bins) {
  using std::chrono::seconds;
  auto horizon_s = std::chrono::duration_cast<seconds>(horizon).count();
  if (horizon_s <= 0 || max_bins == 0)
    return;
  auto n = std::min<long long>(static_cast<long long>(max_bins), horizon_s);
  // Whole seconds, rounded up, so that the bins cover the horizon.
  width = seconds{(horizon_s + n - 1) / n};
  count = static_cast<std::size_t>(n);
}

time_bins time_bins::of_width(duration horizon, duration bin_width) {
  time_bins out;
  if (bin_width <= duration::zero() || horizon <= duration::zero())
    return out;
  out.width = bin_width;
  out.count
    = static_cast<std::size_t>((horizon + bin_width - duration{1}) / bin_width);
  return out;
}

binned_level::binned_level(time_bins bins)
    : bins_(bins), integral_s_(bins.count, 0.0) {}

void binned_level::integrate_to(timestamp t) {
  auto end = timestamp{bins_.end()};
  auto to = std::min(t, end);
  while (since_ < to) {
    auto bin
      = static_cast<std::size_t>(since_.time_since_epoch() / bins_.width);
    auto bin_end = timestamp{bins_.width * static_cast<long long>(bin + 1)};
    auto upto = std::min(bin_end, to);
    integral_s_[bin] += value_ * to_seconds(upto - since_);
    since_ = upto;
  }
  since_ = std::max(since_, t);
}

void binned_level::set(timestamp at, double value) {
  integrate_to(at);
  value_ = value;
}

void binned_level::finish(timestamp end) {
  integrate_to(end);
}

std::vector<double> binned_level::averages() const {
  std::vector<double> out;
  out.reserve(integral_s_.size());
  auto w = to_seconds(bins_.width);
  for (auto v : integral_s_)
    out.push_back(w > 0 ? v / w : 0.0);
  return out;
}

void binned_count::record(timestamp at) {
  if (bins_.count == 0 || at.time_since_epoch() < duration::zero()
      || at >= timestamp{bins_.end()})
    return;
  counts_[static_cast<std::size_t>(at.time_since_epoch() / bins_.width)] += 1;
}

} // namespace livechat::sim
