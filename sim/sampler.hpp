// Sampling the workload's random durations and counts.
//
// A scenario describes handle times, patience, think times and message counts
// as `scenarios::distribution_spec`s. This component turns a spec into a
// sampler that draws from it with a `random_generator` passed in (the sampler
// holds no generator and no hidden state: the same generator state gives the
// same draw). The algorithms are written out in sampler.cpp rather than taken
// from std::*_distribution, whose output differs between standard libraries:
//   constant     the value
//   exponential  inversion: -mean * log(1 - u)
//   lognormal    exp(mu + sigma * z), sigma^2 = log(1 + sd^2 / mean^2),
//                mu = log(mean) - sigma^2 / 2, z standard normal (Box-Muller)
//   gamma        Marsaglia-Tsang with shape k = (mean / sd)^2 and scale
//                sd^2 / mean; for k < 1 a draw with shape k + 1 times u^(1/k)
//   uniform      min + (max - min) * u
// Draws are never negative. Durations are rounded to whole nanoseconds.
//
// Kinds are looked up by name in a `sampler_registry`, filled by an explicit
// call (`register_builtin_samplers`), so a simulator can add its own kinds.
//
// Example:
//   using namespace livechat;
//   sim::sampler_registry registry;
//   sim::register_builtin_samplers(registry);
//   auto s = sim::make_sampler(
//     registry, scenarios::distribution_spec::gamma(6min, 2min));
//   random_generator gen{42};
//   duration h = s ? s->sample(gen) : duration{};   // around 6 minutes
#pragma once

#include "core/random.hpp"
#include "core/time.hpp"
#include "scenarios/diagnostics.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/units.hpp"

#include <cassert>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace livechat::sim {

/// A value built from scenario input, or the diagnostics saying why there is
/// none (at least one when `value` is empty).
template <class T>
struct [[nodiscard]] diagnosed {
  std::optional<T> value;
  std::vector<scenarios::diagnostic> errors;

  explicit operator bool() const noexcept {
    return value.has_value();
  }
  const T& operator*() const {
    assert(value && "diagnosed: no value");
    return *value;
  }
  T& operator*() {
    assert(value && "diagnosed: no value");
    return *value;
  }
  const T* operator->() const {
    assert(value && "diagnosed: no value");
    return &*value;
  }
  T* operator->() {
    assert(value && "diagnosed: no value");
    return &*value;
  }
};

/// One draw of a real-valued random variable, in the unit of the parameters
/// it was built from. Must be deterministic given the generator's state.
using variate = std::function<double(random_generator&)>;

/// Builds a variate from a spec's `first` and `second` parameters (in the
/// spec's unit: nanoseconds for durations, plain numbers for counts), or says
/// in a lowercase message why the parameters do not fit the kind.
using sampler_factory
  = std::function<scenarios::parsed<variate>(double first, double second)>;

/// Distribution kinds by name (`to_string(distribution_kind)`, e.g. "gamma").
/// Iteration order is by name, so it is deterministic.
class sampler_registry {
public:
  /// Registers `make` under `kind`, replacing an earlier factory of that name.
  void add(std::string kind, sampler_factory make);

  /// The factory registered under `kind`, or nullptr. The pointer is valid
  /// until the next `add`.
  const sampler_factory* find(std::string_view kind) const;

  /// Every registered name, sorted.
  std::vector<std::string> kinds() const;

private:
  std::map<std::string, sampler_factory, std::less<>> factories_;
};

/// Registers constant, exponential, lognormal, gamma and uniform under the
/// names of `scenarios::distribution_kind`.
void register_builtin_samplers(sampler_registry& registry);

/// The built-in variate for `kind` with parameters as documented on
/// `scenarios::distribution_kind`, checked as `scenarios::validate` does:
/// constant >= 0; exponential mean > 0; lognormal and gamma mean > 0 and
/// sd > 0; uniform 0 <= min <= max. Fails, naming the parameter, otherwise.
scenarios::parsed<variate>
make_builtin_variate(scenarios::distribution_kind kind, double first,
                     double second);

/// Draws durations. Copyable; `sample` is const and touches only `gen`.
class duration_sampler {
public:
  /// With the built-in algorithm for `spec.kind`. Precondition: `spec` is
  /// valid (as `scenarios::validate` checks); asserted in debug builds, and
  /// an invalid spec draws its `first` parameter (clamped at 0) otherwise.
  explicit duration_sampler(const scenarios::distribution_spec& spec);

  /// With `draw_nanoseconds`, e.g. from a registry's factory.
  explicit duration_sampler(variate draw_nanoseconds);

  /// One draw, rounded to nanoseconds, never negative.
  duration sample(random_generator& gen) const;

private:
  variate draw_;
};

/// Draws non-negative counts (e.g. messages per session): the continuous draw
/// rounded to the nearest integer, and at least `at_least` (1 for messages per
/// session, so every session has a message).
class count_sampler {
public:
  /// With the built-in algorithm for `spec.kind`; precondition as for
  /// `duration_sampler`.
  explicit count_sampler(const scenarios::count_distribution_spec& spec,
                         std::int64_t at_least = 0);

  count_sampler(variate draw, std::int64_t at_least = 0);

  /// One draw, never below max(at_least, 0).
  std::int64_t sample(random_generator& gen) const;

private:
  variate draw_;
  std::int64_t at_least_;
};

/// A sampler for `spec` from the factory registered under its kind's name.
/// Errors, located at `spec.where`: no factory for the kind, or parameters the
/// factory rejects (`s.yaml:4:9: gamma sd must be positive`).
diagnosed<duration_sampler>
make_sampler(const sampler_registry& registry,
             const scenarios::distribution_spec& spec);

/// As `make_sampler`, for counts.
diagnosed<count_sampler>
make_count_sampler(const sampler_registry& registry,
                   const scenarios::count_distribution_spec& spec,
                   std::int64_t at_least = 0);

} // namespace livechat::sim
