// `reentry score-batch` on files: a good caseload equals single scoring row by
// row (across chunk boundaries), bad cells and values are named by file, line
// and column, empty files and header-only files, mapped columns, the id
// column, and --keep-going's rejects.
#include "cli/score_batch.h"

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reentry/assess/instrument.h"
#include "reentry/assess/scorer.h"
#include "reentry/engine/engine.h"

namespace reentry::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const char kPsaHeader[] =
    "id,age_at_current_arrest,current_violent_offense,pending_charge,"
    "prior_misdemeanor_conviction,prior_felony_conviction,prior_violent_convictions,"
    "prior_fta_past_two_years,prior_fta_older_than_two_years,prior_sentence_to_incarceration";
const char kPsaOutputHeader[] =
    "id,fta_raw_score,fta_scaled_score,nca_raw_score,nca_scaled_score,nvca_raw_score,nvca_flag";

Engine& TheEngine() {
  static Engine* engine = Engine::Create().value().release();
  return *engine;
}

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/", name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

struct BatchRun {
  absl::StatusOr<ScoreBatchStats> stats;
  std::string output;
  std::string rejects;
};

// Scores CSV `text`, written to a file `name`, with `options`.
BatchRun ScoreText(const std::string& name, const std::string& text, ScoreBatchOptions options) {
  const std::string input_path = WriteFile(name, text);
  const std::string output_path = input_path + ".out";
  const std::string rejects_path = input_path + ".rejects";
  std::FILE* input = std::fopen(input_path.c_str(), "rb");
  std::FILE* output = std::fopen(output_path.c_str(), "wb");
  std::FILE* rejects = std::fopen(rejects_path.c_str(), "wb");
  CsvReader reader(input, name);
  BatchRun run{ScoreCsv(TheEngine(), options, reader, output, rejects), "", ""};
  std::fclose(input);
  std::fclose(output);
  std::fclose(rejects);
  run.output = ReadFile(output_path);
  run.rejects = ReadFile(rejects_path);
  return run;
}

