// Cost of one routing decision, per policy, at 10 / 1,000 / 100,000 operators.
//
// BM_PolicyDecision: the policy alone. Half the pool is eligible; one
//   iteration chooses an operator, marks it busy (ineligible) and returns a
//   previously busy one (eligible again), as the router does around a decision.
// BM_RouterOpenClose: the whole router. All operators Online, half busy; one
//   iteration opens a session (queue, policy decision, assignment, index
//   updates, events) and closes the oldest open one (release, dispatch).
//
// Run: build/bench/routing_bench (see docs/BENCHMARKS.md for the figures).
#include "core/contacts.hpp"
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

void BM_PolicyDecision(benchmark::State& state, routing_policy_kind kind) {
  auto n = static_cast<pool_position>(state.range(0));
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
  state.SetComplexityN(n);
}

void BM_RouterOpenClose(benchmark::State& state, routing_policy_kind kind) {
  auto n = static_cast<std::uint32_t>(state.range(0));
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
    auto ticket = r.open_session(now, customer_of(contact_id{customer++}),
                                 chat);
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
  state.SetComplexityN(n);
}

} // namespace

// Registers each benchmark per policy at 10, 100, ..., 100,000 operators and
// lets Google Benchmark fit the growth (the BigO and RMS lines of the output).
int main(int argc, char** argv) {
  for (auto kind : measured_policies) {
    auto name = std::string{to_string(kind)};
    benchmark::RegisterBenchmark(("policy_decision/" + name).c_str(),
                                 BM_PolicyDecision, kind)
      ->RangeMultiplier(10)
      ->Range(10, 100000)
      ->Complexity();
    benchmark::RegisterBenchmark(("router_open_close/" + name).c_str(),
                                 BM_RouterOpenClose, kind)
      ->RangeMultiplier(10)
      ->Range(10, 100000)
      ->Complexity();
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
