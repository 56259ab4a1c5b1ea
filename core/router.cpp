#include "core/router.hpp"

#include <algorithm>
#include <cassert>

namespace livechat {

namespace {

constexpr int rank_requeued = 0;
constexpr int rank_transferred = 1;
constexpr int rank_new = 2;

} // namespace

router::router(directory dir) : dir_(std::move(dir)) {
  operators_.resize(dir_.users().size());
}

// -- administration -----------------------------------------------------------

expected<user_id> router::add_user(std::string name) {
  auto id = dir_.add_user(std::move(name));
  if (id)
    ensure_operator(*id);
  return id;
}

expected<group_id> router::create_group(timestamp now, user_id actor,
                                        std::string name,
                                        std::span<const user_id> members) {
  auto g = dir_.create_group(actor, std::move(name), members);
  if (g)
    rebuild_pools(now); // a new group joins no chat yet; cheap no-op pools
  return g;
}

expected<void> router::add_member(timestamp now, user_id actor, group_id g,
                                  user_id member) {
  if (auto ok = dir_.add_member(actor, g, member); !ok)
    return ok;
  rebuild_pools(now);
  return {};
}

expected<void> router::remove_member(timestamp now, user_id actor, group_id g,
                                     user_id member) {
  if (auto ok = dir_.remove_member(actor, g, member); !ok)
    return ok;
  rebuild_pools(now);
  return {};
}

expected<chat_id> router::define_live_chat(timestamp now, user_id actor,
                                           live_chat_definition def) {
  if (!dir_.is_administrator(actor))
    return errc::not_permitted;
  if (auto ok = validate(def, dir_); !ok)
    return ok.error();
  if (find_chat(def.name))
    return errc::duplicate_name;
  chat_id id{static_cast<chat_id::value_type>(chats_.size())};
  chat_state cs;
  auto add_queue = [&](group_id expert) {
    queues_.emplace_back();
    queues_.back().chat = id;
    queues_.back().expert_group = expert;
    return static_cast<std::uint32_t>(queues_.size() - 1);
  };
  cs.main_queue = add_queue(group_id{});
  for (auto g : def.expert_groups)
    cs.expert_queues.push_back(add_queue(g));
  cs.def = std::move(def);
  chats_.push_back(std::move(cs));
  rebuild_pools(now);
  return id;
}

// -- pools and eligibility
// ------------------------------------------------------

router::operator_state& router::ensure_operator(operator_id op) {
  if (op.value >= operators_.size())
    operators_.resize(op.value + 1);
  return operators_[op.value];
}

void router::rebuild_pools(timestamp now) {
  // Administrative changes are rare: rebuild every pool from the directory.
  // Policies restart (round-robin position, random stream) on a rebuild.
  operators_.resize(std::max(operators_.size(), dir_.users().size()));
  std::vector<int> capacity_before;
  capacity_before.reserve(operators_.size());
  for (auto& o : operators_) {
    capacity_before.push_back(capacity_of(o));
    o.memberships.clear();
  }
  for (std::uint32_t qi = 0; qi < queues_.size(); ++qi)
    rebuild_pool(qi);
  for (std::uint32_t u = 0; u < operators_.size(); ++u) {
    auto& o = operators_[u];
    refresh(operator_id{u});
    // Statistics integrate capacity over time: tell them it changed.
    if (auto cap = capacity_of(o); cap != capacity_before[u])
      events_.emplace_back(status_event{now, operator_id{u}, o.status, cap});
  }
  dispatch_everything(now);
}

void router::rebuild_pool(std::uint32_t qi) {
  auto& q = queues_[qi];
  const auto& def = chats_[q.chat.value].def;
  q.capacity = def.capacity;
  q.pool.clear();
  auto add_group = [&](group_id g) {
    for (auto member : dir_.get(g).members)
      if (std::find(q.pool.begin(), q.pool.end(), member) == q.pool.end())
        q.pool.push_back(member);
  };
  if (q.expert_group.valid())
    add_group(q.expert_group);
  else
    for (auto g : def.operator_groups)
      add_group(g);
  q.policy = make_routing_policy(def.routing, q.pool.size(),
                                 def.seed ^ (std::uint64_t{qi} << 32));
  q.online = 0;
  for (pool_position pos = 0; pos < q.pool.size(); ++pos) {
    auto& o = ensure_operator(q.pool[pos]);
    o.memberships.push_back(membership{qi, pos});
    if (o.status == operator_status::online)
      ++q.online;
  }
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

void router::dispatch_queue(timestamp now, std::uint32_t qi) {
  auto& q = queues_[qi];
  while (!q.waiting.empty()) {
    auto pos = q.policy->choose();
    if (!pos)
      return;
    auto op = q.pool[*pos];
    auto& ls = sessions_.at(q.waiting.begin()->second);
    q.policy->on_chosen(*pos);
    assign(now, ls, op, op, transition_reason::routed);
  }
}

void router::dispatch_operator(timestamp now, operator_id op) {
  auto& o = operators_[op.value];
  while (o.status == operator_status::online) {
    // Among the heads this operator may take, the one to serve first.
    const std::pair<queue_key, session_id>* best = nullptr;
    const membership* best_from = nullptr;
    if (!o.direct.empty()) {
      const auto& head = *o.direct.begin();
      const auto& ls = sessions_.at(head.second);
      if (o.load < chats_[ls.state.chat().value].def.capacity)
        best = &head;
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

void router::dispatch_everything(timestamp now) {
  for (std::uint32_t qi = 0; qi < queues_.size(); ++qi)
    dispatch_queue(now, qi);
  for (std::uint32_t u = 0; u < operators_.size(); ++u)
    if (!operators_[u].direct.empty())
      dispatch_operator(now, operator_id{u});
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
  ls.key = queue_key{rank, since, next_seq_++};
  ls.queued = true;
  if (ls.target_user.valid()) {
    ls.waiting_direct = true;
    ensure_operator(ls.target_user).direct.emplace(ls.key, ls.state.id());
  } else {
    queues_[ls.queue].waiting.emplace(ls.key, ls.state.id());
  }
  emit(session_event_kind::queued, now, ls, actor, why, {});
}

void router::unqueue(live_session& ls) {
  if (!ls.queued)
    return;
  ls.queued = false;
  if (ls.waiting_direct) {
    operators_[ls.target_user.value].direct.erase({ls.key, ls.state.id()});
    ls.waiting_direct = false;
  } else {
    queues_[ls.queue].waiting.erase({ls.key, ls.state.id()});
  }
}

void router::assign(timestamp now, live_session& ls, operator_id op,
                    user_id actor, transition_reason why) {
  operator_id previous; // valid only for a reassignment
  if (ls.state.state() == session_state::waiting) {
    unqueue(ls);
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
    unqueue(ls);
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
  if (chat.value >= chats_.size())
    return errc::unknown_chat;
  const auto& cs = chats_[chat.value];
  if (cs.def.is_internal()
      && !dir_.is_member_of_any(customer, cs.def.customer_groups))
    return errc::not_permitted;
  session_id id{next_session_++};
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
  ls.key = queue_key{rank_new, now, next_seq_++};
  ls.queued = true;
  q.waiting.emplace(ls.key, id);
  emit(session_event_kind::queued, now, ls, customer,
       transition_reason::arrived, {});
  dispatch_queue(now, cs.main_queue);
  return session_ticket{id, ls.state.state()};
}

expected<void> router::leave(timestamp now, user_id customer, session_id s) {
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
  if (!dir_.contains(op))
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
  // Offline: each held session follows its chat's policy, oldest first.
  auto held = o.active;
  std::vector<std::uint32_t> touched;
  for (auto sid : held) {
    auto& ls = sessions_.at(sid);
    switch (chats_[ls.state.chat().value].def.on_offline) {
      case offline_policy::keep: break;
      case offline_policy::close:
        finish(now, ls, session_state::closed, op,
               transition_reason::operator_offline);
        break;
      case offline_policy::requeue: {
        ls.target_user = {}; // its expert is gone; back to the group queue
        auto handle_start = ls.state.assigned_at();
        release(now, op, sid);
        ls.assignee = {};
        enqueue(now, ls, op, transition_reason::operator_offline,
                rank_requeued);
        auto& ev = std::get<session_event>(events_.back());
        ev.op = op;
        ev.assigned_at = handle_start;
        touched.push_back(ls.queue);
        break;
      }
    }
  }
  for (auto qi : touched)
    dispatch_queue(now, qi);
  return {};
}

expected<void> router::close_session(timestamp now, user_id actor,
                                     session_id s) {
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
  auto ok = ls.state.apply(session_state::transferred, now, op,
                           transition_reason::transfer_to_expert);
  assert(ok);
  (void)ok;
  emit(session_event_kind::transferred, now, ls, op,
       transition_reason::transfer_to_expert, op);
  release(now, op, s);
  ls.assignee = {};
  ++ls.transfers;
  ls.queue = cs.expert_queues[static_cast<std::size_t>(
    g - cs.def.expert_groups.begin())];
  ls.target_user = expert;
  auto& q = queues_[ls.queue];
  auto waiting_now = expert.valid() ? operators_[expert.value].direct.size()
                                    : q.waiting.size();
  if (waiting_now >= cs.def.queue_limit) {
    auto ok2 = ls.state.apply(session_state::waiting, now, op,
                              transition_reason::entered_expert_queue);
    assert(ok2);
    (void)ok2;
    finish(now, ls, session_state::rejected, op, transition_reason::queue_full);
  } else {
    enqueue(now, ls, op, transition_reason::entered_expert_queue,
            cs.def.transfers_first ? rank_transferred : rank_new);
    if (expert.valid())
      dispatch_operator(now, expert);
    else
      dispatch_queue(now, ls.queue);
  }
  dispatch_operator(now, op);
  return {};
}

// -- supervisors
// ----------------------------------------------------------------

expected<void> router::supervisor_assign(timestamp now, user_id supervisor,
                                         session_id s, operator_id op) {
  auto i = sessions_.find(s);
  if (i == sessions_.end())
    return errc::unknown_session;
  auto& ls = i->second;
  if (!is_supervisor(supervisor, ls.state.chat()))
    return errc::not_permitted;
  auto st = ls.state.state();
  if (st != session_state::waiting && st != session_state::assigned)
    return errc::illegal_transition;
  if (!dir_.contains(op)
      || (st == session_state::assigned && op == ls.assignee))
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
  if (chat.value >= chats_.size())
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

// -- queries
// --------------------------------------------------------------------

std::size_t router::chat_count() const noexcept {
  return chats_.size();
}

const live_chat_definition& router::definition(chat_id c) const {
  assert(c.value < chats_.size());
  return chats_[c.value].def;
}

expected<chat_id> router::find_chat(std::string_view name) const {
  for (std::size_t i = 0; i < chats_.size(); ++i)
    if (chats_[i].def.name == name)
      return chat_id{static_cast<chat_id::value_type>(i)};
  return errc::unknown_chat;
}

const session* router::find_session(session_id s) const {
  auto i = sessions_.find(s);
  return i == sessions_.end() ? nullptr : &i->second.state;
}

operator_status router::status_of(operator_id op) const {
  return op.value < operators_.size() ? operators_[op.value].status
                                      : operator_status::offline;
}

int router::load_of(operator_id op) const {
  return op.value < operators_.size() ? operators_[op.value].load : 0;
}

std::size_t router::waiting_count(chat_id c) const {
  assert(c.value < chats_.size());
  const auto& cs = chats_[c.value];
  auto n = queues_[cs.main_queue].waiting.size();
  for (auto qi : cs.expert_queues)
    n += queues_[qi].waiting.size();
  for (const auto& o : operators_)
    for (const auto& [key, sid] : o.direct)
      if (sessions_.at(sid).state.chat() == c)
        ++n;
  return n;
}

std::size_t router::live_session_count() const noexcept {
  return sessions_.size();
}

std::vector<routing_event> router::take_events() {
  std::vector<routing_event> out;
  out.swap(events_);
  return out;
}

} // namespace livechat
