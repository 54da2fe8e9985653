/* Share and CheckConsent through the C ABI, tested from C (compiled as
 * C99): unknown network and agencies are NOT_FOUND; bad input is
 * INVALID_ARGUMENT naming the field; on every failure the response is the
 * error alone (no packet); a good request gets its packet and the notice. */

#include "check.h"

/* A Share request from reentry_case_management to `to` with one consent
 * whose extra members are `consent_extra`, and a record of `fields`. */
static void share_request(char* out, size_t n, const char* network, const char* to,
                          const char* consent_extra, const char* fields) {
  snprintf(out, n,
           "{\"networkId\": \"%s\", \"clientId\": \"A1\","
           " \"fromAgencyId\": \"reentry_case_management\", \"toAgencyId\": \"%s\","
           " \"purpose\": \"PURPOSE_TREATMENT\", \"asOf\": \"2027-12-20\","
           " \"consents\": [{\"consentId\": \"c1\", \"signedOn\": \"2027-11-30\","
           " \"recipients\": [{\"agencyType\": \"AGENCY_TYPE_TREATMENT\"}],"
           " \"purposes\": [\"PURPOSE_TREATMENT\"],"
           " \"categories\": [\"DATA_CATEGORY_SUD_TREATMENT\"]%s}],"
           " \"record\": {\"fields\": [%s]}}",
           network, to, consent_extra, fields);
}

static void expect(reentry_engine* engine, const char* method, const char* request,
                   reentry_status expected, const char* needle1, const char* needle2) {
  char* response = NULL;
  size_t length = 0;
  reentry_status status =
      reentry_call_json(engine, method, request, strlen(request), &response, &length);
  if (status != expected) {
    fprintf(stderr, "%s returned %d, expected %d: %s\n", method, status, (int)expected,
            response ? response : "(none)");
    ++failures;
  }
  CHECK(response != NULL);
  if (needle1 && !text_contains(response, needle1)) {
    fprintf(stderr, "%s: response lacks '%s': %s\n", method, needle1, response);
    ++failures;
  }
  if (needle2 && !text_contains(response, needle2)) {
    fprintf(stderr, "%s: response lacks '%s': %s\n", method, needle2, response);
    ++failures;
  }
  if (expected != REENTRY_OK) {
    /* Nothing of the record leaves with an error. */
    CHECK(!text_contains(response, "packet"));
    CHECK(!text_contains(response, "methadone"));
  }
  reentry_free(response);
}

int main(void) {
  reentry_engine* engine = NULL;
  char request[4096];
  const char* sud_field =
      "{\"path\": \"treatment.mat\", \"category\": \"DATA_CATEGORY_SUD_TREATMENT\","
      " \"value\": \"methadone 80 mg\"}";
  if (reentry_engine_create(&engine) != REENTRY_OK) {
    fprintf(stderr, "cannot create an engine: %s\n", reentry_last_error());
    return 1;
  }

  /* Unknown network and agencies. */
  share_request(request, sizeof request, "atlantis", "recovery_services", "", sud_field);
  expect(engine, "Share", request, REENTRY_NOT_FOUND, "network_id", NULL);
  share_request(request, sizeof request, "example_state", "mi6", "", sud_field);
  expect(engine, "Share", request, REENTRY_NOT_FOUND, "to_agency_id", "unknown agency 'mi6'");

  /* A field without a known category. */
  share_request(request, sizeof request, "example_state", "recovery_services", "",
                "{\"path\": \"notes\", \"value\": \"methadone\"}");
  expect(engine, "Share", request, REENTRY_INVALID_ARGUMENT, "record.fields[0].category",
         "has no category");

  /* A criminal justice consent naming a treatment agency. */
  share_request(request, sizeof request, "example_state", "recovery_services",
                ", \"criminalJustice\": true, \"revocableFrom\": \"2028-01-01\"", sud_field);
  expect(engine, "Share", request, REENTRY_INVALID_ARGUMENT, "consents[0].recipients[0]",
         "42 CFR 2.35");

  /* A malformed date, an unknown JSON field. */
  share_request(request, sizeof request, "example_state", "recovery_services",
                ", \"revokedOn\": \"2027-13-01\"", sud_field);
  expect(engine, "Share", request, REENTRY_INVALID_ARGUMENT, "consents[0].revoked_on", NULL);
  expect(engine, "Share", "{\"networkId\": \"example_state\", \"secret\": 1}",
         REENTRY_INVALID_ARGUMENT, NULL, NULL);

  /* An ordinary consent does not permit Part 2 records: an empty packet. */
  share_request(request, sizeof request, "example_state", "recovery_services", "", sud_field);
  expect(engine, "Share", request, REENTRY_OK, "\"permit\":false", "is not a Part 2 consent");
  /* A Part 2 consent does, with the 2024 notice. */
  share_request(request, sizeof request, "example_state", "recovery_services", ", \"part2\": true",
                sud_field);
  expect(engine, "Share", request, REENTRY_OK, "methadone 80 mg",
         "prohibits unauthorized use or disclosure of these records");

  /* CheckConsent. */
  expect(engine, "CheckConsent", "{\"consent\": {\"signedOn\": \"2027-02-30\"}}",
         REENTRY_INVALID_ARGUMENT, "consent.signed_on", NULL);
  expect(engine, "CheckConsent", "{\"consent\": {\"consentId\": \"c\"}}", REENTRY_OK,
         "42 CFR 2.31(a)(1)", "ELEMENT_SIGNATURE_DATE");

  reentry_engine_destroy(engine);
  if (failures) fprintf(stderr, "%d failures\n", failures);
  return failures ? 1 : 0;
}
