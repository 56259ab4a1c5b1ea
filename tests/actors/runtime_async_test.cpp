// The asynchronous calls: same results as the blocking ones, delivered
// where the contract in actors/runtime.hpp says (inside the clock driver in
// virtual time, on a scheduler thread in real time), never inside the call.
#include "actors/runtime.hpp"
#include "core/contacts.hpp"

#include <atomic>
#include <chrono>
#include <future>
#include <gtest/gtest.h>
#include <thread>

namespace livechat {
namespace runtime_async_test {

using namespace std::chrono_literals;

/// One external chat served by two operators; `employee` is in no group.
struct small_workspace {
  user_id admin, o1, o2, employee;
  group_id general;

  workspace_definition make() {
    directory dir{"admin"};
    admin = dir.find_user("admin").value();
    o1 = dir.add_user("o1").value();
    o2 = dir.add_user("o2").value();
    employee = dir.add_user("employee").value();
    std::vector<user_id> gm{o1, o2};
    general = dir.create_group(admin, "general", gm).value();
    live_chat_definition external;
    external.name = "external";
    external.operator_groups = {general};
    external.channel = "whatsapp";
    external.routing = routing_policy_kind::fixed_order;
    return {std::move(dir), admin, {external}};
  }
};

/// Customers of the external chat are contacts' customer ids.
constexpr user_id contact = customer_of(contact_id{0});

TEST(RuntimeAsyncVirtual, NothingRunsUntilTheDriverDoes) {
  small_workspace ws;
  auto rt = runtime::create(ws.make()).value();
  int completions = 0;
  rt->set_status(ws.o1, operator_status::online, [&](expected<void> r) {
    EXPECT_TRUE(r);
    ++completions;
  });
  EXPECT_EQ(completions, 0) << "completed inside the call";
  rt->settle();
  EXPECT_EQ(completions, 1);
  EXPECT_EQ(rt->view(ws.o1)->status, operator_status::online);
}

TEST(RuntimeAsyncVirtual, GivesTheBlockingCallsResults) {
  small_workspace ws;
  auto rt = runtime::create(ws.make()).value();
  ASSERT_TRUE(rt->set_status(ws.o2, operator_status::online));
  std::optional<expected<session_ticket>> ticket;
  rt->open_session(contact, chat_id{0}, {}, [&](expected<session_ticket> t) {
    ticket = t;
  });
  rt->settle();
  ASSERT_TRUE(ticket && *ticket);
  EXPECT_EQ((*ticket)->state, session_state::assigned);
  std::optional<expected<operator_view>> view;
  rt->view(ws.o2, [&](expected<operator_view> v) {
    view = v;
  });
  std::optional<expected<chat_snapshot>> denied;
  rt->snapshot(ws.o1, chat_id{0}, [&](expected<chat_snapshot> s) {
    denied = s;
  });
  rt->settle();
  ASSERT_TRUE(view && *view);
  EXPECT_EQ((*view)->sessions, std::vector{(*ticket)->id});
  ASSERT_TRUE(denied);
  ASSERT_FALSE(*denied);
  EXPECT_EQ(denied->error(), errc::not_permitted); // o1 supervises nothing
}

TEST(RuntimeAsyncVirtual, RefusedCallsAlsoCompleteInTheDriver) {
  small_workspace ws;
  auto rt = runtime::create(ws.make()).value();
  std::vector<errc> errors;
  auto record = [&](auto r) {
    ASSERT_FALSE(r);
    errors.push_back(r.error());
  };
  rt->open_session(contact, chat_id{7}, {}, record);
  rt->set_status(user_id{99}, operator_status::online, record);
  rt->members(group_id{42}, record);
  rt->close_session(ws.o1, session_id{123}, record);
  EXPECT_TRUE(errors.empty()) << "completed inside the call";
  rt->settle();
  EXPECT_EQ(errors, (std::vector{errc::unknown_chat, errc::unknown_user,
                                 errc::unknown_group, errc::unknown_session}));
}

TEST(RuntimeAsyncVirtual, CompletionsMayStartFurtherCalls) {
  small_workspace ws;
  auto rt = runtime::create(ws.make()).value();
  std::optional<session_state> state;
  rt->set_status(ws.o1, operator_status::online, [&](expected<void> r) {
    ASSERT_TRUE(r);
    rt->open_session(contact, chat_id{0}, {}, [&](expected<session_ticket> t) {
      ASSERT_TRUE(t);
      state = t->state;
    });
  });
  rt->settle();
  EXPECT_EQ(state, session_state::assigned);
}

TEST(RuntimeAsyncVirtual, PendingCompletionsRunWhenTheRuntimeGoes) {
  small_workspace ws;
  auto rt = runtime::create(ws.make()).value();
  int completions = 0;
  std::optional<errc> error;
  rt->members(ws.general, [&](expected<std::vector<user_id>> r) {
    ++completions;
    if (!r)
      error = r.error();
  });
  rt.reset();
  EXPECT_EQ(completions, 1);
  EXPECT_EQ(error, errc::unavailable);
}

TEST(RuntimeAsyncReal, CompletesOnASchedulerThreadNotTheCaller) {
  small_workspace ws;
  auto rt = runtime::create(ws.make(),
                            {.mode = clock_mode::real_time, .threads = 2})
              .value();
  std::promise<std::thread::id> ran_on;
  auto done = ran_on.get_future();
  rt->set_status(ws.o1, operator_status::online, [&](expected<void> r) {
    EXPECT_TRUE(r);
    ran_on.set_value(std::this_thread::get_id());
  });
  ASSERT_EQ(done.wait_for(30s), std::future_status::ready);
  EXPECT_NE(done.get(), std::this_thread::get_id());
  EXPECT_EQ(rt->view(ws.o1)->status, operator_status::online);
}

TEST(RuntimeAsyncReal, ManyThreadsOpenSessionsWithoutWaiting) {
  small_workspace ws;
  auto rt = runtime::create(ws.make(),
                            {.mode = clock_mode::real_time, .threads = 2})
              .value();
  ASSERT_TRUE(rt->set_status(ws.o1, operator_status::online));
  constexpr int threads = 4, per_thread = 50;
  std::atomic<int> answered{0}, assigned{0};
  std::promise<void> all;
  auto all_done = all.get_future();
  auto on_ticket = [&](expected<session_ticket> t) {
    if (t && t->state == session_state::assigned)
      ++assigned;
    if (++answered == threads * per_thread)
      all.set_value();
  };
  std::vector<std::thread> callers;
  for (int i = 0; i < threads; ++i)
    callers.emplace_back([&, i] {
      for (int k = 0; k < per_thread; ++k)
        rt->open_session(customer_of(contact_id{static_cast<unsigned>(i)}),
                         chat_id{0}, {}, on_ticket);
    });
  for (auto& t : callers)
    t.join();
  ASSERT_EQ(all_done.wait_for(60s), std::future_status::ready);
  // o1 has capacity 1: exactly one session is assigned, the rest wait.
  EXPECT_EQ(assigned.load(), 1);
  EXPECT_EQ(rt->view(ws.o1)->sessions.size(), 1u);
}

} // namespace runtime_async_test
} // namespace livechat
