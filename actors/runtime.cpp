#include "actors/runtime.hpp"

#include "actors/deployment.hpp"
#include "actors/participants.hpp"
#include "actors/protocol.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/logger.hpp>
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
  std::vector<std::function<void(const admin_event&)>> admin;
};

struct sink_state {
  std::shared_ptr<handlers> hs;
  static constexpr const char* name = "livechat.event_sink";
};

/// The sink answers `get` (an empty reply) once it has delivered all it
/// received before.
using sink_actor = session_listener::extend<caf::reacts_to<get_atom>>;

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
      // Nothing to do: answering tells the asker the queue ahead is done.
    },
  };
}

/// What an administrative change created, as the call's result type.
template <class R>
expected<R> created_as(expected<admin_created> r) {
  if (!r)
    return r.error();
  if constexpr (std::is_void_v<R>)
    return {};
  else if constexpr (std::is_same_v<R, admin_created>)
    return *r;
  else
    return std::get<R>(*r);
}

errc to_errc(const caf::error& e) {
  if (e && e.category() == caf::atom("livechat"))
    return static_cast<errc>(e.code());
  return errc::unavailable;
}

/// CAF 0.17 keeps a reference to the system's logger in a thread_local
/// of every thread that spawns an actor or creates a scoped actor, and
/// `~actor_system` waits until every such reference is gone. A caller's
/// thread that outlives the runtime (a server's store thread, a client's
/// thread pool) would make the runtime's destruction wait forever. So a
/// call from a thread outside the actor system drops that reference
/// before it returns, and so does the thread that creates the runtime
/// (tests/actors/runtime_threads_test.cpp).
class foreign_thread_scope {
public:
  foreign_thread_scope() noexcept
      : foreign_(caf::logger::current_logger() == nullptr) {}
  ~foreign_thread_scope() {
    if (foreign_)
      caf::logger::set_current_actor_system(nullptr);
  }
  foreign_thread_scope(const foreign_thread_scope&) = delete;
  foreign_thread_scope& operator=(const foreign_thread_scope&) = delete;

private:
  bool foreign_;
};

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
  /// External customers seen so far; calls come from any thread.
  mutable std::mutex contacts_mtx;
  contact_book contacts;

  impl(workspace_definition d, runtime_options o)
      : opts(std::move(o)),
        def(std::move(d)),
        dep(def.dir, def.admin, def.chats,
            {.mode = opts.mode,
             .speed = opts.speed,
             .threads = opts.threads,
             .session_id_floor = opts.session_id_floor}) {}

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
    if (dep.clock().is_virtual())
      return ask_virtual<R>(dest, std::forward<Ts>(xs)...);
    foreign_thread_scope scope;
    auto& self = caller();
    auto target = caf::actor_cast<caf::actor>(dest);
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

  /// Virtual time: the asynchronous form, then the driver runs it.
  template <class R, class Handle, class... Ts>
  expected<R> ask_virtual(const Handle& dest, Ts&&... xs) {
    auto slot = std::make_shared<std::optional<expected<R>>>();
    ask_async<R>(
      dest,
      [slot](expected<R> r) {
        *slot = std::move(r);
      },
      std::forward<Ts>(xs)...);
    dep.clock().settle();
    return slot->has_value() ? std::move(**slot)
                             : expected<R>{errc::unavailable};
  }

  /// Sends a request from a fresh one-shot actor, which calls `done` with
  /// the answer (or the error) and then terminates. Never blocks.
  template <class R, class Handle, class... Ts>
  void ask_async(const Handle& dest, completion<R> done, Ts&&... xs) {
    if (!dest)
      return complete_later<R>(std::move(done), errc::unavailable);
    foreign_thread_scope scope;
    // Everything is a spawn argument: CAF 0.17's init_fun_factory binds a
    // null reference for argument-less spawns, which UBSan reports.
    auto asker = [](caf::event_based_actor* self, caf::actor target,
                    completion<R> on_done, std::decay_t<Ts>... args) {
      auto shared = std::make_shared<completion<R>>(std::move(on_done));
      auto on_error = [shared](caf::error& e) {
        (*shared)(to_errc(e));
      };
      if constexpr (std::is_void_v<R>)
        self->request(target, caf::infinite, std::move(args)...)
          .then(
            [shared] {
              (*shared)(expected<void>{});
            },
            on_error);
      else
        self->request(target, caf::infinite, std::move(args)...)
          .then(
            [shared](R& r) {
              (*shared)(std::move(r));
            },
            on_error);
    };
    sys().spawn(asker, caf::actor_cast<caf::actor>(dest), std::move(done),
                std::forward<Ts>(xs)...);
  }

  /// Calls `done` with `result` from a one-shot actor, so that even a call
  /// refused before reaching an actor completes where the contract says.
  template <class R>
  void complete_later(completion<R> done, expected<R> result) {
    foreign_thread_scope scope;
    sys().spawn(
      [](caf::event_based_actor*, completion<R> on_done, expected<R> r) {
        on_done(std::move(r));
      },
      std::move(done), std::move(result));
  }

  expected<void> start() {
    deployment_hooks hooks;
    hooks.supervisor_reaction = opts.supervisor_reaction;
    hooks.on_admin_event = [hs = hs](const admin_event& e) {
      std::lock_guard<std::mutex> guard{hs->mtx};
      for (auto& f : hs->admin)
        f(e);
    };
    hooks.transcripts = opts.transcripts
                          ? opts.transcripts
                          : std::make_shared<memory_transcript_store>();
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

  /// The customer id of `who`, numbering it if it is new.
  expected<user_id> add_contact(const contact& who) {
    std::lock_guard<std::mutex> guard{contacts_mtx};
    auto id = contacts.add(who);
    if (!id)
      return id.error();
    return customer_of(*id);
  }

  /// The customer id of `who`, which must have opened a session before
  /// (else it is nobody's customer: `errc::not_permitted`).
  expected<user_id> known_contact(const contact& who) const {
    if (auto ok = contact_book::validate(who); !ok)
      return ok.error();
    std::lock_guard<std::mutex> guard{contacts_mtx};
    auto id = contacts.find(who);
    if (!id)
      return errc::not_permitted;
    return customer_of(*id);
  }

  /// An administrative change through the workspace actor, blocking.
  template <class R>
  expected<R> administer(user_id actor, admin_change change) {
    return created_as<R>(ask<admin_created>(dep.workspace(), admin_atom_v,
                                            actor, std::move(change)));
  }

  /// The same, completing `done` with the result.
  template <class R>
  void administer(user_id actor, admin_change change, completion<R> done) {
    ask_async<admin_created>(
      dep.workspace(),
      [on_done = std::move(done)](expected<admin_created> r) {
        on_done(created_as<R>(std::move(r)));
      },
      admin_atom_v, actor, std::move(change));
  }
};

