// SPDX-License-Identifier: GPL-3.0-or-later
// The calendar and the deadlines: Swedish public holidays 2020-2030 against a
// table written out by hand (not computed the way the code computes them),
// and the deadline examples of the domain brief on the seed protocols.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "justera/rules/calendar.hpp"
#include "justera/rules/deadlines.hpp"
#include "test_support.hpp"

namespace justera {
namespace {

using rules::Date;

Date d(const std::string& s) {
    auto out = rules::parse_iso_date(s);
    if (!out) throw std::runtime_error("bad date in the test: " + s);
    return *out;
}

// The allmänna helgdagar of lag 1989:253 other than Sundays, 2020-2030.
const std::map<std::string, std::string> k_holidays = [] {
    std::map<std::string, std::string> m;
    const char* easter_based[][5] = {
        // långfredagen, påskdagen, annandag påsk, Kristi himmelsfärdsdag, pingstdagen
        {"2020-04-10", "2020-04-12", "2020-04-13", "2020-05-21", "2020-05-31"},
        {"2021-04-02", "2021-04-04", "2021-04-05", "2021-05-13", "2021-05-23"},
        {"2022-04-15", "2022-04-17", "2022-04-18", "2022-05-26", "2022-06-05"},
        {"2023-04-07", "2023-04-09", "2023-04-10", "2023-05-18", "2023-05-28"},
        {"2024-03-29", "2024-03-31", "2024-04-01", "2024-05-09", "2024-05-19"},
        {"2025-04-18", "2025-04-20", "2025-04-21", "2025-05-29", "2025-06-08"},
        {"2026-04-03", "2026-04-05", "2026-04-06", "2026-05-14", "2026-05-24"},
        {"2027-03-26", "2027-03-28", "2027-03-29", "2027-05-06", "2027-05-16"},
        {"2028-04-14", "2028-04-16", "2028-04-17", "2028-05-25", "2028-06-04"},
        {"2029-03-30", "2029-04-01", "2029-04-02", "2029-05-10", "2029-05-20"},
        {"2030-04-19", "2030-04-21", "2030-04-22", "2030-05-30", "2030-06-09"},
    };
    const char* names[] = {"långfredagen", "påskdagen", "annandag påsk", "Kristi himmelsfärdsdag", "pingstdagen"};
    for (const auto& row : easter_based) {
        for (int i = 0; i < 5; ++i) m[row[i]] = names[i];
    }
    const char* midsummer[] = {"2020-06-20", "2021-06-26", "2022-06-25", "2023-06-24", "2024-06-22", "2025-06-21",
                               "2026-06-20", "2027-06-26", "2028-06-24", "2029-06-23", "2030-06-22"};
    const char* all_saints[] = {"2020-10-31", "2021-11-06", "2022-11-05", "2023-11-04", "2024-11-02", "2025-11-01",
                                "2026-10-31", "2027-11-06", "2028-11-04", "2029-11-03", "2030-11-02"};
    for (const char* s : midsummer) m[s] = "midsommardagen";
    for (const char* s : all_saints) m[s] = "alla helgons dag";
    for (int y = 2020; y <= 2030; ++y) {
        const std::string ys = std::to_string(y);
        m[ys + "-01-01"] = "nyårsdagen";
        m[ys + "-01-06"] = "trettondedag jul";
        m[ys + "-05-01"] = "första maj";
        m[ys + "-06-06"] = "Sveriges nationaldag";
        m[ys + "-12-25"] = "juldagen";
        m[ys + "-12-26"] = "annandag jul";
    }
    return m;
}();

TEST(Calendar, PublicHolidays2020To2030MatchTheTableBothWays) {
    EXPECT_EQ(k_holidays.size(), 11U * 13U);
    for (Date day = d("2020-01-01"); day <= d("2030-12-31"); day = rules::add_days(day, 1)) {
        const auto name = rules::holiday_name(day);
        const auto it = k_holidays.find(rules::iso(day));
        if (it == k_holidays.end()) {
            EXPECT_FALSE(name.has_value()) << rules::iso(day) << " is not a holiday, but the code says " << *name;
        } else {
            ASSERT_TRUE(name.has_value()) << rules::iso(day) << " is " << it->second;
            EXPECT_EQ(*name, it->second) << rules::iso(day);
            EXPECT_TRUE(rules::is_public_holiday(day));
            EXPECT_TRUE(rules::is_non_working_day(day));
        }
    }
}

TEST(Calendar, SundaysSaturdaysAndTheEvesEndNoDeadline) {
    EXPECT_TRUE(rules::is_public_holiday(d("2024-03-24")));   // a Sunday
    EXPECT_FALSE(rules::is_public_holiday(d("2024-03-23")));  // a Saturday: not a helgdag ...
    EXPECT_TRUE(rules::is_non_working_day(d("2024-03-23")));  // ... but no deadline ends on it
    EXPECT_TRUE(rules::is_non_working_day(d("2024-06-21")));  // midsommarafton
    EXPECT_EQ(rules::day_kind(d("2024-06-21")), "midsommarafton");
    EXPECT_TRUE(rules::is_non_working_day(d("2025-12-24")));  // julafton, a Wednesday
    EXPECT_TRUE(rules::is_non_working_day(d("2025-12-31")));  // nyårsafton
    EXPECT_FALSE(rules::is_non_working_day(d("2025-12-23")));
    EXPECT_FALSE(rules::is_non_working_day(d("2024-04-30")));  // valborgsmässoafton is a working day
    // Julafton 2027 is a Friday: the next day a deadline may end is Monday the 27th
    // (the 25th is a Saturday and juldagen, the 26th a Sunday and annandag jul).
    EXPECT_EQ(rules::iso(rules::roll_forward(d("2027-12-24"))), "2027-12-27");
    EXPECT_EQ(rules::iso(rules::roll_forward(d("2025-12-30"))), "2025-12-30");
    // Easter week-end 2024: långfredagen to annandag påsk, then Tuesday.
    EXPECT_EQ(rules::iso(rules::roll_forward(d("2024-03-29"))), "2024-04-02");
}

TEST(Calendar, StockholmDaysFollowSummerTime) {
    // 2024-03-31 01:00 UTC summer time begins; 2024-10-27 01:00 UTC it ends.
    EXPECT_EQ(rules::iso(rules::stockholm_day(1711846740)), "2024-03-31");  // 00:59 UTC = 01:59 CET
    EXPECT_EQ(rules::iso(rules::stockholm_day(1719786600)), "2024-07-01");  // 2024-06-30 22:30 UTC = 00:30 CEST
    EXPECT_EQ(rules::iso(rules::stockholm_day(1719783000)), "2024-06-30");  // 21:30 UTC = 23:30 CEST
    EXPECT_EQ(rules::iso(rules::stockholm_day(1735687800)), "2025-01-01");  // 2024-12-31 23:30 UTC = 00:30 CET
    EXPECT_EQ(rules::iso(rules::stockholm_day(1735682400)), "2024-12-31");  // 22:00 UTC = 23:00 CET
}

TEST(Calendar, StockholmClockShowsSwedishTimeWithItsOffset) {
    // 2024-03-22T09:15:04Z is 10:15 CET; 2024-06-30T22:30:00Z is 00:30 CEST the next day.
    EXPECT_EQ(rules::stockholm_clock(1711098904), "2024-03-22 10:15");
    EXPECT_EQ(rules::stockholm_clock(1711098904, true, true), "2024-03-22 10:15:04 (UTC+1)");
    EXPECT_EQ(rules::stockholm_clock(1719786600, false, true), "2024-07-01 00:30 (UTC+2)");
    EXPECT_EQ(rules::parse_utc("2024-03-22T09:15:04Z"), std::optional<std::time_t>(1711098904));
    EXPECT_EQ(rules::parse_utc("2024-03-22T09:15:04Z and more"), std::nullopt);
    EXPECT_EQ(rules::parse_utc("2024-03-22 09:15"), std::nullopt);
    EXPECT_EQ(rules::parse_utc(""), std::nullopt);
}

TEST(Deadlines, Seed000KeepsEveryDeadline) {
    auto parsed = test::parse_fixture("seeds/000_9b82ca12656ff44a.txt");
    const auto& p = std::get<model::Protocol>(parsed.result.document);
    // Meeting Tue 2024-03-19: justering by Tue 04-02. The table's last
    // justerare signed Fri 03-22: anslag by Sun 03-24, so Mon 03-25.
    auto dl = rules::compute_deadlines(p, {}, d("2024-03-22"));
    EXPECT_EQ(rules::iso(*dl.meeting_date), "2024-03-19");
    EXPECT_EQ(dl.evidence, rules::Evidence::SignatureTable);
    EXPECT_EQ(rules::iso(*dl.justering_date), "2024-03-22");
    EXPECT_EQ(rules::iso(*dl.justering_last_day), "2024-04-02");
    EXPECT_EQ(rules::iso(*dl.anslag_last_day), "2024-03-25");
    EXPECT_EQ(rules::iso(*dl.appeal_last_day), "2024-04-12");  // anslag Fri 03-22
    dl = rules::compute_deadlines(p, {}, d("2024-03-25"));
    EXPECT_EQ(rules::iso(*dl.appeal_last_day), "2024-04-15");  // anslag Mon 03-25
}

TEST(Deadlines, Seed004TheLateSignatureMovesTheAppealDay) {
    auto parsed = test::parse_fixture("seeds/004_187fbd7e2f1d6b52.txt");
    const auto& p = std::get<model::Protocol>(parsed.result.document);
    auto dl = rules::compute_deadlines(p, {}, d("2023-04-26"));
    EXPECT_EQ(rules::iso(*dl.printed_justering_date), "2023-04-25");
    EXPECT_EQ(rules::iso(*dl.justering_date), "2023-04-26");  // Ojanne signed the day after
    EXPECT_EQ(rules::iso(*dl.appeal_last_day), "2023-05-17");
    dl = rules::compute_deadlines(p, {}, d("2023-04-27"));
    EXPECT_EQ(rules::iso(*dl.appeal_last_day), "2023-05-19");  // 05-18 is Kristi himmelsfärdsdag
    // With the printed date the appeal day would have been one day early.
    dl = rules::compute_deadlines(p, {}, d("2023-04-25"));
    EXPECT_EQ(rules::iso(*dl.appeal_last_day), "2023-05-16");
    EXPECT_FALSE(dl.immediate_paragraphs.empty());
}

TEST(Deadlines, VerifiedSignaturesOutrankTheTableAndTheHeader) {
    auto parsed = test::parse_fixture("seeds/000_9b82ca12656ff44a.txt");
    auto p = std::get<model::Protocol>(parsed.result.document);
    const auto dl = rules::compute_deadlines(p, {{"Alexander Ojanne", d("2024-03-20")}, {"Jan Jönsson", d("2024-03-21")}}, std::nullopt);
    EXPECT_EQ(dl.evidence, rules::Evidence::VerifiedSignatures);
    EXPECT_EQ(rules::iso(*dl.justering_date), "2024-03-21");
    EXPECT_FALSE(dl.appeal_last_day.has_value());  // no anslag date given
    p.signature_table.reset();
    const auto header = rules::compute_deadlines(p, {}, std::nullopt);
    EXPECT_EQ(header.evidence, rules::Evidence::Header);
    EXPECT_EQ(rules::iso(*header.justering_date), "2024-03-22");
}

}  // namespace
}  // namespace justera