ScoreBatchOptions Psa() {
  ScoreBatchOptions options;
  options.instrument_id = "psa";
  return options;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

// The README's demo person: FTA 4/4, NCA 10/6, NVCA 6 flagged (worked out by
// hand in tests/python/test_engine.py).
const char kDemoRow[] = "demo-001,20,yes,yes,yes,no,1,1,no,yes";
const char kDemoScored[] = "demo-001,4,4,10,6,6,yes";

TEST(ScoreBatch, ScoresAGoodFileAsTheHandWorkedPerson) {
  const BatchRun run = ScoreText("good.csv",
                                 absl::StrCat(kPsaHeader, "\n", kDemoRow,
                                              "\n"
                                              "p2,45,No,NO,false,FALSE,0,0,0,0\n"),
                                 Psa());
  ASSERT_TRUE(run.stats.ok()) << run.stats.status();
  // Person 2 earns no points: raw 0 everywhere, scaled 1 (raw 0), no flag.
  EXPECT_THAT(Lines(run.output), ElementsAre(kPsaOutputHeader, kDemoScored, "p2,0,1,0,1,0,no"));
  EXPECT_EQ(run.stats->rows, 2);
  EXPECT_EQ(run.stats->scored, 2);
}

TEST(ScoreBatch, EqualsSingleScoringRowByRowAcrossChunks) {
  // 1,000 generated people, scored 64 rows a call; each output row must
  // equal ScoreAssessment of the same answers.
  std::mt19937 rng(3);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const char* yes_no[] = {"yes", "no", "Yes", "FALSE", "1", "0", "true", "No"};
  std::string text = absl::StrCat(kPsaHeader, "\n");
  std::vector<v1::ScoreRequest> requests;
  for (int i = 0; i < 1000; ++i) {
    v1::ScoreRequest request;
    std::vector<std::string> cells = {absl::StrCat("person ", i)};
    auto number = [&](const char* item, int value) {
      auto* response = request.add_responses();
      response->set_item_id(item);
      response->set_number(value);
      cells.push_back(absl::StrCat(value));
    };
    auto boolean = [&](const char* item) {
      const char* text_value = yes_no[pick(0, 7)];
      const bool value = std::string("yes Yes 1 true").find(text_value) != std::string::npos;
      auto* response = request.add_responses();
      response->set_item_id(item);
      response->set_boolean(value);
      cells.push_back(text_value);
    };
    number("age_at_current_arrest", pick(18, 80));
    boolean("current_violent_offense");
    boolean("pending_charge");
    boolean("prior_misdemeanor_conviction");
    boolean("prior_felony_conviction");
    number("prior_violent_convictions", pick(0, 5));
    number("prior_fta_past_two_years", pick(0, 4));
    boolean("prior_fta_older_than_two_years");
    boolean("prior_sentence_to_incarceration");
    absl::StrAppend(&text, absl::StrJoin(cells, ","), "\n");
    requests.push_back(request);
  }
  ScoreBatchOptions options = Psa();
  options.chunk_rows = 64;
  const BatchRun run = ScoreText("many.csv", text, options);
  ASSERT_TRUE(run.stats.ok()) << run.stats.status();
  const std::vector<std::string> lines = Lines(run.output);
  ASSERT_EQ(lines.size(), 1001u);
  auto psa = TheEngine().Find<Instrument>("psa");
  for (int i = 0; i < 1000; ++i) {
    auto single = ScoreAssessment(**psa, requests[i]);
    ASSERT_TRUE(single.ok()) << single.status();
    const auto& s = single->scales();
    EXPECT_EQ(lines[i + 1],
              absl::StrCat("person ", i, ",", s[0].raw_score(), ",", s[0].scaled_score(), ",",
                           s[1].raw_score(), ",", s[1].scaled_score(), ",", s[2].raw_score(), ",",
                           s[2].flag() ? "yes" : "no"));
  }
}

TEST(ScoreBatch, ChoicesByIdAndLevelsById) {
  // PATTERN (men): choice cells are choice ids; levels come out as level ids,
  // equal to single scoring's.
  const std::string header =
      "id,age_at_assessment,current_violent_offense,sex_offense_conviction,"
      "criminal_history_score,infractions_all,infractions_serious_violent,"
      "time_since_last_infraction,time_since_last_serious_violent_infraction,"
      "programs_completed,work_programming,drug_treatment_while_incarcerated,education,"
      "noncompliance_with_financial_responsibility,history_of_violence,history_of_escapes";
  const std::string row =
      "m1,24,yes,no,8,2,1,3_to_6_months,7_to_12_months,0,0,need_no_treatment,none,yes,"
      "serious_under_5_years,none";
  ScoreBatchOptions options;
  options.instrument_id = "pattern";
  options.norm_group = "male";
  const BatchRun run = ScoreText("pattern.csv", absl::StrCat(header, "\n", row, "\n"), options);
  ASSERT_TRUE(run.stats.ok()) << run.stats.status();
  const std::vector<std::string> lines = Lines(run.output);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "id,general_raw_score,general_level,violent_raw_score,violent_level");

  v1::ScoreRequest request;
  request.set_norm_group("male");
  const std::vector<std::string> names = absl::StrSplit(header, ',');
  const std::vector<std::string> cells = absl::StrSplit(row, ',');
  auto pattern = TheEngine().Find<Instrument>("pattern");
  for (size_t c = 1; c < names.size(); ++c) {
    auto* response = request.add_responses();
    response->set_item_id(names[c]);
    for (const auto& item : (*pattern)->definition().items()) {
      if (item.id() != names[c]) continue;
      if (item.type() == v1::Item::TYPE_BOOLEAN) {
        response->set_boolean(cells[c] == "yes");
      } else if (item.type() == v1::Item::TYPE_CHOICE) {
        response->set_choice(cells[c]);
      } else {
        response->set_number(std::stod(cells[c]));
      }
    }
  }
  auto single = ScoreAssessment(**pattern, request);
  ASSERT_TRUE(single.ok()) << single.status();
  EXPECT_EQ(lines[1],
            absl::StrCat("m1,", single->scales(0).raw_score(), ",", single->scales(0).level(), ",",
                         single->scales(1).raw_score(), ",", single->scales(1).level()));
}

