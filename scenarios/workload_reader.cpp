#include "scenarios/workload_reader.hpp"

#include <string>
#include <utility>

namespace livechat::scenarios::detail {

namespace {

constexpr std::string_view distribution_names
  = "constant, exponential, lognormal, gamma, uniform";

/// The shared shape of duration and count distributions; `read_value` reads
/// one parameter.
template <class T, class ReadValue>
std::optional<basic_distribution_spec<T>>
read_distribution_of(reader& r, const YAML::Node& n, std::string_view desc,
                     ReadValue read_value) {
  using spec = basic_distribution_spec<T>;
  if (n.IsScalar()) {
    auto v = read_value(n, desc);
    if (!v)
      return std::nullopt;
    auto out = spec::constant(*v);
    out.where = r.at(n);
    return out;
  }
  if (!n.IsMap() || n.size() != 1) {
    r.error(n, std::string{desc}
                 + " must name one distribution, e.g. {exponential: 5m}");
    return std::nullopt;
  }
  auto entry = n.begin();
  const YAML::Node key = entry->first; // copies: entry-> is a proxy
  const YAML::Node params = entry->second;
  auto kind = key.IsScalar() ? parse_distribution_kind(key.Scalar())
                             : std::nullopt;
  if (!kind) {
    r.error(key, std::string{desc} + ": unknown distribution '"
                   + (key.IsScalar() ? key.Scalar() : std::string{"?"})
                   + "' (use " + std::string{distribution_names} + ")");
    return std::nullopt;
  }
  spec out;
  out.kind = *kind;
  out.where = r.at(n);
  auto read_pair = [&](std::string_view a, std::string_view b) {
    if (!expect_map(r, params, desc))
      return false;
    map_reader m{r, params, std::string{desc}, {a, b}};
    auto na = m.require(a);
    auto nb = m.require(b);
    std::optional<T> va;
    std::optional<T> vb;
    if (na)
      va = read_value(*na, field(a, desc));
    if (nb)
      vb = read_value(*nb, field(b, desc));
    if (!va || !vb)
      return false;
    out.first = *va;
    out.second = *vb;
    return true;
  };
  switch (*kind) {
    case distribution_kind::constant:
    case distribution_kind::exponential: {
      auto v = read_value(params, desc);
      if (!v)
        return std::nullopt;
      out.first = *v;
      return out;
    }
    case distribution_kind::lognormal:
    case distribution_kind::gamma:
      if (!read_pair("mean", "sd"))
        return std::nullopt;
      return out;
    case distribution_kind::uniform:
      if (!read_pair("min", "max"))
        return std::nullopt;
      return out;
  }
  return std::nullopt;
}

std::optional<count_distribution_spec>
read_count_distribution(reader& r, const YAML::Node& n, std::string_view desc) {
  return read_distribution_of<double>(
    r, n, desc, [&r](const YAML::Node& v, std::string_view d) {
      return read_number(r, v, d);
    });
}

arrival_spec read_arrivals(reader& r, const YAML::Node& n,
                           std::string_view desc) {
  arrival_spec out;
  out.where = r.at(n);
  if (!expect_map(r, n, desc))
    return out;
  map_reader m{r, n, std::string{desc}, {"poisson", "profile", "trace"}};
  auto poisson = m.get("poisson");
  auto profile = m.get("profile");
  auto trace = m.get("trace");
  int present = int{poisson.has_value()} + int{profile.has_value()}
                + int{trace.has_value()};
  if (present != 1) {
    r.error(n, std::string{desc}
                 + " must have exactly one of poisson, profile, trace");
    return out;
  }
  if (poisson) {
    out.kind = arrival_kind::poisson;
    if (auto v = read_rate(r, *poisson, field("poisson", desc)))
      out.poisson = *v;
  } else if (profile) {
    out.kind = arrival_kind::profile;
    auto profile_desc = field("profile", desc);
    if (!expect_list(r, *profile, profile_desc))
      return out;
    std::size_t k = 0;
    for (const auto& step : *profile) {
      ++k;
      auto step_desc = "profile step #" + std::to_string(k) + " of "
                       + std::string{desc};
      if (!expect_map(r, step, step_desc))
        continue;
      map_reader sm{r, step, step_desc, {"from", "rate"}};
      rate_step rs;
      rs.where = r.at(step);
      auto from = sm.require("from");
      auto value = sm.require("rate");
      if (from)
        if (auto d = read_duration(r, *from, field("from", step_desc)))
          rs.from = *d;
      if (value)
        if (auto v = read_rate(r, *value, field("rate", step_desc)))
          rs.value = *v;
      out.profile.push_back(rs);
    }
  } else {
    out.kind = arrival_kind::trace;
    if (auto path = read_string(r, *trace, field("trace", desc)))
      out.trace = *path;
  }
  return out;
}

std::optional<transfer_spec> read_transfer(reader& r, const YAML::Node& n,
                                           std::size_t index,
                                           std::string_view workload_what) {
  auto what = "transfer #" + std::to_string(index + 1) + " of "
              + std::string{workload_what};
  if (!expect_map(r, n, what))
    return std::nullopt;
  map_reader m{r, n, what, {"to", "probability", "handle_time"}};
  transfer_spec out;
  out.where = m.where();
  if (auto to = m.require("to")) {
    if (auto name = read_string(r, *to, field("to", what))) {
      out.to = {*name, r.at(*to)};
      m.rename("transfer to '" + *name + "' in " + std::string{workload_what});
    }
  }
  if (auto p = m.require("probability"))
    if (auto v = read_number(r, *p, field("probability", m.what())))
      out.probability = *v;
  if (auto h = m.get("handle_time"))
    out.handle_time = read_distribution(r, *h, field("handle_time", m.what()));
  out.keys = m.keys();
  return out;
}

std::optional<message_model> read_messages(reader& r, const YAML::Node& n,
                                           std::string_view desc) {
  if (!expect_map(r, n, desc))
    return std::nullopt;
  map_reader m{r,
               n,
               std::string{desc},
               {"per_session", "customer_think", "operator_reply"}};
  message_model out;
  out.where = m.where();
  bool ok = true;
  if (auto v = m.require("per_session")) {
    auto d = read_count_distribution(r, *v, field("per_session", desc));
    ok = ok && d.has_value();
    if (d)
      out.per_session = *d;
  } else {
    ok = false;
  }
  auto read_time = [&](std::string_view key, distribution_spec& into) {
    auto v = m.require(key);
    if (!v) {
      ok = false;
      return;
    }
    auto d = read_distribution(r, *v, field(key, desc));
    if (!d) {
      ok = false;
      return;
    }
    into = *d;
  };
  read_time("customer_think", out.customer_think);
  read_time("operator_reply", out.operator_reply);
  if (!ok)
    return std::nullopt;
  return out;
}

} // namespace

std::optional<distribution_spec>
read_distribution(reader& r, const YAML::Node& n, std::string_view desc) {
  return read_distribution_of<duration>(
    r, n, desc, [&r](const YAML::Node& v, std::string_view d) {
      return read_duration(r, v, d);
    });
}

std::optional<workload_spec> read_workload(reader& r, const YAML::Node& n,
                                           std::size_t index) {
  auto what = "workload #" + std::to_string(index + 1);
  if (!expect_map(r, n, what))
    return std::nullopt;
  map_reader m{r,
               n,
               what,
               {"live_chat", "arrivals", "handle_time", "patience", "transfers",
                "messages", "handle_time_factor_by_load"}};
  workload_spec out;
  out.where = m.where();
  if (auto chat = m.require("live_chat")) {
    if (auto name = read_string(r, *chat, field("live_chat", what))) {
      out.live_chat = {*name, r.at(*chat)};
      m.rename("workload for live chat '" + *name + "'");
    }
  }
  const auto& w = m.what();
  if (auto a = m.require("arrivals"))
    out.arrivals = read_arrivals(r, *a, field("arrivals", w));
  // With a message model the conversation is the handling, and
  // `handle_time` (optional, default 0s) is the wrap-up after it.
  auto messages = m.get("messages");
  out.handle_time = distribution_spec::constant({});
  if (auto h = messages ? m.get("handle_time") : m.require("handle_time"))
    if (auto d = read_distribution(r, *h, field("handle_time", w)))
      out.handle_time = *d;
  if (auto p = m.get("patience"))
    out.patience = read_distribution(r, *p, field("patience", w));
  if (auto t = m.get("transfers")) {
    if (expect_list(r, *t, field("transfers", w))) {
      std::size_t k = 0;
      for (const auto& item : *t)
        if (auto ts = read_transfer(r, item, k++, w))
          out.transfers.push_back(std::move(*ts));
    }
  }
  if (messages)
    out.messages = read_messages(r, *messages, field("messages", w));
  if (auto f = m.get("handle_time_factor_by_load")) {
    auto desc = field("handle_time_factor_by_load", w);
    if (expect_list(r, *f, desc))
      for (const auto& item : *f)
        if (auto v = read_number(r, item, "each entry of " + desc))
          out.handle_time_factor_by_load.push_back(*v);
  }
  out.keys = m.keys();
  return out;
}

} // namespace livechat::scenarios::detail
