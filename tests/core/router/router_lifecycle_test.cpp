#include "core/contacts.hpp"
#include "core/random.hpp"
#include "router_fixture.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

namespace livechat::testing {
namespace router_lifecycle_test {

/// The fixture plus a random-script driver: it performs random calls and, after
/// every call, checks the router against a model fed only by the drained
/// events (holders, loads, waiting sessions) and checks the central invariant
/// through `snapshot`.
class RouterLifecycle : public router_fixture {
protected:
  struct chat_knobs {
    routing_policy_kind routing;
    int capacity;
    offline_policy on_offline;
    std::size_t queue_limit;
    bool reject_when_nobody_online = false;
    bool transfers_first = true;
  };

  /// Three chats share operators: `internal` (operators general; experts
  /// accounting, hr), `external` (operators general + night; experts
  /// accounting) and `social` (operators night; experts hr, accounting).
  struct script_knobs {
    std::uint64_t seed;
    int steps;
    chat_knobs internal, external, social;
    int membership_weight; ///< relative to the other operations (~100)
  };

  /// What the script saw happen, to show it exercised each feature.
  struct coverage {
    int routed[3] = {};
    int supervisor_assigned = 0;
    int reassigned = 0;
    int personal_waited = 0;
    int personal_answered_by_target = 0;
    int personal_handed_to_group = 0;
    int requeued = 0;
    int closed_by_offline = 0;
    int kept_while_offline = 0;
    int rejected_queue_full = 0;
    int rejected_nobody_online = 0;
    int transfer_rejected = 0;
    int abandoned = 0;
    int closed = 0;
    int membership_changes = 0;
    int max_load = 0;
  };

  /// The model of one session, fed by its events.
  struct tracked {
    bool opened = false;
    bool ended = false;
    chat_id chat;
    user_id customer;
    session_state state = session_state::waiting;
    operator_id holder;
    group_id queue_group; ///< expert group of its queue; invalid: operators
    user_id target;       ///< personal transfer target of its last queueing
    timestamp arrived;
    /// Serving order while waiting: (rank, since, order of queueing).
    std::tuple<int, timestamp, std::uint64_t> key;
    std::uint64_t stamp = 0; ///< last snapshot that listed it
  };

  random_generator gen{0};
  std::vector<chat_id> chats;
  std::vector<user_id> ops;
  std::vector<group_id> churn;
  timestamp now{};
  int step = 0;
  const char* what = "setup";

  std::vector<tracked> sessions; ///< by session id
  std::vector<session_id> live;  ///< not ended, in no particular order
  std::vector<std::size_t> live_pos;
  std::vector<session_id> touched; ///< sessions with events in this call
  /// Assigned events of this call: session, new holder, routed or not.
  std::vector<std::tuple<session_id, operator_id, bool>> assignments;
  std::vector<int> load;                     ///< by user id
  std::vector<std::vector<session_id>> held; ///< by user id, in order
  std::vector<operator_status> status;       ///< by user id
  std::vector<int> capacity; ///< by user id, as the last status event said
  std::vector<std::size_t> waiting;      ///< by chat
  std::vector<std::size_t> main_waiting; ///< by chat: operator queue
  std::size_t opened = 0;
  std::size_t ended = 0;
  std::uint64_t queued_order = 0;
  std::uint64_t snapshot_stamp = 0;
  std::uint32_t next_contact = 0;
  coverage seen;

  std::string ctx() const {
    return "step " + std::to_string(step) + " (" + what + "): ";
  }

  static std::string outcome(const expected<void>& result) {
    return result ? "ok" : std::string{to_string(result.error())};
  }
  static std::string predicted(std::optional<errc> e) {
    return e ? std::string{to_string(*e)} : "ok";
  }

  const live_chat_definition& def_of(chat_id c) const {
    return r.definition(c);
  }

  tracked& track(session_id id) {
    if (id.value >= sessions.size()) {
      sessions.resize(id.value + 1);
      live_pos.resize(id.value + 1);
    }
    return sessions[id.value];
  }

  /// Largest capacity among the chats whose groups hold `op` (1 if none).
  int expected_capacity(operator_id op) const {
    int cap = 1;
    for (auto c : chats) {
      const auto& def = def_of(c);
      if (r.dir().is_member_of_any(op, def.operator_groups)
          || r.dir().is_member_of_any(op, def.expert_groups))
        cap = std::max(cap, def.capacity);
    }
    return cap;
  }

  /// Whether `op` is in the pool of the queue `s` waits in or came from.
  bool in_queue_pool(operator_id op, const tracked& s) const {
    return s.queue_group.valid()
             ? r.dir().is_member(op, s.queue_group)
             : r.dir().is_member_of_any(op, def_of(s.chat).operator_groups);
  }

  std::vector<user_id> queue_pool(chat_id c, group_id expert_group) const {
    if (expert_group.valid())
      return r.dir().get(expert_group).members;
    std::vector<user_id> pool;
    for (auto g : def_of(c).operator_groups)
      for (auto m : r.dir().get(g).members)
        if (std::find(pool.begin(), pool.end(), m) == pool.end())
          pool.push_back(m);
    return pool;
  }

  bool has_room(operator_id op, chat_id c) const {
    return status[op.value] == operator_status::online
           && load[op.value] < def_of(c).capacity;
  }

  // -- the model, fed by events ---------------------------------------------

