#include "server/server.hpp"

#include "actors/runtime.hpp"
#include "server/admin_sequencer.hpp"
#include "server/api/api.hpp"
#include "server/api/client_session.hpp"
#include "server/api/errors.hpp"
#include "server/auth.hpp"
#include "server/catalog.hpp"
#include "server/channels.hpp"
#include "server/recorder.hpp"
#include "server/restore.hpp"
#include "server/shared_transcripts.hpp"
#include "server/store/writer.hpp"
#include "server/tokens.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>
#include <future>
#include <thread>
#include <vector>

namespace livechat::server {

namespace net = boost::asio;

struct server::impl {
  server_settings settings;
  log_fn log;
  std::optional<std::string> first_token;

  // Teardown order matters and is written out in `stop`: the I/O threads
  // end first, then the runtime (its pending completions run, answering
  // nobody), then the writer commits what is queued.
  net::io_context io;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::vector<std::thread> io_threads;
  token_registry tokens;
  call_gate gate;
  std::unique_ptr<catalog> cat;
  std::unique_ptr<store_writer> writer;
  std::unique_ptr<recorder> rec;
  std::unique_ptr<channel_adapter> channel;
  std::unique_ptr<runtime> rt;
  std::unique_ptr<admin_sequencer> admin;
  std::unique_ptr<presence> who_is_here;
  std::unique_ptr<rate_limiter> limiter;
  std::unique_ptr<api> rest;
  http_counters counters;
  std::unique_ptr<http_listener> listener;
  bool stopped = false;

  void write_log(std::string_view event, const nlohmann::json& fields) {
    if (!log)
      return;
    auto line = fields;
    line["event"] = event;
    line["ms"] = wall_ms();
    log(to_text(line));
  }

