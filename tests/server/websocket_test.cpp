// The real-time flows over /api/v1/ws: operators, customers and supervisors
// each get their streams and send commands; bad frames get clear answers;
// a dropped operator is Away for a grace period, then Offline.
#include "load/ws_client.hpp"
#include "tests/server/server_fixture.hpp"

#include <chrono>

namespace livechat::server_testing {
namespace websocket_test {

using load::ws_client;

class websocket : public server_fixture {
protected:
  void SetUp() override {
    server_fixture::SetUp();
    server::server_settings s;
    s.presence_scheduler = timers.scheduler();
    s.http.max_frame_bytes = 4096;
    start(s);
    olga = token_for(1);
    anna = token_for(2);
    sam = token_for(3);
  }
  std::unique_ptr<ws_client> socket(const std::string& token) {
    auto c = ws_client::connect(port_, token);
    EXPECT_TRUE(c);
    if (c) {
      EXPECT_EQ(c->next().value_or(nlohmann::json{})["type"], "hello");
    }
    return c;
  }
  static auto of_type(const std::string& type) {
    return [type](const nlohmann::json& f) {
      return f.value("type", "") == type;
    };
  }
  static auto event(const std::string& kind) {
    return [kind](const nlohmann::json& f) {
      return f.value("type", "") == "session_event"
             && f.value("kind", "") == kind;
    };
  }
  bool status_becomes(const std::string& wanted) {
    return server_fixture::status_becomes(1, olga, wanted);
  }
  manual_timers timers;
  std::string olga, anna, sam;
};

TEST_F(websocket, AnOperatorGetsItsAssignmentsAndMessagesAndReplies) {
  auto ws = socket(olga);
  ASSERT_TRUE(ws);
  ASSERT_TRUE(ws->until(of_type("operator_view")));
  auto online = ws->command({{"type", "set_status"}, {"status", "online"}});
  ASSERT_TRUE(online.value("ok", false)) << online.dump();
  auto opened = post("/api/v1/live-chats/0/sessions", "", anna);
  ASSERT_EQ(opened.status, 201);
  auto s = opened.json()["id"].get<std::uint64_t>();
  auto assigned = ws->until(event("assigned"));
  ASSERT_TRUE(assigned);
  EXPECT_EQ((*assigned)["session"], s);
  ASSERT_EQ(post("/api/v1/sessions/" + std::to_string(s) + "/messages",
                 R"({"text": "hi olga"})", anna)
              .status,
            201);
  auto message = ws->until(of_type("message"));
  ASSERT_TRUE(message);
  EXPECT_EQ((*message)["text"], "hi olga");
  auto replied
    = ws->command({{"type", "post"}, {"session", s}, {"text", "hello anna"}});
  EXPECT_TRUE(replied.value("ok", false)) << replied.dump();
  auto closed = ws->command({{"type", "close"}, {"session", s}});
  EXPECT_TRUE(closed.value("ok", false)) << closed.dump();
  EXPECT_EQ(get("/api/v1/sessions/" + std::to_string(s), anna)
              .json()["messages"]
              .size(),
            2u);
}

TEST_F(websocket, ACustomerSeesItsPlaceInTheQueueThenItsOperator) {
  auto ws = socket(anna);
  ASSERT_TRUE(ws);
  auto opened = ws->command({{"type", "open_session"}, {"chat", 0}});
  ASSERT_TRUE(opened.value("ok", false)) << opened.dump();
  EXPECT_EQ(opened["state"], "waiting");
  auto s = opened["session"].get<std::uint64_t>();
  auto view = ws->until(of_type("session_view"));
  ASSERT_TRUE(view);
  EXPECT_EQ((*view)["session"], s);
  auto standing = ws->until(of_type("queue_standing"));
  ASSERT_TRUE(standing);
  EXPECT_EQ((*standing)["position"], 0);
  ASSERT_EQ(call("PUT", "/api/v1/operators/1/status", R"({"status": "online"})",
                 olga)
              .status,
            200);
  auto assigned = ws->until(event("assigned"));
  ASSERT_TRUE(assigned);
  EXPECT_EQ((*assigned)["operator"], 1);
  ASSERT_EQ(post("/api/v1/sessions/" + std::to_string(s) + "/messages",
                 R"({"text": "how can I help?"})", olga)
              .status,
            201);
  auto message = ws->until(of_type("message"));
  ASSERT_TRUE(message);
  EXPECT_EQ((*message)["from"], 1);
}

TEST_F(websocket, ASupervisorWatchesItsChatsAndAssigns) {
  ASSERT_EQ(post("/api/v1/users", R"({"name": "olaf"})", admin_token_).status,
            201);
  ASSERT_EQ(call("PUT", "/api/v1/groups/1/members/5", "", admin_token_).status,
            200);
  auto olaf = token_for(5);
  auto ws = socket(sam);
  ASSERT_TRUE(ws);
  auto snapshot = ws->until(of_type("chat_snapshot"));
  ASSERT_TRUE(snapshot);
  ASSERT_EQ(call("PUT", "/api/v1/operators/1/status", R"({"status": "online"})",
                 olga)
              .status,
            200);
  ASSERT_EQ(call("PUT", "/api/v1/operators/5/status", R"({"status": "online"})",
                 olaf)
              .status,
            200);
  auto opened = post("/api/v1/live-chats/0/sessions", "", anna);
  auto s = opened.json()["id"].get<std::uint64_t>();
  auto assigned = ws->until(event("assigned"));
  ASSERT_TRUE(assigned);
  auto holder = (*assigned)["operator"].get<std::uint32_t>();
  auto other = holder == 1 ? 5u : 1u;
  auto moved
    = ws->command({{"type", "assign"}, {"session", s}, {"operator", other}});
  ASSERT_TRUE(moved.value("ok", false)) << moved.dump();
  auto reassigned = ws->until(event("assigned"));
  ASSERT_TRUE(reassigned);
  EXPECT_EQ((*reassigned)["operator"], other);
  auto snap = ws->command({{"type", "snapshot"}, {"chat", 0}});
  EXPECT_TRUE(snap.value("ok", false)) << snap.dump();
}

TEST_F(websocket, BadFramesGetClearAnswersAndTheServerKeepsServing) {
  int status = 0;
  EXPECT_FALSE(ws_client::connect(port_, "", &status));
  EXPECT_EQ(status, 401);
  EXPECT_FALSE(ws_client::connect(port_, "lct_bad", &status));
  EXPECT_EQ(status, 401);
  auto by_query = ws_client::connect(port_, anna, nullptr, true);
  EXPECT_TRUE(by_query);

  auto ws = socket(anna);
  ASSERT_TRUE(ws);
  ws->send_text("{not json");
  auto malformed = ws->until(of_type("reply"));
  ASSERT_TRUE(malformed);
  EXPECT_EQ((*malformed)["error"]["code"], "malformed_json");
  auto unknown = ws->command({{"type", "teleport"}});
  EXPECT_EQ(unknown["error"]["code"], "unknown_command");
  auto missing = ws->command({{"type", "post"}, {"text", "x"}});
  EXPECT_EQ(missing["error"]["code"], "invalid_field");
  auto extra = ws->command({{"type", "ping"}, {"color", "red"}});
  EXPECT_EQ(extra["error"]["code"], "invalid_field");
  auto forbidden = ws->command({{"type", "open_session"}, {"chat", 1}});
  EXPECT_EQ(forbidden["error"]["code"], "not_permitted");
  EXPECT_EQ(forbidden["status"], 403);
  // A frame over the limit closes this connection with 1009...
  ws->send_text(std::string(8192, 'x'));
  EXPECT_FALSE(ws->until(
    [](const nlohmann::json&) {
      return false;
    },
    10));
  EXPECT_EQ(ws->close_code(), 1009);
  // ...and nobody else notices.
  EXPECT_EQ(get("/api/v1/users", anna).status, 200);
  EXPECT_TRUE(by_query->command({{"type", "ping"}}).value("ok", false));
}

TEST_F(websocket, RevokingAUsersTokensClosesItsWebSocketsWith1008) {
  auto ws = socket(olga);
  ASSERT_TRUE(ws);
  auto other = socket(anna);
  ASSERT_TRUE(other);
  ASSERT_EQ(call("DELETE", "/api/v1/users/1/tokens", "", admin_token_).status,
            200);
  EXPECT_FALSE(ws->until(
    [](const nlohmann::json&) {
      return false;
    },
    50));
  EXPECT_EQ(ws->close_code(), 1008);
  EXPECT_EQ(ws->close_reason(), "token revoked");
  // Another user's socket goes on.
  EXPECT_TRUE(other->command({{"type", "ping"}}).value("ok", false));
}

TEST_F(websocket, ADroppedOperatorIsAwayAndGetsItsSessionsBackWithinTheGrace) {
  auto ws = socket(olga);
  ASSERT_TRUE(ws);
  ASSERT_TRUE(ws->command({{"type", "set_status"}, {"status", "online"}})
                .value("ok", false));
  auto s = post("/api/v1/live-chats/0/sessions", "", anna)
             .json()["id"]
             .get<std::uint64_t>();
  ASSERT_TRUE(ws->until(event("assigned")));
  ws->drop();
  ASSERT_TRUE(timers.wait_for(1)); // the grace period is running
  // Away is set asynchronously, possibly after the timer was armed.
  EXPECT_TRUE(status_becomes("away"));
  // Back within the grace: status and sessions restored, from a snapshot.
  auto back = socket(olga);
  ASSERT_TRUE(back);
  auto view = back->until(of_type("operator_view"));
  ASSERT_TRUE(view);
  EXPECT_EQ((*view)["sessions"], nlohmann::json::array({s}));
  EXPECT_TRUE(status_becomes("online"));
  timers.fire(0); // the old grace period ends: nothing happens
  EXPECT_EQ(get("/api/v1/operators/1", olga).json()["status"], "online");
  EXPECT_EQ(
    get("/api/v1/sessions/" + std::to_string(s), anna).json()["operator"], 1);
}

TEST_F(websocket, AnOperatorsOwnChoiceWinsOverTheRestoreOfItsStatus) {
  auto ws = socket(olga);
  ASSERT_TRUE(ws);
  // Presence counts the connection once its operator stream is up.
  ASSERT_TRUE(ws->until(of_type("operator_view")));
  ASSERT_TRUE(ws->command({{"type", "set_status"}, {"status", "online"}})
                .value("ok", false));
  ws->drop();
  ASSERT_TRUE(timers.wait_for(1));
  EXPECT_TRUE(status_becomes("away"));
  // Back: presence restores Online, and the operator at once says Offline;
  // its choice is applied after the restore, never before it.
  auto back = socket(olga);
  ASSERT_TRUE(back);
  auto chosen = back->command({{"type", "set_status"}, {"status", "offline"}});
  EXPECT_TRUE(chosen.value("ok", false)) << chosen.dump();
  EXPECT_EQ(get("/api/v1/operators/1", olga).json()["status"], "offline");
}

TEST_F(websocket,
       ADroppedOperatorGoesOfflinePastTheGraceAndItsSessionsRequeue) {
  auto ws = socket(olga);
  ASSERT_TRUE(ws);
  ASSERT_TRUE(ws->command({{"type", "set_status"}, {"status", "online"}})
                .value("ok", false));
  auto s = post("/api/v1/live-chats/0/sessions", "", anna)
             .json()["id"]
             .get<std::uint64_t>();
  ASSERT_TRUE(ws->until(event("assigned")));
  ws->drop();
  ASSERT_TRUE(timers.wait_for(1));
  timers.fire(0); // the grace period ends with no reconnection
  EXPECT_TRUE(status_becomes("offline"));
  auto session = get("/api/v1/sessions/" + std::to_string(s), anna).json();
  EXPECT_EQ(session["state"], "waiting"); // the internal chat requeues
  EXPECT_EQ(session["events"].back()["reason"], "operator_offline");
}

} // namespace websocket_test
} // namespace livechat::server_testing
