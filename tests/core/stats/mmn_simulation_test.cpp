// End to end: the router and the statistics, driven by a small discrete-event
// loop as an M/M/n(+M) system, against the Erlang C and Erlang A formulas.
//
// One external live chat, one group of n operators, all Online from t = 0,
// capacity 1. Poisson arrivals, exponential handling times (the operator
// closes the session its handling time after the assignment) and, for Erlang
// A, exponential patience (the customer leaves at arrival + patience if still
// waiting). Each replication runs a warm-up, then a measured span; arrivals
// stop at its end and the loop runs on until every session has ended, so
// every counted arrival has an outcome. Operator time integrals are cut at the
// end of the measured span.
//
// Tolerances come from the replications themselves: the Erlang value must lie
// in the 95 % confidence interval of the replication means, widened by half
// its width (about 3.1 standard errors for 20 replications), plus a tiny
// absolute epsilon for rounding. Seeds are fixed: the test is deterministic.

#include "core/contacts.hpp"
#include "core/directory.hpp"
#include "core/queueing/erlang.hpp"
#include "core/random.hpp"
#include "core/router.hpp"
#include "core/stats/running_stats.hpp"
#include "core/stats/statistics.hpp"

#include <cmath>
#include <cstdint>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <optional>
#include <queue>
#include <string>
#include <vector>

namespace livechat {
namespace mmn_simulation_test {

using namespace std::chrono_literals;

/// Inputs of one M/M/n(+M) system; times in seconds.
struct mmn_system {
  double arrival_rate_per_s = 0;
  double aht_s = 0;
  int agents = 0;
  std::optional<double> mean_patience_s; ///< none: infinitely patient
  double threshold_s = 20;
};

/// Lengths of one replication.
struct run_plan {
  duration warmup = 30min;
  duration measured = 40h;
};

/// Figures of one replication.
struct replication {
  std::uint64_t offered = 0;
  std::uint64_t abandoned = 0;
  double p_abandon = 0;
  double p_wait = 0;
  double asa_all_s = 0;
  double asa_answered_s = 0;
  double mean_handle_s = 0;
  queueing::service_levels service{};
  double occupancy = 0;
  std::size_t open_sessions_at_end = 0;
  std::size_t live_sessions_at_end = 0;
};

// -- the event loop -----------------------------------------------------------

enum class action_kind { arrival, patience_over, handling_done };

struct action {
  timestamp at;
  std::uint64_t seq; ///< breaks ties between actions at the same time
  action_kind kind;
  session_id session;
  user_id customer;
  operator_id op;
};

struct later {
  bool operator()(const action& x, const action& y) const noexcept {
    return x.at != y.at ? x.at > y.at : x.seq > y.seq;
  }
};

/// Inverse transform: -mean ln(1 - U), U uniform in [0, 1).
duration exponential(random_generator& gen, double mean_s) {
  return from_seconds(-mean_s * std::log1p(-gen.uniform01()));
}

class mmn_loop {
public:
  mmn_loop(const mmn_system& sys, std::uint64_t seed)
      : sys_(sys),
        arrivals_(random_generator::derive(seed, 1)),
        handling_(random_generator::derive(seed, 2)),
        patience_(random_generator::derive(seed, 3)) {}

