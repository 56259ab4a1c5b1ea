// Runs independent work items (replications) on a few threads.
//
// `parallel_for(count, threads, cancel, work)` calls `work(i)` once for every
// i in [0, count), on up to `threads` threads (the caller's among them),
// taking items in index order. It returns when every started item is done.
//   - An exception from `work` stops the others taking new items and is
//     rethrown (the first one) in the caller's thread after all have joined.
//   - `cancel` (may be null) set: no new item starts; then `interrupted` is
//     thrown in the caller's thread.
//   - When the system cannot create a thread, the work runs on fewer.
//
// Example:
//   std::vector<int> squares(10);
//   sim::parallel_for(10, 2, nullptr, [&](std::size_t i) {
//     squares[i] = int(i * i);
//   });
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>

namespace livechat::sim {

/// Thrown when work was stopped through a cancel flag (Ctrl-C): what ran is
/// incomplete and must not be reported.
struct interrupted : std::exception {
  const char* what() const noexcept override {
    return "interrupted";
  }
};

void parallel_for(std::size_t count, std::size_t threads,
                  const std::atomic<bool>* cancel,
                  const std::function<void(std::size_t)>& work);

} // namespace livechat::sim
