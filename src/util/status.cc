#include "util/status.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "absl/strings/cord.h"
#include "absl/strings/str_format.h"
#include "reentry/status.h"

namespace reentry {
namespace internal {

absl::Status WithField(absl::Status status, absl::string_view field) {
  if (!status.ok() && !field.empty()) {
    status.SetPayload(kFieldPayloadUrl, absl::Cord(field));
  }
  return status;
}

absl::Status Annotate(const absl::Status& status, absl::string_view prefix) {
  if (status.ok()) return status;
  absl::Status annotated(status.code(), absl::StrCat(prefix, status.message()));
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
    annotated.SetPayload(url, payload);
  });
  return annotated;
}

namespace {

// The length of the valid UTF-8 sequence at the start of `text`, or 0.
size_t Utf8SequenceLength(absl::string_view text) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char c = byte(0);
  if (c < 0x80) return 1;
  size_t length;
  uint32_t code;
  if ((c & 0xe0) == 0xc0) {
    length = 2, code = c & 0x1f;
  } else if ((c & 0xf0) == 0xe0) {
    length = 3, code = c & 0x0f;
  } else if ((c & 0xf8) == 0xf0) {
    length = 4, code = c & 0x07;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xc0) != 0x80) return 0;
    code = (code << 6) | (byte(i) & 0x3f);
  }
  // No overlong forms, surrogates or code points beyond U+10FFFF.
  static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kMinimum[length] || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return 0;
  return length;
}

}  // namespace

bool IsValidUtf8(absl::string_view text) {
  while (!text.empty()) {
    if (text.size() >= 8) {
      uint64_t word;
      std::memcpy(&word, text.data(), 8);
      if ((word & 0x8080808080808080u) == 0) {
        text.remove_prefix(8);
        continue;
      }
    }
    if (static_cast<unsigned char>(text[0]) < 0x80) {
      text.remove_prefix(1);
      continue;
    }
    const size_t length = Utf8SequenceLength(text);
    if (length == 0) return false;
    text.remove_prefix(length);
  }
  return true;
}

std::string ValidUtf8(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const size_t length = Utf8SequenceLength(text);
    if (length == 0) {
      out.append(absl::StrFormat("\\x%02x", static_cast<unsigned char>(text[0])));
      text.remove_prefix(1);
    } else {
      out.append(text.data(), length);
      text.remove_prefix(length);
    }
  }
  return out;
}

std::string FormatNumber(double value) {
  if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 1e15) {
    return absl::StrFormat("%.0f", value);
  }
  std::string out;
  AppendShortestDouble(&out, value);
  return out;
}

namespace {

// `value` with `digits` significant digits, or `more` when those do not read
// back exactly (printf's %g in the C locale, whatever the host's locale is).
template <typename Float>
void AppendRoundTrip(std::string* out, Float value, int digits, int more) {
  char buffer[32];
  auto written =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, digits);
  Float back = 0;
  std::from_chars(buffer, written.ptr, back);
  if (back != value) {
    written =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, more);
  }
  out->append(buffer, written.ptr);
}

}  // namespace

void AppendShortestDouble(std::string* out, double value) {
  // What protobuf's text and JSON printers write (its DoubleToBuffer): %.15g,
  // or %.17g when 15 digits do not read back exactly.
  AppendRoundTrip(out, value, 15, 17);
}

void AppendShortestFloat(std::string* out, float value) {
  // protobuf's FloatToBuffer: %.6g, or %.9g.
  AppendRoundTrip(out, value, 6, 9);
}

std::string Shortened(absl::string_view text, size_t keep) {
  if (text.size() <= keep + 16) return ValidUtf8(text);
  // Cut before a UTF-8 continuation byte never splits a character.
  size_t cut = keep;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
  return absl::StrCat(ValidUtf8(text.substr(0, cut)), "... (", text.size(), " bytes)");
}

std::string Quoted(absl::string_view text) { return absl::StrCat("'", Shortened(text), "'"); }

absl::Status Nested(const absl::Status& status, absl::string_view prefix) {
  if (status.ok()) return status;
  const std::string inner = ErrorField(status);
  const std::string field = inner.empty() ? std::string(prefix) : absl::StrCat(prefix, ".", inner);
  return WithField(absl::Status(status.code(), absl::StrCat(prefix, ": ", status.message())),
                   field);
}

}  // namespace internal

std::string ErrorField(const absl::Status& status) {
  auto payload = status.GetPayload(internal::kFieldPayloadUrl);
  return payload.has_value() ? std::string(*payload) : std::string();
}

}  // namespace reentry
