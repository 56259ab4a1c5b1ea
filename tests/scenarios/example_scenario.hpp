// The example scenario of the scenario-format issue, as inline text, shared
// by the loader and workspace tests.
#pragma once

#include <string_view>

namespace livechat::scenarios::testing {

inline constexpr std::string_view internal_and_external
  = R"(name: internal-and-external
seed: 42
horizon: 8h                  # arrivals stop here; the run then drains every open session
warmup: 0s                   # sessions arriving earlier are left out of statistics
replications: 20
service_level_threshold: 20s # the t of "answered within t"
groups:
  - {name: Administrators, members: [admin]}
  - {name: general, size: 12}             # generates users general-1 .. general-12
  - {name: accounting, members: [anna, boris]}
  - {name: hr, size: 2}
  - {name: supervisors, members: [sveta]}
  - {name: employees, size: 500}          # internal customers (generated users)
live_chats:
  - name: internal
    customers: [employees]                # internal chat
    operators: [general]
    supervisors: [supervisors]
    experts: [accounting, hr]
    routing: least_busy                   # round_robin | least_busy | longest_idle | random | fixed_order | manual
    capacity: 2                           # max concurrent sessions per operator
    queue_limit: 200
  - {name: external, channel: whatsapp, operators: [general], routing: longest_idle}
workload:
  - live_chat: internal
    arrivals: {poisson: 60/h}             # or {profile: [{from: 0h, rate: 30/h}, ...]}, or {trace: arrivals.csv}
    handle_time: {exponential: 6m}        # also lognormal {mean, sd}, gamma {mean, sd}, uniform {min, max}, constant
    patience: {exponential: 5m}           # absent = customers never leave
    transfers:
      - {to: accounting, probability: 0.10, handle_time: {exponential: 10m}}
shifts:                                   # optional; default: everyone Online all the time
  - {group: general, online: [{from: 0h, count: 12}, {from: 4h, count: 8}]}
supervision: {reaction_time: {exponential: 20s}}   # how fast supervisors distribute under `manual`
thresholds: ["wait.p99 < 2m", "abandon_rate < 0.05", "fairness.handled.jain >= 0.9"]
)";

} // namespace livechat::scenarios::testing
