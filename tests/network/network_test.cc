// Network definitions: the builtin example, the graph of agreements, and
// every validation rule with the message that names the network, field and
// problem.
#include "reentry/network/network.h"

#include <string>

#include "absl/strings/str_replace.h"
#include "engine/embedded.h"
#include "engine/module.h"
#include "engine/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "network/test_network.h"
#include "reentry/status.h"
#include "reentry/v1/assessment.pb.h"
#include "reentry/v1/engine.pb.h"
#include "reentry/v1/network.pb.h"
#include "util/civil_date.h"

namespace reentry {
namespace {

using testing::BuiltinEngine;
using testing::CompileText;
using ::testing::HasSubstr;
using testing::MustCompile;
using testing::NetworkHeader;

const char kService[] = R"(
services { service_id: "shelter" agency_id: "a_east" domain: "housing" title: "Shelter"
           languages: ["en"] capacity: 4 }
)";
const char kAgreement[] = R"(
agreements { agreement_id: "ref_to_a" from_agency_id: "ref" to_agency_id: "a_east"
             purposes: [PURPOSE_CASE_MANAGEMENT] categories: [DATA_CATEGORY_HOUSING]
             valid_from: "2026-01-01" valid_to: "2026-12-31"
             reporting { what: "intake_confirmation" within_business_days: 3 } }
)";

std::string Valid() { return NetworkHeader() + kService + kAgreement; }

absl::Status CompileStatus(const std::string& text) { return CompileText(text).status(); }

TEST(Network, TheBuiltinExampleLoadsWithTheEngine) {
  auto network = BuiltinEngine().Find<Network>("example_state");
  ASSERT_TRUE(network.ok()) << network.status();
  EXPECT_EQ((*network)->definition().regions_size(), 2);
  EXPECT_NE((*network)->FindAgency("north_facility"), nullptr);
  EXPECT_NE((*network)->FindAgency("river_facility"), nullptr);
  EXPECT_EQ((*network)->FindAgency("parole_office")->type(), v1::AGENCY_TYPE_SUPERVISION);
  EXPECT_EQ((*network)->CalendarOf("parole_office")->id(), "us_federal");
}

TEST(Network, TheBuiltinExampleHasAServiceForEveryNeedDomainOfTheNeedsScreen) {
  auto network = BuiltinEngine().Find<Network>("example_state");
  ASSERT_TRUE(network.ok());
  auto screen = BuiltinEngine().Find<Instrument>("reentry_needs_screen");
  ASSERT_TRUE(screen.ok());
  int domains = 0;
  for (const auto& scale : (*screen)->definition().scales()) {
    if (scale.need().domain().empty()) continue;
    ++domains;
    bool served = false;
    for (const auto& service : (*network)->definition().services()) {
      served = served || service.domain() == scale.need().domain();
    }
    EXPECT_TRUE(served) << scale.need().domain();
  }
  EXPECT_EQ(domains, 12);
}

TEST(Network, TheBuiltinExampleSaysItIsAnExample) {
  auto network = BuiltinEngine().Find<Network>("example_state");
  ASSERT_TRUE(network.ok());
  EXPECT_THAT((*network)->definition().title(), HasSubstr("fictional example"));
  EXPECT_THAT((*network)->definition().description(), HasSubstr("EXAMPLE ONLY"));
}

TEST(Network, AgreementsAreTheEdgesFromOneAgencyToAnother) {
  auto network = BuiltinEngine().Find<Network>("example_state");
  ASSERT_TRUE(network.ok());
  const auto both = (*network)->Agreements("reentry_case_management", "housing_partners");
  ASSERT_EQ(both.size(), 2u);  // in definition order
  EXPECT_EQ(both[0]->agreement_id(), "case_management_to_housing_2021");
  EXPECT_EQ(both[1]->agreement_id(), "case_management_to_housing");
  // Direction matters: nothing runs from housing to case management.
  EXPECT_TRUE((*network)->Agreements("housing_partners", "reentry_case_management").empty());
  EXPECT_TRUE((*network)->Agreements("nobody", "housing_partners").empty());
}

