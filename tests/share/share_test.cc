// Share: every rule and edge of the decision (consents starting, expiring
// and revoked on the day itself and the days around; recipients by id and by
// type; purposes; Part 2 records under each kind of consent and basis;
// emergencies; criminal justice consents), the packet, obligations and audit,
// CheckConsent, and bad input.
#include "reentry/share/share.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "network/test_network.h"
#include "reentry/status.h"
#include "reentry/v1/engine.pb.h"

namespace reentry {
namespace {

using testing::BuiltinEngine;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using testing::MustCompile;
using testing::NetworkHeader;

// Agencies of NetworkHeader: a_east (housing), b_west (treatment), ref
// (clinical case management), court, parole (supervision), clinic (health).
const char kAgreements[] = R"(
agreements { agreement_id: "ref_to_treatment" from_agency_id: "ref" to_agency_id: "b_west"
             purposes: [PURPOSE_TREATMENT, PURPOSE_CASE_MANAGEMENT]
             categories: [DATA_CATEGORY_IDENTITY, DATA_CATEGORY_HEALTH,
                          DATA_CATEGORY_SUD_TREATMENT]
             valid_from: "2027-01-01" valid_to: "2027-12-31" }
agreements { agreement_id: "ref_to_housing" from_agency_id: "ref" to_agency_id: "a_east"
             purposes: [PURPOSE_CASE_MANAGEMENT] categories: [DATA_CATEGORY_HOUSING] }
)";

class ShareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    network_ = MustCompile(NetworkHeader() + kAgreements);
    ASSERT_NE(network_, nullptr);
  }

  // ref -> to, for `purpose`, on 2027-06-15, with one field of each category
  // given.
  static v1::ShareRequest Request(const std::string& to, v1::Purpose purpose,
                                  std::vector<v1::DataCategory> categories) {
    v1::ShareRequest request;
    request.set_client_id("c1");
    request.set_from_agency_id("ref");
    request.set_to_agency_id(to);
    request.set_purpose(purpose);
    request.set_as_of("2027-06-15");
    for (v1::DataCategory category : categories) {
      v1::RecordField* field = request.mutable_record()->add_fields();
      field->set_path(absl::StrCat("f.", v1::DataCategory_Name(category)));
      field->set_category(category);
      field->set_value("v");
    }
    return request;
  }

  static v1::Consent* AddConsent(v1::ShareRequest* request, const std::string& id,
                                 std::vector<v1::DataCategory> categories,
                                 std::vector<v1::Purpose> purposes = {v1::PURPOSE_TREATMENT}) {
    v1::Consent* consent = request->add_consents();
    consent->set_consent_id(id);
    consent->set_signed_on("2027-01-01");
    consent->add_recipients()->set_agency_id(request->to_agency_id());
    for (auto p : purposes) consent->add_purposes(p);
    for (auto c : categories) consent->add_categories(c);
    return consent;
  }

  static v1::LegalBasis* AddBasis(v1::ShareRequest* request, const std::string& id,
                                  v1::LegalBasis::Kind kind,
                                  std::vector<v1::DataCategory> categories,
                                  std::vector<v1::Purpose> purposes = {v1::PURPOSE_TREATMENT}) {
    v1::LegalBasis* basis = request->add_bases();
    basis->set_basis_id(id);
    basis->set_kind(kind);
    basis->add_recipients()->set_agency_id(request->to_agency_id());
    for (auto p : purposes) basis->add_purposes(p);
    for (auto c : categories) basis->add_categories(c);
    return basis;
  }

  v1::ShareResponse MustShare(const v1::ShareRequest& request) {
    auto response = Share(*network_, request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : v1::ShareResponse();
  }

  // The decision for `category`.
  v1::ShareDecision Decision(const v1::ShareRequest& request, v1::DataCategory category) {
    const v1::ShareResponse response = MustShare(request);
    for (const auto& decision : response.decisions()) {
      if (decision.category() == category) return decision;
    }
    ADD_FAILURE() << "no decision for " << v1::DataCategory_Name(category);
    return v1::ShareDecision();
  }

  bool Permits(const v1::ShareRequest& request, v1::DataCategory category) {
    return Decision(request, category).permit();
  }

  std::shared_ptr<const Network> network_;
};

constexpr auto kHousing = v1::DATA_CATEGORY_HOUSING;
constexpr auto kSud = v1::DATA_CATEGORY_SUD_TREATMENT;
constexpr auto kFamily = v1::DATA_CATEGORY_FAMILY;

TEST_F(ShareTest, NothingGivenDeniesEverythingAndSaysSo) {
  const v1::ShareRequest request = Request("clinic", v1::PURPOSE_TREATMENT, {kFamily});
  const v1::ShareDecision decision = Decision(request, kFamily);
  EXPECT_FALSE(decision.permit());
  EXPECT_TRUE(decision.basis_id().empty());
  EXPECT_EQ(decision.reason(),
            "denied: nothing permits DATA_CATEGORY_FAMILY to 'clinic' for PURPOSE_TREATMENT on "
            "2027-06-15: no consent, legal basis or agreement was given or applies");
  const v1::ShareResponse response = MustShare(request);
  EXPECT_TRUE(response.packet().fields().empty());
  EXPECT_TRUE(response.obligations().empty());
}

