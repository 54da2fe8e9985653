// A C++ host of an installed reentry: creates an engine, scores the PSA's
// demo person with typed messages and checks the published formula's scores
// (FTA 4, NCA 6, NVCA flagged; worked out in tests/python/test_engine.py);
// then scores three people from columns and checks the first equals it.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "reentry/assess/batch.h"
#include "reentry/engine/engine.h"
#include "reentry/v1/assessment.pb.h"

int main() {
  auto engine = reentry::Engine::Create();
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", std::string(engine.status().message()).c_str());
    return 1;
  }
  reentry::v1::ScoreRequest request;
  request.set_instrument_id("psa");
  auto answer = [&](const char* item) {
    auto* response = request.add_responses();
    response->set_item_id(item);
    return response;
  };
  answer("age_at_current_arrest")->set_number(20);
  answer("current_violent_offense")->set_boolean(true);
  answer("pending_charge")->set_boolean(true);
  answer("prior_misdemeanor_conviction")->set_boolean(true);
  answer("prior_felony_conviction")->set_boolean(false);
  answer("prior_violent_convictions")->set_number(1);
  answer("prior_fta_past_two_years")->set_number(1);
  answer("prior_fta_older_than_two_years")->set_boolean(false);
  answer("prior_sentence_to_incarceration")->set_boolean(true);
  auto scored = (*engine)->Call<reentry::v1::ScoreResponse>(request);
  if (!scored.ok()) {
    std::fprintf(stderr, "%s\n", std::string(scored.status().message()).c_str());
    return 1;
  }
  const auto& scales = scored->result().scales();
  const bool single_ok = scales.size() == 3 && scales[0].scaled_score() == 4 &&
                         scales[1].scaled_score() == 6 && scales[2].flag();

  // The same person first among three, from columns.
  auto psa = (*engine)->Find<reentry::Instrument>("psa");
  if (!psa.ok()) return 1;
  const std::vector<int32_t> age = {20, 45, 33}, violent_priors = {1, 0, 2}, fta = {1, 0, 3};
  const std::vector<uint8_t> violent = {1, 0, 1}, pending = {1, 0, 0}, misdemeanor = {1, 0, 1},
                             felony = {0, 0, 1}, fta_old = {0, 0, 1}, jail = {1, 0, 1};
  using reentry::ColumnType;
  const std::vector<reentry::Column> columns = {
      {"age_at_current_arrest", ColumnType::kInt32, age.data()},
      {"current_violent_offense", ColumnType::kBool8, violent.data()},
      {"pending_charge", ColumnType::kBool8, pending.data()},
      {"prior_misdemeanor_conviction", ColumnType::kBool8, misdemeanor.data()},
      {"prior_felony_conviction", ColumnType::kBool8, felony.data()},
      {"prior_violent_convictions", ColumnType::kInt32, violent_priors.data()},
      {"prior_fta_past_two_years", ColumnType::kInt32, fta.data()},
      {"prior_fta_older_than_two_years", ColumnType::kBool8, fta_old.data()},
      {"prior_sentence_to_incarceration", ColumnType::kBool8, jail.data()}};
  std::vector<int32_t> nca(3);
  const std::vector<reentry::ScaleOutput> outputs = {
      {"nca", nullptr, nca.data(), nullptr, nullptr}};
  const auto status = reentry::ScoreColumns(**psa, columns, 3, outputs);
  const bool batch_ok = status.ok() && nca[0] == scales[1].scaled_score();

  std::printf("C++ host: PSA FTA %d, NCA %d, NVCA %s; batch NCA %d %d %d: %s\n",
              scales.size() > 1 ? scales[0].scaled_score() : -1,
              scales.size() > 1 ? scales[1].scaled_score() : -1,
              scales.size() > 2 && scales[2].flag() ? "flagged" : "not flagged", nca[0], nca[1],
              nca[2], single_ok && batch_ok ? "ok" : "WRONG");
  return single_ok && batch_ok ? 0 : 1;
}
