/* ExportFhir and ImportConsent through the C ABI, tested from C (compiled as
 * C99): a consent and a referral become a Bundle of three resources whose
 * values are checked one by one; the consent read back is the one sent;
 * bad input is INVALID_ARGUMENT naming the field or the FHIR path. */

#include <stdlib.h>

#include "check.h"

static void expect_contains(const char* text, const char* needle) {
  if (!text_contains(text, needle)) {
    fprintf(stderr, "expected '%s' in %s\n", needle, text != NULL ? text : "(null)");
    ++failures;
  }
}

int main(void) {
  reentry_engine* engine = NULL;
  if (reentry_engine_create(&engine) != REENTRY_OK) {
    fprintf(stderr, "cannot create an engine: %s\n", reentry_last_error());
    return 1;
  }

  /* A Part 2 consent in force on 2027-03-01 and a referral declined by the
   * receiving agency: Consent, ServiceRequest and Task. */
  const char* export_request =
      "{\"patientReference\": \"Patient/A1\", \"asOf\": \"2027-03-01\","
      " \"consents\": [{\"consentId\": \"c1\", \"signedOn\": \"2027-02-01\","
      " \"validTo\": \"2028-02-01\", \"part2\": true,"
      " \"recipients\": [{\"agencyId\": \"harbor_treatment\"}],"
      " \"purposes\": [\"PURPOSE_TREATMENT\"],"
      " \"categories\": [\"DATA_CATEGORY_SUD_TREATMENT\"]}],"
      " \"referrals\": [{\"referralId\": \"r-7\", \"serviceId\": \"outpatient_sud\","
      " \"domain\": \"substance_use\", \"fromAgencyId\": \"parole_office\","
      " \"toAgencyId\": \"harbor_treatment\", \"state\": \"REFERRAL_STATE_DECLINED\","
      " \"referredOn\": \"2027-02-02\","
      " \"history\": [{\"toState\": \"REFERRAL_STATE_SENT\", \"on\": \"2027-02-02\"},"
      " {\"toState\": \"REFERRAL_STATE_DECLINED\", \"on\": \"2027-02-09\","
      " \"note\": \"no opening this quarter\"}]}]}";
  char* response = call(engine, "ExportFhir", export_request, REENTRY_OK, NULL);
  /* The Bundle is a JSON string inside the response: its quotes are escaped. */
  expect_contains(response, "\"resourceCount\":3");
  expect_contains(response, "{\\\"resourceType\\\":\\\"Bundle\\\",\\\"type\\\":\\\"collection\\\"");
  expect_contains(response,
                  "\\\"resourceType\\\":\\\"ServiceRequest\\\",\\\"id\\\":\\\"sr-r-7\\\"");
  expect_contains(response, "\\\"status\\\":\\\"revoked\\\"");
  expect_contains(response, "\\\"resourceType\\\":\\\"Task\\\",\\\"id\\\":\\\"task-r-7\\\"");
  expect_contains(response, "\\\"status\\\":\\\"rejected\\\"");
  expect_contains(response, "\\\"statusReason\\\":{\\\"text\\\":\\\"no opening this quarter\\\"}");
  expect_contains(response, "\\\"focus\\\":{\\\"reference\\\":\\\"ServiceRequest/sr-r-7\\\"}");
  expect_contains(response, "\\\"resourceType\\\":\\\"Consent\\\",\\\"id\\\":\\\"consent-c1\\\"");
  expect_contains(response, "\\\"code\\\":\\\"42CFRPart2\\\"");
  expect_contains(response, "\\\"period\\\":{\\\"end\\\":\\\"2028-02-01\\\"}");
  reentry_free(response);

  /* Missing patient and nothing to export are named. */
  reentry_free(call(engine, "ExportFhir", "{\"consents\": [{\"consentId\": \"c\"}]}",
                    REENTRY_INVALID_ARGUMENT, "patient_reference"));
  reentry_free(call(engine, "ExportFhir", "{\"patientReference\": \"Patient/A1\"}",
                    REENTRY_INVALID_ARGUMENT, "plan"));
  reentry_free(call(engine, "ExportFhir",
                    "{\"patientReference\": \"Patient/A1\", \"asOf\": \"2027-02-30\","
                    " \"consents\": [{\"consentId\": \"c\"}]}",
                    REENTRY_INVALID_ARGUMENT, "as_of"));

  /* A FHIR Consent read back: the fields Share uses. */
  const char* import_request =
      "{\"consentJson\": \"{\\\"resourceType\\\":\\\"Consent\\\",\\\"id\\\":\\\"c9\\\","
      "\\\"status\\\":\\\"active\\\",\\\"dateTime\\\":\\\"2027-01-05\\\","
      "\\\"policy\\\":[{\\\"uri\\\":"
      "\\\"https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2\\\"}],"
      "\\\"provision\\\":{\\\"type\\\":\\\"permit\\\","
      "\\\"period\\\":{\\\"start\\\":\\\"2027-01-05\\\",\\\"end\\\":\\\"2027-07-05\\\"},"
      "\\\"actor\\\":[{\\\"role\\\":{\\\"text\\\":\\\"recipient\\\"},\\\"reference\\\":"
      "{\\\"identifier\\\":{\\\"system\\\":\\\"urn:reentry:agency\\\","
      "\\\"value\\\":\\\"harbor_treatment\\\"}}}],"
      "\\\"purpose\\\":[{\\\"system\\\":\\\"urn:reentry:purpose\\\","
      "\\\"code\\\":\\\"PURPOSE_TREATMENT\\\"}],"
      "\\\"class\\\":[{\\\"system\\\":\\\"urn:reentry:data-category\\\","
      "\\\"code\\\":\\\"DATA_CATEGORY_SUD_TREATMENT\\\"}]}}\"}";
  response = call(engine, "ImportConsent", import_request, REENTRY_OK, NULL);
  expect_contains(response, "\"consentId\":\"c9\"");
  expect_contains(response, "\"signedOn\":\"2027-01-05\"");
  expect_contains(response, "\"validFrom\":\"2027-01-05\"");
  expect_contains(response, "\"validTo\":\"2027-07-05\"");
  expect_contains(response, "\"part2\":true");
  expect_contains(response, "\"agencyId\":\"harbor_treatment\"");
  expect_contains(response, "\"purposes\":[\"PURPOSE_TREATMENT\"]");
  expect_contains(response, "\"categories\":[\"DATA_CATEGORY_SUD_TREATMENT\"]");
  reentry_free(response);

  /* A deny provision Share cannot honour, named by its FHIR path. */
  reentry_free(
      call(engine, "ImportConsent",
           "{\"consentJson\": \"{\\\"resourceType\\\":\\\"Consent\\\",\\\"id\\\":\\\"c\\\","
           "\\\"status\\\":\\\"active\\\",\\\"dateTime\\\":\\\"2027-01-05\\\","
           "\\\"provision\\\":{\\\"type\\\":\\\"deny\\\"}}\"}",
           REENTRY_INVALID_ARGUMENT, "provision.type"));
  reentry_free(call(engine, "ImportConsent", "{\"consentJson\": \"[1, 2\"}",
                    REENTRY_INVALID_ARGUMENT, "consent_json"));
  reentry_free(call(engine, "ImportConsent",
                    "{\"consentJson\": \"{\\\"resourceType\\\":\\\"Patient\\\"}\"}",
                    REENTRY_INVALID_ARGUMENT, "resourceType"));

  reentry_engine_destroy(engine);
  if (failures != 0) {
    fprintf(stderr, "%d failures\n", failures);
    return 1;
  }
  printf("fhir_capi_test: ok\n");
  return 0;
}