// valid_from, valid_to and revoked_on against as_of 2027-06-15.
TEST_F(ShareTest, AConsentIsInForceFromItsFirstDayThroughItsLastUntilRevoked) {
  const auto with = [&](const char* from, const char* to, const char* revoked) {
    v1::ShareRequest request = Request("clinic", v1::PURPOSE_TREATMENT, {kFamily});
    v1::Consent* consent = AddConsent(&request, "c", {kFamily});
    consent->set_valid_from(from);
    consent->set_valid_to(to);
    consent->set_revoked_on(revoked);
    return Decision(request, kFamily);
  };
  EXPECT_TRUE(with("2027-06-15", "", "").permit());   // starts that day
  EXPECT_FALSE(with("2027-06-16", "", "").permit());  // starts the day after
  EXPECT_EQ(with("2027-06-16", "", "").reason(),
            "denied: nothing permits DATA_CATEGORY_FAMILY to 'clinic' for PURPOSE_TREATMENT on "
            "2027-06-15; consent 'c': not in force until 2027-06-16");
  EXPECT_TRUE(with("2027-06-14", "", "").permit());
  EXPECT_TRUE(with("", "2027-06-15", "").permit());   // ends that day
  EXPECT_FALSE(with("", "2027-06-14", "").permit());  // ended the day before
  EXPECT_THAT(with("", "2027-06-14", "").reason(), HasSubstr("consent 'c': ended on 2027-06-14"));
  EXPECT_TRUE(with("", "2027-06-16", "").permit());
  EXPECT_FALSE(with("", "", "2027-06-15").permit());  // revoked that day: no longer in force
  EXPECT_THAT(with("", "", "2027-06-15").reason(), HasSubstr("revoked on 2027-06-15"));
  EXPECT_FALSE(with("", "", "2027-06-14").permit());
  EXPECT_TRUE(with("", "", "2027-06-16").permit());  // revoked only the day after
}

TEST_F(ShareTest, AConsentSignedAfterTheDayIsNotInForce) {
  v1::ShareRequest request = Request("clinic", v1::PURPOSE_TREATMENT, {kFamily});
  AddConsent(&request, "c", {kFamily})->set_signed_on("2027-06-16");
  EXPECT_THAT(Decision(request, kFamily).reason(), HasSubstr("not signed until 2027-06-16"));
  request.mutable_consents(0)->set_signed_on("2027-06-15");
  EXPECT_TRUE(Permits(request, kFamily));
}

TEST_F(ShareTest, RecipientsAreNamedByIdOrByType) {
  v1::ShareRequest request = Request("clinic", v1::PURPOSE_TREATMENT, {kFamily});
  v1::Consent* consent = AddConsent(&request, "c", {kFamily});
  EXPECT_TRUE(Permits(request, kFamily));  // by id
  consent->clear_recipients();
  consent->add_recipients()->set_agency_type(v1::AGENCY_TYPE_HEALTH);
  EXPECT_TRUE(Permits(request, kFamily));  // by type
  consent->mutable_recipients(0)->set_agency_type(v1::AGENCY_TYPE_TREATMENT);
  EXPECT_EQ(Decision(request, kFamily).reason(),
            "denied: nothing permits DATA_CATEGORY_FAMILY to 'clinic' for PURPOSE_TREATMENT on "
            "2027-06-15; consent 'c': does not name 'clinic' or AGENCY_TYPE_HEALTH");
  consent->mutable_recipients(0)->set_agency_id("b_west");  // another agency
  EXPECT_FALSE(Permits(request, kFamily));
}

TEST_F(ShareTest, TheWrongPurposeIsDenied) {
  v1::ShareRequest request = Request("clinic", v1::PURPOSE_RESEARCH, {kFamily});
  AddConsent(&request, "c", {kFamily}, {v1::PURPOSE_TREATMENT, v1::PURPOSE_PAYMENT});
  EXPECT_THAT(Decision(request, kFamily).reason(),
              HasSubstr("consent 'c': does not list PURPOSE_RESEARCH"));
  request.set_purpose(v1::PURPOSE_PAYMENT);
  EXPECT_TRUE(Permits(request, kFamily));
}

