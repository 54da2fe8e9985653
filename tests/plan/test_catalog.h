// A small catalog whose every date the plan tests work out by hand, and
// helpers to build assessments and requests.
#ifndef REENTRY_TESTS_PLAN_TEST_CATALOG_H_
#define REENTRY_TESTS_PLAN_TEST_CATALOG_H_

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "reentry/calendar/calendar.h"
#include "reentry/engine/engine.h"
#include "reentry/plan/catalog.h"
#include "reentry/v1/plan.pb.h"
#include "util/definition.h"

namespace reentry::testing {

// Windows are counted from release (R) unless said: id first (R-60..R-40,
// 5 days), then housing (R-30..R-10, 3 days) and moving in (R..R+5, 1 day);
// a job class (due R-20, 10 days, 30 hours) before a job (R..R+30, 2 days,
// 5 hours); a treatment intake on the plan's first day (P..P, 1 day, 2
// hours); a thinking program after release (R..R+60, 5 days, 20 hours);
// and every person reports on release day (R..R+1).
inline constexpr char kTestCatalog[] = R"pb(
  id: "test_catalog"
  version: "1"
  title: "Test catalog"
  calendar_id: "us_federal"
  need_threshold: TIER_MODERATE
  intensities { risk_tier: TIER_LOW intensity: INTENSITY_LOW dosage_target_hours: 0 max_criminogenic_domains: 1 }
  intensities { risk_tier: TIER_MODERATE intensity: INTENSITY_MODERATE dosage_target_hours: 100 max_criminogenic_domains: 2 }
  intensities { risk_tier: TIER_HIGH intensity: INTENSITY_HIGH dosage_target_hours: 200 max_criminogenic_domains: 2 }
  survival_domains: "housing"
  survival_domains: "finances_id"
  service_domains: "release_planning"
  rules {
    rule_id: "first_day"
    domain: "release_planning"
    everyone: true
    goal {
      term: GOAL_TERM_SHORT
      title: "Report on release day"
      tasks {
        template_id: "report"
        title: "Report to the parole office"
        owner: OWNER_PERSON
        phase: PHASE_COMMUNITY
        window { anchor: ANCHOR_RELEASE opens_days: 0 closes_days: 1 }
        duration_business_days: 1
      }
    }
  }
  rules {
    rule_id: "id_short"
    domain: "finances_id"
    goal {
      term: GOAL_TERM_SHORT
      title: "Get a state ID"
      tasks {
        template_id: "state_id"
        title: "Apply for a state ID"
        owner: OWNER_PERSON
        phase: PHASE_RELEASE
        window { anchor: ANCHOR_RELEASE opens_days: -60 closes_days: -40 }
        duration_business_days: 5
      }
    }
  }
  rules {
    rule_id: "housing_short"
    domain: "housing"
    goal {
      term: GOAL_TERM_SHORT
      title: "Have a place to live"
      strengths: "family_support"
      tasks {
        template_id: "apply"
        title: "Apply for housing"
        owner: OWNER_CASE_MANAGER
        phase: PHASE_RELEASE
        service_domain: "housing"
        window { anchor: ANCHOR_RELEASE opens_days: -30 closes_days: -10 }
        duration_business_days: 3
        prerequisites: "id_short.state_id"
      }
      tasks {
        template_id: "move_in"
        title: "Move in"
        owner: OWNER_PERSON
        phase: PHASE_COMMUNITY
        window { anchor: ANCHOR_RELEASE opens_days: 0 closes_days: 5 }
        duration_business_days: 1
        prerequisites: "apply"
      }
    }
  }
  rules {
    rule_id: "job_short"
    domain: "employment"
    goal {
      term: GOAL_TERM_SHORT
      title: "Get work"
      tasks {
        template_id: "class"
        title: "Job readiness class"
        owner: OWNER_PERSON
        phase: PHASE_INSTITUTION
        service_domain: "employment"
        window { anchor: ANCHOR_RELEASE closes_days: -20 }
        duration_business_days: 10
        dosage_hours: 30
      }
      tasks {
        template_id: "job"
        title: "Start a job search"
        owner: OWNER_PERSON
        phase: PHASE_COMMUNITY
        service_domain: "employment"
        window { anchor: ANCHOR_RELEASE opens_days: 0 closes_days: 30 }
        duration_business_days: 2
        dosage_hours: 5
        prerequisites: "class"
      }
    }
  }
  rules {
    rule_id: "sud_short"
    domain: "substance_use"
    goal {
      term: GOAL_TERM_SHORT
      title: "Start treatment"
      tasks {
        template_id: "intake"
        title: "Treatment intake"
        owner: OWNER_PROVIDER
        phase: PHASE_INSTITUTION
        service_domain: "substance_use"
        window { anchor: ANCHOR_PLAN_START opens_days: 0 closes_days: 0 }
        duration_business_days: 1
        dosage_hours: 2
      }
    }
  }
  rules {
    rule_id: "cog_short"
    domain: "antisocial_cognition"
    goal {
      term: GOAL_TERM_SHORT
      title: "Think differently"
      tasks {
        template_id: "program"
        title: "Cognitive program"
        owner: OWNER_PERSON
        phase: PHASE_COMMUNITY
        window { anchor: ANCHOR_RELEASE opens_days: 0 closes_days: 60 }
        duration_business_days: 5
        dosage_hours: 20
      }
    }
  }
  adaptations { responsivity_id: "literacy" text: "Read it aloud" owners: OWNER_PERSON }
)pb";