#include "justera/rules/checks.hpp"
#include "justera/model/names.hpp"

namespace justera {
namespace {

model::Protocol seed(const std::string& name) {
    auto parsed = test::parse_fixture("seeds/" + name);
    return std::get<model::Protocol>(parsed.result.document);
}

std::vector<rules::Finding> run(const model::Protocol& p, const std::vector<rules::SignatureDay>& signed_days = {},
                                std::optional<Date> anslag = std::nullopt) {
    return rules::check_protocol(p, rules::compute_deadlines(p, signed_days, anslag));
}

const rules::Finding* find(const std::vector<rules::Finding>& fs, const std::string& rule) {
    for (const auto& f : fs) {
        if (f.rule == rule) return &f;
    }
    return nullptr;
}

TEST(Checks, Seed000KeepsEveryRuleWithTwoEarlySignaturesAsInfo) {
    const auto fs = run(seed("000_9b82ca12656ff44a.txt"), {}, d("2024-03-22"));
    for (const auto& f : fs) EXPECT_EQ(f.severity, "info") << f.rule << ": " << f.message;
    const auto* early = find(fs, "justering.signed-before-announced");
    ASSERT_NE(early, nullptr);
    EXPECT_NE(early->message.find("Jan Jönsson 2024-03-21"), std::string::npos);
    EXPECT_NE(early->message.find("Magnus Hillborg 2024-03-21"), std::string::npos);
    EXPECT_EQ(early->evidence, "signature_table");
}

TEST(Checks, Seed004TheLateSignature) {
    const auto fs = run(seed("004_187fbd7e2f1d6b52.txt"));
    const auto* printed = find(fs, "justering.printed-date");
    ASSERT_NE(printed, nullptr);
    EXPECT_EQ(printed->severity, "warning");
    EXPECT_NE(printed->message.find("2023-04-26"), std::string::npos);
    const auto* same_day = find(fs, "immediate.same-day");
    ASSERT_NE(same_day, nullptr);
    EXPECT_EQ(same_day->paragraphs, (std::vector<int>{10, 22, 23}));
    EXPECT_EQ(find(fs, "paragraphs.header-list"), nullptr);  // "§10, §§22-23" is what it contains
    EXPECT_EQ(find(fs, "immediate.extract-only"), nullptr);
    // Signed on the meeting day by both justerare: nothing to say.
    const auto on_time = run(seed("004_187fbd7e2f1d6b52.txt"), {{"Alexander Ojanne", d("2023-04-25")}, {"Jan Jönsson", d("2023-04-25")}});
    EXPECT_EQ(find(on_time, "immediate.same-day"), nullptr);
}

TEST(Checks, Seed003ImmediateParagraphsWithoutAHeader) {
    const auto fs = run(seed("003_cf49da6b8fe401db.txt"));
    // The front page is missing; the running headers give organ and date and
    // § 2 names the justerare, so nothing the checks need is missing ...
    EXPECT_EQ(find(fs, "unknown.justerare"), nullptr);
    EXPECT_EQ(find(fs, "unknown.meeting-date"), nullptr);
    EXPECT_EQ(find(fs, "unknown.organ"), nullptr);
    // ... until the justerare are unknown too: not a breach, the text does
    // not say, and check does not call it an error.
    auto without = seed("003_cf49da6b8fe401db.txt");
    without.adjusters.clear();
    const auto without_findings = run(without);
    const auto* header = find(without_findings, "unknown.justerare");
    ASSERT_NE(header, nullptr);
    EXPECT_EQ(header->basis, "not-established");
    EXPECT_EQ(header->severity, "warning");
    EXPECT_NE(header->message.find("justerare"), std::string::npos);
    const auto* extract = find(fs, "immediate.needs-extract");
    ASSERT_NE(extract, nullptr);
    EXPECT_EQ(extract->paragraphs, (std::vector<int>{10, 15, 16}));
    for (const auto& f : run(seed("000_9b82ca12656ff44a.txt"))) {
        EXPECT_NE(f.basis, "not-established") << f.rule << ": the seed says everything the checks need";
    }
}

TEST(Checks, JusteringLateEarlyOrBeforeTheMeeting) {
    const auto p = seed("000_9b82ca12656ff44a.txt");
    const auto late = run(p, {{"Alexander Ojanne", d("2024-04-03")}, {"Jan Jönsson", d("2024-03-21")}});
    ASSERT_NE(find(late, "justering.deadline"), nullptr);
    EXPECT_EQ(find(late, "justering.deadline")->severity, "error");
    EXPECT_EQ(find(late, "justering.deadline")->evidence, "verified_signatures");
    EXPECT_EQ(find(run(p, {{"Alexander Ojanne", d("2024-04-02")}, {"Jan Jönsson", d("2024-03-21")}}), "justering.deadline"), nullptr);
    const auto early = run(p, {{"Alexander Ojanne", d("2024-03-20")}, {"Jan Jönsson", d("2024-03-21")}});
    ASSERT_NE(find(early, "justering.before-announced"), nullptr);
    EXPECT_EQ(find(early, "justering.before-announced")->severity, "warning");
    const auto before = run(p, {{"Alexander Ojanne", d("2024-03-18")}, {"Jan Jönsson", d("2024-03-22")}});
    ASSERT_NE(find(before, "justering.before-meeting"), nullptr);
    EXPECT_EQ(find(before, "justering.before-meeting")->severity, "error");
}

TEST(Checks, TheHeaderListMustBeTheParagraphsPresent) {
    auto p = seed("000_9b82ca12656ff44a.txt");
    p.paragraphs.erase(p.paragraphs.begin() + 3);  // § 4 is listed but gone
    const auto fs = run(p);
    const auto* f = find(fs, "paragraphs.header-list");
    ASSERT_NE(f, nullptr);
    // A warning, not an error: a published copy may lawfully leave out
    // paragraphs kept secret, so a shorter list is not by itself a breach.
    EXPECT_EQ(f->severity, "warning");
    EXPECT_EQ(f->paragraphs, (std::vector<int>{4}));
}

TEST(Checks, AnImmediateExtractHoldsOnlyImmediateParagraphs) {
    auto p = seed("004_187fbd7e2f1d6b52.txt");
    p.kind = model::DocumentKind::Extract;
    p.paragraphs.at(1).immediate_sentence.reset();  // § 22 no longer ordered at once
    const auto fs = run(p);
    const auto* f = find(fs, "immediate.extract-only");
    ASSERT_NE(f, nullptr);
    // Information only: an ordinary certified protokollsutdrag may hold any
    // paragraphs, and KL has no rule on omedelbar justering (5 kap. 69 §
    // only: "Ett protokoll ska justeras senast fjorton dagar efter
    // sammanträdet"); the practice is the arbetsordning's or reglemente's.
    EXPECT_EQ(f->severity, "info");
    EXPECT_EQ(f->source, "local");
    EXPECT_EQ(f->paragraphs, (std::vector<int>{22}));
}

TEST(Checks, JusterareServeAndTheReplacedAreNotPresent) {
    auto p = seed("000_9b82ca12656ff44a.txt");
    EXPECT_EQ(find(run(p), "people.justerare-serving"), nullptr);
    // Case does not make another person; a letter with a diacritic does
    // (in Swedish ö is a letter of its own, not an accented o).
    p.adjusters.at(0).name = "alexander OJANNE";
    EXPECT_EQ(find(run(p), "people.justerare-serving"), nullptr);
    // Named nowhere in the attendance: the text does not show that they
    // served, which is not the same as showing that they did not.
    p.adjusters.at(0).name = "Alexander Öjanne";
    EXPECT_EQ(find(run(p), "people.justerare-serving"), nullptr);
    ASSERT_NE(find(run(p), "people.justerare-unlisted"), nullptr);
    EXPECT_EQ(find(run(p), "people.justerare-unlisted")->basis, "not-established");
    p.adjusters.at(0).name = "Nils Okänd";
    ASSERT_NE(find(run(p), "people.justerare-unlisted"), nullptr);
    // Listed as a substitute who did not serve: the text shows the breach.
    p.substitutes.push_back(model::PersonRef{"Nils Okänd", "S"});
    ASSERT_NE(find(run(p), "people.justerare-serving"), nullptr);
    EXPECT_EQ(find(run(p), "people.justerare-serving")->basis, "breach");
    EXPECT_EQ(find(run(p), "people.justerare-unlisted"), nullptr);
    p = seed("000_9b82ca12656ff44a.txt");
    EXPECT_EQ(find(run(p), "people.replaced-present"), nullptr);
    const auto sub = std::find_if(p.members.begin(), p.members.end(), [](const auto& m) { return m.replaces.has_value(); });
    ASSERT_NE(sub, p.members.end());
    model::Member back;
    back.name = sub->replaces->name;
    p.members.push_back(back);
    ASSERT_NE(find(run(p), "people.replaced-present"), nullptr);
}

TEST(Checks, TheNoticeInTime) {
    const auto p = seed("000_9b82ca12656ff44a.txt");
    EXPECT_EQ(find(run(p, {}, d("2024-03-25")), "anslag.late"), nullptr);  // Sunday the 24th moves to Monday
    ASSERT_NE(find(run(p, {}, d("2024-03-26")), "anslag.late"), nullptr);
    ASSERT_NE(find(run(p, {}, d("2024-03-21")), "anslag.before-justering"), nullptr);
}

}  // namespace
}  // namespace justera

