// Real-time stress: many customers and operators driven from several threads
// at once, with random status flips, transfers, closes and abandons, some
// sessions opened asynchronously, administration (members joining and
// leaving groups, users added, renamed and removed, chats defined, edited
// and removed, and now and then a change that merges two running routing
// domains) and subscribers (supervisors' and operators' streams, some so
// slow they are cut off and resubscribe) in the mix; the
// invariants are then checked from the event log (core/invariants.hpp):
// no operator over capacity, no session held twice, every session ends
// exactly once.
//
// Bounded by iterations by default (a few seconds). The soak runs it for a
// wall-clock duration instead:
//   LIVECHAT_STRESS_SECONDS=600 build/tests/actors_tests
//     --gtest_filter='RuntimeStress.*'
#include "actors/runtime.hpp"
#include "core/contacts.hpp"
#include "core/invariants.hpp"
#include "core/random.hpp"
#include "core/session_rules.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <map>
#include <mutex>
#include <thread>

namespace livechat {
namespace runtime_stress_test {

using namespace std::chrono_literals;

struct stress_setup {
  workspace_definition ws{directory{"admin"}, {}, {}};
  std::vector<user_id> operators;
  std::vector<user_id> general_ops; ///< may join and leave accounting
  user_id supervisor;               ///< of every chat
  std::vector<user_id> employees;
  std::vector<group_id> expert_groups;
  group_id general, hotline, supervisors;
  /// Operators of the domains that connecting changes merge: hotline,
  /// sales and billing operators, and the group each may join.
  std::vector<std::pair<user_id, group_id>> connecting;
};

/// Four routing domains: `internal` and `external` share the general
/// operators; `hotline`, `sales` and `billing` each have their own group.
stress_setup make_setup() {
  stress_setup s;
  auto& dir = s.ws.dir;
  auto admin = dir.find_user("admin").value();
  auto users = [&](const std::string& prefix, int n) {
    std::vector<user_id> out;
    for (int i = 0; i < n; ++i)
      out.push_back(dir.add_user(prefix + std::to_string(i)).value());
    return out;
  };
  auto general_ops = users("general-", 6);
  s.general_ops = general_ops;
  s.supervisor = dir.add_user("supervisor").value();
  std::vector<user_id> sups{s.supervisor};
  auto supervisors = dir.create_group(admin, "supervisors", sups).value();
  auto accountants = users("accountant-", 2);
  auto hotline_ops = users("hotline-", 3);
  s.employees = users("employee-", 20);
  auto general = dir.create_group(admin, "general", general_ops).value();
  auto accounting = dir.create_group(admin, "accounting", accountants).value();
  auto hotline = dir.create_group(admin, "hotline", hotline_ops).value();
  auto employees = dir.create_group(admin, "employees", s.employees).value();
  auto sales_ops = users("sales-", 2);
  auto billing_ops = users("billing-", 2);
  auto sales = dir.create_group(admin, "sales", sales_ops).value();
  auto billing = dir.create_group(admin, "billing", billing_ops).value();
  for (const auto* g :
       {&general_ops, &accountants, &hotline_ops, &sales_ops, &billing_ops})
    s.operators.insert(s.operators.end(), g->begin(), g->end());
  s.general = general;
  s.hotline = hotline;
  s.supervisors = supervisors;
  s.connecting = {{hotline_ops[0], general},
                  {sales_ops[0], hotline},
                  {billing_ops[1], sales}};
  s.expert_groups = {accounting};
  live_chat_definition internal;
  internal.name = "internal";
  internal.operator_groups = {general};
  internal.expert_groups = {accounting};
  internal.customer_groups = {employees};
  internal.supervisor_groups = {supervisors};
  internal.routing = routing_policy_kind::least_busy;
  internal.capacity = 2;
  internal.queue_limit = 30;
  live_chat_definition external = internal;
  external.name = "external";
  external.customer_groups = {};
  external.channel = "whatsapp";
  external.routing = routing_policy_kind::random;
  external.on_offline = offline_policy::close;
  live_chat_definition line;
  line.name = "hotline";
  line.operator_groups = {hotline};
  line.channel = "phone";
  line.supervisor_groups = {supervisors};
  line.routing = routing_policy_kind::round_robin;
  line.capacity = 3;
  live_chat_definition sales_chat = line;
  sales_chat.name = "sales";
  sales_chat.operator_groups = {sales};
  sales_chat.channel = "web";
  live_chat_definition billing_chat = sales_chat;
  billing_chat.name = "billing";
  billing_chat.operator_groups = {billing};
  billing_chat.routing = routing_policy_kind::longest_idle;
  s.ws.admin = admin;
  s.ws.chats = {internal, external, line, sales_chat, billing_chat};
  return s;
}

/// One client thread's subscriptions: streams it watches and takes from
/// now and then, at most a handful at a time; some with buffers so small
/// that they are cut off, after which the client subscribes again.
struct subscriber_mix {
  std::vector<std::shared_ptr<event_stream>> streams;
  std::size_t items = 0, cut_off = 0;

