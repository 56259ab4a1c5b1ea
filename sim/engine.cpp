#include "sim/engine.hpp"

#include "actors/deployment.hpp"
#include "actors/protocol.hpp"
#include "sim/bot_context.hpp"
#include "sim/operator_bot.hpp"
#include "sim/sampler.hpp"
#include "sim/streams.hpp"
#include "sim/workload_bot.hpp"

#include <algorithm>
#include <atomic>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>
#include <mutex>
#include <optional>

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
std::vector<status_change> plan_shifts(const bot_context& ctx,
                                       const deployment& dep) {
  std::vector<status_change> out;
  std::vector<bool> in_shift(ctx.ws.dir.users().size(), false);
  for (const auto& shift : ctx.sc.shifts) {
    auto g = ctx.ws.groups.at(shift.group.text);
    const auto& members = ctx.ws.dir.get(g).members;
    for (auto u : members)
      in_shift[u.value] = true;
    for (const auto& step : shift.online)
      for (std::size_t i = 0; i < members.size(); ++i)
        if (dep.serves(members[i]))
          out.push_back({timestamp{step.from}, members[i],
                         static_cast<long long>(i) < step.count
                           ? operator_status::online
                           : operator_status::away,
                         dep.domain_of_operator(members[i])});
  }
  for (std::uint32_t u = 0; u < in_shift.size(); ++u)
    if (dep.serves(user_id{u}) && !in_shift[u])
      out.push_back({timestamp{}, user_id{u}, operator_status::online,
                     dep.domain_of_operator(user_id{u})});
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.at < b.at;
  });
  return out;
}

/// Spawns the actor that sends each status change at its time (the ones at
/// 0 go out as soon as it runs).
caf::actor spawn_shifts(caf::actor_system& sys, const bot_context& ctx,
                        std::vector<status_change> changes) {
  auto shifts = [&ctx](caf::event_based_actor* self,
                       std::vector<status_change> all) -> caf::behavior {
    std::vector<timestamp> times;
    for (const auto& c : all)
      if (times.empty() || times.back() != c.at)
        times.push_back(c.at);
    for (auto t : times)
      schedule(self, ctx, t.time_since_epoch(), shift_atom_v,
               t.time_since_epoch().count());
    return {
      [all, &ctx](shift_atom, std::int64_t at) {
        timer_fired(ctx);
        for (const auto& c : all) {
          if (c.at.time_since_epoch().count() != at)
            continue;
          if (ctx.operators.empty())
            caf::anon_send(ctx.domains[c.domain], status_atom_v, c.op,
                           c.status);
          else
            caf::anon_send(ctx.operators[c.op.value], status_atom_v, c.status);
        }
      },
    };
  };
  return sys.spawn(shifts, std::move(changes));
}

// -- the replication's parts
// ----------------------------------------------------------

/// Builds each workload's samplers into `ctx`.
void build_samplers(bot_context& ctx) {
  const auto& sc = ctx.sc;
  const auto& ws = ctx.ws;
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
}

/// Feeds the observer with what the domains publish, in the domain actors.
/// Live: the domains run on several threads, so it locks, and counts events
/// (how the run tells that nothing happens any more).
struct observer_feed {
  replication_observer& observer;
  std::mutex& mtx;
  const bot_context& ctx;

  std::vector<routing_event>* log = nullptr;

  void operator()(const routing_event& e) const {
    if (log != nullptr) // virtual time only: one thread
      log->push_back(e);
    observe(e);
  }
  void operator()(const chat_message& m) const {
    observe(m);
  }

private:
  template <class What>
  void observe(const What& what) const {
    if (!ctx.live) {
      observer.observe(what);
      return;
    }
    std::lock_guard<std::mutex> guard{mtx};
    observer.observe(what);
    ++ctx.events_seen;
  }
};

