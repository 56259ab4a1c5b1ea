#include "server/rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace livechat::server {

bool rate_limiter::allow(const std::string& key, std::int64_t now_ms) {
  std::lock_guard guard{mutex_};
  auto [it, fresh] = buckets_.try_emplace(key, bucket{settings_.burst, now_ms});
  auto& b = it->second;
  if (!fresh) {
    auto elapsed
      = static_cast<double>(std::max<std::int64_t>(0, now_ms - b.updated_ms));
    b.tokens = std::min(settings_.burst,
                        b.tokens + elapsed / 1000.0 * settings_.per_second);
    b.updated_ms = now_ms;
  }
  if (b.tokens < 1.0)
    return false;
  b.tokens -= 1.0;
  return true;
}

int rate_limiter::retry_after_seconds() const noexcept {
  if (settings_.per_second <= 0)
    return 60;
  return std::max(1, static_cast<int>(std::ceil(1.0 / settings_.per_second)));
}

} // namespace livechat::server
