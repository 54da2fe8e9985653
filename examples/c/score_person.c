/* Scores one person with the PSA through the C ABI, in JSON, and prints the
 * response; then shows what a bad request returns.
 *
 *   score_person [request.json]     (default: the README demo person)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reentry.h"

static const char kPerson[] =
    "{\"instrumentId\": \"psa\", \"clientId\": \"demo-001\", \"assessedOn\": \"2026-11-23\","
    " \"responses\": ["
    "{\"itemId\": \"age_at_current_arrest\", \"number\": 20},"
    "{\"itemId\": \"current_violent_offense\", \"boolean\": true},"
    "{\"itemId\": \"pending_charge\", \"boolean\": true},"
    "{\"itemId\": \"prior_misdemeanor_conviction\", \"boolean\": true},"
    "{\"itemId\": \"prior_felony_conviction\", \"boolean\": false},"
    "{\"itemId\": \"prior_violent_convictions\", \"number\": 1},"
    "{\"itemId\": \"prior_fta_past_two_years\", \"number\": 1},"
    "{\"itemId\": \"prior_fta_older_than_two_years\", \"boolean\": false},"
    "{\"itemId\": \"prior_sentence_to_incarceration\", \"boolean\": true}]}";

static char* read_file(const char* path, size_t* length) {
  FILE* file = fopen(path, "rb");
  char* text;
  long size;
  if (file == NULL) return NULL;
  fseek(file, 0, SEEK_END);
  size = ftell(file);
  fseek(file, 0, SEEK_SET);
  text = (char*)malloc((size_t)size + 1);
  *length = fread(text, 1, (size_t)size, file);
  text[*length] = '\0';
  fclose(file);
  return text;
}

int main(int argc, char** argv) {
  reentry_engine* engine = NULL;
  char* response = NULL;
  size_t response_len = 0;
  const char* request = kPerson;
  size_t request_len = strlen(kPerson);
  char* from_file = NULL;
  reentry_status status;
  const char* bad =
      "{\"instrumentId\": \"psa\", \"responses\": "
      "[{\"itemId\": \"prior_violent_convictions\", \"number\": -1}]}";

  printf("reentry %s (ABI %d)\n", reentry_version(), reentry_abi_version());
  if (argc > 1) {
    from_file = read_file(argv[1], &request_len);
    if (from_file == NULL) {
      fprintf(stderr, "cannot read %s\n", argv[1]);
      return 2;
    }
    request = from_file;
  }
  if (reentry_engine_create(&engine) != REENTRY_OK) {
    fprintf(stderr, "engine: %s\n", reentry_last_error());
    return 1;
  }

  status = reentry_call_json(engine, "Score", request, request_len, &response, &response_len);
  printf("Score -> status %d\n%s\n", status, response);
  reentry_free(response);

  /* A bad request: the status says what kind of failure, the response and
   * reentry_last_error() say which field. */
  status = reentry_call_json(engine, "Score", bad, strlen(bad), &response, &response_len);
  printf("bad Score -> status %d\n%s\nlast error: %s\n", status, response, reentry_last_error());
  reentry_free(response);

  reentry_engine_destroy(engine);
  free(from_file);
  return 0;
}
