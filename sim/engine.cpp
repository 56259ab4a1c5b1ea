#include "sim/engine.hpp"

#include "actors/domain_actor.hpp"
#include "actors/participants.hpp"
#include "actors/protocol.hpp"
#include "core/domain_partition.hpp"
#include "sim/arrivals.hpp"
#include "sim/sampler.hpp"
#include "sim/streams.hpp"

#include <algorithm>
#include <atomic>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/stateful_actor.hpp>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

namespace livechat::sim {

namespace {

using namespace livechat::actors;

/// What every bot of one replication reads; lives for the replication.
struct context {
  const scenarios::scenario& sc;
  const scenarios::scenario_workspace& ws;
  std::uint64_t replication;
  time_mapping clock;
  std::vector<live_chat_actor> domains;
  std::vector<std::size_t> domain_of_chat;
  /// Per chat: the index of its workload in `sc.workload`, if any.
  std::vector<std::optional<std::size_t>> workload_of_chat;
  std::vector<duration_sampler> handle;                  // per workload
  std::vector<std::optional<duration_sampler>> patience; // per workload
  /// Per workload, per transfer: the expert group and the handle time there.
  std::vector<std::vector<std::pair<group_id, duration_sampler>>> transfers;
  /// Live mode: real-time scheduler, wall-clock latency measured.
  bool live = false;
  /// Live mode: bot timers scheduled and not yet fired, and workloads whose
  /// arrivals are over (how the run knows it is finished).
  mutable std::atomic<std::int64_t> pending_timers{0};
  mutable std::atomic<std::size_t> workloads_done{0};
  /// Live mode: per workload, open request -> ticket, in wall time. Each is
  /// written by its workload bot only.
  mutable std::vector<stats::log_linear_histogram> open_latency;
  /// Live mode: events observed so far (to tell when nothing happens).
  mutable std::atomic<std::uint64_t> events_seen{0};
  /// What the run measures; guarded by `observer_mtx` in live mode.
  const replication_observer* observer = nullptr;
  std::mutex* observer_mtx = nullptr;

  /// Whether session `s` waits in a queue now (as the domains last said).
  bool still_waiting(session_id s) const {
    if (!live)
      return observer->is_waiting(s);
    std::lock_guard<std::mutex> guard{*observer_mtx};
    return observer->is_waiting(s);
  }