inline CatalogVocabulary TestVocabulary() {
  CatalogVocabulary vocabulary;
  vocabulary.need_domains = {"housing",       "finances_id",          "employment",
                             "substance_use", "antisocial_cognition", "transportation"};
  vocabulary.indicator_ids = {"family_support", "literacy"};
  vocabulary.calendar_ids = {"us_federal"};
  return vocabulary;
}

inline std::shared_ptr<const Catalog> TestCatalog() {
  v1::CatalogDefinition definition;
  EXPECT_TRUE(internal::ParseTextProto(kTestCatalog, "test_catalog", &definition).ok());
  auto catalog = Catalog::Compile(definition, TestVocabulary());
  EXPECT_TRUE(catalog.ok()) << catalog.status();
  return catalog.ok() ? *catalog : nullptr;
}

inline std::shared_ptr<const Calendar> UsFederal() {
  static auto* const engine = Engine::Create()->release();
  auto calendar = engine->Find<Calendar>("us_federal");
  EXPECT_TRUE(calendar.ok()) << calendar.status();
  return *calendar;
}

// A need as an assessment reports it.
struct NeedSpec {
  std::string domain;
  v1::Tier tier;
  int rank;
  bool survival = false;
  bool criminogenic = false;
};

inline std::string LevelOf(v1::Tier tier) {
  switch (tier) {
    case v1::TIER_LOW:
      return "low";
    case v1::TIER_MODERATE:
      return "moderate";
    case v1::TIER_HIGH:
      return "high";
    default:
      return "very_high";
  }
}

// A needs screen result with `needs`, and a risk result at `risk` (none when
// unspecified), both assessed on `on`.
inline std::vector<v1::AssessmentResult> Assessments(const std::vector<NeedSpec>& needs,
                                                     v1::Tier risk, const std::string& on,
                                                     std::vector<std::string> responsivity = {},
                                                     std::vector<std::string> strengths = {}) {
  std::vector<v1::AssessmentResult> results;
  if (risk != v1::TIER_UNSPECIFIED) {
    v1::AssessmentResult result;
    result.set_instrument_id("pattern");
    result.set_instrument_version("1.2");
    result.set_assessed_on(on);
    result.set_risk_tier(risk);
    result.set_risk_scale_id("general");
    auto* scale = result.add_scales();
    scale->set_scale_id("general");
    scale->set_final_level(risk == v1::TIER_LOW ? "low" : risk == v1::TIER_MODERATE ? "medium" : "high");
    results.push_back(result);
  }
  v1::AssessmentResult screen;
  screen.set_instrument_id("reentry_needs_screen");
  screen.set_instrument_version("1.0");
  screen.set_assessed_on(on);
  for (const NeedSpec& spec : needs) {
    auto* need = screen.add_needs();
    need->set_domain(spec.domain);
    need->set_scale_id(spec.domain);
    need->set_level(LevelOf(spec.tier));
    need->set_tier(spec.tier);
    need->set_rank(spec.rank);
    need->set_survival(spec.survival);
    need->set_criminogenic(spec.criminogenic);
  }
  for (const auto& id : responsivity) screen.add_responsivity()->set_id(id);
  for (const auto& id : strengths) screen.add_strengths()->set_id(id);
  results.push_back(screen);
  return results;
}

}  // namespace reentry::testing

#endif  // REENTRY_TESTS_PLAN_TEST_CATALOG_H_
