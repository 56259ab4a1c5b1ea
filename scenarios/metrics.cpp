#include "scenarios/metrics.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <vector>

namespace livechat::scenarios {

std::optional<std::string_view> load_metric(std::string_view spelling) {
  for (auto name : load_metric_names) {
    if (name == spelling)
      return name;
    // The JSON path: `time_to_assign_s.p99` for `time_to_assign.p99`.
    auto dot = name.find('.');
    if (spelling.size() == name.size() + 2
        && spelling.substr(0, dot) == name.substr(0, dot)
        && spelling.substr(dot, 2) == "_s"
        && spelling.substr(dot + 2) == name.substr(dot))
      return name;
  }
  return std::nullopt;
}

std::optional<std::string_view> threshold_metric(std::string_view spelling) {
  for (auto entity : {metric_entity::live_chat, metric_entity::group})
    if (const auto* m = find_metric(entity, spelling))
      return m->name;
  return load_metric(spelling);
}

std::string threshold_metric_list() {
  std::vector<std::string_view> names;
  for (auto entity : {metric_entity::live_chat, metric_entity::group})
    for (const auto& m : metrics_of(entity))
      if (std::find(names.begin(), names.end(), m.name) == names.end())
        names.push_back(m.name);
  for (auto name : load_metric_names)
    names.push_back(name);
  return fmt::format("{}", fmt::join(names, ", "));
}

std::string_view to_string(metric_unit unit) noexcept {
  switch (unit) {
    case metric_unit::count: return "count";
    case metric_unit::fraction: return "fraction";
    case metric_unit::seconds: return "seconds";
    case metric_unit::index: return "index";
    case metric_unit::ratio: return "ratio";
  }
  return "?";
}

std::string_view to_string(metric_entity entity) noexcept {
  switch (entity) {
    case metric_entity::live_chat: return "live chat";
    case metric_entity::group: return "group";
    case metric_entity::member: return "member";
  }
  return "?";
}

} // namespace livechat::scenarios
