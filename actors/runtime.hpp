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
//                 any thread.
//
// Every call comes in two forms:
//   - blocking: returns the result; the calling thread waits for the actors.
//     For scripts, tests and command-line tools.
//   - asynchronous: the same arguments plus a `completion<T>`, called once
//     with the result; the call itself returns at once. For servers, whose
//     I/O threads must never wait on actors. Where the completion runs:
//       real_time     on one of the runtime's scheduler threads, never inside
//                     the call (even a call refused before reaching an
//                     actor, e.g. an unknown chat, completes there);
//       virtual_time  inside the clock driver: the next `advance_to`,
//                     `run_until_idle`, `settle` or blocking call runs it.
//                     Nothing moves in virtual time until the driver runs.
//     A completion must not block: it may start further asynchronous calls,
//     never a blocking one (in real time that would hold a scheduler thread
//     the answer needs; in virtual time it would re-enter the driver). If the
//     runtime is destroyed first, pending completions run during destruction
//     with `errc::unavailable`.
//
// Administration runs while the runtime runs (Administrators only):
// users, groups, members and live chats are added, renamed, edited and
// removed; each change is one `admin_change` (core/admin_change.hpp) that
// the workspace actor checks and applies to every routing domain in one
// order (actors/admin.hpp). What happens to the sessions of a removed user
// or chat, and which changes are refused, is the core's
// (core/router.hpp, run-time administration). A change that lets a user
// serve chats of two routing domains merges them while they run: queues
// keep their order, held sessions their operators, session ids stay
// unique; domains never split again. Each change is one `admin_event` to
// `subscribe_admin` handlers (the audit trail).
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
//   rt->open_session(employee, chat, {}, [](expected<session_ticket> t) {
//     // on a scheduler thread (real time) or in the driver (virtual time)
//   });
//   rt->advance_to(rt->now() + 10min);
#pragma once

#include "actors/clock_mode.hpp"
#include "actors/event_stream.hpp"
#include "core/admin_change.hpp"
#include "core/contacts.hpp"
#include "core/directory.hpp"
#include "core/error.hpp"
#include "core/events.hpp"
#include "core/live_chat.hpp"
#include "core/router.hpp"
#include "core/transcript.hpp"

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
  /// Session ids start above this one: a server restarting on a database
  /// that holds ids up to it keeps them unique.
  std::uint64_t session_id_floor = 0;
  /// Gives each supervisor its reaction-time sampler; supervisors of chats
  /// with `manual` routing then distribute waiting sessions themselves.
  /// Each call's result is used by one actor only.
  std::function<std::function<duration()>(user_id supervisor)>
    supervisor_reaction;
  /// Where transcripts are kept (core/transcript.hpp); null: in memory,
  /// for live sessions only. Called by the domain actors, one call at a
  /// time per domain: a store shared by domains synchronises itself.
  std::shared_ptr<transcript_store> transcripts;
};

struct workspace_definition {
  directory dir;
  /// An administrator, who defines the chats.
  user_id admin;
  /// The live chats at start; chat ids are positions in this list (chats
  /// defined later get the next ids).
  std::vector<live_chat_definition> chats;
};

