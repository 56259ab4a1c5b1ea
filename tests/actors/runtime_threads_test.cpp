// Threads of the embedding program that called the runtime may outlive it:
// destroying the runtime does not wait for them to end.
//
// (CAF 0.17 pins its logger in every thread that spawns an actor or makes a
// scoped actor, and its actor system's destructor waits for every pin; the
// runtime drops a foreign thread's pin before each call returns. Found by
// the server, whose store thread makes asynchronous calls and ends only
// after the runtime.)
#include "actors/runtime.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <future>
#include <gtest/gtest.h>
#include <mutex>
#include <thread>

namespace livechat {
namespace runtime_threads_test {

// Also: the runtime is created on this thread and destroyed on another.
TEST(RuntimeThreads, ACallersThreadMayOutliveTheRuntime) {
  directory dir{"admin"};
  auto admin = dir.find_user("admin").value();
  auto rt = runtime::create({std::move(dir), admin, {}},
                            {.mode = clock_mode::real_time, .threads = 2})
              .value();
  std::mutex m;
  std::condition_variable cv;
  bool runtime_gone = false;
  std::promise<void> calls_done;
  // A long-lived thread of the embedder: blocking and asynchronous calls,
  // then it waits for the runtime to be destroyed before it ends.
  std::thread caller{[&] {
    EXPECT_TRUE(rt->add_user(admin, "blocking"));
    std::promise<bool> answered;
    rt->add_user(admin, "async", [&answered](expected<user_id> u) {
      answered.set_value(u.has_value());
    });
    EXPECT_TRUE(answered.get_future().get());
    calls_done.set_value();
    std::unique_lock lock{m};
    cv.wait(lock, [&] {
      return runtime_gone;
    });
  }};
  calls_done.get_future().wait();
  // Destroy on another thread, so that a regression fails the test after a
  // bounded wait instead of hanging the suite.
  auto destroyed = std::async(std::launch::async, [&rt] {
    rt.reset();
  });
  if (destroyed.wait_for(std::chrono::seconds{60})
      != std::future_status::ready) {
    ADD_FAILURE() << "the runtime's destruction waits for the caller's thread";
    std::_Exit(1); // the hung destruction cannot be joined
  }
  {
    std::lock_guard guard{m};
    runtime_gone = true;
  }
  cv.notify_all();
  caller.join();
}

} // namespace runtime_threads_test
} // namespace livechat
