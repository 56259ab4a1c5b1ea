#include "actors/participants.hpp"

#include "core/session_rules.hpp"
#include "core/supervision.hpp"

#include <algorithm>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

namespace livechat::actors {

namespace {

// -- operator
// -------------------------------------------------------------------

struct operator_state {
  user_id id;
  live_chat_actor domain;
  operator_view view;
  std::vector<session_listener> clients;
  static constexpr const char* name = "livechat.operator";
};

operator_actor::behavior_type
operator_impl(operator_actor::stateful_pointer<operator_state> self, user_id id,
              live_chat_actor domain) {
  self->state.id = id;
  self->state.domain = domain;
  if (domain)
    self->send(domain, join_atom_v, id,
               caf::actor_cast<session_listener>(self));
  auto no_domain = [] {
    return caf::make_error(errc::not_eligible);
  };
  return {
    [=](status_atom, operator_status status) -> caf::result<void> {
      auto& st = self->state;
      if (!st.domain) { // serves no chat: nothing to route
        st.view.status = status;
        return caf::unit;
      }
      return self->delegate(st.domain, status_atom_v, st.id, status);
    },
    [=](close_atom, session_id s) -> caf::result<void> {
      if (!self->state.domain)
        return no_domain();
      return self->delegate(self->state.domain, close_atom_v, self->state.id,
                            s);
    },
    [=](transfer_atom, session_id s, group_id g,
        user_id expert) -> caf::result<void> {
      if (!self->state.domain)
        return no_domain();
      return self->delegate(self->state.domain, transfer_atom_v, self->state.id,
                            s, g, expert);
    },
    [=](message_atom, session_id s, std::string& text) -> caf::result<void> {
      if (!self->state.domain)
        return no_domain();
      return self->delegate(self->state.domain, message_atom_v, self->state.id,
                            s, std::move(text));
    },
    [=](get_atom) {
      return self->state.view;
    },
    [=](subscribe_atom, session_listener client) {
      self->state.clients.push_back(std::move(client));
    },
    [=](join_atom, caf::actor& serving_in) {
      // The deployment moved it (it started serving, or its domain merged
      // into another): it keeps its view, sessions and clients.
      auto& st = self->state;
      st.domain = caf::actor_cast<live_chat_actor>(serving_in);
      self->send(st.domain, join_atom_v, st.id,
                 caf::actor_cast<session_listener>(self));
    },
    [=](event_atom, const session_event& e) {
      auto& st = self->state;
      auto& held = st.view.sessions;
      if (holder_after(e) == st.id)
        held.push_back(e.session);
      else if (released_by(e) == st.id)
        std::erase(held, e.session);
      for (auto& client : st.clients)
        self->send(client, event_atom_v, e);
    },
    [=](event_atom, const status_event& e) {
      auto& st = self->state;
      if (e.op == st.id)
        st.view.status = e.status;
      for (auto& client : st.clients)
        self->send(client, event_atom_v, e);
    },
    [=](message_atom, const chat_message& msg) {
      for (auto& client : self->state.clients)
        self->send(client, message_atom_v, msg);
    },
  };
}

// -- customer
// -------------------------------------------------------------------

struct customer_state {
  customer_config cfg;
  session_id session;
  session_state state = session_state::waiting;
  bool opened = false;
  /// The domain answered `open`. Until then the customer must not stop even
  /// if its session already ended (rejected at once), or the answer is lost.
  bool answered = false;
  std::vector<session_listener> clients;
  static constexpr const char* name = "livechat.customer";
};

customer_actor::behavior_type
customer_impl(customer_actor::stateful_pointer<customer_state> self,
              customer_config cfg) {
  // No link or monitor to its domain: each would leave a record in the
  // domain for every customer ever spawned (a monitor's entry outlives the
  // customer), i.e. memory growing with total sessions. An unfinished
  // customer is kept alive only by its domain's reference (and its patience
  // timer); when the domain stops, it goes too.
  self->state.cfg = std::move(cfg);
  return {
    [=](open_atom) -> caf::result<session_ticket> {
      auto& st = self->state;
      if (st.opened)
        return caf::make_error(errc::illegal_transition);
      st.opened = true;
      if (st.cfg.patience)
        self->delayed_send(self, st.cfg.clock.to_actor(*st.cfg.patience),
                           patience_atom_v);
      auto rp = self->make_response_promise<session_ticket>();
      self
        ->request(st.cfg.domain, caf::infinite, open_atom_v, st.cfg.id,
                  st.cfg.chat, caf::actor_cast<session_listener>(self))
        .then(
          [=](session_ticket t) mutable {
            auto& cs = self->state;
            cs.session = t.id;
            cs.answered = true;
            rp.deliver(t);
            if (cs.state == session_state::closed) // ended meanwhile
              self->quit();
          },
          [=](caf::error& err) mutable {
            rp.deliver(err);
            self->quit();
          });
      return rp;
    },
    [=](message_atom, std::string& text) -> caf::result<void> {
      auto& st = self->state;
      return self->delegate(st.cfg.domain, message_atom_v, st.cfg.id,
                            st.session, std::move(text));
    },
    [=](leave_atom) -> caf::result<void> {
      auto& st = self->state;
      return self->delegate(st.cfg.domain, leave_atom_v, st.cfg.id, st.session);
    },
    [=](patience_atom) {
      auto& st = self->state;
      // Its session may have been answered in the meantime: then it stays.
      if (st.state == session_state::waiting)
        self->send(st.cfg.domain, leave_atom_v, st.cfg.id, st.session);
    },
    [=](subscribe_atom, session_listener client) {
      self->state.clients.push_back(std::move(client));
    },
    [=](event_atom, const session_event& e) {
      auto& st = self->state;
      st.session = e.session;
      switch (e.kind) {
        case session_event_kind::queued:
        case session_event_kind::transferred:
          st.state = session_state::waiting;
          break;
        case session_event_kind::assigned:
          st.state = session_state::assigned;
          break;
        default: st.state = session_state::closed; break; // ended
      }
      for (auto& client : st.clients)
        self->send(client, event_atom_v, e);
      if (ends_session(e.kind) && st.answered)
        self->quit();
    },
    [=](event_atom, const status_event&) {},
    [=](message_atom, const chat_message& msg) {
      for (auto& client : self->state.clients)
        self->send(client, message_atom_v, msg);
    },
  };
}

// -- supervisor
// -----------------------------------------------------------------

struct supervisor_state {
  supervisor_config cfg;
  /// Live sessions of its chats and the chat of each (lookup only).
  std::unordered_map<session_id, chat_id> chat_of;
  /// Waiting sessions of `distributes` chats whose reaction time has passed
  /// but that found nobody free yet, in the order they became due.
  std::vector<session_id> due;
  static constexpr const char* name = "livechat.supervisor";

