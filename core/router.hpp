// The router: live chats, their queues, operators' load, and every routing
// decision. The single writer of assignment state for one routing domain.
//
// It owns the directory and the live chat definitions (changed only by
// Administrators), the live sessions, one queue per chat for its operator
// groups plus one per expert group, and each operator's status and load.
// Whenever a session arrives, an operator frees capacity or comes Online,
// waiting sessions and eligible operators are paired until no pair is left
// (except under `manual`, where supervisors assign). Eligible = Online, load
// below the chat's capacity, member of the queue's groups.
//
// Invariant kept after every call: no non-manual queue holds a waiting session
// while an operator eligible for that queue is free. So a session arriving at a
// queue needs one policy decision (O(log n)), and an operator freeing capacity
// only looks at the heads of its own queues. Serving order, within a queue and
// across the queues one operator serves: requeued sessions first (an operator
// went Offline), then transfers (unless the chat turns that off), then by how
// long they have waited. A freed operator thus takes the session that waited
// longest among its chats, after requeued and transferred ones.
//
// Personal transfers wait for their expert only while the expert is Online or
// Away and still in the group; otherwise they wait for the whole group. A
// personal transfer is itself a distribution decision: it goes to its expert
// as soon as the expert has room, even in a `manual` chat. Queue limits apply
// to sessions entering a queue (arrivals, transfers); sessions requeued or
// handed back to a group are never turned away, so a queue may exceed its
// limit for a while.
// Administrative changes rebuild the pools of the queues whose groups
// changed; those queues' policies restart (round-robin position, random
// stream). Run-time administration (rename and remove users and groups;
// edit and remove chats) and merging two routers when a change connects
// their routing domains (`absorb`) are declared in their own block below.
//
// Each waiting session's place can be asked for: `standing` (one session) and
// `standings` (a chat's, in one pass) give its position in serving order and
// an expected wait from its queue's Online operators, capacity and recent
// handle times (core/queueing/wait_estimate.hpp). Asking changes nothing.
//
// Calls never read a clock: `now` is passed in and must not go backwards.
// Every state change appends `routing_event`s, drained with `take_events()`.
//
// Example:
//   livechat::router r{livechat::directory{"admin"}};
//   auto admin = r.dir().find_user("admin").value();
//   auto op = r.add_user("olga").value();
//   auto ops = r.create_group(t0, admin, "general", {{op}}).value();
//   livechat::live_chat_definition def{.name = "external",
//                                      .operator_groups = {ops},
//                                      .channel = "whatsapp"};
//   auto chat = r.define_live_chat(t0, admin, def).value();
//   (void) r.set_status(t0, op, livechat::operator_status::online);
//   auto customer = livechat::customer_of(livechat::contact_id{0});
//   auto ticket = r.open_session(t0 + 5s, customer, chat);
//   // ticket->state == session_state::assigned; events: queued, assigned
#pragma once

#include "core/directory.hpp"
#include "core/error.hpp"
#include "core/events.hpp"
#include "core/ids.hpp"
#include "core/live_chat.hpp"
#include "core/queueing/wait_estimate.hpp"
#include "core/routing/policy.hpp"
#include "core/session.hpp"
#include "core/session_rules.hpp"
#include "core/time.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace livechat {

/// What `open_session` tells the customer right away.
struct session_ticket {
  session_id id;
  /// waiting, assigned (an operator was free) or rejected.
  session_state state;
};

/// One waiting session as a supervisor sees it.
struct waiting_entry {
  session_id id;
  user_id customer;
  timestamp arrived;
  timestamp queued_at;
  /// Invalid for the chat's operator queue, else the expert group.
  group_id expert_group;
  /// Set when the session was transferred to one specific expert.
  user_id target_user;
};

/// One operator as a supervisor sees it.
struct operator_entry {
  operator_id id;
  operator_status status;
  int load;
  std::vector<session_id> sessions; ///< in assignment order
};

