// The store: schema migrations, the administration log, tokens, and the
// writer's group commits.
#include "server/store/schema.hpp"
#include "server/store/store.hpp"
#include "server/store/writer.hpp"
#include "server/tokens.hpp"

#include <atomic>
#include <filesystem>
#include <gtest/gtest.h>
#include <unistd.h>

namespace livechat::server_testing {
namespace store_test {

using namespace livechat::server;

class store_files : public ::testing::Test {
protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path()
           / ("livechat-store-test-" + std::to_string(::getpid()) + "-"
              + std::to_string(counter++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "t.db").string();
  }
  void TearDown() override {
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(store_files, ANewDatabaseGetsTheLatestSchemaInWalMode) {
  auto s = store::open(path_);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(*s->db().user_version(), schema_version());
  auto mode = s->db().prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode);
  ASSERT_TRUE(*mode->step());
  EXPECT_EQ(mode->column_text(0), "wal");
}

TEST_F(store_files, EveryPastVersionMigratesKeepingItsRows) {
  // A database as each earlier release left it, with a row written then.
  for (const auto& m : migrations()) {
    if (m.version == schema_version())
      continue;
    std::filesystem::remove(path_);
    {
      auto db = sqlite_db::open(path_);
      ASSERT_TRUE(db);
      ASSERT_TRUE(migrate(*db, m.version));
      ASSERT_TRUE(db->exec("INSERT INTO tokens(hash, user_id, created_ms) "
                           "VALUES ('h', 3, 1)"));
    }
    auto s = store::open(path_);
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(*s->db().user_version(), schema_version());
    auto tokens = s->live_tokens();
    ASSERT_TRUE(tokens);
    ASSERT_EQ(tokens->size(), 1u) << "from version " << m.version;
    EXPECT_EQ((*tokens)[0].user, user_id{3});
  }
}

TEST_F(store_files, ADatabaseNewerThanTheProgramIsRefusedUntouched) {
  {
    auto db = sqlite_db::open(path_);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec("PRAGMA user_version = 999"));
  }
  auto s = store::open(path_);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("newer"), std::string::npos);
  auto db = sqlite_db::open(path_);
  EXPECT_EQ(*db->user_version(), 999);
}

TEST_F(store_files, AFileThatIsNotADatabaseIsRefusedWithItsName) {
  {
    std::FILE* f = std::fopen(path_.c_str(), "w");
    std::fputs("this is not sqlite, just text long enough to be read", f);
    std::fclose(f);
  }
  auto s = store::open(path_);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find(path_), std::string::npos)
    << s.error().message;
}

TEST_F(store_files, TheAdministrationLogKeepsItsOrder) {
  auto s = store::open(path_);
  ASSERT_TRUE(s);
  for (int i = 1; i <= 3; ++i)
    ASSERT_TRUE(s->append_change(
      {i,
       100 + i,
       user_id{0},
       {{"kind", "add_user"}, {"name", "u" + std::to_string(i)}},
       {{"user", i}}}));
  auto log = s->changes();
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 3u);
  EXPECT_EQ((*log)[2].change["name"], "u3");
  EXPECT_EQ((*log)[2].created["user"], 3);
}

TEST_F(store_files, TokensAreStoredOnlyAsHashes) {
  auto token = new_token();
  EXPECT_TRUE(looks_like_token(token));
  EXPECT_NE(new_token(), token);
  auto s = store::open(path_);
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->add_token(hash_token(token), user_id{2}, 1));
  auto st = s->db().prepare("SELECT count(*) FROM tokens WHERE hash = ?1");
  st->bind(1, token);
  ASSERT_TRUE(*st->step());
  EXPECT_EQ(st->column_int(0), 0); // the token itself is nowhere
  EXPECT_EQ(hash_token(token).size(), 64u);
  auto revoked = s->revoke_tokens(user_id{2}, 2);
  ASSERT_TRUE(revoked);
  EXPECT_EQ(*revoked, 1);
  EXPECT_TRUE(s->live_tokens()->empty());
}

TEST_F(store_files, TheWriterCommitsBeforeItAnswersAndAFailingJobFailsAlone) {
  auto s = store::open(path_);
  ASSERT_TRUE(s);
  std::vector<int> answered;
  std::mutex m;
  {
    store_writer writer{std::move(*s)};
    for (int i = 0; i < 50; ++i) {
      writer.submit(
        [i](store& st) -> db_expected<void> {
          if (i == 7) // a job that fails leaves the others alone
            return st.db().exec("INSERT INTO no_such_table VALUES (1)");
          return st.add_token("hash-" + std::to_string(i), user_id{1}, i);
        },
        [&, i](db_expected<void> done) {
          std::lock_guard guard{m};
          answered.push_back(done ? i : -i);
        });
    }
    writer.stop(); // runs everything queued
    EXPECT_GE(writer.commits(), 1u);
    EXPECT_LE(writer.commits(), 50u);
  }
  ASSERT_EQ(answered.size(), 50u);
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(answered[i], i == 7 ? -7 : i); // in submission order
  auto reopened = store::open(path_);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->live_tokens()->size(), 49u);
}

} // namespace store_test
} // namespace livechat::server_testing
