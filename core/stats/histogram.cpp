#include "core/stats/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <limits>

namespace livechat::stats {

namespace {

constexpr std::uint64_t linear_limit = 256;   // == linear_limit_ns
constexpr std::uint64_t octave_buckets = 128; // == buckets_per_octave
constexpr unsigned sub_bucket_bits = 8;       // log2(linear_limit)

static_assert(log_linear_histogram::linear_limit_ns == linear_limit);
static_assert(log_linear_histogram::buckets_per_octave == octave_buckets);
static_assert(linear_limit == octave_buckets * 2);
static_assert(std::uint64_t{1} << sub_bucket_bits == linear_limit);

// Grid: with shift = max(0, bit_width(v) - 8), index = shift * 128 +
// (v >> shift). For v < 256 that is v itself; above, v >> shift lies in
// [128, 256), so every octave [2^e, 2^(e+1)) gets 128 buckets of width
// 2^shift <= lower / 128.
constexpr unsigned shift_of_value(std::uint64_t v) noexcept {
  auto width = static_cast<unsigned>(std::bit_width(v));
  return width > sub_bucket_bits ? width - sub_bucket_bits : 0;
}

constexpr std::size_t index_of_value(std::uint64_t v) noexcept {
  auto shift = shift_of_value(v);
  return static_cast<std::size_t>(shift * octave_buckets + (v >> shift));
}

constexpr unsigned shift_of_index(std::size_t index) noexcept {
  return index < linear_limit
           ? 0
           : static_cast<unsigned>(index / octave_buckets - 1);
}

constexpr std::uint64_t lower_of_index(std::size_t index) noexcept {
  auto shift = shift_of_index(index);
  return (std::uint64_t{index} - shift * octave_buckets) << shift;
}

constexpr auto max_value
  = static_cast<std::uint64_t>(std::numeric_limits<duration::rep>::max());

static_assert(index_of_value(max_value) + 1
              == log_linear_histogram::max_bucket_count);
static_assert(index_of_value(255) == 255 && index_of_value(256) == 256);
static_assert(lower_of_index(256) == 256 && lower_of_index(384) == 512);

std::uint64_t to_ns(duration d) noexcept {
  assert(d >= duration::zero() && "log_linear_histogram: negative duration");
  return d < duration::zero() ? 0 : static_cast<std::uint64_t>(d.count());
}

// Full 64 x 64 -> 128-bit product, portable (no __int128).
void multiply_wide(std::uint64_t a, std::uint64_t b, std::uint64_t& high,
                   std::uint64_t& low) noexcept {
  constexpr std::uint64_t mask = 0xffff'ffffu;
  std::uint64_t a_lo = a & mask, a_hi = a >> 32;
  std::uint64_t b_lo = b & mask, b_hi = b >> 32;
  std::uint64_t p0 = a_lo * b_lo;
  std::uint64_t p1 = a_lo * b_hi;
  std::uint64_t p2 = a_hi * b_lo;
  std::uint64_t p3 = a_hi * b_hi;
  std::uint64_t mid = (p0 >> 32) + (p1 & mask) + (p2 & mask);
  low = (p0 & mask) | (mid << 32);
  high = p3 + (p1 >> 32) + (p2 >> 32) + (mid >> 32);
}

} // namespace

// -- grid ---------------------------------------------------------------------

std::size_t log_linear_histogram::bucket_index(duration d) noexcept {
  return index_of_value(to_ns(d));
}

duration log_linear_histogram::bucket_lower(std::size_t index) noexcept {
  assert(index < max_bucket_count && "log_linear_histogram: bad index");
  return duration{static_cast<duration::rep>(lower_of_index(index))};
}

duration log_linear_histogram::bucket_upper(std::size_t index) noexcept {
  assert(index < max_bucket_count && "log_linear_histogram: bad index");
  if (index + 1 >= max_bucket_count)
    return duration::max();
  return duration{static_cast<duration::rep>(lower_of_index(index + 1))};
}

// -- iteration ----------------------------------------------------------------

log_linear_histogram::bucket_iterator::bucket_iterator(
  const std::vector<std::uint64_t>* counts, std::size_t index) noexcept
    : counts_(counts), index_(index) {
  while (index_ < counts_->size() && (*counts_)[index_] == 0)
    ++index_;
}

log_linear_histogram::bucket
log_linear_histogram::bucket_iterator::operator*() const noexcept {
  assert(counts_ != nullptr && index_ < counts_->size()
         && "log_linear_histogram: dereferencing an end iterator");
  return {index_, bucket_lower(index_), bucket_upper(index_),
          (*counts_)[index_]};
}

log_linear_histogram::bucket_iterator&
log_linear_histogram::bucket_iterator::operator++() noexcept {
  assert(counts_ != nullptr && index_ < counts_->size()
         && "log_linear_histogram: incrementing an end iterator");
  do {
    ++index_;
  } while (index_ < counts_->size() && (*counts_)[index_] == 0);
  return *this;
}

log_linear_histogram::bucket_range
log_linear_histogram::nonempty_buckets() const noexcept {
  return {bucket_iterator{&counts_, 0},
          bucket_iterator{&counts_, counts_.size()}};
}

// -- recording ----------------------------------------------------------------

void log_linear_histogram::record(duration d, std::uint64_t n) noexcept {
  if (n == 0)
    return;
  auto v = to_ns(d);
  auto index = index_of_value(v);
  if (index >= counts_.size()) {
    // Grow geometrically, but never past the grid: the storage bound holds
    // for the capacity too, not only for the size.
    if (index >= counts_.capacity())
      counts_.reserve(std::min(max_bucket_count,
                               std::max(index + 1, 2 * counts_.capacity())));
    counts_.resize(index + 1);
  }
  counts_[index] += n;
  count_ += n;
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  multiply_wide(v, n, high, low);
  sum_.low += low;
  sum_.high += high + (sum_.low < low ? 1 : 0);
  auto value = duration{static_cast<duration::rep>(v)};
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
}

void log_linear_histogram::merge(const log_linear_histogram& other) noexcept {
  if (other.count_ == 0)
    return;
  if (other.counts_.size() > counts_.size())
    counts_.resize(other.counts_.size());
  for (std::size_t i = 0; i < other.counts_.size(); ++i)
    counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_.low += other.sum_.low;
  sum_.high += other.sum_.high + (sum_.low < other.sum_.low ? 1 : 0);
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void log_linear_histogram::clear() noexcept {
  *this = log_linear_histogram{};
}

// -- exact summaries ----------------------------------------------------------

duration log_linear_histogram::sum() const noexcept {
  if (sum_.high != 0 || sum_.low > max_value)
    return duration::max();
  return duration{static_cast<duration::rep>(sum_.low)};
}

long double log_linear_histogram::sum_seconds() const noexcept {
  auto ns = std::ldexp(static_cast<long double>(sum_.high), 64)
            + static_cast<long double>(sum_.low);
  return ns / 1e9L;
}

double log_linear_histogram::mean_seconds() const noexcept {
  if (count_ == 0)
    return 0.0;
  return static_cast<double>(sum_seconds() / static_cast<long double>(count_));
}

// -- estimates ----------------------------------------------------------------

duration log_linear_histogram::quantile(double q) const noexcept {
  assert(q >= 0.0 && q <= 1.0 && "log_linear_histogram: q outside [0, 1]");
  if (count_ == 0)
    return duration::zero();
  if (!(q > 0.0)) // also catches NaN
    return min_;
  if (q >= 1.0)
    return max_;
  // Rank of the wanted sample, 1-based: max(1, ceil(q * count)). A product
  // within a few ulps above an integer is that integer: 0.7 * 10 is
  // 7.000000000000001 in double, and the caller meant rank 7, not 8.
  auto product = q * static_cast<double>(count_);
  auto wanted
    = std::ceil(product * (1.0 - 4.0 * std::numeric_limits<double>::epsilon()));
  auto rank = wanted < 1.0 ? std::uint64_t{1}
                           : static_cast<std::uint64_t>(wanted);
  if (rank <= 1)
    return min_;
  if (rank >= count_)
    return max_;
  std::uint64_t seen = 0;
  std::size_t index = 0;
  for (; index < counts_.size(); ++index) {
    seen += counts_[index];
    if (seen >= rank)
      break;
  }
  assert(index < counts_.size() && "log_linear_histogram: counts out of sync");
  auto lower = lower_of_index(index);
  auto width = std::uint64_t{1} << shift_of_index(index);
  auto middle = duration{static_cast<duration::rep>(lower + width / 2)};
  return std::clamp(middle, min_, max_);
}

std::uint64_t
log_linear_histogram::count_at_or_below(duration t) const noexcept {
  if (count_ == 0 || t < min_)
    return 0;
  if (t >= max_)
    return count_;
  // Here min_ <= t < max_, so t's bucket is allocated.
  auto last = index_of_value(static_cast<std::uint64_t>(t.count()));
  std::uint64_t total = 0;
  for (std::size_t i = 0; i <= last; ++i)
    total += counts_[i];
  return total;
}

} // namespace livechat::stats
