// Match: hand-worked rankings with the exact order, fits and breakdowns;
// every eligibility rule on its own at its edges; every exclusion reason;
// bad input.
#include "reentry/network/match.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "network/test_network.h"
#include "reentry/status.h"
#include "reentry/v1/engine.pb.h"

namespace reentry {
namespace {

using testing::BuiltinEngine;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::MustCompile;
using testing::NetworkHeader;
using Rule = v1::ExclusionReason;

// Housing services whose fits are worked out by hand below, for this person:
// 30 years old, female, lives in east, speaks es then en, holds medicaid,
// convicted of arson and theft, in the community, risk tier high, with the
// responsivity factors childcare, trauma and literacy, and a high need in
// housing (30 points).
const char kHousing[] = R"(
services { service_id: "h_local" agency_id: "a_east" domain: "housing" title: "Local"
           languages: ["en", "es"] capacity: 5 }
services { service_id: "h_same" agency_id: "a_east" domain: "housing" title: "Same as local"
           languages: ["es", "en"] capacity: 5 }
services { service_id: "h_remote" agency_id: "b_west" domain: "housing" title: "Remote"
           languages: ["en"] capacity: 2 accommodates: ["childcare", "trauma", "literacy"] }
services { service_id: "h_wait" agency_id: "a_east" domain: "housing" title: "Waitlist"
           languages: ["es"] capacity: 3 waitlist_limit: 4 }
services { service_id: "h_tier" agency_id: "a_east" domain: "housing" title: "Targeted"
           languages: ["es-MX"] capacity: 1
           eligibility { min_risk_tier: TIER_MODERATE max_risk_tier: TIER_HIGH } }
services { service_id: "h_a_slow" agency_id: "a_east" domain: "housing" title: "Slow"
           languages: ["es"] capacity: 9 }
services { service_id: "h_nothing_fits" agency_id: "b_west" domain: "housing" title: "No"
           languages: ["fr"] capacity: 0 regions: ["west"]
           eligibility { min_age: 40 sexes: ["male"] max_risk_tier: TIER_LOW
                         excluded_offense_categories: ["arson", "theft"]
                         insurance: ["private"] phases: [PHASE_INSTITUTION] } }
services { service_id: "e_only" agency_id: "a_east" domain: "education" title: "Edu"
           languages: ["fr"] capacity: 3 }
)";

v1::MatchRequest Person() {
  v1::MatchRequest request;
  v1::Person* person = request.mutable_person();
  person->set_age(30);
  person->set_sex("female");
  person->set_region("east");
  person->add_languages("es");
  person->add_languages("en");
  person->add_insurance("medicaid");
  person->add_offense_categories("arson");
  person->add_offense_categories("theft");
  person->set_phase(v1::PHASE_COMMUNITY);
  request.set_risk_tier(v1::TIER_HIGH);
  request.add_responsivity("childcare");
  request.add_responsivity("trauma");
  request.add_responsivity("literacy");
  return request;
}

void AddLoad(v1::MatchRequest* request, const std::string& service, int available, int waitlist,
             int wait_days) {
  v1::ServiceLoad* load = request->add_loads();
  load->set_service_id(service);
  load->set_available(available);
  load->set_waitlist(waitlist);
  load->set_expected_wait_days(wait_days);
}

std::vector<int> Points(const v1::Candidate& candidate) {
  std::vector<int> points;
  for (const auto& p : candidate.breakdown()) points.push_back(p.points());
  return points;
}

std::vector<std::string> Ids(const v1::MatchResponse& response) {
  std::vector<std::string> ids;
  for (const auto& c : response.candidates()) ids.push_back(c.service_id());
  return ids;
}

class HandWorkedMatch : public ::testing::Test {
 protected:
  void SetUp() override {
    network_ = MustCompile(NetworkHeader() + kHousing);
    ASSERT_NE(network_, nullptr);
    request_ = Person();
    v1::NeedResult* housing = request_.add_needs();
    housing->set_domain("housing");
    housing->set_level("high");
    housing->set_tier(v1::TIER_HIGH);
    v1::NeedResult* education = request_.add_needs();
    education->set_domain("education");
    education->set_tier(v1::TIER_MODERATE);
    v1::NeedResult* employment = request_.add_needs();
    employment->set_domain("employment");
    employment->set_tier(v1::TIER_LOW);
    AddLoad(&request_, "h_wait", 0, 1, 15);
    AddLoad(&request_, "h_a_slow", 2, 0, 49);
    auto response = Match(*network_, request_);
    ASSERT_TRUE(response.ok()) << response.status();
    response_ = *std::move(response);
  }

