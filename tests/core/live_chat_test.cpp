#include "core/live_chat.hpp"

#include <gtest/gtest.h>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

namespace live_chat_test {

using livechat::directory;
using livechat::errc;
using livechat::group_id;
using livechat::live_chat_definition;
using livechat::offline_policy;
using livechat::parse_offline_policy;
using livechat::parse_routing_policy;
using livechat::routing_policy_kind;
using livechat::user_id;
using livechat::validate;

using users = std::vector<user_id>;

// A directory with groups general (operators), leads (supervisors),
// accounting (experts) and employees (internal customers).
struct company {
  directory dir{"root"};
  user_id root = dir.find_user("root").value();
  user_id anna = dir.add_user("anna").value();
  group_id general = dir.create_group(root, "general", users{anna}).value();
  group_id leads = dir.create_group(root, "leads", users{root}).value();
  group_id accounting = dir.create_group(root, "accounting", users{}).value();
  group_id employees = dir.create_group(root, "employees", users{anna}).value();

  live_chat_definition internal_chat() const {
    live_chat_definition def;
    def.name = "internal";
    def.operator_groups = {general};
    def.supervisor_groups = {leads};
    def.expert_groups = {accounting};
    def.customer_groups = {employees};
    return def;
  }

  live_chat_definition external_chat() const {
    live_chat_definition def;
    def.name = "whatsapp support";
    def.operator_groups = {general};
    def.channel = "whatsapp";
    return def;
  }
};

void expect_error(const livechat::expected<void>& r, errc e) {
  ASSERT_FALSE(r.has_value()) << "expected " << to_string(e);
  EXPECT_EQ(r.error(), e) << to_string(r.error());
}

TEST(LiveChat, DefaultsAreOneSessionRequeueAndTransfersFirst) {
  live_chat_definition def;
  EXPECT_EQ(def.capacity, 1);
  EXPECT_EQ(def.on_offline, offline_policy::requeue);
  EXPECT_TRUE(def.transfers_first);
  EXPECT_EQ(def.routing, routing_policy_kind::round_robin);
  EXPECT_EQ(def.queue_limit, std::numeric_limits<std::size_t>::max());
  EXPECT_FALSE(def.reject_when_nobody_online);
  EXPECT_EQ(def.seed, 0u);
  EXPECT_TRUE(def.channel.empty());
  EXPECT_FALSE(def.is_internal());
}

TEST(LiveChat, InternalChatWithCustomerGroupsIsValid) {
  company c;
  auto def = c.internal_chat();
  EXPECT_TRUE(def.is_internal());
  EXPECT_TRUE(validate(def, c.dir).has_value());
}

TEST(LiveChat, ExternalChatWithChannelIsValid) {
  company c;
  auto def = c.external_chat();
  EXPECT_FALSE(def.is_internal());
  EXPECT_TRUE(validate(def, c.dir).has_value());
}

TEST(LiveChat, ChatWithBothCustomerGroupsAndChannelIsInvalid) {
  company c;
  auto def = c.internal_chat();
  def.channel = "whatsapp";
  expect_error(validate(def, c.dir), errc::invalid_definition);
}

TEST(LiveChat, ChatWithNeitherCustomerGroupsNorChannelIsInvalid) {
  company c;
  auto def = c.internal_chat();
  def.customer_groups.clear();
  expect_error(validate(def, c.dir), errc::invalid_definition);
}

TEST(LiveChat, ChatWithoutOperatorGroupIsInvalid) {
  company c;
  auto def = c.external_chat();
  def.operator_groups.clear();
  def.expert_groups = {c.accounting}; // experts alone do not count
  expect_error(validate(def, c.dir), errc::invalid_definition);
}

TEST(LiveChat, CapacityBelowOneIsInvalid) {
  company c;
  for (int capacity : {0, -1, std::numeric_limits<int>::min()}) {
    auto def = c.external_chat();
    def.capacity = capacity;
    expect_error(validate(def, c.dir), errc::invalid_definition);
  }
  auto def = c.external_chat();
  def.capacity = 1;
  EXPECT_TRUE(validate(def, c.dir).has_value());
}

TEST(LiveChat, QueueLimitZeroIsInvalid) {
  company c;
  auto def = c.external_chat();
  def.queue_limit = 0;
  expect_error(validate(def, c.dir), errc::invalid_definition);
  def.queue_limit = 1;
  EXPECT_TRUE(validate(def, c.dir).has_value());
}

TEST(LiveChat, EmptyNameIsInvalid) {
  company c;
  auto def = c.internal_chat();
  def.name.clear();
  expect_error(validate(def, c.dir), errc::invalid_definition);
}

TEST(LiveChat, UnknownGroupInAnyRoleIsReported) {
  company c;
  for (auto unknown : {group_id{99}, group_id{}}) {
    auto op = c.internal_chat();
    op.operator_groups.push_back(unknown);
    expect_error(validate(op, c.dir), errc::unknown_group);
    auto sup = c.internal_chat();
    sup.supervisor_groups.push_back(unknown);
    expect_error(validate(sup, c.dir), errc::unknown_group);
    auto exp = c.internal_chat();
    exp.expert_groups.push_back(unknown);
    expect_error(validate(exp, c.dir), errc::unknown_group);
    auto cust = c.internal_chat();
    cust.customer_groups = {unknown};
    expect_error(validate(cust, c.dir), errc::unknown_group);
  }
}

TEST(LiveChat, OneGroupMayPlaySeveralRoles) {
  company c;
  auto def = c.internal_chat();
  def.supervisor_groups = {c.general};
  def.customer_groups = {c.general, c.employees};
  EXPECT_TRUE(validate(def, c.dir).has_value());
}

TEST(LiveChat, OfflinePolicyNamesAreStable) {
  EXPECT_EQ(to_string(offline_policy::requeue), "requeue");
  EXPECT_EQ(to_string(offline_policy::keep), "keep");
  EXPECT_EQ(to_string(offline_policy::close), "close");
}

TEST(LiveChat, OfflinePolicyNamesRoundTrip) {
  for (auto p :
       {offline_policy::requeue, offline_policy::keep, offline_policy::close})
    EXPECT_EQ(parse_offline_policy(to_string(p)), std::optional{p});
}

TEST(LiveChat, ParseOfflinePolicyRejectsUnknownNames) {
  for (std::string_view name :
       {"", "unknown", "Requeue", "requeue ", "drop", "closed"})
    EXPECT_EQ(parse_offline_policy(name), std::nullopt) << name;
}

TEST(LiveChat, RoutingPolicyNamesAreStable) {
  EXPECT_EQ(to_string(routing_policy_kind::round_robin), "round_robin");
  EXPECT_EQ(to_string(routing_policy_kind::least_busy), "least_busy");
  EXPECT_EQ(to_string(routing_policy_kind::longest_idle), "longest_idle");
  EXPECT_EQ(to_string(routing_policy_kind::random), "random");
  EXPECT_EQ(to_string(routing_policy_kind::fixed_order), "fixed_order");
  EXPECT_EQ(to_string(routing_policy_kind::manual), "manual");
  EXPECT_EQ(parse_routing_policy("least_busy"),
            std::optional{routing_policy_kind::least_busy});
  EXPECT_EQ(parse_routing_policy("least busy"), std::nullopt);
}

} // namespace live_chat_test
