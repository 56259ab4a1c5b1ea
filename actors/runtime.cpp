#include "actors/runtime.hpp"

#include "actors/admin.hpp"
#include "actors/domain_actor.hpp"
#include "actors/participants.hpp"
#include "actors/protocol.hpp"
#include "core/domain_partition.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace livechat {

namespace {

using namespace livechat::actors;

/// Calls subscribers' handlers, one event at a time.
struct handlers {
  std::mutex mtx;
  std::vector<std::function<void(const routing_event&)>> events;
  std::vector<std::function<void(const chat_message&)>> messages;
};

struct sink_state {
  std::shared_ptr<handlers> hs;
  static constexpr const char* name = "livechat.event_sink";
};

/// The sink answers `get` once it has delivered all it received before.
using sink_actor
  = session_listener::extend<caf::replies_to<get_atom>::with<bool>>;

sink_actor::behavior_type
sink_impl(sink_actor::stateful_pointer<sink_state> self,
          std::shared_ptr<handlers> hs) {
  self->state.hs = std::move(hs);
  auto deliver = [self](const routing_event& e) {
    auto& h = *self->state.hs;
    std::lock_guard<std::mutex> guard{h.mtx};
    for (auto& f : h.events)
      f(e);
  };
  return {
    [=](event_atom, const session_event& e) {
      deliver(e);
    },
    [=](event_atom, const status_event& e) {
      deliver(e);
    },
    [=](message_atom, const chat_message& m) {
      auto& h = *self->state.hs;
      std::lock_guard<std::mutex> guard{h.mtx};
      for (auto& f : h.messages)
        f(m);
    },
    [=](get_atom) {
      return true;
    },
  };
}

errc to_errc(const caf::error& e) {
  if (e && e.category() == caf::atom("livechat"))
    return static_cast<errc>(e.code());
  return errc::unavailable;
}

class config : public caf::actor_system_config {
public:
  explicit config(const runtime_options& opts) {
    actors::register_protocol(*this);
    if (opts.mode == clock_mode::virtual_time)
      set("scheduler.policy", caf::atom("testing"));
    else if (opts.threads > 0)
      set("scheduler.max-threads", opts.threads);
  }
};

} // namespace

struct runtime::impl {
  runtime_options opts;
  config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator* sched = nullptr; // virtual time only
  std::uint64_t jobs = 0; // jobs the test coordinator ran
  time_mapping clock;
  workspace_definition def;
  std::vector<live_chat_actor> domains;
  std::vector<std::size_t> domain_of_chat;
  std::vector<operator_actor> operators;     // by user id; null if none
  std::vector<supervisor_actor> supervisors; // by user id; null if none
  admin_actors admin;
  sink_actor sink;
  std::shared_ptr<handlers> hs = std::make_shared<handlers>();
  /// Real time: one blocking actor per calling thread, reused across calls
  /// (creating one per call cost more than the call). Declared after `sys`,
  /// so destroyed before it.
  std::mutex callers_mtx;
  std::unordered_map<std::thread::id, std::unique_ptr<caf::scoped_actor>>
    callers;

  caf::scoped_actor& caller() {
    std::lock_guard<std::mutex> guard{callers_mtx};
    auto& slot = callers[std::this_thread::get_id()];
    if (!slot)
      slot = std::make_unique<caf::scoped_actor>(sys);
    return *slot;
  }

  impl(workspace_definition d, runtime_options o)
      : opts(std::move(o)), cfg(opts), sys(cfg), def(std::move(d)) {
    if (opts.mode == clock_mode::virtual_time)
      sched = &dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
    clock = time_mapping{sys.clock().now(),
                         opts.mode == clock_mode::real_time ? opts.speed : 1.0};
  }

  ~impl() {
    auto stop = [&](const auto& h) {
      if (h)
        caf::anon_send_exit(h, caf::exit_reason::user_shutdown);
    };
    for (auto& d : domains)
      stop(d);
    for (auto& o : operators)
      stop(o);
    for (auto& s : supervisors)
      stop(s);
    for (auto& g : admin.groups)
      stop(g);
    stop(admin.workspace);
    stop(sink);
    if (sched != nullptr) {
      // Unfinished customers go with their domains' references; fire their
      // timers so that nothing keeps them alive.
      while (sched->has_pending_timeout()) {
        sched->trigger_timeout();
        run_jobs();
      }
      run_jobs();
    }
  }

