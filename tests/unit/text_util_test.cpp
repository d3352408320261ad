// SPDX-License-Identifier: GPL-3.0-or-later
#include "text_util.hpp"

#include <gtest/gtest.h>

#include <random>

#include "people.hpp"

namespace justera::ingest {
namespace {

using model::Date;
Date ymd(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}; }

struct DateCase {
    const char* text;
    std::optional<Date> expected;
};
class FindDate : public ::testing::TestWithParam<DateCase> {};
TEST_P(FindDate, Reads) { EXPECT_EQ(text::find_date(GetParam().text), GetParam().expected) << GetParam().text; }
INSTANTIATE_TEST_SUITE_P(
    Dates, FindDate,
    ::testing::Values(DateCase{"2024-03-22", ymd(2024, 3, 22)},
                      DateCase{"tisdagen den 19 mars 2024 kl. 17:00", ymd(2024, 3, 19)},
                      DateCase{"fredag den 21 februari 2025.", ymd(2025, 2, 21)},
                      DateCase{"den 1:a juni 2023", ymd(2023, 6, 1)},
                      DateCase{"19/3 2024", ymd(2024, 3, 19)},
                      DateCase{"Sammanträdesdatum 2024-05-14", ymd(2024, 5, 14)},
                      DateCase{"2024-02-30", std::nullopt},   // not a real day
                      DateCase{"31 april 2024", std::nullopt},
                      DateCase{"SOF 2024/116", std::nullopt},
                      DateCase{"inget datum här", std::nullopt}));

TEST(FindTimes, ColonDotAndDash) {
    auto t = text::find_times("kl. 17:00-17:20, Konferenscenter");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->start, (model::TimeOfDay{17, 0}));
    EXPECT_EQ(t->end, (model::TimeOfDay{17, 20}));
    t = text::find_times("kl 18.00\xE2\x80\x93" "20.15");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->end, (model::TimeOfDay{20, 15}));
    t = text::find_times("klockan 13:00");
    ASSERT_TRUE(t);
    EXPECT_FALSE(t->end);
    EXPECT_FALSE(text::find_times("inklusive 17:00"));
    // Without "kl": only a range with minutes on both sides.
    t = text::find_times("Kommunhuset, sammanträdesrum Hamnen, 08.30-11.45");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->start, (model::TimeOfDay{8, 30}));
    EXPECT_EQ(t->end, (model::TimeOfDay{11, 45}));
    EXPECT_FALSE(text::find_times("2024-03-19, paragraferna 14-19"));
    // Two ranges: the meeting ends with the last.
    t = text::find_times("Rådsalen, kl 08.30 - 12.00, 13.00 - 15.45");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->start, (model::TimeOfDay{8, 30}));
    EXPECT_EQ(t->end, (model::TimeOfDay{15, 45}));
    // "Tid" with two times and no dash.
    t = text::find_times("Folkets hus, Hamnås, Tid 18.00 20.25");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->end, (model::TimeOfDay{20, 25}));
}

TEST(ExpandParagraphList, WrittenForms) {
    EXPECT_EQ(text::expand_paragraph_list("§§1-29", 100).size(), 29U);
    EXPECT_EQ(text::expand_paragraph_list("§10, §§22-23", 100), (std::vector<int>{10, 22, 23}));
    EXPECT_EQ(text::expand_paragraph_list("§§ 66\xE2\x80\x93" "72", 100), (std::vector<int>{66, 67, 68, 69, 70, 71, 72}));
    EXPECT_EQ(text::expand_paragraph_list("§ 12 och 14", 100), (std::vector<int>{12, 14}));
    EXPECT_TRUE(text::expand_paragraph_list("§§ 1-99999", 100).empty());  // absurd range refused
    EXPECT_TRUE(text::expand_paragraph_list("inga", 100).empty());
}

