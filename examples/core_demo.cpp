// A small tour of the routing core: the seed's two live chats, one simulated
// working day driven by a plain event loop, and the statistics it yields.
//
// An internal chat (employees, experts accounting and HR) and an external
// WhatsApp chat (experts sales and support) share the general operators.
// Customers arrive at random, operators close sessions after a random handle
// time and sometimes switch them to an expert; impatient customers leave.
// Everything is seeded: the same seed prints the same report.
//
// Usage: core_demo [seed]
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <functional>
#include <livechat/core/contacts.hpp>
#include <livechat/core/queueing/erlang.hpp>
#include <livechat/core/random.hpp>
#include <livechat/core/router.hpp>
#include <livechat/core/stats/statistics.hpp>
#include <queue>
#include <string>
#include <vector>

using namespace livechat;
using namespace std::chrono_literals;

namespace {

/// Seconds drawn from an exponential distribution with the given mean.
duration exponential(random_generator& gen, duration mean) {
  return from_seconds(-std::log(1.0 - gen.uniform01()) * to_seconds(mean));
}

/// A minimal next-event loop: actions ordered by (time, sequence number).
class event_loop {
public:
  void at(timestamp t, std::function<void()> action) {
    queue_.push({t, seq_++, std::move(action)});
  }
  void run() {
    while (!queue_.empty()) {
      auto next = queue_.top();
      queue_.pop();
      now_ = next.t;
      next.action();
    }
  }
  timestamp now() const {
    return now_;
  }

private:
  struct item {
    timestamp t;
    std::uint64_t seq;
    std::function<void()> action;
    bool operator<(const item& other) const {
      return std::tie(t, seq) > std::tie(other.t, other.seq);
    }
  };
  std::priority_queue<item> queue_;
  std::uint64_t seq_ = 0;
  timestamp now_{};
};

std::vector<user_id> add_users(router& r, const std::string& prefix, int n) {
  std::vector<user_id> out;
  for (int i = 1; i <= n; ++i)
    out.push_back(r.add_user(prefix + "-" + std::to_string(i)).value());
  return out;
}

} // namespace

