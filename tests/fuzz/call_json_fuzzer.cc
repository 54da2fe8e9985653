// Fuzzes reentry_call_json with arbitrary text for every method.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "fuzz_engine.h"
#include "reentry.h"

namespace {
const char* const kMethods[] = {"Score", "ListInstruments", "DescribeInstrument", "LoadInstrument"};
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  reentry_engine* engine = FuzzEngine();
  if (size == 0) return 0;
  const char* method = kMethods[data[0] % 4];
  char* response = nullptr;
  size_t length = 0;
  reentry_call_json(engine, method, reinterpret_cast<const char*>(data + 1), size - 1, &response,
                    &length);
  // The response is always a NUL-terminated JSON object of the stated length.
  if (response == nullptr || std::strlen(response) != length || response[0] != '{') std::abort();
  reentry_free(response);
  return 0;
}
