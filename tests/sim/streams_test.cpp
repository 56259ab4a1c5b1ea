#include "sim/streams.hpp"

#include <cmath>
#include <cstdint>
#include <gtest/gtest.h>
#include <set>
#include <vector>

namespace streams_test {

using livechat::random_generator;
using livechat::sim::stream_for;
using livechat::sim::stream_purpose;

std::vector<std::uint64_t> first_draws(random_generator gen, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i)
    out.push_back(gen());
  return out;
}

TEST(StreamFor, SameInputsGiveSameStream) {
  EXPECT_EQ(first_draws(stream_for(42, 3, 1, stream_purpose::patience), 100),
            first_draws(stream_for(42, 3, 1, stream_purpose::patience), 100));
}

TEST(StreamFor, FromAReplicationSeedGivesTheSameStream) {
  auto seed = livechat::sim::replication_seed(42, 3);
  EXPECT_EQ(
    first_draws(livechat::sim::stream_in_replication(
                  seed, 7,
                  static_cast<std::uint64_t>(stream_purpose::handle_time)),
                100),
    first_draws(stream_for(42, 3, 7, stream_purpose::handle_time), 100));
}

TEST(StreamFor, DifferentPurposesGiveDifferentFirstDraws) {
  std::set<std::uint64_t> firsts;
  for (auto p : {stream_purpose::arrivals, stream_purpose::handle_time,
                 stream_purpose::patience, stream_purpose::transfer,
                 stream_purpose::transfer_handle_time, stream_purpose::messages,
                 stream_purpose::customer_think, stream_purpose::operator_reply,
                 stream_purpose::supervision})
    firsts.insert(stream_for(42, 0, 0, p)());
  EXPECT_EQ(firsts.size(), 9u);
}

TEST(StreamFor, EveryInputChangesTheStream) {
  const auto base = stream_for(42, 0, 0, stream_purpose::arrivals)();
  EXPECT_NE(stream_for(43, 0, 0, stream_purpose::arrivals)(), base);
  EXPECT_NE(stream_for(42, 1, 0, stream_purpose::arrivals)(), base);
  EXPECT_NE(stream_for(42, 0, 1, stream_purpose::arrivals)(), base);
  // Swapping replication and source is a different stream too.
  EXPECT_NE(stream_for(42, 1, 2, stream_purpose::arrivals)(),
            stream_for(42, 2, 1, stream_purpose::arrivals)());
}

TEST(StreamFor, NamedPurposeIsItsNumber) {
  EXPECT_EQ(stream_for(7, 1, 2, stream_purpose::messages)(),
            stream_for(7, 1, 2, std::uint64_t{6})());
}

TEST(StreamFor, ReplicationsAreUncorrelated) {
  // Pearson correlation of paired uniforms from two replications is within 5
  // standard errors (1 / sqrt(n)) of zero.
  auto a = stream_for(42, 0, 0, stream_purpose::handle_time);
  auto b = stream_for(42, 1, 0, stream_purpose::handle_time);
  constexpr int n = 100'000;
  double sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
  for (int i = 0; i < n; ++i) {
    const double x = a.uniform01();
    const double y = b.uniform01();
    sa += x;
    sb += y;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  const double cov = sab / n - (sa / n) * (sb / n);
  const double va = saa / n - (sa / n) * (sa / n);
  const double vb = sbb / n - (sb / n) * (sb / n);
  const double r = cov / std::sqrt(va * vb);
  EXPECT_LT(std::fabs(r), 5.0 / std::sqrt(n));
}

} // namespace streams_test
