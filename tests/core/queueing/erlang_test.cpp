#include "core/queueing/erlang.hpp"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <numbers>
#include <vector>

namespace erlang_test {

using namespace livechat::queueing;

// Published rows (QUEUEING.md) are in minutes; the API takes seconds.
constexpr double minute = 60;

// Half a unit in the last printed digit: "0.888" -> 5e-4.
constexpr double digits3 = 5e-4;
constexpr double digits4 = 5e-5;
constexpr double digits5 = 5e-6;
constexpr double digits6 = 5e-7;

// --- An independent M/M/n+M solver: the birth-death chain, truncated. ------

// Stationary distribution of states 0..n+K (number of chats in the system),
// birth rate lambda, death rate min(i, n) mu + max(i - n, 0) theta, with K
// far beyond where the mass lives. Solved in logarithms so heavy loads do
// not overflow.
struct chain {
  double lambda = 0, mu = 0, theta = 0;
  int n = 0;
  std::vector<long double> pi;

  chain(double lambda_, double aht, int n_, double patience)
      : lambda(lambda_), mu(1 / aht), theta(1 / patience), n(n_) {
    const double y = lambda / theta;
    const int extra = static_cast<int>(y + 40 * std::sqrt(y) + 400);
    std::vector<long double> log_w(static_cast<size_t>(n + extra + 1));
    log_w[0] = 0;
    for (int i = 1; i <= n + extra; ++i) {
      const long double death = std::min(i, n) * static_cast<long double>(mu)
                                + std::max(i - n, 0) * (long double)theta;
      log_w[i] = log_w[i - 1] + std::log((long double)lambda) - std::log(death);
    }
    const long double top = *std::max_element(log_w.begin(), log_w.end());
    long double total = 0;
    pi.resize(log_w.size());
    for (size_t i = 0; i < log_w.size(); ++i)
      total += pi[i] = std::exp(log_w[i] - top);
    for (auto& p : pi)
      p /= total;
  }

  long double queued(int j) const {
    return pi[static_cast<size_t>(n + j)];
  }
  int max_queue() const {
    return static_cast<int>(pi.size()) - 1 - n;
  }

  double p_wait() const {
    long double s = 0;
    for (int j = 0; j <= max_queue(); ++j)
      s += queued(j);
    return static_cast<double>(s);
  }
  double mean_queue() const {
    long double s = 0;
    for (int j = 1; j <= max_queue(); ++j)
      s += j * queued(j);
    return static_cast<double>(s);
  }
  // Abandonment flow theta E[Q] over arrival flow lambda.
  double p_abandon() const {
    return theta * mean_queue() / lambda;
  }
  double occupancy() const {
    long double busy = 0;
    for (size_t i = 0; i < pi.size(); ++i)
      busy += std::min(static_cast<int>(i), n) * pi[i];
    return static_cast<double>(busy / n);
  }
  // Little's law: E[W] over all arrivals = E[Q] / lambda.
  double mean_wait() const {
    return mean_queue() / lambda;
  }
  // A patient arrival finding j queued waits through j + 1 departures at
  // rates n mu + i theta, i = 0..j.
  double mean_virtual_wait() const {
    long double s = 0, h = 0;
    for (int j = 0; j <= max_queue(); ++j) {
      h += 1 / (n * (long double)mu + j * (long double)theta);
      s += queued(j) * h;
    }
    return static_cast<double>(s);
  }
  long double last_state_mass() const {
    return pi.back();
  }

