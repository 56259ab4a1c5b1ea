// JSON forms of what clients are told: stream items (snapshots, session
// steps, status changes, messages, transcripts, queue standings), as the
// WebSocket pushes them and the REST reads answer them.
//
// Every object has a "type": "chat_snapshot", "operator_view",
// "session_view", "session_event", "status_event", "message",
// "transcript" or "queue_standing". Times are milliseconds of the
// runtime's clock (since the server started); durations are seconds.
#pragma once

#include "actors/event_stream.hpp"

#include <nlohmann/json.hpp>

namespace livechat::server {

nlohmann::json stream_item_json(const stream_item& item);
nlohmann::json snapshot_json(const chat_snapshot& s);

} // namespace livechat::server
