// A real server on a free loopback port with a database in a fresh
// temporary directory, provisioned with a small company:
//   users   0 admin, 1 olga (general operator), 2 anna (employee),
//           3 sam (supervisor), 4 alex (accounting expert)
//   groups  0 Administrators, 1 general, 2 employees, 3 supervisors,
//           4 accounting
//   chats   0 internal (employees write, general serves, supervisors watch,
//           accounting is its expert group), 1 external (whatsapp)
#pragma once

#include "load/http_client.hpp"
#include "server/server.hpp"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace livechat::server_testing {

using load::http_call;
using load::http_reply;
using load::send;
using load::send_raw;

server::workspace_origin small_company();

/// Presence timers driven by the test: scheduled callbacks wait here until
/// the test fires them.
struct manual_timers {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::function<void()>> due;

  server::delay_scheduler scheduler() {
    return [this](std::chrono::milliseconds, std::function<void()> fn) {
      std::lock_guard guard{mutex};
      due.push_back(std::move(fn));
      changed.notify_all();
    };
  }
  /// Waits (at most 10 s) until `n` callbacks were scheduled.
  bool wait_for(std::size_t n) {
    std::unique_lock lock{mutex};
    return changed.wait_for(lock, std::chrono::seconds{10}, [&] {
      return due.size() >= n;
    });
  }
  void fire(std::size_t i) {
    std::function<void()> fn;
    {
      std::lock_guard guard{mutex};
      fn = due.at(i);
    }
    fn();
  }
};

class server_fixture : public ::testing::Test {
protected:
  server_fixture();
  ~server_fixture() override;
  void SetUp() override;
  void TearDown() override;

  /// (Re)starts the server on the same database; `settings` may change
  /// limits. Fails the test if it does not start.
  void start(server::server_settings settings = {});
  void stop();

  http_reply get(const std::string& path, const std::string& token);
  http_reply post(const std::string& path, const std::string& body,
                  const std::string& token);
  http_reply call(const std::string& method, const std::string& path,
                  const std::string& body, const std::string& token);

  /// A token for `user`, issued through the API by the administrator.
  std::string token_for(std::uint32_t user);

  /// Whether operator `op`'s status, as the REST API reports it to the
  /// operator (`token`), becomes `wanted`: status changes travel through
  /// the runtime asynchronously. Asks at most 2000 times and for at most
  /// 10 s.
  bool status_becomes(std::uint32_t op, const std::string& token,
                      const std::string& wanted);

  std::filesystem::path dir_;
  std::string db_;
  std::unique_ptr<server::server> server_;
  std::uint16_t port_ = 0;
  std::string admin_token_;
  /// The server's log lines (structured JSON), in order.
  std::vector<std::string> log_lines() const;

private:
  struct log_sink;
  std::shared_ptr<log_sink> log_; ///< made in server_fixture.cpp
};

} // namespace livechat::server_testing