  // The tagged-arrival chain, integrated with RK4 up to t: j chats ahead
  // leave at rate n mu + j theta, the tagged chat is served at rate n mu from
  // j = 0 and (if impatient) abandons at rate theta.
  struct tails {
    double p_virtual_longer = 0; // P(V > t)
    double p_wait_longer = 0;    // P(W > t)
    double p_wait_longer_served = 0;
  };
  // Queue lengths of mass below 1e-20 are left out of the ODE.
  tails tails_at(double t) const {
    int last = 0;
    for (int j = 0; j <= max_queue(); ++j)
      if (queued(j) > 1e-20L)
        last = j;
    const int states = std::min(last + 50, max_queue()) + 1;
    auto advance = [&](std::vector<double>& p, double kill) {
      const double max_rate = n * mu + states * theta + kill;
      const int steps = std::max(2000, static_cast<int>(20 * max_rate * t));
      const double dt = t / steps;
      auto deriv = [&](const std::vector<double>& v, std::vector<double>& d) {
        for (int j = 0; j < states; ++j) {
          d[j] = -(n * mu + j * theta + kill) * v[j];
          if (j + 1 < states)
            d[j] += (n * mu + (j + 1) * theta) * v[j + 1];
        }
      };
      std::vector<double> k1(states), k2(states), k3(states), k4(states),
        tmp(states);
      for (int s = 0; s < steps; ++s) {
        deriv(p, k1);
        for (int j = 0; j < states; ++j)
          tmp[j] = p[j] + dt / 2 * k1[j];
        deriv(tmp, k2);
        for (int j = 0; j < states; ++j)
          tmp[j] = p[j] + dt / 2 * k2[j];
        deriv(tmp, k3);
        for (int j = 0; j < states; ++j)
          tmp[j] = p[j] + dt * k3[j];
        deriv(tmp, k4);
        for (int j = 0; j < states; ++j)
          p[j] += dt / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
      }
    };
    std::vector<double> v(states), w(states);
    for (int j = 0; j < states; ++j)
      v[j] = w[j] = static_cast<double>(queued(j));
    advance(v, 0);
    advance(w, theta);
    tails out;
    double served = 1; // P(eventually served | j ahead, still waiting)
    for (int j = 0; j < states; ++j) {
      served *= (n * mu + j * theta) / (n * mu + (j + 1) * theta);
      out.p_virtual_longer += v[j];
      out.p_wait_longer += w[j];
      out.p_wait_longer_served += w[j] * served;
    }
    return out;
  }
};

struct point {
  double lambda, aht;
  int n;
  double patience;
};

// Light, moderate, saturated and overloaded systems; small and large.
const point chain_points[] = {
  {100.0 / 1800, 180, 14, 300}, // A1: a = 10
  {4.0 / 60, 180, 14, 60},      // A2: a = 12
  {0.005, 100, 1, 1000},        // one agent, a = 0.5
  {0.1, 100, 8, 60},            // a = 10 > n = 8
  {0.2, 100, 10, 30},           // a = 20 = 2n, heavy overload
  {0.5, 100, 50, 120},          // a = n = 50
  {11, 100, 1000, 100},         // a = 1100 > n = 1000, long peak
  {1.2, 100, 100, 1e5},         // a = 120, very patient: peak far out
  {9.5, 100, 1000, 50},         // a = 950 < n = 1000
};

// --- Erlang B ---------------------------------------------------------------

TEST(ErlangB, MatchesKnownSmallValues) {
  EXPECT_DOUBLE_EQ(erlang_b(1, 1), 0.5);
  EXPECT_DOUBLE_EQ(erlang_b(2, 1), 0.2);
  // (3^5 / 5!) / sum_{k=0}^{5} 3^k / k! = 2.025 / 18.4.
  EXPECT_NEAR(erlang_b(5, 3), 2.025 / 18.4, 1e-15);
  EXPECT_NEAR(erlang_b(10, 5), 0.018384570336648, 1e-14);
}

TEST(ErlangB, HandlesZeroServersAndZeroLoad) {
  EXPECT_EQ(erlang_b(0, 3.5), 1.0);
  EXPECT_EQ(erlang_b(7, 0), 0.0);
}

TEST(ErlangB, ReturnsNanForInvalidArguments) {
  EXPECT_TRUE(std::isnan(erlang_b(-1, 1)));
  EXPECT_TRUE(std::isnan(erlang_b(3, -0.5)));
  EXPECT_TRUE(std::isnan(erlang_b(3, std::numeric_limits<double>::infinity())));
  EXPECT_TRUE(std::isnan(erlang_b(3, std::nan(""))));
}

TEST(ErlangB, StaysInUnitIntervalForThousandsOfServers) {
  for (double a : {10.0, 1000.0, 1950.0, 2000.0, 5000.0}) {
    const double b = erlang_b(2000, a);
    EXPECT_TRUE(std::isfinite(b)) << a;
    EXPECT_GE(b, 0.0) << a;
    EXPECT_LE(b, 1.0) << a;
  }
  // At a = n the blocking is about sqrt(2 / (pi n)) ~ 0.0178 for n = 2000.
  EXPECT_NEAR(erlang_b(2000, 2000), 0.0178, 2e-3);
}

// --- Erlang C ---------------------------------------------------------------

TEST(ErlangC, MatchesKnownSmallValue) {
  // C(2, 1) = 2 B / (2 - (1 - B)) with B = 0.2.
  EXPECT_DOUBLE_EQ(erlang_c(2, 1), 1.0 / 3);
  EXPECT_DOUBLE_EQ(erlang_c(1, 0.5), 0.5); // M/M/1: P(wait) = rho
}

TEST(ErlangC, ReturnsOneWhenLoadReachesAgents) {
  EXPECT_EQ(erlang_c(10, 10), 1.0);
  EXPECT_EQ(erlang_c(10, 12.5), 1.0);
  EXPECT_EQ(erlang_c(0, 0), 1.0);
}

TEST(ErlangC, MatchesPyworkforceRowC2) {
  auto f = evaluate_erlang_c({100.0 / 1800, 3 * minute, 14}, 0.33 * minute);
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->stable);
  EXPECT_NEAR(f->offered_load, 10.0, 1e-12);
  EXPECT_NEAR(f->service_level.offered, 0.888, digits3);
  EXPECT_NEAR(f->occupancy, 0.714, digits3);
  EXPECT_NEAR(f->p_wait, 0.174, digits3);
}

