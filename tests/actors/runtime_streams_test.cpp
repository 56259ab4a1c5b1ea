// Streams per role (actors/event_stream.hpp): each checked against the
// directory, starting with a snapshot, filtered to what its subscriber may
// see, bounded; a subscriber that falls behind is cut off without touching
// routing.
#include "actors/runtime.hpp"
#include "core/invariants.hpp"

#include <condition_variable>
#include <gtest/gtest.h>
#include <mutex>
#include <thread>

namespace livechat {
namespace runtime_streams_test {

using namespace std::chrono_literals;

/// One internal chat: operators o1, o2 (general), expert anna (accounting),
/// supervisor sveta, customers e1, e2 (employees).
struct workspace {
  user_id admin, sveta, o1, o2, anna, e1, e2;
  group_id general, accounting;

  workspace_definition
  make(routing_policy_kind policy = routing_policy_kind::fixed_order) {
    directory dir{"admin"};
    admin = dir.find_user("admin").value();
    sveta = dir.add_user("sveta").value();
    o1 = dir.add_user("o1").value();
    o2 = dir.add_user("o2").value();
    anna = dir.add_user("anna").value();
    e1 = dir.add_user("e1").value();
    e2 = dir.add_user("e2").value();
    std::vector<user_id> gm{o1, o2}, am{anna}, sm{sveta}, em{e1, e2};
    general = dir.create_group(admin, "general", gm).value();
    accounting = dir.create_group(admin, "accounting", am).value();
    auto supervisors = dir.create_group(admin, "supervisors", sm).value();
    auto employees = dir.create_group(admin, "employees", em).value();
    live_chat_definition internal;
    internal.name = "internal";
    internal.operator_groups = {general};
    internal.expert_groups = {accounting};
    internal.supervisor_groups = {supervisors};
    internal.customer_groups = {employees};
    internal.routing = policy;
    internal.capacity = 4;
    return {std::move(dir), admin, {internal}};
  }
};

constexpr chat_id internal_chat{0};

template <class T>
std::vector<T> items_of(const std::vector<stream_item>& items) {
  std::vector<T> out;
  for (const auto& i : items)
    if (auto* x = std::get_if<T>(&i))
      out.push_back(*x);
  return out;
}

TEST(RuntimeStreams, SupervisorStreamStartsWithASnapshotThenFollowsTheChat) {
  workspace ws;
  auto rt = runtime::create(ws.make()).value();
  ASSERT_TRUE(rt->set_status(ws.o1, operator_status::online));
  auto waiting = rt->open_session(ws.e1, internal_chat).value();
  auto stream = rt->watch_chat(ws.sveta, internal_chat).value();
  ASSERT_TRUE(rt->set_status(ws.o2, operator_status::online));
  auto opened = rt->open_session(ws.e2, internal_chat).value();
  auto items = stream->take();
  ASSERT_FALSE(items.empty());
  auto* snap = std::get_if<chat_snapshot>(&items.front());
  ASSERT_NE(snap, nullptr) << "the first item is the snapshot";
  EXPECT_EQ(snap->chat, internal_chat);
  ASSERT_EQ(snap->operators.size(), 3u); // o1, o2, anna
  EXPECT_EQ(snap->operators[0].sessions, std::vector{waiting.id});
  auto statuses = items_of<status_event>(items);
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0].op, ws.o2);
  auto steps = items_of<session_event>(items);
  ASSERT_FALSE(steps.empty());
  for (const auto& e : steps)
    EXPECT_EQ(e.session, opened.id) << "events before the snapshot repeated";
  EXPECT_FALSE(stream->end());
}

TEST(RuntimeStreams, OnlySupervisorsOfTheChatMayWatchIt) {
  workspace ws;
  auto rt = runtime::create(ws.make()).value();
  auto denied = rt->watch_chat(ws.o1, internal_chat);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error(), errc::not_permitted);
  auto unknown = rt->watch_chat(ws.sveta, chat_id{5});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error(), errc::unknown_chat);
  auto not_an_operator = rt->watch_operator(ws.e1);
  ASSERT_FALSE(not_an_operator);
  EXPECT_EQ(not_an_operator.error(), errc::not_permitted);
}

