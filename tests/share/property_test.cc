// Share against a deliberately simple reference written here, on at least
// 100,000 generated combinations of consents, legal bases, agreements,
// agencies, purposes, dates and records: identical decisions (permit and
// basis), and no packet ever carries a field of a denied category.
//
// The reference compares dates as "YYYY-MM-DD" strings (which order like the
// dates) and walks the sources in the documented order, one rule at a time,
// straight from the text of DESIGN.md.
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "network/test_network.h"
#include "reentry/share/share.h"

namespace reentry {
namespace {

using testing::MustCompile;
using testing::NetworkHeader;

// Agreements whose windows fall inside the generated dates.
const char kAgreements[] = R"(
agreements { agreement_id: "ag_treat" from_agency_id: "ref" to_agency_id: "b_west"
             purposes: [PURPOSE_TREATMENT, PURPOSE_CASE_MANAGEMENT]
             categories: [DATA_CATEGORY_IDENTITY, DATA_CATEGORY_HEALTH,
                          DATA_CATEGORY_SUD_TREATMENT, DATA_CATEGORY_MENTAL_HEALTH]
             valid_from: "2027-01-05" valid_to: "2027-01-12" }
agreements { agreement_id: "ag_treat_2" from_agency_id: "ref" to_agency_id: "b_west"
             purposes: [PURPOSE_PAYMENT] categories: [DATA_CATEGORY_BENEFITS,
                                                      DATA_CATEGORY_IDENTITY]
             valid_from: "2027-01-10" }
agreements { agreement_id: "ag_court" from_agency_id: "parole" to_agency_id: "court"
             purposes: [PURPOSE_COURT, PURPOSE_SUPERVISION]
             categories: [DATA_CATEGORY_SUPERVISION_CONDITIONS, DATA_CATEGORY_CRIMINAL_HISTORY,
                          DATA_CATEGORY_SUD_TREATMENT]
             valid_to: "2027-01-08" }
agreements { agreement_id: "ag_clinic" from_agency_id: "court" to_agency_id: "clinic"
             purposes: [PURPOSE_EMERGENCY, PURPOSE_TREATMENT]
             categories: [DATA_CATEGORY_HEALTH, DATA_CATEGORY_SUD_TREATMENT] }
)";

const char* const kAgencies[] = {"a_east", "b_west", "ref", "court", "parole", "clinic"};
// Their types, as NetworkHeader defines them.
const v1::AgencyType kTypes[] = {
    v1::AGENCY_TYPE_HOUSING, v1::AGENCY_TYPE_TREATMENT,   v1::AGENCY_TYPE_CLINICAL_CASE_MANAGEMENT,
    v1::AGENCY_TYPE_COURT,   v1::AGENCY_TYPE_SUPERVISION, v1::AGENCY_TYPE_HEALTH};

std::string Day(int day) { return absl::StrFormat("2027-01-%02d", day); }

// The categories records and sources draw from (the agreements' among them),
// few enough that sources and records overlap often.
const v1::DataCategory kPool[] = {
    v1::DATA_CATEGORY_IDENTITY,         v1::DATA_CATEGORY_HEALTH,
    v1::DATA_CATEGORY_MENTAL_HEALTH,    v1::DATA_CATEGORY_BENEFITS,
    v1::DATA_CATEGORY_CRIMINAL_HISTORY, v1::DATA_CATEGORY_SUPERVISION_CONDITIONS,
    v1::DATA_CATEGORY_HOUSING,          v1::DATA_CATEGORY_SUD_TREATMENT};

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  int Below(int n) { return static_cast<int>(rng_() % n); }
  bool Chance(int percent) { return Below(100) < percent; }
  // A date in 2027-01-01 .. 2027-01-16, or "" (unset) `unset` percent of the time.
  std::string MaybeDay(int unset) { return Chance(unset) ? "" : Day(1 + Below(16)); }