TEST(CaseNumbers, WithAndWithoutPrefix) {
    auto c = text::find_case_numbers("Svar på remiss från kommunstyrelsen, Dnr KS 2023/1231");
    ASSERT_EQ(c.size(), 1U);
    EXPECT_EQ(c[0].prefix, "KS");
    EXPECT_EQ(c[0].year, 2023);
    EXPECT_EQ(c[0].serial, "1231");
    c = text::find_case_numbers("2021/105");
    ASSERT_EQ(c.size(), 1U);
    EXPECT_EQ(c[0].prefix, "");
    c = text::find_case_numbers("VON-2024-61");
    ASSERT_EQ(c.size(), 1U);
    EXPECT_EQ(c[0].prefix, "VON");
    EXPECT_EQ(c[0].serial, "61");
    c = text::find_case_numbers("Dnr MBN 2024-000318");
    ASSERT_EQ(c.size(), 1U);
    EXPECT_EQ(c[0].serial, "000318");
    EXPECT_TRUE(text::find_case_numbers("SOF 2024/116-2 Tjänsteutlåtande").empty());  // a document id
    EXPECT_TRUE(text::find_case_numbers("2024-03-19").empty());                       // a date
    EXPECT_TRUE(text::is_case_number_line("SOF 2023/599"));
    EXPECT_TRUE(text::is_case_number_line("Dnr VON 2024/0045"));
    EXPECT_FALSE(text::is_case_number_line("Svar på remiss, Dnr KS 2023/1231"));
}

struct ImmediateCase {
    const char* sentence;
    bool immediate;
};
class Immediate : public ::testing::TestWithParam<ImmediateCase> {};
TEST_P(Immediate, Wordings) {
    EXPECT_EQ(text::is_immediate_sentence(GetParam().sentence), GetParam().immediate) << GetParam().sentence;
}
INSTANTIATE_TEST_SUITE_P(
    Wordings, Immediate,
    ::testing::Values(ImmediateCase{"Paragrafen justeras omedelbart.", true},
                      ImmediateCase{"Socialnämnden beslutar att omedelbart justera paragrafen.", true},
                      ImmediateCase{"Kommunstyrelsen förklarar paragrafen för omedelbart justerad.", true},
                      ImmediateCase{"Paragrafen är omedelbart justerad.", true},
                      ImmediateCase{"Beslutet justeras omedelbart.", true},
                      ImmediateCase{"Justeras omedelbart.", true},
                      ImmediateCase{"PARAGRAFEN JUSTERAS OMEDELBART", true},
                      ImmediateCase{"Paragrafen justeras inte omedelbart.", false},
                      ImmediateCase{"Barnen fick utredning omedelbart.", false},
                      ImmediateCase{"Protokollet justeras fredag den 22 mars.", false},
                      ImmediateCase{"Åtgärder vidtogs omedelbart.", false}));

TEST(Sentences, KeepsAbbreviations) {
    const auto s = text::sentences("Alexander Ojanne m.fl. (S) yrkade bifall. Paragrafen justeras omedelbart.");
    ASSERT_EQ(s.size(), 2U);
    EXPECT_EQ(s[1], "Paragrafen justeras omedelbart.");
}

TEST(JoinLine, HyphenBelongsToTheWord) {
    std::string a = "utvecklades på 1970-";
    text::join_line(a, "talet i USA");
    EXPECT_EQ(a, "utvecklades på 1970-talet i USA");
    std::string b = "Socialtjänstlagen - ";
    text::join_line(b, "Framtidens socialtjänst");
    EXPECT_EQ(b, "Socialtjänstlagen - Framtidens socialtjänst");
}

TEST(FoldKey, TransliteratesLookalikesAndCase) {
    EXPECT_EQ(text::fold_key("Ersätтарыttrande"), "ersattaryttrande");
    EXPECT_EQ(text::fold_key("ÄRENDEBESKRIVNING:"), "arendebeskrivning");
}

TEST(Confusables, ReportsLineAndColumnAndKeepsText) {
    core::Diagnostics d;
    text::scan_confusables("rad ett\n## Ersätтарыttrande\nrent svenskt: åäö", "x.txt", d);
    ASSERT_EQ(d.items().size(), 1U);
    EXPECT_EQ(d.items()[0].where.line, 2U);
    EXPECT_EQ(d.items()[0].where.column, 4U);
}

TEST(Confusables, InvisibleAndDirectionCharacters) {
    core::Diagnostics d;
    // U+200B ZERO WIDTH SPACE inside a name, U+202E RIGHT-TO-LEFT OVERRIDE in a number.
    text::scan_confusables("Anna\xE2\x80\x8B Ek\nSOF \xE2\x80\xAE" "2024/1", "x.txt", d);
    ASSERT_EQ(d.count(core::Severity::Warning), 2U);
    EXPECT_EQ(d.items()[0].code, core::DiagCode::InvisibleCharacter);
    EXPECT_EQ(d.items()[0].where.line, 1U);
    EXPECT_EQ(d.items()[0].where.column, 5U);
    EXPECT_NE(d.items()[1].message.find("U+202E"), std::string::npos);
}

