// The HTML report: one self-contained, deterministic page with a chart per
// chat, group and comparison, and every name escaped.
#include "scenarios/loader.hpp"
#include "scenarios/workspace.hpp"
#include "sim/experiment.hpp"
#include "sim/reports/run_html.hpp"
#include "sim/reports/run_report.hpp"

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <gtest/gtest.h>
#include <limits>
#include <string>
#include <string_view>

namespace livechat {
namespace html_report_test {

/// The seed's scenario cut to one hour, two replications (fast under ASan).
struct short_run {
  scenarios::scenario sc;
  sim::run_report rep;
};

const short_run& seed_run() {
  static const short_run run = [] {
    auto loaded = scenarios::load_scenario_file(
      std::string{LIVECHAT_SOURCE_DIR} + "/scenarios/internal-external.yaml");
    EXPECT_TRUE(loaded.ok()) << loaded.error_text();
    short_run out{std::move(*loaded.value), {}};
    out.sc.horizon = std::chrono::hours{1};
    auto ws = scenarios::to_workspace(out.sc);
    EXPECT_TRUE(ws.has_value());
    out.rep.replications = 2;
    out.rep.result = sim::run_experiment(out.sc, *ws, {.replications = 2});
    std::vector<scenarios::diagnostic> errors;
    out.rep.checks = sim::check_thresholds(out.sc, out.rep.result, errors);
    return out;
  }();
  return run;
}

/// A copy of the seed run's report, pointing at its scenario.
sim::run_report seed_report() {
  auto rep = seed_run().rep;
  rep.sc = &seed_run().sc;
  return rep;
}

std::size_t occurrences(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string_view::npos;
       at = text.find(what, at + what.size()))
    ++n;
  return n;
}

/// Whether `word` occurs in `text` with no letter right before or after it.
bool has_word(std::string_view text, std::string_view word) {
  auto letter = [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
  };
  for (auto at = text.find(word); at != std::string_view::npos;
       at = text.find(word, at + 1)) {
    auto end = at + word.size();
    if ((at == 0 || !letter(text[at - 1]))
        && (end == text.size() || !letter(text[end])))
      return true;
  }
  return false;
}

/// The text of the `index`-th `<svg ...>...</svg>` element.
std::string_view nth_svg(std::string_view html, std::size_t index) {
  std::size_t at = 0;
  for (std::size_t i = 0; i <= index; ++i) {
    at = html.find("<svg", i == 0 ? 0 : at + 1);
    if (at == std::string_view::npos)
      return {};
  }
  auto end = html.find("</svg>", at);
  return html.substr(at, end - at);
}

TEST(HtmlReport, IsOneCompleteDocument) {
  auto html = sim::html_report(seed_report());
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n"));
  EXPECT_TRUE(html.ends_with("</html>\n"));
  EXPECT_EQ(occurrences(html, "<svg"), occurrences(html, "</svg>"));
  EXPECT_NE(html.find("internal-and-external"), std::string::npos);
}

TEST(HtmlReport, DrawsWaitsAndTimeSeriesPerChatAndLoadAndTimeSeriesPerGroup) {
  auto rep = seed_report();
  auto html = sim::html_report(rep);
  ASSERT_EQ(rep.result.chats.size(), 2u);
  ASSERT_GE(rep.result.groups.size(), 5u);
  EXPECT_EQ(occurrences(html, "<svg"),
            2 * rep.result.chats.size() + 2 * rep.result.groups.size());
  for (const auto& c : rep.result.chats) {
    EXPECT_NE(html.find("Wait before the first answer — " + c.name),
              std::string::npos);
    EXPECT_NE(html.find("Sessions waiting over time — " + c.name),
              std::string::npos);
  }
  for (const auto& g : rep.result.groups) {
    EXPECT_NE(html.find("Load per operator — " + g.group.name),
              std::string::npos);
    EXPECT_NE(html.find("Online and busy over time — " + g.group.name),
              std::string::npos);
  }
}

TEST(HtmlReport, NeedsNoScriptAndNoExternalResource) {
  auto rep = seed_report();
  rep.comparison = {{routing_policy_kind::round_robin, rep.result}};
  rep.routing_latency = sim::latency_summary{0.001, 0.004, 0.02, 100};
  auto html = sim::html_report(rep);
  for (auto banned :
       {"http://", "https://", "<script", "src=", "href=", "url(", "@import"})
    EXPECT_EQ(html.find(banned), std::string::npos) << banned;
}

TEST(HtmlReport, EscapesNamesOfChatsGroupsAndOperators) {
  auto rep = seed_report();
  rep.result.chats[0].name = "a<b&\"c";
  rep.result.groups[0].group.name = "a<b&\"c";
  rep.result.groups[0].operators[0].name = "o'<p>";
  auto html = sim::html_report(rep);
  EXPECT_NE(html.find("a&lt;b&amp;&quot;c"), std::string::npos);
  EXPECT_NE(html.find("o&#39;&lt;p&gt;"), std::string::npos);
  EXPECT_EQ(html.find("a<b&\"c"), std::string::npos);
  EXPECT_EQ(html.find("<b&"), std::string::npos);
  EXPECT_EQ(html.find("<p>"), std::string::npos);
}

TEST(HtmlReport, ComparesPoliciesOnlyWhenAsked) {
  auto rep = seed_report();
  auto plain = sim::html_report(rep);
  EXPECT_EQ(plain.find("Routing policies compared"), std::string::npos);
  auto charts = occurrences(plain, "<svg");

  rep.comparison = {{routing_policy_kind::round_robin, rep.result},
                    {routing_policy_kind::fixed_order, rep.result}};
  auto compared = sim::html_report(rep);
  EXPECT_NE(compared.find("Routing policies compared"), std::string::npos);
  EXPECT_NE(compared.find("fixed_order"), std::string::npos);
  // ASA and service level per chat, Jain per group.
  EXPECT_EQ(occurrences(compared, "<svg"), charts + 3);
}

TEST(HtmlReport, IdenticalInputGivesIdenticalBytes) {
  auto a = seed_report();
  auto b = seed_report();
  EXPECT_EQ(sim::html_report(a), sim::html_report(b));
}

TEST(HtmlReport, LoadBarsNameEveryOperator) {
  auto rep = seed_report();
  auto html = sim::html_report(rep);
  auto first_load_chart = 2 * rep.result.chats.size();
  for (std::size_t g = 0; g < rep.result.groups.size(); ++g) {
    auto svg = nth_svg(html, first_load_chart + 2 * g);
    ASSERT_NE(svg.find("Load per operator"), std::string_view::npos);
    for (const auto& op : rep.result.groups[g].operators)
      EXPECT_NE(svg.find(">" + op.name + "<"), std::string_view::npos)
        << op.name;
  }
}

TEST(HtmlReport, ShowsVerdictAndEveryThreshold) {
  auto rep = seed_report();
  rep.checks = {{"wait.p99 < 2m", "internal", 30, true},
                {"abandon_rate < 0.05", "external", 0.09, false}};
  auto html = sim::html_report(rep);
  EXPECT_NE(html.find("1 of 2 checks breached"), std::string::npos);
  EXPECT_NE(html.find("BREACHED"), std::string::npos);
  EXPECT_NE(html.find("abandon_rate &lt; 0.05"), std::string::npos);
  rep.checks.pop_back();
  EXPECT_NE(sim::html_report(rep).find("all 1 checks hold"), std::string::npos);
}

TEST(HtmlReport, PrintsNonFiniteFiguresAsDashAndNeverNaN) {
  auto rep = seed_report();
  auto inf = std::numeric_limits<double>::infinity();
  for (auto& v : rep.result.groups[0].group.values)
    v = {inf, inf, inf};
  for (auto& op : rep.result.groups[0].operators)
    for (auto& v : op.values)
      v = {std::nan(""), std::nan(""), std::nan("")};
  auto html = sim::html_report(rep);
  EXPECT_NE(html.find("–"), std::string::npos);
  for (auto bad : {"nan", "NaN", "inf", "infinity"})
    EXPECT_FALSE(has_word(html, bad)) << bad;
}

TEST(HtmlReport, ShowsRoutingLatencyOnlyWhenMeasured) {
  auto rep = seed_report();
  EXPECT_EQ(sim::html_report(rep).find("Routing latency"), std::string::npos);
  rep.routing_latency = sim::latency_summary{0.0005, 0.002, 0.01, 42};
  auto html = sim::html_report(rep);
  EXPECT_NE(html.find("Routing latency"), std::string::npos);
  EXPECT_NE(html.find("<td>0.500</td><td>2.000</td><td>10.000</td>"),
            std::string::npos);
}

} // namespace html_report_test
} // namespace livechat
