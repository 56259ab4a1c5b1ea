// The server's calls into the runtime from completions (a reply that waits
// for the event sink, the next administrative change, the second half of a
// channel message, presence) pass through a gate, so that `server::stop`
// can close it and know that no such call is being made while the runtime
// is destroyed. Calls from the I/O threads need no gate: those threads end
// before the runtime does.
//
// Example:
//   if (!gate.run([&] { rt.drain_events(done); }))
//     done(errc::unavailable);          // stopping: the runtime is off-limits
#pragma once

#include <condition_variable>
#include <mutex>

namespace livechat::server {

class call_gate {
public:
  /// Runs `f` (which must not block) unless the gate is closed; returns
  /// whether it ran.
  template <class F>
  bool run(F&& f) {
    {
      std::lock_guard guard{mutex_};
      if (closed_)
        return false;
      ++inside_;
    }
    f();
    std::lock_guard guard{mutex_};
    if (--inside_ == 0)
      idle_.notify_all();
    return true;
  }

  /// Refuses every later `run` and waits for those inside to leave.
  void close() {
    std::unique_lock lock{mutex_};
    closed_ = true;
    idle_.wait(lock, [this] {
      return inside_ == 0;
    });
  }

private:
  std::mutex mutex_;
  std::condition_variable idle_;
  bool closed_ = false;
  int inside_ = 0;
};

} // namespace livechat::server
