// The load harness's pure parts: command-line forms, the arrival plan and
// the thresholds on measured figures. (Runs against a real server are the
// script tests next to this file.)
#include "load/driver.hpp"
#include "load/event_json.hpp"
#include "load/report.hpp"
#include "load/report_html.hpp"
#include "load/target.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/workspace.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <set>

namespace {

using namespace livechat;
using namespace std::chrono_literals;

TEST(LoadTarget, AcceptsHttpUrlsOfIpv4AddressesOnly) {
  std::string why;
  auto e = load::parse_target("http://127.0.0.1:18080", why);
  ASSERT_TRUE(e) << why;
  EXPECT_EQ(e->host, "127.0.0.1");
  EXPECT_EQ(e->port, 18080);
  EXPECT_EQ(load::parse_target("http://127.0.0.1/", why)->port, 80);
  for (const char* bad :
       {"127.0.0.1:8080", "https://127.0.0.1:8080", "http://localhost:8080",
        "http://127.0.0.1:0", "http://127.0.0.1:99999", "http://127.0.0.1:80x",
        "http://127.0.0.1:8080/api"}) {
    why.clear();
    EXPECT_FALSE(load::parse_target(bad, why)) << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
}

TEST(LoadTarget, SourceAddressRangesStayWithinOneSlash24) {
  std::string why;
  auto r = load::parse_source_addresses("127.0.0.2-127.0.0.4", why);
  ASSERT_TRUE(r) << why;
  EXPECT_EQ(*r,
            (std::vector<std::string>{"127.0.0.2", "127.0.0.3", "127.0.0.4"}));
  EXPECT_EQ(load::parse_source_addresses("127.0.0.9", why)->size(), 1u);
  EXPECT_FALSE(load::parse_source_addresses("127.0.0.9-127.0.0.2", why));
  EXPECT_FALSE(load::parse_source_addresses("127.0.0.9-127.0.1.2", why));
  EXPECT_FALSE(load::parse_source_addresses("nine", why));
}

struct smoke_scenario {
  scenarios::scenario sc;
  scenarios::scenario_workspace ws;
};

smoke_scenario load_smoke() {
  auto loaded = scenarios::load_scenario_file(LIVECHAT_SOURCE_DIR
                                              "/tests/load/smoke.yaml");
  EXPECT_TRUE(loaded.value);
  auto sc = *loaded.value;
  auto ws = scenarios::to_workspace(sc);
  EXPECT_TRUE(ws);
  return {sc, *ws};
}

TEST(LoadPlan, SameScenarioGivesTheSameArrivalsInTimeOrderWithinTheWindow) {
  auto [sc, ws] = load_smoke();
  auto a = load::plan_arrivals(sc, ws, 10min, {});
  auto b = load::plan_arrivals(sc, ws, 10min, {});
  ASSERT_EQ(a.size(), b.size());
  ASSERT_GT(a.size(), 5u);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].at, b[i].at);
    EXPECT_EQ(a[i].customer, b[i].customer);
    EXPECT_LT(a[i].at, 10min);
    if (i > 0) {
      EXPECT_LE(a[i - 1].at, a[i].at);
    }
  }
  // Internal customers are staff members; external ones fresh contacts,
  // one per arrival.
  std::set<std::string> contacts;
  for (const auto& x : a) {
    if (ws.chats[x.chat].channel.empty()) {
      EXPECT_EQ(x.customer.rfind("staff-", 0), 0u) << x.customer;
    } else {
      EXPECT_TRUE(contacts.insert(x.customer).second) << x.customer;
    }
  }
  // A longer window starts with the same arrivals.
  auto longer = load::plan_arrivals(sc, ws, 20min, {});
  ASSERT_GT(longer.size(), a.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    EXPECT_EQ(longer[i].at, a[i].at);
}

TEST(LoadPlan, OperatorsAreTheMembersOfServingGroupsOnce) {
  auto [sc, ws] = load_smoke();
  auto names = load::operator_names(ws);
  EXPECT_EQ(names.size(), 8u); // 6 agents (both chats) and 2 billing experts
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), 8u);
}