TEST(ErlangC, MatchesPyworkforceRowC3) {
  auto f = evaluate_erlang_c({100.0 / 1800, 3 * minute, 15}, 0.33 * minute);
  ASSERT_TRUE(f);
  EXPECT_NEAR(f->service_level.offered, 0.941, digits3);
  EXPECT_NEAR(f->occupancy, 0.667, digits3);
  EXPECT_NEAR(f->p_wait, 0.102, digits3);
}

TEST(ErlangC, MatchesCcmathRowC4) {
  auto f = evaluate_erlang_c({4.0 / 60, 3 * minute, 14}, 0.333 * minute);
  ASSERT_TRUE(f);
  EXPECT_NEAR(f->asa_s / minute, 0.72, 0.005);
  EXPECT_NEAR(f->service_level.offered, 0.6142, digits4);
  EXPECT_NEAR(f->occupancy, 0.8571, digits4);
}

TEST(ErlangC, AllServiceLevelDefinitionsCoincide) {
  auto f = evaluate_erlang_c({4.0 / 60, 180, 14}, 20);
  ASSERT_TRUE(f);
  const double sl = 1 - f->p_wait_longer;
  EXPECT_EQ(f->service_level.offered, sl);
  EXPECT_EQ(f->service_level.answered, sl);
  EXPECT_EQ(f->service_level.excl_short_abandons, sl);
  EXPECT_EQ(f->service_level.virtual_wait, sl);
  for (auto d :
       {service_level_definition::offered, service_level_definition::answered,
        service_level_definition::excl_short_abandons,
        service_level_definition::virtual_wait})
    EXPECT_EQ(f->service_level.get(d), sl);
}

TEST(ErlangC, TailAndAsaFollowTheExponentialWait) {
  // P(W > t) = C exp(-(n mu - lambda) t), ASA = C / (n mu - lambda).
  const double lambda = 4.0 / 60, mu = 1.0 / 180;
  const int n = 14;
  auto f = evaluate_erlang_c({lambda, 1 / mu, n}, 30);
  ASSERT_TRUE(f);
  const double c = erlang_c(n, lambda / mu);
  EXPECT_NEAR(f->p_wait, c, 1e-15);
  EXPECT_NEAR(f->p_wait_longer, c * std::exp(-(n * mu - lambda) * 30), 1e-15);
  EXPECT_NEAR(f->asa_s, c / (n * mu - lambda), 1e-12);
  auto at_zero = evaluate_erlang_c({lambda, 1 / mu, n}, 0);
  ASSERT_TRUE(at_zero);
  EXPECT_NEAR(at_zero->service_level.offered, 1 - c, 1e-15);
}

