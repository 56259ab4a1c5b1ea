#include "core/queueing/wait_estimate.hpp"

#include <cassert>
#include <chrono>
#include <cmath>

namespace livechat::queueing {

std::optional<duration> expected_wait(std::size_t ahead, std::size_t slots,
                                      std::optional<duration> mean_handle) {
  if (slots == 0 || !mean_handle)
    return std::nullopt;
  auto departures = static_cast<double>(ahead) + 1;
  auto ns = departures * static_cast<double>(mean_handle->count())
            / static_cast<double>(slots);
  if (!(ns < static_cast<double>(duration::max().count())))
    return duration::max();
  return duration{std::llround(ns)};
}

recent_handle_time::recent_handle_time(double weight) noexcept
    : weight_(weight) {
  assert(weight > 0 && weight <= 1 && "recent_handle_time: weight in (0, 1]");
}

void recent_handle_time::observe(duration handle) noexcept {
  assert(handle >= duration::zero() && "recent_handle_time: negative handle");
  auto x = static_cast<double>(handle.count());
  mean_ns_ = count_ == 0 ? x : mean_ns_ + weight_ * (x - mean_ns_);
  ++count_;
}

std::optional<duration> recent_handle_time::value() const noexcept {
  if (count_ == 0)
    return std::nullopt;
  return duration{std::llround(mean_ns_)};
}

} // namespace livechat::queueing
