// Administration through the server: one change at a time, logged in the
// order the runtime applied it, acknowledged after the log entry commits.
//
// The runtime's workspace actor already applies changes one at a time, but
// completions of concurrent calls may run in any order; the log must hold
// the runtime's order, because replaying it at the next start must hand out
// the same ids. So the sequencer sends the next change only when the
// previous one is settled: runtime -> catalog -> store -> client.
//
// Example:
//   seq.submit(admin, add_user_change{"anna"}, [](admin_outcome o) {...});
#pragma once

#include "actors/runtime.hpp"
#include "server/call_gate.hpp"
#include "server/catalog.hpp"
#include "server/store/writer.hpp"

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <variant>

namespace livechat::server {

/// What a change came to: the id it created (or monostate), the core's
/// refusal, or a store failure (the change ran but is not durable; the
/// server reports 500 and should be restarted).
using admin_outcome = std::variant<admin_created, errc, sqlite_error>;

class admin_sequencer {
public:
  admin_sequencer(runtime& rt, catalog& cat, store_writer& writer,
                  call_gate& gate, std::int64_t next_seq);

  /// Queues a change by `actor`; `done` runs once, on a runtime or store
  /// thread, after the change is durable (or refused).
  void submit(user_id actor, admin_change change,
              std::function<void(admin_outcome)> done);

  /// Refuses queued and later changes with `errc::unavailable`, and never
  /// calls the runtime again: call before the runtime is destroyed.
  void close();

private:
  struct pending {
    user_id actor;
    admin_change change;
    std::function<void(admin_outcome)> done;
  };
  void start_next();
  void finish(pending p, admin_outcome outcome);

  runtime& rt_;
  catalog& catalog_;
  store_writer& writer_;
  call_gate& gate_;
  std::mutex mutex_;
  std::deque<pending> queue_;
  bool busy_ = false;
  bool closed_ = false;
  std::int64_t next_seq_;
};

/// Wall-clock milliseconds since the Unix epoch (the store's times).
std::int64_t wall_ms();

} // namespace livechat::server