/// The simulation's part of the deployment: bots play the operators, the
/// observer hears every event, supervisors of `manual` chats react after a
/// sampled time. Nobody administers, and supervisors who only watch are
/// left out: nothing reads what they would see.
deployment_hooks simulation_hooks(const bot_context& ctx,
                                  const observer_feed& feed,
                                  people_path people) {
  deployment_hooks hooks;
  hooks.on_event = [feed](const routing_event& e) {
    feed(e);
  };
  hooks.on_message = [feed](const chat_message& m) {
    feed(m);
  };
  if (people == people_path::direct)
    hooks.play_operator = [&ctx](caf::actor_system& sys, user_id op,
                                 const live_chat_actor& domain) {
      return spawn_operator_bot(sys, op, domain, ctx);
    };
  hooks.supervisor_reaction = [&ctx](user_id u) {
    auto gen = std::make_shared<random_generator>(
      ctx.stream(u.value, stream_purpose::supervision));
    auto sampler = duration_sampler{ctx.sc.supervision.reaction_time};
    return std::function<duration()>{[gen, sampler] {
      return sampler.sample(*gen);
    }};
  };
  hooks.watching_supervisors = false;
  hooks.administration = false;
  return hooks;
}

/// The people the deployment does not hold: on the production-actor path
/// the operator bots (clients of the production operator actors, listed in
/// `ctx.operators`), then shifts, and the workloads (spawned after the
/// shifts, so they start after the statuses of time 0).
std::vector<caf::actor> spawn_drivers(deployment& dep, const bot_context& ctx,
                                      const replication_options& options) {
  auto& sys = dep.system();
  std::vector<caf::actor> out;
  for (std::uint32_t u = 0; u < ctx.operators.size(); ++u)
    if (ctx.operators[u])
      out.push_back(spawn_operator_bot(
        sys, user_id{u}, ctx.domains[dep.domain_of_operator(user_id{u})], ctx,
        ctx.operators[u]));
  out.push_back(spawn_shifts(sys, ctx, plan_shifts(ctx, dep)));
  const auto* traces = options.trace_times;
  for (std::size_t w = 0; w < ctx.sc.workload.size(); ++w)
    out.push_back(spawn_workload_bot(sys, ctx, w,
                                     traces != nullptr && w < traces->size()
                                       ? (*traces)[w]
                                       : std::vector<duration>{}));
  return out;
}

/// Live mode: whether the run is over. Over means every workload's
/// arrivals are over and either no session is open, or nothing can happen
/// any more: no bot timer pending and no event since the last poll
/// (sessions left waiting with nobody to take them are then stranded, as in
/// virtual time). Asked from one thread.
class live_end {
public:
  live_end(const bot_context& ctx, const observer_feed& feed,
           const std::atomic<bool>* cancel)
      : ctx_(&ctx), feed_(&feed), cancel_(cancel), events_(ctx.events_seen) {}

  bool operator()() {
    if (cancel_ != nullptr && cancel_->load())
      return true;
    std::uint64_t events_now = ctx_->events_seen;
    bool quiet = events_now == events_;
    events_ = events_now;
    if (ctx_->workloads_done != ctx_->sc.workload.size())
      return false;
    return open_sessions() == 0 || (ctx_->pending_timers == 0 && quiet);
  }

private:
  std::uint64_t open_sessions() const {
    std::lock_guard<std::mutex> guard{feed_->mtx};
    return feed_->observer.open_sessions();
  }

  const bot_context* ctx_;
  const observer_feed* feed_;
  const std::atomic<bool>* cancel_;
  std::uint64_t events_;
};

/// Runs the replication to its end and stops every actor; returns when the
/// last session ended (or when the clock stopped: cancelled, or at
/// `end_of_virtual_time`).
timestamp run_to_end(deployment& dep, const bot_context& ctx,
                     const observer_feed& feed, std::vector<caf::actor> drivers,
                     const replication_options& options) {
  auto& clock = dep.clock();
  auto stop_all = [&] {
    dep.stop();
    for (auto& a : drivers)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    drivers.clear();
  };
  if (options.live) {
    using namespace std::chrono_literals;
    live_end over{ctx, feed, options.cancel};
    clock.wait_until(
      [&over] {
        return over();
      },
      20ms);
    stop_all();
    dep.system().await_all_actors_done();
    // Messages in flight when the run was seen to be over were still
    // handled (a close, say): the run ends after the last of them.
    return clock.now();
  }
  clock.run_until_idle([&] {
    return (options.cancel != nullptr && options.cancel->load())
           || clock.now().time_since_epoch() > end_of_virtual_time;
  });
  auto end = clock.now();
  stop_all();
  clock.settle();
  return end;
}

