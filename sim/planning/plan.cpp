#include "sim/planning/plan.hpp"

#include "sim/engine.hpp"
#include "sim/experiment.hpp"
#include "sim/planning/decision.hpp"
#include "sim/planning/evidence.hpp"
#include "sim/planning/load_classes.hpp"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cmath>
#include <limits>
#include <optional>
#include <thread>

namespace livechat::sim::planning {

namespace {

using scenarios::target_metric;

/// Replication numbers of fresh confirmations start here: far above any
/// the search uses (at most --max-replications from 0), so no day is
/// reused.
constexpr std::uint64_t confirmation_base = std::uint64_t{1} << 40;
constexpr std::uint64_t confirmation_stride = std::uint64_t{1} << 24;

using flags = std::vector<std::vector<bool>>; ///< [group][class]

/// One planning run (make_plan): the steps of plan.hpp's method, each a
/// method, sharing what they learn.
class planner {
public:
  planner(const scenarios::scenario& sc,
          const scenarios::scenario_workspace& ws, const plan_options& options)
      : sc_(sc),
        ws_(ws),
        options_(options),
        pc_{sc, options, serving_groups(ws)} {}

  plan_result run() {
    describe_groups();
    estimate_loads();
    initial_staffing();
    auto a = search(staff_);
    raise_until_met(a);
    trim(a);
    auto confirmed = confirm();
    write_groups(confirmed);
    write_forecast();
    check_volumes();
    out_.simulated_days = pc_.simulated_days;
    return std::move(out_);
  }

private:
  std::size_t classes() const {
    return pc_.classes.members.size();
  }

  /// The queues each group serves and its capacity per operator.
  void describe_groups() {
    pc_.intervals = time_bins::of_width(sc_.horizon, options_.interval).count;
    pc_.occupancy_cap = options_.max_occupancy;
    pc_.max_reps = std::max(options_.search_reps, options_.max_reps);
    for (const auto& t : options_.targets)
      if (t.metric == target_metric::occupancy)
        pc_.occupancy_cap = std::min(pc_.occupancy_cap, t.bound);
    for (auto g : pc_.groups) {
      pc_.names.push_back(ws_.dir.get(g).name);
      auto& queues = pc_.queues.emplace_back();
      bool expert = false;
      int cap = 1;
      for (std::size_t c = 0; c < ws_.chats.size(); ++c) {
        const auto& def = ws_.chats[c];
        auto in = [g](const auto& list) {
          return std::find(list.begin(), list.end(), g) != list.end();
        };
        bool serves = in(def.operator_groups);
        if (serves)
          queues.push_back({false, c});
        expert = expert || in(def.expert_groups);
        if (serves || in(def.expert_groups))
          cap = std::max(cap, def.capacity);
      }
      if (expert)
        queues.push_back({true, pc_.queues.size() - 1});
      pc_.capacity.push_back(cap);
    }
  }

  /// 1. The Erlang answers, and the classes of intervals with the same load.
  void estimate_loads() {
    auto interval = options_.interval;
    loads_ = interval_loads(sc_, ws_, pc_.groups, interval, pc_.intervals,
                            options_.trace_times);
    while (pc_.first_measured + 1 < pc_.intervals
           && interval * static_cast<long long>(pc_.first_measured)
                < sc_.warmup)
      ++pc_.first_measured;
    pc_.classes = classify_intervals(loads_, pc_.first_measured);
    out_.interval = interval;
    out_.intervals = pc_.intervals;
    out_.targets = options_.targets;
    out_.shrinkage = options_.shrinkage;
    out_.max_occupancy = pc_.occupancy_cap;
    out_.rule = options_.rule;
    erlang_.resize(pc_.groups.size());
    for (std::size_t g = 0; g < pc_.groups.size(); ++g)
      for (std::size_t k = 0; k < pc_.intervals; ++k)
        erlang_[g].push_back(
          erlang_answer(loads_[g][k], options_.targets, options_.shrinkage,
                        options_.max_occupancy, options_.max_agents));
  }

  /// Each class starts at Erlang's answer for its first interval (Erlang A
  /// where customers abandon), within --min/--max.
  void initial_staffing() {
    staff_.assign(pc_.groups.size(), std::vector<int>(classes(), 0));
    short_below_.assign(pc_.groups.size(), std::vector<bool>(classes()));
    for (std::size_t g = 0; g < pc_.groups.size(); ++g)
      for (std::size_t c = 0; c < classes(); ++c) {
        auto k = pc_.classes.members[c].front();
        const auto& ans = erlang_[g][k];
        const auto& start = loads_[g][k].mean_patience_s ? ans.erlang_a
                                                         : ans.erlang_c;
        int n = start.met ? start.agents : options_.max_agents;
        staff_[g][c] = std::clamp(n, options_.min_agents, options_.max_agents);
      }
  }

