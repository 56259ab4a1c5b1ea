// Which clock the actors run on. No CAF type here: the runtime facade and
// the simulator's options name it.
//
//   virtual_time  CAF's test coordinator: one thread, nothing happens unless
//                 the clock driver runs it; deterministic.
//   real_time     CAF's work-stealing scheduler against the wall clock,
//                 compressed by a speed factor.
#pragma once

namespace livechat {

enum class clock_mode { virtual_time, real_time };

} // namespace livechat
