// Cost of one routing decision, per policy, at 10 / 1,000 / 100,000 operators.
//
// BM_PolicyDecision: the policy alone. Half the pool is eligible; one
//   iteration chooses an operator, marks it busy (ineligible) and returns a
//   previously busy one (eligible again), as the router does around a decision.
// BM_RouterOpenClose: the whole router. All operators Online, half busy; one
//   iteration opens a session (queue, policy decision, assignment, index
//   updates, events) and closes the oldest open one (release, dispatch).
//
// Run: build/bench/routing_bench --benchmark_filter=. (see docs/BENCHMARKS.md)
#include "core/random.hpp"
#include "core/router.hpp"
#include "core/routing/policy.hpp"

#include <benchmark/benchmark.h>
#include <deque>
#include <vector>

namespace {

using namespace livechat;
using namespace std::chrono_literals;

constexpr routing_policy_kind measured_policies[] = {
  routing_policy_kind::round_robin,  routing_policy_kind::least_busy,
  routing_policy_kind::longest_idle, routing_policy_kind::random,
  routing_policy_kind::fixed_order,
};

void BM_PolicyDecision(benchmark::State& state) {
  auto kind = static_cast<routing_policy_kind>(state.range(0));
  auto n = static_cast<pool_position>(state.range(1));
  auto policy = make_routing_policy(kind, n, 42);
  random_generator gen{1};
  std::deque<pool_position> busy;
  std::int64_t tick = 0;
  for (pool_position pos = 0; pos < n; ++pos) {
    if (pos % 2 == 0)
      policy->set_eligible(pos, {0, timestamp{duration{tick++}}});
    else
      busy.push_back(pos);
  }
  for (auto _ : state) {
    auto chosen = policy->choose();
    policy->on_chosen(*chosen);
    policy->set_ineligible(*chosen);
    busy.push_back(*chosen);
    auto freed = busy.front();
    busy.pop_front();
    policy->set_eligible(freed, {static_cast<int>(gen() % 2),
                                 timestamp{duration{tick++}}});
  }
  state.SetLabel(std::string{to_string(kind)});
}

void BM_RouterOpenClose(benchmark::State& state) {
  auto kind = static_cast<routing_policy_kind>(state.range(0));
  auto n = static_cast<std::uint32_t>(state.range(1));
  router r{directory{"admin"}};
  auto admin = r.dir().find_user("admin").value();
  std::vector<user_id> ops;
  ops.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i)
    ops.push_back(r.add_user("op-" + std::to_string(i)).value());
  auto group = r.create_group(timestamp{}, admin, "general", ops).value();
  live_chat_definition def;
  def.name = "external";
  def.channel = "whatsapp";
  def.operator_groups = {group};
  def.routing = kind;
  def.seed = 42;
  auto chat = r.define_live_chat(timestamp{}, admin, def).value();
  auto now = timestamp{};
  for (auto op : ops)
    (void)r.set_status(now, op, operator_status::online);
  std::deque<std::pair<session_id, operator_id>> open;
  std::uint32_t customer = 0;
  auto open_one = [&] {
    now += 1ms;
    auto ticket = r.open_session(now, user_id{customer++}, chat);
    auto events = r.take_events();
    const auto& assigned = std::get<session_event>(events.back());
    open.emplace_back(ticket->id, assigned.op);
  };
  for (std::uint32_t i = 0; i < n / 2; ++i)
    open_one();
  for (auto _ : state) {
    open_one();
    auto [s, op] = open.front();
    open.pop_front();
    now += 1ms;
    (void)r.close_session(now, op, s);
    benchmark::DoNotOptimize(r.take_events());
  }
  state.SetLabel(std::string{to_string(kind)});
}

void policy_args(benchmark::internal::Benchmark* b) {
  for (auto kind : measured_policies)
    for (std::int64_t n : {10, 1000, 100000})
      b->Args({static_cast<std::int64_t>(kind), n});
}

BENCHMARK(BM_PolicyDecision)->Apply(policy_args);
BENCHMARK(BM_RouterOpenClose)->Apply(policy_args);

} // namespace

BENCHMARK_MAIN();
