// Maps the actor clock to the core's run time, and back.
//
// Actors never read std::chrono clocks: they read `self->clock().now()`, which
// is CAF's steady clock in real time and the test coordinator's virtual clock
// in simulations. A run starts at `epoch`; `speed` compresses real time (2.0:
// one wall second is two seconds of run time). Virtual time runs at speed 1.
//
// Example:
//   time_mapping tm{self->clock().now(), 10.0};
//   livechat::timestamp now = tm.to_core(self->clock().now());
//   self->delayed_send(self, tm.to_actor(patience), livechat::patience_atom_v);
#pragma once

#include "core/time.hpp"
#include "core/time_arithmetic.hpp"

#include <algorithm>
#include <caf/actor_clock.hpp>
#include <cassert>
#include <chrono>

namespace livechat::actors {

struct time_mapping {
  /// The longest delay `to_actor` gives (about 100 years).
  static constexpr duration longest_delay = std::chrono::hours{24 * 36'525};

  caf::actor_clock::time_point epoch;
  double speed = 1.0;

  timestamp to_core(caf::actor_clock::time_point t) const {
    auto elapsed = std::chrono::duration_cast<duration>(t - epoch);
    if (speed == 1.0)
      return timestamp{elapsed};
    return timestamp{saturating_scale(elapsed, speed)};
  }

  /// The actor-clock delay for run time `d`, at most `longest_delay`.
  caf::actor_clock::duration_type to_actor(duration d) const {
    assert(speed > 0);
    auto wall = speed == 1.0 ? d : saturating_scale(d, 1.0 / speed);
    return std::chrono::duration_cast<caf::actor_clock::duration_type>(
      std::min(wall, longest_delay));
  }
};

} // namespace livechat::actors
