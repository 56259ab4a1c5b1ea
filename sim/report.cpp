#include "sim/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
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

/// Puts figure `name` of `e` into `obj` at the dotted `key_path`
/// (e.g. figure "wait.p99" at "wait_s.p99").
void put(json& obj, const entity_figures& e, std::string_view name,
         std::string_view key_path) {
  json* at = &obj;
  std::string path{key_path};
  std::size_t start = 0;
  for (auto dot = path.find('.'); dot != std::string::npos;
       dot = path.find('.', start)) {
    at = &(*at)[path.substr(start, dot - start)];
    start = dot + 1;
  }
  (*at)[path.substr(start)] = to_json(e.get(name));
}

/// Whether a workload of the chat named `chat` has a message model.
bool has_message_model(const scenarios::scenario& sc, const std::string& chat) {
  return std::any_of(sc.workload.begin(), sc.workload.end(),
                     [&](const auto& w) {
                       return w.live_chat.text == chat && w.messages;
                     });
}

json chat_json(const entity_figures& c, double threshold_s,
               bool conversations) {
  json out{{"name", c.name}};
  for (auto n : {"offered", "answered", "abandoned", "rejected", "transferred",
                 "abandon_rate"})
    put(out, c, n, n);
  for (auto q : {"mean", "p50", "p90", "p99", "max"})
    put(out, c, "wait."s + q, "wait_s."s + q);
  put(out, c, "asa_answered", "asa_answered_s");
  put(out, c, "asa_all", "asa_all_s");
  out["service_level"]["threshold_s"] = threshold_s;
  for (auto d : {"offered", "answered", "excl_short_abandons", "virtual"})
    put(out, c, "service_level."s + d, "service_level."s + d);
  put(out, c, "transfer_wait.mean", "transfer_wait_s.mean");
  put(out, c, "handle.p50", "handle_s.p50");
  if (conversations) {
    put(out, c, "first_response.mean", "first_response_s.mean");
    put(out, c, "first_response.p90", "first_response_s.p90");
    put(out, c, "messages_per_session", "messages_per_session");
  }
  return out;
}

json group_json(const group_figures& g) {
  json out{{"name", g.group.name}};
  put(out, g.group, "occupancy", "occupancy");
  for (auto basis : {"handled", "busy_time"})
    for (auto index : {"jain", "gini", "max_min"}) {
      auto name = "fairness."s + basis + "." + index;
      put(out, g.group, name, name);
    }
  put(out, g.group, "answered", "answered");
  put(out, g.group, "wait.mean", "wait_s.mean");
  out["operators"] = json::array();
  for (const auto& op : g.operators) {
    json o{{"name", op.name}};
    for (auto n : {"handled", "busy_s", "online_s", "occupancy", "messages"})
      put(o, op, n, n);
    out["operators"].push_back(std::move(o));
  }
  return out;
}

std::string ci_text(const figure& f, const char* fmt) {
  char buf[64];
  if (!std::isfinite(f.mean))
    return "inf";
  std::snprintf(buf, sizeof buf, fmt, f.mean);
  std::string out = buf;
  if (f.hi > f.lo) {
    std::snprintf(buf, sizeof buf, fmt, (f.hi - f.lo) / 2);
    out += " ±";
    out += buf;
  }
  return out;
}