  const v1::Candidate& Candidate(const std::string& id) {
    for (const auto& c : response_.candidates()) {
      if (c.service_id() == id) return c;
    }
    ADD_FAILURE() << "no candidate " << id;
    static const v1::Candidate none;
    return none;
  }

  std::shared_ptr<const Network> network_;
  v1::MatchRequest request_;
  v1::MatchResponse response_;
};

// Points in breakdown order: need level, eligibility, region, language,
// responsivity, capacity and wait.
TEST_F(HandWorkedMatch, RanksByFitThenWaitThenServiceId) {
  // h_tier   30 + 15 (designed for MODERATE..HIGH, the person is HIGH) + 20 (east agency)
  //          + 15 (es-MX: primary subtag es, the first language) + 0 + 20 (free, no wait) = 100
  // h_local  30 + 10 + 20 + 15 (es) + 0 + 20 = 95
  // h_same   the same 95: after h_local by service id
  // h_remote 30 + 10 + 10 (serves east from west) + 8 (en, second language)
  //          + 10 (three factors, capped at 10) + 20 = 88
  // h_a_slow 30 + 10 + 20 + 15 + 0 + (10 free + 10 - 7 full weeks of 49 days) = 88: the same
  //          fit as h_remote, after it for its longer wait although its id sorts first
  // h_wait   30 + 10 + 20 + 15 + 0 + (0: waitlisted + 10 - 2 full weeks of 15 days) = 83
  EXPECT_THAT(Ids(response_),
              ElementsAre("h_tier", "h_local", "h_same", "h_remote", "h_a_slow", "h_wait"));
  EXPECT_THAT(Points(Candidate("h_tier")), ElementsAre(30, 15, 20, 15, 0, 20));
  EXPECT_THAT(Points(Candidate("h_local")), ElementsAre(30, 10, 20, 15, 0, 20));
  EXPECT_THAT(Points(Candidate("h_same")), ElementsAre(30, 10, 20, 15, 0, 20));
  EXPECT_THAT(Points(Candidate("h_remote")), ElementsAre(30, 10, 10, 8, 10, 20));
  EXPECT_THAT(Points(Candidate("h_a_slow")), ElementsAre(30, 10, 20, 15, 0, 13));
  EXPECT_THAT(Points(Candidate("h_wait")), ElementsAre(30, 10, 20, 15, 0, 8));
  std::vector<int> fits;
  for (const auto& c : response_.candidates()) fits.push_back(c.fit());
  EXPECT_THAT(fits, ElementsAre(100, 95, 95, 88, 88, 83));
}

TEST_F(HandWorkedMatch, FitIsTheSumOfItsBreakdownInComponentOrder) {
  for (const auto& candidate : response_.candidates()) {
    int sum = 0;
    int component = 0;
    for (const auto& points : candidate.breakdown()) {
      EXPECT_EQ(points.component(), ++component);
      EXPECT_FALSE(points.reason().empty());
      sum += points.points();
    }
    EXPECT_EQ(component, 6);
    EXPECT_EQ(candidate.fit(), sum) << candidate.service_id();
  }
}

TEST_F(HandWorkedMatch, CandidatesCarryTheirWaitAndWhetherTheyWaitlist) {
  EXPECT_EQ(Candidate("h_wait").expected_wait_days(), 15);
  EXPECT_TRUE(Candidate("h_wait").waitlisted());
  EXPECT_EQ(Candidate("h_a_slow").expected_wait_days(), 49);
  EXPECT_FALSE(Candidate("h_a_slow").waitlisted());
  EXPECT_EQ(Candidate("h_local").expected_wait_days(), 0);  // no load: capacity free
  EXPECT_EQ(Candidate("h_remote").agency_id(), "b_west");
}

TEST_F(HandWorkedMatch, BreakdownReasonsSayWhy) {
  const auto& tier = Candidate("h_tier").breakdown();
  EXPECT_EQ(tier[0].reason(), "need 'high' (TIER_HIGH) in 'housing'");
  EXPECT_EQ(tier[1].reason(),
            "meets every eligibility rule; designed for risk tiers TIER_MODERATE to TIER_HIGH, "
            "which include the person's TIER_HIGH");
  EXPECT_EQ(tier[2].reason(), "the agency is in region 'east', where the person lives");
  EXPECT_EQ(tier[3].reason(), "delivered in 'es', the person's first language");
  const auto& remote = Candidate("h_remote").breakdown();
  EXPECT_EQ(remote[2].reason(), "serves region 'east' from region 'west'");
  EXPECT_EQ(remote[3].reason(), "delivered in 'en', a language the person speaks (first: 'es')");
  EXPECT_EQ(remote[4].reason(), "accommodates childcare, trauma, literacy (at most 10 points)");
  EXPECT_EQ(Candidate("h_wait").breakdown(5).reason(),
            "no free slot: joins the waitlist (1 of 4 waiting); expected wait 15 days (2 full "
            "weeks, 8 points)");
}

TEST_F(HandWorkedMatch, AServiceFailingEveryRuleListsEveryReasonInRuleOrder) {
  ASSERT_EQ(response_.excluded_size(), 2);
  const v1::Exclusion& none = response_.excluded(1);  // by service id: e_only, h_nothing_fits
  EXPECT_EQ(response_.excluded(0).service_id(), "e_only");
  EXPECT_EQ(none.service_id(), "h_nothing_fits");
  EXPECT_EQ(none.domain(), "housing");
  std::vector<std::string> details;
  std::vector<int> rules;
  for (const auto& reason : none.reasons()) {
    rules.push_back(reason.rule());
    details.push_back(reason.detail());
  }
  EXPECT_THAT(rules, ElementsAre(Rule::RULE_AGE, Rule::RULE_SEX, Rule::RULE_RISK_TIER,
                                 Rule::RULE_OFFENSE, Rule::RULE_REGION, Rule::RULE_LANGUAGE,
                                 Rule::RULE_INSURANCE, Rule::RULE_PHASE, Rule::RULE_CAPACITY));
  EXPECT_THAT(details, ElementsAre("age 30 is below the minimum age 40",
                                   "sex 'female' is not served (serves 'male')",
                                   "risk tier TIER_HIGH is outside risk tiers up to TIER_LOW",
                                   "offense categories 'arson', 'theft' are excluded",
                                   "region 'east' is not served (serves 'west')",
                                   "speaks 'es', 'en'; the service is delivered in 'fr'",
                                   "holds 'medicaid', none of the required 'private'",
                                   "phase PHASE_COMMUNITY is not served (serves PHASE_INSTITUTION)",
                                   "no free slot (capacity 0) and the service keeps no waitlist"));
}

TEST_F(HandWorkedMatch, DomainsWithoutCandidatesAreUncoveredInTheOrderNeeded) {
  ASSERT_EQ(response_.uncovered_size(), 2);
  EXPECT_EQ(response_.uncovered(0).domain(), "education");
  EXPECT_EQ(response_.uncovered(0).reason(),
            "every service of domain 'education' is excluded (1 service)");
  EXPECT_EQ(response_.uncovered(1).domain(), "employment");
  EXPECT_EQ(response_.uncovered(1).reason(), "no service of domain 'employment' in network 'tiny'");
}

TEST_F(HandWorkedMatch, ServiceDomainsCountTwentyNeedPoints) {
  v1::MatchRequest request = Person();
  request.add_service_domains("housing");
  request.add_service_domains("housing");  // counts once
  auto response = Match(*network_, request);
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_EQ(response->candidates_size(), 6);
  EXPECT_EQ(response->candidates(0).service_id(), "h_tier");
  EXPECT_EQ(response->candidates(0).fit(), 90);  // 100 - 30 + 20
  EXPECT_EQ(response->candidates(0).breakdown(0).reason(),
            "service domain requested (no need level) in 'housing'");
}

TEST_F(HandWorkedMatch, ADomainNeededTwiceCountsAtItsHighestTier) {
  v1::MatchRequest request = Person();
  for (v1::Tier tier : {v1::TIER_LOW, v1::TIER_VERY_HIGH, v1::TIER_MODERATE}) {
    v1::NeedResult* need = request.add_needs();
    need->set_domain("housing");
    need->set_tier(tier);
  }
  auto response = Match(*network_, request);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->candidates(0).breakdown(0).points(), 40);
  EXPECT_EQ(response->candidates_size(), 6);  // each service once
}