  void hold(tracked& s, session_id id, operator_id op) {
    ASSERT_TRUE(op.valid()) << ctx() << "assigned to nobody";
    ASSERT_LT(op.value, load.size()) << ctx() << "assigned to a non-user";
    held[op.value].push_back(id);
    ++load[op.value];
    seen.max_load = std::max(seen.max_load, load[op.value]);
    ASSERT_LE(load[op.value], def_of(s.chat).capacity)
      << ctx() << "operator " << op.value << " took session " << id.value
      << " of a chat with capacity " << def_of(s.chat).capacity;
    s.holder = op;
    s.state = session_state::assigned;
  }

  void release(tracked& s, session_id id, operator_id op) {
    ASSERT_TRUE(op.valid() && op.value < held.size())
      << ctx() << "session " << id.value << " released by nobody";
    auto& h = held[op.value];
    auto i = std::find(h.begin(), h.end(), id);
    ASSERT_NE(i, h.end()) << ctx() << "operator " << op.value
                          << " released session " << id.value
                          << " it does not hold";
    h.erase(i);
    --load[op.value];
    ASSERT_GE(load[op.value], 0) << ctx() << "negative load";
    s.holder = {};
  }

  void start_waiting(tracked& s, const session_event& e, int rank,
                     timestamp since) {
    s.state = session_state::waiting;
    s.queue_group = e.expert_group;
    s.target = e.target_user;
    s.key = {rank, since, ++queued_order};
    ++waiting[s.chat.value];
    if (!s.queue_group.valid())
      ++main_waiting[s.chat.value];
  }

  void stop_waiting(tracked& s) {
    ASSERT_GT(waiting[s.chat.value], 0u) << ctx();
    --waiting[s.chat.value];
    if (!s.queue_group.valid())
      --main_waiting[s.chat.value];
  }

  void end(tracked& s, session_id id, session_state final_state) {
    s.ended = true;
    s.state = final_state;
    ++ended;
    auto i = live_pos[id.value];
    live_pos[live.back().value] = i;
    live[i] = live.back();
    live.pop_back();
  }

  void apply(const session_event& e) {
    auto id = e.session;
    auto& s = track(id);
    touched.push_back(id);
    ASSERT_FALSE(s.ended) << ctx() << "session " << id.value << " got "
                          << to_string(e.kind) << " after it ended";
    if (!s.opened) {
      bool arrival = e.kind == session_event_kind::queued
                     && e.reason == transition_reason::arrived;
      ASSERT_TRUE(arrival || e.kind == session_event_kind::rejected)
        << ctx() << "session " << id.value << " starts with "
        << to_string(e.kind);
      s.opened = true;
      s.chat = e.chat;
      s.customer = e.customer;
      s.arrived = e.at;
      ++opened;
      live_pos[id.value] = live.size();
      live.push_back(id);
      if (e.kind == session_event_kind::rejected) {
        ASSERT_TRUE(e.reason == transition_reason::queue_full
                    || e.reason == transition_reason::nobody_online)
          << ctx() << to_string(e.reason);
        ++(e.reason == transition_reason::queue_full
             ? seen.rejected_queue_full
             : seen.rejected_nobody_online);
        end(s, id, session_state::rejected);
        return;
      }
      ASSERT_EQ(e.at, e.queued_at) << ctx();
      start_waiting(s, e, 2, e.at);
      return;
    }
    ASSERT_EQ(e.chat, s.chat) << ctx();
    ASSERT_EQ(e.customer, s.customer) << ctx();
    ASSERT_EQ(e.arrived, s.arrived) << ctx();
    const auto& def = def_of(s.chat);
    switch (e.kind) {
      case session_event_kind::queued:
        ASSERT_EQ(e.queued_at, e.at) << ctx();
        if (e.reason == transition_reason::operator_offline) {
          ASSERT_EQ(s.state, session_state::assigned) << ctx();
          ASSERT_EQ(s.holder, e.op) << ctx() << "requeued by a non-holder";
          ASSERT_NO_FATAL_FAILURE(release(s, id, e.op));
          ASSERT_FALSE(e.target_user.valid()) << ctx();
          ++seen.requeued;
          start_waiting(s, e, 0, s.arrived);
        } else {
          ASSERT_EQ(e.reason, transition_reason::entered_expert_queue)
            << ctx() << to_string(e.reason);
          ASSERT_EQ(s.state, session_state::transferred) << ctx();
          ASSERT_TRUE(e.expert_group.valid()) << ctx();
          start_waiting(s, e, def.transfers_first ? 1 : 2, e.at);
        }
        break;
      case session_event_kind::assigned: {
        if (e.previous_op.valid()) {
          ASSERT_EQ(e.reason, transition_reason::supervisor_reassign) << ctx();
          ASSERT_EQ(s.state, session_state::assigned)
            << ctx() << "reassigned while not held";
          ASSERT_EQ(s.holder, e.previous_op)
            << ctx() << "session " << id.value << " held by " << s.holder.value
            << " was reassigned away from " << e.previous_op.value;
          ASSERT_NO_FATAL_FAILURE(release(s, id, e.previous_op));
          ++seen.reassigned;
        } else {
          ASSERT_EQ(s.state, session_state::waiting)
            << ctx() << "session " << id.value << " assigned to " << e.op.value
            << " while held by " << s.holder.value;
          ASSERT_TRUE(e.reason == transition_reason::routed
                      || e.reason == transition_reason::supervisor_assign)
            << ctx() << to_string(e.reason);
          ASSERT_NO_FATAL_FAILURE(stop_waiting(s));
          if (e.reason == transition_reason::supervisor_assign)
            ++seen.supervisor_assigned;
        }
        ASSERT_EQ(e.expert_group, s.queue_group) << ctx();
        if (e.reason == transition_reason::routed) {
          ASSERT_EQ(e.actor, e.op) << ctx();
          ++seen.routed[s.chat.value];
          // Under `manual` only a personal transfer reaches its expert by
          // itself; everything else waits for a supervisor.
          if (def.routing == routing_policy_kind::manual) {
            ASSERT_TRUE(e.target_user.valid())
              << ctx() << "manual chat routed session " << id.value;
          }
          // A personal transfer is routed to its expert only.
          if (e.target_user.valid()) {
            ASSERT_EQ(e.op, e.target_user) << ctx();
          }
        }
        if (e.target_user.valid()) {
          ASSERT_EQ(e.target_user, s.target) << ctx();
          if (e.op == e.target_user)
            ++seen.personal_answered_by_target;
        } else if (s.target.valid() && !e.previous_op.valid()) {
          ++seen.personal_handed_to_group;
        }
        ASSERT_TRUE(in_queue_pool(e.op, s))
          << ctx() << "operator " << e.op.value << " is not in the pool";
        ASSERT_NO_FATAL_FAILURE(hold(s, id, e.op));
        assignments.emplace_back(id, e.op,
                                 e.reason == transition_reason::routed);
        break;
      }
      case session_event_kind::transferred:
        ASSERT_EQ(s.state, session_state::assigned) << ctx();
        ASSERT_EQ(s.holder, e.op) << ctx() << "transferred by a non-holder";
        ASSERT_NO_FATAL_FAILURE(release(s, id, e.op));
        s.state = session_state::transferred;
        break;
      case session_event_kind::closed:
        ASSERT_EQ(s.state, session_state::assigned) << ctx();
        ASSERT_EQ(s.holder, e.op) << ctx() << "closed by a non-holder";
        ASSERT_NO_FATAL_FAILURE(release(s, id, e.op));
        ++seen.closed;
        if (e.reason == transition_reason::operator_offline)
          ++seen.closed_by_offline;
        end(s, id, session_state::closed);
        break;
      case session_event_kind::abandoned:
        ASSERT_EQ(s.state, session_state::waiting) << ctx();
        ASSERT_NO_FATAL_FAILURE(stop_waiting(s));
        ++seen.abandoned;
        end(s, id, session_state::abandoned);
        break;
      case session_event_kind::rejected:
        // A transfer turned away by a full expert queue.
        ASSERT_EQ(s.state, session_state::waiting) << ctx();
        ASSERT_EQ(e.reason, transition_reason::queue_full) << ctx();
        ASSERT_TRUE(s.queue_group.valid()) << ctx();
        ASSERT_NO_FATAL_FAILURE(stop_waiting(s));
        ++seen.transfer_rejected;
        end(s, id, session_state::rejected);
        break;
    }
  }

