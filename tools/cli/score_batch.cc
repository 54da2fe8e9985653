// `reentry score-batch`: CSV in, the batch path, CSV out (score_batch.h).
#include "cli/score_batch.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cli/atomic_file.h"
#include "cli/cli.h"
#include "reentry/assess/batch.h"
#include "reentry/assess/instrument.h"
#include "reentry/status.h"
#include "reentry/v1/instrument.pb.h"

namespace reentry::cli {
namespace {

constexpr double kNotAnsweredDouble = std::numeric_limits<double>::quiet_NaN();

enum class Cell { kBoolean, kChoice, kNumber };

// One item's column: where it is in the CSV, how its cells read, and the
// chunk's values as the library reads them.
struct ItemColumn {
  std::string item_id;
  Cell cell = Cell::kNumber;
  size_t csv_index = 0;
  absl::flat_hash_map<std::string, int32_t> choices;
  std::string choice_list;      // for errors
  std::vector<int32_t> ints;    // kBoolean, kChoice: 0/1 or choice index
  std::vector<double> doubles;  // kNumber
};

// One scale's outputs for the chunk.
struct ScaleColumns {
  std::string scale_id;
  std::vector<std::string> level_ids;
  bool has_scaled = false;
  bool has_level = false;
  bool has_flag = false;
  std::vector<double> raw;
  std::vector<int32_t> scaled;
  std::vector<int32_t> level;
  std::vector<uint8_t> flag;
};

std::optional<int32_t> ParseBoolean(absl::string_view text) {
  // The usual spellings first, then any case and surrounding spaces.
  if (text == "yes" || text == "1") return 1;
  if (text == "no" || text == "0") return 0;
  text = absl::StripAsciiWhitespace(text);
  if (text.empty()) return kNotAnsweredInt32;
  if (text == "1") return 1;
  if (text == "0") return 0;
  if (absl::EqualsIgnoreCase(text, "yes") || absl::EqualsIgnoreCase(text, "true")) return 1;
  if (absl::EqualsIgnoreCase(text, "no") || absl::EqualsIgnoreCase(text, "false")) return 0;
  return std::nullopt;
}

std::optional<double> ParseNumber(absl::string_view text) {
  // Most cells are small whole numbers (ages, counts): read them directly.
  if (!text.empty() && text.size() <= 9) {
    int32_t whole = 0;
    size_t i = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9')
      whole = whole * 10 + (text[i++] - '0');
    if (i == text.size()) return whole;
  }
  text = absl::StripAsciiWhitespace(text);
  if (text.empty()) return kNotAnsweredDouble;
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

// A cell quoted in an error, cut short.
std::string QuotedCell(absl::string_view text) {
  if (text.size() > 40) return absl::StrCat("'", text.substr(0, 40), "...'");
  return absl::StrCat("'", text, "'");
}

// The row number in a batch error's message ("row 12: ..."), if any.
std::optional<size_t> RowOf(absl::string_view message) {
  for (size_t at = message.find("row "); at != absl::string_view::npos;
       at = message.find("row ", at + 1)) {
    size_t end = at + 4;
    while (end < message.size() && absl::ascii_isdigit(message[end])) ++end;
    size_t row = 0;
    if (end > at + 4 && end < message.size() && message[end] == ':' &&
        absl::SimpleAtoi(message.substr(at + 4, end - at - 4), &row)) {
      return row;
    }
  }
  return std::nullopt;
}

// The message without its "row N: " and "<field>: " prefixes (the caller
// says where instead).
std::string WithoutPrefixes(absl::string_view message, absl::string_view field) {
  std::string text(message);
  for (int pass = 0; pass < 2; ++pass) {
    if (absl::StartsWith(text, "row ")) {
      const size_t colon = text.find(": ");
      if (colon != std::string::npos) text.erase(0, colon + 2);
    }
    if (!field.empty() && absl::StartsWith(text, absl::StrCat(field, ": "))) {
      text.erase(0, field.size() + 2);
    }
  }
  return text;
}

void AppendInt(int64_t value, std::string* out);

void AppendDouble(double value, std::string* out) {
  // Raw scores are whole numbers but where a scale is prorated.
  if (value >= -1e15 && value <= 1e15 &&
      value == static_cast<double>(static_cast<int64_t>(value))) {
    AppendInt(static_cast<int64_t>(value), out);
    return;
  }
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out->append(buffer, result.ptr);
}

void AppendInt(int64_t value, std::string* out) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out->append(buffer, result.ptr);
}

absl::Status Write(std::FILE* file, std::string* buffer) {
  if (!buffer->empty() && std::fwrite(buffer->data(), 1, buffer->size(), file) != buffer->size()) {
    return absl::DataLossError(absl::StrCat("cannot write: ", std::strerror(errno)));
  }
  buffer->clear();
  return absl::OkStatus();
}

// The state of one run: the bound columns, the chunk and the writers.
class CsvScorer {
 public:
  CsvScorer(const Instrument& instrument, const ScoreBatchOptions& options, CsvReader& input,
            std::FILE* output, std::FILE* rejects)
      : instrument_(instrument),
        options_(options),
        input_(input),
        output_(output),
        rejects_(rejects),
        chunk_(std::max<size_t>(1, options.chunk_rows)) {}

