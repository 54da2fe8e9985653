/* Links libreentry_c, creates an engine with the builtin instruments and
 * lists them. */
#include <stdio.h>
#include <string.h>

#include "reentry.h"

int main(void) {
  reentry_engine* engine = NULL;
  char* response = NULL;
  size_t length = 0;
  int ok;
  if (reentry_engine_create(&engine) != REENTRY_OK) {
    fprintf(stderr, "%s\n", reentry_last_error());
    return 1;
  }
  ok = reentry_call_json(engine, "ListInstruments", "{}", 2, &response, &length) == REENTRY_OK &&
       strstr(response, "\"psa\"") != NULL;
  printf("reentry %s: %s\n", reentry_version(), ok ? response : reentry_last_error());
  reentry_free(response);
  reentry_engine_destroy(engine);
  return ok ? 0 : 1;
}