namespace justera {
namespace {

TEST(Checks, TheAgendasImmediateProposalsAgainstTheDecisions) {
    auto parsed = test::parse_fixture("seeds/001_79249be5eea60560.txt", ingest::Layout::Agenda);
    const auto& agenda = std::get<model::Agenda>(parsed.result.document);
    const auto proposed = std::find_if(agenda.items.begin(), agenda.items.end(), [](const auto& i) { return i.immediate_proposed(); });
    ASSERT_NE(proposed, agenda.items.end());
    ASSERT_FALSE(proposed->proposal.empty());

    // A protocol written for the test: the proposal decided as proposed
    // (§ 12, adjusted at once), and § 14 adjusted at once without a proposal.
    model::Protocol p;
    p.organ = "Socialnämnden";
    for (int n : {12, 13, 14}) {
        model::Paragraph para;
        para.number = n;
        para.title = "Ärende " + std::to_string(n);
        p.paragraphs.push_back(para);
    }
    for (const auto& dp : proposed->proposal) p.paragraphs[0].decision.push_back(dp);
    p.paragraphs[0].immediate_sentence = "Paragrafen justeras omedelbart.";
    p.paragraphs[2].decision.push_back(model::DecisionPoint{1, "Nämnden godkänner rapporten.", {}});
    p.paragraphs[2].immediate_sentence = "Paragrafen justeras omedelbart.";
    auto fs = rules::compare_agenda(p, agenda);
    EXPECT_EQ(find(fs, "agenda.immediate-missing"), nullptr);
    EXPECT_EQ(find(fs, "agenda.immediate-not-decided"), nullptr);
    const auto* extra = find(fs, "agenda.immediate-not-proposed");
    ASSERT_NE(extra, nullptr);
    EXPECT_EQ(extra->paragraphs, (std::vector<int>{14}));

    // Decided without immediate justering: a warning naming § 12.
    p.paragraphs[0].immediate_sentence.reset();
    fs = rules::compare_agenda(p, agenda);
    const auto* not_decided = find(fs, "agenda.immediate-not-decided");
    ASSERT_NE(not_decided, nullptr);
    EXPECT_EQ(not_decided->paragraphs, (std::vector<int>{12}));

    // Not in the protocol at all (seed 000 is another meeting).
    fs = rules::compare_agenda(seed("000_9b82ca12656ff44a.txt"), agenda);
    ASSERT_NE(find(fs, "agenda.immediate-missing"), nullptr);
}

}  // namespace
}  // namespace justera

