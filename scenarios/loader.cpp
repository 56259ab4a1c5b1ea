#include "scenarios/loader.hpp"

#include "scenarios/validate.hpp"
#include "scenarios/workload_reader.hpp"
#include "scenarios/yaml_reader.hpp"

#include <algorithm>
#include <climits>
#include <exception>
#include <fstream>
#include <iterator>
#include <new>
#include <sstream>
#include <type_traits>
#include <utility>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

namespace livechat::scenarios {

namespace {

using detail::expect_list;
using detail::expect_map;
using detail::field;
using detail::map_reader;
using detail::read_bool;
using detail::read_distribution;
using detail::read_duration;
using detail::read_integer;
using detail::read_string;
using detail::read_texts;
using detail::reader;

/// Reads an integer that must fit in an int (counts, capacities).
std::optional<int> read_int(reader& r, const YAML::Node& n,
                            std::string_view desc) {
  auto v = read_integer(r, n, desc);
  if (!v)
    return std::nullopt;
  if (*v < INT_MIN || *v > INT_MAX) {
    r.error(n, std::string{desc} + " is out of range");
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

/// Reads a whole number >= 0.
std::optional<unsigned long long> read_unsigned(reader& r, const YAML::Node& n,
                                                std::string_view desc) {
  auto v = read_integer(r, n, desc);
  if (!v)
    return std::nullopt;
  if (*v < 0) {
    r.error(n, std::string{desc} + " must not be negative, got "
                 + std::to_string(*v));
    return std::nullopt;
  }
  return static_cast<unsigned long long>(*v);
}

std::optional<group_spec> read_group(reader& r, const YAML::Node& n,
                                     std::size_t index) {
  auto what = "group #" + std::to_string(index + 1);
  if (!expect_map(r, n, what))
    return std::nullopt;
  map_reader m{r, n, what, {"name", "members", "size"}};
  group_spec g;
  g.where = m.where();
  if (auto name = m.require("name")) {
    if (auto s = read_string(r, *name, field("name", what))) {
      g.name = *s;
      m.rename("group '" + g.name + "'");
    }
  }
  auto members = m.get("members");
  auto size = m.get("size");
  if (!members && !size)
    r.error(m.where(), m.what() + " needs either members or size");
  if (members)
    g.members = read_texts(r, *members, field("members", m.what()));
  if (size)
    if (auto v = read_unsigned(r, *size, field("size", m.what())))
      g.size = static_cast<std::size_t>(*v);
  g.keys = m.keys();
  return g;
}

template <class Kind, class Parse>
void read_enum(reader& r, const map_reader& m, std::string_view key,
               std::string_view noun, std::string_view choices, Parse parse,
               Kind& into) {
  auto n = m.get(key);
  if (!n)
    return;
  auto s = read_string(r, *n, field(key, m.what()));
  if (!s)
    return;
  if (auto v = parse(*s)) {
    into = *v;
    return;
  }
  r.error(*n, "unknown " + std::string{noun} + " '" + *s + "' for " + m.what()
                + " (use " + std::string{choices} + ")");
}

std::optional<chat_spec> read_chat(reader& r, const YAML::Node& n,
                                   std::size_t index) {
  auto what = "live chat #" + std::to_string(index + 1);
  if (!expect_map(r, n, what))
    return std::nullopt;
  map_reader m{r,
               n,
               what,
               {"name", "customers", "channel", "operators", "supervisors",
                "experts", "routing", "capacity", "queue_limit", "on_offline",
                "transfers_first", "reject_when_nobody_online"}};
  chat_spec c;
  c.where = m.where();
  if (auto name = m.require("name")) {
    if (auto s = read_string(r, *name, field("name", what))) {
      c.name = *s;
      m.rename("live chat '" + c.name + "'");
    }
  }
  const auto& w = m.what();
  auto texts = [&](std::string_view key, std::vector<located_text>& into) {
    if (auto v = m.get(key))
      into = read_texts(r, *v, field(key, w));
  };
  texts("customers", c.customers);
  if (auto v = m.get("channel"))
    if (auto s = read_string(r, *v, field("channel", w)))
      c.channel = *s;
  if (auto v = m.require("operators"))
    c.operators = read_texts(r, *v, field("operators", w));
  texts("supervisors", c.supervisors);
  texts("experts", c.experts);
  read_enum(r, m, "routing", "routing policy",
            "round_robin, least_busy, longest_idle, random, fixed_order, "
            "manual",
            parse_routing_policy, c.routing);
  read_enum(r, m, "on_offline", "on_offline policy", "requeue, keep, close",
            parse_offline_policy, c.on_offline);
  if (auto v = m.get("capacity"))
    if (auto i = read_int(r, *v, field("capacity", w)))
      c.capacity = *i;
  if (auto v = m.get("queue_limit"))
    if (auto i = read_unsigned(r, *v, field("queue_limit", w)))
      c.queue_limit = static_cast<std::size_t>(*i);
  if (auto v = m.get("transfers_first"))
    if (auto b = read_bool(r, *v, field("transfers_first", w)))
      c.transfers_first = *b;
  if (auto v = m.get("reject_when_nobody_online"))
    if (auto b = read_bool(r, *v, field("reject_when_nobody_online", w)))
      c.reject_when_nobody_online = *b;
  c.keys = m.keys();
  return c;
}

std::optional<shift_spec> read_shift(reader& r, const YAML::Node& n,
                                     std::size_t index) {
  auto what = "shift #" + std::to_string(index + 1);
  if (!expect_map(r, n, what))
    return std::nullopt;
  map_reader m{r, n, what, {"group", "online"}};
  shift_spec s;
  s.where = m.where();
  if (auto g = m.require("group")) {
    if (auto name = read_string(r, *g, field("group", what))) {
      s.group = {*name, r.at(*g)};
      m.rename("shift for group '" + *name + "'");
    }
  }
  auto online = m.require("online");
  if (!online || !expect_list(r, *online, field("online", m.what())))
    return s;
  std::size_t k = 0;
  for (const auto& step : *online) {
    ++k;
    auto step_what = "step #" + std::to_string(k) + " of " + m.what();
    if (!expect_map(r, step, step_what))
      continue;
    map_reader sm{r, step, step_what, {"from", "count"}};
    shift_step st;
    st.where = sm.where();
    if (auto from = sm.require("from"))
      if (auto d = read_duration(r, *from, field("from", step_what)))
        st.from = *d;
    if (auto count = sm.require("count"))
      if (auto c = read_integer(r, *count, field("count", step_what)))
        st.count = *c;
    s.online.push_back(st);
  }
  return s;
}

supervision_spec read_supervision(reader& r, const YAML::Node& n) {
  supervision_spec s;
  s.where = r.at(n);
  if (!expect_map(r, n, "'supervision'"))
    return s;
  map_reader m{r, n, "supervision", {"reaction_time"}};
  if (auto t = m.get("reaction_time"))
    if (auto d = read_distribution(r, *t, field("reaction_time", m.what())))
      s.reaction_time = *d;
  return s;
}

/// A list of strings under `key`, each parsed by `parse` (thresholds,
/// targets); a string that does not parse is an error at its location.
template <class Parse>
auto read_parsed_texts(reader& r, const YAML::Node& n, const char* key,
                       Parse parse) {
  std::vector<std::remove_cvref_t<decltype(*parse(""))>> out;
  for (auto& text : read_texts(r, n, key)) {
    auto t = parse(text.text);
    if (!t) {
      r.error(text.where, t.error);
      continue;
    }
    auto spec = *t;
    spec.where = text.where;
    out.push_back(std::move(spec));
  }
  return out;
}

/// Reads every list entry of `key` with `read_one(node, index)`.
template <class Spec, class ReadOne>
void read_list(reader& r, const map_reader& m, std::string_view key,
               bool required, std::vector<Spec>& into, ReadOne read_one) {
  auto n = required ? m.require(key) : m.get(key);
  if (!n || !expect_list(r, *n, field(key, "scenario")))
    return;
  std::size_t k = 0;
  for (const auto& item : *n)
    if (auto spec = read_one(r, item, k++))
      into.push_back(std::move(*spec));
}

scenario read_scenario(reader& r, const YAML::Node& root) {
  scenario s;
  map_reader m{r,
               root,
               "scenario",
               {"name", "seed", "horizon", "warmup", "replications",
                "service_level_threshold", "groups", "live_chats", "workload",
                "shifts", "supervision", "thresholds", "targets"}};
  s.where = m.where();
  if (auto v = m.require("name"))
    if (auto name = read_string(r, *v, "'name'"))
      s.name = *name;
  if (auto v = m.get("seed"))
    if (auto seed = read_unsigned(r, *v, "'seed'"))
      s.seed = *seed;
  if (auto v = m.require("horizon"))
    if (auto d = read_duration(r, *v, "'horizon'"))
      s.horizon = *d;
  if (auto v = m.get("warmup"))
    if (auto d = read_duration(r, *v, "'warmup'"))
      s.warmup = *d;
  if (auto v = m.get("replications"))
    if (auto i = read_int(r, *v, "'replications'"))
      s.replications = *i;
  if (auto v = m.get("service_level_threshold"))
    if (auto d = read_duration(r, *v, "'service_level_threshold'"))
      s.service_level_threshold = *d;
  read_list(r, m, "groups", true, s.groups, read_group);
  read_list(r, m, "live_chats", true, s.live_chats, read_chat);
  read_list(r, m, "workload", false, s.workload, detail::read_workload);
  read_list(r, m, "shifts", false, s.shifts, read_shift);
  if (auto v = m.get("supervision"))
    s.supervision = read_supervision(r, *v);
  if (auto v = m.get("thresholds"))
    s.thresholds = read_parsed_texts(r, *v, "'thresholds'",
                                     [](std::string_view t) {
                                       return parse_threshold(t);
                                     });
  if (auto v = m.get("targets"))
    s.targets = read_parsed_texts(r, *v, "'targets'", [](std::string_view t) {
      return parse_target(t);
    });
  s.keys = m.keys();
  return s;
}

/// Counts the documents of a YAML stream and where each starts; ignores
/// their content.
class document_counter : public YAML::EventHandler {
public:
  std::vector<YAML::Mark> starts;

  void OnDocumentStart(const YAML::Mark& mark) override {
    starts.push_back(mark);
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

/// Where a second YAML document starts in `text`, if one does. Reads two
/// documents at most: Debian's yaml-cpp 0.7 `LoadAll` never ends on some
/// malformed input such as "{}," (yaml-cpp issue 1040; found by
/// tests/fuzz/).
std::optional<YAML::Mark> second_document(const std::string& text) {
  std::istringstream in{text};
  YAML::Parser parser{in};
  document_counter counter;
  for (int i = 0; i < 2 && parser.HandleNextDocument(counter); ++i) {
  }
  if (counter.starts.size() < 2)
    return std::nullopt;
  return counter.starts[1];
}

/// Scenario files are a few kilobytes; this keeps a wrong file (a log, an
/// image) from exhausting memory in the YAML parser.
constexpr std::size_t max_file_bytes = std::size_t{16} << 20;

/// The whole of `in`, or nothing when it exceeds `max_file_bytes`.
std::optional<std::string> read_bounded(std::istream& in) {
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_file_bytes)
      return std::nullopt;
  }
  return text;
}

load_result finish(std::optional<scenario> s, std::vector<diagnostic> errors) {
  sort_by_location(errors);
  if (!errors.empty())
    return {std::nullopt, std::move(errors)};
  return {std::move(s), {}};
}

} // namespace

load_result load_scenario(std::istream& in, std::string file_name) {
  std::vector<diagnostic> errors;
  try {
    auto text = read_bounded(in);
    reader r{file_name, errors};
    if (!text) {
      r.error(source_location{file_name, 1, 1},
              "the file is larger than " + std::to_string(max_file_bytes >> 20)
                + " MiB, the limit for scenario files");
      return finish(std::nullopt, std::move(errors));
    }
    YAML::Node root = YAML::Load(*text);
    if (auto second = second_document(*text)) {
      r.error(source_location{file_name, second->line + 1, second->column + 1},
              "a scenario file holds one YAML document; a second one starts "
              "here");
      return finish(std::nullopt, std::move(errors));
    }
    if (root.IsNull() || !root.IsDefined()) {
      r.error(source_location{file_name, 1, 1}, "scenario file is empty");
      return finish(std::nullopt, std::move(errors));
    }
    if (!root.IsMap()) {
      r.error(root, "a scenario must be a mapping with keys such as name, "
                    "horizon, groups and live_chats");
      return finish(std::nullopt, std::move(errors));
    }
    auto s = read_scenario(r, root);
    // A value that could not be read keeps its default, which validation may
    // then reject too: report one problem per position, the reading one.
    auto read_problems = errors.size();
    for (auto& d : validate(s)) {
      auto same_place = [&](const diagnostic& e) {
        return e.line == d.line && e.column == d.column;
      };
      if (std::none_of(errors.begin(), errors.begin() + read_problems,
                       same_place))
        errors.push_back(std::move(d));
    }
    return finish(std::move(s), std::move(errors));
  } catch (const YAML::DeepRecursion& e) {
    errors.push_back(make_diagnostic(
      {file_name, e.mark.line + 1, e.mark.column + 1},
      "invalid yaml: nested more than " + std::to_string(e.depth() - 1)
        + " levels deep (a scenario needs fewer than ten)"));
  } catch (const YAML::Exception& e) {
    source_location where{file_name, 0, 0};
    if (!e.mark.is_null())
      where = {file_name, e.mark.line + 1, e.mark.column + 1};
    errors.push_back(
      make_diagnostic(where, "invalid yaml: " + printable(e.msg)));
  } catch (const std::bad_alloc&) {
    errors.push_back(make_diagnostic(
      {file_name, 0, 0}, "out of memory while reading the file (is it a "
                         "scenario? scenario files are a few kilobytes)"));
  } catch (const std::exception& e) {
    errors.push_back(make_diagnostic({file_name, 0, 0},
                                     std::string{"cannot load: "} + e.what()));
  }
  return finish(std::nullopt, std::move(errors));
}

load_result load_scenario_file(const std::filesystem::path& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    return {std::nullopt,
            {make_diagnostic({path.string(), 0, 0}, "cannot open file")}};
  }
  return load_scenario(in, path.string());
}

} // namespace livechat::scenarios