TEST(Network, AgreementsInForceKeepBothBoundsInclusive) {
  auto network = BuiltinEngine().Find<Network>("example_state");
  ASSERT_TRUE(network.ok());
  const auto on = [&](const char* day) {
    std::vector<std::string> ids;
    for (const auto* agreement : (*network)->AgreementsInForce(
             "reentry_case_management", "housing_partners", *internal::ParseDate(day, "day"))) {
      ids.push_back(agreement->agreement_id());
    }
    return ids;
  };
  EXPECT_THAT(on("2020-12-31"), ::testing::IsEmpty());
  EXPECT_THAT(on("2021-01-01"), ::testing::ElementsAre("case_management_to_housing_2021"));
  EXPECT_THAT(on("2023-12-31"), ::testing::ElementsAre("case_management_to_housing_2021"));
  // The successor starts the next day and has no end.
  EXPECT_THAT(on("2024-01-01"), ::testing::ElementsAre("case_management_to_housing"));
  EXPECT_THAT(on("2199-12-31"), ::testing::ElementsAre("case_management_to_housing"));
}

TEST(Network, WithoutItsOwnMovesANetworkUsesTheBuiltinMachine) {
  auto network = MustCompile(Valid());
  ASSERT_NE(network, nullptr);
  EXPECT_EQ(network->referral_moves().size(), BuiltinReferralMoves().size());
  EXPECT_TRUE(network->IsLegalMove(v1::REFERRAL_STATE_DRAFT, v1::REFERRAL_STATE_SENT));
  EXPECT_FALSE(network->IsLegalMove(v1::REFERRAL_STATE_DRAFT, v1::REFERRAL_STATE_COMPLETED));
  EXPECT_FALSE(network->IsLegalMove(static_cast<v1::ReferralState>(99), v1::REFERRAL_STATE_SENT));
}

TEST(Network, ItsOwnMovesReplaceTheBuiltinMachine) {
  auto network = MustCompile(Valid() + R"(
referral_moves { from_state: REFERRAL_STATE_DRAFT to_state: REFERRAL_STATE_ACCEPTED }
referral_moves { from_state: REFERRAL_STATE_ACCEPTED to_state: REFERRAL_STATE_COMPLETED })");
  ASSERT_NE(network, nullptr);
  EXPECT_EQ(network->referral_moves().size(), 2u);
  EXPECT_TRUE(network->IsLegalMove(v1::REFERRAL_STATE_DRAFT, v1::REFERRAL_STATE_ACCEPTED));
  EXPECT_FALSE(network->IsLegalMove(v1::REFERRAL_STATE_DRAFT, v1::REFERRAL_STATE_SENT));
}

struct BadCase {
  const char* name;
  std::string text;
  const char* field;
  const char* message;
};

std::string Replace(const std::string& text, const char* from, const char* to) {
  const std::string out = absl::StrReplaceAll(text, {{from, to}});
  EXPECT_NE(out, text) << "no '" << from << "' to replace";
  return out;
}

