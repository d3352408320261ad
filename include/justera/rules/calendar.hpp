// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The Swedish calendar the deadlines run on: allmänna helgdagar (lag
/// 1989:253), and the days on which a statutory deadline does not end (lag
/// 1930:173 2 §: Saturdays, Sundays, helgdagar, midsommarafton, julafton,
/// nyårsafton).

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "justera/model/protocol.hpp"

namespace justera::rules {

using model::Date;

/// The first year whose calendar justera knows: from 2000 on, the helgdagar
/// of lag 1989:253 as they were (annandag pingst until 2004, Sveriges
/// nationaldag from 2005); earlier years are not checked and deadlines in
/// them are not computed.
inline constexpr int k_first_year = 2000;
/// Whether `d` is in a year the calendar covers (k_first_year on).
bool calendar_covers(const Date& d);

/// Easter Sunday (Gregorian calendar) of `year`.
Date easter_sunday(int year);

/// The name of the allmän helgdag on `d` ("långfredagen", "midsommardagen",
/// ...), or nullopt. Ordinary Sundays are helgdagar by the same law but have
/// no name of their own: see is_public_holiday.
std::optional<std::string_view> holiday_name(const Date& d);

/// An allmän helgdag: every Sunday and the named days of lag 1989:253.
bool is_public_holiday(const Date& d);

/// A day on which a deadline may not end (1930:173 2 §): Saturday, a public
/// holiday, midsommarafton, julafton or nyårsafton.
bool is_non_working_day(const Date& d);

/// The name of the day for a message ("lördag", "midsommarafton", "påskdagen").
std::string_view day_kind(const Date& d);

/// `d`, or the next day on which a deadline may end.
Date roll_forward(const Date& d);

Date add_days(const Date& d, int days);

/// Swedish weekday name, "tisdag".
std::string_view weekday_name(const Date& d);
/// English weekday name, "Tuesday".
std::string_view weekday_name_en(const Date& d);
/// day_kind in English: "Saturday", "Christmas Eve (julafton)", "the public
/// holiday långfredagen".
std::string day_kind_en(const Date& d);

/// "YYYY-MM-DD".
std::string iso(const Date& d);
/// "YYYY-MM-DD" -> Date; nullopt when not a real date.
std::optional<Date> parse_iso_date(const std::string& s);

/// The Swedish calendar day (Europe/Stockholm: CET, CEST from the last Sunday
/// of March to the last Sunday of October, 01:00 UTC) of a moment.
Date stockholm_day(std::time_t t);
/// Seconds east of UTC in Stockholm at `t`: 3600 (CET) or 7200 (CEST).
int stockholm_offset(std::time_t t);
/// A moment as a Swedish clock shows it: "2024-03-22 10:15", with `seconds`
/// "2024-03-22 10:15:04", with `offset` followed by " (UTC+1)" so that it is
/// never ambiguous.
std::string stockholm_clock(std::time_t t, bool seconds = false, bool offset = false);
/// "2024-03-22T09:15:04Z" (UTC, as reports write it) -> the moment; nullopt
/// when it is not in that form.
std::optional<std::time_t> parse_utc(const std::string& iso);

}  // namespace justera::rules