runtime::runtime(std::unique_ptr<impl> p) : impl_(std::move(p)) {}

runtime::~runtime() = default;

expected<std::unique_ptr<runtime>> runtime::create(workspace_definition def,
                                                   runtime_options options) {
  foreign_thread_scope scope;
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

void runtime::settle() {
  impl_->dep.clock().settle();
}

void runtime::run_until_idle() {
  impl_->dep.clock().run_until_idle();
}

// Each operation is written once, as a template over how its result is
// delivered: `blocking<R>` returns it, `async<R>` hands it to a completion.
// `now(r)` delivers a result known without asking an actor; `ask(dest, ...)`
// asks one.

namespace {

template <class R>
struct blocking {
  runtime::impl& p;
  expected<R> now(expected<R> r) {
    return r;
  }
  template <class Handle, class... Ts>
  expected<R> ask(const Handle& dest, Ts&&... xs) {
    return p.ask<R>(dest, std::forward<Ts>(xs)...);
  }
  /// Asks `dest`, which answers nothing; on success the result is `value`.
  template <class V, class Handle, class... Ts>
  expected<R> ask_then_give(V value, const Handle& dest, Ts&&... xs) {
    auto ok = p.ask<void>(dest, std::forward<Ts>(xs)...);
    if (!ok)
      return ok.error();
    return value;
  }
};

template <class R>
struct async {
  runtime::impl& p;
  completion<R> done;
  void now(expected<R> r) {
    p.complete_later<R>(std::move(done), std::move(r));
  }
  template <class Handle, class... Ts>
  void ask(const Handle& dest, Ts&&... xs) {
    p.ask_async<R>(dest, std::move(done), std::forward<Ts>(xs)...);
  }
  template <class V, class Handle, class... Ts>
  void ask_then_give(V value, const Handle& dest, Ts&&... xs) {
    p.ask_async<void>(
      dest,
      [value, on_done = std::move(done)](expected<void> ok) {
        on_done(ok ? expected<R>{value} : expected<R>{ok.error()});
      },
      std::forward<Ts>(xs)...);
  }
};

template <class Call>
auto open_session_op(runtime::impl& p, user_id customer, chat_id chat,
                     customer_options options, Call call) {
  auto domain = p.dep.domain_of_chat(chat);
  if (!domain)
    return call.now(errc::unknown_chat);
  auto who = spawn_customer(p.sys(),
                            customer_config{customer, chat, domain,
                                            options.patience, p.dep.time()});
  return call.ask(who, open_atom_v);
}

/// A contact opens a session: only in an external chat of its channel.
/// The contact is numbered once the chat accepts its channel.
template <class Call>
auto open_contact_session_op(runtime::impl& p, const contact& who, chat_id chat,
                             customer_options options, Call call) {
  if (auto ok = contact_book::validate(who); !ok)
    return call.now(ok.error());
  auto def = p.dep.chat(chat);
  if (!def)
    return call.now(errc::unknown_chat);
  if (def->is_internal() || def->channel != who.channel)
    return call.now(errc::not_permitted);
  auto customer = p.add_contact(who);
  if (!customer)
    return call.now(customer.error());
  return open_session_op(p, *customer, chat, options, std::move(call));
}

/// Asks the domain of session `s` `(atom, customer, s, rest...)` where the
/// customer is contact `who`.
template <class Call, class Atom, class... Ts>
auto contact_session_op(runtime::impl& p, const contact& who, session_id s,
                        Call call, Atom atom, Ts... rest) {
  auto customer = p.known_contact(who);
  if (!customer)
    return call.now(customer.error());
  return call.ask(p.dep.domain_of_session(s), atom, *customer, s,
                  std::move(rest)...);
}

template <class Call>
auto set_status_op(runtime::impl& p, operator_id op, operator_status status,
                   Call call) {
  if (!p.dep.knows_user(op))
    return call.now(errc::unknown_user);
  if (!p.dep.serves(op))
    return call.now({}); // serves no chat: its status routes nothing
  return call.ask(p.operator_of(op), status_atom_v, status);
}

template <class Call>
auto transfer_op(runtime::impl& p, operator_id op, session_id s,
                 group_id expert_group, user_id expert, Call call) {
  if (!p.dep.serves(op))
    return call.now(errc::not_assigned_to_you);
  return call.ask(p.operator_of(op), transfer_atom_v, s, expert_group, expert);
}

template <class Call>
auto view_op(runtime::impl& p, operator_id op, Call call) {
  if (!p.dep.knows_user(op))
    return call.now(errc::unknown_user);
  if (!p.dep.serves(op))
    return call.now(operator_view{});
  return call.ask(p.operator_of(op), get_atom_v);
}

template <class Call>
auto snapshot_op(runtime::impl& p, user_id supervisor, chat_id chat,
                 Call call) {
  auto domain = p.dep.domain_of_chat(chat);
  if (!domain)
    return call.now(errc::unknown_chat);
  return call.ask(domain, snapshot_atom_v, supervisor, chat);
}

using stream_ptr = std::shared_ptr<event_stream>;

/// Asks `domain` to feed a new stream as `req` says; delivers the stream.
template <class Call>
auto watch_op(const live_chat_actor& domain, stream_request req,
              stream_options options, Call call) {
  auto stream = std::make_shared<event_stream>(std::move(options));
  req.out = stream;
  return call.ask_then_give(stream, domain, watch_atom_v, std::move(req));
}

template <class Call>
auto watch_chat_op(runtime::impl& p, user_id supervisor, chat_id chat,
                   stream_options options, Call call) {
  auto domain = p.dep.domain_of_chat(chat);
  if (!domain)
    return call.now(errc::unknown_chat);
  stream_request req{
    .what = stream_request::scope::chat, .who = supervisor, .chat = chat};
  return watch_op(domain, std::move(req), std::move(options), std::move(call));
}

template <class Call>
auto watch_operator_op(runtime::impl& p, operator_id op, stream_options options,
                       Call call) {
  if (!p.dep.knows_user(op))
    return call.now(errc::unknown_user);
  if (!p.dep.serves(op))
    return call.now(errc::not_permitted);
  const auto& domain = p.dep.domains()[p.dep.domain_of_operator(op)];
  stream_request req{.what = stream_request::scope::own, .who = op};
  return watch_op(domain, std::move(req), std::move(options), std::move(call));
}

template <class Call>
auto watch_session_op(runtime::impl& p, user_id customer, session_id s,
                      stream_options options, Call call) {
  auto domain = p.dep.domain_of_session(s);
  if (!domain)
    return call.now(errc::unknown_session);
  stream_request req{
    .what = stream_request::scope::session, .who = customer, .session = s};
  return watch_op(domain, std::move(req), std::move(options), std::move(call));
}

template <class Call>
auto watch_contact_session_op(runtime::impl& p, const contact& who,
                              session_id s, stream_options options, Call call) {
  auto customer = p.known_contact(who);
  if (!customer)
    return call.now(customer.error());
  return watch_session_op(p, *customer, s, std::move(options), std::move(call));
}

} // namespace

expected<stream_ptr> runtime::watch_chat(user_id supervisor, chat_id chat,
                                         stream_options options) {
  return watch_chat_op(*impl_, supervisor, chat, std::move(options),
                       blocking<stream_ptr>{*impl_});
}

void runtime::watch_chat(user_id supervisor, chat_id chat,
                         stream_options options, completion<stream_ptr> done) {
  watch_chat_op(*impl_, supervisor, chat, std::move(options),
                async<stream_ptr>{*impl_, std::move(done)});
}

expected<stream_ptr> runtime::watch_operator(operator_id op,
                                             stream_options options) {
  return watch_operator_op(*impl_, op, std::move(options),
                           blocking<stream_ptr>{*impl_});
}

void runtime::watch_operator(operator_id op, stream_options options,
                             completion<stream_ptr> done) {
  watch_operator_op(*impl_, op, std::move(options),
                    async<stream_ptr>{*impl_, std::move(done)});
}

expected<stream_ptr> runtime::watch_session(user_id customer, session_id s,
                                            stream_options options) {
  return watch_session_op(*impl_, customer, s, std::move(options),
                          blocking<stream_ptr>{*impl_});
}

void runtime::watch_session(user_id customer, session_id s,
                            stream_options options,
                            completion<stream_ptr> done) {
  watch_session_op(*impl_, customer, s, std::move(options),
                   async<stream_ptr>{*impl_, std::move(done)});
}

expected<stream_ptr> runtime::watch_session(const contact& who, session_id s,
                                            stream_options options) {
  return watch_contact_session_op(*impl_, who, s, std::move(options),
                                  blocking<stream_ptr>{*impl_});
}

void runtime::watch_session(const contact& who, session_id s,
                            stream_options options,
                            completion<stream_ptr> done) {
  watch_contact_session_op(*impl_, who, s, std::move(options),
                           async<stream_ptr>{*impl_, std::move(done)});
}

expected<session_ticket> runtime::open_session(user_id customer, chat_id chat,
                                               customer_options options) {
  return open_session_op(*impl_, customer, chat, options,
                         blocking<session_ticket>{*impl_});
}

void runtime::open_session(user_id customer, chat_id chat,
                           customer_options options,
                           completion<session_ticket> done) {
  open_session_op(*impl_, customer, chat, options,
                  async<session_ticket>{*impl_, std::move(done)});
}

expected<void> runtime::post_message(user_id from, session_id s,
                                     std::string text) {
  return impl_->ask<void>(impl_->dep.domain_of_session(s), message_atom_v, from,
                          s, std::move(text));
}

void runtime::post_message(user_id from, session_id s, std::string text,
                           completion<void> done) {
  impl_->ask_async<void>(impl_->dep.domain_of_session(s), std::move(done),
                         message_atom_v, from, s, std::move(text));
}

expected<void> runtime::leave(user_id customer, session_id s) {
  return impl_->ask<void>(impl_->dep.domain_of_session(s), leave_atom_v,
                          customer, s);
}

void runtime::leave(user_id customer, session_id s, completion<void> done) {
  impl_->ask_async<void>(impl_->dep.domain_of_session(s), std::move(done),
                         leave_atom_v, customer, s);
}

expected<transcript> runtime::read_transcript(user_id reader, session_id s) {
  return impl_->ask<transcript>(impl_->dep.domain_of_session(s),
                                transcript_atom_v, reader, s);
}

void runtime::read_transcript(user_id reader, session_id s,
                              completion<transcript> done) {
  impl_->ask_async<transcript>(impl_->dep.domain_of_session(s), std::move(done),
                               transcript_atom_v, reader, s);
}

expected<session_ticket> runtime::open_session(const contact& who, chat_id chat,
                                               customer_options options) {
  return open_contact_session_op(*impl_, who, chat, options,
                                 blocking<session_ticket>{*impl_});
}

void runtime::open_session(const contact& who, chat_id chat,
                           customer_options options,
                           completion<session_ticket> done) {
  open_contact_session_op(*impl_, who, chat, options,
                          async<session_ticket>{*impl_, std::move(done)});
}

expected<void> runtime::post_message(const contact& from, session_id s,
                                     std::string text) {
  return contact_session_op(*impl_, from, s, blocking<void>{*impl_},
                            message_atom_v, std::move(text));
}

void runtime::post_message(const contact& from, session_id s, std::string text,
                           completion<void> done) {
  contact_session_op(*impl_, from, s, async<void>{*impl_, std::move(done)},
                     message_atom_v, std::move(text));
}

expected<void> runtime::leave(const contact& who, session_id s) {
  return contact_session_op(*impl_, who, s, blocking<void>{*impl_},
                            leave_atom_v);
}

void runtime::leave(const contact& who, session_id s, completion<void> done) {
  contact_session_op(*impl_, who, s, async<void>{*impl_, std::move(done)},
                     leave_atom_v);
}

expected<transcript> runtime::read_transcript(const contact& who,
                                              session_id s) {
  return contact_session_op(*impl_, who, s, blocking<transcript>{*impl_},
                            transcript_atom_v);
}

void runtime::read_transcript(const contact& who, session_id s,
                              completion<transcript> done) {
  contact_session_op(*impl_, who, s, async<transcript>{*impl_, std::move(done)},
                     transcript_atom_v);
}

expected<contact> runtime::contact_of_customer(user_id customer) const {
  auto id = contact_of(customer);
  if (!id)
    return errc::unknown_user;
  std::lock_guard<std::mutex> guard{impl_->contacts_mtx};
  if (!impl_->contacts.contains(*id))
    return errc::unknown_user;
  return impl_->contacts.get(*id);
}

expected<void> runtime::set_status(operator_id op, operator_status status) {
  return set_status_op(*impl_, op, status, blocking<void>{*impl_});
}

void runtime::set_status(operator_id op, operator_status status,
                         completion<void> done) {
  set_status_op(*impl_, op, status, async<void>{*impl_, std::move(done)});
}

expected<void> runtime::restore_session(const restored_session& s) {
  auto domain = impl_->dep.adopt_restored_session(s.id, s.chat);
  if (!domain)
    return s.id.value > impl_->opts.session_id_floor ? errc::invalid_argument
                                                     : errc::unknown_chat;
  return impl_->ask<void>(domain, restore_atom_v, s);
}

expected<void> runtime::restore_contact(const contact& who, user_id customer) {
  auto id = livechat::contact_of(customer);
  if (!id)
    return errc::invalid_argument;
  std::lock_guard<std::mutex> guard{impl_->contacts_mtx};
  return impl_->contacts.restore(*id, who);
}

expected<void> runtime::close_session(user_id actor, session_id s) {
  return impl_->ask<void>(impl_->dep.domain_of_session(s), close_atom_v, actor,
                          s);
}

void runtime::close_session(user_id actor, session_id s,
                            completion<void> done) {
  impl_->ask_async<void>(impl_->dep.domain_of_session(s), std::move(done),
                         close_atom_v, actor, s);
}

expected<void> runtime::transfer(operator_id op, session_id s,
                                 group_id expert_group, user_id expert) {
  return transfer_op(*impl_, op, s, expert_group, expert,
                     blocking<void>{*impl_});
}

void runtime::transfer(operator_id op, session_id s, group_id expert_group,
                       user_id expert, completion<void> done) {
  transfer_op(*impl_, op, s, expert_group, expert,
              async<void>{*impl_, std::move(done)});
}

expected<operator_view> runtime::view(operator_id op) {
  return view_op(*impl_, op, blocking<operator_view>{*impl_});
}

void runtime::view(operator_id op, completion<operator_view> done) {
  view_op(*impl_, op, async<operator_view>{*impl_, std::move(done)});
}

expected<void> runtime::assign(user_id supervisor, session_id s,
                               operator_id op) {
  return impl_->ask<void>(impl_->dep.domain_of_session(s), assign_atom_v,
                          supervisor, s, op);
}

void runtime::assign(user_id supervisor, session_id s, operator_id op,
                     completion<void> done) {
  impl_->ask_async<void>(impl_->dep.domain_of_session(s), std::move(done),
                         assign_atom_v, supervisor, s, op);
}

expected<chat_snapshot> runtime::snapshot(user_id supervisor, chat_id chat) {
  return snapshot_op(*impl_, supervisor, chat, blocking<chat_snapshot>{*impl_});
}

void runtime::snapshot(user_id supervisor, chat_id chat,
                       completion<chat_snapshot> done) {
  snapshot_op(*impl_, supervisor, chat,
              async<chat_snapshot>{*impl_, std::move(done)});
}

// -- administration: each call is one admin_change through the workspace --

expected<admin_created> runtime::administer(user_id actor,
                                            admin_change change) {
  return impl_->administer<admin_created>(actor, std::move(change));
}

void runtime::administer(user_id actor, admin_change change,
                         completion<admin_created> done) {
  impl_->administer<admin_created>(actor, std::move(change), std::move(done));
}

expected<user_id> runtime::add_user(user_id actor, std::string name) {
  return impl_->administer<user_id>(actor, add_user_change{std::move(name)});
}

void runtime::add_user(user_id actor, std::string name,
                       completion<user_id> done) {
  impl_->administer<user_id>(actor, add_user_change{std::move(name)},
                             std::move(done));
}

expected<void> runtime::rename_user(user_id actor, user_id u,
                                    std::string name) {
  return impl_->administer<void>(actor, rename_user_change{u, std::move(name)});
}

void runtime::rename_user(user_id actor, user_id u, std::string name,
                          completion<void> done) {
  impl_->administer<void>(actor, rename_user_change{u, std::move(name)},
                          std::move(done));
}

expected<void> runtime::remove_user(user_id actor, user_id u) {
  return impl_->administer<void>(actor, remove_user_change{u});
}

void runtime::remove_user(user_id actor, user_id u, completion<void> done) {
  impl_->administer<void>(actor, remove_user_change{u}, std::move(done));
}

expected<group_id> runtime::create_group(user_id actor, std::string name,
                                         std::vector<user_id> members) {
  return impl_->administer<group_id>(
    actor, create_group_change{std::move(name), std::move(members)});
}

void runtime::create_group(user_id actor, std::string name,
                           std::vector<user_id> members,
                           completion<group_id> done) {
  impl_->administer<group_id>(
    actor, create_group_change{std::move(name), std::move(members)},
    std::move(done));
}

expected<void> runtime::rename_group(user_id actor, group_id g,
                                     std::string name) {
  return impl_->administer<void>(actor,
                                 rename_group_change{g, std::move(name)});
}

void runtime::rename_group(user_id actor, group_id g, std::string name,
                           completion<void> done) {
  impl_->administer<void>(actor, rename_group_change{g, std::move(name)},
                          std::move(done));
}

expected<void> runtime::remove_group(user_id actor, group_id g) {
  return impl_->administer<void>(actor, remove_group_change{g});
}

void runtime::remove_group(user_id actor, group_id g, completion<void> done) {
  impl_->administer<void>(actor, remove_group_change{g}, std::move(done));
}

expected<void> runtime::add_member(user_id actor, group_id g, user_id member) {
  return impl_->administer<void>(actor, add_member_change{g, member});
}

void runtime::add_member(user_id actor, group_id g, user_id member,
                         completion<void> done) {
  impl_->administer<void>(actor, add_member_change{g, member}, std::move(done));
}

expected<void> runtime::remove_member(user_id actor, group_id g,
                                      user_id member) {
  return impl_->administer<void>(actor, remove_member_change{g, member});
}

void runtime::remove_member(user_id actor, group_id g, user_id member,
                            completion<void> done) {
  impl_->administer<void>(actor, remove_member_change{g, member},
                          std::move(done));
}

expected<chat_id> runtime::define_chat(user_id actor,
                                       live_chat_definition def) {
  return impl_->administer<chat_id>(actor, define_chat_change{std::move(def)});
}

void runtime::define_chat(user_id actor, live_chat_definition def,
                          completion<chat_id> done) {
  impl_->administer<chat_id>(actor, define_chat_change{std::move(def)},
                             std::move(done));
}

expected<void> runtime::edit_chat(user_id actor, chat_id chat,
                                  live_chat_definition def) {
  return impl_->administer<void>(actor, edit_chat_change{chat, std::move(def)});
}

void runtime::edit_chat(user_id actor, chat_id chat, live_chat_definition def,
                        completion<void> done) {
  impl_->administer<void>(actor, edit_chat_change{chat, std::move(def)},
                          std::move(done));
}

expected<void> runtime::remove_chat(user_id actor, chat_id chat) {
  return impl_->administer<void>(actor, remove_chat_change{chat});
}

void runtime::remove_chat(user_id actor, chat_id chat, completion<void> done) {
  impl_->administer<void>(actor, remove_chat_change{chat}, std::move(done));
}

expected<std::vector<user_id>> runtime::members(group_id g) {
  return impl_->ask<std::vector<user_id>>(impl_->dep.workspace(), get_atom_v,
                                          g);
}

void runtime::members(group_id g, completion<std::vector<user_id>> done) {
  impl_->ask_async<std::vector<user_id>>(impl_->dep.workspace(),
                                         std::move(done), get_atom_v, g);
}

void runtime::subscribe_admin(std::function<void(const admin_event&)> handler) {
  std::lock_guard<std::mutex> guard{impl_->hs->mtx};
  impl_->hs->admin.push_back(std::move(handler));
}

void runtime::subscribe(std::function<void(const routing_event&)> handler) {
  std::lock_guard<std::mutex> guard{impl_->hs->mtx};
  impl_->hs->events.push_back(std::move(handler));
}

// Domains send events to the sink before they answer a call, so the sink
// has them queued ahead of this request.
void runtime::drain_events() {
  (void)impl_->ask<void>(impl_->sink, get_atom_v);
}

void runtime::drain_events(completion<void> done) {
  impl_->ask_async<void>(impl_->sink, std::move(done), get_atom_v);
}

void runtime::subscribe_messages(
  std::function<void(const chat_message&)> handler) {
  std::lock_guard<std::mutex> guard{impl_->hs->mtx};
  impl_->hs->messages.push_back(std::move(handler));
}

} // namespace livechat
