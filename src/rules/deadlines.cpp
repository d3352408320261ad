// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/rules/deadlines.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "justera/rules/calendar.hpp"
#include "justera/sign/sign.hpp"

namespace justera::rules {

namespace {

using namespace std::chrono;

/// The last Sunday of `m` in `y`, at 01:00 UTC, as seconds since 1970.
std::time_t last_sunday_0100(int y, unsigned m) {
    Date d{year_month_day_last{year{y}, month_day_last{month{m}}}};
    while (weekday{sys_days{d}}.c_encoding() != 0) d = add_days(d, -1);
    return static_cast<std::time_t>(duration_cast<seconds>(sys_days{d}.time_since_epoch()).count()) + 3600;
}

std::string with_day(const Date& d) { return std::string(weekday_name(d)) + " " + iso(d); }

/// `d` moved past non-working days, with a note when it moved.
Date rolled(const Date& d, const std::string& what, std::vector<std::string>& notes) {
    const Date r = roll_forward(d);
    if (r != d) {
        notes.push_back(what + ": " + iso(d) + " är " + std::string(day_kind(d)) + ", så fristen går ut nästa vardag, " + with_day(r) +
                        " (lag 1930:173 2 §)");
    }
    return r;
}

}  // namespace

std::string_view to_string(Evidence e) noexcept {
    switch (e) {
        case Evidence::VerifiedSignatures: return "verified_signatures";
        case Evidence::SignatureTable: return "signature_table";
        case Evidence::Header: return "header";
        case Evidence::None: return "none";
    }
    return "none";
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

Date stockholm_day(std::time_t t) {
    const Date utc{floor<days>(sys_seconds{seconds{t}})};
    const int y = static_cast<int>(utc.year());
    const bool summer = t >= last_sunday_0100(y, 3) && t < last_sunday_0100(y, 10);
    return Date{floor<days>(sys_seconds{seconds{t + (summer ? 7200 : 3600)}})};
}

Deadlines compute_deadlines(const model::Protocol& p, const std::vector<SignatureDay>& verified, std::optional<Date> anslag) {
    Deadlines out;
    out.meeting_date = p.meeting_date;
    out.printed_justering_date = p.adjustment_date;
    out.anslag_date = anslag;
    for (const auto& para : p.paragraphs) {
        if (para.immediate()) out.immediate_paragraphs.push_back(para.number);
    }
    // Justerad = every justerare has signed: the day of the last signature.
    std::vector<SignatureDay> all;
    if (!verified.empty()) {
        all = verified;
        out.evidence = Evidence::VerifiedSignatures;
    } else if (p.signature_table) {
        std::vector<std::pair<std::string, std::string>> people;  // name, role
        for (const auto& adj : p.adjusters) people.emplace_back(adj.name, "justerare");
        if (p.secretary) people.emplace_back(p.secretary->name, "sekreterare");
        for (const auto& [name, role] : people) {
            for (const auto& e : p.signature_table->entries) {
                sign::Identity who;
                who.given_names = e.given_names;
                who.surname = e.surname;
                if (sign::name_matches(name, who)) all.push_back(SignatureDay{name, e.date, role});
            }
        }
    }
    std::vector<SignatureDay> used;
    for (const auto& s : all) {
        if (s.role == "justerare") used.push_back(s);
    }
    if (verified.empty() && !used.empty()) out.evidence = Evidence::SignatureTable;
    out.all_signatures = all;
    if (!used.empty() && used.size() >= p.adjusters.size()) {
        const auto last = std::max_element(used.begin(), used.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
        out.justering_date = last->date;
        out.notes.push_back("justerat " + with_day(last->date) + ", när den sista justeraren (" + last->name + ") skrev under" +
                            (out.evidence == Evidence::SignatureTable ? " enligt underskriftstabellen i texten (inget bevis i sig)" : ""));
    } else if (p.adjustment_date) {
        out.justering_date = p.adjustment_date;
        out.evidence = Evidence::Header;
        out.notes.push_back("justeringsdagen är den tryckta \u00BBDatum för justering\u00AB " + with_day(*p.adjustment_date) +
                            ": inga underskrifter att gå efter");
    }
    out.signatures = used;
    if (out.meeting_date) {
        out.justering_last_day = rolled(add_days(*out.meeting_date, 14), "sista dag för justering (KL 5 kap. 69 §)", out.notes);
    }
    if (out.justering_date) {
        out.anslag_last_day = rolled(add_days(*out.justering_date, 2), "sista dag för anslag (KL 8 kap. 12 §)", out.notes);
    }
    if (anslag) {
        // Three weeks: the same weekday three weeks on (1930:173 1 §).
        out.appeal_last_day = rolled(add_days(*anslag, 21), "sista dag för överklagande (KL 13 kap. 5 §)", out.notes);
    }
    return out;
}

}  // namespace justera::rules
