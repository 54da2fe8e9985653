// The builtin policy holds exactly the pinned values; a bad policy is
// rejected naming the policy, the field and the problem.
#include "reentry/monitor/policy.h"

#include <functional>
#include <string>
#include <vector>

#include "fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reentry/status.h"
#include "reentry/v1/engine.pb.h"

namespace reentry {
namespace {

using ::testing::HasSubstr;

TEST(Policy, TheBuiltinHoldsThePinnedValues) {
  const v1::PolicyDefinition& p = testing::BuiltinPolicy()->definition();
  EXPECT_EQ(p.calendar_id(), "us_federal");
  EXPECT_EQ(p.upcoming_business_days(), 10);
  EXPECT_EQ(p.grace_business_days(), 0);
  ASSERT_EQ(p.junctions_size(), 4);
  EXPECT_EQ(p.junctions(0).kind(), v1::JUNCTION_KIND_FIRST_72_HOURS);
  EXPECT_EQ(p.junctions(0).days(), 3);
  EXPECT_EQ(p.junctions(1).kind(), v1::JUNCTION_KIND_FIRST_30_DAYS);
  EXPECT_EQ(p.junctions(1).days(), 30);
  EXPECT_EQ(p.junctions(2).kind(), v1::JUNCTION_KIND_HOUSING_LOST);
  EXPECT_EQ(p.junctions(2).days(), 30);
  EXPECT_EQ(p.junctions(3).kind(), v1::JUNCTION_KIND_RELAPSE);
  EXPECT_EQ(p.junctions(3).days(), 14);
  EXPECT_EQ(p.step_up().window_days(), 30);
  EXPECT_EQ(p.step_up().min_violation_severity(), v1::SEVERITY_MODERATE);
  EXPECT_EQ(p.step_up().unexcused_absences(), 2);
  EXPECT_TRUE(p.step_up().positive_or_refused_test());
  EXPECT_TRUE(p.step_up().arrest());
  EXPECT_TRUE(p.step_up().housing_lost());
  EXPECT_EQ(p.step_down().min_days_supervised(), 90);
  EXPECT_EQ(p.step_down().violation_free_days(), 90);
  EXPECT_EQ(p.step_down().test_free_days(), 90);
  EXPECT_EQ(p.step_down().min_compliance_rate(), 0.9);
  EXPECT_EQ(p.step_down().min_attendance_rate(), 0.9);
  EXPECT_TRUE(p.step_down().dosage_target_met());
  EXPECT_TRUE(p.step_down().no_active_junction());
  // Idaho's general supervision, as Recidiviz encodes it.
  const int face_to_face[] = {180, 45, 15};
  const int home_visit[] = {365, 365, 90};
  const char* const levels[] = {"minimum", "medium", "high"};
  ASSERT_EQ(p.supervision_levels_size(), 3);
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE(levels[i]);
    const v1::SupervisionLevel& level = p.supervision_levels(i);
    EXPECT_EQ(level.level(), levels[i]);
    ASSERT_EQ(level.standards_size(), 2);
    EXPECT_EQ(level.standards(0).type(), v1::CONTACT_TYPE_FACE_TO_FACE);
    EXPECT_EQ(level.standards(0).contacts(), 1);
    EXPECT_EQ(level.standards(0).every_days(), face_to_face[i]);
    EXPECT_EQ(level.standards(0).intake_days(), 3);
    EXPECT_TRUE(level.standards(0).intake_business_days());
    EXPECT_EQ(level.standards(1).type(), v1::CONTACT_TYPE_HOME_VISIT);
    EXPECT_EQ(level.standards(1).contacts(), 1);
    EXPECT_EQ(level.standards(1).every_days(), home_visit[i]);
    EXPECT_EQ(level.standards(1).intake_days(), 30);
    EXPECT_FALSE(level.standards(1).intake_business_days());
  }
  ASSERT_EQ(p.reassessment_triggers_size(), 3);
  EXPECT_FALSE(p.sources(0).url().empty());
}

void ExpectRejected(const std::function<void(v1::PolicyDefinition&)>& edit,
                    const std::string& field, const std::string& problem) {
  v1::PolicyDefinition definition = testing::BuiltinPolicy()->definition();
  edit(definition);
  auto policy = Policy::Compile(definition, {"us_federal"});
  ASSERT_FALSE(policy.ok()) << field;
  EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(policy.status()), field) << policy.status();
  EXPECT_THAT(std::string(policy.status().message()),
              HasSubstr(absl::StrCat("policy '", definition.id(), "' version 1.0: ", field, ": ",
                                     problem)));
}