TEST(ErlangC, UnstableLoadGivesInfiniteAsaAndZeroServiceLevel) {
  for (int n : {10, 12}) {
    auto f = evaluate_erlang_c({4.0 / 60, 180, n}, 20); // a = 12
    ASSERT_TRUE(f);
    EXPECT_FALSE(f->stable);
    EXPECT_EQ(f->p_wait, 1.0);
    EXPECT_EQ(f->p_wait_longer, 1.0);
    EXPECT_TRUE(std::isinf(f->asa_s));
    EXPECT_GT(f->asa_s, 0);
    EXPECT_EQ(f->service_level.offered, 0.0);
    EXPECT_EQ(f->occupancy, 1.0);
  }
}

TEST(ErlangC, NoArrivalsMeansNoWaiting) {
  auto f = evaluate_erlang_c({0, 180, 3}, 20);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->p_wait, 0.0);
  EXPECT_EQ(f->asa_s, 0.0);
  EXPECT_EQ(f->occupancy, 0.0);
  EXPECT_EQ(f->service_level.offered, 1.0);
}

TEST(ErlangC, RejectsInvalidInputs) {
  const double nan = std::nan(""),
               inf = std::numeric_limits<double>::infinity();
  auto rejected = [](erlang_c_inputs in, double t) {
    auto f = evaluate_erlang_c(in, t);
    return !f && f.error() == livechat::errc::invalid_argument;
  };
  EXPECT_TRUE(rejected({-0.1, 180, 14}, 20));
  EXPECT_TRUE(rejected({nan, 180, 14}, 20));
  EXPECT_TRUE(rejected({inf, 180, 14}, 20));
  EXPECT_TRUE(rejected({0.1, 0, 14}, 20));
  EXPECT_TRUE(rejected({0.1, -180, 14}, 20));
  EXPECT_TRUE(rejected({0.1, 180, 0}, 20));
  EXPECT_TRUE(rejected({0.1, 180, -3}, 20));
  EXPECT_TRUE(rejected({0.1, 180, 14}, -1));
  EXPECT_TRUE(rejected({0.1, 180, 14}, nan));
}

TEST(ErlangC, LargeSystemStaysFiniteAndInRange) {
  // n = 2000, a = 1950.
  auto f = evaluate_erlang_c({19.5, 100, 2000}, 20);
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->stable);
  for (double v :
       {f->p_wait, f->p_wait_longer, f->service_level.offered, f->occupancy}) {
    EXPECT_TRUE(std::isfinite(v));
    EXPECT_GE(v, 0.0);
    EXPECT_LE(v, 1.0);
  }
  EXPECT_TRUE(std::isfinite(f->asa_s));
  // Halfin-Whitt: P(wait) ~ 1 / (1 + beta Phi(beta) / phi(beta)) within
  // about 0.015 for a >= 100, beta = (n - a) / sqrt(a).
  const double beta = 50 / std::sqrt(1950.0);
  const double cdf = 0.5 * std::erfc(-beta / std::sqrt(2.0));
  const double pdf = std::exp(-beta * beta / 2)
                     / std::sqrt(2 * std::numbers::pi);
  EXPECT_NEAR(f->p_wait, 1 / (1 + beta * cdf / pdf), 0.015);
  EXPECT_LT(f->p_wait_longer, f->p_wait);
}

// --- Erlang A: published rows
// -------------------------------------------------

TEST(ErlangA, MatchesPyworkforceRowA1) {
  auto f = evaluate_erlang_a({100.0 / 1800, 3 * minute, 14, 5 * minute}, 20);
  ASSERT_TRUE(f);
  EXPECT_NEAR(f->p_wait, 0.14526, digits5);
  EXPECT_NEAR(f->p_abandon, 0.013984, digits6);
  EXPECT_NEAR(f->occupancy, 0.704297, digits6);
  EXPECT_NEAR(f->asa_s / minute, 0.069919, digits6);
  EXPECT_NEAR(f->service_level.offered, 0.916792, digits6);
}

TEST(ErlangA, MatchesCcmathRowA2) {
  auto f = evaluate_erlang_a({4.0 / 60, 3 * minute, 14, 1 * minute},
                             0.333 * minute);
  ASSERT_TRUE(f);
  EXPECT_NEAR(f->service_level.virtual_wait, 0.8797, digits4);
  EXPECT_NEAR(f->p_abandon, 0.0743, digits4);
  EXPECT_NEAR(f->occupancy, 0.7934, digits4);
  EXPECT_NEAR(f->mean_virtual_wait_s / minute, 0.10, 0.005);
}

