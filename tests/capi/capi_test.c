/* The C ABI, tested from C (compiled as C99): every function, the success
 * path and every kind of bad call, with protobuf messages encoded by hand so
 * the test depends on nothing but reentry.h. */

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "reentry.h"

#if !defined(_WIN32)
#include <pthread.h>
#endif

#define CHECK_STATUS(call, expected)                                                          \
  do {                                                                                        \
    reentry_status status_ = (call);                                                          \
    if (status_ != (expected)) {                                                              \
      fprintf(stderr, "%s:%d: %s returned %d, expected %d (%s)\n", __FILE__, __LINE__, #call, \
              status_, (int)(expected), reentry_last_error());                                \
      ++failures;                                                                             \
    }                                                                                         \
  } while (0)

static int contains(const char* haystack, size_t n, const char* needle) {
  size_t m = strlen(needle);
  size_t i;
  if (haystack == NULL || m > n) return 0;
  for (i = 0; i + m <= n; ++i) {
    if (memcmp(haystack + i, needle, m) == 0) return 1;
  }
  return 0;
}

/* ---- A minimal protobuf encoder and decoder ------------------------------- */

typedef struct {
  unsigned char bytes[4096];
  size_t size;
} buffer;

static void put_varint(buffer* b, uint64_t v) {
  while (v >= 0x80) {
    b->bytes[b->size++] = (unsigned char)(v | 0x80);
    v >>= 7;
  }
  b->bytes[b->size++] = (unsigned char)v;
}

static void put_bytes(buffer* b, int field, const void* data, size_t n) {
  put_varint(b, ((uint64_t)field << 3) | 2);
  put_varint(b, n);
  memcpy(b->bytes + b->size, data, n);
  b->size += n;
}

static void put_string(buffer* b, int field, const char* s) { put_bytes(b, field, s, strlen(s)); }

static void put_bool(buffer* b, int field, int v) {
  put_varint(b, ((uint64_t)field << 3) | 0);
  put_varint(b, v ? 1 : 0);
}

static void put_double(buffer* b, int field, double v) {
  uint64_t bits;
  int i;
  memcpy(&bits, &v, sizeof bits);
  put_varint(b, ((uint64_t)field << 3) | 1);
  for (i = 0; i < 8; ++i) b->bytes[b->size++] = (unsigned char)(bits >> (8 * i));
}

/* ItemResponse { item_id = 1; boolean = 2; number = 3 } as field 4 of ScoreRequest. */
static void put_boolean_response(buffer* request, const char* item, int value) {
  buffer r;
  r.size = 0;
  put_string(&r, 1, item);
  put_bool(&r, 2, value);
  put_bytes(request, 4, r.bytes, r.size);
}

static void put_number_response(buffer* request, const char* item, double value) {
  buffer r;
  r.size = 0;
  put_string(&r, 1, item);
  put_double(&r, 3, value);
  put_bytes(request, 4, r.bytes, r.size);
}

/* ScoreRequest { instrument_id = 1; responses = 4 } for a PSA person. */
static buffer psa_request(double prior_violent_convictions) {
  buffer b;
  b.size = 0;
  put_string(&b, 1, "psa");
  put_number_response(&b, "age_at_current_arrest", 30);
  put_boolean_response(&b, "current_violent_offense", 0);
  put_boolean_response(&b, "pending_charge", 1);
  put_boolean_response(&b, "prior_misdemeanor_conviction", 1);
  put_boolean_response(&b, "prior_felony_conviction", 0);
  put_number_response(&b, "prior_violent_convictions", prior_violent_convictions);
  put_number_response(&b, "prior_fta_past_two_years", 2);
  put_boolean_response(&b, "prior_fta_older_than_two_years", 0);
  put_boolean_response(&b, "prior_sentence_to_incarceration", 0);
  return b;
}

static uint64_t get_varint(const unsigned char* p, size_t n, size_t* pos) {
  uint64_t v = 0;
  int shift = 0;
  while (*pos < n) {
    unsigned char c = p[(*pos)++];
    v |= (uint64_t)(c & 0x7f) << shift;
    if (!(c & 0x80)) break;
    shift += 7;
  }
  return v;
}

