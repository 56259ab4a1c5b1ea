// The reports of a capacity plan, on a plan_result built by hand: two groups,
// three intervals, a target missed in one interval, an Erlang A answer that
// is not within --max, a note, and the +-10 % volume checks.
#include "scenarios/targets.hpp"
#include "sim/planning/plan.hpp"
#include "sim/reports/plan_report.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace livechat {
namespace plan_report_test {

using namespace std::chrono_literals;
using sim::figure;
using sim::planning::plan_result;

constexpr const char* expert_group = "R&D <experts>";

scenarios::target_spec target(const char* text) {
  auto t = scenarios::parse_target(text);
  EXPECT_TRUE(t.value.has_value()) << text << ": " << t.error;
  return t.value ? *t.value : scenarios::target_spec{};
}

scenarios::scenario make_scenario() {
  scenarios::scenario sc;
  sc.name = "Peak <day> & \"friends\"";
  sc.seed = 7;
  sc.groups.push_back({.name = "general", .size = 4});
  sc.groups.push_back({.name = expert_group, .size = 2});
  sc.live_chats.push_back({.name = "web",
                           .channel = "web",
                           .operators = {{"general", {}}},
                           .experts = {{expert_group, {}}}});
  sc.live_chats.push_back(
    {.name = "app", .channel = "app", .operators = {{"general", {}}}});
  return sc;
}

sim::planning::achieved_target achieved(std::string name, double mean,
                                        double half, bool holds) {
  return {std::move(name), figure{mean, mean - half, mean + half}, holds, true};
}

sim::planning::interval_plan interval(std::size_t k, double rate_per_h,
                                      int erlang_c, int erlang_a, int required,
                                      double sl, bool met) {
  sim::planning::interval_plan i;
  i.index = k;
  i.start = 30min * static_cast<long long>(k);
  i.arrival_rate_per_h = rate_per_h;
  i.offered_erlangs = rate_per_h * 3 / 60; // AHT 3 min
  i.erlang.offered_erlangs = i.offered_erlangs;
  i.erlang.erlang_c = {erlang_c, erlang_c * 10 / 7 + 1, erlang_c > 0};
  i.erlang.erlang_a = {erlang_a, erlang_a * 10 / 7 + 1, erlang_a > 0};
  i.required = required;
  i.positions = static_cast<int>(std::ceil(required / 0.7 - 1e-9));
  i.met = met;
  i.achieved.push_back(
    achieved("service_level.offered@20s", sl, 0.02, sl >= 0.8));
  i.achieved.push_back(achieved("abandon_rate", 0.02, 0.005, true));
  i.occupancy = {0.7, 0.68, 0.72};
  return i;
}

sim::planning::group_plan group(std::string name,
                                std::vector<sim::planning::interval_plan> is) {
  sim::planning::group_plan g;
  g.name = std::move(name);
  for (const auto& i : is) {
    g.operator_hours += i.required * 0.5;
    g.position_hours += i.positions * 0.5;
    g.erlang_c_hours += i.erlang.erlang_c.agents * 0.5;
    g.erlang_a_hours += i.erlang.erlang_a.agents * 0.5;
    g.peak_required = std::max(g.peak_required, i.required);
    g.peak_positions = std::max(g.peak_positions, i.positions);
  }
  // The whole difference shown by the evidence (the "agrees" wording has a
  // test of its own below).
  g.established_vs_erlang_c_hours = g.operator_hours - g.erlang_c_hours;
  g.established_vs_erlang_a_hours = g.operator_hours - g.erlang_a_hours;
  g.intervals = std::move(is);
  return g;
}

sim::entity_figures chat_figures(std::string name, double sl) {
  sim::entity_figures e;
  e.name = std::move(name);
  e.names = {"offered",      "answered", "abandon_rate",
             "asa_answered", "wait.p90", "service_level.offered"};
  e.values = {{100, 95, 105}, {97, 92, 102}, {0.03, 0.02, 0.04},
              {8, 7, 9},      {25, 22, 28},  {sl, sl - 0.02, sl + 0.02}};
  return e;
}

plan_result make_result() {
  plan_result r;
  r.interval = 30min;
  r.intervals = 3;
  r.targets = {target("service_level.offered >= 80% @ 20s"),
               target("abandon_rate <= 5%")};
  r.shrinkage = 0.3;
  r.max_occupancy = 0.85;
  r.groups.push_back(group("general", {interval(0, 60, 5, 4, 6, 0.85, true),
                                       interval(1, 120, 8, 7, 10, 0.71, false),
                                       interval(2, 90, 6, 6, 8, 0.83, true)}));
  r.groups.push_back(
    group(expert_group, {interval(0, 6, 1, 1, 1, 0.9, true),
                         interval(1, 12, 2, 0, 2, 0.88, true),
                         interval(2, 9, 2, 2, 2, 0.86, true)}));
  r.chat_names = {"web", "app"};
  r.chat_arrivals_per_h = {{40, 80, 60}, {20, 40, 30}};
  for (double factor : {0.9, 1.1}) {
    sim::planning::volume_check v;
    v.factor = factor;
    v.intervals = 6;
    v.intervals_met = factor < 1 ? 6 : 4;
    v.chats = {chat_figures("web", factor < 1 ? 0.9 : 0.7),
               chat_figures("app", factor < 1 ? 0.92 : 0.75)};
    r.volume.push_back(std::move(v));
  }
  r.iterations = 4;
  r.simulated_days = 120;
  r.notes = {"general, interval from 30m: targets not met even with --max 10 "
             "operators"};
  return r;
}

std::size_t occurrences(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string_view::npos;
       at = text.find(what, at + what.size()))
    ++n;
  return n;
}

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in{path};
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