TEST_F(ShareTest, EveryProblemOfEverySourceIsNamed) {
  v1::ShareRequest request = Request("clinic", v1::PURPOSE_COURT, {kFamily});
  v1::Consent* consent = AddConsent(&request, "c", {kHousing});
  consent->set_valid_to("2027-01-31");
  consent->mutable_recipients(0)->set_agency_id("a_east");
  AddBasis(&request, "s", v1::LegalBasis::KIND_STATUTE, {kHousing});
  EXPECT_EQ(Decision(request, kFamily).reason(),
            "denied: nothing permits DATA_CATEGORY_FAMILY to 'clinic' for PURPOSE_COURT on "
            "2027-06-15; consent 'c': ended on 2027-01-31, does not name 'clinic' or "
            "AGENCY_TYPE_HEALTH, does not list PURPOSE_COURT, does not list DATA_CATEGORY_FAMILY; "
            "statute 's': does not list PURPOSE_COURT, does not list DATA_CATEGORY_FAMILY");
}

TEST_F(ShareTest, StatutesCourtOrdersAndEmergenciesPermitOtherCategoriesTheyCover) {
  for (auto kind : {v1::LegalBasis::KIND_STATUTE, v1::LegalBasis::KIND_COURT_ORDER,
                    v1::LegalBasis::KIND_EMERGENCY}) {
    v1::ShareRequest request = Request("a_east", v1::PURPOSE_TREATMENT, {kFamily});
    AddBasis(&request, "b", kind, {kFamily});
    EXPECT_TRUE(Permits(request, kFamily)) << v1::LegalBasis::Kind_Name(kind);
    request.mutable_bases(0)->set_valid_to("2027-06-14");
    EXPECT_FALSE(Permits(request, kFamily)) << v1::LegalBasis::Kind_Name(kind);
    request.mutable_bases(0)->set_valid_to("2027-06-15");
    request.mutable_bases(0)->set_valid_from("2027-06-15");
    EXPECT_TRUE(Permits(request, kFamily)) << v1::LegalBasis::Kind_Name(kind);
    request.mutable_bases(0)->set_valid_from("2027-06-16");
    request.mutable_bases(0)->clear_valid_to();
    EXPECT_FALSE(Permits(request, kFamily)) << v1::LegalBasis::Kind_Name(kind);
  }
}

TEST_F(ShareTest, AgreementsInForceAreBasesForTheirPurposesAndCategories) {
  v1::ShareRequest request =
      Request("b_west", v1::PURPOSE_CASE_MANAGEMENT, {v1::DATA_CATEGORY_HEALTH, kHousing});
  const v1::ShareResponse response = MustShare(request);
  ASSERT_EQ(response.decisions_size(), 2);
  EXPECT_TRUE(response.decisions(0).permit());
  EXPECT_EQ(response.decisions(0).basis_id(), "ref_to_treatment");
  EXPECT_EQ(response.decisions(0).reason(), "permitted by agreement 'ref_to_treatment'");
  EXPECT_FALSE(response.decisions(1).permit());
  EXPECT_THAT(response.decisions(1).reason(),
              HasSubstr("agreement 'ref_to_treatment': does not list DATA_CATEGORY_HOUSING"));
  // Out of force (it ends 2027-12-31), and the other way round (b_west -> ref: none).
  request.set_as_of("2028-01-01");
  EXPECT_THAT(Decision(request, v1::DATA_CATEGORY_HEALTH).reason(),
              HasSubstr("agreement 'ref_to_treatment': ended on 2027-12-31"));
  request.set_as_of("2027-12-31");
  EXPECT_TRUE(Permits(request, v1::DATA_CATEGORY_HEALTH));
  request.set_from_agency_id("b_west");
  request.set_to_agency_id("ref");
  EXPECT_FALSE(Permits(request, v1::DATA_CATEGORY_HEALTH));
}

TEST_F(ShareTest, TheFirstSourceThatPermitsIsNamedConsentsFirstThenBasesThenAgreements) {
  v1::ShareRequest request = Request("b_west", v1::PURPOSE_TREATMENT, {v1::DATA_CATEGORY_HEALTH});
  AddBasis(&request, "statute", v1::LegalBasis::KIND_STATUTE, {v1::DATA_CATEGORY_HEALTH});
  AddConsent(&request, "consent", {v1::DATA_CATEGORY_HEALTH});
  EXPECT_EQ(Decision(request, v1::DATA_CATEGORY_HEALTH).basis_id(), "consent");
  request.clear_consents();
  EXPECT_EQ(Decision(request, v1::DATA_CATEGORY_HEALTH).basis_id(), "statute");
  request.clear_bases();
  EXPECT_EQ(Decision(request, v1::DATA_CATEGORY_HEALTH).basis_id(), "ref_to_treatment");
}

// ---- 42 CFR Part 2 ------------------------------------------------------------

