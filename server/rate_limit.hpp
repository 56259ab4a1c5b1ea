// Requests per token, limited by a token bucket each: `burst` requests at
// once, refilled at `per_second`. A client past its bucket gets 429 and a
// Retry-After; others are unaffected.
//
// Time is passed in (milliseconds of a steady clock), so tests drive it.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace livechat::server {

struct rate_limit_settings {
  double per_second = 50;
  double burst = 100;
};

class rate_limiter {
public:
  explicit rate_limiter(rate_limit_settings s) : settings_(s) {}

  /// Takes one request from `key`'s bucket; false if it is empty.
  bool allow(const std::string& key, std::int64_t now_ms);

  /// Seconds until `key` may send again (at least 1).
  int retry_after_seconds() const noexcept;

private:
  struct bucket {
    double tokens;
    std::int64_t updated_ms;
  };
  rate_limit_settings settings_;
  std::mutex mutex_;
  std::map<std::string, bucket, std::less<>> buckets_;
};

} // namespace livechat::server