/* Reads Error { code = 1; message = 2; field = 3 }. */
static void decode_error(const void* data, size_t n, int* code, char* field, size_t field_size) {
  const unsigned char* p = (const unsigned char*)data;
  size_t pos = 0;
  *code = 0;
  field[0] = '\0';
  while (pos < n) {
    uint64_t key = get_varint(p, n, &pos);
    if ((key & 7) == 0) {
      uint64_t v = get_varint(p, n, &pos);
      if ((key >> 3) == 1) *code = (int)v;
    } else if ((key & 7) == 2) {
      uint64_t len = get_varint(p, n, &pos);
      if ((key >> 3) == 3 && len < field_size) {
        memcpy(field, p + pos, (size_t)len);
        field[len] = '\0';
      }
      pos += (size_t)len;
    } else {
      return;
    }
  }
}

/* Reads the length-delimited field `field` of a message at `*pos`-relative
 * data: returns its start and sets *len, or NULL. `nth` picks the n-th one. */
static const unsigned char* find_field(const unsigned char* p, size_t n, int field, int nth,
                                       size_t* len) {
  size_t pos = 0;
  while (pos < n) {
    uint64_t key = get_varint(p, n, &pos);
    int wire = (int)(key & 7);
    if (wire == 0) {
      get_varint(p, n, &pos);
    } else if (wire == 1) {
      pos += 8;
    } else if (wire == 2) {
      uint64_t l = get_varint(p, n, &pos);
      if ((int)(key >> 3) == field && nth-- == 0) {
        *len = (size_t)l;
        return p + pos;
      }
      pos += (size_t)l;
    } else if (wire == 5) {
      pos += 4;
    } else {
      return NULL;
    }
  }
  return NULL;
}

typedef struct {
  double raw;
  int scaled; /* -1 when absent */
  int flag;   /* -1 when absent */
} scale_result;

/* The ScaleResult of `scale_id` in a binary ScoreResponse { result = 1 {
 * scales = 6 { scale_id = 1, raw_score = 2, scaled_score = 3, flag = 5 } } }. */
static int read_scale(const void* response, size_t n, const char* scale_id, scale_result* out) {
  size_t result_len = 0, scale_len = 0;
  const unsigned char* result = find_field((const unsigned char*)response, n, 1, 0, &result_len);
  int i;
  if (result == NULL) return 0;
  for (i = 0;; ++i) {
    const unsigned char* scale = find_field(result, result_len, 6, i, &scale_len);
    size_t id_len = 0, pos = 0;
    const unsigned char* id;
    if (scale == NULL) return 0;
    id = find_field(scale, scale_len, 1, 0, &id_len);
    if (id == NULL || id_len != strlen(scale_id) || memcmp(id, scale_id, id_len) != 0) continue;
    out->raw = 0;
    out->scaled = -1;
    out->flag = -1;
    while (pos < scale_len) {
      uint64_t key = get_varint(scale, scale_len, &pos);
      int field = (int)(key >> 3), wire = (int)(key & 7);
      if (wire == 0) {
        uint64_t v = get_varint(scale, scale_len, &pos);
        if (field == 3) out->scaled = (int)v;
        if (field == 5) out->flag = (int)v;
      } else if (wire == 1) {
        uint64_t bits = 0;
        int b;
        for (b = 0; b < 8; ++b) bits |= (uint64_t)scale[pos + b] << (8 * b);
        if (field == 2) memcpy(&out->raw, &bits, sizeof bits);
        pos += 8;
      } else if (wire == 2) {
        pos += (size_t)get_varint(scale, scale_len, &pos);
      } else {
        return 0;
      }
    }
    return 1;
  }
}

/* ---- Tests ----------------------------------------------------------------- */