TEST(RuntimeStreams, OperatorStreamCarriesOnlyItsOwnStatusSessionsAndMessages) {
  workspace ws;
  auto rt = runtime::create(ws.make(), {}).value();
  auto mine = rt->watch_operator(ws.o1).value();
  ASSERT_TRUE(rt->set_status(ws.o1, operator_status::online));
  auto first = rt->open_session(ws.e1, internal_chat).value(); // o1
  ASSERT_TRUE(rt->set_status(ws.o1, operator_status::away));
  ASSERT_TRUE(rt->set_status(ws.o2, operator_status::online));
  auto second = rt->open_session(ws.e2, internal_chat).value(); // o2
  ASSERT_TRUE(rt->post_message(ws.e1, first.id, "hello"));
  ASSERT_TRUE(rt->post_message(ws.e2, second.id, "not for o1"));
  auto items = mine->take();
  auto* view = std::get_if<operator_view>(&items.front());
  ASSERT_NE(view, nullptr);
  EXPECT_EQ(view->status, operator_status::offline);
  for (const auto& s : items_of<status_event>(items))
    EXPECT_EQ(s.op, ws.o1);
  for (const auto& e : items_of<session_event>(items))
    EXPECT_EQ(e.session, first.id);
  EXPECT_EQ(items_of<status_event>(items).size(), 2u); // online, away
  auto messages = items_of<chat_message>(items);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].text, "hello");
}

TEST(RuntimeStreams, CustomerStreamFollowsItsSessionUntilItEnds) {
  workspace ws;
  auto rt = runtime::create(ws.make()).value();
  auto ticket = rt->open_session(ws.e1, internal_chat).value();
  auto others = rt->watch_session(ws.e2, ticket.id);
  ASSERT_FALSE(others);
  EXPECT_EQ(others.error(), errc::not_permitted);
  auto mine = rt->watch_session(ws.e1, ticket.id).value();
  ASSERT_TRUE(rt->set_status(ws.o2, operator_status::online));
  ASSERT_TRUE(rt->post_message(ws.o2, ticket.id, "how can I help?"));
  ASSERT_TRUE(rt->close_session(ws.o2, ticket.id));
  auto items = mine->take();
  auto* view = std::get_if<session_view>(&items.front());
  ASSERT_NE(view, nullptr);
  EXPECT_EQ(view->state, session_state::waiting);
  auto steps = items_of<session_event>(items);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].kind, session_event_kind::assigned);
  EXPECT_EQ(steps[0].op, ws.o2);
  EXPECT_EQ(steps[1].kind, session_event_kind::closed);
  EXPECT_EQ(items_of<chat_message>(items).size(), 1u);
  EXPECT_EQ(mine->end(), stream_end::finished);
  auto ended = rt->watch_session(ws.e1, ticket.id);
  ASSERT_FALSE(ended);
  EXPECT_EQ(ended.error(), errc::unknown_session);
}

/// Every session event of a run of `sessions` arrivals and closes.
std::vector<session_event> drive(runtime& rt, const workspace& ws,
                                 int sessions) {
  std::vector<session_event> log;
  rt.subscribe([&](const routing_event& e) {
    if (auto* s = std::get_if<session_event>(&e))
      log.push_back(*s);
  });
  (void)rt.set_status(ws.o1, operator_status::online);
  (void)rt.set_status(ws.o2, operator_status::online);
  std::vector<session_id> open;
  for (int i = 0; i < sessions; ++i) {
    auto t = rt.open_session(i % 2 ? ws.e1 : ws.e2, internal_chat);
    if (t)
      open.push_back(t->id);
    if (open.size() > 6) {
      auto s = open.front();
      open.erase(open.begin());
      (void)rt.leave(i % 2 ? ws.e2 : ws.e1, s); // may be the other's: refused
      (void)rt.close_session(ws.sveta, s);
    }
  }
  return log;
}

TEST(RuntimeStreams, SlowSubscriberIsCutOffAndRoutingIsUnchanged) {
  workspace plain_ws, watched_ws;
  auto plain
    = runtime::create(plain_ws.make(routing_policy_kind::round_robin)).value();
  auto without = drive(*plain, plain_ws, 200);
  ASSERT_GT(without.size(), 400u); // every arrival queued, most assigned
  auto watched
    = runtime::create(watched_ws.make(routing_policy_kind::round_robin))
        .value();
  auto slow = watched
                ->watch_chat(watched_ws.sveta, internal_chat, {.buffer = 4})
                .value();
  auto with = drive(*watched, watched_ws, 200);
  EXPECT_EQ(with, without) << "a slow subscriber changed routing";
  EXPECT_EQ(slow->end(), stream_end::cut_off);
  EXPECT_LE(slow->buffered(), 4u);
  auto again = watched->watch_chat(watched_ws.sveta, internal_chat).value();
  auto items = again->take();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<chat_snapshot>(items[0]))
    << "a resubscription starts from a fresh snapshot";
}

