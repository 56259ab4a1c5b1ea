// The JSON forms of administrative changes and chat definitions: what is
// written reads back the same; what is malformed is refused by field.
#include "server/json_codec.hpp"

#include <gtest/gtest.h>

namespace livechat::server_testing {
namespace json_codec_test {

using namespace livechat::server;

live_chat_definition sample_definition() {
  return {.name = "internal",
          .operator_groups = {group_id{1}},
          .supervisor_groups = {group_id{3}},
          .expert_groups = {group_id{4}},
          .customer_groups = {group_id{2}},
          .routing = routing_policy_kind::least_busy,
          .capacity = 3,
          .queue_limit = 40,
          .reject_when_nobody_online = true,
          .on_offline = offline_policy::keep,
          .transfers_first = false,
          .seed = 18446744073709551615ull};
}

TEST(JsonCodec, EveryAdministrativeChangeReadsBackAsWritten) {
  std::vector<admin_change> changes{
    add_user_change{"anna"},
    rename_user_change{user_id{2}, "anna k"},
    remove_user_change{user_id{2}},
    create_group_change{"hr", {user_id{1}, user_id{2}}},
    rename_group_change{group_id{5}, "people"},
    remove_group_change{group_id{5}},
    add_member_change{group_id{1}, user_id{4}},
    remove_member_change{group_id{1}, user_id{4}},
    define_chat_change{sample_definition()},
    edit_chat_change{chat_id{1}, sample_definition()},
    remove_chat_change{chat_id{1}},
  };
  for (const auto& c : changes) {
    auto j = admin_change_json(c);
    auto back = parse_admin_change(nlohmann::json::parse(j.dump()));
    ASSERT_TRUE(std::holds_alternative<admin_change>(back))
      << j.dump() << ": " << std::get<std::string>(back);
    EXPECT_EQ(admin_change_json(std::get<admin_change>(back)), j);
  }
}

TEST(JsonCodec, ADefinitionKeepsEveryField) {
  auto def = sample_definition();
  auto back = parse_chat_definition(chat_definition_json(def));
  ASSERT_TRUE(std::holds_alternative<live_chat_definition>(back));
  const auto& d = std::get<live_chat_definition>(back);
  EXPECT_EQ(d.seed, def.seed);
  EXPECT_EQ(d.queue_limit, 40u);
  EXPECT_EQ(d.on_offline, offline_policy::keep);
  EXPECT_EQ(d.routing, routing_policy_kind::least_busy);
  EXPECT_FALSE(d.transfers_first);
  EXPECT_EQ(d.customer_groups, std::vector{group_id{2}});
}

TEST(JsonCodec, MalformedChangesAreRefusedNamingTheField) {
  auto message = [](const char* text) {
    auto r = parse_admin_change(nlohmann::json::parse(text));
    return std::holds_alternative<std::string>(r) ? std::get<std::string>(r)
                                                  : std::string{"accepted"};
  };
  EXPECT_EQ(message(R"({"kind": "add_user"})"), "field 'name': is required");
  EXPECT_EQ(message(R"({"kind": "fly"})"),
            "field 'kind': unknown change 'fly'");
  EXPECT_EQ(message(R"({"kind": "remove_user", "user": -1})"),
            "field 'user': expected an id (a non-negative integer)");
  EXPECT_EQ(message(R"({"kind": "define_chat", "definition": {"name": "x",
                         "capacity": 0}})"),
            "field 'definition.capacity': expected an integer from 1 to 1000");
  EXPECT_EQ(message(R"({"kind": "add_user", "name": "a", "admin": true})"),
            "unknown field 'admin'");
}

TEST(JsonCodec, AnOriginRebuildsTheDirectoryWithTheSameIds) {
  directory dir{"boss"};
  auto boss = dir.find_user("boss").value();
  auto a = dir.add_user("a").value();
  auto b = dir.add_user("b").value();
  (void)dir.create_group(boss, "g1", std::vector{b, a}).value();
  (void)dir.add_member(boss, dir.administrators(), a);
  workspace_origin origin{dir, boss, {sample_definition()}};
  auto back = parse_origin(origin_json(origin));
  ASSERT_TRUE(std::holds_alternative<workspace_origin>(back))
    << std::get<std::string>(back);
  const auto& o = std::get<workspace_origin>(back);
  EXPECT_EQ(origin_json(o), origin_json(origin));
  EXPECT_TRUE(o.dir.is_administrator(a));
  EXPECT_EQ(o.dir.get(group_id{1}).members, (std::vector{b, a}));
}

} // namespace json_codec_test
} // namespace livechat::server_testing
