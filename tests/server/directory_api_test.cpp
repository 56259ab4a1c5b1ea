// The directory over HTTP: reads for every authenticated user, changes for
// Administrators only, tokens issued and revoked.
#include "tests/server/server_fixture.hpp"

namespace livechat::server_testing {
namespace directory_api_test {

using directory_api = server_fixture;

TEST_F(directory_api, HealthIsServedWithoutAToken) {
  auto r = send(port_, {.path = "/healthz"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["status"], "serving");
}

TEST_F(directory_api, UsersAreListedWithIdAndName) {
  auto r = get("/api/v1/users", admin_token_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto users = r.json();
  ASSERT_EQ(users.size(), 5u);
  EXPECT_EQ(users[1], (nlohmann::json{{"id", 1}, {"name", "olga"}}));
  EXPECT_EQ(users[4]["name"], "alex");
}

TEST_F(directory_api, AdministratorAddsRenamesAndRemovesAUser) {
  auto added = post("/api/v1/users", R"({"name": "nina"})", admin_token_);
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.json(), (nlohmann::json{{"id", 5}, {"name", "nina"}}));
  auto renamed = call("PATCH", "/api/v1/users/5", R"({"name": "nina k"})",
                      admin_token_);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(get("/api/v1/users/5", admin_token_).json()["name"], "nina k");
  auto removed = call("DELETE", "/api/v1/users/5", "", admin_token_);
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(get("/api/v1/users/5", admin_token_).status, 404);
  EXPECT_EQ(get("/api/v1/users", admin_token_).json().size(), 5u);
}

TEST_F(directory_api, GroupsAndTheirMembersAreListedAndChanged) {
  auto groups = get("/api/v1/groups", admin_token_).json();
  ASSERT_EQ(groups.size(), 5u);
  EXPECT_EQ(groups[1]["name"], "general");
  EXPECT_EQ(groups[1]["members"], nlohmann::json::array({1}));
  auto created = post("/api/v1/groups", R"({"name": "hr", "members": [2]})",
                      admin_token_);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["id"], 5);
  auto added = call("PUT", "/api/v1/groups/5/members/3", "", admin_token_);
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(get("/api/v1/groups/5/members", admin_token_).json(),
            nlohmann::json::array({2, 3}));
  auto left = call("DELETE", "/api/v1/groups/5/members/2", "", admin_token_);
  ASSERT_EQ(left.status, 200) << left.body;
  EXPECT_EQ(left.json()["members"], nlohmann::json::array({3}));
}

TEST_F(directory_api, LiveChatsAreListedWithNamesAndDefined) {
  auto chats = get("/api/v1/live-chats", admin_token_).json();
  ASSERT_EQ(chats.size(), 2u);
  EXPECT_EQ(chats[0]["name"], "internal");
  EXPECT_EQ(chats[0]["kind"], "internal");
  EXPECT_EQ(chats[1]["kind"], "external");
  auto defined = post("/api/v1/live-chats",
                      R"({"name": "hr-desk", "operator_groups": [4],
                          "customer_groups": [2], "capacity": 3})",
                      admin_token_);
  ASSERT_EQ(defined.status, 201) << defined.body;
  EXPECT_EQ(defined.json()["id"], 2);
  EXPECT_EQ(defined.json()["definition"]["capacity"], 3);
  EXPECT_EQ(get("/api/v1/live-chats/2", admin_token_).json()["name"],
            "hr-desk");
}

TEST_F(directory_api, OnlyAdministratorsChangeTheDirectoryAndChats) {
  auto olga = token_for(1);
  auto sam = token_for(3);
  for (const auto& token : {olga, sam}) {
    EXPECT_EQ(post("/api/v1/users", R"({"name": "x"})", token).status, 403);
    EXPECT_EQ(post("/api/v1/groups", R"({"name": "x"})", token).status, 403);
    EXPECT_EQ(call("PUT", "/api/v1/groups/1/members/2", "", token).status, 403);
    EXPECT_EQ(call("DELETE", "/api/v1/users/2", "", token).status, 403);
    EXPECT_EQ(post("/api/v1/live-chats",
                   R"({"name": "x", "operator_groups": [1],
                                            "channel": "sms"})",
                   token)
                .status,
              403);
    EXPECT_EQ(post("/api/v1/users/2/tokens", "", token).status, 403);
    // Reads are for everyone signed in.
    EXPECT_EQ(get("/api/v1/users", token).status, 200);
    EXPECT_EQ(get("/api/v1/groups", token).status, 200);
    EXPECT_EQ(get("/api/v1/live-chats", token).status, 200);
  }
  // Nothing changed.
  EXPECT_EQ(get("/api/v1/users", admin_token_).json().size(), 5u);
}

TEST_F(directory_api, OnlyTheChatsSupervisorsSeeItsSnapshot) {
  auto sam = token_for(3);
  auto olga = token_for(1);
  auto seen = get("/api/v1/live-chats/0/snapshot", sam);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.json()["operators"][0]["id"], 1);
  EXPECT_EQ(get("/api/v1/live-chats/0/snapshot", olga).status, 403);
  EXPECT_EQ(get("/api/v1/live-chats/0/snapshot", admin_token_).status, 403);
  EXPECT_EQ(get("/api/v1/live-chats/9/snapshot", sam).status, 404);
}

TEST_F(directory_api, RevokedTokensAreRefusedAndNewOnesWork) {
  auto first = token_for(2);
  auto second = token_for(2);
  EXPECT_EQ(get("/api/v1/users", first).status, 200);
  // A user may revoke its own tokens.
  auto revoked = call("DELETE", "/api/v1/users/2/tokens", "", first);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(revoked.json()["revoked"], 2);
  EXPECT_EQ(get("/api/v1/users", first).status, 401);
  EXPECT_EQ(get("/api/v1/users", second).status, 401);
  auto third = token_for(2);
  EXPECT_EQ(get("/api/v1/users", third).status, 200);
}

TEST_F(directory_api, ARemovedUsersTokensNoLongerWork) {
  auto anna = token_for(2);
  ASSERT_EQ(call("DELETE", "/api/v1/users/2", "", admin_token_).status, 200);
  auto r = get("/api/v1/users", anna);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.error_code(), "unauthorized");
}

} // namespace directory_api_test
} // namespace livechat::server_testing
