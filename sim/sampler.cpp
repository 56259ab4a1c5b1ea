#include "sim/sampler.hpp"

#include <cmath>
#include <limits>
#include <numbers>
#include <utility>

namespace livechat::sim {

namespace {

using scenarios::distribution_kind;
using out = scenarios::parsed<variate>;

// Uniform in (0, 1]: safe for log().
double uniform_open0(random_generator& gen) {
  return 1.0 - gen.uniform01();
}

// Standard normal by Box-Muller, using the cosine branch only so that a draw
// depends on exactly two uniforms and the sampler keeps no state.
double standard_normal(random_generator& gen) {
  const double u1 = uniform_open0(gen);
  const double u2 = gen.uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

// Gamma with shape `k` >= 1 and scale 1, by Marsaglia and Tsang (2000),
// "A simple method for generating gamma variables".
double standard_gamma_shape_ge1(double k, random_generator& gen) {
  const double d = k - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double z = standard_normal(gen);
    const double t = 1.0 + c * z;
    if (t <= 0.0)
      continue;
    const double v = t * t * t;
    const double u = uniform_open0(gen);
    const double z2 = z * z;
    if (u < 1.0 - 0.0331 * z2 * z2)
      return d * v;
    if (std::log(u) < 0.5 * z2 + d * (1.0 - v + std::log(v)))
      return d * v;
  }
}

// Gamma with shape `k` > 0 and scale 1; for k < 1, G(k + 1) * u^(1/k).
double standard_gamma(double k, random_generator& gen) {
  if (k >= 1.0)
    return standard_gamma_shape_ge1(k, gen);
  const double g = standard_gamma_shape_ge1(k + 1.0, gen);
  return g * std::pow(uniform_open0(gen), 1.0 / k);
}

std::string kind_name(distribution_kind k) {
  return std::string{to_string(k)};
}

// Never negative, never NaN.
double non_negative(double x) {
  return x > 0.0 ? x : 0.0;
}

// `x` >= 0 rounded to an int64, saturating instead of overflowing.
std::int64_t round_saturating(double x) {
  // 2^63 as a double; anything at or above does not fit.
  constexpr double limit = 9223372036854775808.0;
  if (!(x > 0.0))
    return 0;
  if (x >= limit)
    return std::numeric_limits<std::int64_t>::max();
  return std::llround(x);
}

// A variate for an invalid spec in release builds: its first parameter.
variate fallback(double first) {
  const double v = non_negative(first);
  return [v](random_generator&) {
    return v;
  };
}

} // namespace

out make_builtin_variate(distribution_kind kind, double first, double second) {
  switch (kind) {
    case distribution_kind::constant:
      if (!(first >= 0.0))
        return out::failure("constant must not be negative");
      return out::success([first](random_generator&) {
        return first;
      });
    case distribution_kind::exponential: {
      if (!(first > 0.0))
        return out::failure("exponential mean must be positive");
      const double mean = first;
      return out::success([mean](random_generator& gen) {
        return -mean * std::log(uniform_open0(gen));
      });
    }
    case distribution_kind::lognormal: {
      if (!(first > 0.0))
        return out::failure("lognormal mean must be positive");
      if (!(second > 0.0))
        return out::failure("lognormal sd must be positive");
      const double cv = second / first;
      const double sigma2 = std::log1p(cv * cv);
      const double sigma = std::sqrt(sigma2);
      const double mu = std::log(first) - sigma2 / 2.0;
      return out::success([mu, sigma](random_generator& gen) {
        return std::exp(mu + sigma * standard_normal(gen));
      });
    }
    case distribution_kind::gamma: {
      if (!(first > 0.0))
        return out::failure("gamma mean must be positive");
      if (!(second > 0.0))
        return out::failure("gamma sd must be positive");
      const double shape = (first / second) * (first / second);
      const double scale = second * second / first;
      return out::success([shape, scale](random_generator& gen) {
        return scale * standard_gamma(shape, gen);
      });
    }
    case distribution_kind::uniform: {
      if (!(first >= 0.0))
        return out::failure("uniform min must not be negative");
      if (!(second >= first))
        return out::failure("uniform max must not be below min");
      const double lo = first;
      const double width = second - first;
      return out::success([lo, width](random_generator& gen) {
        return lo + width * gen.uniform01();
      });
    }
  }
  return out::failure("unknown distribution kind");
}

void sampler_registry::add(std::string kind, sampler_factory make) {
  assert(make && "sampler_registry::add: empty factory");
  factories_.insert_or_assign(std::move(kind), std::move(make));
}

const sampler_factory* sampler_registry::find(std::string_view kind) const {
  auto i = factories_.find(kind);
  return i == factories_.end() ? nullptr : &i->second;
}

std::vector<std::string> sampler_registry::kinds() const {
  std::vector<std::string> names;
  names.reserve(factories_.size());
  for (const auto& [name, make] : factories_)
    names.push_back(name);
  return names;
}

void register_builtin_samplers(sampler_registry& registry) {
  for (auto kind : {distribution_kind::constant, distribution_kind::exponential,
                    distribution_kind::lognormal, distribution_kind::gamma,
                    distribution_kind::uniform}) {
    registry.add(kind_name(kind), [kind](double first, double second) {
      return make_builtin_variate(kind, first, second);
    });
  }
}

duration_sampler::duration_sampler(const scenarios::distribution_spec& spec) {
  const auto first = static_cast<double>(spec.first.count());
  auto v = make_builtin_variate(spec.kind, first,
                                static_cast<double>(spec.second.count()));
  assert(v && "duration_sampler: invalid distribution spec");
  draw_ = v ? *v : fallback(first);
}

duration_sampler::duration_sampler(variate draw_nanoseconds)
    : draw_(std::move(draw_nanoseconds)) {
  assert(draw_ && "duration_sampler: empty variate");
}

duration duration_sampler::sample(random_generator& gen) const {
  return duration{round_saturating(draw_(gen))};
}

count_sampler::count_sampler(const scenarios::count_distribution_spec& spec,
                             std::int64_t at_least)
    : at_least_(at_least) {
  auto v = make_builtin_variate(spec.kind, spec.first, spec.second);
  assert(v && "count_sampler: invalid distribution spec");
  draw_ = v ? *v : fallback(spec.first);
}

count_sampler::count_sampler(variate draw, std::int64_t at_least)
    : draw_(std::move(draw)), at_least_(at_least) {
  assert(draw_ && "count_sampler: empty variate");
}

std::int64_t count_sampler::sample(random_generator& gen) const {
  const std::int64_t n = round_saturating(draw_(gen));
  return n < at_least_ ? at_least_ : n;
}

namespace {

// The variate for a spec of either kind, or a diagnostic at `spec.where`.
template <class Spec>
diagnosed<variate> lookup(const sampler_registry& registry, const Spec& spec,
                          double first, double second) {
  diagnosed<variate> made;
  const auto name = kind_name(spec.kind);
  const sampler_factory* make = registry.find(name);
  if (make == nullptr) {
    made.errors.push_back(make_diagnostic(
      spec.where,
      "no sampler registered for distribution kind '" + name + "'"));
    return made;
  }
  auto v = (*make)(first, second);
  if (!v) {
    made.errors.push_back(make_diagnostic(spec.where, v.error));
    return made;
  }
  made.value = *v;
  return made;
}

} // namespace

diagnosed<duration_sampler>
make_sampler(const sampler_registry& registry,
             const scenarios::distribution_spec& spec) {
  auto v = lookup(registry, spec, static_cast<double>(spec.first.count()),
                  static_cast<double>(spec.second.count()));
  if (!v)
    return {std::nullopt, std::move(v.errors)};
  return {duration_sampler{std::move(*v)}, {}};
}

diagnosed<count_sampler>
make_count_sampler(const sampler_registry& registry,
                   const scenarios::count_distribution_spec& spec,
                   std::int64_t at_least) {
  auto v = lookup(registry, spec, spec.first, spec.second);
  if (!v)
    return {std::nullopt, std::move(v.errors)};
  return {count_sampler{std::move(*v), at_least}, {}};
}

} // namespace livechat::sim
