// Strict reading of JSON objects from clients: every field named, typed and
// accounted for.
//
// A `json_reader` walks one object. Each accessor takes a field name, checks
// its type and records it as known; `finish()` then refuses any field the
// caller did not ask for. The first problem is kept, phrased for the client
// with the field's path: "field 'definition.capacity': expected an integer".
//
// Example:
//   livechat::server::json_reader r{body};
//   auto name = r.required_string("name");
//   auto size = r.optional_int("capacity", 1);
//   if (auto e = r.finish()) return bad_request(*e);
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace livechat::server {

class json_reader {
public:
  /// `path` prefixes field names in messages ("definition." for nested).
  explicit json_reader(const nlohmann::json& object, std::string path = "");

  std::string required_string(const char* field);
  std::string optional_string(const char* field, std::string fallback = "");
  std::int64_t required_int(const char* field);
  std::int64_t optional_int(const char* field, std::int64_t fallback);
  /// A non-negative integer up to 2^64 - 1 (seeds).
  std::uint64_t optional_uint64(const char* field, std::uint64_t fallback);
  bool optional_bool(const char* field, bool fallback);
  /// An array of non-negative integers (ids).
  std::vector<std::uint32_t> optional_ids(const char* field);
  /// A nested object. Read it with a child reader.
  const nlohmann::json* required_object(const char* field);

  /// Accepts `field` without reading it (e.g. a request id echoed back).
  void allow(const char* field) {
    known_.insert(field);
  }

  /// Records a problem found by the caller (e.g. an out-of-range value).
  void fail(const char* field, std::string what);

  /// The first problem, including unknown fields; nullopt if all is well.
  std::optional<std::string> finish();

  bool ok() const noexcept {
    return !error_;
  }
  std::string path_of(const char* field) const;

private:
  const nlohmann::json* find(const char* field, bool required);
  const nlohmann::json& object_;
  std::string path_;
  std::set<std::string, std::less<>> known_;
  std::optional<std::string> error_;
};

} // namespace livechat::server
