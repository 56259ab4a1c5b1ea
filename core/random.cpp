#include "core/random.hpp"

#include <cassert>

namespace livechat {

namespace {

std::uint64_t splitmix64(std::uint64_t& x) noexcept {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// 128-bit product for Lemire's unbiased range reduction (a GCC/Clang builtin).
__extension__ using uint128 = unsigned __int128;

constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
  return (x << k) | (x >> (64 - k));
}

} // namespace

random_generator::random_generator(std::uint64_t seed) noexcept {
  for (auto& word : s_)
    word = splitmix64(seed);
}

random_generator::result_type random_generator::operator()() noexcept {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::uint64_t random_generator::uniform_index(std::uint64_t n) noexcept {
  assert(n > 0 && "uniform_index: empty range");
  uint128 m = static_cast<uint128>((*this)()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<uint128>((*this)()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

double random_generator::uniform01() noexcept {
  return static_cast<double>((*this)() >> 11) * 0x1.0p-53;
}

random_generator random_generator::derive(std::uint64_t seed,
                                          std::uint64_t stream) noexcept {
  std::uint64_t mix = seed;
  const std::uint64_t a = splitmix64(mix);
  std::uint64_t mix2 = stream ^ 0x5851f42d4c957f2dULL;
  const std::uint64_t b = splitmix64(mix2);
  return random_generator{a ^ rotl(b, 31)};
}

} // namespace livechat
