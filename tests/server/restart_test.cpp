// A restarted server is the server it was: the administration log replays
// with the same ids, tokens still work, revoked ones still do not; live
// sessions are routed again: waiting ones back in their queues in order,
// held ones kept for their operators for the presence grace period,
// external customers' sessions with the same contacts.
#include "load/ws_client.hpp"
#include "tests/server/server_fixture.hpp"

namespace livechat::server_testing {
namespace restart_test {

using restart = server_fixture;

TEST_F(restart, AdministrationSurvivesARestartWithTheSameIds) {
  auto anna = token_for(2);
  ASSERT_EQ(post("/api/v1/users", R"({"name": "nina"})", admin_token_).status,
            201);
  ASSERT_EQ(call("DELETE", "/api/v1/users/3", "", admin_token_).status, 200);
  ASSERT_EQ(post("/api/v1/users", R"({"name": "omar"})", admin_token_).status,
            201);
  ASSERT_EQ(post("/api/v1/groups", R"({"name": "hr", "members": [5, 6]})",
                 admin_token_)
              .status,
            201);
  ASSERT_EQ(post("/api/v1/live-chats",
                 R"({"name": "hr-desk", "operator_groups": [5],
                     "customer_groups": [2]})",
                 admin_token_)
              .status,
            201);
  ASSERT_EQ(call("DELETE", "/api/v1/live-chats/1", "", admin_token_).status,
            200);
  auto users = get("/api/v1/users", admin_token_).json();
  auto groups = get("/api/v1/groups", admin_token_).json();
  auto chats = get("/api/v1/live-chats", admin_token_).json();

  start(); // same database
  EXPECT_FALSE(server_->first_admin_token().has_value());
  EXPECT_EQ(get("/api/v1/users", admin_token_).json(), users);
  EXPECT_EQ(get("/api/v1/groups", admin_token_).json(), groups);
  EXPECT_EQ(get("/api/v1/live-chats", admin_token_).json(), chats);
  EXPECT_EQ(get("/api/v1/users", anna).status, 200);
  // New ids continue after the replayed ones.
  auto next = post("/api/v1/users", R"({"name": "pia"})", admin_token_);
  ASSERT_EQ(next.status, 201) << next.body;
  EXPECT_EQ(next.json()["id"], 7);
  auto chat = post("/api/v1/live-chats",
                   R"({"name": "sales", "operator_groups": [5],
                       "customer_groups": [2]})",
                   admin_token_);
  ASSERT_EQ(chat.status, 201) << chat.body;
  EXPECT_EQ(chat.json()["id"], 3);
}

TEST_F(restart, RevokedTokensStayRevokedAfterARestart) {
  auto olga = token_for(1);
  ASSERT_EQ(call("DELETE", "/api/v1/users/1/tokens", "", admin_token_).status,
            200);
  start();
  EXPECT_EQ(get("/api/v1/users", olga).status, 401);
  EXPECT_EQ(get("/api/v1/users", admin_token_).status, 200);
}

/// Restarts with presence timers the test fires by hand.
class restart_live : public server_fixture {
protected:
  void SetUp() override {
    server_fixture::SetUp();
    olga = token_for(1);
    anna = token_for(2);
    sam = token_for(3);
  }
  void restart_server() {
    server::server_settings s;
    s.presence_scheduler = timers.scheduler();
    start(s);
  }
  void set_status(const std::string& status) {
    auto r = call("PUT", "/api/v1/operators/1/status",
                  R"({"status": ")" + status + R"("})", olga);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  std::uint64_t open() {
    auto r = post("/api/v1/live-chats/0/sessions", "", anna);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", std::uint64_t{0});
  }
  std::vector<std::uint64_t> queue() {
    auto snap = get("/api/v1/live-chats/0/snapshot", sam);
    EXPECT_EQ(snap.status, 200) << snap.body;
    auto body = snap.json();
    std::vector<std::uint64_t> out;
    for (const auto& w : body["waiting"])
      out.push_back(w["session"].get<std::uint64_t>());
    return out;
  }
  nlohmann::json session(std::uint64_t s) {
    return get("/api/v1/sessions/" + std::to_string(s), anna).json();
  }
  manual_timers timers;
  std::string olga, anna, sam;
};

TEST_F(restart_live, WaitingSessionsAreBackInTheirQueueInTheirOrder) {
  set_status("online");
  auto s1 = open(); // olga takes it
  set_status("away");
  auto s2 = open();
  auto s3 = open();
  set_status("offline"); // s1 is requeued, to the front
  auto s4 = open();
  auto before = queue();
  ASSERT_EQ(before, (std::vector<std::uint64_t>{s1, s2, s3, s4}));

  restart_server();
  EXPECT_EQ(queue(), before);
  for (auto s : before)
    EXPECT_EQ(session(s)["state"], "waiting");
  // Served from the head, and new sessions queue behind them.
  auto s5 = open();
  EXPECT_GT(s5, s4);
  set_status("online");
  EXPECT_EQ(session(s1)["operator"], 1);
  EXPECT_EQ(queue(), (std::vector<std::uint64_t>{s2, s3, s4, s5}));
  // Nothing duplicated: each session once, with one `restored` step.
  auto events = session(s2)["events"];
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events[0]["reason"], "arrived");
  EXPECT_EQ(events[1]["reason"], "restored");
}

