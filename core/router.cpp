#include "core/router.hpp"

#include "core/contacts.hpp"
#include "core/random.hpp"

#include <algorithm>
#include <cassert>

namespace livechat {

router::router(directory dir) : dir_(std::move(dir)) {
  operators_.resize(dir_.users().size());
}

void router::set_session_ids(std::uint64_t first, std::uint64_t stride) {
  assert(first > 0 && stride > 0 && sessions_.empty());
  next_session_ = first;
  session_stride_ = stride;
}

// -- administration -----------------------------------------------------------

expected<user_id> router::add_user(std::string name) {
  auto id = dir_.add_user(std::move(name));
  if (id) {
    ensure_operator(*id);
    admin_emit({.kind = admin_event_kind::user_added,
                .at = last_now_,
                .user = *id,
                .name = dir_.get(*id).name});
  }
  return id;
}

expected<group_id> router::create_group(timestamp now, user_id actor,
                                        std::string name,
                                        std::span<const user_id> members) {
  observe_time(now);
  // A new group serves no chat yet: no pool changes.
  auto id = dir_.create_group(actor, std::move(name), members);
  if (id)
    admin_emit({.kind = admin_event_kind::group_created,
                .at = now,
                .actor = actor,
                .group = *id,
                .name = dir_.get(*id).name});
  return id;
}

expected<void> router::add_member(timestamp now, user_id actor, group_id g,
                                  user_id member) {
  observe_time(now);
  if (auto ok = dir_.add_member(actor, g, member); !ok)
    return ok;
  rebuild_queues(now, queues_using(g));
  admin_emit({.kind = admin_event_kind::member_added,
              .at = now,
              .actor = actor,
              .user = member,
              .group = g});
  return {};
}

expected<void> router::remove_member(timestamp now, user_id actor, group_id g,
                                     user_id member) {
  observe_time(now);
  if (auto ok = dir_.remove_member(actor, g, member); !ok)
    return ok;
  rebuild_queues(now, queues_using(g));
  admin_emit({.kind = admin_event_kind::member_removed,
              .at = now,
              .actor = actor,
              .user = member,
              .group = g});
  return {};
}

expected<chat_id> router::define_live_chat(timestamp now, user_id actor,
                                           live_chat_definition def) {
  observe_time(now);
  if (!dir_.is_administrator(actor))
    return errc::not_permitted;
  if (auto ok = validate(def, dir_); !ok)
    return ok.error();
  if (find_chat(def.name))
    return errc::duplicate_name;
  chat_id id{static_cast<chat_id::value_type>(chats_.size())};
  chat_state cs;
  cs.main_queue = add_queue(id, group_id{});
  for (auto g : def.expert_groups)
    cs.expert_queues.push_back(add_queue(id, g));
  std::vector<std::uint32_t> added{cs.main_queue};
  added.insert(added.end(), cs.expert_queues.begin(), cs.expert_queues.end());
  cs.def = std::move(def);
  chats_.push_back(std::move(cs));
  rebuild_queues(now, added);
  admin_emit({.kind = admin_event_kind::chat_defined,
              .at = now,
              .actor = actor,
              .chat = id,
              .name = chats_.back().def.name});
  return id;
}

// -- pools and eligibility
// ------------------------------------------------------

void router::observe_time(timestamp now) {
  assert(now >= last_now_ && "router: time went backwards");
  last_now_ = now;
}

router::operator_state& router::ensure_operator(operator_id op) {
  if (op.value >= operators_.size())
    operators_.resize(op.value + 1);
  return operators_[op.value];
}

std::vector<std::uint32_t> router::queues_using(group_id g) const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t qi = 0; qi < queues_.size(); ++qi) {
    const auto& q = queues_[qi];
    if (q.retired)
      continue;
    const auto& groups = chats_[q.chat.value].def.operator_groups;
    bool uses = q.expert_group.valid()
                  ? q.expert_group == g
                  : std::find(groups.begin(), groups.end(), g) != groups.end();
    if (uses)
      out.push_back(qi);
  }
  return out;
}

