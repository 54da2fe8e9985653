// Allocate: a hand-worked cohort, every reason a need goes unmet, gaps by
// domain and region, optimality against a brute-force search over Match's
// candidates on many small random cohorts of the builtin network, only
// eligible pairs, capacities kept, the same request always getting the same
// assignment, and bad input.
#include "reentry/allocate/allocate.h"

#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "network/test_network.h"
#include "reentry/network/match.h"
#include "reentry/status.h"
#include "reentry/v1/engine.pb.h"

namespace reentry {
namespace {

using testing::BuiltinEngine;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::MustCompile;
using testing::NetworkHeader;
using Reason = v1::UnmetNeed;

const char kServices[] = R"(
services { service_id: "near" agency_id: "a_east" domain: "housing" title: "Near"
           languages: ["en"] capacity: 1 }
services { service_id: "far" agency_id: "b_west" domain: "housing" title: "Far"
           languages: ["en"] capacity: 1 }
services { service_id: "women_only" agency_id: "a_east" domain: "employment" title: "W"
           languages: ["en"] capacity: 5 eligibility { sexes: ["female"] } }
services { service_id: "full" agency_id: "a_east" domain: "education" title: "Full"
           languages: ["en"] capacity: 3 waitlist_limit: 9 }
services { service_id: "east_only" agency_id: "a_east" domain: "mental_health" title: "E"
           languages: ["en"] capacity: 4 regions: ["east"] }
)";

v1::AllocationPerson* AddPerson(v1::AllocateRequest* request, const std::string& client,
                                const std::string& region, v1::Tier housing) {
  v1::AllocationPerson* person = request->add_people();
  person->set_client_id(client);
  person->mutable_person()->set_region(region);
  person->mutable_person()->add_languages("en");
  person->mutable_person()->set_sex("male");
  v1::NeedResult* need = person->add_needs();
  need->set_domain("housing");
  need->set_tier(housing);
  return person;
}

class HandWorkedCohort : public ::testing::Test {
 protected:
  void SetUp() override {
    network_ = MustCompile(NetworkHeader() + kServices);
    ASSERT_NE(network_, nullptr);
  }
  std::shared_ptr<const Network> network_;
};

TEST_F(HandWorkedCohort, TwoSlotsGoToTheTwoStrongestNeedsForTheLargestTotal) {
  v1::AllocateRequest request;
  // Fits (need + 10 eligibility + region + 15 language + 0 + 20 free slot):
  //   p_high: near 30+10+20+15+20 = 95, far (west, serves east) 85
  //   p_mod:  near 85, far 75
  //   p_low:  near 75, far 65
  // Two slots: p_high + p_mod, either way 170 (95 + 75 = 85 + 85). The tie goes
  // the documented way: p_high is considered first and takes "near"; for
  // p_mod, "far" directly (75) and via moving p_high (85 - 10) are equally
  // short, and the direct path, found first, stands.
  AddPerson(&request, "p_low", "east", v1::TIER_LOW);
  AddPerson(&request, "p_high", "east", v1::TIER_HIGH);
  AddPerson(&request, "p_mod", "east", v1::TIER_MODERATE);
  auto response = Allocate(*network_, request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->total_fit(), 170);
  ASSERT_EQ(response->assignments_size(), 2);
  EXPECT_EQ(response->assignments(0).client_id(), "p_high");  // request order
  EXPECT_EQ(response->assignments(0).service_id(), "near");
  EXPECT_EQ(response->assignments(0).fit(), 95);
  EXPECT_EQ(response->assignments(0).agency_id(), "a_east");
  EXPECT_EQ(response->assignments(1).client_id(), "p_mod");
  EXPECT_EQ(response->assignments(1).service_id(), "far");
  EXPECT_EQ(response->assignments(1).fit(), 75);
  ASSERT_EQ(response->unmet_size(), 1);
  EXPECT_EQ(response->unmet(0).client_id(), "p_low");
  EXPECT_EQ(response->unmet(0).reason(), Reason::REASON_SLOTS_TAKEN);
  EXPECT_EQ(response->unmet(0).detail(),
            "eligible for 2 services of domain 'housing' with free slots; the best total fit "
            "gave them to others");
  ASSERT_EQ(response->gaps_size(), 1);
  EXPECT_EQ(response->gaps(0).domain(), "housing");
  EXPECT_EQ(response->gaps(0).region(), "east");
  EXPECT_EQ(response->gaps(0).demand(), 3);
  EXPECT_EQ(response->gaps(0).capacity(), 2);
  EXPECT_EQ(response->gaps(0).met(), 2);
  EXPECT_EQ(response->gaps(0).unmet(), 1);
}

TEST_F(HandWorkedCohort, EveryUnmetNeedSaysWhy) {
  v1::AllocateRequest request;
  v1::AllocationPerson* person = AddPerson(&request, "c1", "west", v1::TIER_MODERATE);
  person->clear_needs();
  for (const char* domain :
       {"transportation", "employment", "education", "mental_health", "housing"}) {
    person->add_service_domains(domain);
  }
  v1::ServiceLoad* load = request.add_loads();
  load->set_service_id("full");
  load->set_available(0);
  load->set_waitlist(2);
  auto response = Allocate(*network_, request);
  ASSERT_TRUE(response.ok()) << response.status();
  std::vector<std::pair<std::string, int>> unmet;
  for (const auto& u : response->unmet()) unmet.push_back({u.domain(), u.reason()});
  EXPECT_THAT(
      unmet,
      ElementsAre(std::pair<std::string, int>{"transportation", Reason::REASON_NO_SERVICE},
                  std::pair<std::string, int>{"employment", Reason::REASON_NOT_ELIGIBLE},
                  std::pair<std::string, int>{"education", Reason::REASON_NO_FREE_SLOT},
                  std::pair<std::string, int>{"mental_health", Reason::REASON_NOT_ELIGIBLE}));
  EXPECT_EQ(response->unmet(0).detail(), "no service of domain 'transportation' in network 'tiny'");
  EXPECT_EQ(response->unmet(1).detail(),
            "every service of domain 'employment' excluded the person (1 service; Match gives "
            "the reasons)");
  EXPECT_EQ(response->unmet(2).detail(),
            "eligible for 1 service of domain 'education', none with a free slot (1 with an open "
            "waitlist)");
  ASSERT_EQ(response->assignments_size(), 1);
  EXPECT_EQ(response->assignments(0).domain(), "housing");
  // Gaps: every (domain, region) with demand, by domain then region; capacity
  // counts free slots of services serving the region.
  std::vector<std::string> gaps;
  for (const auto& g : response->gaps()) {
    gaps.push_back(absl::StrCat(g.domain(), "/", g.region(), " ", g.demand(), " ", g.capacity(),
                                " ", g.met(), " ", g.unmet()));
  }
  EXPECT_THAT(
      gaps, ElementsAre("education/west 1 0 0 1", "employment/west 1 5 0 1", "housing/west 1 2 1 0",
                        "mental_health/west 1 0 0 1", "transportation/west 1 0 0 1"));
}

TEST_F(HandWorkedCohort, PeopleWithoutARegionAreAGapOfTheirOwn) {
  v1::AllocateRequest request;
  v1::AllocationPerson* person = AddPerson(&request, "nowhere", "", v1::TIER_HIGH);
  person->add_needs()->set_domain("mental_health");
  auto response = Allocate(*network_, request);
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_EQ(response->gaps_size(), 2);
  EXPECT_EQ(response->gaps(0).domain(), "housing");
  EXPECT_EQ(response->gaps(0).region(), "");
  EXPECT_EQ(response->gaps(0).capacity(), 2);  // both serve every region
  EXPECT_EQ(response->gaps(1).domain(), "mental_health");
  EXPECT_EQ(response->gaps(1).capacity(), 0);  // east_only cannot take an unknown region
  EXPECT_EQ(response->unmet(0).reason(), Reason::REASON_NOT_ELIGIBLE);
}

TEST_F(HandWorkedCohort, LoadsReplaceCapacityAndTheirOrderNeverMatters) {
  v1::AllocateRequest request;
  for (int i = 0; i < 6; ++i) {
    AddPerson(&request, absl::StrCat("c", i), i % 2 ? "east" : "west",
              i % 3 ? v1::TIER_MODERATE : v1::TIER_HIGH);
  }
  for (const char* service : {"near", "far"}) {
    v1::ServiceLoad* load = request.add_loads();
    load->set_service_id(service);
    load->set_available(2);
  }
  auto forward = Allocate(*network_, request);
  ASSERT_TRUE(forward.ok());
  EXPECT_EQ(forward->assignments_size(), 4);
  std::reverse(request.mutable_loads()->pointer_begin(), request.mutable_loads()->pointer_end());
  auto backward = Allocate(*network_, request);
  ASSERT_TRUE(backward.ok());
  EXPECT_EQ(forward->SerializeAsString(), backward->SerializeAsString());
}

// ---- Random cohorts of the builtin network --------------------------------

const char* const kDomains[] = {
    "housing",        "employment",           "education",        "substance_use",
    "mental_health",  "physical_health",      "family_social",    "finances_id",
    "transportation", "antisocial_cognition", "antisocial_peers", "legal_obligations"};

v1::AllocationPerson RandomPerson(std::mt19937_64& rng, int index) {
  v1::AllocationPerson p;
  p.set_client_id(absl::StrCat("client_", index));
  v1::Person* person = p.mutable_person();
  if (rng() % 8) person->set_age(16 + static_cast<int>(rng() % 60));
  const char* sexes[] = {"female", "male", ""};
  person->set_sex(sexes[rng() % 3]);
  const char* regions[] = {"river_county", "north_county", ""};
  person->set_region(regions[rng() % 3]);
  const char* languages[] = {"en", "es", "vi"};
  for (int i = 0, n = static_cast<int>(rng() % 8 ? 1 + rng() % 2 : 0); i < n; ++i) {
    person->add_languages(languages[rng() % 3]);
  }
  const char* insurance[] = {"medicaid", "private", "state_funded", "medicare"};
  if (rng() % 2) person->add_insurance(insurance[rng() % 4]);
  if (rng() % 4 == 0) person->add_offense_categories(rng() % 2 ? "arson" : "sex_offense");
  person->set_phase(static_cast<v1::Phase>(rng() % 4));
  p.set_risk_tier(static_cast<v1::Tier>(rng() % 5));
  const char* factors[] = {"childcare", "trauma", "literacy", "motivation", "mental_illness"};
  if (rng() % 2) p.add_responsivity(factors[rng() % 5]);
  for (int i = 0, n = 1 + static_cast<int>(rng() % 3); i < n; ++i) {
    v1::NeedResult* need = p.add_needs();
    need->set_domain(kDomains[rng() % 12]);
    need->set_tier(static_cast<v1::Tier>(rng() % 5));
  }
  return p;
}

TEST(Allocate, MatchesABruteForceSearchOverMatchCandidatesOnRandomCohorts) {
  auto network = BuiltinEngine().Find<Network>("example_state");
  ASSERT_TRUE(network.ok());
  std::mt19937_64 rng(8);
  int nontrivial = 0;
  int contested = 0;
  for (int trial = 0; trial < 1000; ++trial) {
    v1::AllocateRequest request;
    const int people = 2 + static_cast<int>(rng() % 4);
    for (int i = 0; i < people; ++i) *request.add_people() = RandomPerson(rng, i);
    // Scarce slots, so people compete.
    for (const auto& service : (*network)->definition().services()) {
      v1::ServiceLoad* load = request.add_loads();
      load->set_service_id(service.service_id());
      load->set_available(static_cast<int>(rng() % 2));
      load->set_waitlist(static_cast<int>(rng() % 2));
      load->set_expected_wait_days(static_cast<int>(rng() % 30));
    }
    auto response = Allocate(**network, request);
    ASSERT_TRUE(response.ok()) << response.status();

    // The reference: Match each person, keep candidates with a free slot, and
    // try every combination (one per (person, domain) or none).
    struct Row {
      std::vector<std::pair<std::string, int>> options;  // (service, fit)
    };
    std::vector<Row> rows;
    std::map<std::pair<std::string, std::string>, int> fit_of;  // (client, service) -> fit
    std::map<std::string, int> available;
    for (const auto& load : request.loads()) available[load.service_id()] = load.available();
    for (const auto& person : request.people()) {
      v1::MatchRequest match;
      *match.mutable_person() = person.person();
      *match.mutable_needs() = person.needs();
      match.set_risk_tier(person.risk_tier());
      *match.mutable_responsivity() = person.responsivity();
      *match.mutable_loads() = request.loads();
      auto matched = Match(**network, match);
      ASSERT_TRUE(matched.ok()) << matched.status();
      std::map<std::string, Row> by_domain;
      std::vector<std::string> order;
      for (const auto& need : person.needs()) {
        if (!by_domain.count(need.domain())) order.push_back(need.domain());
        by_domain[need.domain()];
      }
      for (const auto& candidate : matched->candidates()) {
        if (candidate.waitlisted()) continue;
        by_domain[candidate.domain()].options.push_back({candidate.service_id(), candidate.fit()});
        fit_of[{person.client_id(), candidate.service_id()}] = candidate.fit();
      }
      for (const auto& domain : order) rows.push_back(by_domain[domain]);
    }
    int64_t best = 0;
    std::function<void(size_t, int64_t)> visit = [&](size_t r, int64_t total) {
      if (r == rows.size()) {
        best = std::max(best, total);
        return;
      }
      visit(r + 1, total);
      for (const auto& [service, fit] : rows[r].options) {
        if (available[service] == 0) continue;
        --available[service];
        visit(r + 1, total + fit);
        ++available[service];
      }
    };
    visit(0, 0);
    ASSERT_EQ(response->total_fit(), best) << "trial " << trial;
    if (best > 0) ++nontrivial;
    for (const auto& unmet : response->unmet()) {
      if (unmet.reason() == v1::UnmetNeed::REASON_SLOTS_TAKEN) {
        ++contested;
        break;
      }
    }

    // Only Match's candidates with a free slot, at Match's fit; no service
    // beyond its free slots; every (person, domain) assigned or unmet once.
    std::map<std::string, int> used;
    int64_t total = 0;
    for (const auto& assignment : response->assignments()) {
      const auto fit = fit_of.find({assignment.client_id(), assignment.service_id()});
      ASSERT_NE(fit, fit_of.end()) << assignment.ShortDebugString();
      EXPECT_EQ(assignment.fit(), fit->second);
      total += assignment.fit();
      ++used[assignment.service_id()];
    }
    EXPECT_EQ(total, response->total_fit());
    for (const auto& [service, count] : used) {
      EXPECT_LE(count, available[service]) << service;
    }
    EXPECT_EQ(response->assignments_size() + response->unmet_size(), static_cast<int>(rows.size()));

    // The same request gets the same response.
    auto again = Allocate(**network, request);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->SerializeAsString(), response->SerializeAsString());
  }
  // Most cohorts place someone, and many compete for a slot.
  EXPECT_GT(nontrivial, 700);
  EXPECT_GT(contested, 50);
}

