// Contacts: external customers, who are not directory users.
//
// A customer of an external chat is known by its messenger channel and the
// channel's address for it, e.g. ("whatsapp", "+49 151 2345678"). A
// `contact_book` numbers such pairs densely, in the order it first sees them,
// and finds them back both ways. Internal customers stay directory users.
//
// Sessions, events and transcripts keep one `user_id customer` for both
// kinds. The two never collide: directory users are numbered below
// `first_contact_customer` (core/ids.hpp) and a contact's customer id is
// `customer_of(contact)`, at or above it; `contact_of(user_id)` tells a
// contact's customer id apart and gives the contact back. The same address on
// two channels is two contacts.
//
// Example:
//   livechat::contact_book book;
//   auto c = book.add({"whatsapp", "+49 151 2345678"}).value(); // contact 0
//   livechat::user_id customer = livechat::customer_of(c);    // 2^31
//   auto back = livechat::contact_of(customer);               // contact 0
//   bool employee = !livechat::contact_of(livechat::user_id{0}); // true
//   const auto& who = book.get(c);                            // whatsapp, ...
#pragma once

#include "core/error.hpp"
#include "core/ids.hpp"

#include <cassert>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace livechat {

/// An external customer as its channel knows it.
struct contact {
  /// The messenger channel, as in `live_chat_definition::channel`.
  std::string channel;
  /// The channel's id for the customer, e.g. a phone number.
  std::string address;

  friend bool operator==(const contact&, const contact&) = default;
};

/// How many contacts fit in the customer id range above the directory's.
inline constexpr std::size_t max_contacts = user_id::invalid_value
                                            - first_contact_customer;

/// The session customer id of a contact. Precondition: c.value < max_contacts.
constexpr user_id customer_of(contact_id c) noexcept {
  assert(c.valid() && c.value < max_contacts && "customer_of: out of range");
  return user_id{first_contact_customer + c.value};
}

/// The contact whose customer id `u` is; none for directory users (and the
/// invalid id).
constexpr std::optional<contact_id> contact_of(user_id u) noexcept {
  if (!u.valid() || u.value < first_contact_customer)
    return std::nullopt;
  return contact_id{u.value - first_contact_customer};
}

/// Numbers contacts densely in first-seen order. Not thread-safe.
class contact_book {
public:
  /// The longest channel or address accepted, in bytes.
  static constexpr std::size_t max_field_length = 256;

  /// Both fields non-empty, at most `max_field_length` bytes, without
  /// control characters (bytes below 0x20, and 0x7f); else
  /// `errc::invalid_argument`.
  static expected<void> validate(const contact& c);

  /// The contact's id, numbering it if it is new. `errc::invalid_argument`
  /// if it fails `validate` or the book is full (`max_contacts`).
  expected<contact_id> add(const contact& c);

  /// Numbers `c` as `id` again, as a book before a restart did: `id` must
  /// be free (at least `size()`), `c` valid and not in the book (else
  /// `errc::invalid_argument`). Ids skipped on the way stay taken by no
  /// one: `get` gives an empty contact for them, `find` never does.
  expected<void> restore(contact_id id, const contact& c);

  /// The contact's id; `errc::unknown_user` if it was never added.
  expected<contact_id> find(const contact& c) const;

  bool contains(contact_id c) const noexcept {
    return c.valid() && c.value < contacts_.size();
  }
  /// Precondition: contains(c).
  const contact& get(contact_id c) const;

  std::size_t size() const noexcept {
    return contacts_.size();
  }

private:
  /// In id order.
  std::vector<contact> contacts_;
  /// Lookup by (channel, address).
  std::map<std::pair<std::string, std::string>, contact_id> by_key_;
};

} // namespace livechat