TEST(ExpandParagraphList, NumbersAboveTheSchemaLimitAreRefused) {
    EXPECT_TRUE(text::expand_paragraph_list("§ 61, § 12345", 100000).empty());
}

TEST(Names, OrganAndMunicipalityAsPeopleWriteThem) {
    EXPECT_TRUE(text::is_organ_name("Kommunstyrelsens arbetsutskott"));
    EXPECT_TRUE(text::is_organ_name("BYGGNADSNÄMNDEN"));
    EXPECT_TRUE(text::is_organ_name("Socialnämndens individutskott"));
    EXPECT_FALSE(text::is_organ_name("NORRVIK KOMMUN"));
    EXPECT_FALSE(text::is_organ_name("Sammanträdesprotokoll"));
    EXPECT_EQ(text::organ_display("BYGGNADSNÄMNDEN"), "Byggnadsnämnden");
    EXPECT_EQ(text::organ_display("vård- och omsorgsnämnden"), "Vård- och omsorgsnämnden");
    EXPECT_EQ(text::organ_display("Barn- och utbildningsnämnden"), "Barn- och utbildningsnämnden");
    EXPECT_TRUE(text::is_municipality_name("TJÄRNÅKERS KOMMUN"));
    EXPECT_TRUE(text::is_municipality_name("Region Norrlida"));
    EXPECT_FALSE(text::is_municipality_name("Kommunstyrelsen"));
    EXPECT_EQ(text::municipality_display("TJÄRNÅKERS KOMMUN"), "Tjärnåkers kommun");
    EXPECT_EQ(text::municipality_display("REGION NORRLIDA"), "Region Norrlida");
    EXPECT_EQ(text::municipality_display("Upplands Väsby kommun"), "Upplands Väsby kommun");
}

TEST(People, MemberLines) {
    auto m = people::parse_member("Alexander Ojanne (S) Ordförande");
    EXPECT_EQ(m.name, "Alexander Ojanne");
    EXPECT_EQ(m.party, "S");
    EXPECT_EQ(m.role, model::MemberRole::Chair);
    m = people::parse_member("Gun Risberg (S) ersätter Magnus Runsten (MP)");
    EXPECT_EQ(m.name, "Gun Risberg");
    ASSERT_TRUE(m.replaces);
    EXPECT_EQ(m.replaces->name, "Magnus Runsten");
    EXPECT_EQ(m.replaces->party, "MP");
    m = people::parse_member("Karin Lund (C), 1:e vice ordförande");
    EXPECT_EQ(m.role, model::MemberRole::FirstViceChair);
    EXPECT_EQ(m.name, "Karin Lund");
    m = people::parse_member("Lisa Ek (S) tjg ersättare för Bo Ek (S)");
    EXPECT_EQ(m.replaces->name, "Bo Ek");
    EXPECT_EQ(people::split_member_list("Rut Ekdahl (S), Mattias Borg (M), Frida Ljung (V)").size(), 3U);
    EXPECT_EQ(people::split_member_list("Anna Andersson (S), ordförande").size(), 1U);
}

// An attendance line that excepts paragraphs ("ej § 44 på grund av jäv"):
// the member served in every other paragraph, not only in § 44.
TEST(People, MemberExceptedFromParagraphs) {
    auto m = people::parse_member("Jesper Åkerlind (S), ej § 44 på grund av jäv");
    EXPECT_EQ(m.name, "Jesper Åkerlind");
    EXPECT_EQ(m.party, "S");
    EXPECT_TRUE(m.paragraphs.empty());
    EXPECT_EQ(m.except_paragraphs, std::vector<int>{44});
    EXPECT_EQ(m.except_reason, "på grund av jäv");
    EXPECT_TRUE(m.serves_in(43));
    EXPECT_FALSE(m.serves_in(44));
    m = people::parse_member("Sanna Lidgren, ej § 154");
    EXPECT_EQ(m.name, "Sanna Lidgren");
    EXPECT_EQ(m.except_paragraphs, std::vector<int>{154});
    EXPECT_TRUE(m.except_reason.empty());
    m = people::parse_member("Anna Berg (M) (ej §§ 12-13)");
    EXPECT_EQ(m.name, "Anna Berg");
    EXPECT_EQ(m.except_paragraphs, (std::vector<int>{12, 13}));
    m = people::parse_member("Per Holm (V), utom § 7 och 9");
    EXPECT_EQ(m.name, "Per Holm");
    EXPECT_EQ(m.except_paragraphs, (std::vector<int>{7, 9}));
    // A scope that is not an exception stays one.
    m = people::parse_member("Elsa Brodd (S), § 44");
    EXPECT_EQ(m.name, "Elsa Brodd");
    EXPECT_EQ(m.paragraphs, std::vector<int>{44});
    EXPECT_TRUE(m.except_paragraphs.empty());
    EXPECT_TRUE(m.serves_in(44));
    EXPECT_FALSE(m.serves_in(43));
}

