// The scenario: plain value structs for everything a scenario file says.
//
// A scenario is topology (groups, live chats, routing policies) plus workload
// (arrivals, handle times, patience, transfers, shifts, seed). These structs
// hold exactly what the file says, with units applied and no defaults hidden
// elsewhere: a default lives in the member initialiser and in
// docs/scenario-format.md. Every item carries the `source_location` where it
// was written, and `keys` records where each of its keys' values was
// written, so later stages (validation, the simulator) can report problems as
// `file:line:column: message`. Specs built in code have empty locations.
//
// `load_scenario` (loader.hpp) fills these from YAML; `validate`
// (validate.hpp) checks cross references; `to_workspace` (workspace.hpp)
// turns the topology into core objects.
//
// Example:
//   using namespace livechat::scenarios;
//   scenario s;
//   s.name = "tiny";
//   s.horizon = std::chrono::hours{1};
//   s.groups.push_back({.name = "general", .size = 3});
//   s.live_chats.push_back(
//     {.name = "web", .channel = "web", .operators = {{"general"}}});
#pragma once

#include "core/live_chat.hpp"
#include "core/time.hpp"
#include "scenarios/diagnostics.hpp"
#include "scenarios/targets.hpp"
#include "scenarios/thresholds.hpp"
#include "scenarios/units.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace livechat::scenarios {

/// Where each key's value of a mapping was written.
struct key_locations {
  std::map<std::string, source_location, std::less<>> values;

  /// Where `key`'s value was written, or `fallback` if the key was absent
  /// (or the spec was built in code).
  const source_location& of(std::string_view key,
                            const source_location& fallback) const;
};

/// A name or other text as written, e.g. a group named in a live chat.
struct located_text {
  std::string text;
  source_location where;

  friend bool operator==(const located_text&, const located_text&) = default;
};

/// A group of users. Exactly one of `members` (named users) or `size`
/// (generated users `<name>-1` .. `<name>-<size>`) is set. Users are identified
/// by name across groups: `anna` in two groups is one user, and a generated
/// name such as `general-1` may be listed in another group's members.
struct group_spec {
  std::string name;
  std::vector<located_text> members;
  std::optional<std::size_t> size;
  source_location where;
  key_locations keys;
};

/// The users of `g` in order: the listed members, or the generated names.
std::vector<std::string> member_names(const group_spec& g);

/// A live chat: roles name groups; routing and limits as in
/// `livechat::live_chat_definition`. Internal chats set `customers`,
/// external ones set `channel`; exactly one of the two.
struct chat_spec {
  std::string name;
  std::vector<located_text> customers;
  std::string channel;
  std::vector<located_text> operators;
  std::vector<located_text> supervisors;
  std::vector<located_text> experts;
  routing_policy_kind routing = routing_policy_kind::round_robin;
  /// Max concurrent sessions per operator. Validated >= 1.
  int capacity = 1;
  /// Max waiting sessions per queue; nullopt: unlimited. Validated >= 1.
  std::optional<std::size_t> queue_limit;
  offline_policy on_offline = offline_policy::requeue;
  bool transfers_first = true;
  bool reject_when_nobody_online = false;
  source_location where;
  key_locations keys;
};

/// The shape of a random variable. Parameters by kind:
///   constant:    first = the value
///   exponential: first = mean
///   lognormal:   first = mean, second = standard deviation
///   gamma:       first = mean, second = standard deviation
///   uniform:     first = min, second = max
enum class distribution_kind {
  constant,
  exponential,
  lognormal,
  gamma,
  uniform
};

std::string_view to_string(distribution_kind k) noexcept;
std::optional<distribution_kind> parse_distribution_kind(std::string_view s);

/// A distribution of `T`: `duration` for times, `double` for counts.
template <class T>
struct basic_distribution_spec {
  distribution_kind kind = distribution_kind::constant;
  T first{};
  T second{};
  source_location where;

