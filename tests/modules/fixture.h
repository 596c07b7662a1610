// A fresh, migrated App per test on each storage backend (see tests/store/test_backends.h).
#pragma once

#include <gtest/gtest.h>

#include "modules/app.h"
#include "tests/store/test_backends.h"

namespace asta::testing {

using store::testing::Backend;

class AppTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string reason;
    bool must_fail = false;
    if (!store::testing::TestDatabase::Available(GetParam(), &reason, &must_fail)) {
      if (must_fail) FAIL() << reason;
      GTEST_SKIP() << reason;
    }
    std::string error;
    test_db_ = store::testing::TestDatabase::Create(GetParam(), &error);
    ASSERT_NE(test_db_, nullptr) << error;
    config_.db = test_db_->url();
    config_.login_max_failures = 3;
    auto app = App::Open(config_);
    ASSERT_TRUE(app.has_value()) << app.error().ToString();
    app_ = std::move(*app);
  }
  void TearDown() override {
    app_.reset();
    test_db_.reset();
  }

  Config config_;
  std::unique_ptr<store::testing::TestDatabase> test_db_;
  std::unique_ptr<App> app_;
};

inline std::string BackendParamName(const ::testing::TestParamInfo<Backend>& info) {
  return store::testing::BackendName(info.param);
}

#define ASTA_INSTANTIATE_APP_TEST(Suite)                                              \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                           \
                           ::testing::Values(::asta::testing::Backend::kSqliteMemory, \
                                             ::asta::testing::Backend::kSqliteFile,   \
                                             ::asta::testing::Backend::kPostgres),    \
                           ::asta::testing::BackendParamName)

}  // namespace asta::testing