  absl::StatusOr<ScoreBatchStats> Run(const ScoreBatchProgress& progress) {
    auto has_header = input_.Next();
    if (!has_header.ok()) return has_header.status();
    if (!*has_header) {
      return absl::InvalidArgumentError(
          absl::StrCat(input_.name(),
                       ": empty: the first line must be a header row naming "
                       "the columns (item ids, or mapped with --columns)"));
    }
    if (auto s = Bind(input_.fields()); !s.ok()) return s;
    WriteHeaders();
    for (;;) {
      // Malformed quoting fails even with keep_going: where the next record
      // starts is then unknown, so nothing after it can be trusted.
      auto more = input_.Next();
      if (!more.ok()) return more.status();
      if (!*more) break;
      ++stats_.rows;
      if (auto s = AddRow(input_.fields()); !s.ok()) return s;
      if (rows_ == chunk_) {
        if (auto s = Flush(); !s.ok()) return s;
        if (progress) progress(stats_.rows, input_.bytes_read());
      }
    }
    if (auto s = Flush(); !s.ok()) return s;
    if (auto s = Write(output_, &out_); !s.ok()) return s;
    if (rejects_ != nullptr) {
      if (auto s = Write(rejects_, &rejected_); !s.ok()) return s;
    }
    if (progress) progress(stats_.rows, input_.bytes_read());
    return stats_;
  }