  /// Drains the events of the last call into the model, then checks the
  /// router against it and the central invariant.
  void settle() {
    touched.clear();
    assignments.clear();
    for (const auto& event : r.take_events()) {
      if (const auto* e = std::get_if<session_event>(&event)) {
        ASSERT_EQ(e->at, now) << ctx();
        ASSERT_NO_FATAL_FAILURE(apply(*e));
      } else {
        const auto& st = std::get<status_event>(event);
        ASSERT_EQ(st.status, status[st.op.value]) << ctx();
        ASSERT_EQ(st.capacity, expected_capacity(st.op)) << ctx();
        capacity[st.op.value] = st.capacity;
      }
    }
    ASSERT_NO_FATAL_FAILURE(check_router());
  }

  void check_router() {
    ASSERT_EQ(r.live_session_count(), live.size()) << ctx();
    ASSERT_EQ(opened, ended + live.size()) << ctx();
    for (auto op : ops) {
      ASSERT_EQ(r.load_of(op), load[op.value]) << ctx() << "op " << op.value;
      ASSERT_EQ(r.status_of(op), status[op.value]) << ctx();
      // Statistics integrate capacity over time: every change is reported.
      ASSERT_EQ(capacity[op.value], expected_capacity(op))
        << ctx() << "unreported capacity change of " << op.value;
    }
    for (auto id : touched) {
      const auto& s = sessions[id.value];
      const auto* now_there = r.find_session(id);
      ASSERT_EQ(now_there == nullptr, s.ended) << ctx() << id.value;
      ASSERT_NE(s.state, session_state::transferred)
        << ctx() << "session " << id.value << " left in transferred";
      if (now_there != nullptr) {
        ASSERT_EQ(now_there->state(), s.state) << ctx() << id.value;
      }
      ASSERT_EQ(r.holder(id),
                s.state == session_state::assigned ? s.holder : operator_id{})
        << ctx() << id.value;
    }
    for (auto c : chats) {
      ASSERT_EQ(r.waiting_count(c), waiting[c.value]) << ctx();
      ASSERT_NO_FATAL_FAILURE(check_snapshot(c));
    }
  }

