// A plain, single-threaded discrete-event simulation of M/M/n+M, written as
// the yardstick the actor simulation (sim/engine.hpp) is compared with in
// bench/sim_bench.cpp. It is not used by the product.
//
// Model: Poisson arrivals at rate lambda from time 0 until `horizon_s`, then
// the system drains (no more arrivals; everyone present is served or
// abandons). `servers` identical servers, exponential handle time with mean
// `mean_handle_s`. A customer who finds a free server starts at once;
// otherwise it joins one FCFS queue and leaves (abandons) when its
// exponential patience (mean `mean_patience_s`) runs out before a server
// takes it. `mean_patience_s <= 0` means infinitely patient (M/M/n). A server
// that frees takes the longest-waiting customer still present.
//
// Implementation: the event list is a `std::priority_queue` (binary heap) of
// (time, kind, customer id), earliest first; simultaneous events run in the
// order departure, arrival, abandonment, then by id. Abandoned customers stay
// in the FCFS queue and are skipped when a server looks for the next one;
// a patience event of a customer already served is skipped. All draws come
// from one `livechat::random_generator` seeded with `seed`, so a (params,
// seed) pair always gives the same result. Storage is kept between runs of
// the same `plain_mmn` object.
//
// Example:
//   livechat::bench::plain_mmn sim;
//   auto r = sim.run({.arrival_rate_per_s = 4.2 / 60, .mean_handle_s = 150,
//                     .servers = 12, .mean_patience_s = 300,
//                     .horizon_s = 8 * 3600},
//                    /*seed=*/1);
//   double p_abandon = double(r.abandoned) / double(r.offered);
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace livechat::bench {

struct mmn_params {
  double arrival_rate_per_s = 0; ///< lambda > 0
  double mean_handle_s = 0;      ///< 1 / mu > 0
  int servers = 0;               ///< n >= 1
  double mean_patience_s = 0;    ///< 1 / theta; <= 0: infinitely patient
  double horizon_s = 0;          ///< arrivals stop here
  double sl_threshold_s = 20;    ///< the t of "answered within t"
};

struct mmn_result {
  std::uint64_t offered = 0;                   ///< arrivals before the horizon
  std::uint64_t answered = 0;                  ///< reached a server
  std::uint64_t abandoned = 0;                 ///< left while waiting
  std::uint64_t answered_within_threshold = 0; ///< wait <= sl_threshold_s
  /// Mean wait over answered and abandoned customers (abandoners count the
  /// time until they left); 0 without arrivals.
  double mean_wait_s = 0;
};

class plain_mmn {
public:
  /// Simulates one run of `p` with random stream `seed`.
  mmn_result run(const mmn_params& p, std::uint64_t seed);

private:
  enum class event_kind : std::uint8_t { departure, arrival, abandon };
  struct event {
    double time;
    event_kind kind;
    std::uint32_t id; ///< the customer arriving, served or abandoning
    friend bool operator>(const event& a, const event& b) noexcept {
      if (a.time != b.time)
        return a.time > b.time;
      if (a.kind != b.kind)
        return a.kind > b.kind;
      return a.id > b.id;
    }
  };
  enum class customer_state : std::uint8_t { waiting, served, abandoned };

  std::priority_queue<event, std::vector<event>, std::greater<>> events_;
  std::vector<double> arrival_;       ///< per customer id
  std::vector<customer_state> state_; ///< per customer id
  std::vector<std::uint32_t> queue_;  ///< FCFS, from `head_` on
};

} // namespace livechat::bench
