// The deployment: livechat's actors for one workspace, wired once.
//
// From a workspace (directory, administrator, live chats) it partitions the
// routing domains (core/domain_partition.hpp) and spawns, in this order:
// one `live_chat_actor` per domain, one operator per user who serves a chat
// (ascending user id), one supervisor per supervisor (ascending user id),
// and the workspace and group actors. It owns the actor system and the
// clock driver (actors/clock_driver.hpp) for the chosen clock.
//
// Everything around it plugs in through `deployment_hooks`:
//   - an in-process observer of every event and message, called in the
//     domain actors (the simulator's statistics);
//   - who plays each operator: the production `operator_actor` by default,
//     a simulation bot, later a network connection's actor;
//   - the supervisors' reaction times (who distributes `manual` chats).
// Customers are not part of it: whoever opens a session spawns a
// `customer_actor` (spawn_customer) or talks to the domain directly.
//
// Built on it: the runtime facade (actors/runtime.hpp) adds callers and an
// event sink, the simulator (sim/engine.hpp) adds bots, shifts and the
// observer; the server adds connections.
//
// Example:
//   deployment dep{dir, admin, chats, {.mode = clock_mode::virtual_time}};
//   if (auto ok = dep.start({.on_event = record}); !ok) ...
//   caf::anon_send(dep.domain_of_chat(chat_id{0}), ...);
//   dep.clock().run_until_idle();
#pragma once

#include "actors/admin.hpp"
#include "actors/clock_driver.hpp"
#include "actors/clock_mode.hpp"
#include "actors/interfaces.hpp"
#include "core/directory.hpp"
#include "core/error.hpp"
#include "core/events.hpp"
#include "core/live_chat.hpp"
#include "core/transcript.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

namespace livechat::actors {

struct deployment_options {
  clock_mode mode = clock_mode::virtual_time;
  /// real_time only: run-time seconds per wall second.
  double speed = 1.0;
  /// real_time only: scheduler threads (0: one per core).
  std::size_t threads = 0;
};

struct deployment_hooks {
  /// Called in the domain actors, synchronously, with every event (see
  /// domain_config::observer): it must not block, and synchronise itself in
  /// real time (domains run on several threads).
  std::function<void(const routing_event&)> on_event;
  std::function<void(const chat_message&)> on_message;
  /// Plays operator `op` in `domain`; unset: the production operator_actor.
  std::function<caf::actor(caf::actor_system&, user_id op,
                           const live_chat_actor& domain)>
    play_operator;
  /// Gives each supervisor who distributes `manual` chats its reaction
  /// time sampler (each result is used by one actor only).
  std::function<std::function<duration()>(user_id supervisor)>
    supervisor_reaction;
  /// Also spawn supervisors who only watch (no `manual` chat to
  /// distribute). A simulation leaves them out: nobody reads what they see.
  bool watching_supervisors = true;
  /// Spawn the workspace and group actors (membership changes). A
  /// simulation leaves them out: nobody administers during a run.
  bool administration = true;
  /// Where every domain keeps transcripts (core/transcript.hpp); null:
  /// nothing said is kept (a simulation: nobody reads them).
  std::shared_ptr<transcript_store> transcripts;
};

class deployment {
public:
  /// `dir` and `chats` must outlive the deployment. Spawns nothing yet.
  deployment(const directory& dir, user_id admin,
             const std::vector<live_chat_definition>& chats,
             deployment_options options = {});
  /// Stops every actor it spawned; in virtual time it then fires what is
  /// left pending, so that no timer keeps an actor alive.
  ~deployment();
  deployment(const deployment&) = delete;
  deployment& operator=(const deployment&) = delete;

  /// Checks that `admin` is an administrator and every chat validates as
  /// the router would, then spawns the actors. Call once.
  expected<void> start(deployment_hooks hooks = {});
  /// Sends every actor it spawned an exit (idempotent).
  void stop();

  caf::actor_system& system() noexcept {
    return sys_;
  }
  clock_driver& clock() noexcept {
    return clock_;
  }
  const time_mapping& time() const noexcept {
    return clock_.mapping();
  }
  clock_mode mode() const noexcept {
    return options_.mode;
  }

  const std::vector<live_chat_actor>& domains() const noexcept {
    return domains_;
  }
  /// Domain index of each chat (by chat id).
  const std::vector<std::size_t>& domain_of_chats() const noexcept {
    return domain_of_chat_;
  }
  /// Null for an unknown chat.
  live_chat_actor domain_of_chat(chat_id c) const;
  /// The domain that handed out `s` (null for id 0 or before start).
  live_chat_actor domain_of_session(session_id s) const;
  /// Whether `u` serves a chat (has an operator actor or bot).
  bool serves(user_id u) const noexcept;
  /// The domain index operator `u` serves in (precondition: serves(u)).
  std::size_t domain_of_operator(user_id u) const;
  /// Who plays operator `u`; null if `u` serves no chat.
  caf::actor operator_of(user_id u) const;
  /// The supervisor actor of `u`; null if none.
  supervisor_actor supervisor_of(user_id u) const;
  /// Workspace and group actors (empty without `administration`).
  const admin_actors& administration() const noexcept {
    return admin_;
  }

private:
  class config : public caf::actor_system_config {
  public:
    explicit config(const deployment_options& options);
  };

  void spawn_domains(const deployment_hooks& hooks);
  void spawn_operators(const deployment_hooks& hooks);
  void spawn_supervisors(const deployment_hooks& hooks);

  const directory& dir_;
  user_id admin_id_;
  const std::vector<live_chat_definition>& chats_;
  deployment_options options_;
  config cfg_;
  caf::actor_system sys_;
  clock_driver clock_;
  std::vector<live_chat_actor> domains_;
  std::vector<std::size_t> domain_of_chat_;
  std::vector<std::size_t> domain_of_user_;   ///< for users who serve
  std::vector<caf::actor> operators_;         ///< by user id; null if none
  std::vector<supervisor_actor> supervisors_; ///< by user id; null if none
  admin_actors admin_;
};

} // namespace livechat::actors