/// Where one waiting session stands in its queue, and how long it may still
/// wait (the model and its assumptions: core/queueing/wait_estimate.hpp).
struct queue_standing {
  session_id session;
  chat_id chat;
  /// The expert group whose queue it waits in; invalid for the chat's
  /// operator queue.
  group_id expert_group;
  /// A personal transfer: the expert it waits for. Invalid otherwise.
  user_id target_user;
  /// Sessions ahead of it in its queue's serving order: 0 = next to be
  /// served there. A personal transfer counts among its expert's personal
  /// transfers only. Sessions of other queues that the same operators take
  /// first (older ones, or transfers where the chat puts them first) are not
  /// counted.
  std::size_t position = 0;
  /// Sessions in the queue it waits in (itself included); for a personal
  /// transfer, its expert's personal transfers of every chat.
  std::size_t waiting = 0;
  /// Service slots: operators Online in the queue's pool times the chat's
  /// capacity. A personal transfer: the capacity if its expert is Online, 0
  /// while the expert is Away (it takes nothing until it is back).
  std::size_t slots = 0;
  /// Recent mean handle time of the queue it waits in; empty until a session
  /// served from that queue has ended its handling there.
  std::optional<duration> mean_handle;
  /// (position + 1) * mean_handle / slots, from now; empty when slots or
  /// mean_handle are.
  std::optional<duration> expected_wait;

  friend bool operator==(const queue_standing&, const queue_standing&)
    = default;
};

/// A supervisor's view of a live chat.
struct chat_snapshot {
  chat_id chat;
  /// Queue order: the chat's operator queue, then each expert queue in the
  /// chat's order; within a queue, the order sessions will be served.
  std::vector<waiting_entry> waiting;
  /// Everyone in the chat's operator and expert groups, in list order.
  std::vector<operator_entry> operators;
};

/// A live session as a durable store kept it, to be routed again after a
/// restart (see `router::restore_session`).
struct restored_session {
  session_id id;
  chat_id chat;
  user_id customer;
  /// The operator holding it; invalid while it waits.
  operator_id holder;
  /// The expert group whose queue it waits in or was answered from;
  /// invalid: the chat's operator queue.
  group_id expert_group;
  /// Waiting only, its serving rank: it was requeued because its operator
  /// went Offline (to the front), or it came from a switch to experts
  /// (first if the chat puts transfers first), else it is an arrival.
  enum class rank {
    arrival,
    requeued,
    transferred
  } waiting_rank
    = rank::arrival;
};

class router {
public:
  explicit router(directory dir);

  /// Session ids this router hands out: first, first + stride, ... Routers
  /// of separate routing domains use distinct firsts and one stride, so ids
  /// are unique across them. Call before the first session opens.
  void set_session_ids(std::uint64_t first, std::uint64_t stride);

  // -- administration (Administrators only, except add_user) ----------------
  // Each success also appends an `admin_event` (take_admin_events); that of
  // add_user carries the latest time the router saw and no actor.

  expected<user_id> add_user(std::string name);
  expected<group_id> create_group(timestamp now, user_id actor,
                                  std::string name,
                                  std::span<const user_id> members);
  expected<void> add_member(timestamp now, user_id actor, group_id g,
                            user_id member);
  expected<void> remove_member(timestamp now, user_id actor, group_id g,
                               user_id member);
  expected<chat_id> define_live_chat(timestamp now, user_id actor,
                                     live_chat_definition def);

  // -- customers --------------------------------------------------------------

  /// Opens a session. Internal chats: only members of the customer groups
  /// (else `not_permitted`). External chats: only contacts' customer ids,
  /// `customer_of(contact)` (core/contacts.hpp); a directory user's id gets
  /// `not_permitted`, so a contact can never pass for an employee. Which
  /// contact it is is the caller's business (the router keeps no contact
  /// book). A full queue (or, if the chat asks for it, nobody Online)
  /// rejects the session: that is a ticket in state `rejected`, not an
  /// error.
  expected<session_ticket> open_session(timestamp now, user_id customer,
                                        chat_id chat);

