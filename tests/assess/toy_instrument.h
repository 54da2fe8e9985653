// A small instrument with every feature the builtins do not all exercise:
// CHOICE, COUNT and NUMBER items, levels, a raw -> scaled table, need domains,
// strengths, responsivity, prorating and reassessment intervals. The scores in
// the tests that use it are worked out by hand from this text.
#ifndef REENTRY_TESTS_ASSESS_TOY_INSTRUMENT_H_
#define REENTRY_TESTS_ASSESS_TOY_INSTRUMENT_H_

namespace reentry::testing {

inline constexpr char kToyInstrument[] = R"pb(
  id: "toy"
  version: "1.0"
  title: "Toy screen"
  items {
    id: "housing_status"
    type: TYPE_CHOICE
    text: "Where will you live?"
    choices { id: "stable" label: "Stable home" }
    choices { id: "temporary" label: "Temporary" }
    choices { id: "homeless" label: "No home" }
  }
  items {
    id: "jobs_held"
    type: TYPE_COUNT
    text: "How many jobs have you held?"
    bands { id: "none" label: "none" min: 0 }
    bands { id: "some" label: "1 or 2" min: 1 }
    bands { id: "many" label: "3 or more" min: 3 }
  }
  items { id: "employed" type: TYPE_BOOLEAN text: "Do you have a job?" }
  items {
    id: "age"
    type: TYPE_NUMBER
    text: "How old are you?"
    min: 16
    max: 99
    whole_number: true
    bands { id: "young" label: "16-24" min: 16 }
    bands { id: "adult" label: "25 or older" min: 25 }
  }
  items { id: "reads_well" type: TYPE_BOOLEAN text: "Do you read forms easily?" }
  items { id: "family_support" type: TYPE_BOOLEAN text: "Does family support you?" }
  items { id: "hours_volunteered" type: TYPE_NUMBER text: "Hours volunteered?" min: 0 max: 100 }
  missing_items { policy: POLICY_PRORATE }
  scales {
    id: "risk"
    purpose: PURPOSE_RISK
    title: "Risk"
    max_missing_items: 1
    levels { id: "low" tier: TIER_LOW }
    levels { id: "moderate" tier: TIER_MODERATE }
    levels { id: "high" tier: TIER_HIGH }
    norms {
      points {
        id: "young"
        points: 2
        when { item_id: "age" answers: "young" }
      }
      points {
        id: "no_jobs"
        points: 2
        when { item_id: "jobs_held" answers: "none" }
      }
      points {
        id: "few_jobs"
        points: 1
        when { item_id: "jobs_held" answers: "some" }
      }
      points {
        id: "unemployed"
        points: 1
        when { item_id: "employed" answers: "no" }
      }
      scaled { min: 0 max: 1 scaled: 1 }
      scaled { min: 2 max: 3 scaled: 2 }
      scaled { min: 4 max: 5 scaled: 3 }
      level_basis: LEVEL_BASIS_RAW_SCORE
      cut_points { level: "low" min: 0 }
      cut_points { level: "moderate" min: 2 }
      cut_points { level: "high" min: 4 }
    }
  }
  scales {
    id: "housing"
    title: "Housing"
    purpose: PURPOSE_NEED
    need { domain: "housing" survival: true }
    levels { id: "low" tier: TIER_LOW }
    levels { id: "moderate" tier: TIER_MODERATE }
    levels { id: "high" tier: TIER_HIGH }
    norms {
      points {
        id: "temporary"
        points: 1
        when { item_id: "housing_status" answers: "temporary" }
      }
      points {
        id: "homeless"
        points: 3
        when { item_id: "housing_status" answers: "homeless" }
      }
      level_basis: LEVEL_BASIS_RAW_SCORE
      cut_points { level: "low" min: 0 }
      cut_points { level: "moderate" min: 1 }
      cut_points { level: "high" min: 3 }
    }
  }
  scales {
    id: "employment"
    title: "Employment"
    purpose: PURPOSE_NEED
    need { domain: "employment" criminogenic: true }
    max_missing_items: 1
    levels { id: "low" tier: TIER_LOW }
    levels { id: "moderate" tier: TIER_MODERATE }
    levels { id: "high" tier: TIER_HIGH }
    norms {
      points {
        id: "unemployed"
        points: 2
        when { item_id: "employed" answers: "no" }
      }
      points {
        id: "no_jobs"
        points: 1
        when { item_id: "jobs_held" answers: "none" }
      }
      level_basis: LEVEL_BASIS_RAW_SCORE
      cut_points { level: "low" min: 0 }
      cut_points { level: "moderate" min: 1 }
      cut_points { level: "high" min: 2 }
    }
  }
  strengths {
    id: "family_support"
    title: "Supportive family"
    when { item_id: "family_support" answers: "yes" }
  }
  responsivity {
    id: "literacy"
    title: "Limited literacy"
    when { item_id: "reads_well" answers: "no" }
    adaptation: "Read documents aloud and check understanding."
  }
  reassessment { scale_id: "risk" level: "high" interval_days: 90 }
  reassessment { scale_id: "risk" level: "moderate" interval_months: 6 }
  reassessment { scale_id: "risk" level: "low" interval_months: 12 }
)pb";

}  // namespace reentry::testing

#endif  // REENTRY_TESTS_ASSESS_TOY_INSTRUMENT_H_
