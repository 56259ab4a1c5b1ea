// Bad input over HTTP gets the right status and an error body, and harms no
// one else: the server keeps serving.
#include "tests/server/server_fixture.hpp"

namespace livechat::server_testing {
namespace bad_input_test {

using bad_input = server_fixture;

TEST_F(bad_input, MissingMalformedAndUnknownTokensGet401) {
  auto missing = get("/api/v1/users", "");
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.error_code(), "unauthorized");
  EXPECT_EQ(missing.header("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(send(port_,
                 {.path = "/api/v1/users", .authorization = "Basic YTpi"})
              .status,
            401);
  EXPECT_EQ(get("/api/v1/users", "lct_nothex").status, 401);
  EXPECT_EQ(get("/api/v1/users",
                "lct_000000000000000000000000000000000000000000000000")
              .status,
            401);
}

TEST_F(bad_input, MalformedJsonUnknownFieldsAndWrongTypesGet400) {
  struct bad_body {
    const char* body;
    const char* code;
  };
  for (auto [body, code] : {
         bad_body{R"({"name": )", "malformed_json"},
         bad_body{R"(["nina"])", "malformed_json"},
         bad_body{"", "malformed_json"},
         bad_body{R"({"name": 7})", "invalid_field"},
         bad_body{R"({"nom": "nina"})", "invalid_field"},
         bad_body{R"({"name": "nina", "extra": true})", "invalid_field"},
       }) {
    auto r = post("/api/v1/users", body, admin_token_);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(r.error_code(), code) << body;
    EXPECT_FALSE(r.json()["error"]["message"].get<std::string>().empty());
  }
  auto chat
    = post("/api/v1/live-chats",
           R"({"name": "x", "operator_groups": [1], "capacity": "two"})",
           admin_token_);
  EXPECT_EQ(chat.status, 400);
  EXPECT_NE(chat.body.find("capacity"), std::string::npos) << chat.body;
  auto policy
    = post("/api/v1/live-chats",
           R"({"name": "x", "operator_groups": [1], "routing": "fastest"})",
           admin_token_);
  EXPECT_EQ(policy.status, 400);
  EXPECT_NE(policy.body.find("fastest"), std::string::npos) << policy.body;
  // Nothing was added.
  EXPECT_EQ(get("/api/v1/users", admin_token_).json().size(), 5u);
  EXPECT_EQ(get("/api/v1/live-chats", admin_token_).json().size(), 2u);
}

TEST_F(bad_input, UnknownIdsAndPathsGet404AndWrongMethods405) {
  EXPECT_EQ(get("/api/v1/users/99", admin_token_).error_code(), "unknown_user");
  EXPECT_EQ(get("/api/v1/groups/99", admin_token_).error_code(),
            "unknown_group");
  EXPECT_EQ(get("/api/v1/live-chats/99", admin_token_).error_code(),
            "unknown_chat");
  EXPECT_EQ(call("DELETE", "/api/v1/users/99", "", admin_token_).status, 404);
  EXPECT_EQ(get("/api/v1/users/abc", admin_token_).status, 404);
  EXPECT_EQ(get("/api/v1/nothing", admin_token_).status, 404);
  EXPECT_EQ(get("/elsewhere", admin_token_).status, 404);
  auto wrong = call("DELETE", "/api/v1/users", "", admin_token_);
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("Allow"), "GET, POST");
}

TEST_F(bad_input, ConflictsWithTheCurrentStateGet409) {
  auto dup = post("/api/v1/users", R"({"name": "olga"})", admin_token_);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.error_code(), "duplicate_name");
  // A group a live chat uses cannot be removed.
  auto used = call("DELETE", "/api/v1/groups/1", "", admin_token_);
  EXPECT_EQ(used.status, 409) << used.body;
  EXPECT_EQ(used.error_code(), "in_use");
}

TEST_F(bad_input, OversizedBodiesGet413AndTheServerKeepsServing) {
  server::server_settings s;
  s.http.max_body_bytes = 1024;
  start(s);
  std::string big = R"({"name": ")" + std::string(2000, 'a') + R"("})";
  auto r = post("/api/v1/users", big, admin_token_);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.error_code(), "body_too_large");
  EXPECT_EQ(get("/api/v1/users", admin_token_).status, 200);
}

TEST_F(bad_input, MalformedHttpGets400AndOthersAreUnaffected) {
  auto raw = send_raw(port_, "NOT HTTP AT ALL\r\n\r\n");
  EXPECT_NE(raw.find("400"), std::string::npos) << raw;
  auto header
    = send_raw(port_, "GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
  EXPECT_NE(header.find("400"), std::string::npos) << header;
  EXPECT_EQ(get("/api/v1/users", admin_token_).status, 200);
}

TEST_F(bad_input, APathThatIsNotUtf8GetsAnAnswerNotACrash) {
  // Its 404 names the path: invalid UTF-8 must not make the JSON throw.
  auto raw = send_raw(port_, "GET /\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(raw.find("404"), std::string::npos) << raw;
  auto ws = send_raw(port_,
                     "GET /api/v1/\xff HTTP/1.1\r\nHost: x\r\n"
                     "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                     "Sec-WebSocket-Version: 13\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
  EXPECT_NE(ws.find("404"), std::string::npos) << ws;
  EXPECT_EQ(get("/api/v1/users", admin_token_).status, 200);
}

TEST_F(bad_input, TooManyRequestsFromOneTokenGet429AndOthersGoOn) {
  server::server_settings s;
  s.rate = {.per_second = 0.01, .burst = 3};
  start(s);
  auto olga = token_for(1); // the administrator's 1st request
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(get("/api/v1/users", admin_token_).status, 200);
  auto limited = get("/api/v1/users", admin_token_);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.error_code(), "too_many_requests");
  EXPECT_FALSE(limited.header("Retry-After").empty());
  EXPECT_EQ(get("/api/v1/users", olga).status, 200);
}

} // namespace bad_input_test
} // namespace livechat::server_testing
