#include "core/random.hpp"
#include "core/routing/random_policy.hpp"

#include <algorithm>
#include <cstdint>
#include <gtest/gtest.h>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace random_policy_test {

using livechat::pool_position;
using livechat::random_generator;
using livechat::random_policy;
using livechat::routing_policy_kind;
using livechat::timestamp;
using namespace livechat::time_literals;

constexpr timestamp t0{};

std::vector<pool_position> draws(random_policy& p, int n) {
  std::vector<pool_position> out;
  for (int i = 0; i < n; ++i) {
    auto pos = p.choose();
    if (!pos)
      break;
    p.on_chosen(*pos);
    out.push_back(*pos);
  }
  return out;
}

// Pearson's chi-square statistic of `counts` against equal expectations.
double chi_square_uniform(const std::map<pool_position, int>& counts,
                          std::size_t categories, int total) {
  double expected = static_cast<double>(total)
                    / static_cast<double>(categories);
  double chi2 = 0.0;
  std::size_t seen = 0;
  for (const auto& [pos, n] : counts) {
    double d = n - expected;
    chi2 += d * d / expected;
    ++seen;
  }
  // Categories never drawn contribute (0 - expected)^2 / expected each.
  chi2 += static_cast<double>(categories - seen) * expected;
  return chi2;
}

TEST(RandomPolicy, ReportsRandomKind) {
  random_policy p{1, 0};
  EXPECT_EQ(p.kind(), routing_policy_kind::random);
}

TEST(RandomPolicy, ChoosesNothingWhenNobodyIsEligible) {
  random_policy p{6, 1};
  EXPECT_EQ(p.choose(), std::nullopt);
  EXPECT_EQ(p.eligible_count(), 0u);
  random_policy empty_pool{0, 1};
  EXPECT_EQ(empty_pool.choose(), std::nullopt);
}

TEST(RandomPolicy, ChoosesTheOnlyEligiblePositionForEveryPoolSize) {
  // Covers the Fenwick descent at every position, including the last one and
  // pool sizes at and around powers of two.
  for (std::size_t pool = 1; pool <= 70; ++pool) {
    for (std::size_t only = 0; only < pool; ++only) {
      random_policy p{pool, 3};
      p.set_eligible(static_cast<pool_position>(only), {});
      for (int i = 0; i < 3; ++i)
        ASSERT_EQ(
          p.choose(),
          std::optional<pool_position>{static_cast<pool_position>(only)})
          << "pool " << pool << ", eligible " << only;
    }
  }
}

TEST(RandomPolicy, ChoosesOnlyEligiblePositions) {
  random_policy p{16, 5};
  const std::set<pool_position> eligible{0, 5, 6, 15};
  for (auto pos : eligible)
    p.set_eligible(pos, {});
  std::set<pool_position> drawn;
  for (auto pos : draws(p, 4000)) {
    ASSERT_TRUE(eligible.contains(pos)) << "drew ineligible " << pos;
    drawn.insert(pos);
  }
  EXPECT_EQ(drawn, eligible); // and every one of them is reachable
}

TEST(RandomPolicy, NeverChoosesPositionAfterItBecameIneligible) {
  random_policy p{10, 9};
  for (pool_position pos = 0; pos < 10; ++pos)
    p.set_eligible(pos, {});
  for (pool_position pos : {0u, 3u, 9u})
    p.set_ineligible(pos);
  EXPECT_EQ(p.eligible_count(), 7u);
  std::set<pool_position> drawn;
  for (auto pos : draws(p, 5000))
    drawn.insert(pos);
  EXPECT_EQ(drawn, (std::set<pool_position>{1, 2, 4, 5, 6, 7, 8}));
}

TEST(RandomPolicy, SpreadsDrawsRoughlyUniformly) {
  random_policy p{10, 2024};
  const std::vector<pool_position> eligible{1, 3, 4, 8, 9};
  for (auto pos : eligible)
    p.set_eligible(pos, {});
  constexpr int total = 50000;
  std::map<pool_position, int> counts;
  for (auto pos : draws(p, total))
    ++counts[pos];
  // 4 degrees of freedom: P(chi2 > 40) is about 4e-8 for a uniform draw.
  // "Always the first" would score 4 * total = 200000.
  EXPECT_LT(chi_square_uniform(counts, eligible.size(), total), 40.0);
  for (auto pos : eligible) {
    EXPECT_GT(counts[pos], 9000) << "position " << pos;
    EXPECT_LT(counts[pos], 11000) << "position " << pos;
  }
}

