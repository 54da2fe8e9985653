// Catalog validation: every error names the catalog, the field and the
// problem; the builtin catalog compiles and covers every need domain of the
// needs screen.
#include "reentry/plan/catalog.h"

#include <functional>
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reentry/assess/builtin.h"
#include "reentry/assess/instrument.h"
#include "reentry/engine/engine.h"
#include "reentry/status.h"
#include "reentry/v1/definition.pb.h"
#include "test_catalog.h"
#include "util/definition.h"

namespace reentry {
namespace {

using ::testing::HasSubstr;

v1::CatalogDefinition TestDefinition() {
  v1::CatalogDefinition definition;
  EXPECT_TRUE(internal::ParseTextProto(testing::kTestCatalog, "test", &definition).ok());
  return definition;
}

void ExpectRejected(const std::function<void(v1::CatalogDefinition&)>& change,
                    const std::string& field, const std::string& message) {
  SCOPED_TRACE(field);
  v1::CatalogDefinition definition = TestDefinition();
  change(definition);
  auto catalog = Catalog::Compile(definition, testing::TestVocabulary());
  ASSERT_EQ(catalog.status().code(), absl::StatusCode::kInvalidArgument) << catalog.status();
  EXPECT_EQ(ErrorField(catalog.status()), field);
  EXPECT_THAT(std::string(catalog.status().message()),
              HasSubstr("' version 1: " + field + ": " + message));
  EXPECT_THAT(std::string(catalog.status().message()),
              ::testing::StartsWith(field == "id" ? "catalog 'Test'" : "catalog 'test_catalog'"));
}

v1::TaskTemplate* Task(v1::CatalogDefinition& d, int rule, int task) {
  return d.mutable_rules(rule)->mutable_goal()->mutable_tasks(task);
}

TEST(CatalogValidation, AcceptsTheTestCatalog) {
  auto catalog = Catalog::Compile(TestDefinition(), testing::TestVocabulary());
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  EXPECT_EQ((*catalog)->id(), "test_catalog");
}

TEST(CatalogValidation, RejectsUnknownDomainsTiersAndPhases) {
  ExpectRejected([](auto& d) { d.mutable_rules(1)->set_domain("astrology"); }, "rules[1].domain",
                 "unknown domain 'astrology'");
  ExpectRejected([](auto& d) { Task(d, 2, 0)->set_service_domain("spa"); },
                 "rules[2].goal.tasks[0].service_domain", "unknown domain 'spa'");
  ExpectRejected([](auto& d) { d.mutable_rules(1)->set_min_need_tier(static_cast<v1::Tier>(9)); },
                 "rules[1].min_need_tier", "unknown tier");
  ExpectRejected(
      [](auto& d) {
        d.mutable_rules(1)->set_min_need_tier(v1::TIER_HIGH);
        d.mutable_rules(1)->set_max_need_tier(v1::TIER_MODERATE);
      },
      "rules[1].max_need_tier", "TIER_MODERATE is below TIER_HIGH");
  ExpectRejected([](auto& d) { d.mutable_rules(1)->add_phases(v1::PHASE_UNSPECIFIED); },
                 "rules[1].phases[0]", "unknown phase");
  ExpectRejected([](auto& d) { Task(d, 1, 0)->set_phase(v1::PHASE_UNSPECIFIED); },
                 "rules[1].goal.tasks[0].phase", "needs a phase");
  ExpectRejected([](auto& d) { Task(d, 1, 0)->set_owner(v1::OWNER_UNSPECIFIED); },
                 "rules[1].goal.tasks[0].owner", "needs an owner");
  ExpectRejected([](auto& d) { d.set_need_threshold(v1::TIER_UNSPECIFIED); }, "need_threshold",
                 "needs a tier");
  ExpectRejected([](auto& d) { d.mutable_rules(1)->add_responsivity("charm"); },
                 "rules[1].responsivity[0]", "unknown responsivity factor 'charm'");
  ExpectRejected([](auto& d) { d.add_survival_domains("housing"); }, "survival_domains[2]",
                 "domain 'housing' is listed twice");
  ExpectRejected([](auto& d) { d.add_survival_domains("astrology"); }, "survival_domains[2]",
                 "unknown need domain 'astrology'");
  ExpectRejected([](auto& d) { d.set_calendar_id("mars"); }, "calendar_id",
                 "unknown calendar 'mars' (loaded: us_federal)");
}

TEST(CatalogValidation, RejectsPrerequisitesThatNameNoTemplate) {
  ExpectRejected([](auto& d) { Task(d, 2, 1)->add_prerequisites("paint"); },
                 "rules[2].goal.tasks[1].prerequisites[1]",
                 "'paint' names no task template");
  ExpectRejected([](auto& d) { Task(d, 2, 1)->add_prerequisites("nowhere.apply"); },
                 "rules[2].goal.tasks[1].prerequisites[1]", "'nowhere.apply' names no task");
  ExpectRejected([](auto& d) { Task(d, 2, 1)->add_prerequisites("move_in"); },
                 "rules[2].goal.tasks[1].prerequisites[1]", "a task cannot require itself");
  ExpectRejected([](auto& d) { Task(d, 2, 1)->add_prerequisite_rules("nope"); },
                 "rules[2].goal.tasks[1].prerequisite_rules[0]", "unknown rule 'nope'");
}

TEST(CatalogValidation, NamesTheTasksOfAPrerequisiteCycle) {
  // state_id -> apply already; make state_id wait for move_in, which waits
  // for apply: state_id -> apply -> move_in -> state_id.
  ExpectRejected([](auto& d) { Task(d, 1, 0)->add_prerequisites("housing_short.move_in"); },
                 "rules[1].goal.tasks[0].prerequisites",
                 "prerequisites form a cycle: id_short.state_id -> housing_short.apply -> "
                 "housing_short.move_in -> id_short.state_id");
  // Through a whole rule.
  ExpectRejected([](auto& d) { Task(d, 1, 0)->add_prerequisite_rules("housing_short"); },
                 "rules[1].goal.tasks[0].prerequisites", "prerequisites form a cycle");
}

TEST(CatalogValidation, RejectsAWindowThatClosesBeforeItOpens) {
  ExpectRejected(
      [](auto& d) {
        Task(d, 1, 0)->mutable_window()->set_opens_days(-10);
        Task(d, 1, 0)->mutable_window()->set_closes_days(-40);
      },
      "rules[1].goal.tasks[0].window.closes_days",
      "the window closes (-40 days) before it opens (-10 days)");
  ExpectRejected([](auto& d) { Task(d, 1, 0)->mutable_window()->clear_anchor(); },
                 "rules[1].goal.tasks[0].window.anchor", "a window with offsets needs an anchor");
  ExpectRejected([](auto& d) { Task(d, 1, 0)->mutable_window()->set_closes_days(40000); },
                 "rules[1].goal.tasks[0].window.closes_days", "40000 days is beyond 36500");
}

TEST(CatalogValidation, RejectsDuplicatesAndBadNumbers) {
  ExpectRejected([](auto& d) { d.mutable_rules(2)->set_rule_id("id_short"); },
                 "rules[2].rule_id", "duplicate rule id 'id_short'");
  ExpectRejected([](auto& d) { Task(d, 2, 1)->set_template_id("apply"); },
                 "rules[2].goal.tasks[1].template_id", "duplicate template id 'apply'");
  ExpectRejected([](auto& d) { d.mutable_intensities(1)->set_risk_tier(v1::TIER_LOW); },
                 "intensities[1].risk_tier", "TIER_LOW has more than one entry");
  ExpectRejected([](auto& d) { d.mutable_intensities(0)->set_dosage_target_hours(-1); },
                 "intensities[0].dosage_target_hours", "-1 is not a number of hours");
  ExpectRejected([](auto& d) { Task(d, 1, 0)->set_duration_business_days(-2); },
                 "rules[1].goal.tasks[0].duration_business_days", "-2 is not within 0..2000");
  ExpectRejected([](auto& d) { d.set_id("Test"); }, "id", "'Test' is not a valid catalog id");
  ExpectRejected([](auto& d) { d.mutable_rules(0)->mutable_goal()->clear_tasks(); },
                 "rules[0].goal.tasks", "a goal needs at least one task");
}

TEST(BuiltinCatalog, CoversEveryNeedDomainOfTheNeedsScreenAndEveryPatternTier) {
  auto engine = Engine::Create();
  ASSERT_TRUE(engine.ok());
  auto catalog = (*engine)->Find<Catalog>("reentry_catalog");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  std::set<std::string> domains;
  for (const auto& rule : (*catalog)->definition().rules()) domains.insert(rule.domain());
  auto screen = (*engine)->Find<Instrument>("reentry_needs_screen");
  ASSERT_TRUE(screen.ok());
  for (const auto& scale : (*screen)->definition().scales()) {
    EXPECT_TRUE(domains.count(scale.need().domain())) << scale.need().domain();
  }
  std::set<v1::Tier> tiers;
  for (const auto& level : (*catalog)->definition().intensities()) tiers.insert(level.risk_tier());
  auto pattern = (*engine)->Find<Instrument>("pattern");
  ASSERT_TRUE(pattern.ok());
  for (const auto& scale : (*pattern)->definition().scales()) {
    for (const auto& level : scale.levels()) EXPECT_TRUE(tiers.count(level.tier())) << level.id();
  }
  // The pinned table: PATTERN minimum/low -> low (0 hours), medium ->
  // moderate (100), high -> high (200).
  for (const auto& level : (*catalog)->definition().intensities()) {
    const double hours = level.risk_tier() == v1::TIER_LOW        ? 0
                         : level.risk_tier() == v1::TIER_MODERATE ? 100
                                                                  : 200;
    EXPECT_EQ(level.dosage_target_hours(), hours);
  }
}

TEST(BuiltinCatalog, IsRejectedWithoutTheInstrumentsItNames) {
  // Loaded on an engine without the needs screen, the builtin catalog names
  // domains nobody knows.
  auto engine = Engine::Create();
  ASSERT_TRUE(engine.ok());
  auto catalog = (*engine)->Find<Catalog>("reentry_catalog");
  ASSERT_TRUE(catalog.ok());
  CatalogVocabulary vocabulary;
  vocabulary.calendar_ids = {"us_federal"};
  auto compiled = Catalog::Compile((*catalog)->definition(), vocabulary);
  EXPECT_EQ(compiled.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(compiled.status().message()), HasSubstr("unknown need domain"));
}

}  // namespace
}  // namespace reentry