  /// Sends a request and waits for its answer: by running the virtual
  /// scheduler until idle, or by blocking on a scoped actor in real time.
  template <class R, class Handle, class... Ts>
  expected<R> ask(const Handle& dest, Ts&&... xs) {
    if (!dest)
      return errc::unavailable;
    auto target = caf::actor_cast<caf::actor>(dest);
    if (sched != nullptr) {
      auto slot = std::make_shared<std::optional<expected<R>>>();
      // The slot is a spawn argument: CAF 0.17's init_fun_factory binds a
      // null reference for argument-less spawns, which UBSan reports.
      auto asker = [=](caf::event_based_actor* self, decltype(slot) out) {
        auto on_error = [out](caf::error& e) {
          *out = to_errc(e);
        };
        if constexpr (std::is_void_v<R>)
          self->request(target, caf::infinite, xs...)
            .then(
              [out] {
                *out = expected<void>{};
              },
              on_error);
        else
          self->request(target, caf::infinite, xs...)
            .then(
              [out](R& r) {
                *out = std::move(r);
              },
              on_error);
      };
      sys.spawn(asker, slot);
      run_jobs();
      return slot->has_value() ? std::move(**slot)
                               : expected<R>{errc::unavailable};
    }
    auto& self = caller();
    std::optional<expected<R>> out;
    auto on_error = [&](caf::error& e) {
      out = to_errc(e);
    };
    if constexpr (std::is_void_v<R>)
      self->request(target, caf::infinite, std::forward<Ts>(xs)...)
        .receive(
          [&] {
            out = expected<void>{};
          },
          on_error);
    else
      self->request(target, caf::infinite, std::forward<Ts>(xs)...)
        .receive(
          [&](R& r) {
            out = std::move(r);
          },
          on_error);
    return std::move(*out);
  }

  live_chat_actor domain_of_session(session_id s) const {
    // Domain k hands out ids k+1, k+1+D, k+1+2D, ... (D domains).
    if (s.value == 0 || domains.empty())
      return {};
    return domains[(s.value - 1) % domains.size()];
  }

  expected<void> start() {
    auto& dir = def.dir;
    if (!dir.is_administrator(def.admin))
      return errc::not_permitted;
    // Validate every chat the way the router will, before spawning.
    router probe{dir};
    for (const auto& chat : def.chats)
      if (auto ok = probe.define_live_chat(timestamp{}, def.admin, chat); !ok)
        return ok.error();
    auto parts = partition_domains(dir, def.chats);
    domain_of_chat.assign(def.chats.size(), 0);
    auto stride = static_cast<std::uint64_t>(parts.size());
    for (std::size_t k = 0; k < parts.size(); ++k) {
      domain_config dc{dir, {}, def.admin, k + 1, stride, clock};
      for (auto c : parts[k].chats) {
        dc.chats.emplace_back(chat_id{static_cast<std::uint32_t>(c)},
                              def.chats[c]);
        domain_of_chat[c] = k;
      }
      domains.push_back(spawn_domain(sys, std::move(dc)));
    }
    sink = sys.spawn(sink_impl, hs);
    for (auto& d : domains)
      caf::anon_send(d, subscribe_atom_v,
                     caf::actor_cast<session_listener>(sink));
    spawn_people();
    admin = spawn_admin(sys, workspace_config{dir, def.chats, domains,
                                              domain_of_chat});
    settle();
    return {};
  }

  void spawn_people() {
    const auto& dir = def.dir;
    operators.resize(dir.users().size());
    supervisors.resize(dir.users().size());
    for (std::size_t c = 0; c < def.chats.size(); ++c)
      for (auto u : serving_users(dir, def.chats[c]))
        if (!operators[u.value])
          operators[u.value] = spawn_operator(sys, u,
                                              domains[domain_of_chat[c]]);
    for (const auto& u : dir.users()) {
      supervisor_config sc;
      sc.id = u.id;
      sc.clock = clock;
      for (std::size_t c = 0; c < def.chats.size(); ++c) {
        const auto& chat = def.chats[c];
        if (!dir.is_member_of_any(u.id, chat.supervisor_groups))
          continue;
        chat_id id{static_cast<std::uint32_t>(c)};
        sc.chats.emplace_back(id, domains[domain_of_chat[c]]);
        if (chat.routing == routing_policy_kind::manual)
          sc.distributes.push_back(id);
      }
      if (sc.chats.empty())
        continue;
      if (opts.supervisor_reaction && !sc.distributes.empty())
        sc.reaction_time = opts.supervisor_reaction(u.id);
      supervisors[u.id.value] = spawn_supervisor(sys, std::move(sc));
    }
  }

  /// Virtual time: finishes the work of the current instant.
  void settle() {
    if (sched != nullptr)
      run_jobs();
  }

  void run_jobs() {
    jobs += sched->run();
  }
};

runtime::runtime(std::unique_ptr<impl> p) : impl_(std::move(p)) {}

runtime::~runtime() = default;

expected<std::unique_ptr<runtime>> runtime::create(workspace_definition def,
                                                   runtime_options options) {
  auto p = std::make_unique<impl>(std::move(def), std::move(options));
  if (auto ok = p->start(); !ok)
    return ok.error();
  return std::unique_ptr<runtime>{new runtime(std::move(p))};
}

clock_mode runtime::mode() const noexcept {
  return impl_->opts.mode;
}

timestamp runtime::now() const {
  return impl_->clock.to_core(impl_->sys.clock().now());
}

std::uint64_t runtime::jobs_run() const noexcept {
  return impl_->jobs;
}

std::size_t runtime::domain_count() const noexcept {
  return impl_->domains.size();
}

