#include "sim/engine.hpp"

#include "actors/domain_actor.hpp"
#include "actors/participants.hpp"
#include "actors/protocol.hpp"
#include "core/domain_partition.hpp"
#include "sim/bot_context.hpp"
#include "sim/operator_bot.hpp"
#include "sim/sampler.hpp"
#include "sim/streams.hpp"
#include "sim/workload_bot.hpp"

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
/// order) are Online from each step on, the others Away (off shift: they
/// finish the sessions they hold and take no new ones).
std::vector<status_change>
plan_shifts(const bot_context& ctx, const std::vector<bool>& serves,
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
                           : operator_status::away,
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

/// Live mode: waits in wall time until the run is over. Over means every
/// workload's arrivals are over and either no session is open, or nothing can
/// happen any more: no bot timer pending and no event for a poll interval
/// (sessions left waiting with nobody to take them are then stranded, as in
/// virtual time).
template <class OpenSessions>
void wait_until_over(const bot_context& ctx, OpenSessions open_sessions,
                     const std::atomic<bool>* cancel) {
  using namespace std::chrono_literals;
  constexpr auto poll = 20ms;
  std::uint64_t events_before = ctx.events_seen;
  for (;;) {
    std::this_thread::sleep_for(poll);
    if (cancel != nullptr && cancel->load())
      break;
    std::uint64_t events_now = ctx.events_seen;
    if (ctx.workloads_done == ctx.sc.workload.size()) {
      if (open_sessions() == 0)
        break;
      if (ctx.pending_timers == 0 && events_now == events_before)
        break;
    }
    events_before = events_now;
  }
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
  bot_context ctx{
    sc,          ws,
    replication, {sys.clock().now(), options.live ? options.speed : 1.0},
    {},          {},
    {},          {},
    {},          {}};
  ctx.live = options.live;
  ctx.seed_of_replication = replication_seed(sc.seed, replication);
  ctx.direct_finish
    = !options.live
      && std::none_of(ws.chats.begin(), ws.chats.end(), [](const auto& c) {
           return c.routing == routing_policy_kind::manual;
         });
  ctx.open_latency.resize(sc.workload.size());

  // Everything measured comes from the domains' events, in process.
  auto groups = serving_groups(ws);
  replication_observer observer{
    ws.dir,
    {.sl_threshold = sc.service_level_threshold,
     .warmup_end = timestamp{sc.warmup}},
    ws.chats.size(),
    groups,
    options.bin_width ? time_bins::of_width(sc.horizon, *options.bin_width)
                      : time_bins{sc.horizon, options.max_bins},
    options.keep_sessions,
    options.bin_width.has_value()};

  std::mutex observer_mtx;
  ctx.observer = &observer;
  ctx.observer_mtx = &observer_mtx;
  // Live: the domains run on several threads and call this concurrently.
  auto observe_locked = [&](const auto& what) {
    if (!ctx.live) {
      observer.observe(what);
      return;
    }
    std::lock_guard<std::mutex> guard{observer_mtx};
    observer.observe(what);
    ++ctx.events_seen;
  };

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
                     [&](const routing_event& e) {
                       observe_locked(e);
                     },
                     [&](const chat_message& m) {
                       observe_locked(m);
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
    if (spec.messages)
      ctx.conversation.emplace_back(
        conversation_model{count_sampler{spec.messages->per_session, 1},
                           duration_sampler{spec.messages->customer_think},
                           duration_sampler{spec.messages->operator_reply}});
    else
      ctx.conversation.emplace_back(std::nullopt);
    auto& ts = ctx.transfers.emplace_back();
    for (const auto& t : spec.transfers)
      ts.push_back(
        {ws.groups.at(t.to.text),
         duration_sampler{t.handle_time ? *t.handle_time : spec.handle_time},
         t.handle_time.has_value()});
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
      everyone.push_back(spawn_operator_bot(
        sys, user_id{u}, ctx.domains[domain_of_user[u]], ctx));

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
    everyone.push_back(spawn_workload_bot(
      sys, ctx, w,
      traces != nullptr && w < traces->size() ? (*traces)[w]
                                              : std::vector<duration>{}));

  std::uint64_t jobs = 0;
  timestamp end{};
  if (options.live) {
    wait_until_over(
      ctx,
      [&] {
        std::lock_guard<std::mutex> guard{observer_mtx};
        return observer.open_sessions();
      },
      options.cancel);
    for (auto& a : everyone)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    everyone.clear();
    sys.await_all_actors_done();
    // Messages in flight when the run was seen to be over were still
    // handled (a close, say): the run ends after the last of them.
    end = ctx.clock.to_core(sys.clock().now());
  } else {
    auto& sched
      = dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
    auto stopped = [&] {
      return (options.cancel != nullptr && options.cancel->load())
             || ctx.clock.to_core(sys.clock().now()).time_since_epoch()
                  > end_of_virtual_time;
    };
    jobs = sched.run();
    while (sched.has_pending_timeout() && !stopped()) {
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
                         {},
                         observer.operator_messages(),
                         {},
                         {},
                         end,
                         stranded,
                         jobs,
                         {}};
  for (std::size_t c = 0; c < ws.chats.size(); ++c)
    out.conversations.push_back(observer.chat_conversations(c));
  if (options.bin_width) {
    for (std::size_t c = 0; c < ws.chats.size(); ++c)
      out.chat_intervals.push_back(observer.chat_intervals(c));
    for (std::size_t i = 0; i < groups.size(); ++i)
      out.expert_intervals.push_back(observer.expert_intervals(i));
  }
  if (options.live)
    for (const auto& h : ctx.open_latency)
      out.open_latency.merge(h);
  return out;
}

} // namespace livechat::sim