/// Receives the result of an asynchronous call, exactly once.
template <class T>
using completion = std::function<void(expected<T>)>;

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
  /// virtual_time: runs every job ready now (pending asynchronous calls and
  /// what they cause), firing no timer. real_time: no effect.
  void settle();
  /// virtual_time: runs until no timer is left. real_time: no effect.
  void run_until_idle();
  /// virtual_time: actor jobs the test coordinator ran so far (0 in real
  /// time). For benchmarks.
  std::uint64_t jobs_run() const noexcept;

  // Each call below: blocking form, then asynchronous form (see the top).

  // -- customers --------------------------------------------------------------
  expected<session_ticket> open_session(user_id customer, chat_id chat,
                                        customer_options options = {});
  void open_session(user_id customer, chat_id chat, customer_options options,
                    completion<session_ticket> done);
  expected<void> post_message(user_id from, session_id s, std::string text);
  void post_message(user_id from, session_id s, std::string text,
                    completion<void> done);
  expected<void> leave(user_id customer, session_id s);
  void leave(user_id customer, session_id s, completion<void> done);
  /// What was said in live session `s` so far: for its customer, the
  /// operator holding it and the supervisors of its chat.
  expected<transcript> read_transcript(user_id reader, session_id s);
  void read_transcript(user_id reader, session_id s,
                       completion<transcript> done);

  // -- external customers (contacts, core/contacts.hpp) ---------------------
  // The customer calls above, for a contact instead of a user id. The
  // runtime numbers contacts (thread-safe) the first time one opens a
  // session; its sessions, events and transcripts name it by its customer
  // id `customer_of(contact)`, never a directory user's. A contact that
  // fails `contact_book::validate` gets `errc::invalid_argument`; one that
  // never opened a session is no session's customer (`not_permitted`).
  /// Only external chats of the contact's channel (else `not_permitted`).
  expected<session_ticket> open_session(const contact& who, chat_id chat,
                                        customer_options options = {});
  void open_session(const contact& who, chat_id chat, customer_options options,
                    completion<session_ticket> done);
  expected<void> post_message(const contact& from, session_id s,
                              std::string text);
  void post_message(const contact& from, session_id s, std::string text,
                    completion<void> done);
  expected<void> leave(const contact& who, session_id s);
  void leave(const contact& who, session_id s, completion<void> done);
  expected<transcript> read_transcript(const contact& who, session_id s);
  void read_transcript(const contact& who, session_id s,
                       completion<transcript> done);
  /// The contact whose customer id `customer` is (an event's `customer`,
  /// say); `errc::unknown_user` for directory users and ids the runtime
  /// never handed out.
  expected<contact> contact_of_customer(user_id customer) const;

  // -- restart ----------------------------------------------------------------

  /// Routes a live session again that a durable store kept across a
  /// restart (see router::restore_session): its id is at most
  /// `session_id_floor`, later calls naming it reach its chat's domain.
  /// Restore in serving order, before serving; a holder must not be Offline
  /// (set it Away first). Blocking.
  expected<void> restore_session(const restored_session& s);
  /// Numbers contact `who` again as customer id `customer`, as before the
  /// restart (see contact_book::restore); restore every contact before any
  /// contact opens a session. `errc::invalid_argument` if `customer` is
  /// not a contact's id, is taken, or `who` is known or invalid.
  expected<void> restore_contact(const contact& who, user_id customer);

  // -- operators --------------------------------------------------------------
  expected<void> set_status(operator_id op, operator_status status);
  void set_status(operator_id op, operator_status status,
                  completion<void> done);
  expected<void> close_session(user_id actor, session_id s);
  void close_session(user_id actor, session_id s, completion<void> done);
  expected<void> transfer(operator_id op, session_id s, group_id expert_group,
                          user_id expert = {});
  void transfer(operator_id op, session_id s, group_id expert_group,
                user_id expert, completion<void> done);
  expected<operator_view> view(operator_id op);
  void view(operator_id op, completion<operator_view> done);

  // -- supervisors ------------------------------------------------------------
  expected<void> assign(user_id supervisor, session_id s, operator_id op);
  void assign(user_id supervisor, session_id s, operator_id op,
              completion<void> done);
  expected<chat_snapshot> snapshot(user_id supervisor, chat_id chat);
  void snapshot(user_id supervisor, chat_id chat,
                completion<chat_snapshot> done);

  // -- administration (Administrators only; see the header) -----------------
  /// Any change; the rest below are its typed shorthands.
  expected<admin_created> administer(user_id actor, admin_change change);
  void administer(user_id actor, admin_change change,
                  completion<admin_created> done);
  expected<user_id> add_user(user_id actor, std::string name);
  void add_user(user_id actor, std::string name, completion<user_id> done);
  expected<void> rename_user(user_id actor, user_id u, std::string name);
  void rename_user(user_id actor, user_id u, std::string name,
                   completion<void> done);
  /// Its sessions as an operator are requeued, those it opened as a
  /// customer of internal chats end (`user_removed`).
  expected<void> remove_user(user_id actor, user_id u);
  void remove_user(user_id actor, user_id u, completion<void> done);
  expected<group_id> create_group(user_id actor, std::string name,
                                  std::vector<user_id> members);
  void create_group(user_id actor, std::string name,
                    std::vector<user_id> members, completion<group_id> done);
  expected<void> rename_group(user_id actor, group_id g, std::string name);
  void rename_group(user_id actor, group_id g, std::string name,
                    completion<void> done);
  /// Refused (`errc::in_use`) while a live chat uses the group.
  expected<void> remove_group(user_id actor, group_id g);
  void remove_group(user_id actor, group_id g, completion<void> done);
  expected<void> add_member(user_id actor, group_id g, user_id member);
  void add_member(user_id actor, group_id g, user_id member,
                  completion<void> done);
  expected<void> remove_member(user_id actor, group_id g, user_id member);
  void remove_member(user_id actor, group_id g, user_id member,
                     completion<void> done);
  expected<std::vector<user_id>> members(group_id g);
  void members(group_id g, completion<std::vector<user_id>> done);
  /// A new live chat; its id is the next workspace chat id.
  expected<chat_id> define_chat(user_id actor, live_chat_definition def);
  void define_chat(user_id actor, live_chat_definition def,
                   completion<chat_id> done);
  /// Refused (`errc::in_use`) when live sessions forbid it (switching
  /// internal/external, dropping an expert group a session needs).
  expected<void> edit_chat(user_id actor, chat_id chat,
                           live_chat_definition def);
  void edit_chat(user_id actor, chat_id chat, live_chat_definition def,
                 completion<void> done);
  /// Its live sessions end first (`chat_removed`).
  expected<void> remove_chat(user_id actor, chat_id chat);
  void remove_chat(user_id actor, chat_id chat, completion<void> done);
  /// Called with each change's audit event, in the workspace actor (a
  /// scheduler thread in real time), one call at a time. Subscribe before
  /// administering.
  void subscribe_admin(std::function<void(const admin_event&)> handler);

  // -- streams per role (actors/event_stream.hpp) ----------------------------
  // Each is checked against the directory, starts with a snapshot and is
  // bounded: a subscriber that falls behind is cut off and resubscribes.
  /// Everything about a chat: `supervisor` must be in its supervisor groups.
  expected<std::shared_ptr<event_stream>>
  watch_chat(user_id supervisor, chat_id chat, stream_options options = {});
  void watch_chat(user_id supervisor, chat_id chat, stream_options options,
                  completion<std::shared_ptr<event_stream>> done);
  /// An operator's own status, sessions and their messages: `op` must
  /// serve a chat (else `not_permitted`).
  expected<std::shared_ptr<event_stream>>
  watch_operator(operator_id op, stream_options options = {});
  void watch_operator(operator_id op, stream_options options,
                      completion<std::shared_ptr<event_stream>> done);
  /// A customer's own session: its steps and messages, until it ends.
  expected<std::shared_ptr<event_stream>>
  watch_session(user_id customer, session_id s, stream_options options = {});
  void watch_session(user_id customer, session_id s, stream_options options,
                     completion<std::shared_ptr<event_stream>> done);
  /// A contact's own session, as above.
  expected<std::shared_ptr<event_stream>>
  watch_session(const contact& who, session_id s, stream_options options = {});
  void watch_session(const contact& who, session_id s, stream_options options,
                     completion<std::shared_ptr<event_stream>> done);

  // -- every event (in-process observers) -------------------------------------
  /// Called for every event, one call at a time. Subscribe before driving.
  /// Unbounded and unfiltered: for tests, tools and in-process statistics;
  /// a server's clients use the streams above.
  void subscribe(std::function<void(const routing_event&)> handler);
  /// Returns once every event emitted before the call reached the handlers.
  /// (Virtual time: at once, calls already deliver everything.)
  void drain_events();
  /// Completes once every event emitted before the call reached the
  /// handlers.
  void drain_events(completion<void> done);
  void subscribe_messages(std::function<void(const chat_message&)> handler);

  struct impl;

private:
  explicit runtime(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

} // namespace livechat
