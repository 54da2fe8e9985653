// Serialized requests: invalid UTF-8 is rejected naming the field before
// protobuf's parser could log it, nothing reaches the host's stderr, and the
// request size limit holds.
#include "engine/serialized.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reentry/engine/engine.h"
#include "reentry/status.h"
#include "reentry/v1/assessment.pb.h"

namespace reentry::engine_internal {
namespace {

using ::testing::HasSubstr;

v1::ScoreRequest WithBadItemId() {
  v1::ScoreRequest request;
  request.set_instrument_id("psa");
  request.add_responses()->set_item_id("pending_charge");
  // Set through the wire format: protobuf's setters do not check UTF-8.
  request.add_responses()->set_item_id(std::string("prior\xff\xfe", 7));
  return request;
}

// Everything written to stderr while `body` runs.
template <typename Body>
std::string CapturedStderr(Body body) {
  std::fflush(stderr);
  char path[] = "/tmp/reentry_stderr_XXXXXX";
  const int file = mkstemp(path);
  const int saved = dup(2);
  dup2(file, 2);
  body();
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  std::string text;
  lseek(file, 0, SEEK_SET);
  char buffer[4096];
  for (ssize_t n; (n = read(file, buffer, sizeof buffer)) > 0;) text.append(buffer, n);
  close(file);
  unlink(path);
  return text;
}

TEST(CheckUtf8, NamesTheFieldWithInvalidUtf8) {
  const std::string bytes = WithBadItemId().SerializeAsString();
  const absl::Status status = CheckUtf8(bytes, *v1::ScoreRequest::descriptor());
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(status), "responses[1].item_id");
  EXPECT_THAT(std::string(status.message()), HasSubstr("is not valid UTF-8: 'prior\\xff\\xfe'"));
}

TEST(CheckUtf8, FollowsNestedMessages) {
  v1::ScoreRequest request;
  request.mutable_previous()->add_scales()->set_scale_id("fta");
  request.mutable_previous()->add_scales()->set_scale_id(std::string("\xc0\x80", 2));  // overlong
  const absl::Status status =
      CheckUtf8(request.SerializeAsString(), *v1::ScoreRequest::descriptor());
  EXPECT_EQ(ErrorField(status), "previous.scales[1].scale_id");
}

TEST(CheckUtf8, AcceptsValidTextAndRejectsWhatItCannotWalk) {
  v1::ScoreRequest request;
  request.set_client_id("Zoë Müller 张");
  request.add_responses()->set_choice("naïve");
  EXPECT_TRUE(CheckUtf8(request.SerializeAsString(), *v1::ScoreRequest::descriptor()).ok());
  const auto malformed = CheckUtf8(std::string("\x0a\xff\xff", 3), *v1::ScoreRequest::descriptor());
  EXPECT_EQ(malformed.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(malformed), "request");
  // A group (wire types 3 and 4, which protobuf would keep as an unknown
  // field) before a string that is not UTF-8: rejected, not left to protobuf.
  const auto group =
      CheckUtf8(std::string("\x4b\x4c\x2a\x01\xff", 5), *v1::ScoreRequest::descriptor());
  EXPECT_EQ(group.code(), absl::StatusCode::kInvalidArgument);
}

TEST(ParseRequest, RejectsBadBinaryRequestsWithoutWritingToStderr) {
  auto engine = Engine::Create();
  ASSERT_TRUE(engine.ok());
  std::mt19937 random(11);
  std::vector<std::string> requests = {WithBadItemId().SerializeAsString(),
                                       std::string("\x0a\x05ps", 4), std::string("\xff\xff", 2),
                                       std::string("\x4b\x4c\x2a\x01\xff", 5)};
  // Valid requests with one string byte turned invalid, at random.
  const std::string valid = WithBadItemId().SerializeAsString();
  for (int i = 0; i < 200; ++i) {
    std::string bytes = valid;
    bytes[random() % bytes.size()] = static_cast<char>(0x80 | (random() % 0x80));
    requests.push_back(bytes);
  }
  int rejected = 0;
  const std::string written = CapturedStderr([&] {
    for (const std::string& bytes : requests) {
      for (const std::string method : {"Score", "DescribeInstrument", "LoadInstrument"}) {
        std::string response;
        if (!(*engine)->Call(method, bytes, Engine::Encoding::kBinary, &response).ok()) ++rejected;
      }
    }
  });
  EXPECT_EQ(written, "");
  EXPECT_GT(rejected, static_cast<int>(requests.size()));  // most are rejected, and said so quietly
}

// Found by call_fuzzer: bytes protobuf reads differently from the walk. A
// submessage that is ASCII but malformed (a fixed64 running past its end)
// followed by bytes that are not UTF-8: protobuf's parser reads on past the
// submessage and logs about them before it fails. A tag longer than 32 bits:
// protobuf keeps its low bits. The walk must reject such requests first.
TEST(ParseRequest, RejectsWhatProtobufWouldReadDifferentlyWithoutWritingToStderr) {
  auto engine = Engine::Create();
  ASSERT_TRUE(engine.ok());
  const std::pair<const char*, std::string> cases[] = {
      {"LoadCatalog", std::string("\x0a\x21\x60\x60\x60\x10\x10\x10\x10\x10\x10\x10\x10\x10\x60\x60"
                                  "\x21\x2c\x2c\x0a\x7a\x0a\x18\x18\x18\x18\x18\x18\x18\x18\x18\x18"
                                  "\x31\x12\x2c\x18\x18\x18\x18\x18\x18\x18\x18\x62\x27\x19\x00\x00"
                                  "\x60\x60\x00\xbb\x9b\xb0\x0f\x32\x20\x2e\x12\x36\x18\x18\x18\x18"
                                  "\x18\x18\x18\x18\x18\x18\x18\x18\x18\x00\x00\x52\x00\x00\x18\x18"
                                  "\x27\x5d\x0d\x77\x18\x0a",
                                  86)},
      // Field 1 (network_id) with bit 32 of its tag set: protobuf drops the
      // high bits and reads it as network_id.
      {"DescribeNetwork", std::string("\x8a\x80\x80\x80\x10\x01\xff", 7)},
      {"UpdateReferral",
       std::string("\x0a\x3f\x72\x0a\x0a\x41\x00\x00\x00\x2e\x0a\x5a\x00\x00\x00\x00"
                   "\x60\x60\x00\x00\x2a\x1a\x35\x00\x00\x00\x00\x00\x00\x00\x00\x00"
                   "\x00\x00\xff\xff\xff\xf7\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
                   "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
                   "\x00\xff\xff\xff\xf7\x00\x00\x00",
                   72)},
  };
  std::vector<absl::Status> statuses;
  const std::string written = CapturedStderr([&] {
    for (const auto& [method, bytes] : cases) {
      std::string response;
      statuses.push_back((*engine)->Call(method, bytes, Engine::Encoding::kBinary, &response));
    }
  });
  EXPECT_EQ(written, "");
  for (const absl::Status& status : statuses) {
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_EQ(ErrorField(status), "request") << status;
  }
}

TEST(ParseRequest, NamesTheFieldThroughTheEngine) {
  auto engine = Engine::Create();
  ASSERT_TRUE(engine.ok());
  std::string response;
  const absl::Status status = (*engine)->Call("Score", WithBadItemId().SerializeAsString(),
                                              Engine::Encoding::kBinary, &response);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(status), "responses[1].item_id");
}

TEST(ParseRequest, RefusesRequestsBeyondTheSizeLimit) {
  v1::ListInstrumentsRequest request;
  const std::string huge(kMaxRequestBytes + 1, ' ');
  const absl::Status status = ParseRequest(huge, Engine::Encoding::kJson, &request);
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ErrorField(status), "request");
  EXPECT_THAT(std::string(status.message()), HasSubstr("exceed the limit of 67108864 bytes"));
}

TEST(ParseRequest, QuotesLongJsonErrorsShortly) {
  v1::ScoreRequest request;
  const std::string json = "{\"instrumentId\": \"" + std::string(1 << 20, 'p') + "\", \"x\": 1}";
  const absl::Status status = ParseRequest(json, Engine::Encoding::kJson, &request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_LT(status.message().size(), 1000u);
}

}  // namespace
}  // namespace reentry::engine_internal
