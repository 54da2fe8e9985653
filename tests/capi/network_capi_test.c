/* The network, referral, handoff and allocation rpcs through the C ABI, tested from C
 * (compiled as C99): bad input gets the right status and an error response
 * naming the field, in JSON and in binary; good input gets a response. */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "reentry.h"

/* Whether `n` bytes at `data` contain `needle` (binary responses). */
static int bytes_contain(const void* data, size_t n, const char* needle) {
  size_t m = strlen(needle);
  size_t i;
  if (data == NULL || m > n) return 0;
  for (i = 0; i + m <= n; ++i) {
    if (memcmp((const char*)data + i, needle, m) == 0) return 1;
  }
  return 0;
}

/* Calls `method` with a JSON request; checks the status and that the response
 * (the result, or the reentry.v1.Error) contains each of `expected` (up to
 * three, NULL-terminated early). */
static void call_json(reentry_engine* engine, const char* method, const char* request,
                      reentry_status expected_status, const char* expected1, const char* expected2,
                      const char* expected3) {
  char* response = NULL;
  size_t length = 0;
  reentry_status status =
      reentry_call_json(engine, method, request, strlen(request), &response, &length);
  if (status != expected_status) {
    fprintf(stderr, "%s returned %d, expected %d: %s\n", method, status, (int)expected_status,
            response ? response : "(no response)");
    ++failures;
  }
  CHECK(response != NULL);
  CHECK(response == NULL || strlen(response) == length);
  if (expected1 && !text_contains(response, expected1)) {
    fprintf(stderr, "%s: response lacks '%s': %s\n", method, expected1, response);
    ++failures;
  }
  if (expected2 && !text_contains(response, expected2)) {
    fprintf(stderr, "%s: response lacks '%s': %s\n", method, expected2, response);
    ++failures;
  }
  if (expected3 && !text_contains(response, expected3)) {
    fprintf(stderr, "%s: response lacks '%s': %s\n", method, expected3, response);
    ++failures;
  }
  if (expected_status != REENTRY_OK) {
    /* The same message on this thread (JSON-shaped expectations aside). */
    CHECK(reentry_last_error()[0] != '\0');
    if (expected1 && expected1[0] != '"') CHECK(text_contains(reentry_last_error(), expected1));
  }
  reentry_free(response);
}

/* ---- Binary: a hand-encoded MatchRequest ---------------------------------- */

typedef struct {
  unsigned char bytes[512];
  size_t size;
} buffer;

static void put_varint(buffer* b, uint64_t v) {
  while (v >= 0x80) {
    b->bytes[b->size++] = (unsigned char)(v | 0x80);
    v >>= 7;
  }
  b->bytes[b->size++] = (unsigned char)v;
}

static void put_string(buffer* b, int field, const char* s) {
  size_t n = strlen(s);
  put_varint(b, ((uint64_t)field << 3) | 2);
  put_varint(b, n);
  memcpy(b->bytes + b->size, s, n);
  b->size += n;
}

static void put_message(buffer* b, int field, const buffer* inner) {
  put_varint(b, ((uint64_t)field << 3) | 2);
  put_varint(b, inner->size);
  memcpy(b->bytes + b->size, inner->bytes, inner->size);
  b->size += inner->size;
}

static void put_int(buffer* b, int field, int64_t v) {
  put_varint(b, ((uint64_t)field << 3) | 0);
  put_varint(b, (uint64_t)v);
}

static void binary_match(reentry_engine* engine) {
  /* MatchRequest { network_id = 1; loads = 8 { service_id = 1; available = 2 } } */
  buffer request, load;
  void* response = NULL;
  size_t length = 0;
  reentry_status status;
  request.size = 0;
  load.size = 0;
  put_string(&request, 1, "example_state");
  put_string(&request, 5, "housing"); /* service_domains */
  put_string(&load, 1, "transitional_housing");
  put_int(&load, 2, -4);
  put_message(&request, 8, &load);
  status = reentry_call(engine, "Match", request.bytes, request.size, &response, &length);
  CHECK(status == REENTRY_INVALID_ARGUMENT);
  CHECK(response != NULL);
  /* The binary reentry.v1.Error names the field. */
  CHECK(length > 0 && bytes_contain(response, length, "loads[0].available"));
  reentry_free(response);

  /* An unknown service in the loads: NOT_FOUND. */
  request.size = 0;
  load.size = 0;
  put_string(&request, 1, "example_state");
  put_string(&load, 1, "ghost_service");
  put_message(&request, 8, &load);
  status = reentry_call(engine, "Match", request.bytes, request.size, &response, &length);
  CHECK(status == REENTRY_NOT_FOUND);
  CHECK(length > 0 && bytes_contain(response, length, "loads[0].service_id"));
  reentry_free(response);

  /* Good input: a response. */
  request.size = 0;
  put_string(&request, 1, "example_state");
  put_string(&request, 5, "housing");
  status = reentry_call(engine, "Match", request.bytes, request.size, &response, &length);
  CHECK(status == REENTRY_OK);
  reentry_free(response);
}