std::vector<operator_id> router::pool_members(std::uint32_t qi) const {
  const auto& q = queues_[qi];
  std::vector<operator_id> pool;
  if (q.retired)
    return pool;
  std::vector<bool> seen(dir_.users().size(), false);
  auto add_group = [&](group_id g) {
    for (auto member : dir_.get(g).members)
      if (!seen[member.value]) {
        seen[member.value] = true;
        pool.push_back(member);
      }
  };
  if (q.expert_group.valid())
    add_group(q.expert_group);
  else
    for (auto g : chats_[q.chat.value].def.operator_groups)
      add_group(g);
  return pool;
}

void router::rebuild_queues(timestamp now,
                            const std::vector<std::uint32_t>& qs) {
  if (qs.empty())
    return;
  operators_.resize(std::max(operators_.size(), dir_.users().size()));
  std::vector<bool> rebuilt(queues_.size(), false);
  std::vector<std::vector<operator_id>> new_pools;
  std::vector<operator_id> affected; // old and new members, first-seen order
  std::vector<bool> seen(operators_.size(), false);
  auto touch = [&](operator_id op) {
    if (!seen[op.value]) {
      seen[op.value] = true;
      affected.push_back(op);
    }
  };
  for (auto qi : qs) {
    rebuilt[qi] = true;
    for (auto op : queues_[qi].pool)
      touch(op);
    new_pools.push_back(pool_members(qi));
    for (auto op : new_pools.back())
      touch(op);
  }
  std::vector<int> capacity_before;
  for (auto op : affected) {
    auto& o = operators_[op.value];
    capacity_before.push_back(capacity_of(o));
    std::erase_if(o.memberships, [&](const membership& m) {
      return rebuilt[m.queue];
    });
  }
  for (std::size_t i = 0; i < qs.size(); ++i) {
    auto qi = qs[i];
    auto& q = queues_[qi];
    const auto& def = chats_[q.chat.value].def;
    q.capacity = def.capacity;
    q.pool = std::move(new_pools[i]);
    auto stream = (std::uint64_t{qi} << 32) | q.rebuilds++;
    q.policy = make_routing_policy(
      def.routing, q.pool.size(), random_generator::derive(def.seed, stream)());
    q.online = 0;
    for (pool_position pos = 0; pos < q.pool.size(); ++pos) {
      auto& o = operators_[q.pool[pos].value];
      o.memberships.push_back(membership{qi, pos});
      if (o.status == operator_status::online)
        ++q.online;
    }
  }
  std::vector<std::uint32_t> to_dispatch = qs;
  for (std::size_t i = 0; i < affected.size(); ++i) {
    auto op = affected[i];
    auto& o = operators_[op.value];
    refresh(op);
    // Statistics integrate capacity over time: tell them it changed.
    if (auto cap = capacity_of(o); cap != capacity_before[i])
      events_.emplace_back(status_event{now, op, o.status, cap});
    // Personal transfers to someone who left the expert group.
    std::vector<session_id> orphaned;
    for (const auto& [key, sid] : o.direct) {
      const auto& q = queues_[sessions_.at(sid).queue];
      if (!dir_.is_member(op, q.expert_group))
        orphaned.push_back(sid);
    }
    for (auto sid : orphaned) {
      auto& ls = sessions_.at(sid);
      return_to_group_queue(ls);
      to_dispatch.push_back(ls.queue);
    }
  }
  dispatch_queues(now, std::move(to_dispatch));
  for (auto op : affected)
    if (!operators_[op.value].direct.empty())
      dispatch_operator(now, op);
}

int router::capacity_of(const operator_state& o) const {
  int cap = 1;
  for (const auto& m : o.memberships)
    cap = std::max(cap, queues_[m.queue].capacity);
  return cap;
}

bool router::eligible_for(const operator_state& o, const queue& q) const {
  return o.status == operator_status::online && o.load < q.capacity;
}

void router::refresh(operator_id op) {
  auto& o = operators_[op.value];
  for (const auto& m : o.memberships) {
    auto& q = queues_[m.queue];
    if (eligible_for(o, q))
      q.policy->set_eligible(m.pos, {o.load, o.last_activity});
    else
      q.policy->set_ineligible(m.pos);
  }
}

