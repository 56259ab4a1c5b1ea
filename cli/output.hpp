// What the subcommands share for their output: progress on stderr, checking
// output paths before any work, and writing report files.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>

namespace livechat::cli {

/// Progress of long work on stderr. On a terminal: a bar redrawn in place.
/// Otherwise (a log, CI): one line every `line_every`, so a long run is never
/// silent, and nothing for work that ends sooner. Callable from any thread.
class progress_bar {
public:
  /// `command` names the subcommand, `unit` what is counted ("replications",
  /// "simulated days").
  progress_bar(bool enabled, const char* command, const char* unit,
               std::chrono::seconds line_every = std::chrono::seconds{5});
  void operator()(std::size_t done, std::size_t total);

private:
  bool enabled_;
  bool terminal_;
  const char* command_;
  const char* unit_;
  std::chrono::steady_clock::duration line_every_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_line_;
  std::mutex mtx_;
};

/// Whether `path` can be written, tried without changing it: a file that
/// exists stays as it is; one that does not is created and removed again.
/// Nothing on success; otherwise the system's reason ("Permission denied",
/// "No such file or directory", "Is a directory").
std::optional<std::string> cannot_write(const std::string& path);

/// Checks every non-empty path of `paths` with `cannot_write`; prints
/// `livechat <command>: cannot write 'path': reason` for each that fails.
bool check_output_paths(std::initializer_list<const std::string*> paths,
                        const char* command, std::ostream& err);

/// Writes `make()` to `path` unless `path` is empty; false (and a message
/// with the system's reason) when it cannot.
template <class Make>
bool write_text_file(const std::string& path, Make make, std::ostream& err) {
  if (path.empty())
    return true;
  std::ofstream file{path};
  if (file)
    file << make();
  if (!file) {
    auto why = cannot_write(path);
    err << "livechat: cannot write '" << path
        << "': " << why.value_or("write failed") << '\n';
    return false;
  }
  return true;
}

/// Before any work: the report files can be written (`check_output_paths`)
/// and the CSV directory exists (`make_output_directory`); false (and a
/// message for each problem) otherwise.
bool prepare_outputs(const std::string& json, const std::string& html,
                     const std::string& csv_dir, const char* command,
                     std::ostream& err);

/// Creates `dir` (and its parents) unless `dir` is empty; false (and a
/// message naming `command`) when it cannot.
bool make_output_directory(const std::string& dir, const char* command,
                           std::ostream& err);

} // namespace livechat::cli