TEST(LoadPlan, ShiftsBringTheFirstMembersOnlineAndUnshiftedGroupsStayOnline) {
  auto [sc, ws] = load_smoke();
  // agents: 5 Online from 0, 6 from 10 minutes on; billing has no shift.
  auto fifth = load::operator_schedule(sc, ws, "agents-5");
  auto sixth = load::operator_schedule(sc, ws, "agents-6");
  auto expert = load::operator_schedule(sc, ws, "billing-1");
  EXPECT_TRUE(load::online_at(fifth, 0min));
  EXPECT_TRUE(load::online_at(fifth, 15min));
  EXPECT_FALSE(load::online_at(sixth, 0min));
  EXPECT_FALSE(load::online_at(sixth, 9min));
  EXPECT_TRUE(load::online_at(sixth, 10min));
  EXPECT_TRUE(load::online_at(expert, 0min));
  EXPECT_TRUE(load::online_at(expert, 19min));
}

TEST(LoadPlan, EachSessionDrawsItsOwnScriptTheSameEveryTime) {
  auto [sc, ws] = load_smoke();
  auto arrivals = load::plan_arrivals(sc, ws, 20min, {});
  std::size_t transfers = 0, internal = 0;
  for (const auto& a : arrivals) {
    auto s = load::draw_script(sc, a);
    auto again = load::draw_script(sc, a);
    EXPECT_EQ(s.handle, again.handle);
    EXPECT_EQ(s.messages, again.messages);
    EXPECT_EQ(s.transfer, again.transfer);
    if (ws.chats[a.chat].channel.empty()) {
      ++internal;
      // helpdesk: a message model (at least one message), patience, and
      // one think and reply time per message.
      EXPECT_GE(s.messages, 1);
      EXPECT_EQ(s.think.size(), static_cast<std::size_t>(s.messages));
      EXPECT_EQ(s.reply.size(), static_cast<std::size_t>(s.messages));
      EXPECT_TRUE(s.patience);
      transfers += s.transfer.has_value();
    } else {
      // web: no message model, no patience, no transfers.
      EXPECT_EQ(s.messages, 0);
      EXPECT_FALSE(s.patience);
      EXPECT_FALSE(s.transfer);
    }
  }
  // About a fifth of helpdesk sessions switch to billing.
  EXPECT_GT(internal, 5u);
  EXPECT_LT(transfers, internal);
}

// The scripts are the simulation's draws: over many arrivals, the share of
// sessions switched to each expert group and the experts' mean handle time
// are the scenario's, within four standard errors.
TEST(LoadPlan, ExpertSwitchesAndTheirHandleTimesFollowTheScenario) {
  auto loaded = scenarios::load_scenario_file(
    LIVECHAT_SOURCE_DIR "/scenarios/internal-external.yaml");
  ASSERT_TRUE(loaded.value);
  const auto& sc = *loaded.value;
  for (std::size_t w = 0; w < sc.workload.size(); ++w) {
    const auto& transfers = sc.workload[w].transfers;
    std::vector<double> count(transfers.size()), sum(transfers.size());
    constexpr std::uint64_t sessions = 40000;
    for (std::uint64_t i = 0; i < sessions; ++i) {
      load::planned_arrival a{.workload = w, .index = i};
      auto s = load::draw_script(sc, a);
      if (!s.transfer)
        continue;
      count[*s.transfer] += 1;
      sum[*s.transfer] += to_seconds(s.expert_handle);
    }
    for (std::size_t t = 0; t < transfers.size(); ++t) {
      SCOPED_TRACE(transfers[t].to.text);
      double p = transfers[t].probability;
      double share = count[t] / sessions;
      EXPECT_NEAR(share, p, 4 * std::sqrt(p * (1 - p) / sessions));
      // Exponential handle times: the standard deviation is the mean.
      ASSERT_EQ(transfers[t].handle_time->kind,
                scenarios::distribution_kind::exponential);
      double mean = to_seconds(transfers[t].handle_time->mean());
      EXPECT_NEAR(sum[t] / count[t], mean, 4 * mean / std::sqrt(count[t]));
    }
  }
}