// -- pairing ------------------------------------------------------------------

void router::dispatch_queues(timestamp now, std::vector<std::uint32_t> qs) {
  // Serve heads in serving order across the given queues. A queue whose
  // policy finds nobody stays blocked for the rest of this call: assignments
  // only take capacity away.
  std::sort(qs.begin(), qs.end());
  qs.erase(std::unique(qs.begin(), qs.end()), qs.end());
  std::erase_if(qs, [&](std::uint32_t qi) {
    return queues_[qi].policy->kind() == routing_policy_kind::manual;
  });
  for (;;) {
    std::uint32_t best = no_queue;
    for (auto qi : qs) {
      const auto& q = queues_[qi];
      if (q.waiting.empty())
        continue;
      if (best == no_queue
          || q.waiting.begin()->first < queues_[best].waiting.begin()->first)
        best = qi;
    }
    if (best == no_queue)
      return;
    auto& q = queues_[best];
    auto pos = q.policy->choose();
    if (!pos) {
      std::erase(qs, best);
      continue;
    }
    auto op = q.pool[*pos];
    auto& ls = sessions_.at(q.waiting.begin()->second);
    q.policy->on_chosen(*pos);
    assign(now, ls, op, op, transition_reason::routed);
  }
}

void router::dispatch_operator(timestamp now, operator_id op) {
  auto& o = operators_[op.value];
  while (o.status == operator_status::online) {
    // Among the sessions this operator may take, the one to serve first.
    const std::pair<queue_key, session_id>* best = nullptr;
    const membership* best_from = nullptr;
    // Personal transfers of several chats may need different capacities:
    // the first one this operator has room for.
    for (const auto& entry : o.direct) {
      const auto& ls = sessions_.at(entry.second);
      if (o.load < chats_[ls.state.chat().value].def.capacity) {
        best = &entry;
        break;
      }
    }
    for (const auto& m : o.memberships) {
      const auto& q = queues_[m.queue];
      if (q.waiting.empty() || !eligible_for(o, q)
          || q.policy->kind() == routing_policy_kind::manual)
        continue;
      const auto& head = *q.waiting.begin();
      if (best == nullptr || head.first < best->first) {
        best = &head;
        best_from = &m;
      }
    }
    if (best == nullptr)
      return;
    auto& ls = sessions_.at(best->second);
    if (best_from != nullptr)
      queues_[best_from->queue].policy->on_chosen(best_from->pos);
    assign(now, ls, op, op, transition_reason::routed);
  }
}

// -- waiting sets
// -----------------------------------------------------------------

void router::insert_waiting(live_session& ls, queue_key key) {
  assert(!ls.queued);
  ls.key = key;
  ls.queued = true;
  if (ls.target_user.valid()) {
    ensure_operator(ls.target_user).direct.emplace(key, ls.state.id());
    ++queues_[ls.queue].personal;
  } else {
    queues_[ls.queue].waiting.emplace(key, ls.state.id());
  }
  ++chats_[ls.state.chat().value].waiting;
}

void router::remove_waiting(live_session& ls) {
  if (!ls.queued)
    return;
  ls.queued = false;
  if (ls.target_user.valid()) {
    operators_[ls.target_user.value].direct.erase({ls.key, ls.state.id()});
    --queues_[ls.queue].personal;
  } else {
    queues_[ls.queue].waiting.erase({ls.key, ls.state.id()});
  }
  --chats_[ls.state.chat().value].waiting;
}

void router::return_to_group_queue(live_session& ls) {
  auto key = ls.key;
  remove_waiting(ls);
  ls.target_user = {};
  insert_waiting(ls, key);
}

// -- session steps ------------------------------------------------------------

