#include "cli/output.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <unistd.h>

namespace livechat::cli {

progress_bar::progress_bar(bool enabled, const char* command, const char* unit,
                           std::chrono::seconds line_every)
    : enabled_(enabled),
      terminal_(isatty(2) != 0),
      command_(command),
      unit_(unit),
      line_every_(line_every),
      start_(std::chrono::steady_clock::now()),
      last_line_(start_) {}

void progress_bar::operator()(std::size_t done, std::size_t total) {
  if (!enabled_)
    return;
  std::lock_guard<std::mutex> guard{mtx_};
  total = std::max<std::size_t>(total, 1);
  if (terminal_) {
    constexpr std::size_t width = 30;
    auto filled = std::min(width, width * done / total);
    fmt::print(stderr, "\r[{}{}] {}/{} {}", std::string(filled, '#'),
               std::string(width - filled, ' '), done, total, unit_);
    if (done >= total)
      fmt::print(stderr, "\n");
    return;
  }
  auto now = std::chrono::steady_clock::now();
  if (now - last_line_ < line_every_ || done >= total)
    return;
  last_line_ = now;
  double elapsed = std::chrono::duration<double>(now - start_).count();
  auto line = fmt::format("livechat {}: {}/{} {} ({:.0f} %), {:.0f} s",
                          command_, done, total, unit_, 100.0 * done / total,
                          elapsed);
  if (done > 0)
    line += fmt::format(", about {:.0f} s left",
                        elapsed * double(total - done) / double(done));
  fmt::print(stderr, "{}\n", line);
}

std::optional<std::string> cannot_write(const std::string& path) {
  // O_EXCL tells whether the file was there: only then is it left alone.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd >= 0) {
    ::close(fd);
    ::unlink(path.c_str());
    return std::nullopt;
  }
  if (errno != EEXIST)
    return std::string{std::strerror(errno)};
  fd = ::open(path.c_str(), O_WRONLY | O_APPEND);
  if (fd < 0)
    return std::string{std::strerror(errno)};
  ::close(fd);
  return std::nullopt;
}

bool check_output_paths(std::initializer_list<const std::string*> paths,
                        const char* command, std::ostream& err) {
  bool ok = true;
  for (const auto* p : paths) {
    if (p->empty())
      continue;
    if (auto why = cannot_write(*p)) {
      fmt::print(err, "livechat {}: cannot write '{}': {}\n", command, *p,
                 *why);
      ok = false;
    }
  }
  return ok;
}

bool prepare_outputs(const std::string& json, const std::string& html,
                     const std::string& csv_dir, const char* command,
                     std::ostream& err) {
  return check_output_paths({&json, &html}, command, err)
         && make_output_directory(csv_dir, command, err);
}

bool make_output_directory(const std::string& dir, const char* command,
                           std::ostream& err) {
  if (dir.empty())
    return true;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    fmt::print(err, "livechat {}: cannot create directory '{}': {}\n", command,
               dir, ec.message());
    return false;
  }
  return true;
}

} // namespace livechat::cli