TEST(LoadPlan, OneSupervisorWatchesEachChatOnce) {
  auto [sc, ws] = load_smoke();
  // lena supervises both chats: one stream shows both.
  EXPECT_EQ(load::watcher_names(ws), std::vector<std::string>{"lena"});
}

TEST(LoadEvents,
     ServerFramesBecomeTheCoresEventsInWorkspaceIdsAndScenarioTime) {
  auto [sc, ws] = load_smoke();
  // The server numbered things differently from the workspace.
  load::server_ids ids;
  for (const auto& [name, id] : ws.users)
    ids.users[name] = id.value + 100;
  for (const auto& [name, id] : ws.groups)
    ids.groups[name] = id.value + 10;
  ids.chats = {{"helpdesk", 7}, {"web", 8}};
  auto t = load::make_translation(ids, ws, /*origin_ms=*/1'000'000,
                                  /*speed=*/60);
  auto agent = ws.users.at("agents-1");
  auto agents = ws.groups.at("agents");
  nlohmann::json assigned{{"type", "session_event"},
                          {"kind", "assigned"},
                          {"session", 42},
                          {"chat", 8},
                          {"customer", 5000},
                          {"reason", "routed"},
                          {"actor", agent.value + 100},
                          {"operator", agent.value + 100},
                          {"expert_group", nullptr},
                          {"previous_operator", nullptr},
                          {"via_group", agents.value + 10},
                          {"target_user", nullptr},
                          {"transfers", 0},
                          {"arrived_ms", 1'000'500},
                          {"queued_ms", 1'000'500},
                          {"assigned_ms", 0},
                          {"at_ms", 1'001'000}};
  auto e = load::event_from_json(assigned, t);
  ASSERT_TRUE(e);
  const auto& s = std::get<livechat::session_event>(*e);
  EXPECT_EQ(s.kind, livechat::session_event_kind::assigned);
  EXPECT_EQ(s.reason, livechat::transition_reason::routed);
  EXPECT_EQ(s.chat, livechat::chat_id{1});
  EXPECT_EQ(s.op, agent);
  EXPECT_EQ(s.via_group, agents);
  EXPECT_FALSE(s.expert_group.valid());
  // 1 s of wall time after the origin at speed 60 is one scenario minute.
  EXPECT_EQ(s.at.time_since_epoch(), 1min);
  EXPECT_EQ(s.queued_at.time_since_epoch(), 30s);
  // A contact the workspace does not know keeps an id of its own.
  EXPECT_FALSE(ws.dir.contains(s.customer));

  nlohmann::json status{{"type", "status_event"},
                        {"operator", agent.value + 100},
                        {"status", "online"},
                        {"capacity", 3},
                        {"at_ms", 1'000'000}};
  auto st = load::event_from_json(status, t);
  ASSERT_TRUE(st);
  EXPECT_EQ(std::get<livechat::status_event>(*st).capacity, 3);
  EXPECT_EQ(std::get<livechat::status_event>(*st).op, agent);

  // Other frames, unknown kinds and foreign chats are no events.
  EXPECT_FALSE(load::event_from_json({{"type", "message"}}, t));
  auto odd = assigned;
  odd["kind"] = "teleported";
  EXPECT_FALSE(load::event_from_json(odd, t));
  odd = assigned;
  odd["chat"] = 99;
  EXPECT_FALSE(load::event_from_json(odd, t));
}

