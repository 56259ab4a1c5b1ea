#include "core/stats/statistics.hpp"

#include "core/session_rules.hpp"
#include "core/time_arithmetic.hpp"

#include <cassert>

namespace livechat::stats {

namespace {

double ratio(double num, double den) noexcept {
  return den > 0 ? num / den : 0.0;
}

/// Kaplan-Meier estimate of P(V <= t) for the virtual wait V: answered waits
/// are observed events, abandonments are censored at the time they left.
/// Works bucket by bucket on the shared histogram grid: within a bucket,
/// events are taken before censorings (the usual convention for ties).
double virtual_service_level(const log_linear_histogram& answered,
                             const log_linear_histogram& abandoned,
                             duration t) {
  auto at_risk = static_cast<double>(answered.count() + abandoned.count());
  if (at_risk == 0)
    return 0.0;
  double survival = 1.0;
  auto a = answered.nonempty_buckets();
  auto b = abandoned.nonempty_buckets();
  auto ai = a.begin();
  auto bi = b.begin();
  while (ai != a.end() || bi != b.end()) {
    std::size_t index;
    if (bi == b.end() || (ai != a.end() && (*ai).index <= (*bi).index))
      index = (*ai).index;
    else
      index = (*bi).index;
    if (log_linear_histogram::bucket_lower(index) > t)
      break;
    double events = 0;
    double censored = 0;
    if (ai != a.end() && (*ai).index == index) {
      events = static_cast<double>((*ai).count);
      ++ai;
    }
    if (bi != b.end() && (*bi).index == index) {
      censored = static_cast<double>((*bi).count);
      ++bi;
    }
    if (at_risk > 0)
      survival *= 1.0 - events / at_risk;
    at_risk -= events + censored;
  }
  return 1.0 - survival;
}

} // namespace

// -- queue_figures ------------------------------------------------------------

double queue_figures::abandon_rate() const noexcept {
  return ratio(static_cast<double>(abandoned), static_cast<double>(offered));
}

double queue_figures::asa_answered_s() const noexcept {
  return ratio(static_cast<double>(wait.sum_seconds()),
               static_cast<double>(wait.count()));
}

double queue_figures::asa_all_s() const noexcept {
  return ratio(
    static_cast<double>(wait.sum_seconds() + abandon_wait.sum_seconds()),
    static_cast<double>(wait.count() + abandon_wait.count()));
}

queueing::service_levels queue_figures::service_level() const {
  queueing::service_levels sl;
  auto within = static_cast<double>(answered_within_threshold);
  sl.offered = ratio(within, static_cast<double>(offered));
  sl.answered = ratio(within, static_cast<double>(answered));
  sl.excl_short_abandons
    = ratio(within, static_cast<double>(offered) - abandoned_within_threshold);
  sl.virtual_wait = virtual_service_level(wait, abandon_wait, threshold);
  return sl;
}

double operator_figures::occupancy() const noexcept {
  return ratio(to_seconds(busy_online), to_seconds(online_capacity));
}

// -- statistics
// -----------------------------------------------------------------

statistics::statistics(const directory& dir, statistics_config config)
    : config_(config) {
  members_.reserve(dir.groups().size());
  for (const auto& g : dir.groups())
    members_.push_back(g.members);
  empty_queue_.threshold = config_.sl_threshold;
}

queue_figures& statistics::chat_mut(chat_id c) {
  if (c.value >= chats_.size())
    chats_.resize(c.value + 1, empty_queue_);
  return chats_[c.value];
}

queue_figures& statistics::group_mut(group_id g) {
  if (g.value >= groups_.size())
    groups_.resize(g.value + 1, empty_queue_);
  return groups_[g.value];
}

statistics::operator_track& statistics::track(operator_id o) {
  if (o.value >= operators_.size()) {
    auto first_new = operators_.size();
    operators_.resize(o.value + 1);
    for (auto i = first_new; i < operators_.size(); ++i)
      operators_[i].figures.id = operator_id{static_cast<std::uint32_t>(i)};
  }
  return operators_[o.value];
}

void statistics::advance(operator_track& o, timestamp now) {
  assert(now >= o.since && "statistics: events out of time order");
  auto from = std::max(o.since, config_.warmup_end);
  auto to = std::min(now, config_.measure_end);
  o.since = now;
  if (to <= from)
    return;
  auto dt = to - from;
  auto& f = o.figures;
  // Saturating: an integral beyond 292 years (a large capacity over a run
  // that drains for a century, core/limits.hpp) stays at the maximum
  // instead of wrapping.
  auto times = [dt](int n) {
    return saturating_scale(dt, static_cast<double>(n));
  };
  f.busy = saturating_add(f.busy, times(o.load));
  if (o.status == operator_status::online) {
    f.online = saturating_add(f.online, dt);
    f.busy_online = saturating_add(f.busy_online, times(o.load));
    f.online_capacity = saturating_add(f.online_capacity, times(o.capacity));
  }
}

void statistics::change_load(operator_id o, timestamp now, int delta) {
  auto& t = track(o);
  advance(t, now);
  t.load += delta;
  assert(t.load >= 0 && "statistics: load below zero; events out of order?");
}

void statistics::record_wait(queue_figures& q, duration wait) {
  ++q.answered;
  q.wait.record(wait);
  if (wait <= config_.sl_threshold)
    ++q.answered_within_threshold;
}

void statistics::record_abandon(queue_figures& q, duration wait) {
  ++q.abandoned;
  q.abandon_wait.record(wait);
  if (wait <= config_.sl_threshold)
    ++q.abandoned_within_threshold;
}

void statistics::observe(const routing_event& e) {
  std::visit(
    [this](const auto& x) {
      observe(x);
    },
    e);
}

void statistics::observe(const status_event& e) {
  auto& t = track(e.op);
  advance(t, e.at);
  t.status = e.status;
  t.capacity = e.capacity;
}

void statistics::observe_operators(const session_event& e) {
  if (auto released = released_by(e); released.valid())
    change_load(released, e.at, -1);
  if (auto held = holder_after(e); held.valid()) {
    change_load(held, e.at, +1);
    if (e.at >= config_.warmup_end && e.at < config_.measure_end)
      ++track(held).figures.handled;
  }
}

void statistics::observe(const session_event& e) {
  auto it = sessions_.find(e.session);
  if (it == sessions_.end()) {
    if (!session_track::starts(e)) {
      observe_operators(e); // arrived before we started observing
      return;
    }
    it = sessions_
           .emplace(e.session, session_track::start(e, config_.warmup_end))
           .first;
  }
  (void)observe(e, it->second);
  if (ends_session(e.kind))
    sessions_.erase(it);
}

queue_step statistics::observe(const session_event& e, session_track& s) {
  using kind = session_event_kind;
  // Operator integrals first: they do not depend on warm-up membership.
  observe_operators(e);
  auto step = s.step(e);
  if (session_track::starts(e))
    ++open_;
  if (ends_session(e.kind))
    --open_;
  if (!s.counted)
    return step;

  auto& c = chat_mut(e.chat);
  auto wait = e.at - e.queued_at;
  bool in_expert_queue = e.expert_group.valid();
  switch (e.kind) {
    case kind::queued:
      if (e.reason == transition_reason::arrived)
        ++c.offered;
      else if (e.reason == transition_reason::operator_offline) {
        ++c.requeued;
        c.handle.record(e.at - e.assigned_at);
      } else if (in_expert_queue) {
        ++group_mut(e.expert_group).offered;
      }
      break;
    case kind::assigned:
      if (e.previous_op.valid())
        c.handle.record(e.at - e.assigned_at);
      if (step != queue_step::first_answer)
        break;
      if (in_expert_queue) {
        auto& g = group_mut(e.expert_group);
        ++g.answered;
        g.wait.record(wait);
        g.transfer_wait.record(wait);
        if (wait <= config_.sl_threshold)
          ++g.answered_within_threshold;
        c.transfer_wait.record(wait);
      } else {
        record_wait(c, wait);
        if (e.via_group.valid()) {
          auto& g = group_mut(e.via_group);
          ++g.answered;
          g.wait.record(wait);
          if (wait <= config_.sl_threshold)
            ++g.answered_within_threshold;
        }
      }
      break;
    case kind::transferred:
      ++c.transferred;
      c.handle.record(e.at - e.assigned_at);
      break;
    case kind::closed: c.handle.record(e.at - e.assigned_at); break;
    case kind::abandoned:
      if (step == queue_step::abandoned)
        record_abandon(in_expert_queue ? group_mut(e.expert_group) : c, wait);
      break;
    case kind::rejected:
      if (e.transfers == 0) {
        ++c.offered;
        ++c.rejected;
      } else if (in_expert_queue) {
        ++group_mut(e.expert_group).rejected;
      }
      break;
  }
  return step;
}

void statistics::finish(timestamp end) {
  for (auto& o : operators_)
    advance(o, end);
}

const queue_figures& statistics::chat(chat_id c) const {
  return c.value < chats_.size() ? chats_[c.value] : empty_queue_;
}

const queue_figures& statistics::group(group_id g) const {
  return g.value < groups_.size() ? groups_[g.value] : empty_queue_;
}

const operator_figures& statistics::op(operator_id o) const {
  return o.value < operators_.size() ? operators_[o.value].figures
                                     : empty_operator_;
}

double statistics::group_occupancy(group_id g) const {
  // Summed as long double (a 64-bit mantissa: exact while the sums fit 64
  // bits, as every sum of durations did before): 100,000 members Online for
  // a year is 100,000 years of nanoseconds, far beyond a duration.
  long double busy = 0;
  long double capacity = 0;
  if (g.value < members_.size())
    for (auto m : members_[g.value]) {
      busy += op(m).busy_online.count();
      capacity += op(m).online_capacity.count();
    }
  return ratio(static_cast<double>(busy) / 1e9,
               static_cast<double>(capacity) / 1e9);
}

group_fairness statistics::fairness(group_id g) const {
  group_fairness out;
  if (g.value >= members_.size())
    return out;
  for (auto m : members_[g.value]) {
    const auto& f = op(m);
    if (f.online <= duration::zero())
      continue;
    auto hours = to_seconds(f.online) / 3600.0;
    out.operators.push_back(m);
    out.handled_per_online_hour.push_back(static_cast<double>(f.handled)
                                          / hours);
    out.busy_share_of_online.push_back(to_seconds(f.busy_online)
                                       / to_seconds(f.online));
  }
  out.handled = summarize(out.handled_per_online_hour);
  out.busy_time = summarize(out.busy_share_of_online);
  return out;
}

} // namespace livechat::stats
