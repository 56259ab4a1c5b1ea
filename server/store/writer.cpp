#include "server/store/writer.hpp"

#include <fmt/format.h>

namespace livechat::server {

store_writer::store_writer(store s, std::size_t max_batch)
    : store_(std::move(s)),
      max_batch_(max_batch == 0 ? 1 : max_batch),
      thread_([this] {
        run();
      }) {}

store_writer::~store_writer() {
  stop();
}

void store_writer::submit(job work, done_fn done) {
  {
    std::lock_guard guard{mutex_};
    if (!stopping_) {
      queue_.push_back({std::move(work), std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  if (done)
    done(sqlite_error{"the store is stopping"});
}

void store_writer::stop() {
  {
    std::lock_guard guard{mutex_};
    stopping_ = true;
    wake_.notify_one();
  }
  if (thread_.joinable())
    thread_.join();
}

std::size_t store_writer::commits() const {
  std::lock_guard guard{mutex_};
  return commits_;
}

void store_writer::run() {
  for (;;) {
    std::deque<pending> batch;
    {
      std::unique_lock lock{mutex_};
      wake_.wait(lock, [this] {
        return stopping_ || !queue_.empty();
      });
      if (queue_.empty())
        return; // stopping, and everything queued has run
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    run_batch(batch);
  }
}

void store_writer::run_batch(std::deque<pending>& batch) {
  auto& db = store_.db();
  std::vector<db_expected<void>> outcomes;
  outcomes.reserve(batch.size());
  auto began = db.begin();
  if (!began) {
    for (auto& p : batch)
      if (p.done)
        p.done(began.error());
    return;
  }
  for (auto& p : batch) {
    if (!p.work) { // a barrier: nothing to write, answered after the commit
      outcomes.emplace_back();
      continue;
    }
    if (auto sp = db.exec("SAVEPOINT job"); !sp) {
      outcomes.emplace_back(sp.error());
      continue;
    }
    auto outcome = p.work(store_);
    if (outcome)
      (void)db.exec("RELEASE job");
    else
      (void)db.exec("ROLLBACK TO job; RELEASE job");
    outcomes.push_back(std::move(outcome));
  }
  auto committed = db.commit();
  if (!committed)
    db.rollback();
  {
    std::lock_guard guard{mutex_};
    if (committed)
      ++commits_;
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!batch[i].done)
      continue;
    if (!committed)
      batch[i].done(sqlite_error{
        fmt::format("commit failed: {}", committed.error().message)});
    else
      batch[i].done(std::move(outcomes[i]));
  }
}

} // namespace livechat::server
