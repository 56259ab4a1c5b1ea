#include "bench/wait_accuracy.hpp"

#include "core/contacts.hpp"
#include "core/directory.hpp"
#include "core/random.hpp"
#include "core/stats/running_stats.hpp"

#include <cassert>
#include <cmath>
#include <queue>
#include <string>
#include <unordered_map>

namespace livechat::bench {

namespace {

/// Inverse transform: -mean ln(1 - U), U uniform in [0, 1).
duration exponential(random_generator& gen, double mean_s) {
  return from_seconds(-mean_s * std::log1p(-gen.uniform01()));
}

/// An arrival, or the end of a handling; (at, seq) orders them totally.
struct action {
  timestamp at;
  std::uint64_t seq;
  session_id session; ///< for an end of handling: the session
  operator_id op;     ///< and the operator closing it; invalid: an arrival
};

struct later {
  bool operator()(const action& x, const action& y) const noexcept {
    return x.at != y.at ? x.at > y.at : x.seq > y.seq;
  }
};

class wait_loop {
public:
  wait_loop(const wait_accuracy_load& load, std::uint64_t seed)
      : load_(load),
        arrivals_(random_generator::derive(seed, 1)),
        handling_(random_generator::derive(seed, 2)) {
    assert(load.operators >= 1 && load.capacity >= 1);
    assert(load.utilisation > 0 && load.utilisation < 1);
    auto slots = static_cast<double>(load.operators * load.capacity);
    mean_interarrival_s_ = load.mean_handle_s / (load.utilisation * slots);
  }

  std::vector<wait_sample> run() {
    set_up();
    schedule(timestamp{} + exponential(arrivals_, mean_interarrival_s_), {},
             {});
    while (!actions_.empty()) {
      auto a = actions_.top();
      actions_.pop();
      if (a.op.valid()) {
        [[maybe_unused]] auto ok = r_.close_session(a.at, a.op, a.session);
        assert(ok && "the operator closes the session it holds");
      } else {
        arrive(a.at);
      }
      feed();
    }
    assert(pending_.empty() && "every waiting session was served");
    return std::move(samples_);
  }

private:
  void set_up() {
    auto admin = r_.dir().find_user("admin").value();
    std::vector<user_id> ops;
    for (int k = 0; k < load_.operators; ++k)
      ops.push_back(r_.add_user("op" + std::to_string(k)).value());
    auto group = r_.create_group(timestamp{}, admin, "operators", ops).value();
    live_chat_definition def;
    def.name = "external";
    def.operator_groups = {group};
    def.channel = "whatsapp";
    def.routing = routing_policy_kind::longest_idle;
    def.capacity = load_.capacity;
    chat_ = r_.define_live_chat(timestamp{}, admin, def).value();
    for (auto op : ops) {
      [[maybe_unused]] auto ok = r_.set_status(timestamp{}, op,
                                               operator_status::online);
      assert(ok);
    }
    feed();
  }

  void schedule(timestamp at, session_id s, operator_id op) {
    actions_.push(action{at, seq_++, s, op});
  }

  void arrive(timestamp now) {
    auto ticket
      = r_.open_session(now, customer_of(contact_id{next_customer_++}), chat_);
    assert(ticket && "an external chat without a limit takes everyone");
    if (ticket->state == session_state::waiting) {
      pending_.emplace(ticket->id, samples_.size());
      samples_.push_back(wait_sample{r_.standing(ticket->id).value(), {}});
    }
    if (++arrived_ < load_.arrivals)
      schedule(now + exponential(arrivals_, mean_interarrival_s_), {}, {});
  }

  /// Schedules the end of handling of every assignment since the last call,
  /// and records the waits of sampled sessions.
  void feed() {
    r_.take_events(events_);
    for (const auto& e : events_) {
      const auto* s = std::get_if<session_event>(&e);
      if (s == nullptr || s->kind != session_event_kind::assigned)
        continue;
      schedule(s->at + exponential(handling_, load_.mean_handle_s), s->session,
               s->op);
      if (auto i = pending_.find(s->session); i != pending_.end()) {
        samples_[i->second].actual = s->at - s->queued_at;
        pending_.erase(i);
      }
    }
  }

  wait_accuracy_load load_;
  random_generator arrivals_;
  random_generator handling_;
  double mean_interarrival_s_ = 0;
  router r_{directory{"admin"}};
  chat_id chat_;
  std::priority_queue<action, std::vector<action>, later> actions_;
  std::vector<routing_event> events_;
  std::uint64_t seq_ = 0;
  std::uint64_t arrived_ = 0;
  std::uint32_t next_customer_ = 100000;
  std::vector<wait_sample> samples_;
  std::unordered_map<session_id, std::size_t> pending_; ///< sample index
};

/// Batch-means standard error of the mean of `xs` (20 batches).
double batch_means_se(const std::vector<double>& xs) {
  constexpr std::size_t batches = 20;
  if (xs.size() < batches * 2)
    return 0;
  std::size_t per = xs.size() / batches;
  stats::running_stats means;
  for (std::size_t b = 0; b < batches; ++b) {
    stats::running_stats batch;
    for (std::size_t i = b * per; i < (b + 1) * per; ++i)
      batch.add(xs[i]);
    means.add(batch.mean());
  }
  return means.standard_error();
}

} // namespace

std::vector<wait_sample> simulate_waits(const wait_accuracy_load& load,
                                        std::uint64_t seed) {
  return wait_loop{load, seed}.run();
}

std::optional<duration> router_estimate(const queue_standing& st) {
  return st.expected_wait;
}

double wait_accuracy::relative_bias() const noexcept {
  return mean_wait_s > 0 ? mean_error_s / mean_wait_s : 0;
}

wait_accuracy measure(std::span<const wait_sample> samples,
                      const wait_estimator& estimate) {
  wait_accuracy out;
  stats::running_stats wait, est, abs_error;
  std::vector<double> errors;
  std::size_t within = 0;
  for (const auto& s : samples) {
    auto e = estimate(s.standing);
    if (!e) {
      ++out.without_estimate;
      continue;
    }
    double actual = to_seconds(s.actual), guess = to_seconds(*e);
    wait.add(actual);
    est.add(guess);
    abs_error.add(std::abs(guess - actual));
    errors.push_back(guess - actual);
    if (std::abs(guess - actual) <= 0.5 * actual)
      ++within;
  }
  out.samples = errors.size();
  out.mean_wait_s = wait.mean();
  out.mean_estimate_s = est.mean();
  out.mean_abs_error_s = abs_error.mean();
  out.mean_error_s = est.mean() - wait.mean();
  out.mean_error_se_s = batch_means_se(errors);
  if (out.samples > 0)
    out.within_half = static_cast<double>(within)
                      / static_cast<double>(out.samples);
  return out;
}

} // namespace livechat::bench