TEST_F(restart_live, AHeldSessionWaitsForItsOperatorThroughTheGrace) {
  set_status("online");
  auto s = open();
  ASSERT_EQ(post("/api/v1/sessions/" + std::to_string(s) + "/messages",
                 R"({"text": "still there?"})", anna)
              .status,
            201);
  restart_server();
  // Away, holding it, while the grace period runs.
  auto me = get("/api/v1/operators/1", olga).json();
  EXPECT_EQ(me["status"], "away");
  EXPECT_EQ(me["sessions"], nlohmann::json::array({s}));
  ASSERT_TRUE(timers.wait_for(1));
  // Back within it: Online again, with the session, from a snapshot.
  auto ws = load::ws_client::connect(port_, olga);
  ASSERT_TRUE(ws);
  auto view = ws->until([](const nlohmann::json& f) {
    return f.value("type", "") == "operator_view";
  });
  ASSERT_TRUE(view);
  EXPECT_EQ((*view)["sessions"], nlohmann::json::array({s}));
  EXPECT_TRUE(status_becomes(1, olga, "online"));
  timers.fire(0); // the grace period ends: nothing happens
  EXPECT_EQ(get("/api/v1/operators/1", olga).json()["status"], "online");
  ASSERT_EQ(post("/api/v1/sessions/" + std::to_string(s) + "/messages",
                 R"({"text": "yes, here"})", olga)
              .status,
            201);
  EXPECT_EQ(session(s)["messages"].size(), 2u);
}

TEST_F(restart_live, AHolderWhoDoesNotComeBackLosesTheSessionToTheQueue) {
  set_status("online");
  auto s = open();
  restart_server();
  ASSERT_TRUE(timers.wait_for(1));
  timers.fire(0); // nobody reconnected
  EXPECT_TRUE(status_becomes(1, olga, "offline"));
  EXPECT_EQ(session(s)["state"], "waiting"); // the chat requeues
  EXPECT_EQ(queue(), (std::vector<std::uint64_t>{s}));
}

TEST_F(restart_live, AnExternalCustomerKeepsItsSessionAndItsContact) {
  set_status("online");
  auto first = post("/api/v1/channels/whatsapp/messages",
                    R"({"contact": "+4917012345", "text": "hello?"})",
                    admin_token_);
  ASSERT_EQ(first.status, 201) << first.body;
  auto s = first.json()["session"].get<std::uint64_t>();
  restart_server();
  // A new contact first: it must not take the old contact's number.
  auto other = post("/api/v1/channels/whatsapp/messages",
                    R"({"contact": "+100", "text": "hi"})", admin_token_);
  ASSERT_EQ(other.status, 201) << other.body;
  auto again = post("/api/v1/channels/whatsapp/messages",
                    R"({"contact": "+4917012345", "text": "anyone?"})",
                    admin_token_);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["session"], s);
  ASSERT_EQ(post("/api/v1/sessions/" + std::to_string(s) + "/messages",
                 R"({"text": "here I am"})", olga)
              .status,
            201);
  std::vector<std::string> delivered_to;
  for (const auto& line : log_lines()) {
    auto j = nlohmann::json::parse(line);
    if (j["event"] == "channel_delivery" && j["text"] == "here I am")
      delivered_to.push_back(j["address"]);
  }
  EXPECT_EQ(delivered_to, std::vector<std::string>{"+4917012345"});
}

} // namespace restart_test
} // namespace livechat::server_testing
