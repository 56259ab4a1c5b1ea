// The command line's side of the one policy for numbers (core/limits.hpp):
// options are read as text and parsed as the scenario loader parses file
// values, signed and range-checked, never wrapped; and the work limits of
// scenarios/work_estimate.hpp, with the options that raise them.
#pragma once

#include "core/limits.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/work_estimate.hpp"

#include <boost/program_options.hpp>
#include <iosfwd>
#include <optional>
#include <string>

namespace livechat::cli {

/// Reads the integer option `name` (declared as a string) if it was given:
/// nothing in `into` when it was not. Prints `livechat <command>: --name ...`
/// and returns false when it is not a whole number in `range`.
bool read_integer_option(const boost::program_options::variables_map& vm,
                         const char* name, const limits::integer_range& range,
                         const std::string& command, std::ostream& err,
                         std::optional<long long>& into);

/// As `read_integer_option` for a real number (declared as a string).
bool read_real_option(const boost::program_options::variables_map& vm,
                      const char* name, const limits::real_range& range,
                      const std::string& command, std::ostream& err,
                      std::optional<double>& into);

/// Declares --max-sessions, --max-events, --max-cpu and --max-memory (text
/// options read by `read_work_limits`).
void add_work_limit_options(boost::program_options::options_description& d);

/// The work limits, defaults raised by the options above; false (and a
/// message) for a value that is not a positive whole number.
bool read_work_limits(const boost::program_options::variables_map& vm,
                      const std::string& command, std::ostream& err,
                      scenarios::work_limits& into);

/// Refuses a request beyond `limits`: prints every exceeded limit and
/// returns false. Within them, prints the estimate to `err` when `verbose`.
bool check_work(const scenarios::work_estimate& estimate,
                const scenarios::work_limits& limits,
                const std::string& command, bool verbose, std::ostream& err);

} // namespace livechat::cli
