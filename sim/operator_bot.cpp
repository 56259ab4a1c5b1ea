#include "sim/operator_bot.hpp"

#include "actors/protocol.hpp"
#include "core/time_arithmetic.hpp"

#include <algorithm>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>
#include <optional>

namespace livechat::sim {

namespace {

using namespace livechat::actors;

/// A session the operator holds, under one assignment.
struct held_session {
  session_id session;
  /// Identifies the assignment: a timer from an earlier assignment of the
  /// same session must not act.
  std::uint64_t token = 0;
  user_id customer;
  /// The expert group it goes to at the end (invalid: closed).
  group_id target;
  /// Conversation: replies still to send (0: no conversation left), the
  /// wrap-up after the last one, and the streams of its draws.
  std::int64_t replies_left = 0;
  duration wrap_up{};
  const conversation_model* model = nullptr;
  std::optional<random_generator> reply_gen;
  std::optional<random_generator> think_gen;
  /// Factor on the operator's times for the load at assignment.
  double factor = 1.0;
};

struct operator_bot_state {
  user_id id;
  live_chat_actor domain;
  /// The production operator actor it acts through; null: it talks to the
  /// domain itself (sim/engine.hpp, `people_path`).
  operator_actor via;
  const bot_context* ctx = nullptr;
  std::vector<held_session> held;
  std::uint64_t next_token = 0;