  /// Checks one chat's snapshot against the model, its serving order within
  /// each waiting set, and the central invariant.
  void check_snapshot(chat_id c) {
    auto snap = r.snapshot(sveta, c);
    ASSERT_TRUE(snap) << ctx();
    const auto& def = def_of(c);
    for (const auto& o : snap->operators) {
      ASSERT_EQ(o.status, status[o.id.value]) << ctx();
      ASSERT_EQ(o.load, load[o.id.value]) << ctx();
      ASSERT_EQ(o.sessions, held[o.id.value])
        << ctx() << "sessions of operator " << o.id.value;
    }
    ASSERT_EQ(snap->waiting.size(), waiting[c.value])
      << ctx() << "snapshot of chat " << c.value << " lists "
      << snap->waiting.size() << " waiting sessions";
    ++snapshot_stamp;
    const waiting_entry* prev = nullptr;
    // Queues (by expert group; invalid: the operator queue) already checked.
    std::vector<group_id> checked_queues;
    for (const auto& w : snap->waiting) {
      auto& s = sessions[w.id.value];
      ASSERT_TRUE(s.opened && !s.ended && s.state == session_state::waiting
                  && s.chat == c)
        << ctx() << "snapshot lists session " << w.id.value;
      ASSERT_NE(s.stamp, snapshot_stamp) << ctx() << "listed twice";
      s.stamp = snapshot_stamp;
      ASSERT_EQ(w.customer, s.customer) << ctx();
      ASSERT_EQ(w.arrived, s.arrived) << ctx();
      ASSERT_EQ(w.expert_group, s.queue_group) << ctx();
      // A personal transfer may have been handed to its whole group.
      ASSERT_TRUE(w.target_user == s.target || !w.target_user.valid()) << ctx();
      if (s.target.valid() && !w.target_user.valid())
        ++seen.personal_handed_to_group;
      s.target = w.target_user; // where it waits now
      // Within one waiting set, serving order.
      if (prev != nullptr && prev->expert_group == w.expert_group
          && prev->target_user == w.target_user) {
        ASSERT_TRUE(sessions[prev->id.value].key < s.key)
          << ctx() << "session " << prev->id.value << " listed before "
          << w.id.value;
      }
      prev = &w;
      if (w.target_user.valid()) {
        // Waits for its expert only while the expert is in the group and
        // not Offline.
        ASSERT_TRUE(r.dir().is_member(w.target_user, w.expert_group))
          << ctx() << "personal transfer " << w.id.value
          << " waits for a non-member";
        ASSERT_NE(status[w.target_user.value], operator_status::offline)
          << ctx() << "personal transfer " << w.id.value
          << " waits for an Offline expert";
      }
      if (def.routing == routing_policy_kind::manual)
        continue;
      // The central invariant.
      if (w.target_user.valid()) {
        ASSERT_FALSE(has_room(w.target_user, c))
          << ctx() << "personal transfer " << w.id.value << " waits while "
          << w.target_user.value << " is Online with load "
          << load[w.target_user.value] << " < " << def.capacity;
        continue;
      }
      if (std::find(checked_queues.begin(), checked_queues.end(),
                    w.expert_group)
          != checked_queues.end())
        continue;
      checked_queues.push_back(w.expert_group);
      for (auto op : queue_pool(c, w.expert_group)) {
        ASSERT_FALSE(has_room(op, c))
          << ctx() << "session " << w.id.value << " of chat " << c.value
          << (w.expert_group.valid() ? " (expert queue)" : " (operator queue)")
          << " waits while " << op.value << " is Online with load "
          << load[op.value] << " < " << def.capacity;
      }
    }
  }

  /// The sessions `op` takes by itself when it is Online with load `l` (it
  /// just came Online or freed capacity), in order: again and again, the one
  /// first in serving order among the personal transfers waiting for it and
  /// the non-manual queues it serves, that it has room for.
  std::vector<session_id> predicted_takes(operator_id op, int l) const {
    std::vector<session_id> mine;
    for (auto id : live) {
      const auto& s = sessions[id.value];
      if (s.state != session_state::waiting)
        continue;
      bool routed_queue = def_of(s.chat).routing != routing_policy_kind::manual
                          && in_queue_pool(op, s);
      if (s.target.valid() ? s.target == op : routed_queue)
        mine.push_back(id);
    }
    std::vector<session_id> takes;
    for (;;) {
      const tracked* best = nullptr;
      session_id best_id;
      for (auto id : mine) {
        const auto& s = sessions[id.value];
        if (l >= def_of(s.chat).capacity
            || std::find(takes.begin(), takes.end(), id) != takes.end())
          continue;
        if (best == nullptr || s.key < best->key) {
          best = &s;
          best_id = id;
        }
      }
      if (best == nullptr)
        return takes;
      takes.push_back(best_id);
      ++l;
    }
  }

  /// `predicted_takes` for the holder of `s` once it lets go of `s`.
  std::vector<session_id> takes_after_release(const tracked& s) const {
    if (s.state != session_state::assigned
        || status[s.holder.value] != operator_status::online)
      return {};
    return predicted_takes(s.holder, load[s.holder.value] - 1);
  }