 private:
  absl::Status Bind(const std::vector<absl::string_view>& header) {
    const v1::InstrumentDefinition& definition = instrument_.definition();
    header_.clear();
    for (const absl::string_view name : header) header_.emplace_back(name);
    absl::flat_hash_map<std::string, size_t> index;
    absl::flat_hash_map<std::string, int> count;
    for (size_t i = 0; i < header_.size(); ++i) {
      index.emplace(header_[i], i);
      ++count[header_[i]];
    }
    auto column_of = [&](const std::string& name,
                         absl::string_view what) -> absl::StatusOr<size_t> {
      const auto it = index.find(name);
      if (it == index.end()) {
        return absl::InvalidArgumentError(absl::StrCat(input_.name(), ": the header has no column ",
                                                       QuotedCell(name), " (", what, ")"));
      }
      if (count[name] > 1) {
        return absl::InvalidArgumentError(absl::StrCat(input_.name(), ": the header names ",
                                                       QuotedCell(name), " ", count[name],
                                                       " times (", what, ")"));
      }
      return it->second;
    };
    absl::flat_hash_map<std::string, std::string> mapped;  // item -> header
    absl::flat_hash_map<std::string, bool> is_item;
    for (const auto& item : definition.items()) is_item[item.id()] = true;
    for (const auto& [item, header] : options_.columns) {
      if (!is_item.contains(item)) {
        std::vector<std::string> items;
        for (const auto& i : definition.items()) items.push_back(i.id());
        return absl::InvalidArgumentError(absl::StrCat(
            "--columns: ", QuotedCell(item), " is not an item of instrument ", definition.id(), " ",
            definition.version(), " (items: ", absl::StrJoin(items, ", "), ")"));
      }
      if (!mapped.emplace(item, header).second) {
        return absl::InvalidArgumentError(
            absl::StrCat("--columns: item ", QuotedCell(item), " is mapped twice"));
      }
    }
    std::vector<bool> used(header_.size(), false);
    if (!options_.id_column.empty() || index.contains("id")) {
      const std::string name = options_.id_column.empty() ? "id" : options_.id_column;
      auto at = column_of(name, "the id column, --id-column");
      if (!at.ok()) return at.status();
      id_index_ = *at;
      used[*at] = true;
    }
    for (const auto& item : definition.items()) {
      const auto it = mapped.find(item.id());
      std::optional<size_t> at;
      if (it != mapped.end()) {
        auto found = column_of(it->second, absl::StrCat("--columns ", item.id(), "=", it->second));
        if (!found.ok()) return found.status();
        at = *found;
      } else if (index.contains(item.id())) {
        auto found = column_of(item.id(), absl::StrCat("item ", item.id()));
        if (!found.ok()) return found.status();
        at = *found;
      }
      if (!at.has_value()) continue;  // answered by nobody: the library decides
      used[*at] = true;
      ItemColumn column;
      column.item_id = item.id();
      column.csv_index = *at;
      if (item.type() == v1::Item::TYPE_BOOLEAN) {
        column.cell = Cell::kBoolean;
      } else if (item.type() == v1::Item::TYPE_CHOICE) {
        column.cell = Cell::kChoice;
        std::vector<std::string> ids;
        for (int c = 0; c < item.choices_size(); ++c) {
          column.choices.emplace(item.choices(c).id(), c);
          ids.push_back(item.choices(c).id());
        }
        column.choice_list = absl::StrJoin(ids, ", ");
      } else {
        column.cell = Cell::kNumber;
      }
      if (column.cell == Cell::kNumber) {
        column.doubles.resize(chunk_);
      } else {
        column.ints.resize(chunk_);
      }
      items_.push_back(std::move(column));
    }
    for (size_t i = 0; i < header_.size(); ++i) {
      if (!used[i]) stats_.ignored_columns.push_back(header_[i]);
    }

    // Outputs: what each scale defines for the norm group scored.
    const std::string group =
        options_.norm_group.empty() ? definition.default_norm_group() : options_.norm_group;
    for (const auto& scale : definition.scales()) {
      const v1::ScaleNorm* norm = nullptr;
      for (const auto& n : scale.norms()) {
        if (std::find(n.norm_groups().begin(), n.norm_groups().end(), group) !=
            n.norm_groups().end()) {
          norm = &n;
        }
      }
      for (const auto& n : scale.norms()) {
        if (norm == nullptr && n.norm_groups().empty()) norm = &n;
      }
      ScaleColumns out;
      out.scale_id = scale.id();
      for (const auto& level : scale.levels()) out.level_ids.push_back(level.id());
      out.has_level = scale.levels_size() > 0;
      out.has_scaled = norm != nullptr && norm->scaled_size() > 0;
      out.has_flag = norm != nullptr && norm->has_flag_at();
      out.raw.resize(chunk_);
      if (out.has_scaled) out.scaled.resize(chunk_);
      if (out.has_level) out.level.resize(chunk_);
      if (out.has_flag) out.flag.resize(chunk_);
      scales_.push_back(std::move(out));
    }
    row_lines_.resize(chunk_);
    rejected_rows_.reserve(16);

    // The library checks the columns and outputs (a required item without a
    // column, a norm group to name) before any row is read.
    if (auto s = Score(0, 0); !s.ok()) {
      return absl::Status(s.code(), absl::StrCat(input_.name(), ": ", s.message()));
    }
    return absl::OkStatus();
  }

  void WriteHeaders() {
    AppendCsvField(id_index_.has_value() ? header_[*id_index_] : std::string("row"), &out_);
    for (const ScaleColumns& scale : scales_) {
      absl::StrAppend(&out_, ",", scale.scale_id, "_raw_score");
      if (scale.has_scaled) absl::StrAppend(&out_, ",", scale.scale_id, "_scaled_score");
      if (scale.has_level) absl::StrAppend(&out_, ",", scale.scale_id, "_level");
      if (scale.has_flag) absl::StrAppend(&out_, ",", scale.scale_id, "_flag");
    }
    out_.push_back('\n');
    if (rejects_ != nullptr) {
      rejected_ = "line,error";
      for (const std::string& name : header_) {
        rejected_.push_back(',');
        AppendCsvField(name, &rejected_);
      }
      rejected_.push_back('\n');
    }
  }

  // "<file>:<line>: column <n> (<header>): " for CSV column `index`.
  std::string Where(int64_t line, size_t index) const {
    return absl::StrCat(input_.name(), ":", line, ": column ", index + 1, " (", header_[index],
                        "): ");
  }

