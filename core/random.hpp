// A small, portable, seedable random generator for the core and simulator.
//
// The core never touches a global random source: whoever needs randomness
// gets a `random_generator` passed in. The algorithm (xoshiro256** seeded via
// splitmix64) is fixed here, so the same seed gives the same sequence on every
// platform and standard library — unlike std::uniform_int_distribution.
//
// Example:
//   livechat::random_generator gen{42};
//   auto k = gen.uniform_index(10);   // in [0, 10)
//   double u = gen.uniform01();       // in [0, 1)
#pragma once

#include <cstdint>
#include <limits>

namespace livechat {

class random_generator {
public:
  using result_type = std::uint64_t;

  explicit random_generator(std::uint64_t seed) noexcept;

  static constexpr result_type min() noexcept {
    return 0;
  }
  static constexpr result_type max() noexcept {
    return std::numeric_limits<result_type>::max();
  }

  /// Next raw 64-bit value.
  result_type operator()() noexcept;

  /// Uniform integer in [0, n); n must be > 0. Unbiased (Lemire's method).
  std::uint64_t uniform_index(std::uint64_t n) noexcept;

  /// Uniform double in [0, 1) with 53 random bits.
  double uniform01() noexcept;

  /// An independent generator derived from this one's seed and `stream`; used
  /// to give each workload source its own reproducible stream.
  static random_generator derive(std::uint64_t seed,
                                 std::uint64_t stream) noexcept;

private:
  std::uint64_t s_[4];
};

} // namespace livechat