  /// Progress: the days simulated against an estimate of the total.
  void report_progress() const {
    std::size_t expected_days = options_.search_reps * 2 * 12
                                + options_.confirm_reps * 2 * 3;
    if (options_.progress)
      options_.progress(pc_.simulated_days,
                        std::max(expected_days, pc_.simulated_days));
  }

  /// The search: every candidate on the same days (common random numbers),
  /// with at most twice the replications while unclear (what stays unclear
  /// is raised, and the confirmation has the whole budget).
  assessment search(const class_staffing& s) {
    auto a = assess(pc_, s, 0, options_.search_reps,
                    std::min(pc_.max_reps, 2 * options_.search_reps));
    ++out_.iterations;
    report_progress();
    return a;
  }

  static bool not_met(const cell_verdict& v) {
    return v.v != verdict::met;
  }

  /// Remembers, per group and class, that the staffing one below was shown
  /// clearly short.
  void learn(const class_staffing& s, const assessment& a) {
    for (std::size_t g = 0; g < s.size(); ++g)
      for (std::size_t c = 0; c < classes(); ++c)
        if (a.verdicts[g][c].clearly_short
            && s[g][c] + 1 <= options_.max_agents)
          short_below_[g][c] = true; // at s: so s + 1 has a short one below
  }

  /// One more operator for every class not shown to meet its targets;
  /// whether any was raised.
  bool raise(class_staffing& s, const assessment& with) const {
    bool raised = false;
    for (std::size_t g = 0; g < s.size(); ++g)
      for (std::size_t c = 0; c < classes(); ++c)
        if (not_met(with.verdicts[g][c]) && s[g][c] < options_.max_agents) {
          ++s[g][c];
          raised = true;
        }
    return raised;
  }

  /// 2-3. Raise every group and class not shown to meet its targets.
  void raise_until_met(assessment& a) {
    for (int round = 0; round < 4 * options_.max_agents; ++round) {
      learn(staff_, a);
      if (!raise(staff_, a))
        break;
      a = search(staff_);
    }
  }

  /// 4. Trim: lower every class shown to meet (never one without
  /// evidence); restore those (and the classes of the intervals before
  /// them) that are then not shown to meet, and keep them.
  void trim(assessment& a) {
    flags frozen(staff_.size(), std::vector<bool>(classes()));
    for (int round = 0; round < 2 * options_.max_agents; ++round) {
      auto trial = staff_;
      if (!lower(trial, a, frozen))
        break;
      auto trial_a = search(trial);
      for (std::size_t g = 0; g < staff_.size(); ++g)
        for (std::size_t c = 0; c < classes(); ++c)
          if (trial[g][c] < staff_[g][c]
              && trial_a.verdicts[g][c].clearly_short)
            short_below_[g][c] = true;
      if (restore(trial, a, trial_a, frozen))
        trial_a = search(trial);
      // A restore can leave another class unproven: then stop trimming.
      if (!keeps_what_was_met(a, trial_a))
        break;
      staff_ = std::move(trial);
      a = std::move(trial_a);
    }
  }

  /// Lowers, in `trial`, every class not frozen that `a` shows to meet.
  bool lower(class_staffing& trial, const assessment& a,
             const flags& frozen) const {
    bool lowered = false;
    for (std::size_t g = 0; g < staff_.size(); ++g)
      for (std::size_t c = 0; c < classes(); ++c)
        if (!frozen[g][c] && a.verdicts[g][c].v == verdict::met
            && a.verdicts[g][c].measured
            && staff_[g][c] > options_.min_agents) {
          --trial[g][c];
          lowered = true;
        }
    return lowered;
  }

  /// Puts back (and freezes) the classes met before and not after the
  /// trial, with the classes of the intervals just before theirs.
  bool restore(class_staffing& trial, const assessment& before,
               const assessment& after, flags& frozen) const {
    bool restored = false;
    for (std::size_t g = 0; g < staff_.size(); ++g)
      for (std::size_t c = 0; c < classes(); ++c) {
        if (before.verdicts[g][c].v != verdict::met
            || !not_met(after.verdicts[g][c]))
          continue;
        std::vector<std::size_t> back{c};
        for (auto k : pc_.classes.members[c])
          if (k > 0 && pc_.classes.of[k - 1])
            back.push_back(*pc_.classes.of[k - 1]);
        for (auto j : back)
          if (trial[g][j] != staff_[g][j]) {
            trial[g][j] = staff_[g][j];
            frozen[g][j] = true;
            restored = true;
          }
      }
    return restored;
  }

