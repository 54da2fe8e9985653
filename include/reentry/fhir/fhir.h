// reentry/fhir/fhir.h: FHIR R4 interchange.
//
// Health systems, HIEs and community-care platforms speak FHIR. ExportFhir
// writes a person's case plan (CarePlan + Goals), referrals (ServiceRequest +
// Task, as the HL7 Gravity Project's SDOH Clinical Care guide models them),
// consents (Consent; 42 CFR Part 2 consents labelled) and assessment results
// (Observations, and a RiskAssessment for the risk scale) as one FHIR R4
// Bundle of type collection. ImportConsent reads a FHIR Consent back into
// the Consent that Share takes, rejecting what Share cannot honour. The
// mapping of every field is documented in docs/fhir.md and at
// reentry.v1.ExportFhirRequest.
//
// Pure functions of their inputs: thread-safe, no I/O, no clock.
#ifndef REENTRY_FHIR_FHIR_H_
#define REENTRY_FHIR_FHIR_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "reentry/v1/fhir.pb.h"

namespace reentry {

// rpc ExportFhir. INVALID_ARGUMENT naming the field: no patient_reference,
// nothing to export, a malformed as_of.
absl::Status ExportFhir(const v1::ExportFhirRequest& request, v1::ExportFhirResponse* response);
absl::StatusOr<v1::ExportFhirResponse> ExportFhir(const v1::ExportFhirRequest& request);

// rpc ImportConsent. INVALID_ARGUMENT naming the FHIR path ("provision.type",
// "provision.purpose[1].code") for what Share cannot honour or a malformed
// value.
absl::Status ImportConsent(const v1::ImportConsentRequest& request,
                           v1::ImportConsentResponse* response);
absl::StatusOr<v1::ImportConsentResponse> ImportConsent(const v1::ImportConsentRequest& request);

}  // namespace reentry

#endif  // REENTRY_FHIR_FHIR_H_
