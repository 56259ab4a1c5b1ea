#include "load/report.hpp"

#include "scenarios/metrics.hpp"
#include "sim/reports/text_table.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>

namespace livechat::load {

namespace {

using nlohmann::json;

stats::log_linear_histogram delivery(const latency_window& w) {
  auto all = w.delivery_to_operator;
  all.merge(w.delivery_to_customer);
  return all;
}

/// p50, p90, p99, p99.9 and max of `h`, in seconds, by their JSON names.
json percentiles(const stats::log_linear_histogram& h) {
  return {{"count", h.count()},
          {"p50", to_seconds(h.quantile(0.5))},
          {"p90", to_seconds(h.quantile(0.9))},
          {"p99", to_seconds(h.quantile(0.99))},
          {"p999", to_seconds(h.quantile(0.999))},
          {"max", to_seconds(h.max())},
          {"over_1s",
           h.count() - h.count_at_or_below(std::chrono::seconds{1})}};
}

double rate(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 0.0
                    : static_cast<double>(part) / static_cast<double>(whole);
}

/// The value of threshold metric `name` on `c`, if the load run measures it.
std::optional<double> figure(const chat_measure& c, std::string_view name) {
  // An empty histogram measured nothing (no messages in a chat without a
  // message model): not a figure to check.
  auto quantile_of = [](const stats::log_linear_histogram& h,
                        std::string_view which) -> std::optional<double> {
    if (h.empty())
      return std::nullopt;
    if (which == "max")
      return to_seconds(h.max());
    for (auto [n, q] :
         {std::pair{"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}, {"p999", 0.999}})
      if (which == n)
        return to_seconds(h.quantile(q));
    return std::nullopt;
  };
  auto dot = name.find('.');
  auto head = name.substr(0, dot);
  auto tail = dot == std::string_view::npos ? std::string_view{}
                                            : name.substr(dot + 1);
  if (head == "time_to_assign")
    return quantile_of(c.total.time_to_assign, tail);
  if (head == "delivery")
    return quantile_of(delivery(c.total), tail);
  if (name == "offered")
    return static_cast<double>(c.offered);
  if (name == "answered")
    return static_cast<double>(c.answered);
  if (name == "abandoned")
    return static_cast<double>(c.abandoned);
  if (name == "rejected")
    return static_cast<double>(c.rejected);
  if (name == "transferred")
    return static_cast<double>(c.transferred);
  if (name == "abandon_rate")
    return rate(c.abandoned, c.offered);
  if (name == "wait.mean" || name == "asa_answered")
    return c.wait.mean_seconds();
  if (head == "wait")
    return quantile_of(c.wait, tail);
  return std::nullopt;
}

/// `{"offered": {"measured", "predicted": {"mean", "range95"}, "inside"}}`.
json compared_json(const compared_entity& e) {
  json out = json::object();
  for (const auto& f : e.figures)
    out[f.metric]
      = {{"measured", f.measured},
         {"predicted",
          {{"mean", f.predicted.mean},
           {"range95", {f.predicted.range_lo, f.predicted.range_hi}}}},
         {"inside", f.inside}};
  return out;
}

std::string number_text(double v) {
  return fmt::format("{:.4g}", v);
}

void print_prediction(std::ostream& out, const prediction& p) {
  fmt::print(out,
             "\n  beside the simulation ({} replications of the same {:.0f} "
             "scenario seconds; ! outside the range of 95 % of runs)\n",
             p.replications, p.horizon_s);
  sim::text_table t{2};
  t.add({"", "figure", "measured", "simulated mean", "95 % of runs", ""});
  auto rows = [&](const std::vector<compared_entity>& entities) {
    for (const auto& e : entities)
      for (const auto& f : e.figures)
        t.add({e.name, f.metric, number_text(f.measured),
               number_text(f.predicted.mean),
               fmt::format("{} .. {}", number_text(f.predicted.range_lo),
                           number_text(f.predicted.range_hi)),
               f.inside ? "" : "!"});
  };
  rows(p.chats);
  rows(p.groups);
  t.align_left(5);
  t.write(out, "  ");
  out << "\n  holds (mean minutes of scenario time per session taken in the "
         "window)\n";
  sim::text_table h{1};
  h.add({"group", "sessions", "scripted", "expected", "held"});
  for (const auto& g : p.holds)
    h.add({g.group, fmt::format("{}", g.sessions),
           fmt::format("{:.2f}", g.scripted_s / 60),
           fmt::format("{:.2f}", g.expected_s / 60),
           fmt::format("{:.2f}", g.held_s / 60)});
  h.write(out, "  ");
  for (const auto& why : p.explanations)
    fmt::print(out, "  why: {}\n", why);
}

std::string seconds_text(double s) {
  if (s < 1.0)
    return fmt::format("{:.1f} ms", s * 1e3);
  return fmt::format("{:.2f} s", s);
}

} // namespace

std::vector<threshold_check> check_thresholds(const scenarios::scenario& sc,
                                              const load_result& r) {
  std::vector<threshold_check> out;
  for (const auto& t : sc.thresholds) {
    auto name = scenarios::threshold_metric(t.metric);
    for (const auto& c : r.chats) {
      threshold_check check{t.text, c.name};
      if (auto v = name ? figure(c, *name) : std::nullopt) {
        check.measured = true;
        check.value = *v;
        check.holds = t.holds(*v);
      }
      out.push_back(std::move(check));
    }
  }
  return out;
}

bool breached(const std::vector<threshold_check>& checks) {
  for (const auto& c : checks)
    if (c.measured && !c.holds)
      return true;
  return false;
}

std::size_t outside_prediction(const prediction& p) {
  std::size_t n = 0;
  for (const auto* entities : {&p.chats, &p.groups})
    for (const auto& e : *entities)
      for (const auto& f : e.figures)
        n += !f.inside;
  return n;
}

void print_summary(std::ostream& out, const scenarios::scenario& sc,
                   const load_result& r,
                   const std::vector<threshold_check>& checks,
                   const prediction* p) {
  fmt::print(out,
             "livechat load: {} at speed {} for {:.0f} s of arrivals "
             "({:.0f} s in all)\n",
             sc.name, r.speed, r.arrival_seconds, r.wall_seconds);
  sim::text_table counts{1};
  counts.add({"live chat", "offered", "late", "answered", "abandoned",
              "rejected", "transferred", "closed", "messages", "sessions/s"});
  for (const auto& c : r.chats)
    counts.add({c.name, fmt::format("{}", c.offered), fmt::format("{}", c.late),
                fmt::format("{}", c.answered), fmt::format("{}", c.abandoned),
                fmt::format("{}", c.rejected), fmt::format("{}", c.transferred),
                fmt::format("{}", c.closed), fmt::format("{}", c.messages),
                fmt::format("{:.2f}", r.arrival_seconds > 0
                                        ? static_cast<double>(c.offered)
                                            / r.arrival_seconds
                                        : 0.0)});
  counts.write(out, "  ");
  out << "\n  latency (wall time, from the intended time)\n";
  sim::text_table lat{2};
  lat.add(
    {"live chat", "figure", "count", "p50", "p90", "p99", "p99.9", "max"});
  for (const auto& c : r.chats) {
    auto row = [&](const char* what, const stats::log_linear_histogram& h) {
      if (h.empty())
        return lat.add({c.name, what, "0", "-", "-", "-", "-", "-"});
      lat.add({c.name, what, fmt::format("{}", h.count()),
               seconds_text(to_seconds(h.quantile(0.5))),
               seconds_text(to_seconds(h.quantile(0.9))),
               seconds_text(to_seconds(h.quantile(0.99))),
               seconds_text(to_seconds(h.quantile(0.999))),
               seconds_text(to_seconds(h.max()))});
    };
    row("time to assign", c.total.time_to_assign);
    row("to operator", c.total.delivery_to_operator);
    if (!c.external)
      row("to customer", c.total.delivery_to_customer);
  }
  lat.write(out, "  ");
  bool any_error = !r.errors.empty();
  for (const auto& c : r.chats)
    any_error = any_error || !c.errors.empty();
  if (any_error) {
    out << "\n  errors\n";
    for (const auto& c : r.chats)
      for (const auto& [kind, n] : c.errors)
        fmt::print(out, "    {}: {} x {}\n", c.name, n, kind);
    for (const auto& [kind, n] : r.errors)
      fmt::print(out, "    (run): {} x {}\n", n, kind);
  }
  if (r.unfinished > 0)
    fmt::print(out, "\n  {} sessions were still open when the drain ended\n",
               r.unfinished);
  if (p != nullptr)
    print_prediction(out, *p);
  if (!checks.empty()) {
    out << "\n  thresholds\n";
    for (const auto& c : checks) {
      if (!c.measured)
        fmt::print(out,
                   "    {:<36} {:<12} not measured (nothing to measure, or not "
                   "a load figure)\n",
                   c.threshold, c.chat);
      else
        fmt::print(out, "    {:<36} {:<12} {:<8} {}\n", c.threshold, c.chat,
                   c.holds ? "ok" : "BREACHED", fmt::format("{:.6g}", c.value));
    }
  }
  for (const auto& n : r.notes)
    fmt::print(out, "\n  note: {}", n);
  if (!r.notes.empty())
    out << "\n";
}

std::string json_report(const scenarios::scenario& sc, const load_result& r,
                        const std::vector<threshold_check>& checks,
                        const prediction* p) {
  json doc;
  doc["scenario"] = sc.name;
  doc["speed"] = r.speed;
  doc["arrival_window_s"] = r.arrival_seconds;
  doc["wall_s"] = r.wall_seconds;
  doc["snapshot_s"] = r.snapshot_seconds;
  doc["unfinished"] = r.unfinished;
  doc["interrupted"] = r.interrupted;
  doc["errors"] = r.errors;
  doc["notes"] = r.notes;
  doc["live_chats"] = json::array();
  for (const auto& c : r.chats) {
    json chat{
      {"name", c.name},
      {"kind", c.external ? "external" : "internal"},
      {"offered", c.offered},
      {"late_arrivals", c.late},
      {"answered", c.answered},
      {"abandoned", c.abandoned},
      {"rejected", c.rejected},
      {"transferred", c.transferred},
      {"closed", c.closed},
      {"messages", c.messages},
      {"abandon_rate", rate(c.abandoned, c.offered)},
      {"sessions_per_s", r.arrival_seconds > 0
                           ? static_cast<double>(c.offered) / r.arrival_seconds
                           : 0.0},
      {"asa_s", c.wait.mean_seconds()},
      {"wait_s", percentiles(c.wait)},
      {"time_to_assign_s", percentiles(c.total.time_to_assign)},
      {"delivery_s", percentiles(delivery(c.total))},
      {"delivery_to_operator_s", percentiles(c.total.delivery_to_operator)},
      {"errors", c.errors}};
    if (!c.external)
      chat["delivery_to_customer_s"]
        = percentiles(c.total.delivery_to_customer);
    chat["snapshots"] = json::array();
    for (const auto& s : c.snapshots)
      chat["snapshots"].push_back(
        {{"start_s", s.start_s},
         {"arrivals", s.figures.arrivals},
         {"errors", s.figures.errors},
         {"time_to_assign_s", percentiles(s.figures.time_to_assign)},
         {"delivery_s", percentiles(delivery(s.figures))}});
    if (p != nullptr)
      for (const auto& e : p->chats)
        if (e.name == c.name)
          chat["compared"] = compared_json(e);
    doc["live_chats"].push_back(std::move(chat));
  }
  if (p != nullptr) {
    doc["prediction"] = {{"replications", p->replications},
                         {"horizon_s", p->horizon_s},
                         {"outside", outside_prediction(*p)},
                         {"explanations", p->explanations}};
    doc["prediction"]["holds"] = json::array();
    for (const auto& g : p->holds)
      doc["prediction"]["holds"].push_back({{"group", g.group},
                                            {"sessions", g.sessions},
                                            {"scripted_s", g.scripted_s},
                                            {"expected_s", g.expected_s},
                                            {"held_s", g.held_s}});
    doc["groups"] = json::array();
    for (const auto& e : p->groups)
      doc["groups"].push_back(
        {{"name", e.name}, {"compared", compared_json(e)}});
  }
  doc["thresholds"] = json::array();
  for (const auto& c : checks) {
    json t{{"threshold", c.threshold},
           {"live_chat", c.chat},
           {"measured", c.measured}};
    if (c.measured) {
      t["value"] = c.value;
      t["holds"] = c.holds;
    }
    doc["thresholds"].push_back(std::move(t));
  }
  return doc.dump(2) + "\n";
}

} // namespace livechat::load
