#include "load/plan.hpp"

#include "sim/arrivals.hpp"
#include "sim/sampler.hpp"
#include "sim/streams.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace livechat::load {

std::vector<planned_arrival>
plan_arrivals(const scenarios::scenario& sc,
              const scenarios::scenario_workspace& ws, duration window,
              const std::vector<std::vector<duration>>& trace_times) {
  std::vector<planned_arrival> out;
  auto horizon = std::min(window, sc.horizon);
  for (std::size_t w = 0; w < sc.workload.size(); ++w) {
    const auto& spec = sc.workload[w];
    auto chat = ws.chat_index.at(spec.live_chat.text);
    const auto& def = ws.chats[chat];
    std::vector<std::string> customers;
    for (auto g : def.customer_groups)
      for (auto u : ws.dir.get(g).members)
        customers.push_back(ws.dir.get(u).name);
    auto process = sim::arrival_process::from_spec(
      spec.arrivals, horizon,
      w < trace_times.size() ? trace_times[w] : std::vector<duration>{});
    auto gen = sim::stream_for(sc.seed, 0, w, sim::stream_purpose::arrivals);
    std::uint64_t index = 0;
    for (auto t = process.next(timestamp{}, gen); t;
         t = process.next(*t, gen)) {
      planned_arrival a;
      a.at = t->time_since_epoch();
      a.workload = w;
      a.chat = chat;
      a.index = index;
      a.customer = customers.empty()
                     ? fmt::format("+load-{}-{}", w, index)
                     : customers[gen.uniform_index(customers.size())];
      out.push_back(std::move(a));
      ++index;
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
    return x.at < y.at;
  });
  return out;
}

std::vector<std::string>
operator_names(const scenarios::scenario_workspace& ws) {
  std::vector<std::string> out;
  std::set<std::string, std::less<>> seen;
  for (const auto& def : ws.chats)
    for (const auto* groups : {&def.operator_groups, &def.expert_groups})
      for (auto g : *groups)
        for (auto u : ws.dir.get(g).members)
          if (seen.insert(ws.dir.get(u).name).second)
            out.push_back(ws.dir.get(u).name);
  return out;
}

std::vector<std::string>
watcher_names(const scenarios::scenario_workspace& ws) {
  std::vector<std::string> out;
  std::vector<bool> shown(ws.chats.size(), false);
  for (std::size_t c = 0; c < ws.chats.size(); ++c) {
    if (shown[c])
      continue;
    std::optional<user_id> pick;
    for (auto g : ws.chats[c].supervisor_groups)
      if (!ws.dir.get(g).members.empty()) {
        pick = ws.dir.get(g).members.front();
        break;
      }
    if (!pick)
      continue;
    out.push_back(ws.dir.get(*pick).name);
    for (std::size_t d = c; d < ws.chats.size(); ++d)
      for (auto g : ws.chats[d].supervisor_groups) {
        const auto& members = ws.dir.get(g).members;
        if (std::find(members.begin(), members.end(), *pick) != members.end())
          shown[d] = true;
      }
  }
  return out;
}

