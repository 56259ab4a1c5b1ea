#include "sim/parallel.hpp"

#include <algorithm>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace livechat::sim {

void parallel_for(std::size_t count, std::size_t threads,
                  const std::atomic<bool>* cancel,
                  const std::function<void(std::size_t)>& work) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr failure;
  std::mutex mtx; // guards failure
  auto cancelled = [cancel] {
    return cancel != nullptr && cancel->load();
  };
  auto worker = [&] {
    for (auto i = next++; i < count && !failed && !cancelled(); i = next++) {
      try {
        work(i);
      } catch (...) {
        std::lock_guard<std::mutex> guard{mtx};
        if (!failure)
          failure = std::current_exception();
        failed = true;
      }
    }
  };
  std::vector<std::thread> pool;
  auto wanted = std::max<std::size_t>(1, std::min(threads, count));
  for (std::size_t t = 1; t < wanted; ++t) {
    try {
      pool.emplace_back(worker);
    } catch (const std::system_error&) {
      break; // no more threads to be had: run on fewer
    }
  }
  worker();
  for (auto& t : pool)
    t.join();
  if (failure)
    std::rethrow_exception(failure);
  if (cancelled())
    throw interrupted{};
}

} // namespace livechat::sim