  /// Checks that the routed assignments of the last call, after the first
  /// `skip` assignments, are exactly `takes` of `op`.
  void check_takes(operator_id op, const std::vector<session_id>& takes,
                   std::size_t skip = 0) {
    ASSERT_GE(assignments.size(), skip) << ctx();
    ASSERT_EQ(assignments.size() - skip, takes.size())
      << ctx() << "operator " << op.value << " took "
      << assignments.size() - skip << " sessions, expected " << takes.size();
    for (std::size_t i = 0; i < takes.size(); ++i) {
      auto [id, to, routed] = assignments[skip + i];
      ASSERT_TRUE(routed && to == op)
        << ctx() << "session " << id.value << " went to " << to.value;
      ASSERT_EQ(id, takes[i])
        << ctx() << "operator " << op.value << " took session " << id.value
        << " instead of " << takes[i].value << " (serving order)";
    }
  }

  // -- the script's operations ----------------------------------------------

  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[gen.uniform_index(v.size())];
  }

  /// A random live session, or nullptr.
  tracked* pick_live(session_id& id) {
    if (live.empty())
      return nullptr;
    id = pick(live);
    return &sessions[id.value];
  }

  /// A random live session in `state` (a few tries), or nullptr.
  tracked* pick_in(session_state state, session_id& id) {
    for (int tries = 0; tries < 6; ++tries)
      if (auto* s = pick_live(id); s && s->state == state)
        return s;
    return nullptr;
  }

  void open_step() {
    what = "open_session";
    auto c = pick(chats);
    const auto& def = def_of(c);
    auto customer = def.is_internal() ? (gen.uniform_index(2) ? e1 : e2)
                                      : customer_of(contact_id{next_contact++});
    std::optional<transition_reason> rejected;
    bool anyone_online = false;
    for (auto op : queue_pool(c, {}))
      anyone_online |= status[op.value] == operator_status::online;
    if (main_waiting[c.value] >= def.queue_limit)
      rejected = transition_reason::queue_full;
    else if (def.reject_when_nobody_online && !anyone_online)
      rejected = transition_reason::nobody_online;
    auto ticket = r.open_session(now, customer, c);
    ASSERT_TRUE(ticket) << ctx();
    ASSERT_NO_FATAL_FAILURE(settle());
    const auto& s = sessions[ticket->id.value];
    ASSERT_TRUE(s.opened) << ctx();
    if (rejected) {
      ASSERT_EQ(ticket->state, session_state::rejected)
        << ctx() << "expected a rejection: " << to_string(*rejected);
    } else {
      ASSERT_NE(ticket->state, session_state::rejected) << ctx();
      ASSERT_EQ(ticket->state, s.state) << ctx();
    }
  }

  void status_step() {
    what = "set_status";
    auto op = pick(ops);
    auto k = gen.uniform_index(4);
    auto to = k < 2    ? operator_status::online
              : k == 2 ? operator_status::away
                       : operator_status::offline;
    if (to == operator_status::offline
        && status[op.value] != operator_status::offline)
      for (auto id : held[op.value])
        if (def_of(sessions[id.value].chat).on_offline == offline_policy::keep)
          ++seen.kept_while_offline;
    bool comes_online = to == operator_status::online
                        && status[op.value] != operator_status::online;
    status[op.value] = to; // the model's view once the call is done
    auto takes = comes_online ? predicted_takes(op, load[op.value])
                              : std::vector<session_id>{};
    ASSERT_TRUE(r.set_status(now, op, to)) << ctx();
    ASSERT_NO_FATAL_FAILURE(settle());
    if (to != operator_status::offline) {
      ASSERT_NO_FATAL_FAILURE(check_takes(op, takes));
    }
    if (to == operator_status::offline) {
      for (auto id : held[op.value])
        ASSERT_EQ(def_of(sessions[id.value].chat).on_offline,
                  offline_policy::keep)
          << ctx() << "Offline operator still holds session " << id.value;
    }
  }

  void membership_step() {
    auto g = pick(churn);
    auto op = pick(ops);
    if (gen.uniform_index(2)) {
      what = "add_member";
      ASSERT_TRUE(r.add_member(now, admin, g, op)) << ctx();
    } else {
      what = "remove_member";
      ASSERT_TRUE(r.remove_member(now, admin, g, op)) << ctx();
    }
    ++seen.membership_changes;
    ASSERT_NO_FATAL_FAILURE(settle());
  }

  void supervisor_step() {
    what = "supervisor_assign";
    session_id id;
    auto* s = pick_in(gen.uniform_index(2) ? session_state::assigned
                                           : session_state::waiting,
                      id);
    if (s == nullptr)
      return;
    // Mostly someone of the session's pool, often one with room.
    auto pool = queue_pool(s->chat, s->queue_group);
    if (gen.uniform_index(2) == 0)
      std::erase_if(pool, [&](user_id u) {
        return !has_room(u, s->chat);
      });
    auto op = gen.uniform_index(4) != 0 && !pool.empty() ? pick(pool)
                                                         : pick(ops);
    std::optional<errc> expect;
    if (s->state == session_state::assigned && op == s->holder)
      expect = errc::invalid_argument;
    else if (!in_queue_pool(op, *s) || !has_room(op, s->chat))
      expect = errc::not_eligible;
    auto previous = s->holder;
    auto takes = takes_after_release(*s);
    auto result = r.supervisor_assign(now, sveta, id, op);
    ASSERT_EQ(outcome(result), predicted(expect)) << ctx();
    ASSERT_NO_FATAL_FAILURE(settle());
    if (result) {
      ASSERT_EQ(sessions[id.value].holder, op) << ctx();
      // A reassignment frees the previous holder, who takes the next one.
      ASSERT_NO_FATAL_FAILURE(check_takes(previous, takes, 1));
    }
  }