// --- Erlang A: identities and the birth-death cross-check
// ---------------------

TEST(ErlangA, AsaIsAbandonRateOverThetaAndMatchesLittlesLaw) {
  for (const auto& p : chain_points) {
    auto f = evaluate_erlang_a({p.lambda, p.aht, p.n, p.patience}, 20);
    ASSERT_TRUE(f);
    EXPECT_NEAR(f->asa_s, f->p_abandon * p.patience,
                1e-12 * std::max(1.0, f->asa_s));
    const chain c(p.lambda, p.aht, p.n, p.patience);
    EXPECT_NEAR(f->asa_s, c.mean_wait(), 1e-8 * std::max(1.0, f->asa_s))
      << "n=" << p.n << " a=" << p.lambda * p.aht;
  }
}

TEST(ErlangA, MatchesBirthDeathChain) {
  for (const auto& p : chain_points) {
    SCOPED_TRACE(::testing::Message()
                 << "n=" << p.n << " a=" << p.lambda * p.aht
                 << " patience=" << p.patience);
    const chain c(p.lambda, p.aht, p.n, p.patience);
    ASSERT_LT(c.last_state_mass(), 1e-30L); // truncation is harmless
    auto f = evaluate_erlang_a({p.lambda, p.aht, p.n, p.patience}, 20);
    ASSERT_TRUE(f);
    EXPECT_NEAR(f->p_wait, c.p_wait(), 1e-9);
    EXPECT_NEAR(f->p_abandon, c.p_abandon(), 1e-9);
    EXPECT_NEAR(f->occupancy, c.occupancy(), 1e-9);
    EXPECT_NEAR(f->mean_virtual_wait_s, c.mean_virtual_wait(),
                1e-8 * std::max(1.0, f->mean_virtual_wait_s));
    if (f->p_wait > 0) {
      EXPECT_NEAR(f->p_abandon_given_wait, f->p_abandon / f->p_wait, 1e-12);
    }
  }
}

TEST(ErlangA, TailsMatchTaggedArrivalChain) {
  // Small systems only: the reference integrates an ODE per point.
  const point points[] = {chain_points[0], chain_points[1], chain_points[2],
                          chain_points[3], chain_points[4], chain_points[5]};
  for (const auto& p : points) {
    for (double t : {5.0, 20.0, 60.0}) {
      SCOPED_TRACE(::testing::Message()
                   << "n=" << p.n << " a=" << p.lambda * p.aht << " t=" << t);
      const chain c(p.lambda, p.aht, p.n, p.patience);
      const auto ref = c.tails_at(t);
      auto f = evaluate_erlang_a({p.lambda, p.aht, p.n, p.patience}, t);
      ASSERT_TRUE(f);
      EXPECT_NEAR(f->p_virtual_wait_longer, ref.p_virtual_longer, 1e-8);
      EXPECT_NEAR(f->p_wait_longer, ref.p_wait_longer, 1e-8);
      EXPECT_NEAR(f->p_wait_longer_served, ref.p_wait_longer_served, 1e-8);
      // The four definitions, from the reference's pieces.
      const double served_within = 1 - c.p_abandon() - ref.p_wait_longer_served;
      const double abandon_within
        = c.p_abandon() - (ref.p_wait_longer - ref.p_wait_longer_served);
      EXPECT_NEAR(f->service_level.offered, served_within, 1e-8);
      EXPECT_NEAR(f->service_level.answered,
                  served_within / (1 - c.p_abandon()), 1e-8);
      EXPECT_NEAR(f->service_level.excl_short_abandons,
                  served_within / (1 - abandon_within), 1e-8);
      EXPECT_NEAR(f->service_level.virtual_wait, 1 - ref.p_virtual_longer,
                  1e-8);
    }
  }
}

