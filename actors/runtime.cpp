#include "actors/runtime.hpp"

#include "actors/deployment.hpp"
#include "actors/participants.hpp"
#include "actors/protocol.hpp"

#include <caf/event_based_actor.hpp>
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

} // namespace

struct runtime::impl {
  runtime_options opts;
  workspace_definition def; // the deployment refers to it
  deployment dep;
  sink_actor sink;
  std::shared_ptr<handlers> hs = std::make_shared<handlers>();
  /// Real time: one blocking actor per calling thread, reused across calls
  /// (creating one per call cost more than the call). Declared after `dep`,
  /// so destroyed before its actor system.
  std::mutex callers_mtx;
  std::unordered_map<std::thread::id, std::unique_ptr<caf::scoped_actor>>
    callers;

  impl(workspace_definition d, runtime_options o)
      : opts(std::move(o)),
        def(std::move(d)),
        dep(def.dir, def.admin, def.chats,
            {.mode = opts.mode, .speed = opts.speed, .threads = opts.threads}) {
  }

  ~impl() {
    if (sink)
      caf::anon_send_exit(sink, caf::exit_reason::user_shutdown);
  }

  caf::actor_system& sys() {
    return dep.system();
  }

  caf::scoped_actor& caller() {
    std::lock_guard<std::mutex> guard{callers_mtx};
    auto& slot = callers[std::this_thread::get_id()];
    if (!slot)
      slot = std::make_unique<caf::scoped_actor>(sys());
    return *slot;
  }

  /// Sends a request and waits for its answer: by running the virtual
  /// clock's jobs, or by blocking on a scoped actor in real time.
  template <class R, class Handle, class... Ts>
  expected<R> ask(const Handle& dest, Ts&&... xs) {
    if (!dest)
      return errc::unavailable;
    auto target = caf::actor_cast<caf::actor>(dest);
    if (dep.clock().is_virtual())
      return ask_virtual<R>(target, std::forward<Ts>(xs)...);
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

  template <class R, class... Ts>
  expected<R> ask_virtual(const caf::actor& target, Ts... xs) {
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
    sys().spawn(asker, slot);
    dep.clock().settle();
    return slot->has_value() ? std::move(**slot)
                             : expected<R>{errc::unavailable};
  }

  expected<void> start() {
    deployment_hooks hooks;
    hooks.supervisor_reaction = opts.supervisor_reaction;
    if (auto ok = dep.start(std::move(hooks)); !ok)
      return ok;
    sink = sys().spawn(sink_impl, hs);
    for (auto& d : dep.domains())
      caf::anon_send(d, subscribe_atom_v,
                     caf::actor_cast<session_listener>(sink));
    dep.clock().settle();
    return {};
  }

  operator_actor operator_of(user_id u) const {
    return caf::actor_cast<operator_actor>(dep.operator_of(u));
  }

  group_actor group(group_id g) const {
    const auto& groups = dep.administration().groups;
    return g.value < groups.size() ? groups[g.value] : group_actor{};
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
  return impl_->dep.clock().now();
}

std::uint64_t runtime::jobs_run() const noexcept {
  return impl_->dep.clock().jobs_run();
}

std::size_t runtime::domain_count() const noexcept {
  return impl_->dep.domains().size();
}

void runtime::advance_to(timestamp t) {
  impl_->dep.clock().advance_to(t);
}

void runtime::run_until_idle() {
  impl_->dep.clock().run_until_idle();
}

expected<session_ticket> runtime::open_session(user_id customer, chat_id chat,
                                               customer_options options) {
  auto& p = *impl_;
  auto domain = p.dep.domain_of_chat(chat);
  if (!domain)
    return errc::unknown_chat;
  auto who = spawn_customer(p.sys(),
                            customer_config{customer, chat, domain,
                                            options.patience, p.dep.time()});
  return p.ask<session_ticket>(who, open_atom_v);
}

expected<void> runtime::post_message(user_id from, session_id s,
                                     std::string text) {
  auto& p = *impl_;
  return p.ask<void>(p.dep.domain_of_session(s), message_atom_v, from, s,
                     std::move(text));
}

expected<void> runtime::leave(user_id customer, session_id s) {
  auto& p = *impl_;
  return p.ask<void>(p.dep.domain_of_session(s), leave_atom_v, customer, s);
}

expected<void> runtime::set_status(operator_id op, operator_status status) {
  auto& p = *impl_;
  if (!p.def.dir.contains(op))
    return errc::unknown_user;
  if (!p.dep.serves(op))
    return {}; // serves no chat: its status routes nothing
  return p.ask<void>(p.operator_of(op), status_atom_v, status);
}

expected<void> runtime::close_session(user_id actor, session_id s) {
  auto& p = *impl_;
  return p.ask<void>(p.dep.domain_of_session(s), close_atom_v, actor, s);
}

expected<void> runtime::transfer(operator_id op, session_id s,
                                 group_id expert_group, user_id expert) {
  auto& p = *impl_;
  if (!p.dep.serves(op))
    return errc::not_assigned_to_you;
  return p.ask<void>(p.operator_of(op), transfer_atom_v, s, expert_group,
                     expert);
}

expected<operator_view> runtime::view(operator_id op) {
  auto& p = *impl_;
  if (!p.def.dir.contains(op))
    return errc::unknown_user;
  if (!p.dep.serves(op))
    return operator_view{};
  return p.ask<operator_view>(p.operator_of(op), get_atom_v);
}

expected<void> runtime::assign(user_id supervisor, session_id s,
                               operator_id op) {
  auto& p = *impl_;
  return p.ask<void>(p.dep.domain_of_session(s), assign_atom_v, supervisor, s,
                     op);
}

expected<chat_snapshot> runtime::snapshot(user_id supervisor, chat_id chat) {
  auto& p = *impl_;
  auto domain = p.dep.domain_of_chat(chat);
  if (!domain)
    return errc::unknown_chat;
  return p.ask<chat_snapshot>(domain, snapshot_atom_v, supervisor, chat);
}

expected<void> runtime::add_member(user_id actor, group_id g, user_id member) {
  auto& p = *impl_;
  auto group = p.group(g);
  if (!group)
    return errc::unknown_group;
  return p.ask<void>(group, add_member_atom_v, actor, member);
}

expected<void> runtime::remove_member(user_id actor, group_id g,
                                      user_id member) {
  auto& p = *impl_;
  auto group = p.group(g);
  if (!group)
    return errc::unknown_group;
  return p.ask<void>(group, remove_member_atom_v, actor, member);
}

expected<std::vector<user_id>> runtime::members(group_id g) {
  auto& p = *impl_;
  auto group = p.group(g);
  if (!group)
    return errc::unknown_group;
  return p.ask<std::vector<user_id>>(group, get_atom_v);
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