TEST(Policy, NamesTheFieldOfEveryProblem) {
  ExpectRejected([](auto& d) { d.set_id("Policy"); }, "id", "'Policy' is not a valid policy id");
  ExpectRejected([](auto& d) { d.clear_calendar_id(); }, "calendar_id", "is required");
  ExpectRejected([](auto& d) { d.set_calendar_id("mars"); }, "calendar_id",
                 "no calendar 'mars' is loaded");
  ExpectRejected([](auto& d) { d.set_upcoming_business_days(-1); }, "upcoming_business_days",
                 "-1 is not a number of days from 0 to 3660");
  ExpectRejected(
      [](auto& d) { d.mutable_junctions(1)->set_kind(v1::JUNCTION_KIND_FIRST_72_HOURS); },
      "junctions[1].kind", "JUNCTION_KIND_FIRST_72_HOURS is listed twice");
  ExpectRejected([](auto& d) { d.mutable_junctions(0)->clear_kind(); }, "junctions[0].kind",
                 "is required");
  ExpectRejected([](auto& d) { d.mutable_step_up()->set_window_days(0); }, "step_up.window_days",
                 "is required when a step-up trigger is set");
  ExpectRejected([](auto& d) { d.mutable_step_down()->set_min_compliance_rate(1.5); },
                 "step_down.min_compliance_rate", "1.5 is not a rate from 0 to 1");
  ExpectRejected([](auto& d) { d.mutable_supervision_levels(1)->set_level("minimum"); },
                 "supervision_levels[1].level", "'minimum' is listed twice");
  ExpectRejected([](auto& d) { d.mutable_supervision_levels(0)->set_level("Minimum"); },
                 "supervision_levels[0].level", "'Minimum' is not a valid level id");
  ExpectRejected(
      [](auto& d) {
        d.mutable_supervision_levels(2)->mutable_standards(1)->set_type(
            v1::CONTACT_TYPE_FACE_TO_FACE);
      },
      "supervision_levels[2].standards[1].type",
      "CONTACT_TYPE_FACE_TO_FACE has two standards in this level");
  ExpectRejected(
      [](auto& d) { d.mutable_supervision_levels(0)->mutable_standards(0)->set_contacts(0); },
      "supervision_levels[0].standards[0].contacts", "0 is not a number of contacts from 1 to 100");
  ExpectRejected(
      [](auto& d) { d.mutable_supervision_levels(0)->mutable_standards(0)->set_every_days(0); },
      "supervision_levels[0].standards[0].every_days", "0 is not a number of days from 1 to 3660");
  ExpectRejected(
      [](auto& d) {
        d.mutable_supervision_levels(0)->mutable_standards(0)->add_qualifying_types(
            v1::CONTACT_TYPE_HOME_VISIT);
      },
      "supervision_levels[0].standards[0].qualifying_types[2]",
      "CONTACT_TYPE_HOME_VISIT is listed twice");
  ExpectRejected([](auto& d) { d.add_reassessment_triggers(); }, "reassessment_triggers[3].kind",
                 "is required");
  ExpectRejected([](auto& d) { d.mutable_responses(0)->clear_suggestions(); },
                 "responses[0].suggestions", "is empty");
  ExpectRejected([](auto& d) { *d.add_responses() = d.responses(0); }, "responses[10]",
                 "RESPONSE_TRIGGER_VIOLATION_LOW has two KIND_SANCTION entries");
}

TEST(Policy, LoadsThroughTheEngineAndIsUsedByName) {
  auto engine = Engine::Create();
  ASSERT_TRUE(engine.ok());
  v1::PolicyDefinition definition = testing::BuiltinPolicy()->definition();
  definition.set_id("state_policy");
  definition.mutable_step_up()->set_unexcused_absences(3);
  v1::LoadPolicyRequest load;
  *load.mutable_definition() = definition;
  auto loaded = (*engine)->Call<v1::LoadPolicyResponse>(load);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->definition().id(), "state_policy");
  v1::DescribePolicyRequest describe;
  describe.set_policy_id("state_policy");
  auto described = (*engine)->Call<v1::DescribePolicyResponse>(describe);
  ASSERT_TRUE(described.ok()) << described.status();
  EXPECT_EQ(described->definition().step_up().unexcused_absences(), 3);
  v1::MonitorRequest request = testing::RequestM("2027-04-01");
  request.set_policy_id("state_policy");
  auto report = (*engine)->Call<v1::MonitorResponse>(request);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->report().policy_id(), "state_policy");
  EXPECT_EQ(report->report().recommendation().criteria(1).text(),
            "3 or more unexcused absences in the 30 days up to as_of");
  request.set_policy_id("nope");
  auto missing = (*engine)->Call<v1::MonitorResponse>(request);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorField(missing.status()), "policy_id");
}

}  // namespace
}  // namespace reentry
