#include "server/admin_sequencer.hpp"

#include "server/json_codec.hpp"

#include <chrono>
#include <memory>

namespace livechat::server {

std::int64_t wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
    .count();
}

admin_sequencer::admin_sequencer(runtime& rt, catalog& cat,
                                 store_writer& writer, call_gate& gate,
                                 std::int64_t next_seq)
    : rt_(rt),
      catalog_(cat),
      writer_(writer),
      gate_(gate),
      next_seq_(next_seq) {}

void admin_sequencer::submit(user_id actor, admin_change change,
                             std::function<void(admin_outcome)> done) {
  {
    std::lock_guard guard{mutex_};
    if (!closed_) {
      queue_.push_back({actor, std::move(change), std::move(done)});
      if (busy_)
        return;
      busy_ = true;
      done = nullptr;
    }
  }
  if (done) { // closed
    done(errc::unavailable);
    return;
  }
  start_next();
}

void admin_sequencer::close() {
  std::deque<pending> refused;
  {
    std::lock_guard guard{mutex_};
    closed_ = true;
    refused.swap(queue_);
  }
  for (auto& p : refused)
    if (p.done)
      p.done(errc::unavailable);
}

void admin_sequencer::start_next() {
  std::shared_ptr<pending> p;
  std::deque<pending> refused;
  {
    std::lock_guard guard{mutex_};
    if (closed_)
      refused.swap(queue_);
    if (queue_.empty()) {
      busy_ = false;
    } else {
      p = std::make_shared<pending>(std::move(queue_.front()));
      queue_.pop_front();
    }
  }
  for (auto& r : refused) // closed: answered outside the lock
    if (r.done)
      r.done(errc::unavailable);
  if (!p)
    return;
  auto change = p->change;
  auto administered = [this, p](expected<admin_created> created) {
    if (!created) {
      finish(std::move(*p), created.error());
      return;
    }
    // Same core, same order: the read model agrees.
    (void)catalog_.apply(p->actor, p->change);
    logged_change entry;
    {
      std::lock_guard guard{mutex_};
      entry.seq = next_seq_++;
    }
    entry.at_ms = wall_ms();
    entry.actor = p->actor;
    entry.change = admin_change_json(p->change);
    entry.created = admin_created_json(created.value());
    auto value = created.value();
    writer_.submit(
      [entry](store& s) {
        return s.append_change(entry);
      },
      [this, p, value](db_expected<void> written) {
        if (!written)
          finish(std::move(*p), written.error());
        else
          finish(std::move(*p), value);
      });
  };
  // Also called from the writer's thread: through the gate, which
  // `server::stop` closes before the runtime goes.
  if (!gate_.run([&] {
        rt_.administer(p->actor, std::move(change), administered);
      }))
    finish(std::move(*p), errc::unavailable);
}

void admin_sequencer::finish(pending p, admin_outcome outcome) {
  if (p.done)
    p.done(std::move(outcome));
  start_next();
}

} // namespace livechat::server
