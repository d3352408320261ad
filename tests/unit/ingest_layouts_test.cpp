// SPDX-License-Identifier: GPL-3.0-or-later
// The shapes of real protocols that were read wrong, each reproduced in a
// protocol made up here (docs/ingest.md): page furniture found by repetition,
// never by a page's length; labels the reader did not know; case numbers.

#include <gtest/gtest.h>

#include "justera/ingest/ingest.hpp"
#include "justera/xml/xml.hpp"

namespace justera {
namespace {

struct Read {
    model::Protocol protocol;
    ingest::ParseResult result;
    core::Diagnostics diags;
};

Read read(const std::string& text) {
    Read r;
    ingest::ParseOptions opts;
    opts.file_name = "made-up.txt";
    r.result = ingest::parse_text(text, opts, r.diags);
    r.protocol = std::get<model::Protocol>(r.result.document);
    return r;
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

}  // namespace
}  // namespace justera