TEST_F(HandWorkedMatch, APlansOpenTasksBringTheirServiceDomainsAtTheirGoalsTier) {
  v1::MatchRequest request = Person();
  request.clear_risk_tier();
  v1::CasePlan* plan = request.mutable_plan();
  plan->set_risk_tier(v1::TIER_HIGH);  // stands in for the request's
  auto goal = [&](const std::string& id, v1::Tier tier) {
    v1::Goal* g = plan->add_goals();
    g->set_goal_id(id);
    g->mutable_provenance()->set_tier(tier);
    g->mutable_provenance()->set_level("lvl");
  };
  auto task = [&](const std::string& id, const std::string& goal_id, const std::string& domain,
                  v1::TaskStatus status) {
    v1::Task* t = plan->add_tasks();
    t->set_task_id(id);
    t->set_goal_id(goal_id);
    t->set_service_domain(domain);
    t->set_status(status);
  };
  goal("housing.g", v1::TIER_VERY_HIGH);
  goal("housing.low", v1::TIER_LOW);
  goal("other", v1::TIER_UNSPECIFIED);
  task("t1", "housing.low", "housing", v1::TASK_STATUS_NOT_STARTED);
  task("t2", "housing.g", "housing", v1::TASK_STATUS_STARTED);    // the higher tier wins
  task("t3", "housing.g", "housing", v1::TASK_STATUS_COMPLETED);  // done: not matched
  task("t4", "other", "education", v1::TASK_STATUS_CANCELLED);    // cancelled: not matched
  task("t5", "other", "employment", v1::TASK_STATUS_NOT_STARTED);
  task("t6", "other", "", v1::TASK_STATUS_NOT_STARTED);  // no service domain
  auto response = Match(*network_, request);
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_EQ(response->candidates_size(), 6);
  EXPECT_EQ(response->candidates(0).service_id(), "h_tier");  // eligible at the plan's tier
  EXPECT_EQ(response->candidates(0).fit(), 110);              // 100 - 30 + 40
  EXPECT_EQ(response->candidates(0).breakdown(0).points(), 40);
  ASSERT_EQ(response->uncovered_size(), 1);
  EXPECT_EQ(response->uncovered(0).domain(), "employment");

  request.add_service_domains("housing");
  const absl::Status both = Match(*network_, request).status();
  EXPECT_EQ(both.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(both), "plan");
}

