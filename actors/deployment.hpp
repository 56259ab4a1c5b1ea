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
// Administration (actors/admin.hpp) changes the workspace while it runs:
// chats come and go, domains merge, users start serving or supervising.
// After each change the workspace calls the deployment, which spawns an
// operator for each user who starts serving (or tells an operator its new
// domain), replaces the supervisor actor of each user whose supervised
// chats changed, and updates its lookup tables. So every lookup below is
// thread-safe: a mutex guards the tables (held for a lookup, never while
// waiting on an actor).
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
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

namespace livechat::actors {

struct deployment_options {
  clock_mode mode = clock_mode::virtual_time;
  /// real_time only: run-time seconds per wall second.
  double speed = 1.0;
  /// real_time only: scheduler threads (0: one per core).
  std::size_t threads = 0;
  /// Session ids start above this one (a server restarting on a database
  /// that holds ids up to it).
  std::uint64_t session_id_floor = 0;
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
  /// Spawn the workspace and group actors (run-time administration). A
  /// simulation leaves them out: nobody administers during a run.
  /// Operators that `play_operator` spawns cannot move between domains:
  /// with them, administration must not merge domains.
  bool administration = true;
  /// With `administration`: called in the workspace actor with each
  /// change's audit event (chat ids the workspace's).
  std::function<void(const admin_event&)> on_admin_event;
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

  /// Every domain actor spawned at start, by index. Their number never
  /// changes: a domain merged into another forwards to it.
  const std::vector<live_chat_actor>& domains() const noexcept {
    return domains_;
  }
  /// Domain index of each chat (by chat id), now.
  std::vector<std::size_t> domain_of_chats() const;
  /// Null for an unknown or removed chat.
  live_chat_actor domain_of_chat(chat_id c) const;
  /// The definition of a live chat; none for an unknown or removed one.
  std::optional<live_chat_definition> chat(chat_id c) const;
  /// Whether user id `u` was ever handed out (a removed user too).
  bool knows_user(user_id u) const;
  /// The domain that handed out `s`, or that restored it (null for id 0,
  /// before start, or an id at most the floor that no domain restored).
  live_chat_actor domain_of_session(session_id s) const;
  /// From now on, calls for session `s` (restored after a restart: an id
  /// at most `session_id_floor`) go to the domain of chat `c`, which is
  /// returned (null, and nothing noted, for an unknown or removed chat or
  /// an id above the floor).
  live_chat_actor adopt_restored_session(session_id s, chat_id c);
  /// Whether `u` serves or served a chat (has an operator actor or bot).
  bool serves(user_id u) const;
  /// The domain index operator `u` serves in (precondition: serves(u)).
  std::size_t domain_of_operator(user_id u) const;
  /// Who plays operator `u`; null if `u` serves no chat.
  caf::actor operator_of(user_id u) const;
  /// The supervisor actor of `u`; null if none.
  supervisor_actor supervisor_of(user_id u) const;
  /// The workspace actor (null without `administration`).
  workspace_actor workspace() const noexcept {
    return workspace_;
  }

private:
  class config : public caf::actor_system_config {
  public:
    explicit config(const deployment_options& options);
  };

  /// What a supervisor actor was spawned for: its chats and those it
  /// distributes (it is replaced when they change).
  struct supervision {
    std::vector<chat_id> chats;
    std::vector<chat_id> distributes;
    friend bool operator==(const supervision&, const supervision&) = default;
  };

  void spawn_domains(const deployment_hooks& hooks);
  /// Spawns or moves operators and supervisors to match the workspace now.
  /// Called with mutex_ held (or before anything else runs).
  void place_participants(
    const directory& dir, const std::vector<live_chat_definition>& chats,
    const std::vector<bool>& live,
    const std::vector<std::optional<std::size_t>>& domain_of_user);
  void place_operators(
    const std::vector<std::optional<std::size_t>>& domain_of_user);
  void place_supervisors(const directory& dir,
                         const std::vector<live_chat_definition>& chats,
                         const std::vector<bool>& live);
  /// The workspace's call after each change.
  void follow(const workspace_topology& now);

  const directory& dir_;
  user_id admin_id_;
  const std::vector<live_chat_definition>& chats_;
  deployment_options options_;
  config cfg_;
  caf::actor_system sys_;
  clock_driver clock_;
  deployment_hooks hooks_;
  std::vector<live_chat_actor> domains_; ///< set at start, then constant
  workspace_actor workspace_;
  /// Guards everything below once started: administration changes it.
  mutable std::mutex mutex_;
  bool stopped_ = false;
  std::vector<std::size_t> domain_of_chat_;
  std::vector<live_chat_definition> chats_now_; ///< by chat id
  std::vector<bool> chat_live_;                 ///< by chat id
  std::size_t users_ = 0;                       ///< ids handed out
  std::vector<std::size_t> domain_of_user_;     ///< for users who serve
  std::vector<caf::actor> operators_;           ///< by user id; null if none
  std::vector<supervisor_actor> supervisors_;   ///< by user id; null if none
  std::vector<supervision> supervised_;         ///< by user id
  /// Sessions restored after a restart: id -> domain index.
  std::unordered_map<std::uint64_t, std::size_t> restored_domain_;
};

} // namespace livechat::actors
