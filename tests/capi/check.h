/* What the C ABI tests share (C99): a failure counter, CHECK, and a JSON
 * call that checks the status and the field the error names. Include it once,
 * in the test's one source file. */
#ifndef REENTRY_TESTS_CAPI_CHECK_H_
#define REENTRY_TESTS_CAPI_CHECK_H_

#include <stdio.h>
#include <string.h>

#include "reentry.h"

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

/* Whether `text` (NUL-terminated, may be NULL) contains `needle`. */
static inline int text_contains(const char* text, const char* needle) {
  return text != NULL && strstr(text, needle) != NULL;
}

/* Calls `method` with `json`; checks the status and, when `field` is not
 * NULL, that the Error response names it. Returns the response (free it
 * with reentry_free) or NULL. */
static inline char* call(reentry_engine* engine, const char* method, const char* json, int expected,
                         const char* field) {
  char* response = NULL;
  size_t length = 0;
  const int status = reentry_call_json(engine, method, json, strlen(json), &response, &length);
  if (status != expected) {
    fprintf(stderr, "%s: status %d, expected %d: %s\n", method, status, expected,
            response != NULL ? response : "(null)");
    ++failures;
  }
  if (field != NULL) {
    char needle[256];
    snprintf(needle, sizeof needle, "\"field\":\"%s\"", field);
    if (!text_contains(response, needle)) {
      fprintf(stderr, "expected %s in %s\n", needle, response != NULL ? response : "(null)");
      ++failures;
    }
  }
  return response;
}

#endif /* REENTRY_TESTS_CAPI_CHECK_H_ */