TEST_F(HandWorkedMatch, NeedPointsFollowTheTier) {
  const std::pair<v1::Tier, int> tiers[] = {{v1::TIER_UNSPECIFIED, 20},
                                            {v1::TIER_LOW, 10},
                                            {v1::TIER_MODERATE, 20},
                                            {v1::TIER_HIGH, 30},
                                            {v1::TIER_VERY_HIGH, 40}};
  for (const auto& [tier, points] : tiers) {
    v1::MatchRequest request = Person();
    v1::NeedResult* need = request.add_needs();
    need->set_domain("housing");
    need->set_tier(tier);
    auto response = Match(*network_, request);
    ASSERT_TRUE(response.ok());
    EXPECT_EQ(response->candidates(0).breakdown(0).points(), points) << v1::Tier_Name(tier);
  }
}

TEST_F(HandWorkedMatch, TheSameRequestThroughTheEngineGivesTheSameResponse) {
  auto engine = Engine::Create();
  ASSERT_TRUE(engine.ok());
  v1::LoadNetworkRequest load;
  load.set_text(NetworkHeader() + kHousing);
  ASSERT_TRUE((*engine)->Call<v1::LoadNetworkResponse>(load).ok());
  v1::MatchRequest request = request_;
  request.set_network_id("tiny");
  auto response = (*engine)->Call<v1::MatchResponse>(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->SerializeAsString(), response_.SerializeAsString());
}

// ---- Each rule on its own, at its edges --------------------------------------

// One service per rule, each in its own domain; everything else about it
// admits the base person below.
const char kRules[] = R"(
services { service_id: "age" agency_id: "a_east" domain: "housing" title: "t" languages: ["en"]
           capacity: 1 eligibility { min_age: 18 max_age: 64 } }
services { service_id: "sex" agency_id: "a_east" domain: "employment" title: "t" languages: ["en"]
           capacity: 1 eligibility { sexes: ["female", "x"] } }
