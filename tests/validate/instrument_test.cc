// Validation of assessed rows: scored through the batch path, the report
// equals the report of the same people scored one at a time; errors of a row
// are single scoring's errors, placed under the row.

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "assess/test_util.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "reentry/assess/scorer.h"
#include "reentry/status.h"
#include "reentry/validate/validate.h"
#include "validate/validate_internal.h"

namespace reentry {
namespace {

using testing::Builtin;
using ::testing::HasSubstr;

// A random valid answer to `item`, or none (missing) at `missing_rate`.
void AddRandomResponse(const v1::Item& item, double missing_rate, std::mt19937_64& rng,
                       v1::AssessedRow* row) {
  if (std::bernoulli_distribution(missing_rate)(rng)) return;
  v1::ItemResponse* response = row->add_responses();
  response->set_item_id(item.id());
  switch (item.type()) {
    case v1::Item::TYPE_BOOLEAN:
      response->set_boolean(std::bernoulli_distribution(0.5)(rng));
      break;
    case v1::Item::TYPE_CHOICE:
      response->set_choice(
          item.choices(std::uniform_int_distribution<int>(0, item.choices_size() - 1)(rng)).id());
      break;
    default: {
      const int lo = item.has_min() ? static_cast<int>(item.min()) : 0;
      const int hi = item.has_max() ? std::min(static_cast<int>(item.max()), lo + 12) : lo + 12;
      response->set_number(std::uniform_int_distribution<int>(lo, hi)(rng));
    }
  }
}

// A cohort of `n` assessed people whose rows single scoring accepts, with
// random outcomes and groups.
v1::ValidateRequest Cohort(const Instrument& instrument, const std::string& norm_group, size_t n,
                           double missing_rate, uint64_t seed) {
  std::mt19937_64 rng(seed);
  v1::ValidateRequest request;
  request.set_norm_group(norm_group);
  const char* groups[] = {"Black", "White", "Hispanic"};
  for (size_t r = 0; r < n; ++r) {
    v1::AssessedRow* row = request.add_assessed_rows();
    for (int attempt = 0;; ++attempt) {
      row->Clear();
      for (const v1::Item& item : instrument.definition().items()) {
        AddRandomResponse(item, attempt < 3 ? missing_rate : 0, rng, row);
      }
      v1::ScoreRequest single;
      single.set_norm_group(norm_group);
      *single.mutable_responses() = row->responses();
      if (ScoreAssessment(instrument, single).ok()) break;
    }
    row->set_outcome(std::bernoulli_distribution(0.4)(rng));
    row->set_group(groups[std::uniform_int_distribution<int>(0, 2)(rng)]);
  }
  return request;
}

// The same people as score rows, each scored alone.
v1::ValidateRequest ScoredOneByOne(const Instrument& instrument,
                                   const v1::ValidateRequest& request) {
  v1::ValidateRequest rows = request;
  rows.clear_assessed_rows();
  for (const v1::AssessedRow& assessed : request.assessed_rows()) {
    v1::ScoreRequest single;
    single.set_norm_group(request.norm_group());
    *single.mutable_responses() = assessed.responses();
    auto result = ScoreAssessment(instrument, single);
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return rows;
    const v1::ScaleResult& scale = testing::ScaleOf(*result, request.scale_id());
    v1::ValidationRow* row = rows.add_rows();
    switch (request.score_kind()) {
      case v1::ValidateRequest::SCORE_KIND_RAW:
        row->set_score(scale.raw_score());
        break;
      case v1::ValidateRequest::SCORE_KIND_SCALED:
        row->set_score(scale.scaled_score());
        break;
      default:
        row->set_score(scale.level_index());
    }
    row->set_outcome(assessed.outcome());
    row->set_group(assessed.group());
  }
  return rows;
}

struct Case {
  std::string instrument, norm_group, scale;
  v1::ValidateRequest::ScoreKind kind;
  double positive_from;
  double missing_rate;
};

TEST(ValidateAssessed, EqualsScoringEachRowAlone) {
  const Case cases[] = {
      {"psa", "", "nca", v1::ValidateRequest::SCORE_KIND_SCALED, 4, 0},
      {"psa", "", "fta", v1::ValidateRequest::SCORE_KIND_RAW, 3, 0},
      {"pattern", "male", "general", v1::ValidateRequest::SCORE_KIND_LEVEL_INDEX, 2, 0},
      {"pattern", "female", "violent", v1::ValidateRequest::SCORE_KIND_RAW, 20, 0},
      {"reentry_needs_screen", "", "housing", v1::ValidateRequest::SCORE_KIND_LEVEL_INDEX, 1, 0.1},
      {"reentry_needs_screen", "", "employment", v1::ValidateRequest::SCORE_KIND_RAW, 2, 0.1},
  };
  uint64_t seed = 1;
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat(c.instrument, " ", c.scale));
    auto instrument = Builtin(c.instrument);
    ASSERT_NE(instrument, nullptr);
    v1::ValidateRequest request = Cohort(*instrument, c.norm_group, 700, c.missing_rate, seed++);
    request.set_positive_from(c.positive_from);
    request.set_scale_id(c.scale);
    request.set_score_kind(c.kind);
    auto batch = Validate(request, *instrument);
    ASSERT_TRUE(batch.ok()) << batch.status();
    v1::ValidateRequest rows = ScoredOneByOne(*instrument, request);
    if (c.kind == v1::ValidateRequest::SCORE_KIND_LEVEL_INDEX) {
      // The batch path labels level indices with the scale's level ids.
      const v1::Scale* scale = nullptr;
      for (const auto& s : instrument->definition().scales()) {
        if (s.id() == c.scale) scale = &s;
      }
      ASSERT_NE(scale, nullptr);
      for (int l = 0; l < scale->levels_size(); ++l) {
        v1::ScoreLevel* level = rows.add_levels();
        level->set_level(scale->levels(l).id());
        level->set_min(l);
      }
    }
    auto single = Validate(rows);
    ASSERT_TRUE(single.ok()) << single.status();
    // Same provenance: the instrument path fills id, version and norm group.
    single->set_instrument_id(instrument->id());
    single->set_instrument_version(instrument->version());
    if (c.norm_group.empty()) {
      single->set_norm_group(instrument->definition().default_norm_group());
    }
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*batch, *single))
        << batch->overall().ShortDebugString() << "\n---\n"
        << single->overall().ShortDebugString();
    EXPECT_EQ(batch->overall().n(), 700);
    EXPECT_EQ(batch->groups_size(), 3);
  }
}