static void test_versions(void) {
  CHECK(strcmp(reentry_version(), REENTRY_VERSION_STRING) == 0);
  CHECK(reentry_version_number() == REENTRY_VERSION_NUMBER);
  CHECK(REENTRY_VERSION_NUMBER == 100); /* 0.1.0 */
  CHECK(reentry_abi_version() == REENTRY_ABI_VERSION);
  CHECK(strcmp(reentry_last_error(), "") == 0);
}

static void test_method_names(void) {
  size_t i;
  int score = 0, list = 0;
  for (i = 0; reentry_method_name(i) != NULL; ++i) {
    if (strcmp(reentry_method_name(i), "Score") == 0) score = 1;
    if (strcmp(reentry_method_name(i), "ListDefinitions") == 0) list = 1;
  }
  CHECK(i >= 5);
  CHECK(score && list);
  CHECK(strcmp(reentry_method_name(0), "Score") == 0); /* the service's order */
  CHECK(reentry_method_name((size_t)-1) == NULL);
}

static void test_create_with(void) {
  reentry_engine* engine = NULL;
  reentry_error* error = (reentry_error*)1;
  reentry_engine_options options;
  void* response = NULL;
  size_t response_len = 0;
  buffer describe;

  /* NULL options: the defaults; no error on success. */
  CHECK_STATUS(reentry_engine_create_with(NULL, &engine, &error), REENTRY_OK);
  CHECK(engine != NULL && error == NULL);
  reentry_engine_destroy(engine);

  /* Without builtin definitions, psa is unknown. */
  memset(&options, 0, sizeof options);
  options.size = sizeof options;
  options.skip_builtin_definitions = 1;
  CHECK_STATUS(reentry_engine_create_with(&options, &engine, NULL), REENTRY_OK);
  describe.size = 0;
  put_string(&describe, 1, "psa");
  CHECK_STATUS(reentry_call(engine, "DescribeInstrument", describe.bytes, describe.size, &response,
                            &response_len),
               REENTRY_NOT_FOUND);
  reentry_free(response);
  reentry_engine_destroy(engine);

  /* A struct without its size, and a NULL out: errors returned with the call. */
  options.size = 0;
  CHECK_STATUS(reentry_engine_create_with(&options, &engine, &error), REENTRY_INVALID_ARGUMENT);
  CHECK(engine == NULL && error != NULL);
  CHECK(reentry_error_code(error) == REENTRY_INVALID_ARGUMENT);
  CHECK(strcmp(reentry_error_field(error), "options.size") == 0);
  CHECK(strstr(reentry_error_message(error), "sizeof") != NULL);
  reentry_error_free(error);
  CHECK_STATUS(reentry_engine_create_with(NULL, NULL, &error), REENTRY_INVALID_ARGUMENT);
  CHECK(error != NULL && strcmp(reentry_error_field(error), "out") == 0);
  reentry_error_free(error);

  /* The error accessors accept NULL. */
  CHECK(reentry_error_code(NULL) == REENTRY_INVALID_ARGUMENT);
  CHECK(strcmp(reentry_error_message(NULL), "") == 0);
  CHECK(strcmp(reentry_error_field(NULL), "") == 0);
  reentry_error_free(NULL);
}

static void test_lifecycle(void) {
  reentry_engine* engine = (reentry_engine*)1;
  CHECK_STATUS(reentry_engine_create(NULL), REENTRY_INVALID_ARGUMENT);
  CHECK(strstr(reentry_last_error(), "out") != NULL);
  CHECK_STATUS(reentry_engine_create(&engine), REENTRY_OK);
  CHECK(engine != NULL);
  reentry_engine_destroy(engine);
  reentry_engine_destroy(NULL);
  reentry_free(NULL);
}