  held_session* find(session_id s, std::uint64_t token) {
    auto i = std::find_if(held.begin(), held.end(), [&](const auto& h) {
      return h.session == s && h.token == token;
    });
    return i == held.end() ? nullptr : &*i;
  }
};

using operator_bot_pointer = caf::stateful_actor<operator_bot_state>*;

/// The expert group a first-level session goes to after its handling
/// (invalid: it is closed).
group_id draw_transfer(const bot_context& ctx, std::size_t w,
                       session_id session) {
  if (ctx.transfers[w].empty())
    return group_id{};
  auto pick = ctx.stream(session.value, stream_purpose::transfer);
  auto u = pick.uniform01();
  const auto& specs = ctx.sc.workload[w].transfers;
  double cumulative = 0;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    cumulative += specs[i].probability;
    if (u < cumulative)
      return ctx.transfers[w][i].first;
  }
  return group_id{};
}

/// The workload's factor on handle time for an operator holding `load`
/// sessions (this one included): entry load - 1, the last one beyond; 1
/// without factors.
double load_factor(const bot_context& ctx, std::size_t w, std::size_t load) {
  const auto& factors = ctx.sc.workload[w].handle_time_factor_by_load;
  if (factors.empty() || load == 0)
    return 1.0;
  return factors[std::min(load, factors.size()) - 1];
}

/// `d` times a load factor; saturates (a year times 100 still fits, a
/// sampled tail far beyond may not).
duration scaled(duration d, double factor) {
  return saturating_scale(d, factor);
}

/// Fills in how `h` will be handled, as assigned by `e`, for workload `w`,
/// and returns the time until the first step (the close/transfer, or the
/// first reply), before any load factor.
duration plan_unscaled(const bot_context& ctx, const session_event& e,
                       held_session& h, std::size_t w) {
  const auto& model = ctx.conversation[w];
  if (e.expert_group.valid()) {
    auto gen = ctx.stream(e.session.value,
                          stream_purpose::transfer_handle_time);
    for (const auto& x : ctx.transfers[w])
      if (x.first == e.expert_group && (!model || x.has_own_spec))
        return x.sampler.sample(gen);
    if (!model)
      return ctx.handle[w].sample(gen);
    h.wrap_up = ctx.handle[w].sample(gen);
  } else {
    h.target = draw_transfer(ctx, w, e.session);
    auto gen = ctx.stream(e.session.value, stream_purpose::handle_time);
    auto handle = ctx.handle[w].sample(gen);
    if (!model)
      return handle;
    h.wrap_up = handle;
  }
  // A conversation: its draws are keyed by session and handling.
  auto key = e.session.value + (std::uint64_t{e.transfers} << 48);
  auto count_gen = ctx.stream(key, stream_purpose::messages);
  h.model = &*model;
  h.replies_left = model->messages.sample(count_gen);
  h.reply_gen = ctx.stream(key, stream_purpose::operator_reply);
  h.think_gen = ctx.stream(key, stream_purpose::customer_think);
  return model->operator_reply.sample(*h.reply_gen);
}

/// As `plan_unscaled`, for an operator now holding `load` sessions: every
/// operator time of the handling (handle time, replies, wrap-up) is scaled
/// by the workload's factor for that load.
duration plan_handling(const bot_context& ctx, const session_event& e,
                       held_session& h, std::size_t load) {
  auto w = ctx.workload_of_chat[e.chat.value];
  if (!w)
    return duration::zero();
  h.factor = load_factor(ctx, *w, load);
  auto first = plan_unscaled(ctx, e, h, *w);
  h.wrap_up = scaled(h.wrap_up, h.factor);
  return scaled(first, h.factor);
}

/// Sends `xs` to `dest` now, or after `delay` if given.
template <class Dest, class... Ts>
void post(const Dest& dest,
          std::optional<caf::actor_clock::duration_type> delay, Ts&&... xs) {
  if (delay)
    caf::delayed_anon_send(dest, *delay, std::forward<Ts>(xs)...);
  else
    caf::anon_send(dest, std::forward<Ts>(xs)...);
}

/// Sends the end of handling `h` (close, or transfer to its target), now or
/// after `delay`, to the domain or through the operator actor.
void send_finish(operator_bot_pointer self, const held_session& h,
                 std::optional<caf::actor_clock::duration_type> delay) {
  auto& st = self->state;
  if (st.via) {
    if (h.target.valid())
      post(st.via, delay, transfer_atom_v, h.session, h.target, user_id{});
    else
      post(st.via, delay, close_atom_v, h.session);
  } else if (h.target.valid()) {
    post(st.domain, delay, transfer_atom_v, st.id, h.session, h.target,
         user_id{});
  } else {
    post(st.domain, delay, close_atom_v, st.id, h.session);
  }
}

/// The customer's next message in `h`: through its customer actor on the
/// production-actor path, else straight to the domain.
void send_customer_message(operator_bot_pointer self, const held_session& h) {
  auto& st = self->state;
  const auto& customers = st.ctx->customer_of_session;
  if (auto i = customers.find(h.session.value); i != customers.end())
    caf::anon_send(i->second, message_atom_v, std::string{});
  else
    caf::anon_send(st.domain, message_atom_v, h.customer, h.session,
                   std::string{});
}

/// The operator's reply in session `s`.
void send_reply(operator_bot_pointer self, session_id s) {
  auto& st = self->state;
  if (st.via)
    caf::anon_send(st.via, message_atom_v, s, std::string{});
  else
    caf::anon_send(st.domain, message_atom_v, st.id, s, std::string{});
}

/// Ends the handling of `h` after `d`: closes the session or transfers it.
/// Where no session can leave its operator before that (`direct_finish`),
/// the close goes out as a delayed message, one job fewer per session;
/// otherwise a timer comes back to the bot first, which checks the session
/// is still held under this assignment.
void finish_after(operator_bot_pointer self, const held_session& h,
                  duration d) {
  auto& st = self->state;
  if (!st.ctx->direct_finish) {
    schedule(self, *st.ctx, d, finish_atom_v, h.session, h.token);
    return;
  }
  send_finish(self, h, st.ctx->clock.to_actor(d));
}

caf::behavior operator_bot(operator_bot_pointer self, user_id id,
                           live_chat_actor domain, const bot_context* ctx,
                           operator_actor via) {
  self->state.id = id;
  self->state.domain = domain;
  self->state.ctx = ctx;
  self->state.via = via;
  auto listener = caf::actor_cast<session_listener>(self);
  if (via)
    self->send(via, subscribe_atom_v, listener);
  else
    self->send(domain, join_atom_v, id, listener);
  return {
    [=](event_atom, const session_event& e) {
      auto& st = self->state;
      if (e.kind == session_event_kind::assigned && e.op == st.id) {
        auto& h = st.held.emplace_back();
        h.session = e.session;
        h.token = st.next_token++;
        h.customer = e.customer;
        auto first_step = plan_handling(*st.ctx, e, h, st.held.size());
        if (h.model != nullptr)
          schedule(self, *st.ctx, first_step, converse_atom_v, h.session,
                   h.token, false);
        else
          finish_after(self, h, first_step);
      } else if ((e.op == st.id && e.kind != session_event_kind::assigned)
                 || e.previous_op == st.id) {
        std::erase_if(st.held, [&](const auto& h) {
          return h.session == e.session;
        });
      }
    },
    [=](event_atom, const status_event&) {},
    [=](message_atom, const chat_message&) {},
    [=](finish_atom, session_id s, std::uint64_t token) {
      auto& st = self->state;
      timer_fired(*st.ctx);
      if (auto* h = st.find(s, token)) // else requeued or reassigned
        send_finish(self, *h, std::nullopt);
    },
    [=](converse_atom, session_id s, std::uint64_t token, bool customer_turn) {
      auto& st = self->state;
      timer_fired(*st.ctx);
      auto* h = st.find(s, token);
      if (h == nullptr)
        return; // requeued or reassigned meanwhile
      if (customer_turn) {
        send_customer_message(self, *h);
        schedule(self, *st.ctx,
                 scaled(h->model->operator_reply.sample(*h->reply_gen),
                        h->factor),
                 converse_atom_v, s, token, false);
        return;
      }
      send_reply(self, s);
      if (--h->replies_left > 0)
        schedule(self, *st.ctx, h->model->customer_think.sample(*h->think_gen),
                 converse_atom_v, s, token, true);
      else
        finish_after(self, *h, h->wrap_up);
    },
  };
}

} // namespace

caf::actor spawn_operator_bot(caf::actor_system& sys, user_id id,
                              live_chat_actor domain, const bot_context& ctx,
                              operator_actor via) {
  return sys.spawn(operator_bot, id, domain, &ctx, via);
}

} // namespace livechat::sim
