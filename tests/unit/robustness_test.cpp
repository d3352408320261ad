// SPDX-License-Identifier: GPL-3.0-or-later
// Damaged versions of the seeds (bytes flipped, lines cut, swapped, repeated)
// must give a result or a justera::core::Error: never a crash, a foreign
// exception, or XML that fails its own schema. The generator is seeded, so a
// failure reproduces; the seed is printed with it.

#include <gtest/gtest.h>

#include <random>

#include "justera/core/error.hpp"
#include "justera/model/protocol.hpp"
#include "justera/pdf/embedded.hpp"
#include "justera/pdf/render.hpp"
#include "justera/xml/xml.hpp"
#include "test_support.hpp"

namespace justera {
namespace {

std::string mutate(std::string s, std::mt19937& rng) {
    std::uniform_int_distribution<int> kind(0, 5);
    const auto pos = [&] { return std::uniform_int_distribution<std::size_t>(0, s.empty() ? 0 : s.size() - 1)(rng); };
    const int rounds = std::uniform_int_distribution<int>(1, 8)(rng);
    for (int r = 0; r < rounds && !s.empty(); ++r) {
        switch (kind(rng)) {
            case 0: s[pos()] = static_cast<char>(rng() & 0x7F); break;                // flip to ASCII
            case 1: s.erase(pos(), std::uniform_int_distribution<std::size_t>(1, 400)(rng)); break;
            case 2: { const auto p = pos(); s.insert(p, s.substr(pos(), 300)); break; } // duplicate a run
            case 3: s.insert(pos(), "\n\xC2\xA7 " + std::to_string(rng() % 100) + "\n"); break;  // stray §
            case 4: s.insert(pos(), std::string(std::uniform_int_distribution<std::size_t>(1, 50)(rng), '\n')); break;
            default: s.resize(pos()); break;                                              // truncate
        }
    }
    return s;
}

class Damaged : public ::testing::TestWithParam<std::string> {};

TEST_P(Damaged, ResultOrJusteraErrorNeverACrash) {
    const std::string original = test::slurp(test::fixture(GetParam()));
    std::mt19937 rng(20261122U);
    const core::Limits limits;
    int parsed = 0;
    int refused = 0;
    for (int i = 0; i < 120; ++i) {
        const std::string input = mutate(original, rng);
        core::Diagnostics d;
        ingest::ParseOptions o;
        o.file_name = "damaged";
        try {
            const auto r = ingest::parse_text(input, o, d);
            const std::string xml_text = xml::to_xml(r.document);
            const auto back = xml::load(xml_text, "damaged.xml", limits);  // must pass its own schema
            EXPECT_EQ(back.canonical, xml_text) << "iteration " << i;
            // Whatever the parser made of it renders, and the PDF carries the XML back.
            if (const auto* p = std::get_if<model::Protocol>(&r.document); p && i % 4 == 0) {
                pdf::RenderOptions ro;
                const auto out = pdf::render(*p, xml_text, back.fingerprint, ro);
                EXPECT_EQ(pdf::read_embedded(out.pdf, "damaged.pdf", limits).xml, xml_text) << "iteration " << i;
            }
            ++parsed;
        } catch (const core::Error& e) {
            ++refused;
            EXPECT_NE(core::exit_code_for(e.code()), 70) << "iteration " << i << ": " << e.what();
            if (e.code() == core::Errc::XmlSchemaViolation) ADD_FAILURE() << "iteration " << i << ": " << e.what();
        } catch (const std::exception& e) {
            ADD_FAILURE() << "iteration " << i << ": foreign exception: " << e.what();
        }
    }
    EXPECT_EQ(parsed + refused, 120);
    EXPECT_GT(parsed, 0);
}

INSTANTIATE_TEST_SUITE_P(Seeds, Damaged,
                         ::testing::Values("seeds/000_9b82ca12656ff44a.txt", "seeds/001_79249be5eea60560.txt",
                                           "seeds/002_7ac823c5cdfc07f6.txt", "seeds/003_cf49da6b8fe401db.txt",
                                           "seeds/004_187fbd7e2f1d6b52.txt", "ingest/valid/ks-layout-pdftotext.txt",
                                           "ingest/valid/bun-markdown-converter.md"));

TEST(Pathological, ManyPageBreaksAndBlankLinesStayLinear) {
    // 100,000 form feeds between blank lines, then one paragraph: the page
    // furniture scan must not look at every blank line from every page break.
    std::string text;
    for (int i = 0; i < 100000; ++i) text += "\n\f\n";
    text += "§ 1 Godkännande av dagordning\n\nBeslut\nDagordningen godkändes.\n";
    core::Diagnostics d;
    ingest::ParseOptions o;
    const auto r = ingest::parse_text(text, o, d);
    EXPECT_EQ(std::get<model::Protocol>(r.document).paragraphs.size(), 1U);
}

TEST(Pathological, AWordLongerThanManyLinesRendersInLinearTime) {
    std::string text = "§ 1 " + std::string(200000, 'X') + "\n\nBeslut\n" + std::string(100000, 'y') + ".\n";
    core::Diagnostics d;
    ingest::ParseOptions o;
    const auto r = ingest::parse_text(text, o, d);
    const std::string x = xml::to_xml(r.document);
    const auto out = pdf::render(std::get<model::Protocol>(r.document), x, "0", pdf::RenderOptions{});
    EXPECT_GT(out.pages, 10U);
}

TEST(Pathological, ALabelWithAVeryLongValueStaysLinear) {
    // "Justerare Anna Berg Berg ...": the value is searched for a paragraph
    // label run into it ("... Paragrafer 31-35") only at its end, not at every
    // word (which made a 250 KB line take seconds).
    std::string text = "Kommunstyrelsen 2025-01-01\nJusterare Anna";
    for (int i = 0; i < 50000; ++i) text += " Berg";
    text += " Paragrafer 1-2\n\n§ 1 Budget\n\nBeslut\nGodkänns.\n\n§ 2 Taxa\n\nBeslut\nGodkänns.\n";
    core::Diagnostics d;
    ingest::ParseOptions o;
    const auto r = ingest::parse_text(text, o, d);
    EXPECT_EQ(std::get<model::Protocol>(r.document).paragraph_range, (std::vector<int>{1, 2}));
}

TEST(Pathological, HeaderLabelsInEveryColumn) {
    std::string text;
    for (int i = 0; i < 20000; ++i) text += std::string(static_cast<std::size_t>(i % 60), ' ') + "Justerare   Anna Ek (S)\n";
    text += "§ 1 Titel\n\nBeslut\nBeslutat.\n";
    core::Diagnostics d;
    ingest::ParseOptions o;
    const auto r = ingest::parse_text(text, o, d);
    EXPECT_EQ(std::get<model::Protocol>(r.document).adjusters.size(), 1U);
}

}  // namespace
}  // namespace justera