  void handle(const http_request& req, respond_fn respond);
  std::string metrics() const;
};

void server::impl::handle(const http_request& req, respond_fn respond) {
  if (req.path == "/healthz") {
    respond(
      req.method == "GET"
        ? http_response{200, R"({"status":"serving"})", "application/json", {}}
        : method_not_allowed(req, "GET"));
    return;
  }
  if (req.path == "/metrics") {
    respond(req.method == "GET"
              ? http_response{200, metrics(), "text/plain; version=0.0.4", {}}
              : method_not_allowed(req, "GET"));
    return;
  }
  rest->handle(req, std::move(respond));
}

std::string server::impl::metrics() const {
  std::string out;
  out += "# HELP livechat_connections Open HTTP and WebSocket connections.\n";
  out += "# TYPE livechat_connections gauge\n";
  out += fmt::format("livechat_connections {}\n",
                     listener ? listener->connections() : 0);
  out += "# HELP livechat_http_requests_total HTTP answers sent, by status.\n";
  out += "# TYPE livechat_http_requests_total counter\n";
  for (auto [code, n] : counters.snapshot())
    out += fmt::format("livechat_http_requests_total{{code=\"{}\"}} {}\n", code,
                       n);
  if (rec)
    out += rec->metrics();
  out += "# HELP livechat_store_commits_total Transactions committed.\n";
  out += "# TYPE livechat_store_commits_total counter\n";
  out += fmt::format("livechat_store_commits_total {}\n",
                     writer ? writer->commits() : 0);
  return out;
}

namespace {

using start_result = std::variant<std::unique_ptr<server>, std::string>;

/// The origin of a new database: the provisioning, or a lone administrator.
workspace_origin default_origin(std::optional<workspace_origin> provision) {
  if (provision)
    return std::move(*provision);
  directory dir{"admin"};
  auto admin = dir.find_user("admin").value();
  return {std::move(dir), admin, {}};
}

/// Replays the administration log on the fresh runtime and read model;
/// every change must be accepted and create the same id as the first time.
std::optional<std::string> replay(runtime& rt, catalog& cat,
                                  const std::vector<logged_change>& log) {
  for (const auto& entry : log) {
    auto change = parse_admin_change(entry.change);
    if (auto* e = std::get_if<std::string>(&change))
      return fmt::format("administration log entry {}: {}", entry.seq, *e);
    auto& c = std::get<admin_change>(change);
    auto created = rt.administer(entry.actor, c);
    if (!created)
      return fmt::format("administration log entry {} ({}) was refused on "
                         "replay: {}",
                         entry.seq, to_text(entry.change),
                         to_string(created.error()));
    if (admin_created_json(created.value()) != entry.created)
      return fmt::format("administration log entry {} created {} on replay, "
                         "{} originally",
                         entry.seq,
                         to_text(admin_created_json(created.value())),
                         to_text(entry.created));
    (void)cat.apply(entry.actor, c);
  }
  return std::nullopt;
}

} // namespace

start_result server::start(server_settings settings,
                           std::optional<workspace_origin> provision,
                           log_fn log) {
  auto p = std::make_unique<impl>();
  p->settings = settings;
  p->log = std::move(log);

  auto opened = store::open(settings.db_path);
  if (!opened)
    return opened.error().message;
  auto& st = *opened;
  auto stored_origin = st.origin();
  if (!stored_origin)
    return stored_origin.error().message;
  nlohmann::json origin_doc;
  if (*stored_origin) {
    origin_doc = std::move(**stored_origin);
    if (provision)
      p->write_log("provisioning_ignored",
                   {{"reason", "the database is already provisioned"}});
  } else {
    auto origin = default_origin(std::move(provision));
    origin_doc = origin_json(origin);
    auto token = new_token();
    auto now = wall_ms();
    auto began = st.db().begin();
    auto written = began ? st.set_origin(origin_doc, now) : began;
    if (written)
      written = st.add_token(hash_token(token), origin.admin, now);
    if (written)
      written = st.db().commit();
    if (!written) {
      st.db().rollback();
      return written.error().message;
    }
    p->first_token = token;
  }
  auto parsed = parse_origin(origin_doc);
  if (auto* e = std::get_if<std::string>(&parsed))
    return fmt::format("database '{}': {}", settings.db_path, *e);
  auto& origin = std::get<workspace_origin>(parsed);

  auto log_entries = st.changes();
  if (!log_entries)
    return log_entries.error().message;
  auto tokens = st.live_tokens();
  if (!tokens)
    return tokens.error().message;
  for (auto& t : *tokens)
    p->tokens.add(std::move(t.hash), t.user);
  auto last_session = st.max_session_id();
  if (!last_session)
    return last_session.error().message;
  auto next_seq = log_entries->empty() ? 1 : log_entries->back().seq + 1;
  auto kept = read_kept_state(st);
  if (!kept)
    return kept.error().message;
  auto transcripts = std::make_shared<shared_transcripts>();
  fill_transcripts(*kept, *transcripts);

  p->cat = std::make_unique<catalog>(origin);
  p->writer = std::make_unique<store_writer>(std::move(st));
  p->rec = std::make_unique<recorder>(*p->writer, *p->cat);
  runtime_options options{.mode = clock_mode::real_time,
                          .threads = settings.runtime_threads,
                          .session_id_floor = *last_session,
                          .transcripts = transcripts};
  auto rt = runtime::create({origin.dir, origin.admin, origin.chats}, options);
  if (!rt)
    return fmt::format("database '{}': the workspace origin is refused: {}",
                       settings.db_path, to_string(rt.error()));
  p->rt = std::move(rt.value());
  auto* rec = p->rec.get();
  p->rt->subscribe([rec](const routing_event& e) {
    rec->on_event(e);
  });
  p->rt->subscribe_messages([rec](const chat_message& m) {
    rec->on_message(m);
  });
  p->channel = std::make_unique<logging_channel_adapter>(p->log);
  auto* rt_raw = p->rt.get();
  p->rec->set_channel(p->channel.get(),
                      [rt_raw](user_id u) -> std::optional<contact> {
                        auto c = rt_raw->contact_of_customer(u);
                        if (!c)
                          return std::nullopt;
                        return c.value();
                      });
  if (auto diverged = replay(*p->rt, *p->cat, *log_entries))
    return fmt::format("database '{}': {}", settings.db_path, *diverged);
  auto restored = restore_kept_state(*p->rt, *kept);
  for (const auto& why : restored.refused)
    p->write_log("restore_refused", {{"what", why}});

  p->admin = std::make_unique<admin_sequencer>(*p->rt, *p->cat, *p->writer,
                                               p->gate, next_seq);
  p->limiter = std::make_unique<rate_limiter>(settings.rate);
  p->rest = std::make_unique<api>(api_context{*p->rt, *p->cat, p->tokens,
                                              *p->writer, *p->admin,
                                              *p->limiter, *p->rec, p->gate});
  for (const auto& [who, s] : restored.external)
    p->rest->resume_contact_session(who, s);
  auto* raw = p.get();
  auto schedule = settings.presence_scheduler;
  if (!schedule)
    schedule = [raw](std::chrono::milliseconds delay,
                     std::function<void()> fn) {
      auto timer = std::make_shared<net::steady_timer>(raw->io, delay);
      timer->async_wait(
        [timer, fn = std::move(fn)](boost::system::error_code ec) {
          if (!ec)
            fn();
        });
    };
  auto* rec_raw = p->rec.get();
  p->who_is_here = std::make_unique<presence>(*p->rt, p->gate,
                                              settings.presence_grace,
                                              std::move(schedule),
                                              [rec_raw](operator_id op) {
                                                return rec_raw->status_of(op);
                                              });
  for (auto op : restored.holders)
    p->who_is_here->held_across_restart(op);
  auto bound = http_listener::bind(
    p->io, settings.host, settings.port, settings.http,
    [raw](const http_request& req, respond_fn respond) {
      raw->handle(req, std::move(respond));
    },
    [raw](int status) {
      raw->counters.count(status);
    },
    "/api/v1/ws",
    make_ws_acceptor(api_context{*p->rt, *p->cat, p->tokens, *p->writer,
                                 *p->admin, *p->limiter, *p->rec, p->gate},
                     *p->who_is_here),
    settings.tls);
  if (auto* e = std::get_if<std::string>(&bound))
    return *e;
  p->listener = std::move(std::get<0>(bound));
  p->listener->start();
  p->work.emplace(net::make_work_guard(p->io));
  for (std::size_t i = 0; i < std::max<std::size_t>(1, settings.io_threads);
       ++i)
    p->io_threads.emplace_back([raw] {
      // A handler's exception must not end the server: log it, go on.
      for (;;) {
        try {
          raw->io.run();
          return;
        } catch (const std::exception& e) {
          raw->write_log("io_error", {{"what", e.what()}});
        }
      }
    });
  p->write_log("serving", {{"host", settings.host},
                           {"port", p->listener->port()},
                           {"db", settings.db_path},
                           {"replayed_changes", log_entries->size()},
                           {"restored_waiting", restored.waiting},
                           {"restored_held", restored.held}});
  return std::unique_ptr<server>{new server{std::move(p)}};
}

server::server(std::unique_ptr<impl> p) : impl_(std::move(p)) {}

server::~server() {
  stop();
}

std::uint16_t server::port() const noexcept {
  return impl_->listener ? impl_->listener->port() : 0;
}

const std::optional<std::string>& server::first_admin_token() const noexcept {
  return impl_->first_token;
}

void server::stop() {
  auto& p = *impl_;
  if (p.stopped)
    return;
  p.stopped = true;
  if (p.listener)
    p.listener->stop();
  // Let open connections receive their last answers and close frames: the
  // timer keeps the I/O threads running that long.
  std::promise<void> drained;
  net::steady_timer timer{p.io, p.settings.drain};
  timer.async_wait([&drained](boost::system::error_code) {
    drained.set_value();
  });
  p.work.reset();
  if (!p.io_threads.empty())
    drained.get_future().wait();
  p.io.stop();
  for (auto& t : p.io_threads)
    t.join();
  p.io_threads.clear();
  // Pending runtime completions run now (with `unavailable`); their answers
  // go to the stopped io_context and are dropped with it.
  // No call into the runtime from now on: completions that would chain
  // one find the gate closed; the channel adapter stops looking up
  // contacts; queued administrative changes are refused.
  p.gate.close();
  if (p.rec)
    p.rec->detach_channel();
  if (p.admin)
    p.admin->close();
  p.rt.reset();
  if (p.writer)
    p.writer->stop();
  p.write_log("stopped", nlohmann::json::object());
}

} // namespace livechat::server
