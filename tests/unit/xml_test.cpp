// SPDX-License-Identifier: GPL-3.0-or-later
// Canonical XML: round trips, the fingerprint, and hostile or invalid XML.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/xml/xml.hpp"
#include "test_support.hpp"

namespace justera {
namespace {

const core::Limits k_limits{};

core::Errc load_error(const std::string& xml_text, const core::Limits& limits = k_limits) {
    try {
        (void)xml::load(xml_text, "hostile.xml", limits);
    } catch (const core::Error& e) {
        return e.code();
    }
    return core::Errc::Unknown;
}

/// The writer escapes as the canonical form does (text: & < > CR; attribute
/// values: & < " TAB LF CR) and sorts attributes: what it writes is its own
/// Exclusive C14N, the values come back unchanged.
TEST(Writer, EscapesAsTheCanonicalFormDoes) {
    model::Protocol p;
    p.organ = "Bygg- & milj\xC3\xB6n\xC3\xA4mnden <AU> \"s\xC3\xA4rskild\" > 'x'\r\ttab";
    model::Paragraph para;
    para.number = 7;
    para.title = "Title with ]]> and &amp; written out";
    para.decision_heading = "Heading \"quoted\" & <tagged>\twith\ntab, LF\rand CR > 'apos'";
    model::DecisionPoint pt;
    pt.text = "Beslut.";
    para.decision.push_back(pt);
    p.paragraphs.push_back(para);
    const std::string xml_text = xml::to_xml(p);
    EXPECT_NE(xml_text.find("&amp; milj"), std::string::npos);
    EXPECT_NE(xml_text.find("&lt;AU&gt; \"s"), std::string::npos);  // quotes stay in text
    EXPECT_NE(xml_text.find("&#xD;\ttab"), std::string::npos);
    EXPECT_NE(xml_text.find("heading=\"Heading &quot;quoted&quot; &amp; &lt;tagged>&#x9;with&#xA;tab, LF&#xD;and CR > 'apos'\""),
              std::string::npos);
    EXPECT_NE(xml_text.find("<paragraph immediate=\"false\" number=\"7\">"), std::string::npos);  // sorted
    const auto loaded = xml::load(xml_text, "escaped.xml", k_limits);
    EXPECT_TRUE(loaded.in_canonical_layout);
    EXPECT_EQ(loaded.canonical, xml_text);
    const auto& back = std::get<model::Protocol>(loaded.document);
    EXPECT_EQ(back.organ, p.organ);
    ASSERT_EQ(back.paragraphs.size(), 1U);
    EXPECT_EQ(back.paragraphs[0].title, para.title);
    EXPECT_EQ(back.paragraphs[0].decision_heading, para.decision_heading);
}

class RoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(RoundTrip, ModelXmlModelXmlIsByteIdentical) {
    const auto parsed = test::parse_fixture(GetParam());
    const std::string first = xml::to_xml(parsed.result.document);
    const auto loaded = xml::load(first, "first.xml", k_limits);
    EXPECT_TRUE(loaded.in_canonical_layout);     // the writer's output is its own exc-c14n
    EXPECT_EQ(loaded.canonical, first);
    EXPECT_EQ(loaded.fingerprint, core::sha256_hex(first));
    EXPECT_TRUE(loaded.document == parsed.result.document);  // model -> XML -> model
    EXPECT_EQ(xml::to_xml(loaded.document), first);           // ... -> XML
    EXPECT_TRUE(xml::check_consistency(loaded.document, "first.xml").empty());
}

INSTANTIATE_TEST_SUITE_P(Seeds, RoundTrip,
                         ::testing::Values("seeds/000_9b82ca12656ff44a.txt", "seeds/001_79249be5eea60560.txt",
                                           "seeds/002_7ac823c5cdfc07f6.txt", "seeds/003_cf49da6b8fe401db.txt",
                                           "seeds/004_187fbd7e2f1d6b52.txt", "ingest/valid/ks-layout-pdftotext.txt",
                                           "ingest/valid/bun-markdown-converter.md", "ingest/valid/kf-fullmaktige.txt",
                                           "ingest/valid/tekn-agenda.txt"));

TEST(Fingerprint, StableAcrossRunsAndIndependentOfLayoutOfTheFile) {
    const auto parsed = test::parse_fixture("seeds/004_187fbd7e2f1d6b52.txt");
    const std::string a = xml::to_xml(parsed.result.document);
    const std::string b = xml::to_xml(test::parse_fixture("seeds/004_187fbd7e2f1d6b52.txt").result.document);
    EXPECT_EQ(a, b);
    // The same document with an XML declaration and a comment: same canonical form.
    const std::string decorated = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a comment -->\n" + a + "\n";
    const auto loaded = xml::load(decorated, "decorated.xml", k_limits);
    EXPECT_EQ(loaded.fingerprint, core::sha256_hex(a));
    EXPECT_FALSE(loaded.in_canonical_layout);
}

TEST(Fingerprint, HashedAsWrittenIsTheSameAsHeld) {
    // The canonical form only hashed on its way out (verification of large
    // protocols) gives the fingerprint and the layout verdict of the held form.
    const std::string a = xml::to_xml(test::parse_fixture("seeds/000_9b82ca12656ff44a.txt").result.document);
    for (const std::string& text : {a, "<?xml version=\"1.0\"?>\n" + a, "<!-- c -->" + a, a + "\n"}) {
        const auto held = xml::load(text, "a.xml", k_limits);
        const auto hashed = xml::load(text, "a.xml", k_limits, /*keep_canonical=*/false);
        EXPECT_EQ(hashed.fingerprint, held.fingerprint);
        EXPECT_EQ(hashed.in_canonical_layout, held.in_canonical_layout);
        EXPECT_TRUE(hashed.canonical.empty());
        EXPECT_EQ(hashed.document, held.document);
    }
    EXPECT_TRUE(xml::load(a, "a.xml", k_limits, false).in_canonical_layout);
    EXPECT_EQ(xml::load(a, "a.xml", k_limits, false).fingerprint, core::sha256_hex(a));
}

/// A source handing out `text` in pieces of at most `piece` bytes.
xml::Source pieces_of(const std::string& text, std::size_t piece) {
    return [&text, piece, at = std::size_t{0}](char* into, std::size_t room) mutable {
        const std::size_t n = std::min({room, piece, text.size() - at});
        std::memcpy(into, text.data() + at, n);
        at += n;
        return n;
    };
}

TEST(FromPieces, TheSameDocumentFingerprintAndLayoutAsFromBytesHeld) {
    // verify inflates a large embedded XML into the parser as it reads;
    // whatever the pieces, the result is that of the bytes held whole.
    const std::string a = xml::to_xml(test::parse_fixture("seeds/000_9b82ca12656ff44a.txt").result.document);
    for (const std::string& text : {a, "<?xml version=\"1.0\"?>\n" + a, "<!-- c -->" + a, a + "\n"}) {
        const auto held = xml::load(text, "a.xml", k_limits);
        for (const std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{300}, std::size_t{4096}, text.size()}) {
            SCOPED_TRACE(piece);
            const auto pulled = xml::load_from(pieces_of(text, piece), "a.xml", k_limits);
            EXPECT_EQ(pulled.fingerprint, held.fingerprint);
            EXPECT_EQ(pulled.in_canonical_layout, held.in_canonical_layout);
            EXPECT_TRUE(pulled.canonical.empty());
            EXPECT_EQ(pulled.document, held.document);
        }
    }
    EXPECT_TRUE(xml::load_from(pieces_of(a, 100), "a.xml", k_limits).in_canonical_layout);
}

TEST(FromPieces, ADoctypeIsRefusedWhereverThePiecesSplitIt) {
    const std::string x = "<!DOCTYPE protocol [<!ENTITY e \"x\">]><protocol xmlns=\"urn:justera:protokoll:1\"/>";
    const std::string late = "<protocol xmlns=\"urn:justera:protokoll:1\"><!-- <!ENTITY --></protocol>";
    for (const std::string* text : {&x, &late}) {
        for (std::size_t piece = 1; piece <= 12; ++piece) {
            SCOPED_TRACE(piece);
            try {
                (void)xml::load_from(pieces_of(*text, piece), "d.xml", k_limits);
                ADD_FAILURE() << "not refused";
            } catch (const core::Error& e) {
                EXPECT_EQ(e.code(), core::Errc::XmlDoctypeForbidden) << e.what();
            }
        }
    }
}

TEST(FromPieces, ADeclarationAcrossTheParsersOwnReadsIsRefused) {
    // The loader fills each read libxml2 asks for (about 4,000 bytes) from
    // the source: a declaration is split between two reads where it falls
    // near that boundary, and must be found across it.
    for (std::size_t at = 3980; at <= 4020; ++at) {
        SCOPED_TRACE(at);
        const std::string doctype =
            "<!--" + std::string(at - 7, 'x') + "--><!DOCTYPE protocol [<!ENTITY e \"x\">]><protocol xmlns=\"urn:justera:protokoll:1\"/>";
        const std::string open = "<protocol xmlns=\"urn:justera:protokoll:1\"><!--";
        const std::string late = open + std::string(at - open.size(), 'x') + "<!ENTITY x --></protocol>";
        ASSERT_EQ(doctype.find("<!DOCTYPE"), at);
        ASSERT_EQ(late.find("<!ENTITY"), at);
        for (const std::string* text : {&doctype, &late}) {
            try {
                (void)xml::load_from(pieces_of(*text, 4096), "d.xml", k_limits);
                ADD_FAILURE() << "not refused";
            } catch (const core::Error& e) {
                EXPECT_EQ(e.code(), core::Errc::XmlDoctypeForbidden) << e.what();
            }
        }
    }
}

/// ASCII text as UTF-16, little-endian, with its byte order mark.
std::string utf16le(const std::string& ascii) {
    std::string out = "\xFF\xFE";
    for (const char c : ascii) {
        out += c;
        out += '\0';
    }
    return out;
}

TEST(FromPieces, ADoctypeInUtf16IsRefusedBeforeItIsRead) {
    // The byte search cannot see "<!DOCTYPE" written in UTF-16; the parser's
    // declaration events end the parse before anything declared is stored.
    std::string laughs = "<!DOCTYPE protocol [<!ENTITY a \"aaaaaaaaaa\">";
    for (char c = 'b'; c <= 'j'; ++c) {
        laughs += "<!ENTITY ";
        laughs += c;
        laughs += " \"";
        for (int k = 0; k < 10; ++k) laughs += std::string("&") + static_cast<char>(c - 1) + ";";
        laughs += "\">";
    }
    laughs += "]><protocol xmlns=\"urn:justera:protokoll:1\"><organ>&j;</organ></protocol>";
    const std::string utf16 = utf16le(laughs);
    ASSERT_EQ(utf16.find("<!DOCTYPE"), std::string::npos);
    EXPECT_EQ(load_error(utf16), core::Errc::XmlDoctypeForbidden);
    try {
        (void)xml::load_from(pieces_of(utf16, 4096), "u.xml", k_limits);
        ADD_FAILURE() << "not refused";
    } catch (const core::Error& e) {
        EXPECT_EQ(e.code(), core::Errc::XmlDoctypeForbidden) << e.what();
    }
    // Refused at the declaration, not after: an entity of 100 elements,
    // once read, would first be over a limit of 50 nodes.
    std::string many = "<!DOCTYPE protocol [<!ENTITY e \"";
    for (int k = 0; k < 100; ++k) many += "<a/>";
    many += "\">]><protocol xmlns=\"urn:justera:protokoll:1\"><organ>&e;</organ></protocol>";
    const std::string many16 = utf16le(many);
    core::Limits fifty;
    fifty.max_xml_nodes = 50;
    EXPECT_EQ(load_error(many16, fifty), core::Errc::XmlDoctypeForbidden);
}

TEST(FromPieces, TheSizeLimitHoldsForASourceOfUnknownLength) {
    core::Limits small;
    small.max_input_bytes = 1000;
    const std::string x = "<protocol xmlns=\"urn:justera:protokoll:1\">" + std::string(5000, ' ') + "</protocol>";
    try {
        (void)xml::load_from(pieces_of(x, 64), "big.xml", small);
        FAIL() << "not refused";
    } catch (const core::Error& e) {
        EXPECT_EQ(e.code(), core::Errc::InputTooLarge);
        EXPECT_NE(std::string(e.what()).find("1000"), std::string::npos) << e.what();
    }
}

TEST(FromPieces, ASourceThatFailsEndsTheLoadWithItsError) {
    // The source fails after 20 KB, when libxml2 has parsed several reads.
    const std::string good = xml::to_xml(test::parse_fixture("seeds/000_9b82ca12656ff44a.txt").result.document);
    ASSERT_GT(good.size(), 40'000U);
    std::size_t at = 0;
    const xml::Source failing = [&](char* into, std::size_t room) -> std::size_t {
        if (at >= 20'000) throw core::Error(core::Errc::PdfMalformed, "a compressed stream is corrupt");
        const std::size_t n = std::min({room, std::size_t{1000}, 20'000 - at});
        std::memcpy(into, good.data() + at, n);
        at += n;
        return n;
    };
    try {
        (void)xml::load_from(failing, "e.xml", k_limits);
        FAIL() << "no error";
    } catch (const core::Error& e) {
        EXPECT_EQ(e.code(), core::Errc::PdfMalformed);
        EXPECT_STREQ(e.what(), "a compressed stream is corrupt");
    }
    EXPECT_EQ(at, 20'000U);
}

TEST(HostileXml, EndlessElementsStopAtTheNodeLimitWhileParsing) {
    // Nodes are counted as they are parsed: an endless stream of elements
    // ends at the limit, not when memory or the size limit runs out.
    core::Limits limits;
    limits.max_xml_nodes = 10'000;
    limits.max_input_bytes = std::size_t{1} << 40;
    std::size_t given = 0;
    const xml::Source endless = [&given](char* into, std::size_t room) -> std::size_t {
        const std::string_view head = "<protocol xmlns=\"urn:justera:protokoll:1\">";
        std::size_t n = 0;
        for (; n < room; ++n, ++given) into[n] = given < head.size() ? head[given] : "<a/>"[(given - head.size()) % 4];
        return n;
    };
    try {
        (void)xml::load_from(endless, "endless.xml", limits);
        FAIL() << "no error";
    } catch (const core::Error& e) {
        EXPECT_EQ(e.code(), core::Errc::XmlTooManyNodes);
        EXPECT_NE(std::string(e.what()).find("--max-xml-nodes"), std::string::npos);
    }
    EXPECT_LT(given, 200'000U);  // about 4 bytes a node, and a few buffers more
    // The same bytes held whole are refused the same way.
    std::string whole = "<protocol xmlns=\"urn:justera:protokoll:1\">";
    for (int k = 0; k < 20'000; ++k) whole += "<a/>";
    whole += "</protocol>";
    EXPECT_EQ(load_error(whole, limits), core::Errc::XmlTooManyNodes);
}

TEST(HostileXml, NodesBeforeTheRootCountToo) {
    // Processing instructions and comments before the root element are
    // nodes of the tree like any other: a prolog of them is held to the limit.
    core::Limits limits;
    limits.max_xml_nodes = 1'000;
    std::string x;
    for (int k = 0; k < 2'000; ++k) x += k % 2 ? "<?a?>" : "<!--c-->";
    x += "<protocol xmlns=\"urn:justera:protokoll:1\"/>";
    EXPECT_EQ(load_error(x, limits), core::Errc::XmlTooManyNodes);
    EXPECT_EQ(load_error(x), core::Errc::XmlSchemaViolation);  // within the default limit: read, and only the schema objects
}

TEST(HostileXml, ATextOfMoreThanTenMillionBytesIsRefused) {
    // libxml2's own cap on one text node, kept while text is gathered.
    core::Limits limits;
    limits.max_input_bytes = 64U * 1024U * 1024U;
    const std::string x = "<protocol xmlns=\"urn:justera:protokoll:1\"><organ>" + std::string(10'000'001, 'x') + "</organ></protocol>";
    EXPECT_EQ(load_error(x, limits), core::Errc::XmlMalformed);
    const std::string fits = "<protocol xmlns=\"urn:justera:protokoll:1\"><organ>" + std::string(10'000'000, 'x') + "</organ></protocol>";
    EXPECT_EQ(load_error(fits, limits), core::Errc::XmlSchemaViolation);  // read whole; only the schema objects
}

TEST(HostileXml, ExternalEntityRefused) {
    EXPECT_EQ(load_error(test::slurp(test::fixture("xml/hostile/xxe-file.xml"))), core::Errc::XmlDoctypeForbidden);
}

TEST(HostileXml, BillionLaughsRefused) {
    EXPECT_EQ(load_error(test::slurp(test::fixture("xml/hostile/billion-laughs.xml"))), core::Errc::XmlDoctypeForbidden);
}

TEST(HostileXml, DeepNestingRefused) {
    std::string deep;
    for (int k = 0; k < 5000; ++k) deep += "<a>";
    for (int k = 0; k < 5000; ++k) deep += "</a>";
    const auto code = load_error(deep);
    EXPECT_TRUE(code == core::Errc::XmlTooDeep || code == core::Errc::XmlMalformed) << core::to_string(code);
}

TEST(HostileXml, TooLargeRefusedBeforeParsing) {
    core::Limits small;
    small.max_input_bytes = 100;
    EXPECT_EQ(load_error(std::string(1000, ' '), small), core::Errc::InputTooLarge);
}

TEST(InvalidXml, MalformedNamesTheLine) {
    try {
        (void)xml::load("<protocol xmlns=\"urn:justera:protokoll:1\">\n<organ>x</organ>\n<oops>\n", "bad.xml", k_limits);
        FAIL() << "no error";
    } catch (const core::Error& e) {
        EXPECT_EQ(e.code(), core::Errc::XmlMalformed);
        ASSERT_TRUE(e.where().line);
        EXPECT_GE(*e.where().line, 3U);
        EXPECT_TRUE(e.where().column.has_value());
    }
}

TEST(InvalidXml, SchemaViolationNamesTheLine) {
    const std::string bad = test::slurp(test::fixture("xml/invalid/bad-date.xml"));
    try {
        (void)xml::load(bad, "bad-date.xml", k_limits);
        FAIL() << "no error";
    } catch (const core::Error& e) {
        EXPECT_EQ(e.code(), core::Errc::XmlSchemaViolation);
        EXPECT_EQ(e.where().line, 4U);
        EXPECT_NE(e.message().find("date"), std::string::npos);
        EXPECT_EQ(core::exit_code_for(e.code()), 1);
    }
}

TEST(InvalidXml, ImmediateFlagMustAgreeWithTheSentence) {
    const auto parsed = test::parse_fixture("seeds/004_187fbd7e2f1d6b52.txt");
    std::string x = xml::to_xml(parsed.result.document);
    const auto p = x.find("immediate=\"true\"");
    ASSERT_NE(p, std::string::npos);
    x.replace(p, 16, "immediate=\"false\"");
    EXPECT_EQ(load_error(x), core::Errc::XmlInconsistent);
    EXPECT_EQ(core::exit_code_for(core::Errc::XmlInconsistent), 1);
}

TEST(InvalidXml, DateWithTimeZoneIsNotADate) {
    const std::string x = "<agenda xmlns=\"urn:justera:protokoll:1\" version=\"1.0\"><meeting date=\"2024-11-20+01:00\"></meeting>"
                          "<items><agendaItem immediateProposed=\"false\"><title>A</title></agendaItem></items></agenda>";
    EXPECT_EQ(load_error(x), core::Errc::XmlSchemaViolation);
}

TEST(Consistency, HeaderListAndJusterare) {
    const auto loaded = xml::load(test::slurp(test::fixture("xml/invalid/inconsistent.xml")), "i.xml", k_limits);
    const auto problems = xml::check_consistency(loaded.document, "i.xml");
    ASSERT_EQ(problems.size(), 3U);
    EXPECT_NE(problems[0].message.find("listed but missing: § 3"), std::string::npos) << problems[0].message;
    EXPECT_NE(problems[1].message.find("Kalle Okänd"), std::string::npos);
    EXPECT_NE(problems[2].message.find("before the meeting"), std::string::npos);
}

TEST(Schema, BuiltInCopyMatchesTheFileInSchemas) {
    EXPECT_EQ(std::string(xml::schema_text()), test::slurp(test::source_dir() / "schemas" / "protokoll.xsd"));
}

}  // namespace
}  // namespace justera

namespace justera {
namespace {

// The notice of justering is a document of its own in the vocabulary: it
// names the protocol by fingerprint, round-trips byte for byte, and the
// schema refuses one without its posting day or with a malformed fingerprint.
TEST(Notice, RoundTripsAndTheSchemaHoldsIt) {
    model::JusteringNotice n;
    n.organ = "Socialnämnden";
    n.municipality = "Tjärnåkers kommun";
    n.number = model::ProtocolNumber{4, 2024};
    n.meeting_date = model::parse_iso_date("2024-03-19");
    n.paragraphs = "§§1-29";
    n.justering_date = model::parse_iso_date("2024-03-22");
    n.posted = *model::parse_iso_date("2024-03-25");
    n.removed = model::parse_iso_date("2024-04-16");
    n.appeal_last_day = model::parse_iso_date("2024-04-15");
    n.kept_at = "Socialförvaltningen & <arkivet>";
    n.protocol_fingerprint = std::string(64, 'a');
    const std::string x = xml::to_xml(n);
    const auto loaded = xml::load(x, "anslag.xml", k_limits);
    ASSERT_TRUE(std::holds_alternative<model::JusteringNotice>(loaded.document));
    EXPECT_EQ(std::get<model::JusteringNotice>(loaded.document), n);
    EXPECT_EQ(loaded.canonical, x);
    EXPECT_TRUE(loaded.in_canonical_layout);
    EXPECT_NE(x.find("<protocol fingerprint=\"" + std::string(64, 'a') + "\""), std::string::npos);

    std::string no_posted = x;
    no_posted.erase(no_posted.find(" posted=\"2024-03-25\""), std::string(" posted=\"2024-03-25\"").size());
    EXPECT_THROW((void)xml::load(no_posted, "anslag.xml", k_limits), core::Error);
    std::string bad_fp = x;
    bad_fp.replace(bad_fp.find(std::string(64, 'a')), 64, std::string(64, 'A'));
    try {
        (void)xml::load(bad_fp, "anslag.xml", k_limits);
        FAIL() << "a fingerprint in upper case is not the schema's";
    } catch (const core::Error& e) {
        EXPECT_EQ(e.code(), core::Errc::XmlSchemaViolation);
    }
    // The rows the notice prints come from the same facts.
    const auto rows = model::notice_rows(n);
    EXPECT_EQ(rows.front(), (std::pair<std::string, std::string>{"Organ", "Socialnämnden, Tjärnåkers kommun"}));
    EXPECT_NE(model::notice_appeal_sentence(n).find("senast måndag 2024-04-15."), std::string::npos);
}

}  // namespace
}  // namespace justera