TEST_F(ShareTest, Part2RecordsAreDeniedUnderAnOrdinaryConsentAStatuteAndAnAgreement) {
  v1::ShareRequest request = Request("b_west", v1::PURPOSE_TREATMENT, {kSud});
  AddConsent(&request, "ordinary", {kSud});
  AddBasis(&request, "statute", v1::LegalBasis::KIND_STATUTE, {kSud});
  AddBasis(&request, "order", v1::LegalBasis::KIND_COURT_ORDER, {kSud});
  // ... and the agreement ref_to_treatment, which lists the category.
  const v1::ShareResponse response = MustShare(request);
  ASSERT_EQ(response.decisions_size(), 1);
  EXPECT_FALSE(response.decisions(0).permit());
  EXPECT_EQ(response.decisions(0).reason(),
            "denied: nothing permits DATA_CATEGORY_SUD_TREATMENT to 'b_west' for "
            "PURPOSE_TREATMENT on 2027-06-15 (42 CFR Part 2 records need a Part 2 consent, a "
            "Part 2 court order, or an emergency basis for PURPOSE_EMERGENCY to a health or "
            "treatment agency); consent 'ordinary': is not a Part 2 consent (42 CFR 2.31); "
            "statute 'statute': a statute never permits Part 2 records; court order 'order': is "
            "not a Part 2 court order (42 CFR 2.64, 2.65); agreement 'ref_to_treatment': an "
            "agreement never permits Part 2 records");
  EXPECT_TRUE(response.packet().fields().empty());
  EXPECT_TRUE(response.obligations().empty());
}

void ExpectNotice(const v1::ShareResponse& response) {
  ASSERT_GE(response.obligations_size(), 1);
  const v1::Obligation& notice = response.obligations(0);
  EXPECT_EQ(notice.kind(), v1::Obligation::KIND_PART2_NOTICE);
  EXPECT_THAT(notice.categories(), ElementsAre(kSud));
  EXPECT_EQ(notice.text(), std::string(kPart2Notice));
  // The 2024 wording: "use or disclosure", not the old "disclosure".
  EXPECT_THAT(notice.text(), HasSubstr("from making any other use or disclosure of this record"));
  EXPECT_EQ(notice.short_text(),
            "42 CFR part 2 prohibits unauthorized use or disclosure of these records.");
  EXPECT_THAT(notice.citation(), HasSubstr("2024"));
}

TEST_F(ShareTest, APart2ConsentPermitsThemWithTheNoticeAndTheConsentCopy) {
  v1::ShareRequest request = Request("b_west", v1::PURPOSE_TREATMENT, {kSud, kFamily});
  AddConsent(&request, "p2", {kSud})->set_part2(true);
  const v1::ShareResponse response = MustShare(request);
  EXPECT_TRUE(response.decisions(0).permit());  // SUD_TREATMENT (9) before FAMILY (14)
  EXPECT_EQ(response.decisions(0).reason(), "permitted by Part 2 consent 'p2'");
  EXPECT_FALSE(response.decisions(1).permit());
  ExpectNotice(response);
  ASSERT_EQ(response.obligations_size(), 2);
  EXPECT_EQ(response.obligations(1).kind(), v1::Obligation::KIND_PART2_CONSENT_COPY);
  EXPECT_EQ(response.obligations(1).consent_id(), "p2");
  ASSERT_EQ(response.packet().fields_size(), 1);
  EXPECT_EQ(response.packet().fields(0).category(), kSud);
}

TEST_F(ShareTest, APart2CourtOrderPermitsThemWithTheNotice) {
  v1::ShareRequest request = Request("court", v1::PURPOSE_COURT, {kSud});
  AddBasis(&request, "order", v1::LegalBasis::KIND_COURT_ORDER, {kSud}, {v1::PURPOSE_COURT})
      ->set_part2_order(true);
  const v1::ShareResponse response = MustShare(request);
  EXPECT_TRUE(response.decisions(0).permit());
  EXPECT_EQ(response.decisions(0).reason(), "permitted by Part 2 court order 'order'");
  ExpectNotice(response);
  EXPECT_EQ(response.obligations_size(), 1);  // no consent to copy
}

TEST_F(ShareTest, AnEmergencyPermitsThemToAHealthOrTreatmentAgencyForAnEmergencyOnly) {
  for (const char* to : {"clinic", "b_west"}) {
    v1::ShareRequest request = Request(to, v1::PURPOSE_EMERGENCY, {kSud});
    AddBasis(&request, "er", v1::LegalBasis::KIND_EMERGENCY, {kSud}, {v1::PURPOSE_EMERGENCY});
    const v1::ShareResponse response = MustShare(request);
    EXPECT_TRUE(response.decisions(0).permit()) << to;
    EXPECT_EQ(response.decisions(0).reason(),
              "permitted by emergency basis 'er' (a medical emergency, 42 CFR 2.51)");
    ExpectNotice(response);
  }
  // To a housing agency: denied.
  v1::ShareRequest request = Request("a_east", v1::PURPOSE_EMERGENCY, {kSud});
  AddBasis(&request, "er", v1::LegalBasis::KIND_EMERGENCY, {kSud}, {v1::PURPOSE_EMERGENCY});
  EXPECT_THAT(Decision(request, kSud).reason(),
              HasSubstr("emergency basis 'er': an emergency permits Part 2 records only to a "
                        "health or treatment agency ('a_east' is AGENCY_TYPE_HOUSING)"));
  EXPECT_TRUE(MustShare(request).obligations().empty());
  // For another purpose, even when the basis lists it: denied.
  request = Request("clinic", v1::PURPOSE_TREATMENT, {kSud});
  AddBasis(&request, "er", v1::LegalBasis::KIND_EMERGENCY, {kSud},
           {v1::PURPOSE_EMERGENCY, v1::PURPOSE_TREATMENT});
  EXPECT_THAT(Decision(request, kSud).reason(),
              HasSubstr("an emergency permits Part 2 records only for PURPOSE_EMERGENCY"));
}