void router::emit(session_event_kind kind, timestamp now,
                  const live_session& ls, user_id actor, transition_reason why,
                  operator_id op, operator_id previous_op, group_id via) {
  const auto& q = queues_[ls.queue];
  events_.emplace_back(session_event{
    .kind = kind,
    .at = now,
    .session = ls.state.id(),
    .chat = ls.state.chat(),
    .customer = ls.state.customer(),
    .actor = actor,
    .reason = why,
    .op = op,
    .previous_op = previous_op,
    .expert_group = q.expert_group,
    .target_user = ls.target_user,
    .via_group = via,
    .arrived = ls.state.arrived(),
    .queued_at = ls.state.queued_at(),
    .assigned_at = ls.state.assigned_at(),
    .transfers = ls.transfers,
  });
}

void router::enqueue(timestamp now, live_session& ls, user_id actor,
                     transition_reason why, int rank) {
  auto ok = ls.state.apply(session_state::waiting, now, actor, why);
  assert(ok && "enqueue: caller checked the transition");
  (void)ok;
  auto since = rank == rank_requeued ? ls.state.arrived() : now;
  insert_waiting(ls, queue_key{rank, since, next_seq_++});
  emit(session_event_kind::queued, now, ls, actor, why, {});
}

void router::assign(timestamp now, live_session& ls, operator_id op,
                    user_id actor, transition_reason why) {
  operator_id previous; // valid only for a reassignment
  if (ls.state.state() == session_state::waiting) {
    remove_waiting(ls);
    ls.served_since = now; // a later reassignment keeps this start
  } else {
    previous = ls.assignee;
    release(now, previous, ls.state.id());
  }
  auto handle_start = ls.state.assigned_at();
  auto ok = ls.state.apply(session_state::assigned, now, actor, why);
  assert(ok && "assign: caller checked the transition");
  (void)ok;
  ls.assignee = op;
  auto& o = operators_[op.value];
  ++o.load;
  o.active.push_back(ls.state.id());
  o.last_activity = now;
  refresh(op);
  emit(session_event_kind::assigned, now, ls, actor, why, op, previous,
       via_group(ls, op));
  if (previous.valid()) {
    // The event reports the previous holder's handling span.
    std::get<session_event>(events_.back()).assigned_at = handle_start;
  }
}

void router::requeue_held(timestamp now, operator_id op, session_id s) {
  auto& ls = sessions_.at(s);
  ls.target_user = {}; // its expert is gone; back to the group queue
  release(now, op, s);
  ls.assignee = {};
  enqueue(now, ls, op, transition_reason::operator_offline, rank_requeued);
  // The queued event names the operator whose handling just ended.
  std::get<session_event>(events_.back()).op = op;
}

void router::release(timestamp now, operator_id op, session_id s) {
  auto& o = operators_[op.value];
  auto i = std::find(o.active.begin(), o.active.end(), s);
  assert(i != o.active.end() && "release: operator does not hold session");
  o.active.erase(i);
  --o.load;
  o.last_activity = now;
  refresh(op);
}

void router::finish(timestamp now, live_session& ls, session_state to,
                    user_id actor, transition_reason why) {
  auto from = ls.state.state();
  auto ok = ls.state.apply(to, now, actor, why);
  assert(ok && "finish: caller checked the transition");
  (void)ok;
  auto kind = to == session_state::closed      ? session_event_kind::closed
              : to == session_state::abandoned ? session_event_kind::abandoned
                                               : session_event_kind::rejected;
  operator_id holder = from == session_state::assigned ? ls.assignee
                                                       : operator_id{};
  if (from == session_state::waiting)
    remove_waiting(ls);
  if (holder.valid())
    queues_[ls.queue].handle.observe(now - ls.served_since);
  emit(kind, now, ls, actor, why, holder);
  auto id = ls.state.id();
  sessions_.erase(id); // ls dangles from here on
  if (holder.valid()) {
    release(now, holder, id);
    dispatch_operator(now, holder);
  }
}

group_id router::via_group(const live_session& ls, operator_id op) const {
  const auto& q = queues_[ls.queue];
  if (q.expert_group.valid())
    return q.expert_group;
  for (auto g : chats_[q.chat.value].def.operator_groups)
    if (dir_.is_member(op, g))
      return g;
  return {};
}

