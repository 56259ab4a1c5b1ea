// Restart: what a restarted server routes again from its store. Contacts
// are numbered as before, operators who held sessions come back Away (so
// presence gives them the grace period of a dropped connection), waiting
// sessions go back to their queues in serving order, held ones to their
// holders, and the conversation so far into the transcripts.
//
// Call order in server::start: read_kept_state before the store moves to
// its writer; fill_transcripts before the runtime is created (it takes the
// transcript store); restore_kept_state after the administration log was
// replayed (the chats and groups must be those the sessions lived in).
#pragma once

#include "actors/runtime.hpp"
#include "core/transcript.hpp"
#include "server/store/store.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace livechat::server {

/// The contacts and live sessions a store kept across a stop.
struct kept_state {
  std::vector<std::pair<std::uint32_t, contact>> contacts;
  std::vector<stored_live_session> sessions; ///< restore order
};

db_expected<kept_state> read_kept_state(store& st);

/// Appends what each kept session said to `transcripts`.
void fill_transcripts(const kept_state& kept, transcript_store& transcripts);

/// What restoring did, for the start log and the server's wiring.
struct restore_report {
  std::size_t waiting = 0;
  std::size_t held = 0;
  /// Sessions or contacts the runtime refused, and why (a store that does
  /// not match its administration log).
  std::vector<std::string> refused;
  /// Operators holding restored sessions, now Away.
  std::vector<operator_id> holders;
  /// Restored sessions of external chats and their contacts.
  std::vector<std::pair<contact, session_id>> external;
};

restore_report restore_kept_state(runtime& rt, const kept_state& kept);

} // namespace livechat::server
