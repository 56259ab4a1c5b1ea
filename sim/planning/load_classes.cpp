#include "sim/planning/load_classes.hpp"

#include <map>
#include <tuple>

namespace livechat::sim::planning {

namespace {

/// What identifies a load exactly (computed the same way for equal inputs,
/// so equality of doubles is the right test).
using load_key = std::tuple<double, double, bool, double>;

load_key key_of(const group_interval_load& l) {
  return {l.arrival_rate_per_s, l.aht_s, l.mean_patience_s.has_value(),
          l.mean_patience_s.value_or(0.0)};
}

} // namespace

interval_classes
classify_intervals(const std::vector<std::vector<group_interval_load>>& loads,
                   std::size_t first_measured) {
  interval_classes out;
  std::size_t intervals = loads.empty() ? 0 : loads.front().size();
  out.of.assign(intervals, std::nullopt);
  // Key: every group's load now, and in the interval before (none at 0).
  using system_key = std::pair<std::vector<load_key>, std::vector<load_key>>;
  std::map<system_key, std::size_t> ids;
  for (std::size_t k = first_measured; k < intervals; ++k) {
    system_key key;
    for (const auto& group : loads) {
      key.first.push_back(key_of(group[k]));
      if (k > 0)
        key.second.push_back(key_of(group[k - 1]));
    }
    auto [it, fresh] = ids.emplace(std::move(key), out.members.size());
    if (fresh)
      out.members.emplace_back();
    out.of[k] = it->second;
    out.members[it->second].push_back(k);
  }
  return out;
}

} // namespace livechat::sim::planning
