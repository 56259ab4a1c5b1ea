// The seed's flows end to end over HTTP: an employee's session served by a
// general operator and switched to accounting, an external customer through
// the channel endpoint, a supervisor reassigning; and who may do what.
#include "tests/server/server_fixture.hpp"

#include <set>
#include <thread>

namespace livechat::server_testing {
namespace session_flow_test {

class session_flow : public server_fixture {
protected:
  void SetUp() override {
    server_fixture::SetUp();
    olga = token_for(1);
    anna = token_for(2);
    sam = token_for(3);
    alex = token_for(4);
  }
  void set_status(std::uint32_t op, const std::string& token,
                  const std::string& status) {
    auto r = call("PUT", "/api/v1/operators/" + std::to_string(op) + "/status",
                  R"({"status": ")" + status + R"("})", token);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  std::uint64_t open(const std::string& token, std::uint32_t chat = 0) {
    auto r = post("/api/v1/live-chats/" + std::to_string(chat) + "/sessions",
                  "", token);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", std::uint64_t{0});
  }
  http_reply say(std::uint64_t s, const std::string& token,
                 const std::string& text) {
    return post("/api/v1/sessions/" + std::to_string(s) + "/messages",
                nlohmann::json{{"text", text}}.dump(), token);
  }
  std::string path(std::uint64_t s, const std::string& rest = "") {
    return "/api/v1/sessions/" + std::to_string(s) + rest;
  }
  static std::vector<std::string> kinds(const nlohmann::json& session) {
    std::vector<std::string> out;
    for (const auto& e : session["events"])
      out.push_back(e["kind"]);
    return out;
  }
  std::string olga, anna, sam, alex;
};

TEST_F(session_flow, EmployeeToGeneralOperatorToAccountingExpertAndClosed) {
  set_status(1, olga, "online");
  auto s = open(anna);
  ASSERT_NE(s, 0u);
  EXPECT_EQ(get("/api/v1/operators/1", olga).json()["sessions"],
            nlohmann::json::array({s}));
  ASSERT_EQ(say(s, anna, "my invoice is wrong").status, 201);
  ASSERT_EQ(say(s, olga, "let me ask accounting").status, 201);
  auto moved = post(path(s, "/transfer"), R"({"group": 4})", olga);
  ASSERT_EQ(moved.status, 200) << moved.body;
  // The expert comes online and takes it, with the conversation so far.
  set_status(4, alex, "online");
  EXPECT_EQ(get("/api/v1/operators/4", alex).json()["sessions"],
            nlohmann::json::array({s}));
  auto seen = get(path(s), alex);
  ASSERT_EQ(seen.status, 200) << seen.body;
  ASSERT_EQ(seen.json()["messages"].size(), 2u);
  EXPECT_EQ(seen.json()["messages"][0]["text"], "my invoice is wrong");
  EXPECT_EQ(seen.json()["operator"], 4);
  ASSERT_EQ(say(s, alex, "fixed").status, 201);
  ASSERT_EQ(post(path(s, "/close"), "", alex).status, 200);
  auto done = get(path(s), anna).json();
  EXPECT_EQ(done["state"], "closed");
  EXPECT_EQ(kinds(done),
            (std::vector<std::string>{"queued", "assigned", "transferred",
                                      "queued", "assigned", "closed"}));
  EXPECT_EQ(done["messages"].size(), 3u);
}

TEST_F(session_flow, ExternalCustomerWritesThroughTheChannelAndGetsReplies) {
  set_status(1, olga, "online");
  auto first = post("/api/v1/channels/whatsapp/messages",
                    R"({"contact": "+4917012345", "text": "hello?"})",
                    admin_token_);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_TRUE(first.json()["opened"]);
  auto s = first.json()["session"].get<std::uint64_t>();
  auto again = post("/api/v1/channels/whatsapp/messages",
                    R"({"contact": "+4917012345", "text": "anyone?"})",
                    admin_token_);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["session"], s);
  ASSERT_EQ(say(s, olga, "hi, how can I help?").status, 201);
  bool delivered = false;
  for (const auto& line : log_lines()) {
    auto j = nlohmann::json::parse(line);
    if (j["event"] == "channel_delivery") {
      EXPECT_EQ(j["address"], "+4917012345");
      EXPECT_EQ(j["text"], "hi, how can I help?");
      delivered = true;
    }
  }
  EXPECT_TRUE(delivered);
  EXPECT_EQ(post("/api/v1/channels/sms/messages",
                 R"({"contact": "1", "text": "x"})", admin_token_)
              .status,
            404);
  EXPECT_EQ(post("/api/v1/channels/whatsapp/messages",
                 R"({"contact": "1", "text": "x"})", olga)
              .status,
            403);
}

TEST_F(session_flow, ConcurrentWebhooksOfOneContactShareOneSession) {
  set_status(1, olga, "online");
  constexpr int posts = 6;
  std::vector<http_reply> replies(posts);
  std::vector<std::thread> senders;
  for (int i = 0; i < posts; ++i)
    senders.emplace_back([&, i] {
      replies[i] = post("/api/v1/channels/whatsapp/messages",
                        R"({"contact": "+1555", "text": "m"})", admin_token_);
    });
  for (auto& t : senders)
    t.join();
  std::set<std::uint64_t> sessions;
  int opened = 0;
  for (const auto& r : replies) {
    ASSERT_TRUE(r.status == 200 || r.status == 201) << r.status << r.body;
    sessions.insert(r.json()["session"].get<std::uint64_t>());
    opened += r.status == 201 ? 1 : 0;
  }
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(opened, 1);
  auto s = *sessions.begin();
  EXPECT_EQ(get(path(s), olga).json()["messages"].size(), std::size_t{posts});
  // Once it ended, the contact's next message opens a new session.
  ASSERT_EQ(post(path(s, "/close"), "", olga).status, 200);
  auto next = post("/api/v1/channels/whatsapp/messages",
                   R"({"contact": "+1555", "text": "one more thing"})",
                   admin_token_);
  ASSERT_EQ(next.status, 201) << next.body;
  EXPECT_NE(next.json()["session"], s);
}

TEST_F(session_flow, ASupervisorReassignsASession) {
  ASSERT_EQ(post("/api/v1/users", R"({"name": "olaf"})", admin_token_).status,
            201);
  ASSERT_EQ(call("PUT", "/api/v1/groups/1/members/5", "", admin_token_).status,
            200);
  auto olaf = token_for(5);
  set_status(1, olga, "online");
  auto s = open(anna);
  set_status(5, olaf, "online");
  ASSERT_EQ(get(path(s), olga).json()["operator"], 1);
  auto moved = post(path(s, "/assign"), R"({"operator": 5})", sam);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(get(path(s), sam).json()["operator"], 5);
  EXPECT_EQ(get("/api/v1/operators/5", olaf).json()["sessions"],
            nlohmann::json::array({s}));
  // Only the chat's supervisors assign.
  EXPECT_EQ(post(path(s, "/assign"), R"({"operator": 1})", olga).status, 403);
}

TEST_F(session_flow, EachRoleMayDoOnlyWhatTheDirectorySays) {
  set_status(1, olga, "online");
  // Only members of the chat's customer groups open sessions there.
  EXPECT_EQ(post("/api/v1/live-chats/0/sessions", "", olga).status, 403);
  EXPECT_EQ(post("/api/v1/live-chats/0/sessions", "", sam).status, 403);
  // Nobody but the contact's bridge opens sessions of an external chat.
  EXPECT_EQ(post("/api/v1/live-chats/1/sessions", "", anna).status, 403);
  auto s = open(anna);
  // Only the assigned operator writes, switches and closes as operator.
  EXPECT_EQ(say(s, alex, "not mine").status, 403);
  EXPECT_EQ(post(path(s, "/transfer"), R"({"group": 4})", alex).status, 403);
  EXPECT_EQ(post(path(s, "/close"), "", alex).status, 403);
  // Operators set only their own status and see only their own sessions.
  EXPECT_EQ(call("PUT", "/api/v1/operators/1/status", R"({"status": "away"})",
                 alex)
              .status,
            403);
  EXPECT_EQ(get("/api/v1/operators/1", anna).status, 403);
  // A session is visible to its customer, its operators and supervisors.
  EXPECT_EQ(get(path(s), anna).status, 200);
  EXPECT_EQ(get(path(s), olga).status, 200);
  EXPECT_EQ(get(path(s), sam).status, 200);
  EXPECT_EQ(get(path(s), alex).status, 404);
  EXPECT_EQ(get(path(s), admin_token_).status, 404);
  // The customer may leave; afterwards nobody writes into it.
  EXPECT_EQ(post(path(s, "/leave"), "", anna).status, 200);
  EXPECT_EQ(say(s, olga, "too late").status, 404);
}

TEST_F(session_flow, BadSessionInputIsRefusedByField) {
  set_status(1, olga, "online");
  auto s = open(anna);
  EXPECT_EQ(say(s, anna, "").error_code(), "invalid_field");
  EXPECT_EQ(post(path(s, "/messages"), R"({"txt": "x"})", anna).error_code(),
            "invalid_field");
  EXPECT_EQ(
    post(path(s, "/transfer"), R"({"group": "accounting"})", olga).error_code(),
    "invalid_field");
  EXPECT_EQ(call("PUT", "/api/v1/operators/1/status", R"({"status": "busy"})",
                 olga)
              .status,
            400);
  EXPECT_EQ(say(987654, anna, "x").status, 404);
  EXPECT_EQ(post(path(s, "/fly"), "", anna).status, 404);
}

TEST_F(session_flow, SessionsAndMessagesSurviveARestart) {
  set_status(1, olga, "online");
  auto s = open(anna);
  ASSERT_EQ(say(s, anna, "remember me").status, 201);
  ASSERT_EQ(post(path(s, "/close"), "", olga).status, 200);
  start();
  auto seen = get(path(s), anna);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.json()["state"], "closed");
  EXPECT_EQ(seen.json()["messages"][0]["text"], "remember me");
  // New sessions get new ids.
  set_status(1, olga, "online");
  EXPECT_GT(open(anna), s);
}

} // namespace session_flow_test
} // namespace livechat::server_testing