bool router::is_supervisor(user_id u, chat_id c) const {
  return dir_.is_member_of_any(u, chats_[c.value].def.supervisor_groups);
}

// -- customers ----------------------------------------------------------------

expected<session_ticket> router::open_session(timestamp now, user_id customer,
                                              chat_id chat) {
  observe_time(now);
  if (!has_chat(chat))
    return errc::unknown_chat;
  const auto& cs = chats_[chat.value];
  if (cs.def.is_internal()
        ? !dir_.is_member_of_any(customer, cs.def.customer_groups)
        : !contact_of(customer))
    return errc::not_permitted;
  session_id id{next_session_};
  next_session_ += session_stride_;
  auto [it, inserted]
    = sessions_.emplace(id, live_session{session{id, chat, customer, now}});
  assert(inserted);
  auto& ls = it->second;
  ls.queue = cs.main_queue;
  auto& q = queues_[cs.main_queue];
  std::optional<transition_reason> reject;
  if (q.waiting.size() >= cs.def.queue_limit)
    reject = transition_reason::queue_full;
  else if (cs.def.reject_when_nobody_online && q.online == 0)
    reject = transition_reason::nobody_online;
  if (reject) {
    finish(now, ls, session_state::rejected, customer, *reject);
    return session_ticket{id, session_state::rejected};
  }
  insert_waiting(ls, queue_key{rank_new, now, next_seq_++});
  emit(session_event_kind::queued, now, ls, customer,
       transition_reason::arrived, {});
  dispatch_queues(now, {cs.main_queue});
  return session_ticket{id, ls.state.state()};
}

expected<void> router::leave(timestamp now, user_id customer, session_id s) {
  observe_time(now);
  auto i = sessions_.find(s);
  if (i == sessions_.end())
    return errc::unknown_session;
  auto& ls = i->second;
  if (ls.state.customer() != customer)
    return errc::not_permitted;
  if (ls.state.state() == session_state::waiting)
    finish(now, ls, session_state::abandoned, customer,
           transition_reason::customer_left);
  else
    finish(now, ls, session_state::closed, customer,
           transition_reason::closed_by_customer);
  return {};
}

// -- operators ----------------------------------------------------------------

expected<void> router::set_status(timestamp now, operator_id op,
                                  operator_status status) {
  observe_time(now);
  if (!dir_.exists(op))
    return errc::unknown_user;
  auto& o = ensure_operator(op);
  auto before = o.status;
  if (before == status)
    return {};
  o.status = status;
  if (status == operator_status::online)
    o.last_activity = now;
  for (const auto& m : o.memberships) {
    if (before == operator_status::online)
      --queues_[m.queue].online;
    if (status == operator_status::online)
      ++queues_[m.queue].online;
  }
  refresh(op);
  events_.emplace_back(status_event{now, op, status, capacity_of(o)});
  if (status == operator_status::online) {
    dispatch_operator(now, op);
    return {};
  }
  if (status != operator_status::offline)
    return {};
  // Offline: personal transfers waiting for this operator go to the group,
  // and each held session follows its chat's policy, oldest first.
  std::vector<std::uint32_t> touched;
  while (!o.direct.empty()) {
    auto& ls = sessions_.at(o.direct.begin()->second);
    return_to_group_queue(ls);
    touched.push_back(ls.queue);
  }
  auto held = o.active;
  for (auto sid : held) {
    auto& ls = sessions_.at(sid);
    switch (chats_[ls.state.chat().value].def.on_offline) {
      case offline_policy::keep: break;
      case offline_policy::close:
        finish(now, ls, session_state::closed, op,
               transition_reason::operator_offline);
        break;
      case offline_policy::requeue:
        requeue_held(now, op, sid);
        touched.push_back(ls.queue);
        break;
    }
  }
  dispatch_queues(now, std::move(touched));
  return {};
}

