// Expected domain outcomes of the routing core, and the return type carrying
// them.
//
// Bugs are asserts; bad external input is reported at the edge (CLI, server).
// Everything in between that a caller must handle ("not a member", "queue
// full", "illegal transition") is an `errc` inside an `expected<T>`. The core
// throws no exceptions across its API.
//
// Example:
//   livechat::expected<int> parse_positive(int x) {
//     if (x <= 0)
//       return livechat::errc::invalid_argument;
//     return x;
//   }
//   auto r = parse_positive(3);
//   if (!r) std::puts(livechat::to_string(r.error()));
#pragma once

#include <cassert>
#include <cstdint>
#include <string_view>
#include <utility>
#include <variant>

namespace livechat {

/// Every expected failure of a core operation. Codes start at 1: code 0
/// means "no error" where they travel as `caf::error` (see actors/).
enum class errc : std::uint8_t {
  not_permitted = 1,   ///< the acting user lacks the required group membership,
                       ///< or is not the kind of customer the chat takes
  unknown_user,        ///< no user with that id or name
  unknown_group,       ///< no group with that id or name
  unknown_chat,        ///< no live chat with that id or name
  unknown_session,     ///< no live session with that id (never or no longer)
  duplicate_name,      ///< a group, user or chat with that name exists
  invalid_definition,  ///< a live chat definition breaks a rule
  illegal_transition,  ///< the session's state does not allow this step
  not_assigned_to_you, ///< the operator acting does not hold the session
  not_an_expert_group, ///< a transfer target outside the chat's expert groups
  not_eligible,        ///< the operator may not take this session now
  invalid_argument,    ///< an argument is out of its documented range
  crosses_domains,     ///< the change would join two running routing domains
  unavailable,         ///< the actor that would handle the call has stopped
  not_waiting,         ///< the session is live but not waiting in a queue
  in_use, ///< a live chat still uses the group, or sessions need the change
};

/// Lowercase, human-readable name of an error (stable; used in messages).
std::string_view to_string(errc e) noexcept;

/// Either a value of `T` or an `errc`. Like C++23's std::expected, trimmed.
template <class T>
class [[nodiscard]] expected {
public:
  expected(T value) : data_(std::move(value)) {}
  expected(errc e) : data_(e) {}

  bool has_value() const noexcept {
    return data_.index() == 0;
  }
  explicit operator bool() const noexcept {
    return has_value();
  }

  T& value() & {
    assert(has_value() && "expected: value() on an error");
    return std::get<0>(data_);
  }
  const T& value() const& {
    assert(has_value() && "expected: value() on an error");
    return std::get<0>(data_);
  }
  T&& value() && {
    assert(has_value() && "expected: value() on an error");
    return std::get<0>(std::move(data_));
  }
  T& operator*() & {
    return value();
  }
  const T& operator*() const& {
    return value();
  }
  T* operator->() {
    return &value();
  }
  const T* operator->() const {
    return &value();
  }

  errc error() const noexcept {
    assert(!has_value() && "expected: error() on a value");
    return std::get<1>(data_);
  }

private:
  std::variant<T, errc> data_;
};

/// `expected<void>`: success or an error.
template <>
class [[nodiscard]] expected<void> {
public:
  expected() = default;
  expected(errc e) : error_(e), has_error_(true) {}

  bool has_value() const noexcept {
    return !has_error_;
  }
  explicit operator bool() const noexcept {
    return has_value();
  }
  errc error() const noexcept {
    assert(has_error_ && "expected: error() on success");
    return error_;
  }

private:
  errc error_ = errc::invalid_argument;
  bool has_error_ = false;
};

} // namespace livechat