std::vector<BadCase> BadCases() {
  const std::string valid = Valid();
  return {
      {"BadId", Replace(valid, "id: \"tiny\"", "id: \"Tiny\""), "id",
       "network 'Tiny' version 1: id: 'Tiny' is not a valid network id"},
      {"MissingTitle", Replace(valid, "title: \"Test network\"", ""), "title", "is required"},
      {"DuplicateRegion", valid + "regions { region_id: \"east\" name: \"Again\" }",
       "regions[2].region_id", "duplicate region id 'east'"},
      {"RegionWithoutName", valid + "regions { region_id: \"south\" }", "regions[2].name",
       "is required"},
      {"DuplicateAgency",
       valid + "agencies { agency_id: \"ref\" name: \"R\" type: AGENCY_TYPE_COURT region: "
               "\"east\" calendar_id: \"us_federal\" }",
       "agencies[6].agency_id", "duplicate agency id 'ref'"},
      {"AgencyWithoutType", Replace(valid, "type: AGENCY_TYPE_COURT ", ""), "agencies[3].type",
       "AGENCY_TYPE_UNSPECIFIED is not an agency type"},
      {"AgencyInAnUnknownRegion",
       Replace(valid, "AGENCY_TYPE_COURT region: \"east\"", "AGENCY_TYPE_COURT region: \"south\""),
       "agencies[3].region", "unknown region 'south'"},
      {"UnknownCalendar",
       Replace(valid, "AGENCY_TYPE_COURT region: \"east\" calendar_id: \"us_federal\"",
               "AGENCY_TYPE_COURT region: \"east\" calendar_id: \"lunar\""),
       "agencies[3].calendar_id", "unknown calendar 'lunar'"},
      {"UnknownCalendarVersion",
       Replace(valid, "AGENCY_TYPE_COURT region: \"east\" calendar_id: \"us_federal\"",
               "AGENCY_TYPE_COURT region: \"east\" calendar_id: \"us_federal\" "
               "calendar_version: \"1999\""),
       "agencies[3].calendar_version", "has no version '1999'"},
      {"DuplicateService", valid + kService, "services[1].service_id",
       "duplicate service id 'shelter'"},
      {"ServiceOfAnUnknownAgency",
       Replace(valid, "agency_id: \"a_east\" domain", "agency_id: \"nobody\" domain"),
       "services[0].agency_id", "unknown agency 'nobody'"},
      {"UnknownDomain", Replace(valid, "domain: \"housing\"", "domain: \"astrology\""),
       "services[0].domain",
       "'astrology' is not a need domain of a loaded instrument nor a service domain of a "
       "loaded catalog"},
      {"NegativeCapacity", Replace(valid, "capacity: 4", "capacity: -2"), "services[0].capacity",
       "-2 is below zero"},
      {"NegativeWaitlist", Replace(valid, "capacity: 4", "capacity: 4 waitlist_limit: -1"),
       "services[0].waitlist_limit", "-1 is below zero"},
      {"NoLanguage", Replace(valid, "languages: [\"en\"] ", ""), "services[0].languages",
       "at least one language is required"},
      {"BadLanguageTag", Replace(valid, "languages: [\"en\"]", "languages: [\"english!\"]"),
       "services[0].languages[0]", "'english!' is not a BCP 47 language tag"},
      {"LanguageTwice", Replace(valid, "languages: [\"en\"]", "languages: [\"en\", \"en\"]"),
       "services[0].languages[1]", "'en' is listed twice"},
      {"UnknownServedRegion", Replace(valid, "capacity: 4", "capacity: 4 regions: [\"south\"]"),
       "services[0].regions[0]", "unknown region 'south'"},
      {"UnknownResponsivity",
       Replace(valid, "capacity: 4", "capacity: 4 accommodates: [\"horoscopes\"]"),
       "services[0].accommodates[0]",
       "'horoscopes' is not a responsivity factor of a loaded instrument"},
      {"AgeOutOfRange", Replace(valid, "capacity: 4", "capacity: 4 eligibility { min_age: 151 }"),
       "services[0].eligibility.min_age", "151 is not an age (0 to 150)"},
      {"AgesReversed",
       Replace(valid, "capacity: 4", "capacity: 4 eligibility { min_age: 30 max_age: 29 }"),
       "services[0].eligibility.max_age", "29 is below min_age 30"},
      {"TiersReversed",
       Replace(valid, "capacity: 4",
               "capacity: 4 eligibility { min_risk_tier: TIER_HIGH max_risk_tier: TIER_LOW }"),
       "services[0].eligibility.max_risk_tier", "TIER_LOW is below min_risk_tier TIER_HIGH"},
      {"EmptySex", Replace(valid, "capacity: 4", "capacity: 4 eligibility { sexes: [\"\"] }"),
       "services[0].eligibility.sexes[0]", "is empty"},
      {"PhaseTwice",
       Replace(valid, "capacity: 4",
               "capacity: 4 eligibility { phases: [PHASE_RELEASE, PHASE_RELEASE] }"),
       "services[0].eligibility.phases[1]", "PHASE_RELEASE is listed twice"},
      {"UnspecifiedPhase",
       Replace(valid, "capacity: 4", "capacity: 4 eligibility { phases: [PHASE_UNSPECIFIED] }"),
       "services[0].eligibility.phases[0]", "PHASE_UNSPECIFIED is not a phase"},
      {"DuplicateAgreement", valid + kAgreement, "agreements[1].agreement_id",
       "duplicate agreement id 'ref_to_a'"},
      {"AgreementFromAnUnknownAgency",
       Replace(valid, "from_agency_id: \"ref\"", "from_agency_id: \"nobody\""),
       "agreements[0].from_agency_id", "unknown agency 'nobody'"},
      {"AgreementToItself", Replace(valid, "to_agency_id: \"a_east\"", "to_agency_id: \"ref\""),
       "agreements[0].to_agency_id", "the agreement runs from agency 'ref' to itself"},
      {"AgreementEndsBeforeItStarts",
       Replace(valid, "valid_to: \"2026-12-31\"", "valid_to: \"2025-12-31\""),
       "agreements[0].valid_to",
       "the agreement ends on 2025-12-31, before it starts on 2026-01-01"},
      {"AgreementDateMalformed",
       Replace(valid, "valid_from: \"2026-01-01\"", "valid_from: \"2026-1-1\""),
       "agreements[0].valid_from", "is not a date of the form YYYY-MM-DD"},
      {"PurposeUnspecified",
       Replace(valid, "purposes: [PURPOSE_CASE_MANAGEMENT]", "purposes: [PURPOSE_UNSPECIFIED]"),
       "agreements[0].purposes[0]", "PURPOSE_UNSPECIFIED is not a purpose"},
      {"CategoryTwice",
       Replace(valid, "categories: [DATA_CATEGORY_HOUSING]",
               "categories: [DATA_CATEGORY_HOUSING, DATA_CATEGORY_HOUSING]"),
       "agreements[0].categories[1]", "DATA_CATEGORY_HOUSING is listed twice"},
      {"ReportingWithinZeroDays",
       Replace(valid, "within_business_days: 3", "within_business_days: 0"),
       "agreements[0].reporting[0].within_business_days", "0 is not between 1 and 3650"},
      {"ReportingAfterDraft",
       Replace(valid, "within_business_days: 3",
               "within_business_days: 3 after: "
               "REFERRAL_STATE_DRAFT"),
       "agreements[0].reporting[0].after", "REFERRAL_STATE_DRAFT does not start a reporting clock"},
      {"ReportingTwice",
       Replace(valid, "within_business_days: 3 }",
               "within_business_days: 3 } reporting { what: \"intake_confirmation\" "
               "within_business_days: 5 }"),
       "agreements[0].reporting[1].what", "'intake_confirmation' is listed twice"},
      {"MoveToItself",
       valid + "referral_moves { from_state: REFERRAL_STATE_SENT to_state: REFERRAL_STATE_SENT }",
       "referral_moves[0].to_state", "a state may not move to itself"},
      {"MoveTwice",
       valid + "referral_moves { from_state: REFERRAL_STATE_DRAFT to_state: REFERRAL_STATE_SENT } "
               "referral_moves { from_state: REFERRAL_STATE_DRAFT to_state: REFERRAL_STATE_SENT }",
       "referral_moves[1]", "the move REFERRAL_STATE_DRAFT -> REFERRAL_STATE_SENT is listed twice"},
      {"MoveFromNowhere", valid + "referral_moves { to_state: REFERRAL_STATE_SENT }",
       "referral_moves[0].from_state", "REFERRAL_STATE_UNSPECIFIED is not a referral state"},
  };
}