  v1::Recipient Recipient(bool criminal_justice, const std::string& to) {
    v1::Recipient recipient;
    if (!criminal_justice && Chance(40)) {  // the request's recipient, by id or type
      for (int i = 0; i < 6; ++i) {
        if (to != kAgencies[i]) continue;
        if (Chance(50)) {
          recipient.set_agency_id(to);
        } else {
          recipient.set_agency_type(kTypes[i]);
        }
      }
      return recipient;
    }
    if (criminal_justice) {
      if (Chance(50)) {
        recipient.set_agency_id(Chance(50) ? "court" : "parole");
      } else {
        recipient.set_agency_type(Chance(50) ? v1::AGENCY_TYPE_COURT : v1::AGENCY_TYPE_SUPERVISION);
      }
    } else if (Chance(50)) {
      recipient.set_agency_id(kAgencies[Below(6)]);
    } else {
      recipient.set_agency_type(kTypes[Below(6)]);
    }
    return recipient;
  }

  template <typename Add>
  void Purposes(v1::Purpose wanted, Add add) {
    uint32_t seen = 0;
    for (int i = 0, n = Below(4); i < n; ++i) {
      const int p = Chance(40) ? wanted : 1 + Below(8);
      if (!(seen & (1u << p))) add(static_cast<v1::Purpose>(p));
      seen |= 1u << p;
    }
  }
  template <typename Add>
  void Categories(Add add) {
    uint32_t seen = 0;
    for (int i = 0, n = Below(6); i < n; ++i) {
      // SUD treatment often, so Part 2 rules are exercised.
      const int c = Chance(25)   ? v1::DATA_CATEGORY_SUD_TREATMENT
                    : Chance(80) ? kPool[Below(8)]
                                 : 1 + Below(14);
      if (!(seen & (1u << c))) add(static_cast<v1::DataCategory>(c));
      seen |= 1u << c;
    }
  }

  v1::ShareRequest Request() {
    v1::ShareRequest request;
    request.set_client_id("c");
    const int from = Below(6);
    int to = Below(5);
    if (to >= from) ++to;
    // The pairs with agreements come up often.
    const int pair = Below(10);
    if (pair < 3) {
      request.set_from_agency_id("ref");
      request.set_to_agency_id("b_west");
    } else if (pair == 3) {
      request.set_from_agency_id("parole");
      request.set_to_agency_id("court");
    } else if (pair == 4) {
      request.set_from_agency_id("court");
      request.set_to_agency_id("clinic");
    } else {
      request.set_from_agency_id(kAgencies[from]);
      request.set_to_agency_id(kAgencies[to]);
    }
    request.set_purpose(Chance(15) ? v1::PURPOSE_EMERGENCY
                                   : static_cast<v1::Purpose>(1 + Below(8)));
    request.set_as_of(Day(1 + Below(16)));
    for (int i = 0, n = Below(4); i < n; ++i) {
      v1::Consent* consent = request.add_consents();
      consent->set_consent_id(absl::StrCat("consent_", i));
      consent->set_signed_on(Day(1 + Below(16)));
      consent->set_valid_from(MaybeDay(60));
      consent->set_valid_to(MaybeDay(60));
      if (!consent->valid_from().empty() && !consent->valid_to().empty() &&
          consent->valid_to() < consent->valid_from()) {
        std::swap(*consent->mutable_valid_from(), *consent->mutable_valid_to());
      }
      consent->set_revoked_on(MaybeDay(60));
      consent->set_part2(Chance(40));
      consent->set_criminal_justice(Chance(20));
      if (consent->criminal_justice()) consent->set_revocable_from(Day(1 + Below(16)));
      for (int r = 0, m = 1 + Below(2); r < m; ++r) {
        *consent->add_recipients() = Recipient(consent->criminal_justice(), request.to_agency_id());
      }
      Purposes(request.purpose(), [&](v1::Purpose p) { consent->add_purposes(p); });
      Categories([&](v1::DataCategory c) { consent->add_categories(c); });
    }
    for (int i = 0, n = Below(4); i < n; ++i) {
      v1::LegalBasis* basis = request.add_bases();
      basis->set_basis_id(absl::StrCat("basis_", i));
      basis->set_kind(static_cast<v1::LegalBasis::Kind>(1 + Below(3)));
      if (basis->kind() == v1::LegalBasis::KIND_COURT_ORDER) basis->set_part2_order(Chance(50));
      basis->set_valid_from(MaybeDay(60));
      basis->set_valid_to(MaybeDay(60));
      if (!basis->valid_from().empty() && !basis->valid_to().empty() &&
          basis->valid_to() < basis->valid_from()) {
        std::swap(*basis->mutable_valid_from(), *basis->mutable_valid_to());
      }
      for (int r = 0, m = Below(3); r < m; ++r)
        *basis->add_recipients() = Recipient(false, request.to_agency_id());
      Purposes(request.purpose(), [&](v1::Purpose p) { basis->add_purposes(p); });
      Categories([&](v1::DataCategory c) { basis->add_categories(c); });
    }
    for (int i = 0, n = Below(9); i < n; ++i) {
      v1::RecordField* field = request.mutable_record()->add_fields();
      field->set_path(absl::StrCat("field_", i));
      field->set_category(Chance(80) ? kPool[Below(8)]
                                     : static_cast<v1::DataCategory>(1 + Below(14)));
      field->set_value(absl::StrCat("value_", i));
    }
    return request;
  }