  void Reject(int64_t line, const std::string& error, absl::string_view record) {
    ++stats_.rejected;
    AppendInt(line, &rejected_);
    rejected_.push_back(',');
    AppendCsvField(error, &rejected_);
    if (!record.empty()) {
      rejected_.push_back(',');
      rejected_.append(record.data(), record.size());
    }
    rejected_.push_back('\n');
  }

  // A bad row: the error, or with keep_going a line in the rejects.
  absl::Status BadRow(int64_t line, const std::string& error,
                      const std::vector<absl::string_view>& fields) {
    if (!options_.keep_going) return absl::InvalidArgumentError(error);
    std::string record;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) record.push_back(',');
      AppendCsvField(fields[i], &record);
    }
    Reject(line, error, record);
    return absl::OkStatus();
  }

  absl::Status AddRow(const std::vector<absl::string_view>& fields) {
    const int64_t line = input_.line();
    if (fields.size() != header_.size()) {
      return BadRow(line,
                    absl::StrCat(input_.name(), ":", line, ": ", fields.size(),
                                 " fields, but the header has ", header_.size()),
                    fields);
    }
    const size_t row = rows_;
    for (ItemColumn& column : items_) {
      const absl::string_view text = fields[column.csv_index];
      switch (column.cell) {
        case Cell::kBoolean: {
          const auto value = ParseBoolean(text);
          if (!value.has_value()) {
            return BadRow(line,
                          absl::StrCat(Where(input_.FieldLine(column.csv_index), column.csv_index),
                                       QuotedCell(text),
                                       " is not yes/no/true/false/1/0 (blank: not answered)"),
                          fields);
          }
          column.ints[row] = *value;
          break;
        }
        case Cell::kChoice: {
          const absl::string_view id = absl::StripAsciiWhitespace(text);
          if (id.empty()) {
            column.ints[row] = kNotAnsweredInt32;
            break;
          }
          const auto it = column.choices.find(id);
          if (it == column.choices.end()) {
            return BadRow(line,
                          absl::StrCat(Where(input_.FieldLine(column.csv_index), column.csv_index),
                                       QuotedCell(text), " is not a choice of item '",
                                       column.item_id, "' (choices: ", column.choice_list, ")"),
                          fields);
          }
          column.ints[row] = it->second;
          break;
        }
        case Cell::kNumber: {
          const auto value = ParseNumber(text);
          if (!value.has_value()) {
            return BadRow(line,
                          absl::StrCat(Where(input_.FieldLine(column.csv_index), column.csv_index),
                                       QuotedCell(text), " is not a number (blank: not answered)"),
                          fields);
          }
          column.doubles[row] = *value;
          break;
        }
      }
    }
    row_lines_[row] = line;
    if (id_index_.has_value()) {
      ids_.append(fields[*id_index_].data(), fields[*id_index_].size());
    } else {
      AppendInt(stats_.rows, &ids_);
    }
    id_ends_.push_back(ids_.size());
    if (options_.keep_going) {
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) records_.push_back(',');
        AppendCsvField(fields[i], &records_);
      }
      record_ends_.push_back(records_.size());
    }
    ++rows_;
    return absl::OkStatus();
  }

  // Scores chunk rows [begin, end) in place.
  absl::Status Score(size_t begin, size_t end) {
    std::vector<Column> columns;
    columns.reserve(items_.size());
    for (const ItemColumn& item : items_) {
      if (item.cell == Cell::kNumber) {
        columns.push_back({item.item_id, ColumnType::kFloat64, item.doubles.data() + begin});
      } else {
        columns.push_back({item.item_id, ColumnType::kInt32, item.ints.data() + begin});
      }
    }
    std::vector<ScaleOutput> outputs;
    outputs.reserve(scales_.size());
    for (ScaleColumns& scale : scales_) {
      outputs.push_back({scale.scale_id, scale.raw.data() + begin,
                         scale.has_scaled ? scale.scaled.data() + begin : nullptr,
                         scale.has_flag ? scale.flag.data() + begin : nullptr,
                         scale.has_level ? scale.level.data() + begin : nullptr});
    }
    BatchOptions batch;
    batch.norm_group = options_.norm_group;
    batch.threads = options_.threads;
    return ScoreColumns(instrument_, columns, end - begin, outputs, batch);
  }

  // Where a batch error of chunk row `row` is: the file, line and column.
  std::string Describe(const absl::Status& status, size_t row) const {
    const std::string field = ErrorField(status);
    const std::string message = WithoutPrefixes(status.message(), field);
    size_t column = 0;
    if (absl::StartsWith(field, "columns[") &&
        absl::SimpleAtoi(absl::string_view(field).substr(8, field.find(']') - 8), &column) &&
        column < items_.size()) {
      return absl::StrCat(Where(row_lines_[row], items_[column].csv_index), message);
    }
    return absl::StrCat(input_.name(), ":", row_lines_[row], ": ", message);
  }

  // Scores the chunk and writes it; a bad row fails the run, or with
  // keep_going is rejected and the rows around it scored again.
  absl::Status Flush() {
    rejected_rows_.clear();
    size_t begin = 0;
    while (begin < rows_) {
      const absl::Status status = Score(begin, rows_);
      if (status.ok()) break;
      if (status.code() != absl::StatusCode::kInvalidArgument) return status;
      std::optional<size_t> bad = RowOf(status.message());
      if (bad.has_value()) *bad += begin;
      if (!bad.has_value() || *bad >= rows_ || Score(*bad, *bad + 1).ok()) {
        // The message named no row this chunk has: find it one row at a time.
        bad.reset();
        for (size_t row = begin; row < rows_ && !bad.has_value(); ++row) {
          if (!Score(row, row + 1).ok()) bad = row;
        }
        if (!bad.has_value()) return status;
      }
      const absl::Status row_status = Score(*bad, *bad + 1);
      const std::string error = Describe(row_status, *bad);
      if (!options_.keep_going) return absl::InvalidArgumentError(error);
      const size_t record_begin = *bad == 0 ? 0 : record_ends_[*bad - 1];
      const absl::string_view record =
          absl::string_view(records_).substr(record_begin, record_ends_[*bad] - record_begin);
      Reject(row_lines_[*bad], error, record);
      rejected_rows_.push_back(*bad);
      if (*bad > begin) {
        if (auto s = Score(begin, *bad); !s.ok()) return s;  // valid rows: cannot fail
      }
      begin = *bad + 1;
    }
    size_t next_rejected = 0;
    size_t id_begin = 0;
    for (size_t row = 0; row < rows_; ++row) {
      const size_t id_end = id_ends_[row];
      const absl::string_view id = absl::string_view(ids_).substr(id_begin, id_end - id_begin);
      id_begin = id_end;
      if (next_rejected < rejected_rows_.size() && rejected_rows_[next_rejected] == row) {
        ++next_rejected;
        continue;
      }
      AppendCsvField(id, &out_);
      for (const ScaleColumns& scale : scales_) {
        out_.push_back(',');
        AppendDouble(scale.raw[row], &out_);
        if (scale.has_scaled) {
          out_.push_back(',');
          AppendInt(scale.scaled[row], &out_);
        }
        if (scale.has_level) {
          out_.push_back(',');
          const int32_t level = scale.level[row];
          out_.append(level >= 0 && static_cast<size_t>(level) < scale.level_ids.size()
                          ? scale.level_ids[level]
                          : std::string());
        }
        if (scale.has_flag) out_.append(scale.flag[row] ? ",yes" : ",no");
      }
      out_.push_back('\n');
      ++stats_.scored;
    }
    rows_ = 0;
    ids_.clear();
    id_ends_.clear();
    records_.clear();
    record_ends_.clear();
    if (out_.size() > (1 << 20)) {
      if (auto s = Write(output_, &out_); !s.ok()) return s;
    }
    if (rejects_ != nullptr && rejected_.size() > (1 << 16)) {
      if (auto s = Write(rejects_, &rejected_); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  const Instrument& instrument_;
  const ScoreBatchOptions& options_;
  CsvReader& input_;
  std::FILE* output_;
  std::FILE* rejects_;
  const size_t chunk_;
  std::vector<std::string> header_;
  std::optional<size_t> id_index_;
  std::vector<ItemColumn> items_;
  std::vector<ScaleColumns> scales_;
  // The chunk: rows_ rows, each with its line, id and (keep_going) record.
  size_t rows_ = 0;
  std::vector<int64_t> row_lines_;
  std::string ids_;
  std::vector<size_t> id_ends_;
  std::string records_;
  std::vector<size_t> record_ends_;
  std::vector<size_t> rejected_rows_;
  std::string out_;
  std::string rejected_;
  ScoreBatchStats stats_;
};

// A progress bar on standard error: rows, rows a second, and with a known
// input size the share read and the time left.
class ProgressBar {
 public:
  explicit ProgressBar(int64_t total_bytes)
      : total_(total_bytes), start_(std::chrono::steady_clock::now()) {}

  static std::string Thousands(int64_t n) {
    std::string digits = absl::StrCat(n);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(at, ",");
    return digits;
  }

  void Update(int64_t rows, int64_t bytes) {
    const auto now = std::chrono::steady_clock::now();
    if (now - shown_ < std::chrono::milliseconds(100)) return;
    shown_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? rows / seconds : 0;
    std::string line = "\r";
    if (total_ > 0) {
      const double share = std::min(1.0, static_cast<double>(bytes) / total_);
      const int filled = static_cast<int>(share * 30);
      absl::StrAppend(&line, absl::StrFormat("%3d%% [", static_cast<int>(share * 100)),
                      std::string(filled, '#'), std::string(30 - filled, '.'), "] ");
      if (share > 0) {
        const double left = seconds / share - seconds;
        absl::StrAppend(&line, absl::StrFormat("ETA %.0f s  ", left));
      }
    }
    absl::StrAppend(&line, Thousands(rows), absl::StrFormat(" rows  %.2f M rows/s", rate / 1e6),
                    "\033[K");
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
  }

  // Erases the bar, leaving the line for the summary or the error.
  void Clear() {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  }

 private:
  int64_t total_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point shown_{};
};

std::string DefaultRejects(const std::string& output) {
  if (output == "-") return "rejects.csv";
  absl::string_view stem = output;
  absl::ConsumeSuffix(&stem, ".csv");
  return absl::StrCat(stem, ".rejects.csv");
}

int ScoreBatch(Engine& engine, const Args& args) {
  const Command& self = kScoreBatchCommand;
  ScoreBatchOptions options;
  options.instrument_id = args.Flag("instrument");
  const std::string input_path = args.Flag("input");
  const std::string output_path = args.Flag("output");
  if (options.instrument_id.empty() || input_path.empty() || output_path.empty()) {
    return UsageError(self, "--instrument, --input and --output are required");
  }
  if (!args.positional.empty()) {
    return UsageError(self, absl::StrCat("unexpected argument '", args.positional[0], "'"));
  }
  options.version = args.Flag("version");
  options.norm_group = args.Flag("norm-group");
  options.id_column = args.Flag("id-column");
  options.keep_going = args.Has("keep-going");
  const std::string threads = args.Flag("threads", "1");
  if (threads == "all") {
    options.threads = kAllThreads;
  } else if (!absl::SimpleAtoi(threads, &options.threads) || options.threads < 1) {
    return UsageError(self, absl::StrCat("--threads '", threads, "' is not a count or 'all'"));
  }
  if (args.Has("columns")) {
    auto columns = ParseColumnMap(args.Flag("columns"));
    if (!columns.ok()) return UsageError(self, std::string(columns.status().message()));
    options.columns = *std::move(columns);
  }
  auto instrument = engine.Find<Instrument>(options.instrument_id, options.version);
  if (!instrument.ok()) return Fail(instrument.status());

  std::FILE* input = stdin;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> owned_input(nullptr, &std::fclose);
  int64_t input_size = 0;
  if (input_path != "-") {
    input = std::fopen(input_path.c_str(), "rb");
    if (input == nullptr) {
      return Fail(absl::NotFoundError(
          absl::StrCat("cannot read ", input_path, ": ", std::strerror(errno))));
    }
    owned_input.reset(input);
    struct stat info;
    if (fstat(fileno(input), &info) == 0 && S_ISREG(info.st_mode)) input_size = info.st_size;
  }
  AtomicFile output_file;
  std::FILE* output = stdout;
  if (output_path != "-") {
    if (auto s = output_file.Open(output_path); !s.ok()) return Fail(s);
    output = output_file.get();
  }
  AtomicFile rejects_file;
  const std::string rejects_path = args.Flag("rejects", DefaultRejects(output_path));
  if (options.keep_going) {
    if (auto s = rejects_file.Open(rejects_path); !s.ok()) return Fail(s);
  }

  const bool quiet = args.Has("quiet");
  std::unique_ptr<ProgressBar> bar;
  if (!quiet && isatty(fileno(stderr))) bar = std::make_unique<ProgressBar>(input_size);
  ScoreBatchProgress progress;
  if (bar != nullptr) {
    progress = [&bar](int64_t rows, int64_t bytes) { bar->Update(rows, bytes); };
  }
  const auto start = std::chrono::steady_clock::now();
  CsvReader reader(input, input_path == "-" ? "<stdin>" : input_path);
  auto stats = ScoreCsv(engine, options, reader, output, rejects_file.get(), progress);
  if (bar != nullptr) bar->Clear();
  if (!stats.ok()) return Fail(stats.status());  // the temporary files are removed
  if (output != stdout) {
    if (auto s = output_file.Commit(); !s.ok()) return Fail(s);
  } else if (std::fflush(stdout) != 0) {
    return Fail(absl::DataLossError("cannot write standard output"));
  }
  if (options.keep_going) {
    if (auto s = rejects_file.Commit(); !s.ok()) return Fail(s);
  }
  if (!quiet) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << absl::StrFormat("scored %d of %d rows with %s %s in %.2f s (%.2f M rows/s)",
                                 stats->scored, stats->rows, (*instrument)->id(),
                                 (*instrument)->version(), seconds,
                                 seconds > 0 ? stats->rows / seconds / 1e6 : 0.0);
    if (options.keep_going) {
      std::cerr << "; " << stats->rejected << " rejected, in " << rejects_path;
    }
    std::cerr << "\n";
    if (!stats->ignored_columns.empty()) {
      std::cerr << "ignored columns (not items of " << (*instrument)->id()
                << "): " << absl::StrJoin(stats->ignored_columns, ", ") << "\n";
    }
  }
  return kExitOk;
}

}  // namespace

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParseColumnMap(
    absl::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    const size_t eq = part.find('=');
    const absl::string_view item = absl::StripAsciiWhitespace(part.substr(0, eq));
    const absl::string_view header = eq == absl::string_view::npos
                                         ? absl::string_view()
                                         : absl::StripAsciiWhitespace(part.substr(eq + 1));
    if (item.empty() || header.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("--columns: '", part, "' is not item=header"));
    }
    out.emplace_back(std::string(item), std::string(header));
  }
  return out;
}

