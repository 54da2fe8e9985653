// Helpers shared by the assessment tests: builtin instruments, requests built
// from item answers, and lookups into results.
#ifndef REENTRY_TESTS_ASSESS_TEST_UTIL_H_
#define REENTRY_TESTS_ASSESS_TEST_UTIL_H_

#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "gtest/gtest.h"
#include "reentry/assess/builtin.h"
#include "reentry/assess/instrument.h"
#include "reentry/assess/scorer.h"
#include "reentry/v1/assessment.pb.h"

namespace reentry::testing {

// An answer: boolean, number or choice id.
using Answer = std::variant<bool, double, std::string>;
using Answers = std::vector<std::pair<std::string, Answer>>;

inline std::shared_ptr<const Instrument> Builtin(const std::string& id) {
  auto builtin = BuiltinInstruments();
  EXPECT_TRUE(builtin.ok()) << builtin.status();
  if (!builtin.ok()) return nullptr;
  for (const auto& instrument : *builtin) {
    if (instrument->id() == id) return instrument;
  }
  ADD_FAILURE() << "no builtin instrument " << id;
  return nullptr;
}

inline v1::ScoreRequest Request(const Answers& answers, const std::string& norm_group = "") {
  v1::ScoreRequest request;
  request.set_norm_group(norm_group);
  for (const auto& [item, answer] : answers) {
    v1::ItemResponse* response = request.add_responses();
    response->set_item_id(item);
    if (std::holds_alternative<bool>(answer)) response->set_boolean(std::get<bool>(answer));
    if (std::holds_alternative<double>(answer)) response->set_number(std::get<double>(answer));
    if (std::holds_alternative<std::string>(answer)) {
      response->set_choice(std::get<std::string>(answer));
    }
  }
  return request;
}

inline const v1::ScaleResult& ScaleOf(const v1::AssessmentResult& result,
                                      const std::string& scale) {
  for (const auto& s : result.scales()) {
    if (s.scale_id() == scale) return s;
  }
  static const v1::ScaleResult* const kNone = new v1::ScaleResult();
  ADD_FAILURE() << "no scale " << scale;
  return *kNone;
}

}  // namespace reentry::testing

#endif  // REENTRY_TESTS_ASSESS_TEST_UTIL_H_