  bool keeps_what_was_met(const assessment& before,
                          const assessment& after) const {
    for (std::size_t g = 0; g < staff_.size(); ++g)
      for (std::size_t c = 0; c < classes(); ++c)
        if (before.verdicts[g][c].v == verdict::met
            && not_met(after.verdicts[g][c]))
          return false;
    return true;
  }

  /// 5. Fresh confirmation: new, independent days decide "met" and give the
  /// achieved figures; classes that fail are raised and confirmed again.
  assessment confirm() {
    auto attempt_on = [&](int attempt) {
      auto c = assess(
        pc_, staff_,
        confirmation_base
          + confirmation_stride * static_cast<std::uint64_t>(attempt),
        options_.confirm_reps, std::max(options_.confirm_reps, pc_.max_reps));
      ++out_.confirmations;
      report_progress();
      return c;
    };
    auto confirmed = attempt_on(0);
    for (int attempt = 1; attempt < 2 * options_.max_agents; ++attempt) {
      learn(staff_, confirmed);
      if (!raise(staff_, confirmed))
        break;
      confirmed = attempt_on(attempt);
    }
    out_.confirmation_reps = confirmed.ev.replications;
    return confirmed;
  }

  /// The plan of every group, interval by interval, from the confirmation.
  void write_groups(const assessment& confirmed) {
    staff_k_ = per_interval(pc_, staff_);
    for (std::size_t g = 0; g < staff_.size(); ++g) {
      group_plan gp;
      gp.name = pc_.names[g];
      std::vector<bool> noted(classes(), false);
      for (std::size_t k = 0; k < pc_.intervals; ++k) {
        auto ip = interval_of(confirmed, g, k);
        add_to_totals(gp, ip, g);
        auto c = pc_.classes.of[k];
        if (c && !ip.met && !noted[*c]) {
          noted[*c] = true;
          out_.notes.push_back(note_on(gp.name, ip, *c, confirmed));
        }
        gp.intervals.push_back(std::move(ip));
      }
      out_.groups.push_back(std::move(gp));
    }
  }

  interval_plan interval_of(const assessment& confirmed, std::size_t g,
                            std::size_t k) const {
    interval_plan ip;
    ip.index = k;
    ip.start = options_.interval * static_cast<long long>(k);
    ip.arrival_rate_per_h = loads_[g][k].arrival_rate_per_s * 3600.0;
    ip.offered_erlangs = loads_[g][k].offered_erlangs();
    ip.erlang = erlang_[g][k];
    ip.required = staff_k_[g][k];
    ip.positions = static_cast<int>(std::ceil(
      static_cast<double>(ip.required) / (1.0 - options_.shrinkage) - 1e-9));
    auto c = pc_.classes.of[k];
    const cell_verdict* cell = c ? &confirmed.verdicts[g][*c] : nullptr;
    ip.warmup = !c.has_value();
    ip.outcome = cell ? cell->v : verdict::met;
    ip.met = ip.outcome == verdict::met;
    ip.achieved = achieved_of(pc_, confirmed.ev, cell, g, k);
    if (confirmed.ev.occupancy[g][k].count() > 0)
      ip.occupancy = to_figure(confirmed.ev.occupancy[g][k]);
    return ip;
  }

  /// Adds interval `ip` of group `g` to the group's hours and peaks.
  void add_to_totals(group_plan& gp, const interval_plan& ip,
                     std::size_t g) const {
    auto hours = to_seconds(options_.interval) / 3600.0;
    auto c = pc_.classes.of[ip.index];
    // A difference from Erlang is established when the evidence shows it:
    // fewer operators than Erlang, shown to meet the targets; more, with one
    // fewer shown clearly short.
    for (bool use_a : {false, true}) {
      const auto& e = use_a ? ip.erlang.erlang_a : ip.erlang.erlang_c;
      auto diff = e.met ? ip.required - e.agents : 0;
      bool established
        = c && ((diff < 0 && ip.met) || (diff > 0 && short_below_[g][*c]));
      (use_a ? gp.established_vs_erlang_a_hours
             : gp.established_vs_erlang_c_hours)
        += established ? diff * hours : 0.0;
    }
    gp.operator_hours += ip.required * hours;
    gp.position_hours += ip.positions * hours;
    gp.erlang_c_hours += ip.erlang.erlang_c.agents * hours;
    gp.erlang_a_hours += ip.erlang.erlang_a.agents * hours;
    gp.peak_required = std::max(gp.peak_required, ip.required);
    gp.peak_positions = std::max(gp.peak_positions, ip.positions);
  }