  static basic_distribution_spec constant(T value) {
    return {distribution_kind::constant, value, T{}, {}};
  }
  static basic_distribution_spec exponential(T mean) {
    return {distribution_kind::exponential, mean, T{}, {}};
  }
  static basic_distribution_spec lognormal(T mean, T sd) {
    return {distribution_kind::lognormal, mean, sd, {}};
  }
  static basic_distribution_spec gamma(T mean, T sd) {
    return {distribution_kind::gamma, mean, sd, {}};
  }
  static basic_distribution_spec uniform(T min, T max) {
    return {distribution_kind::uniform, min, max, {}};
  }

  /// The mean of the distribution.
  T mean() const {
    if (kind == distribution_kind::uniform)
      return first + (second - first) / 2;
    return first;
  }

  /// Same shape and parameters (locations are ignored).
  bool same_as(const basic_distribution_spec& other) const {
    return kind == other.kind && first == other.first && second == other.second;
  }
};

/// A distribution of durations (handle time, patience, think times).
using distribution_spec = basic_distribution_spec<duration>;
/// A distribution of counts (messages per session).
using count_distribution_spec = basic_distribution_spec<double>;

/// From `from` on (relative to the start of the run), arrivals come at
/// `value`, until the next step.
struct rate_step {
  duration from{};
  rate value;
  source_location where;
};

enum class arrival_kind {
  poisson, ///< constant rate `poisson`
  profile, ///< piecewise-constant rate; zero before the first step
  trace,   ///< arrival times read from the CSV file `trace`
};

struct arrival_spec {
  arrival_kind kind = arrival_kind::poisson;
  rate poisson;
  std::vector<rate_step> profile;
  /// As written; relative paths are relative to the scenario file.
  std::string trace;
  source_location where;
};

/// With `probability`, a session of the workload is switched to the expert
/// group `to` after the operator's part; the expert then needs `handle_time`
/// (nullopt: the workload's own handle time).
struct transfer_spec {
  located_text to;
  double probability = 0.0;
  std::optional<distribution_spec> handle_time;
  source_location where;
  key_locations keys;
};

/// A session as a conversation: `per_session` customer messages, the
/// customer thinking before each, the operator replying to each.
struct message_model {
  count_distribution_spec per_session;
  distribution_spec customer_think;
  distribution_spec operator_reply;
  source_location where;
};

/// The load offered to one live chat.
struct workload_spec {
  located_text live_chat;
  arrival_spec arrivals;
  distribution_spec handle_time;
  /// How long a waiting customer stays; nullopt: forever.
  std::optional<distribution_spec> patience;
  std::vector<transfer_spec> transfers;
  std::optional<message_model> messages;
  /// Factor on handle time by the operator's load: element k applies while
  /// the operator holds k + 1 sessions (the last one beyond). Empty: none.
  std::vector<double> handle_time_factor_by_load;
  source_location where;
  key_locations keys;
};

/// From `from` on, `count` members of the group are Online.
struct shift_step {
  duration from{};
  long long count = 0;
  source_location where;
};

/// Who of a group is Online when. Groups without a shift are Online for the
/// whole run; with one, nobody is Online before the first step.
struct shift_spec {
  located_text group;
  std::vector<shift_step> online;
  source_location where;
};

/// Supervisors' behaviour in simulations.
struct supervision_spec {
  /// Delay before a supervisor assigns a session under `manual` routing.
  distribution_spec reaction_time = distribution_spec::constant({});
  source_location where;
};

/// Everything a scenario file says.
struct scenario {
  std::string name;
  std::uint64_t seed = 1;
  /// Arrivals stop here; the run then drains every open session.
  duration horizon{};
  /// Sessions arriving earlier are left out of statistics.
  duration warmup{};
  int replications = 1;
  /// The t of "answered within t".
  duration service_level_threshold = std::chrono::seconds{20};
  std::vector<group_spec> groups;
  std::vector<chat_spec> live_chats;
  std::vector<workload_spec> workload;
  std::vector<shift_spec> shifts;
  supervision_spec supervision;
  std::vector<threshold_spec> thresholds;
  /// Capacity-planning targets (targets.hpp), for `livechat plan`.
  std::vector<target_spec> targets;
  source_location where;
  key_locations keys;
};

} // namespace livechat::scenarios
