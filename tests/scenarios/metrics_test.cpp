#include "scenarios/loader.hpp"
#include "scenarios/metrics.hpp"
#include "scenarios/targets.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace metrics_test {

using livechat::scenarios::find_metric;
using livechat::scenarios::load_scenario;
using livechat::scenarios::metric;
using livechat::scenarios::metric_entity;
using livechat::scenarios::metric_name;
using livechat::scenarios::metric_registry;
using livechat::scenarios::metrics_of;
using livechat::scenarios::parse_target;
using livechat::scenarios::target_metric;
using livechat::scenarios::threshold_metric;
using livechat::scenarios::threshold_metric_list;

constexpr metric_entity entities[]
  = {metric_entity::live_chat, metric_entity::group, metric_entity::member};

TEST(MetricRegistry, NamesJsonPathsAndCsvColumnsAreUniquePerEntity) {
  for (auto e : entities) {
    std::set<std::string_view> names, paths, columns;
    for (const auto& m : metrics_of(e)) {
      EXPECT_TRUE(names.insert(m.name).second) << m.name;
      EXPECT_TRUE(paths.insert(m.json_path).second) << m.json_path;
      EXPECT_TRUE(columns.insert(m.csv_column).second) << m.csv_column;
    }
  }
}

TEST(MetricRegistry, EverySpellingMeansOneMetricWhateverTheEntity) {
  // A JSON path that is another metric's name would make the alias
  // ambiguous; one spelling must name the same metric for chats and groups.
  std::map<std::string_view, std::string_view> meaning;
  for (const auto& m : metric_registry)
    for (auto spelling : {m.name, m.json_path}) {
      auto [at, fresh] = meaning.emplace(spelling, m.name);
      EXPECT_EQ(at->second, m.name) << "'" << spelling << "' names both '"
                                    << at->second << "' and '" << m.name << "'";
      (void)fresh;
    }
}

TEST(MetricRegistry, GroupsEachEntitysMetricsTogetherInReportOrder) {
  std::size_t total = 0;
  for (auto e : entities) {
    EXPECT_FALSE(metrics_of(e).empty());
    for (const auto& m : metrics_of(e))
      EXPECT_EQ(m.entity, e) << m.name;
    total += metrics_of(e).size();
  }
  EXPECT_EQ(total, metric_registry.size());
  EXPECT_EQ(metrics_of(metric_entity::live_chat).front().name, "offered");
  EXPECT_EQ(metrics_of(metric_entity::group).front().name, "occupancy");
  EXPECT_EQ(metrics_of(metric_entity::member).front().name, "handled");
}

TEST(MetricRegistry, FindsAMetricByItsNameOrItsJsonPath) {
  const auto* by_name = find_metric(metric_entity::live_chat, "wait.p99");
  const auto* by_path = find_metric(metric_entity::live_chat, "wait_s.p99");
  ASSERT_NE(by_name, nullptr);
  EXPECT_EQ(by_name, by_path);
  EXPECT_EQ(by_name->unit, livechat::scenarios::metric_unit::seconds);
  EXPECT_EQ(find_metric(metric_entity::group, "wait_s.mean")->name,
            "wait.mean");
  EXPECT_EQ(find_metric(metric_entity::live_chat, "occupancy"), nullptr);
  EXPECT_EQ(find_metric(metric_entity::member, "busy_s")->unit,
            livechat::scenarios::metric_unit::seconds);
}

TEST(MetricRegistry, TheJsonPathIsAnAliasOfTheName) {
  EXPECT_EQ(threshold_metric("wait_s.p99"), "wait.p99");
  EXPECT_EQ(threshold_metric("wait.p99"), "wait.p99");
  EXPECT_EQ(threshold_metric("asa_all_s"), "asa_all");
  EXPECT_EQ(threshold_metric("asa_all"), "asa_all");
  EXPECT_EQ(threshold_metric("asa_answered_s"), "asa_answered");
  EXPECT_EQ(threshold_metric("fairness.handled.jain"), "fairness.handled.jain");
}

TEST(MetricRegistry, ThresholdsRejectUnknownNamesAndMembersMetrics) {
  EXPECT_FALSE(threshold_metric("wait.p42"));
  EXPECT_FALSE(threshold_metric(""));
  EXPECT_FALSE(threshold_metric("wait"));
  EXPECT_FALSE(threshold_metric("WAIT.P99"));
  // Thresholds apply to live chats and groups, not to single members.
  EXPECT_FALSE(threshold_metric("busy_s"));
  EXPECT_FALSE(threshold_metric("handled"));
}

TEST(MetricRegistry, ThresholdsMayNameWhatOnlyTheLoadRunMeasures) {
  EXPECT_EQ(threshold_metric("time_to_assign.p99"), "time_to_assign.p99");
  EXPECT_EQ(threshold_metric("time_to_assign_s.p999"), "time_to_assign.p999");
  EXPECT_EQ(threshold_metric("delivery_s.max"), "delivery.max");
  EXPECT_FALSE(threshold_metric("time_to_assign.p42"));
  EXPECT_FALSE(threshold_metric("time_to_assign_x.p99"));
  EXPECT_FALSE(threshold_metric("delivery"));
}