TEST_F(ShareTest, APart2ConsentOutOfForceDoesNotPermitThem) {
  v1::ShareRequest request = Request("b_west", v1::PURPOSE_TREATMENT, {kSud});
  v1::Consent* consent = AddConsent(&request, "p2", {kSud});
  consent->set_part2(true);
  consent->set_revoked_on("2027-06-15");
  EXPECT_FALSE(Permits(request, kSud));
  EXPECT_TRUE(MustShare(request).obligations().empty());
}

// ---- 42 CFR 2.35: criminal justice consents -----------------------------------

TEST_F(ShareTest, ACriminalJusticeConsentStaysInForceUntilItsRevocableFromDay) {
  const auto on = [&](const char* as_of) {
    v1::ShareRequest request = Request("court", v1::PURPOSE_COURT, {kSud});
    request.set_as_of(as_of);
    v1::Consent* consent = AddConsent(&request, "cj", {kSud}, {v1::PURPOSE_COURT});
    consent->set_part2(true);
    consent->set_criminal_justice(true);
    consent->set_revocable_from("2027-09-01");
    consent->set_revoked_on("2027-06-01");  // revoked before it may be
    return Decision(request, kSud);
  };
  EXPECT_TRUE(on("2027-06-01").permit());
  EXPECT_TRUE(on("2027-08-31").permit());
  EXPECT_FALSE(on("2027-09-01").permit());
  EXPECT_THAT(on("2027-09-01").reason(),
              HasSubstr("revoked on 2027-06-01, in effect from 2027-09-01 (revocable_from)"));
  // Revoked after revocable_from: in effect on revoked_on.
  v1::ShareRequest request = Request("parole", v1::PURPOSE_SUPERVISION, {kFamily});
  v1::Consent* consent = AddConsent(&request, "cj", {kFamily}, {v1::PURPOSE_SUPERVISION});
  consent->set_criminal_justice(true);
  consent->set_revocable_from("2027-01-01");
  consent->set_revoked_on("2027-06-16");
  EXPECT_TRUE(Permits(request, kFamily));
  consent->set_revoked_on("2027-06-15");
  EXPECT_FALSE(Permits(request, kFamily));
}

TEST_F(ShareTest, ACriminalJusticeConsentMayNameOnlyCourtOrSupervisionAgencies) {
  v1::ShareRequest request = Request("a_east", v1::PURPOSE_COURT, {kFamily});
  v1::Consent* consent = AddConsent(&request, "cj", {kFamily}, {v1::PURPOSE_COURT});
  consent->set_criminal_justice(true);
  consent->set_revocable_from("2027-09-01");
  consent->clear_recipients();
  consent->add_recipients()->set_agency_id("court");
  consent->add_recipients()->set_agency_type(v1::AGENCY_TYPE_SUPERVISION);
  consent->add_recipients()->set_agency_id("a_east");  // a housing agency
  absl::Status status = Share(*network_, request).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(status), "consents[0].recipients[2]");
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("a criminal justice consent (42 CFR 2.35) may name only court or "
                        "supervision agencies, not 'a_east' (AGENCY_TYPE_HOUSING)"));
  consent->mutable_recipients(2)->set_agency_type(v1::AGENCY_TYPE_HOUSING);  // by type too
  EXPECT_EQ(ErrorField(Share(*network_, request).status()), "consents[0].recipients[2]");
  // Without revocable_from, or revocable_from on an ordinary consent.
  consent->mutable_recipients()->RemoveLast();
  consent->clear_revocable_from();
  EXPECT_EQ(ErrorField(Share(*network_, request).status()), "consents[0].revocable_from");
  consent->set_criminal_justice(false);
  consent->set_revocable_from("2027-09-01");
  EXPECT_EQ(ErrorField(Share(*network_, request).status()), "consents[0].revocable_from");
}

// ---- Packet, obligations, audit ------------------------------------------------

