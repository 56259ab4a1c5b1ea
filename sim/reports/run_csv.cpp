#include "sim/reports/run_csv.hpp"

#include "core/contacts.hpp"

#include <cmath>
#include <cstdio>
#include <fmt/format.h>

namespace livechat::sim {

namespace {

std::string seconds_text(duration d) {
  return fmt::format("{:.3f}", to_seconds(d));
}

std::string number_text(double x) {
  if (!std::isfinite(x))
    return "";
  return fmt::format("{:.6g}", x);
}

/// A directory user's name; an external chat's customer as `contact-N`, N
/// its contact number; empty for none.
std::string user_name(const scenarios::scenario_workspace& ws, user_id u) {
  if (!u.valid())
    return "";
  if (auto c = contact_of(u))
    return fmt::format("contact-{}", c->value);
  return ws.dir.get(u).name;
}

/// One policy's entities with the `routing` column when comparing.
struct policy_block {
  std::string routing; ///< empty: no routing column
  const experiment_result* result;
};

std::vector<policy_block> blocks(const run_report& rep) {
  if (rep.comparison.empty())
    return {{"", &rep.result}};
  std::vector<policy_block> out{{"scenario", &rep.result}};
  for (const auto& p : rep.comparison)
    out.push_back({std::string{to_string(p.routing)}, &p.result});
  return out;
}

void write_figure_header(std::ostream& out, bool with_routing,
                         const std::vector<std::string>& lead,
                         const std::vector<std::string_view>& names) {
  if (with_routing)
    out << "routing,";
  for (const auto& l : lead)
    out << l << ',';
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto n = std::string{names[i]};
    out << n << ',' << n << ".ci95_lo," << n << ".ci95_hi"
        << (i + 1 < names.size() ? "," : "\n");
  }
}

void write_figure_row(std::ostream& out, const std::string& routing,
                      const std::vector<std::string>& lead,
                      const entity_figures& e) {
  if (!routing.empty())
    out << routing << ',';
  for (const auto& l : lead)
    out << csv_field(l) << ',';
  for (std::size_t i = 0; i < e.values.size(); ++i) {
    const auto& f = e.values[i];
    out << number_text(f.mean) << ',' << number_text(f.lo) << ','
        << number_text(f.hi) << (i + 1 < e.values.size() ? "," : "\n");
  }
}

/// Writes `path` with `body`; on failure remembers the first failed path.
void write_file(const std::string& path, std::string& failed, auto&& body) {
  std::ofstream out{path};
  body(out);
  if (!out && failed.empty())
    failed = path;
}

} // namespace

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos)
    return std::string{text};
  std::string out = "\"";
  for (char c : text) {
    if (c == '"')
      out += '"';
    out += c;
  }
  out += '"';
  return out;
}

session_csv_writer::session_csv_writer(const std::string& path,
                                       const scenarios::scenario_workspace& ws)
    : out_(path), ws_(ws) {
  out_ << "replication,session,live_chat,customer,arrived_s,outcome,wait_s,"
          "first_operator,transfers,handle_s,ended_s,counted,"
          "first_response_s,messages\n";
}

void session_csv_writer::write(std::uint64_t replication,
                               const std::vector<session_record>& records) {
  for (const auto& r : records) {
    const auto& chat = r.chat.value < ws_.chats.size()
                         ? ws_.chats[r.chat.value].name
                         : std::string{};
    out_ << replication << ',' << r.session.value << ',' << csv_field(chat)
         << ',' << csv_field(user_name(ws_, r.customer)) << ','
         << seconds_text(r.arrived.time_since_epoch()) << ','
         << to_string(r.outcome) << ',' << seconds_text(r.wait) << ','
         << csv_field(user_name(ws_, r.first_operator)) << ',' << r.transfers
         << ',' << seconds_text(r.handle) << ','
         << seconds_text(r.ended.time_since_epoch()) << ','
         << (r.counted ? 1 : 0) << ','
         << (r.first_response ? seconds_text(*r.first_response) : "") << ','
         << r.messages << '\n';
  }
}

std::string write_summary_csv(const std::string& dir, const run_report& rep) {
  auto bs = blocks(rep);
  bool with_routing = !rep.comparison.empty();
  std::string failed;
  auto path = [&](const char* name) {
    return dir + "/" + name;
  };
  write_file(path("live_chats.csv"), failed, [&](std::ostream& out) {
    write_figure_header(out, with_routing, {"live_chat"}, chat_figure_names());
    for (const auto& b : bs)
      for (const auto& c : b.result->chats)
        write_figure_row(out, b.routing, {c.name}, c);
  });
  write_file(path("groups.csv"), failed, [&](std::ostream& out) {
    write_figure_header(out, with_routing, {"group"}, group_figure_names());
    for (const auto& b : bs)
      for (const auto& g : b.result->groups)
        write_figure_row(out, b.routing, {g.group.name}, g.group);
  });
  write_file(path("operators.csv"), failed, [&](std::ostream& out) {
    write_figure_header(out, with_routing, {"group", "operator"},
                        operator_figure_names());
    for (const auto& b : bs)
      for (const auto& g : b.result->groups)
        for (const auto& op : g.operators)
          write_figure_row(out, b.routing, {g.group.name, op.name}, op);
  });
  write_file(path("timeseries.csv"), failed, [&](std::ostream& out) {
    if (with_routing)
      out << "routing,";
    out << "kind,name,series,bin_start_s,bin_end_s,value\n";
    for (const auto& b : bs) {
      const auto& bins = b.result->bins;
      auto rows = [&](const char* kind, const entity_figures& e) {
        for (const auto& s : e.series)
          for (std::size_t i = 0; i < s.mean.size(); ++i) {
            if (with_routing)
              out << b.routing << ',';
            out << kind << ',' << csv_field(e.name) << ',' << s.name << ','
                << seconds_text(bins.width * static_cast<long long>(i)) << ','
                << seconds_text(bins.width * static_cast<long long>(i + 1))
                << ',' << number_text(s.mean[i]) << '\n';
          }
      };
      for (const auto& c : b.result->chats)
        rows("live_chat", c);
      for (const auto& g : b.result->groups)
        rows("group", g.group);
    }
  });
  return failed;
}

} // namespace livechat::sim