expected<void> router::close_session(timestamp now, user_id actor,
                                     session_id s) {
  observe_time(now);
  auto i = sessions_.find(s);
  if (i == sessions_.end())
    return errc::unknown_session;
  auto& ls = i->second;
  transition_reason why;
  if (ls.state.state() == session_state::assigned && actor == ls.assignee)
    why = transition_reason::closed_by_operator;
  else if (actor == ls.state.customer())
    why = transition_reason::closed_by_customer;
  else if (is_supervisor(actor, ls.state.chat()))
    why = transition_reason::closed_by_supervisor;
  else
    return errc::not_permitted;
  if (ls.state.state() != session_state::assigned)
    return errc::illegal_transition;
  finish(now, ls, session_state::closed, actor, why);
  return {};
}

expected<void> router::transfer(timestamp now, operator_id op, session_id s,
                                group_id expert_group, user_id expert) {
  observe_time(now);
  auto i = sessions_.find(s);
  if (i == sessions_.end())
    return errc::unknown_session;
  auto& ls = i->second;
  if (ls.state.state() != session_state::assigned)
    return errc::illegal_transition;
  if (ls.assignee != op)
    return errc::not_assigned_to_you;
  const auto& cs = chats_[ls.state.chat().value];
  auto g = std::find(cs.def.expert_groups.begin(), cs.def.expert_groups.end(),
                     expert_group);
  if (g == cs.def.expert_groups.end())
    return errc::not_an_expert_group;
  if (expert.valid() && !dir_.is_member(expert, expert_group))
    return errc::not_an_expert_group;
  // An Offline expert cannot take it: the whole group serves instead.
  if (expert.valid() && status_of(expert) == operator_status::offline)
    expert = {};
  auto ok = ls.state.apply(session_state::transferred, now, op,
                           transition_reason::transfer_to_expert);
  assert(ok);
  (void)ok;
  // The handling so far counts for the queue it was served from.
  queues_[ls.queue].handle.observe(now - ls.served_since);
  ls.queue = cs.expert_queues[static_cast<std::size_t>(
    g - cs.def.expert_groups.begin())];
  ls.target_user = expert;
  emit(session_event_kind::transferred, now, ls, op,
       transition_reason::transfer_to_expert, op);
  release(now, op, s);
  ls.assignee = {};
  ++ls.transfers;
  std::size_t waiting_now = queues_[ls.queue].waiting.size();
  if (expert.valid()) {
    waiting_now = 0;
    for (const auto& entry : operators_[expert.value].direct)
      if (sessions_.at(entry.second).state.chat() == ls.state.chat())
        ++waiting_now;
  }
  auto rank = cs.def.transfers_first ? rank_transferred : rank_new;
  if (waiting_now >= cs.def.queue_limit) {
    // It entered the queue and was turned away at once.
    auto ok2 = ls.state.apply(session_state::waiting, now, op,
                              transition_reason::entered_expert_queue);
    assert(ok2);
    (void)ok2;
    emit(session_event_kind::queued, now, ls, op,
         transition_reason::entered_expert_queue, {});
    finish(now, ls, session_state::rejected, op, transition_reason::queue_full);
  } else {
    auto queue_index = ls.queue;
    enqueue(now, ls, op, transition_reason::entered_expert_queue, rank);
    if (expert.valid())
      dispatch_operator(now, expert);
    else
      dispatch_queues(now, {queue_index});
  }
  dispatch_operator(now, op);
  return {};
}

// -- supervisors ------------------------------------------------------------

expected<void> router::supervisor_assign(timestamp now, user_id supervisor,
                                         session_id s, operator_id op) {
  observe_time(now);
  auto i = sessions_.find(s);
  if (i == sessions_.end())
    return errc::unknown_session;
  auto& ls = i->second;
  if (!is_supervisor(supervisor, ls.state.chat()))
    return errc::not_permitted;
  auto st = ls.state.state();
  if (st != session_state::waiting && st != session_state::assigned)
    return errc::illegal_transition;
  if (!dir_.exists(op) || (st == session_state::assigned && op == ls.assignee))
    return errc::invalid_argument;
  const auto& q = queues_[ls.queue];
  const auto& o = ensure_operator(op);
  bool in_pool = std::any_of(o.memberships.begin(), o.memberships.end(),
                             [&](const membership& m) {
                               return m.queue == ls.queue;
                             });
  if (!in_pool || !eligible_for(o, q))
    return errc::not_eligible;
  auto previous = ls.assignee; // valid only when reassigning
  bool reassign = st == session_state::assigned;
  assign(now, ls, op, supervisor,
         reassign ? transition_reason::supervisor_reassign
                  : transition_reason::supervisor_assign);
  if (reassign)
    dispatch_operator(now, previous);
  return {};
}