int main(int argc, char** argv) {
  std::uint64_t seed = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 42;
  const timestamp t0{};
  router r{directory{"admin"}};
  auto admin = r.dir().find_user("admin").value();
  auto group = [&](const char* name, std::vector<user_id> members) {
    return r.create_group(t0, admin, name, members).value();
  };
  auto general_ops = add_users(r, "general", 8);
  auto general = group("general", general_ops);
  auto accounting = group("accounting", add_users(r, "accountant", 2));
  auto hr = group("hr", add_users(r, "hr", 1));
  auto sales = group("sales", add_users(r, "sales", 2));
  auto support = group("support", add_users(r, "support", 2));
  auto supervisors = group("supervisors", add_users(r, "supervisor", 1));
  auto employee_ids = add_users(r, "employee", 200);
  auto employees = group("employees", employee_ids);

  live_chat_definition internal{.name = "internal",
                                .operator_groups = {general},
                                .supervisor_groups = {supervisors},
                                .expert_groups = {accounting, hr},
                                .customer_groups = {employees},
                                .routing = routing_policy_kind::least_busy,
                                .capacity = 2};
  live_chat_definition external{.name = "external",
                                .operator_groups = {general},
                                .supervisor_groups = {supervisors},
                                .expert_groups = {sales, support},
                                .channel = "whatsapp",
                                .routing = routing_policy_kind::longest_idle,
                                .capacity = 2};
  auto internal_chat = r.define_live_chat(t0, admin, internal).value();
  auto external_chat = r.define_live_chat(t0, admin, external).value();
  for (const auto& u : r.dir().users())
    if (!r.dir().is_member(u.id, employees) && u.id != admin)
      (void)r.set_status(t0, u.id, operator_status::online);

  stats::statistics stats{r.dir(), {.sl_threshold = 20s}};
  event_loop loop;
  random_generator gen{seed};
  const auto horizon = t0 + 8h;
  const duration mean_handle = 6min;
  const duration mean_patience = 4min;
  std::uint32_t next_contact = 0; // external customers are contacts

  // Reacts to the router's events: schedules closes, transfers, patience.
  std::function<void()> handle_events = [&] {
    for (auto& e : r.take_events()) {
      stats.observe(e);
      auto* s = std::get_if<session_event>(&e);
      if (s == nullptr)
        continue;
      if (s->kind == session_event_kind::queued) {
        auto id = s->session;
        auto customer = s->customer;
        loop.at(s->at + exponential(gen, mean_patience), [&, id, customer] {
          const auto* live = r.find_session(id);
          if (live != nullptr && live->state() == session_state::waiting)
            (void)r.leave(loop.now(), customer, id);
          handle_events();
        });
      } else if (s->kind == session_event_kind::assigned) {
        auto id = s->session;
        auto op = s->op;
        bool expert = s->expert_group.valid();
        bool switch_to_expert = !expert && gen.uniform01() < 0.15;
        auto chat = s->chat;
        loop.at(s->at + exponential(gen, mean_handle),
                [&, id, op, chat, switch_to_expert] {
                  if (switch_to_expert) {
                    const auto& experts = r.definition(chat).expert_groups;
                    auto target = experts[gen.uniform_index(experts.size())];
                    (void)r.transfer(loop.now(), op, id, target);
                  } else {
                    (void)r.close_session(loop.now(), op, id);
                  }
                  handle_events();
                });
      }
    }
  };

  // Poisson arrivals: 50/h internal, 70/h external, for eight hours.
  std::function<void(chat_id, duration)> arrive = [&](chat_id chat,
                                                      duration gap) {
    auto next = loop.now() + exponential(gen, gap);
    if (next >= horizon)
      return;
    loop.at(next, [&, chat, gap] {
      auto customer = chat == internal_chat
                        ? employee_ids[gen.uniform_index(employee_ids.size())]
                        : customer_of(contact_id{next_contact++});
      (void)r.open_session(loop.now(), customer, chat);
      handle_events();
      arrive(chat, gap);
    });
  };
  arrive(internal_chat, 72s);
  arrive(external_chat, from_seconds(3600.0 / 70));
  loop.run();
  stats.finish(loop.now());

  fmt::print("livechat core demo: 8 h, seed {}, SL threshold 20 s\n\n", seed);
  fmt::print("{:<9} {:>7} {:>8} {:>9} {:>8} {:>11} {:>8} {:>8} {:>8} {:>8} "
             "{:>8}\n",
             "chat", "offered", "answered", "abandoned", "transfer",
             "wait p90 s", "ASA s", "SL off", "SL ans", "SL excl", "SL virt");
  for (auto chat : {internal_chat, external_chat}) {
    const auto& c = stats.chat(chat);
    auto sl = c.service_level();
    fmt::print("{:<9} {:>7} {:>8} {:>9} {:>8} {:>11.1f} {:>8.1f} {:>8.3f} "
               "{:>8.3f} {:>8.3f} {:>8.3f}\n",
               r.definition(chat).name, c.offered, c.answered, c.abandoned,
               c.transferred, to_seconds(c.wait.quantile(0.9)), c.asa_all_s(),
               sl.offered, sl.answered, sl.excl_short_abandons,
               sl.virtual_wait);
  }
  fmt::print("\n{:<11} {:>9} {:>9} {:>9} {:>9}\n", "group", "occupancy", "jain",
             "gini", "max/min");
  for (auto g : {general, accounting, hr, sales, support}) {
    auto f = stats.fairness(g);
    fmt::print("{:<11} {:>9.3f} {:>9.3f} {:>9.3f} {:>9.2f}\n",
               r.dir().get(g).name, stats.group_occupancy(g), f.handled.jain,
               f.handled.gini, f.handled.max_min);
  }
  fmt::print("\nper operator of general (handled, busy h, occupancy):\n");
  for (auto op : general_ops) {
    const auto& f = stats.op(op);
    fmt::print("  {:<10} {:>4} {:>6.2f} {:>6.3f}\n", r.dir().get(op).name,
               f.handled, to_seconds(f.busy) / 3600, f.occupancy());
  }

  // What Erlang C says if each of the 8 general operators' 2 session slots
  // were an independent server, ignoring transfers and patience: the gap to
  // the simulated figures is what a simulator is for.
  auto erlang = queueing::evaluate_erlang_c(
    {.arrival_rate_per_s = 120.0 / 3600, .aht_s = 360, .agents = 16}, 20);
  if (erlang)
    fmt::print("\nErlang C, 120/h, AHT 6 min, 16 slots: P(wait) {:.3f}, "
               "SL {:.3f}, occupancy {:.3f}\n",
               erlang->p_wait, erlang->service_level.offered,
               erlang->occupancy);
  return 0;
}
