// Operators' presence: a dropped connection is not Offline at once.
//
// While an operator has a WebSocket open it is connected. When its last one
// closes (or drops), an Online operator becomes Away at once (it keeps its
// sessions and takes no new ones) and a grace period starts. Reconnecting
// within it restores the status it had; when it ends with no connection,
// the operator goes Offline and each held session follows its chat's
// offline policy (requeue, keep or close). An operator that was already
// Away or Offline keeps its status.
//
// Status changes presence makes for one operator are sent one at a time
// (the next when the runtime has answered the previous), so they apply in
// the order presence decided them. Time comes from a scheduler the server
// passes in (Asio timers in `livechat serve`, a hand-driven one in tests).
#pragma once

#include "actors/runtime.hpp"
#include "server/call_gate.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

namespace livechat::server {

/// Runs a function after a delay, once (on any thread).
using delay_scheduler
  = std::function<void(std::chrono::milliseconds, std::function<void()>)>;

class presence {
public:
  /// `status_of` tells an operator's last known status (nullopt: none yet).
  presence(
    runtime& rt, call_gate& gate, std::chrono::milliseconds grace,
    delay_scheduler schedule,
    std::function<std::optional<operator_status>(operator_id)> status_of);

  /// A WebSocket of `op` opened.
  void connected(operator_id op);
  /// A WebSocket of `op` closed or dropped.
  void disconnected(operator_id op);
  /// `op` held sessions when the server stopped and the restarted server
  /// set it Away to give them back: as after a drop of an Online operator,
  /// reconnecting within the grace period makes it Online again, and when
  /// the period ends without a connection it goes Offline.
  void held_across_restart(operator_id op);
  /// The operator, over its WebSocket, sets its own status: sent in turn
  /// with presence's own changes, after them, and it cancels a status
  /// restore still pending (the operator's choice wins). `done` gets the
  /// runtime's answer; a choice replaced by a later one before it was sent
  /// is answered ok.
  void chosen_by_operator(operator_id op, operator_status status,
                          completion<void> done);

private:
  struct entry {
    int connections = 0;
    /// Bumped by every connect: a grace timer of an older generation
    /// finds the operator back and does nothing.
    std::uint64_t generation = 0;
    /// The status to restore on reconnection, while a drop is pending.
    std::optional<operator_status> before_drop;
    /// The next status to send, who waits for its answer (an operator's
    /// own choice), and whether one is on its way.
    std::optional<operator_status> wanted;
    completion<void> wanted_done;
    bool sending = false;
  };
  void grace_over(operator_id op, std::uint64_t generation);
  /// Both with `mutex_` held.
  void want(operator_id op, entry& e, operator_status s);
  void send_next(operator_id op, entry& e);

  runtime& rt_;
  call_gate& gate_;
  std::chrono::milliseconds grace_;
  delay_scheduler schedule_;
  std::function<std::optional<operator_status>(operator_id)> status_of_;
  std::mutex mutex_;
  std::map<std::uint32_t, entry> operators_;
};

} // namespace livechat::server
