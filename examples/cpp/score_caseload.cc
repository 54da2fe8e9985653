// Scores a caseload of PATTERN assessments in one batch call from columns,
// as a data team would (one array per item, narrow types), checks one row
// against single scoring, and prints how many people fall in each level.
//
//   score_caseload [rows]

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "reentry/assess/batch.h"
#include "reentry/assess/scorer.h"
#include "reentry/engine/engine.h"

int main(int argc, char** argv) {
  const size_t rows = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  auto engine = reentry::Engine::Create();
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", std::string(engine.status().message()).c_str());
    return 1;
  }
  auto pattern = (*engine)->Find<reentry::Instrument>("pattern");

  // Columns: counts and ages as int32, answers to CHOICE items as the index of
  // the choice, booleans as bytes.
  std::mt19937 rng(7);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<int32_t> age(rows), history(rows), infractions(rows), serious(rows), programs(rows),
      work(rows), since(rows), since_serious(rows), drug(rows), education(rows), violence(rows),
      escapes(rows);
  std::vector<uint8_t> violent(rows), sex_offense(rows), frp(rows);
  for (size_t i = 0; i < rows; ++i) {
    age[i] = uniform(18, 75);
    history[i] = uniform(0, 15);
    infractions[i] = uniform(0, 4);
    serious[i] = uniform(0, 2);
    programs[i] = uniform(0, 12);
    work[i] = uniform(0, 3);
    since[i] = uniform(0, 3);
    since_serious[i] = uniform(0, 3);
    drug[i] = uniform(0, 3);
    education[i] = uniform(0, 2);
    violence[i] = uniform(0, 7);
    escapes[i] = uniform(0, 3);
    violent[i] = uniform(0, 1);
    sex_offense[i] = uniform(0, 1);
    frp[i] = uniform(0, 1);
  }
  using reentry::ColumnType;
  const std::vector<reentry::Column> columns = {
      {"age_at_assessment", ColumnType::kInt32, age.data()},
      {"current_violent_offense", ColumnType::kBool8, violent.data()},
      {"sex_offense_conviction", ColumnType::kBool8, sex_offense.data()},
      {"criminal_history_score", ColumnType::kInt32, history.data()},
      {"infractions_all", ColumnType::kInt32, infractions.data()},
      {"infractions_serious_violent", ColumnType::kInt32, serious.data()},
      {"time_since_last_infraction", ColumnType::kInt32, since.data()},
      {"time_since_last_serious_violent_infraction", ColumnType::kInt32, since_serious.data()},
      {"programs_completed", ColumnType::kInt32, programs.data()},
      {"work_programming", ColumnType::kInt32, work.data()},
      {"drug_treatment_while_incarcerated", ColumnType::kInt32, drug.data()},
      {"education", ColumnType::kInt32, education.data()},
      {"noncompliance_with_financial_responsibility", ColumnType::kBool8, frp.data()},
      {"history_of_violence", ColumnType::kInt32, violence.data()},
      {"history_of_escapes", ColumnType::kInt32, escapes.data()},
  };
  std::vector<double> general_raw(rows);
  std::vector<int32_t> general_level(rows), violent_level(rows);
  const std::vector<reentry::ScaleOutput> outputs = {
      {"general", general_raw.data(), nullptr, nullptr, general_level.data()},
      {"violent", nullptr, nullptr, nullptr, violent_level.data()},
  };
  const absl::Status status = reentry::ScoreColumns(**pattern, columns, rows, outputs, {"male"});
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", std::string(status.message()).c_str());
    return 1;
  }

  // The first row, scored alone, gives the same score.
  reentry::v1::ScoreRequest request;
  request.set_norm_group("male");
  const auto& definition = (*pattern)->definition();
  for (size_t c = 0; c < columns.size(); ++c) {
    auto* response = request.add_responses();
    response->set_item_id(std::string(columns[c].item_id));
    const auto& item = definition.items(static_cast<int>(c));
    const int32_t value = columns[c].type == ColumnType::kBool8
                              ? static_cast<const uint8_t*>(columns[c].data)[0]
                              : static_cast<const int32_t*>(columns[c].data)[0];
    if (item.type() == reentry::v1::Item::TYPE_BOOLEAN)
      response->set_boolean(value != 0);
    else if (item.type() == reentry::v1::Item::TYPE_CHOICE)
      response->set_choice(item.choices(value).id());
    else
      response->set_number(value);
  }
  auto single = reentry::ScoreAssessment(**pattern, request);
  if (!single.ok() || single->scales(0).raw_score() != general_raw[0]) {
    std::fprintf(stderr, "batch and single scoring disagree on row 0\n");
    return 1;
  }

  const char* levels[] = {"minimum", "low", "medium", "high"};
  size_t general[4] = {0}, both_low = 0;
  for (size_t i = 0; i < rows; ++i) {
    ++general[general_level[i]];
    if (general_level[i] <= 1 && violent_level[i] <= 1) ++both_low;
  }
  std::printf("%zu PATTERN assessments (men), kernel %s\n", rows,
              std::string(reentry::BatchKernelName()).c_str());
  for (int l = 0; l < 4; ++l) std::printf("  general %-8s %8zu\n", levels[l], general[l]);
  std::printf("  minimum or low on both scales: %zu\n", both_low);
  return 0;
}
