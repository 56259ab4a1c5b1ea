#include "scenarios/validate.hpp"

#include "core/limits.hpp"
#include "scenarios/metrics.hpp"

#include <cstdio>
#include <fmt/format.h>
#include <map>
#include <string>
#include <string_view>

namespace livechat::scenarios {

namespace {

std::string format_number(double x) {
  return fmt::format("{:g}", x);
}

std::string quoted(std::string_view s) {
  std::string out = "'";
  out += s;
  out += '\'';
  return out;
}

/// "'key' of <what>", or "'key'" for the scenario itself.
std::string field(std::string_view key, std::string_view what) {
  auto out = quoted(key);
  if (!what.empty()) {
    out += " of ";
    out += what;
  }
  return out;
}

/// " (first declared at line N)", or nothing for specs built in code.
std::string first_declared(const source_location& first) {
  if (first.line <= 0)
    return {};
  return " (first declared at line " + std::to_string(first.line) + ")";
}

/// Members of `g` without listing them (a size may be out of range).
long long group_size(const group_spec& g) {
  return g.size ? static_cast<long long>(*g.size)
                : static_cast<long long>(g.members.size());
}

class checker {
public:
  explicit checker(const scenario& s) : s_(s) {}

  std::vector<diagnostic> run() && {
    check_scenario();
    check_groups();
    check_chats();
    for (const auto& w : s_.workload)
      check_workload(w);
    check_shifts();
    check_distribution(s_.supervision.reaction_time,
                       field("reaction_time", "supervision"));
    check_thresholds();
    return std::move(out_);
  }

private:
  void error(const source_location& where, std::string message) {
    out_.push_back(make_diagnostic(where, std::move(message)));
  }

  const source_location& key(std::string_view k) const {
    return s_.keys.of(k, s_.where);
  }

  void check_scenario() {
    if (s_.name.empty())
      error(key("name"), "'name' must not be empty");
    if (s_.horizon <= duration::zero())
      error(key("horizon"), "'horizon' must be positive");
    if (s_.warmup < duration::zero())
      error(key("warmup"), "'warmup' must not be negative");
    else if (s_.horizon > duration::zero() && s_.warmup >= s_.horizon)
      error(key("warmup"), "'warmup' (" + format_duration(s_.warmup)
                             + ") must be shorter than 'horizon' ("
                             + format_duration(s_.horizon) + ")");
    if (!limits::replications.contains(s_.replications))
      error(key("replications"), "'replications' must be "
                                   + limits::replications.describe() + ", got "
                                   + std::to_string(s_.replications));
    if (s_.live_chats.empty())
      error(key("live_chats"), "'live_chats' must list at least one live chat");
    if (s_.service_level_threshold <= duration::zero())
      error(key("service_level_threshold"),
            "'service_level_threshold' must be positive");
  }

  /// Thresholds name metrics of the registry (metrics.hpp), so that an
  /// unknown one stops `validate`, `run` and `plan` before anything runs.
  void check_thresholds() {
    for (const auto& t : s_.thresholds)
      if (!threshold_metric(t.metric))
        error(t.where,
              fmt::format("threshold {} names unknown metric {}; known "
                          "metrics: {} (or their JSON paths, e.g. "
                          "wait_s.p99; see docs/report-format.md)",
                          excerpt(t.text, 80), quoted(t.metric),
                          threshold_metric_list()));
  }

  void check_groups() {
    for (const auto& g : s_.groups) {
      const auto& at_name = g.keys.of("name", g.where);
      if (g.name.empty()) {
        error(at_name, "every group needs a name");
        continue;
      }
      auto [it, fresh] = groups_.emplace(g.name, &g);
      if (!fresh) {
        error(at_name, "duplicate group '" + g.name + "'"
                         + first_declared(it->second->where));
        continue;
      }
      auto what = "group '" + g.name + "'";
      if (g.size && !g.members.empty())
        error(g.keys.of("size", g.where), what + " has both members and size");
      else if (g.size
               && !limits::group_size.contains(static_cast<long long>(*g.size)))
        error(g.keys.of("size", g.where),
              field("size", what) + " must be " + limits::group_size.describe()
                + ", got " + std::to_string(*g.size));
      else if (!g.size && g.members.empty() && g.name == "Administrators")
        error(g.keys.of("members", g.where),
              what + " needs at least one member");
      else if (!g.size && g.members.empty()
               && g.keys.values.contains("members"))
        error(g.keys.of("members", g.where),
              what + " has no members: list at least one, or give 'size'");
      std::map<std::string_view, const located_text*> seen;
      for (const auto& m : g.members)
        if (!seen.emplace(m.text, &m).second)
          error(m.where, what + " lists member '" + m.text + "' twice");
    }
  }