TEST(LoadThresholds, ApplyToMeasuredFiguresAndListTheRest) {
  auto [sc, ws] = load_smoke();
  load::load_result r;
  load::chat_measure helpdesk;
  helpdesk.name = "helpdesk";
  helpdesk.offered = 10;
  helpdesk.abandoned = 2; // 20 %: breaches "abandon_rate < 0.1"
  helpdesk.total.time_to_assign.record(5ms);
  helpdesk.total.time_to_assign.record(3s); // p99 3 s: breaches "< 2s"
  r.chats.push_back(helpdesk);
  load::chat_measure web;
  web.name = "web";
  web.offered = 10;
  web.total.time_to_assign.record(5ms);
  r.chats.push_back(web);
  auto checks = load::check_thresholds(sc, r);
  ASSERT_EQ(checks.size(), 6u); // three thresholds, two chats
  auto find = [&](std::string_view t, std::string_view chat) {
    for (const auto& c : checks)
      if (c.threshold.starts_with(t) && c.chat == chat)
        return c;
    ADD_FAILURE() << t << " on " << chat;
    return load::threshold_check{};
  };
  EXPECT_FALSE(find("time_to_assign", "helpdesk").holds);
  EXPECT_NEAR(find("time_to_assign", "helpdesk").value, 3.0, 0.02);
  EXPECT_TRUE(find("time_to_assign", "web").holds);
  EXPECT_FALSE(find("abandon_rate", "helpdesk").holds);
  // No messages were delivered: nothing measured, nothing breached.
  EXPECT_FALSE(find("delivery", "web").measured);
  EXPECT_TRUE(load::breached(checks));
  r.chats[0].abandoned = 0;
  r.chats[0].total.time_to_assign.clear();
  r.chats[0].total.time_to_assign.record(3ms);
  EXPECT_FALSE(load::breached(load::check_thresholds(sc, r)));
}

// The HTML page: self-contained (no scripts, no external files), both
// charts per chat, the prediction with its marks, holds and explanations,
// names escaped, the same bytes for the same inputs.
TEST(LoadReports, HtmlPageIsSelfContainedWithChartsAndThePrediction) {
  auto [sc, ws] = load_smoke();
  load::load_result r;
  r.speed = 60;
  r.arrival_seconds = 20;
  r.wall_seconds = 25;
  load::chat_measure chat;
  chat.name = "help<desk>";
  chat.offered = 3;
  for (int i = 0; i < 3; ++i) {
    load::snapshot s;
    s.start_s = 10.0 * i;
    s.figures.time_to_assign.record(std::chrono::milliseconds{1 + 1000 * i});
    s.figures.delivery_to_operator.record(2ms);
    chat.snapshots.push_back(s);
    chat.total.merge(s.figures);
  }
  r.chats.push_back(chat);
  load::prediction p;
  p.replications = 40;
  p.horizon_s = 1200;
  load::compared_entity e{"agents", {}};
  load::compared_figure f;
  f.metric = "occupancy";
  f.measured = 0.9;
  f.predicted.mean = 0.5;
  f.predicted.range_lo = 0.4;
  f.predicted.range_hi = 0.6;
  f.inside = false;
  e.figures.push_back(f);
  p.groups.push_back(e);
  p.holds.push_back({"agents", 12, 600, 420, 606});
  p.explanations.push_back("agents: luck & draws");
  auto checks = load::check_thresholds(sc, r);

  auto page = load::html_report(sc, r, checks, &p);
  EXPECT_EQ(page, load::html_report(sc, r, checks, &p));
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>"));
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("src="), std::string::npos);
  EXPECT_EQ(page.find("help<desk>"), std::string::npos);
  EXPECT_NE(page.find("help&lt;desk&gt;"), std::string::npos);
  auto count = [&](std::string_view what) {
    std::size_t n = 0;
    for (auto at = page.find(what); at != std::string::npos;
         at = page.find(what, at + 1))
      ++n;
    return n;
  };
  EXPECT_EQ(count("<svg"), 2u); // over time and percentiles
  EXPECT_NE(page.find("Time to assign and delivery over time"),
            std::string::npos);
  EXPECT_NE(page.find("Latency percentiles"), std::string::npos);
  // The 2 s stall of the last window reaches the 1 s decade of the axis.
  EXPECT_NE(page.find(">1 s<"), std::string::npos);
  EXPECT_NE(page.find("Beside the prediction"), std::string::npos);
  EXPECT_NE(page.find("<span class=\"bad\">outside</span>"), std::string::npos);
  EXPECT_NE(page.find("Prediction: 0 of 1 compared figures"),
            std::string::npos);
  EXPECT_NE(page.find("agents: luck &amp; draws"), std::string::npos);
  EXPECT_NE(page.find("<td>10.00</td>"), std::string::npos); // 600 s held
  // Without a prediction, no such section.
  EXPECT_EQ(load::html_report(sc, r, checks).find("Beside the prediction"),
            std::string::npos);
}

} // namespace