TEST_F(ShareTest, ThePacketHoldsExactlyThePermittedFieldsInRecordOrder) {
  v1::ShareRequest request = Request("a_east", v1::PURPOSE_CASE_MANAGEMENT, {});
  const std::vector<std::pair<const char*, v1::DataCategory>> fields = {
      {"housing.address", kHousing},
      {"family.children", kFamily},
      {"housing.plan", kHousing},
      {"treatment.mat", kSud},
      {"identity.name", v1::DATA_CATEGORY_IDENTITY},
      {"housing.history", kHousing}};
  for (const auto& [path, category] : fields) {
    v1::RecordField* field = request.mutable_record()->add_fields();
    field->set_path(path);
    field->set_category(category);
    field->set_value(absl::StrCat("value of ", path));
  }
  AddConsent(&request, "c", {v1::DATA_CATEGORY_IDENTITY}, {v1::PURPOSE_CASE_MANAGEMENT});
  const v1::ShareResponse response = MustShare(request);
  std::vector<std::string> paths;
  for (const auto& field : response.packet().fields()) {
    paths.push_back(field.path());
    EXPECT_EQ(field.value(), absl::StrCat("value of ", field.path()));
  }
  // HOUSING by the agreement ref_to_housing, IDENTITY by the consent.
  EXPECT_THAT(paths,
              ElementsAre("housing.address", "housing.plan", "identity.name", "housing.history"));
  const v1::ShareAudit& audit = response.audit();
  EXPECT_EQ(audit.as_of(), "2027-06-15");
  EXPECT_EQ(audit.from(), "ref");
  EXPECT_EQ(audit.to(), "a_east");
  EXPECT_EQ(audit.purpose(), v1::PURPOSE_CASE_MANAGEMENT);
  EXPECT_EQ(audit.client_id(), "c1");
  EXPECT_EQ(audit.network_id(), "tiny");
  ASSERT_EQ(audit.permitted_size(), 2);
  EXPECT_EQ(audit.permitted(0).category(), v1::DATA_CATEGORY_IDENTITY);
  EXPECT_EQ(audit.permitted(0).basis_id(), "c");
  EXPECT_EQ(audit.permitted(1).category(), kHousing);
  EXPECT_EQ(audit.permitted(1).basis_id(), "ref_to_housing");
  EXPECT_THAT(audit.denied(), ElementsAre(kSud, kFamily));
  EXPECT_THAT(audit.field_paths(), ElementsAreArray(paths));
  EXPECT_TRUE(response.obligations().empty());  // no Part 2 records in the packet
}

TEST_F(ShareTest, DecisionsFollowTheCategoryOrderAndCoverOnlyCategoriesPresent) {
  v1::ShareRequest request =
      Request("a_east", v1::PURPOSE_CASE_MANAGEMENT, {kFamily, kHousing, kFamily, kSud});
  const v1::ShareResponse response = MustShare(request);
  std::vector<int> categories;
  for (const auto& decision : response.decisions()) categories.push_back(decision.category());
  EXPECT_THAT(categories, ElementsAre(kSud, kHousing, kFamily));
}

// ---- Bad input -------------------------------------------------------------------

TEST_F(ShareTest, AFieldWithoutAKnownCategoryIsInvalid) {
  v1::ShareRequest request = Request("a_east", v1::PURPOSE_CASE_MANAGEMENT, {kHousing});
  v1::RecordField* field = request.mutable_record()->add_fields();
  field->set_path("notes.free_text");
  absl::Status status = Share(*network_, request).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(status), "record.fields[1].category");
  EXPECT_THAT(std::string(status.message()), HasSubstr("field 'notes.free_text' has no category"));
  field->set_category(static_cast<v1::DataCategory>(77));
  status = Share(*network_, request).status();
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("has category 77, which is not a known data category"));
  field->set_category(kHousing);
  field->clear_path();
  EXPECT_EQ(ErrorField(Share(*network_, request).status()), "record.fields[1].path");
}

struct BadShare {
  const char* name;
  void (*mutate)(v1::ShareRequest*);
  absl::StatusCode code;
  const char* field;
};

class BadShareRequest : public ShareTest, public ::testing::WithParamInterface<BadShare> {};