static void test_binary_calls(reentry_engine* engine) {
  void* response = NULL;
  size_t response_len = 0;
  buffer request;
  buffer describe;
  int code = 0;
  char field[256];

  /* ListInstruments: NULL request of length 0 is the empty message. */
  CHECK_STATUS(reentry_call(engine, "ListInstruments", NULL, 0, &response, &response_len),
               REENTRY_OK);
  CHECK(response != NULL);
  CHECK(contains((const char*)response, response_len, "reentry_needs_screen"));
  reentry_free(response);

  /* DescribeInstrument { instrument_id: "psa" }. */
  describe.size = 0;
  put_string(&describe, 1, "psa");
  CHECK_STATUS(reentry_call(engine, "DescribeInstrument", describe.bytes, describe.size, &response,
                            &response_len),
               REENTRY_OK);
  CHECK(contains((const char*)response, response_len, "prior_fta_past_two_years"));
  reentry_free(response);

  /* Score, worked from the PSA formula: FTA = pending 1 + prior conviction 1 +
   * two recent FTAs 4 = 6 -> scaled 5; NCA = pending 3 + misdemeanor 1 + two
   * recent FTAs 2 = 6 -> scaled 4; NVCA = pending 1 + prior conviction 1 = 2,
   * below the flag at 4. */
  request = psa_request(0);
  CHECK_STATUS(reentry_call(engine, "Score", request.bytes, request.size, &response, &response_len),
               REENTRY_OK);
  {
    scale_result fta, nca, nvca;
    CHECK(read_scale(response, response_len, "fta", &fta));
    CHECK(fta.raw == 6 && fta.scaled == 5 && fta.flag == -1);
    CHECK(read_scale(response, response_len, "nca", &nca));
    CHECK(nca.raw == 6 && nca.scaled == 4);
    CHECK(read_scale(response, response_len, "nvca", &nvca));
    CHECK(nvca.raw == 2 && nvca.flag == 0 && nvca.scaled == -1);
  }
  reentry_free(response);

  /* A negative count: INVALID_ARGUMENT, with the Error in the response. */
  request = psa_request(-1);
  CHECK_STATUS(reentry_call(engine, "Score", request.bytes, request.size, &response, &response_len),
               REENTRY_INVALID_ARGUMENT);
  decode_error(response, response_len, &code, field, sizeof field);
  CHECK(code == REENTRY_INVALID_ARGUMENT);
  CHECK(strcmp(field, "responses[5].number") == 0);
  CHECK(strstr(reentry_last_error(), "count -1 is negative") != NULL);
  reentry_free(response);

  /* Unknown method: UNIMPLEMENTED. */
  CHECK_STATUS(reentry_call(engine, "Predict", NULL, 0, &response, &response_len),
               REENTRY_UNIMPLEMENTED);
  decode_error(response, response_len, &code, field, sizeof field);
  CHECK(code == REENTRY_UNIMPLEMENTED);
  CHECK(strstr(reentry_last_error(), "Predict") != NULL);
  reentry_free(response);

  /* A method name that is not UTF-8: the Error stays valid UTF-8. */
  CHECK_STATUS(reentry_call(engine, "Sc\xffore", NULL, 0, &response, &response_len),
               REENTRY_UNIMPLEMENTED);
  CHECK(strstr(reentry_last_error(), "Sc\\xffore") != NULL);
  reentry_free(response);

  /* Malformed binary. */
  CHECK_STATUS(reentry_call(engine, "Score", "\xff\xff\xff\xff", 4, &response, &response_len),
               REENTRY_INVALID_ARGUMENT);
  reentry_free(response);

  /* Unknown instrument: NOT_FOUND. */
  describe.size = 0;
  put_string(&describe, 1, "compas");
  CHECK_STATUS(reentry_call(engine, "DescribeInstrument", describe.bytes, describe.size, &response,
                            &response_len),
               REENTRY_NOT_FOUND);
  reentry_free(response);
}