TEST(PlanReport, JsonHasTheDocumentedKeysAndIsDeterministic) {
  auto sc = make_scenario();
  auto r = make_result();
  auto text = sim::planning::plan_json(sc, r);
  EXPECT_EQ(text, sim::planning::plan_json(sc, r));
  auto doc = nlohmann::json::parse(text);
  for (auto key :
       {"scenario", "seed", "interval_s", "intervals", "shrinkage",
        "max_occupancy", "targets", "all_met", "totals", "groups", "arrivals",
        "volume", "notes", "iterations", "simulated_days"})
    EXPECT_TRUE(doc.contains(key)) << key;
  EXPECT_EQ(doc["scenario"], sc.name);
  EXPECT_EQ(doc["interval_s"], 1800.0);
  EXPECT_FALSE(doc["all_met"].get<bool>());
  EXPECT_EQ(doc["targets"][0]["name"], "service_level.offered@20s");
  EXPECT_EQ(doc["targets"][0]["text"], "service_level.offered >= 80% @ 20s");
  for (auto key :
       {"operator_hours", "position_hours", "erlang_c_hours", "erlang_a_hours"})
    EXPECT_TRUE(doc["totals"].contains(key)) << key;
  EXPECT_DOUBLE_EQ(doc["totals"]["operator_hours"].get<double>(), 14.5);
  EXPECT_DOUBLE_EQ(doc["totals"]["vs_erlang_c_hours"].get<double>(), 2.5);
  ASSERT_EQ(doc["groups"].size(), 2u);
  for (const auto& g : doc["groups"]) {
    for (auto key :
         {"name", "operator_hours", "position_hours", "erlang_c_hours",
          "erlang_a_hours", "peak_required", "peak_positions", "intervals"})
      EXPECT_TRUE(g.contains(key)) << key;
    ASSERT_EQ(g["intervals"].size(), 3u);
    for (const auto& i : g["intervals"]) {
      for (auto key : {"group", "interval_start_s", "arrival_rate_per_h",
                       "offered_erlangs", "erlang_c", "erlang_a",
                       "erlang_c_positions", "erlang_a_positions", "required",
                       "positions", "met", "occupancy", "achieved"})
        EXPECT_TRUE(i.contains(key)) << key;
      EXPECT_EQ(i["group"], g["name"]);
      const auto& sl = i["achieved"]["service_level.offered@20s"];
      ASSERT_TRUE(sl.is_object());
      EXPECT_TRUE(sl.contains("mean") && sl.contains("ci95")
                  && sl.contains("holds"));
      EXPECT_TRUE(i["achieved"].contains("abandon_rate"));
      EXPECT_EQ(i["occupancy"]["ci95"].size(), 2u);
    }
  }
  const auto& missed = doc["groups"][0]["intervals"][1];
  EXPECT_FALSE(missed["met"].get<bool>());
  EXPECT_EQ(missed["interval_start_s"], 1800.0);
  EXPECT_FALSE(
    missed["achieved"]["service_level.offered@20s"]["holds"].get<bool>());
  EXPECT_EQ(missed["required"], 10);
  EXPECT_EQ(missed["erlang_c"], 8);
  EXPECT_EQ(missed["vs_erlang_c"], 2);
  // Erlang A cannot meet the targets within --max here.
  EXPECT_TRUE(doc["groups"][1]["intervals"][1]["erlang_a"].is_null());
  EXPECT_EQ(doc["arrivals"][0]["live_chat"], "web");
  EXPECT_EQ(doc["arrivals"][0]["per_h"].size(), 3u);
  ASSERT_EQ(doc["volume"].size(), 2u);
  EXPECT_EQ(doc["volume"][1]["intervals_met"], 4);
  const auto& web = doc["volume"][0]["live_chats"][0];
  EXPECT_EQ(web["name"], "web");
  EXPECT_DOUBLE_EQ(web["service_level"]["offered"]["mean"].get<double>(), 0.9);
  EXPECT_TRUE(web["wait_s"]["p90"].contains("ci95"));
  EXPECT_EQ(doc["notes"].size(), 1u);
}