// ---- Bad input ----------------------------------------------------------------

TEST(Allocate, BadInputIsRejectedNamingTheField) {
  auto network = MustCompile(NetworkHeader() + kServices);
  ASSERT_NE(network, nullptr);
  const auto status_of = [&](const std::function<void(v1::AllocateRequest*)>& mutate) {
    v1::AllocateRequest request;
    AddPerson(&request, "a", "east", v1::TIER_HIGH);
    AddPerson(&request, "b", "west", v1::TIER_LOW);
    mutate(&request);
    return Allocate(*network, request).status();
  };
  absl::Status s =
      status_of([](v1::AllocateRequest* r) { r->mutable_people(1)->set_client_id("a"); });
  EXPECT_EQ(ErrorField(s), "people[1].client_id");
  EXPECT_THAT(std::string(s.message()), HasSubstr("client 'a' is listed twice"));
  s = status_of([](v1::AllocateRequest* r) { r->mutable_people(0)->clear_client_id(); });
  EXPECT_EQ(ErrorField(s), "people[0].client_id");
  s = status_of(
      [](v1::AllocateRequest* r) { r->mutable_people(1)->mutable_person()->set_age(200); });
  EXPECT_EQ(ErrorField(s), "people[1].person.age");
  s = status_of(
      [](v1::AllocateRequest* r) { r->mutable_people(1)->mutable_person()->set_region("moon"); });
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorField(s), "people[1].person.region");
  s = status_of([](v1::AllocateRequest* r) { r->mutable_people(0)->add_service_domains("x"); });
  EXPECT_EQ(ErrorField(s), "people[0].service_domains");
  s = status_of([](v1::AllocateRequest* r) { r->add_loads()->set_service_id("ghost"); });
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorField(s), "loads[0].service_id");
}

TEST(Allocate, ThroughTheEngineAnUnknownNetworkIsNotFound) {
  v1::AllocateRequest request;
  request.set_network_id("atlantis");
  const absl::Status status = BuiltinEngine().Call<v1::AllocateResponse>(request).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorField(status), "network_id");
}

TEST(Allocate, AnEmptyCohortAllocatesNothing) {
  v1::AllocateRequest request;
  request.set_network_id("example_state");
  auto response = BuiltinEngine().Call<v1::AllocateResponse>(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->total_fit(), 0);
  EXPECT_TRUE(response->gaps().empty());
}

}  // namespace
}  // namespace reentry
