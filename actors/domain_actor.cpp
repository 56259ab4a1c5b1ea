#include "actors/domain_actor.hpp"

#include "actors/domain_state.hpp"
#include "actors/stream_registry.hpp"
#include "core/audience.hpp"
#include "core/router.hpp"
#include "core/session_rules.hpp"

#include <algorithm>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <memory>
#include <optional>
#include <unordered_map>

namespace livechat::actors {

namespace {

/// Hands an operator who takes a session with a history what was said
/// before (after a switch to an expert, a requeue, a reassignment), and lets
/// the store close a session that ended.
void keep_transcript(domain_state& st, const session_event& e) {
  if (!st.transcripts)
    return;
  if (e.kind == session_event_kind::assigned) {
    auto t = st.transcripts->get(e.session);
    if (!t.messages.empty())
      st.streams.publish(t, e.op);
  } else if (ends_session(e.kind)) {
    st.transcripts->end(e.session);
  }
}

/// A live session's transcript, for its customer, its holder or a
/// supervisor of its chat (core/session_rules.hpp).
caf::result<transcript> read_transcript(domain_pointer self, user_id reader,
                                        session_id id) {
  auto& st = self->state;
  const auto* ses = st.core->find_session(id);
  if (ses == nullptr)
    return caf::make_error(errc::unknown_session);
  const auto& def = st.core->definition(ses->chat());
  auto supervises = st.core->dir().is_member_of_any(reader,
                                                    def.supervisor_groups);
  if (!may_read_transcript(reader, ses->customer(), st.core->holder(id),
                           supervises))
    return caf::make_error(errc::not_permitted);
  if (!st.transcripts)
    return transcript{.session = id};
  return st.transcripts->get(id);
}

/// Tells watched waiting sessions where they stand now (one pass over the
/// queues of each chat: O(waiting sessions) per routing step, and only
/// while a customer watches).
void tell_standings(domain_state& st) {
  if (!st.streams.watches_sessions())
    return;
  for (std::size_t c = 0; c < st.global_of_local.size(); ++c) {
    st.core->standings(chat_id{static_cast<chat_id::value_type>(c)},
                       st.standings);
    for (auto& s : st.standings)
      s.chat = st.global_of_local[c];
    st.streams.publish(st.standings);
  }
}

} // namespace

/// Sends the router's new events to everyone they concern, in emission order:
/// the session's customer, the audience the core names (core/audience.hpp)
/// among those who joined, and every subscriber.
void publish(domain_pointer self) {
  auto& st = self->state;
  st.core->take_events(st.published);
  for (auto& ev : st.published) {
    if (auto* status = std::get_if<status_event>(&ev)) {
      if (st.observer)
        st.observer(ev);
      status_audience(*status, st.supervisors, st.notified);
      for (auto u : st.notified)
        if (auto* who = st.participant(u))
          self->send(*who, event_atom_v, *status);
      for (auto& sub : st.subscribers)
        self->send(sub, event_atom_v, *status);
      st.streams.publish(*status, [&](chat_id c) {
        return st.serves(status->op, c);
      });
      continue;
    }
    auto e = std::get<session_event>(ev);
    auto local_chat = e.chat;
    e.chat = st.global_of_local[local_chat.value];
    if (st.observer)
      st.observer(routing_event{e});
    auto customer = st.customers.find(e.session);
    if (customer != st.customers.end())
      self->send(customer->second, event_atom_v, e);
    session_audience(e, st.supervisors[local_chat.value], st.notified);
    for (auto u : st.notified)
      if (auto* who = st.participant(u))
        self->send(*who, event_atom_v, e);
    for (auto& sub : st.subscribers)
      self->send(sub, event_atom_v, e);
    st.streams.publish(e, local_chat);
    keep_transcript(st, e);
    if (ends_session(e.kind) && customer != st.customers.end())
      st.customers.erase(customer);
  }
  tell_standings(st);
}

namespace {

/// Checks that `req.who` may watch what it asks for, pushes the snapshot
/// and adds the stream, all in one step: no event falls between them.
caf::result<void> watch(domain_pointer self, stream_request& req) {
  auto& st = self->state;
  auto& core = *st.core;
  auto reject = [&](errc e) -> caf::result<void> {
    return caf::make_error(e);
  };
  switch (req.what) {
    case stream_request::scope::chat: {
      auto local = st.local(req.chat);
      if (!local)
        return reject(errc::unknown_chat);
      auto snap = core.snapshot(req.who, *local); // supervisors only
      if (!snap)
        return reject(snap.error());
      snap->chat = req.chat;
      req.out->push(std::move(*snap));
      st.streams.watch_chat(*local, std::move(req.out));
      break;
    }
    case stream_request::scope::own: {
      bool serves_here = false;
      for (std::size_t c = 0; c < st.global_of_local.size(); ++c)
        serves_here
          = serves_here
            || st.serves(req.who, chat_id{static_cast<chat_id::value_type>(c)});
      if (!serves_here)
        return reject(errc::not_permitted);
      req.out->push(core.view_of(req.who));
      st.streams.watch_operator(req.who, std::move(req.out));
      break;
    }
    case stream_request::scope::session: {
      const auto* ses = core.find_session(req.session);
      if (ses == nullptr)
        return reject(errc::unknown_session);
      if (ses->customer() != req.who)
        return reject(errc::not_permitted);
      req.out->push(session_view{req.session,
                                 st.global_of_local[ses->chat().value],
                                 ses->state(), core.holder(req.session)});
      st.streams.watch_session(req.session, std::move(req.out));
      tell_standings(st); // where it stands, if it waits
      break;
    }
  }
  return caf::unit;
}

/// Runs one router call at the current time and publishes its events.
template <class F>
caf::result<void> apply(domain_pointer self, F&& call) {
  auto now = self->state.clock.to_core(self->clock().now());
  auto ok = call(*self->state.core, now);
  publish(self);
  if (!ok)
    return caf::make_error(ok.error());
  return caf::unit;
}

live_chat_actor::behavior_type domain_impl(domain_pointer self,
                                           domain_config cfg) {
  auto& st = self->state;
  st.clock = cfg.clock;
  st.observer = std::move(cfg.observer);
  st.message_observer = std::move(cfg.message_observer);
  st.transcripts = std::move(cfg.transcripts);
  st.core = std::make_unique<router>(std::move(cfg.dir));
  st.core->set_session_ids(cfg.first_session_id, cfg.session_id_stride);
  auto start = st.clock.to_core(self->clock().now());
  for (auto& [global, def] : cfg.chats) {
    auto local = st.core->define_live_chat(start, cfg.admin, std::move(def));
    assert(local && "spawn_domain: the runtime validates definitions first");
    (void)local;
    st.global_of_local.push_back(global);
  }
  st.participants.resize(st.core->dir().users().size());
  st.refresh_supervisors();
  (void)st.core->take_events();       // capacity notices of the initial setup
  (void)st.core->take_admin_events(); // the workspace keeps the audit trail
  return {
    [=](open_atom, user_id customer, chat_id chat,
        session_listener who) -> caf::result<session_ticket> {
      auto& s = self->state;
      auto local = s.local(chat);
      if (!local)
        return caf::make_error(errc::unknown_chat);
      auto now = s.clock.to_core(self->clock().now());
      auto ticket = s.core->open_session(now, customer, *local);
      if (!ticket)
        return caf::make_error(ticket.error());
      if (who) // a customer without a listener hears nothing but its ticket
        s.customers.emplace(ticket->id, std::move(who));
      publish(self);
      return *ticket;
    },
    // Closes come second: with opens they are most of a domain's messages,
    // and CAF tries the handlers in this order.
    [=](close_atom, user_id actor, session_id id) {
      return apply(self, [&](router& r, timestamp now) {
        return r.close_session(now, actor, id);
      });
    },
    [=](leave_atom, user_id customer, session_id id) {
      return apply(self, [&](router& r, timestamp now) {
        return r.leave(now, customer, id);
      });
    },
    [=](message_atom, user_id from, session_id id,
        std::string& text) -> caf::result<void> {
      auto& s = self->state;
      auto route = s.core->route_message(from, id);
      if (!route)
        return caf::make_error(route.error());
      chat_message msg{id, from, s.clock.to_core(self->clock().now()),
                       std::move(text)};
      if (s.message_observer)
        s.message_observer(msg);
      if (s.transcripts)
        s.transcripts->append(msg);
      if (route->from_customer) {
        if (auto* op = s.participant(route->to))
          self->send(*op, message_atom_v, msg);
      } else if (auto i = s.customers.find(id); i != s.customers.end()) {
        self->send(i->second, message_atom_v, msg);
      }
      for (auto& sub : s.subscribers)
        self->send(sub, message_atom_v, msg);
      s.streams.publish(msg, s.core->holder(id));
      return caf::unit;
    },
    [=](status_atom, user_id op, operator_status status) {
      return apply(self, [&](router& r, timestamp now) {
        return r.set_status(now, op, status);
      });
    },
    [=](transfer_atom, user_id op, session_id id, group_id target,
        user_id expert) {
      return apply(self, [&](router& r, timestamp now) {
        return r.transfer(now, op, id, target, expert);
      });
    },
    [=](assign_atom, user_id supervisor, session_id id, user_id op) {
      return apply(self, [&](router& r, timestamp now) {
        return r.supervisor_assign(now, supervisor, id, op);
      });
    },
    [=](snapshot_atom, user_id supervisor,
        chat_id chat) -> caf::result<chat_snapshot> {
      auto& s = self->state;
      auto local = s.local(chat);
      if (!local)
        return caf::make_error(errc::unknown_chat);
      auto snap = s.core->snapshot(supervisor, *local);
      if (!snap)
        return caf::make_error(snap.error());
      snap->chat = chat;
      return std::move(*snap);
    },
    [=](join_atom, user_id who, session_listener listener) {
      auto& s = self->state;
      if (who.value >= s.participants.size())
        s.participants.resize(who.value + 1);
      s.participants[who.value] = std::move(listener);
      s.refresh_supervisors();
    },
    [=](subscribe_atom, session_listener sub) {
      self->state.subscribers.push_back(std::move(sub));
    },
    [=](watch_atom, stream_request& req) {
      return watch(self, req);
    },
    [=](transcript_atom, user_id reader, session_id id) {
      return read_transcript(self, reader, id);
    },
    [=](admin_atom, user_id actor, admin_change& change, chat_id global) {
      return apply_admin(self, actor, change, global);
    },
    [=](restore_atom, restored_session& r) -> caf::result<void> {
      auto local = self->state.local(r.chat);
      if (!local)
        return caf::make_error(errc::unknown_chat);
      r.chat = *local;
      return apply(self, [&](router& core, timestamp now) {
        return core.restore_session(now, r);
      });
    },
    [=](merge_atom, caf::actor& into) {
      return merge_into(self, caf::actor_cast<live_chat_actor>(into));
    },
    [=](absorb_atom, domain_handover_ptr& from) {
      absorb(self, *from);
    },
  };
}

} // namespace

live_chat_actor spawn_domain(caf::actor_system& sys, domain_config config) {
  return sys.spawn(domain_impl, std::move(config));
}

} // namespace livechat::actors
