#include "server/presence.hpp"

namespace livechat::server {

presence::presence(runtime& rt, std::chrono::milliseconds grace,
                   delay_scheduler schedule)
    : rt_(rt), grace_(grace), schedule_(std::move(schedule)) {}

void presence::connected(operator_id op) {
  std::optional<operator_status> restore;
  {
    std::lock_guard guard{mutex_};
    auto& e = operators_[op.value];
    ++e.connections;
    ++e.generation;
    restore = e.before_drop;
    e.before_drop.reset();
  }
  if (restore)
    rt_.set_status(op, *restore, [](expected<void>) {});
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
    generation = e.generation;
  }
  // What was it? Only an Online operator steps down to Away.
  rt_.view(op, [this, op, generation](expected<operator_view> v) {
    if (!v)
      return; // not an operator (a customer's or supervisor's socket)
    auto status = v.value().status;
    {
      std::lock_guard guard{mutex_};
      auto& e = operators_[op.value];
      if (e.generation != generation || e.connections > 0)
        return; // back already
      e.before_drop = status;
    }
    auto start_grace = [this, op, generation](expected<void>) {
      schedule_(grace_, [this, op, generation] {
        grace_over(op, generation);
      });
    };
    if (status == operator_status::online)
      rt_.set_status(op, operator_status::away, start_grace);
    else
      start_grace({});
  });
}

void presence::grace_over(operator_id op, std::uint64_t generation) {
  {
    std::lock_guard guard{mutex_};
    auto& e = operators_[op.value];
    if (e.generation != generation || e.connections > 0 || !e.before_drop)
      return;
    e.before_drop.reset();
  }
  rt_.set_status(op, operator_status::offline, [](expected<void>) {});
}

} // namespace livechat::server
