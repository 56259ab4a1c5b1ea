// Internal to the loader: reading workload entries and distributions.
#pragma once

#include "scenarios/scenario.hpp"
#include "scenarios/yaml_reader.hpp"

#include <cstddef>
#include <optional>
#include <string_view>

namespace livechat::scenarios::detail {

/// A duration distribution: `{exponential: 5m}`, `{lognormal: {mean, sd}}`,
/// `{gamma: {mean, sd}}`, `{uniform: {min, max}}`, `{constant: 5m}`, or a
/// bare duration as a constant. `desc` names the value in messages.
std::optional<distribution_spec>
read_distribution(reader& r, const YAML::Node& n, std::string_view desc);

/// The `index`-th (0-based) entry of `workload`. Returns what could be read
/// even when parts were wrong (and reported), so that validation still sees
/// the references it makes; nullopt only if the entry is not a mapping.
std::optional<workload_spec> read_workload(reader& r, const YAML::Node& n,
                                           std::size_t index);

} // namespace livechat::scenarios::detail
