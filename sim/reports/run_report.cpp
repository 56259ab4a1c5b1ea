#include "sim/reports/run_report.hpp"

#include "scenarios/metrics.hpp"
#include "sim/reports/text_table.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <nlohmann/json.hpp>
#include <ostream>

namespace livechat::sim {

namespace {

using json = nlohmann::ordered_json;
using namespace std::string_literals;

json number(double x) {
  return std::isfinite(x) ? json(x) : json(nullptr);
}

json to_json(const figure& f) {
  return json{{"mean", number(f.mean)},
              {"ci95", json::array({number(f.lo), number(f.hi)})}};
}

/// Puts the figure of metric `m` of `e` into `obj` at its JSON path
/// (e.g. figure "wait.p99" at "wait_s.p99").
void put(json& obj, const entity_figures& e, const scenarios::metric& m) {
  const auto* f = e.find(m.name);
  assert(f != nullptr && "an entity lacks a metric of its kind");
  json* at = &obj;
  std::string path{m.json_path};
  std::size_t start = 0;
  for (auto dot = path.find('.'); dot != std::string::npos;
       dot = path.find('.', start)) {
    at = &(*at)[path.substr(start, dot - start)];
    start = dot + 1;
  }
  (*at)[path.substr(start)] = to_json(f != nullptr ? *f : figure{});
}

/// Whether a workload of the chat named `chat` has a message model.
bool has_message_model(const scenarios::scenario& sc, const std::string& chat) {
  return std::any_of(sc.workload.begin(), sc.workload.end(),
                     [&](const auto& w) {
                       return w.live_chat.text == chat && w.messages;
                     });
}

/// The entity's metrics of the registry at their JSON paths, in its order.
void put_all(json& obj, const entity_figures& e,
             scenarios::metric_entity entity) {
  for (const auto& m : scenarios::metrics_of(entity))
    put(obj, e, m);
}

/// A live chat's metrics, but those measured only with a message model
/// when it has none.
json chat_json(const entity_figures& c, double threshold_s,
               bool conversations) {
  json out{{"name", c.name}};
  for (const auto& m :
       scenarios::metrics_of(scenarios::metric_entity::live_chat)) {
    if (m.message_model_only && !conversations)
      continue;
    // The service level's object opens with its t.
    if (m.json_path.starts_with("service_level.")
        && !out.contains("service_level"))
      out["service_level"]["threshold_s"] = threshold_s;
    put(out, c, m);
  }
  return out;
}

json group_json(const group_figures& g) {
  json out{{"name", g.group.name}};
  put_all(out, g.group, scenarios::metric_entity::group);
  out["operators"] = json::array();
  for (const auto& op : g.operators) {
    json o{{"name", op.name}};
    put_all(o, op, scenarios::metric_entity::member);
    out["operators"].push_back(std::move(o));
  }
  return out;
}

/// "12.3 ±0.4" with `decimals` decimals: the mean and the CI half-width.
std::string ci_text(const figure& f, int decimals) {
  if (!std::isfinite(f.mean))
    return "inf";
  auto out = fmt::format("{:.{}f}", f.mean, decimals);
  if (f.hi > f.lo)
    out += fmt::format(" ±{:.{}f}", (f.hi - f.lo) / 2, decimals);
  return out;
}

/// "anna 0.91 / boris 0.62": the busiest and least busy operator of `g`.
std::string extremes_text(const group_figures& g) {
  if (g.operators.empty())
    return {};
  auto by_occ = [](const entity_figures& a, const entity_figures& b) {
    return a.get("occupancy").mean < b.get("occupancy").mean;
  };
  auto hi = std::max_element(g.operators.begin(), g.operators.end(), by_occ);
  auto lo = std::min_element(g.operators.begin(), g.operators.end(), by_occ);
  return fmt::format("{} {:.2f} / {} {:.2f}", hi->name,
                     hi->get("occupancy").mean, lo->name,
                     lo->get("occupancy").mean);
}

/// Policies side by side: per live chat, then per group.
void write_comparison(std::ostream& out, const run_report& rep) {
  out << "\nrouting policies compared (same arrivals and handle times):\n";
  text_table chats{2};
  chats.add({"live chat", "routing", "ASA all s", "wait p90 s", "SL offered",
             "abandon"});
  for (std::size_t c = 0; c < rep.result.chats.size(); ++c)
    for (const auto& p : rep.comparison) {
      const auto& f = p.result.chats[c];
      chats.add({f.name, std::string{to_string(p.routing)},
                 ci_text(f.get("asa_all"), 1), ci_text(f.get("wait.p90"), 1),
                 ci_text(f.get("service_level.offered"), 3),
                 fmt::format("{:.1f}%", 100 * f.get("abandon_rate").mean)});
    }
  chats.write(out);
  out << '\n';
  text_table groups{2};
  groups.add({"group", "routing", "occupancy", "Jain (handled)", "max/min"});
  for (std::size_t g = 0; g < rep.result.groups.size(); ++g)
    for (const auto& p : rep.comparison) {
      const auto& f = p.result.groups[g].group;
      groups.add({f.name, std::string{to_string(p.routing)},
                  ci_text(f.get("occupancy"), 3),
                  ci_text(f.get("fairness.handled.jain"), 3),
                  ci_text(f.get("fairness.handled.max_min"), 2)});
    }
  groups.write(out);
}

} // namespace

latency_summary summarize_latency(const stats::log_linear_histogram& h) {
  return {to_seconds(h.quantile(0.5)), to_seconds(h.quantile(0.99)),
          to_seconds(h.max()), h.count()};
}

std::vector<threshold_check>
check_thresholds(const scenarios::scenario& sc, const experiment_result& r,
                 std::vector<scenarios::diagnostic>& errors) {
  std::vector<threshold_check> out;
  for (const auto& t : sc.thresholds) {
    if (scenarios::load_metric(t.metric))
      continue; // measured over real connections, by `livechat load`
    bool found = false;
    auto check = [&](const entity_figures& e) {
      const auto* f = e.find(t.metric);
      if (f == nullptr)
        return;
      found = true;
      auto m = f->mean;
      out.push_back({t.text, e.name, m, t.holds(m)});
    };
    for (const auto& c : r.chats)
      check(c);
    for (const auto& g : r.groups)
      check(g.group);
    if (!found)
      errors.push_back(scenarios::make_diagnostic(
        t.where,
        "threshold '" + t.text + "' names unknown metric '" + t.metric + "'"));
  }
  return out;
}

std::string json_report(const run_report& rep) {
  const auto& sc = *rep.sc;
  const auto& r = rep.result;
  const auto& checks = rep.checks;
  json doc;
  doc["scenario"] = sc.name;
  doc["seed"] = sc.seed;
  doc["replications"] = rep.replications;
  doc["mode"] = rep.mode;
  if (rep.mode == "live")
    doc["speed"] = rep.speed;
  doc["horizon_s"] = to_seconds(sc.horizon);
  doc["warmup_s"] = to_seconds(sc.warmup);
  doc["live_chats"] = json::array();
  for (const auto& c : r.chats)
    doc["live_chats"].push_back(
      chat_json(c, to_seconds(sc.service_level_threshold),
                has_message_model(sc, c.name)));
  doc["groups"] = json::array();
  for (const auto& g : r.groups)
    doc["groups"].push_back(group_json(g));
  doc["thresholds"] = json::array();
  for (const auto& c : checks)
    doc["thresholds"].push_back({{"threshold", c.threshold},
                                 {"entity", c.entity},
                                 {"measured", number(c.measured)},
                                 {"holds", c.holds}});
  if (rep.routing_latency) {
    const auto& l = *rep.routing_latency;
    doc["routing_latency_s"] = {{"p50", l.p50_s},
                                {"p99", l.p99_s},
                                {"max", l.max_s},
                                {"samples", l.samples}};
  }
  if (!rep.comparison.empty()) {
    auto& cmp = doc["comparison"] = json::array();
    for (const auto& p : rep.comparison) {
      json entry{{"routing", std::string{to_string(p.routing)}}};
      entry["live_chats"] = json::array();
      for (const auto& c : p.result.chats)
        entry["live_chats"].push_back(
          chat_json(c, to_seconds(sc.service_level_threshold),
                    has_message_model(sc, c.name)));
      entry["groups"] = json::array();
      for (const auto& g : p.result.groups)
        entry["groups"].push_back(group_json(g));
      cmp.push_back(std::move(entry));
    }
  }
  doc["sessions"] = r.sessions;
  doc["stranded_sessions"] = r.stranded;
  return doc.dump(2) + "\n";
}

void write_text_report(std::ostream& out, const run_report& rep) {
  const auto& sc = *rep.sc;
  const auto& r = rep.result;
  const auto& checks = rep.checks;
  out << "scenario '" << sc.name << "': " << rep.replications
      << " replications, seed " << sc.seed << ", horizon "
      << scenarios::format_duration(sc.horizon) << ", service level within "
      << scenarios::format_duration(sc.service_level_threshold)
      << " (mean ± 95 % CI half-width)\n\n";
  text_table chats{1};
  chats.add({"live chat", "offered", "answered", "abandon", "ASA all s",
             "wait p90 s", "wait p99 s", "SL offered"});
  for (const auto& c : r.chats)
    chats.add({c.name, fmt::format("{:.1f}", c.get("offered").mean),
               fmt::format("{:.1f}", c.get("answered").mean),
               fmt::format("{:.1f}%", 100 * c.get("abandon_rate").mean),
               ci_text(c.get("asa_all"), 1), ci_text(c.get("wait.p90"), 1),
               ci_text(c.get("wait.p99"), 1),
               ci_text(c.get("service_level.offered"), 3)});
  chats.write(out);
  for (const auto& c : r.chats)
    if (has_message_model(sc, c.name)) {
      fmt::print(out,
                 "{:<14} first response {} s (p90 {} s), {:.1f} messages "
                 "per answered session\n",
                 c.name, ci_text(c.get("first_response.mean"), 1),
                 ci_text(c.get("first_response.p90"), 1),
                 c.get("messages_per_session").mean);
    }
  out << '\n';
  text_table groups{1};
  groups.align_left(5);
  groups.add({"group", "occupancy", "Jain (handled)", "Gini", "max/min",
              "busiest / least busy operator (occupancy)"});
  for (const auto& g : r.groups)
    groups.add(
      {g.group.name, ci_text(g.group.get("occupancy"), 3),
       ci_text(g.group.get("fairness.handled.jain"), 3),
       fmt::format("{:.3f}", g.group.get("fairness.handled.gini").mean),
       fmt::format("{:.2f}", g.group.get("fairness.handled.max_min").mean),
       extremes_text(g)});
  groups.write(out);
  if (!rep.comparison.empty())
    write_comparison(out, rep);
  if (rep.routing_latency) {
    const auto& l = *rep.routing_latency;
    fmt::print(out,
               "\nrouting latency (wall clock, open request -> ticket, {} "
               "sessions): p50 {:.1f} µs, p99 {:.1f} µs, max {:.1f} µs\n",
               l.samples, l.p50_s * 1e6, l.p99_s * 1e6, l.max_s * 1e6);
  }
  if (!checks.empty()) {
    out << "\nthresholds:\n";
    for (const auto& c : checks) {
      fmt::print(out, "  {:<8} {:<32} on {:<14} measured {:.4g}\n",
                 c.holds ? "ok" : "BREACHED", c.threshold, c.entity,
                 c.measured);
    }
  }
  if (r.stranded > 0)
    out << "\nnote: " << r.stranded
        << " sessions were still open when nothing was left to happen "
           "(nobody Online to take them); they count as offered, not "
           "answered.\n";
}

} // namespace livechat::sim