static void test_null_pointers(reentry_engine* engine) {
  void* response = (void*)1;
  size_t response_len = 99;
  int code = 0;
  char field[64];
  CHECK_STATUS(reentry_call(NULL, "Score", NULL, 0, &response, &response_len),
               REENTRY_INVALID_ARGUMENT);
  CHECK(response != NULL && response_len > 0);
  decode_error(response, response_len, &code, field, sizeof field);
  CHECK(code == REENTRY_INVALID_ARGUMENT);
  CHECK(strstr(reentry_last_error(), "engine") != NULL);
  reentry_free(response);

  CHECK_STATUS(reentry_call(engine, NULL, NULL, 0, &response, &response_len),
               REENTRY_INVALID_ARGUMENT);
  CHECK(strstr(reentry_last_error(), "method") != NULL);
  reentry_free(response);

  CHECK_STATUS(reentry_call(engine, "Score", NULL, 5, &response, &response_len),
               REENTRY_INVALID_ARGUMENT);
  CHECK(strstr(reentry_last_error(), "request") != NULL);
  reentry_free(response);

  CHECK_STATUS(reentry_call(engine, "Score", NULL, 0, NULL, &response_len),
               REENTRY_INVALID_ARGUMENT);
  CHECK(response_len == 0);
  CHECK(strstr(reentry_last_error(), "response") != NULL);
  response = (void*)1;
  CHECK_STATUS(reentry_call(engine, "Score", NULL, 0, &response, NULL), REENTRY_INVALID_ARGUMENT);
  CHECK(response == NULL);

  CHECK_STATUS(reentry_call_json(engine, "Score", NULL, 0, NULL, NULL), REENTRY_INVALID_ARGUMENT);
}

static void test_json_calls(reentry_engine* engine) {
  char* response = NULL;
  size_t response_len = 0;
  const char* score =
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
  const char* bad_count =
      "{\"instrumentId\": \"psa\", \"responses\": ["
      "{\"itemId\": \"prior_violent_convictions\", \"number\": -1}]}";
  const char* load =
      "{\"text\": \"id: 'mine' version: '1' title: 'Mine' items { id: 'q' type: TYPE_BOOLEAN text: "
      "'Q?' } scales { id: 's' title: 'S' purpose: PURPOSE_RISK norms { points { id: 'p' points: 1 "
      "when { item_id: 'q' "
      "answers: 'yes' } } } }\", \"sourceName\": \"mine.textproto\"}";

  /* The README demo person: FTA 4 -> 4, NCA 10 -> 6, NVCA 6 (flag). */
  CHECK_STATUS(reentry_call_json(engine, "Score", score, strlen(score), &response, &response_len),
               REENTRY_OK);
  CHECK(response != NULL && response[response_len] == '\0');
  CHECK(strstr(response, "\"scaleId\":\"nca\",\"rawScore\":10") != NULL);
  CHECK(strstr(response, "\"scaledScore\":6") != NULL);
  CHECK(strstr(response, "\"scaleId\":\"nvca\",\"rawScore\":6") != NULL);
  CHECK(strstr(response, "\"flag\":true") != NULL);
  reentry_free(response);

  /* The length bounds the request: a longer buffer is not read past it. */
  CHECK_STATUS(
      reentry_call_json(engine, "ListInstruments", "{}garbage", 2, &response, &response_len),
      REENTRY_OK);
  reentry_free(response);

  CHECK_STATUS(
      reentry_call_json(engine, "Score", bad_count, strlen(bad_count), &response, &response_len),
      REENTRY_INVALID_ARGUMENT);
  CHECK(strstr(response, "\"code\":3") != NULL);
  CHECK(strstr(response, "\"field\":\"responses[0].number\"") != NULL);
  reentry_free(response);

  CHECK_STATUS(
      reentry_call_json(engine, "Score", "{\"instrumentId\":", 16, &response, &response_len),
      REENTRY_INVALID_ARGUMENT);
  CHECK(strstr(response, "not a valid JSON") != NULL);
  reentry_free(response);

  CHECK_STATUS(reentry_call_json(engine, "Frobnicate", "{}", 2, &response, &response_len),
               REENTRY_UNIMPLEMENTED);
  CHECK(strstr(response, "\"code\":12") != NULL);
  reentry_free(response);

  CHECK_STATUS(
      reentry_call_json(engine, "LoadInstrument", load, strlen(load), &response, &response_len),
      REENTRY_OK);
  CHECK(strstr(response, "\"id\":\"mine\"") != NULL);
  reentry_free(response);
  CHECK_STATUS(
      reentry_call_json(engine, "LoadInstrument", load, strlen(load), &response, &response_len),
      REENTRY_ALREADY_EXISTS);
  reentry_free(response);
}