expected<chat_snapshot> router::snapshot(user_id supervisor,
                                         chat_id chat) const {
  if (!has_chat(chat))
    return errc::unknown_chat;
  if (!is_supervisor(supervisor, chat))
    return errc::not_permitted;
  const auto& cs = chats_[chat.value];
  chat_snapshot out;
  out.chat = chat;
  std::vector<std::uint32_t> queue_ids{cs.main_queue};
  queue_ids.insert(queue_ids.end(), cs.expert_queues.begin(),
                   cs.expert_queues.end());
  std::vector<operator_id> seen;
  auto add_waiting = [&](const waiting_set& set) {
    for (const auto& [key, sid] : set) {
      const auto& ls = sessions_.at(sid);
      if (ls.state.chat() != chat)
        continue;
      out.waiting.push_back(waiting_entry{
        sid, ls.state.customer(), ls.state.arrived(), ls.state.queued_at(),
        queues_[ls.queue].expert_group, ls.target_user});
    }
  };
  for (auto qi : queue_ids) {
    const auto& q = queues_[qi];
    add_waiting(q.waiting);
    for (auto op : q.pool) {
      if (std::find(seen.begin(), seen.end(), op) != seen.end())
        continue;
      seen.push_back(op);
      const auto& o = operators_[op.value];
      out.operators.push_back(operator_entry{op, o.status, o.load, o.active});
    }
  }
  // Personal transfers wait with their expert: list those of this chat too.
  for (auto op : seen)
    add_waiting(operators_[op.value].direct);
  return out;
}

// -- queries ----------------------------------------------------------------

std::size_t router::chat_count() const noexcept {
  return chats_.size();
}

const live_chat_definition& router::definition(chat_id c) const {
  assert(c.value < chats_.size());
  return chats_[c.value].def;
}

expected<chat_id> router::find_chat(std::string_view name) const {
  for (std::size_t i = 0; i < chats_.size(); ++i)
    if (!chats_[i].removed && chats_[i].def.name == name)
      return chat_id{static_cast<chat_id::value_type>(i)};
  return errc::unknown_chat;
}

const session* router::find_session(session_id s) const {
  auto i = sessions_.find(s);
  return i == sessions_.end() ? nullptr : &i->second.state;
}

operator_id router::holder(session_id s) const {
  auto i = sessions_.find(s);
  if (i == sessions_.end()
      || i->second.state.state() != session_state::assigned)
    return {};
  return i->second.assignee;
}

expected<message_route> router::route_message(user_id from,
                                              session_id s) const {
  auto i = sessions_.find(s);
  if (i == sessions_.end())
    return errc::unknown_session;
  return livechat::route_message(from, i->second.state.customer(), holder(s));
}

operator_status router::status_of(operator_id op) const {
  return op.value < operators_.size() ? operators_[op.value].status
                                      : operator_status::offline;
}

int router::load_of(operator_id op) const {
  return op.value < operators_.size() ? operators_[op.value].load : 0;
}

operator_view router::view_of(operator_id op) const {
  if (op.value >= operators_.size())
    return {};
  const auto& o = operators_[op.value];
  return {o.status, o.active};
}

std::size_t router::waiting_count(chat_id c) const {
  assert(c.value < chats_.size());
  return chats_[c.value].waiting;
}

std::size_t router::live_session_count() const noexcept {
  return sessions_.size();
}

std::vector<routing_event> router::take_events() {
  std::vector<routing_event> out;
  out.swap(events_);
  return out;
}

void router::take_events(std::vector<routing_event>& out) {
  out.clear();
  out.swap(events_);
}

} // namespace livechat
