#include "server/presence.hpp"

#include <utility>

namespace livechat::server {

presence::presence(
  runtime& rt, call_gate& gate, std::chrono::milliseconds grace,
  delay_scheduler schedule,
  std::function<std::optional<operator_status>(operator_id)> status_of)
    : rt_(rt),
      gate_(gate),
      grace_(grace),
      schedule_(std::move(schedule)),
      status_of_(std::move(status_of)) {}

void presence::connected(operator_id op) {
  std::lock_guard guard{mutex_};
  auto& e = operators_[op.value];
  ++e.connections;
  ++e.generation;
  if (auto restore = e.before_drop) {
    e.before_drop.reset();
    want(op, e, *restore);
  }
}

void presence::disconnected(operator_id op) {
  std::uint64_t generation = 0;
  {
    std::lock_guard guard{mutex_};
    auto& e = operators_[op.value];
    if (e.connections > 0)
      --e.connections;
    if (e.connections > 0)
      return;
    // What it is about to be, if a change is still on its way; else what
    // it was last seen as.
    auto status = e.wanted ? e.wanted : status_of_(op);
    if (!status)
      return; // never had a status: nothing to keep
    e.before_drop = status;
    if (*status == operator_status::online)
      want(op, e, operator_status::away);
    generation = e.generation;
  }
  schedule_(grace_, [this, op, generation] {
    grace_over(op, generation);
  });
}

void presence::held_across_restart(operator_id op) {
  std::uint64_t generation = 0;
  {
    std::lock_guard guard{mutex_};
    auto& e = operators_[op.value];
    if (e.connections > 0)
      return;
    e.before_drop = operator_status::online;
    generation = e.generation;
  }
  schedule_(grace_, [this, op, generation] {
    grace_over(op, generation);
  });
}

void presence::grace_over(operator_id op, std::uint64_t generation) {
  std::lock_guard guard{mutex_};
  auto& e = operators_[op.value];
  if (e.generation != generation || e.connections > 0 || !e.before_drop)
    return; // back in time
  e.before_drop.reset();
  want(op, e, operator_status::offline);
}

void presence::chosen_by_operator(operator_id op, operator_status status,
                                  completion<void> done) {
  completion<void> replaced;
  {
    std::lock_guard guard{mutex_};
    auto& e = operators_[op.value];
    e.before_drop.reset();
    replaced = std::exchange(e.wanted_done, std::move(done));
    e.wanted = status;
    if (!e.sending)
      send_next(op, e);
  }
  if (replaced)
    replaced(expected<void>{});
}

void presence::want(operator_id op, entry& e, operator_status s) {
  e.wanted = s;
  // Presence's own change replaces an operator's choice not yet sent:
  // that choice is answered, as superseded.
  if (auto replaced = std::exchange(e.wanted_done, {}))
    replaced(expected<void>{});
  if (!e.sending)
    send_next(op, e);
}

void presence::send_next(operator_id op, entry& e) {
  if (!e.wanted) {
    e.sending = false;
    return;
  }
  auto status = *e.wanted;
  e.wanted.reset();
  auto done = std::exchange(e.wanted_done, {});
  e.sending = true;
  auto sent = [this, op, done](expected<void> result) {
    if (done)
      done(result);
    std::lock_guard guard{mutex_};
    send_next(op, operators_[op.value]);
  };
  // From timers and completions too: through the gate. A closed gate
  // (the server stopping) ends the chain.
  if (!gate_.run([&] {
        rt_.set_status(op, status, sent);
      })) {
    e.sending = false;
    if (done)
      done(errc::unavailable);
  }
}

} // namespace livechat::server