void runtime::advance_to(timestamp t) {
  auto& p = *impl_;
  if (p.sched == nullptr) {
    auto wait = t - now();
    if (wait > duration::zero())
      std::this_thread::sleep_for(p.clock.to_actor(wait));
    return;
  }
  auto& clk = p.sched->clock();
  p.run_jobs();
  while (p.sched->has_pending_timeout()
         && p.clock.to_core(clk.schedule().begin()->first) <= t) {
    p.sched->trigger_timeout();
    p.run_jobs();
  }
  auto target = p.clock.epoch + p.clock.to_actor(t.time_since_epoch());
  if (clk.current_time < target)
    clk.current_time = target;
}

void runtime::run_until_idle() {
  auto& p = *impl_;
  if (p.sched == nullptr)
    return;
  p.run_jobs();
  while (p.sched->has_pending_timeout()) {
    p.sched->trigger_timeout();
    p.run_jobs();
  }
}

expected<session_ticket> runtime::open_session(user_id customer, chat_id chat,
                                               customer_options options) {
  auto& p = *impl_;
  if (chat.value >= p.def.chats.size())
    return errc::unknown_chat;
  auto domain = p.domains[p.domain_of_chat[chat.value]];
  auto who = spawn_customer(p.sys, customer_config{customer, chat, domain,
                                                   options.patience, p.clock});
  return p.ask<session_ticket>(who, open_atom_v);
}

expected<void> runtime::post_message(user_id from, session_id s,
                                     std::string text) {
  auto& p = *impl_;
  return p.ask<void>(p.domain_of_session(s), message_atom_v, from, s,
                     std::move(text));
}

expected<void> runtime::leave(user_id customer, session_id s) {
  auto& p = *impl_;
  return p.ask<void>(p.domain_of_session(s), leave_atom_v, customer, s);
}

expected<void> runtime::set_status(operator_id op, operator_status status) {
  auto& p = *impl_;
  if (!p.def.dir.contains(op))
    return errc::unknown_user;
  if (!p.operators[op.value])
    return {}; // serves no chat: its status routes nothing
  return p.ask<void>(p.operators[op.value], status_atom_v, status);
}

expected<void> runtime::close_session(user_id actor, session_id s) {
  auto& p = *impl_;
  return p.ask<void>(p.domain_of_session(s), close_atom_v, actor, s);
}

expected<void> runtime::transfer(operator_id op, session_id s,
                                 group_id expert_group, user_id expert) {
  auto& p = *impl_;
  if (!p.def.dir.contains(op) || !p.operators[op.value])
    return errc::not_assigned_to_you;
  return p.ask<void>(p.operators[op.value], transfer_atom_v, s, expert_group,
                     expert);
}

expected<operator_view> runtime::view(operator_id op) {
  auto& p = *impl_;
  if (!p.def.dir.contains(op))
    return errc::unknown_user;
  if (!p.operators[op.value])
    return operator_view{};
  return p.ask<operator_view>(p.operators[op.value], get_atom_v);
}

expected<void> runtime::assign(user_id supervisor, session_id s,
                               operator_id op) {
  auto& p = *impl_;
  return p.ask<void>(p.domain_of_session(s), assign_atom_v, supervisor, s, op);
}

expected<chat_snapshot> runtime::snapshot(user_id supervisor, chat_id chat) {
  auto& p = *impl_;
  if (chat.value >= p.def.chats.size())
    return errc::unknown_chat;
  return p.ask<chat_snapshot>(p.domains[p.domain_of_chat[chat.value]],
                              snapshot_atom_v, supervisor, chat);
}

expected<void> runtime::add_member(user_id actor, group_id g, user_id member) {
  auto& p = *impl_;
  if (g.value >= p.admin.groups.size())
    return errc::unknown_group;
  return p.ask<void>(p.admin.groups[g.value], add_member_atom_v, actor, member);
}

expected<void> runtime::remove_member(user_id actor, group_id g,
                                      user_id member) {
  auto& p = *impl_;
  if (g.value >= p.admin.groups.size())
    return errc::unknown_group;
  return p.ask<void>(p.admin.groups[g.value], remove_member_atom_v, actor,
                     member);
}

expected<std::vector<user_id>> runtime::members(group_id g) {
  auto& p = *impl_;
  if (g.value >= p.admin.groups.size())
    return errc::unknown_group;
  return p.ask<std::vector<user_id>>(p.admin.groups[g.value], get_atom_v);
}

void runtime::subscribe(std::function<void(const routing_event&)> handler) {
  std::lock_guard<std::mutex> guard{impl_->hs->mtx};
  impl_->hs->events.push_back(std::move(handler));
}

void runtime::drain_events() {
  auto& p = *impl_;
  // Domains send events to the sink before they answer a call, so the sink
  // has them queued ahead of this request.
  (void)p.ask<bool>(p.sink, get_atom_v);
}

void runtime::subscribe_messages(
  std::function<void(const chat_message&)> handler) {
  std::lock_guard<std::mutex> guard{impl_->hs->mtx};
  impl_->hs->messages.push_back(std::move(handler));
}

} // namespace livechat