namespace justera {
namespace {

TEST(Checks, ReservantsServedAndErsattaryttrandenCameFromSubstitutes) {
    auto p = seed("000_9b82ca12656ff44a.txt");
    auto fs = run(p);
    EXPECT_EQ(find(fs, "people.reservation-not-serving"), nullptr);
    EXPECT_EQ(find(fs, "people.substitute-statement-serving"), nullptr);

    // Maurice Forslund (KD), who made the ersättaryttranden, listed as serving.
    model::Member forslund;
    forslund.name = "Maurice Forslund";
    forslund.party = "KD";
    p.members.push_back(forslund);
    fs = run(p);
    const auto* serving = find(fs, "people.substitute-statement-serving");
    ASSERT_NE(serving, nullptr);
    EXPECT_EQ(serving->severity, "warning");  // ersättaryttranden are the reglemente's, not KL's
    EXPECT_EQ(serving->source, "local");
    EXPECT_NE(serving->message.find("Maurice Forslund"), std::string::npos);

    // Gabriel Kroon (SD), who reserved himself, only among the non-serving substitutes.
    p = seed("000_9b82ca12656ff44a.txt");
    const auto kroon = std::find_if(p.members.begin(), p.members.end(), [](const auto& m) { return m.name == "Gabriel Kroon"; });
    ASSERT_NE(kroon, p.members.end());
    p.members.erase(kroon);
    p.substitutes.push_back(model::PersonRef{"Gabriel Kroon", "SD"});
    fs = run(p);
    const auto* reserved = find(fs, "people.reservation-not-serving");
    ASSERT_NE(reserved, nullptr);
    EXPECT_NE(reserved->message.find("Gabriel Kroon"), std::string::npos);
    // He also made a särskilt uttalande (§ 25): from a non-serving substitute
    // that is an ersättaryttrande, by local practice a warning.
    const auto* special = find(fs, "people.special-statement-not-serving");
    ASSERT_NE(special, nullptr);
    EXPECT_EQ(special->severity, "warning");
    EXPECT_NE(special->message.find("Gabriel Kroon"), std::string::npos);
    EXPECT_EQ(find(run(seed("000_9b82ca12656ff44a.txt")), "people.special-statement-not-serving"), nullptr) << "as the seed stands: he served";
}

}  // namespace
}  // namespace justera

namespace justera {
namespace {

TEST(Checks, EveryMessageHasAnEnglishForm) {
    // The findings of the seeds and of the negative cases, in both languages:
    // the same rules, and no Swedish sentence left in the English messages.
    auto p = seed("000_9b82ca12656ff44a.txt");
    p.paragraphs.erase(p.paragraphs.begin() + 3);
    p.adjusters.at(0).name = "Nils Okänd";
    const std::vector<rules::SignatureDay> signed_days{{"Jan Jönsson", d("2024-03-18")}, {"Nils Okänd", d("2024-04-10")}};
    const auto deadlines = rules::compute_deadlines(p, signed_days, d("2024-04-20"));
    const auto sv = rules::check_protocol(p, deadlines, rules::Language::Swedish);
    const auto en = rules::check_protocol(p, deadlines, rules::Language::English);
    ASSERT_EQ(sv.size(), en.size());
    EXPECT_GE(en.size(), 5U);
    for (std::size_t i = 0; i < en.size(); ++i) {
        EXPECT_EQ(sv[i].rule, en[i].rule);
        EXPECT_NE(sv[i].message, en[i].message) << en[i].rule;
        for (const char* swedish : {" och ", " före ", " efter sista dagen", "justerades", "Anslaget", "står inte"}) {
            EXPECT_EQ(en[i].message.find(swedish), std::string::npos) << en[i].rule << ": " << en[i].message;
        }
    }
}

}  // namespace
}  // namespace justera

// ---- Signatures: each justerare once, the sekreterare, the ordförande ----