TEST(RandomPolicy, RepeatedSetEligibleDoesNotAddWeight) {
  random_policy p{2, 77};
  for (int i = 0; i < 5; ++i)
    p.set_eligible(0, {.load = i, .last_activity = t0 + 1s * i});
  p.set_eligible(1, {});
  EXPECT_EQ(p.eligible_count(), 2u);
  constexpr int total = 20000;
  std::map<pool_position, int> counts;
  for (auto pos : draws(p, total))
    ++counts[pos];
  EXPECT_LT(chi_square_uniform(counts, 2, total), 30.0);
  EXPECT_GT(counts[1], 9000);
}

TEST(RandomPolicy, RepeatedSetIneligibleDoesNotRemoveWeightTwice) {
  random_policy p{3, 78};
  p.set_eligible(0, {});
  p.set_eligible(2, {});
  p.set_ineligible(1); // never eligible
  p.set_ineligible(1);
  EXPECT_EQ(p.eligible_count(), 2u);
  p.set_ineligible(0);
  p.set_ineligible(0);
  EXPECT_EQ(p.eligible_count(), 1u);
  for (auto pos : draws(p, 50))
    ASSERT_EQ(pos, 2u);
}

TEST(RandomPolicy, DrawIsKthEligiblePositionForGeneratorIndex) {
  // The documented mechanism: k = uniform_index(eligible_count) from a
  // generator seeded with the policy's seed, then the k-th eligible position
  // in list order. Checked against a sorted list under churn.
  constexpr std::size_t pool = 37;
  constexpr std::uint64_t seed = 12345;
  random_policy p{pool, seed};
  random_generator mirror{seed};
  random_generator churn{99};
  std::set<pool_position> eligible;
  for (int step = 0; step < 3000; ++step) {
    auto pos = static_cast<pool_position>(churn.uniform_index(pool));
    if (churn.uniform_index(3) == 0) {
      p.set_ineligible(pos);
      eligible.erase(pos);
    } else {
      p.set_eligible(pos, {});
      eligible.insert(pos);
    }
    ASSERT_EQ(p.eligible_count(), eligible.size()) << "step " << step;
    auto chosen = p.choose();
    if (eligible.empty()) {
      ASSERT_EQ(chosen, std::nullopt) << "step " << step;
      continue;
    }
    auto k = mirror.uniform_index(eligible.size());
    ASSERT_EQ(chosen, std::optional<pool_position>{*std::next(
                        eligible.begin(), static_cast<std::ptrdiff_t>(k))})
      << "step " << step;
  }
}

TEST(RandomPolicy, SameSeedGivesSameSequence) {
  random_policy a{12, 42};
  random_policy b{12, 42};
  for (pool_position pos : {0u, 2u, 3u, 7u, 8u, 11u}) {
    a.set_eligible(pos, {});
    b.set_eligible(pos, {});
  }
  auto seq = draws(a, 200);
  EXPECT_EQ(seq, draws(b, 200));
  EXPECT_GT(std::set<pool_position>(seq.begin(), seq.end()).size(), 1u);
}

TEST(RandomPolicy, DifferentSeedsGiveDifferentSequences) {
  random_policy a{12, 42};
  random_policy b{12, 43};
  for (pool_position pos : {0u, 2u, 3u, 7u, 8u, 11u}) {
    a.set_eligible(pos, {});
    b.set_eligible(pos, {});
  }
  // Identical 64-draw sequences by chance: probability 6^-64.
  EXPECT_NE(draws(a, 64), draws(b, 64));
}

TEST(RandomPolicy, ChoosingDoesNotChangeEligibility) {
  random_policy p{4, 8};
  p.set_eligible(1, {});
  p.set_eligible(3, {});
  draws(p, 10);
  EXPECT_EQ(p.eligible_count(), 2u);
}

} // namespace random_policy_test
