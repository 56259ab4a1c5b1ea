#include "server/json_reader.hpp"

#include <fmt/format.h>
#include <limits>

namespace livechat::server {

json_reader::json_reader(const nlohmann::json& object, std::string path)
    : object_(object), path_(std::move(path)) {
  if (!object_.is_object())
    error_ = path_.empty() ? std::string{"expected a JSON object"}
                           : fmt::format("field '{}': expected an object",
                                         path_.substr(0, path_.size() - 1));
}

std::string json_reader::path_of(const char* field) const {
  return path_ + field;
}

void json_reader::fail(const char* field, std::string what) {
  if (!error_)
    error_ = fmt::format("field '{}': {}", path_of(field), what);
}

const nlohmann::json* json_reader::find(const char* field, bool required) {
  known_.insert(field);
  if (error_)
    return nullptr;
  auto it = object_.find(field);
  if (it == object_.end() || it->is_null()) {
    if (required)
      fail(field, "is required");
    return nullptr;
  }
  return &*it;
}

std::string json_reader::required_string(const char* field) {
  auto* v = find(field, true);
  if (v == nullptr)
    return {};
  if (!v->is_string()) {
    fail(field, "expected a string");
    return {};
  }
  return v->get<std::string>();
}

std::string json_reader::optional_string(const char* field,
                                         std::string fallback) {
  auto* v = find(field, false);
  if (v == nullptr)
    return fallback;
  if (!v->is_string()) {
    fail(field, "expected a string");
    return fallback;
  }
  return v->get<std::string>();
}

std::int64_t json_reader::required_int(const char* field) {
  auto* v = find(field, true);
  if (v == nullptr)
    return 0;
  if (!v->is_number_integer()) {
    fail(field, "expected an integer");
    return 0;
  }
  return v->get<std::int64_t>();
}

std::int64_t json_reader::optional_int(const char* field,
                                       std::int64_t fallback) {
  auto* v = find(field, false);
  if (v == nullptr)
    return fallback;
  if (!v->is_number_integer()) {
    fail(field, "expected an integer");
    return fallback;
  }
  return v->get<std::int64_t>();
}

std::uint64_t json_reader::optional_uint64(const char* field,
                                           std::uint64_t fallback) {
  auto* v = find(field, false);
  if (v == nullptr)
    return fallback;
  if (!v->is_number_unsigned()
      && !(v->is_number_integer() && v->get<std::int64_t>() >= 0)) {
    fail(field, "expected a non-negative integer");
    return fallback;
  }
  return v->get<std::uint64_t>();
}

bool json_reader::optional_bool(const char* field, bool fallback) {
  auto* v = find(field, false);
  if (v == nullptr)
    return fallback;
  if (!v->is_boolean()) {
    fail(field, "expected true or false");
    return fallback;
  }
  return v->get<bool>();
}

std::vector<std::uint32_t> json_reader::optional_ids(const char* field) {
  std::vector<std::uint32_t> out;
  auto* v = find(field, false);
  if (v == nullptr)
    return out;
  if (!v->is_array()) {
    fail(field, "expected an array of ids");
    return out;
  }
  for (const auto& item : *v) {
    if (!item.is_number_integer() || item.get<std::int64_t>() < 0
        || item.get<std::int64_t>()
             >= std::numeric_limits<std::uint32_t>::max()) {
      fail(field, "expected an array of ids (non-negative integers)");
      return {};
    }
    out.push_back(static_cast<std::uint32_t>(item.get<std::int64_t>()));
  }
  return out;
}

const nlohmann::json* json_reader::required_object(const char* field) {
  auto* v = find(field, true);
  if (v != nullptr && !v->is_object()) {
    fail(field, "expected an object");
    return nullptr;
  }
  return v;
}

std::optional<std::string> json_reader::finish() {
  if (error_)
    return error_;
  for (auto it = object_.begin(); it != object_.end(); ++it)
    if (!known_.contains(it.key()))
      return fmt::format("unknown field '{}'", path_ + it.key());
  return std::nullopt;
}

} // namespace livechat::server
