// `reentry score-batch`: a whole caseload from a CSV file, scored through the
// batch path (reentry::ScoreColumns) a chunk of rows at a time, so memory stays
// bounded whatever the file's size.
//
// Input: a header row, then one row per person. Headers are item ids of the
// instrument, or mapped to items (--columns item=header,...); an id column
// (--id-column, default "id" when present) is copied to the output; other
// columns are ignored. Cells: yes/no/true/false/1/0 (any case) for yes/no
// items, numbers for counts and numbers, choice ids for choices; a blank cell
// is not answered (the instrument's missing-item rule applies).
//
// Output: the id (or the row number), then for each scale of the instrument
// <scale>_raw_score, and where the scale defines them <scale>_scaled_score,
// <scale>_level (the level id) and <scale>_flag (yes/no).
#ifndef REENTRY_TOOLS_CLI_SCORE_BATCH_H_
#define REENTRY_TOOLS_CLI_SCORE_BATCH_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "cli/csv.h"
#include "reentry/engine/engine.h"

namespace reentry::cli {

struct ScoreBatchOptions {
  std::string instrument_id;
  // Empty: the newest loaded version.
  std::string version;
  // Empty: the instrument's default.
  std::string norm_group;
  // As reentry::BatchOptions::threads (-1: every hardware thread).
  int threads = 1;
  // The column copied to the output to identify each row; empty: "id" when
  // the header has it, else the output numbers the rows ("row").
  std::string id_column;
  // (item id, header) pairs: the column of `header` answers `item id`.
  std::vector<std::pair<std::string, std::string>> columns;
  // Reject bad rows (to `rejects`) and score the rest, instead of failing.
  bool keep_going = false;
  // Rows scored per call of ScoreColumns.
  size_t chunk_rows = 64 * 1024;
};

struct ScoreBatchStats {
  int64_t rows = 0;      // data rows read
  int64_t scored = 0;    // rows written to the output
  int64_t rejected = 0;  // rows written to the rejects (keep_going)
  std::vector<std::string> ignored_columns;
};

// Called after each chunk with the rows and bytes read so far.
using ScoreBatchProgress = std::function<void(int64_t rows, int64_t bytes)>;

// Parses "item=header,item=header" (--columns).
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParseColumnMap(
    absl::string_view text);

// Scores every row of `input`, writing CSV to `output` and, with keep_going,
// each bad row to `rejects` (its line, the error, then its fields). A bad
// cell or value fails with INVALID_ARGUMENT "<file>:<line>: column <n>
// (<header>): ..." unless keep_going; what was written is then incomplete and
// the caller discards it.
absl::StatusOr<ScoreBatchStats> ScoreCsv(const Engine& engine, const ScoreBatchOptions& options,
                                         CsvReader& input, std::FILE* output, std::FILE* rejects,
                                         const ScoreBatchProgress& progress = nullptr);

}  // namespace reentry::cli

#endif  // REENTRY_TOOLS_CLI_SCORE_BATCH_H_
