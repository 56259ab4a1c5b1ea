#include "core/domain_partition.hpp"

#include <gtest/gtest.h>
#include <vector>

namespace domain_partition_test {

using livechat::directory;
using livechat::errc;
using livechat::group_id;
using livechat::live_chat_definition;
using livechat::user_id;

// Two domains: chat 0 (operators a, experts x) and chat 1 (operators b),
// with supervisors s on both and customers c on chat 0.
class RoutingDomains : public ::testing::Test {
protected:
  directory dir{"admin"};
  user_id admin, olga, oleg, xena, sveta, carl;
  group_id a, b, x, s, c;
  std::vector<live_chat_definition> chats;
  std::vector<std::size_t> domain_of_chat;

  void SetUp() override {
    admin = dir.find_user("admin").value();
    olga = dir.add_user("olga").value();
    oleg = dir.add_user("oleg").value();
    xena = dir.add_user("xena").value();
    sveta = dir.add_user("sveta").value();
    carl = dir.add_user("carl").value();
    a = dir.create_group(admin, "a", std::vector<user_id>{olga}).value();
    b = dir.create_group(admin, "b", std::vector<user_id>{oleg}).value();
    x = dir.create_group(admin, "x", std::vector<user_id>{xena}).value();
    s = dir.create_group(admin, "s", std::vector<user_id>{sveta}).value();
    c = dir.create_group(admin, "c", std::vector<user_id>{carl}).value();
    live_chat_definition first;
    first.name = "first";
    first.operator_groups = {a};
    first.expert_groups = {x};
    first.supervisor_groups = {s};
    first.customer_groups = {c};
    live_chat_definition second;
    second.name = "second";
    second.operator_groups = {b};
    second.supervisor_groups = {s};
    second.channel = "whatsapp";
    chats = {first, second};
    auto parts = livechat::partition_domains(dir, chats);
    ASSERT_EQ(parts.size(), 2u);
    domain_of_chat.resize(chats.size());
    for (std::size_t d = 0; d < parts.size(); ++d)
      for (auto chat : parts[d].chats)
        domain_of_chat[chat] = d;
  }
};

TEST_F(RoutingDomains, GroupIsUsedByTheDomainsOfEveryChatNamingItInAnyRole) {
  using list = std::vector<std::size_t>;
  EXPECT_EQ(livechat::domains_using(chats, domain_of_chat, a), (list{0}));
  EXPECT_EQ(livechat::domains_using(chats, domain_of_chat, x), (list{0}));
  EXPECT_EQ(livechat::domains_using(chats, domain_of_chat, c), (list{0}));
  EXPECT_EQ(livechat::domains_using(chats, domain_of_chat, b), (list{1}));
  EXPECT_EQ(livechat::domains_using(chats, domain_of_chat, s), (list{0, 1}));
}

TEST_F(RoutingDomains, OperatorOfOneDomainMayNotJoinAServingGroupOfAnother) {
  auto ok = livechat::check_domain_crossing(dir, chats, domain_of_chat, b,
                                            olga);
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error(), errc::crosses_domains);
  auto expert = livechat::check_domain_crossing(dir, chats, domain_of_chat, b,
                                                xena);
  ASSERT_FALSE(expert);
  EXPECT_EQ(expert.error(), errc::crosses_domains);
}

TEST_F(RoutingDomains, OperatorMayJoinAnotherServingGroupOfItsOwnDomain) {
  EXPECT_TRUE(
    livechat::check_domain_crossing(dir, chats, domain_of_chat, x, olga));
}

TEST_F(RoutingDomains, UserServingNowhereMayJoinAnyServingGroup) {
  EXPECT_TRUE(
    livechat::check_domain_crossing(dir, chats, domain_of_chat, b, sveta));
  EXPECT_TRUE(
    livechat::check_domain_crossing(dir, chats, domain_of_chat, a, carl));
}

TEST_F(RoutingDomains, OperatorMayJoinGroupsThatServeNowhere) {
  EXPECT_TRUE(
    livechat::check_domain_crossing(dir, chats, domain_of_chat, s, olga));
  EXPECT_TRUE(
    livechat::check_domain_crossing(dir, chats, domain_of_chat, c, oleg));
}

} // namespace domain_partition_test

namespace domain_partition_test {

using list = std::vector<std::size_t>;

TEST_F(RoutingDomains, JoiningAServingGroupOfAnotherDomainConnectsBoth) {
  EXPECT_EQ(livechat::domains_connected_by(dir, chats, domain_of_chat, b, olga),
            (list{0, 1}));
  EXPECT_EQ(livechat::domains_connected_by(dir, chats, domain_of_chat, x, oleg),
            (list{0, 1}));
}

TEST_F(RoutingDomains, JoiningAServingGroupOfItsOwnDomainConnectsNothingElse) {
  EXPECT_EQ(livechat::domains_connected_by(dir, chats, domain_of_chat, x, olga),
            (list{0}));
  EXPECT_EQ(livechat::domains_connected_by(dir, chats, domain_of_chat, b,
                                           sveta),
            (list{1}));
}

TEST_F(RoutingDomains, JoiningAGroupThatServesNowhereConnectsNothing) {
  EXPECT_TRUE(
    livechat::domains_connected_by(dir, chats, domain_of_chat, s, olga)
      .empty());
  EXPECT_TRUE(
    livechat::domains_connected_by(dir, chats, domain_of_chat, c, oleg)
      .empty());
}

TEST_F(RoutingDomains, FirstMemberOfAnEmptyGroupServingTwoDomainsConnectsThem) {
  auto empty = dir.create_group(admin, "empty", std::vector<user_id>{}).value();
  chats[0].operator_groups.push_back(empty);
  chats[1].expert_groups.push_back(empty);
  ASSERT_EQ(livechat::partition_domains(dir, chats).size(), 2u);
  EXPECT_EQ(livechat::domains_connected_by(dir, chats, domain_of_chat, empty,
                                           carl),
            (list{0, 1}));
  auto crossing = livechat::check_domain_crossing(dir, chats, domain_of_chat,
                                                  empty, carl);
  ASSERT_FALSE(crossing.has_value());
  EXPECT_EQ(crossing.error(), errc::crosses_domains);
}

TEST_F(RoutingDomains, NewChatBelongsToTheDomainsItsServingUsersServe) {
  live_chat_definition def;
  def.name = "third";
  def.channel = "telegram";
  def.operator_groups = {a};
  EXPECT_EQ(livechat::domains_touched_by(dir, chats, domain_of_chat, def),
            (list{0}));
  def.operator_groups = {s};
  def.expert_groups = {b};
  EXPECT_EQ(livechat::domains_touched_by(dir, chats, domain_of_chat, def),
            (list{1}));
  def.operator_groups = {b, x};
  EXPECT_EQ(livechat::domains_touched_by(dir, chats, domain_of_chat, def),
            (list{0, 1}));
  def.operator_groups = {s, c}; // serve nowhere yet: a domain of its own
  def.expert_groups = {};
  EXPECT_TRUE(
    livechat::domains_touched_by(dir, chats, domain_of_chat, def).empty());
}

} // namespace domain_partition_test
