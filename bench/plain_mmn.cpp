#include "bench/plain_mmn.hpp"

#include "core/random.hpp"

#include <cmath>

namespace livechat::bench {

mmn_result plain_mmn::run(const mmn_params& p, std::uint64_t seed) {
  random_generator gen{seed};
  auto exponential = [&gen](double mean) {
    return -mean * std::log1p(-gen.uniform01()); // uniform01() < 1
  };
  // `events_` is empty here: every run drains it.
  arrival_.clear();
  state_.clear();
  queue_.clear();
  std::size_t head = 0; // queue_[head] is the longest-waiting entry
  int free_servers = p.servers;
  const bool patient = p.mean_patience_s <= 0;
  const double mean_interarrival_s = 1.0 / p.arrival_rate_per_s;
  mmn_result r;
  double wait_sum_s = 0;

  auto schedule_arrival = [&](double now) {
    double t = now + exponential(mean_interarrival_s);
    if (t < p.horizon_s)
      events_.push(
        {t, event_kind::arrival, static_cast<std::uint32_t>(arrival_.size())});
  };
  auto start_service = [&](double now, std::uint32_t id) {
    --free_servers;
    state_[id] = customer_state::served;
    ++r.answered;
    double wait = now - arrival_[id];
    wait_sum_s += wait;
    if (wait <= p.sl_threshold_s)
      ++r.answered_within_threshold;
    events_.push(
      {now + exponential(p.mean_handle_s), event_kind::departure, id});
  };

  schedule_arrival(0);
  while (!events_.empty()) {
    const event e = events_.top();
    events_.pop();
    switch (e.kind) {
      case event_kind::arrival:
        ++r.offered;
        arrival_.push_back(e.time);
        state_.push_back(customer_state::waiting);
        if (free_servers > 0) {
          start_service(e.time, e.id);
        } else {
          queue_.push_back(e.id);
          if (!patient)
            events_.push({e.time + exponential(p.mean_patience_s),
                          event_kind::abandon, e.id});
        }
        schedule_arrival(e.time);
        break;
      case event_kind::departure:
        ++free_servers;
        while (head < queue_.size()
               && state_[queue_[head]] != customer_state::waiting)
          ++head; // abandoned meanwhile
        if (head < queue_.size())
          start_service(e.time, queue_[head++]);
        break;
      case event_kind::abandon:
        if (state_[e.id] == customer_state::waiting) { // else: served already
          state_[e.id] = customer_state::abandoned;
          ++r.abandoned;
          wait_sum_s += e.time - arrival_[e.id];
        }
        break;
    }
  }
  auto finished = r.answered + r.abandoned;
  r.mean_wait_s = finished > 0 ? wait_sum_s / static_cast<double>(finished) : 0;
  return r;
}

} // namespace livechat::bench
