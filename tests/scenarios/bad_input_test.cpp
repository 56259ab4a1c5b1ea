// Hostile and careless scenario files: every one is rejected with
// file:line:column and a message naming the value and its range, never a
// crash, an exception or a silent default (issue: bad input never crashes).
#include "scenarios/loader.hpp"
#include "scenarios/units.hpp"

#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <string_view>

namespace bad_input_test {

using livechat::scenarios::load_scenario;

/// A valid scenario; `group`, `chat` and `workload` replace its parts.
std::string scenario(std::string_view group = "{name: agents, size: 3}",
                     std::string_view chat_extra = "",
                     std::string_view workload_extra = "",
                     std::string_view top_extra = "") {
  std::string s = "name: t\nhorizon: 1h\n";
  s += top_extra;
  s += "groups:\n  - {name: Administrators, members: [admin]}\n  - ";
  s += group;
  s += "\nlive_chats:\n  - {name: line, channel: phone, operators: [agents]";
  s += chat_extra;
  s += "}\nworkload:\n  - live_chat: line\n    arrivals: {poisson: 20/h}\n"
       "    handle_time: {exponential: 3m}\n";
  s += workload_extra;
  return s;
}

/// The problems of `text`, one string each; fails the test if it loads.
std::string problems(const std::string& text) {
  std::istringstream in{text};
  auto loaded = load_scenario(in, "s.yaml");
  EXPECT_FALSE(loaded.ok()) << text;
  return loaded.error_text();
}

TEST(BadScenarioInput, GroupSizesBeyondTheRangeAreRejectedWithoutAllocating) {
  for (auto size : {"2147483647", "4294967296", "9223372036854775807"}) {
    auto text
      = problems(scenario(std::string{"{name: agents, size: "} + size + "}"));
    EXPECT_NE(text.find("s.yaml:5:26: 'size' of group 'agents' must be "
                        "between 1 and 100000, got "),
              std::string::npos)
      << text;
  }
  auto text = problems(scenario("{name: agents, size: 99999999999999999999}"));
  EXPECT_NE(text.find("must be a whole number of at most 19 digits"),
            std::string::npos)
    << text;
  EXPECT_EQ(text.find("has no members"), std::string::npos) << text;
}

TEST(BadScenarioInput, ReplicationsBeyondTheRangeAreRejected) {
  auto text = problems(scenario({}, "", "", "replications: 1000000000\n"));
  EXPECT_NE(text.find("s.yaml:3:15: 'replications' must be between 1 and "
                      "1000000, got 1000000000"),
            std::string::npos)
    << text;
}

TEST(BadScenarioInput, HugeRatesAndDurationsAreRejectedWhereWritten) {
  std::string rate = scenario();
  rate.replace(rate.find("20/h"), 4, "1000000000/s");
  EXPECT_NE(problems(rate).find("rate '1000000000/s' is above the limit of "
                                "10000/s"),
            std::string::npos);
  std::string huge = scenario();
  huge.replace(huge.find("20/h"), 4, "99999999999999999999/h");
  EXPECT_NE(problems(huge).find("is above the limit"), std::string::npos);
  std::string horizon = scenario();
  horizon.replace(horizon.find("1h"), 2, "3650d");
  EXPECT_NE(problems(horizon).find(
              "s.yaml:2:10: 'horizon': duration '3650d' must be between 0 "
              "and 365d"),
            std::string::npos);
  std::string handle = scenario();
  handle.replace(handle.find("3m"), 2, "9000000000s");
  EXPECT_NE(problems(handle).find("duration '9000000000s' must be between 0 "
                                  "and 365d"),
            std::string::npos);
}

TEST(BadScenarioInput, TimesOfShiftsAndSupervisionAreBoundedToo) {
  auto shift = problems(
    scenario({}, "", "",
             "shifts:\n  - {group: agents, online: [{from: 9000000000s, "
             "count: 1}]}\n"));
  EXPECT_NE(shift.find("duration '9000000000s' must be between 0 and 365d"),
            std::string::npos)
    << shift;
  auto reaction = problems(scenario(
    {}, "", "", "supervision: {reaction_time: {constant: 9000000000s}}\n"));
  EXPECT_NE(reaction.find("must be between 0 and 365d"), std::string::npos)
    << reaction;
}

TEST(BadScenarioInput, CapacityFactorsAndMessageCountsAreBounded) {
  EXPECT_NE(problems(scenario({}, ", capacity: 2147483647"))
              .find("'capacity' of live chat 'line' must be between 1 and "
                    "100, got 2147483647"),
            std::string::npos);
  EXPECT_NE(problems(scenario({}, "",
                              "    handle_time_factor_by_load: "
                              "[1e300]\n"))
              .find("must hold factors in (0, 100], got 1e+300"),
            std::string::npos);
  EXPECT_NE(problems(scenario({}, "",
                              "    messages: {per_session: {constant: 1e15}, "
                              "customer_think: {constant: 0s}, operator_reply: "
                              "{constant: 0s}}\n"))
              .find(
                "'per_session' of 'messages' of workload for live chat 'line': "
                "parameters must be in [0, 10000], got 1e+15"),
            std::string::npos);
}

TEST(BadScenarioInput, AnOperatorGroupWithNoMembersIsAnError) {
  EXPECT_NE(problems(scenario("{name: agents, members: []}"))
              .find("s.yaml:5:29: group 'agents' has no members: list at "
                    "least one, or give 'size'"),
            std::string::npos);
}

TEST(BadScenarioInput, ASecondYamlDocumentIsAnErrorAtItsStart) {
  auto text = problems(scenario() + "---\n" + scenario());
  EXPECT_NE(text.find("s.yaml:12:1: a scenario file holds one YAML document"),
            std::string::npos)
    << text;
}

TEST(BadScenarioInput, DeepNestingIsReportedWithItsPosition) {
  std::string deep = "name: t\nx: " + std::string(600, '[')
                     + std::string(600, ']') + "\n";
  auto text = problems(deep);
  EXPECT_NE(text.find("s.yaml:2:"), std::string::npos) << text;
  EXPECT_NE(text.find("nested more than"), std::string::npos) << text;
}

TEST(BadScenarioInput, BinaryBytesAreNeverEchoedRaw) {
  std::string binary = "name: t\n\"\\\x01\x02\xff\"\n";
  auto text = problems(binary);
  for (char c : text)
    EXPECT_TRUE(c == '\n' || (c >= 0x20 && c < 0x7f))
      << "raw byte " << int(static_cast<unsigned char>(c)) << " in " << text;
}

TEST(BadScenarioInput, AFileOverTheSizeLimitIsRefusedBeforeParsing) {
  std::string big(17u << 20, '#');
  auto text = problems(big);
  EXPECT_NE(text.find("s.yaml:1:1: the file is larger than 16 MiB"),
            std::string::npos)
    << text.substr(0, 200);
}

TEST(ParseInteger, IsSignedAndNeverWraps) {
  using livechat::scenarios::parse_integer;
  EXPECT_EQ(*parse_integer("-1"), -1);
  EXPECT_EQ(*parse_integer("+42"), 42);
  EXPECT_EQ(*parse_integer("9223372036854775807"), 9223372036854775807);
  EXPECT_FALSE(parse_integer("18446744073709551615"));
  EXPECT_FALSE(parse_integer("1e3"));
  EXPECT_FALSE(parse_integer("1.5"));
  EXPECT_FALSE(parse_integer(""));
  EXPECT_FALSE(parse_integer("12abc"));
  EXPECT_EQ(parse_integer("x").error, "must be a whole number, got 'x'");
}

TEST(Excerpt, QuotesShortensAndEscapes) {
  using livechat::scenarios::excerpt;
  EXPECT_EQ(excerpt("abc"), "'abc'");
  EXPECT_EQ(excerpt(std::string(50, 'a'), 3), "'aaa...'");
  EXPECT_EQ(excerpt(std::string{"a\x01\xff"}), "'a\\x01\\xff'");
}

} // namespace bad_input_test