session_script draw_script(const scenarios::scenario& sc,
                           const planned_arrival& a) {
  const auto& w = sc.workload[a.workload];
  auto stream = [&](sim::stream_purpose p) {
    return sim::stream_for(sc.seed, a.index, a.workload, p);
  };
  session_script s;
  if (w.patience) {
    auto g = stream(sim::stream_purpose::patience);
    s.patience = sim::duration_sampler{*w.patience}.sample(g);
  }
  if (w.messages) {
    auto g = stream(sim::stream_purpose::messages);
    // Bounded: a heavy-tailed count must not flood one session.
    s.messages = std::min<std::int64_t>(
      sim::count_sampler{w.messages->per_session, 1}.sample(g), 1000);
    auto think = stream(sim::stream_purpose::customer_think);
    auto reply = stream(sim::stream_purpose::operator_reply);
    sim::duration_sampler think_s{w.messages->customer_think};
    sim::duration_sampler reply_s{w.messages->operator_reply};
    for (std::int64_t i = 0; i < s.messages; ++i) {
      s.think.push_back(think_s.sample(think));
      s.reply.push_back(reply_s.sample(reply));
    }
  }
  auto h = stream(sim::stream_purpose::handle_time);
  s.handle = sim::duration_sampler{w.handle_time}.sample(h);
  auto t = stream(sim::stream_purpose::transfer);
  double u = t.uniform01(), cumulative = 0;
  for (std::size_t i = 0; i < w.transfers.size(); ++i) {
    cumulative += w.transfers[i].probability;
    if (u < cumulative) {
      s.transfer = i;
      auto g = stream(sim::stream_purpose::transfer_handle_time);
      const auto& spec = w.transfers[i].handle_time
                           ? *w.transfers[i].handle_time
                           : w.handle_time;
      s.expert_handle = sim::duration_sampler{spec}.sample(g);
      break;
    }
  }
  return s;
}

duration scripted_first_hold(const session_script& s) {
  duration hold = s.handle;
  for (auto r : s.reply)
    hold += r;
  // The customer thinks before each message after the first.
  for (std::size_t k = 0; k + 1 < s.think.size(); ++k)
    hold += s.think[k];
  return hold;
}

expected_holds expected_scripted_holds(const scenarios::scenario& sc,
                                       std::size_t workload,
                                       std::uint64_t draws) {
  const auto& w = sc.workload[workload];
  expected_holds out;
  long double sum = 0;
  constexpr std::uint64_t apart = std::uint64_t{1} << 40;
  for (std::uint64_t i = 0; i < draws; ++i) {
    planned_arrival a{.workload = workload, .index = apart + i};
    sum += static_cast<long double>(
      scripted_first_hold(draw_script(sc, a)).count());
  }
  if (draws > 0)
    out.first = duration{
      static_cast<duration::rep>(sum / static_cast<long double>(draws))};
  for (const auto& t : w.transfers)
    out.expert.push_back(t.handle_time ? t.handle_time->mean()
                                       : w.handle_time.mean());
  return out;
}

shift_schedule operator_schedule(const scenarios::scenario& sc,
                                 const scenarios::scenario_workspace& ws,
                                 const std::string& name) {
  auto user = ws.users.at(name);
  std::set<duration> times{duration{}};
  std::vector<const scenarios::shift_spec*> shifts;
  bool unshifted = false;
  std::set<group_id> serving;
  for (const auto& def : ws.chats)
    for (const auto* groups : {&def.operator_groups, &def.expert_groups})
      for (auto g : *groups)
        serving.insert(g);
  for (auto g : serving) {
    const auto& members = ws.dir.get(g).members;
    if (std::find(members.begin(), members.end(), user) == members.end())
      continue;
    const scenarios::shift_spec* shift = nullptr;
    for (const auto& s : sc.shifts)
      if (ws.groups.at(s.group.text) == g)
        shift = &s;
    if (!shift) {
      unshifted = true;
      continue;
    }
    shifts.push_back(shift);
    for (const auto& step : shift->online)
      times.insert(step.from);
  }
  std::vector<std::pair<duration, bool>> out;
  for (auto t : times) {
    bool online = unshifted;
    for (const auto* s : shifts) {
      long long count = 0;
      for (const auto& step : s->online)
        if (step.from <= t)
          count = step.count;
      const auto& members = ws.dir.get(ws.groups.at(s->group.text)).members;
      auto rank = std::find(members.begin(), members.end(), user)
                  - members.begin();
      online = online || rank < count;
    }
    out.emplace_back(t, online);
  }
  return out;
}

bool online_at(const shift_schedule& schedule, duration t) {
  bool online = false;
  for (const auto& [from, on] : schedule)
    if (from <= t)
      online = on;
  return online;
}

} // namespace livechat::load
