// SPDX-License-Identifier: GPL-3.0-or-later
// "What the parser cannot place is kept, never dropped": every word of a
// protocol's body (from the first § to the signature trailer) must appear in
// the canonical XML at least as often as in the source. Page furniture is the
// only text left out on purpose, and it is named here.

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "justera/xml/xml.hpp"
#include "test_support.hpp"

namespace justera {
namespace {

/// Words: runs of letters and digits. Non-ASCII code points from U+00C0 on
/// are letters, except general punctuation (U+2000-U+206F); "§" is punctuation.
std::map<std::string, int> words(std::string_view s) {
    std::map<std::string, int> out;
    std::string cur;
    for (std::size_t i = 0; i < s.size();) {
        const auto u = static_cast<unsigned char>(s[i]);
        std::size_t len = u < 0x80 ? 1 : (u & 0xE0) == 0xC0 ? 2 : (u & 0xF0) == 0xE0 ? 3 : 4;
        char32_t cp = u < 0x80 ? u : (u & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07));
        for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        const bool letter = (cp < 0x80 && std::isalnum(static_cast<int>(cp))) ||
                            (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && !(cp >= 0x2000 && cp <= 0x206F));
        if (letter) {
            cur.append(s.substr(i, len));
        } else if (!cur.empty()) {
            ++out[cur];
            cur.clear();
        }
        i += len;
    }
    if (!cur.empty()) ++out[cur];
    return out;
}

std::string unescape(std::string s) {
    for (const auto& [from, to] : std::map<std::string, std::string>{{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}}) {
        for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + 1)) s.replace(p, from.size(), to);
    }
    return s;
}

/// "Dnr" is the label of a case number, kept as the caseNumber element.
const std::set<std::string> k_labels{"Dnr"};

struct BodyCase {
    std::string file;
    std::size_t first_line;  ///< the first § heading (1-based)
    std::size_t end_line;    ///< first line after the body (the trailer), or 0 for the end
    std::set<std::string> furniture;  ///< words of page headers and footers, left out on purpose
};

void PrintTo(const BodyCase& c, std::ostream* os) { *os << c.file; }

class NothingDropped : public ::testing::TestWithParam<BodyCase> {};

TEST_P(NothingDropped, EveryBodyWordIsInTheXml) {
    const auto& c = GetParam();
    const std::string source = test::slurp(test::fixture(c.file));
    std::string body;
    std::size_t line = 1;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= source.size(); ++i) {
        if (i < source.size() && source[i] != '\n') continue;
        if (line >= c.first_line && (c.end_line == 0 || line < c.end_line)) body += source.substr(start, i - start) + "\n";
        ++line;
        start = i + 1;
    }
    const auto parsed = test::parse_fixture(c.file);
    const auto in_xml = words(unescape(xml::to_xml(parsed.result.document)));
    for (const auto& [w, n] : words(body)) {
        if (c.furniture.count(w) || k_labels.count(w)) continue;
        const auto it = in_xml.find(w);
        const int have = it == in_xml.end() ? 0 : it->second;
        EXPECT_GE(have, n) << "the word \"" << w << "\" occurs " << n << " times in the body of " << c.file
                           << " but " << have << " times in its XML";
    }
}

INSTANTIATE_TEST_SUITE_P(
    Protocols, NothingDropped,
    ::testing::Values(BodyCase{"seeds/000_9b82ca12656ff44a.txt", 58, 1011, {}},
                      BodyCase{"seeds/004_187fbd7e2f1d6b52.txt", 60, 290, {}},
                      BodyCase{"seeds/003_cf49da6b8fe401db.txt", 1, 0, {"Sida", "21", "25", "54", "Protokoll", "nr", "3", "2025", "02", "18", "Socialnämnden"}},
                      BodyCase{"ingest/valid/kf-fullmaktige.txt", 67, 0, {}}));

}  // namespace
}  // namespace justera

// ---------------------------------------------------------------- the ledger
// The reader's own account of every word (src/ingest/ledger.cpp): what it
// cannot find in the model is kept whole as <unplaced>, so a reader's mistake
// shows as a warning, never as a silent loss.

#include "ledger.hpp"