namespace justera {
namespace {

TEST(Deadlines, EachJusterareCountsOnce) {
    const auto p = seed("000_9b82ca12656ff44a.txt");
    // Two signatures by one justerare are not the two justerare's.
    const auto dl = rules::compute_deadlines(p, {{"Alexander Ojanne", d("2024-03-20")}, {"Alexander Ojanne", d("2024-03-21")}}, std::nullopt);
    EXPECT_EQ(dl.unsigned_justerare, (std::vector<std::string>{"Jan Jönsson"}));
    EXPECT_EQ(dl.signature_evidence, rules::Evidence::VerifiedSignatures);
    EXPECT_EQ(dl.evidence, rules::Evidence::Header) << "not justered by its signatures: the printed date stands in";
    EXPECT_EQ(rules::iso(*dl.justering_date), "2024-03-22");
    ASSERT_FALSE(dl.notes.empty());
    EXPECT_NE(dl.notes[0].find("Jan Jönsson har inte skrivit under"), std::string::npos) << dl.notes[0];
    // Each by their first signature: Ojanne 03-20, Jönsson 03-21 -> 03-21.
    const auto both = rules::compute_deadlines(
        p, {{"Alexander Ojanne", d("2024-03-20")}, {"Jan Jönsson", d("2024-03-21")}, {"Alexander Ojanne", d("2024-03-25")}}, std::nullopt);
    EXPECT_TRUE(both.unsigned_justerare.empty());
    EXPECT_EQ(rules::iso(*both.justering_date), "2024-03-21");
}

TEST(Deadlines, NotesInEnglish) {
    const auto p = seed("000_9b82ca12656ff44a.txt");
    const auto sv = rules::compute_deadlines(p, {}, d("2024-03-22"));
    const auto en = rules::compute_deadlines(p, {}, d("2024-03-22"), rules::Language::English);
    ASSERT_EQ(sv.notes.size(), en.notes.size());
    const auto has = [](const std::vector<std::string>& notes, const std::string& what) {
        return std::any_of(notes.begin(), notes.end(), [&](const std::string& n) { return n.find(what) != std::string::npos; });
    };
    // Justering Fri 03-22 + 2 days is Sunday 03-24: Monday 03-25.
    EXPECT_TRUE(has(sv.notes, "2024-03-24 är söndag, så fristen går ut nästa vardag, måndag 2024-03-25"));
    EXPECT_TRUE(has(en.notes, "2024-03-24 is Sunday, so the time runs out on the next working day, Monday 2024-03-25"));
    EXPECT_TRUE(has(en.notes, "when the last justerare (Alexander Ojanne) signed"));
    EXPECT_FALSE(has(en.notes, "fristen"));
    EXPECT_EQ(rules::day_kind_en(d("2024-12-24")), "Christmas Eve (julafton)");
    EXPECT_EQ(rules::day_kind_en(d("2024-03-29")), "the public holiday långfredagen");
}

TEST(Checks, EveryJusterareAndTheSekreterareSign) {
    const auto p = seed("000_9b82ca12656ff44a.txt");
    const rules::SignatureDay ojanne{"Alexander Ojanne", d("2024-03-22")};
    const rules::SignatureDay jonsson{"Jan Jönsson", d("2024-03-22")};
    const rules::SignatureDay hillborg{"Magnus Hillborg", d("2024-03-22"), "sekreterare"};
    auto fs = run(p, {ojanne, hillborg});
    const auto* missing = find(fs, "signatures.justerare-missing");
    ASSERT_NE(missing, nullptr);
    EXPECT_EQ(missing->severity, "error");
    EXPECT_EQ(missing->evidence, "verified_signatures");
    EXPECT_NE(missing->message.find("Jan Jönsson"), std::string::npos) << missing->message;
    EXPECT_EQ(find(fs, "signatures.secretary-missing"), nullptr);
    fs = run(p, {ojanne, jonsson});
    EXPECT_EQ(find(fs, "signatures.justerare-missing"), nullptr);
    const auto* secretary = find(fs, "signatures.secretary-missing");
    ASSERT_NE(secretary, nullptr);
    EXPECT_EQ(secretary->severity, "warning");
    EXPECT_NE(secretary->message.find("Magnus Hillborg"), std::string::npos);
    fs = run(p, {ojanne, jonsson, hillborg});
    EXPECT_EQ(find(fs, "signatures.justerare-missing"), nullptr);
    EXPECT_EQ(find(fs, "signatures.secretary-missing"), nullptr);
    // Without any signature to go by (the table removed, nothing verified): nothing said.
    auto bare = p;
    bare.signature_table.reset();
    fs = run(bare);
    EXPECT_EQ(find(fs, "signatures.justerare-missing"), nullptr);
    EXPECT_EQ(find(fs, "signatures.secretary-missing"), nullptr);
}

TEST(Checks, TheOrdforandeSignsTheImmediateParagraphs) {
    auto p = seed("004_187fbd7e2f1d6b52.txt");
    p.chair_signatory = model::PersonRef{"Karin Ernlund", "S"};  // an ordförande who is not a justerare
    const rules::SignatureDay ojanne{"Alexander Ojanne", d("2023-04-25")};
    const rules::SignatureDay jonsson{"Jan Jönsson", d("2023-04-25")};
    auto fs = run(p, {ojanne, jonsson});
    const auto* chair = find(fs, "immediate.chair-unsigned");
    ASSERT_NE(chair, nullptr);
    EXPECT_EQ(chair->severity, "warning");  // whether the ordförande signs is local practice
    EXPECT_EQ(chair->source, "local");
    EXPECT_EQ(chair->paragraphs, (std::vector<int>{10, 22, 23}));
    // Her signature, under the certificate's fuller name, settles it.
    fs = run(p, {ojanne, jonsson, {"Anna Karin Ernlund", d("2023-04-25"), ""}});
    EXPECT_EQ(find(fs, "immediate.chair-unsigned"), nullptr);
    // An ordförande who is a justerare is covered by the justerare rule.
    p.chair_signatory = model::PersonRef{"Alexander Ojanne", "S"};
    fs = run(p, {jonsson});
    EXPECT_EQ(find(fs, "immediate.chair-unsigned"), nullptr);
    const auto* missing = find(fs, "signatures.justerare-missing");
    ASSERT_NE(missing, nullptr);
    EXPECT_EQ(missing->paragraphs, (std::vector<int>{10, 22, 23})) << "an extract: the paragraphs it holds";
}

TEST(Checks, HowAJusterareMatchedTheMembersListIsSaid) {
    auto p = seed("000_9b82ca12656ff44a.txt");
    EXPECT_EQ(find(run(p), "people.name-variant"), nullptr) << "word for word: nothing to say";
    for (auto& m : p.members) {
        if (m.name == "Jan Jönsson") m.name = "JAN JÖNSSON";
    }
    auto fs = run(p);
    const auto* variant = find(fs, "people.name-variant");
    ASSERT_NE(variant, nullptr);
    EXPECT_EQ(variant->severity, "info");
    EXPECT_NE(variant->message.find("skiftläget skiljer"), std::string::npos) << variant->message;
    EXPECT_EQ(find(fs, "people.justerare-serving"), nullptr);
    // In Swedish ö is a letter of its own: Jan Jonsson is someone else.
    for (auto& m : p.members) {
        if (m.name == "JAN JÖNSSON") m.name = "Jan Jonsson";
    }
    fs = run(p);
    EXPECT_EQ(find(fs, "people.name-variant"), nullptr);
    EXPECT_NE(find(fs, "people.justerare-unlisted"), nullptr) << "Jan Jonsson is not the justerare Jan Jönsson";
    for (auto& m : p.members) {
        if (m.name == "Jan Jonsson") m.name = "Jan Oskar Jönsson";
    }
    fs = run(p);
    variant = find(fs, "people.name-variant");
    ASSERT_NE(variant, nullptr);
    EXPECT_NE(variant->message.find("tilltalsnamnet"), std::string::npos) << variant->message;
}

TEST(NameMatch, Kinds) {
    const model::PersonName who{"Johan Alexander Emanuel", "Ojanne"};
    EXPECT_EQ(model::name_match("Johan Alexander Emanuel Ojanne", who), model::NameMatch::Exact);
    EXPECT_EQ(model::name_match("Alexander Ojanne", who), model::NameMatch::NameInUse);
    EXPECT_EQ(model::name_match("johan alexander emanuel OJANNE", who), model::NameMatch::Case);
    EXPECT_EQ(model::name_match("Emanuel Ojanne", who), model::NameMatch::NameInUse);
    EXPECT_EQ(model::name_match("Alexander Ojane", who), model::NameMatch::None);
    const model::PersonName andrea{"Andrea", "Hedin"};
    // Diacritics are never folded away, whichever side has them.
    EXPECT_EQ(model::name_match("Andréa Hedin", andrea), model::NameMatch::None);
    EXPECT_EQ(model::name_match("Andrea Hédin", andrea), model::NameMatch::None);
    const model::PersonName jonsson{"Jan", "Jonsson"};  // a real CA's "Jan Jonsson" is not the justerare Jan Jönsson
    EXPECT_EQ(model::name_match("Jan Jönsson", jonsson), model::NameMatch::None);
    EXPECT_FALSE(model::name_matches("Jan Jönsson", jonsson));
    // The same name, decomposed (o + U+0308) in the certificate, precomposed in the protocol.
    const model::PersonName decomposed{"Jan Oskar", "Jo\xCC\x88nsson"};
    EXPECT_EQ(model::name_match("Jan Oskar J\xC3\xB6nsson", decomposed), model::NameMatch::Exact);
    EXPECT_EQ(model::name_match("Jan J\xC3\xB6nsson", decomposed), model::NameMatch::NameInUse);
    EXPECT_EQ(model::name_match("JAN OSKAR J\xC3\x96NSSON", decomposed), model::NameMatch::Case);
    EXPECT_EQ(model::to_string(model::NameMatch::NameInUse), "name_in_use");
    // A printed name split at its last space; one word is a surname alone, which names nobody.
    EXPECT_EQ(model::split_printed_name("Anna Maria Berg").given_names, "Anna Maria");
    EXPECT_EQ(model::split_printed_name("Anna Maria Berg").surname, "Berg");
    EXPECT_FALSE(model::name_matches("Anna Berg", model::split_printed_name("Berg")));
    EXPECT_EQ(model::name_words("Anna-Lena Berg, S"), (std::vector<std::string>{"Anna", "Lena", "Berg", "S"}));
}

}  // namespace
}  // namespace justera

#include <fstream>
#include <sstream>

#include "justera/rules/checks.hpp"

