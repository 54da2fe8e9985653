/* The rpcs no other C test calls, through the C ABI from C (C99):
 * LoadCalendar then ListHolidays of it, LoadPolicy, DescribeCatalog,
 * Summarize and Validate, each with a good request checked against values
 * worked by hand and a bad one named by its field. */

#include "check.h"

static void expect_contains(char* response, const char* needle) {
  if (!text_contains(response, needle)) {
    fprintf(stderr, "expected '%s' in %s\n", needle, response != NULL ? response : "(null)");
    ++failures;
  }
  reentry_free(response);
}

int main(void) {
  reentry_engine* engine = NULL;
  if (reentry_engine_create(&engine) != REENTRY_OK) {
    fprintf(stderr, "cannot create an engine: %s\n", reentry_last_error());
    return 1;
  }

  /* A state's own calendar: Founders Day on March 2, a Tuesday in 2027. */
  const char* calendar =
      "{\"text\": \"id: \\\"state_x\\\" version: \\\"1.0\\\" title: \\\"State X\\\""
      " weekend_days: WEEKDAY_SATURDAY weekend_days: WEEKDAY_SUNDAY"
      " holidays { name: \\\"Founders Day\\\""
      " fixed { month: %d day: %d observance: OBSERVANCE_NEAREST_WEEKDAY } }\"}";
  char request[1024];
  snprintf(request, sizeof request, calendar, 3, 2);
  expect_contains(call(engine, "LoadCalendar", request, REENTRY_OK, NULL),
                  "\"kind\":\"calendar\",\"id\":\"state_x\",\"version\":\"1.0\"");
  expect_contains(call(engine, "ListHolidays",
                       "{\"calendarId\": \"state_x\", \"from\": \"2027-01-01\","
                       " \"to\": \"2027-12-31\"}",
                       REENTRY_OK, NULL),
                  "\"date\":\"2027-03-02\"");
  snprintf(request, sizeof request, calendar, 2, 30);
  reentry_free(
      call(engine, "LoadCalendar", request, REENTRY_INVALID_ARGUMENT, "holidays[0].fixed.day"));

  /* LoadPolicy: a field the definition does not have. */
  expect_contains(call(engine, "LoadPolicy", "{\"text\": \"id: \\\"p\\\" bogus: 1\"}",
                       REENTRY_INVALID_ARGUMENT, NULL),
                  "has no field named \\\"bogus\\\"");

  /* DescribeCatalog: the builtin catalog schedules on us_federal. */
  expect_contains(
      call(engine, "DescribeCatalog", "{\"catalogId\": \"reentry_catalog\"}", REENTRY_OK, NULL),
      "\"calendarId\":\"us_federal\"");
  reentry_free(call(engine, "DescribeCatalog", "{\"catalogId\": \"nope\"}", REENTRY_NOT_FOUND,
                    "catalog_id"));

  /* Summarize: an empty plan as of a day; a day that does not exist. */
  expect_contains(
      call(engine, "Summarize", "{\"plan\": {\"clientId\": \"x\"}, \"asOf\": \"2027-05-01\"}",
           REENTRY_OK, NULL),
      "\"clientId\":\"x\",\"asOf\":\"2027-05-01\"");
  reentry_free(call(engine, "Summarize",
                    "{\"plan\": {\"clientId\": \"x\"}, \"asOf\": \"2027-02-30\"}",
                    REENTRY_INVALID_ARGUMENT, "as_of"));

  /* Validate: one person without the outcome scored 1, one with it scored
   * 2: a perfect ranking (AUC 1), one true positive and one true negative. */
  char* report = call(engine, "Validate",
                      "{\"rows\": [{\"score\": 1, \"outcome\": false},"
                      " {\"score\": 2, \"outcome\": true}], \"positiveFrom\": 2}",
                      REENTRY_OK, NULL);
  CHECK(text_contains(report, "\"truePositives\":1,\"falsePositives\":0,\"trueNegatives\":1"));
  expect_contains(report, "\"auc\":1");
  reentry_free(call(engine, "Validate",
                    "{\"rows\": [{\"score\": 1, \"outcome\": false}], \"positiveFrom\": \"NaN\"}",
                    REENTRY_INVALID_ARGUMENT, "positive_from"));

  reentry_engine_destroy(engine);
  if (failures != 0) {
    fprintf(stderr, "%d failures\n", failures);
    return 1;
  }
  printf("definitions_capi_test: ok\n");
  return 0;
}
