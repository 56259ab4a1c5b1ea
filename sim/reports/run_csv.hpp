// CSV tables of a run, for users' own analysis (spreadsheets, pandas, R).
//
// Files in the output directory (created if missing), each with a header row,
// comma-separated, RFC 4180 quoting where a name needs it, times in seconds
// with millisecond resolution:
//   sessions.csv    one row per session of every replication, with its
//                   outcome, wait, first operator, handling, and with a
//                   message model its first response and messages (streamed: a
//                   `session_csv_writer` takes each replication's records in
//                   replication order as the experiment delivers them)
//   live_chats.csv  per live chat: every figure with mean and 95 % CI
//   groups.csv      per group: every figure with mean and 95 % CI
//   operators.csv   per operator of each group: every figure, mean and CI
//   timeseries.csv  per time bin: each chat's and group's series
// With `--compare-routing`, the summary tables gain a leading `routing`
// column: `scenario` for the run as written, then one block of rows per
// compared policy.
//
// Example:
//   sim::session_csv_writer sessions{"out/sessions.csv", ws};
//   options.sessions = [&](auto r, const auto& recs) { sessions.write(r, recs);
//   };
//   ... run ...
//   sim::write_summary_csv("out", report);
#pragma once

#include "scenarios/workspace.hpp"
#include "sim/observer.hpp"
#include "sim/reports/run_report.hpp"

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace livechat::sim {

/// `text` as one CSV field: quoted (with doubled quotes) if it holds a comma,
/// a quote or a line break.
std::string csv_field(std::string_view text);

/// Writes sessions.csv row by row.
class session_csv_writer {
public:
  /// Opens `path` and writes the header; `ok()` tells whether it worked.
  session_csv_writer(const std::string& path,
                     const scenarios::scenario_workspace& ws);

  void write(std::uint64_t replication,
             const std::vector<session_record>& records);
  /// Whether every write so far succeeded.
  bool ok() const {
    return static_cast<bool>(out_);
  }

private:
  std::ofstream out_;
  const scenarios::scenario_workspace& ws_;
};

/// Writes live_chats.csv, groups.csv, operators.csv and timeseries.csv into
/// `dir`. Returns the path of a file it could not write, or empty.
std::string write_summary_csv(const std::string& dir, const run_report& rep);

} // namespace livechat::sim