  random_generator stream(std::uint64_t key, stream_purpose p) const {
    return stream_for(sc.seed, replication, key, p);
  }
};

/// Sends `xs` to `self` after `d` of run time (counted while pending in live
/// mode; the handler calls `timer_fired`).
template <class Self, class... Ts>
void schedule(Self* self, const context& ctx, duration d, Ts&&... xs) {
  if (ctx.live)
    ++ctx.pending_timers;
  self->delayed_send(self, ctx.clock.to_actor(d), std::forward<Ts>(xs)...);
}

void timer_fired(const context& ctx) {
  if (ctx.live)
    --ctx.pending_timers;
}

// -- operator bot
// ---------------------------------------------------------------

struct operator_bot_state {
  user_id id;
  live_chat_actor domain;
  const context* ctx = nullptr;
  /// Held sessions and the token of their current assignment: a finish
  /// timer from an earlier assignment of the same session must not fire.
  std::vector<std::pair<session_id, std::uint64_t>> held;
  std::uint64_t next_token = 0;
};

using operator_bot_pointer = caf::stateful_actor<operator_bot_state>*;

/// Handle time of this assignment and, for first-level sessions, the expert
/// group it will be transferred to at the end (invalid: closed).
std::pair<duration, group_id> plan_handling(const context& ctx,
                                            const session_event& e) {
  auto w = ctx.workload_of_chat[e.chat.value];
  if (!w)
    return {duration::zero(), group_id{}};
  if (e.expert_group.valid()) {
    auto gen = ctx.stream(e.session.value,
                          stream_purpose::transfer_handle_time);
    for (const auto& [g, sampler] : ctx.transfers[*w])
      if (g == e.expert_group)
        return {sampler.sample(gen), group_id{}};
    return {ctx.handle[*w].sample(gen), group_id{}};
  }
  auto gen = ctx.stream(e.session.value, stream_purpose::handle_time);
  auto h = ctx.handle[*w].sample(gen);
  auto pick = ctx.stream(e.session.value, stream_purpose::transfer);
  auto u = pick.uniform01();
  const auto& specs = ctx.sc.workload[*w].transfers;
  double cumulative = 0;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    cumulative += specs[i].probability;
    if (u < cumulative)
      return {h, ctx.transfers[*w][i].first};
  }
  return {h, group_id{}};
}

caf::behavior operator_bot(operator_bot_pointer self, user_id id,
                           live_chat_actor domain, const context* ctx) {
  self->state.id = id;
  self->state.domain = domain;
  self->state.ctx = ctx;
  self->send(domain, join_atom_v, id, caf::actor_cast<session_listener>(self));
  return {
    [=](event_atom, const session_event& e) {
      auto& st = self->state;
      auto drop = [&] {
        std::erase_if(st.held, [&](const auto& h) {
          return h.first == e.session;
        });
      };
      if (e.kind == session_event_kind::assigned && e.op == st.id) {
        auto token = st.next_token++;
        st.held.emplace_back(e.session, token);
        auto [h, target] = plan_handling(*st.ctx, e);
        schedule(self, *st.ctx, h, finish_atom_v, e.session, target, token);
      } else if ((e.op == st.id && e.kind != session_event_kind::assigned)
                 || e.previous_op == st.id) {
        drop();
      }
    },
    [=](event_atom, const status_event&) {},
    [=](message_atom, const chat_message&) {},
    [=](finish_atom, session_id s, group_id target, std::uint64_t token) {
      auto& st = self->state;
      timer_fired(*st.ctx);
      auto i = std::find(st.held.begin(), st.held.end(),
                         std::pair<session_id, std::uint64_t>{s, token});
      if (i == st.held.end())
        return; // requeued or reassigned meanwhile
      if (target.valid())
        caf::anon_send(st.domain, transfer_atom_v, st.id, s, target, user_id{});
      else
        caf::anon_send(st.domain, close_atom_v, st.id, s);
    },
  };
}

// -- workload bot
// ---------------------------------------------------------------

struct workload_bot_state {
  const context* ctx = nullptr;
  std::size_t workload = 0;
  chat_id chat;
  live_chat_actor domain;
  std::optional<arrival_process> arrivals;
  /// When the arrival scheduled last is due (the next one is drawn from
  /// this time, not from the clock, which in live mode runs late).
  timestamp next_arrival{};
  std::optional<random_generator> arrival_gen;
  std::vector<user_id> customers; ///< internal chats: who may write
  std::uint32_t next_contact = 0; ///< external chats: fresh contact ids
};

using workload_bot_pointer = caf::stateful_actor<workload_bot_state>*;

void schedule_next_arrival(workload_bot_pointer self, timestamp after) {
  auto& st = self->state;
  auto next = st.arrivals->next(after, *st.arrival_gen);
  if (!next) { // past the horizon: this workload is done
    ++st.ctx->workloads_done;
    return;
  }
  st.next_arrival = *next;
  // In live mode the clock has moved on a little since `after`: never
  // schedule into the past.
  auto now = st.ctx->clock.to_core(self->clock().now());
  schedule(self, *st.ctx, std::max(*next - now, duration::zero()),
           arrive_atom_v);
}

/// The customer got its ticket: a waiting one starts its patience.
void on_ticket(workload_bot_pointer self, user_id customer,
               const session_ticket& t) {
  auto& s = self->state;
  const auto& patience = s.ctx->patience[s.workload];
  if (t.state != session_state::waiting || !patience)
    return;
  auto gen = s.ctx->stream(t.id.value, stream_purpose::patience);
  schedule(self, *s.ctx, patience->sample(gen), patience_atom_v, t.id,
           customer);
}

caf::behavior workload_bot(workload_bot_pointer self, const context* ctx,
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
  // External contacts get ids past every directory user, one range per
  // workload.
  st.next_contact = static_cast<std::uint32_t>(ctx->ws.dir.users().size())
                    + static_cast<std::uint32_t>(w) * 100'000'000u;
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
        customer = user_id{s.next_contact++};
      // The customers pass no listener: all they need is the ticket (and
      // whether a session still waits, which the observer knows), so the
      // domain sends them no events: three messages fewer per session.
      auto sent = self->clock().now();
      self
        ->request(s.domain, caf::infinite, open_atom_v, customer, s.chat,
                  session_listener{})
        .then(
          [self, sent, customer](const session_ticket& t) {
            auto& st2 = self->state;
            if (st2.ctx->live) // routing latency as the customer sees it
              st2.ctx->open_latency[st2.workload].record(
                std::chrono::duration_cast<duration>(self->clock().now()
                                                     - sent));
            on_ticket(self, customer, t);
          },
          [](const caf::error&) {});
      schedule_next_arrival(self, s.next_arrival);
    },
    [=](patience_atom, session_id s, user_id customer) {
      auto& st2 = self->state;
      timer_fired(*st2.ctx);
      if (st2.ctx->still_waiting(s)) // the customer gives up and leaves
        caf::anon_send(st2.domain, leave_atom_v, customer, s);
    },
  };
}

