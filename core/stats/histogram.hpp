// A log-linear (HDR-style) histogram of non-negative durations, for wait,
// handle and latency statistics in bounded memory.
//
// Values are bucketed on one fixed grid shared by every histogram: values
// below 256 ns get a bucket each (exact), and every power-of-two range above
// is split into 128 equal buckets, so a bucket is never wider than 1/128
// (0.78 %) of its lower bound. Counts live in a vector that grows lazily up to
// the bucket of the largest value recorded (at most `max_bucket_count` slots,
// about 40 KB for values up to 10 h); memory never depends on the number of
// samples. Count, sum, min and max are kept exactly beside the buckets.
//
// Because the grid is shared, buckets of two histograms line up by `index`:
// that is what `merge` relies on, and what lets a caller walk two histograms
// side by side (e.g. waits of answered sessions and of abandoned ones, for a
// Kaplan-Meier estimate of the virtual wait).
//
// Example:
//   using namespace livechat::time_literals;
//   livechat::stats::log_linear_histogram waits;
//   waits.record(0s);                    // answered at once
//   waits.record(12s);
//   waits.record(95s, 3);                // three sessions that waited 95 s
//   auto p90 = waits.quantile(0.9);      // ~95 s (within 1 %)
//   auto within_20s = waits.count_at_or_below(20s); // 2
//   for (const auto& b : waits.nonempty_buckets())
//     use(b.lower, b.upper, b.count);
#pragma once

#include "core/time.hpp"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

namespace livechat::stats {

class log_linear_histogram {
public:
  /// Values below this many nanoseconds get one bucket each (exact).
  static constexpr std::int64_t linear_limit_ns = 256;

  /// Buckets per power-of-two range above `linear_limit_ns`.
  static constexpr std::size_t buckets_per_octave = 128;

  /// Number of buckets needed to cover every non-negative `duration`; the
  /// bucket storage of a histogram never exceeds this.
  static constexpr std::size_t max_bucket_count = 7296;

  /// One bucket of the shared grid: values in [lower, upper) fall into it.
  /// `index` is the bucket's position on the grid (the same in every
  /// histogram). The topmost bucket's `upper` would be 2^63 ns, which does not
  /// fit a `duration`; it is reported as `duration::max()` (292 years).
  struct bucket {
    std::size_t index;
    duration lower;
    duration upper;
    std::uint64_t count;

    friend bool operator==(const bucket&, const bucket&) = default;
  };

  /// Forward iterator over the non-empty buckets, in increasing order.
  class bucket_iterator {
  public:
    using iterator_concept = std::forward_iterator_tag;
    using iterator_category = std::input_iterator_tag;
    using value_type = bucket;
    using difference_type = std::ptrdiff_t;
    using reference = bucket;

    bucket_iterator() = default;

    bucket operator*() const noexcept;
    bucket_iterator& operator++() noexcept;
    bucket_iterator operator++(int) noexcept {
      auto copy = *this;
      ++*this;
      return copy;
    }
    friend bool operator==(const bucket_iterator& x,
                           const bucket_iterator& y) noexcept {
      return x.index_ == y.index_;
    }

  private:
    friend class log_linear_histogram;
    bucket_iterator(const std::vector<std::uint64_t>* counts,
                    std::size_t index) noexcept;

    const std::vector<std::uint64_t>* counts_ = nullptr;
    std::size_t index_ = 0;
  };

  /// The non-empty buckets of a histogram, as a range for `for`.
  class bucket_range {
  public:
    bucket_iterator begin() const noexcept {
      return begin_;
    }
    bucket_iterator end() const noexcept {
      return end_;
    }

  private:
    friend class log_linear_histogram;
    bucket_range(bucket_iterator first, bucket_iterator last) noexcept
        : begin_(first), end_(last) {}

    bucket_iterator begin_;
    bucket_iterator end_;
  };

  // -- recording --------------------------------------------------------------

  /// Records one sample. `d` must be non-negative (a negative value is a bug:
  /// asserted, and recorded as 0 when asserts are off).
  void record(duration d) noexcept {
    record(d, 1);
  }

  /// Records `n` samples of value `d` (same contract as above; `n` == 0 is a
  /// no-op).
  void record(duration d, std::uint64_t n) noexcept;