absl::StatusOr<ScoreBatchStats> ScoreCsv(const Engine& engine, const ScoreBatchOptions& options,
                                         CsvReader& input, std::FILE* output, std::FILE* rejects,
                                         const ScoreBatchProgress& progress) {
  auto instrument = engine.Find<Instrument>(options.instrument_id, options.version);
  if (!instrument.ok()) return instrument.status();
  CsvScorer scorer(**instrument, options, input, output, options.keep_going ? rejects : nullptr);
  return scorer.Run(progress);
}

const Command kScoreBatchCommand = {
    "score-batch", "score a whole caseload from a CSV file (the batch path)",
    "  reentry score-batch --instrument <id> --input <caseload.csv|-> --output <scored.csv|->\n"
    "                      [--norm-group <group>] [--version <v>] [--threads <n>|all]\n"
    "                      [--columns item=header,...] [--id-column <header>]\n"
    "                      [--keep-going [--rejects <rejects.csv>]] [--quiet]\n"
    "\n"
    "  The input is CSV (RFC 4180: quoted fields may hold commas, quotes and line\n"
    "  breaks) with a header row. Columns named by item id answer that item;\n"
    "  --columns maps other headers to items; the --id-column (default: 'id' when\n"
    "  present) is copied to the output, else rows are numbered. Other columns are\n"
    "  ignored. Cells: yes/no/true/false/1/0 for yes/no items, numbers for counts\n"
    "  and numbers, choice ids for choices; blank means not answered.\n"
    "\n"
    "  The output has the id, then <scale>_raw_score and, where the scale defines\n"
    "  them, <scale>_scaled_score, <scale>_level (the level id) and <scale>_flag\n"
    "  (yes/no). Rows are read and scored in chunks, so memory stays bounded.\n"
    "\n"
    "  A bad cell or value fails with the file, line and column, exit 2, and no\n"
    "  output is written. With --keep-going bad rows go to the rejects file\n"
    "  (default <output>.rejects.csv: line, error, then the row) and the output\n"
    "  has every good row. A progress bar is shown when standard error is a\n"
    "  terminal.\n",
    ScoreBatch};

}  // namespace reentry::cli