  /// Why class `c` (first seen at `ip`) is not shown to meet its targets.
  std::string note_on(const std::string& group, const interval_plan& ip,
                      std::size_t c, const assessment& confirmed) const {
    auto count = pc_.classes.members[c].size();
    return group + ", interval from " + scenarios::format_duration(ip.start)
           + (count > 1 ? " (and " + std::to_string(count - 1)
                            + " more with the same load)"
                        : std::string{})
           + ": "
           + (ip.required >= options_.max_agents
                ? "targets not met even with --max "
                    + std::to_string(options_.max_agents) + " operators"
                : "undecided after " + std::to_string(confirmed.ev.replications)
                    + " replications (--max-replications or --tolerance "
                      "decide it)");
  }

  /// The forecast per chat: mean arrivals per hour in each interval.
  void write_forecast() {
    auto interval = options_.interval;
    for (std::size_t c = 0; c < ws_.chats.size(); ++c) {
      out_.chat_names.push_back(ws_.chats[c].name);
      std::vector<double> per_h(pc_.intervals, 0.0);
      for (std::size_t w = 0; w < sc_.workload.size(); ++w) {
        if (sc_.workload[w].live_chat.text != ws_.chats[c].name)
          continue;
        const auto* trace = options_.trace_times != nullptr
                                && w < options_.trace_times->size()
                              ? &(*options_.trace_times)[w]
                              : nullptr;
        for (std::size_t k = 0; k < pc_.intervals; ++k) {
          auto from = interval * static_cast<long long>(k);
          per_h[k] += mean_rate(sc_.workload[w].arrivals, from, from + interval,
                                sc_.horizon, trace)
                      * 3600.0;
        }
      }
      out_.chat_arrivals_per_h.push_back(std::move(per_h));
    }
  }

  /// +-10 % volume with the final plan (intervals counted as met when their
  /// class is shown to meet its targets at that volume too).
  void check_volumes() {
    auto final_sc = staffed(sc_, pc_.names, staff_k_, options_.interval);
    for (double factor : {0.9, 1.1}) {
      auto variant = scaled_volume(final_sc, factor);
      auto vev = empty_evidence(pc_);
      simulate(pc_, variant, confirmation_base / 2, options_.confirm_reps, vev);
      auto verdicts = decide_all(pc_, vev);
      report_progress();
      volume_check vc;
      vc.factor = factor;
      for (std::size_t g = 0; g < staff_.size(); ++g)
        for (std::size_t k = 0; k < pc_.intervals; ++k)
          if (loads_[g][k].arrival_rate_per_s > 0 && pc_.classes.of[k]) {
            ++vc.intervals;
            if (verdicts[g][*pc_.classes.of[k]].v == verdict::met)
              ++vc.intervals_met;
          }
      auto vws = scenarios::to_workspace(variant);
      auto figures = run_experiment(variant, *vws,
                                    {.replications = options_.confirm_reps,
                                     .threads = options_.threads,
                                     .trace_times = options_.trace_times,
                                     .cancel = options_.cancel});
      pc_.simulated_days += options_.confirm_reps;
      report_progress();
      vc.chats = std::move(figures.chats);
      out_.volume.push_back(std::move(vc));
    }
  }

  const scenarios::scenario& sc_;
  const scenarios::scenario_workspace& ws_;
  const plan_options& options_;
  plan_context pc_;
  plan_result out_;
  std::vector<std::vector<group_interval_load>> loads_; ///< [g][k]
  std::vector<std::vector<erlang_answers>> erlang_;     ///< [g][k]
  class_staffing staff_; ///< the plan so far, [g][class]
  staffing staff_k_;     ///< the final plan per interval
  /// Per group and class: the staffing one below was shown clearly short.
  flags short_below_;
};

} // namespace

bool plan_result::all_met() const {
  for (const auto& g : groups)
    for (const auto& i : g.intervals)
      if (!i.met)
        return false;
  return true;
}

plan_result make_plan(const scenarios::scenario& sc,
                      const scenarios::scenario_workspace& ws,
                      const plan_options& options) {
  return planner{sc, ws, options}.run();
}

} // namespace livechat::sim::planning
