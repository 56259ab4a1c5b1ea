#include "scenarios/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <system_error>

namespace livechat::scenarios::detail {

source_location reader::at(const YAML::Mark& m) const {
  if (m.is_null())
    return {file_, 0, 0};
  return {file_, m.line + 1, m.column + 1};
}

source_location reader::at(const YAML::Node& n) const {
  if (!n.IsDefined())
    return {file_, 0, 0};
  return at(n.Mark());
}

void reader::error(const source_location& where, std::string message) {
  out_.push_back(make_diagnostic(where, std::move(message)));
}

std::string field(std::string_view key, std::string_view what) {
  std::string out = "'";
  out += key;
  out += '\'';
  if (what != "scenario") {
    out += " of ";
    out += what;
  }
  return out;
}

map_reader::map_reader(reader& r, const YAML::Node& node, std::string what,
                       std::initializer_list<std::string_view> known)
    : reader_(r), what_(std::move(what)), where_(r.at(node)) {
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key_node = it->first; // copies: it-> is a proxy
    if (!key_node.IsScalar()) {
      r.error(key_node, "keys of " + what_ + " must be plain names");
      continue;
    }
    const auto& key = key_node.Scalar();
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      r.error(key_node, "unknown key '" + key + "' in " + what_);
      continue;
    }
    auto dup = std::find_if(entries_.begin(), entries_.end(),
                            [&](const entry& e) {
                              return e.key == key;
                            });
    if (dup != entries_.end()) {
      r.error(key_node, "duplicate key '" + key + "' in " + what_);
      continue;
    }
    entries_.push_back({key, it->second});
    // A key with no value (`patience:`) has no mark of its own; point at the
    // key instead.
    auto value_at = r.at(it->second);
    keys_.values.emplace(key, value_at.line > 0 ? value_at : r.at(key_node));
  }
}

std::optional<YAML::Node> map_reader::get(std::string_view key) const {
  for (const auto& e : entries_)
    if (e.key == key)
      return e.value;
  return std::nullopt;
}

std::optional<YAML::Node> map_reader::require(std::string_view key) const {
  auto n = get(key);
  if (!n)
    reader_.error(where_, what_ + " is missing required key '"
                            + std::string{key} + "'");
  return n;
}

bool expect_map(reader& r, const YAML::Node& n, std::string_view desc) {
  if (n.IsMap())
    return true;
  r.error(n, std::string{desc} + " must be a mapping");
  return false;
}

bool expect_list(reader& r, const YAML::Node& n, std::string_view desc) {
  if (n.IsSequence())
    return true;
  r.error(n, std::string{desc} + " must be a list");
  return false;
}

std::optional<std::string> read_string(reader& r, const YAML::Node& n,
                                       std::string_view desc) {
  if (n.IsScalar() && !n.Scalar().empty())
    return n.Scalar();
  r.error(n, std::string{desc} + " must be a non-empty string");
  return std::nullopt;
}

std::optional<long long> read_integer(reader& r, const YAML::Node& n,
                                      std::string_view desc) {
  if (n.IsScalar()) {
    auto p = parse_integer(n.Scalar());
    if (p)
      return *p;
    r.error(n, std::string{desc} + " " + p.error);
    return std::nullopt;
  }
  r.error(n, std::string{desc} + " must be a whole number");
  return std::nullopt;
}

std::optional<double> read_number(reader& r, const YAML::Node& n,
                                  std::string_view desc) {
  if (!n.IsScalar()) {
    r.error(n, std::string{desc} + " must be a number");
    return std::nullopt;
  }
  auto p = parse_number(n.Scalar());
  if (!p) {
    r.error(n, std::string{desc} + " must be a number, got "
                 + excerpt(n.Scalar()));
    return std::nullopt;
  }
  return *p;
}

std::optional<bool> read_bool(reader& r, const YAML::Node& n,
                              std::string_view desc) {
  if (n.IsScalar()) {
    if (n.Scalar() == "true")
      return true;
    if (n.Scalar() == "false")
      return false;
  }
  r.error(n, std::string{desc} + " must be true or false");
  return std::nullopt;
}

std::optional<duration> read_duration(reader& r, const YAML::Node& n,
                                      std::string_view desc) {
  if (!n.IsScalar()) {
    r.error(n, std::string{desc} + " must be a duration such as 20s or 5m");
    return std::nullopt;
  }
  auto p = parse_duration(n.Scalar());
  if (!p) {
    r.error(n, std::string{desc} + ": " + p.error);
    return std::nullopt;
  }
  return *p;
}

std::optional<rate> read_rate(reader& r, const YAML::Node& n,
                              std::string_view desc) {
  if (!n.IsScalar()) {
    r.error(n, std::string{desc} + " must be a rate such as 60/h");
    return std::nullopt;
  }
  auto p = parse_rate(n.Scalar());
  if (!p) {
    r.error(n, std::string{desc} + ": " + p.error);
    return std::nullopt;
  }
  return *p;
}

std::vector<located_text> read_texts(reader& r, const YAML::Node& n,
                                     std::string_view desc) {
  std::vector<located_text> out;
  if (!expect_list(r, n, desc))
    return out;
  for (const auto& item : n) {
    if (auto s = read_string(r, item, "each entry of " + std::string{desc}))
      out.push_back({*s, r.at(item)});
  }
  return out;
}

} // namespace livechat::scenarios::detail