class BadNetwork : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadNetwork, IsRejectedNamingTheNetworkTheFieldAndTheProblem) {
  const BadCase& bad = GetParam();
  const absl::Status status = CompileStatus(bad.text);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr(bad.message));
  EXPECT_THAT(std::string(status.message()), ::testing::StartsWith("network '"));
  EXPECT_THAT(std::string(status.message()), HasSubstr(std::string(bad.field) + ": "));
  EXPECT_EQ(ErrorField(status), bad.field);
}

INSTANTIATE_TEST_SUITE_P(Network, BadNetwork, ::testing::ValuesIn(BadCases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Network, TheValidBaseOfTheBadCasesCompiles) { EXPECT_NE(MustCompile(Valid()), nullptr); }

TEST(Network, AnAgreementMayListPart2DataButItNeverPermitsIt) {
  // Loading accepts it (the definition states what the parties signed); the
  // sharing module's decision rule never lets an agreement permit it.
  EXPECT_NE(MustCompile(Replace(Valid(), "categories: [DATA_CATEGORY_HOUSING]",
                                "categories: [DATA_CATEGORY_SUD_TREATMENT]")),
            nullptr);
}

// A definition kind named "catalog" whose message has a `domain` field: the
// network check reads catalogs by kind name and field name only.
TEST(Network, ServiceDomainsOfALoadedCatalogAreKnown) {
  using engine_internal::Definition;
  using engine_internal::DefinitionKind;
  using engine_internal::Definitions;
  const DefinitionKind* network_kind = engine_internal::MethodTable::Default().Kind("network");
  ASSERT_NE(network_kind, nullptr);
  auto builtin = engine_internal::BuiltinDefinitions();
  ASSERT_TRUE(builtin.ok());
  Definitions loaded = **builtin;

  auto definition = ParseNetworkText(
      Replace(Valid(), "domain: \"housing\"", "domain: \"reentry_vouchers\""), "test");
  ASSERT_TRUE(definition.ok());
  auto before = engine_internal::CompileDefinition(
      *network_kind, std::make_unique<v1::NetworkDefinition>(*definition), loaded, false);
  EXPECT_EQ(before.status().code(), absl::StatusCode::kInvalidArgument);

  static const DefinitionKind catalog_kind = [] {
    DefinitionKind kind;
    kind.name = "catalog";
    kind.prototype = &v1::NeedResult::default_instance();
    return kind;
  }();
  Definition catalog;
  catalog.kind = &catalog_kind;
  catalog.id = "test_catalog";
  catalog.version = "1";
  catalog.version_parts = {1};
  auto message = std::make_shared<v1::NeedResult>();
  message->set_domain("reentry_vouchers");
  catalog.message = message;
  ASSERT_TRUE(loaded.Insert(std::move(catalog)).ok());
  auto after = engine_internal::CompileDefinition(
      *network_kind, std::make_unique<v1::NetworkDefinition>(*definition), loaded, false);
  EXPECT_TRUE(after.ok()) << after.status();
}

TEST(Network, LoadNetworkAddsANetworkAndDescribeNetworkReturnsIt) {
  auto engine = Engine::Create();
  ASSERT_TRUE(engine.ok());
  v1::LoadNetworkRequest load;
  load.set_text(Valid());
  load.set_source_name("tiny.textproto");
  auto loaded = (*engine)->Call<v1::LoadNetworkResponse>(load);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->definition().kind(), "network");
  EXPECT_EQ(loaded->definition().id(), "tiny");
  EXPECT_FALSE(loaded->definition().builtin());

  v1::DescribeNetworkRequest describe;
  describe.set_network_id("tiny");
  auto described = (*engine)->Call<v1::DescribeNetworkResponse>(describe);
  ASSERT_TRUE(described.ok()) << described.status();
  EXPECT_EQ(described->definition().services(0).service_id(), "shelter");
  EXPECT_EQ(described->referral_moves_size(), static_cast<int>(BuiltinReferralMoves().size()));

  // The same id and version again is ALREADY_EXISTS.
  EXPECT_EQ((*engine)->Call<v1::LoadNetworkResponse>(load).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST(Network, LoadNetworkReportsTheSourceLineOfAParseError) {
  auto engine = Engine::Create();
  ASSERT_TRUE(engine.ok());
  v1::LoadNetworkRequest load;
  load.set_text("id: \"x\"\nversion: \"1\"\nagencies { agency_id: }\n");
  load.set_source_name("broken.textproto");
  const absl::Status status = (*engine)->Call<v1::LoadNetworkResponse>(load).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("broken.textproto:3:"));
}

TEST(Network, DescribingAnUnknownNetworkIsNotFound) {
  v1::DescribeNetworkRequest describe;
  describe.set_network_id("atlantis");
  const absl::Status status = BuiltinEngine().Call<v1::DescribeNetworkResponse>(describe).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorField(status), "network_id");
  EXPECT_THAT(std::string(status.message()), HasSubstr("example_state"));
}

}  // namespace
}  // namespace reentry