/// What the observer measured, as the replication's result.
replication_result
collect(replication_observer& observer, const std::vector<group_id>& groups,
        std::size_t chats, timestamp end, const replication_options& options) {
  observer.finish(end);
  auto stranded = observer.statistics().open_sessions();
  replication_result out{.stats = std::move(observer.statistics())};
  out.series.bins = observer.bins();
  for (std::size_t c = 0; c < chats; ++c) {
    out.series.chat_waiting.push_back(observer.chat_waiting(c).averages());
    out.series.chat_arrivals.push_back(observer.chat_arrivals(c).counts());
    out.conversations.push_back(observer.chat_conversations(c));
    if (options.bin_width)
      out.chat_intervals.push_back(observer.chat_intervals(c));
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {
    out.series.group_online.push_back(observer.group_online(i).averages());
    out.series.group_busy.push_back(observer.group_busy(i).averages());
    if (options.bin_width)
      out.expert_intervals.push_back(observer.expert_intervals(i));
  }
  out.stranded = stranded;
  out.sessions = std::move(observer.sessions());
  out.operator_messages = observer.operator_messages();
  out.end = end;
  return out;
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
  // Everything measured comes from the domains' events, in process.
  auto groups = serving_groups(ws);
  replication_observer observer{
    ws.dir,
    {.sl_threshold = sc.service_level_threshold,
     .warmup_end = timestamp{sc.warmup},
     .measure_end = timestamp{sc.horizon}},
    ws.chats.size(),
    groups,
    options.bin_width ? time_bins::of_width(sc.horizon, *options.bin_width)
                      : time_bins{sc.horizon, options.max_bins},
    options.keep_sessions,
    options.bin_width.has_value()};
  std::mutex observer_mtx;
  deployment dep{ws.dir,
                 ws.admin,
                 ws.chats,
                 {.mode = options.live ? clock_mode::real_time
                                       : clock_mode::virtual_time,
                  .speed = options.speed,
                  .threads = std::max<std::size_t>(1, options.live_threads)}};
  bot_context ctx{sc, ws, replication, dep.time(), {}, {}, {}, {}, {}, {}};
  ctx.live = options.live;
  ctx.seed_of_replication = replication_seed(sc.seed, replication);
  ctx.direct_finish
    = !options.live
      && std::none_of(ws.chats.begin(), ws.chats.end(), [](const auto& c) {
           return c.routing == routing_policy_kind::manual;
         });
  ctx.open_latency.resize(sc.workload.size());
  ctx.observer = &observer;
  ctx.observer_mtx = &observer_mtx;
  build_samplers(ctx);

  observer_feed feed{observer, observer_mtx, ctx, options.event_log};
  (void)dep.start(simulation_hooks(ctx, feed, options.people)); // validated
  ctx.domains = dep.domains();
  ctx.domain_of_chat = dep.domain_of_chats();
  if (options.people == people_path::production_actors)
    for (std::uint32_t u = 0; u < ws.dir.users().size(); ++u)
      ctx.operators.push_back(
        caf::actor_cast<operator_actor>(dep.operator_of(user_id{u})));
  auto end = run_to_end(dep, ctx, feed, spawn_drivers(dep, ctx, options),
                        options);

  auto out = collect(observer, groups, ws.chats.size(), end, options);
  out.jobs = dep.clock().jobs_run();
  if (options.live)
    for (const auto& h : ctx.open_latency)
      out.open_latency.merge(h);
  return out;
}

} // namespace livechat::sim
