// Fuzzes reentry_call_json with arbitrary text for every rpc of the method table.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "fuzz_engine.h"
#include "reentry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  reentry_engine* engine = FuzzEngine();
  if (size == 0) return 0;
  const char* method = FuzzMethod(data[0]);
  char* response = nullptr;
  size_t length = 0;
  reentry_call_json(engine, method, reinterpret_cast<const char*>(data + 1), size - 1, &response,
                    &length);
  // The response is always a NUL-terminated JSON object of the stated length.
  if (response == nullptr || std::strlen(response) != length || response[0] != '{') std::abort();
  reentry_free(response);
  return 0;
}
