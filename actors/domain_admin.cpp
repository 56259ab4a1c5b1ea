// A routing domain's administration: the changes the workspace applies to
// it, and merging it into another domain when a change connects the two.
//
// Merging (the absorbed domain B, the absorbing one A; the workspace asks B):
//   1. B moves its router, chats, listeners and streams into a handover and
//      sends it to A; from then on B only forwards: every message it gets
//      goes on to A, after the handover (one sender, one receiver: CAF keeps
//      their order), so nothing sent to B is lost or handled twice.
//   2. A absorbs the handover (router::absorb keeps queues' order, holders,
//      session ids) and answers B, which answers the workspace.
// Handles to B stay valid forever: operators, customers and session ids
// that name B reach A through it.
#include "actors/domain_state.hpp"
#include "core/admin_change.hpp"

#include <algorithm>
#include <numeric>

namespace livechat::actors {

namespace {

/// `change` with its chat id replaced by the domain's own.
admin_change with_local_chat(const admin_change& change, chat_id local) {
  auto copy = change;
  std::visit(
    [&](auto& c) {
      if constexpr (requires { c.chat; })
        c.chat = local;
    },
    copy);
  return copy;
}

/// Everything a merged domain gets, delegated to the domain absorbing it.
live_chat_actor::behavior_type forward_all(domain_pointer self,
                                           live_chat_actor to) {
  return {
    [=](open_atom a, user_id c, chat_id ch, session_listener& w) {
      return self->delegate(to, a, c, ch, std::move(w));
    },
    [=](close_atom a, user_id actor, session_id s) {
      return self->delegate(to, a, actor, s);
    },
    [=](leave_atom a, user_id c, session_id s) {
      return self->delegate(to, a, c, s);
    },
    [=](message_atom a, user_id from, session_id s, std::string& text) {
      return self->delegate(to, a, from, s, std::move(text));
    },
    [=](status_atom a, user_id op, operator_status status) {
      return self->delegate(to, a, op, status);
    },
    [=](transfer_atom a, user_id op, session_id s, group_id g, user_id e) {
      return self->delegate(to, a, op, s, g, e);
    },
    [=](assign_atom a, user_id sup, session_id s, user_id op) {
      return self->delegate(to, a, sup, s, op);
    },
    [=](snapshot_atom a, user_id sup, chat_id ch) {
      return self->delegate(to, a, sup, ch);
    },
    [=](join_atom a, user_id who, session_listener& l) {
      return self->delegate(to, a, who, std::move(l));
    },
    [=](subscribe_atom a, session_listener& l) {
      return self->delegate(to, a, std::move(l));
    },
    [=](watch_atom a, stream_request& req) {
      return self->delegate(to, a, std::move(req));
    },
    [=](transcript_atom a, user_id reader, session_id s) {
      return self->delegate(to, a, reader, s);
    },
    [=](admin_atom a, user_id actor, admin_change& c, chat_id global) {
      return self->delegate(to, a, actor, std::move(c), global);
    },
    [=](restore_atom a, restored_session& r) {
      return self->delegate(to, a, std::move(r));
    },
    [=](merge_atom a, caf::actor& into) {
      return self->delegate(to, a, std::move(into));
    },
    [=](absorb_atom a, domain_handover_ptr& from) {
      return self->delegate(to, a, std::move(from));
    },
  };
}

/// Appends the listeners of `from` that `to` lacks (the runtime's sink
/// subscribes to every domain: after a merge it must hear each event once).
void add_missing(std::vector<session_listener>& to,
                 std::vector<session_listener>& from) {
  for (auto& l : from)
    if (std::none_of(to.begin(), to.end(), [&](const session_listener& x) {
          return x.address() == l.address();
        }))
      to.push_back(std::move(l));
}

} // namespace

caf::result<void> apply_admin(domain_pointer self, user_id actor,
                              const admin_change& change, chat_id global) {
  auto& st = self->state;
  auto now = st.clock.to_core(self->clock().now());
  expected<admin_created> done = errc::unknown_chat;
  if (auto chat = chat_of(change); chat.valid()) {
    if (auto local = st.local(chat))
      done = apply_change(*st.core, now, actor,
                          with_local_chat(change, *local));
  } else {
    done = apply_change(*st.core, now, actor, change);
  }
  if (done && std::holds_alternative<define_chat_change>(change)) {
    assert(std::get<chat_id>(*done).value == st.global_of_local.size()
           && "apply_admin: local chat ids are dense");
    st.global_of_local.push_back(global);
  }
  // The workspace keeps the audit trail; a domain's copy would repeat it.
  (void)st.core->take_admin_events();
  if (st.participants.size() < st.core->dir().users().size())
    st.participants.resize(st.core->dir().users().size());
  st.refresh_supervisors();
  publish(self);
  if (!done)
    return caf::make_error(done.error());
  return caf::unit;
}

caf::result<void> merge_into(domain_pointer self, live_chat_actor into) {
  auto& st = self->state;
  auto h = std::make_shared<domain_handover>();
  h->core = std::move(st.core);
  h->global_of_local = std::move(st.global_of_local);
  h->participants = std::move(st.participants);
  h->customers = std::move(st.customers);
  h->subscribers = std::move(st.subscribers);
  std::vector<chat_id> same(h->global_of_local.size());
  for (std::size_t c = 0; c < same.size(); ++c)
    same[c] = chat_id{static_cast<chat_id::value_type>(c)};
  h->streams.absorb(st.streams, same);
  auto rp = self->make_response_promise();
  self->request(into, caf::infinite, absorb_atom_v, domain_handover_ptr{h})
    .then(
      [rp]() mutable {
        rp.deliver(caf::unit);
      },
      [rp](caf::error& err) mutable {
        rp.deliver(std::move(err));
      });
  self->become(forward_all(self, std::move(into)));
  return rp;
}

void absorb(domain_pointer self, domain_handover& from) {
  auto& st = self->state;
  auto chat_of_theirs = st.core->absorb(std::move(*from.core));
  for (std::size_t c = 0; c < chat_of_theirs.size(); ++c) {
    auto local = chat_of_theirs[c].value;
    if (local >= st.global_of_local.size())
      st.global_of_local.resize(local + 1);
    st.global_of_local[local] = from.global_of_local[c];
  }
  if (st.participants.size() < from.participants.size())
    st.participants.resize(from.participants.size());
  for (std::size_t u = 0; u < from.participants.size(); ++u)
    if (!st.participants[u] && from.participants[u])
      st.participants[u] = std::move(from.participants[u]);
  st.customers.merge(from.customers);
  add_missing(st.subscribers, from.subscribers);
  st.streams.absorb(from.streams, chat_of_theirs);
  st.refresh_supervisors();
  publish(self); // the absorbed router's undrained events, and standings
}

} // namespace livechat::actors
