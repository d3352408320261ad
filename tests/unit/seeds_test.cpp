// SPDX-License-Identifier: GPL-3.0-or-later
// The answer key of ../shared/corpus/README.md, asserted fact by fact for each
// of the five seed texts (copied byte-identical into tests/fixtures/seeds/).

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "justera/model/protocol.hpp"
#include "test_support.hpp"

namespace justera {
namespace {

using model::Date;
using model::MemberRole;
using model::SectionKind;
using test::parse_fixture;

Date ymd(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}; }

std::vector<int> numbers_of(const model::Protocol& p) {
    std::vector<int> out;
    for (const auto& para : p.paragraphs) out.push_back(para.number);
    return out;
}
std::vector<int> immediate_of(const model::Protocol& p) {
    std::vector<int> out;
    for (const auto& para : p.paragraphs) {
        if (para.immediate()) out.push_back(para.number);
    }
    return out;
}
std::vector<int> range(int from, int to) {
    std::vector<int> v(static_cast<std::size_t>(to - from + 1));
    std::iota(v.begin(), v.end(), from);
    return v;
}
const model::Paragraph& para(const model::Protocol& p, int n) {
    const auto it = std::find_if(p.paragraphs.begin(), p.paragraphs.end(), [&](const auto& x) { return x.number == n; });
    if (it == p.paragraphs.end()) throw std::runtime_error("no § " + std::to_string(n));
    return *it;
}
std::string all_text(const model::Paragraph& p) {
    std::string s = p.title;
    for (const auto& d : p.decision) s += "\n" + d.text;
    for (const auto& sec : p.sections) {
        for (const auto& b : sec.blocks) s += "\n" + b.text;
    }
    return s;
}

// ------------------------------------------------------------------ 000

class Seed000 : public ::testing::Test {
protected:
    static void SetUpTestSuite() { s_parsed = new test::Parsed(parse_fixture("seeds/000_9b82ca12656ff44a.txt")); }
    static void TearDownTestSuite() { delete s_parsed; }
    static const model::Protocol& doc() { return std::get<model::Protocol>(s_parsed->result.document); }
    static test::Parsed* s_parsed;
};
test::Parsed* Seed000::s_parsed = nullptr;

TEST_F(Seed000, DetectedAsMarkdown) { EXPECT_EQ(s_parsed->result.layout, ingest::Layout::Markdown); }

TEST_F(Seed000, Header) {
    const auto& p = doc();
    EXPECT_EQ(p.organ, "Socialnämnden");
    ASSERT_TRUE(p.number);
    EXPECT_EQ(p.number->number, 4);
    EXPECT_EQ(p.number->year, 2024);
    EXPECT_EQ(p.meeting_date, ymd(2024, 3, 19));
    EXPECT_EQ(p.start_time, (model::TimeOfDay{17, 0}));
    EXPECT_EQ(p.end_time, (model::TimeOfDay{17, 20}));
    EXPECT_EQ(p.place, "Konferenscenter rum Storfors, Storforsplan 36, Farsta");
    EXPECT_EQ(p.adjustment_date, ymd(2024, 3, 22));
    EXPECT_EQ(p.announced_adjustment_date, ymd(2024, 3, 22));
    EXPECT_EQ(p.paragraph_range_written, "§§1-29");
    EXPECT_EQ(p.paragraph_range, range(1, 29));
    ASSERT_TRUE(p.secretary);
    EXPECT_EQ(p.secretary->name, "Magnus Hillborg");
    ASSERT_EQ(p.adjusters.size(), 2U);
    EXPECT_EQ(p.adjusters[0].name, "Alexander Ojanne");
    EXPECT_EQ(p.adjusters[1].name, "Jan Jönsson");
    EXPECT_EQ(p.kind, model::DocumentKind::Protocol);
}

TEST_F(Seed000, Attendance) {
    const auto& p = doc();
    ASSERT_EQ(p.members.size(), 13U);
    EXPECT_EQ(p.members[0].name, "Alexander Ojanne");
    EXPECT_EQ(p.members[0].party, "S");
    EXPECT_EQ(p.members[0].role, MemberRole::Chair);
    EXPECT_EQ(p.members[1].name, "Jan Jönsson");
    EXPECT_EQ(p.members[1].role, MemberRole::FirstViceChair);
    const auto serving = std::count_if(p.members.begin(), p.members.end(), [](const auto& m) { return m.replaces.has_value(); });
    EXPECT_EQ(serving, 2);
    EXPECT_EQ(p.members[11].name, "Sebastian Wiklund");
    ASSERT_TRUE(p.members[11].replaces);
    EXPECT_EQ(p.members[11].replaces->name, "Carolina Sinisalo");
    EXPECT_EQ(p.members[11].replaces->party, "S");
    EXPECT_EQ(p.members[12].name, "Gun Risberg");
    EXPECT_EQ(p.members[12].party, "S");
    ASSERT_TRUE(p.members[12].replaces);
    EXPECT_EQ(p.members[12].replaces->name, "Magnus Runsten");
    EXPECT_EQ(p.members[12].replaces->party, "MP");
    EXPECT_EQ(p.substitutes.size(), 7U);
    EXPECT_EQ(p.substitutes.back().name, "Maurice Forslund");
    EXPECT_EQ(p.substitutes.back().party, "KD");
    ASSERT_EQ(p.others.size(), 6U);
    EXPECT_EQ(p.others[2].name, "Magnus Hillborg");
    EXPECT_EQ(p.others[2].title, "Nämndsekreterare");
    EXPECT_EQ(p.others[5].name, "Veronica Wolgast Carstorp");
    EXPECT_EQ(p.others[5].title, "Förvaltningschef");
}

TEST_F(Seed000, TwentyNineParagraphsNoneImmediate) {
    EXPECT_EQ(numbers_of(doc()), range(1, 29));
    EXPECT_TRUE(immediate_of(doc()).empty());
}

TEST_F(Seed000, FiveHeadingStyles) {
    EXPECT_EQ(para(doc(), 1).title, "Godkännande av dagordning");                       // **§ 1** + **title**
    EXPECT_EQ(para(doc(), 2).title, "Val av justerare och tid för justering");          // ## § 2 + ### title
    EXPECT_EQ(para(doc(), 3).title, "Förvaltningen informerar");                        // **§ 3****title****section**
    EXPECT_EQ(para(doc(), 3).sections.front().kind, SectionKind::Summary);
    EXPECT_EQ(para(doc(), 20).title.rfind("Genomförandeärende - Gruppbostad", 0), 0U);  // ## § 20 title
    EXPECT_EQ(para(doc(), 29).title, "Övrigt");                                          // **§ 29 broken
    ASSERT_EQ(para(doc(), 29).decision.size(), 1U);
    EXPECT_EQ(para(doc(), 29).decision[0].text, "Socialnämnden hade inga övriga frågor.");
    EXPECT_EQ(para(doc(), 6).title, "Remiss av Motion om att motverka desinformationskampanjen mot socialtjänsten");
    EXPECT_EQ(para(doc(), 11).case_numbers.at(0).written, "SOF 2024/107");  // SOF 2024/107**Beslut**
    ASSERT_EQ(para(doc(), 11).decision.size(), 2U);
}

TEST_F(Seed000, YrkandeAndYrkandenAreMotions) {
    const auto& p8 = para(doc(), 8);
    const auto motions = std::count_if(p8.sections.begin(), p8.sections.end(),
                                       [](const auto& s) { return s.kind == SectionKind::Motions; });
    EXPECT_EQ(motions, 3);  // "Yrkande" written three times in § 8
    const auto& p5 = para(doc(), 5);
    EXPECT_TRUE(std::any_of(p5.sections.begin(), p5.sections.end(),
                            [](const auto& s) { return s.kind == SectionKind::Motions && s.heading == "Yrkanden"; }));
}

TEST_F(Seed000, CyrillicLookalikeHeadingIsKeptAndReported) {
    const auto& p8 = para(doc(), 8);
    const auto it = std::find_if(p8.sections.begin(), p8.sections.end(),
                                 [](const auto& s) { return s.kind == SectionKind::SubstituteStatement; });
    ASSERT_NE(it, p8.sections.end());
    EXPECT_EQ(it->heading, "Ersätтарыttrande");  // as written, never rewritten
    const auto& items = s_parsed->diags.items();
    const auto w = std::find_if(items.begin(), items.end(), [](const auto& d) { return d.code == core::DiagCode::MixedScript; });
    ASSERT_NE(w, items.end());
    EXPECT_EQ(w->where.line, 416U);
    EXPECT_EQ(w->where.column, 4U);
    EXPECT_NE(w->message.find("Ersätтарыttrande"), std::string::npos);
    EXPECT_NE(w->message.find("Cyrillic"), std::string::npos);
}

TEST_F(Seed000, SignatureTable) {
    const auto& p = doc();
    ASSERT_TRUE(p.signature_table);
    EXPECT_EQ(p.signature_table->heading, "Digitala signaturer");
    const auto& e = p.signature_table->entries;
    ASSERT_EQ(e.size(), 3U);
    EXPECT_EQ(e[0].written, "Johan Alexander Emanuel,Ojanne");
    EXPECT_EQ(e[0].given_names, "Johan Alexander Emanuel");
    EXPECT_EQ(e[0].surname, "Ojanne");
    EXPECT_EQ(e[0].date, ymd(2024, 3, 22));
    EXPECT_EQ(e[1].surname, "Jönsson");
    EXPECT_EQ(e[1].date, ymd(2024, 3, 21));
    EXPECT_EQ(e[2].given_names, "Carl Magnus");
    EXPECT_EQ(e[2].surname, "Hillborg");
    EXPECT_EQ(e[2].date, ymd(2024, 3, 21));
    // The trailer is not part of § 29.
    EXPECT_EQ(all_text(para(p, 29)).find("signerats"), std::string::npos);
}

TEST_F(Seed000, HardBreaksAndPageBreaksJoinSentences) {
    // "Alexander Ojanne m.fl. (S) och Rashid Mohammed m.fl. (V)  \nyrkade bifall ..."
    const auto& p8 = para(doc(), 8);
    EXPECT_NE(all_text(p8).find("Rashid Mohammed m.fl. (V) yrkade bifall"), std::string::npos);
    // "... Enligt\n\nutbildningsförvaltningen har" is one sentence split by a page break.
    EXPECT_NE(all_text(para(doc(), 5)).find("Enligt utbildningsförvaltningen har"), std::string::npos);
}

// ------------------------------------------------------------------ 004

class Seed004 : public ::testing::Test {
protected:
    static void SetUpTestSuite() { s_parsed = new test::Parsed(parse_fixture("seeds/004_187fbd7e2f1d6b52.txt")); }
    static void TearDownTestSuite() { delete s_parsed; }
    static const model::Protocol& doc() { return std::get<model::Protocol>(s_parsed->result.document); }
    static test::Parsed* s_parsed;
};
test::Parsed* Seed004::s_parsed = nullptr;

TEST_F(Seed004, Header) {
    const auto& p = doc();
    EXPECT_EQ(p.organ, "Socialnämnden");
    ASSERT_TRUE(p.number);
    EXPECT_EQ(p.number->number, 5);
    EXPECT_EQ(p.number->year, 2023);
    EXPECT_EQ(p.meeting_date, ymd(2023, 4, 25));
    EXPECT_EQ(p.start_time, (model::TimeOfDay{17, 0}));
    EXPECT_EQ(p.end_time, (model::TimeOfDay{17, 35}));
    EXPECT_EQ(p.place, "Konferenscenter rum Storfors, Storforsplan 36, Farsta");
    EXPECT_EQ(p.adjustment_date, ymd(2023, 4, 25));
    EXPECT_EQ(p.paragraph_range_written, "§10, §§22-23");
    EXPECT_EQ(p.paragraph_range, (std::vector<int>{10, 22, 23}));
    ASSERT_EQ(p.adjusters.size(), 2U);
    EXPECT_EQ(p.adjusters[0].name, "Alexander Ojanne");
    EXPECT_EQ(p.adjusters[0].party, "S");
    EXPECT_EQ(p.adjusters[1].name, "Jan Jönsson");
    EXPECT_EQ(p.adjusters[1].party, "L");
    ASSERT_TRUE(p.secretary);
    EXPECT_EQ(p.secretary->name, "Magnus Hillborg");
}

TEST_F(Seed004, Attendance) {
    const auto& p = doc();
    EXPECT_EQ(p.members.size(), 13U);
    EXPECT_EQ(std::count_if(p.members.begin(), p.members.end(), [](const auto& m) { return m.replaces.has_value(); }), 3);
    EXPECT_EQ(p.substitutes.size(), 9U);
    ASSERT_EQ(p.others.size(), 6U);
    EXPECT_EQ(p.others[1].name, "Maria Karlsson");
    EXPECT_EQ(p.others[1].title, "Avdelningschef");
    EXPECT_EQ(p.others[1].paragraphs, std::vector<int>{10});
    EXPECT_EQ(p.others[1].paragraphs_written, "§10");
    EXPECT_TRUE(p.others[0].paragraphs.empty());
}

TEST_F(Seed004, EveryParagraphImmediate) {
    EXPECT_EQ(numbers_of(doc()), (std::vector<int>{10, 22, 23}));
    EXPECT_EQ(immediate_of(doc()), (std::vector<int>{10, 22, 23}));
    for (const auto& p : doc().paragraphs) EXPECT_EQ(p.immediate_sentence, "Paragrafen justeras omedelbart.");
}

TEST_F(Seed004, GluedAndBrokenTitlesAndBareCaseNumber) {
    EXPECT_EQ(para(doc(), 10).title, "Underlag för budget 2024 med inriktning 2025 och 2026 för socialnämnden");
    EXPECT_EQ(para(doc(), 22).title, "Upphandling av insatser till barn och unga – konsulentstödda jourhemsinsatser");
    ASSERT_EQ(para(doc(), 22).case_numbers.size(), 1U);
    EXPECT_EQ(para(doc(), 22).case_numbers[0].written, "2021/105");
    EXPECT_EQ(para(doc(), 22).case_numbers[0].prefix, "");
    EXPECT_EQ(para(doc(), 22).case_numbers[0].year, 2021);
    EXPECT_EQ(para(doc(), 23).case_numbers.at(0).prefix, "SOF");
    // Sub-items of decision point 3 stay with the point.
    const auto& d22 = para(doc(), 22).decision;
    ASSERT_EQ(d22.size(), 5U);
    EXPECT_EQ(d22[2].items.size(), 5U);
}

TEST_F(Seed004, SignatureTableWithTheLateSignature) {
    const auto& e = doc().signature_table->entries;
    ASSERT_EQ(e.size(), 3U);
    EXPECT_EQ(e[0].surname, "Hillborg");
    EXPECT_EQ(e[0].date, ymd(2023, 4, 25));
    EXPECT_EQ(e[1].surname, "Jönsson");
    EXPECT_EQ(e[1].date, ymd(2023, 4, 25));
    EXPECT_EQ(e[2].written, "Johan Alexander Emanuel, Ojanne");
    EXPECT_EQ(e[2].given_names, "Johan Alexander Emanuel");
    EXPECT_EQ(e[2].surname, "Ojanne");
    EXPECT_EQ(e[2].date, ymd(2023, 4, 26));
}

// ------------------------------------------------------------------ 003

class Seed003 : public ::testing::Test {
protected:
    static void SetUpTestSuite() { s_parsed = new test::Parsed(parse_fixture("seeds/003_cf49da6b8fe401db.txt")); }
    static void TearDownTestSuite() { delete s_parsed; }
    static const model::Protocol& doc() { return std::get<model::Protocol>(s_parsed->result.document); }
    static test::Parsed* s_parsed;
};
test::Parsed* Seed003::s_parsed = nullptr;

TEST_F(Seed003, HeaderFromRunningPageHeader) {
    const auto& p = doc();
    EXPECT_EQ(s_parsed->result.layout, ingest::Layout::PdfText);
    EXPECT_EQ(p.organ, "Socialnämnden");
    ASSERT_TRUE(p.number);
    EXPECT_EQ(p.number->number, 3);
    EXPECT_EQ(p.number->year, 2025);
    EXPECT_EQ(p.meeting_date, ymd(2025, 2, 18));
    EXPECT_EQ(p.announced_adjustment_date, ymd(2025, 2, 21));  // § 2: "justering sker fredag den 21 februari 2025"
    EXPECT_FALSE(p.adjustment_date);   // the front page is missing
    // ... so the justerare are those § 2 appoints ("Ordföranden Alexander
    // Ojanne (S) och vice ordförande Jan Jönsson (L) utsågs att justera").
    ASSERT_EQ(p.adjusters.size(), 2U);
    EXPECT_EQ(p.adjusters[0].name, "Alexander Ojanne");
    EXPECT_EQ(p.adjusters[1].name, "Jan Jönsson");
    EXPECT_FALSE(p.signature_table);
}

TEST_F(Seed003, TwentyTwoParagraphsThreeImmediateInTwoWordings) {
    EXPECT_EQ(numbers_of(doc()), range(1, 22));
    EXPECT_EQ(immediate_of(doc()), (std::vector<int>{10, 15, 16}));
    EXPECT_EQ(para(doc(), 10).immediate_sentence, "Paragrafen justeras omedelbart.");
    EXPECT_EQ(para(doc(), 15).immediate_sentence, "Socialnämnden beslutar att omedelbart justera paragrafen.");
    EXPECT_EQ(para(doc(), 16).immediate_sentence, "Socialnämnden beslutar att omedelbart justera paragrafen.");
}

TEST_F(Seed003, OmedelbartInRunningTextIsNotADecision) {
    const auto& p10 = para(doc(), 10);
    EXPECT_NE(all_text(p10).find("utredning omedelbart"), std::string::npos);  // the trap is kept...
    ASSERT_EQ(p10.decision.size(), 3U);                                        // ...but only the decision counts
    EXPECT_EQ(p10.decision[2].number, 3);
}

TEST_F(Seed003, PageFurnitureRemovedAndBrokenLinesJoined) {
    for (const auto& p : doc().paragraphs) {
        const std::string t = all_text(p);
        EXPECT_EQ(t.find("Sida 21 (54)"), std::string::npos) << "§ " << p.number;
        EXPECT_EQ(t.find("Protokoll nr 3/2025"), std::string::npos) << "§ " << p.number;
    }
    // "1. Socialnämnden godkänner förvaltningens tjänsteutlåtande \n\nsom svar remissen."
    ASSERT_FALSE(para(doc(), 5).decision.empty());
    EXPECT_EQ(para(doc(), 5).decision[0].text, "Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar remissen.");
    // "1970-" + "talet"
    EXPECT_NE(all_text(para(doc(), 4)).find("1970-talet"), std::string::npos);
    // A title broken over three lines.
    EXPECT_EQ(para(doc(), 18).title,
              "Servicebostad för personer med funktionsnedsättning enligt lagen om stöd och service (LSS 9:9) eller "
              "socialtjänstlagen (SoL) i Farsta, Farstarondellen");
    EXPECT_EQ(para(doc(), 18).preamble, std::vector<std::string>{"Inriktningsärende"});
}

TEST_F(Seed003, PropositionsordningAfterPageBreakStaysInItsParagraph) {
    const auto& p8 = para(doc(), 8);
    EXPECT_TRUE(std::any_of(p8.sections.begin(), p8.sections.end(),
                            [](const auto& s) { return s.kind == SectionKind::VotingOrder; }));
}

// ------------------------------------------------------------------ agendas

TEST(Seed001, AgendaItemsAndTheImmediateProposal) {
    const auto parsed = parse_fixture("seeds/001_79249be5eea60560.txt");
    EXPECT_EQ(parsed.result.layout, ingest::Layout::Agenda);
    const auto& a = std::get<model::Agenda>(parsed.result.document);
    ASSERT_EQ(a.items.size(), 28U);
    std::vector<int> numbered;
    for (const auto& it : a.items) {
        if (it.number) numbered.push_back(*it.number);
    }
    EXPECT_EQ(numbered, (std::vector<int>{1, 2, 3, 4, 29, 30}));
    EXPECT_EQ(a.items[0].title, "Godkännande av dagordning");
    EXPECT_EQ(a.items[3].title, "Nämndens frågor till förvaltningen");
    EXPECT_EQ(a.items[26].title, "Anmälan av delegationsbeslut");
    EXPECT_EQ(a.items[27].title, "Upphandling av bemanningstjänster inom hälso- och sjukvård");
    std::vector<std::size_t> immediate;
    for (std::size_t k = 0; k < a.items.size(); ++k) {
        if (a.items[k].immediate_proposed()) immediate.push_back(k);
    }
    ASSERT_EQ(immediate.size(), 1U);
    const auto& iop = a.items[immediate[0]];
    EXPECT_NE(iop.text.at(0).find("Stockholms stadsmission"), std::string::npos);
    EXPECT_EQ(iop.immediate_sentence, "Paragrafen justeras omedelbart");
    ASSERT_EQ(iop.proposal.size(), 5U);
    EXPECT_EQ(iop.proposal[4].number, 5);
    for (const auto& it : a.items) {
        for (const auto& t : it.text) {
            EXPECT_EQ(t.find("cookies"), std::string::npos);
            EXPECT_EQ(t.find("Hoppa över"), std::string::npos);
        }
    }
}

TEST(Seed002, AgendaWithoutNumbersOrBullets) {
    const auto parsed = parse_fixture("seeds/002_7ac823c5cdfc07f6.txt");
    EXPECT_EQ(parsed.result.layout, ingest::Layout::Agenda);
    const auto& a = std::get<model::Agenda>(parsed.result.document);
    EXPECT_EQ(a.notes, std::vector<std::string>{"Inget protokoll har publicerats"});
    ASSERT_GE(a.items.size(), 20U);
    EXPECT_EQ(a.items[0].title, "Val av justerare och tid för justering");
    EXPECT_EQ(a.items[1].title, "Godkännande av dagordning");
    EXPECT_EQ(a.items[3].title, "Nämndens frågor till förvaltningen");
    EXPECT_EQ(a.items.back().title, "Redovisning av delegeringsbeslut");
    for (const auto& it : a.items) {
        EXPECT_FALSE(it.number);
        EXPECT_FALSE(it.immediate_proposed());
        for (const auto& t : it.text) EXPECT_EQ(t.find("Det finns ingen information"), std::string::npos);
    }
    // Proposals are kept: "Förvaltningen föreslår att socialnämnden godkänner ..."
    EXPECT_FALSE(a.items[4].proposal.empty());
}

}  // namespace
}  // namespace justera