  /// The customer leaves: a waiting session is abandoned, an active one
  /// closed. Only the session's customer may.
  expected<void> leave(timestamp now, user_id customer, session_id s);

  // -- operators --------------------------------------------------------------

  /// Sets an operator's status. Going Offline applies each held session's
  /// chat policy (requeue, keep, close).
  expected<void> set_status(timestamp now, operator_id op,
                            operator_status status);

  /// Closes an active session: its operator, its customer or a supervisor of
  /// its chat may.
  expected<void> close_session(timestamp now, user_id actor, session_id s);

  /// The holding operator switches its session to `expert_group` (one of the
  /// chat's expert groups) or, if `expert` is valid, to that member of it
  /// (who must be in the group; if it is Offline, the whole group serves).
  expected<void> transfer(timestamp now, operator_id op, session_id s,
                          group_id expert_group, user_id expert = {});

  // -- supervisors ------------------------------------------------------------

  /// Assigns a waiting session, or reassigns an active one, to `op`, who must
  /// be Online, below capacity and in the session's queue groups. Only
  /// members of the chat's supervisor groups may.
  expected<void> supervisor_assign(timestamp now, user_id supervisor,
                                   session_id s, operator_id op);

  /// Queue and operators of a chat. Only members of its supervisor groups.
  /// Operators' session lists and loads span every chat they serve.
  expected<chat_snapshot> snapshot(user_id supervisor, chat_id chat) const;

  // -- queries ----------------------------------------------------------------

  const directory& dir() const noexcept {
    return dir_;
  }
  std::size_t chat_count() const noexcept;
  const live_chat_definition& definition(chat_id c) const;
  expected<chat_id> find_chat(std::string_view name) const;

  /// A live (not yet ended) session, or nullptr.
  const session* find_session(session_id s) const;
  /// The operator holding a live session (invalid while it waits).
  operator_id holder(session_id s) const;
  /// Whether `from` may write into live session `s`, and who reads it (see
  /// `route_message` in core/session_rules.hpp); `errc::unknown_session` if
  /// `s` is not live.
  expected<message_route> route_message(user_id from, session_id s) const;
  operator_status status_of(operator_id op) const;
  int load_of(operator_id op) const;
  /// An operator's status and held sessions (in assignment order).
  operator_view view_of(operator_id op) const;
  /// Waiting sessions in a chat's queues (operator queue and expert queues).
  std::size_t waiting_count(chat_id c) const;
  /// Sessions not yet closed, abandoned or rejected.
  std::size_t live_session_count() const noexcept;

  // -- queue standings (core/router_standing.cpp) ----------------------------
  // Recent handle times are kept per queue: a session served from a queue
  // ends its handling there when it is closed (by anyone, also when its
  // customer leaves or its operator goes Offline under the `close` policy)
  // or transferred to an expert; the span runs from its assignment out of the
  // queue, across supervisor reassignments. A requeue (its operator went
  // Offline) discards the span: the session is served again later.

  /// Where waiting session `s` stands. errc::unknown_session if `s` is not
  /// live, errc::not_waiting if it is live but not waiting. O(position):
  /// serving order is a std::set, walked from its head.
  expected<queue_standing> standing(session_id s) const;

  /// Every waiting session of chat `c` (which must exist), in serving order
  /// within each queue: the operator queue, then for each expert group in
  /// the chat's order its queue and then its personal transfers, expert by
  /// expert in the group's list order. One pass over each waiting set; the
  /// personal transfers cost a pass over the expert group while some wait.
  std::vector<queue_standing> standings(chat_id c) const;
  /// The same into `out` (cleared first), reusing its storage.
  void standings(chat_id c, std::vector<queue_standing>& out) const;

  // -- restart (core/router_restore.cpp) -------------------------------------