  void step(runtime& rt, const stress_setup& s, random_generator& gen) {
    if (streams.size() < 4 || gen.uniform_index(4) == 0) {
      stream_options opts{.buffer = 1 + gen.uniform_index(64)};
      auto chat = chat_id{static_cast<std::uint32_t>(gen.uniform_index(5))};
      auto op = s.operators[gen.uniform_index(s.operators.size())];
      auto watched = gen.uniform_index(2) == 0
                       ? rt.watch_chat(s.supervisor, chat, opts)
                       : rt.watch_operator(op, opts);
      if (watched)
        streams.push_back(*watched);
      if (streams.size() > 6)
        streams.erase(streams.begin());
      return;
    }
    auto& one = streams[gen.uniform_index(streams.size())];
    items += one->take(gen.uniform_index(32)).size();
    if (one->end() == stream_end::cut_off) {
      ++cut_off;
      one->cancel();
      one = streams.back();
      streams.pop_back();
    }
  }
};

/// Administration mixed into the traffic, from every client thread: cheap
/// changes often, changes that reshape routing (members, users, chats) now
/// and then, and rarely one that connects two routing domains, which then
/// merge while sessions flow.
struct admin_mix {
  std::mutex mtx;
  std::vector<user_id> added;  ///< users added at run time (general ops)
  std::vector<chat_id> popups; ///< chats defined at run time, live
  std::atomic<std::uint32_t> names{0};
  /// Users and chats added so far. Removed ones stay as tombstones (ids are
  /// never reused), so the changes that add stop at a cap: a long soak's
  /// memory then stays flat while the other changes go on.
  std::atomic<std::uint32_t> grown{0};
  static constexpr std::uint32_t max_grown = 400;
  std::atomic<std::size_t> changes{0}, connecting{0};

  /// A live pop-up chat (it may be removed before the caller uses it), or
  /// the hotline if there is none.
  chat_id some_popup(random_generator& gen) {
    std::lock_guard<std::mutex> guard{mtx};
    return popups.empty() ? chat_id{2}
                          : popups[gen.uniform_index(popups.size())];
  }

