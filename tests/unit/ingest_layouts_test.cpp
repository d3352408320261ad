// SPDX-License-Identifier: GPL-3.0-or-later
// The shapes of real protocols that were read wrong, each reproduced in a
// protocol made up here (docs/ingest.md): page furniture found by repetition,
// never by a page's length; labels the reader did not know; case numbers.

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "justera/ingest/ingest.hpp"
#include "justera/xml/xml.hpp"
#include "test_support.hpp"

namespace justera {
namespace {

test::ReadText read(const std::string& text) {
    ingest::ParseOptions opts;
    opts.file_name = "made-up.txt";
    return test::read_text(text, opts);
}

const model::Paragraph& para(const model::Protocol& p, int n) {
    for (const auto& x : p.paragraphs) {
        if (x.number == n) return x;
    }
    throw std::runtime_error("no § " + std::to_string(n));
}

std::string all_text(const model::Paragraph& p) {
    std::string s;
    for (const auto& d : p.decision) s += d.text + "\n";
    for (const auto& sec : p.sections) {
        for (const auto& b : sec.blocks) s += b.text + "\n";
    }
    return s;
}

// A page that holds only a few lines is content, and the last lines of a page
// are not a footer unless they repeat at the foot of other pages.
TEST(Furniture, ShortPagesAndPageFeetKeepTheirText) {
    const std::string text =
        "Tallby kommun   Protokoll   Sida\n"
        "Kommunstyrelsen    2025-04-08    1(3)\n\n"
        "§ 1  Val av justerare\n\nBeslut\nAnna Berg utses att justera.\n"
        "\fTallby kommun   Protokoll   Sida\n"
        "Kommunstyrelsen    2025-04-08    2(3)\n\n"
        "§ 2  Budget\n\nBeslut\nKommunstyrelsen godkänner budgeten.\nParagrafen justeras omedelbart.\n"
        "\fTallby kommun   Protokoll   Sida\n"
        "Kommunstyrelsen    2025-04-08    3(3)\n\n"
        "§ 3  Övrigt\n\nBeslut\nInga övriga frågor.\n";
    const auto r = read(text);
    EXPECT_TRUE(para(r.protocol, 2).immediate());
    EXPECT_NE(all_text(para(r.protocol, 1)).find("Anna Berg utses"), std::string::npos);
    EXPECT_NE(all_text(para(r.protocol, 3)).find("Inga övriga frågor."), std::string::npos);
    EXPECT_EQ(r.result.furniture.size(), 6U);
    EXPECT_TRUE(r.protocol.unplaced.empty());
    EXPECT_EQ(r.protocol.meeting_date, model::parse_iso_date("2025-04-08"));
}

// "Protokollet." at a page's foot is not a header because it starts like "Protokoll".
TEST(Furniture, AWordLikeAHeaderIsNotOne) {
    const std::string text =
        "§ 1  Val av justerare\n\nBeslut\nNämnden utser Per Holm att justera\nprotokollet.\n"
        "\f§ 2  Budget\n\nBeslut\nBudgeten godkänns.\n";
    const auto r = read(text);
    EXPECT_NE(all_text(para(r.protocol, 1)).find("protokollet."), std::string::npos);
    EXPECT_TRUE(r.result.furniture.empty());
}


// A front page in the shape several municipalities use; `extra` lines go
// before the first paragraph.
std::string front(const std::string& extra) {
    return "Sammanträdesprotokoll\n\nKommunstyrelsen\n\n"
           "Plats och tid          Kommunhuset, sal A, tisdagen den 14 maj 2024 kl. 13.00-16.30\n\n"
           "Beslutande             Eva Lind (S), ordförande\n"
           "                       Per Holm (M)\n"
           "                       Anna Berg (C)\n\n" +
           extra +
           "\n§ 1  Val av justerare\n\nBeslut\nPer Holm utses att justera.\n\n"
           "§ 2  Budget 2025\n\nBeslut\nBudgeten godkänns.\n";
}

TEST(Labels, ProtokolljusterareIsALabel) {
    const auto r = read(front("Protokolljusterare     Per Holm\n"));
    ASSERT_EQ(r.protocol.adjusters.size(), 1U);
    EXPECT_EQ(r.protocol.adjusters.front().name, "Per Holm");
}

// An open justerare field collected the page footer, the notice box and
// attendance lists (one protocol got 48 "justerare").
TEST(Labels, AJusterareFieldTakesOnlyNames) {
    const auto r = read(front("Justerare              Per Holm\n"
                              "                       BEVIS/ANSLAG\n"
                              "                       Justeringen av kommunstyrelsens protokoll 2024-05-14 har tillkännagivits genom\n"
                              "                       2024-05-17 t o m 2024-06-07\n"));
    ASSERT_EQ(r.protocol.adjusters.size(), 1U);
    EXPECT_EQ(r.protocol.adjusters.front().name, "Per Holm");
}

// The justerare's substitute is not a justerare: "X (M) med Y (L) som ersättare".
TEST(Labels, AJusterarensErsattareIsNotAJusterare) {
    const auto r = read(front("Justerare              Per Holm (M) med Anna Berg (C) som ersättare\n"));
    ASSERT_EQ(r.protocol.adjusters.size(), 1U);
    EXPECT_EQ(r.protocol.adjusters.front().name, "Per Holm");
}

// No justerare on the front page: the paragraph that appoints them names them.
TEST(Labels, JusterareFromTheParagraphThatAppointsThem) {
    const auto r = read(front(""));
    ASSERT_EQ(r.protocol.adjusters.size(), 1U);
    EXPECT_EQ(r.protocol.adjusters.front().name, "Per Holm");
}

TEST(Organs, KnownByPatternNotByList) {
    for (const std::string organ : {"Kommunrevisionen", "Nämnden för Individ & Familjeomsorg", "Valnämnden",
                                    "Kommunstyrelsens arbetsutskott", "Pensionärsrådet"}) {
        const auto r = read(front("").replace(front("").find("Kommunstyrelsen\n"), 16, organ + "\n"));
        EXPECT_EQ(r.protocol.organ, organ);
    }
    // "Plats och tid för / sammanträdet": the meeting is no organ.
    EXPECT_EQ(read("Plats och tid för sammanträdet  Rådhuset 2024-05-14\n\n§ 1  Budget\n\nBeslut\nGodkänns.\n").protocol.organ, "");
}

TEST(Headings, ATableOfContentsIsNotTheParagraphs) {
    const std::string text =
        "Kommunstyrelsen  2024-05-14\n\nInnehåll\n"
        "§ 10 Informationsärenden\n3\n"
        "§ 11 Yttrande över betänkandet om en samlad tillsyn över\nvattentäkter\n4\n"
        "§ 12 Budget\n5\n\f"
        "§ 10 Informationsärenden\n\nBeslut\nInformationen noteras.\n\n"
        "§ 11 Yttrande över betänkandet om en samlad tillsyn över vattentäkter\n\nBeslut\nYttrandet antas.\n\n"
        "§ 12 Budget\n\nBeslut\nBudgeten godkänns.\n";
    const auto r = read(text);
    ASSERT_EQ(r.protocol.paragraphs.size(), 3U);
    EXPECT_EQ(para(r.protocol, 10).title, "Informationsärenden");
    EXPECT_NE(all_text(para(r.protocol, 12)).find("Budgeten godkänns."), std::string::npos);
    EXPECT_EQ(all_text(para(r.protocol, 10)).find("Budgeten"), std::string::npos);
}

TEST(CaseNumbers, InTheFormsMunicipalitiesWriteThem) {
    const std::string text =
        "Kommunstyrelsen 2024-05-14\n\n"
        "§ 99 2026.209 KS Budget\n\nBeslut\nGodkänns.\n\n"
        "KSKF/2024:388\n§ 100 Delårsrapport\n\nBeslut\nGodkänns.\n\n"
        "KS § 101  KS 2025/0301 Riktlinjer för sponsring\n\nBeslut\nGodkänns.\n\n"
        "§ 102 Information om vattenförsörjningen (dnr KS 2008/377)\n\nBeslut\nNoteras.\n\n"
        "§ 103 Yttrande över betänkandet (SOU 2025:71)\nDnr 24/Ks 310\n\nBeslut\nAntas.\n";
    const auto r = read(text);
    const auto cases = [&](int n) {
        std::vector<std::string> out;
        for (const auto& c : para(r.protocol, n).case_numbers) out.push_back(c.written);
        return out;
    };
    EXPECT_EQ(cases(99), std::vector<std::string>{"2026.209 KS"});
    EXPECT_EQ(para(r.protocol, 99).title, "Budget");
    EXPECT_EQ(cases(100), std::vector<std::string>{"KSKF/2024:388"});
    EXPECT_TRUE(cases(99).size() == 1);  // the line above § 100 is not § 99's
    EXPECT_EQ(cases(101), std::vector<std::string>{"KS 2025/0301"});
    EXPECT_EQ(para(r.protocol, 101).title, "Riktlinjer för sponsring");
    EXPECT_EQ(cases(102), std::vector<std::string>{"KS 2008/377"});
    EXPECT_EQ(para(r.protocol, 102).title, "Information om vattenförsörjningen");
    EXPECT_EQ(cases(103), std::vector<std::string>{"24/Ks 310"});
    EXPECT_EQ(para(r.protocol, 103).title, "Yttrande över betänkandet (SOU 2025:71)");
}

// The meeting date printed only in the running page header.
TEST(Furniture, TheMeetingDateFromTheRunningHeader) {
    const std::string text =
        "PROTOKOLL   1 (2)\nSammanträdesdag\n2025-03-17\n\n§ 1  Budget\n\nBeslut\nGodkänns.\n"
        "\fPROTOKOLL   2 (2)\nSammanträdesdag\n2025-03-17\n\n§ 2  Taxa\n\nBeslut\nGodkänns.\n";
    const auto r = read(text);
    EXPECT_EQ(r.protocol.meeting_date, model::parse_iso_date("2025-03-17"));
    EXPECT_EQ(r.protocol.meeting_date_source, "page-header");  // with its source
    EXPECT_NE(xml::to_xml(r.protocol).find("<meeting date=\"2025-03-17\" dateSource=\"page-header\""), std::string::npos);
    EXPECT_EQ(r.result.furniture.size(), 6U);
}


// Signatures printed name first, role below.
TEST(Signatures, NameAboveRole) {
    const std::string text =
        "Kommunfullmäktige 2024-04-25\n\n§ 52  Budget\n\nBeslut\nGodkänns.\n\n"
        "Underskrifter\nMattias Lövgren\nSekreterare\nInger Backman\nOrdförande\n"
        "Lena Åslund\nJusterande\nAhmed Karimi\nJusterande\n";
    const auto r = read(text);
    ASSERT_TRUE(r.protocol.secretary);
    EXPECT_EQ(r.protocol.secretary->name, "Mattias Lövgren");
    ASSERT_TRUE(r.protocol.chair_signatory);
    EXPECT_EQ(r.protocol.chair_signatory->name, "Inger Backman");
    ASSERT_EQ(r.protocol.adjusters.size(), 2U);
    EXPECT_EQ(r.protocol.adjusters[0].name, "Lena Åslund");
    EXPECT_EQ(r.protocol.adjusters[1].name, "Ahmed Karimi");
}

// "Vid protokollet" and "Justeras" after the last paragraph sign it; they are
// not that paragraph's text.
TEST(Signatures, VidProtokolletAndJusteras) {
    const std::string text =
        "Kommunstyrelsen 2025-03-17\n\nBeslutande     Ulrika Sandell (S), ordförande\n               Henrik Dahl (M)\n\n"
        "§ 58 Anmälningsärenden\nKommunstyrelsen beslutar:\nAnmälningsärendena läggs till handlingarna.\n\n"
        "Vid protokollet\n\nJohanna Frisk\n\nJusteras\n\nUlrika Sandell                         Henrik Dahl\n";
    const auto r = read(text);
    ASSERT_TRUE(r.protocol.secretary);
    EXPECT_EQ(r.protocol.secretary->name, "Johanna Frisk");
    ASSERT_TRUE(r.protocol.chair_signatory);
    EXPECT_EQ(r.protocol.chair_signatory->name, "Ulrika Sandell");
    ASSERT_EQ(r.protocol.adjusters.size(), 1U);
    EXPECT_EQ(r.protocol.adjusters[0].name, "Henrik Dahl");
    EXPECT_EQ(all_text(para(r.protocol, 58)).find("Johanna"), std::string::npos);
}

// "Protokollsutdrag" in the running header: the document is an extract.
TEST(Furniture, AnExtractSaysSoInItsHeader) {
    const std::string text =
        "Kommunstyrelsen      Protokollsutdrag     1 (2)\n\n§ 31  Boende\n\nBeslut\nGodkänns.\n"
        "\fKommunstyrelsen      Protokollsutdrag     2 (2)\n\nRätt utdraget betygar:\nErik Salomonsson\n";
    EXPECT_EQ(read(text).protocol.kind, model::DocumentKind::Extract);
}


// Paragraphs numbered by the organ's register, without "§", with the
// decision's recipients in the left margin.
TEST(Headings, RegisterNumbersWithoutParagraphSigns) {
    const std::string text =
        "FJÄLLMYRA KOMMUN                       PROTOKOLL                         1(2)\n"
        "                                       Kommunstyrelsen\n\n"
        "Utses att justera      Agneta Wiklund\n\n"
        "Revisorerna        Ks 151   Au 201   Dnr 24/Ks 310\n"
        "                   Delårsrapport januari-augusti 2024\n\n"
        "                   KOMMUNSTYRELSEN BESLUTAR\n"
        "                   att godkänna delårsrapporten.\n\n"
        "Kfm                Ks 152   Au 204   Dnr 24/Ks 118\n"
        "                   Skattesats 2025\n\n"
        "                   KOMMUNSTYRELSEN BESLUTAR\n"
        "                   att föreslå oförändrad skattesats.\n";
    const auto r = read(text);
    ASSERT_EQ(r.protocol.paragraphs.size(), 2U);
    EXPECT_EQ(para(r.protocol, 151).title, "Delårsrapport januari-augusti 2024");
    ASSERT_EQ(para(r.protocol, 151).case_numbers.size(), 1U);
    EXPECT_EQ(para(r.protocol, 151).case_numbers.front().written, "24/Ks 310");
    EXPECT_EQ(para(r.protocol, 152).preamble, (std::vector<std::string>{"Kfm", "Au 204"}));
    EXPECT_FALSE(para(r.protocol, 152).decision.empty());
}


// Labels printed one after another and their values after them (a two-column
// page read column by column): the ambiguity is a warning, not 17 justerare;
// "Ordförande" / "Justerande" then two names go to the roles in order; the
// notice names the organ with the municipality and gives the meeting date.
TEST(Labels, StackedLabelsAndTheNoticeOrgan) {
    const std::string text =
        "Plats och tid\nForsasalen, stadshuset, klockan 15:00-16:40\n"
        "Beslutande\nEj tjänstgörande ersättare\nUtses att justera\n"
        "Karin Wästberg (S), ordförande\nTomas Lindahl (S)\nFredrik Åström (M)\n"
        "Underskrifter\nSekreterare\n......\nJohanna Ek\nOrdförande\nJusterande\n......\nKarin Wästberg\n......\nFredrik Åström\n"
        "Anslag/Bevis\nOrgan och sammanträdesdatum\nForsala kommun, Kommunstyrelsen 2024-09-16\n\n"
        "§ 181 Val av justerare\n\nBeslut\nFredrik Åström (M) utses att justera.\n";
    core::Diagnostics d;
    const auto r = read(text);
    ASSERT_EQ(r.protocol.adjusters.size(), 1U);
    EXPECT_EQ(r.protocol.adjusters.front().name, "Fredrik Åström");
    ASSERT_TRUE(r.protocol.chair_signatory);
    EXPECT_EQ(r.protocol.chair_signatory->name, "Karin Wästberg");
    EXPECT_EQ(r.protocol.organ, "Kommunstyrelsen");
    EXPECT_EQ(r.protocol.municipality, "Forsala kommun");
    EXPECT_EQ(r.protocol.meeting_date, model::parse_iso_date("2024-09-16"));
    bool warned = false;
    for (const auto& diag : r.diags.items()) warned = warned || diag.message.find("without values") != std::string::npos;
    EXPECT_TRUE(warned);
}


// Parties after a comma in lower case; a role in parentheses leaves no "()".
TEST(People, PartiesAfterACommaAndRolesInParentheses) {
    const std::string text =
        "Beslutande                  Gunnel Wästberg, s, ordförande\n"
        "                            Torbjörn Nylander, s, ersätter Lisa Frånberg, s\n"
        "                            Harald Sjölin, m\n"
        "                            Jan-Erik Wallin (S) (vice ordförande)\n\n"
        "§ 1 Budget\n\nBeslut\nGodkänns.\n";
    const auto r = read(text);
    ASSERT_EQ(r.protocol.members.size(), 4U);
    EXPECT_EQ(r.protocol.members[0].name, "Gunnel Wästberg");
    EXPECT_EQ(r.protocol.members[0].party, "s");
    EXPECT_EQ(r.protocol.members[0].role, model::MemberRole::Chair);
    ASSERT_TRUE(r.protocol.members[1].replaces);
    EXPECT_EQ(r.protocol.members[1].replaces->name, "Lisa Frånberg");
    EXPECT_EQ(r.protocol.members[2].name, "Harald Sjölin");
    EXPECT_EQ(r.protocol.members[3].name, "Jan-Erik Wallin");
    EXPECT_EQ(r.protocol.members[3].role, model::MemberRole::FirstViceChair);
}


// A table of contents with dot leaders, its entries wrapped over two lines:
// listed as furniture, never read as the paragraphs.
TEST(Headings, ADotLeaderContentsIsFurniture) {
    const std::string text =
        "Ärendelista\nKommunstyrelsen                                                          Sid nr\n\n"
        "§ 21    Justering ............................................................. 2\n"
        "§ 22    Remissvar - Förslag till regional plan för vattenförsörjning\n"
        "        i Västernorrlands län ................................................. 3\n"
        "§ 23    Delegationsbeslut ..................................................... 4\n\n"
        "Justerare             Peter Lindgren\n\n"
        "§ 21      Justering\n\nBeslut\nPeter Lindgren utses att justera.\n\n"
        "§ 22      Remissvar - Förslag till regional plan för vattenförsörjning\n"
        "          i Västernorrlands län\n\nBeslut\nYttrandet antas.\n\n"
        "§ 23      Delegationsbeslut\n\nBeslut\nRedovisningen läggs till handlingarna.\n";
    const auto r = read(text);
    ASSERT_EQ(r.protocol.paragraphs.size(), 3U);
    EXPECT_EQ(para(r.protocol, 22).title, "Remissvar - Förslag till regional plan för vattenförsörjning i Västernorrlands län");
    EXPECT_FALSE(para(r.protocol, 21).decision.empty());
    EXPECT_EQ(r.result.furniture.size(), 6U);  // the heading, "Sid nr" and the four lines of entries
    ASSERT_EQ(r.protocol.adjusters.size(), 1U);
}


// A table of contents extracted column by column: the § column, the titles,
// the pages; then the real paragraphs.
TEST(Headings, AContentsTableReadByColumns) {
    const std::string text =
        "Kommunstyrelsen\n2025-03-10\nJusterare\nLinnea Vikström (C)\n"
        "INNEHÅLLSFÖRTECKNING\nParagrafer\nÄrenden\n§ 41\n§ 42\n§ 43\nSida\n"
        "Information om energibolaget\nMeddelanden\nDelegationsrapport\n3\n4\n5 - 6\n"
        "§ 41\nInformation om energibolaget\nDiarienr KLF 2025/118\nKommunstyrelsens beslut\nInformationen noteras.\n"
        "§ 42\nMeddelanden\nDiarienr KLF 2025/9\nKommunstyrelsens beslut\nMeddelandena noteras.\n"
        "§ 43\nDelegationsrapport\nDiarienr KLF 2025/10\nKommunstyrelsens beslut\nRapporten noteras.\n";
    const auto r = read(text);
    ASSERT_EQ(r.protocol.paragraphs.size(), 3U);
    EXPECT_EQ(para(r.protocol, 41).title, "Information om energibolaget");
    ASSERT_EQ(para(r.protocol, 41).case_numbers.size(), 1U);
    EXPECT_EQ(para(r.protocol, 41).case_numbers.front().written, "KLF 2025/118");
    EXPECT_FALSE(para(r.protocol, 43).decision.empty());
}


// Text extracted with single spaces: a label and its value one space apart.
TEST(Labels, OneSpaceBetweenLabelAndValue) {
    const std::string text =
        "NORRBYDA KOMMUN PROTOKOLL 1 (2)\nPersonalnämnden 2024-10-15\n"
        "Plats och tid Stadshuset, rum Lärkan, klockan 08.30-11.50\n"
        "Beslutande Jenny Holmqvist (S), ordförande\nPer-Ola Sjödin (M)\n"
        "Övriga deltagande Åsa Norén, personalchef\n\n"
        "§ 31 Dnr KS 2024/455\nLönekartläggning 2024\nPersonalnämndens beslut\nNämnden godkänner kartläggningen.\n";
    const auto r = read(text);
    EXPECT_EQ(r.protocol.place, "Stadshuset, rum Lärkan");
    EXPECT_EQ(r.protocol.start_time, (model::TimeOfDay{8, 30}));
    EXPECT_EQ(r.protocol.members.size(), 2U);
    EXPECT_EQ(r.protocol.others.size(), 1U);
}

// A narrow attendance cell wraps a substitute's paragraph list onto lines of
// its own ("§§ 97-" / "98"): it belongs to the person above, and the header
// goes on.
TEST(People, AParagraphListWrappedInANarrowCell) {
    const std::string text =
        "Kommunstyrelsen                              2026-03-10\n\n"
        "Beslutande             Eva Lindqvist (S), ordförande\n"
        "                       Karl Nordin (M)\n"
        "                       Anders Pettersson (C) tjänstgörande ersättare för Lisa Ek (KD)\n"
        "                       §§ 97-\n"
        "                       98\n"
        "                       Maria Sund (V)\n\n"
        "Justerare              Karl Nordin\n\n"
        "§ 97   Val av justerare\n\nBeslut\nKarl Nordin utses.\n\n"
        "§ 98   Budget\n\nBeslut\nGodkänns.\n";
    const auto r = read(text);
    ASSERT_EQ(r.protocol.members.size(), 4U);
    EXPECT_EQ(r.protocol.members[2].name, "Anders Pettersson");
    EXPECT_EQ(r.protocol.members[2].paragraphs, (std::vector<int>{97, 98}));
    EXPECT_EQ(r.protocol.members[3].name, "Maria Sund");
    EXPECT_EQ(r.protocol.paragraphs.size(), 2U);
}

// Attendance lines that end in a role (", Ledamot") or a paragraph ("§ 1")
// are one person each: nothing after them is swallowed, no "Ledamot" person.
TEST(People, RolesAndParagraphsAtTheEndOfAttendanceLines) {
    const std::string text =
        "Kommunstyrelsen                              2026-03-10\n\n"
        "Beslutande             Eva Lindqvist (S), Ordförande\n"
        "                       Karl Nordin (M), Ledamot\n"
        "                       Anna Ek (C), Ledamot § 1\n"
        "                       Per Holm (L), Ledamot\n"
        "                       Sara Lind (MP) § 2\n\n"
        "Justerare              Karl Nordin\n\n"
        "§ 1   Budget\n\nBeslut\nGodkänns.\n\n§ 2   Motion\n\nBeslut\nAvslås.\n";
    const auto r = read(text);
    std::vector<std::string> names;
    for (const auto& m : r.protocol.members) names.push_back(m.name);
    EXPECT_EQ(names, (std::vector<std::string>{"Eva Lindqvist", "Karl Nordin", "Anna Ek", "Per Holm", "Sara Lind"}));
    EXPECT_EQ(r.protocol.members[2].paragraphs, (std::vector<int>{1}));
    EXPECT_EQ(r.protocol.members[4].paragraphs, (std::vector<int>{2}));
    EXPECT_EQ(r.protocol.members[0].role, model::MemberRole::Chair);
}

// A label in a right-hand column with its value below ("PROTOKOLL
// Sammanträdesdatum" / "Kommunstyrelsen  2026-03-10"): the left column is the
// organ, not a sentence about the meeting nor the date's value.
TEST(Labels, ALabelInARightColumnTakesOnlyItsColumn) {
    const auto r = read("PROTOKOLL                                    Sammanträdesdatum\n"
                        "Kommunstyrelsen                              2026-03-10\n\n"
                        "Justerare   Karl Nordin\n\n§ 1 Budget\n\nBeslut\nBudgeten godkänns.\n");
    EXPECT_EQ(r.protocol.organ, "Kommunstyrelsen");
    EXPECT_EQ(r.protocol.meeting_date, (model::Date{std::chrono::year{2026}, std::chrono::month{3}, std::chrono::day{10}}));
    EXPECT_EQ(r.protocol.place, "");
}

TEST(Organs, AnOrganBrokenOverTwoLines) {
    for (const auto& [first, second, organ] :
         {std::tuple{"Kommunstyrelsens", "arbetsutskott", "Kommunstyrelsens arbetsutskott"},
          std::tuple{"Miljö- och", "byggnadsnämnden", "Miljö- och byggnadsnämnden"}}) {
        const auto r = read(std::string("PROTOKOLL\n") + first + "\n" + second +
                            "\nSammanträdesdatum 2026-02-11\n\nJusterare   Karin Holm\n\n§ 1   Budget\n\nBeslut\nGodkänns.\n");
        EXPECT_EQ(r.protocol.organ, organ);
    }
}

// An extract of one paragraph is a protocol: its decision under the organ's
// genitive, its justerare in the signatures below, the certification apart.
TEST(Headings, AOneParagraphExtract) {
    const auto r = read("Protokollsutdrag\nMiljö- och byggnadsnämnden\nSammanträdesdatum 2026-02-11\n\n"
                        "§ 14   Dnr MBN 2026/33\n\nBygglov för tillbyggnad av enbostadshus\n\n"
                        "Miljö- och byggnadsnämndens beslut\nBygglov beviljas.\n\nParagrafen justeras omedelbart.\n\n"
                        "Justerare\nKarin Holm\n\nUtdragsbestyrkande\nLena Svensson\n");
    EXPECT_EQ(r.protocol.kind, model::DocumentKind::Extract);
    ASSERT_EQ(r.protocol.paragraphs.size(), 1U);
    // A date alone under the title and the organ is the meeting's day.
    EXPECT_EQ(read("PROTOKOLLSUTDRAG\nKommunstyrelsens arbetsutskott\n2024-11-19\n\n§ 148  Skolorganisation\n\nBeslut\nTillstyrks.\n")
                  .protocol.meeting_date,
              (model::Date{std::chrono::year{2024}, std::chrono::month{11}, std::chrono::day{19}}));
    const auto& p = r.protocol.paragraphs.front();
    EXPECT_TRUE(p.immediate());
    ASSERT_FALSE(p.decision.empty());
    EXPECT_EQ(p.decision.front().text, "Bygglov beviljas.");
    ASSERT_EQ(r.protocol.adjusters.size(), 1U);
    EXPECT_EQ(r.protocol.adjusters.front().name, "Karin Holm");
    EXPECT_TRUE(r.protocol.unplaced.empty());
}

// Signatures side by side, each name above its role, and a note on a role
// ("Justerare, ej § 45"); "Justeras  2024-04-02" on a front page is the day.
TEST(Signatures, NamesAboveRolesInColumns) {
    const std::string text =
        "Kommunfullmäktige                        2024-03-25\n\n"
        "Sekreterare           Therese Lundin\n\n"
        "Justeras              2024-04-02\n\n"
        "Underskrifter         ......................................     ......................................\n"
        "                      Göran Westin                               Therese Lundin\n"
        "                      ordförande                                 sekreterare\n\n"
        "                      ......................................     ......................................\n"
        "                      Annika Borg (M)                            Hussein Ali (S)\n"
        "                      Justerare                                  Justerare, ej § 45\n\n"
        "                      ......................................\n"
        "                      Kerstin Nyqvist (C)\n"
        "                      Justerare, § 45\n\n"
        "§ 45   Försäljning\n\nBeslut\nFastigheten säljs.\n";
    const auto r = read(text);
    ASSERT_TRUE(r.protocol.chair_signatory.has_value());
    EXPECT_EQ(r.protocol.chair_signatory->name, "Göran Westin");
    ASSERT_TRUE(r.protocol.secretary.has_value());
    EXPECT_EQ(r.protocol.secretary->name, "Therese Lundin");
    std::vector<std::string> adjusters;
    for (const auto& a : r.protocol.adjusters) adjusters.push_back(a.name);
    EXPECT_EQ(adjusters, (std::vector<std::string>{"Annika Borg", "Hussein Ali", "Kerstin Nyqvist"}));
    EXPECT_EQ(r.protocol.adjustment_date, (model::Date{std::chrono::year{2024}, std::chrono::month{4}, std::chrono::day{2}}));
    // The two notes split § 45 between two justerare: Kerstin Nyqvist
    // justerar it in Hussein Ali's place (he declared jäv), a role change kept
    // with both notes as written; nothing is lost.
    ASSERT_EQ(r.protocol.role_changes.size(), 1U);
    const auto& rc = r.protocol.role_changes.front();
    EXPECT_EQ(rc.role, model::ChangedRole::Adjuster);
    EXPECT_EQ(rc.person.name, "Kerstin Nyqvist");
    ASSERT_TRUE(rc.replaces.has_value());
    EXPECT_EQ(rc.replaces->name, "Hussein Ali");
    EXPECT_EQ(rc.paragraphs, (std::vector<int>{45}));
    EXPECT_EQ(rc.sentence, "Hussein Ali (S): Justerare, ej § 45; Kerstin Nyqvist (C): Justerare, § 45");
    EXPECT_TRUE(r.protocol.free_text.empty());
    EXPECT_TRUE(r.protocol.unplaced.empty());
}

// The same block extracted without columns: the names one under the other,
// then their roles in the same order.
TEST(Signatures, NamesStackedThenTheirRoles) {
    const auto r = read("Kommunfullmäktige 2024-12-16\n\nSekreterare\nTherese Lundin\nJusteras\n2024-12-19\n"
                        "Underskrifter\nGöran Westin\nTherese Lundin\nordförande\nsekreterare\n"
                        "Linda Ekberg (L)\nMats Holmström (S)\nJusterare\nJusterare\n\n"
                        "§ 182   Budget\n\nBeslut\nGodkänns.\n");
    ASSERT_TRUE(r.protocol.chair_signatory.has_value());
    EXPECT_EQ(r.protocol.chair_signatory->name, "Göran Westin");
    std::vector<std::string> adjusters;
    for (const auto& a : r.protocol.adjusters) adjusters.push_back(a.name);
    EXPECT_EQ(adjusters, (std::vector<std::string>{"Linda Ekberg", "Mats Holmström"}));
    EXPECT_TRUE(r.protocol.unplaced.empty());
}

// A running header that repeats the meeting's hours and says "Protokollsutdrag"
// with its page number; a page-number column is no place.
TEST(Furniture, HoursAndKindFromTheRunningHeader) {
    std::string text;
    for (int page = 1; page <= 2; ++page) {
        text += std::string(page > 1 ? "\f" : "") + "PROTOKOLLSUTDRAG " + std::to_string(page) + "(2)\nDiarienummer\n" +
                "Nämnd för folkhälsa och sjukvård\nTid: 2025-05-06 kl 13.00-16.00\n\n";
        text += "§ " + std::to_string(63 + page) + " Ärende " + std::to_string(page) + "\n\nBeslut\nNämnden beslutar att godkänna.\n\n";
    }
    const auto r = read(text);
    EXPECT_EQ(r.protocol.kind, model::DocumentKind::Extract);
    EXPECT_EQ(r.protocol.organ, "Nämnd för folkhälsa och sjukvård");
    EXPECT_EQ(r.protocol.start_time, (model::TimeOfDay{13, 0}));
    EXPECT_EQ(r.protocol.end_time, (model::TimeOfDay{16, 0}));
    EXPECT_EQ(r.protocol.meeting_date, (model::Date{std::chrono::year{2025}, std::chrono::month{5}, std::chrono::day{6}}));

    const auto s = read("ÄLVLUNDA KOMMUN              SAMMANTRÄDESPROTOKOLL\n"
                        "                             Sammanträdesdatum               Sida\n"
                        "Kommunstyrelsen              2025-05-06                      12 (31)\n\n"
                        "§ 88   Avtal\n\n       Beslut\n       Avtalet godkänns.\n");
    EXPECT_EQ(s.protocol.place, "");
    EXPECT_EQ(s.protocol.meeting_date, (model::Date{std::chrono::year{2025}, std::chrono::month{5}, std::chrono::day{6}}));
}

TEST(Labels, TheDayUnderTid) {
    const auto r = read("Kommunfullmäktige                                                  PROTOKOLL\n"
                        "Tid            Måndagen den 26 januari 2026 kl. 13:00-15:40\n"
                        "Plats          Stora Konferenssalen, Sundshotellet\n\n§ 1  Budget\n\nBeslut\nGodkänns.\n");
    EXPECT_EQ(r.protocol.meeting_date, (model::Date{std::chrono::year{2026}, std::chrono::month{1}, std::chrono::day{26}}));
    EXPECT_EQ(r.protocol.start_time, (model::TimeOfDay{13, 0}));
    EXPECT_EQ(r.protocol.end_time, (model::TimeOfDay{15, 40}));
}

// A footer box whose label also stands on the front page ("Justerare" /
// "Utdragsbestyrkande" at the foot of every page): at the foot it is furniture,
// so the attendance list that goes on over the page stays one list, and the
// front page's own "Justerare" field keeps its names.
TEST(Furniture, AFooterLabelThatIsAlsoAField) {
    std::string text = "Kommunfullmäktige\nProtokoll\n2025-02-27\n\nLedamöter\nGunnel Hallin (S), ordförande\nBertil Roos (M)\n";
    text += "Justerare\nUtdragsbestyrkande\n1 (3)\n\fKommunfullmäktige\nProtokoll\n2025-02-27\n2 (3)\n";
    text += "Ingrid Fält (KD)\nSven Dahlin (C)\nTomas Brink (M)\nJussi Karvonen (V)\n\nJusterare\nTomas Brink (M) och Jussi Karvonen (V)\n\n";
    text += "§ 12  Val av justerare\n\nBeslut\nTomas Brink och Jussi Karvonen utses.\n";
    text += "Justerare\nUtdragsbestyrkande\n2 (3)\n\fKommunfullmäktige\nProtokoll\n2025-02-27\n3 (3)\n";
    text += "§ 13  Budget\n\nBeslut\nGodkänns.\nJusterare\nUtdragsbestyrkande\n3 (3)\n";
    const auto r = read(text);
    std::vector<std::string> adjusters;
    for (const auto& a : r.protocol.adjusters) adjusters.push_back(a.name);
    EXPECT_EQ(adjusters, (std::vector<std::string>{"Tomas Brink", "Jussi Karvonen"}));
    EXPECT_EQ(r.protocol.members.size(), 6U);
    EXPECT_TRUE(r.protocol.unplaced.empty());
}

// A table of contents of "§ N" / case number / title, without page numbers:
// the paragraphs are those of the body, each with its own decision.
TEST(Headings, AContentsTableWithoutPageNumbers) {
    std::string text = "Kommunstyrelsen 2011-05-02\n\nInnehållsförteckning\n";
    for (int n = 61; n <= 63; ++n) text += "§ " + std::to_string(n) + "\nDNR KFKS 2011/" + std::to_string(n) + "-000\nÄRENDE " + std::to_string(n) + "\n";
    text += "\f";
    for (int n = 61; n <= 63; ++n) {
        text += "§ " + std::to_string(n) + "        Dnr KFKS 2011/" + std::to_string(n) + "-000\n\nÄrende " + std::to_string(n) +
                "\n\nBeslut\nBeslut i ärende " + std::to_string(n) + ".\n" + (n == 62 ? "Paragrafen justeras omedelbart.\n" : "") + "\n";
    }
    const auto r = read(text);
    ASSERT_EQ(r.protocol.paragraphs.size(), 3U);
    EXPECT_TRUE(para(r.protocol, 62).immediate());
    EXPECT_FALSE(para(r.protocol, 63).immediate());
    EXPECT_EQ(para(r.protocol, 63).case_numbers.size(), 1U);
}

// One paragraph of several matters, each with its decision heading; the
// sentence that adjusts it at once stands in the last decision.
TEST(Headings, SeveralDecisionsInOneParagraph) {
    const auto r = read("Kommunfullmäktige 2024-04-25\n\nJusterare  Lena Åslund\n\n§ 58\nDnr 9-2024\nValärenden\n"
                        "1. Fyllnadsval efter Marita Fors, KD, som ersättare i socialnämnden.\n"
                        "Kommunfullmäktiges beslut\nTill ny ersättare väljs Birgitta Hall, KD.\n"
                        "2. Val av ledamot i styrelsen för Ravunda Vatten AB.\n"
                        "Kommunfullmäktiges beslut\nTill ny ledamot väljs Marita Fors, KD.\nParagrafen justeras omedelbart.\n");
    EXPECT_TRUE(para(r.protocol, 58).immediate());
}

// A page header's Diarienummer that is the same on every page is the
// protocol's own, not the case of the first paragraph; one that changes with
// the pages is the case of the paragraph that starts there.
TEST(CaseNumbers, APageHeadersOwnNumberIsNoParagraphsCase) {
    std::string same;
    std::string changing;
    for (int n = 1; n <= 3; ++n) {
        const std::string body = "§ " + std::to_string(87 + n) + "   Ärende " + std::to_string(n) + "\n\nBeslut\nGodkänns.\n";
        same += std::string(n > 1 ? "\f" : "") + "Kommunstyrelsen            Protokoll          " + std::to_string(n) +
                " (3)\n                            Diarienummer KS 2024/0871\n\n" + body;
        changing += std::string(n > 1 ? "\f" : "") + "Kommunstyrelsen            Protokoll          " + std::to_string(n) +
                    " (3)\n                            Diarienummer KS 2024/08" + std::to_string(70 + n) + "\n\n" + body;
    }
    for (const auto& p : read(same).protocol.paragraphs) EXPECT_TRUE(p.case_numbers.empty()) << "§ " << p.number;
    const auto r = read(changing);
    ASSERT_EQ(r.protocol.paragraphs.size(), 3U);
    ASSERT_EQ(para(r.protocol, 89).case_numbers.size(), 1U);
    EXPECT_EQ(para(r.protocol, 89).case_numbers.front().written, "KS 2024/0872");
}

// "Vakant (M)": a seat without a member is no member; a substitute listed
// among Beslutande as "ej tjänstgörande" did not serve; "Tjänsteman" is a
// label of others present.
TEST(People, AVacantSeatAndOfficialsUnderTjansteman) {
    const auto r = read("Kommunstyrelsens arbetsutskott   2023-03-14\n\n"
                        "Beslutande ledamöter         Cecilia Norrby (S)\n"
                        "                             Leif Åhman (S)\n"
                        "                             Vakant (M)\n"
                        "                             Yngve Marklund, ej tjänstgörande ersättare\n\n"
                        "Övriga närvarande\n"
                        "Tjänsteman                   Eva Sandin, kommunsekreterare\n"
                        "                             Ronny Hellqvist, kommunchef\n\n"
                        "Justerare                    Leif Åhman (S)\n\n§ 41  Budget\n\nBeslut\nGodkänns.\n");
    EXPECT_EQ(r.protocol.members.size(), 2U);
    EXPECT_EQ(r.protocol.others.size(), 2U);
    ASSERT_EQ(r.protocol.substitutes.size(), 1U);  // listed among Beslutande, but did not serve
    EXPECT_EQ(r.protocol.substitutes.front().name, "Yngve Marklund");
}

// The meeting's hours broken at their dash: "kl. 13:15 –" / "16:05".
TEST(Labels, HoursBrokenAtTheDash) {
    const auto r = read("ÄLVSUNDA KOMMUN\nSAMMANTRÄDESPROTOKOLL\nKommunstyrelsen\n2025-03-10\nPlats och tid\n"
                        "Kommunstyrelsens sammanträdesrum vån 7, stadshuset, kl. 13:15 –\n16:05\n"
                        "Justerare\nLinnea Vikström (C)\n\n§ 1  Budget\n\nBeslut\nGodkänns.\n");
    EXPECT_EQ(r.protocol.place, "Kommunstyrelsens sammanträdesrum vån 7, stadshuset");
    EXPECT_EQ(r.protocol.start_time, (model::TimeOfDay{13, 15}));
    EXPECT_EQ(r.protocol.end_time, (model::TimeOfDay{16, 5}));
}

// Two labels run together on one line by text extracted without columns
// ("Beslutande Närvarande ersättare"): stacked labels, with their warning;
// the chair is still the chair, and "Närvarande: Beslutande:" is one field.
TEST(Labels, TwoLabelsOnOneLine) {
    const auto r = read("Kommunstyrelsen 2024-09-03\nBeslutande Närvarande ersättare\nAnna-Lena Burström (S), ordförande\n"
                        "Maria Lundberg (S)\nJusterare Maria Lundberg\n\n§ 201  Budget\n\nBeslut\nGodkänns.\n");
    ASSERT_FALSE(r.protocol.members.empty());
    EXPECT_EQ(r.protocol.members.front().name, "Anna-Lena Burström");
    EXPECT_EQ(r.protocol.members.front().role, model::MemberRole::Chair);
    bool warned = false;
    for (const auto& d : r.diags.items()) warned = warned || d.message.find("stand one after another") != std::string::npos;
    EXPECT_TRUE(warned);
    const auto q = read("Regionstyrelsen 2025-09-09\nNärvarande: Beslutande:\nVera Holmgren (M), ordförande\nElias Bergkvist (KD)\n\n"
                        "§ 118  Val av protokolljusterare\n\nBeslut\nElias Bergkvist utses.\n");
    EXPECT_EQ(q.protocol.members.size(), 2U);
}

// Pages taken out of a protocol whose header still says
// SAMMANTRÄDESPROTOKOLL: no front page, one or two paragraphs, is an
// extract; a long body without a front page stays a protocol.
TEST(Kind, ParagraphsWithoutAFrontPageAreAnExtract) {
    const std::string page = "KOMMUNSTYRELSEN      SAMMANTRÄDESPROTOKOLL\n                     4 november 2024     1 (1)\n\n";
    const auto r = read(page + "§ 155\nAvsägelse av uppdrag\n\nKommunstyrelsens beslut\nAvsägelsen godkänns.\n"
                               "Paragrafen justeras omedelbart.\n\nJusterandes signatur\n\nUtdragsbestyrkande:\n");
    EXPECT_EQ(r.protocol.kind, model::DocumentKind::Extract);
    EXPECT_TRUE(para(r.protocol, 155).immediate());
    std::string body = page;
    for (int n = 1; n <= 6; ++n) body += "§ " + std::to_string(n) + "\nÄrende " + std::to_string(n) + "\n\nBeslut\nGodkänns.\n\n";
    EXPECT_EQ(read(body).protocol.kind, model::DocumentKind::Protocol);
}

// "Klockan 18:00 22:35": the dash between the hours lost in the text layer.
TEST(Labels, HoursWithoutTheirDash) {
    const auto r = read("Kommunfullmäktige\nSammanträdesdag   9 december 2024\nTid   Klockan 18:00 22:35\n"
                        "Plats   Sessionssalen\nUtses att justera   Gunnel Sjöö\n\n§ 88  Budget\n\nBeslut\nGodkänns.\n");
    EXPECT_EQ(r.protocol.start_time, (model::TimeOfDay{18, 0}));
    EXPECT_EQ(r.protocol.end_time, (model::TimeOfDay{22, 35}));
}

// The organ named only in its decision headings ("Kommunfullmäktiges beslut").
TEST(Organ, FromDecisionHeadingsInTheGenitive) {
    const auto r = read("FORSMARKA KOMMUN   SAMMANTRÄDESPROTOKOLL   1 (3)\n\nPlats och tid   Sessionssalen, kl 13.15-17.40\n"
                        "Justerare   Ida Granström (V)\n\n§ 118  Taxa\n\nKommunfullmäktiges beslut\nTaxan fastställs.\n\n"
                        "§ 119  Detaljplan\n\nKommunfullmäktiges beslut\nDetaljplanen antas.\n");
    EXPECT_EQ(r.protocol.organ, "Kommunfullmäktige");
}

// "Diarienummer: RJL2025/118" below a list in the paragraph's text, not
// under its title: the paragraph's case number still.
TEST(CaseNumbers, ALabelledNumberFurtherDown) {
    const auto r = read("Regionfullmäktige 2025-03-18\nJusterare   Tor Almkvist\n\n§ 30 Aktuell information\n"
                        "Direktören informerar om:\n- Läget för vårdplatser\nDiarienummer: RJL2025/118\n"
                        "Tor Almkvist önskar en redovisning.\n");
    ASSERT_EQ(para(r.protocol, 30).case_numbers.size(), 1U);
    EXPECT_EQ(para(r.protocol, 30).case_numbers.front().written, "RJL2025/118");
    EXPECT_NE(all_text(para(r.protocol, 30)).find("Tor Almkvist önskar"), std::string::npos);
    // Another label ("Ärendenummer") the same; a number without a label in
    // the text is the text's, not the paragraph's case.
    const auto other = read("Regionfullmäktige 2025-03-18\nJusterare   Tor Almkvist\n\n§ 31 Budget\n"
                            "Ärendenummer: RJL2025/120\nBudgeten fastställs.\n\n§ 32 Taxor\nTaxorna fastställs.\n"
                            "RJL2025/121\n");
    ASSERT_EQ(para(other.protocol, 31).case_numbers.size(), 1U);
    EXPECT_EQ(para(other.protocol, 31).case_numbers.front().written, "RJL2025/120");
    EXPECT_NE(all_text(para(other.protocol, 32)).find("RJL2025/121"), std::string::npos);
}

// The justering's place said only in the paragraph that appoints the
// justerare, in a sentence that starts in its preamble.
TEST(Justering, ThePlaceAnnouncedInTheAppointingParagraph) {
    const auto r = read("Kommunfullmäktige 2024-04-25\nPlats och tid   Aulan, kl 10.00-15.20\nUtses att justera\n"
                        "Lena Åslund, C\nJustering\n2024-05-02\n\n§ 52\nDnr 1-2024\nProtokollets justering\n"
                        "Två ledamöter ska justera protokollet. Protokollet justeras torsdagen den\n"
                        "2 maj 2024 i kommunsekreterarens tjänsterum i Rådhuset.\n"
                        "Kommunfullmäktiges beslut\nTill justerande utses Lena Åslund, C.\n");
    EXPECT_EQ(r.protocol.adjustment_place, "kommunsekreterarens tjänsterum i Rådhuset");
    EXPECT_EQ(r.protocol.announced_adjustment_date, (model::Date{std::chrono::year{2024}, std::chrono::month{5}, std::chrono::day{2}}));
}

// A "Justering" paragraph title read among the front page's labels: the
// sentence after its date and the next page are no place.
TEST(Justering, TheTextAfterTheAnnouncedDateIsNoPlace) {
    const auto r = read("Kommunfullmäktige 2024-12-16\nJusterare\nLinda Ekberg (L)\nJustering\n"
                        "Att jämte ordföranden justera dagens protokoll utses Linda Ekberg (L). Justeringen sker torsdagen den 19 december 2024.\n"
                        "Dagordning\nKommunfullmäktiges beslut\nDagordningen fastställs med tillägg av en interpellation som kommit in "
                        "efter att kungörelsen skickats ut. Interpellationen behandlas vid nästa sammanträde.\n\n"
                        "§ 182  Justering\n\nBeslut\nLinda Ekberg utses.\n");
    EXPECT_EQ(r.protocol.adjustment_place, "");
    EXPECT_EQ(r.protocol.adjustment_date, (model::Date{std::chrono::year{2024}, std::chrono::month{12}, std::chrono::day{19}}));
}

// An extract's certification: the name above the title "Sekreterare".
TEST(People, TheCertifyingSecretaryOfAnExtract) {
    const auto r = read("ÄLVSUNDA KOMMUN\nSAMMANTRÄDESPROTOKOLL\nKommunstyrelsen\n2025-05-19\n§ 112\nEvakuering av förskolan\n"
                        "Kommunstyrelsens beslut\nKommunstyrelsen anvisar medel.\nUtdragsbestyrkande\n"
                        "Protokollsutdraget överensstämmer med originalet.\nÄlvsunda 2025-05-21\nOskar Hedlund\nSekreterare\n");
    ASSERT_TRUE(r.protocol.secretary.has_value());
    EXPECT_EQ(r.protocol.secretary->name, "Oskar Hedlund");
    // "i enlighet med ..." after the announced day is no place of justering.
    const auto q = read("Kommunstyrelsen 2024-06-04\nJusterare   Karin Sjödin\n\n§ 101\nJustering\n\nBeslut\n"
                        "Karin Sjödin utses. Protokollet justeras den 7 juni 2024 i enlighet med arbetsordningen.\n");
    EXPECT_EQ(q.protocol.adjustment_place, "");
    EXPECT_TRUE(q.protocol.announced_adjustment_date.has_value());
    // Names stacked above their roles pair by order, not by the line below.
    const auto st = read("Kommunstyrelsen 2024-06-04\nJusterare   Karin Sjödin\n\n§ 101  Budget\n\nBeslut\nGodkänns.\n\n"
                         "Underskrifter\nCecilia Hammar\nBirger Nordin\nSekreterare\nOrdförande\n");
    ASSERT_TRUE(st.protocol.secretary.has_value());
    EXPECT_EQ(st.protocol.secretary->name, "Cecilia Hammar");
}

// Columns read row by row: "kl. 15.20, § 205-207" ends a substitute's line
// and is no meeting time; the place and hours stand after the signatures.
TEST(Labels, HoursOfAPresenceNoteAndAPlaceLineBelow) {
    const auto r = read("NORRBYDA KOMMUN PROTOKOLL 1 (9)\nKommunstyrelsen 2024-09-03\nPlats och tid\n"
                        "Beslutande Närvarande ersättare\nAnna-Lena Burström (S), ordförande\n"
                        "Anders Lidström (C) närvarande tom kl. 15.20, § 201-204\n"
                        "Daniel Forsberg (C) tjg ers för Anders Lidström (C), from\nkl. 15.20, § 205-207\n"
                        "Utses att justera Kristina Lindgren Paragrafer 201-202\nUnderskrifter\n"
                        "/Anna-Lena Burström, ordförande/ /Karin Lejon, sekreterare/\n"
                        "Kommunstyrelsens sammanträdesrum, Stadshuset, kl. 13.00-16.40\n\n"
                        "§ 201 Val av justerare\n\nBeslut\nKristina Lindgren utses.\n\n§ 202 Taxa\n\nBeslut\nGodkänns.\n");
    EXPECT_EQ(r.protocol.start_time, (model::TimeOfDay{13, 0}));
    EXPECT_EQ(r.protocol.end_time, (model::TimeOfDay{16, 40}));
    EXPECT_EQ(r.protocol.place, "Kommunstyrelsens sammanträdesrum, Stadshuset");
}

// Attendance with a column of absences (Huddinge's Kommunstyrelsen layout):
// "Frånvarande följande paragrafer" means the member did NOT serve there; the
// serving ersättare in the third column took the seat for those paragraphs;
// a "Jäv" row names a member out for jäv and who served instead; notes of
// when someone came or went are kept apart from the name.
TEST(Attendance, AbsenceColumnJavRowAndTimes) {
    const auto r = read(
        "KOMMUNSTYRELSEN                         SAMMANTRÄDESPROTOKOLL\n\n"
        "Sammanträdesdag                 4 november 2024\n\n"
        "Beslutande\n"
        "Ledamöter                       Frånvarande följande paragrafer   Tjänstgörande ersättare\n"
        "Sofia Renberg (M), Ordförande\n"
        "Hugo Ståhl (L) (kom kl. 13:20)  150-151                           Mira Lund (L)\n"
        "Anna Kjellberg (M)\n"
        "Ahmed Rahimi (S) (gick kl. 15:40) 152                             Kristina Wall (S)\n"
        "Marcus Edholm (S)\n"
        "Jäv                             Marcus Edholm (S) § 151           Kristina Wall (S) § 151\n\n"
        "Närvarande ej tjänstgörande     Mira Lund (L), tjänstgörande 150-151, Kristina Wall (S),\n"
        "ersättare                       tjänstgörande 151-152, Oliver Ring (C)\n"
        "Utses att justera               Anna Kjellberg (M)\n\n"
        "§ 150   Anmälningar\n\nBeslut\nLäggs till handlingarna.\n\n"
        "§ 151   Markanvisning\n\nBeslut\nGodkänns.\n\n"
        "§ 152   Delegationsbeslut\n\nBeslut\nLäggs till handlingarna.\n");
    const auto& p = r.protocol;
    const auto member = [&](const std::string& name, const std::optional<std::string>& replaces = std::nullopt) -> const model::Member& {
        for (const auto& m : p.members) {
            if (m.name == name && (!replaces || (m.replaces && m.replaces->name == *replaces))) return m;
        }
        throw std::runtime_error("no member " + name);
    };
    EXPECT_EQ(member("Hugo Ståhl").except_paragraphs, (std::vector<int>{150, 151}));
    EXPECT_EQ(member("Hugo Ståhl").note, "kom kl. 13:20");
    EXPECT_EQ(member("Mira Lund", "Hugo Ståhl").paragraphs, (std::vector<int>{150, 151}));
    EXPECT_EQ(member("Ahmed Rahimi").except_paragraphs, (std::vector<int>{152}));
    EXPECT_EQ(member("Ahmed Rahimi").note, "gick kl. 15:40");
    EXPECT_EQ(member("Kristina Wall", "Ahmed Rahimi").paragraphs, (std::vector<int>{152}));
    EXPECT_EQ(member("Marcus Edholm").except_paragraphs, (std::vector<int>{151}));
    EXPECT_EQ(member("Marcus Edholm").except_reason, "Jäv");
    EXPECT_EQ(member("Kristina Wall", "Marcus Edholm").paragraphs, (std::vector<int>{151}));
    // Nobody is called "Jäv" or "Frånvarande följande paragrafer".
    for (const auto& m : p.members) {
        EXPECT_EQ(m.name.find("J\u00e4v"), std::string::npos) << m.name;
        EXPECT_EQ(m.name.find("paragrafer"), std::string::npos) << m.name;
        EXPECT_EQ(m.name.find_first_of("0123456789"), std::string::npos) << m.name;
    }
    // Every paragraph has the same five serving: each absence has its stand-in.
    for (const int n : {150, 151, 152}) {
        EXPECT_EQ(std::count_if(p.members.begin(), p.members.end(), [n](const model::Member& m) { return m.serves_in(n); }), 5) << n;
    }
    // The ersättare present, with or without paragraphs they served in.
    std::vector<std::string> substitutes;
    for (const auto& s : p.substitutes) substitutes.push_back(s.name);
    EXPECT_EQ(substitutes, (std::vector<std::string>{"Mira Lund", "Kristina Wall", "Oliver Ring"}));
    // The jäv, from the attendance list.
    ASSERT_EQ(p.jav.size(), 1U);
    EXPECT_EQ(p.jav[0].source, model::JavSource::Attendance);
    EXPECT_EQ(p.jav[0].people.at(0).name, "Marcus Edholm");
    EXPECT_EQ(p.jav[0].paragraphs, (std::vector<int>{151}));
    EXPECT_TRUE(p.unplaced.empty());
    EXPECT_TRUE(p.free_text.empty());
    // The XML keeps it all, valid against the schema, and reads back equal.
    const std::string doc = xml::to_xml(p);
    EXPECT_NE(doc.find("<except reason=\"J\u00e4v\">151</except>"), std::string::npos);
    EXPECT_NE(doc.find("<note>kom kl. 13:20</note>"), std::string::npos);
    const auto back = xml::load(doc, "attendance.xml", core::Limits{});
    ASSERT_TRUE(std::holds_alternative<model::Protocol>(back.document));
    EXPECT_EQ(std::get<model::Protocol>(back.document), p);
}

}  // namespace
}  // namespace justera
