// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/rules/calendar.hpp"

#include <array>
#include <cstdio>
#include <ctime>
#include <chrono>

namespace justera::rules {

namespace {

using namespace std::chrono;

Date ymd(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

unsigned weekday_of(const Date& d) { return weekday{sys_days{d}}.c_encoding(); }  // 0 = Sunday

/// The first day in [from, from + 6] that falls on `wd` (0 = Sunday).
Date first_weekday_from(const Date& from, unsigned wd) {
    Date d = from;
    while (weekday_of(d) != wd) d = add_days(d, 1);
    return d;
}

Date midsummer_day(int y) { return first_weekday_from(ymd(y, 6, 20), 6); }   // Saturday 20-26 June
Date all_saints_day(int y) { return first_weekday_from(ymd(y, 10, 31), 6); }  // Saturday 31 Oct - 6 Nov

/// The last Sunday of `m` in `y`, at 01:00 UTC, as seconds since 1970.
std::time_t last_sunday_0100(int y, unsigned m) {
    Date d{year_month_day_last{year{y}, month_day_last{month{m}}}};
    while (weekday{sys_days{d}}.c_encoding() != 0) d = add_days(d, -1);
    return static_cast<std::time_t>(duration_cast<seconds>(sys_days{d}.time_since_epoch()).count()) + 3600;
}

}  // namespace

Date add_days(const Date& d, int days) { return Date{sys_days{d} + std::chrono::days{days}}; }

Date easter_sunday(int y) {
    // The anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    const int a = y % 19;
    const int b = y / 100;
    const int c = y % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month_ = (h + l - 7 * m + 114) / 31;
    const int day_ = ((h + l - 7 * m + 114) % 31) + 1;
    return ymd(y, static_cast<unsigned>(month_), static_cast<unsigned>(day_));
}

std::optional<std::string_view> holiday_name(const Date& d) {
    const int y = static_cast<int>(d.year());
    const auto m = static_cast<unsigned>(d.month());
    const auto dd = static_cast<unsigned>(d.day());
    if (m == 1 && dd == 1) return "nyårsdagen";
    if (m == 1 && dd == 6) return "trettondedag jul";
    if (m == 5 && dd == 1) return "första maj";
    // Lag 1989:253 as amended for 2005 on: Sveriges nationaldag became a
    // helgdag and annandag pingst ceased to be one.
    if (m == 6 && dd == 6 && y >= 2005) return "Sveriges nationaldag";
    if (m == 12 && dd == 25) return "juldagen";
    if (m == 12 && dd == 26) return "annandag jul";
    const Date easter = easter_sunday(y);
    if (d == add_days(easter, -2)) return "långfredagen";
    if (d == easter) return "påskdagen";
    if (d == add_days(easter, 1)) return "annandag påsk";
    if (d == add_days(easter, 39)) return "Kristi himmelsfärdsdag";
    if (d == add_days(easter, 49)) return "pingstdagen";
    if (d == add_days(easter, 50) && y < 2005) return "annandag pingst";
    if (d == midsummer_day(y)) return "midsommardagen";
    if (d == all_saints_day(y)) return "alla helgons dag";
    return std::nullopt;
}

bool is_public_holiday(const Date& d) { return weekday_of(d) == 0 || holiday_name(d).has_value(); }

bool is_non_working_day(const Date& d) {
    const auto m = static_cast<unsigned>(d.month());
    const auto dd = static_cast<unsigned>(d.day());
    const bool eve = (m == 12 && (dd == 24 || dd == 31)) || d == add_days(midsummer_day(static_cast<int>(d.year())), -1);
    return weekday_of(d) == 6 || is_public_holiday(d) || eve;
}

std::string_view day_kind(const Date& d) {
    if (auto name = holiday_name(d)) return *name;
    const auto m = static_cast<unsigned>(d.month());
    const auto dd = static_cast<unsigned>(d.day());
    if (m == 12 && dd == 24) return "julafton";
    if (m == 12 && dd == 31) return "nyårsafton";
    if (d == add_days(midsummer_day(static_cast<int>(d.year())), -1)) return "midsommarafton";
    return weekday_name(d);
}

bool calendar_covers(const Date& d) { return static_cast<int>(d.year()) >= k_first_year; }

Date roll_forward(const Date& d) {
    Date out = d;
    for (int guard = 0; guard < 14 && is_non_working_day(out); ++guard) out = add_days(out, 1);
    return out;
}

std::string_view weekday_name_en(const Date& d) {
    static constexpr std::array<std::string_view, 7> k_names{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    return k_names[weekday_of(d)];
}

std::string day_kind_en(const Date& d) {
    const std::string_view sv = day_kind(d);
    if (sv == "julafton") return "Christmas Eve (julafton)";
    if (sv == "nyårsafton") return "New Year's Eve (nyårsafton)";
    if (sv == "midsommarafton") return "Midsummer Eve (midsommarafton)";
    if (holiday_name(d)) return "the public holiday " + std::string(sv);
    return std::string(weekday_name_en(d));
}

std::string_view weekday_name(const Date& d) {
    static constexpr std::array<std::string_view, 7> k_names{"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"};
    return k_names[weekday_of(d)];
}

std::string iso(const Date& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return buf;
}

std::optional<Date> parse_iso_date(const std::string& s) {
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    char tail = 0;
    if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
    const Date out{year{y}, month{m}, day{d}};
    if (!out.ok()) return std::nullopt;
    return out;
}

int stockholm_offset(std::time_t t) {
    const Date utc{floor<days>(sys_seconds{seconds{t}})};
    const int y = static_cast<int>(utc.year());
    const bool summer = t >= last_sunday_0100(y, 3) && t < last_sunday_0100(y, 10);
    return summer ? 7200 : 3600;
}

Date stockholm_day(std::time_t t) { return Date{floor<days>(sys_seconds{seconds{t + stockholm_offset(t)}})}; }

std::string stockholm_clock(std::time_t t, bool with_seconds, bool with_offset) {
    const int offset = stockholm_offset(t);
    const std::time_t local = t + offset;
    std::tm tm{};
    gmtime_r(&local, &tm);
    char buf[48];
    std::strftime(buf, sizeof buf, with_seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M", &tm);
    return std::string(buf) + (with_offset ? " (UTC+" + std::to_string(offset / 3600) + ")" : "");
}

std::optional<std::time_t> parse_utc(const std::string& iso) {
    std::tm tm{};
    const char* end = iso.empty() ? nullptr : strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!end || *end != '\0') return std::nullopt;
    return timegm(&tm);
}

}  // namespace justera::rules
