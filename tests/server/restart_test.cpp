// A restarted server is the server it was: the administration log replays
// with the same ids, tokens still work, revoked ones still do not.
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

} // namespace restart_test
} // namespace livechat::server_testing
