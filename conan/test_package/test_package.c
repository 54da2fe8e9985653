/* A host of the C ABI, built out of tree against an installed reentry: by
 * Conan's test_package, by CMake with find_package(reentry) and
 * reentry::reentry_c, and by pkg-config (tests/install/consume.sh). It
 * creates an engine, scores one person with the PSA and checks the scores the
 * PSA's published formula gives (worked out in tests/python/test_engine.py):
 * FTA 4, NCA 6, NVCA flagged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reentry.h"

static const char kPerson[] =
    "{\"instrumentId\": \"psa\", \"responses\": ["
    "{\"itemId\": \"age_at_current_arrest\", \"number\": 20},"
    "{\"itemId\": \"current_violent_offense\", \"boolean\": true},"
    "{\"itemId\": \"pending_charge\", \"boolean\": true},"
    "{\"itemId\": \"prior_misdemeanor_conviction\", \"boolean\": true},"
    "{\"itemId\": \"prior_felony_conviction\", \"boolean\": false},"
    "{\"itemId\": \"prior_violent_convictions\", \"number\": 1},"
    "{\"itemId\": \"prior_fta_past_two_years\", \"number\": 1},"
    "{\"itemId\": \"prior_fta_older_than_two_years\", \"boolean\": false},"
    "{\"itemId\": \"prior_sentence_to_incarceration\", \"boolean\": true}]}";

/* The response from scale `scale_id` on (scales come one after another), or
 * "" when it has none. */
static const char* scale_part(const char* json, const char* scale_id) {
  char needle[64];
  const char* at;
  snprintf(needle, sizeof needle, "\"scaleId\":\"%s\"", scale_id);
  at = strstr(json, needle);
  return at == NULL ? "" : at;
}

/* The number after the first `key` of scale `scale_id`, or -1. */
static long scale_number(const char* json, const char* scale_id, const char* key) {
  const char* at = strstr(scale_part(json, scale_id), key);
  return at == NULL ? -1 : strtol(at + strlen(key), NULL, 10);
}

int main(void) {
  reentry_engine* engine = NULL;
  reentry_error* error = NULL;
  char* response = NULL;
  size_t length = 0;
  int ok;
  if (reentry_engine_create_with(NULL, &engine, &error) != REENTRY_OK) {
    fprintf(stderr, "engine: %s\n", reentry_error_message(error));
    reentry_error_free(error);
    return 1;
  }
  ok = reentry_call_json(engine, "Score", kPerson, strlen(kPerson), &response, &length) ==
           REENTRY_OK &&
       scale_number(response, "fta", "\"scaledScore\":") == 4 &&
       scale_number(response, "nca", "\"scaledScore\":") == 6 &&
       strstr(scale_part(response, "nvca"), "\"flag\":true") != NULL;
  printf("reentry %s (ABI %d): %s\n", reentry_version(), reentry_abi_version(),
         ok ? "scored a person: FTA 4, NCA 6, NVCA flagged" : response);
  reentry_free(response);
  reentry_engine_destroy(engine);
  return ok ? 0 : 1;
}