  void step(runtime& rt, const stress_setup& s, random_generator& gen) {
    auto admin = s.ws.admin;
    bool ok = false;
    switch (gen.uniform_index(8)) {
      case 0: { // a general operator joins or leaves the experts
        auto who = s.general_ops[gen.uniform_index(s.general_ops.size())];
        ok = static_cast<bool>(
          gen.uniform_index(2) == 0
            ? rt.add_member(admin, s.expert_groups[0], who)
            : rt.remove_member(admin, s.expert_groups[0], who));
        break;
      }
      case 1: {
        auto who = s.operators[gen.uniform_index(s.operators.size())];
        ok = static_cast<bool>(
          rt.rename_user(admin, who, fmt::format("renamed-{}", names++)));
        break;
      }
      case 2: { // a new general operator, Online at once
        if (grown++ >= max_grown)
          break;
        auto u = rt.add_user(admin, fmt::format("late-{}", names++));
        if (!u || !rt.add_member(admin, s.general, *u))
          break;
        (void)rt.set_status(*u, operator_status::online);
        std::lock_guard<std::mutex> guard{mtx};
        added.push_back(*u);
        ok = true;
        break;
      }
      case 3: { // a late operator leaves the company, sessions and all
        user_id who;
        {
          std::lock_guard<std::mutex> guard{mtx};
          if (added.empty())
            break;
          auto i = gen.uniform_index(added.size());
          who = added[i];
          added.erase(added.begin() + static_cast<std::ptrdiff_t>(i));
        }
        ok = static_cast<bool>(rt.remove_user(admin, who));
        break;
      }
      case 4: { // the internal chat's capacity changes
        auto def = s.ws.chats[0];
        def.capacity = 2 + static_cast<int>(gen.uniform_index(2));
        ok = static_cast<bool>(rt.edit_chat(admin, chat_id{0}, def));
        break;
      }
      case 5: { // a pop-up chat served by the hotline
        if (grown++ >= max_grown)
          break;
        live_chat_definition def{.name = fmt::format("popup-{}", names++),
                                 .operator_groups = {s.hotline},
                                 .supervisor_groups = {s.supervisors},
                                 .channel = "phone"};
        auto c = rt.define_chat(admin, def);
        if (!c)
          break;
        std::lock_guard<std::mutex> guard{mtx};
        popups.push_back(*c);
        ok = true;
        break;
      }
      case 6: { // a pop-up chat closes, ending its sessions
        chat_id c;
        {
          std::lock_guard<std::mutex> guard{mtx};
          if (popups.empty())
            break;
          c = popups.front();
          popups.erase(popups.begin());
        }
        ok = static_cast<bool>(rt.remove_chat(admin, c));
        break;
      }
      default: { // rarely: an operator joins another domain's group
        if (gen.uniform_index(24) != 0)
          break;
        auto [who, group]
          = s.connecting[gen.uniform_index(s.connecting.size())];
        ok = static_cast<bool>(rt.add_member(admin, group, who));
        connecting += ok ? 1 : 0;
        break;
      }
    }
    changes += ok ? 1 : 0;
  }
};

double stress_seconds() {
  const char* env = std::getenv("LIVECHAT_STRESS_SECONDS");
  return env != nullptr ? std::atof(env) : 0.0;
}

TEST(RuntimeStress, ConcurrentClientsNeverBreakTheRoutingInvariants) {
  auto s = make_setup();
  auto rt = runtime::create(s.ws, {.mode = clock_mode::real_time}).value();
  ASSERT_EQ(rt->domain_count(), 4u);
  std::mutex mtx;
  invariant_checker checker;
  std::map<std::uint64_t, user_id> customer_of;
  std::size_t events = 0;
  rt->subscribe([&](const routing_event& e) {
    std::lock_guard<std::mutex> guard{mtx};
    checker.observe(e);
    ++events;
    // Only open sessions' customers are needed (to wind down): memory
    // stays flat over a long soak.
    if (auto* x = std::get_if<session_event>(&e)) {
      if (ends_session(x->kind))
        customer_of.erase(x->session.value);
      else
        customer_of.emplace(x->session.value, x->customer);
    }
  });

  const double seconds = stress_seconds();
  const auto deadline = std::chrono::steady_clock::now()
                        + std::chrono::duration<double>(seconds);
  const int iterations = seconds > 0 ? INT32_MAX : 2500;
  std::atomic<std::uint32_t> next_contact{0};
  // Asynchronous opens: answered by completions on scheduler threads.
  std::mutex async_mtx;
  std::condition_variable async_cv;
  std::size_t async_sent = 0, async_answered = 0;
  auto open_async = [&](user_id who, chat_id chat, customer_options opts) {
    {
      std::lock_guard<std::mutex> guard{async_mtx};
      ++async_sent;
    }
    rt->open_session(who, chat, opts, [&](expected<session_ticket>) {
      std::lock_guard<std::mutex> guard{async_mtx};
      ++async_answered;
      async_cv.notify_one();
    });
  };
  std::atomic<std::size_t> stream_items{0}, streams_cut_off{0};
  admin_mix administration;
  auto client = [&](std::uint64_t seed) {
    random_generator gen{seed};
    subscriber_mix subscriptions;
    for (int i = 0; i < iterations; ++i) {
      if (seconds > 0 && (i % 64) == 0
          && std::chrono::steady_clock::now() > deadline)
        break;
      auto op = s.operators[gen.uniform_index(s.operators.size())];
      switch (gen.uniform_index(11)) {
        case 0:
        case 1: {
          auto chat
            = gen.uniform_index(4) == 0
                ? administration.some_popup(gen)
                : chat_id{static_cast<std::uint32_t>(gen.uniform_index(5))};
          auto who = chat.value == 0
                       ? s.employees[gen.uniform_index(s.employees.size())]
                       : livechat::customer_of(contact_id{next_contact++});
          customer_options opts;
          if (gen.uniform_index(2) == 0)
            opts.patience
              = duration{std::chrono::milliseconds(1 + gen.uniform_index(20))};
          if (gen.uniform_index(2) == 0)
            (void)rt->open_session(who, chat, opts);
          else
            open_async(who, chat, opts);
          break;
        }
        case 8: administration.step(*rt, s, gen); break;
        case 9:
        case 10: subscriptions.step(*rt, s, gen); break;
        case 2:
          (void)rt->set_status(op, gen.uniform_index(4) == 0
                                     ? operator_status::offline
                                     : operator_status::online);
          break;
        case 3: (void)rt->set_status(op, operator_status::away); break;
        default: {
          auto view = rt->view(op);
          if (!view || view->sessions.empty())
            break;
          auto held = view->sessions[gen.uniform_index(view->sessions.size())];
          if (gen.uniform_index(4) == 0)
            (void)rt->transfer(op, held, s.expert_groups[0]);
          else
            (void)rt->close_session(op, held); // may race: then an error
        }
      }
    }
    stream_items += subscriptions.items;
    streams_cut_off += subscriptions.cut_off;
  };
  std::vector<std::thread> threads;
  for (std::uint64_t t = 0; t < 4; ++t)
    threads.emplace_back(client, 1000 + t);
  for (auto& t : threads)
    t.join();
  {
    std::unique_lock<std::mutex> lock{async_mtx};
    ASSERT_TRUE(async_cv.wait_for(lock, 60s,
                                  [&] {
                                    return async_answered == async_sent;
                                  }))
      << async_answered << " of " << async_sent << " asynchronous opens";
  }

  // Wind down: everyone Online, close what is held, end what still waits.
  for (int round = 0; round < 50; ++round) {
    rt->drain_events();
    std::vector<session_id> open;
    {
      std::lock_guard<std::mutex> guard{mtx};
      open = checker.open_sessions();
    }
    if (open.empty())
      break;
    for (auto op : s.operators) {
      (void)rt->set_status(op, operator_status::online);
      if (auto view = rt->view(op))
        for (auto held : view->sessions)
          (void)rt->close_session(op, held);
    }
    for (auto id : open) {
      user_id customer;
      {
        std::lock_guard<std::mutex> guard{mtx};
        customer = customer_of[id.value];
      }
      (void)rt->leave(customer, id);
    }
  }
  rt->drain_events();
  std::lock_guard<std::mutex> guard{mtx};
  EXPECT_GT(checker.sessions_seen(), 500u);
  EXPECT_TRUE(checker.violations().empty())
    << checker.violations().size()
    << " violations, first: " << checker.violations().front();
  EXPECT_TRUE(checker.open_sessions().empty());
  EXPECT_EQ(checker.sessions_ended(), checker.sessions_seen());
  EXPECT_GT(administration.changes.load(), 0u);
  EXPECT_GT(administration.connecting.load(), 0u)
    << "no change merged two domains: raise its odds";
  EXPECT_GT(stream_items.load(), 0u);
  fmt::print(
    "stress: {} sessions, {} events, {} violations, {} "
    "administration changes ({} of them connecting domains), {} stream "
    "items taken, {} streams cut off\n",
    checker.sessions_seen(), events, checker.violations().size(),
    administration.changes.load(), administration.connecting.load(),
    stream_items.load(), streams_cut_off.load());
}

} // namespace runtime_stress_test
} // namespace livechat