// -- shifts
// -----------------------------------------------------------------------

struct status_change {
  timestamp at;
  user_id op;
  operator_status status;
  std::size_t domain = 0; ///< the routing domain the operator serves in
};

/// Everyone who serves a chat is Online from the start, except members of
/// groups with shifts: the first `count` members of the group (in member
/// order) are Online from each step on, the others Offline.
std::vector<status_change>
plan_shifts(const context& ctx, const std::vector<bool>& serves,
            const std::vector<std::size_t>& domain_of_user) {
  std::vector<status_change> out;
  std::vector<bool> in_shift(ctx.ws.dir.users().size(), false);
  for (const auto& shift : ctx.sc.shifts) {
    auto g = ctx.ws.groups.at(shift.group.text);
    const auto& members = ctx.ws.dir.get(g).members;
    for (auto u : members)
      in_shift[u.value] = true;
    for (const auto& step : shift.online)
      for (std::size_t i = 0; i < members.size(); ++i)
        if (serves[members[i].value])
          out.push_back({timestamp{step.from}, members[i],
                         static_cast<long long>(i) < step.count
                           ? operator_status::online
                           : operator_status::offline,
                         domain_of_user[members[i].value]});
  }
  for (std::uint32_t u = 0; u < serves.size(); ++u)
    if (serves[u] && !in_shift[u])
      out.push_back(
        {timestamp{}, user_id{u}, operator_status::online, domain_of_user[u]});
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.at < b.at;
  });
  return out;
}

} // namespace

namespace {

/// Live mode: waits in wall time until the run is over, and returns its end
/// in run time. Over means every workload's arrivals are over and either no
/// session is open, or nothing can happen any more: no bot timer pending
/// and no event for a poll interval (sessions left waiting with nobody to
/// take them are then stranded, as in virtual time).
template <class OpenSessions>
timestamp run_live(caf::actor_system& sys, const context& ctx,
                   OpenSessions open_sessions) {
  using namespace std::chrono_literals;
  constexpr auto poll = 20ms;
  std::uint64_t events_before = ctx.events_seen;
  for (;;) {
    std::this_thread::sleep_for(poll);
    std::uint64_t events_now = ctx.events_seen;
    if (ctx.workloads_done == ctx.sc.workload.size()) {
      if (open_sessions() == 0)
        break;
      if (ctx.pending_timers == 0 && events_now == events_before)
        break;
    }
    events_before = events_now;
  }
  return ctx.clock.to_core(sys.clock().now());
}

} // namespace