 private:
  std::mt19937_64 rng_;
};

// ---- The reference ------------------------------------------------------------

v1::AgencyType TypeOf(const std::string& agency) {
  for (int i = 0; i < 6; ++i) {
    if (agency == kAgencies[i]) return kTypes[i];
  }
  return v1::AGENCY_TYPE_UNSPECIFIED;
}

bool NamesRecipient(const google::protobuf::RepeatedPtrField<v1::Recipient>& recipients,
                    const std::string& to) {
  for (const auto& r : recipients) {
    if (r.has_agency_id() && r.agency_id() == to) return true;
    if (r.has_agency_type() && r.agency_type() == TypeOf(to)) return true;
  }
  return false;
}

template <typename List, typename T>
bool Lists(const List& list, T value) {
  for (auto v : list) {
    if (v == value) return true;
  }
  return false;
}

bool InWindow(const std::string& from, const std::string& to, const std::string& day) {
  return (from.empty() || from <= day) && (to.empty() || day <= to);
}

struct Expected {
  bool permit = false;
  std::string basis_id;
};

Expected Reference(const Network& network, const v1::ShareRequest& request, int category) {
  const std::string& day = request.as_of();
  const std::string& to = request.to_agency_id();
  const v1::Purpose purpose = request.purpose();
  const bool sud = category == v1::DATA_CATEGORY_SUD_TREATMENT;
  for (const v1::Consent& consent : request.consents()) {
    if (consent.signed_on() > day) continue;
    if (!InWindow(consent.valid_from(), consent.valid_to(), day)) continue;
    if (!consent.revoked_on().empty()) {
      std::string effective = consent.revoked_on();
      if (consent.criminal_justice() && consent.revocable_from() > effective) {
        effective = consent.revocable_from();
      }
      if (effective <= day) continue;
    }
    if (!NamesRecipient(consent.recipients(), to)) continue;
    if (!Lists(consent.purposes(), purpose) || !Lists(consent.categories(), category)) continue;
    if (sud && !consent.part2()) continue;
    return {true, consent.consent_id()};
  }
  for (const v1::LegalBasis& basis : request.bases()) {
    if (!InWindow(basis.valid_from(), basis.valid_to(), day)) continue;
    if (!NamesRecipient(basis.recipients(), to)) continue;
    if (!Lists(basis.purposes(), purpose) || !Lists(basis.categories(), category)) continue;
    if (sud) {
      const bool part2_order =
          basis.kind() == v1::LegalBasis::KIND_COURT_ORDER && basis.part2_order();
      const bool emergency =
          basis.kind() == v1::LegalBasis::KIND_EMERGENCY && purpose == v1::PURPOSE_EMERGENCY &&
          (TypeOf(to) == v1::AGENCY_TYPE_HEALTH || TypeOf(to) == v1::AGENCY_TYPE_TREATMENT);
      if (!part2_order && !emergency) continue;
    }
    return {true, basis.basis_id()};
  }
  if (sud) return {};  // agreements never permit Part 2 records
  for (const v1::Agreement& agreement : network.definition().agreements()) {
    if (agreement.from_agency_id() != request.from_agency_id() || agreement.to_agency_id() != to) {
      continue;
    }
    if (!InWindow(agreement.valid_from(), agreement.valid_to(), day)) continue;
    if (!Lists(agreement.purposes(), purpose) || !Lists(agreement.categories(), category)) {
      continue;
    }
    return {true, agreement.agreement_id()};
  }
  return {};
}