v1::ValidateRequest PsaRequest(size_t n) {
  auto psa = Builtin("psa");
  v1::ValidateRequest request = Cohort(*psa, "", n, 0, 99);
  request.set_positive_from(4);
  request.set_scale_id("nca");
  request.set_score_kind(v1::ValidateRequest::SCORE_KIND_SCALED);
  return request;
}

void ExpectInvalid(const absl::Status& status, const std::string& field,
                   const std::string& message) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(ErrorField(status), field) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr(message));
}

TEST(ValidateAssessed, PlacesARowsScoringErrorUnderTheRow) {
  auto psa = Builtin("psa");
  v1::ValidateRequest request = PsaRequest(10);
  // A negative count: a value error the batch finds.
  request.mutable_assessed_rows(6)->mutable_responses(5)->set_number(-1);
  ExpectInvalid(Validate(request, *psa).status(), "assessed_rows[6].responses[5].number",
                "assessed_rows[6].responses[5].number: item 'prior_violent_convictions': count -1 "
                "is negative");

  request = PsaRequest(10);
  request.mutable_assessed_rows(3)->mutable_responses(0)->set_item_id("shoe_size");
  ExpectInvalid(Validate(request, *psa).status(), "assessed_rows[3].responses[0].item_id",
                "unknown item 'shoe_size'");

  request = PsaRequest(10);
  request.mutable_assessed_rows(2)->mutable_responses(1)->set_number(1);  // boolean item
  ExpectInvalid(Validate(request, *psa).status(), "assessed_rows[2].responses[1].number",
                "answer with boolean, not number");

  request = PsaRequest(10);
  *request.mutable_assessed_rows(4)->add_responses() = request.assessed_rows(4).responses(0);
  ExpectInvalid(Validate(request, *psa).status(), "assessed_rows[4].responses[9].item_id",
                "is answered twice");

  request = PsaRequest(10);
  request.mutable_assessed_rows(8)->mutable_responses(0)->set_number(
      std::numeric_limits<double>::quiet_NaN());
  ExpectInvalid(Validate(request, *psa).status(), "assessed_rows[8].responses[0].number",
                "is not a finite number");

  request = PsaRequest(10);
  request.mutable_assessed_rows(1)->mutable_responses()->DeleteSubrange(0, 1);  // age missing
  ExpectInvalid(Validate(request, *psa).status(), "assessed_rows[1].responses",
                "item 'age_at_current_arrest' is missing");
}