std::vector<group_id> serving_groups(const scenarios::scenario_workspace& ws) {
  std::vector<bool> serves(ws.dir.groups().size(), false);
  for (const auto& def : ws.chats)
    for (const auto* gs : {&def.operator_groups, &def.expert_groups})
      for (auto g : *gs)
        serves[g.value] = true;
  std::vector<group_id> out;
  for (std::uint32_t g = 0; g < serves.size(); ++g)
    if (serves[g])
      out.push_back(group_id{g});
  return out;
}

replication_result run_replication(const scenarios::scenario& sc,
                                   const scenarios::scenario_workspace& ws,
                                   std::uint64_t replication,
                                   const replication_options& options) {
  caf::actor_system_config cfg;
  register_protocol(cfg);
  if (options.live)
    cfg.set("scheduler.max-threads",
            std::max<std::size_t>(1, options.live_threads));
  else
    cfg.set("scheduler.policy", caf::atom("testing"));
  caf::actor_system sys{cfg};
  context ctx{
    sc,          ws,
    replication, {sys.clock().now(), options.live ? options.speed : 1.0},
    {},          {},
    {},          {},
    {},          {}};
  ctx.live = options.live;
  ctx.open_latency.resize(sc.workload.size());

  // Everything measured comes from the domains' events, in process.
  auto groups = serving_groups(ws);
  replication_observer observer{ws.dir,
                                {.sl_threshold = sc.service_level_threshold,
                                 .warmup_end = timestamp{sc.warmup}},
                                ws.chats.size(),
                                groups,
                                time_bins{sc.horizon, options.max_bins},
                                options.keep_sessions};

  std::mutex observer_mtx;
  ctx.observer = &observer;
  ctx.observer_mtx = &observer_mtx;

  // Routing domains: the production actors.
  auto parts = partition_domains(ws.dir, ws.chats);
  ctx.domain_of_chat.assign(ws.chats.size(), 0);
  auto stride = static_cast<std::uint64_t>(parts.size());
  for (std::size_t k = 0; k < parts.size(); ++k) {
    domain_config dc{ws.dir,
                     {},
                     ws.admin,
                     k + 1,
                     stride,
                     ctx.clock,
                     [&observer](const routing_event& e) {
                       observer.observe(e);
                     }};
    for (auto c : parts[k].chats) {
      dc.chats.emplace_back(chat_id{static_cast<std::uint32_t>(c)},
                            ws.chats[c]);
      ctx.domain_of_chat[c] = k;
    }
    ctx.domains.push_back(spawn_domain(sys, std::move(dc)));
  }

  // Samplers per workload.
  ctx.workload_of_chat.assign(ws.chats.size(), std::nullopt);
  for (std::size_t w = 0; w < sc.workload.size(); ++w) {
    const auto& spec = sc.workload[w];
    auto c = ws.chat_index.at(spec.live_chat.text);
    if (!ctx.workload_of_chat[c])
      ctx.workload_of_chat[c] = w;
    ctx.handle.emplace_back(spec.handle_time);
    if (spec.patience)
      ctx.patience.emplace_back(duration_sampler{*spec.patience});
    else
      ctx.patience.emplace_back(std::nullopt);
    auto& ts = ctx.transfers.emplace_back();
    for (const auto& t : spec.transfers)
      ts.emplace_back(ws.groups.at(t.to.text),
                      duration_sampler{t.handle_time ? *t.handle_time
                                                     : spec.handle_time});
  }

  std::vector<caf::actor> everyone;
  for (auto& d : ctx.domains)
    everyone.push_back(caf::actor_cast<caf::actor>(d));

  // Operators: a bot for everyone who serves a chat.
  std::vector<bool> serves(ws.dir.users().size(), false);
  std::vector<std::size_t> domain_of_user(ws.dir.users().size(), 0);
  for (std::size_t c = 0; c < ws.chats.size(); ++c)
    for (auto u : serving_users(ws.dir, ws.chats[c])) {
      serves[u.value] = true;
      domain_of_user[u.value] = ctx.domain_of_chat[c];
    }
  for (std::uint32_t u = 0; u < serves.size(); ++u)
    if (serves[u])
      everyone.push_back(sys.spawn(operator_bot, user_id{u},
                                   ctx.domains[domain_of_user[u]], &ctx));

  // Supervisors distribute `manual` chats after their reaction time.
  const auto& reaction = sc.supervision.reaction_time;
  for (const auto& u : ws.dir.users()) {
    supervisor_config sup;
    sup.id = u.id;
    sup.clock = ctx.clock;
    for (std::size_t c = 0; c < ws.chats.size(); ++c) {
      const auto& def = ws.chats[c];
      if (!ws.dir.is_member_of_any(u.id, def.supervisor_groups))
        continue;
      chat_id id{static_cast<std::uint32_t>(c)};
      sup.chats.emplace_back(id, ctx.domains[ctx.domain_of_chat[c]]);
      if (def.routing == routing_policy_kind::manual)
        sup.distributes.push_back(id);
    }
    if (sup.distributes.empty())
      continue;
    auto gen = std::make_shared<random_generator>(
      ctx.stream(u.id.value, stream_purpose::supervision));
    auto sampler = duration_sampler{reaction};
    sup.reaction_time = [gen, sampler] {
      return sampler.sample(*gen);
    };
    everyone.push_back(
      caf::actor_cast<caf::actor>(spawn_supervisor(sys, std::move(sup))));
  }

  // Shifts: status changes at their times (the ones at 0 go out now).
  auto changes = plan_shifts(ctx, serves, domain_of_user);
  auto shifts = sys.spawn(
    [&ctx, changes](caf::event_based_actor* self,
                    std::size_t) -> caf::behavior {
      std::vector<timestamp> times;
      for (const auto& c : changes)
        if (times.empty() || times.back() != c.at)
          times.push_back(c.at);
      for (auto t : times)
        schedule(self, ctx, t.time_since_epoch(), shift_atom_v,
                 t.time_since_epoch().count());
      return {
        [=, &ctx](shift_atom, std::int64_t at) {
          timer_fired(ctx);
          for (const auto& c : changes)
            if (c.at.time_since_epoch().count() == at)
              caf::anon_send(ctx.domains[c.domain], status_atom_v, c.op,
                             c.status);
        },
      };
    },
    std::size_t{0});
  everyone.push_back(shifts);

  // Workloads start after the statuses of time 0.
  const auto* traces = options.trace_times;
  for (std::size_t w = 0; w < sc.workload.size(); ++w)
    everyone.push_back(sys.spawn(workload_bot, &ctx, w,
                                 traces != nullptr && w < traces->size()
                                   ? (*traces)[w]
                                   : std::vector<duration>{}));

  std::uint64_t jobs = 0;
  timestamp end{};
  if (options.live) {
    end = run_live(sys, ctx, [&] {
      std::lock_guard<std::mutex> guard{observer_mtx};
      return observer.open_sessions();
    });
    for (auto& a : everyone)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    everyone.clear();
    sys.await_all_actors_done();
  } else {
    auto& sched
      = dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
    jobs = sched.run();
    while (sched.has_pending_timeout()) {
      sched.trigger_timeout();
      jobs += sched.run();
    }
    end = ctx.clock.to_core(sys.clock().now());
    for (auto& a : everyone)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    jobs += sched.run();
  }
  observer.finish(end);
  replication_series series;
  series.bins = observer.bins();
  for (std::size_t c = 0; c < ws.chats.size(); ++c) {
    series.chat_waiting.push_back(observer.chat_waiting(c).averages());
    series.chat_arrivals.push_back(observer.chat_arrivals(c).counts());
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {
    series.group_online.push_back(observer.group_online(i).averages());
    series.group_busy.push_back(observer.group_busy(i).averages());
  }
  auto stranded = observer.statistics().open_sessions();
  replication_result out{std::move(observer.statistics()),
                         std::move(series),
                         std::move(observer.sessions()),
                         end,
                         stranded,
                         jobs,
                         {}};
  if (options.live)
    for (const auto& h : ctx.open_latency)
      out.open_latency.merge(h);
  return out;
}

} // namespace livechat::sim
