// SPDX-License-Identifier: GPL-3.0-or-later
// Unreadable input is refused with a clear, located error, never a crash.

#include <gtest/gtest.h>

#include "justera/core/error.hpp"
#include "justera/model/protocol.hpp"

#include <algorithm>
#include "test_support.hpp"

namespace justera {
namespace {

core::Error parse_error(const std::string& text, core::Limits limits = {}) {
    core::Diagnostics d;
    ingest::ParseOptions o;
    o.file_name = "in.txt";
    o.limits = limits;
    try {
        (void)ingest::parse_text(text, o, d);
    } catch (const core::Error& e) {
        return e;
    }
    return core::Error(core::Errc::Unknown, "no error");
}

TEST(IngestErrors, InvalidUtf8NamesLineAndColumn) {
    const auto e = parse_error("§ 1 Godkännande\nrad två \xC3\x28 här\n");
    EXPECT_EQ(e.code(), core::Errc::InputNotUtf8);
    EXPECT_EQ(e.where().line, 2U);
    EXPECT_EQ(e.where().column, 9U);
    EXPECT_EQ(core::exit_code_for(e.code()), 3);
}

TEST(IngestErrors, Latin1FileIsNotUtf8) {
    EXPECT_EQ(parse_error(test::slurp(test::fixture("ingest/malformed/latin1.txt"))).code(), core::Errc::InputNotUtf8);
}

TEST(IngestErrors, TruncatedInTheMiddleOfALetter) {
    std::string seed = test::slurp(test::fixture("seeds/000_9b82ca12656ff44a.txt"));
    const auto cut = seed.find("\xC3\xA4");  // the first ä
    ASSERT_NE(cut, std::string::npos);
    EXPECT_EQ(parse_error(seed.substr(0, cut + 1)).code(), core::Errc::InputNotUtf8);
}

TEST(IngestErrors, TruncatedBeforeAnyParagraph) {
    const std::string seed = test::slurp(test::fixture("seeds/000_9b82ca12656ff44a.txt"));
    EXPECT_EQ(parse_error(seed.substr(0, 400)).code(), core::Errc::IngestNoParagraphs);
}

TEST(IngestErrors, BinaryAndEmpty) {
    EXPECT_EQ(parse_error(std::string("%PDF-1.7\n\x00\x01\x02", 12)).code(), core::Errc::InputBinary);
    EXPECT_EQ(parse_error("§ 1 Titel \xEF\xBF\xBF\n").code(), core::Errc::InputBinary);  // U+FFFF
    EXPECT_EQ(parse_error("").code(), core::Errc::InputEmpty);
    EXPECT_EQ(parse_error("   \n\n\t \n").code(), core::Errc::InputEmpty);
    EXPECT_EQ(parse_error("Bara lite text utan paragrafer.\n").code(), core::Errc::IngestNoParagraphs);
}

TEST(IngestErrors, LimitsAreEnforced) {
    core::Limits l;
    l.max_input_bytes = 1000;
    EXPECT_EQ(parse_error(std::string(2000, 'a'), l).code(), core::Errc::InputTooLarge);
    core::Limits lines;
    lines.max_lines = 10;
    std::string many_lines(20, '\n');  // built in two steps: GCC 12 warns falsely (-Warray-bounds) on string(n, c) + literal
    many_lines += "§ 1 X\n";
    EXPECT_EQ(parse_error(many_lines, lines).code(), core::Errc::InputTooManyLines);
    core::Limits width;
    width.max_line_bytes = 100;
    EXPECT_EQ(parse_error("§ 1 " + std::string(200, 'x'), width).code(), core::Errc::InputLineTooLong);
    core::Limits paras;
    paras.max_paragraphs = 3;
    std::string many;
    for (int k = 1; k <= 5; ++k) many += "§ " + std::to_string(k) + "\nTitel\n\nBeslut\nNämnden beslutar.\n\n";
    EXPECT_EQ(parse_error(many, paras).code(), core::Errc::IngestTooManyParagraphs);
}

TEST(Normalisation, DecomposedLettersBecomeNfcAndAreReported) {
    core::Diagnostics d;
    ingest::ParseOptions o;
    // "Godka\u0308nnande" (a + combining diaeresis) is "Godkännande" in NFC.
    const auto r = ingest::parse_text("\xC2\xA7 1 Godka\xCC\x88nnande av dagordning\n\nBeslut\nKlart.\n", o, d);
    EXPECT_EQ(std::get<model::Protocol>(r.document).paragraphs.at(0).title, "Godk\xC3\xA4nnande av dagordning");
    const auto& items = d.items();
    EXPECT_TRUE(std::any_of(items.begin(), items.end(), [](const auto& x) { return x.code == core::DiagCode::NotNormalized; }));
}

TEST(Header, RoleInItsOwnTabColumnStaysWithTheName) {
    core::Diagnostics d;
    ingest::ParseOptions o;
    const auto r = ingest::parse_text(
        "Beslutande:\n\tAnna-Karin Berg (S)\tordförande\n\tLars Öberg (M)\tvice ordförande\n\n§ 1 Titel\n\nBeslut\nKlart.\n", o, d);
    const auto& m = std::get<model::Protocol>(r.document).members;
    ASSERT_EQ(m.size(), 2U);
    EXPECT_EQ(m[0].role, model::MemberRole::Chair);
    EXPECT_EQ(m[1].role, model::MemberRole::FirstViceChair);
}

TEST(Agenda, OrganOfAnyKindAndNoWebFooter) {
    core::Diagnostics d;
    ingest::ParseOptions o;
    o.layout = ingest::Layout::Agenda;
    const auto r = ingest::parse_text(
        "Kommunstyrelsen\nFöredragningslista\n\n1. Val av justerare\n\n2. Budget 2025\nFörslag till beslut\n1. Budgeten antas.\n"
        "2. Paragrafen justeras omedelbart.\n\nSidan uppdaterades: 2024-11-13\nKontakta oss\n", o, d);
    const auto& a = std::get<model::Agenda>(r.document);
    EXPECT_EQ(a.organ, "Kommunstyrelsen");
    ASSERT_EQ(a.items.size(), 2U);
    EXPECT_TRUE(a.items[1].immediate_proposed());
    EXPECT_TRUE(a.items[1].text.empty());
}

TEST(IngestErrors, DefaultLimitRefusesA50MegabyteFile) {
    const std::string big(50U * 1024U * 1024U, 'a');
    EXPECT_EQ(parse_error(big).code(), core::Errc::InputTooLarge);
}

TEST(Limits, EveryLimitReachedIsARefusal) {
    // verify ends on these (the file rejected, not judged), and so does the CLI: exit 3.
    for (const auto code : {core::Errc::InputTooLarge, core::Errc::InputLineTooLong, core::Errc::InputTooManyLines,
                            core::Errc::IngestTooManyParagraphs, core::Errc::XmlTooDeep, core::Errc::XmlTooManyNodes, core::Errc::PdfOverLimit}) {
        EXPECT_TRUE(core::is_limit(code)) << core::to_string(code);
        EXPECT_EQ(core::exit_code_for(code), 3) << core::to_string(code);
    }
    // A damaged file is judged (TOTAL_FAILED), not refused as over a limit.
    EXPECT_FALSE(core::is_limit(core::Errc::PdfMalformed));
    EXPECT_FALSE(core::is_limit(core::Errc::XmlMalformed));
}

}  // namespace
}  // namespace justera