TEST(ShareProperty, DecisionsMatchASimpleReferenceAndNoDeniedFieldEverLeaves) {
  auto network = MustCompile(NetworkHeader("props") + kAgreements);
  ASSERT_NE(network, nullptr);
  Generator generate(20240216);
  int permits = 0, denials = 0, part2_permits = 0, part2_denials = 0;
  constexpr int kCombinations = 120'000;
  for (int trial = 0; trial < kCombinations; ++trial) {
    const v1::ShareRequest request = generate.Request();
    auto response = Share(*network, request);
    ASSERT_TRUE(response.ok()) << response.status() << "\n" << request.DebugString();
    uint32_t present = 0;
    for (const auto& field : request.record().fields()) present |= 1u << field.category();
    uint32_t permitted = 0;
    int decision = 0;
    for (int category = 1; category <= 14; ++category) {
      if (!(present & (1u << category))) continue;
      ASSERT_LT(decision, response->decisions_size());
      const v1::ShareDecision& got = response->decisions(decision++);
      const Expected want = Reference(*network, request, category);
      ASSERT_EQ(got.category(), category);
      ASSERT_EQ(got.permit(), want.permit)
          << "trial " << trial << " " << v1::DataCategory_Name(category) << ": " << got.reason()
          << "\n"
          << request.DebugString();
      ASSERT_EQ(got.basis_id(), want.basis_id) << "trial " << trial;
      ASSERT_FALSE(got.reason().empty());
      if (got.permit()) {
        permitted |= 1u << category;
        ++permits;
        if (category == v1::DATA_CATEGORY_SUD_TREATMENT) ++part2_permits;
      } else {
        ++denials;
        if (category == v1::DATA_CATEGORY_SUD_TREATMENT) ++part2_denials;
      }
    }
    ASSERT_EQ(decision, response->decisions_size());
    // The packet: exactly the permitted fields, in record order; never one
    // of a denied category.
    int next = 0;
    for (const auto& field : request.record().fields()) {
      if (!(permitted & (1u << field.category()))) continue;
      ASSERT_LT(next, response->packet().fields_size());
      ASSERT_EQ(response->packet().fields(next).path(), field.path());
      ASSERT_EQ(response->packet().fields(next).value(), field.value());
      ++next;
    }
    ASSERT_EQ(next, response->packet().fields_size());
    for (const auto& field : response->packet().fields()) {
      ASSERT_TRUE(permitted & (1u << field.category())) << "a denied field left: " << field.path();
    }
    // The notice travels with every packet carrying Part 2 records, and only then.
    const bool carries_part2 = permitted & (1u << v1::DATA_CATEGORY_SUD_TREATMENT);
    ASSERT_EQ(!response->obligations().empty(), carries_part2);
    if (carries_part2) {
      ASSERT_EQ(response->obligations(0).kind(), v1::Obligation::KIND_PART2_NOTICE);
      ASSERT_EQ(response->obligations(0).text(), std::string(kPart2Notice));
    }
    ASSERT_EQ(response->audit().permitted_size() + response->audit().denied_size(),
              response->decisions_size());
  }
  // The generator reaches every outcome often.
  EXPECT_GT(permits, 20'000);
  EXPECT_GT(denials, 20'000);
  EXPECT_GT(part2_permits, 1'000);
  EXPECT_GT(part2_denials, 10'000);
}

}  // namespace
}  // namespace reentry