int main(void) {
  reentry_engine* engine = NULL;
  if (reentry_engine_create(&engine) != REENTRY_OK) {
    fprintf(stderr, "cannot create an engine: %s\n", reentry_last_error());
    return 1;
  }

  /* Unknown network, for every rpc that names one. */
  call_json(engine, "Match", "{\"networkId\": \"atlantis\"}", REENTRY_NOT_FOUND, "network_id",
            "unknown network 'atlantis'", NULL);
  call_json(engine, "DescribeNetwork", "{\"networkId\": \"atlantis\"}", REENTRY_NOT_FOUND,
            "network_id", NULL, NULL);
  call_json(engine, "Allocate", "{\"networkId\": \"atlantis\"}", REENTRY_NOT_FOUND, "network_id",
            NULL, NULL);
  call_json(engine, "Refer", "{\"networkId\": \"atlantis\"}", REENTRY_NOT_FOUND, "network_id", NULL,
            NULL);
  call_json(engine, "UpdateReferral", "{\"referral\": {\"networkId\": \"atlantis\"}}",
            REENTRY_NOT_FOUND, "referral.network_id", NULL, NULL);
  call_json(engine, "Match", "{\"networkId\": \"example_state\", \"networkVersion\": \"9\"}",
            REENTRY_NOT_FOUND, "network_version", NULL, NULL);

  /* Unknown agency, service, region. */
  call_json(engine, "Refer",
            "{\"networkId\": \"example_state\", \"referralId\": \"r1\", \"clientId\": \"c1\","
            " \"serviceId\": \"job_readiness\", \"fromAgencyId\": \"mi6\", \"on\": \"2027-01-04\"}",
            REENTRY_NOT_FOUND, "from_agency_id", "unknown agency 'mi6'", NULL);
  call_json(engine, "Refer",
            "{\"networkId\": \"example_state\", \"referralId\": \"r1\", \"clientId\": \"c1\","
            " \"serviceId\": \"spa_day\", \"fromAgencyId\": \"parole_office\","
            " \"on\": \"2027-01-04\"}",
            REENTRY_NOT_FOUND, "service_id", "unknown service 'spa_day'", NULL);
  call_json(engine, "Match",
            "{\"networkId\": \"example_state\", \"person\": {\"region\": \"mars\"}}",
            REENTRY_NOT_FOUND, "person.region", NULL, NULL);
  call_json(engine, "Allocate",
            "{\"networkId\": \"example_state\", \"loads\": [{\"serviceId\": \"spa_day\"}]}",
            REENTRY_NOT_FOUND, "loads[0].service_id", NULL, NULL);

  /* Bad request values. */
  call_json(engine, "Match", "{\"networkId\": \"example_state\", \"person\": {\"age\": -3}}",
            REENTRY_INVALID_ARGUMENT, "person.age", "-3 is not an age", NULL);
  call_json(engine, "Refer",
            "{\"networkId\": \"example_state\", \"referralId\": \"r1\", \"clientId\": \"c1\","
            " \"serviceId\": \"job_readiness\", \"fromAgencyId\": \"parole_office\","
            " \"on\": \"2027-02-30\"}",
            REENTRY_INVALID_ARGUMENT, "\"field\":\"on\"", NULL, NULL);
  call_json(engine, "Allocate",
            "{\"networkId\": \"example_state\", \"people\": [{\"clientId\": \"a\"},"
            " {\"clientId\": \"a\"}]}",
            REENTRY_INVALID_ARGUMENT, "people[1].client_id", "listed twice", NULL);
  call_json(engine, "Match", "{\"networkId\": \"example_state\", \"bogus\": 1}",
            REENTRY_INVALID_ARGUMENT, NULL, NULL, NULL);

  /* An illegal referral move. */
  call_json(engine, "UpdateReferral",
            "{\"referral\": {\"referralId\": \"r1\", \"networkId\": \"example_state\","
            " \"serviceId\": \"job_readiness\", \"toAgencyId\": \"workforce_center\","
            " \"state\": \"REFERRAL_STATE_DRAFT\"},"
            " \"toState\": \"REFERRAL_STATE_COMPLETED\", \"on\": \"2027-01-05\"}",
            9 /* FAILED_PRECONDITION */, "REFERRAL_STATE_DRAFT", "REFERRAL_STATE_COMPLETED",
            "to_state");

  /* Definition errors name the network and the field. */
  call_json(engine, "LoadNetwork",
            "{\"text\": \"id: \\\"bad\\\" version: \\\"1\\\" title: \\\"Bad\\\" "
            "regions { region_id: \\\"r\\\" name: \\\"R\\\" } "
            "agencies { agency_id: \\\"a\\\" name: \\\"A\\\" type: AGENCY_TYPE_HOUSING "
            "region: \\\"r\\\" calendar_id: \\\"us_federal\\\" } "
            "services { service_id: \\\"s\\\" agency_id: \\\"a\\\" domain: \\\"housing\\\" "
            "title: \\\"S\\\" languages: [\\\"en\\\"] capacity: -1 }\"}",
            REENTRY_INVALID_ARGUMENT, "services[0].capacity", "network 'bad' version 1",
            "below zero");
  call_json(engine, "LoadNetwork",
            "{\"text\": \"id: \\\"bad\\\" version: \\\"1\\\" title: \\\"Bad\\\" "
            "regions { region_id: \\\"r\\\" name: \\\"R\\\" } "
            "agencies { agency_id: \\\"a\\\" name: \\\"A\\\" type: AGENCY_TYPE_HOUSING "
            "region: \\\"r\\\" calendar_id: \\\"moon\\\" }\"}",
            REENTRY_INVALID_ARGUMENT, "agencies[0].calendar_id", "unknown calendar 'moon'", NULL);
  call_json(engine, "LoadNetwork", "{\"text\": \"agencies {\"}", REENTRY_INVALID_ARGUMENT,
            "\"field\":\"text\"", NULL, NULL);

  /* Good calls. */
  call_json(engine, "DescribeNetwork", "{\"networkId\": \"example_state\"}", REENTRY_OK,
            "north_facility", NULL, NULL);
  call_json(engine, "Refer",
            "{\"networkId\": \"example_state\", \"referralId\": \"r1\", \"clientId\": \"c1\","
            " \"serviceId\": \"job_readiness\", \"fromAgencyId\": \"reentry_case_management\","
            " \"on\": \"2027-01-04\", \"send\": true}",
            REENTRY_OK, "REFERRAL_STATE_SENT", "case_management_to_workforce", NULL);

  /* Handoff: a plan's lead moves; bad agencies, phase and lead named. */
#define PLAN "\"plan\": {\"clientId\": \"c1\", \"version\": 1, \"planStartOn\": \"2027-01-04\"}"
  call_json(engine, "Handoff",
            "{\"networkId\": \"example_state\", " PLAN
            ", \"fromAgencyId\": \"north_facility\","
            " \"toAgencyId\": \"parole_office\", \"phase\": \"PHASE_COMMUNITY\","
            " \"on\": \"2027-03-15\"}",
            REENTRY_OK, "\"leadAgencyId\":\"parole_office\"", "\"taskId\":\"handoff.2.records\",",
            "\"dueOn\":\"2027-03-08\"");
  call_json(engine, "Handoff",
            "{\"networkId\": \"example_state\", " PLAN
            ", \"fromAgencyId\": \"atlantis\","
            " \"toAgencyId\": \"parole_office\", \"phase\": \"PHASE_COMMUNITY\","
            " \"on\": \"2027-03-15\"}",
            REENTRY_NOT_FOUND, "from_agency_id", NULL, NULL);
  call_json(engine, "Handoff",
            "{\"networkId\": \"example_state\", " PLAN
            ", \"fromAgencyId\": \"north_facility\","
            " \"toAgencyId\": \"parole_office\", \"on\": \"2027-03-15\"}",
            REENTRY_INVALID_ARGUMENT, "phase", NULL, NULL);
  call_json(engine, "Handoff",
            "{\"networkId\": \"example_state\", \"plan\": {\"clientId\": \"c1\", \"version\": 2,"
            " \"leadAgencyId\": \"parole_office\"}, \"fromAgencyId\": \"north_facility\","
            " \"toAgencyId\": \"reentry_case_management\", \"phase\": \"PHASE_COMMUNITY\","
            " \"on\": \"2027-03-15\"}",
            REENTRY_FAILED_PRECONDITION, "from_agency_id", "parole_office", NULL);
#undef PLAN

  binary_match(engine);

  reentry_engine_destroy(engine);
  if (failures) fprintf(stderr, "%d failures\n", failures);
  return failures ? 1 : 0;
}
