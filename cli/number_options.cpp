#include "cli/number_options.hpp"

#include "scenarios/units.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <ostream>

namespace livechat::cli {

namespace po = boost::program_options;

namespace {

/// Ceilings of the work limits themselves: raising a limit is for a user who
/// means it, but a typo of ten digits should not become a 40 GB run.
constexpr limits::integer_range max_sessions_range{1, 1'000'000'000'000};
constexpr limits::integer_range max_events_range{1, 100'000'000'000'000};
/// Seconds: up to a year of CPU.
constexpr limits::integer_range max_cpu_range{1, 31'536'000};
/// MiB: up to 1 TiB.
constexpr limits::integer_range max_memory_mib_range{64, 1 << 20};

const std::string* given(const po::variables_map& vm, const char* name) {
  if (!vm.count(name))
    return nullptr;
  return &vm[name].as<std::string>();
}

} // namespace

bool read_integer_option(const po::variables_map& vm, const char* name,
                         const limits::integer_range& range,
                         const std::string& command, std::ostream& err,
                         std::optional<long long>& into) {
  const auto* text = given(vm, name);
  if (text == nullptr)
    return true;
  auto v = scenarios::parse_integer(*text);
  if (!v) {
    fmt::print(err, "livechat {}: --{} {}\n", command, name, v.error);
    return false;
  }
  if (!range.contains(*v)) {
    fmt::print(err, "livechat {}: --{} must be {}, got {}\n", command, name,
               range.describe(), *v);
    return false;
  }
  into = *v;
  return true;
}

bool read_real_option(const po::variables_map& vm, const char* name,
                      const limits::real_range& range,
                      const std::string& command, std::ostream& err,
                      std::optional<double>& into) {
  const auto* text = given(vm, name);
  if (text == nullptr)
    return true;
  auto v = scenarios::parse_number(*text);
  if (!v) {
    fmt::print(err, "livechat {}: --{}: {}\n", command, name, v.error);
    return false;
  }
  if (!range.contains(*v)) {
    fmt::print(err, "livechat {}: --{} must be {}, got {}\n", command, name,
               range.describe(), *text);
    return false;
  }
  into = *v;
  return true;
}

void add_work_limit_options(po::options_description& d) {
  scenarios::work_limits defaults;
  d.add_options()(
    "max-sessions", po::value<std::string>(),
    fmt::format("refuse to start when the request implies more simulated "
                "sessions than this (default {:.0f})",
                defaults.max_sessions)
      .c_str())(
    "max-events", po::value<std::string>(),
    fmt::format("refuse when it implies more actor events (default {:.0f}; "
                "messages count)",
                defaults.max_events)
      .c_str())(
    "max-cpu", po::value<std::string>(),
    fmt::format("refuse when it is estimated to take more seconds of CPU "
                "(default {:.0f})",
                defaults.max_cpu_seconds)
      .c_str())(
    "max-memory", po::value<std::string>(),
    fmt::format("refuse when its estimated peak memory exceeds this many "
                "MiB (default {:.0f})",
                defaults.max_memory_bytes / double(1 << 20))
      .c_str());
}

bool read_work_limits(const po::variables_map& vm, const std::string& command,
                      std::ostream& err, scenarios::work_limits& into) {
  std::optional<long long> sessions;
  std::optional<long long> events;
  std::optional<long long> memory;
  std::optional<long long> cpu;
  if (!read_integer_option(vm, "max-sessions", max_sessions_range, command, err,
                           sessions)
      || !read_integer_option(vm, "max-events", max_events_range, command, err,
                              events)
      || !read_integer_option(vm, "max-cpu", max_cpu_range, command, err, cpu)
      || !read_integer_option(vm, "max-memory", max_memory_mib_range, command,
                              err, memory))
    return false;
  if (sessions)
    into.max_sessions = static_cast<double>(*sessions);
  if (events)
    into.max_events = static_cast<double>(*events);
  if (cpu)
    into.max_cpu_seconds = static_cast<double>(*cpu);
  if (memory)
    into.max_memory_bytes = static_cast<double>(*memory) * double(1 << 20);
  return true;
}

bool check_work(const scenarios::work_estimate& estimate,
                const scenarios::work_limits& limits,
                const std::string& command, bool verbose, std::ostream& err) {
  auto problems = scenarios::exceeded(estimate, limits);
  for (const auto& p : problems)
    fmt::print(err, "livechat {}: refused: {}\n", command, p);
  if (!problems.empty()) {
    fmt::print(err,
               "livechat {}: nothing was run (the estimate: {}; "
               "docs/scenario-format.md, \"Limits\")\n",
               command, scenarios::describe(estimate));
    return false;
  }
  if (verbose)
    fmt::print(err, "livechat {}: {}\n", command,
               scenarios::describe(estimate));
  return true;
}

} // namespace livechat::cli
