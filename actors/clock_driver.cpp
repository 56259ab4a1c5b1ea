#include "actors/clock_driver.hpp"

#include <caf/actor_system.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <thread>

namespace livechat::actors {

clock_driver::clock_driver(caf::actor_system& sys, time_mapping mapping)
    : sys_(sys),
      sched_(dynamic_cast<caf::scheduler::test_coordinator*>(&sys.scheduler())),
      mapping_(mapping) {}

timestamp clock_driver::now() const {
  return mapping_.to_core(sys_.clock().now());
}

void clock_driver::settle() {
  if (sched_ != nullptr)
    jobs_ += sched_->run();
}

void clock_driver::fire_timers_while(const std::function<bool()>& go) {
  settle();
  while (sched_->has_pending_timeout() && (!go || go())) {
    sched_->trigger_timeout();
    settle();
  }
}

void clock_driver::advance_to(timestamp t) {
  if (sched_ == nullptr) {
    auto wait = t - now();
    if (wait > duration::zero())
      std::this_thread::sleep_for(mapping_.to_actor(wait));
    return;
  }
  auto& clk = sched_->clock();
  fire_timers_while([&] {
    return mapping_.to_core(clk.schedule().begin()->first) <= t;
  });
  auto target = mapping_.epoch + mapping_.to_actor(t.time_since_epoch());
  if (clk.current_time < target)
    clk.current_time = target;
}

void clock_driver::run_until_idle(const std::function<bool()>& stop) {
  if (sched_ == nullptr)
    return;
  fire_timers_while([&] {
    return !stop || !stop();
  });
}

void clock_driver::wait_until(const std::function<bool()>& over,
                              std::chrono::milliseconds poll) {
  if (sched_ != nullptr) {
    run_until_idle(over);
    return;
  }
  do
    std::this_thread::sleep_for(poll);
  while (!over());
}

} // namespace livechat::actors