TEST(MetricRegistry, ListsEachThresholdMetricOnceInRegistryOrder) {
  auto list = threshold_metric_list();
  std::vector<std::string> names;
  for (std::size_t at = 0; at <= list.size();) {
    auto comma = std::min(list.find(", ", at), list.size());
    names.push_back(list.substr(at, comma - at));
    at = comma + 2;
  }
  // Chats' metrics, then groups' not already named (`answered` and
  // `wait.mean` are metrics of both); members' are not threshold metrics.
  std::vector<std::string> want;
  for (const auto& m : metrics_of(metric_entity::live_chat))
    want.emplace_back(m.name);
  for (const auto& m : metrics_of(metric_entity::group))
    if (std::find(want.begin(), want.end(), m.name) == want.end())
      want.emplace_back(m.name);
  // Then what only `livechat load` measures.
  for (auto name : livechat::scenarios::load_metric_names)
    want.emplace_back(name);
  EXPECT_EQ(names, want);
  EXPECT_EQ(std::count(names.begin(), names.end(), "answered"), 1);
}

TEST(MetricRegistry, NamesInCodeAreCheckedWhenCompiling) {
  // `metric_name{"wait.p42"}` does not compile; known spellings give names.
  constexpr metric_name alias = "wait_s.p90";
  constexpr metric_name name = "occupancy";
  EXPECT_EQ(alias.text, "wait.p90");
  EXPECT_EQ(name.text, "occupancy");
}

// --- the docs ---------------------------------------------------------------

/// The row of `m` in docs/report-format.md's table of metrics.
std::string doc_row(const metric& m) {
  return fmt::format(
    "| `{}` | {} | `{}` | `{}` | {} | {}{} |", m.name, to_string(m.entity),
    m.json_path, m.csv_column, to_string(m.unit), m.description,
    m.message_model_only ? " (with a message model only)" : "");
}

TEST(MetricRegistry, ReportFormatDocListsExactlyTheRegistry) {
  std::ifstream in{LIVECHAT_DOCS_DIR "/report-format.md"};
  ASSERT_TRUE(in) << "cannot read docs/report-format.md";
  std::vector<std::string> table;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("## "))
      inside = line == "## Metrics";
    else if (inside && line.starts_with("| `"))
      table.push_back(line);
  }
  std::vector<std::string> want;
  for (const auto& m : metric_registry)
    want.push_back(doc_row(m));
  // On failure, the expected table can be pasted into the doc as it is.
  EXPECT_EQ(table, want) << "docs/report-format.md, section '## Metrics', "
                            "should list:\n"
                         << fmt::format("{}", fmt::join(want, "\n"));
}

// --- where metric names are read -------------------------------------------

std::vector<std::string> load_errors(std::string_view thresholds) {
  std::string text = R"(name: t
horizon: 1h
groups:
  - {name: general, size: 2}
live_chats:
  - {name: web, channel: web, operators: [general]}
)";
  text += thresholds;
  std::istringstream in{text};
  auto loaded = load_scenario(in, "s.yaml");
  std::vector<std::string> out;
  for (const auto& d : loaded.errors)
    out.push_back(d.to_string());
  return out;
}

TEST(ThresholdMetrics, AnUnknownMetricIsAnErrorAtItsLocationListingKnownOnes) {
  auto errors = load_errors("thresholds: [\"abandon_rate < 0.1\", "
                            "\"wait.p42 < 1m\"]\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.yaml:7:36: threshold 'wait.p42 < 1m' names unknown metric "
            "'wait.p42'; known metrics: "
              + threshold_metric_list()
              + " (or their JSON paths, e.g. wait_s.p99; see "
                "docs/report-format.md)");
}

TEST(ThresholdMetrics, AcceptsNamesAndJsonPathsOfChatAndGroupMetrics) {
  EXPECT_TRUE(load_errors("thresholds: [\"wait.p99 < 2m\", \"wait_s.p99 < "
                          "2m\", \"asa_all_s < 1m\", \"occupancy <= 0.9\", "
                          "\"fairness.handled.jain >= 0.8\"]\n")
                .empty());
}

TEST(ThresholdMetrics, AMembersMetricIsNotAThresholdMetric) {
  auto errors = load_errors("thresholds: [\"busy_s < 1h\"]\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(errors[0].starts_with(
    "s.yaml:7:14: threshold 'busy_s < 1h' names unknown metric 'busy_s'"))
    << errors[0];
}

TEST(TargetMetrics, AcceptEitherSpellingOfAMetric) {
  for (auto [a, b] : {std::pair{"asa_answered_s <= 30s", "asa_answered <= 30s"},
                      std::pair{"wait.p90 <= 1m", "wait_s.p90 <= 1m"}}) {
    auto ta = parse_target(a);
    auto tb = parse_target(b);
    ASSERT_TRUE(ta) << ta.error;
    ASSERT_TRUE(tb) << tb.error;
    EXPECT_EQ(ta->metric, tb->metric);
    EXPECT_EQ(ta->name(), tb->name());
  }
  EXPECT_EQ(parse_target("asa_answered <= 30s")->metric,
            target_metric::asa_answered);
}

} // namespace metrics_test