static void test_score_columns(reentry_engine* engine) {
  uint8_t no[3] = {0, 0, 0}, yes[3] = {1, 1, 1}, pending[3] = {0, 1, 0};
  int32_t age[3] = {35, 20, 22}, violent[3] = {0, 1, 3}, fta[3] = {0, 1, 2};
  double raw[3];
  int32_t scaled[3];
  uint8_t flag[3];
  reentry_column columns[9] = {
      {"age_at_current_arrest", REENTRY_COLUMN_INT32, age},
      {"current_violent_offense", REENTRY_COLUMN_BOOL8, no},
      {"pending_charge", REENTRY_COLUMN_BOOL8, pending},
      {"prior_misdemeanor_conviction", REENTRY_COLUMN_BOOL8, yes},
      {"prior_felony_conviction", REENTRY_COLUMN_BOOL8, no},
      {"prior_violent_convictions", REENTRY_COLUMN_INT32, violent},
      {"prior_fta_past_two_years", REENTRY_COLUMN_INT32, fta},
      {"prior_fta_older_than_two_years", REENTRY_COLUMN_BOOL8, no},
      {"prior_sentence_to_incarceration", REENTRY_COLUMN_BOOL8, no},
  };
  reentry_scale_output outputs[2];
  outputs[0].scale_id = "nca";
  outputs[0].raw_score = raw;
  outputs[0].scaled_score = scaled;
  outputs[0].flag = NULL;
  outputs[0].level = NULL;
  outputs[1].scale_id = "nvca";
  outputs[1].raw_score = NULL;
  outputs[1].scaled_score = NULL;
  outputs[1].flag = flag;
  outputs[1].level = NULL;

  CHECK_STATUS(reentry_score_columns(engine, "psa", NULL, columns, 9, 3, outputs, 2), REENTRY_OK);
  /* Row 0: misdemeanor only: NCA 1 -> 2. Row 1: age 20 (+2), pending (+3),
   * misdemeanor (+1), 1 violent conviction (+1), 1 recent FTA (+1) = 8 -> 5;
   * NVCA pending 1 + conviction 1 + violent 1 = 3, no flag. Row 2: age 22 (+2),
   * misdemeanor (+1), 3 violent (+2), 2 FTAs (+2) = 7 -> 5; NVCA 1 + 2 = 3. */
  CHECK(raw[0] == 1 && scaled[0] == 2);
  CHECK(raw[1] == 8 && scaled[1] == 5);
  CHECK(raw[2] == 7 && scaled[2] == 5);
  CHECK(flag[0] == 0 && flag[1] == 0 && flag[2] == 0);

  violent[1] = -4;
  CHECK_STATUS(reentry_score_columns(engine, "psa", NULL, columns, 9, 3, outputs, 2),
               REENTRY_INVALID_ARGUMENT);
  CHECK(strstr(reentry_last_error(), "row 1") != NULL);
  CHECK(strstr(reentry_last_error(), "prior_violent_convictions") != NULL);
  violent[1] = 1;

  CHECK_STATUS(reentry_score_columns(NULL, "psa", NULL, columns, 9, 3, outputs, 2),
               REENTRY_INVALID_ARGUMENT);
  CHECK_STATUS(reentry_score_columns(engine, NULL, NULL, columns, 9, 3, outputs, 2),
               REENTRY_INVALID_ARGUMENT);
  CHECK_STATUS(reentry_score_columns(engine, "psa", NULL, NULL, 9, 3, outputs, 2),
               REENTRY_INVALID_ARGUMENT);
  CHECK_STATUS(reentry_score_columns(engine, "psa", NULL, columns, 9, 3, NULL, 2),
               REENTRY_INVALID_ARGUMENT);
  CHECK_STATUS(reentry_score_columns(engine, "compas", NULL, columns, 9, 3, outputs, 2),
               REENTRY_NOT_FOUND);
  columns[4].item_id = NULL;
  CHECK_STATUS(reentry_score_columns(engine, "psa", NULL, columns, 9, 3, outputs, 2),
               REENTRY_INVALID_ARGUMENT);
  CHECK(strstr(reentry_last_error(), "columns[4].item_id") != NULL);
  columns[4].item_id = "prior_felony_conviction";
  columns[1].type = 42;
  CHECK_STATUS(reentry_score_columns(engine, "psa", NULL, columns, 9, 3, outputs, 2),
               REENTRY_INVALID_ARGUMENT);
  columns[1].type = REENTRY_COLUMN_BOOL8;
  CHECK_STATUS(reentry_score_columns(engine, "psa", "", columns, 9, 0, outputs, 2), REENTRY_OK);
}