// Who declared jäv (KL 5 kap. 47 §, 6 kap. 28-30 §§): the subject of the
// sentence, one or several, never whoever else the sentence names.
TEST(People, JavDeclarations) {
    auto d = people::declared_jav("Ärendet föredras. Jan Ovesson (SD) anmäler jäv och deltar inte i handläggningen. Lisa Ek (S) tjänstgör.");
    ASSERT_EQ(d.size(), 1U);
    ASSERT_EQ(d[0].first.size(), 1U);
    EXPECT_EQ(d[0].first[0].name, "Jan Ovesson");
    EXPECT_EQ(d[0].first[0].party, "SD");
    EXPECT_EQ(d[0].second, "Jan Ovesson (SD) anmäler jäv och deltar inte i handläggningen.");
    d = people::declared_jav("Per Holm (V), Carl Lönn (M) och Erik Stjärna (C) anmäler jäv och deltar inte i handläggningen.");
    ASSERT_EQ(d.size(), 1U);
    ASSERT_EQ(d[0].first.size(), 3U);
    EXPECT_EQ(d[0].first[0].name, "Per Holm");
    EXPECT_EQ(d[0].first[2].name, "Erik Stjärna");
    d = people::declared_jav("Jan Jönsson (L) anmäler jäv och ersätts av Sebastian Wiklund (S).");
    ASSERT_EQ(d.size(), 1U);
    ASSERT_EQ(d[0].first.size(), 1U);
    EXPECT_EQ(d[0].first[0].name, "Jan Jönsson");
    EXPECT_TRUE(people::declared_jav("Frågan om jäv diskuteras. Ingen anmäler något.").empty());

    // In a protocol: names resolved against the attendance list (a margin
    // word "Ks" before the name dropped), and the attendance list's own
    // exceptions for jäv; the chair named for the paragraph in its text.
    model::Protocol p;
    p.members.push_back(people::parse_member("Sanna Lidgren (C), ordförande"));
    p.members.push_back(people::parse_member("Jesper Åkerlind (S), ej § 44 på grund av jäv"));
    p.members.push_back(people::parse_member("Nils-Erik Sundqvist (S)"));
    p.members.push_back(people::parse_member("Maja Kroik (M), ej § 43"));
    model::Paragraph para;
    para.number = 43;
    model::Section sec;
    model::Block b;
    b.text = "Ks Sanna Lidgren anmäler jäv och deltar inte i handläggningen. Nils-Erik Sundqvist är ordförande under paragrafen.";
    sec.blocks.push_back(b);
    para.sections.push_back(sec);
    p.paragraphs.push_back(para);
    const auto jav = people::jav_declarations(p);
    ASSERT_EQ(jav.size(), 2U);
    EXPECT_EQ(jav[0].people.at(0).name, "Sanna Lidgren");
    EXPECT_EQ(jav[0].people.at(0).party, "C");
    EXPECT_EQ(jav[0].paragraphs, std::vector<int>{43});
    EXPECT_EQ(jav[0].source, model::JavSource::Text);
    EXPECT_EQ(jav[1].people.at(0).name, "Jesper Åkerlind");
    EXPECT_EQ(jav[1].paragraphs, std::vector<int>{44});
    EXPECT_EQ(jav[1].source, model::JavSource::Attendance);
    EXPECT_EQ(jav[1].written, "på grund av jäv");  // Maja Kroik's exception gives no reason: not read as jäv
    const auto changes = people::paragraph_role_changes(p);
    ASSERT_EQ(changes.size(), 1U);
    EXPECT_EQ(changes[0].role, model::ChangedRole::Chair);
    EXPECT_EQ(changes[0].person.name, "Nils-Erik Sundqvist");
    EXPECT_EQ(changes[0].paragraphs, std::vector<int>{43});
    // "är ordförande" with no word of this paragraph is not a role change.
    p.paragraphs[0].sections[0].blocks[0].text = "Karin Lund (C) är ordförande i föreningen.";
    EXPECT_TRUE(people::paragraph_role_changes(p).empty());
}

