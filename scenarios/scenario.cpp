#include "scenarios/scenario.hpp"

#include <array>
#include <utility>

namespace livechat::scenarios {

const source_location&
key_locations::of(std::string_view key, const source_location& fallback) const {
  auto i = values.find(key);
  return i == values.end() ? fallback : i->second;
}

std::vector<std::string> member_names(const group_spec& g) {
  std::vector<std::string> out;
  if (g.size) {
    out.reserve(*g.size);
    for (std::size_t i = 1; i <= *g.size; ++i)
      out.push_back(g.name + '-' + std::to_string(i));
    return out;
  }
  out.reserve(g.members.size());
  for (const auto& m : g.members)
    out.push_back(m.text);
  return out;
}

namespace {

constexpr std::array<std::pair<distribution_kind, std::string_view>, 5>
  distribution_names{{
    {distribution_kind::constant, "constant"},
    {distribution_kind::exponential, "exponential"},
    {distribution_kind::lognormal, "lognormal"},
    {distribution_kind::gamma, "gamma"},
    {distribution_kind::uniform, "uniform"},
  }};

} // namespace

std::string_view to_string(distribution_kind k) noexcept {
  for (const auto& [kind, name] : distribution_names)
    if (kind == k)
      return name;
  return "unknown";
}

std::optional<distribution_kind> parse_distribution_kind(std::string_view s) {
  for (const auto& [kind, name] : distribution_names)
    if (name == s)
      return kind;
  return std::nullopt;
}

} // namespace livechat::scenarios