TEST(ErlangA, TailsAtZeroEqualWaitProbability) {
  for (const auto& p : chain_points) {
    auto f = evaluate_erlang_a({p.lambda, p.aht, p.n, p.patience}, 0);
    ASSERT_TRUE(f);
    EXPECT_NEAR(f->p_virtual_wait_longer, f->p_wait, 1e-12);
    EXPECT_NEAR(f->p_wait_longer, f->p_wait, 1e-12);
    EXPECT_NEAR(f->p_wait_longer_served, f->p_wait - f->p_abandon, 1e-12);
    EXPECT_NEAR(f->service_level.offered, 1 - f->p_wait, 1e-12);
    EXPECT_NEAR(f->service_level.virtual_wait, 1 - f->p_wait, 1e-12);
    EXPECT_NEAR(f->p_abandon_within, 0, 1e-12);
  }
}

TEST(ErlangA, ServiceLevelDefinitionsAreOrdered) {
  // Same numerator, denominators 1 >= 1 - P(Ab, W<=t) >= 1 - P(Ab).
  for (const auto& p : chain_points) {
    auto f = evaluate_erlang_a({p.lambda, p.aht, p.n, p.patience}, 20);
    ASSERT_TRUE(f);
    const auto& sl = f->service_level;
    EXPECT_LE(sl.offered, sl.excl_short_abandons + 1e-15);
    EXPECT_LE(sl.excl_short_abandons, sl.answered + 1e-15);
    EXPECT_LE(f->p_abandon_within, f->p_abandon + 1e-15);
    for (auto d :
         {service_level_definition::offered, service_level_definition::answered,
          service_level_definition::excl_short_abandons,
          service_level_definition::virtual_wait})
      EXPECT_EQ(sl.get(d), d == service_level_definition::offered ? sl.offered
                           : d == service_level_definition::answered
                             ? sl.answered
                           : d == service_level_definition::virtual_wait
                             ? sl.virtual_wait
                             : sl.excl_short_abandons);
  }
}

TEST(ErlangA, ConvergesToErlangCAsPatienceGrows) {
  for (int n : {11, 14, 20}) {
    auto a = evaluate_erlang_a({100.0 / 1800, 180, n, 1e9}, 20);
    auto c = evaluate_erlang_c({100.0 / 1800, 180, n}, 20);
    ASSERT_TRUE(a);
    ASSERT_TRUE(c);
    EXPECT_NEAR(a->p_wait, c->p_wait, 1e-5) << n;
    EXPECT_NEAR(a->asa_s, c->asa_s, 1e-3 * c->asa_s) << n;
    EXPECT_NEAR(a->occupancy, c->occupancy, 1e-5) << n;
    EXPECT_NEAR(a->service_level.offered, c->service_level.offered, 1e-5) << n;
  }
}

TEST(ErlangA, StaysStableWhenLoadExceedsAgents) {
  // a = 20 on 10 agents: throughput is at most n mu, so P(Ab) >= 1 - n/a.
  auto f = evaluate_erlang_a({0.2, 100, 10, 30}, 20);
  ASSERT_TRUE(f);
  EXPECT_GT(f->p_wait, 0.9);
  EXPECT_GE(f->p_abandon, 0.5 - 1e-12);
  EXPECT_LT(f->p_abandon, 1.0);
  EXPECT_LE(f->occupancy, 1.0);
  EXPECT_GT(f->occupancy, 0.9);
  EXPECT_TRUE(std::isfinite(f->asa_s));
}

TEST(ErlangA, NoArrivalsMeansNoWaiting) {
  auto f = evaluate_erlang_a({0, 180, 3, 60}, 20);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->p_wait, 0.0);
  EXPECT_EQ(f->p_abandon, 0.0);
  EXPECT_EQ(f->asa_s, 0.0);
  EXPECT_EQ(f->occupancy, 0.0);
  EXPECT_EQ(f->service_level.offered, 1.0);
  EXPECT_EQ(f->service_level.virtual_wait, 1.0);
  // The limit of P(Ab | W>0) as lambda -> 0: theta / (n mu + theta).
  EXPECT_NEAR(f->p_abandon_given_wait, (1.0 / 60) / (3.0 / 180 + 1.0 / 60),
              1e-15);
}

