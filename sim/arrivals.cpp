#include "sim/arrivals.hpp"

#include "core/limits.hpp"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <utility>

namespace livechat::sim {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

/// Arrival times are durations of the format: at most a year (core/limits.hpp).
const double max_trace_seconds = to_seconds(limits::scenario_duration.max);
/// A file with more bad lines than this is not a trace: stop reading it.
constexpr std::size_t max_trace_errors = 20;

} // namespace

diagnosed<std::vector<duration>> parse_trace(std::istream& in,
                                             std::string name) {
  diagnosed<std::vector<duration>> out;
  std::vector<duration> times;
  std::string line;
  int line_no = 0;
  bool seen_content = false;
  auto fail = [&](int column, std::string message) {
    out.errors.push_back(
      scenarios::diagnostic{name, line_no, column, std::move(message)});
  };
  while (std::getline(in, line)) {
    ++line_no;
    std::string_view text{line};
    const auto comma = text.find(',');
    std::string_view field = text.substr(0, comma);
    std::size_t begin = 0;
    while (begin < field.size() && is_blank(field[begin]))
      ++begin;
    std::size_t end = field.size();
    while (end > begin && is_blank(field[end - 1]))
      --end;
    field = field.substr(begin, end - begin);
    const int column = static_cast<int>(begin) + 1;
    const bool first_content = !seen_content;
    if (field.empty()) {
      if (text.find_first_not_of(" \t\r") == std::string_view::npos)
        continue; // blank line
      seen_content = true;
      fail(column, "missing arrival time before ','");
      continue;
    }
    seen_content = true;
    auto as_duration = scenarios::parse_duration(field);
    if (as_duration) {
      times.push_back(*as_duration);
      continue;
    }
    auto as_number = scenarios::parse_number(field);
    if (as_number) {
      const double secs = *as_number;
      if (secs < 0.0)
        fail(column,
             "arrival time " + scenarios::excerpt(field) + " is negative");
      else if (secs > max_trace_seconds)
        fail(column,
             "arrival time " + scenarios::excerpt(field) + " is out of range");
      else
        times.push_back(from_seconds(secs));
      continue;
    }
    if (first_content
        && std::isalpha(static_cast<unsigned char>(field.front())) != 0)
      continue; // a header such as `time` or `arrival,customer`
    fail(column, as_duration.error);
    if (out.errors.size() >= max_trace_errors) {
      out.errors.push_back(scenarios::diagnostic{
        name, line_no, 0,
        "stopped after " + std::to_string(max_trace_errors)
          + " problems: is this a CSV file of arrival times?"});
      break;
    }
  }
  if (in.bad())
    out.errors.push_back(scenarios::diagnostic{
      name, 0, 0,
      "cannot read arrival times after line " + std::to_string(line_no) + ": "
        + std::strerror(errno)});
  if (out.errors.empty())
    out.value = std::move(times);
  return out;
}

arrival_process arrival_process::poisson(scenarios::rate r, duration horizon) {
  return profile({step{duration::zero(), r.per_second}}, horizon);
}

arrival_process arrival_process::profile(std::vector<step> steps,
                                         duration horizon) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    assert(steps[i].per_second >= 0.0 && std::isfinite(steps[i].per_second)
           && "arrival_process: rate must be finite and non-negative");
    assert((i == 0 || steps[i - 1].from < steps[i].from)
           && "arrival_process: profile steps must increase in 'from'");
  }
  arrival_process p{kind::profile, horizon};
  p.steps_ = std::move(steps);
  return p;
}

arrival_process arrival_process::trace(std::vector<duration> times,
                                       duration horizon) {
  std::erase_if(times, [](duration t) {
    return t < duration::zero();
  });
  std::sort(times.begin(), times.end());
  arrival_process p{kind::trace, horizon};
  p.times_ = std::move(times);
  return p;
}

