// The ListHolidays rpc: the response's shape (and its pinned JSON names), and
// every error of the request's fields.

#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "reentry/calendar/calendar.h"
#include "reentry/status.h"
#include "test_calendars.h"

namespace reentry {
namespace {

using ::testing::HasSubstr;
using testing::UsFederal;

v1::ListHolidaysRequest Request(const std::string& from, const std::string& to) {
  v1::ListHolidaysRequest request;
  request.set_calendar_id("us_federal");
  request.set_from(from);
  request.set_to(to);
  return request;
}

void ExpectRejected(const v1::ListHolidaysRequest& request, const std::string& field,
                    const std::string& message) {
  auto response = ListHolidays(UsFederal(), request);
  ASSERT_FALSE(response.ok()) << "accepted; expected an error about " << field;
  EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(response.status()), field) << response.status();
  EXPECT_THAT(std::string(response.status().message()), HasSubstr(field + ": "));
  EXPECT_THAT(std::string(response.status().message()), HasSubstr(message));
}

TEST(ListHolidays, ListsObservedDatesWithTheActualOnes) {
  auto response = ListHolidays(UsFederal(), Request("2027-12-01", "2028-01-31"));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->calendar_id(), "us_federal");
  EXPECT_EQ(response->calendar_version(), "2021");
  ASSERT_EQ(response->holidays_size(), 3);
  EXPECT_EQ(response->holidays(0).date(), "2027-12-24");
  EXPECT_EQ(response->holidays(0).name(), "Christmas Day");
  EXPECT_TRUE(response->holidays(0).observed());
  EXPECT_EQ(response->holidays(0).actual_date(), "2027-12-25");
  EXPECT_EQ(response->holidays(1).date(), "2027-12-31");
  EXPECT_EQ(response->holidays(1).name(), "New Year's Day");
  EXPECT_EQ(response->holidays(1).actual_date(), "2028-01-01");
  EXPECT_EQ(response->holidays(2).date(), "2028-01-17");
  EXPECT_FALSE(response->holidays(2).observed());
  EXPECT_EQ(response->holidays(2).actual_date(), "2028-01-17");
}

// DESIGN pins { holidays: [{ date, name }] } in proto3 JSON.
TEST(ListHolidays, SpeaksThePinnedJsonNames) {
  auto response = ListHolidays(UsFederal(), Request("2026-07-01", "2026-07-31"));
  ASSERT_TRUE(response.ok()) << response.status();
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(*response, &json).ok());
  EXPECT_THAT(json, HasSubstr(R"("holidays":[{"date":"2026-07-03","name":"Independence Day",)"
                              R"("observed":true,"actualDate":"2026-07-04"}])"));
}

TEST(ListHolidays, IncludesBothEndsOfTheRange) {
  auto response = ListHolidays(UsFederal(), Request("2026-01-01", "2026-01-01"));
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_EQ(response->holidays_size(), 1);
  EXPECT_EQ(response->holidays(0).name(), "New Year's Day");
  response = ListHolidays(UsFederal(), Request("2026-01-02", "2026-01-18"));
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->holidays_size(), 0);
}

TEST(ListHolidays, AcceptsRangesOfJustUnderAHundredYears) {
  auto response = ListHolidays(UsFederal(), Request("2000-01-01", "2099-12-31"));
  ASSERT_TRUE(response.ok()) << response.status();
  // The holidays of 2000-2099: ten a year through 2020, eleven from 2021
  // (Juneteenth), less New Year's Day 2000, a Saturday observed on
  // 1999-12-31, outside the range; New Year's Day 2100 is a Friday and stays
  // out.
  EXPECT_EQ(response->holidays_size(), 21 * 10 + 79 * 11 - 1);
}

TEST(ListHolidays, RequiresBothDates) {
  ExpectRejected(Request("", "2026-12-31"), "from", "is required");
  ExpectRejected(Request("2026-01-01", ""), "to", "is required");
}

TEST(ListHolidays, RejectsMalformedDates) {
  ExpectRejected(Request("2026-1-01", "2026-12-31"), "from",
                 "is not a date of the form YYYY-MM-DD");
  ExpectRejected(Request("2026-01-01", "2026-02-29"), "to", "'2026-02-29' is not a calendar date");
  ExpectRejected(Request("1899-12-31", "2026-02-28"), "from", "is outside 1900-2199");
  ExpectRejected(Request("2026-01-01", "2026-12-31T00:00"), "to", "is not a date");
}

TEST(ListHolidays, RejectsARangeThatEndsBeforeItStarts) {
  ExpectRejected(Request("2026-12-31", "2026-01-01"), "to", "2026-01-01 is before from 2026-12-31");
}

TEST(ListHolidays, RejectsRangesOfAHundredYearsOrMore) {
  ExpectRejected(Request("2000-01-01", "2100-01-01"), "to",
                 "2100-01-01 is 100 years or more after from 2000-01-01; a range must span less "
                 "than 100 years");
  ExpectRejected(Request("1900-01-01", "2199-12-31"), "to", "100 years or more");
}

TEST(ListHolidays, RejectsAnotherCalendarsIdOrVersion) {
  v1::ListHolidaysRequest request = Request("2026-01-01", "2026-12-31");
  request.set_calendar_id("us_state");
  ExpectRejected(request, "calendar_id", "'us_state' does not name the calendar 'us_federal'");
  request.set_calendar_id("");
  request.set_calendar_version("2020");
  ExpectRejected(request, "calendar_version", "'2020' is not the version of calendar 'us_federal'");
  request.set_calendar_version("2021");
  EXPECT_TRUE(ListHolidays(UsFederal(), request).ok());
}

}  // namespace
}  // namespace reentry