  void check_roles(const chat_spec& c, std::string_view role,
                   const std::vector<located_text>& names) {
    std::map<std::string_view, bool> seen;
    for (const auto& n : names) {
      if (!groups_.contains(n.text))
        error(n.where, "live chat '" + c.name + "' names unknown group '"
                         + n.text + "'");
      else if (!seen.emplace(n.text, true).second)
        error(n.where, "live chat '" + c.name + "' lists group '" + n.text
                         + "' twice in " + std::string{role});
    }
  }

  void check_chats() {
    for (const auto& c : s_.live_chats) {
      const auto& at_name = c.keys.of("name", c.where);
      if (c.name.empty()) {
        error(at_name, "every live chat needs a name");
        continue;
      }
      auto [it, fresh] = chats_.emplace(c.name, &c);
      if (!fresh) {
        error(at_name, "duplicate live chat '" + c.name + "'"
                         + first_declared(it->second->where));
        continue;
      }
      auto what = "live chat '" + c.name + "'";
      check_roles(c, "customers", c.customers);
      check_roles(c, "operators", c.operators);
      check_roles(c, "supervisors", c.supervisors);
      check_roles(c, "experts", c.experts);
      if (c.operators.empty())
        error(c.keys.of("operators", c.where),
              what + " needs at least one operator group");
      if (!c.customers.empty() && !c.channel.empty())
        error(c.keys.of("channel", c.where),
              what + " has both customers and a channel");
      else if (c.customers.empty() && c.channel.empty())
        error(c.where, what
                         + " needs either customers (internal chat) or a "
                           "channel (external chat)");
      if (!limits::capacity.contains(c.capacity))
        error(c.keys.of("capacity", c.where),
              field("capacity", what) + " must be "
                + limits::capacity.describe() + ", got "
                + std::to_string(c.capacity));
      if (c.queue_limit
          && !limits::queue_limit.contains(
            static_cast<long long>(*c.queue_limit)))
        error(c.keys.of("queue_limit", c.where),
              field("queue_limit", what) + " must be "
                + limits::queue_limit.describe() + ", got "
                + std::to_string(*c.queue_limit));
      if (c.routing == routing_policy_kind::manual && c.supervisors.empty())
        error(c.keys.of("routing", c.where),
              what + " uses manual routing but has no supervisor groups");
    }
  }

  template <class T>
  void check_distribution(const basic_distribution_spec<T>& d,
                          const std::string& desc) {
    const T zero{};
    auto fail = [&](std::string_view why) {
      error(d.where, desc + ": " + std::string{why});
    };
    switch (d.kind) {
      case distribution_kind::constant:
        if (d.first < zero)
          fail("constant must not be negative");
        break;
      case distribution_kind::exponential:
        if (!(d.first > zero))
          fail("exponential mean must be positive");
        break;
      case distribution_kind::lognormal:
      case distribution_kind::gamma:
        if (!(d.first > zero))
          fail(std::string{to_string(d.kind)} + " mean must be positive");
        if (!(d.second > zero))
          fail(std::string{to_string(d.kind)} + " sd must be positive");
        break;
      case distribution_kind::uniform:
        if (d.first < zero)
          fail("uniform min must not be negative");
        else if (d.second < d.first)
          fail("uniform max must not be below min");
        break;
    }
  }

  /// The parameters of a count distribution lie in `range`.
  void check_count_range(const count_distribution_spec& d,
                         const std::string& desc,
                         const limits::real_range& range) {
    for (double p : {d.first, d.second})
      if (!range.contains(p)) {
        error(d.where, desc + ": parameters must be " + range.describe()
                         + ", got " + format_number(p));
        return;
      }
  }

  void check_arrivals(const arrival_spec& a, const std::string& desc) {
    switch (a.kind) {
      case arrival_kind::poisson:
        if (a.poisson.per_second < 0)
          error(a.where, desc + ": rate must not be negative");
        break;
      case arrival_kind::profile:
        if (a.profile.empty())
          error(a.where, desc + ": profile needs at least one step");
        for (std::size_t i = 0; i < a.profile.size(); ++i) {
          const auto& st = a.profile[i];
          if (st.value.per_second < 0)
            error(st.where, desc + ": rate must not be negative");
          if (st.from < duration::zero())
            error(st.where, desc + ": 'from' must not be negative");
          if (i > 0 && st.from <= a.profile[i - 1].from)
            error(st.where, desc
                              + ": profile steps must have increasing 'from' "
                                "times");
        }
        break;
      case arrival_kind::trace:
        if (a.trace.empty())
          error(a.where, desc + ": trace needs a file name");
        break;
    }
  }

