#include "sample_stats.hpp"
#include "sim/sampler.hpp"

#include <chrono>
#include <cmath>
#include <gtest/gtest.h>
#include <vector>

namespace sampler_test {

using namespace std::chrono_literals;
using livechat::duration;
using livechat::random_generator;
using livechat::to_seconds;
using livechat::scenarios::count_distribution_spec;
using livechat::scenarios::distribution_spec;
using livechat::sim::count_sampler;
using livechat::sim::duration_sampler;
using livechat::sim::make_count_sampler;
using livechat::sim::make_sampler;
using livechat::sim::register_builtin_samplers;
using livechat::sim::sampler_registry;
using livechat::sim::variate;
using livechat::sim::testing::stats_of;

constexpr std::size_t sample_size = 200'000;

// Draws `sample_size` durations, in seconds.
std::vector<double> draw_seconds(const duration_sampler& s,
                                 std::uint64_t seed) {
  random_generator gen{seed};
  std::vector<double> xs;
  xs.reserve(sample_size);
  for (std::size_t i = 0; i < sample_size; ++i)
    xs.push_back(to_seconds(s.sample(gen)));
  return xs;
}

// The sample's mean and sd are within 5 standard errors of `mean` and `sd`
// (seconds), and no draw is negative.
void expect_moments(const distribution_spec& spec, double mean, double sd,
                    std::uint64_t seed = 7) {
  const auto st = stats_of(draw_seconds(duration_sampler{spec}, seed));
  EXPECT_GE(st.min, 0.0);
  EXPECT_NEAR(st.mean, mean, 5 * st.mean_se);
  EXPECT_NEAR(st.variance, sd * sd, 5 * st.variance_se);
}

sampler_registry builtin_registry() {
  sampler_registry r;
  register_builtin_samplers(r);
  return r;
}

TEST(DurationSampler, ConstantAlwaysDrawsItsValue) {
  duration_sampler s{distribution_spec::constant(90s)};
  random_generator gen{1};
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(s.sample(gen), 90s);
}

TEST(DurationSampler, ExponentialMatchesMeanAndSd) {
  expect_moments(distribution_spec::exponential(30s), 30.0, 30.0);
}

TEST(DurationSampler, LognormalMatchesMeanAndSd) {
  expect_moments(distribution_spec::lognormal(6min, 2min), 360.0, 120.0);
}

TEST(DurationSampler, LognormalWithSdAboveMeanMatchesMeanAndSd) {
  expect_moments(distribution_spec::lognormal(60s, 90s), 60.0, 90.0);
}

TEST(DurationSampler, GammaMatchesMeanAndSdForShapeAboveOne) {
  // shape (6/2)^2 = 9
  expect_moments(distribution_spec::gamma(6min, 2min), 360.0, 120.0);
}

TEST(DurationSampler, GammaMatchesMeanAndSdForShapeBelowOne) {
  // shape (10/20)^2 = 0.25: the u^(1/k) boost
  expect_moments(distribution_spec::gamma(10s, 20s), 10.0, 20.0);
}

TEST(DurationSampler, GammaWithShapeOneIsExponential) {
  expect_moments(distribution_spec::gamma(45s, 45s), 45.0, 45.0);
}

TEST(DurationSampler, UniformMatchesMeanAndSdAndStaysInRange) {
  const duration_sampler s{distribution_spec::uniform(10s, 50s)};
  const auto xs = draw_seconds(s, 3);
  const auto st = stats_of(xs);
  EXPECT_NEAR(st.mean, 30.0, 5 * st.mean_se);
  EXPECT_NEAR(st.variance, 40.0 * 40.0 / 12.0, 5 * st.variance_se);
  for (double x : xs) {
    ASSERT_GE(x, 10.0);
    ASSERT_LE(x, 50.0);
  }
}

TEST(DurationSampler, DegenerateUniformDrawsItsBound) {
  duration_sampler s{distribution_spec::uniform(5s, 5s)};
  random_generator gen{1};
  EXPECT_EQ(s.sample(gen), 5s);
}

TEST(DurationSampler, NeverDrawsNegativeEvenWithExtremeSpread) {
  // Tiny means and huge spreads stress the log/exp/pow paths.
  for (const auto& spec :
       {distribution_spec::exponential(1ns),
        distribution_spec::lognormal(1s, 1000s),
        distribution_spec::gamma(1ns, 1s), distribution_spec::gamma(1h, 1000h),
        distribution_spec::uniform(0s, 1ns)}) {
    duration_sampler s{spec};
    random_generator gen{11};
    for (int i = 0; i < 20'000; ++i)
      ASSERT_GE(s.sample(gen), duration::zero());
  }
}

TEST(DurationSampler, SameSeedGivesSameSequence) {
  for (const auto& spec : {distribution_spec::exponential(30s),
                           distribution_spec::lognormal(6min, 2min),
                           distribution_spec::gamma(10s, 20s),
                           distribution_spec::gamma(6min, 2min),
                           distribution_spec::uniform(1s, 2s)}) {
    const duration_sampler a{spec};
    const duration_sampler b{spec};
    random_generator ga{99};
    random_generator gb{99};
    for (int i = 0; i < 1000; ++i)
      ASSERT_EQ(a.sample(ga), b.sample(gb));
  }
}

TEST(DurationSampler, DifferentSeedsGiveDifferentSequences) {
  const duration_sampler s{distribution_spec::lognormal(6min, 2min)};
  random_generator ga{1};
  random_generator gb{2};
  int same = 0;
  for (int i = 0; i < 100; ++i)
    same += s.sample(ga) == s.sample(gb) ? 1 : 0;
  EXPECT_LT(same, 5);
}

TEST(CountSampler, ConstantCountIsExact) {
  count_sampler s{count_distribution_spec::constant(4.0)};
  random_generator gen{1};
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(s.sample(gen), 4);
}

TEST(CountSampler, RoundsToNearestInteger) {
  count_sampler s{count_distribution_spec::constant(2.5)};
  count_sampler t{count_distribution_spec::constant(2.49)};
  random_generator gen{1};
  EXPECT_EQ(s.sample(gen), 3); // half away from zero
  EXPECT_EQ(t.sample(gen), 2);
}

TEST(CountSampler, LognormalCountsMatchMean) {
  count_sampler s{count_distribution_spec::lognormal(10.0, 3.0)};
  random_generator gen{5};
  std::vector<double> xs;
  xs.reserve(sample_size);
  for (std::size_t i = 0; i < sample_size; ++i) {
    const auto n = s.sample(gen);
    ASSERT_GE(n, 0);
    xs.push_back(static_cast<double>(n));
  }
  const auto st = stats_of(xs);
  EXPECT_NEAR(st.mean, 10.0, 5 * st.mean_se);
  // Rounding adds variance 1/12 to a smooth distribution.
  EXPECT_NEAR(st.variance, 9.0 + 1.0 / 12.0, 5 * st.variance_se);
}

TEST(CountSampler, MessagesPerSessionIsAtLeastOne) {
  // Mean 0.2: most continuous draws round to 0.
  count_sampler s{count_distribution_spec::exponential(0.2), 1};
  random_generator gen{5};
  for (int i = 0; i < 10'000; ++i)
    ASSERT_GE(s.sample(gen), 1);
}

TEST(CountSampler, WithoutMinimumCanDrawZeroButNeverNegative) {
  count_sampler s{count_distribution_spec::exponential(0.2)};
  random_generator gen{5};
  int zeros = 0;
  for (int i = 0; i < 10'000; ++i) {
    const auto n = s.sample(gen);
    ASSERT_GE(n, 0);
    zeros += n == 0 ? 1 : 0;
  }
  EXPECT_GT(zeros, 0);
}

TEST(SamplerRegistry, BuiltinsRegisterEveryDistributionKindByName) {
  const auto r = builtin_registry();
  EXPECT_EQ(r.kinds(),
            (std::vector<std::string>{"constant", "exponential", "gamma",
                                      "lognormal", "uniform"}));
  EXPECT_NE(r.find("gamma"), nullptr);
  EXPECT_EQ(r.find("weibull"), nullptr);
}

TEST(SamplerRegistry, StartsEmptyUntilRegisteredByCall) {
  sampler_registry r;
  EXPECT_TRUE(r.kinds().empty());
  EXPECT_EQ(r.find("exponential"), nullptr);
}

TEST(SamplerRegistry, MakeSamplerDrawsLikeDirectConstruction) {
  const auto r = builtin_registry();
  const auto spec = distribution_spec::gamma(10s, 20s);
  auto made = make_sampler(r, spec);
  ASSERT_TRUE(made);
  const duration_sampler direct{spec};
  random_generator ga{3};
  random_generator gb{3};
  for (int i = 0; i < 1000; ++i)
    ASSERT_EQ(made->sample(ga), direct.sample(gb));
}

TEST(SamplerRegistry, MakeSamplerReportsUnknownKindAtSpecLocation) {
  sampler_registry r; // nothing registered
  auto spec = distribution_spec::lognormal(6min, 2min);
  spec.where = {"s.yaml", 12, 7};
  auto made = make_sampler(r, spec);
  ASSERT_FALSE(made);
  ASSERT_EQ(made.errors.size(), 1u);
  EXPECT_EQ(made.errors[0].to_string(),
            "s.yaml:12:7: no sampler registered for distribution kind "
            "'lognormal'");
}

TEST(SamplerRegistry, MakeSamplerReportsInvalidParametersAtSpecLocation) {
  const auto r = builtin_registry();
  auto spec = distribution_spec::gamma(6min, 0s);
  spec.where = {"s.yaml", 4, 9};
  auto made = make_sampler(r, spec);
  ASSERT_FALSE(made);
  ASSERT_EQ(made.errors.size(), 1u);
  EXPECT_EQ(made.errors[0].to_string(),
            "s.yaml:4:9: gamma sd must be positive");

  auto bad_uniform = make_sampler(r, distribution_spec::uniform(5s, 1s));
  ASSERT_FALSE(bad_uniform);
  EXPECT_EQ(bad_uniform.errors[0].message, "uniform max must not be below min");
}

TEST(SamplerRegistry, RegisteredFactoryReplacesBuiltin) {
  auto r = builtin_registry();
  // A custom "constant" that doubles its value.
  r.add("constant", [](double first, double) {
    return livechat::scenarios::parsed<variate>::success(
      [first](random_generator&) {
        return 2 * first;
      });
  });
  auto made = make_sampler(r, distribution_spec::constant(3s));
  ASSERT_TRUE(made);
  random_generator gen{1};
  EXPECT_EQ(made->sample(gen), 6s);
}

TEST(SamplerRegistry, MakeCountSamplerKeepsMinimum) {
  const auto r = builtin_registry();
  auto made = make_count_sampler(r, count_distribution_spec::constant(0.0), 1);
  ASSERT_TRUE(made);
  random_generator gen{1};
  EXPECT_EQ(made->sample(gen), 1);

  auto bad = make_count_sampler(r, count_distribution_spec::exponential(-1.0));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.errors[0].message, "exponential mean must be positive");
}

} // namespace sampler_test
