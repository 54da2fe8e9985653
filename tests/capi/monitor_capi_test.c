/* Monitoring through the C ABI, tested from C (C99): a compliance report in
 * JSON, and every kind of bad event named by its field. */
#include "check.h"

/* Person M's plan, cut down: the intake due Fri 2027-03-19, the housing
 * application due Fri 2027-05-07. */
#define PLAN                                                                                 \
  "\"plan\": {\"clientId\": \"m\", \"version\": 1, \"dosageTargetHours\": 100, \"goals\": [" \
  "{\"goalId\": \"sud\", \"domain\": \"substance_use\", \"criminogenic\": true}, "           \
  "{\"goalId\": \"housing\", \"domain\": \"housing\"}], \"tasks\": ["                        \
  "{\"taskId\": \"sud.intake\", \"goalId\": \"sud\", \"dueOn\": \"2027-03-19\", "            \
  "\"dosageHours\": 2}, "                                                                    \
  "{\"taskId\": \"housing.apply\", \"goalId\": \"housing\", \"dueOn\": \"2027-05-07\"}]}, "  \
  "\"person\": {\"releasedOn\": \"2027-03-15\", \"supervisionStartOn\": \"2027-03-15\"}, "   \
  "\"supervisionLevel\": \"medium\""

static void bad(reentry_engine* engine, const char* events, const char* as_of, const char* field,
                const char* words) {
  char request[4096];
  char* response;
  snprintf(request, sizeof request, "{" PLAN ", \"asOf\": \"%s\", \"events\": [%s]}", as_of,
           events);
  response = call(engine, "Monitor", request, REENTRY_INVALID_ARGUMENT, field);
  if (!text_contains(response, words)) {
    fprintf(stderr, "expected '%s' in %s\n", words, response != NULL ? response : "(null)");
    ++failures;
  }
  reentry_free(response);
}

int main(void) {
  reentry_engine* engine = NULL;
  char* response;
  if (reentry_engine_create(&engine) != REENTRY_OK) return 1;

  /* Tue 2027-06-01: the application is 16 business days overdue (Memorial
   * Day Mon May 31 not counted); the intake was done on its due date; one
   * session attended of two counted (the excused absence is not). */
  response = call(engine, "Monitor",
                  "{" PLAN
                  ", \"asOf\": \"2027-06-01\", \"events\": ["
                  "{\"eventId\": \"d\", \"on\": \"2027-03-19\", \"taskCompleted\": "
                  "{\"taskId\": \"sud.intake\"}}, "
                  "{\"eventId\": \"a1\", \"on\": \"2027-03-22\", \"attendance\": "
                  "{\"taskId\": \"sud.intake\", \"status\": \"STATUS_ATTENDED\", \"hours\": 2}}, "
                  "{\"eventId\": \"a2\", \"on\": \"2027-03-29\", \"attendance\": "
                  "{\"taskId\": \"sud.intake\", \"status\": \"STATUS_ABSENT_EXCUSED\"}}, "
                  "{\"eventId\": \"a3\", \"on\": \"2027-04-05\", \"attendance\": "
                  "{\"taskId\": \"sud.intake\", \"status\": \"STATUS_ABSENT_UNEXCUSED\"}}]}",
                  REENTRY_OK, NULL);
  CHECK(text_contains(response, "\"taskId\":\"housing.apply\""));
  CHECK(text_contains(response, "\"businessDaysOverdue\":16"));
  CHECK(text_contains(response, "\"complianceRate\":0.5"));
  CHECK(text_contains(response, "\"attendanceRate\":0.5"));
  CHECK(text_contains(response, "\"deliveredHours\":2"));
  CHECK(text_contains(response, "\"direction\":\"DIRECTION_HOLD\""));
  CHECK(text_contains(response, "\"policyId\":\"reentry_policy\""));
  reentry_free(response);

  /* Bad events, each named by its field. */
  bad(engine,
      "{\"eventId\": \"a\", \"on\": \"2027-04-01\", \"attendance\": {\"taskId\": \"nope\", "
      "\"status\": \"STATUS_ATTENDED\"}}",
      "2027-05-01", "events[0].attendance.task_id", "no task 'nope' in plan version 1");
  bad(engine,
      "{\"eventId\": \"d\", \"on\": \"2027-04-01\", \"taskCompleted\": {\"taskId\": \"x\"}}",
      "2027-05-01", "events[0].task_completed.task_id", "no task 'x'");
  bad(engine,
      "{\"eventId\": \"v\", \"on\": \"2027-05-02\", \"violation\": {\"severity\": "
      "\"SEVERITY_LOW\"}}",
      "2027-05-01", "events[0].on", "is after as_of 2027-05-01");
  bad(engine,
      "{\"eventId\": \"v\", \"on\": \"2027-04-02\", \"violation\": {\"severity\": "
      "\"SEVERITY_LOW\"}}, "
      "{\"eventId\": \"v\", \"on\": \"2027-04-03\", \"violation\": {\"severity\": "
      "\"SEVERITY_LOW\"}}",
      "2027-05-01", "events[1].event_id", "is given twice");
  bad(engine, "{\"eventId\": \"k\", \"on\": \"2027-04-01\"}", "2027-05-01", "events[0].kind",
      "the kind is required");
  bad(engine, "{\"eventId\": \"s\", \"on\": \"2027-04-01\", \"violation\": {}}", "2027-05-01",
      "events[0].violation.severity", "the severity is required");
  bad(engine, "{\"eventId\": \"s\", \"on\": \"2027-04-31\", \"incentive\": {}}", "2027-05-01",
      "events[0].on", "2027-04-31");
  /* An unknown severity or kind is not a reentry.v1.MonitorRequest at all. */
  bad(engine,
      "{\"eventId\": \"s\", \"on\": \"2027-04-01\", \"violation\": {\"severity\": "
      "\"SEVERITY_EXTREME\"}}",
      "2027-05-01", "request", "SEVERITY_EXTREME");
  bad(engine, "{\"eventId\": \"p\", \"on\": \"2027-04-01\", \"parole\": {}}", "2027-05-01",
      "request", "parole");

  /* An unknown policy: NOT_FOUND. */
  reentry_free(call(engine, "Monitor",
                    "{" PLAN ", \"asOf\": \"2027-05-01\", \"policyId\": \"nope\"}",
                    REENTRY_NOT_FOUND, "policy_id"));
  /* An unknown supervision level. */
  reentry_free(call(engine, "Monitor",
                    "{\"plan\": {}, \"asOf\": \"2027-05-01\", \"supervisionLevel\": \"maximum\"}",
                    REENTRY_INVALID_ARGUMENT, "supervision_level"));
  /* The builtin policy, described. */
  response = call(engine, "DescribePolicy", "{}", REENTRY_OK, NULL);
  CHECK(text_contains(response, "\"everyDays\":45"));
  reentry_free(response);

  reentry_engine_destroy(engine);
  if (failures == 0) printf("monitor_capi_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
