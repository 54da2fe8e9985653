// Business-day queries: the table for 1900-2199, year-at-a-time rules and
// stored 400-year cycles elsewhere.

#include "reentry/calendar/calendar.h"

#include <algorithm>
#include <limits>
#include <tuple>
#include <utility>

#include "absl/numeric/bits.h"
#include "absl/strings/str_cat.h"
#include "calendar/compiled.h"
#include "util/civil_date.h"
#include "util/civil_date.h"
#include "util/definition.h"
#include "util/status.h"

namespace reentry {
namespace {

using calendar_internal::CompiledCalendar;
using calendar_internal::kCycleYears;
using calendar_internal::kEarlyCycleFirstYear;
using calendar_internal::kEarlyPeriodicLastYear;
using calendar_internal::kLatePeriodicFirstYear;
using calendar_internal::kTableFirstYear;
using calendar_internal::kTableLastYear;
using calendar_internal::kYearLimit;
using calendar_internal::RepresentativeYear;
using calendar_internal::TableWord;
using calendar_internal::Year;
using calendar_internal::YearBits;

constexpr absl::CivilDay kTableStart(kTableFirstYear, 1, 1);
constexpr absl::CivilDay kLowestDay(-kYearLimit, 1, 1);
constexpr absl::CivilDay kHighestDay(kYearLimit, 12, 31);

// The number of set bits, inline: absl::popcount becomes a call into libgcc
// on baseline x86-64 (no POPCNT instruction), a quarter of AddBusinessDays.
int Popcount(uint64_t word) {
  word -= (word >> 1) & 0x5555555555555555;
  word = (word & 0x3333333333333333) + ((word >> 2) & 0x3333333333333333);
  word = (word + (word >> 4)) & 0x0f0f0f0f0f0f0f0f;
  return static_cast<int>((word * 0x0101010101010101) >> 56);
}

// The position (0-63) of the k-th set bit of `word`, k >= 1 and at most its
// popcount: the byte from running byte counts, then the bit within the byte.
int SelectBit(uint64_t word, int64_t k) {
  uint64_t bytes = word - ((word >> 1) & 0x5555555555555555);
  bytes = (bytes & 0x3333333333333333) + ((bytes >> 2) & 0x3333333333333333);
  bytes = (bytes + (bytes >> 4)) & 0x0f0f0f0f0f0f0f0f;
  const uint64_t running = bytes * 0x0101010101010101;  // byte i: bits in bytes 0..i
  int byte = 0;
  while (static_cast<int64_t>((running >> (8 * byte)) & 0xff) < k) ++byte;
  if (byte > 0) k -= (running >> (8 * (byte - 1))) & 0xff;
  uint64_t bits = (word >> (8 * byte)) & 0xff;
  for (; k > 1; --k) bits &= bits - 1;
  return 8 * byte + absl::countr_zero(bits);
}

// The mask of bits [0, n), n in 0..64.
uint64_t LowBits(int n) { return n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1; }

int DaysInYear(Year year) {
  return static_cast<int>(absl::CivilDay(year + 1, 1, 1) - absl::CivilDay(year, 1, 1));
}

// Business days among days [from, to) of a year's bits, 0 <= from <= to <= 366.
int CountBits(const YearBits& bits, int from, int to) {
  int count = 0;
  for (int w = from / 64; w * 64 < to; ++w) {
    uint64_t word = bits.words[w];
    if (w == from / 64) word &= ~LowBits(from % 64);
    if (to < (w + 1) * 64) word &= LowBits(to % 64);
    count += Popcount(word);
  }
  return count;
}

// Floor division, for counting whole cycles before negative years.
Year FloorDiv(Year a, Year b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

absl::CivilDay Clamp(absl::CivilDay day) { return std::clamp(day, kLowestDay, kHighestDay); }

// Queries over one compiled calendar.
class Days {
 public:
  explicit Days(const CompiledCalendar& c) : c_(c) {}

  static bool InTable(absl::CivilDay day) {
    return day.year() >= kTableFirstYear && day.year() <= kTableLastYear;
  }
  static int64_t TableIndex(absl::CivilDay day) { return internal::DaysBetween(kTableStart, day); }

  bool TableBit(int64_t index) const { return (c_.table[index / 64].bits >> (index % 64)) & 1; }

  // Business days among table days [0, index), index in 0 .. the table size.
  int64_t TableRank(int64_t index) const {
    const TableWord& word = c_.table[index / 64];
    return word.before + Popcount(word.bits & LowBits(static_cast<int>(index % 64)));
  }

  // The table index of the k-th business day of the table (k >= 1 and at
  // most the total), searched from the word at `hint` outwards.
  int64_t TableSelect(int64_t k, int64_t hint) const {
    const auto& t = c_.table;
    // The answer is in the last word w with t[w].before < k.
    int64_t lo, hi;  // t[lo].before < k <= t[hi].before
    const int64_t last = static_cast<int64_t>(t.size()) - 1;
    if (t[hint].before < k) {
      lo = hint;
      int64_t step = 1;
      hi = std::min(last, hint + step);
      while (t[hi].before < k) {
        lo = hi;
        step *= 2;
        hi = std::min(last, hint + step);
      }
    } else {
      hi = hint;
      int64_t step = 1;
      lo = std::max<int64_t>(0, hint - step);
      while (t[lo].before >= k) {
        hi = lo;
        step *= 2;
        lo = std::max<int64_t>(0, hint - step);
      }
    }
    while (hi - lo > 1) {
      const int64_t mid = lo + (hi - lo) / 2;
      (t[mid].before < k ? lo : hi) = mid;
    }
    return lo * 64 + SelectBit(t[lo].bits, k - t[lo].before);
  }

  int64_t TableTotal() const { return c_.table.back().before; }

  // The business days of a year outside the table.
  YearBits BitsOf(Year year) const {
    if (year == kTableFirstYear - 1) return c_.year_before_table;
    if (year == kTableLastYear + 1) return c_.year_after_table;
    return c_.ComputeYear(RepresentativeYear(year));
  }

  bool IsBusinessDay(absl::CivilDay day) const {
    if (InTable(day)) return TableBit(TableIndex(day));
    const YearBits bits = BitsOf(day.year());
    const auto i = day - absl::CivilDay(day.year(), 1, 1);
    return (bits.words[i / 64] >> (i % 64)) & 1;
  }

  // One year's business days: the table's, or bits computed from the rules.
  struct YearView {
    absl::CivilDay january_first;
    int days;
    int64_t table_index;  // of January 1, or -1 outside the table
    YearBits bits;        // outside the table
  };

  YearView YearOf(Year year) const {
    YearView view{absl::CivilDay(year, 1, 1), DaysInYear(year), -1, {}};
    if (year >= kTableFirstYear && year <= kTableLastYear) {
      view.table_index = TableIndex(view.january_first);
    } else {
      view.bits = BitsOf(year);
    }
    return view;
  }

  // Business days among days [from, to) of the year (0 <= from <= to <= its
  // length), by day of year.
  int64_t Count(const YearView& y, int from, int to) const {
    if (from >= to) return 0;
    if (y.table_index >= 0) return TableRank(y.table_index + to) - TableRank(y.table_index + from);
    return CountBits(y.bits, from, to);
  }

  // The k-th business day of the year on or after day of year `from` (k >=
  // 1, and there are that many).
  absl::CivilDay Select(const YearView& y, int from, int64_t k) const {
    if (y.table_index >= 0) {
      const int64_t start = y.table_index + from;
      return y.january_first + (TableSelect(TableRank(start) + k, start / 64) - y.table_index);
    }
    k += CountBits(y.bits, 0, from);
    for (int w = 0;; ++w) {
      const int count = Popcount(y.bits.words[w]);
      if (k <= count) return y.january_first + (w * 64 + SelectBit(y.bits.words[w], k));
      k -= count;
    }
  }

  // Business days in whole years [first, last] (0 when last < first); both
  // within [-kYearLimit - 1, kYearLimit + 1].
  int64_t CountYears(Year first, Year last) const {
    if (last < first) return 0;
    int64_t count = 0;
    // The early periodic years, by whole cycles and a stored prefix.
    if (first <= kEarlyPeriodicLastYear) {
      const Year to = std::min(last, kEarlyPeriodicLastYear);
      count += Cumulative(c_.early_cycle, kEarlyCycleFirstYear, to) -
               Cumulative(c_.early_cycle, kEarlyCycleFirstYear, first - 1);
    }
    if (first <= kTableFirstYear - 1 && last >= kTableFirstYear - 1) {
      count += c_.year_before_table.count;
    }
    if (first <= kTableLastYear && last >= kTableFirstYear) {
      const Year from = std::max(first, kTableFirstYear);
      const Year to = std::min(last, kTableLastYear);
      count += c_.year_start[to + 1 - kTableFirstYear] - c_.year_start[from - kTableFirstYear];
    }
    if (first <= kTableLastYear + 1 && last >= kTableLastYear + 1) {
      count += c_.year_after_table.count;
    }
    if (last >= kLatePeriodicFirstYear) {
      const Year from = std::max(first, kLatePeriodicFirstYear);
      count += Cumulative(c_.late_cycle, kLatePeriodicFirstYear, last) -
               Cumulative(c_.late_cycle, kLatePeriodicFirstYear, from - 1);
    }
    return count;
  }

  // Business days in [a, b], both clamped, a <= b.
  int64_t CountRange(absl::CivilDay a, absl::CivilDay b) const {
    if (InTable(a) && InTable(b)) return TableRank(TableIndex(b) + 1) - TableRank(TableIndex(a));
    const Year ya = a.year(), yb = b.year();
    const int da = static_cast<int>(a - absl::CivilDay(ya, 1, 1));
    const int db = static_cast<int>(b - absl::CivilDay(yb, 1, 1));
    const YearView first = YearOf(ya);
    if (ya == yb) return Count(first, da, db + 1);
    return Count(first, da, first.days) + CountYears(ya + 1, yb - 1) + Count(YearOf(yb), 0, db + 1);
  }

  // The n-th business day after `day` (n >= 1, day clamped).
  absl::CivilDay Forward(absl::CivilDay day, int64_t n) const {
    const Year year = day.year();
    const int from = static_cast<int>(day - absl::CivilDay(year, 1, 1)) + 1;
    const YearView this_year = YearOf(year);
    const int64_t rest = Count(this_year, from, this_year.days);
    if (n <= rest) return Select(this_year, from, n);
    const int64_t remaining = n - rest;
    // The first year Y after `year` with CountYears(year + 1, Y) >= remaining.
    if (year >= kYearLimit || CountYears(year + 1, kYearLimit) < remaining) return c_.last_day;
    Year lo = year, hi = year + 1;  // CountYears(year + 1, lo) < remaining <= ... (hi)
    for (Year step = 1; CountYears(year + 1, hi) < remaining;) {
      lo = hi;
      step *= 2;
      hi = std::min(kYearLimit, year + step);
    }
    while (hi - lo > 1) {
      const Year mid = lo + (hi - lo) / 2;
      (CountYears(year + 1, mid) < remaining ? lo : hi) = mid;
    }
    return Select(YearOf(hi), 0, remaining - CountYears(year + 1, hi - 1));
  }

  // The n-th business day before `day` (n >= 1, day clamped).
  absl::CivilDay Backward(absl::CivilDay day, int64_t n) const {
    const Year year = day.year();
    const int upto = static_cast<int>(day - absl::CivilDay(year, 1, 1));
    const YearView this_year = YearOf(year);
    const int64_t before = Count(this_year, 0, upto);
    if (n <= before) return Select(this_year, 0, before - n + 1);
    const int64_t remaining = n - before;
    // The last year Y before `year` with CountYears(Y, year - 1) >= remaining.
    if (year <= -kYearLimit || CountYears(-kYearLimit, year - 1) < remaining) return c_.first_day;
    Year hi = year, lo = year - 1;  // CountYears(hi, year - 1) < remaining <= ... (lo)
    for (Year step = 1; CountYears(lo, year - 1) < remaining;) {
      hi = lo;
      step *= 2;
      lo = std::max(-kYearLimit, year - step);
    }
    while (hi - lo > 1) {
      const Year mid = lo + (hi - lo) / 2;
      (CountYears(mid, year - 1) < remaining ? hi : lo) = mid;
    }
    const int64_t in_year = remaining - CountYears(lo + 1, year - 1);
    const YearView that_year = YearOf(lo);
    return Select(that_year, 0, Count(that_year, 0, that_year.days) - in_year + 1);
  }

  // Business days in the whole years [base, year] of a periodic stretch whose
  // stored cycle starts at `base` (negative, by periodicity, before it).
  static int64_t Cumulative(const std::array<int64_t, kCycleYears + 1>& cycle, Year base,
                            Year year) {
    const Year years = year - base + 1;
    const Year cycles = FloorDiv(years, kCycleYears);
    return cycles * cycle[kCycleYears] + cycle[years - cycles * kCycleYears];
  }

 private:
  const CompiledCalendar& c_;
};

}  // namespace

absl::StatusOr<v1::CalendarDefinition> ParseCalendarText(absl::string_view text,
                                                         absl::string_view source_name) {
  v1::CalendarDefinition definition;
  if (auto s = internal::ParseTextProto(text, source_name, &definition); !s.ok()) return s;
  return definition;
}

Calendar::Calendar(std::unique_ptr<const CompiledCalendar> compiled)
    : compiled_(std::move(compiled)) {}

Calendar::~Calendar() = default;

absl::StatusOr<std::shared_ptr<const Calendar>> Calendar::Compile(
    v1::CalendarDefinition definition) {
  auto compiled = calendar_internal::CompileDefinition(std::move(definition));
  if (!compiled.ok()) return compiled.status();
  return std::shared_ptr<const Calendar>(new Calendar(*std::move(compiled)));
}

absl::StatusOr<std::shared_ptr<const Calendar>> Calendar::ParseText(absl::string_view text,
                                                                    absl::string_view source_name) {
  auto definition = ParseCalendarText(text, source_name);
  if (!definition.ok()) return definition.status();
  auto calendar = Compile(*std::move(definition));
  if (!calendar.ok() && !source_name.empty()) {
    return internal::Annotate(calendar.status(), absl::StrCat(source_name, ": "));
  }
  return calendar;
}

const v1::CalendarDefinition& Calendar::definition() const { return compiled_->definition; }
const std::string& Calendar::id() const { return compiled_->definition.id(); }
const std::string& Calendar::version() const { return compiled_->definition.version(); }

bool Calendar::IsBusinessDay(absl::CivilDay day) const {
  return Days(*compiled_).IsBusinessDay(day);
}

absl::CivilDay Calendar::BusinessDayOnOrAfter(absl::CivilDay day) const {
  day = Clamp(day);
  const Days days(*compiled_);
  return days.IsBusinessDay(day) ? day : AddBusinessDays(day, 1);
}

absl::CivilDay Calendar::BusinessDayOnOrBefore(absl::CivilDay day) const {
  day = Clamp(day);
  const Days days(*compiled_);
  return days.IsBusinessDay(day) ? day : AddBusinessDays(day, -1);
}

absl::CivilDay Calendar::AddBusinessDays(absl::CivilDay day, int64_t n) const {
  if (n == 0) return day;
  day = Clamp(day);
  const Days days(*compiled_);
  if (Days::InTable(day) && n >= -days.TableTotal() && n <= days.TableTotal()) {
    // Within the table: the target's rank, found from the day's word.
    const int64_t index = Days::TableIndex(day);
    const int64_t rank = days.TableRank(index);  // business days before `day`
    // The target is the k-th business day of the table.
    const int64_t k = n > 0 ? rank + days.TableBit(index) + n : rank + n + 1;
    // (Stepping from `day` keeps absl's day arithmetic short.)
    if (k >= 1 && k <= days.TableTotal()) {
      return internal::AddDays(day, days.TableSelect(k, index / 64) - index);
    }
  }
  if (n > 0) return days.Forward(day, n);
  // The lowest n has no positive counterpart; the first day is reached long before.
  return days.Backward(
      day, n == std::numeric_limits<int64_t>::min() ? std::numeric_limits<int64_t>::max() : -n);
}

int64_t Calendar::BusinessDaysBetween(absl::CivilDay from, absl::CivilDay to) const {
  from = Clamp(from);
  to = Clamp(to);
  const Days days(*compiled_);
  if (Days::InTable(from) && Days::InTable(to)) {
    // Business days in (from, to]: the ranks of the days after each.
    return days.TableRank(Days::TableIndex(to) + 1) - days.TableRank(Days::TableIndex(from) + 1);
  }
  if (from < to) return days.CountRange(from + 1, to);
  if (to < from) return -days.CountRange(to + 1, from);
  return 0;
}

std::vector<ObservedHoliday> Calendar::Holidays(absl::CivilDay from, absl::CivilDay to) const {
  std::vector<ObservedHoliday> holidays;
  from = Clamp(from);
  to = Clamp(to);
  if (to < from) return holidays;
  const CompiledCalendar& c = *compiled_;
  // A rule's holiday moves by one day at most, so the years around the range
  // hold every holiday observed in it; years no rule reaches are skipped.
  Year first = from.year() - 1, last = to.year() + 1;
  if (!c.rules_before_table) first = std::max(first, kTableFirstYear);
  if (!c.rules_after_table) last = std::min(last, kTableLastYear);
  for (Year year = first; year <= last; ++year) {
    for (const auto& rule : c.rules) {
      const auto occurrence = calendar_internal::OccurrenceIn(rule, year);
      if (!occurrence || occurrence->observed < from || to < occurrence->observed) continue;
      holidays.push_back({occurrence->observed, occurrence->actual, rule.name});
    }
  }
  std::sort(holidays.begin(), holidays.end(), [](const auto& a, const auto& b) {
    return std::tie(a.date, a.name, a.actual_date) < std::tie(b.date, b.name, b.actual_date);
  });
  return holidays;
}

std::optional<std::string> Calendar::HolidayOn(absl::CivilDay day) const {
  const CompiledCalendar& c = *compiled_;
  if (Days(c).IsBusinessDay(day)) return std::nullopt;  // a holiday is never one
  // The same day in the representative year: the same holidays, and no
  // overflow however far `day` is.
  const Year year = RepresentativeYear(day.year());
  const absl::CivilDay same_day =
      absl::CivilDay(year, 1, 1) + (day - absl::CivilDay(day.year(), 1, 1));
  const std::string* name = nullptr;
  for (const auto& rule : c.rules) {
    for (Year y = year - 1; y <= year + 1; ++y) {
      const auto occurrence = calendar_internal::OccurrenceIn(rule, y);
      if (occurrence && occurrence->observed == same_day &&
          (name == nullptr || rule.name < *name)) {
        name = &rule.name;
      }
    }
  }
  if (name == nullptr) return std::nullopt;
  return *name;
}

}  // namespace reentry
