#include "core/contacts.hpp"
#include "core/directory.hpp"

#include <gtest/gtest.h>
#include <string>

namespace contacts_test {

using livechat::contact;
using livechat::contact_book;
using livechat::contact_id;
using livechat::contact_of;
using livechat::customer_of;
using livechat::directory;
using livechat::errc;
using livechat::first_contact_customer;
using livechat::max_contacts;
using livechat::user_id;

const contact anna_whatsapp{"whatsapp", "+49 151 2345678"};

TEST(ContactRange, ContactCustomersStartAtTheEndOfTheDirectoryRange) {
  EXPECT_EQ(customer_of(contact_id{0}), user_id{first_contact_customer});
  EXPECT_EQ(customer_of(contact_id{7}), user_id{first_contact_customer + 7});
}

TEST(ContactRange, DirectoryIdsAreNoContacts) {
  EXPECT_FALSE(contact_of(user_id{0}));
  EXPECT_FALSE(contact_of(user_id{first_contact_customer - 1}));
  EXPECT_FALSE(contact_of(user_id{}));
}

TEST(ContactRange, ContactOfGivesBackTheContactOfItsCustomerId) {
  for (auto c : {contact_id{0}, contact_id{42},
                 contact_id{static_cast<std::uint32_t>(max_contacts - 1)}}) {
    auto back = contact_of(customer_of(c));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, c);
  }
}

TEST(ContactRange, TheLastContactStillHasAValidCustomerId) {
  auto last
    = customer_of(contact_id{static_cast<std::uint32_t>(max_contacts - 1)});
  EXPECT_TRUE(last.valid());
}

TEST(ContactRange, DirectoryStopsAddingUsersBeforeTheContactRange) {
  EXPECT_TRUE(directory::may_add_user(0));
  EXPECT_TRUE(directory::may_add_user(first_contact_customer - 1));
  EXPECT_FALSE(directory::may_add_user(first_contact_customer));
}

TEST(ContactBook, NumbersContactsInFirstSeenOrder) {
  contact_book book;
  EXPECT_EQ(book.add({"whatsapp", "+1"}).value(), contact_id{0});
  EXPECT_EQ(book.add({"telegram", "@bo"}).value(), contact_id{1});
  EXPECT_EQ(book.add({"whatsapp", "+0"}).value(), contact_id{2});
  EXPECT_EQ(book.size(), 3u);
}

TEST(ContactBook, AddingAKnownContactGivesItsId) {
  contact_book book;
  auto first = book.add(anna_whatsapp).value();
  (void)book.add({"whatsapp", "+2"});
  EXPECT_EQ(book.add(anna_whatsapp).value(), first);
  EXPECT_EQ(book.size(), 2u);
}

TEST(ContactBook, SameAddressOnTwoChannelsIsTwoContacts) {
  contact_book book;
  auto a = book.add({"whatsapp", "+49 151 2345678"}).value();
  auto b = book.add({"sms", "+49 151 2345678"}).value();
  EXPECT_NE(a, b);
}

TEST(ContactBook, FindsContactsBackBothWays) {
  contact_book book;
  (void)book.add({"sms", "+1"});
  auto id = book.add(anna_whatsapp).value();
  EXPECT_EQ(book.find(anna_whatsapp).value(), id);
  ASSERT_TRUE(book.contains(id));
  EXPECT_EQ(book.get(id), anna_whatsapp);
}

TEST(ContactBook, FindingAnUnknownContactIsUnknownUser) {
  contact_book book;
  (void)book.add(anna_whatsapp);
  auto r = book.find({"sms", anna_whatsapp.address});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), errc::unknown_user);
  EXPECT_FALSE(book.contains(contact_id{1}));
}

TEST(ContactBook, RefusesEmptyFields) {
  contact_book book;
  EXPECT_EQ(book.add({"", "+1"}).error(), errc::invalid_argument);
  EXPECT_EQ(book.add({"whatsapp", ""}).error(), errc::invalid_argument);
  EXPECT_EQ(book.size(), 0u);
}

TEST(ContactBook, RefusesFieldsLongerThanTheLimit) {
  contact_book book;
  std::string longest(contact_book::max_field_length, 'x');
  EXPECT_TRUE(book.add({"whatsapp", longest}));
  EXPECT_EQ(book.add({"whatsapp", longest + "x"}).error(),
            errc::invalid_argument);
  EXPECT_EQ(book.add({longest + "x", "+1"}).error(), errc::invalid_argument);
}

TEST(ContactBook, RefusesControlCharacters) {
  contact_book book;
  EXPECT_EQ(book.add({"whatsapp", "+1\n"}).error(), errc::invalid_argument);
  EXPECT_EQ(book.add({"what\tsapp", "+1"}).error(), errc::invalid_argument);
  EXPECT_EQ(book.add({"whatsapp", std::string{"+1\x7f"}}).error(),
            errc::invalid_argument);
  EXPECT_EQ(book.add({"whatsapp", std::string{"+1\0", 3}}).error(),
            errc::invalid_argument);
}

TEST(ContactBook, AcceptsNonAsciiAddresses) {
  contact_book book;
  EXPECT_TRUE(book.add({"telegram", "@m\xc3\xbcller"}));
}

TEST(ContactBook, RestoredContactsKeepTheirIdsAndNewOnesComeAfter) {
  contact_book book;
  ASSERT_TRUE(book.restore(contact_id{0}, {"whatsapp", "+1"}));
  ASSERT_TRUE(book.restore(contact_id{3}, {"whatsapp", "+4"})); // 1, 2 gone
  EXPECT_EQ(book.find({"whatsapp", "+4"}).value(), contact_id{3});
  EXPECT_EQ(book.add({"whatsapp", "+5"}).value(), contact_id{4});
  EXPECT_EQ(book.add({"whatsapp", "+1"}).value(), contact_id{0});
  EXPECT_EQ(book.get(contact_id{1}).address, ""); // taken by no one
  // Taken ids, known contacts and bad fields are refused.
  EXPECT_EQ(book.restore(contact_id{2}, {"whatsapp", "+9"}).error(),
            errc::invalid_argument);
  EXPECT_EQ(book.restore(contact_id{9}, {"whatsapp", "+5"}).error(),
            errc::invalid_argument);
  EXPECT_EQ(book.restore(contact_id{9}, {"whatsapp", ""}).error(),
            errc::invalid_argument);
  EXPECT_EQ(book.size(), 5u);
}

} // namespace contacts_test
