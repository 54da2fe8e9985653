#include "util/json.h"

#include <cmath>

#include "absl/strings/charconv.h"
#include "absl/strings/str_cat.h"
#include "util/status.h"

namespace reentry::internal {

namespace {

// Bytes that need escaping (besides the U+2028/U+2029 sequences, which start
// with 0xe2).
constexpr bool NeedsAttention(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == 0x7f || c == 0xe2;
}

}  // namespace

void AppendJsonString(std::string* out, absl::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run = 0;  // start of the bytes not yet appended
  for (size_t i = 0; i < value.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    if (!NeedsAttention(c)) continue;
    const bool line_separator = c == 0xe2 && i + 2 < value.size() &&
                                static_cast<unsigned char>(value[i + 1]) == 0x80 &&
                                (static_cast<unsigned char>(value[i + 2]) & 0xfe) == 0xa8;
    if (c == 0xe2 && !line_separator) continue;
    out->append(value.data() + run, i - run);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case 0xe2:
        out->append(static_cast<unsigned char>(value[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029");
        i += 2;
        break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xf]);
    }
    run = i + 1;
  }
  out->append(value.data() + run, value.size() - run);
  out->push_back('"');
}

void AppendJsonDouble(std::string* out, double value) {
  if (std::isnan(value)) {
    out->append("\"NaN\"");
    return;
  }
  if (std::isinf(value)) {
    out->append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    return;
  }
  // Whole numbers below 1e15 print as integers under %.15g; format them fast.
  if (value == std::trunc(value) && std::fabs(value) < 1e15 &&
      !(value == 0 && std::signbit(value))) {
    AppendJsonInt(out, static_cast<int64_t>(value));
    return;
  }
  AppendShortestDouble(out, value);
}

void AppendJsonInt(std::string* out, int64_t value) { absl::StrAppend(out, value); }

void JsonReader::SkipSpace() {
  while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                                 text_[pos_] == '\r')) {
    ++pos_;
  }
}

bool JsonReader::Consume(char c) {
  SkipSpace();
  if (pos_ < text_.size() && text_[pos_] == c) {
    ++pos_;
    return true;
  }
  return false;
}

bool JsonReader::AtEnd() {
  SkipSpace();
  return pos_ == text_.size();
}

bool JsonReader::ReadKey(absl::string_view* key) {
  if (!Consume('"')) return false;
  const size_t begin = pos_;
  while (pos_ < text_.size()) {
    const auto c = static_cast<unsigned char>(text_[pos_++]);
    if (c == '"') {
      *key = text_.substr(begin, pos_ - 1 - begin);
      return true;
    }
    if (c < 0x20 || c >= 0x80 || c == '\\') return false;
  }
  return false;
}

bool JsonReader::ReadString(std::string* out) {
  if (!Consume('"')) return false;
  out->clear();
  while (pos_ < text_.size()) {
    const char c = text_[pos_++];
    if (c == '"') return true;
    // Control characters are invalid; non-ASCII is left to protobuf, which
    // validates UTF-8.
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x80) {
      return false;
    }
    if (c != '\\') {
      out->push_back(c);
      continue;
    }
    if (pos_ >= text_.size()) return false;
    switch (text_[pos_++]) {
      case '"':
        out->push_back('"');
        break;
      case '\\':
        out->push_back('\\');
        break;
      case '/':
        out->push_back('/');
        break;
      case 'b':
        out->push_back('\b');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 't':
        out->push_back('\t');
        break;
      default:
        return false;  // \u escapes and anything else: protobuf decides
    }
  }
  return false;
}

bool JsonReader::ReadNumber(double* out) {
  SkipSpace();
  const size_t start = pos_;
  auto digit = [&] { return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; };
  if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
  if (!digit()) return false;
  if (text_[pos_] == '0') {
    ++pos_;
  } else {
    while (digit()) ++pos_;
  }
  if (pos_ < text_.size() && text_[pos_] == '.') {
    ++pos_;
    if (!digit()) return false;
    while (digit()) ++pos_;
  }
  if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
    ++pos_;
    if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
    if (!digit()) return false;
    while (digit()) ++pos_;
  }
  const absl::string_view token = text_.substr(start, pos_ - start);
  const auto result = absl::from_chars(token.data(), token.data() + token.size(), *out);
  return result.ec == std::errc() && result.ptr == token.data() + token.size() &&
         std::isfinite(*out);
}

bool JsonReader::ReadBool(bool* out) {
  SkipSpace();
  if (text_.substr(pos_, 4) == "true") {
    pos_ += 4;
    *out = true;
    return true;
  }
  if (text_.substr(pos_, 5) == "false") {
    pos_ += 5;
    *out = false;
    return true;
  }
  return false;
}

}  // namespace reentry::internal
