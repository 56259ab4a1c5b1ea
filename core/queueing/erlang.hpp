// Erlang B, C and A: closed-form queue figures for staffing a live chat.
//
// These are the classic contact-centre formulas: Erlang B (blocking), Erlang C
// (M/M/n, infinitely patient customers) and Erlang A (M/M/n+M, exponential
// patience, Palm / Mandelbaum-Zeltyn forms). They turn an arrival rate, a mean
// handling time (AHT), a number of agents and optionally a mean patience into
// the probability of waiting, abandonment, mean wait (ASA), occupancy and the
// service level "fraction answered within t".
//
// Everything is pure arithmetic: no I/O, no clock, no allocation, no
// exceptions. Times are in seconds and rates per second (any consistent unit
// works, the formulas are unit-free). Sums are evaluated iteratively in a
// scaled or logarithmic form so they stay finite for thousands of agents and
// for loads above the number of agents (Erlang A is stable there).
//
// Example:
//   using namespace livechat::queueing;
//   // 100 chats per 30 min, 3 min AHT, 14 agents, "within 20 s".
//   auto c = evaluate_erlang_c({100.0 / 1800, 180, 14}, 20);
//   if (c) fmt::print("P(wait) {:.3f} SL {:.3f}\n", c->p_wait,
//                     c->service_level.offered);   // 0.174 0.888
//   // The same with a mean patience of 5 min.
//   auto a = evaluate_erlang_a({100.0 / 1800, 180, 14, 300}, 20);
//   if (a) fmt::print("P(ab) {:.4f}\n", a->p_abandon); // 0.0140
#pragma once

#include "core/error.hpp"

#include <optional>
#include <string_view>

namespace livechat::queueing {

/// Erlang B blocking probability B(n, a) for `n` >= 0 servers and offered load
/// `a` >= 0 Erlangs, by the stable recursion B(k) = a B(k-1) / (k + a B(k-1)),
/// B(0) = 1 (no factorials). O(n). Returns NaN when n < 0 or a is negative or
/// not finite.
double erlang_b(int n, double a) noexcept;

/// Erlang C probability of waiting P(W > 0) = n B / (n - a (1 - B)) for M/M/n.
/// Returns 1.0 when a >= n (the queue is unstable and everyone waits), NaN
/// for the arguments `erlang_b` rejects. O(n).
double erlang_c(int n, double a) noexcept;

/// Which fraction of chats a "service level within t" counts. With
/// abandonment they differ; without it (Erlang C) they coincide.
enum class service_level_definition {
  /// served within t / all arrivals = 1 - P(Ab) - P(W > t, served).
  offered,
  /// served within t / served = P(W <= t, served) / (1 - P(Ab)).
  answered,
  /// served within t / (arrivals - abandoned within t)
  /// = P(W <= t, served) / (1 - P(Ab, W <= t)).
  excl_short_abandons,
  /// an infinitely patient chat would be served within t = 1 - P(V > t).
  /// Printed and parsed as "virtual".
  virtual_wait,
};

/// Stable lowercase name: "offered", "answered", "excl_short_abandons",
/// "virtual".
std::string_view to_string(service_level_definition d) noexcept;

/// Inverse of `to_string`; std::nullopt for any other text (case-sensitive).
std::optional<service_level_definition>
parse_service_level_definition(std::string_view text) noexcept;

/// The service level at one threshold t under every definition.
struct service_levels {
  double offered = 0;
  double answered = 0;
  double excl_short_abandons = 0;
  double virtual_wait = 0;

