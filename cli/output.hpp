// What the subcommands share for their output: a progress bar on stderr and
// writing report files.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <unistd.h>

namespace livechat::cli {

/// A progress bar on stderr, only when stderr is a terminal.
class progress_bar {
public:
  /// `unit` names what is counted ("replications", "simulated days").
  progress_bar(bool enabled, const char* unit)
      : enabled_(enabled && isatty(2)), unit_(unit) {}
  void operator()(std::size_t done, std::size_t total) const {
    if (!enabled_)
      return;
    constexpr int width = 30;
    auto filled
      = static_cast<int>(width * done / std::max<std::size_t>(total, 1));
    std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu %s", filled,
                 "##############################", width - filled, "", done,
                 total, unit_);
    if (done == total)
      std::fprintf(stderr, "\n");
  }

private:
  bool enabled_;
  const char* unit_;
};

/// Writes `make()` to `path` unless `path` is empty; false (and a message)
/// when it cannot.
template <class Make>
bool write_text_file(const std::string& path, Make make, std::ostream& err) {
  if (path.empty())
    return true;
  std::ofstream file{path};
  file << make();
  if (!file) {
    err << "livechat: cannot write '" << path << "'\n";
    return false;
  }
  return true;
}

/// Creates `dir` (and its parents) unless `dir` is empty; false (and a
/// message naming `command`) when it cannot.
inline bool make_output_directory(const std::string& dir, const char* command,
                                  std::ostream& err) {
  if (dir.empty())
    return true;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    err << "livechat " << command << ": cannot create directory '" << dir
        << "': " << ec.message() << '\n';
    return false;
  }
  return true;
}

} // namespace livechat::cli
