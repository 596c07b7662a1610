// Helpers of the network importer tests: fixture paths, files in a scratch folder, gzip
// (zlib) and zip (libzip) containers built in the test, and error expectations.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>

#include "core/result.h"

namespace asta::network::test_util {

namespace fs = std::filesystem;

inline const fs::path kData = ASTA_NETWORK_TESTDATA;
inline const fs::path kShared = ASTA_SHARED_DATA_DIR;

inline std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void WriteBytes(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

// A scratch folder per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("asta_network_importers_" + std::string(info->test_suite_name()) + "_" +
             std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// `bytes` as a gzip file (one member), with zlib.
inline std::string Gzip(std::string_view bytes) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&stream, static_cast<uLong>(bytes.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// A zip archive of `files` (name → content) written with libzip; its bytes.
inline std::string MakeZip(const fs::path& dir, const std::map<std::string, std::string>& files) {
  const fs::path path = dir / "archive.zip";
  fs::remove(path);
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr);
  if (archive == nullptr) return {};
  for (const auto& [name, content] : files) {
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    EXPECT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0);
  }
  EXPECT_EQ(zip_close(archive), 0);  // the buffers are read here, while still alive
  return ReadBytes(path);
}

// Expects an InvalidArgument naming `field` whose message contains `message`.
template <class T>
void ExpectInvalid(const Result<T>& result, const std::string& field,
                   const std::string& message = "") {
  ASSERT_FALSE(result.has_value()) << "expected an error at " << field;
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << result.error().ToString();
  EXPECT_EQ(result.error().field, field) << result.error().message;
  EXPECT_NE(result.error().message.find(message), std::string::npos)
      << "message: " << result.error().message << "\nexpected to contain: " << message;
}

}  // namespace asta::network::test_util
