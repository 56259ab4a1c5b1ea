// The runtime: livechat's actors behind a plain C++ API, for embedding.
//
// Create it from a directory and live chat definitions, pick a clock, and
// drive it with calls made on behalf of customers, operators, supervisors and
// administrators. It spawns one routing domain actor per routing domain, one
// operator actor per user who serves a chat, one supervisor actor per
// supervisor, one group actor per group, the workspace actor, and a customer
// actor per session. No CAF type appears here.
//
//   virtual_time  CAF's test coordinator: nothing happens between calls;
//                 `advance_to(t)` runs every timer due up to t (customers'
//                 patience, supervisors' reactions). Deterministic.
//   real_time     CAF's work-stealing scheduler on `threads` threads against
//                 the wall clock, compressed by `speed`. Calls may come from
//                 any thread; each waits for its answer.
//
// Calls return the core's `expected` with the domain error, or
// `errc::unavailable` if the actor that would answer has stopped (e.g. a
// customer whose session already ended). Events reach subscribers in the
// order each domain emitted them; in real time, events of different domains
// interleave.
//
// Example:
//   livechat::runtime_options opts{.mode = livechat::clock_mode::virtual_time};
//   auto rt = livechat::runtime::create({dir, admin, {internal_def}}, opts)
//               .value();
//   rt->subscribe([](const livechat::routing_event& e) { log(e); });
//   (void) rt->set_status(olga, livechat::operator_status::online);
//   auto ticket = rt->open_session(employee, chat, {.patience = 5min});
//   rt->advance_to(rt->now() + 10min);
#pragma once

#include "actors/clock_mode.hpp"
#include "core/directory.hpp"
#include "core/error.hpp"
#include "core/events.hpp"
#include "core/live_chat.hpp"
#include "core/router.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace livechat {

struct runtime_options {
  clock_mode mode = clock_mode::virtual_time;
  /// real_time only: run-time seconds per wall second.
  double speed = 1.0;
  /// real_time only: scheduler threads (0: one per core).
  std::size_t threads = 0;
  /// Gives each supervisor its reaction-time sampler; supervisors of chats
  /// with `manual` routing then distribute waiting sessions themselves.
  /// Each call's result is used by one actor only.
  std::function<std::function<duration()>(user_id supervisor)>
    supervisor_reaction;
};

struct workspace_definition {
  directory dir;
  /// An administrator, who defines the chats.
  user_id admin;
  /// The live chats; chat ids are positions in this list.
  std::vector<live_chat_definition> chats;
};

struct customer_options {
  /// Leaves if still waiting this long after opening; none: never leaves.
  std::optional<duration> patience;
};

class runtime {
public:
  static expected<std::unique_ptr<runtime>>
  create(workspace_definition def, runtime_options options = {});

  ~runtime();
  runtime(const runtime&) = delete;
  runtime& operator=(const runtime&) = delete;

  clock_mode mode() const noexcept;
  /// Run time now (since the runtime started).
  timestamp now() const;
  std::size_t domain_count() const noexcept;

  /// virtual_time: runs every timer due up to `t`, then sets the clock to t.
  /// real_time: waits until `t`.
  void advance_to(timestamp t);
  /// virtual_time: runs until no timer is left. real_time: no effect.
  void run_until_idle();
  /// virtual_time: actor jobs the test coordinator ran so far (0 in real
  /// time). For benchmarks.
  std::uint64_t jobs_run() const noexcept;

  // -- customers --------------------------------------------------------------
  expected<session_ticket> open_session(user_id customer, chat_id chat,
                                        customer_options options = {});
  expected<void> post_message(user_id from, session_id s, std::string text);
  expected<void> leave(user_id customer, session_id s);

  // -- operators --------------------------------------------------------------
  expected<void> set_status(operator_id op, operator_status status);
  expected<void> close_session(user_id actor, session_id s);
  expected<void> transfer(operator_id op, session_id s, group_id expert_group,
                          user_id expert = {});
  expected<operator_view> view(operator_id op);

  // -- supervisors ------------------------------------------------------------
  expected<void> assign(user_id supervisor, session_id s, operator_id op);
  expected<chat_snapshot> snapshot(user_id supervisor, chat_id chat);

  // -- administration ---------------------------------------------------------
  expected<void> add_member(user_id actor, group_id g, user_id member);
  expected<void> remove_member(user_id actor, group_id g, user_id member);
  expected<std::vector<user_id>> members(group_id g);

  // -- events -----------------------------------------------------------------
  /// Called for every event, one call at a time. Subscribe before driving.
  void subscribe(std::function<void(const routing_event&)> handler);
  /// Returns once every event emitted before the call reached the handlers.
  /// (Virtual time: at once, calls already deliver everything.)
  void drain_events();
  void subscribe_messages(std::function<void(const chat_message&)> handler);

  struct impl;

private:
  explicit runtime(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

} // namespace livechat