arrival_process arrival_process::from_spec(const scenarios::arrival_spec& spec,
                                           duration horizon,
                                           std::vector<duration> trace_times) {
  switch (spec.kind) {
    case scenarios::arrival_kind::poisson:
      return poisson(spec.poisson, horizon);
    case scenarios::arrival_kind::profile: {
      std::vector<step> steps;
      steps.reserve(spec.profile.size());
      for (const auto& s : spec.profile)
        steps.push_back(step{s.from, s.value.per_second});
      return profile(std::move(steps), horizon);
    }
    case scenarios::arrival_kind::trace:
      return trace(std::move(trace_times), horizon);
  }
  assert(false && "arrival_process::from_spec: unknown arrival kind");
  return trace({}, horizon);
}

std::optional<timestamp> arrival_process::next(timestamp after,
                                               random_generator& gen) {
  if (kind_ != kind::trace)
    return next_profile(after, gen);
  const duration since_start = after.time_since_epoch();
  while (cursor_ < times_.size() && times_[cursor_] < since_start)
    ++cursor_;
  if (cursor_ == times_.size() || times_[cursor_] >= horizon_)
    return std::nullopt;
  return timestamp{times_[cursor_++]};
}

void arrival_process::reset() noexcept {
  cursor_ = 0;
}

std::optional<timestamp>
arrival_process::next_profile(timestamp after, random_generator& gen) const {
  duration t = std::max(after.time_since_epoch(), duration::zero());
  if (steps_.empty() || t >= horizon_)
    return std::nullopt;
  // The segment holding t: the last step with from <= t. Before the first
  // step the rate is zero, so start at the first step.
  auto it = std::upper_bound(steps_.begin(), steps_.end(), t,
                             [](duration x, const step& s) {
                               return x < s.from;
                             });
  std::size_t i = 0;
  if (it == steps_.begin())
    t = steps_.front().from;
  else
    i = static_cast<std::size_t>(it - steps_.begin()) - 1;
  // Integrated rate still to spend until the arrival.
  double hazard = -std::log(1.0 - gen.uniform01());
  for (; i < steps_.size() && t < horizon_; ++i) {
    const duration end = i + 1 < steps_.size()
                           ? std::min(steps_[i + 1].from, horizon_)
                           : horizon_;
    const double r = steps_[i].per_second;
    if (end > t && r > 0.0) {
      const double capacity = r * to_seconds(end - t);
      if (hazard < capacity) {
        const duration at = t + from_seconds(hazard / r);
        if (at >= horizon_)
          return std::nullopt;
        return timestamp{at};
      }
      hazard -= capacity;
    }
    t = std::max(t, end);
  }
  return std::nullopt;
}

diagnosed<std::vector<std::vector<duration>>>
load_traces(const scenarios::scenario& sc, const std::string& scenario_file) {
  diagnosed<std::vector<std::vector<duration>>> out;
  std::vector<std::vector<duration>> traces(sc.workload.size());
  auto base = std::filesystem::path{scenario_file}.parent_path();
  for (std::size_t w = 0; w < sc.workload.size(); ++w) {
    const auto& spec = sc.workload[w].arrivals;
    if (spec.kind != scenarios::arrival_kind::trace)
      continue;
    std::filesystem::path path{spec.trace};
    if (path.is_relative())
      path = base / path;
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    std::ifstream in;
    if (!ec && std::filesystem::is_regular_file(status))
      in.open(path);
    if (!in.is_open()) {
      std::string why = ec                                 ? ec.message()
                        : !std::filesystem::exists(status) ? "no such file"
                        : std::filesystem::is_directory(status)
                          ? "it is a directory"
                          : "not a regular file";
      if (!ec && std::filesystem::is_regular_file(status))
        why = std::strerror(errno);
      out.errors.push_back(scenarios::make_diagnostic(
        spec.where, "cannot read trace file '" + path.string() + "': " + why));
      continue;
    }
    auto times = parse_trace(in, path.string());
    if (!times) {
      out.errors.insert(out.errors.end(), times.errors.begin(),
                        times.errors.end());
      continue;
    }
    traces[w] = std::move(*times);
  }
  if (out.errors.empty())
    out.value = std::move(traces);
  return out;
}

} // namespace livechat::sim