namespace justera {
namespace {

// Lag 1989:253 before 2005: annandag pingst was an allmän helgdag and
// 6 June was not. Every helgdag of 2000-2004 other than Sundays, written out
// by hand.
TEST(Calendar, PublicHolidays2000To2004AsTheLawThenWas) {
    std::map<std::string, std::string> want;
    const char* easter_based[][6] = {
        // långfredagen, påskdagen, annandag påsk, Kristi himmelsfärdsdag, pingstdagen, annandag pingst
        {"2000-04-21", "2000-04-23", "2000-04-24", "2000-06-01", "2000-06-11", "2000-06-12"},
        {"2001-04-13", "2001-04-15", "2001-04-16", "2001-05-24", "2001-06-03", "2001-06-04"},
        {"2002-03-29", "2002-03-31", "2002-04-01", "2002-05-09", "2002-05-19", "2002-05-20"},
        {"2003-04-18", "2003-04-20", "2003-04-21", "2003-05-29", "2003-06-08", "2003-06-09"},
        {"2004-04-09", "2004-04-11", "2004-04-12", "2004-05-20", "2004-05-30", "2004-05-31"},
    };
    const char* names[] = {"långfredagen", "påskdagen", "annandag påsk", "Kristi himmelsfärdsdag", "pingstdagen", "annandag pingst"};
    for (const auto& row : easter_based) {
        for (int i = 0; i < 6; ++i) want[row[i]] = names[i];
    }
    for (const char* s : {"2000-06-24", "2001-06-23", "2002-06-22", "2003-06-21", "2004-06-26"}) want[s] = "midsommardagen";
    for (const char* s : {"2000-11-04", "2001-11-03", "2002-11-02", "2003-11-01", "2004-11-06"}) want[s] = "alla helgons dag";
    for (int y = 2000; y <= 2004; ++y) {
        const std::string ys = std::to_string(y);
        want[ys + "-01-01"] = "nyårsdagen";
        want[ys + "-01-06"] = "trettondedag jul";
        want[ys + "-05-01"] = "första maj";
        want[ys + "-12-25"] = "juldagen";
        want[ys + "-12-26"] = "annandag jul";
    }
    for (Date day = d("2000-01-01"); day <= d("2004-12-31"); day = rules::add_days(day, 1)) {
        const auto name = rules::holiday_name(day);
        const auto it = want.find(rules::iso(day));
        if (it == want.end()) {
            EXPECT_FALSE(name.has_value()) << rules::iso(day) << " was not a helgdag, but the code says " << *name;
        } else {
            ASSERT_TRUE(name.has_value()) << rules::iso(day) << " was " << it->second;
            EXPECT_EQ(*name, it->second) << rules::iso(day);
        }
    }
    // A deadline on Friday 2003-06-06 ends that day (not a helgdag then); one
    // on Saturday 2003-06-07 moves past pingstdagen and annandag pingst.
    EXPECT_EQ(rules::iso(rules::roll_forward(d("2003-06-06"))), "2003-06-06");
    EXPECT_EQ(rules::iso(rules::roll_forward(d("2003-06-07"))), "2003-06-10");
    // From 2005 the other way round.
    EXPECT_FALSE(rules::holiday_name(d("2005-05-16")).has_value());
    EXPECT_EQ(rules::holiday_name(d("2005-06-06")).value_or(""), "Sveriges nationaldag");
}

TEST(Deadlines, BeforeTheCalendarNothingIsComputed) {
    auto p = seed("000_9b82ca12656ff44a.txt");
    p.meeting_date = d("1999-12-14");
    p.signature_table.reset();
    p.adjustment_date = d("1999-12-20");
    const auto dl = rules::compute_deadlines(p, {}, d("1999-12-21"));
    EXPECT_FALSE(dl.calendar_covered);
    EXPECT_FALSE(dl.justering_last_day.has_value());
    EXPECT_FALSE(dl.appeal_last_day.has_value());
    const auto fs = rules::check_protocol(p, dl);
    const auto* f = find(fs, "unknown.calendar");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->basis, "not-established");
    EXPECT_EQ(rules::compute_deadlines(p, {}, std::nullopt).calendar_covered, false);
    p.meeting_date = d("2000-01-11");
    p.adjustment_date = d("2000-01-14");
    EXPECT_TRUE(rules::compute_deadlines(p, {}, std::nullopt).calendar_covered);
}

// The immediately adjusted paragraphs are a justering of their own. Seed 004
// is an extract of only them: its signatures are that justering's
// (Ojanne signed 2023-04-26), and so are its notice and appeal day.
TEST(Deadlines, Seed004TheExtractIsTheImmediateJustering) {
    const auto p = seed("004_187fbd7e2f1d6b52.txt");
    const auto dl = rules::compute_deadlines(p, {}, d("2023-04-27"));
    ASSERT_EQ(dl.immediate.size(), 1U);
    const auto& e = dl.immediate.front();
    EXPECT_EQ(e.paragraphs, (std::vector<int>{10, 22, 23}));
    EXPECT_EQ(rules::iso(*e.justering_date), "2023-04-26");
    EXPECT_EQ(e.evidence, rules::Evidence::SignatureTable);
    EXPECT_EQ(rules::iso(*e.anslag_date), "2023-04-27");
    EXPECT_EQ(rules::iso(*e.anslag_last_day), "2023-04-28");
    EXPECT_EQ(rules::iso(*e.appeal_last_day), "2023-05-19");
}

// Seed 003 is the full protocol: §§ 10, 15, 16 were justerade apart, and
// nothing in it shows when; the day is not the meeting day by assumption.
TEST(Deadlines, Seed003TheFullProtocolDoesNotShowTheImmediateJustering) {
    const auto p = seed("003_cf49da6b8fe401db.txt");
    const auto dl = rules::compute_deadlines(p, {}, std::nullopt);
    ASSERT_EQ(dl.immediate.size(), 1U);
    EXPECT_EQ(dl.immediate.front().paragraphs, (std::vector<int>{10, 15, 16}));
    EXPECT_FALSE(dl.immediate.front().justering_date.has_value());
    EXPECT_EQ(dl.immediate.front().evidence, rules::Evidence::None);
    EXPECT_TRUE(seed("000_9b82ca12656ff44a.txt").paragraphs.size() > 0);
    EXPECT_TRUE(rules::compute_deadlines(seed("000_9b82ca12656ff44a.txt"), {}, std::nullopt).immediate.empty());
}

// KL 8 kap. 12 §: the notice "får inte tas bort från anslagstavlan före
// överklagandetidens utgång"; 13 kap. 5 § andra stycket: otherwise the time
// does not run out. The protocol's own ANSLAG/BEVIS gives both days.
TEST(Checks, TheNoticeStaysUpForTheWholeAppealTime) {
    auto p = seed("000_9b82ca12656ff44a.txt");  // justerat Fri 2024-03-22 by its table
    p.notice = model::Notice{d("2024-03-25"), d("2024-04-15"), "Socialförvaltningen"};
    auto dl = rules::compute_deadlines(p, {}, std::nullopt);
    EXPECT_EQ(dl.anslag_source, "protocol");
    EXPECT_EQ(rules::iso(*dl.anslag_date), "2024-03-25");
    EXPECT_EQ(rules::iso(*dl.appeal_last_day), "2024-04-15");
    // Taken down on the last day to appeal: before the time has run out.
    auto fs = rules::check_protocol(p, dl);
    const auto* f = find(fs, "anslag.removed-early");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->severity, "error");
    EXPECT_EQ(f->law, "KL 8 kap. 12 §, 13 kap. 5 §");
    p.notice->removed = d("2024-04-16");
    EXPECT_EQ(find(rules::check_protocol(p, rules::compute_deadlines(p, {}, std::nullopt)), "anslag.removed-early"), nullptr);
    // A day given on the command line outranks the printed one.
    dl = rules::compute_deadlines(p, {}, d("2024-03-22"));
    EXPECT_EQ(dl.anslag_source, "given");
    EXPECT_EQ(rules::iso(*dl.anslag_date), "2024-03-22");
}

// KL 8 kap. 12 §: "Senast andra dagen efter det att protokollet har
// justerats ska justeringen tillkännages på anslagstavlan": a late notice
// breaks the law, so it is an error.
TEST(Checks, ALateNoticeIsAnError) {
    const auto p = seed("000_9b82ca12656ff44a.txt");  // justerat Fri 03-22: notice by Mon 03-25
    const auto findings = run(p, {}, d("2024-03-26"));
    const auto* late = find(findings, "anslag.late");
    ASSERT_NE(late, nullptr);
    EXPECT_EQ(late->severity, "error");
    EXPECT_EQ(late->source, "law");
    EXPECT_EQ(find(run(p, {}, d("2024-03-25")), "anslag.late"), nullptr);
}