  void transfer_step() {
    what = "transfer";
    session_id id;
    auto* s = pick_in(session_state::assigned, id);
    if (s == nullptr)
      return;
    const auto& def = def_of(s->chat);
    auto actor = gen.uniform_index(10) == 0 ? pick(ops) : s->holder;
    auto g = gen.uniform_index(10) == 0 ? general : pick(def.expert_groups);
    user_id expert;
    if (gen.uniform_index(5) < 3) {
      const auto& members = r.dir().get(g).members;
      expert = gen.uniform_index(4) != 0 && !members.empty() ? pick(members)
                                                             : pick(ops);
    }
    std::optional<errc> expect;
    if (actor != s->holder)
      expect = errc::not_assigned_to_you;
    else if (std::find(def.expert_groups.begin(), def.expert_groups.end(), g)
             == def.expert_groups.end())
      expect = errc::not_an_expert_group;
    else if (expert.valid() && !r.dir().is_member(expert, g))
      expect = errc::not_an_expert_group;
    bool personal = !expect && expert.valid()
                    && status[expert.value] != operator_status::offline;
    auto result = r.transfer(now, actor, id, g, expert);
    ASSERT_EQ(outcome(result), predicted(expect)) << ctx();
    ASSERT_NO_FATAL_FAILURE(settle());
    const auto& after = sessions[id.value];
    if (personal && !after.ended && after.state == session_state::waiting) {
      ASSERT_EQ(after.target, expert) << ctx();
      ++seen.personal_waited;
    }
  }

  void close_step() {
    what = "close_session";
    session_id id;
    auto* s = pick_live(id);
    if (s == nullptr)
      return;
    bool assigned = s->state == session_state::assigned;
    user_id actor;
    switch (gen.uniform_index(5)) {
      case 0: actor = s->customer; break;
      case 1: actor = sveta; break;
      case 2: actor = pick(ops); break;
      default: actor = assigned ? s->holder : s->customer;
    }
    std::optional<errc> expect;
    if (assigned && actor == s->holder)
      expect = std::nullopt;
    else if (actor == s->customer || actor == sveta)
      expect = assigned ? std::nullopt
                        : std::optional<errc>{errc::illegal_transition};
    else
      expect = errc::not_permitted;
    auto holder = s->holder;
    auto takes = takes_after_release(*s);
    auto result = r.close_session(now, actor, id);
    ASSERT_EQ(outcome(result), predicted(expect)) << ctx();
    ASSERT_NO_FATAL_FAILURE(settle());
    ASSERT_EQ(sessions[id.value].ended, result.has_value()) << ctx();
    if (result) {
      ASSERT_NO_FATAL_FAILURE(check_takes(holder, takes));
    }
  }

  void leave_step() {
    what = "leave";
    session_id id;
    auto* s = pick_live(id);
    if (s == nullptr)
      return;
    auto owner = s->customer;
    auto holder = s->holder;
    auto takes = takes_after_release(*s);
    auto customer = gen.uniform_index(8) == 0 ? outsider : owner;
    auto result = r.leave(now, customer, id);
    ASSERT_EQ(outcome(result), customer == owner
                                 ? predicted(std::nullopt)
                                 : predicted(errc::not_permitted))
      << ctx();
    ASSERT_NO_FATAL_FAILURE(settle());
    ASSERT_EQ(sessions[id.value].ended, result.has_value()) << ctx();
    if (result && holder.valid()) {
      ASSERT_NO_FATAL_FAILURE(check_takes(holder, takes));
    }
  }

  static void apply_knobs(live_chat_definition& def, const chat_knobs& k,
                          std::uint64_t seed) {
    def.routing = k.routing;
    def.capacity = k.capacity;
    def.on_offline = k.on_offline;
    def.queue_limit = k.queue_limit;
    def.reject_when_nobody_online = k.reject_when_nobody_online;
    def.transfers_first = k.transfers_first;
    def.seed = seed;
  }

