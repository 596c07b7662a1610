// The audit chain: every change leaves one entry, and any edit, deletion or reordering
// of the log is detected with the first broken entry named.
#include "modules/audit/audit_log.h"
#include "tests/modules/fixture.h"

namespace asta::testing {
namespace {

class AuditTest : public AppTest {
 protected:
  void AppendN(int n) {
    for (int i = 0; i < n; ++i) {
      auto r = app_->db().InWriteTransaction<int>([&](store::Connection& c) -> Result<int> {
        ASTA_RETURN_IF_ERROR(audit::Append(c, audit::Actor::System("test"), "thing.create", "thing",
                                           std::to_string(i), nullptr,
                                           Json{{"name", "名前 " + std::to_string(i)}}));
        return i;
      });
      ASSERT_TRUE(r.has_value()) << r.error().ToString();
    }
  }
  void Exec(const std::string& sql) {
    auto lease = app_->db().Acquire();
    ASSERT_TRUE(lease.has_value());
    auto r = (*lease)->Execute(sql);
    ASSERT_TRUE(r.has_value()) << r.error().ToString();
  }
  audit::VerifyReport Verify() {
    auto r = audit::Verify(app_->db());
    EXPECT_TRUE(r.has_value());
    return r.value_or(audit::VerifyReport{});
  }
};

TEST_P(AuditTest, IntactChainVerifies) {
  AppendN(5);
  auto report = Verify();
  EXPECT_TRUE(report.ok) << report.message;
  EXPECT_EQ(report.entries, 5);
}

TEST_P(AuditTest, EditedEntryIsFound) {
  AppendN(5);
  Exec("UPDATE audit_log SET after_json = '{\"name\":\"forged\"}' WHERE seq = 3");
  auto report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_broken_seq, 3);
}

TEST_P(AuditTest, EditedActorIsFound) {
  AppendN(4);
  Exec("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2");
  EXPECT_EQ(Verify().first_broken_seq, 2);
}

TEST_P(AuditTest, DeletedMiddleEntryIsFound) {
  AppendN(5);
  Exec("DELETE FROM audit_log WHERE seq = 2");
  auto report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_broken_seq, 2);
}

TEST_P(AuditTest, DeletedNewestEntryIsFound) {
  AppendN(5);
  Exec("DELETE FROM audit_log WHERE seq = 5");
  auto report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_broken_seq, 5);
}

TEST_P(AuditTest, RehashedEntryBreaksTheNextLink) {
  AppendN(4);
  // A forger who recomputes the edited entry's own hash still breaks the next link.
  auto entries = audit::List(app_->db(), audit::ListFilter{std::nullopt, 10, "", ""});
  ASSERT_TRUE(entries.has_value());
  audit::Entry e = entries->at(2);  // newest first: seq 2
  ASSERT_EQ(e.seq, 2);
  e.after = Json{{"name", "forged"}};
  std::string forged_hash = audit::ComputeHash(e);
  {
    // Released before verifying: the in-memory backend has a single connection.
    auto lease = app_->db().Acquire();
    ASSERT_TRUE(lease.has_value());
    ASSERT_TRUE((*lease)
                    ->Execute("UPDATE audit_log SET after_json = ?, hash = ? WHERE seq = 2",
                              {e.after.dump(), forged_hash})
                    .has_value());
  }
  auto report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_broken_seq, 3);
}

TEST_P(AuditTest, RolledBackChangeLeavesNoEntry) {
  AppendN(2);
  auto r = app_->db().InWriteTransaction<int>([&](store::Connection& c) -> Result<int> {
    ASTA_RETURN_IF_ERROR(audit::Append(c, audit::Actor::System("test"), "thing.create", "thing",
                                       "x", nullptr, Json{{"a", 1}}));
    return InvalidArgument("the change failed after its entry was written", "x");
  });
  ASSERT_FALSE(r.has_value());
  auto report = Verify();
  EXPECT_TRUE(report.ok) << report.message;
  EXPECT_EQ(report.entries, 2);
}

TEST_P(AuditTest, ListFiltersAndPages) {
  AppendN(7);
  auto page = audit::List(app_->db(), audit::ListFilter{std::nullopt, 3, "", ""});
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->size(), 4u);  // limit + 1 tells a next page exists
  EXPECT_EQ(page->front().seq, 7);
  auto next = audit::List(app_->db(), audit::ListFilter{5, 3, "", ""});
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->front().seq, 4);
  auto one = audit::List(app_->db(), audit::ListFilter{std::nullopt, 10, "thing", "3"});
  ASSERT_TRUE(one.has_value());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(one->front().after["name"], "名前 3");
}

ASTA_INSTANTIATE_APP_TEST(AuditTest);

}  // namespace
}  // namespace asta::testing