  /// Adds all samples of `other` to this histogram. Afterwards this histogram
  /// equals one that recorded both sample sets (same buckets, count, sum, min,
  /// max).
  void merge(const log_linear_histogram& other) noexcept;

  /// Forgets every sample and releases the bucket storage.
  void clear() noexcept;

  // -- exact summaries --------------------------------------------------------

  /// Number of samples recorded.
  std::uint64_t count() const noexcept {
    return count_;
  }

  bool empty() const noexcept {
    return count_ == 0;
  }

  /// Exact sum of all samples; saturates at `duration::max()` (292 years) if
  /// the true sum does not fit. `sum_seconds()` has the full range.
  duration sum() const noexcept;

  /// Sum of all samples in seconds, from an exact 128-bit nanosecond sum
  /// (exact up to 2^64 ns, i.e. 584 years; relative error < 1e-19 beyond).
  long double sum_seconds() const noexcept;

  /// Mean in seconds: `sum_seconds() / count()`; 0 for an empty histogram.
  double mean_seconds() const noexcept;

  /// Smallest sample, exactly; 0 for an empty histogram.
  duration min() const noexcept {
    return count_ == 0 ? duration::zero() : min_;
  }

  /// Largest sample, exactly; 0 for an empty histogram.
  duration max() const noexcept {
    return max_;
  }

  // -- estimates from the buckets ---------------------------------------------

  /// The q-quantile, q in [0, 1] (asserted; clamped when asserts are off).
  ///
  /// Convention: the exact sample quantile is the smallest recorded value v
  /// such that at least r = max(1, ceil(q * count())) samples are <= v (the
  /// r-th smallest sample; q = 0 gives the minimum, q = 1 the maximum, q = 0.5
  /// with an even count gives the lower median). q * count() is computed in
  /// double, and a product within 4 ulps above an integer counts as that
  /// integer, so decimal q behave as written (0.7 of 10 samples is rank 7,
  /// although 0.7 * 10 == 7.000000000000001 in double).
  ///
  /// The result is the middle of the bucket holding that sample, clamped to
  /// [min(), max()], so its relative error is at most 1/256 (0.39 %); it is
  /// exact when r is 1 or count(), and for values below 256 ns. Empty
  /// histogram: 0.
  duration quantile(double q) const noexcept;

  /// Number of samples <= t (for service levels).
  ///
  /// Exact when t < min(), t >= max(), t < 256 ns, or t is the last value of
  /// its bucket (t + 1 ns is a bucket's `lower`). Otherwise the whole bucket
  /// holding t is counted, so with N(x) the exact count of samples <= x:
  ///   N(t) <= count_at_or_below(t) <= N(u), u = upper of t's bucket - 1 ns,
  /// where u - t < bucket width <= t / 128 (under 0.79 % of t).
  std::uint64_t count_at_or_below(duration t) const noexcept;

  // -- buckets ----------------------------------------------------------------

  /// The non-empty buckets in increasing order. The range reads this
  /// histogram's storage: recording, merging or clearing invalidates it.
  bucket_range nonempty_buckets() const noexcept;

  /// Bucket slots currently allocated: 0 when empty, otherwise
  /// `bucket_index(max()) + 1`. Never above `max_bucket_count`.
  std::size_t bucket_storage_size() const noexcept {
    return counts_.size();
  }

  /// Index on the shared grid of the bucket holding `d` (d >= 0).
  static std::size_t bucket_index(duration d) noexcept;

  /// Smallest value of bucket `index` (index < max_bucket_count).
  static duration bucket_lower(std::size_t index) noexcept;

  /// One past the largest value of bucket `index`; `duration::max()` for the
  /// topmost bucket (see `bucket`).
  static duration bucket_upper(std::size_t index) noexcept;

  /// Same samples recorded (buckets, count, exact sum, min, max).
  friend bool
  operator==(const log_linear_histogram&, const log_linear_histogram&)
    = default;

private:
  /// Unsigned 128-bit accumulator for the exact nanosecond sum.
  struct wide_sum {
    std::uint64_t high = 0;
    std::uint64_t low = 0;

    friend bool operator==(const wide_sum&, const wide_sum&) = default;
  };

  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  wide_sum sum_;
  duration min_ = duration::max(); // meaningful only when count_ > 0
  duration max_ = duration::zero();
};

} // namespace livechat::stats
