/* Planning through the C ABI, tested from C (C99): a plan in JSON, and every
 * kind of bad request named by its field. */
#include "check.h"

/* A plan request for the builtin catalog with one needs-screen result. */
#define PERSON                                                                      \
  "\"person\": {\"phase\": \"PHASE_INSTITUTION\", \"admittedOn\": \"2026-01-05\", " \
  "\"projectedReleaseOn\": \"2027-01-04\"}"
#define ASSESSMENT                                                                         \
  "\"assessments\": [{\"instrumentId\": \"reentry_needs_screen\", \"instrumentVersion\": " \
  "\"1.0\", \"assessedOn\": \"2026-10-20\", \"needs\": [{\"domain\": \"housing\", "        \
  "\"level\": \"high\", \"tier\": \"TIER_HIGH\", \"rank\": 1, \"survival\": true}]}]"

int main(void) {
  reentry_engine* engine = NULL;
  char* response;
  if (reentry_engine_create(&engine) != REENTRY_OK) return 1;

  /* A plan: the builtin catalog, us_federal. */
  response = call(engine, "Plan", "{\"planStartOn\": \"2026-11-02\", " PERSON ", " ASSESSMENT "}",
                  REENTRY_OK, NULL);
  CHECK(response != NULL && strstr(response, "\"goalId\":\"housing.housing_plan\"") != NULL);
  CHECK(response != NULL && strstr(response, "\"catalogId\":\"reentry_catalog\"") != NULL);
  reentry_free(response);

  /* Unknown catalog and calendar: NOT_FOUND. */
  reentry_free(call(engine, "Plan",
                    "{\"catalogId\": \"nope\", \"planStartOn\": \"2026-11-02\", " PERSON
                    ", " ASSESSMENT "}",
                    REENTRY_NOT_FOUND, "catalog_id"));
  reentry_free(call(engine, "Plan",
                    "{\"calendarId\": \"mars\", \"planStartOn\": \"2026-11-02\", " PERSON
                    ", " ASSESSMENT "}",
                    REENTRY_NOT_FOUND, "calendar_id"));
  /* Release before admission. */
  reentry_free(call(engine, "Plan",
                    "{\"planStartOn\": \"2026-11-02\", \"person\": {\"phase\": "
                    "\"PHASE_INSTITUTION\", \"admittedOn\": \"2026-01-05\", "
                    "\"projectedReleaseOn\": \"2025-12-31\"}, " ASSESSMENT "}",
                    REENTRY_INVALID_ARGUMENT, "person.projected_release_on"));
  /* Malformed dates. */
  reentry_free(call(engine, "Plan", "{\"planStartOn\": \"2026-11-31\", " PERSON ", " ASSESSMENT "}",
                    REENTRY_INVALID_ARGUMENT, "plan_start_on"));
  /* No assessments. */
  reentry_free(call(engine, "Plan", "{\"planStartOn\": \"2026-11-02\", " PERSON "}",
                    REENTRY_INVALID_ARGUMENT, "assessments"));
  /* Unknown task ids in progress. */
  reentry_free(call(engine, "Plan",
                    "{\"planStartOn\": \"2026-11-02\", " PERSON ", " ASSESSMENT
                    ", \"previous\": {\"version\": 1, \"tasks\": [{\"taskId\": \"a.b.c\"}]}, "
                    "\"progress\": [{\"taskId\": \"x.y.z\", \"status\": "
                    "\"TASK_STATUS_COMPLETED\"}]}",
                    REENTRY_INVALID_ARGUMENT, "progress[0].task_id"));
  /* A catalog that names a domain no instrument knows. */
  reentry_free(
      call(engine, "LoadCatalog",
           "{\"text\": \"id: 'c' version: '1' title: 'C' need_threshold: TIER_MODERATE "
           "intensities { risk_tier: TIER_LOW intensity: INTENSITY_LOW } rules { rule_id: "
           "'r' domain: 'astrology' goal { term: GOAL_TERM_SHORT title: 'G' tasks { "
           "template_id: 't' title: 'T' owner: OWNER_PERSON phase: PHASE_COMMUNITY } } }\"}",
           REENTRY_INVALID_ARGUMENT, "rules[0].domain"));
  /* Holidays, and a range backwards. */
  response = call(engine, "ListHolidays",
                  "{\"calendarId\": \"us_federal\", \"from\": \"2027-12-01\", \"to\": "
                  "\"2027-12-31\"}",
                  REENTRY_OK, NULL);
  CHECK(response != NULL && strstr(response, "\"date\":\"2027-12-31\"") != NULL);
  reentry_free(response);
  reentry_free(call(engine, "ListHolidays",
                    "{\"calendarId\": \"us_federal\", \"from\": \"2027-12-31\", \"to\": "
                    "\"2027-12-01\"}",
                    REENTRY_INVALID_ARGUMENT, "to"));

  reentry_engine_destroy(engine);
  if (failures > 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("plan_capi_test: all checks passed\n");
  return 0;
}