TEST(ErlangA, RejectsInvalidInputs) {
  const double nan = std::nan(""),
               inf = std::numeric_limits<double>::infinity();
  auto rejected = [](erlang_a_inputs in, double t) {
    auto f = evaluate_erlang_a(in, t);
    return !f && f.error() == livechat::errc::invalid_argument;
  };
  EXPECT_TRUE(rejected({-0.1, 180, 14, 60}, 20));
  EXPECT_TRUE(rejected({nan, 180, 14, 60}, 20));
  EXPECT_TRUE(rejected({0.1, 0, 14, 60}, 20));
  EXPECT_TRUE(rejected({0.1, 180, 0, 60}, 20));
  EXPECT_TRUE(rejected({0.1, 180, 14, 0}, 20));
  EXPECT_TRUE(rejected({0.1, 180, 14, -60}, 20));
  EXPECT_TRUE(rejected({0.1, 180, 14, inf}, 20));
  EXPECT_TRUE(rejected({0.1, 180, 14, nan}, 20));
  EXPECT_TRUE(rejected({0.1, 180, 14, 60}, -5));
  EXPECT_TRUE(rejected({1e6, 180, 14, 1e7}, 20)); // series beyond its limit
}

TEST(ErlangA, LargeSystemStaysFiniteAndInRange) {
  struct large {
    double lambda, aht;
    int n;
    double patience;
  };
  const large cases[] = {
    {19.5, 100, 2000, 100}, // n = 2000, a = 1950
    {19.5, 100, 2000, 1e6}, // nearly Erlang C
    {15, 100, 1000, 100},   // a = 1500 on 1000 agents
    {15, 100, 1000, 1e5},   // overloaded and very patient: peak far out
    {0.1, 100, 1000, 100},  // a = 10 on 1000 agents: E_B underflows
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(::testing::Message()
                 << "n=" << c.n << " a=" << c.lambda * c.aht
                 << " patience=" << c.patience);
    double previous_virtual = 1;
    for (double t : {0.0, 5.0, 20.0, 120.0}) {
      auto f = evaluate_erlang_a({c.lambda, c.aht, c.n, c.patience}, t);
      ASSERT_TRUE(f);
      for (double v :
           {f->p_wait, f->p_abandon, f->p_abandon_given_wait, f->occupancy,
            f->p_virtual_wait_longer, f->p_wait_longer, f->p_wait_longer_served,
            f->p_abandon_within, f->service_level.offered,
            f->service_level.answered, f->service_level.excl_short_abandons,
            f->service_level.virtual_wait}) {
        EXPECT_TRUE(std::isfinite(v));
        EXPECT_GE(v, 0.0);
        EXPECT_LE(v, 1.0);
      }
      EXPECT_TRUE(std::isfinite(f->asa_s));
      EXPECT_TRUE(std::isfinite(f->mean_virtual_wait_s));
      // Tails are accurate to about 1e-11 relative here: their logarithms
      // add terms of size lambda * patience.
      EXPECT_LE(f->p_virtual_wait_longer, previous_virtual * (1 + 1e-9));
      previous_virtual = f->p_virtual_wait_longer;
    }
  }
  // Overloaded: throughput at most n mu.
  auto f = evaluate_erlang_a({15, 100, 1000, 100}, 20);
  ASSERT_TRUE(f);
  EXPECT_GE(f->p_abandon, 1 - 1000.0 / 1500 - 1e-12);
}

// --- service_level_definition
// -------------------------------------------------

TEST(ServiceLevelDefinition, RoundTripsThroughItsName) {
  for (auto d :
       {service_level_definition::offered, service_level_definition::answered,
        service_level_definition::excl_short_abandons,
        service_level_definition::virtual_wait})
    EXPECT_EQ(parse_service_level_definition(to_string(d)), d);
}

TEST(ServiceLevelDefinition, UsesThePublishedNames) {
  EXPECT_EQ(to_string(service_level_definition::offered), "offered");
  EXPECT_EQ(to_string(service_level_definition::answered), "answered");
  EXPECT_EQ(to_string(service_level_definition::excl_short_abandons),
            "excl_short_abandons");
  EXPECT_EQ(to_string(service_level_definition::virtual_wait), "virtual");
}

TEST(ServiceLevelDefinition, RejectsUnknownNames) {
  EXPECT_FALSE(parse_service_level_definition(""));
  EXPECT_FALSE(parse_service_level_definition("virtual_wait"));
  EXPECT_FALSE(parse_service_level_definition("Offered"));
  EXPECT_FALSE(parse_service_level_definition("offered "));
}

} // namespace erlang_test