TEST_P(BadShareRequest, IsRejectedNamingTheFieldAndNothingLeaves) {
  v1::ShareRequest request = Request("a_east", v1::PURPOSE_CASE_MANAGEMENT, {kHousing});
  AddConsent(&request, "c", {kHousing}, {v1::PURPOSE_CASE_MANAGEMENT});
  AddBasis(&request, "b", v1::LegalBasis::KIND_STATUTE, {kHousing}, {v1::PURPOSE_CASE_MANAGEMENT});
  GetParam().mutate(&request);
  v1::ShareResponse response;
  response.mutable_packet()->add_fields()->set_path("stale");
  const absl::Status status = Share(*network_, request, &response);
  EXPECT_EQ(status.code(), GetParam().code) << status;
  EXPECT_EQ(ErrorField(status), GetParam().field) << status;
  EXPECT_TRUE(response.packet().fields().empty());
  EXPECT_TRUE(response.decisions().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Share, BadShareRequest,
    ::testing::Values(
        BadShare{"NoClient", [](v1::ShareRequest* r) { r->clear_client_id(); },
                 absl::StatusCode::kInvalidArgument, "client_id"},
        BadShare{"UnknownFrom", [](v1::ShareRequest* r) { r->set_from_agency_id("mi6"); },
                 absl::StatusCode::kNotFound, "from_agency_id"},
        BadShare{"UnknownTo", [](v1::ShareRequest* r) { r->set_to_agency_id("kgb"); },
                 absl::StatusCode::kNotFound, "to_agency_id"},
        BadShare{"ToItself", [](v1::ShareRequest* r) { r->set_to_agency_id("ref"); },
                 absl::StatusCode::kInvalidArgument, "to_agency_id"},
        BadShare{"NoPurpose", [](v1::ShareRequest* r) { r->clear_purpose(); },
                 absl::StatusCode::kInvalidArgument, "purpose"},
        BadShare{"NoDate", [](v1::ShareRequest* r) { r->clear_as_of(); },
                 absl::StatusCode::kInvalidArgument, "as_of"},
        BadShare{"BadDate", [](v1::ShareRequest* r) { r->set_as_of("2027-06-31"); },
                 absl::StatusCode::kInvalidArgument, "as_of"},
        BadShare{"ConsentNotSigned",
                 [](v1::ShareRequest* r) { r->mutable_consents(0)->clear_signed_on(); },
                 absl::StatusCode::kInvalidArgument, "consents[0].signed_on"},
        BadShare{"ConsentEndsBeforeItStarts",
                 [](v1::ShareRequest* r) {
                   r->mutable_consents(0)->set_valid_from("2027-02-01");
                   r->mutable_consents(0)->set_valid_to("2027-01-31");
                 },
                 absl::StatusCode::kInvalidArgument, "consents[0].valid_to"},
        BadShare{"ConsentRecipientUnknown",
                 [](v1::ShareRequest* r) {
                   r->mutable_consents(0)->mutable_recipients(0)->set_agency_id("cia");
                 },
                 absl::StatusCode::kNotFound, "consents[0].recipients[0].agency_id"},
        BadShare{"ConsentRecipientEmpty",
                 [](v1::ShareRequest* r) { r->mutable_consents(0)->add_recipients(); },
                 absl::StatusCode::kInvalidArgument, "consents[0].recipients[1]"},
        BadShare{"ConsentPurposeTwice",
                 [](v1::ShareRequest* r) {
                   r->mutable_consents(0)->add_purposes(v1::PURPOSE_CASE_MANAGEMENT);
                 },
                 absl::StatusCode::kInvalidArgument, "consents[0].purposes[1]"},
        BadShare{"ConsentCategoryUnspecified",
                 [](v1::ShareRequest* r) {
                   r->mutable_consents(0)->add_categories(v1::DATA_CATEGORY_UNSPECIFIED);
                 },
                 absl::StatusCode::kInvalidArgument, "consents[0].categories[1]"},
        BadShare{"DuplicateId", [](v1::ShareRequest* r) { r->mutable_bases(0)->set_basis_id("c"); },
                 absl::StatusCode::kInvalidArgument, "bases[0].basis_id"},
        BadShare{"IdOfAnAgreement",
                 [](v1::ShareRequest* r) { r->mutable_bases(0)->set_basis_id("ref_to_housing"); },
                 absl::StatusCode::kInvalidArgument, "bases[0].basis_id"},
        BadShare{"AgreementInTheRequest",
                 [](v1::ShareRequest* r) {
                   r->mutable_bases(0)->set_kind(v1::LegalBasis::KIND_AGREEMENT);
                 },
                 absl::StatusCode::kInvalidArgument, "bases[0].kind"},
        BadShare{"NoKind", [](v1::ShareRequest* r) { r->mutable_bases(0)->clear_kind(); },
                 absl::StatusCode::kInvalidArgument, "bases[0].kind"},
        BadShare{"Part2OrderOnAStatute",
                 [](v1::ShareRequest* r) { r->mutable_bases(0)->set_part2_order(true); },
                 absl::StatusCode::kInvalidArgument, "bases[0].part2_order"},
        BadShare{"BasisDate",
                 [](v1::ShareRequest* r) { r->mutable_bases(0)->set_valid_to("tomorrow"); },
                 absl::StatusCode::kInvalidArgument, "bases[0].valid_to"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ShareRpc, AnUnknownNetworkIsNotFound) {
  v1::ShareRequest request;
  request.set_network_id("atlantis");
  const absl::Status status = BuiltinEngine().Call<v1::ShareResponse>(request).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorField(status), "network_id");
}

// ---- CheckConsent -------------------------------------------------------------

v1::Consent CompletePart2Consent() {
  v1::Consent consent;
  consent.set_consent_id("p2");
  consent.set_patient_name("Ana Example");
  consent.add_permitted_disclosers("Clinical Reentry Management of Example State");
  consent.set_information_description(
      "substance use disorder diagnosis, medications and attendance, from intake to discharge");
  consent.add_categories(v1::DATA_CATEGORY_SUD_TREATMENT);
  consent.add_recipients()->set_agency_type(v1::AGENCY_TYPE_TREATMENT);
  consent.add_purposes(v1::PURPOSE_TREATMENT);
  consent.set_revocation_statement(true);
  consent.set_expiration_event("end of treatment");
  consent.set_signed_by("Ana Example");
  consent.set_signed_on("2027-01-04");
  consent.set_part2(true);
  return consent;
}

TEST(CheckConsent, ACompleteConsentLacksNothing) {
  auto checked = CheckConsent(CompletePart2Consent());
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_TRUE(checked->complete());
  EXPECT_TRUE(checked->missing().empty());
}

TEST(CheckConsent, EachMissingElementIsNamedWithItsParagraph) {
  using Element = v1::MissingConsentElement;
  const std::vector<std::pair<void (*)(v1::Consent*), Element::Element>> cases = {
      {[](v1::Consent* c) { c->clear_patient_name(); }, Element::ELEMENT_PATIENT_NAME},
      {[](v1::Consent* c) { c->set_patient_name("   "); }, Element::ELEMENT_PATIENT_NAME},
      {[](v1::Consent* c) { c->clear_permitted_disclosers(); },
       Element::ELEMENT_PERMITTED_DISCLOSERS},
      {[](v1::Consent* c) { c->clear_information_description(); }, Element::ELEMENT_INFORMATION},
      {[](v1::Consent* c) { c->set_categories(0, v1::DATA_CATEGORY_HEALTH); },
       Element::ELEMENT_INFORMATION},
      {[](v1::Consent* c) { c->clear_recipients(); }, Element::ELEMENT_RECIPIENTS},
      {[](v1::Consent* c) { c->clear_purposes(); }, Element::ELEMENT_PURPOSE},
      {[](v1::Consent* c) { c->set_revocation_statement(false); },
       Element::ELEMENT_REVOCATION_STATEMENT},
      {[](v1::Consent* c) { c->clear_expiration_event(); }, Element::ELEMENT_EXPIRATION},
      {[](v1::Consent* c) { c->clear_signed_by(); }, Element::ELEMENT_SIGNATURE},
      {[](v1::Consent* c) { c->clear_signed_on(); }, Element::ELEMENT_SIGNATURE_DATE},
  };
  for (const auto& [mutate, element] : cases) {
    v1::Consent consent = CompletePart2Consent();
    mutate(&consent);
    auto checked = CheckConsent(consent);
    ASSERT_TRUE(checked.ok());
    EXPECT_FALSE(checked->complete());
    ASSERT_EQ(checked->missing_size(), 1) << Element::Element_Name(element);
    EXPECT_EQ(checked->missing(0).element(), element);
    EXPECT_EQ(checked->missing(0).citation(),
              absl::StrCat("42 CFR 2.31(a)(", static_cast<int>(element), ")"));
  }
  // An expiration date serves as well as an event.
  v1::Consent consent = CompletePart2Consent();
  consent.clear_expiration_event();
  consent.set_valid_to("2028-01-04");
  EXPECT_TRUE(CheckConsent(consent)->complete());
}

TEST(CheckConsent, AnEmptyConsentLacksAllNineInOrder) {
  auto checked = CheckConsent(v1::Consent());
  ASSERT_TRUE(checked.ok());
  ASSERT_EQ(checked->missing_size(), 9);
  for (int i = 0; i < 9; ++i) EXPECT_EQ(checked->missing(i).element(), i + 1);
}

TEST(CheckConsent, AMalformedDateIsInvalidAndTheRpcAnswers) {
  v1::Consent consent = CompletePart2Consent();
  consent.set_valid_to("2028-02-30");
  EXPECT_EQ(ErrorField(CheckConsent(consent).status()), "consent.valid_to");
  v1::CheckConsentRequest request;
  *request.mutable_consent() = CompletePart2Consent();
  auto response = BuiltinEngine().Call<v1::CheckConsentResponse>(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_TRUE(response->complete());
}

TEST(ShareRpc, TheExampleNetworkSharesWithTheNotice) {
  v1::ShareRequest request;
  request.set_network_id("example_state");
  request.set_client_id("A1001");
  request.set_from_agency_id("reentry_case_management");
  request.set_to_agency_id("recovery_services");
  request.set_purpose(v1::PURPOSE_TREATMENT);
  request.set_as_of("2027-12-20");
  v1::Consent* consent = request.add_consents();
  consent->set_consent_id("c");
  consent->set_signed_on("2027-11-30");
  consent->set_part2(true);
  consent->add_recipients()->set_agency_type(v1::AGENCY_TYPE_TREATMENT);
  consent->add_purposes(v1::PURPOSE_TREATMENT);
  consent->add_categories(v1::DATA_CATEGORY_SUD_TREATMENT);
  v1::RecordField* field = request.mutable_record()->add_fields();
  field->set_path("treatment.mat");
  field->set_category(v1::DATA_CATEGORY_SUD_TREATMENT);
  auto response = BuiltinEngine().Call<v1::ShareResponse>(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->packet().fields_size(), 1);
  EXPECT_EQ(response->obligations(0).text(), std::string(kPart2Notice));
}

}  // namespace
}  // namespace reentry