services { service_id: "tier" agency_id: "a_east" domain: "education" title: "t" languages: ["en"]
           capacity: 1 eligibility { min_risk_tier: TIER_MODERATE max_risk_tier: TIER_HIGH } }
services { service_id: "offense" agency_id: "a_east" domain: "substance_use" title: "t"
           languages: ["en"] capacity: 1 eligibility { excluded_offense_categories: ["arson"] } }
services { service_id: "region" agency_id: "a_east" domain: "mental_health" title: "t"
           languages: ["en"] capacity: 1 regions: ["east"] }
services { service_id: "language" agency_id: "a_east" domain: "physical_health" title: "t"
           languages: ["es-MX", "vi"] capacity: 1 }
services { service_id: "insurance" agency_id: "a_east" domain: "family_social" title: "t"
           languages: ["en"] capacity: 1 eligibility { insurance: ["medicaid", "private"] } }
services { service_id: "phase" agency_id: "a_east" domain: "finances_id" title: "t"
           languages: ["en"] capacity: 1 eligibility { phases: [PHASE_RELEASE, PHASE_COMMUNITY] } }
services { service_id: "capacity" agency_id: "a_east" domain: "transportation" title: "t"
           languages: ["en"] capacity: 2 waitlist_limit: 3 }
services { service_id: "no_waitlist" agency_id: "a_east" domain: "legal_obligations" title: "t"
           languages: ["en"] capacity: 2 }
)";

struct Outcome {
  bool candidate = false;
  std::string detail;  // the one exclusion reason's detail
  int rule = 0;
};

class EligibilityRule : public ::testing::Test {
 protected:
  void SetUp() override {
    network_ = MustCompile(NetworkHeader() + kRules);
    ASSERT_NE(network_, nullptr);
  }

  static v1::MatchRequest Base() {
    v1::MatchRequest request;
    v1::Person* person = request.mutable_person();
    person->set_age(30);
    person->set_sex("female");
    person->set_region("east");
    person->add_languages("en");
    person->add_languages("es");
    person->add_insurance("medicaid");
    person->set_phase(v1::PHASE_COMMUNITY);
    request.set_risk_tier(v1::TIER_MODERATE);
    return request;
  }

  Outcome Run(const std::string& domain, v1::MatchRequest request) {
    request.add_service_domains(domain);
    auto response = Match(*network_, request);
    EXPECT_TRUE(response.ok()) << response.status();
    Outcome outcome;
    if (!response.ok()) return outcome;
    EXPECT_EQ(response->candidates_size() + response->excluded_size(), 1);
    if (response->candidates_size() == 1) {
      outcome.candidate = true;
      return outcome;
    }
    EXPECT_EQ(response->excluded(0).reasons_size(), 1);
    outcome.rule = response->excluded(0).reasons(0).rule();
    outcome.detail = response->excluded(0).reasons(0).detail();
    return outcome;
  }

  std::shared_ptr<const Network> network_;
};

TEST_F(EligibilityRule, AgeIsInclusiveAtBothEndsAndRequiredWhenRuled) {
  const auto with_age = [&](std::optional<int> age) {
    v1::MatchRequest request = Base();
    if (age) {
      request.mutable_person()->set_age(*age);
    } else {
      request.mutable_person()->clear_age();
    }
    return Run("housing", request);
  };
  EXPECT_EQ(with_age(17).detail, "age 17 is below the minimum age 18");
  EXPECT_EQ(with_age(17).rule, Rule::RULE_AGE);
  EXPECT_TRUE(with_age(18).candidate);
  EXPECT_TRUE(with_age(64).candidate);
  EXPECT_EQ(with_age(65).detail, "age 65 is above the maximum age 64");
  EXPECT_EQ(with_age(std::nullopt).detail, "age not given; the service takes ages 18 to 64");
}

TEST_F(EligibilityRule, SexMustBeListedAndGiven) {
  const auto with_sex = [&](const std::string& sex) {
    v1::MatchRequest request = Base();
    request.mutable_person()->set_sex(sex);
    return Run("employment", request);
  };
  EXPECT_TRUE(with_sex("female").candidate);
  EXPECT_TRUE(with_sex("x").candidate);
  EXPECT_EQ(with_sex("male").detail, "sex 'male' is not served (serves 'female', 'x')");
  EXPECT_EQ(with_sex("Female").rule, Rule::RULE_SEX);  // codes compare exactly
  EXPECT_EQ(with_sex("").detail, "sex not given; the service serves 'female', 'x'");
}

