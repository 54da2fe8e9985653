// The code systems and codes the FHIR mapping uses (docs/fhir.md), shared by
// export and import so both read and write exactly the same values.
#ifndef REENTRY_SRC_FHIR_CODES_H_
#define REENTRY_SRC_FHIR_CODES_H_

#include "absl/strings/string_view.h"

namespace reentry::fhir_internal {

// HL7 Gravity SDOH Clinical Care temporary codes (SDOHCCValueSetSDOHCategory).
inline constexpr absl::string_view kSdohCategorySystem =
    "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes";
inline constexpr absl::string_view kTaskCodeSystem = "http://hl7.org/fhir/CodeSystem/task-code";
inline constexpr absl::string_view kGoalAchievementSystem =
    "http://terminology.hl7.org/CodeSystem/goal-achievement";
inline constexpr absl::string_view kObservationCategorySystem =
    "http://terminology.hl7.org/CodeSystem/observation-category";
inline constexpr absl::string_view kConsentScopeSystem =
    "http://terminology.hl7.org/CodeSystem/consentscope";
inline constexpr absl::string_view kLoincSystem = "http://loinc.org";
inline constexpr absl::string_view kActCodeSystem =
    "http://terminology.hl7.org/CodeSystem/v3-ActCode";
inline constexpr absl::string_view kParticipationTypeSystem =
    "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
// 42 CFR Part 2 as Consent.policy.uri.
inline constexpr absl::string_view kPart2PolicyUri =
    "https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2";

// The library's own identifiers and codes (no FHIR home).
inline constexpr absl::string_view kAgencySystem = "urn:reentry:agency";
inline constexpr absl::string_view kAgencyTypeSystem = "urn:reentry:agency-type";
inline constexpr absl::string_view kPurposeSystem = "urn:reentry:purpose";
inline constexpr absl::string_view kDataCategorySystem = "urn:reentry:data-category";
inline constexpr absl::string_view kDomainSystem = "urn:reentry:domain";
inline constexpr absl::string_view kReferralSystem = "urn:reentry:referral";
inline constexpr absl::string_view kServiceSystem = "urn:reentry:service";
inline constexpr absl::string_view kCasePlanSystem = "urn:reentry:case-plan";
inline constexpr absl::string_view kConsentSystem = "urn:reentry:consent";
inline constexpr absl::string_view kRevokedOnExtension = "urn:reentry:fhir:revoked-on";
inline constexpr absl::string_view kCriminalJusticeExtension = "urn:reentry:fhir:criminal-justice";
inline constexpr absl::string_view kRevocableFromExtension = "urn:reentry:fhir:revocable-from";
// The elements of a 42 CFR 2.31 consent that R4 Consent has no element for
// (CheckConsent reads them).
inline constexpr absl::string_view kPermittedDiscloserExtension =
    "urn:reentry:fhir:permitted-discloser";
inline constexpr absl::string_view kInformationDescriptionExtension =
    "urn:reentry:fhir:information-description";
inline constexpr absl::string_view kRevocationStatementExtension =
    "urn:reentry:fhir:revocation-statement";
inline constexpr absl::string_view kExpirationEventExtension = "urn:reentry:fhir:expiration-event";

}  // namespace reentry::fhir_internal

#endif  // REENTRY_SRC_FHIR_CODES_H_