  replication run(const run_plan& plan) {
    auto admin = r_.dir().find_user("admin").value();
    std::vector<user_id> ops;
    for (int k = 0; k < sys_.agents; ++k)
      ops.push_back(r_.add_user("op" + std::to_string(k)).value());
    auto group = r_.create_group(t0_, admin, "operators", ops).value();
    live_chat_definition def;
    def.name = "external";
    def.operator_groups = {group};
    def.channel = "whatsapp";
    def.routing = routing_policy_kind::longest_idle;
    chat_ = r_.define_live_chat(t0_, admin, def).value();
    stats::statistics st{r_.dir(),
                         {.sl_threshold = from_seconds(sys_.threshold_s),
                          .warmup_end = t0_ + plan.warmup}};
    for (auto op : ops)
      EXPECT_TRUE(r_.set_status(t0_, op, operator_status::online));
    feed(st);

    const timestamp end = t0_ + plan.warmup + plan.measured;
    schedule(next_arrival(t0_), action_kind::arrival);
    std::optional<stats::statistics> at_end; // operator figures cut at `end`
    timestamp last = end; // the drain after `end` runs on past it
    while (!actions_.empty()) {
      auto a = actions_.top();
      actions_.pop();
      last = std::max(last, a.at);
      if (!at_end && a.at > end) {
        at_end.emplace(st);
        at_end->finish(end);
      }
      step(a, end);
      feed(st);
    }
    if (!at_end) {
      at_end.emplace(st);
      at_end->finish(end);
    }
    st.finish(last);

    const auto& f = st.chat(chat_);
    replication out;
    out.offered = f.offered;
    out.abandoned = f.abandoned;
    out.p_abandon = f.abandon_rate();
    auto at_once = static_cast<double>(f.wait.count_at_or_below(0ns));
    out.p_wait = 1 - at_once / static_cast<double>(f.offered);
    out.asa_all_s = f.asa_all_s();
    out.asa_answered_s = f.asa_answered_s();
    out.mean_handle_s = f.handle.mean_seconds();
    out.service = f.service_level();
    out.occupancy = at_end->group_occupancy(group);
    out.open_sessions_at_end = st.open_sessions();
    out.live_sessions_at_end = r_.live_session_count();
    return out;
  }

private:
  timestamp next_arrival(timestamp now) {
    return now + exponential(arrivals_, 1 / sys_.arrival_rate_per_s);
  }

  void schedule(timestamp at, action_kind kind, session_id s = {},
                user_id customer = {}, operator_id op = {}) {
    actions_.push(action{at, seq_++, kind, s, customer, op});
  }

  void step(const action& a, timestamp end) {
    switch (a.kind) {
      case action_kind::arrival: {
        if (a.at > end)
          return; // arrivals stop; the rest drains
        auto customer = customer_of(contact_id{next_customer_++});
        auto ticket = r_.open_session(a.at, customer, chat_);
        ASSERT_TRUE(ticket);
        // Drawn for every arrival, so the patience stream stays aligned.
        if (sys_.mean_patience_s) {
          auto patience = exponential(patience_, *sys_.mean_patience_s);
          schedule(a.at + patience, action_kind::patience_over, ticket->id,
                   customer);
        }
        schedule(next_arrival(a.at), action_kind::arrival);
        return;
      }
      case action_kind::patience_over: {
        // Already assigned (or closed): the customer stays; only a waiting
        // session is abandoned.
        const auto* s = r_.find_session(a.session);
        if (s == nullptr || s->state() != session_state::waiting)
          return;
        ASSERT_TRUE(r_.leave(a.at, a.customer, a.session));
        return;
      }
      case action_kind::handling_done:
        ASSERT_TRUE(r_.close_session(a.at, a.op, a.session));
        return;
    }
  }

  /// Feeds new events to the statistics and schedules the end of handling of
  /// every assignment among them.
  void feed(stats::statistics& st) {
    for (const auto& e : r_.take_events()) {
      st.observe(e);
      const auto* s = std::get_if<session_event>(&e);
      if (s == nullptr || s->kind != session_event_kind::assigned)
        continue;
      schedule(s->at + exponential(handling_, sys_.aht_s),
               action_kind::handling_done, s->session, s->customer, s->op);
    }
  }

