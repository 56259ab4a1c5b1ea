#include "core/stats/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <gtest/gtest.h>
#include <iterator>
#include <random>
#include <ranges>
#include <vector>

namespace histogram_test {

using livechat::duration;
using livechat::stats::log_linear_histogram;
using namespace livechat::time_literals;

static_assert(std::forward_iterator<log_linear_histogram::bucket_iterator>);
static_assert(std::ranges::forward_range<log_linear_histogram::bucket_range>);

// Exact sample quantile under the histogram's convention: the r-th smallest
// sample, r = max(1, ceil(k / 1000 * n)), computed in integers.
duration exact_quantile(const std::vector<duration>& sorted,
                        std::uint64_t per_mille) {
  std::uint64_t n = sorted.size();
  std::uint64_t rank = (per_mille * n + 999) / 1000;
  rank = std::max<std::uint64_t>(rank, 1);
  return sorted[rank - 1];
}

std::uint64_t exact_count_at_or_below(const std::vector<duration>& sorted,
                                      duration t) {
  return static_cast<std::uint64_t>(
    std::upper_bound(sorted.begin(), sorted.end(), t) - sorted.begin());
}

// Samples log-uniform in [1 ms, 10 h], as waits and handle times spread.
std::vector<duration> log_uniform_samples(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 gen{seed};
  std::uniform_real_distribution<double> exponent{std::log(1e-3),
                                                  std::log(36000.0)};
  std::vector<duration> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(livechat::from_seconds(std::exp(exponent(gen))));
  return out;
}

void expect_within_one_percent(duration estimate, duration exact) {
  auto error = std::abs(static_cast<double>((estimate - exact).count()));
  EXPECT_LE(error, 0.01 * static_cast<double>(exact.count()))
    << "estimate " << estimate.count() << " ns, exact " << exact.count()
    << " ns";
}

TEST(LogLinearHistogram, QuantileWithinOnePercentOfExact) {
  auto samples = log_uniform_samples(200'000, 20240601);
  log_linear_histogram h;
  for (auto d : samples)
    h.record(d);
  std::sort(samples.begin(), samples.end());
  for (std::uint64_t k = 0; k <= 1000; ++k) {
    SCOPED_TRACE(k);
    expect_within_one_percent(h.quantile(static_cast<double>(k) / 1000.0),
                              exact_quantile(samples, k));
  }
}

TEST(LogLinearHistogram, QuantileWithinOnePercentForExponentialWaitsWithTies) {
  // Waits of an Erlang-C-like queue: many exact zeros, then an exponential
  // tail quantised to whole milliseconds (many ties).
  std::mt19937_64 gen{7};
  std::bernoulli_distribution waited{0.3};
  std::exponential_distribution<double> wait_s{1.0 / 40.0};
  std::vector<duration> samples;
  log_linear_histogram h;
  for (int i = 0; i < 50'000; ++i) {
    duration d = 0ms;
    if (waited(gen))
      d = std::chrono::round<std::chrono::milliseconds>(
        livechat::from_seconds(wait_s(gen)));
    samples.push_back(d);
    h.record(d);
  }
  std::sort(samples.begin(), samples.end());
  for (std::uint64_t k = 0; k <= 1000; ++k) {
    SCOPED_TRACE(k);
    expect_within_one_percent(h.quantile(static_cast<double>(k) / 1000.0),
                              exact_quantile(samples, k));
  }
}

TEST(LogLinearHistogram, QuantileRankTreatsDecimalQAsWritten) {
  // 1..10 ns are exact buckets, so the rank convention shows directly.
  log_linear_histogram h;
  for (int i = 1; i <= 10; ++i)
    h.record(duration{i});
  EXPECT_EQ(h.quantile(0.0), duration{1});
  EXPECT_EQ(h.quantile(0.05), duration{1});
  EXPECT_EQ(h.quantile(0.1), duration{1});
  EXPECT_EQ(h.quantile(0.11), duration{2});
  EXPECT_EQ(h.quantile(0.5), duration{5}); // lower median
  EXPECT_EQ(h.quantile(0.7), duration{7}); // 0.7 * 10 > 7 in double
  EXPECT_EQ(h.quantile(0.9), duration{9});
  EXPECT_EQ(h.quantile(0.91), duration{10});
  EXPECT_EQ(h.quantile(1.0), duration{10});
}

TEST(LogLinearHistogram, QuantileAtExtremesIsExactMinAndMax) {
  log_linear_histogram h;
  h.record(1234567891ns);
  h.record(987654321987ns);
  h.record(5s, 100);
  EXPECT_EQ(h.quantile(0.0), 1234567891ns);
  EXPECT_EQ(h.quantile(1.0), 987654321987ns);
  EXPECT_EQ(h.quantile(1e-9), 1234567891ns); // rank 1
}

TEST(LogLinearHistogram, CountSumMinMaxAreExact) {
  log_linear_histogram h;
  std::int64_t sum = 0;
  std::uint64_t count = 0;
  std::mt19937_64 gen{99};
  std::uniform_int_distribution<std::int64_t> ns{1'000'000, 36'000'000'000'000};
  std::uniform_int_distribution<std::uint64_t> times{1, 5};
  duration lowest = duration::max();
  duration highest = duration::zero();
  for (int i = 0; i < 10'000; ++i) {
    duration d{ns(gen)};
    auto k = times(gen);
    h.record(d, k);
    sum += d.count() * static_cast<std::int64_t>(k);
    count += k;
    lowest = std::min(lowest, d);
    highest = std::max(highest, d);
  }
  EXPECT_EQ(h.count(), count);
  EXPECT_EQ(h.sum(), duration{sum});
  EXPECT_EQ(h.min(), lowest);
  EXPECT_EQ(h.max(), highest);
  EXPECT_DOUBLE_EQ(h.mean_seconds(),
                   static_cast<double>(static_cast<long double>(sum) / 1e9L
                                       / static_cast<long double>(count)));
}

TEST(LogLinearHistogram, SumBeyondInt64NanosecondsStaysExactInSeconds) {
  // 10^6 waits of 10 h = 3.6e19 ns, more than int64 (and uint64) holds.
  log_linear_histogram h;
  h.record(10h, 1'000'000);
  h.record(1ns);
  EXPECT_EQ(h.sum(), duration::max()); // saturates
  EXPECT_EQ(h.sum_seconds(), 36'000'000'000.0L + 1e-9L);
  EXPECT_DOUBLE_EQ(h.mean_seconds(), 36000.0 * 1e6 / (1e6 + 1));
}

TEST(LogLinearHistogram, RecordWithCountEqualsRepeatedRecord) {
  log_linear_histogram once;
  log_linear_histogram repeated;
  once.record(42s, 5);
  for (int i = 0; i < 5; ++i)
    repeated.record(42s);
  EXPECT_EQ(once, repeated);
  once.record(1s, 0); // no-op
  EXPECT_EQ(once, repeated);
}

TEST(LogLinearHistogram, ZeroValuesAreCountedAndReportedExactly) {
  log_linear_histogram h;
  h.record(0s, 60);
  EXPECT_EQ(h.count(), 60u);
  EXPECT_EQ(h.sum(), 0s);
  EXPECT_EQ(h.min(), 0s);
  EXPECT_EQ(h.max(), 0s);
  EXPECT_EQ(h.mean_seconds(), 0.0);
  EXPECT_EQ(h.quantile(0.5), 0s);
  EXPECT_EQ(h.quantile(1.0), 0s);
  EXPECT_EQ(h.count_at_or_below(0s), 60u);
  h.record(30s, 40);
  EXPECT_EQ(h.quantile(0.6), 0s);                   // rank 60: still a zero
  expect_within_one_percent(h.quantile(0.61), 30s); // rank 61: a 30 s
  EXPECT_EQ(h.count_at_or_below(0s), 60u);          // zeros only
  EXPECT_EQ(h.count_at_or_below(29s), 60u);
  EXPECT_EQ(h.count_at_or_below(30s), 100u);
  EXPECT_DOUBLE_EQ(h.mean_seconds(), 12.0);
}

TEST(LogLinearHistogram, SubMicrosecondValuesHaveExactBuckets) {
  log_linear_histogram h;
  for (int v = 0; v < 256; ++v)
    h.record(duration{v});
  for (int v = 0; v < 256; ++v) {
    EXPECT_EQ(h.count_at_or_below(duration{v}), static_cast<unsigned>(v + 1));
    EXPECT_EQ(h.quantile((v + 1) / 256.0), duration{v});
  }
}

TEST(LogLinearHistogram, EmptyHistogramReportsZeros) {
  log_linear_histogram h;
  EXPECT_TRUE(h.empty());
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.sum(), 0s);
  EXPECT_EQ(h.sum_seconds(), 0.0L);
  EXPECT_EQ(h.mean_seconds(), 0.0);
  EXPECT_EQ(h.min(), 0s);
  EXPECT_EQ(h.max(), 0s);
  EXPECT_EQ(h.quantile(0.0), 0s);
  EXPECT_EQ(h.quantile(0.5), 0s);
  EXPECT_EQ(h.quantile(1.0), 0s);
  EXPECT_EQ(h.count_at_or_below(1h), 0u);
  EXPECT_EQ(h.bucket_storage_size(), 0u);
  EXPECT_TRUE(h.nonempty_buckets().begin() == h.nonempty_buckets().end());
}

TEST(LogLinearHistogram, ClearForgetsEverything) {
  log_linear_histogram h;
  h.record(3s, 7);
  h.clear();
  EXPECT_EQ(h, log_linear_histogram{});
  EXPECT_EQ(h.min(), 0s);
}

TEST(LogLinearHistogram, MergeEqualsRecordingAll) {
  auto samples = log_uniform_samples(20'000, 3);
  log_linear_histogram all;
  log_linear_histogram first;
  log_linear_histogram second;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    all.record(samples[i]);
    (i % 3 == 0 ? first : second).record(samples[i]);
  }
  second.record(0s); // a zero on one side only
  all.record(0s);
  log_linear_histogram merged = first;
  merged.merge(second);
  EXPECT_EQ(merged, all);
  EXPECT_EQ(merged.quantile(0.99), all.quantile(0.99));
  // Merging in the other order, and merging with empties, changes nothing.
  log_linear_histogram reversed = second;
  reversed.merge(first);
  EXPECT_EQ(reversed, all);
  reversed.merge(log_linear_histogram{});
  EXPECT_EQ(reversed, all);
  log_linear_histogram into_empty;
  into_empty.merge(all);
  EXPECT_EQ(into_empty, all);
}

TEST(LogLinearHistogram, BucketGridIsContiguousAndWithinOnePercent) {
  EXPECT_EQ(log_linear_histogram::bucket_lower(0), 0ns);
  for (std::size_t i = 0; i + 1 < log_linear_histogram::max_bucket_count; ++i) {
    auto lower = log_linear_histogram::bucket_lower(i);
    auto upper = log_linear_histogram::bucket_upper(i);
    ASSERT_EQ(upper, log_linear_histogram::bucket_lower(i + 1)) << i;
    ASSERT_LT(lower, upper) << i;
    ASSERT_EQ(log_linear_histogram::bucket_index(lower), i);
    ASSERT_EQ(log_linear_histogram::bucket_index(upper - 1ns), i);
    if (lower.count() >= 256)
      ASSERT_LE((upper - lower).count() * 128, lower.count()) << i;
    else
      ASSERT_EQ((upper - lower).count(), 1) << i;
  }
  auto top = log_linear_histogram::max_bucket_count - 1;
  EXPECT_EQ(log_linear_histogram::bucket_index(duration::max()), top);
  EXPECT_EQ(log_linear_histogram::bucket_upper(top), duration::max());
}

TEST(LogLinearHistogram, LargestDurationIsRecordable) {
  log_linear_histogram h;
  h.record(duration::max());
  EXPECT_EQ(h.bucket_storage_size(), log_linear_histogram::max_bucket_count);
  EXPECT_EQ(h.max(), duration::max());
  EXPECT_EQ(h.quantile(0.5), duration::max());
  EXPECT_EQ(h.sum(), duration::max());
}

TEST(LogLinearHistogram, CountAtOrBelowIsExactAtBucketEdges) {
  // Record the values around the edges of a few buckets (1 us, ~20 s, ~1 h),
  // then ask at those edges.
  std::vector<duration> samples;
  for (duration probe : {duration{1000}, duration{20s}, duration{1h}}) {
    auto i = log_linear_histogram::bucket_index(probe);
    auto lower = log_linear_histogram::bucket_lower(i);
    auto upper = log_linear_histogram::bucket_upper(i);
    for (duration d : {lower - 1ns, lower, lower + 1ns, upper - 2ns,
                       upper - 1ns, upper, upper + 1ns})
      samples.push_back(d);
  }
  log_linear_histogram h;
  for (auto d : samples)
    h.record(d);
  std::sort(samples.begin(), samples.end());
  for (duration probe : {duration{1000}, duration{20s}, duration{1h}}) {
    auto i = log_linear_histogram::bucket_index(probe);
    auto lower = log_linear_histogram::bucket_lower(i);
    auto upper = log_linear_histogram::bucket_upper(i);
    // Last value of a bucket: exact.
    for (duration t : {lower - 1ns, upper - 1ns})
      EXPECT_EQ(h.count_at_or_below(t), exact_count_at_or_below(samples, t))
        << t.count();
    // Inside a bucket: the whole bucket counts, bounded by the bucket's end.
    for (duration t : {lower, lower + 1ns, upper - 2ns}) {
      auto got = h.count_at_or_below(t);
      EXPECT_GE(got, exact_count_at_or_below(samples, t)) << t.count();
      EXPECT_EQ(got, exact_count_at_or_below(samples, upper - 1ns))
        << t.count();
    }
  }
  // Outside the recorded range: exact.
  EXPECT_EQ(h.count_at_or_below(samples.front() - 1ns), 0u);
  EXPECT_EQ(h.count_at_or_below(samples.back()), samples.size());
  EXPECT_EQ(h.count_at_or_below(-1s), 0u);
}

TEST(LogLinearHistogram, CountAtOrBelowBracketsExactCountWithinBucketWidth) {
  auto samples = log_uniform_samples(50'000, 11);
  log_linear_histogram h;
  for (auto d : samples)
    h.record(d);
  std::sort(samples.begin(), samples.end());
  for (duration t : log_uniform_samples(2'000, 13)) {
    auto got = h.count_at_or_below(t);
    auto slack = duration{t.count() / 128};
    EXPECT_GE(got, exact_count_at_or_below(samples, t)) << t.count();
    EXPECT_LE(got, exact_count_at_or_below(samples, t + slack)) << t.count();
  }
  // Service level at 20 s against the exact fraction: within 1 % relative.
  auto exact = exact_count_at_or_below(samples, 20s);
  auto got = h.count_at_or_below(20s);
  EXPECT_LE(std::abs(static_cast<double>(got) - static_cast<double>(exact)),
            0.01 * static_cast<double>(exact));
}

TEST(LogLinearHistogram, NonEmptyBucketsAreIncreasingAndHoldEverySample) {
  auto samples = log_uniform_samples(5'000, 5);
  samples.push_back(0s);
  log_linear_histogram h;
  for (auto d : samples)
    h.record(d);
  std::uint64_t total = 0;
  duration previous_upper = duration::min();
  for (const auto& b : h.nonempty_buckets()) {
    EXPECT_GT(b.count, 0u);
    EXPECT_LE(previous_upper, b.lower);
    EXPECT_LT(b.lower, b.upper);
    EXPECT_EQ(b.lower, log_linear_histogram::bucket_lower(b.index));
    EXPECT_EQ(b.upper, log_linear_histogram::bucket_upper(b.index));
    auto inside = std::count_if(samples.begin(), samples.end(), [&](auto d) {
      return b.lower <= d && d < b.upper;
    });
    EXPECT_EQ(b.count, static_cast<std::uint64_t>(inside));
    previous_upper = b.upper;
    total += b.count;
  }
  EXPECT_EQ(total, h.count());
  EXPECT_EQ((*h.nonempty_buckets().begin()).lower, 0s);
}

TEST(LogLinearHistogram, BucketsOfTwoHistogramsAlignOnTheSharedGrid) {
  // Answered waits and abandon times, walked side by side by bucket index as
  // a Kaplan-Meier estimator does.
  log_linear_histogram answered;
  log_linear_histogram abandoned;
  answered.record(5s, 3);
  answered.record(40s, 2);
  abandoned.record(5s, 1);
  abandoned.record(90s, 4);
  std::vector<std::size_t> common;
  auto a = answered.nonempty_buckets().begin();
  auto b = abandoned.nonempty_buckets().begin();
  while (a != answered.nonempty_buckets().end()
         && b != abandoned.nonempty_buckets().end()) {
    if ((*a).index == (*b).index) {
      EXPECT_EQ((*a).lower, (*b).lower);
      common.push_back((*a).index);
      ++a;
      ++b;
    } else if ((*a).index < (*b).index) {
      ++a;
    } else {
      ++b;
    }
  }
  EXPECT_EQ(common,
            std::vector<std::size_t>{log_linear_histogram::bucket_index(5s)});
}

TEST(LogLinearHistogram, BucketStorageDoesNotGrowWithSampleCount) {
  log_linear_histogram h;
  h.record(10h);
  h.record(1ms);
  auto size = h.bucket_storage_size();
  EXPECT_EQ(size, log_linear_histogram::bucket_index(10h) + 1);
  EXPECT_LE(size, log_linear_histogram::max_bucket_count);
  std::mt19937_64 gen{1};
  std::uniform_int_distribution<std::int64_t> ns{1'000'000, 36'000'000'000'000};
  for (int i = 0; i < 1'000'000; ++i)
    h.record(duration{ns(gen)});
  EXPECT_EQ(h.bucket_storage_size(), size);
  EXPECT_EQ(h.count(), 1'000'002u);
}

TEST(LogLinearHistogram, BucketStorageGrowsOnlyToLargestBucketUsed) {
  log_linear_histogram h;
  h.record(1ms);
  EXPECT_EQ(h.bucket_storage_size(),
            log_linear_histogram::bucket_index(1ms) + 1);
  h.record(0s);
  EXPECT_EQ(h.bucket_storage_size(),
            log_linear_histogram::bucket_index(1ms) + 1);
  h.record(1min);
  EXPECT_EQ(h.bucket_storage_size(),
            log_linear_histogram::bucket_index(1min) + 1);
}

} // namespace histogram_test