TEST(People, OthersWithTitlesAndScope) {
    auto o = people::parse_other("Maria Karlsson Avdelningschef §10");
    EXPECT_EQ(o.name, "Maria Karlsson");
    EXPECT_EQ(o.title, "Avdelningschef");
    EXPECT_EQ(o.paragraphs, std::vector<int>{10});
    o = people::parse_other("Veronica Wolgast Carstorp Förvaltningschef");
    EXPECT_EQ(o.name, "Veronica Wolgast Carstorp");
    o = people::parse_other("Leif Tornqvist, ekonomichef, § 22");
    EXPECT_EQ(o.name, "Leif Tornqvist");
    EXPECT_EQ(o.title, "ekonomichef");
    EXPECT_EQ(o.paragraphs, std::vector<int>{22});
}

TEST(People, RoleChangesForSomeParagraphs) {
    auto rc = people::parse_role_change("§ 23 justeras av Anna Berg (M) i stället för Per Holm (V) på grund av jäv.");
    ASSERT_TRUE(rc);
    EXPECT_EQ(rc->role, model::ChangedRole::Adjuster);
    EXPECT_EQ(rc->paragraphs, std::vector<int>{23});
    EXPECT_EQ(rc->person.name, "Anna Berg");
    EXPECT_EQ(rc->person.party, "M");
    ASSERT_TRUE(rc->replaces);
    EXPECT_EQ(rc->replaces->name, "Per Holm");
    rc = people::parse_role_change("1:e vice ordförande Karin Lund (C) är ordförande under § 24.");
    ASSERT_TRUE(rc);
    EXPECT_EQ(rc->role, model::ChangedRole::Chair);
    EXPECT_EQ(rc->person.name, "Karin Lund");
    EXPECT_EQ(rc->paragraphs, std::vector<int>{24});
    EXPECT_FALSE(people::parse_role_change("Protokollet justeras fredag."));
}

TEST(People, SignatureNames) {
    std::string g;
    std::string s;
    people::split_signature_name("Johan Alexander Emanuel,Ojanne", g, s);
    EXPECT_EQ(g, "Johan Alexander Emanuel");
    EXPECT_EQ(s, "Ojanne");
    people::split_signature_name("Carl Magnus, Hillborg", g, s);
    EXPECT_EQ(g, "Carl Magnus");
    EXPECT_EQ(s, "Hillborg");
}

/// Text in another script folds word by word: a word's key does not depend
/// on the words around it, and Swedish words beside it fold as they do alone.
TEST(TextUtil, FoldKeyOfMixedScriptsWordByWord) {
    const std::string cyr = "\xD0\xA1\xD0\xB5\xD1\x80\xD0\xB3\xD0\xB5\xD0\xB9";  // Сергей
    EXPECT_EQ(text::fold_key(cyr), "sergej");
    EXPECT_EQ(text::fold_key("Ers\xC3\xA4ttare  " + cyr + "\tKS-2024/1 \xC3\x97"), "ersattare sergej ks 2024 1");
    std::string line;
    for (int i = 0; i < 2000; ++i) line += cyr + " ";
    const std::string key = text::fold_key(line);
    EXPECT_EQ(key.size(), 2000 * 7 - 1);
}

/// The last column found from the line's end is the last of its cells, on
/// generated lines with every separator (tabs, bars, runs of one to five
/// spaces) and no-break spaces at the ends of cells.
TEST(TextUtil, LastCellIsTheLastOfTheCells) {
    const std::vector<std::string_view> pieces{"Sida", "3", "av 12", " ", "  ", "   ", "     ", "\t", "|", "\xC2\xA0", "x", "\xC3\x85r"};
    std::mt19937 random(4711);  // fixed: the same lines every run
    for (int n = 0; n < 20000; ++n) {
        std::string line;
        const auto count = random() % 10;
        for (std::size_t k = 0; k < count; ++k) line += pieces[random() % pieces.size()];
        const auto all = text::cells(line);
        ASSERT_EQ(text::last_cell(line), all.empty() ? std::string_view() : std::string_view(all.back().text))
            << "line: \"" << line << "\"";
    }
    EXPECT_EQ(text::last_cell("Kommunstyrelsen   2024-03-19   Sida 3 av 12  "), "Sida 3 av 12");
}

}  // namespace
}  // namespace justera::ingest
