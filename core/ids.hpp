// Strong identifiers for the routing core.
//
// Each entity kind has its own id type so that a user id can never be passed
// where a group id is expected. Ids are dense small integers handed out by the
// owning registry (directory, workspace, router) in creation order, which keeps
// every ordering in the core deterministic.
//
// Example:
//   livechat::user_id alice{3};
//   livechat::group_id hr{1};
//   // livechat::group_id g = alice;  // does not compile
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <limits>

namespace livechat {

/// A strongly typed integer id. `Tag` only distinguishes the kinds.
template <class Tag>
struct strong_id {
  using value_type = std::uint32_t;
  static constexpr value_type invalid_value
    = std::numeric_limits<value_type>::max();

  value_type value = invalid_value;

  constexpr strong_id() noexcept = default;
  constexpr explicit strong_id(value_type v) noexcept : value(v) {}

  constexpr bool valid() const noexcept {
    return value != invalid_value;
  }

  friend constexpr auto operator<=>(strong_id, strong_id) noexcept = default;
};

using user_id = strong_id<struct user_tag>;
using group_id = strong_id<struct group_tag>;
using chat_id = strong_id<struct chat_tag>;
/// An external customer: a (channel, address) pair numbered by a
/// `contact_book` (core/contacts.hpp). Not a directory user.
using contact_id = strong_id<struct contact_tag>;

/// User ids split into two disjoint ranges. Directory users (employees,
/// operators, internal customers) are numbered below this bound; a session's
/// customer in an external chat is `customer_of(contact)`
/// (core/contacts.hpp), at or above it. So an employee's id and a contact's
/// number can never be confused, though both travel as `user_id`.
inline constexpr std::uint32_t first_contact_customer = 1u << 31;
/// Session ids are 64-bit: a long run may open billions of sessions.
struct session_id {
  std::uint64_t value = 0;
  friend constexpr auto operator<=>(session_id, session_id) noexcept = default;
};

/// Operators are users acting in the operator role.
using operator_id = user_id;

} // namespace livechat

template <class Tag>
struct std::hash<livechat::strong_id<Tag>> {
  std::size_t operator()(livechat::strong_id<Tag> id) const noexcept {
    return std::hash<std::uint32_t>{}(id.value);
  }
};

template <>
struct std::hash<livechat::session_id> {
  std::size_t operator()(livechat::session_id id) const noexcept {
    return std::hash<std::uint64_t>{}(id.value);
  }
};