  /// Routes a live session again that a durable store kept across a
  /// restart, under its own id. Call in serving order: within a queue and
  /// rank, sessions are served in the order they were restored, before any
  /// session restored or opened later. A waiting session joins its queue
  /// (the chat's operator queue, or the expert group's) and is paired as
  /// usual; a personal transfer waits for its whole group. A held session
  /// goes back to its holder, who must not be Offline (set it Away first),
  /// even above its capacity. Each emits its event (`queued` or `assigned`,
  /// reason `restored`); its arrival and handling start are `now`.
  /// Errors: unknown_chat, unknown_user (customer or holder),
  /// not_an_expert_group, invalid_argument (the id is taken or is not below
  /// the ids this router hands out), not_eligible (the holder is Offline).
  expected<void> restore_session(timestamp now, const restored_session& r);

  /// Moves out the events emitted since the last call, in emission order.
  std::vector<routing_event> take_events();
  /// The same into `out` (cleared first), whose storage the router keeps
  /// for the next events: no allocation per call for a caller that drains
  /// after every call with the same vector.
  void take_events(std::vector<routing_event>& out);

private:
  /// Serving order: (rank, since, sequence), compared within a queue and
  /// across the queues one operator serves. Rank 0: requeued (back to the
  /// front), 1: transferred (if the chat puts transfers first), 2: the rest.
  /// `since` is when the session started waiting (its arrival, for requeued
  /// ones); the sequence number breaks ties in emission order.
  using queue_key = std::tuple<int, timestamp, std::uint64_t>;
  static constexpr int rank_requeued = 0;
  static constexpr int rank_transferred = 1;
  static constexpr int rank_new = 2;
  using waiting_set = std::set<std::pair<queue_key, session_id>>;

  static constexpr std::uint32_t no_queue = UINT32_MAX;

  /// A chat's operator queue, or one of its expert queues.
  struct queue {
    chat_id chat;
    group_id expert_group; ///< invalid for the chat's operator queue
    int capacity = 1;
    std::vector<operator_id> pool; ///< list order, no duplicates
    std::unique_ptr<routing_policy> policy;
    waiting_set waiting;
    std::size_t online = 0;     ///< pool members currently Online
    std::uint64_t rebuilds = 0; ///< feeds a fresh random stream per rebuild
    /// Handle times of sessions served from this queue.
    queueing::recent_handle_time handle;
    std::size_t personal = 0; ///< its personal transfers waiting (direct)
    /// Its chat was removed or dropped its expert group: an empty pool.
    bool retired = false;
  };

  struct membership {
    std::uint32_t queue;
    pool_position pos;
  };

  struct operator_state {
    operator_status status = operator_status::offline;
    int load = 0;
    timestamp last_activity{};
    std::vector<membership> memberships; ///< queues whose pool holds it
    std::vector<session_id> active;      ///< held sessions, assignment order
    /// Sessions transferred to this user personally, waiting for it.
    waiting_set direct;
  };

  struct live_session {
    explicit live_session(session s) : state(std::move(s)) {}
    session state;
    std::uint32_t queue = no_queue; ///< the queue it waits in or came from
    operator_id assignee;           ///< while assigned
    user_id target_user;            ///< personal transfer target, if any
    queue_key key{};                ///< while waiting
    timestamp served_since{};       ///< assigned out of `queue` at
    bool queued = false;            ///< sits in a waiting set now
    std::uint32_t transfers = 0;
  };

  struct chat_state {
    live_chat_definition def;
    std::uint32_t main_queue = no_queue;
    std::vector<std::uint32_t> expert_queues; ///< aligned with expert_groups
    std::size_t waiting = 0; ///< sessions in its queues and direct sets
    bool removed = false;    ///< a tombstone (remove_live_chat)
  };