// docs/rules.md lists every rule with the same severity, basis, source and
// provision as the code.
TEST(Checks, TheRuleTableIsTheDocumentedOne) {
    std::ifstream in(std::string(JUSTERA_SOURCE_DIR) + "/docs/rules.md");
    ASSERT_TRUE(in.good());
    std::map<std::string, std::vector<std::string>> documented;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("| `", 0) != 0) continue;
        std::vector<std::string> cells;
        std::stringstream ss(line.substr(1));
        for (std::string cell; std::getline(ss, cell, '|');) {
            while (!cell.empty() && cell.front() == ' ') cell.erase(0, 1);
            while (!cell.empty() && cell.back() == ' ') cell.pop_back();
            cells.push_back(cell);
        }
        if (cells.size() < 6) continue;
        documented[cells[0].substr(1, cells[0].size() - 2)] = cells;
    }
    ASSERT_EQ(documented.size(), rules::rule_table().size());
    for (const auto& r : rules::rule_table()) {
        const auto it = documented.find(std::string(r.id));
        ASSERT_NE(it, documented.end()) << r.id << " is not in docs/rules.md";
        EXPECT_EQ(it->second[1], r.severity) << r.id;
        EXPECT_EQ(it->second[2], r.basis) << r.id;
        EXPECT_EQ(it->second[3], r.source) << r.id;
        EXPECT_EQ(it->second[5], r.law) << r.id;
    }
}

}  // namespace
}  // namespace justera

#include "justera/core/error.hpp"
#include "justera/rules/local_rules.hpp"
#include "people.hpp"

namespace justera {
namespace {

// What KL leaves to the municipality (arbetsordning, KL 5 kap. 72 §;
// reglemente, 6 kap. 44 §) comes from its own file.
TEST(LocalRules, ReadFromTheFileOrRefusedWithItsLine) {
    const auto r = rules::read_local_rules(
        "\xEF\xBB\xBF# socialnämndens reglemente\nordforande-justerar = ja\njusterare = 1\n\nomedelbar-justering-samma-dag = nej\n"
        "sekreterare-skriver-under = nej\n",
        "lokala.regler");
    EXPECT_TRUE(r.chair_justerar);
    EXPECT_EQ(r.justerare_count, 1);
    EXPECT_FALSE(r.immediate_same_day);
    EXPECT_FALSE(r.secretary_signs);
    EXPECT_EQ(r.source, "lokala.regler");
    const auto refused = [](const std::string& text) {
        try {
            (void)rules::read_local_rules(text, "lokala.regler");
        } catch (const core::Error& e) {
            EXPECT_EQ(e.code(), core::Errc::Usage);
            return e.where().to_string() + " " + e.message();
        }
        return std::string("accepted");
    };
    EXPECT_EQ(refused("ordforande-justerar = ja\nordförande = ja\n").rfind("lokala.regler:2", 0), 0U);
    EXPECT_NE(refused("ordforande-justerar = kanske\n").find("takes ja or nej"), std::string::npos);
    EXPECT_NE(refused("justerare = 0\n").find("from 1 to 9"), std::string::npos);
    EXPECT_NE(refused("bara text\n").find("NAME = VALUE"), std::string::npos);
}

// Where the local rules make the ordförande justera, the ordförande's
// signature counts towards the justering day like a justerare's; without
// them it does not.
TEST(Deadlines, TheOrdforandeJusterarWhereTheLocalRulesSaySo) {
    auto p = seed("004_187fbd7e2f1d6b52.txt");
    p.chair_signatory = model::PersonRef{"Karin Ernlund", "S"};  // not a justerare
    rules::LocalRules local;
    local.chair_justerar = true;
    local.source = "lokala.regler";
    const rules::SignatureDay ojanne{"Alexander Ojanne", d("2023-04-25")};
    const rules::SignatureDay jonsson{"Jan Jönsson", d("2023-04-25")};
    const rules::SignatureDay ernlund{"Karin Maria Ernlund", d("2023-04-27"), ""};  // the certificate's fuller name
    // Without the local rule: justerat when both justerare signed.
    auto dl = rules::compute_deadlines(p, {ojanne, jonsson, ernlund}, std::nullopt);
    EXPECT_EQ(rules::iso(*dl.justering_date), "2023-04-25");
    // With it: the ordförande's later signature is the justering day.
    dl = rules::compute_deadlines(p, {ojanne, jonsson, ernlund}, std::nullopt, rules::Language::Swedish, local);
    EXPECT_EQ(rules::iso(*dl.justering_date), "2023-04-27");
    EXPECT_TRUE(dl.unsigned_justerare.empty());
    // Without the ordförande's signature the protocol is not justerat.
    dl = rules::compute_deadlines(p, {ojanne, jonsson}, std::nullopt, rules::Language::Swedish, local);
    EXPECT_EQ(dl.unsigned_justerare, (std::vector<std::string>{"Karin Ernlund"}));
    const auto fs = rules::check_protocol(p, dl, rules::Language::Swedish, local);
    ASSERT_NE(find(fs, "signatures.justerare-missing"), nullptr);
    EXPECT_EQ(find(fs, "immediate.chair-unsigned"), nullptr);  // said once, as a missing justering signature
    // An ordförande who is a justerare already is not counted twice.
    const auto seed000 = seed("000_9b82ca12656ff44a.txt");
    EXPECT_EQ(rules::compute_deadlines(seed000, {}, std::nullopt, rules::Language::Swedish, local).signatures.size(), 2U);
}

TEST(Checks, LocalRulesTurnLocalChecksOnAndOff) {
    const auto p = seed("004_187fbd7e2f1d6b52.txt");  // justerat the day after the meeting
    rules::LocalRules local;
    local.source = "lokala.regler";
    EXPECT_NE(find(rules::check_protocol(p, rules::compute_deadlines(p, {}, std::nullopt), rules::Language::Swedish, local), "immediate.same-day"),
              nullptr);
    local.immediate_same_day = false;
    EXPECT_EQ(find(rules::check_protocol(p, rules::compute_deadlines(p, {}, std::nullopt), rules::Language::Swedish, local), "immediate.same-day"),
              nullptr);
    local.justerare_count = 1;
    const auto findings = rules::check_protocol(p, rules::compute_deadlines(p, {}, std::nullopt), rules::Language::Swedish, local);
    const auto* count = find(findings, "local.justerare-count");
    ASSERT_NE(count, nullptr);
    EXPECT_EQ(count->source, "local");
    EXPECT_NE(count->message.find("lokala.regler"), std::string::npos);
}

}  // namespace
}  // namespace justera