TEST_F(EligibilityRule, RiskTierIsInclusiveAtBothEndsAndRequiredWhenRuled) {
  const auto with_tier = [&](v1::Tier tier) {
    v1::MatchRequest request = Base();
    request.set_risk_tier(tier);
    return Run("education", request);
  };
  EXPECT_EQ(with_tier(v1::TIER_LOW).detail,
            "risk tier TIER_LOW is outside risk tiers TIER_MODERATE to TIER_HIGH");
  EXPECT_TRUE(with_tier(v1::TIER_MODERATE).candidate);
  EXPECT_TRUE(with_tier(v1::TIER_HIGH).candidate);
  EXPECT_EQ(with_tier(v1::TIER_VERY_HIGH).rule, Rule::RULE_RISK_TIER);
  EXPECT_EQ(with_tier(v1::TIER_UNSPECIFIED).detail,
            "risk tier not given; the service serves risk tiers TIER_MODERATE to TIER_HIGH");
}

TEST_F(EligibilityRule, AnExcludedOffenseExcludesWhateverElseThePersonHas) {
  const auto with_offenses = [&](std::vector<std::string> offenses) {
    v1::MatchRequest request = Base();
    for (const auto& o : offenses) request.mutable_person()->add_offense_categories(o);
    return Run("substance_use", request);
  };
  EXPECT_TRUE(with_offenses({}).candidate);
  EXPECT_TRUE(with_offenses({"theft", "arsonist"}).candidate);
  EXPECT_EQ(with_offenses({"theft", "arson"}).detail, "offense category 'arson' is excluded");
}

TEST_F(EligibilityRule, RegionMustBeServedAndGiven) {
  const auto with_region = [&](const std::string& region) {
    v1::MatchRequest request = Base();
    request.mutable_person()->set_region(region);
    return Run("mental_health", request);
  };
  EXPECT_TRUE(with_region("east").candidate);
  EXPECT_EQ(with_region("west").detail, "region 'west' is not served (serves 'east')");
  EXPECT_EQ(with_region("").detail, "region not given; the service serves 'east'");
}

TEST_F(EligibilityRule, LanguagesMatchOnTheirPrimarySubtagInAnyCase) {
  const auto with_languages = [&](std::vector<std::string> languages) {
    v1::MatchRequest request = Base();
    request.mutable_person()->clear_languages();
    for (const auto& l : languages) request.mutable_person()->add_languages(l);
    return Run("physical_health", request);
  };
  EXPECT_TRUE(with_languages({"es"}).candidate);     // es-MX serves es
  EXPECT_TRUE(with_languages({"ES-US"}).candidate);  // and es-US, in any case
  EXPECT_TRUE(with_languages({"en", "vi"}).candidate);
  EXPECT_EQ(with_languages({"en"}).detail,
            "speaks 'en'; the service is delivered in 'es-MX', 'vi'");
  EXPECT_EQ(with_languages({}).detail,
            "no language given; the service is delivered in 'es-MX', 'vi'");
}

TEST_F(EligibilityRule, InsuranceNeedsOneOfTheListed) {
  const auto with_insurance = [&](std::vector<std::string> insurance) {
    v1::MatchRequest request = Base();
    request.mutable_person()->clear_insurance();
    for (const auto& i : insurance) request.mutable_person()->add_insurance(i);
    return Run("family_social", request);
  };
  EXPECT_TRUE(with_insurance({"private"}).candidate);
  EXPECT_TRUE(with_insurance({"medicare", "medicaid"}).candidate);
  EXPECT_EQ(with_insurance({"medicare"}).detail,
            "holds 'medicare', none of the required 'medicaid', 'private'");
  EXPECT_EQ(with_insurance({}).detail,
            "no insurance given; the service requires one of 'medicaid', 'private'");
}

TEST_F(EligibilityRule, PhaseMustBeServedAndGiven) {
  const auto with_phase = [&](v1::Phase phase) {
    v1::MatchRequest request = Base();
    request.mutable_person()->set_phase(phase);
    return Run("finances_id", request);
  };
  EXPECT_EQ(with_phase(v1::PHASE_INSTITUTION).detail,
            "phase PHASE_INSTITUTION is not served (serves PHASE_RELEASE, PHASE_COMMUNITY)");
  EXPECT_TRUE(with_phase(v1::PHASE_RELEASE).candidate);
  EXPECT_TRUE(with_phase(v1::PHASE_COMMUNITY).candidate);
  EXPECT_EQ(with_phase(v1::PHASE_UNSPECIFIED).detail,
            "phase not given; the service serves PHASE_RELEASE, PHASE_COMMUNITY");
}

