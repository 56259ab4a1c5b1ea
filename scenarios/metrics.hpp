// The one registry of metric names: every figure `livechat run` reports, per
// live chat, per group and per group member, with the spellings that name it.
//
// A metric's `name` (`wait.p99`) is what thresholds, plan targets and CSV
// columns use; its `json_path` (`wait_s.p99`) is where it sits in the entity's
// object of the JSON report. Where the two differ, the JSON path is an alias:
// thresholds and targets accept either and mean the same metric. The
// simulator (sim/experiment.cpp) computes exactly these figures, in this
// order; the JSON, CSV and terminal reports take their names from here; and
// `scenarios::validate` rejects a threshold naming anything else, before
// anything runs. docs/report-format.md lists the same table (a unit test
// keeps the two in step).
//
// Adding a metric: add its row here (in report order), its value in
// sim/experiment.cpp's table of extractors and its row in
// docs/report-format.md; the tests name whatever is missing.
//
// Example:
//   using namespace livechat::scenarios;
//   auto m = find_metric(metric_entity::live_chat, "wait_s.p99");
//   m->name;                             // "wait.p99"
//   m->unit;                             // metric_unit::seconds
//   threshold_metric("asa_all_s");       // "asa_all"
//   threshold_metric("wait.p42");        // nullopt
//   figures.get("asa_all");              // a typo here does not compile
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace livechat::scenarios {

/// What a metric describes: a live chat, a group serving one, or one member
/// of such a group.
enum class metric_entity { live_chat, group, member };

enum class metric_unit {
  count,    ///< a number of sessions or messages (a mean over replications)
  fraction, ///< a share in [0, 1]
  seconds,  ///< a time
  index,    ///< a fairness index in [0, 1] (Jain, Gini)
  ratio,    ///< a quotient of two figures, >= 1 (max/min)
};

struct metric {
  metric_entity entity = metric_entity::live_chat;
  /// The name in thresholds, targets and reports: `wait.p99`.
  std::string_view name;
  /// The dotted path in the entity's JSON object: `wait_s.p99`.
  std::string_view json_path;
  /// The column of the entity's CSV table (then `.ci95_lo`, `.ci95_hi`).
  std::string_view csv_column;
  metric_unit unit = metric_unit::count;
  /// One line for people (docs/report-format.md).
  std::string_view description;
  /// Only measured with a message model; the JSON report leaves it out
  /// otherwise.
  bool message_model_only = false;
};

/// Every metric, live chats' first, then groups', then members', each in
/// report order.
inline constexpr auto metric_registry = std::to_array<metric>({
  // Per live chat.
  {metric_entity::live_chat, "offered", "offered", "offered",
   metric_unit::count, "arrivals after warm-up, rejected ones included"},
  {metric_entity::live_chat, "answered", "answered", "answered",
   metric_unit::count, "sessions answered (first assignment)"},
  {metric_entity::live_chat, "abandoned", "abandoned", "abandoned",
   metric_unit::count, "customers who left before their first answer"},
  {metric_entity::live_chat, "rejected", "rejected", "rejected",
   metric_unit::count, "sessions refused at arrival"},
  {metric_entity::live_chat, "transferred", "transferred", "transferred",
   metric_unit::count, "transfers to experts"},
  {metric_entity::live_chat, "abandon_rate", "abandon_rate", "abandon_rate",
   metric_unit::fraction, "abandoned / offered"},
  {metric_entity::live_chat, "wait.mean", "wait_s.mean", "wait.mean",
   metric_unit::seconds, "mean wait of answered sessions"},
  {metric_entity::live_chat, "wait.p50", "wait_s.p50", "wait.p50",
   metric_unit::seconds, "median wait of answered sessions"},
  {metric_entity::live_chat, "wait.p90", "wait_s.p90", "wait.p90",
   metric_unit::seconds, "90th percentile wait of answered sessions"},
  {metric_entity::live_chat, "wait.p99", "wait_s.p99", "wait.p99",
   metric_unit::seconds, "99th percentile wait of answered sessions"},
  {metric_entity::live_chat, "wait.max", "wait_s.max", "wait.max",
   metric_unit::seconds, "longest wait of an answered session"},
  {metric_entity::live_chat, "asa_answered", "asa_answered_s", "asa_answered",
   metric_unit::seconds,
   "average speed of answer: mean wait of answered "
   "sessions"},
  {metric_entity::live_chat, "asa_all", "asa_all_s", "asa_all",
   metric_unit::seconds, "mean wait of answered and abandoned sessions"},
  {metric_entity::live_chat, "service_level.offered", "service_level.offered",
   "service_level.offered", metric_unit::fraction,
   "answered within t / offered"},
  {metric_entity::live_chat, "service_level.answered", "service_level.answered",
   "service_level.answered", metric_unit::fraction,
   "answered within t / answered"},
  {metric_entity::live_chat, "service_level.excl_short_abandons",
   "service_level.excl_short_abandons", "service_level.excl_short_abandons",
   metric_unit::fraction, "answered within t / (offered - abandoned within t)"},
  {metric_entity::live_chat, "service_level.virtual", "service_level.virtual",
   "service_level.virtual", metric_unit::fraction,
   "P(virtual wait <= t), Kaplan-Meier with abandonments censored"},
  {metric_entity::live_chat, "transfer_wait.mean", "transfer_wait_s.mean",
   "transfer_wait.mean", metric_unit::seconds, "mean wait in expert queues"},
  {metric_entity::live_chat, "handle.p50", "handle_s.p50", "handle.p50",
   metric_unit::seconds, "median handling span"},
  {metric_entity::live_chat, "first_response.mean", "first_response_s.mean",
   "first_response.mean", metric_unit::seconds,
   "mean time from arrival to the operator's first message", true},
  {metric_entity::live_chat, "first_response.p90", "first_response_s.p90",
   "first_response.p90", metric_unit::seconds,
   "90th percentile of arrival to the operator's first message", true},
  {metric_entity::live_chat, "messages_per_session", "messages_per_session",
   "messages_per_session", metric_unit::count,
   "messages per answered session, the customer's opening one included", true},
  // Per group serving a live chat.
  {metric_entity::group, "occupancy", "occupancy", "occupancy",
   metric_unit::fraction,
   "members' busy capacity time / their capacity time while Online"},
  {metric_entity::group, "fairness.handled.jain", "fairness.handled.jain",
   "fairness.handled.jain", metric_unit::index,
   "Jain's index of sessions handled per Online hour"},
  {metric_entity::group, "fairness.handled.gini", "fairness.handled.gini",
   "fairness.handled.gini", metric_unit::index,
   "Gini coefficient of sessions handled per Online hour"},
  {metric_entity::group, "fairness.handled.max_min", "fairness.handled.max_min",
   "fairness.handled.max_min", metric_unit::ratio,
   "most / fewest sessions handled per Online hour"},
  {metric_entity::group, "fairness.busy_time.jain", "fairness.busy_time.jain",
   "fairness.busy_time.jain", metric_unit::index,
   "Jain's index of busy time per Online time"},
  {metric_entity::group, "fairness.busy_time.gini", "fairness.busy_time.gini",
   "fairness.busy_time.gini", metric_unit::index,
   "Gini coefficient of busy time per Online time"},
  {metric_entity::group, "fairness.busy_time.max_min",
   "fairness.busy_time.max_min", "fairness.busy_time.max_min",
   metric_unit::ratio, "most / least busy time per Online time"},
  {metric_entity::group, "answered", "answered", "answered", metric_unit::count,
   "sessions answered through the group"},
  {metric_entity::group, "wait.mean", "wait_s.mean", "wait.mean",
   metric_unit::seconds, "mean wait of sessions answered through the group"},
  // Per member of a group.
  {metric_entity::member, "handled", "handled", "handled", metric_unit::count,
   "sessions handled"},
  {metric_entity::member, "busy_s", "busy_s", "busy_s", metric_unit::seconds,
   "time holding at least one session"},
  {metric_entity::member, "online_s", "online_s", "online_s",
   metric_unit::seconds, "time Online"},
  {metric_entity::member, "occupancy", "occupancy", "occupancy",
   metric_unit::fraction, "busy capacity time / capacity time while Online"},
  {metric_entity::member, "messages", "messages", "messages",
   metric_unit::count,
   "messages sent as an operator (0 without a message "
   "model)"},
});

/// The metrics of `entity`, in report order.
constexpr std::span<const metric> metrics_of(metric_entity entity) {
  std::size_t first = 0;
  while (first < metric_registry.size()
         && metric_registry[first].entity != entity)
    ++first;
  auto last = first;
  while (last < metric_registry.size()
         && metric_registry[last].entity == entity)
    ++last;
  return std::span<const metric>{metric_registry}.subspan(first, last - first);
}

/// The metric of `entity` written `spelling`: its name or its JSON path.
constexpr const metric* find_metric(metric_entity entity,
                                    std::string_view spelling) {
  for (const auto& m : metrics_of(entity))
    if (m.name == spelling || m.json_path == spelling)
      return &m;
  return nullptr;
}

/// The name of the metric, of any entity, written `spelling` (its name or
/// its JSON path); empty if no metric is written so.
constexpr std::string_view metric_name_of(std::string_view spelling) {
  for (const auto& m : metric_registry)
    if (m.name == spelling || m.json_path == spelling)
      return m.name;
  return {};
}

/// Latency figures only `livechat load` measures, per live chat, in wall
/// seconds over real connections: from an arrival's intended time to its
/// first assignment, and from a message's intended send time to its
/// delivery (docs/report-format.md, "Load reports"). Thresholds may name
/// them (also as `time_to_assign_s.p99`, their JSON path); `livechat run`
/// passes over them.
inline constexpr auto load_metric_names = std::to_array<std::string_view>(
  {"time_to_assign.p50", "time_to_assign.p90", "time_to_assign.p99",
   "time_to_assign.p999", "time_to_assign.max", "delivery.p50", "delivery.p90",
   "delivery.p99", "delivery.p999", "delivery.max"});

/// The load metric written `spelling` (name or JSON path), or nullopt.
std::optional<std::string_view> load_metric(std::string_view spelling);

/// The metric a threshold may name: one of a live chat or of a group
/// (thresholds apply to every chat and group that has it), or a load
/// metric. Its name, or nullopt when `spelling` names none.
std::optional<std::string_view> threshold_metric(std::string_view spelling);

/// The names thresholds accept, comma-separated, each once, registry order
/// then the load metrics (for messages).
std::string threshold_metric_list();

/// "count", "fraction", "seconds", "index", "ratio".
std::string_view to_string(metric_unit unit) noexcept;

/// "live chat", "group", "member".
std::string_view to_string(metric_entity entity) noexcept;

/// A metric name written in the code, checked when compiling: a name (or
/// JSON path) that is not in the registry does not compile. Holds the name.
struct metric_name {
  // NOLINTNEXTLINE(google-explicit-constructor): literals convert implicitly
  consteval metric_name(const char* spelling) // NOLINT
      : text(metric_name_of(spelling)) {
    if (text.empty())
      throw "not a metric of scenarios/metrics.hpp";
  }
  std::string_view text;
};

} // namespace livechat::scenarios