  /// The figure for definition `d`.
  double get(service_level_definition d) const noexcept;
};

/// An M/M/n system: Poisson arrivals, exponential handling, `agents` servers.
struct erlang_c_inputs {
  double arrival_rate_per_s = 0; ///< lambda >= 0
  double aht_s = 0;              ///< mean handling time 1/mu > 0
  int agents = 0;                ///< n >= 1
};

/// Erlang C figures. When the load a = lambda AHT is >= n the queue grows
/// without bound: `stable` is false, P(wait) = P(W > t) = 1, ASA = +infinity,
/// every service level 0 and occupancy 1.
struct erlang_c_figures {
  double offered_load = 0;  ///< a = lambda AHT, Erlangs
  bool stable = false;      ///< a < n
  double p_wait = 0;        ///< P(W > 0) = C(n, a)
  double asa_s = 0;         ///< mean wait over all arrivals = C AHT / (n - a)
  double occupancy = 0;     ///< a / n
  double threshold_s = 0;   ///< the t the tail and service levels refer to
  double p_wait_longer = 0; ///< P(W > t) = C exp(-(n - a) t / AHT)
  /// P(W <= t) under every definition (equal: nobody abandons).
  service_levels service_level;
};

/// Erlang C figures for `in` with service-level threshold `threshold_s`.
/// errc::invalid_argument when a rate or time is negative or not finite, AHT
/// is not positive, or agents < 1. O(agents).
[[nodiscard]] expected<erlang_c_figures>
evaluate_erlang_c(const erlang_c_inputs& in, double threshold_s) noexcept;

/// An M/M/n+M system: M/M/n whose waiting chats leave after an exponential
/// patience with mean `mean_patience_s` (theta = 1 / mean patience).
struct erlang_a_inputs {
  double arrival_rate_per_s = 0; ///< lambda >= 0
  double aht_s = 0;              ///< mean handling time 1/mu > 0
  int agents = 0;                ///< n >= 1
  double mean_patience_s = 0;    ///< 1/theta > 0
};

/// Erlang A figures. W is the time a chat spends waiting (until served or
/// abandoned); V is the virtual wait, the wait of an infinitely patient chat.
/// Stable for every load, also a >= n.
struct erlang_a_figures {
  double offered_load = 0;         ///< a = lambda AHT, Erlangs
  double p_wait = 0;               ///< P(W > 0)
  double p_abandon = 0;            ///< P(Ab)
  double p_abandon_given_wait = 0; ///< P(Ab | W > 0)
  double occupancy = 0;            ///< lambda (1 - P(Ab)) / (n mu)
  /// Mean wait over all arrivals, abandoners included: E[W] = P(Ab) / theta.
  double asa_s = 0;
  double mean_virtual_wait_s = 0;   ///< E[V]
  double threshold_s = 0;           ///< the t the tails below refer to
  double p_virtual_wait_longer = 0; ///< P(V > t)
  double p_wait_longer = 0;         ///< P(W > t) = P(V > t) e^{-theta t}
  double p_wait_longer_served = 0;  ///< P(W > t, served)
  double p_abandon_within = 0;      ///< P(Ab, W <= t)
  service_levels service_level;     ///< at t, every definition
};

/// Erlang A figures for `in` with service-level threshold `threshold_s`.
/// errc::invalid_argument when a rate or time is negative or not finite, AHT
/// or patience is not positive, agents < 1, or lambda * patience or
/// agents * patience / AHT exceeds 1e12. Cost O(agents) plus series of about
/// sqrt(max(lambda * patience, agents * patience / AHT)) terms.
[[nodiscard]] expected<erlang_a_figures>
evaluate_erlang_a(const erlang_a_inputs& in, double threshold_s) noexcept;

/// Whether `evaluate_erlang_c` accepts these arguments.
bool valid_inputs(const erlang_c_inputs& in, double threshold_s) noexcept;

/// Whether `evaluate_erlang_a` accepts these arguments.
bool valid_inputs(const erlang_a_inputs& in, double threshold_s) noexcept;

/// As `evaluate_erlang_a`, with E_B = erlang_b(in.agents, a) supplied by the
/// caller (a staffing search carries it incrementally). `in` must be valid;
/// the result is unspecified when `erlang_b_value` is not B(n, a).
[[nodiscard]] erlang_a_figures
evaluate_erlang_a_given_b(const erlang_a_inputs& in, double threshold_s,
                          double erlang_b_value) noexcept;

/// As `evaluate_erlang_c`, with B(n, a) supplied by the caller. `in` must be
/// valid.
[[nodiscard]] erlang_c_figures
evaluate_erlang_c_given_b(const erlang_c_inputs& in, double threshold_s,
                          double erlang_b_value) noexcept;

} // namespace livechat::queueing