TEST_F(EligibilityRule, ANetworkWithoutLoadsHasEveryServiceFree) {
  EXPECT_TRUE(Run("transportation", Base()).candidate);
  EXPECT_TRUE(Run("legal_obligations", Base()).candidate);
}

TEST_F(EligibilityRule, NoFreeSlotExcludesOnlyWhenTheWaitlistIsFullOrAbsent) {
  const auto with_load = [&](const std::string& domain, const std::string& service, int available,
                             int waitlist) {
    v1::MatchRequest request = Base();
    AddLoad(&request, service, available, waitlist, 0);
    return Run(domain, request);
  };
  EXPECT_TRUE(with_load("transportation", "capacity", 1, 0).candidate);
  EXPECT_TRUE(with_load("transportation", "capacity", 0, 2).candidate);  // 2 of 3 waiting
  EXPECT_EQ(with_load("transportation", "capacity", 0, 3).detail,
            "no free slot (capacity 2) and the waitlist is full (3 of 3)");
  EXPECT_EQ(with_load("legal_obligations", "no_waitlist", 0, 0).detail,
            "no free slot (capacity 2) and the service keeps no waitlist");
  EXPECT_EQ(with_load("legal_obligations", "no_waitlist", 0, 0).rule, Rule::RULE_CAPACITY);
  EXPECT_TRUE(with_load("legal_obligations", "no_waitlist", 1, 0).candidate);
}

TEST_F(EligibilityRule, WaitCostsOnePointPerFullWeekDownToZero) {
  const auto wait_points = [&](int days) {
    v1::MatchRequest request = Base();
    request.add_service_domains("transportation");
    AddLoad(&request, "capacity", 1, 0, days);
    auto response = Match(*network_, request);
    EXPECT_TRUE(response.ok());
    return response->candidates(0).breakdown(5).points();
  };
  EXPECT_EQ(wait_points(0), 20);
  EXPECT_EQ(wait_points(6), 20);
  EXPECT_EQ(wait_points(7), 19);
  EXPECT_EQ(wait_points(69), 11);
  EXPECT_EQ(wait_points(70), 10);
  EXPECT_EQ(wait_points(700), 10);  // never below the free-slot points
}

// ---- Bad input ----------------------------------------------------------------

struct BadMatch {
  const char* name;
  void (*mutate)(v1::MatchRequest*);
  absl::StatusCode code;
  const char* field;
  const char* message;
};

class BadMatchRequest : public ::testing::TestWithParam<BadMatch> {};

