// The CSV reader of `reentry score-batch`: RFC 4180 quoting, line breaks and
// their line numbers, records longer than the buffer, and malformed input
// named by file and line.
#include "cli/csv.h"

#include <cstdio>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace reentry::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Record {
  int64_t line;
  std::vector<std::string> fields;
};

// Reads every record of `text` (through a FILE, as the command does).
absl::StatusOr<std::vector<Record>> ReadAll(const std::string& text) {
  std::FILE* file = fmemopen(const_cast<char*>(text.data()), text.size(), "rb");
  if (text.empty()) file = std::tmpfile();
  CsvReader reader(file, "t.csv");
  std::vector<Record> records;
  for (;;) {
    auto more = reader.Next();
    if (!more.ok()) {
      std::fclose(file);
      return more.status();
    }
    if (!*more) break;
    Record record{reader.line(), {}};
    for (const auto field : reader.fields()) record.fields.emplace_back(field);
    records.push_back(std::move(record));
  }
  std::fclose(file);
  return records;
}

std::vector<std::string> Fields(const std::string& line) {
  auto records = ReadAll(line);
  EXPECT_TRUE(records.ok()) << records.status();
  if (!records.ok() || records->size() != 1) return {"<not one record>"};
  return (*records)[0].fields;
}

TEST(CsvReader, SplitsPlainFieldsOnCommas) {
  EXPECT_THAT(Fields("a,b,c\n"), ElementsAre("a", "b", "c"));
  EXPECT_THAT(Fields("a,,c"), ElementsAre("a", "", "c"));  // no final line break
  EXPECT_THAT(Fields("a,b,\n"), ElementsAre("a", "b", ""));
  EXPECT_THAT(Fields(",\n"), ElementsAre("", ""));
}

TEST(CsvReader, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  EXPECT_THAT(Fields("\"a,b\",c\n"), ElementsAre("a,b", "c"));
  EXPECT_THAT(Fields("\"say \"\"yes\"\"\",x\n"), ElementsAre("say \"yes\"", "x"));
  EXPECT_THAT(Fields("\"two\nlines\",\"crlf\r\ninside\"\n"),
              ElementsAre("two\nlines", "crlf\r\ninside"));
  EXPECT_THAT(Fields("\"\",\"\"\"\"\n"), ElementsAre("", "\""));
}

TEST(CsvReader, AcceptsCrlfAndSkipsABomAndEmptyLines) {
  auto records = ReadAll("\xEF\xBB\xBFid,x\r\n\r\n1,2\r\n\n3,\"4\"\r\n");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_THAT((*records)[0].fields, ElementsAre("id", "x"));
  EXPECT_THAT((*records)[1].fields, ElementsAre("1", "2"));
  EXPECT_THAT((*records)[2].fields, ElementsAre("3", "4"));
  // Lines as an editor numbers them: the empty lines 2 and 4 count.
  EXPECT_EQ((*records)[1].line, 3);
  EXPECT_EQ((*records)[2].line, 5);
}

TEST(CsvReader, CountsLinesInsideQuotedFields) {
  // Record 2 starts on line 2 and spans lines 2-4; record 3 is on line 5.
  auto records = ReadAll("h1,h2\n\"a\nb\nc\",d\ne,f\n");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[1].line, 2);
  EXPECT_EQ((*records)[2].line, 5);
}

TEST(CsvReader, FieldLineIsWhereAFieldBegins) {
  const std::string text = "\"x\ny\",b,\"1\n2\n3\",d\n";
  std::FILE* file = fmemopen(const_cast<char*>(text.data()), text.size(), "rb");
  CsvReader reader(file, "t.csv");
  ASSERT_TRUE(*reader.Next());
  EXPECT_EQ(reader.FieldLine(0), 1);
  EXPECT_EQ(reader.FieldLine(1), 2);  // after "x\ny"
  EXPECT_EQ(reader.FieldLine(3), 4);  // after "1\n2\n3"
  std::fclose(file);
}

TEST(CsvReader, ReadsRecordsLongerThanItsBufferAndManyRecords) {
  // A 3 MiB field (the buffer starts at 1 MiB) among 200,000 short records.
  std::string text = "a,\"" + std::string(3 << 20, 'x') + "\",c\n";
  for (int i = 0; i < 200000; ++i) text += std::to_string(i) + ",\"q,\"\"\"\n";
  auto records = ReadAll(text);
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 200001u);
  EXPECT_EQ((*records)[0].fields[1].size(), 3u << 20);
  EXPECT_THAT((*records)[200000].fields, ElementsAre("199999", "q,\""));
  EXPECT_EQ((*records)[200000].line, 200001);
}

TEST(CsvReader, AnEmptyInputHasNoRecords) {
  auto records = ReadAll("");
  ASSERT_TRUE(records.ok());
  EXPECT_TRUE(records->empty());
  records = ReadAll("\n\r\n");
  ASSERT_TRUE(records.ok());
  EXPECT_TRUE(records->empty());
}

TEST(CsvReader, MalformedQuotingIsNamedByFileLineAndField) {
  EXPECT_THAT(ReadAll("h\nab\"c,d\n").status().message(),
              HasSubstr("t.csv:2: field 1: a quote inside an unquoted field"));
  EXPECT_THAT(ReadAll("h\nx,\"ab\"c\n").status().message(),
              HasSubstr("t.csv:2: field 2: text after the closing quote"));
  EXPECT_THAT(ReadAll("h\n\nx,\"open\nstill open\n").status().message(),
              HasSubstr("t.csv:3: a quoted field is still open at the end of the file"));
}

TEST(AppendCsvField, QuotesOnlyWhatNeedsIt) {
  std::string out;
  for (const char* field : {"plain", "a,b", "say \"hi\"", "two\nlines", ""}) {
    AppendCsvField(field, &out);
    out += '|';
  }
  EXPECT_EQ(out, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"||");
}

}  // namespace
}  // namespace reentry::cli