TEST(PlanReport, TextShowsTheTablesTheMissedIntervalAndTheNotes) {
  auto sc = make_scenario();
  auto r = make_result();
  std::ostringstream out;
  sim::planning::write_plan_text(out, sc, r);
  auto text = out.str();
  for (auto what : {"group general",
                    "group R&D <experts>",
                    "from",
                    "arrivals/h",
                    "Erlang C",
                    "Erlang A",
                    "required",
                    "positions",
                    "SL offered@20s",
                    "0:30",
                    "MISSED",
                    ">max",
                    "71.0±2.0%!",
                    "simulation vs Erlang C: +2.5 "
                    "operator-hours (+20.8 %)",
                    "90 %",
                    "110 %",
                    "6 of 6",
                    "4 of 6",
                    "targets MISSED in 1 of 6 group-intervals",
                    "targets not met even with --max 10"})
    EXPECT_NE(text.find(what), std::string::npos) << what << "\n" << text;
  EXPECT_EQ(occurrences(text, "MISSED"), 2u) << text; // row and verdict
}

TEST(PlanReport, HtmlIsSelfContainedWithChartsPerGroupAndTarget) {
  auto sc = make_scenario();
  auto r = make_result();
  auto html = sim::planning::plan_html(sc, r);
  EXPECT_EQ(html, sim::planning::plan_html(sc, r));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_TRUE(html.ends_with("</body>\n</html>\n"));
  // Per group: the staffing chart, and one chart per target of the
  // achieved figures (with CIs) beside the target line.
  auto targets = r.targets.size();
  EXPECT_EQ(occurrences(html, "<svg"), 2u * (1 + targets));
  EXPECT_EQ(occurrences(html, "</svg>"), 2u * (1 + targets));
  EXPECT_EQ(occurrences(html, "<title>Staffing over the day"), 2u);
  EXPECT_EQ(occurrences(html, "<title>Achieved "), 2u * targets);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("R&D <experts>"), std::string::npos);
  EXPECT_NE(html.find("R&amp;D &lt;experts&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<day>"), std::string::npos);
  EXPECT_NE(html.find("Peak &lt;day&gt; &amp; &quot;friends&quot;"),
            std::string::npos);
  EXPECT_NE(html.find("verdict bad"), std::string::npos);
  EXPECT_NE(html.find("Targets missed in 1 of 6 group-intervals"),
            std::string::npos);
  EXPECT_NE(html.find("MISSED"), std::string::npos);
  EXPECT_NE(html.find("targets not met even with --max 10"), std::string::npos);
  EXPECT_NE(html.find("At other volumes"), std::string::npos);
  EXPECT_NE(html.find("Erlang C"), std::string::npos);
  // Every met plan says so.
  for (auto& g : r.groups)
    for (auto& i : g.intervals)
      i.met = true;
  r.notes.clear();
  EXPECT_NE(sim::planning::plan_html(sc, r).find("verdict ok"),
            std::string::npos);
}

