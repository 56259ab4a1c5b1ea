// Which random stream each workload source draws from.
//
// Every random quantity of a simulation run comes from its own generator,
// derived from the scenario's seed, the replication, the workload source (its
// index in `scenario::workload`) and the purpose of the draws. So adding a
// transfer to one workload does not shift the arrivals of another, and
// replication k of a scenario is reproduced by (seed, k) alone. Same inputs,
// same stream; any differing input gives an independent stream.
//
// Example:
//   using namespace livechat::sim;
//   auto arrivals = stream_for(seed, rep, 0, stream_purpose::arrivals);
//   auto handle = stream_for(seed, rep, 0, stream_purpose::handle_time);
//   duration h = handle_sampler.sample(handle);
#pragma once

#include "core/random.hpp"

#include <cstdint>

namespace livechat::sim {

/// What a stream is used for. The values are part of reproducibility: never
/// renumber them, only append.
enum class stream_purpose : std::uint64_t {
  arrivals = 1,             ///< arrival times
  handle_time = 2,          ///< operators' handle times
  patience = 3,             ///< how long waiting customers stay
  transfer = 4,             ///< whether and where a session is transferred
  transfer_handle_time = 5, ///< experts' handle times after a transfer
  messages = 6,             ///< messages per session
  customer_think = 7,       ///< customers' think time before each message
  operator_reply = 8,       ///< operators' reply time to each message
  supervision = 9,          ///< supervisors' reaction times
};

/// The generator for (`scenario_seed`, `replication`, `source_index`,
/// `purpose`). Each argument is folded in with `random_generator::derive`, one
/// after the other, using the first draw of each stage as the next seed.
/// The seed every stream of one replication starts from (the first stage of
/// `stream_for`), for callers that draw many streams of one replication.
inline std::uint64_t replication_seed(std::uint64_t scenario_seed,
                                      std::uint64_t replication) noexcept {
  return random_generator::derive(scenario_seed, replication)();
}

/// `stream_for` from a `replication_seed`: the same generator.
inline random_generator stream_in_replication(std::uint64_t replication_seed,
                                              std::uint64_t source_index,
                                              std::uint64_t purpose) noexcept {
  const std::uint64_t per_source = random_generator::derive(replication_seed,
                                                            source_index)();
  return random_generator::derive(per_source, purpose);
}

inline random_generator
stream_for(std::uint64_t scenario_seed, std::uint64_t replication,
           std::uint64_t source_index, std::uint64_t purpose) noexcept {
  return stream_in_replication(replication_seed(scenario_seed, replication),
                               source_index, purpose);
}

/// `stream_for` with a named purpose.
inline random_generator
stream_for(std::uint64_t scenario_seed, std::uint64_t replication,
           std::uint64_t source_index, stream_purpose purpose) noexcept {
  return stream_for(scenario_seed, replication, source_index,
                    static_cast<std::uint64_t>(purpose));
}

} // namespace livechat::sim
