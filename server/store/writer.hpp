// The store's own thread: every database access of a running server goes
// through it, and writes are committed in groups.
//
// `submit` queues a job and returns at once. The thread takes every job
// queued so far (at most `max_batch`), runs them in one transaction, each
// inside a savepoint (a failing job rolls back alone), commits, and only
// then calls each job's `done` with its outcome, in submission order. So a
// client is acknowledged only after its write is on disk, and one fsync
// covers a whole burst of writes (group commit).
//
// `done` runs on the writer thread: it must not block or call `submit`
// synchronously waiting for the result. Stopping (`stop` or the destructor)
// finishes every job already queued: no accepted write is dropped.
//
// Example:
//   livechat::server::store_writer w{std::move(*store)};
//   w.submit([](store& s) { return s.add_token(hash, u, now); },
//            [](db_expected<void> r) { /* committed (or failed) */ });
#pragma once

#include "server/store/store.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace livechat::server {

class store_writer {
public:
  using job = std::function<db_expected<void>(store&)>;
  using done_fn = std::function<void(db_expected<void>)>;

  explicit store_writer(store s, std::size_t max_batch = 256);
  ~store_writer();
  store_writer(const store_writer&) = delete;
  store_writer& operator=(const store_writer&) = delete;

  /// Queues `work`; `done` (may be empty) runs after the commit. An empty
  /// `work` is a barrier: `done` runs once everything queued before it is
  /// committed. After
  /// `stop`, jobs are refused: `done` gets an error at once.
  void submit(job work, done_fn done);

  /// Runs every queued job, then ends the thread. Idempotent.
  void stop();

  /// Transactions committed so far (for metrics and tests).
  std::size_t commits() const;

private:
  struct pending {
    job work;
    done_fn done;
  };
  void run();
  void run_batch(std::deque<pending>& batch);

  store store_;
  std::size_t max_batch_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<pending> queue_;
  bool stopping_ = false;
  std::size_t commits_ = 0;
  std::thread thread_;
};

} // namespace livechat::server
