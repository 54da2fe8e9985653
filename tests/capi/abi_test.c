/* The stable C ABI, pinned: every function's exact type and every struct's
 * layout as released (ABI version 1). A change that would break a host that
 * was compiled against the released header fails to compile here; the
 * exported symbol list is checked against capi/reentry_c.symbols by
 * tests/capi/check_symbols.cmake. Extend, never edit, these lines. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "reentry.h"

/* Function types exactly as released. */
static reentry_status (*const engine_create)(reentry_engine**) = reentry_engine_create;
static void (*const engine_destroy)(reentry_engine*) = reentry_engine_destroy;
static reentry_status (*const call)(reentry_engine*, const char*, const void*, size_t, void**,
                                    size_t*) = reentry_call;
static reentry_status (*const call_json)(reentry_engine*, const char*, const char*, size_t, char**,
                                         size_t*) = reentry_call_json;
static reentry_status (*const score_columns)(reentry_engine*, const char*, const char*,
                                             const reentry_column*, size_t, size_t,
                                             reentry_scale_output*, size_t) = reentry_score_columns;
static void (*const free_buffer)(void*) = reentry_free;
static const char* (*const last_error)(void) = reentry_last_error;
static const char* (*const version)(void) = reentry_version;
static int (*const abi_version)(void) = reentry_abi_version;
static unsigned (*const version_number)(void) = reentry_version_number;
static const char* (*const method_name)(size_t) = reentry_method_name;
static reentry_status (*const engine_create_with)(const reentry_engine_options*, reentry_engine**,
                                                  reentry_error**) = reentry_engine_create_with;
static reentry_status (*const score_batch)(reentry_engine*, const char*,
                                           const reentry_batch_options*, const reentry_column*,
                                           size_t, size_t, reentry_scale_output*, size_t,
                                           reentry_error**) = reentry_score_batch;
static reentry_status (*const error_code)(const reentry_error*) = reentry_error_code;
static const char* (*const error_message)(const reentry_error*) = reentry_error_message;
static const char* (*const error_field)(const reentry_error*) = reentry_error_field;
static void (*const error_free)(reentry_error*) = reentry_error_free;
static reentry_status (*const validate_columns)(const double*, const uint8_t*, const int32_t*,
                                                size_t, double, const reentry_validate_options*,
                                                void**, size_t*,
                                                reentry_error**) = reentry_validate_columns;

/* Layouts and values as released. */
_Static_assert(sizeof(reentry_status) == sizeof(int), "reentry_status is an int");
_Static_assert(REENTRY_OK == 0 && REENTRY_INVALID_ARGUMENT == 3 && REENTRY_NOT_FOUND == 5 &&
                   REENTRY_ALREADY_EXISTS == 6 && REENTRY_FAILED_PRECONDITION == 9 &&
                   REENTRY_OUT_OF_RANGE == 11 && REENTRY_UNIMPLEMENTED == 12 &&
                   REENTRY_INTERNAL == 13,
               "status codes are absl::StatusCode numbers");
_Static_assert(REENTRY_COLUMN_BOOL8 == 1 && REENTRY_COLUMN_INT32 == 2 &&
                   REENTRY_COLUMN_FLOAT64 == 3,
               "column types");
_Static_assert(REENTRY_ABI_VERSION == 1, "ABI version 1");
_Static_assert(offsetof(reentry_column, item_id) == 0, "reentry_column.item_id");
_Static_assert(offsetof(reentry_column, type) == sizeof(void*), "reentry_column.type");
_Static_assert(offsetof(reentry_column, data) == 2 * sizeof(void*), "reentry_column.data");
_Static_assert(sizeof(reentry_column) == 3 * sizeof(void*), "reentry_column size");
_Static_assert(offsetof(reentry_scale_output, scale_id) == 0, "reentry_scale_output.scale_id");
_Static_assert(offsetof(reentry_scale_output, raw_score) == sizeof(void*), "raw_score");
_Static_assert(offsetof(reentry_scale_output, scaled_score) == 2 * sizeof(void*), "scaled_score");
_Static_assert(offsetof(reentry_scale_output, flag) == 3 * sizeof(void*), "flag");
_Static_assert(offsetof(reentry_scale_output, level) == 4 * sizeof(void*), "level");
_Static_assert(sizeof(reentry_scale_output) == 5 * sizeof(void*), "reentry_scale_output size");
_Static_assert(offsetof(reentry_engine_options, size) == 0, "reentry_engine_options.size");
_Static_assert(offsetof(reentry_engine_options, skip_builtin_definitions) == sizeof(size_t),
               "reentry_engine_options.skip_builtin_definitions");
_Static_assert(offsetof(reentry_batch_options, size) == 0, "reentry_batch_options.size");
_Static_assert(offsetof(reentry_batch_options, instrument_version) == sizeof(size_t),
               "reentry_batch_options.instrument_version");
_Static_assert(offsetof(reentry_batch_options, norm_group) == sizeof(size_t) + sizeof(void*),
               "reentry_batch_options.norm_group");
_Static_assert(offsetof(reentry_batch_options, threads) == sizeof(size_t) + 2 * sizeof(void*),
               "reentry_batch_options.threads");
_Static_assert(offsetof(reentry_batch_options, column_size) ==
                   2 * sizeof(size_t) + 2 * sizeof(void*),
               "reentry_batch_options.column_size");
_Static_assert(offsetof(reentry_batch_options, output_size) ==
                   3 * sizeof(size_t) + 2 * sizeof(void*),
               "reentry_batch_options.output_size");
_Static_assert(REENTRY_THREADS_ALL == -1, "REENTRY_THREADS_ALL");
_Static_assert(offsetof(reentry_validate_options, size) == 0, "reentry_validate_options.size");
_Static_assert(offsetof(reentry_validate_options, group_names) == sizeof(size_t),
               "reentry_validate_options.group_names");
_Static_assert(offsetof(reentry_validate_options, n_groups) == sizeof(size_t) + sizeof(void*),
               "reentry_validate_options.n_groups");
_Static_assert(offsetof(reentry_validate_options, level_names) ==
                   2 * sizeof(size_t) + sizeof(void*),
               "reentry_validate_options.level_names");
_Static_assert(offsetof(reentry_validate_options, n_levels) ==
                   2 * sizeof(size_t) + 3 * sizeof(void*),
               "reentry_validate_options.n_levels");
_Static_assert(offsetof(reentry_validate_options, max_roc_points) ==
                   3 * sizeof(size_t) + 3 * sizeof(void*),
               "reentry_validate_options.max_roc_points");

int main(void) {
  /* The library loaded is the one this header describes. */
  if (abi_version() != REENTRY_ABI_VERSION) {
    fprintf(stderr, "library ABI %d, header ABI %d\n", abi_version(), REENTRY_ABI_VERSION);
    return 1;
  }
  (void)engine_create, (void)engine_destroy, (void)call, (void)call_json, (void)score_columns;
  (void)free_buffer, (void)last_error, (void)version, (void)version_number, (void)method_name;
  (void)engine_create_with, (void)score_batch, (void)error_code, (void)error_message;
  (void)error_field, (void)error_free, (void)validate_columns;
  printf("abi_test: ABI %d as released\n", REENTRY_ABI_VERSION);
  return 0;
}