/// Policies side by side: per live chat, then per group.
void write_comparison(std::ostream& out, const run_report& rep) {
  char line[512];
  out << "\nrouting policies compared (same arrivals and handle times):\n";
  std::snprintf(line, sizeof line, "%-14s %-13s %14s %16s %16s %9s\n",
                "live chat", "routing", "ASA all s", "wait p90 s", "SL offered",
                "abandon");
  out << line;
  for (std::size_t c = 0; c < rep.result.chats.size(); ++c)
    for (const auto& p : rep.comparison) {
      const auto& f = p.result.chats[c];
      std::snprintf(line, sizeof line, "%-14s %-13s %14s %16s %16s %8.1f%%\n",
                    f.name.c_str(), std::string{to_string(p.routing)}.c_str(),
                    ci_text(f.get("asa_all"), "%.1f").c_str(),
                    ci_text(f.get("wait.p90"), "%.1f").c_str(),
                    ci_text(f.get("service_level.offered"), "%.3f").c_str(),
                    100 * f.get("abandon_rate").mean);
      out << line;
    }
  std::snprintf(line, sizeof line, "%-14s %-13s %14s %16s %16s\n", "group",
                "routing", "occupancy", "Jain (handled)", "max/min");
  out << line;
  for (std::size_t g = 0; g < rep.result.groups.size(); ++g)
    for (const auto& p : rep.comparison) {
      const auto& f = p.result.groups[g].group;
      std::snprintf(line, sizeof line, "%-14s %-13s %14s %16s %16s\n",
                    f.name.c_str(), std::string{to_string(p.routing)}.c_str(),
                    ci_text(f.get("occupancy"), "%.3f").c_str(),
                    ci_text(f.get("fairness.handled.jain"), "%.3f").c_str(),
                    ci_text(f.get("fairness.handled.max_min"), "%.2f").c_str());
      out << line;
    }
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
    bool found = false;
    auto check = [&](const entity_figures& e) {
      if (!e.has(t.metric))
        return;
      found = true;
      auto m = e.get(t.metric).mean;
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
  char line[512];
  out << "scenario '" << sc.name << "': " << rep.replications
      << " replications, seed " << sc.seed << ", horizon "
      << scenarios::format_duration(sc.horizon) << ", service level within "
      << scenarios::format_duration(sc.service_level_threshold)
      << " (mean ± 95 % CI half-width)\n\n";
  std::snprintf(line, sizeof line, "%-14s %9s %9s %9s %16s %16s %16s %18s\n",
                "live chat", "offered", "answered", "abandon", "ASA all s",
                "wait p90 s", "wait p99 s", "SL offered");
  out << line;
  for (const auto& c : r.chats) {
    std::snprintf(line, sizeof line,
                  "%-14s %9.1f %9.1f %8.1f%% %16s %16s %16s %18s\n",
                  c.name.c_str(), c.get("offered").mean, c.get("answered").mean,
                  100 * c.get("abandon_rate").mean,
                  ci_text(c.get("asa_all"), "%.1f").c_str(),
                  ci_text(c.get("wait.p90"), "%.1f").c_str(),
                  ci_text(c.get("wait.p99"), "%.1f").c_str(),
                  ci_text(c.get("service_level.offered"), "%.3f").c_str());
    out << line;
  }
  for (const auto& c : r.chats)
    if (has_message_model(sc, c.name)) {
      std::snprintf(line, sizeof line,
                    "%-14s first response %s s (p90 %s s), %.1f messages "
                    "per answered session\n",
                    c.name.c_str(),
                    ci_text(c.get("first_response.mean"), "%.1f").c_str(),
                    ci_text(c.get("first_response.p90"), "%.1f").c_str(),
                    c.get("messages_per_session").mean);
      out << line;
    }
  out << '\n';
  std::snprintf(line, sizeof line, "%-14s %16s %16s %12s %10s  %s\n", "group",
                "occupancy", "Jain (handled)", "Gini", "max/min",
                "busiest / least busy operator (occupancy)");
  out << line;
  for (const auto& g : r.groups) {
    std::string extremes;
    if (!g.operators.empty()) {
      auto by_occ = [](const entity_figures& a, const entity_figures& b) {
        return a.get("occupancy").mean < b.get("occupancy").mean;
      };
      auto hi = std::max_element(g.operators.begin(), g.operators.end(),
                                 by_occ);
      auto lo = std::min_element(g.operators.begin(), g.operators.end(),
                                 by_occ);
      char buf[160];
      std::snprintf(buf, sizeof buf, "%s %.2f / %s %.2f", hi->name.c_str(),
                    hi->get("occupancy").mean, lo->name.c_str(),
                    lo->get("occupancy").mean);
      extremes = buf;
    }
    std::snprintf(line, sizeof line, "%-14s %16s %16s %12.3f %10.2f  %s\n",
                  g.group.name.c_str(),
                  ci_text(g.group.get("occupancy"), "%.3f").c_str(),
                  ci_text(g.group.get("fairness.handled.jain"), "%.3f").c_str(),
                  g.group.get("fairness.handled.gini").mean,
                  g.group.get("fairness.handled.max_min").mean,
                  extremes.c_str());
    out << line;
  }
  if (!rep.comparison.empty())
    write_comparison(out, rep);
  if (rep.routing_latency) {
    const auto& l = *rep.routing_latency;
    std::snprintf(line, sizeof line,
                  "\nrouting latency (wall clock, open request -> ticket, "
                  "%llu sessions): p50 %.1f µs, p99 %.1f µs, max %.1f µs\n",
                  static_cast<unsigned long long>(l.samples), l.p50_s * 1e6,
                  l.p99_s * 1e6, l.max_s * 1e6);
    out << line;
  }
  if (!checks.empty()) {
    out << "\nthresholds:\n";
    for (const auto& c : checks) {
      std::snprintf(line, sizeof line, "  %-8s %-32s on %-14s measured %.4g\n",
                    c.holds ? "ok" : "BREACHED", c.threshold.c_str(),
                    c.entity.c_str(), c.measured);
      out << line;
    }
  }
  if (r.stranded > 0)
    out << "\nnote: " << r.stranded
        << " sessions were still open when nothing was left to happen "
           "(nobody Online to take them); they count as offered, not "
           "answered.\n";
}

} // namespace livechat::sim
