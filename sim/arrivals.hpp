// When customers arrive: the arrival process of one workload source.
//
// An `arrival_process` yields arrival times one at a time over the run's
// window [0, horizon): `next(after, gen)` gives the first arrival at or after
// `after` (with probability 1 strictly after it for the random kinds) and
// nullopt once the next arrival would fall at or past the horizon. The caller
// feeds back the time it got, so successive calls walk the arrival sequence.
// Three kinds, as in `scenarios::arrival_spec`:
//   poisson  constant rate r: the gap is exponential with mean 1/r.
//   profile  piecewise-constant rate, zero before the first step. Exact, by
//            inverting the integrated rate: one E ~ Exp(1) per arrival is
//            spent across segments (E -= rate * segment length) until a
//            segment holds the rest; the arrival is there at E / rate. By
//            memorylessness this is the non-homogeneous Poisson process.
//            Segments of rate 0 get no arrivals.
//   trace    the given times (sorted on construction; repeated times are
//            arrivals together). Draws nothing from `gen`. Stateful: each
//            time is returned once; `reset()` starts over.
// The generator is passed in (see streams.hpp for which one).
//
// Trace files are CSV text read by `parse_trace`: one arrival per line, its
// time in the first comma-separated field (later fields are ignored), written
// as a duration (`12s`, `0.5h`, `250ms`) or plain seconds (`12`, `0.5`). Blank
// lines are skipped; the first line may be a header (its first field starts
// with a letter and is not a time). Problems are reported as
// `arrivals.csv:7:1: ...` naming the line.
//
// Example:
//   using namespace livechat;
//   using namespace std::chrono_literals;
//   sim::arrival_process p
//     = sim::arrival_process::poisson(scenarios::rate{1.0 / 60}, 8h);
//   random_generator gen = sim::stream_for(seed, 0, 0,
//                                          sim::stream_purpose::arrivals);
//   for (auto t = p.next(timestamp{}, gen); t; t = p.next(*t, gen))
//     schedule_arrival(*t);
#pragma once

#include "core/random.hpp"
#include "core/time.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/units.hpp"
#include "sim/sampler.hpp"

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace livechat::sim {

/// Reads arrival times (relative to the start of the run) from CSV text.
/// `name` is the file name used in diagnostics. On any bad line there is no
/// value and one diagnostic per bad line, in line order.
diagnosed<std::vector<duration>> parse_trace(std::istream& in,
                                             std::string name);

/// Reads the trace file of every `trace` workload of `sc`, resolving
/// relative paths against the directory of `scenario_file`. The result is
/// aligned with `sc.workload` (empty vectors for other kinds). A file that
/// cannot be read is reported at its `trace:` key; bad lines inside it as
/// `file:line:1`.
diagnosed<std::vector<std::vector<duration>>>
load_traces(const scenarios::scenario& sc, const std::string& scenario_file);

/// One source's arrivals over [0, horizon). See the top of this file.
class arrival_process {
public:
  /// One step of a rate profile: from `from` on, `per_second` arrivals per
  /// second on average, until the next step.
  struct step {
    duration from{};
    double per_second = 0.0;
  };

  /// Constant rate. Precondition: `r.per_second` >= 0 and finite.
  static arrival_process poisson(scenarios::rate r, duration horizon);

  /// Piecewise-constant rate. Preconditions: `steps` strictly increasing in
  /// `from`, rates >= 0 and finite.
  static arrival_process profile(std::vector<step> steps, duration horizon);

  /// The given arrival times (any order; negative times are dropped).
  static arrival_process trace(std::vector<duration> times, duration horizon);

  /// From a scenario's spec. `trace_times` are the times read (by
  /// `parse_trace`) from `spec.trace` when `spec.kind` is trace, and are
  /// ignored otherwise.
  static arrival_process from_spec(const scenarios::arrival_spec& spec,
                                   duration horizon,
                                   std::vector<duration> trace_times = {});

  /// The first arrival at or after `after`, or nullopt if there is none
  /// before the horizon.
  std::optional<timestamp> next(timestamp after, random_generator& gen);

  /// For traces: return every time again. Random kinds keep no state.
  void reset() noexcept;

  duration horizon() const noexcept {
    return horizon_;
  }

private:
  enum class kind { poisson, profile, trace };

  arrival_process(kind k, duration horizon) : kind_(k), horizon_(horizon) {}

  std::optional<timestamp> next_profile(timestamp after,
                                        random_generator& gen) const;

  kind kind_;
  duration horizon_;
  /// poisson: one step from 0; profile: the steps.
  std::vector<step> steps_;
  /// trace: sorted times, and the index of the next one to return.
  std::vector<duration> times_;
  std::size_t cursor_ = 0;
};

} // namespace livechat::sim