namespace justera {
namespace {

std::string read_source(const std::string& file) { return test::slurp(test::fixture(file)); }

TEST(Ledger, ADroppedDecisionIsKeptAsUnplacedText) {
    const std::string file = "ingest/valid/kf-fullmaktige.txt";
    const auto parsed = test::parse_fixture(file);
    auto p = std::get<model::Protocol>(parsed.result.document);
    // The reader "forgets" § 22's decision and sections, as a reader with a
    // wrong page rule did.
    auto& para = *std::find_if(p.paragraphs.begin(), p.paragraphs.end(), [](const auto& x) { return x.number == 22; });
    para.decision.clear();
    para.sections.clear();
    p.unplaced.clear();
    core::Diagnostics diags;
    const auto r = ingest::account_words(read_source(file), parsed.result.furniture, p, file, diags);
    EXPECT_GT(r.unplaced_words, 20U);
    ASSERT_FALSE(p.unplaced.empty());
    const std::string xml = xml::to_xml(p);
    for (const auto& u : p.unplaced) {
        EXPECT_NE(xml.find("line=\"" + std::to_string(u.line) + "\""), std::string::npos);
    }
    EXPECT_TRUE(diags.has_warnings());
}

TEST(Ledger, ADroppedAttendanceLineIsFound) {
    const std::string file = "ingest/valid/ks-layout-pdftotext.txt";
    const auto parsed = test::parse_fixture(file);
    auto p = std::get<model::Protocol>(parsed.result.document);
    const auto before = p.members.size();
    p.members.erase(std::remove_if(p.members.begin(), p.members.end(), [](const auto& m) { return m.name == "Kent Olofsson"; }),
                    p.members.end());
    ASSERT_EQ(p.members.size() + 1, before);
    p.unplaced.clear();
    core::Diagnostics diags;
    ingest::account_words(read_source(file), parsed.result.furniture, p, file, diags);
    ASSERT_EQ(p.unplaced.size(), 1U);
    EXPECT_NE(p.unplaced.front().text.find("Kent Olofsson"), std::string::npos);
}

TEST(Ledger, WordsFoldCaseDiacriticsAndLeadingZeros) {
    EXPECT_EQ(ingest::ledger_words("Göran (S), 1:e vice ordförande, kl. 09.05"),
              (std::vector<std::string>{"goran", "s", "1", "e", "vice", "ordforande", "kl", "9", "5"}));
    EXPECT_EQ(ingest::ledger_words("<a id=\"_Toc1\"></a>KS § 45 Budget"), (std::vector<std::string>{"45", "budget"}));
}

/// The ledger folds Swedish text in one pass and anything else in two; both
/// must give the same words. Generated text from pieces that meet each rule
/// (markup, "KS §" abbreviations with and without spaces, soft hyphens,
/// Latin-1 letters and symbols, dashes, quotes, no-break spaces, numbers).
TEST(Ledger, OnePassFoldEqualsTheTwoPasses) {
    const std::vector<std::string_view> pieces{
        "KS", "AB", "ABCDEFG", "x", "Kommun", "\xC3\x85", "\xC3\xA9", "\xC3\x9F", "\xC3\x97", "\xC2\xA7", "\xC2\xAD",
        "<br>", "<a id=\"1\">", "</a>", "<", ">", "<1", " ", "  ", ".", ",", "-", "\xE2\x80\x93", "\xE2\x80\x9D",
        "\xC2\xA0", "0", "007", "\t", "/", "_", "(", "\xE2\x80\xA6", "\xC3\x86", "\xC3\xBE", "I", "\xC2\xB4"};
    std::mt19937 random(20261206);  // fixed: the same texts every run
    std::size_t compared = 0;
    for (int n = 0; n < 20000; ++n) {
        std::string text;
        const auto count = 1 + random() % 12;
        for (std::size_t k = 0; k < count; ++k) text += pieces[random() % pieces.size()];
        const auto fast = ingest::ledger_fold_fast(text);
        ASSERT_TRUE(fast.has_value()) << text;
        ASSERT_EQ(*fast, ingest::ledger_fold_reference(text)) << "text: \"" << text << "\"";
        ++compared;
    }
    EXPECT_EQ(compared, 20000U);
    EXPECT_EQ(ingest::ledger_fold_reference("KS \xC2\xA7 45 Budget"), "45 budget");
    // Other scripts, C1 controls and malformed UTF-8 take the two passes.
    EXPECT_FALSE(ingest::ledger_fold_fast("\xD0\xA1\xD0\xB5\xD1\x80\xD0\xB3\xD0\xB5\xD0\xB9").has_value());
    EXPECT_FALSE(ingest::ledger_fold_fast("a\xC2\x85").has_value());
    EXPECT_FALSE(ingest::ledger_fold_fast("a\xC3(").has_value());
    EXPECT_EQ(ingest::ledger_words("\xD0\xA1\xD0\xB5\xD1\x80\xD0\xB3\xD0\xB5\xD0\xB9 KS \xC2\xA7 4"),
              (std::vector<std::string>{"sergej", "4"}));
}

/// Every fixture: nothing the reader placed nowhere is missing from the XML.
class LedgerOnFixtures : public ::testing::TestWithParam<std::string> {};

TEST_P(LedgerOnFixtures, UnplacedLinesAreInTheXml) {
    const auto parsed = test::parse_fixture(GetParam());
    if (!std::holds_alternative<model::Protocol>(parsed.result.document)) GTEST_FAIL() << "not a protocol";
    const auto& p = std::get<model::Protocol>(parsed.result.document);
    const std::string xml = xml::to_xml(p);
    for (const auto& u : p.unplaced) {
        EXPECT_NE(xml.find("<unplaced line=\"" + std::to_string(u.line) + "\">"), std::string::npos) << u.text;
    }
    EXPECT_LE(parsed.result.unplaced_words, parsed.result.words);
    EXPECT_GT(parsed.result.words, 50U);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, LedgerOnFixtures,
                         ::testing::Values("seeds/000_9b82ca12656ff44a.txt", "seeds/003_cf49da6b8fe401db.txt",
                                           "seeds/004_187fbd7e2f1d6b52.txt", "ingest/valid/kf-fullmaktige.txt",
                                           "ingest/valid/miljo-utdrag.txt", "ingest/blind/region-halso-sjukvard.md"));

}  // namespace
}  // namespace justera