TEST(PlanReport, CsvHasAHeaderAndOneRowPerGroupAndInterval) {
  auto r = make_result();
  auto dir
    = std::filesystem::temp_directory_path()
      / ("livechat-plan-report-"
         + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir);
  EXPECT_EQ(sim::planning::write_plan_csv(dir.string(), r), "");
  auto plan = lines_of((dir / "plan.csv").string());
  ASSERT_EQ(plan.size(), 1u + 6u);
  EXPECT_EQ(plan[0],
            "group,interval_start_s,interval_end_s,arrival_rate_per_h,"
            "offered_erlangs,erlang_c,erlang_a,required,positions,met,"
            "service_level.offered@20s,service_level.offered@20s.ci95_lo,"
            "service_level.offered@20s.ci95_hi,abandon_rate,"
            "abandon_rate.ci95_lo,abandon_rate.ci95_hi,occupancy,"
            "occupancy.ci95_lo,occupancy.ci95_hi");
  EXPECT_EQ(
    plan[2].rfind("general,1800.000,3600.000,120,6,8,7,10,15,0,0.71,", 0), 0u)
    << plan[2];
  EXPECT_EQ(
    plan[5].rfind("R&D <experts>,1800.000,3600.000,12,0.6,2,,2,3,1,", 0), 0u)
    << plan[5];
  auto columns = [](const std::string& line) {
    return std::count(line.begin(), line.end(), ',');
  };
  for (const auto& line : plan)
    EXPECT_EQ(columns(line), columns(plan[0])) << line;
  auto volume = lines_of((dir / "volume.csv").string());
  ASSERT_EQ(volume.size(), 1u + 4u);
  EXPECT_EQ(volume[0].rfind("factor,live_chat,intervals,intervals_met,", 0),
            0u);
  EXPECT_EQ(volume[1].rfind("0.9,web,6,6,", 0), 0u) << volume[1];
  for (const auto& line : volume)
    EXPECT_EQ(columns(line), columns(volume[0])) << line;
  EXPECT_EQ(sim::planning::write_plan_csv((dir / "missing").string(), r),
            (dir / "missing" / "plan.csv").string());
  std::filesystem::remove_all(dir);
}

TEST(PlanReport, SaysAgreesWhenNoDifferenceIsShownByTheEvidence) {
  auto sc = make_scenario();
  auto r = make_result();
  for (auto& g : r.groups) {
    g.established_vs_erlang_c_hours = 0;
    g.established_vs_erlang_a_hours = 0;
  }
  std::ostringstream out;
  sim::planning::write_plan_text(out, sc, r);
  auto text = out.str();
  EXPECT_NE(text.find("simulation vs Erlang C: agrees (+2.5 operator-hours "
                      "within the simulation's precision)"),
            std::string::npos)
    << text;
  auto doc = nlohmann::json::parse(sim::planning::plan_json(sc, r));
  EXPECT_DOUBLE_EQ(doc["totals"]["vs_erlang_c_established_hours"].get<double>(),
                   0.0);
}

} // namespace plan_report_test
} // namespace livechat