namespace justera {
namespace {

model::Block text_block(const std::string& text) {
    model::Block b;
    b.text = text;
    return b;
}

/// The checks of a protocol whose paragraphs a test has written to: the jäv
/// and role changes read again from them, as parse does.
std::vector<rules::Finding> reread(model::Protocol p) {
    for (auto& rc : ingest::people::paragraph_role_changes(p)) p.role_changes.push_back(std::move(rc));
    p.jav = ingest::people::jav_declarations(p);
    return run(p);
}

// Jäv (KL 6 kap. 30 §, for fullmäktige 5 kap. 47 §): who is jävig takes no
// part in the handling of the matter; reserving oneself against the decision
// is taking part in it. By common practice another justerare justerar the
// paragraph.
TEST(Checks, WhoDeclaredJavTookNoPartAndDidNotJustera) {
    auto p = seed("000_9b82ca12656ff44a.txt");
    auto& para = p.paragraphs.at(3);  // § 4: no reservations
    model::Section note;
    note.blocks.push_back(text_block("Ärendet föredras. Jan Jönsson (L) anmäler jäv och deltar inte i handläggningen."));
    para.sections.push_back(note);
    auto fs = reread(p);
    const auto* justerar = find(fs, "people.jav-justerar");
    ASSERT_NE(justerar, nullptr);
    EXPECT_EQ(justerar->paragraphs, (std::vector<int>{para.number}));
    EXPECT_EQ(justerar->source, "local");
    EXPECT_EQ(find(fs, "people.jav-took-part"), nullptr);
    // Another justerare named for the paragraph settles it.
    p.role_changes.push_back(model::RoleChange{model::ChangedRole::Adjuster, model::PersonRef{"Ann Svensson", "L"},
                                               model::PersonRef{"Jan Jönsson", "L"}, {para.number}, "…"});
    EXPECT_EQ(find(reread(p), "people.jav-justerar"), nullptr);
    // Reserving oneself is taking part.
    model::Section reservations;
    reservations.kind = model::SectionKind::Reservations;
    reservations.blocks.push_back(text_block("Jan Jönsson (L) reserverar sig mot beslutet."));
    para.sections.push_back(reservations);
    fs = reread(p);
    const auto* took_part = find(fs, "people.jav-took-part");
    ASSERT_NE(took_part, nullptr);
    EXPECT_EQ(took_part->severity, "error");
    EXPECT_EQ(took_part->law, "KL 5 kap. 47 §, 6 kap. 30 §");
    // Only the one who declares it: not whoever the sentence names besides.
    auto r = seed("000_9b82ca12656ff44a.txt");
    model::Section replaced_by;
    replaced_by.blocks.push_back(text_block("Jan Jönsson (L) anmäler jäv och ersätts av Sebastian Wiklund (S)."));
    model::Section wiklund_reserves;
    wiklund_reserves.kind = model::SectionKind::Reservations;
    wiklund_reserves.blocks.push_back(text_block("Sebastian Wiklund (S) reserverar sig mot beslutet."));
    r.paragraphs.at(3).sections.push_back(replaced_by);
    r.paragraphs.at(3).sections.push_back(wiklund_reserves);
    EXPECT_EQ(find(reread(r), "people.jav-took-part"), nullptr);
    // A name without a party, as some protocols write it.
    EXPECT_EQ(find(reread(seed("000_9b82ca12656ff44a.txt")), "people.jav-justerar"), nullptr);
    auto q = seed("000_9b82ca12656ff44a.txt");
    model::Section bare;
    bare.blocks.push_back(text_block("Alexander Ojanne anmäler jäv och lämnar lokalen."));
    q.paragraphs.at(2).sections.push_back(bare);
    EXPECT_NE(find(reread(q), "people.jav-justerar"), nullptr);
    // He is also the ordförande: another one must lead the paragraph.
    const auto q_findings = reread(q);
    const auto* chairs = find(q_findings, "people.jav-ordforande");
    ASSERT_NE(chairs, nullptr);
    EXPECT_EQ(chairs->paragraphs, (std::vector<int>{q.paragraphs.at(2).number}));
    q.role_changes.push_back(model::RoleChange{model::ChangedRole::Chair, model::PersonRef{"Jan Jönsson", "L"}, std::nullopt,
                                               {q.paragraphs.at(2).number}, "…"});
    EXPECT_EQ(find(reread(q), "people.jav-ordforande"), nullptr);
}

// KL 6 kap. 27 § (5 kap. 45 § for fullmäktige): a nämnd may handle business
// only when more than half of its ledamöter are present. The number of
// seats comes from the local rules; the protocol lists who served.
TEST(Checks, MoreThanHalfOfTheMembersServe) {
    const auto p = seed("000_9b82ca12656ff44a.txt");  // 13 serving
    ASSERT_EQ(p.members.size(), 13U);
    rules::LocalRules local;
    local.source = "lokala.regler";
    local.members = 25;  // 13 of 25: more than half
    auto fs = rules::check_protocol(p, rules::compute_deadlines(p, {}, std::nullopt), rules::Language::Swedish, local);
    EXPECT_EQ(find(fs, "people.quorum"), nullptr);
    local.members = 26;  // 13 of 26: exactly half is not more than half
    fs = rules::check_protocol(p, rules::compute_deadlines(p, {}, std::nullopt), rules::Language::Swedish, local);
    const auto* quorum = find(fs, "people.quorum");
    ASSERT_NE(quorum, nullptr);
    EXPECT_EQ(quorum->severity, "error");
    EXPECT_EQ(quorum->paragraphs.size(), p.paragraphs.size());
    EXPECT_NE(quorum->message.find("13 av 26"), std::string::npos);
    // Paragraph by paragraph: a member excepted from one paragraph ("ej § 4
    // på grund av jäv") does not count in it, and only there.
    auto excepted = p;
    excepted.members.at(0).except_paragraphs = {p.paragraphs.at(3).number};
    excepted.members.at(0).except_reason = "på grund av jäv";
    local.members = 24;  // 13 of 24 serve, 12 of 24 in that paragraph
    EXPECT_EQ(find(rules::check_protocol(p, rules::compute_deadlines(p, {}, std::nullopt), rules::Language::Swedish, local), "people.quorum"), nullptr);
    fs = rules::check_protocol(excepted, rules::compute_deadlines(excepted, {}, std::nullopt), rules::Language::Swedish, local);
    const auto* one = find(fs, "people.quorum");
    ASSERT_NE(one, nullptr);
    EXPECT_EQ(one->paragraphs, (std::vector<int>{p.paragraphs.at(3).number}));
    EXPECT_NE(one->message.find("12 av 24"), std::string::npos);
    EXPECT_NE(one->message.find("i § " + std::to_string(p.paragraphs.at(3).number)), std::string::npos);
    // A member listed for one paragraph only counts in that one.
    auto scoped = p;
    scoped.members.at(0).paragraphs = {p.paragraphs.front().number};
    fs = rules::check_protocol(scoped, rules::compute_deadlines(scoped, {}, std::nullopt), rules::Language::Swedish, local);
    const auto* rest = find(fs, "people.quorum");
    ASSERT_NE(rest, nullptr);
    EXPECT_EQ(rest->paragraphs.size(), p.paragraphs.size() - 1);
    // Without the number of seats nothing is claimed.
    EXPECT_EQ(find(run(p), "people.quorum"), nullptr);
}

}  // namespace
}  // namespace justera

namespace justera {
namespace {

// What the text does not say is never a breach: each of these findings is
// there when the fact is missing, and gone when the text gives it.
TEST(Checks, WhatTheTextDoesNotSayIsNotEstablished) {
    const auto p = seed("000_9b82ca12656ff44a.txt");
    for (const char* rule : {"unknown.attendance", "unknown.justering-date", "unknown.unplaced-text"}) {
        EXPECT_EQ(find(run(p), rule), nullptr) << rule;
    }
    // KL 5 kap. 66 §: the protocol shows who served; here no list was read.
    auto no_members = p;
    no_members.members.clear();
    const auto a = run(no_members);
    ASSERT_NE(find(a, "unknown.attendance"), nullptr);
    EXPECT_EQ(find(a, "unknown.attendance")->basis, "not-established");
    // KL 5 kap. 69 §, 8 kap. 12 §: no signature and no printed date, so no
    // justering day to count the notice from.
    auto no_day = p;
    no_day.signature_table.reset();
    no_day.adjustment_date.reset();
    const auto j = run(no_day);
    ASSERT_NE(find(j, "unknown.justering-date"), nullptr);
    EXPECT_EQ(find(j, "unknown.justering-date")->severity, "info");
    // A line the reader could not place: its facts were not checked.
    auto unplaced = p;
    unplaced.unplaced.push_back(model::SourceLine{12, "Jesper Åkerlind (S), ej § 44 på grund av jäv"});
    const auto u = run(unplaced);
    ASSERT_NE(find(u, "unknown.unplaced-text"), nullptr);
    EXPECT_NE(find(u, "unknown.unplaced-text")->message.find("rad 12"), std::string::npos);
}

TEST(Checks, AnAgendaOfAnotherMeeting) {
    const auto p = seed("000_9b82ca12656ff44a.txt");
    model::Agenda agenda;
    agenda.meeting_date = p.meeting_date;
    EXPECT_EQ(find(rules::compare_agenda(p, agenda), "agenda.other-meeting"), nullptr);
    agenda.meeting_date = d("2024-04-16");
    const auto fs = rules::compare_agenda(p, agenda);
    ASSERT_NE(find(fs, "agenda.other-meeting"), nullptr);
    EXPECT_EQ(find(fs, "agenda.other-meeting")->source, "none");
}

}  // namespace
}  // namespace justera