  // Pools and eligibility.
  void rebuild_queues(timestamp now, const std::vector<std::uint32_t>& qs);
  std::vector<operator_id> pool_members(std::uint32_t q) const;
  std::vector<std::uint32_t> queues_using(group_id g) const;
  void refresh(operator_id op);
  operator_state& ensure_operator(operator_id op);
  int capacity_of(const operator_state& o) const;
  bool eligible_for(const operator_state& o, const queue& q) const;
  void observe_time(timestamp now);

  // Pairing.
  void dispatch_queues(timestamp now, std::vector<std::uint32_t> qs);
  void dispatch_operator(timestamp now, operator_id op);

  // Waiting sets.
  void insert_waiting(live_session& ls, queue_key key);
  void remove_waiting(live_session& ls);
  /// A personal transfer whose expert is gone waits for the whole group.
  void return_to_group_queue(live_session& ls);

  // Session steps; each emits its event.
  void enqueue(timestamp now, live_session& ls, user_id actor,
               transition_reason why, int rank);
  void assign(timestamp now, live_session& ls, operator_id op, user_id actor,
              transition_reason why);
  void release(timestamp now, operator_id op, session_id s);
  void finish(timestamp now, live_session& ls, session_state to, user_id actor,
              transition_reason why);
  void emit(session_event_kind kind, timestamp now, const live_session& ls,
            user_id actor, transition_reason why, operator_id op,
            operator_id previous_op = {}, group_id via = {});

  // Standings.
  const waiting_set& waiting_set_of(const live_session& ls) const;
  queue_standing standing_at(const live_session& ls, std::size_t position,
                             std::size_t waiting) const;
  void append_queue_standings(std::uint32_t qi,
                              std::vector<queue_standing>& out) const;
  void append_personal_standings(std::uint32_t qi,
                                 std::vector<queue_standing>& out) const;

  bool is_supervisor(user_id u, chat_id c) const;
  group_id via_group(const live_session& ls, operator_id op) const;

  directory dir_;
  std::vector<chat_state> chats_;
  std::vector<queue> queues_;
  std::vector<operator_state> operators_; ///< indexed by user id
  std::unordered_map<session_id, live_session> sessions_; ///< lookup only
  std::uint64_t next_session_ = 1;
  std::uint64_t session_stride_ = 1;
  std::uint64_t next_seq_ = 0;
  timestamp last_now_{};
  std::vector<routing_event> events_;

  // == run-time administration (core/router_admin.cpp) and merging ==========
  // == (core/router_merge.cpp) ===============================================
  //
  // Administrators only (`errc::not_permitted` otherwise), like the other
  // administrative calls; each success appends one `admin_event` (after the
  // routing events it causes). Nothing is checked half-way: a refused call
  // changes nothing. Removed users, groups and chats keep their ids as
  // tombstones (see core/directory.hpp; `definition(c)` still answers for a
  // removed chat, `has_chat(c)` does not), and their names are free again.
public:
  /// Adds a user on behalf of `actor`, an administrator (the run-time form
  /// of `add_user`, whose admin event then names the administrator).
  expected<user_id> add_user(timestamp now, user_id actor, std::string name);

  /// Renames a user (see `directory::rename_user`).
  expected<void> rename_user(timestamp now, user_id actor, user_id u,
                             std::string name);

  /// Removes a user. Its operator side first goes Offline (status event;
  /// its personal transfers go to their groups; held sessions follow each
  /// chat's offline policy, except that `keep` requeues too: a removed
  /// operator never comes back). Then the sessions it opened as a customer
  /// of internal chats end, reason `user_removed`: waiting ones abandoned,
  /// assigned ones closed (external chats' customers are channel contacts,
  /// not directory users). Then it leaves every group, the pools are rebuilt
  /// and it becomes a tombstone. The last administrator cannot be removed.
  expected<void> remove_user(timestamp now, user_id actor, user_id u);

  /// Renames a group; not `Administrators`. Chats name groups by id: no
  /// routing changes.
  expected<void> rename_group(timestamp now, user_id actor, group_id g,
                              std::string name);

