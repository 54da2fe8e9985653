/* reentry_validate_columns, tested from C (compiled as C99): six rows worked
 * by hand (confusion counts, rates and the AUC with a tie, overall and per
 * group), JSON and binary responses, and bad input named by argument and
 * row. */

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "reentry.h"

/* score, outcome, group: A = 0, B = 1. Predicted positive from 5.
 *   row  score outcome group  predicted
 *    0     2      0      A      no   -> TN
 *    1     5      1      A      yes  -> TP
 *    2     5      0      B      yes  -> FP
 *    3     8      1      B      yes  -> TP
 *    4     3      1      A      no   -> FN
 *    5     1      0      B      no   -> TN
 * Overall TP 2, FP 1, TN 2, FN 1: FPR 1/3, FNR 1/3. AUC: positives 5, 8, 3
 * against negatives 2, 5, 1: 5 beats 2 and 1 and ties 5 (2.5), 8 beats all
 * (3), 3 beats 2 and 1 (2): 7.5 of 9 pairs = 0.8333... Group A: TP 1, FN 1,
 * TN 1, FPR 0, AUC 1; group B: TP 1, FP 1, TN 1, FPR 0.5, AUC 1. */
static const double kScores[] = {2, 5, 5, 8, 3, 1};
static const uint8_t kOutcomes[] = {0, 1, 0, 1, 1, 0};
static const int32_t kGroups[] = {0, 0, 1, 1, 0, 1};
static const char* const kGroupNames[] = {"A", "B"};

static void expect_text(const char* text, const char* needle) {
  if (!text_contains(text, needle)) {
    fprintf(stderr, "response lacks %s: %s\n", needle, text != NULL ? text : "(null)");
    ++failures;
  }
}

static reentry_validate_options Options(void) {
  reentry_validate_options options;
  memset(&options, 0, sizeof options);
  options.size = sizeof options;
  options.group_names = kGroupNames;
  options.n_groups = 2;
  options.json = 1;
  return options;
}

/* A call expected to fail with INVALID_ARGUMENT naming `field`. */
static void expect_invalid(const double* scores, const uint8_t* outcomes, const int32_t* groups,
                           size_t n, double positive_from, const reentry_validate_options* options,
                           const char* field) {
  void* response = (void*)1;
  size_t length = 7;
  reentry_error* error = NULL;
  reentry_status status = reentry_validate_columns(scores, outcomes, groups, n, positive_from,
                                                   options, &response, &length, &error);
  CHECK(status == REENTRY_INVALID_ARGUMENT);
  CHECK(response == NULL && length == 0);
  CHECK(error != NULL);
  if (error != NULL && strcmp(reentry_error_field(error), field) != 0) {
    fprintf(stderr, "error names '%s', expected '%s': %s\n", reentry_error_field(error), field,
            reentry_error_message(error));
    ++failures;
  }
  reentry_error_free(error);
}

int main(void) {
  reentry_validate_options options = Options();
  void* response = NULL;
  size_t length = 0;
  reentry_error* error = NULL;
  reentry_status status = reentry_validate_columns(kScores, kOutcomes, kGroups, 6, 5.0, &options,
                                                   &response, &length, &error);
  CHECK(status == REENTRY_OK);
  CHECK(error == NULL);
  if (status == REENTRY_OK) {
    const char* json = (const char*)response;
    const char* a = strstr(json, "\"group\":\"A\"");
    const char* b = strstr(json, "\"group\":\"B\"");
    CHECK(strlen(json) == length);
    /* Overall comes first: its counts and rates. */
    expect_text(json, "\"overall\":{\"group\":\"\",\"n\":6");
    expect_text(json,
                "\"truePositives\":2,\"falsePositives\":1,\"trueNegatives\":2,"
                "\"falseNegatives\":1");
    expect_text(json, "\"auc\":0.83333333333333");
    expect_text(json, "\"falsePositiveRate\":0.33333333333333");
    CHECK(a != NULL && b != NULL && a < b);
    expect_text(a,
                "\"truePositives\":1,\"falsePositives\":0,\"trueNegatives\":1,"
                "\"falseNegatives\":1");
    expect_text(a, "\"falsePositiveRate\":0,");
    expect_text(b,
                "\"truePositives\":1,\"falsePositives\":1,\"trueNegatives\":1,"
                "\"falseNegatives\":0");
    expect_text(b, "\"falsePositiveRate\":0.5");
    expect_text(b, "\"auc\":1");
  }
  reentry_free(response);

  /* Binary: the same report, a serialized reentry.v1.ValidateResponse. */
  options.json = 0;
  response = NULL;
  status = reentry_validate_columns(kScores, kOutcomes, kGroups, 6, 5.0, &options, &response,
                                    &length, NULL);
  CHECK(status == REENTRY_OK);
  CHECK(response != NULL && length > 0);
  CHECK(response != NULL && ((const unsigned char*)response)[0] == 0x0a); /* field 1, report */
  reentry_free(response);

  /* No groups: NULL group_index, no names. */
  response = NULL;
  status =
      reentry_validate_columns(kScores, kOutcomes, NULL, 6, 5.0, NULL, &response, &length, NULL);
  CHECK(status == REENTRY_OK);
  reentry_free(response);

  /* Bad input, named. */
  {
    const double nan_scores[] = {2, 5, NAN, 8, 3, 1};
    const uint8_t bad_outcomes[] = {0, 1, 0, 2, 1, 0};
    const int32_t bad_groups[] = {0, 0, 1, 2, 0, 1};
    options.json = 1;
    expect_invalid(NULL, kOutcomes, kGroups, 6, 5.0, &options, "scores");
    expect_invalid(kScores, NULL, kGroups, 6, 5.0, &options, "outcomes");
    expect_invalid(kScores, kOutcomes, NULL, 6, 5.0, &options, "group_index");
    expect_invalid(nan_scores, kOutcomes, kGroups, 6, 5.0, &options, "scores[2]");
    expect_invalid(kScores, bad_outcomes, kGroups, 6, 5.0, &options, "outcomes[3]");
    expect_invalid(kScores, kOutcomes, bad_groups, 6, 5.0, &options, "group_index[3]");
    expect_invalid(kScores, kOutcomes, kGroups, 6, NAN, &options, "positive_from");
    options.size = 1;
    expect_invalid(kScores, kOutcomes, kGroups, 6, 5.0, &options, "options.size");
    status =
        reentry_validate_columns(kScores, kOutcomes, kGroups, 6, 5.0, NULL, NULL, &length, NULL);
    CHECK(status == REENTRY_INVALID_ARGUMENT);
  }

  if (failures) fprintf(stderr, "%d failures\n", failures);
  return failures ? 1 : 0;
}