TEST(ValidateAssessed, ReportsUnknownChoicesInSingleScoringsWords) {
  auto screen = Builtin("reentry_needs_screen");
  v1::ValidateRequest request = Cohort(*screen, "", 5, 0, 3);
  request.set_positive_from(1);
  request.set_scale_id("housing");
  request.set_score_kind(v1::ValidateRequest::SCORE_KIND_LEVEL_INDEX);
  int choice = -1;
  for (int j = 0; j < request.assessed_rows(2).responses_size(); ++j) {
    if (request.assessed_rows(2).responses(j).has_choice()) {
      choice = j;
      break;
    }
  }
  ASSERT_GE(choice, 0);
  request.mutable_assessed_rows(2)->mutable_responses(choice)->set_choice("maybe");
  ExpectInvalid(Validate(request, *screen).status(),
                absl::StrCat("assessed_rows[2].responses[", choice, "].choice"),
                "'maybe' is not a choice of item");
}

TEST(ValidateAssessed, ChecksWhatToScore) {
  auto psa = Builtin("psa");
  v1::ValidateRequest request = PsaRequest(3);
  request.set_scale_id("");
  ExpectInvalid(Validate(request, *psa).status(), "scale_id", "is required");
  request.set_scale_id("nvcx");
  ExpectInvalid(Validate(request, *psa).status(), "scale_id",
                "unknown scale 'nvcx' for instrument psa");
  request.set_scale_id("nca");
  request.set_score_kind(v1::ValidateRequest::SCORE_KIND_UNSPECIFIED);
  ExpectInvalid(Validate(request, *psa).status(), "score_kind", "is required with assessed_rows");
  request.set_score_kind(v1::ValidateRequest::SCORE_KIND_LEVEL_INDEX);
  ExpectInvalid(Validate(request, *psa).status(), "score_kind",
                "score_kind: scale 'nca' has no levels");
  request.set_scale_id("nvca");
  request.set_score_kind(v1::ValidateRequest::SCORE_KIND_SCALED);
  ExpectInvalid(Validate(request, *psa).status(), "score_kind", "has no scaled scores");
  request = PsaRequest(3);
  request.set_instrument_id("pattern");
  ExpectInvalid(Validate(request, *psa).status(), "instrument_id",
                "request is for instrument 'pattern'");
  request = PsaRequest(3);
  request.set_instrument_version("0.1");
  ExpectInvalid(Validate(request, *psa).status(), "instrument_version",
                "request is for version '0.1'");
  request = PsaRequest(3);
  request.set_norm_group("male");
  ExpectInvalid(Validate(request, *psa).status(), "norm_group", "has no norm groups");
  request = PsaRequest(3);
  request.add_rows()->set_score(1);
  ExpectInvalid(Validate(request, *psa).status(), "rows", "either rows or assessed_rows");
  request = PsaRequest(3);
  request.clear_assessed_rows();
  request.add_rows()->set_score(1);
  ExpectInvalid(Validate(request, *psa).status(), "assessed_rows", "is empty");
  request = PsaRequest(5);
  ExpectInvalid(validate_internal::ValidateAssessedRows(request, *psa, 4).status(), "assessed_rows",
                "5 rows; at most 4 per request");
  request = PsaRequest(5);
  request.mutable_assessed_rows(3)->set_group("");
  ExpectInvalid(Validate(request, *psa).status(), "assessed_rows[3].group",
                "label every row or none");
}

TEST(ValidateAssessed, NeedsANormGroupWhereTheInstrumentHasNoDefault) {
  auto pattern = Builtin("pattern");
  v1::ValidateRequest request = Cohort(*pattern, "male", 3, 0, 4);
  request.clear_norm_group();
  request.set_positive_from(1);
  request.set_scale_id("general");
  request.set_score_kind(v1::ValidateRequest::SCORE_KIND_RAW);
  ExpectInvalid(Validate(request, *pattern).status(), "norm_group", "is required");
}

}  // namespace
}  // namespace reentry