TEST_P(BadMatchRequest, IsRejectedNamingTheField) {
  auto network = MustCompile(NetworkHeader() + kRules);
  ASSERT_NE(network, nullptr);
  v1::MatchRequest request;
  request.mutable_person()->set_region("east");
  request.add_service_domains("housing");
  GetParam().mutate(&request);
  const absl::Status status = Match(*network, request).status();
  EXPECT_EQ(status.code(), GetParam().code) << status;
  EXPECT_EQ(ErrorField(status), GetParam().field) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Match, BadMatchRequest,
    ::testing::Values(
        BadMatch{"NegativeAge", [](v1::MatchRequest* r) { r->mutable_person()->set_age(-1); },
                 absl::StatusCode::kInvalidArgument, "person.age", "-1 is not an age"},
        BadMatch{"AgeTooHigh", [](v1::MatchRequest* r) { r->mutable_person()->set_age(151); },
                 absl::StatusCode::kInvalidArgument, "person.age", "151 is not an age"},
        BadMatch{"UnknownRegion",
                 [](v1::MatchRequest* r) { r->mutable_person()->set_region("mars"); },
                 absl::StatusCode::kNotFound, "person.region",
                 "unknown region 'mars' of network 'tiny' (regions: east, west)"},
        BadMatch{"BadLanguage",
                 [](v1::MatchRequest* r) { r->mutable_person()->add_languages("e"); },
                 absl::StatusCode::kInvalidArgument, "person.languages[0]",
                 "'e' is not a BCP 47 language tag"},
        BadMatch{
            "BadPhase",
            [](v1::MatchRequest* r) { r->mutable_person()->set_phase(static_cast<v1::Phase>(9)); },
            absl::StatusCode::kInvalidArgument, "person.phase", "9 is not a phase"},
        BadMatch{"BadTier", [](v1::MatchRequest* r) { r->set_risk_tier(static_cast<v1::Tier>(7)); },
                 absl::StatusCode::kInvalidArgument, "risk_tier", "7 is not a tier"},
        BadMatch{"NeedsAndDomains",
                 [](v1::MatchRequest* r) { r->add_needs()->set_domain("housing"); },
                 absl::StatusCode::kInvalidArgument, "service_domains",
                 "give needs or service_domains, not both"},
        BadMatch{"EmptyDomain", [](v1::MatchRequest* r) { r->add_service_domains(""); },
                 absl::StatusCode::kInvalidArgument, "service_domains[1]", "is empty"},
        BadMatch{"NeedWithoutDomain",
                 [](v1::MatchRequest* r) {
                   r->clear_service_domains();
                   r->add_needs()->set_tier(v1::TIER_HIGH);
                 },
                 absl::StatusCode::kInvalidArgument, "needs[0].domain", "is required"},
        BadMatch{"LoadOfAnUnknownService",
                 [](v1::MatchRequest* r) { AddLoad(r, "ghost", 1, 0, 0); },
                 absl::StatusCode::kNotFound, "loads[0].service_id",
                 "unknown service 'ghost' in network 'tiny'"},
        BadMatch{"LoadTwice",
                 [](v1::MatchRequest* r) {
                   AddLoad(r, "age", 1, 0, 0);
                   AddLoad(r, "age", 2, 0, 0);
                 },
                 absl::StatusCode::kInvalidArgument, "loads[1].service_id",
                 "a second load for service 'age'"},
        BadMatch{"NegativeAvailable", [](v1::MatchRequest* r) { AddLoad(r, "age", -1, 0, 0); },
                 absl::StatusCode::kInvalidArgument, "loads[0].available", "-1 is below zero"},
        BadMatch{"NegativeWait", [](v1::MatchRequest* r) { AddLoad(r, "age", 1, 0, -3); },
                 absl::StatusCode::kInvalidArgument, "loads[0].expected_wait_days",
                 "-3 is below zero"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Match, AnUnknownNetworkIsNotFound) {
  v1::MatchRequest request;
  request.set_network_id("atlantis");
  const absl::Status status = BuiltinEngine().Call<v1::MatchResponse>(request).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorField(status), "network_id");
}

TEST(Match, TheBuiltinNetworkMatchesAWomanReturningToRiverCounty) {
  v1::MatchRequest request;
  request.set_network_id("example_state");
  v1::Person* person = request.mutable_person();
  person->set_age(34);
  person->set_sex("female");
  person->set_region("river_county");
  person->add_languages("en");
  person->add_insurance("medicaid");
  person->set_phase(v1::PHASE_RELEASE);
  request.set_risk_tier(v1::TIER_MODERATE);
  request.add_responsivity("childcare");
  v1::NeedResult* housing = request.add_needs();
  housing->set_domain("housing");
  housing->set_tier(v1::TIER_HIGH);
  auto response = BuiltinEngine().Call<v1::MatchResponse>(request);
  ASSERT_TRUE(response.ok()) << response.status();
  // womens_recovery_house: 30 + 10 + 20 (agency in river_county) + 15 (en) + 5 (childcare)
  //   + 20 = 100; transitional_housing: 30 + 10 + 20 + 15 + 0 + 20 = 95;
  // rapid_rehousing_north serves north_county only and the community phase only.
  EXPECT_THAT(Ids(*response), ElementsAre("womens_recovery_house", "transitional_housing"));
  EXPECT_EQ(response->candidates(0).fit(), 100);
  EXPECT_EQ(response->candidates(1).fit(), 95);
  ASSERT_EQ(response->excluded_size(), 1);
  EXPECT_EQ(response->excluded(0).service_id(), "rapid_rehousing_north");
  ASSERT_EQ(response->excluded(0).reasons_size(), 2);
  EXPECT_EQ(response->excluded(0).reasons(0).rule(), Rule::RULE_REGION);
  EXPECT_EQ(response->excluded(0).reasons(1).rule(), Rule::RULE_PHASE);
}

}  // namespace
}  // namespace reentry
