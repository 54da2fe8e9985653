// Business-day arithmetic on the builtin us_federal calendar: the library's
// bitmap with prefix counts against two day-by-day peers in the same run:
//   - the naive loop a host writes over an is-business-day test (here the
//     library's own one-bit IsBusinessDay, so only the walking differs);
//   - the same loop with Boost.Date_Time (gregorian dates, a std::set of the
//     observed holidays), as DESIGN's dependency list suggests for calendars.
// Inputs: 4096 random start days in 2000-2100 and business-day offsets drawn
// from 1..N (N = the benchmark's argument: 10 for task durations, 250 for
// a year of business days).
//
//   build/bench/calendar_bench

#include <benchmark/benchmark.h>

#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "boost/date_time/gregorian/gregorian_types.hpp"
#include "reentry/calendar/calendar.h"

namespace {

constexpr int kInputs = 4096;

const reentry::Calendar& UsFederal() {
  static const auto* const calendar = [] {
    std::ifstream in(REENTRY_SOURCE_DIR "/catalogs/us_federal.textproto");
    std::stringstream text;
    text << in.rdbuf();
    auto compiled = reentry::Calendar::ParseText(text.str(), "us_federal.textproto");
    if (!compiled.ok()) std::abort();
    return new std::shared_ptr<const reentry::Calendar>(*compiled);
  }();
  return **calendar;
}

struct Input {
  absl::CivilDay day;
  int n;
};

std::vector<Input> Inputs(int max_n) {
  std::mt19937 random(42);
  std::vector<Input> inputs;
  for (int i = 0; i < kInputs; ++i) {
    inputs.push_back(
        {absl::CivilDay(2000, 1, 1) + std::uniform_int_distribution<int>(0, 100 * 365)(random),
         std::uniform_int_distribution<int>(1, max_n)(random)});
  }
  return inputs;
}

// Peer 1: one day at a time over the calendar's IsBusinessDay.
absl::CivilDay NaiveAdd(const reentry::Calendar& calendar, absl::CivilDay day, int n) {
  for (; n > 0; --n) {
    do ++day;
    while (!calendar.IsBusinessDay(day));
  }
  return day;
}

int64_t NaiveBetween(const reentry::Calendar& calendar, absl::CivilDay from, absl::CivilDay to) {
  int64_t count = 0;
  for (absl::CivilDay d = from + 1; d <= to; ++d) count += calendar.IsBusinessDay(d);
  return count;
}

// Peer 2: Boost.Date_Time, holidays as a set of dates.
struct BoostCalendar {
  std::set<boost::gregorian::date> holidays;

  BoostCalendar() {
    for (const auto& holiday :
         UsFederal().Holidays(absl::CivilDay(1999, 1, 1), absl::CivilDay(2102, 12, 31))) {
      holidays.insert(boost::gregorian::date(static_cast<int>(holiday.date.year()),
                                             holiday.date.month(), holiday.date.day()));
    }
  }
  bool IsBusinessDay(boost::gregorian::date day) const {
    const auto weekday = day.day_of_week();
    return weekday != boost::date_time::Saturday && weekday != boost::date_time::Sunday &&
           holidays.count(day) == 0;
  }
  boost::gregorian::date Add(boost::gregorian::date day, int n) const {
    boost::gregorian::day_iterator it(day);
    for (; n > 0; --n) {
      do ++it;
      while (!IsBusinessDay(*it));
    }
    return *it;
  }
};

boost::gregorian::date ToBoost(absl::CivilDay day) {
  return boost::gregorian::date(static_cast<int>(day.year()), day.month(), day.day());
}

void BM_AddBusinessDays(benchmark::State& state) {
  const auto& calendar = UsFederal();
  const auto inputs = Inputs(static_cast<int>(state.range(0)));
  size_t i = 0;
  for (auto _ : state) {
    const Input& input = inputs[i++ % kInputs];
    benchmark::DoNotOptimize(calendar.AddBusinessDays(input.day, input.n));
  }
}
BENCHMARK(BM_AddBusinessDays)->Arg(10)->Arg(250);

void BM_AddBusinessDaysNaiveLoop(benchmark::State& state) {
  const auto& calendar = UsFederal();
  const auto inputs = Inputs(static_cast<int>(state.range(0)));
  size_t i = 0;
  for (auto _ : state) {
    const Input& input = inputs[i++ % kInputs];
    benchmark::DoNotOptimize(NaiveAdd(calendar, input.day, input.n));
  }
}
BENCHMARK(BM_AddBusinessDaysNaiveLoop)->Arg(10)->Arg(250);

void BM_AddBusinessDaysBoostLoop(benchmark::State& state) {
  const BoostCalendar calendar;
  std::vector<std::pair<boost::gregorian::date, int>> inputs;
  for (const Input& input : Inputs(static_cast<int>(state.range(0)))) {
    inputs.emplace_back(ToBoost(input.day), input.n);
  }
  size_t i = 0;
  for (auto _ : state) {
    const auto& [day, n] = inputs[i++ % kInputs];
    benchmark::DoNotOptimize(calendar.Add(day, n));
  }
}
BENCHMARK(BM_AddBusinessDaysBoostLoop)->Arg(10)->Arg(250);

// Pairs of days up to N calendar days apart (the argument, here 14 and 365).
void BM_BusinessDaysBetween(benchmark::State& state) {
  const auto& calendar = UsFederal();
  const auto inputs = Inputs(static_cast<int>(state.range(0)));
  size_t i = 0;
  for (auto _ : state) {
    const Input& input = inputs[i++ % kInputs];
    benchmark::DoNotOptimize(calendar.BusinessDaysBetween(input.day, input.day + input.n));
  }
}
BENCHMARK(BM_BusinessDaysBetween)->Arg(14)->Arg(365);

void BM_BusinessDaysBetweenNaiveLoop(benchmark::State& state) {
  const auto& calendar = UsFederal();
  const auto inputs = Inputs(static_cast<int>(state.range(0)));
  size_t i = 0;
  for (auto _ : state) {
    const Input& input = inputs[i++ % kInputs];
    benchmark::DoNotOptimize(NaiveBetween(calendar, input.day, input.day + input.n));
  }
}
BENCHMARK(BM_BusinessDaysBetweenNaiveLoop)->Arg(14)->Arg(365);

void BM_IsBusinessDay(benchmark::State& state) {
  const auto& calendar = UsFederal();
  const auto inputs = Inputs(1);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(calendar.IsBusinessDay(inputs[i++ % kInputs].day));
  }
}
BENCHMARK(BM_IsBusinessDay);

// Beyond the table (years 2300-2400): the rules evaluated a year at a time.
void BM_AddBusinessDaysBeyondTheTable(benchmark::State& state) {
  const auto& calendar = UsFederal();
  auto inputs = Inputs(10);
  for (Input& input : inputs)
    input.day = absl::CivilDay(input.day.year() + 300, 1, 1) + input.day.day();
  size_t i = 0;
  for (auto _ : state) {
    const Input& input = inputs[i++ % kInputs];
    benchmark::DoNotOptimize(calendar.AddBusinessDays(input.day, input.n));
  }
}
BENCHMARK(BM_AddBusinessDaysBeyondTheTable);

// Validating and precomputing a calendar (the table, and the 400-year cycles
// on either side), once per load.
void BM_Compile(benchmark::State& state) {
  const auto definition = UsFederal().definition();
  for (auto _ : state) {
    benchmark::DoNotOptimize(reentry::Calendar::Compile(definition));
  }
}
BENCHMARK(BM_Compile)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
