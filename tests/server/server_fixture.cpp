#include "tests/server/server_fixture.hpp"

#include <atomic>
#include <mutex>
#include <unistd.h>

namespace livechat::server_testing {

server::workspace_origin small_company() {
  directory dir{"admin"};
  auto admin = dir.find_user("admin").value();
  auto olga = dir.add_user("olga").value();
  auto anna = dir.add_user("anna").value();
  auto sam = dir.add_user("sam").value();
  auto alex = dir.add_user("alex").value();
  auto general = dir.create_group(admin, "general", std::vector{olga}).value();
  auto employees
    = dir.create_group(admin, "employees", std::vector{anna}).value();
  auto supervisors
    = dir.create_group(admin, "supervisors", std::vector{sam}).value();
  auto accounting
    = dir.create_group(admin, "accounting", std::vector{alex}).value();
  live_chat_definition internal{.name = "internal",
                                .operator_groups = {general},
                                .supervisor_groups = {supervisors},
                                .expert_groups = {accounting},
                                .customer_groups = {employees}};
  live_chat_definition external{.name = "external",
                                .operator_groups = {general},
                                .supervisor_groups = {supervisors},
                                .channel = "whatsapp"};
  return {std::move(dir), admin, {internal, external}};
}

struct server_fixture::log_sink {
  std::mutex mutex;
  std::vector<std::string> lines;
};

std::vector<std::string> server_fixture::log_lines() const {
  std::lock_guard guard{log_->mutex};
  return log_->lines;
}

server_fixture::server_fixture() : log_(std::make_shared<log_sink>()) {}

server_fixture::~server_fixture() = default;

void server_fixture::SetUp() {
  static std::atomic<int> counter{0};
  dir_ = std::filesystem::temp_directory_path()
         / ("livechat-server-test-" + std::to_string(::getpid()) + "-"
            + std::to_string(counter++));
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  db_ = (dir_ / "livechat.db").string();
  start();
  ASSERT_TRUE(server_->first_admin_token().has_value());
  admin_token_ = *server_->first_admin_token();
}

void server_fixture::TearDown() {
  stop();
  std::filesystem::remove_all(dir_);
}

bool server_fixture::status_becomes(std::uint32_t op, const std::string& token,
                                    const std::string& wanted) {
  auto path = "/api/v1/operators/" + std::to_string(op);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  for (int i = 0; i < 2000 && std::chrono::steady_clock::now() < deadline; ++i)
    if (get(path, token).json()["status"] == wanted)
      return true;
  return false;
}

void server_fixture::start(server::server_settings settings) {
  stop();
  settings.port = 0;
  settings.db_path = db_;
  settings.io_threads = 2;
  settings.runtime_threads = 2;
  settings.drain = std::chrono::milliseconds{0};
  auto sink = log_;
  auto started = server::server::start(settings, small_company(),
                                       [sink](std::string_view line) {
                                         std::lock_guard guard{sink->mutex};
                                         sink->lines.emplace_back(line);
                                       });
  if (auto* e = std::get_if<std::string>(&started))
    FAIL() << "the server did not start: " << *e;
  server_ = std::move(std::get<0>(started));
  port_ = server_->port();
  ASSERT_NE(port_, 0);
}

void server_fixture::stop() {
  if (server_)
    server_->stop();
  server_.reset();
}

http_reply
server_fixture::call(const std::string& method, const std::string& path,
                     const std::string& body, const std::string& token) {
  return send(port_,
              {.method = method, .path = path, .body = body, .token = token});
}

http_reply server_fixture::get(const std::string& path,
                               const std::string& token) {
  return call("GET", path, "", token);
}

http_reply server_fixture::post(const std::string& path,
                                const std::string& body,
                                const std::string& token) {
  return call("POST", path, body, token);
}

std::string server_fixture::token_for(std::uint32_t user) {
  auto r = post("/api/v1/users/" + std::to_string(user) + "/tokens", "",
                admin_token_);
  EXPECT_EQ(r.status, 201) << r.body;
  auto j = r.json();
  return j.is_object() && j.contains("token") ? j["token"].get<std::string>()
                                              : std::string{};
}

} // namespace livechat::server_testing