  live_chat_actor domain_of(chat_id c) const {
    for (const auto& [chat, domain] : cfg.chats)
      if (chat == c)
        return domain;
    return {};
  }
  bool distributes(chat_id c) const {
    return std::find(cfg.distributes.begin(), cfg.distributes.end(), c)
           != cfg.distributes.end();
  }
};

using supervisor_pointer = supervisor_actor::stateful_pointer<supervisor_state>;

/// Tries the candidates in order until one assignment succeeds.
void try_assign(supervisor_pointer self, live_chat_actor domain, session_id s,
                std::vector<user_id> candidates, std::size_t next) {
  if (next >= candidates.size())
    return; // stays due; retried when capacity frees up
  self
    ->request(domain, caf::infinite, assign_atom_v, self->state.cfg.id, s,
              candidates[next])
    .then(
      [=] {
        std::erase(self->state.due, s);
      },
      [=](caf::error&) {
        try_assign(self, domain, s, candidates, next + 1);
      });
}

void distribute(supervisor_pointer self, session_id s) {
  auto& st = self->state;
  auto i = st.chat_of.find(s);
  if (i == st.chat_of.end()) {
    std::erase(st.due, s); // ended meanwhile
    return;
  }
  auto chat = i->second;
  auto domain = st.domain_of(chat);
  self->request(domain, caf::infinite, snapshot_atom_v, st.cfg.id, chat)
    .then([=](const chat_snapshot& snap) {
      auto candidates = assignment_candidates(snap, s);
      if (!candidates) {
        std::erase(self->state.due, s); // no longer waiting
        return;
      }
      try_assign(self, domain, s, std::move(*candidates), 0);
    });
}

supervisor_actor::behavior_type supervisor_impl(supervisor_pointer self,
                                                supervisor_config cfg) {
  self->state.cfg = std::move(cfg);
  std::vector<live_chat_actor> joined;
  for (const auto& [chat, domain] : self->state.cfg.chats)
    if (std::find(joined.begin(), joined.end(), domain) == joined.end()) {
      joined.push_back(domain);
      self->send(domain, join_atom_v, self->state.cfg.id,
                 caf::actor_cast<session_listener>(self));
    }
  return {
    [=](snapshot_atom, chat_id chat) -> caf::result<chat_snapshot> {
      auto domain = self->state.domain_of(chat);
      if (!domain)
        return caf::make_error(errc::not_permitted);
      return self->delegate(domain, snapshot_atom_v, self->state.cfg.id, chat);
    },
    [=](assign_atom, session_id s, user_id op) -> caf::result<void> {
      auto& st = self->state;
      auto i = st.chat_of.find(s);
      if (i == st.chat_of.end())
        return caf::make_error(errc::unknown_session);
      return self->delegate(st.domain_of(i->second), assign_atom_v, st.cfg.id,
                            s, op);
    },
    [=](distribute_atom, session_id s) {
      auto& st = self->state;
      if (std::find(st.due.begin(), st.due.end(), s) == st.due.end())
        st.due.push_back(s);
      distribute(self, s);
    },
    [=](event_atom, const session_event& e) {
      auto& st = self->state;
      if (ends_session(e.kind)) {
        st.chat_of.erase(e.session);
        std::erase(st.due, e.session);
      } else {
        st.chat_of[e.session] = e.chat;
      }
      if (e.kind == session_event_kind::queued && st.distributes(e.chat)
          && st.cfg.reaction_time)
        self->delayed_send(self, st.cfg.clock.to_actor(st.cfg.reaction_time()),
                           distribute_atom_v, e.session);
      // Capacity was freed: retry what is due, oldest first.
      if (frees_capacity(e))
        for (auto s : std::vector<session_id>{st.due})
          distribute(self, s);
    },
    [=](event_atom, const status_event& e) {
      if (e.status == operator_status::online)
        for (auto s : std::vector<session_id>{self->state.due})
          distribute(self, s);
    },
    [=](message_atom, const chat_message&) {},
  };
}

} // namespace

operator_actor spawn_operator(caf::actor_system& sys, user_id id,
                              live_chat_actor domain) {
  return sys.spawn(operator_impl, id, std::move(domain));
}

customer_actor spawn_customer(caf::actor_system& sys, customer_config config) {
  return sys.spawn(customer_impl, std::move(config));
}

supervisor_actor spawn_supervisor(caf::actor_system& sys,
                                  supervisor_config config) {
  return sys.spawn(supervisor_impl, std::move(config));
}

} // namespace livechat::actors
