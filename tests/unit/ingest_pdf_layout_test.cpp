// SPDX-License-Identifier: GPL-3.0-or-later
// Reading the text justera-pdftext makes of a PDF (ingest::TextSource::PdfLayout,
// docs/ingest.md "PDF input"): heading lines marked **like this** by their
// fonts, columns and blank lines where the page has them. A "§ 12" starts a
// paragraph only where the page sets it as a heading; each case is also read
// as a plain text, to show that it is the layout that decides.

#include <gtest/gtest.h>

#include <algorithm>

#include "justera/ingest/ingest.hpp"
#include "test_support.hpp"
#include "text_util.hpp"

namespace justera {
namespace {

test::ReadText read(const std::string& text, ingest::TextSource source) {
    ingest::ParseOptions opts;
    opts.file_name = "made-up.pdf";
    opts.source = source;
    if (source != ingest::TextSource::PdfLayout) opts.layout = ingest::Layout::PdfText;
    return test::read_text(text, opts);
}

std::vector<int> numbers(const model::Protocol& p) {
    std::vector<int> out;
    for (const auto& x : p.paragraphs) out.push_back(x.number);
    return out;
}

constexpr auto k_layout = ingest::TextSource::PdfLayout;
constexpr auto k_plain = ingest::TextSource::Unknown;

// Bold headings; a sentence wrapped so that "§ 98 Budgetramar" starts a line.
const std::string k_bold =
    "**§ 1     Val av justerare**\n"
    "Anna Berg (S) utses att justera protokollet.\n"
    "\n"
    "**§ 2     Budget 2026**\n"
    "Kommunfullmäktige fastställde ramarna den 12 juni,\n"
    "§ 98 Budgetramar för 2026, och nämnden ska hålla sig inom dem.\n"
    "Förvaltningen redovisar hur det ska gå till.\n"
    "Uppföljning sker varje månad.\n"
    "\n"
    "**Beslut**\n"
    "Nämnden godkänner budgeten.\n"
    "\n"
    "**§ 3     Övriga frågor**\n"
    "Inga övriga frågor anmäls.\n";

TEST(PdfLayoutReading, AWrappedSectionSignInABoldHeadedDocumentIsText) {
    const auto r = read(k_bold, k_layout);
    EXPECT_EQ(numbers(r.protocol), (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(r.result.layout, ingest::Layout::PdfText) << "a PDF's ** lines are heading marks, not Markdown";
    EXPECT_EQ(r.result.unplaced_words, 0U);
    EXPECT_EQ(numbers(read(k_bold, k_plain).protocol), (std::vector<int>{1, 2, 98}));
}

// No bold: headings set apart by a blank line. An indented quotation of a
// paragraph of the rules stands off the margin.
const std::string k_spaced =
    "§ 1  Val av justerare\n"
    "Anna Berg (S) utses att justera protokollet.\n"
    "\n"
    "§ 2  Budget 2026\n"
    "Nämnden citerar reglementet:\n"
    "\n"
    "            § 99 Nämnden ansvarar för budgeten inom sitt område.\n"
    "\n"
    "Förvaltningen har räknat på ramarna.\n"
    "Nämnden godkänner budgeten.\n"
    "Uppföljning sker varje månad.\n"
    "\n"
    "§ 3  Övriga frågor\n"
    "Inga övriga frågor anmäls.\n"
    "\n"
    "§ 4  Nästa sammanträde\n"
    "Nästa sammanträde hålls den 3 juni\n"
    "§ 5 Kommunhuset tar emot allmänheten, enligt tidigare beslut.\n"
    "Ordföranden avslutar mötet.\n";

TEST(PdfLayoutReading, OffTheMarginOrRunningOnASectionSignIsText) {
    EXPECT_EQ(numbers(read(k_spaced, k_layout).protocol), (std::vector<int>{1, 2, 3, 4}));
    EXPECT_EQ(numbers(read(k_spaced, k_plain).protocol), (std::vector<int>{1, 2, 99}));
}

// A contents list without dot leaders does not outvote the headings set
// apart below it.
TEST(PdfLayoutReading, AContentsListDoesNotHideHowHeadingsAreSetApart) {
    const std::string text =
        "Innehåll\n"
        "§ 1 Val av justerare\n"
        "§ 2 Budget 2026\n"
        "§ 3 Övriga frågor\n"
        "§ 4 Nästa sammanträde\n"
        "\f" + k_bold;
    EXPECT_EQ(numbers(read(text, k_layout).protocol), (std::vector<int>{1, 2, 3}));
}

// Headings run straight on from the text above them, as in a PDF set from
// plain text: nothing sets them apart, so none is taken for a wrapped line.
TEST(PdfLayoutReading, WhereNothingSetsHeadingsApartEveryHeadingStays) {
    const std::string text =
        "§ 1  Val av justerare\n"
        "Anna Berg (S) utses att justera protokollet. Beslutet skickas till\n"
        "§ 2  Budget 2026\n"
        "Nämnden godkänner budgeten. Beslutet skickas till\n"
        "§ 3  Övriga frågor\n"
        "Inga övriga frågor anmäls.\n";
    EXPECT_EQ(numbers(read(text, k_layout).protocol), (std::vector<int>{1, 2, 3}));
}

TEST(PdfLayoutReading, ABoldTitleOverTwoLinesIsOneTitle) {
    const std::string text =
        "**§ 4     Ansökan om medel ur kommunstyrelsens**\n"
        "          **utvecklingsfond för föreningslivet**\n"
        "Dnr KS 2025/40\n"
        "\n"
        "Föreningen ansöker om 85 000 kronor.\n"
        "\n"
        "**Beslut**\n"
        "Kommunstyrelsen beviljar ansökan.\n";
    const auto r = read(text, k_layout);
    ASSERT_EQ(r.protocol.paragraphs.size(), 1U);
    EXPECT_EQ(r.protocol.paragraphs[0].title, "Ansökan om medel ur kommunstyrelsens utvecklingsfond för föreningslivet");
    ASSERT_EQ(r.protocol.paragraphs[0].case_numbers.size(), 1U);
    EXPECT_EQ(r.protocol.paragraphs[0].case_numbers[0].written, "KS 2025/40");
}

TEST(PdfLayoutReading, ASoftHyphenAtALinesEndJoinsTheWord) {
    std::string joined = "åtgärder till kommun\xC2\xAD";
    ingest::text::join_line(joined, "styrelsen i april.");
    EXPECT_EQ(joined, "åtgärder till kommunstyrelsen i april.");
    const std::string text =
        "**§ 1     Budgetuppföljning**\n"
        "\n"
        "**Sammanfattning**\n"
        "Ekonomiavdelningen redovisar utfallet för februari. Verksamheterna\n"
        "redovisar åtgärder till kommun\xC2\xAD\n"
        "styrelsen i april.\n";
    const auto r = read(text, k_layout);
    EXPECT_EQ(r.result.unplaced_words, 0U) << "the ledger reads the two halves as one word";
    bool found = false;
    for (const auto& s : r.protocol.paragraphs.at(0).sections) {
        for (const auto& b : s.blocks) found = found || b.text.find("kommunstyrelsen i april") != std::string::npos;
    }
    for (const auto& d : r.protocol.paragraphs.at(0).decision) found = found || d.text.find("kommunstyrelsen i april") != std::string::npos;
    EXPECT_TRUE(found);
}

}  // namespace
}  // namespace justera