  void run_script(const script_knobs& k) {
    auto night = group("night", {o3, hanna});
    auto internal = internal_definition();
    apply_knobs(internal, k.internal, k.seed);
    auto external = external_definition();
    external.operator_groups = {general, night};
    external.expert_groups = {accounting};
    apply_knobs(external, k.external, k.seed + 1);
    live_chat_definition social;
    social.name = "social";
    social.operator_groups = {night};
    social.supervisor_groups = {supervisors};
    social.expert_groups = {hr, accounting};
    social.channel = "telegram";
    apply_knobs(social, k.social, k.seed + 2);
    ops = {o1, o2, o3, anna, boris, hanna};
    churn = {general, night, accounting, hr};
    auto users = r.dir().users().size();
    load.assign(users, 0);
    held.assign(users, {});
    status.assign(users, operator_status::offline);
    capacity.assign(users, 1);
    waiting.assign(3, 0);
    main_waiting.assign(3, 0);
    // Settle after each definition: status events report the capacity then.
    for (auto* def : {&internal, &external, &social}) {
      chats.push_back(define(*def));
      ASSERT_NO_FATAL_FAILURE(settle());
    }
    gen = random_generator{k.seed};

    // Relative weights of the operations.
    const int weights[] = {18, 16, k.membership_weight, 14, 14, 16, 8};
    int total = 0;
    for (int w : weights)
      total += w;
    for (step = 0; step < k.steps; ++step) {
      now += std::chrono::seconds{static_cast<int>(gen.uniform_index(3))};
      auto roll = static_cast<int>(gen.uniform_index(total));
      int op = 0;
      while (roll >= weights[op])
        roll -= weights[op++];
      switch (op) {
        case 0: ASSERT_NO_FATAL_FAILURE(open_step()); break;
        case 1: ASSERT_NO_FATAL_FAILURE(status_step()); break;
        case 2: ASSERT_NO_FATAL_FAILURE(membership_step()); break;
        case 3: ASSERT_NO_FATAL_FAILURE(supervisor_step()); break;
        case 4: ASSERT_NO_FATAL_FAILURE(transfer_step()); break;
        case 5: ASSERT_NO_FATAL_FAILURE(close_step()); break;
        default: ASSERT_NO_FATAL_FAILURE(leave_step()); break;
      }
    }
    what = "end of script";
    // Every session ended exactly once (an event after the end fails in
    // `apply`) or is still live; waiting ones are all counted per chat.
    std::vector<std::size_t> still_waiting(chats.size(), 0);
    std::size_t still_live = 0;
    for (std::uint64_t i = 1; i < sessions.size(); ++i) {
      const auto& s = sessions[i];
      ASSERT_TRUE(s.opened) << ctx() << "session " << i << " never seen";
      const auto* there = r.find_session(session_id{i});
      ASSERT_EQ(there == nullptr, s.ended) << ctx() << "session " << i;
      if (s.ended)
        continue;
      ++still_live;
      ASSERT_EQ(there->state(), s.state) << ctx() << "session " << i;
      if (s.state == session_state::waiting)
        ++still_waiting[s.chat.value];
    }
    EXPECT_EQ(still_live, r.live_session_count());
    EXPECT_EQ(opened, sessions.size() - 1);
    EXPECT_EQ(opened, ended + r.live_session_count());
    for (auto c : chats)
      EXPECT_EQ(still_waiting[c.value], r.waiting_count(c)) << c.value;
  }
};

TEST_F(RouterLifecycle, ClosingAWaitingSessionIsAnIllegalTransition) {
  auto chat = define(internal_definition());
  auto s = open(chat, e1, 1s);
  auto result = r.close_session(at(2s), sveta, s);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), errc::illegal_transition);
  EXPECT_EQ(r.find_session(s)->state(), session_state::waiting);
}

TEST_F(RouterLifecycle, EndedSessionsAreUnknown) {
  auto chat = define(internal_definition());
  online(o1);
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.close_session(at(2s), o1, s));
  auto again = r.close_session(at(3s), o1, s);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), errc::unknown_session);
  EXPECT_EQ(r.leave(at(3s), e1, s).error(), errc::unknown_session);
}

TEST_F(RouterLifecycle, TakingEventsIntoAVectorDrainsThemInOrder) {
  auto chat = define(internal_definition());
  drain();
  online(o1);
  std::vector<routing_event> events{status_event{}}; // stale: cleared
  r.take_events(events);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(std::get<status_event>(events[0]).op, o1);
  auto s = open(chat, e1, 1s);
  r.take_events(events);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(std::get<session_event>(events[0]).kind,
            session_event_kind::queued);
  EXPECT_EQ(std::get<session_event>(events[1]).kind,
            session_event_kind::assigned);
  EXPECT_EQ(std::get<session_event>(events[1]).session, s);
  r.take_events(events);
  EXPECT_TRUE(events.empty()) << "nothing new since the last call";
}

TEST_F(RouterLifecycle, CustomerLeavingWhileWaitingAbandons) {
  auto chat = define(internal_definition());
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.leave(at(40s), e1, s));
  EXPECT_EQ(kinds_of(s), (std::vector{session_event_kind::queued,
                                      session_event_kind::abandoned}));
  EXPECT_EQ(log.back().reason, transition_reason::customer_left);
  EXPECT_EQ(log.back().at - log.back().queued_at, 39s);
  EXPECT_EQ(r.waiting_count(chat), 0u);
}

TEST_F(RouterLifecycle, CustomerLeavingAnActiveSessionClosesIt) {
  auto chat = define(internal_definition());
  online(o1);
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.leave(at(40s), e1, s));
  EXPECT_EQ(kinds_of(s).back(), session_event_kind::closed);
  EXPECT_EQ(log.back().reason, transition_reason::closed_by_customer);
  EXPECT_EQ(log.back().op, o1);
  EXPECT_EQ(r.load_of(o1), 0);
}

TEST_F(RouterLifecycle, AbandonedPersonalTransferLeavesTheExpertsQueue) {
  auto chat = define(internal_definition());
  online(o1);
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.transfer(at(2s), o1, s, accounting, boris));
  ASSERT_TRUE(r.leave(at(3s), e1, s));
  online(boris, 4s);
  EXPECT_EQ(r.load_of(boris), 0);
  EXPECT_EQ(r.live_session_count(), 0u);
}

