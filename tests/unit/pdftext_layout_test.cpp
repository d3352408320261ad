// SPDX-License-Identifier: GPL-3.0-or-later
// justera-pdftext's page layout (src/pdftext/page_layout.hpp) on words made
// by hand, as poppler would give them: lines, spaces and columns, gaps,
// heading marks from fonts, words drawn twice, turned text, and the bounds
// on hostile input. The program itself, on real PDFs, is tested in
// interop.pdf-layout.

#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "page_layout.hpp"

namespace justera::pdftext {
namespace {

/// A word of `size` points set at x on baseline `base`, its width from an
/// average Helvetica character (half the size).
Word word(const std::string& text, double x, double base, double size = 10, bool bold = false) {
    Word w;
    w.text = text;
    std::size_t chars = 0;
    for (const char c : text) chars += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
    w.x0 = x;
    w.x1 = x + 0.5 * size * static_cast<double>(chars);
    w.y0 = base - 0.75 * size;
    w.y1 = base + 0.25 * size;
    w.baseline = base;
    w.size = size;
    w.bold = bold;
    w.space_after = true;
    return w;
}

/// Words of a sentence set from x, one space (0.28 em) apart.
std::vector<Word> sentence(const std::string& s, double x, double base, double size = 10, bool bold = false) {
    std::vector<Word> out;
    std::size_t start = 0;
    while (start < s.size()) {
        std::size_t end = s.find(' ', start);
        if (end == std::string::npos) end = s.size();
        out.push_back(word(s.substr(start, end - start), x, base, size, bold));
        x = out.back().x1 + 0.28 * size;
        start = end + 1;
    }
    out.back().space_after = false;
    return out;
}

PageText lay(const std::vector<Word>& words, Marks marks = Marks::Headings, double height = 0) {
    PageWords page;
    page.words = words;
    page.height = height;
    DocumentStyle style;
    style.count(page.words);
    return lay_out(std::move(page), style, marks);
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t nl = text.find('\n', start);
        out.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return out;
}

void append(std::vector<Word>& to, const std::vector<Word>& more) { to.insert(to.end(), more.begin(), more.end()); }

TEST(PageLayout, WordsOnOneBaselineMakeOneLineInTheirOrderAcross) {
    std::vector<Word> w = sentence("Kommunstyrelsen beslutar att godkänna budgeten", 56, 100);
    std::swap(w[0], w[3]);  // poppler's order is not the page's
    w[2].baseline += 1.2;   // a baseline a little off (another font, a superscript's neighbour)
    EXPECT_EQ(lay(w).text, "Kommunstyrelsen beslutar att godkänna budgeten\n");
}

TEST(PageLayout, ColumnsAreThreeSpacesOrMoreApartAndWordsOne) {
    std::vector<Word> w = sentence("Plats och tid", 56, 100);
    append(w, sentence("Kommunhuset, kl 09.00", 200, 100));
    const std::string line = lay(w).text;
    const auto gap = line.find("tid") + 3;
    EXPECT_EQ(line.substr(0, gap), "Plats och tid");
    EXPECT_GE(line.find_first_not_of(' ', gap) - gap, 3U) << line;
    EXPECT_NE(line.find("Kommunhuset, kl 09.00"), std::string::npos) << line;
}

TEST(PageLayout, ColumnsLineUpAcrossLines) {
    std::vector<Word> w = sentence("Beslutande", 56, 100);
    append(w, sentence("Anna Berg (S), ordförande", 200, 100));
    append(w, sentence("Per Holm (M)", 200, 112.5));
    const auto l = lines_of(lay(w).text);
    ASSERT_EQ(l.size(), 2U);
    EXPECT_EQ(l[0].find("Anna"), l[1].find("Per")) << l[0] << "\n" << l[1];
}

TEST(PageLayout, AJustifiedLinesWideSpacesAreNotColumns) {
    std::vector<Word> w;
    double x = 56;
    for (const char* t : {"Förvaltningen", "har", "tagit", "fram", "ett", "förslag", "om", "nya", "taxor"}) {
        w.push_back(word(t, x, 100));
        x = w.back().x1 + 13;  // 1.3 em between all the words
    }
    EXPECT_EQ(lay(w).text, "Förvaltningen har tagit fram ett förslag om nya taxor\n");
}

TEST(PageLayout, ATableRowOfSingleWordsKeepsItsColumns) {
    std::vector<Word> w{word("Ja", 56, 100), word("Nej", 150, 100), word("Avstår", 250, 100), word("Frånvarande", 350, 100)};
    const std::string t = lay(w).text;
    EXPECT_NE(t.find("Ja   "), std::string::npos) << t;
    EXPECT_NE(t.find("Nej   "), std::string::npos) << t;
    EXPECT_NE(t.find("Avstår   "), std::string::npos) << t;
}

TEST(PageLayout, PiecesOfOneWordAreJoined) {
    std::vector<Word> w{word("Kommun", 56, 100, 10, true), word("styrelsen", 0, 100)};
    w[0].space_after = false;
    w[1].x0 = w[0].x1 + 0.2;  // a change of font inside a word
    w[1].x1 = w[1].x0 + 45;
    EXPECT_EQ(lay(w).text, "Kommunstyrelsen\n");
}

TEST(PageLayout, AGapBetweenParagraphsIsABlankLine) {
    std::vector<Word> w;
    double base = 100;
    for (const char* t : {"Första raden", "andra raden", "tredje raden"}) {
        append(w, sentence(t, 56, base));
        base += 12.5;
    }
    base += 12;  // a paragraph's space
    append(w, sentence("Nytt stycke", 56, base));
    EXPECT_EQ(lay(w).text, "Första raden\nandra raden\ntredje raden\n\nNytt stycke\n");
}

TEST(PageLayout, BoldOrLargeLinesAtTheLeftAreHeadings) {
    std::vector<Word> w;
    append(w, sentence("§ 12 Budget 2025", 56, 100, 11, true));
    append(w, sentence("Ärendet gäller budgeten för nästa år.", 56, 125));
    append(w, sentence("Sammanfattning", 56, 150, 13));  // larger, not bold
    append(w, sentence("Texten fortsätter här.", 56, 175));
    const auto l = lines_of(lay(w).text);
    ASSERT_EQ(l.size(), 7U);
    EXPECT_EQ(l[0], "**§ 12 Budget 2025**");
    EXPECT_EQ(l[2], "Ärendet gäller budgeten för nästa år.");
    EXPECT_EQ(l[4], "**Sammanfattning**");
    EXPECT_EQ(lay(w, Marks::None).text.find("**"), std::string::npos);
}

TEST(PageLayout, BoldLinesThatAreNotHeadingsAreNotMarked) {
    std::vector<Word> w;
    append(w, sentence("Den här raden är lång och sätter sidans textbredd", 56, 100));
    // Bold only in part: a label and its value.
    append(w, sentence("Justerare", 56, 125, 10, true));
    append(w, sentence("Anna Berg", 200, 125));
    // Bold, but in the right half: a date or a signature column.
    append(w, sentence("2025-03-11", 260, 150, 10, true));
    const std::string t = lay(w).text;
    EXPECT_EQ(t.find("**"), std::string::npos) << t;
}

TEST(PageLayout, MoreThanThreeBoldLinesInARunAreEmphasisNotHeadings) {
    std::vector<Word> w;
    for (int k = 0; k < 4; ++k) append(w, sentence("Kommunstyrelsen beslutar att anta planen", 56, 100 + 12.5 * k, 10, true));
    EXPECT_EQ(lay(w).text.find("**"), std::string::npos);
    w = sentence("En lång rad i brödtexten som sätter sidans textbredd åt rubrikerna", 56, 60);
    for (int k = 0; k < 3; ++k) append(w, sentence("Ansökan om medel ur fonden", 56, 100 + 12.5 * k, 10, true));
    EXPECT_EQ(lay(w).heading_lines, 3U);
}

TEST(PageLayout, AHeadingBrokenWhereItsNextWordWouldNotFitIsOneLine) {
    // The text is 56-396 wide; the heading fills it and goes on.
    std::vector<Word> w = sentence("En lång rad i brödtexten som sätter sidans textbredd", 56, 60);
    std::vector<Word> h = sentence("§ 104 Yttrande över förslag till transportplan", 56, 100, 11, true);
    append(w, h);
    append(w, sentence("2026-2037", 56, 114, 11, true));
    append(w, sentence("Regionen har remitterat förslaget.", 56, 130));
    auto l = lines_of(lay(w).text);
    EXPECT_EQ(l[2], "**§ 104 Yttrande över förslag till transportplan 2026-2037**");
    // A short heading over another stays two; so does one followed by a
    // line in another size.
    w = sentence("En lång rad i brödtexten som sätter sidans textbredd", 56, 60);
    append(w, sentence("§ 62 Skattesats 2025", 56, 100, 11, true));
    append(w, sentence("Paragrafen justeras omedelbart", 56, 114, 11, true));
    l = lines_of(lay(w).text);
    EXPECT_EQ(l[2], "**§ 62 Skattesats 2025**");
    EXPECT_EQ(l[3], "**Paragrafen justeras omedelbart**");
    w = sentence("En lång rad i brödtexten som sätter sidans textbredd", 56, 60);
    append(w, h);
    append(w, sentence("Paragrafen justeras omedelbart", 56, 114, 10, true));
    l = lines_of(lay(w).text);
    EXPECT_EQ(l[2], "**§ 104 Yttrande över förslag till transportplan**");
}

TEST(PageLayout, AWordDrawnTwiceOverItselfIsReadOnceAndCountsAsBold) {
    std::vector<Word> w = sentence("§ 14 Yttrande", 56, 100, 11);
    for (auto copy : sentence("§ 14 Yttrande", 57.6, 100.2, 11)) w.push_back(copy);  // 1.6 pt to the right
    append(w, sentence("Regionen har gett kommunen tillfälle.", 56, 125));
    const PageText p = lay(w);
    EXPECT_EQ(p.doubled_words, 3U);
    EXPECT_EQ(lines_of(p.text)[0], "**§ 14 Yttrande**");
    // Words that merely repeat along a line are not doubles.
    EXPECT_EQ(lay(sentence("att att att", 56, 100)).text, "att att att\n");
}

TEST(PageLayout, TurnedTextIsReadInItsDirectionAfterTheBodyAndBeforeTheFooter) {
    std::vector<Word> w = sentence("Brödtexten på sidan.", 56, 100);
    append(w, sentence("Justerandes sign", 56, 800, 8));  // in the bottom tenth: the footer
    // "Rättelse införd" running up the left margin (rotation 3): the first
    // word lowest on the page.
    Word a = word("Rättelse", 0, 0, 7);
    Word b = word("införd", 0, 0, 7);
    a.rotation = b.rotation = 3;
    a.x0 = b.x0 = 24;
    a.x1 = b.x1 = 31;
    a.baseline = b.baseline = 30;
    a.y1 = 600, a.y0 = 572;
    b.y1 = 569, b.y0 = 548;
    w.push_back(b);
    w.push_back(a);
    // Running down the right margin (rotation 1): the first word highest.
    Word c = word("Utkast", 0, 0, 7);
    Word d = word("ett", 0, 0, 7);
    c.rotation = d.rotation = 1;
    c.x0 = d.x0 = 560;
    c.x1 = d.x1 = 567;
    c.baseline = d.baseline = 562;
    c.y0 = 300, c.y1 = 321;
    d.y0 = 324, d.y1 = 335;
    w.push_back(d);
    w.push_back(c);
    PageWords page;
    page.words = w;
    page.height = 842;
    page.slanted = {"KOPIA"};
    DocumentStyle style;
    style.count(page.words);
    const PageText p = lay_out(page, style, Marks::Headings);
    EXPECT_EQ(p.text, "Brödtexten på sidan.\n\nUtkast ett\nRättelse införd\nKOPIA\n\nJusterandes sign\n");
    EXPECT_EQ(p.turned_lines, 3U);
}

TEST(PageLayout, TheBodySizeIsTheDocumentsMostCommon) {
    DocumentStyle style;
    style.count(sentence("Sammanträdesprotokoll", 56, 100, 16));
    EXPECT_EQ(style.body_size(), 16);
    style.count(sentence("Kommunstyrelsen beslutar att godkänna budgeten för år 2025", 56, 100, 10));
    EXPECT_EQ(style.body_size(), 10);
}

struct FontCase {
    const char* name;
    bool bold;
};
class BoldFontName : public ::testing::TestWithParam<FontCase> {};
TEST_P(BoldFontName, Reads) { EXPECT_EQ(is_bold_font_name(GetParam().name), GetParam().bold) << GetParam().name; }
INSTANTIATE_TEST_SUITE_P(Names, BoldFontName,
                         ::testing::Values(FontCase{"Helvetica-Bold", true}, FontCase{"ABCDEF+Arial-BoldMT", true},
                                           FontCase{"Calibri,Bold", true}, FontCase{"TimesNewRomanPS-BoldItalicMT", true},
                                           FontCase{"QWERTY+Myriad-Black", true}, FontCase{"Garamond-Semibold", true},
                                           FontCase{"FranklinGothic-Demi", true}, FontCase{"Frutiger-B", true},
                                           FontCase{"Univers,BdIt", true}, FontCase{"Helvetica", false},
                                           FontCase{"ABCDEF+Calibri", false}, FontCase{"Arial-ItalicMT", false},
                                           FontCase{"Garamond-Medium", false}, FontCase{"BOLDXY+Times-Roman", false},
                                           FontCase{"F1", false}, FontCase{"", false}));

TEST(CleanWord, LigaturesSoftHyphensAndControls) {
    EXPECT_EQ(clean_word("\xEF\xAC\x81nansiering", false), "finansiering");                   // U+FB01
    EXPECT_EQ(clean_word("\xEF\xAC\x82yktingmottagning", false), "flyktingmottagning");       // U+FB02
    EXPECT_EQ(clean_word("o\xEF\xAC\x83" "ciell", false), "officiell");                          // U+FB03
    EXPECT_EQ(clean_word("verk\xC2\xADsamhet", true), "verksamhet");                          // soft hyphen inside
    EXPECT_EQ(clean_word("kommun\xC2\xAD", true), "kommun\xC2\xAD");                          // at a line's end
    EXPECT_EQ(clean_word("kommun\xC2\xAD", false), "kommun");
    EXPECT_EQ(clean_word(std::string("a\x01" "b\x7F" "c\f", 6), false), "a b c ");
    EXPECT_EQ(clean_word("x\xE2\x80\xA8y", false), "x y");                                    // U+2028
}

TEST(CleanWord, BrokenUtf8BecomesReplacementCharacters) {
    EXPECT_EQ(clean_word("a\xC3", false), "a\xEF\xBF\xBD");           // cut short
    EXPECT_EQ(clean_word("\xC0\xAF", false), "\xEF\xBF\xBD\xEF\xBF\xBD");  // an overlong '/'
    EXPECT_EQ(clean_word("\xED\xA0\x80", false), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
    std::string s;
    append_code_point(s, 0xD800);
    append_code_point(s, 0x110000);
    EXPECT_EQ(s, "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(PageLayout, HostileWordsStayBounded) {
    // 200,000 copies of one word at one place: read once, in linear time.
    // Measured as a ratio of this process's CPU time against 25,000 copies
    // (8 times the words: about 8 times the time when linear, 64 when
    // quadratic), so a loaded machine or a sanitizer does not decide it.
    const auto cpu_seconds = [] {
        timespec ts{};
        ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
    };
    const std::vector<Word> few(25000, word("x", 56, 100));
    double t0 = cpu_seconds();
    (void)lay(few);
    const double few_seconds = std::max(cpu_seconds() - t0, 1e-3);
    std::vector<Word> w(200000, word("x", 56, 100));
    t0 = cpu_seconds();
    const PageText p = lay(w);
    EXPECT_LT(cpu_seconds() - t0, 24 * few_seconds) << "25,000 words took " << few_seconds << " s";
    EXPECT_EQ(p.text, "**x**\n");
    EXPECT_EQ(p.doubled_words, 199999U);
    // Boxes that are not numbers, sizes of nothing, far-away columns: kept,
    // and the line stays short.
    std::vector<Word> odd = sentence("vanlig rad", 56, 100);
    odd.push_back(word("nan", 56, 112.5));
    odd.back().x0 = std::numeric_limits<double>::quiet_NaN();
    odd.push_back(word("noll", 56, 125, 0));
    odd.push_back(word("fjärran", 1e7, 137.5));
    const PageText q = lay(odd);
    EXPECT_NE(q.text.find("nan"), std::string::npos);
    EXPECT_NE(q.text.find("noll"), std::string::npos);
    EXPECT_NE(q.text.find("fjärran"), std::string::npos);
    for (const auto& l : lines_of(q.text)) EXPECT_LT(l.size(), 300U) << l;
}

}  // namespace
}  // namespace justera::pdftext
