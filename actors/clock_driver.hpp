// The clock driver: "run the jobs, fire the due timers, wait", written once
// for both clocks (actors/clock_mode.hpp).
//
// In virtual time nothing happens unless the driver runs it: `settle` runs
// every job of the current instant; `advance_to` and `run_until_idle` fire
// timers in time order, each followed by the jobs it causes. In real time the
// scheduler runs by itself and the driver only waits (`advance_to` sleeps,
// `wait_until` polls a condition).
//
// Not thread-safe: one caller drives the clock (the runtime's caller, the
// simulator's replication loop, later the server's main thread).
//
// Example:
//   clock_driver clock{sys, time_mapping{sys.clock().now(), 1.0}};
//   clock.settle();                          // the work of now
//   clock.advance_to(clock.now() + 10min);   // timers due by then
//   clock.run_until_idle([&] { return cancelled; });
#pragma once

#include "actors/time_mapping.hpp"

#include <caf/fwd.hpp>
#include <chrono>
#include <cstdint>
#include <functional>

namespace livechat::actors {

class clock_driver {
public:
  /// Virtual time iff `sys` runs CAF's test coordinator.
  clock_driver(caf::actor_system& sys, time_mapping mapping);

  bool is_virtual() const noexcept {
    return sched_ != nullptr;
  }
  const time_mapping& mapping() const noexcept {
    return mapping_;
  }
  /// Run time now (since the mapping's epoch).
  timestamp now() const;
  /// Virtual time: actor jobs run so far (0 in real time). For benchmarks.
  std::uint64_t jobs_run() const noexcept {
    return jobs_;
  }

  /// Virtual: runs every job that is ready, without firing timers.
  /// Real: no effect.
  void settle();
  /// Virtual: runs every timer due up to `t` (with the jobs each causes),
  /// then sets the clock to `t` if it is behind. Real: sleeps until `t`.
  void advance_to(timestamp t);
  /// Virtual: runs jobs and timers in time order until none is pending, or
  /// until `stop` (asked before each timer) says so. Real: no effect.
  void run_until_idle(const std::function<bool()>& stop = nullptr);
  /// Real: asks `over` after each `poll` of wall time (first after one
  /// poll) until it says so.
  /// Virtual: `run_until_idle(over)`.
  void wait_until(const std::function<bool()>& over,
                  std::chrono::milliseconds poll);

private:
  /// Fires timers one by one while any is pending and `go()`.
  void fire_timers_while(const std::function<bool()>& go);

  caf::actor_system& sys_;
  caf::scheduler::test_coordinator* sched_ = nullptr;
  time_mapping mapping_;
  std::uint64_t jobs_ = 0;
};

} // namespace livechat::actors
