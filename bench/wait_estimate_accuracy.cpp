// Prints how close the router's expected wait comes to the simulated wait,
// for a grid of loads: the table of docs/BENCHMARKS.md, "Expected wait:
// estimate against simulated wait (issue 12)". A plain program, not a
// Google Benchmark: it measures accuracy, not time.
//
// Usage: wait_estimate_accuracy [ARRIVALS [SEED]]   (200000, 12)
//
// Columns, over the arrivals that had to wait and got an estimate (seconds;
// handle time 180 s): the share of arrivals that waited, mean wait, mean
// estimate, mean absolute error, mean signed error (estimate - wait, the
// bias) with its batch-means standard error and relative to the mean wait,
// the share of estimates within 50 % of the wait; then the same model with
// the true mean handle time instead of the recent one (how much of the
// error is the handle-time average; its bias with its standard error), and
// M/M/s's mean wait of those who wait, h / (s - a) with a = lambda h, as a
// check of the loop.
#include "bench/wait_accuracy.hpp"

#include <cstdint>
#include <cstdlib>
#include <fmt/format.h>

namespace {

using namespace livechat;
using namespace livechat::bench;

void print_header() {
  fmt::print("| operators | capacity | rho | waited | mean wait | mean "
             "estimate | MAE | bias (± SE) | bias / wait | within ±50 % | "
             "MAE, true h | bias / wait (± SE), true h | M/M/s h / (s - a) "
             "|\n"
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | "
             "---: | ---: | ---: | ---: | ---: |\n");
}

void print_row(const wait_accuracy_load& load, std::uint64_t seed) {
  auto samples = simulate_waits(load, seed);
  auto acc = measure(samples, router_estimate);
  auto true_h = from_seconds(load.mean_handle_s);
  auto oracle = measure(samples, [&](const queue_standing& st) {
    return queueing::expected_wait(st.position, st.slots, true_h);
  });
  double slots = load.operators * load.capacity;
  double formula = load.mean_handle_s / (slots * (1 - load.utilisation));
  double waited = static_cast<double>(samples.size())
                  / static_cast<double>(load.arrivals);
  fmt::print("| {} | {} | {:.2f} | {:.3f} | {:.1f} | {:.1f} | {:.1f} | "
             "{:.1f} ± {:.1f} | {:.1f} % | {:.1f} % | {:.1f} | "
             "{:.1f} ± {:.1f} % | {:.1f} |\n",
             load.operators, load.capacity, load.utilisation, waited,
             acc.mean_wait_s, acc.mean_estimate_s, acc.mean_abs_error_s,
             acc.mean_error_s, acc.mean_error_se_s, 100 * acc.relative_bias(),
             100 * acc.within_half, oracle.mean_abs_error_s,
             100 * oracle.relative_bias(),
             100 * oracle.mean_error_se_s / oracle.mean_wait_s, formula);
}

} // namespace

int main(int argc, char** argv) {
  std::uint64_t arrivals = argc > 1 ? std::strtoull(argv[1], nullptr, 10)
                                    : 200000;
  std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 12;
  if (arrivals == 0) {
    fmt::print(stderr,
               "wait_estimate_accuracy: ARRIVALS must be a positive number\n");
    return 2;
  }
  fmt::print("{} arrivals per row, seed {}, handle time 180 s "
             "(exponential)\n\n",
             arrivals, seed);
  print_header();
  for (double rho : {0.70, 0.85, 0.95})
    for (int operators : {2, 4, 10})
      for (int capacity : {1, 2})
        print_row({.operators = operators,
                   .capacity = capacity,
                   .utilisation = rho,
                   .mean_handle_s = 180,
                   .arrivals = arrivals},
                  seed);
  return 0;
}