/* A host whose column struct is larger (a newer header's, say): read with
 * its element size. */
typedef struct {
  reentry_column column;
  int64_t future_field;
} wide_column;

static void test_score_batch(reentry_engine* engine) {
  enum { kRows = 70000 };
  static uint8_t no[kRows], pending[kRows];
  static int32_t age[kRows], violent[kRows], fta[kRows], scaled[kRows];
  static double raw[kRows];
  wide_column columns[9];
  reentry_scale_output output;
  reentry_batch_options options;
  reentry_error* error = NULL;
  size_t i;
  const char* items[9] = {"age_at_current_arrest",
                          "current_violent_offense",
                          "pending_charge",
                          "prior_misdemeanor_conviction",
                          "prior_felony_conviction",
                          "prior_violent_convictions",
                          "prior_fta_past_two_years",
                          "prior_fta_older_than_two_years",
                          "prior_sentence_to_incarceration"};
  for (i = 0; i < kRows; ++i) {
    no[i] = 0;
    pending[i] = (uint8_t)(i % 2);
    age[i] = 18 + (int32_t)(i % 50);
    violent[i] = (int32_t)(i % 4);
    fta[i] = (int32_t)(i % 3);
  }
  memset(columns, 0, sizeof columns);
  for (i = 0; i < 9; ++i) {
    columns[i].column.item_id = items[i];
    columns[i].column.type = REENTRY_COLUMN_BOOL8;
    columns[i].column.data = no;
  }
  columns[0].column.type = REENTRY_COLUMN_INT32;
  columns[0].column.data = age;
  columns[2].column.data = pending;
  columns[5].column.type = REENTRY_COLUMN_INT32;
  columns[5].column.data = violent;
  columns[6].column.type = REENTRY_COLUMN_INT32;
  columns[6].column.data = fta;
  memset(&output, 0, sizeof output);
  output.scale_id = "nca";
  output.raw_score = raw;
  output.scaled_score = scaled;

  memset(&options, 0, sizeof options);
  options.size = sizeof options;
  options.instrument_version = "2022";
  options.threads = 2;
  options.column_size = sizeof(wide_column);
  CHECK_STATUS(reentry_score_batch(engine, "psa", &options, &columns[0].column, 9, kRows, &output,
                                   1, &error),
               REENTRY_OK);
  CHECK(error == NULL);
  /* NCA by hand: age <= 22: +2; pending: +3; violent convictions 1-2: +1,
   * 3: +2; recent FTAs 1: +1, 2: +2. Row 1: age 19, pending, 1 violent, 1 FTA
   * = 2 + 3 + 1 + 1 = 7 -> 5. Row 69999 (the last, on the second thread):
   * age 18 + 69999 % 50 = 67, pending, 69999 % 4 = 3 violent, 69999 % 3 = 0
   * FTAs = 3 + 2 = 5 -> 4. */
  CHECK(raw[1] == 7 && scaled[1] == 5);
  CHECK(raw[kRows - 1] == 5 && scaled[kRows - 1] == 4);
  CHECK(raw[0] == 2 && scaled[0] == 2); /* age 18: +2 only */

  /* The first bad row, in row order, whichever thread met it. */
  violent[69000] = -1;
  violent[40000] = -1;
  CHECK_STATUS(reentry_score_batch(engine, "psa", &options, &columns[0].column, 9, kRows, &output,
                                   1, &error),
               REENTRY_INVALID_ARGUMENT);
  CHECK(error != NULL && strstr(reentry_error_message(error), "row 40000") != NULL);
  CHECK(strcmp(reentry_error_field(error), "columns[5]") == 0);
  reentry_error_free(error);
  violent[69000] = violent[40000] = 0;

  /* A pinned version that is not loaded; a column size below the struct's. */
  options.instrument_version = "1999";
  CHECK_STATUS(reentry_score_batch(engine, "psa", &options, &columns[0].column, 9, kRows, &output,
                                   1, &error),
               REENTRY_NOT_FOUND);
  CHECK(error != NULL && strcmp(reentry_error_field(error), "instrument_version") == 0);
  reentry_error_free(error);
  options.instrument_version = NULL;
  options.column_size = 4;
  CHECK_STATUS(reentry_score_batch(engine, "psa", &options, &columns[0].column, 9, kRows, &output,
                                   1, &error),
               REENTRY_INVALID_ARGUMENT);
  CHECK(error != NULL && strcmp(reentry_error_field(error), "options.column_size") == 0);
  reentry_error_free(error);
  options.column_size = sizeof(wide_column);
  options.threads = -7;
  CHECK_STATUS(
      reentry_score_batch(engine, "psa", &options, &columns[0].column, 9, kRows, &output, 1, NULL),
      REENTRY_INVALID_ARGUMENT);
  CHECK(strstr(reentry_last_error(), "options.threads") != NULL);
  /* Every hardware thread gives the same results. */
  options.threads = REENTRY_THREADS_ALL;
  raw[kRows - 1] = -1;
  CHECK_STATUS(
      reentry_score_batch(engine, "psa", &options, &columns[0].column, 9, kRows, &output, 1, NULL),
      REENTRY_OK);
  CHECK(raw[kRows - 1] == 5);
}

