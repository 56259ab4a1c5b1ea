// The REST API under /api/v1/: routes a request to its handler after
// authenticating it and charging its token's rate limit.
//
// Handlers answer through `respond`, once, from any thread: reads answer at
// once from the catalog; changes go through the admin sequencer and answer
// after the change is durable. docs/api.md lists every endpoint.
#pragma once

#include "server/admin_sequencer.hpp"
#include "server/api/http_types.hpp"
#include "server/auth.hpp"
#include "server/call_gate.hpp"
#include "server/catalog.hpp"
#include "server/rate_limit.hpp"
#include "server/recorder.hpp"

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace livechat::server {

/// What the handlers work with (owned by the server).
struct api_context {
  runtime& rt;
  catalog& cat;
  token_registry& tokens;
  store_writer& writer;
  admin_sequencer& admin;
  rate_limiter& limiter;
  recorder& rec;
  call_gate& gate;
};

/// Counts of answers by status, for /metrics.
class http_counters {
public:
  void count(int status);
  std::map<int, std::uint64_t> snapshot() const;

private:
  mutable std::mutex mutex_;
  std::map<int, std::uint64_t> by_status_;
};

class api {
public:
  explicit api(api_context ctx) : ctx_(ctx) {}

  /// Answers `req` through `respond` (exactly once).
  void handle(const http_request& req, respond_fn respond);

  /// After a restart: the channel endpoint posts what contact `who` sends
  /// into its restored session `s` (while `s` is live).
  void resume_contact_session(const contact& who, session_id s);

private:
  struct call {
    const http_request& req;
    std::vector<std::string_view> path; ///< segments after /api/v1/
    user_id caller;
    respond_fn& respond;
  };
  void dispatch(call& c);
  // api/directory_routes.cpp
  void users(call& c);
  void groups(call& c);
  // api/chat_routes.cpp
  void live_chats(call& c);
  // api/session_routes.cpp
  void open_session(call& c, chat_id chat);
  void sessions(call& c);
  void operators(call& c);
  // api/channel_routes.cpp
  void channels(call& c);
  /// Posts `text` from contact `who` into its session in `chat`, opening
  /// one if it has none (or its session ended: once, `may_reopen`).
  void channel_post(const contact& who, chat_id chat, std::string text,
                    respond_fn respond, bool may_reopen);
  /// The completion of a contact's message into `s`: an error, or the
  /// session once durable (201 if this message `opened` it).
  std::function<void(expected<void>)> channel_posted(session_id s, bool opened,
                                                     respond_fn respond);
  /// Opens `who`'s session (its entry is marked opening) and posts.
  void channel_open(const contact& who, chat_id chat, std::string text,
                    respond_fn respond);

  /// Runs `done` once the events and messages of every call answered so
  /// far have reached the recorder (the runtime delivers them through its
  /// event sink, after the call's answer) and are committed.
  void when_durable(std::function<void(db_expected<void>)> done);
  /// Runs `work` on the store once the events of every call answered so
  /// far are in the writer's queue, so a read sees them (read your writes);
  /// `done` as for `store_writer::submit`. `work` may be null (a barrier).
  void after_routing_events(store_writer::job work,
                            std::function<void(db_expected<void>)> done);
  /// The common completion of a session call: an error, or `status` with
  /// `body` once durable.
  std::function<void(expected<void>)> durable(call& c, int status,
                                              nlohmann::json body);

  /// Runs a change and answers `status` with `body(created)` once durable.
  void change(call& c, admin_change ch, int status,
              std::function<nlohmann::json(const admin_created&)> body);

  api_context ctx_;
  /// Each external contact's (channel, address) session, and the posts
  /// waiting while its session is being opened: concurrent webhooks of one
  /// contact share one session.
  struct contact_entry {
    std::optional<session_id> session;
    bool opening = false;
    /// Called once the open ends: with the session, or none if it failed.
    std::vector<std::function<void(std::optional<session_id>)>> waiting;
  };
  std::mutex contacts_mutex_;
  std::map<std::pair<std::string, std::string>, contact_entry>
    contact_sessions_;
};

// -- helpers shared by the route files ---------------------------------------

http_response json_response(int status, const nlohmann::json& body);
/// Parses the body as a JSON object; on failure answers 400 and returns
/// nullopt.
std::optional<nlohmann::json> parse_body(const http_request& req,
                                         respond_fn& respond);
/// Parses a path segment as an id; nullopt if it is not one.
std::optional<std::uint32_t> parse_id(std::string_view segment);
http_response not_found(const http_request& req);
http_response method_not_allowed(const http_request& req,
                                 std::string_view allowed);
http_response forbidden(std::string_view what);

class json_reader;
/// Largest message text accepted, in bytes (the body limit bounds it too).
inline constexpr std::size_t max_text_bytes = 16 * 1024;
/// Reads the required field "text": not empty, at most `max_text_bytes`
/// (api/session_routes.cpp).
std::optional<std::string> read_text(json_reader& r);

} // namespace livechat::server