TEST(ScoreBatch, ABadCellFailsWithFileLineAndColumn) {
  // Line 3 spans two lines (a quoted id); the bad row is on line 5.
  const BatchRun run = ScoreText(
      "bad.csv",
      absl::StrCat(kPsaHeader, "\n", kDemoRow, "\n", "\"two\nlines\",45,no,no,no,no,0,0,no,no\n",
                   "p3,33,yes,maybe,no,no,0,0,no,no\n"),
      Psa());
  ASSERT_FALSE(run.stats.ok());
  EXPECT_EQ(run.stats.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(run.stats.status().message(),
            "bad.csv:5: column 4 (pending_charge): 'maybe' is not yes/no/true/false/1/0 "
            "(blank: not answered)");
}

TEST(ScoreBatch, ABadValueTheLibraryFindsIsNamedByLineAndColumn) {
  // Row 3 of a chunk of 2: the library's row index maps back to line 4.
  ScoreBatchOptions options = Psa();
  options.chunk_rows = 2;
  const BatchRun run = ScoreText("value.csv",
                                 absl::StrCat(kPsaHeader, "\n", kDemoRow, "\n", kDemoRow, "\n",
                                              "p3,33,yes,no,no,no,-1,0,no,no\n"),
                                 options);
  ASSERT_FALSE(run.stats.ok());
  EXPECT_EQ(run.stats.status().message(),
            "value.csv:4: column 7 (prior_violent_convictions): item "
            "'prior_violent_convictions': count -1 is negative");
}

TEST(ScoreBatch, NumbersAndChoicesThatDoNotReadFail) {
  BatchRun run =
      ScoreText("number.csv", absl::StrCat(kPsaHeader, "\np,2O,no,no,no,no,0,0,no,no\n"), Psa());
  EXPECT_EQ(run.stats.status().message(),
            "number.csv:2: column 2 (age_at_current_arrest): '2O' is not a number (blank: not "
            "answered)");
  ScoreBatchOptions options;
  options.instrument_id = "reentry_needs_screen";
  run = ScoreText("choice.csv", "id,housing_address_at_release\np,mansion\n", options);
  EXPECT_EQ(run.stats.status().message(),
            "choice.csv:2: column 2 (housing_address_at_release): 'mansion' is not a choice of "
            "item 'housing_address_at_release' (choices: stable, temporary, none)");
}

TEST(ScoreBatch, ABlankCellIsNotAnswered) {
  // PSA requires every item, so a blank is reported as unanswered.
  const BatchRun run =
      ScoreText("blank.csv", absl::StrCat(kPsaHeader, "\np,40,no, ,no,no,0,0,no,no\n"), Psa());
  EXPECT_THAT(run.stats.status().message(),
              HasSubstr("blank.csv:2: column 4 (pending_charge): item 'pending_charge' is not "
                        "answered"));
}

TEST(ScoreBatch, AnEmptyFileIsBadInput) {
  const BatchRun run = ScoreText("empty.csv", "", Psa());
  EXPECT_EQ(run.stats.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(run.stats.status().message(), HasSubstr("empty.csv: empty: the first line"));
}

TEST(ScoreBatch, AHeaderOnlyFileGivesAHeaderOnlyOutput) {
  const BatchRun run = ScoreText("header.csv", absl::StrCat(kPsaHeader, "\n"), Psa());
  ASSERT_TRUE(run.stats.ok()) << run.stats.status();
  EXPECT_EQ(run.output, absl::StrCat(kPsaOutputHeader, "\n"));
  EXPECT_EQ(run.stats->rows, 0);
}

TEST(ScoreBatch, AHeaderWithoutARequiredItemFailsBeforeAnyRow) {
  const BatchRun run = ScoreText("missing.csv", "id,age_at_current_arrest\np,20\n", Psa());
  EXPECT_THAT(run.stats.status().message(),
              HasSubstr("missing.csv: columns: no column for item 'current_violent_offense'"));
}

TEST(ScoreBatch, MappedColumnsReadTheirHeaders) {
  ScoreBatchOptions options = Psa();
  options.id_column = "case";
  auto columns = ParseColumnMap(
      "age_at_current_arrest=Age, current_violent_offense=Violent,pending_charge=Pending");
  ASSERT_TRUE(columns.ok());
  options.columns = *columns;
  const std::string header =
      "Violent,case,Age,Pending,prior_misdemeanor_conviction,prior_felony_conviction,"
      "prior_violent_convictions,prior_fta_past_two_years,prior_fta_older_than_two_years,"
      "prior_sentence_to_incarceration,notes";
  const BatchRun run = ScoreText(
      "mapped.csv", absl::StrCat(header, "\nyes,demo-001,20,yes,yes,no,1,1,no,yes,x\n"), options);
  ASSERT_TRUE(run.stats.ok()) << run.stats.status();
  EXPECT_THAT(
      Lines(run.output),
      ElementsAre(absl::StrCat("case", std::string(kPsaOutputHeader).substr(2)), kDemoScored));
  EXPECT_THAT(run.stats->ignored_columns, ElementsAre("notes"));

  options.columns = {{"age", "Age"}};
  EXPECT_THAT(ScoreText("mapped.csv", header + "\n", options).stats.status().message(),
              HasSubstr("--columns: 'age' is not an item of instrument psa 2022"));
  options.columns = {{"age_at_current_arrest", "AGE"}};
  EXPECT_THAT(ScoreText("mapped.csv", header + "\n", options).stats.status().message(),
              HasSubstr("mapped.csv: the header has no column 'AGE'"));
  EXPECT_FALSE(ParseColumnMap("age_at_current_arrest").ok());
  EXPECT_FALSE(ParseColumnMap("=Age").ok());
}

TEST(ScoreBatch, WithoutAnIdColumnRowsAreNumbered) {
  const std::string header = std::string(kPsaHeader).substr(3);
  const std::string row = std::string(kDemoRow).substr(9);
  const BatchRun run =
      ScoreText("noid.csv", absl::StrCat(header, "\n", row, "\n", row, "\n"), Psa());
  ASSERT_TRUE(run.stats.ok()) << run.stats.status();
  EXPECT_THAT(Lines(run.output),
              ElementsAre(absl::StrCat("row", std::string(kPsaOutputHeader).substr(2)),
                          "1,4,4,10,6,6,yes", "2,4,4,10,6,6,yes"));
}

TEST(ScoreBatch, AnIdColumnNamedTwiceIsAmbiguous) {
  const BatchRun run = ScoreText("twice.csv", absl::StrCat(kPsaHeader, ",id\n"), Psa());
  EXPECT_THAT(run.stats.status().message(), HasSubstr("the header names 'id' 2 times"));
}

TEST(ScoreBatch, KeepGoingRejectsBadRowsAndScoresTheRest) {
  // Chunks of 3 rows: a bad cell (line 3), a value only the library rejects
  // (line 7, the second row of its chunk, so the row before it is scored
  // again), a short row (line 9) and a bad last row (line 11); the good rows
  // come out in order.
  ScoreBatchOptions options = Psa();
  options.keep_going = true;
  options.chunk_rows = 3;
  const std::string good = absl::StrCat(kDemoRow, "\n");
  const std::string text =
      absl::StrCat(kPsaHeader, "\n", good, "bad-cell,20,perhaps,yes,yes,no,1,1,no,yes\n", good,
                   good, good, "negative,20,yes,yes,yes,no,1,-3,no,yes\n", good, "short,20,yes\n",
                   good, "old,20,yes,yes,yes,no,1,1,no,2\n");
  const BatchRun run = ScoreText("keep.csv", text, options);
  ASSERT_TRUE(run.stats.ok()) << run.stats.status();
  EXPECT_EQ(run.stats->rows, 10);
  EXPECT_EQ(run.stats->scored, 6);
  EXPECT_EQ(run.stats->rejected, 4);
  const std::vector<std::string> output = Lines(run.output);
  ASSERT_EQ(output.size(), 7u);
  for (size_t i = 1; i < output.size(); ++i) EXPECT_EQ(output[i], kDemoScored);
  const std::vector<std::string> rejects = Lines(run.rejects);
  ASSERT_EQ(rejects.size(), 5u);
  EXPECT_EQ(rejects[0], absl::StrCat("line,error,", kPsaHeader));
  EXPECT_EQ(
      rejects[1],
      "3,keep.csv:3: column 3 (current_violent_offense): 'perhaps' is not "
      "yes/no/true/false/1/0 (blank: not answered),bad-cell,20,perhaps,yes,yes,no,1,1,no,yes");
  EXPECT_EQ(rejects[2],
            "7,keep.csv:7: column 8 (prior_fta_past_two_years): item 'prior_fta_past_two_years': "
            "count -3 is negative,negative,20,yes,yes,yes,no,1,-3,no,yes");
  EXPECT_EQ(rejects[3], "9,\"keep.csv:9: 3 fields, but the header has 10\",short,20,yes");
  EXPECT_THAT(rejects[4], HasSubstr("11,keep.csv:11: column 10 (prior_sentence_to_incarceration)"));
}

TEST(ScoreBatch, UnknownInstrumentsAndVersionsAreNotFound) {
  ScoreBatchOptions options = Psa();
  options.version = "1999";
  EXPECT_EQ(ScoreText("v.csv", "id\n", options).stats.status().code(), absl::StatusCode::kNotFound);
  options = Psa();
  options.instrument_id = "lsi_r";
  EXPECT_EQ(ScoreText("v.csv", "id\n", options).stats.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace reentry::cli
