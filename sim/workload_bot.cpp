#include "sim/workload_bot.hpp"

#include "actors/participants.hpp"
#include "actors/protocol.hpp"
#include "core/contacts.hpp"
#include "sim/arrivals.hpp"

#include <algorithm>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>
#include <deque>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace livechat::sim {

namespace {

using namespace livechat::actors;

struct workload_bot_state {
  const bot_context* ctx = nullptr;
  std::size_t workload = 0;
  chat_id chat;
  live_chat_actor domain;
  std::optional<arrival_process> arrivals;
  /// When the arrival scheduled last is due (the next one is drawn from
  /// this time, not from the clock, which in live mode runs late).
  timestamp next_arrival{};
  std::optional<random_generator> arrival_gen;
  std::vector<user_id> customers; ///< internal chats: who may write
  /// External chats: the contact range of this workload, and the next
  /// contact's offset in it (see `contact_range`).
  std::uint32_t contacts_first = 0;
  std::uint32_t contacts_size = 1;
  std::uint32_t next_contact = 0;
  /// Opens sent and not yet answered, oldest first: who, and when.
  struct pending_open {
    user_id customer;
    caf::actor_clock::time_point sent;
  };
  std::deque<pending_open> opening;
  /// Production-actor path: opens sent through customer actors and not yet
  /// answered.
  std::size_t customer_opens = 0;
  /// Past the horizon: no arrival is scheduled any more.
  bool arrivals_over = false;
  /// Whether this workload counted itself in `bot_context::workloads_done`.
  bool counted_done = false;
  /// Production-actor path: the customer actor of each session whose
  /// patience is running.
  std::unordered_map<std::uint64_t, customer_actor> patient;
};

using workload_bot_pointer = caf::stateful_actor<workload_bot_state>*;

/// Each workload numbers the contacts of its fresh external customers in a
/// range of its own: 100 million numbers, fewer when that many ranges do not
/// fit in `max_contacts`. A workload with more customers than its range
/// holds starts over at the range's first contact (a customer who comes
/// back). Returns (first, size).
std::pair<std::uint32_t, std::uint32_t> contact_range(std::size_t workload,
                                                      std::size_t workloads) {
  auto size = std::min<std::size_t>(100'000'000, max_contacts / workloads);
  return {static_cast<std::uint32_t>(workload * size),
          static_cast<std::uint32_t>(size)};
}

/// A workload is done once its arrivals are over and every open it sent
/// was answered. Live mode ends a run only after every workload is done: an
/// open still on its way to the domain is no open session yet, so counting
/// the workload done when it sent its last open let a loaded run end before
/// that session was offered or its ticket came back.
void count_done_once_answered(workload_bot_pointer self) {
  auto& st = self->state;
  if (!st.arrivals_over || st.counted_done || !st.opening.empty()
      || st.customer_opens != 0)
    return;
  st.counted_done = true;
  ++st.ctx->workloads_done;
}

void schedule_next_arrival(workload_bot_pointer self, timestamp after) {
  auto& st = self->state;
  auto next = st.arrivals->next(after, *st.arrival_gen);
  if (!next) { // past the horizon: done once every open is answered
    st.arrivals_over = true;
    count_done_once_answered(self);
    return;
  }
  st.next_arrival = *next;
  // In live mode the clock has moved on a little since `after`: never
  // schedule into the past.
  auto now = st.ctx->clock.to_core(self->clock().now());
  schedule(self, *st.ctx, std::max(*next - now, duration::zero()),
           arrive_atom_v);
}

/// The customer id of the workload's next fresh contact.
user_id next_contact_customer(workload_bot_state& s) {
  contact_id c{s.contacts_first + s.next_contact};
  s.next_contact = (s.next_contact + 1) % s.contacts_size;
  return customer_of(c);
}

/// The customer got its ticket: a waiting one starts its patience.
/// `who` is its customer actor on the production-actor path.
void on_ticket(workload_bot_pointer self, user_id customer,
               const session_ticket& t, const customer_actor& who = {}) {
  auto& s = self->state;
  const auto& patience = s.ctx->patience[s.workload];
  if (t.state != session_state::waiting || !patience)
    return;
  if (who)
    s.patient.emplace(t.id.value, who);
  auto gen = s.ctx->stream(t.id.value, stream_purpose::patience);
  schedule(self, *s.ctx, patience->sample(gen), patience_atom_v, t.id,
           customer);
}

/// Production-actor path: a customer actor opens the session, as a
/// server's customer connection will.
void open_through_customer_actor(workload_bot_pointer self, user_id customer) {
  auto& s = self->state;
  auto who = spawn_customer(self->system(),
                            customer_config{customer, s.chat, s.domain,
                                            std::nullopt, s.ctx->clock});
  ++s.customer_opens;
  self->request(who, caf::infinite, open_atom_v)
    .then(
      [self, customer, who](const session_ticket& t) {
        --self->state.customer_opens;
        self->state.ctx->customer_of_session.emplace(t.id.value, who);
        on_ticket(self, customer, t, who);
        count_done_once_answered(self);
      },
      [self](caf::error&) { // refused: nothing to wait for
        --self->state.customer_opens;
        count_done_once_answered(self);
      });
}

caf::behavior workload_bot(workload_bot_pointer self, const bot_context* ctx,
                           std::size_t w, std::vector<duration> trace) {
  auto& st = self->state;
  st.ctx = ctx;
  st.workload = w;
  const auto& spec = ctx->sc.workload[w];
  auto chat_index = ctx->ws.chat_index.at(spec.live_chat.text);
  st.chat = chat_id{static_cast<std::uint32_t>(chat_index)};
  st.domain = ctx->domains[ctx->domain_of_chat[chat_index]];
  st.arrivals = arrival_process::from_spec(spec.arrivals, ctx->sc.horizon,
                                           std::move(trace));
  st.arrival_gen = ctx->stream(w, stream_purpose::arrivals);
  const auto& def = ctx->ws.chats[chat_index];
  for (auto g : def.customer_groups)
    for (auto u : ctx->ws.dir.get(g).members)
      st.customers.push_back(u);
  // External customers are contacts. Their numbers start as many into the
  // range as the directory has users: the numbers reports show are the
  // customer ids of when contacts were numbered past the directory's users.
  std::tie(st.contacts_first, st.contacts_size)
    = contact_range(w, ctx->sc.workload.size());
  st.next_contact
    = static_cast<std::uint32_t>(ctx->ws.dir.users().size() % st.contacts_size);
  // An open the domain refuses comes back as an error, in order too.
  self->set_error_handler([self](caf::error&) {
    if (!self->state.opening.empty())
      self->state.opening.pop_front();
    count_done_once_answered(self);
  });
  schedule_next_arrival(self, timestamp{});
  return {
    [=](arrive_atom) {
      auto& s = self->state;
      timer_fired(*s.ctx);
      user_id customer;
      if (!s.customers.empty())
        customer
          = s.customers[s.arrival_gen->uniform_index(s.customers.size())];
      else
        customer = next_contact_customer(s);
      if (!s.ctx->operators.empty()) {
        open_through_customer_actor(self, customer);
        schedule_next_arrival(self, s.next_arrival);
        return;
      }
      // The customers pass no listener: all they need is the ticket (and
      // whether a session still waits, which the observer knows), so the
      // domain sends them no events. The ticket comes back as an ordinary
      // message (cheaper than a request), in the order of the opens.
      s.opening.push_back({customer, self->clock().now()});
      self->send(s.domain, open_atom_v, customer, s.chat, session_listener{});
      schedule_next_arrival(self, s.next_arrival);
    },
    [=](const session_ticket& t) {
      auto& st2 = self->state;
      auto open = st2.opening.front();
      st2.opening.pop_front();
      if (st2.ctx->live) // routing latency as the customer sees it
        st2.ctx->open_latency[st2.workload].record(
          std::chrono::duration_cast<duration>(self->clock().now()
                                               - open.sent));
      on_ticket(self, open.customer, t);
      count_done_once_answered(self);
    },
    [=](patience_atom, session_id s, user_id customer) {
      auto& st2 = self->state;
      timer_fired(*st2.ctx);
      bool waiting = st2.ctx->still_waiting(s);
      if (auto i = st2.patient.find(s.value); i != st2.patient.end()) {
        if (waiting) // the customer gives up and leaves
          caf::anon_send(i->second, leave_atom_v);
        st2.patient.erase(i);
      } else if (waiting) {
        caf::anon_send(st2.domain, leave_atom_v, customer, s);
      }
    },
  };
}

} // namespace

caf::actor spawn_workload_bot(caf::actor_system& sys, const bot_context& ctx,
                              std::size_t workload,
                              std::vector<duration> trace) {
  return sys.spawn(workload_bot, &ctx, workload, std::move(trace));
}

} // namespace livechat::sim