  mmn_system sys_;
  random_generator arrivals_;
  random_generator handling_;
  random_generator patience_;
  router r_{directory{"admin"}};
  chat_id chat_;
  timestamp t0_{};
  std::priority_queue<action, std::vector<action>, later> actions_;
  std::uint64_t seq_ = 0;
  std::uint32_t next_customer_ = 0;
};

// -- replications -------------------------------------------------------------

constexpr int replications = 20;

struct experiment {
  std::vector<replication> runs;
  stats::running_stats p_abandon, p_wait, asa_all, mean_handle, occupancy;
  stats::running_stats sl_offered, sl_answered, sl_excl, sl_virtual;
  /// asa_all - P(Ab) * mean patience, per replication (Erlang A only).
  stats::running_stats identity_gap;
};

experiment run_experiment(const mmn_system& sys, std::uint64_t base_seed) {
  experiment x;
  for (int k = 0; k < replications; ++k) {
    auto rep = mmn_loop{sys, base_seed + static_cast<std::uint64_t>(k)}.run(
      run_plan{});
    x.p_abandon.add(rep.p_abandon);
    x.p_wait.add(rep.p_wait);
    x.asa_all.add(rep.asa_all_s);
    x.mean_handle.add(rep.mean_handle_s);
    x.occupancy.add(rep.occupancy);
    x.sl_offered.add(rep.service.offered);
    x.sl_answered.add(rep.service.answered);
    x.sl_excl.add(rep.service.excl_short_abandons);
    x.sl_virtual.add(rep.service.virtual_wait);
    if (sys.mean_patience_s)
      x.identity_gap.add(rep.asa_all_s - rep.p_abandon * *sys.mean_patience_s);
    x.runs.push_back(rep);
  }
  return x;
}

/// The Erlang value lies in the replication CI widened by half its width,
/// plus `abs_eps`.
::testing::AssertionResult within_ci(const char* name,
                                     const stats::running_stats& sample,
                                     double expected, double abs_eps) {
  auto ci = stats::confidence_interval_95(sample);
  double half = (ci.hi - ci.lo) / 2;
  double tolerance = 1.5 * half + abs_eps;
  double off = std::abs(sample.mean() - expected);
  auto msg = [&] {
    return ::testing::Message()
           << name << ": simulated " << sample.mean() << " (95% CI [" << ci.lo
           << ", " << ci.hi << "], se " << sample.standard_error()
           << "), formula " << expected << ", off by " << off << ", tolerance "
           << tolerance;
  };
  if (off <= tolerance)
    return ::testing::AssertionSuccess() << msg();
  return ::testing::AssertionFailure() << msg();
}

// A CI this narrow relative to the value makes the comparison meaningful:
// a broken simulation could not hide behind a huge spread.
::testing::AssertionResult
precise(const char* name, const stats::running_stats& sample, double expected) {
  auto ci = stats::confidence_interval_95(sample);
  double half = (ci.hi - ci.lo) / 2;
  if (half <= 0.2 * std::abs(expected))
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << name << ": CI half-width " << half << " too wide for " << expected;
}

// A1 (QUEUEING.md): 100 chats per 30 min, AHT 3 min, 14 operators, mean
// patience 5 min, t = 20 s.
const mmn_system a1{.arrival_rate_per_s = 100.0 / 1800,
                    .aht_s = 180,
                    .agents = 14,
                    .mean_patience_s = 300,
                    .threshold_s = 20};

// C2 (QUEUEING.md): as A1 with infinitely patient customers.
const mmn_system c2{.arrival_rate_per_s = 100.0 / 1800,
                    .aht_s = 180,
                    .agents = 14,
                    .mean_patience_s = std::nullopt,
                    .threshold_s = 20};

const experiment& a1_experiment() {
  static const experiment x = run_experiment(a1, 0xA1000);
  return x;
}

const experiment& c2_experiment() {
  static const experiment x = run_experiment(c2, 0xC2000);
  return x;
}

void print(const char* name, const stats::running_stats& s, double formula) {
  auto ci = stats::confidence_interval_95(s);
  fmt::print("  {:<22} sim {:.6f}  CI [{:.6f}, {:.6f}]  formula {:.6f}\n", name,
             s.mean(), ci.lo, ci.hi, formula);
}

// -- Erlang A -----------------------------------------------------------------

TEST(MmnSimulation, ErlangAFiguresLieWithinTheReplicationConfidenceInterval) {
  auto formula = queueing::evaluate_erlang_a({a1.arrival_rate_per_s, a1.aht_s,
                                              a1.agents, *a1.mean_patience_s},
                                             a1.threshold_s);
  ASSERT_TRUE(formula);
  const auto& x = a1_experiment();
  fmt::print("A1, {} replications of 40 h after 30 min warm-up:\n",
             replications);
  print("P(Ab)", x.p_abandon, formula->p_abandon);
  print("P(wait)", x.p_wait, formula->p_wait);
  print("ASA(all) s", x.asa_all, formula->asa_s);
  print("SL offered", x.sl_offered, formula->service_level.offered);
  print("SL answered", x.sl_answered, formula->service_level.answered);
  print("SL excl_short_abandons", x.sl_excl,
        formula->service_level.excl_short_abandons);
  print("SL virtual", x.sl_virtual, formula->service_level.virtual_wait);
  print("occupancy", x.occupancy, formula->occupancy);

  EXPECT_TRUE(within_ci("P(Ab)", x.p_abandon, formula->p_abandon, 1e-4));
  EXPECT_TRUE(within_ci("P(wait)", x.p_wait, formula->p_wait, 1e-4));
  EXPECT_TRUE(within_ci("ASA(all)", x.asa_all, formula->asa_s, 1e-3));
  EXPECT_TRUE(within_ci("SL offered", x.sl_offered,
                        formula->service_level.offered, 1e-4));
  EXPECT_TRUE(within_ci("SL answered", x.sl_answered,
                        formula->service_level.answered, 1e-4));
  EXPECT_TRUE(within_ci("SL excl_short_abandons", x.sl_excl,
                        formula->service_level.excl_short_abandons, 1e-4));
  // Kaplan-Meier over histogram buckets: the bucket holding t is counted
  // whole (<= 1 % of t), hence a slightly larger epsilon.
  EXPECT_TRUE(within_ci("SL virtual", x.sl_virtual,
                        formula->service_level.virtual_wait, 1e-3));
  EXPECT_TRUE(within_ci("occupancy", x.occupancy, formula->occupancy, 1e-4));

  EXPECT_TRUE(precise("P(Ab)", x.p_abandon, formula->p_abandon));
  EXPECT_TRUE(precise("ASA(all)", x.asa_all, formula->asa_s));
  EXPECT_TRUE(
    precise("SL offered", x.sl_offered, formula->service_level.offered));
  EXPECT_TRUE(precise("occupancy", x.occupancy, formula->occupancy));
}

TEST(MmnSimulation, ErlangAFormulaMatchesThePublishedRow) {
  // Guards the oracle itself: the row A1 as published.
  auto formula = queueing::evaluate_erlang_a({a1.arrival_rate_per_s, a1.aht_s,
                                              a1.agents, *a1.mean_patience_s},
                                             a1.threshold_s);
  ASSERT_TRUE(formula);
  EXPECT_NEAR(formula->p_abandon, 0.013984, 5e-7);
  EXPECT_NEAR(formula->p_wait, 0.14526, 5e-6);
  EXPECT_NEAR(formula->occupancy, 0.704297, 5e-7);
  EXPECT_NEAR(formula->asa_s / 60, 0.069919, 5e-7);
  EXPECT_NEAR(formula->service_level.offered, 0.916792, 5e-7);
}

TEST(MmnSimulation, MeanWaitOfAllArrivalsEqualsAbandonRateOverTheta) {
  // E[W] = P(Ab) / theta (Little's law on the queue), from the simulation's
  // own figures: the per-replication gap averages to zero within its CI.
  const auto& x = a1_experiment();
  auto ci = stats::confidence_interval_95(x.identity_gap);
  fmt::print("  E[W] - P(Ab)/theta: {:.4f} s, CI [{:.4f}, {:.4f}]\n",
             x.identity_gap.mean(), ci.lo, ci.hi);
  EXPECT_TRUE(within_ci("E[W] - P(Ab)/theta", x.identity_gap, 0.0, 1e-3));
}

TEST(MmnSimulation, SimulatedHandlingTimesHaveTheConfiguredMean) {
  const auto& x = a1_experiment();
  EXPECT_TRUE(within_ci("mean handle s", x.mean_handle, a1.aht_s, 1e-3));
}

TEST(MmnSimulation, EverySessionEndsAndTheStatisticsForgetIt) {
  for (const auto& rep : a1_experiment().runs) {
    EXPECT_GT(rep.offered, 1000u);
    EXPECT_GT(rep.abandoned, 0u);
    EXPECT_EQ(rep.open_sessions_at_end, 0u);
    EXPECT_EQ(rep.live_sessions_at_end, 0u);
  }
}

// -- Erlang C -----------------------------------------------------------------

TEST(MmnSimulation, ErlangCFiguresLieWithinTheReplicationConfidenceInterval) {
  auto formula = queueing::evaluate_erlang_c(
    {c2.arrival_rate_per_s, c2.aht_s, c2.agents}, c2.threshold_s);
  ASSERT_TRUE(formula);
  const auto& x = c2_experiment();
  fmt::print("C2, {} replications of 40 h after 30 min warm-up:\n",
             replications);
  print("P(wait)", x.p_wait, formula->p_wait);
  print("ASA(all) s", x.asa_all, formula->asa_s);
  print("SL offered", x.sl_offered, formula->service_level.offered);
  print("SL virtual", x.sl_virtual, formula->service_level.virtual_wait);
  print("occupancy", x.occupancy, formula->occupancy);

  EXPECT_EQ(x.p_abandon.mean(), 0.0);
  EXPECT_TRUE(within_ci("P(wait)", x.p_wait, formula->p_wait, 1e-4));
  EXPECT_TRUE(within_ci("ASA(all)", x.asa_all, formula->asa_s, 1e-3));
  EXPECT_TRUE(within_ci("SL offered", x.sl_offered,
                        formula->service_level.offered, 1e-4));
  EXPECT_TRUE(within_ci("SL virtual", x.sl_virtual,
                        formula->service_level.virtual_wait, 1e-3));
  EXPECT_TRUE(within_ci("occupancy", x.occupancy, formula->occupancy, 1e-4));
  EXPECT_TRUE(precise("P(wait)", x.p_wait, formula->p_wait));
  EXPECT_TRUE(precise("ASA(all)", x.asa_all, formula->asa_s));
  EXPECT_TRUE(precise("occupancy", x.occupancy, formula->occupancy));
}

TEST(MmnSimulation, WithoutAbandonmentEveryServiceLevelDefinitionAgrees) {
  for (const auto& rep : c2_experiment().runs) {
    EXPECT_EQ(rep.abandoned, 0u);
    EXPECT_DOUBLE_EQ(rep.service.offered, rep.service.answered);
    EXPECT_DOUBLE_EQ(rep.service.offered, rep.service.excl_short_abandons);
    // Kaplan-Meier without censoring is the empirical distribution, up to
    // the bucket holding t.
    EXPECT_NEAR(rep.service.virtual_wait, rep.service.offered, 0.01);
    EXPECT_DOUBLE_EQ(rep.asa_all_s, rep.asa_answered_s);
  }
}

// -- determinism --------------------------------------------------------------

TEST(MmnSimulation, SameSeedGivesIdenticalFigures) {
  run_plan short_plan{.warmup = 10min, .measured = 1h};
  auto x = mmn_loop{a1, 7}.run(short_plan);
  auto y = mmn_loop{a1, 7}.run(short_plan);
  EXPECT_EQ(x.offered, y.offered);
  EXPECT_EQ(x.abandoned, y.abandoned);
  EXPECT_EQ(x.asa_all_s, y.asa_all_s);
  EXPECT_EQ(x.service.virtual_wait, y.service.virtual_wait);
  EXPECT_EQ(x.occupancy, y.occupancy);
  auto z = mmn_loop{a1, 8}.run(short_plan);
  EXPECT_NE(x.asa_all_s, z.asa_all_s);
}

} // namespace mmn_simulation_test
} // namespace livechat