#if !defined(_WIN32)
static void* fail_on_another_thread(void* engine) {
  void* response = NULL;
  size_t response_len = 0;
  reentry_call((reentry_engine*)engine, "OtherThreadMethod", NULL, 0, &response, &response_len);
  reentry_free(response);
  return strstr(reentry_last_error(), "OtherThreadMethod") != NULL ? engine : NULL;
}

static void test_errors_are_per_thread(reentry_engine* engine) {
  pthread_t thread;
  void* result = NULL;
  void* response = NULL;
  size_t response_len = 0;
  reentry_call(engine, "MainThreadMethod", NULL, 0, &response, &response_len);
  reentry_free(response);
  CHECK(pthread_create(&thread, NULL, fail_on_another_thread, engine) == 0);
  CHECK(pthread_join(thread, &result) == 0);
  CHECK(result == engine);
  CHECK(strstr(reentry_last_error(), "MainThreadMethod") != NULL);
  /* A success does not clear the last failure. */
  CHECK_STATUS(reentry_call(engine, "ListInstruments", NULL, 0, &response, &response_len),
               REENTRY_OK);
  reentry_free(response);
  CHECK(strstr(reentry_last_error(), "MainThreadMethod") != NULL);
}
#endif

int main(void) {
  reentry_engine* engine = NULL;
  test_versions();
  test_method_names();
  test_lifecycle();
  test_create_with();
  if (reentry_engine_create(&engine) != REENTRY_OK) {
    fprintf(stderr, "cannot create an engine: %s\n", reentry_last_error());
    return 1;
  }
  test_binary_calls(engine);
  test_null_pointers(engine);
  test_json_calls(engine);
  test_score_columns(engine);
  test_score_batch(engine);
#if !defined(_WIN32)
  test_errors_are_per_thread(engine);
#endif
  reentry_engine_destroy(engine);
  if (failures > 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("capi_test: all checks passed\n");
  return 0;
}