TEST_F(RouterLifecycle, SessionTrailRecordsWhoDidWhatAndWhy) {
  auto chat = define(internal_definition());
  online(o1);
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.transfer(at(5s), o1, s, hr));
  const auto& trail = r.find_session(s)->trail();
  ASSERT_EQ(trail.size(), 4u);
  EXPECT_EQ(trail[0].reason, transition_reason::arrived);
  EXPECT_EQ(trail[0].actor, e1);
  EXPECT_EQ(trail[1].to, session_state::assigned);
  EXPECT_EQ(trail[1].actor, o1);
  EXPECT_EQ(trail[1].reason, transition_reason::routed);
  EXPECT_EQ(trail[2].to, session_state::transferred);
  EXPECT_EQ(trail[2].at, at(5s));
  EXPECT_EQ(trail[3].to, session_state::waiting);
  EXPECT_EQ(trail[3].reason, transition_reason::entered_expert_queue);
}

// Random scripts over three chats that share operators with different
// capacities. After every call the router must agree with a model fed by the
// drained events (holders, loads, waiting sessions per chat, session states),
// no operator may exceed the capacity of the chat of a session it takes, no
// session is held twice or ends twice, and the central invariant holds: no
// non-manual queue holds a waiting session while an operator of its groups is
// Online below that chat's capacity (for a personal transfer: its expert).

TEST_F(RouterLifecycle, RandomScriptKeepsEveryInvariant) {
  script_knobs k{
    .seed = 7,
    .steps = 6000,
    .internal = {routing_policy_kind::least_busy, 1, offline_policy::requeue,
                 6},
    .external = {routing_policy_kind::random, 2, offline_policy::keep, 8,
                 /*reject_when_nobody_online=*/true},
    .social = {routing_policy_kind::round_robin, 3, offline_policy::close, 5,
               false, /*transfers_first=*/false},
    .membership_weight = 4,
  };
  ASSERT_NO_FATAL_FAILURE(run_script(k));
  for (int c = 0; c < 3; ++c)
    EXPECT_GT(seen.routed[c], 0) << c;
  EXPECT_GT(seen.reassigned, 0);
  EXPECT_GT(seen.personal_waited, 0);
  EXPECT_GT(seen.personal_answered_by_target, 0);
  EXPECT_GT(seen.personal_handed_to_group, 0);
  EXPECT_GT(seen.requeued, 0);
  EXPECT_GT(seen.kept_while_offline, 0);
  EXPECT_GT(seen.closed_by_offline, 0);
  EXPECT_GT(seen.rejected_queue_full, 0);
  EXPECT_GT(seen.rejected_nobody_online, 0);
  EXPECT_GT(seen.transfer_rejected, 0);
  EXPECT_GT(seen.abandoned, 0);
  EXPECT_GT(seen.membership_changes, 0);
  EXPECT_EQ(seen.max_load, 3);
}

TEST_F(RouterLifecycle, RandomScriptWithAManualChatKeepsEveryInvariant) {
  script_knobs k{
    .seed = 23,
    .steps = 6000,
    .internal = {routing_policy_kind::manual, 2, offline_policy::close, 8},
    .external = {routing_policy_kind::longest_idle, 3, offline_policy::requeue,
                 6},
    .social = {routing_policy_kind::fixed_order, 1, offline_policy::keep, 8},
    .membership_weight = 4,
  };
  ASSERT_NO_FATAL_FAILURE(run_script(k));
  EXPECT_GT(seen.routed[1], 0);
  EXPECT_GT(seen.routed[2], 0);
  EXPECT_GT(seen.supervisor_assigned, 0);
  EXPECT_GT(seen.reassigned, 0);
  EXPECT_GT(seen.personal_answered_by_target, 0);
  EXPECT_GT(seen.personal_handed_to_group, 0);
  EXPECT_GT(seen.requeued, 0);
  EXPECT_GT(seen.kept_while_offline, 0);
  EXPECT_GT(seen.closed_by_offline, 0);
  EXPECT_GT(seen.rejected_queue_full, 0);
  EXPECT_GT(seen.abandoned, 0);
  EXPECT_EQ(seen.max_load, 3);
}

TEST_F(RouterLifecycle, RandomScriptWithMembershipChurnKeepsEveryInvariant) {
  script_knobs k{
    .seed = 37,
    .steps = 6000,
    .internal = {routing_policy_kind::random, 3, offline_policy::requeue, 8},
    .external = {routing_policy_kind::manual, 1, offline_policy::requeue, 6,
                 false, /*transfers_first=*/false},
    .social = {routing_policy_kind::round_robin, 2, offline_policy::close, 8},
    .membership_weight = 24,
  };
  ASSERT_NO_FATAL_FAILURE(run_script(k));
  EXPECT_GT(seen.routed[0], 0);
  EXPECT_GT(seen.routed[2], 0);
  EXPECT_GT(seen.supervisor_assigned, 0);
  EXPECT_GT(seen.reassigned, 0);
  EXPECT_GT(seen.personal_answered_by_target, 0);
  EXPECT_GT(seen.personal_handed_to_group, 0);
  EXPECT_GT(seen.requeued, 0);
  EXPECT_GT(seen.closed_by_offline, 0);
  EXPECT_GT(seen.membership_changes, 500);
  EXPECT_EQ(seen.max_load, 3);
}

} // namespace router_lifecycle_test
} // namespace livechat::testing
