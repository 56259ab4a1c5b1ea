// How close the router's expected wait comes to the wait a session then gets:
// a seeded discrete-event loop that drives a `router` as an M/M/s system and
// records, for every arrival that has to wait, its standing and its wait.
// Shared by the accuracy test (tests/core/queueing/wait_estimate_accuracy_
// test.cpp) and the table in docs/BENCHMARKS.md
// (bench/wait_estimate_accuracy.cpp).
//
// Model: one external live chat, one group of `operators` operators, all
// Online from the start, the chat's capacity `capacity`, routing
// `longest_idle`. Poisson arrivals at rate lambda = utilisation * slots / h
// (slots = operators * capacity), exponential handle times with mean h
// (the operator closes the session that long after its assignment; an
// operator holding several sessions handles each as fast as one), patient
// customers (nobody leaves). After `arrivals` arrivals, the loop runs on
// until every session has ended, so every sample has its wait. Arrivals and
// handle times come from their own streams derived from the seed: a (load,
// seed) pair always gives the same samples.
//
// Example:
//   using namespace livechat::bench;
//   auto samples = simulate_waits({.operators = 4, .utilisation = 0.85}, 7);
//   auto acc = measure(samples, router_estimate);
//   // acc.mean_error_s / acc.mean_wait_s: the estimate's relative bias
#pragma once

#include "core/router.hpp"
#include "core/time.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace livechat::bench {

/// One M/M/s system served through a router.
struct wait_accuracy_load {
  int operators = 4;          ///< >= 1, all Online throughout
  int capacity = 1;           ///< the chat's capacity, >= 1
  double utilisation = 0.85;  ///< rho = lambda h / slots, in (0, 1)
  double mean_handle_s = 180; ///< h, exponential
  std::uint64_t arrivals = 5000;
};

/// An arrival that had to wait: its standing right after it arrived and the
/// wait it then got (arrival to assignment).
struct wait_sample {
  queue_standing standing;
  duration actual{};
};

/// Runs `load` on the streams of `seed`. Samples in order of arrival.
std::vector<wait_sample> simulate_waits(const wait_accuracy_load& load,
                                        std::uint64_t seed);

/// An estimate of the wait from a standing; empty = no estimate.
using wait_estimator
  = std::function<std::optional<duration>(const queue_standing&)>;

/// The router's own figure, `standing.expected_wait`.
std::optional<duration> router_estimate(const queue_standing& st);

/// Accuracy of an estimator over samples. Errors are estimate - actual.
struct wait_accuracy {
  std::size_t samples = 0;          ///< with an estimate
  std::size_t without_estimate = 0; ///< no estimate (no handle time yet)
  double mean_wait_s = 0;           ///< over samples with an estimate
  double mean_estimate_s = 0;
  double mean_abs_error_s = 0;
  double mean_error_s = 0; ///< the bias
  /// Standard error of the bias by batch means (20 batches of consecutive
  /// samples; waits of neighbours are correlated, single samples are not
  /// independent).
  double mean_error_se_s = 0;
  /// Share of estimates within 50 % of the actual wait:
  /// |estimate - actual| <= 0.5 actual.
  double within_half = 0;

  /// mean_error_s / mean_wait_s.
  double relative_bias() const noexcept;
};

/// The accuracy of `estimate` over `samples`.
wait_accuracy measure(std::span<const wait_sample> samples,
                      const wait_estimator& estimate);

} // namespace livechat::bench