  /// Removes a group; not `Administrators`. Refused with `errc::in_use`
  /// while a live chat uses it in any role (operators, supervisors, experts,
  /// customers): edit or remove those chats first. So no pool changes.
  expected<void> remove_group(timestamp now, user_id actor, group_id g);

  /// Replaces a live chat's definition, validated like `define_live_chat`
  /// (name unique among live chats). Its queues are rebuilt (pools from the
  /// new groups; policies restart) and waiting sessions paired as far as
  /// the new definition allows. Capacity, queue limit, routing, offline
  /// policy, `transfers_first`, `reject_when_nobody_online` and customer
  /// groups apply from now: held sessions stay with their operators even
  /// above a lowered capacity or outside the new groups, queues above a
  /// lowered limit keep their sessions. Refused with `errc::in_use`:
  /// switching between internal and external while the chat has live
  /// sessions (their customers are of the other kind), and dropping an
  /// expert group while a live session waits in or was answered from its
  /// queue.
  expected<void> edit_live_chat(timestamp now, user_id actor, chat_id chat,
                                live_chat_definition def);

  /// Removes a live chat, ending its live sessions first, oldest id first,
  /// reason `chat_removed`, actor the administrator: waiting ones rejected,
  /// assigned ones closed (their operators then take other chats' sessions).
  /// The chat becomes a tombstone: `open_session` and `snapshot` answer
  /// `errc::unknown_chat`, its queues leave every pool.
  expected<void> remove_live_chat(timestamp now, user_id actor, chat_id chat);

  /// The checks `edit_live_chat` makes, changing nothing.
  expected<void> check_edit_live_chat(user_id actor, chat_id chat,
                                      const live_chat_definition& def) const;

  /// A chat defined and not removed.
  bool has_chat(chat_id c) const noexcept;

  /// Moves out the admin events since the last call, in emission order.
  std::vector<admin_event> take_admin_events();

  /// Merges `other`, a router of another routing domain, into this one, for
  /// a change that connects the two domains (made right after, on this
  /// router; it dispatches as usual). Returns, for each of `other`'s local
  /// chat ids, its new local id: appended after this router's chats.
  /// Everything moves as it is: chats (tombstones too), queues with their
  /// waiting order (same serving keys) and policies, live sessions (same id,
  /// state, holder, transfer count), operators' status, load, held sessions
  /// and personal transfers, and `other`'s undrained events (chat ids
  /// relabelled), appended after this router's. No session changes state:
  /// each side already kept the invariant that nobody eligible is free while
  /// a session waits, and the sides share no operator.
  /// Session ids stay unique: this router keeps its (next, stride); ids of
  /// the same residue modulo the stride as `other`'s continue after both.
  /// Preconditions (asserted): both hold the same directory (same users and
  /// groups, same members), the same stride, distinct session ids, and no
  /// user serves in both (is in a pool, holds sessions or waits for personal
  /// transfers). A user keeps the status of the side it serves in; one that
  /// serves in neither keeps this router's, unless that is Offline.
  /// `other` is left empty: destroy or assign it.
  std::vector<chat_id> absorb(router&& other);

private:
  std::vector<session_id> live_sessions_of(chat_id c) const;
  std::uint32_t add_queue(chat_id c, group_id expert);
  void admin_emit(admin_event e);
  /// Takes a held session from `op` back to the front of its queue.
  void requeue_held(timestamp now, operator_id op, session_id s);
  void retire_operator(timestamp now, operator_id op);
  void end_customer_sessions(timestamp now, user_id actor, user_id customer);
  expected<void> check_edit(chat_id c, const live_chat_definition& def) const;
  std::vector<std::uint32_t> rebind_expert_queues(chat_id c,
                                                  const live_chat_definition&);
  void absorb_operators(router& other, std::uint32_t queue_offset);
  void absorb_sessions(router& other, const std::vector<chat_id>& chat_of,
                       std::uint32_t queue_offset);

  std::vector<admin_event> admin_events_;
};

} // namespace livechat