TEST(RuntimeStreams, CancelledStreamGetsNothingMore) {
  workspace ws;
  auto rt = runtime::create(ws.make()).value();
  auto stream = rt->watch_operator(ws.o1).value();
  stream->cancel();
  ASSERT_TRUE(rt->set_status(ws.o1, operator_status::online));
  EXPECT_EQ(stream->end(), stream_end::cancelled);
  EXPECT_EQ(stream->buffered(), 1u); // the snapshot only
}

/// A subscriber that drains its stream on its own thread whenever the
/// stream says it is ready (a condition variable: no polling, no sleep).
class draining_subscriber {
public:
  stream_options options(std::size_t buffer) {
    return {.buffer = buffer, .on_ready = [this] {
              std::lock_guard<std::mutex> guard{mtx_};
              ready_ = true;
              cv_.notify_one();
            }};
  }

  void start(std::shared_ptr<event_stream> s) {
    stream_ = std::move(s);
    thread_ = std::thread([this] {
      run();
    });
  }

  /// Stops after taking what is buffered; returns the session events seen.
  std::vector<session_event> stop() {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      stopping_ = true;
      cv_.notify_one();
    }
    thread_.join();
    return seen_;
  }

private:
  void run() {
    for (;;) {
      bool last = false;
      {
        std::unique_lock<std::mutex> lock{mtx_};
        cv_.wait(lock, [this] {
          return ready_ || stopping_;
        });
        ready_ = false;
        last = stopping_;
      }
      for (auto& e : items_of<session_event>(stream_->take()))
        seen_.push_back(e);
      if (last)
        return;
    }
  }

  std::mutex mtx_;
  std::condition_variable cv_;
  bool ready_ = false, stopping_ = false;
  std::shared_ptr<event_stream> stream_;
  std::thread thread_;
  std::vector<session_event> seen_;
};

TEST(RuntimeStreamsReal, SlowAndFastSubscribersSideBySide) {
  workspace ws;
  // Everything the runtime calls back into outlives it: declared first.
  // (Its destruction ends the streams, which notifies `fast`.)
  draining_subscriber fast;
  std::mutex mtx;
  invariant_checker checker;
  std::size_t session_events = 0;
  auto rt = runtime::create(ws.make(routing_policy_kind::round_robin),
                            {.mode = clock_mode::real_time, .threads = 2})
              .value();
  auto slow = rt->watch_chat(ws.sveta, internal_chat, {.buffer = 8}).value();
  auto fast_stream
    = rt->watch_chat(ws.sveta, internal_chat, fast.options(100000)).value();
  fast.start(fast_stream);
  rt->subscribe([&](const routing_event& e) {
    std::lock_guard<std::mutex> guard{mtx};
    checker.observe(e);
    session_events += std::holds_alternative<session_event>(e) ? 1 : 0;
  });
  ASSERT_TRUE(rt->set_status(ws.o1, operator_status::online));
  ASSERT_TRUE(rt->set_status(ws.o2, operator_status::online));
  std::vector<std::thread> customers;
  for (auto who : {ws.e1, ws.e2})
    customers.emplace_back([&, who] {
      for (int i = 0; i < 100; ++i) {
        auto t = rt->open_session(who, internal_chat);
        if (t)
          (void)rt->leave(who, t->id);
      }
    });
  for (auto& t : customers)
    t.join();
  rt->drain_events();
  auto seen = fast.stop();
  EXPECT_EQ(slow->end(), stream_end::cut_off);
  EXPECT_LE(slow->buffered(), 8u);
  EXPECT_FALSE(fast_stream->end());
  std::lock_guard<std::mutex> guard{mtx};
  EXPECT_EQ(seen.size(), session_events);
  EXPECT_TRUE(checker.violations().empty());
}

} // namespace runtime_streams_test
} // namespace livechat