  void check_workload(const workload_spec& w) {
    if (w.live_chat.text.empty())
      return; // the loader reported the missing key
    auto what = "workload for live chat '" + w.live_chat.text + "'";
    auto chat = chats_.find(w.live_chat.text);
    if (chat == chats_.end())
      error(w.live_chat.where,
            "workload names unknown live chat '" + w.live_chat.text + "'");
    check_arrivals(w.arrivals, field("arrivals", what));
    check_distribution(w.handle_time, field("handle_time", what));
    if (w.patience)
      check_distribution(*w.patience, field("patience", what));
    double total = 0;
    for (const auto& t : w.transfers) {
      auto twhat = "transfer to '" + t.to.text + "' in " + what;
      if (!t.to.text.empty()) {
        if (!groups_.contains(t.to.text)) {
          error(t.to.where,
                what + " transfers to unknown group '" + t.to.text + "'");
        } else if (chat != chats_.end()) {
          const auto& experts = chat->second->experts;
          bool is_expert = false;
          for (const auto& e : experts)
            is_expert = is_expert || e.text == t.to.text;
          if (!is_expert)
            error(t.to.where, what + " transfers to '" + t.to.text
                                + "', which is not an expert group of that "
                                  "chat");
        }
      }
      if (!(t.probability >= 0.0 && t.probability <= 1.0))
        error(t.keys.of("probability", t.where),
              field("probability", twhat) + " must be between 0 and 1, got "
                + format_number(t.probability));
      else
        total += t.probability;
      if (t.handle_time)
        check_distribution(*t.handle_time, field("handle_time", twhat));
    }
    if (total > 1.0 + 1e-9)
      error(w.keys.of("transfers", w.where),
            "transfer probabilities of " + what + " sum to "
              + format_number(total) + ", above 1");
    if (w.messages) {
      auto mwhat = field("messages", what);
      check_distribution(w.messages->per_session, "'per_session' of " + mwhat);
      check_count_range(w.messages->per_session, "'per_session' of " + mwhat,
                        limits::messages_per_session);
      check_distribution(w.messages->customer_think,
                         "'customer_think' of " + mwhat);
      check_distribution(w.messages->operator_reply,
                         "'operator_reply' of " + mwhat);
    }
    for (double f : w.handle_time_factor_by_load)
      if (!limits::load_factor.contains(f))
        error(w.keys.of("handle_time_factor_by_load", w.where),
              field("handle_time_factor_by_load", what) + " must hold factors "
                + limits::load_factor.describe() + ", got " + format_number(f));
  }

  void check_shifts() {
    std::map<std::string_view, const shift_spec*> seen;
    for (const auto& s : s_.shifts) {
      if (s.group.text.empty())
        continue; // the loader reported the missing key
      auto what = "shift for group '" + s.group.text + "'";
      auto g = groups_.find(s.group.text);
      if (g == groups_.end()) {
        error(s.group.where,
              "shift names unknown group '" + s.group.text + "'");
      }
      if (auto [it, fresh] = seen.emplace(s.group.text, &s); !fresh)
        error(s.group.where, "group '" + s.group.text + "' has a second shift"
                               + first_declared(it->second->where));
      if (s.online.empty())
        error(s.where, what + " needs at least one step in 'online'");
      auto size = g == groups_.end() ? 0 : group_size(*g->second);
      for (std::size_t i = 0; i < s.online.size(); ++i) {
        const auto& st = s.online[i];
        if (st.count < 0)
          error(st.where, what + " has a negative count");
        else if (g != groups_.end() && st.count > size)
          error(st.where, what + " has count " + std::to_string(st.count)
                            + ", above the group's size "
                            + std::to_string(size));
        if (i > 0 && st.from <= s.online[i - 1].from)
          error(st.where, what
                            + " must list steps with increasing 'from' "
                              "times");
      }
    }
  }

  const scenario& s_;
  std::vector<diagnostic> out_;
  /// First declaration of each name; pointers into s_, never iterated.
  std::map<std::string, const group_spec*, std::less<>> groups_;
  std::map<std::string, const chat_spec*, std::less<>> chats_;
};

} // namespace

std::vector<diagnostic> validate(const scenario& s) {
  return checker{s}.run();
}

} // namespace livechat::scenarios
