#include "core/contacts.hpp"

#include <algorithm>

namespace livechat {

namespace {

bool valid_field(const std::string& s) {
  auto control = [](char ch) {
    auto b = static_cast<unsigned char>(ch);
    return b < 0x20 || b == 0x7f;
  };
  return !s.empty() && s.size() <= contact_book::max_field_length
         && std::none_of(s.begin(), s.end(), control);
}

} // namespace

expected<void> contact_book::validate(const contact& c) {
  if (!valid_field(c.channel) || !valid_field(c.address))
    return errc::invalid_argument;
  return {};
}

expected<contact_id> contact_book::add(const contact& c) {
  if (auto known = find(c))
    return known;
  if (auto ok = validate(c); !ok)
    return ok.error();
  if (contacts_.size() >= max_contacts)
    return errc::invalid_argument;
  contact_id id{static_cast<contact_id::value_type>(contacts_.size())};
  by_key_.emplace(std::pair{c.channel, c.address}, id);
  contacts_.push_back(c);
  return id;
}

expected<void> contact_book::restore(contact_id id, const contact& c) {
  if (auto ok = validate(c); !ok)
    return ok.error();
  if (!id.valid() || id.value < contacts_.size() || id.value >= max_contacts
      || find(c))
    return errc::invalid_argument;
  contacts_.resize(id.value); // the skipped ids: empty, never found
  by_key_.emplace(std::pair{c.channel, c.address}, id);
  contacts_.push_back(c);
  return {};
}

expected<contact_id> contact_book::find(const contact& c) const {
  auto i = by_key_.find(std::pair{c.channel, c.address});
  if (i == by_key_.end())
    return errc::unknown_user;
  return i->second;
}

const contact& contact_book::get(contact_id c) const {
  assert(contains(c) && "contact_book::get: unknown contact");
  return contacts_[c.value];
}

} // namespace livechat
