#include "actors/event_stream.hpp"

#include <algorithm>

namespace livechat {

std::string_view to_string(stream_end e) noexcept {
  switch (e) {
    case stream_end::cut_off: return "cut off: the subscriber fell behind";
    case stream_end::cancelled: return "cancelled";
    case stream_end::finished: return "finished";
    case stream_end::stopped: return "the runtime stopped";
  }
  return "unknown";
}

event_stream::event_stream(stream_options options)
    : capacity_(std::max<std::size_t>(options.buffer, 1)),
      on_ready_(std::move(options.on_ready)) {}

std::vector<stream_item> event_stream::take(std::size_t max) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto n = std::min(max, items_.size());
  std::vector<stream_item> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(std::move(items_.front()));
    items_.pop_front();
  }
  return out;
}

std::optional<stream_end> event_stream::end() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return end_;
}

void event_stream::cancel() {
  std::lock_guard<std::mutex> guard{mtx_};
  if (!end_)
    end_ = stream_end::cancelled;
}

std::size_t event_stream::buffered() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return items_.size();
}

bool event_stream::push(stream_item item) {
  bool was_empty = false;
  bool accepted = false;
  bool ended_now = false;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (end_)
      return false;
    if (items_.size() >= capacity_) {
      end_ = stream_end::cut_off;
      ended_now = true;
    } else {
      was_empty = items_.empty();
      items_.push_back(std::move(item));
      accepted = true;
    }
  }
  notify_if(was_empty || ended_now);
  return accepted;
}

void event_stream::finish(stream_end why) {
  bool ended_now = false;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (!end_) {
      end_ = why;
      ended_now = true;
    }
  }
  notify_if(ended_now);
}

void event_stream::notify_if(bool notify) {
  if (notify && on_ready_)
    on_ready_();
}

} // namespace livechat
