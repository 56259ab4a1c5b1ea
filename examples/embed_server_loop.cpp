// A server's loop around the runtime, in real time: one I/O thread that
// never waits on actors. Requests go out as asynchronous calls; their
// completions, and a supervisor's stream saying "ready", come back as tasks
// posted to the loop. Three customers are served and closed, then it ends.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <fmt/format.h>
#include <functional>
#include <livechat/actors/runtime.hpp>
#include <mutex>

using namespace livechat;

/// The server's I/O loop: tasks posted from any thread, run on this one.
class io_loop {
public:
  void post(std::function<void()> task) {
    std::lock_guard<std::mutex> guard{mtx_};
    tasks_.push_back(std::move(task));
    cv_.notify_one();
  }
  /// Runs tasks until `done()` holds after one; false if no task came for
  /// `idle` (something went wrong: never wait forever).
  bool run(const std::function<bool()>& done, std::chrono::seconds idle) {
    while (!done()) {
      std::unique_lock<std::mutex> lock{mtx_};
      if (!cv_.wait_for(lock, idle, [this] {
            return !tasks_.empty();
          }))
        return false;
      auto task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
    }
    return true;
  }

private:
  std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
};

int main() {
  directory dir{"admin"};
  auto admin = dir.find_user("admin").value();
  auto olga = dir.add_user("olga").value();
  auto sveta = dir.add_user("sveta").value();
  std::vector<user_id> ops{olga}, sups{sveta};
  auto general = dir.create_group(admin, "general", ops).value();
  auto supervisors = dir.create_group(admin, "supervisors", sups).value();
  live_chat_definition chat{.name = "external",
                            .operator_groups = {general},
                            .supervisor_groups = {supervisors},
                            .channel = "whatsapp",
                            .capacity = 3};
  // The loop outlives the runtime: stopping, the runtime ends the stream,
  // whose on_ready still posts to the loop.
  io_loop loop;
  auto rt = runtime::create({std::move(dir), admin, {chat}},
                            {.mode = clock_mode::real_time, .threads = 2});
  if (!rt) {
    fmt::print(stderr, "cannot start: {}\n", to_string(rt.error()));
    return 1;
  }
  auto& live = **rt;
  int closed = 0, events_seen = 0;

  // The supervisor's stream: "ready" posts a drain to the loop.
  auto watch = live.watch_chat(sveta, chat_id{0}, {.on_ready = [&] {
                                 loop.post([] {});
                               }});
  if (!watch) {
    fmt::print(stderr, "cannot watch: {}\n", to_string(watch.error()));
    return 1;
  }
  auto stream = *watch;
  auto drain = [&] {
    for (auto& item : stream->take())
      if (auto* e = std::get_if<session_event>(&item)) {
        ++events_seen;
        fmt::print("supervisor sees session {} {}\n", e->session.value,
                   to_string(e->kind));
        if (e->kind == session_event_kind::closed)
          ++closed;
      }
  };

  // Each customer opens a session; once assigned, the operator closes it.
  live.set_status(olga, operator_status::online, [&](expected<void> ok) {
    loop.post([&, ok] {
      if (!ok)
        return;
      for (int i = 0; i < 3; ++i) // customers are WhatsApp contacts
        live.open_session(
          contact{"whatsapp", fmt::format("+49 151 000000{}", i)}, chat_id{0},
          {}, [&](expected<session_ticket> t) {
            if (t && t->state == session_state::assigned)
              live.close_session(olga, t->id, [](expected<void>) {});
          });
    });
  });
  auto finished = loop.run(
    [&] {
      drain();
      return closed == 3;
    },
    std::chrono::seconds{30});
  if (!finished) {
    fmt::print(stderr, "stalled: {} of 3 sessions closed\n", closed);
    return 1;
  }
  fmt::print("{} sessions closed, {} events seen, no call blocked\n", closed,
             events_seen);
  return 0;
}
