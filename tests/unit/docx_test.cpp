// SPDX-License-Identifier: GPL-3.0-or-later
// Word documents (ingest/docx.hpp): what each WordprocessingML structure
// becomes in the text the reader reads, what is left out and said, and the
// hostile containers and parts refused with their codes. The DOCX files are
// made here with the test zip writer (zip_writer.hpp), not with libzip.

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "justera/core/error.hpp"
#include "justera/ingest/docx.hpp"
#include "justera/model/protocol.hpp"
#include "lines.hpp"
#include "test_support.hpp"
#include "zip_writer.hpp"

namespace justera {
namespace {

const std::string k_ns =
    R"( xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main")"
    R"( xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")"
    R"( xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006")"
    R"( xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing")"
    R"( xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main")"
    R"( xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture")"
    R"( xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape")"
    R"( xmlns:v="urn:schemas-microsoft-com:vml")";
const std::string k_decl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

std::string document(const std::string& body) { return k_decl + "<w:document" + k_ns + "><w:body>" + body + "</w:body></w:document>"; }
std::string part(const std::string& root, const std::string& content) {
    return k_decl + "<w:" + root + k_ns + ">" + content + "</w:" + root + ">";
}
std::string p(const std::string& runs, const std::string& ppr = "") {
    return "<w:p>" + (ppr.empty() ? "" : "<w:pPr>" + ppr + "</w:pPr>") + runs + "</w:p>";
}
std::string r(const std::string& text, const std::string& rpr = "") {
    return "<w:r>" + (rpr.empty() ? "" : "<w:rPr>" + rpr + "</w:rPr>") + "<w:t xml:space=\"preserve\">" + text + "</w:t></w:r>";
}
std::string style(const std::string& id) { return "<w:pStyle w:val=\"" + id + "\"/>"; }
std::string num(int id, int level) {
    return "<w:numPr><w:ilvl w:val=\"" + std::to_string(level) + "\"/><w:numId w:val=\"" + std::to_string(id) + "\"/></w:numPr>";
}
std::string cell(const std::string& content, const std::string& tcpr = "") {
    return "<w:tc>" + (tcpr.empty() ? "" : "<w:tcPr>" + tcpr + "</w:tcPr>") + content + "</w:tc>";
}
std::string row(const std::vector<std::string>& cells) {
    std::string s = "<w:tr>";
    for (const auto& c : cells) s += c;
    return s + "</w:tr>";
}
std::string table(const std::vector<std::string>& rows) {
    std::string s = "<w:tbl><w:tblPr/>";
    for (const auto& x : rows) s += x;
    return s + "</w:tbl>";
}

struct Parts {
    std::vector<test::ZipEntry> entries;
    Parts& add(std::string name, std::string data) {
        entries.push_back(test::ZipEntry{std::move(name), std::move(data)});
        return *this;
    }
};

std::string docx(const std::string& body, Parts more = {}) {
    Parts all;
    all.add("[Content_Types].xml", k_decl + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
    all.add("word/document.xml", document(body));
    for (auto& e : more.entries) all.entries.push_back(std::move(e));
    return test::make_zip(all.entries);
}

struct Read {
    std::string text;
    core::Diagnostics diags;
    [[nodiscard]] std::string messages(core::DiagCode code) const {
        std::string out;
        for (const auto& d : diags.items()) {
            if (d.code == code) out += d.message + "\n";
        }
        return out;
    }
};

Read read(const std::string& bytes, ingest::DocxMarkup markup = ingest::DocxMarkup::Markdown) {
    Read out;
    ingest::DocxOptions o;
    o.file_name = "p.docx";
    o.markup = markup;
    out.text = ingest::docx_text(bytes, o, out.diags);
    return out;
}

core::Error refusal(const std::string& bytes, core::Limits limits = {}) {
    core::Diagnostics d;
    ingest::DocxOptions o;
    o.file_name = "p.docx";
    o.limits = limits;
    try {
        (void)ingest::docx_text(bytes, o, d);
    } catch (const core::Error& e) {
        return e;
    }
    return core::Error(core::Errc::Unknown, "no error");
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// ------------------------------------------------------------------ headings and bold lines

const std::string k_styles = part("styles",
    R"(<w:docDefaults><w:rPrDefault><w:rPr/></w:rPrDefault></w:docDefaults>)"
    R"(<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="Rubrik 2"/><w:basedOn w:val="Normal"/></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="Paragrafrubrik"><w:name w:val="Paragrafrubrik"/><w:basedOn w:val="Rubrik2"/></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="Loop1"><w:name w:val="Loop 1"/><w:basedOn w:val="Loop2"/></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="Loop2"><w:name w:val="Loop 2"/><w:basedOn w:val="Loop1"/></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="Brodtext"><w:name w:val="Brödtext"/><w:basedOn w:val="Rubrik1"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>)"
    R"(<w:style w:type="character" w:styleId="Stark"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>)"
    R"(<w:style w:type="character" w:styleId="Dold"><w:name w:val="Dold"/><w:rPr><w:vanish/></w:rPr></w:style>)");

TEST(DocxText, HeadingsByOutlineLevelNameIdAndBasedOnChain) {
    const auto out = read(docx(p(r("§ 1 Val av justerare"), style("Rubrik1")) + p(r("Beslut"), style("Rubrik2")) +
                                   p(r("Budget 2025"), style("Paragrafrubrik")) + p(r("Egen nivå"), "<w:outlineLvl w:val=\"2\"/>") +
                                   p(r("Slinga"), style("Loop1")) + p(r("Brödtext på rubrik"), style("Brodtext")),
                               Parts{}.add("word/styles.xml", k_styles)));
    EXPECT_TRUE(contains(out.text, "## § 1 Val av justerare\n")) << out.text;
    EXPECT_TRUE(contains(out.text, "### Beslut\n")) << out.text;           // by the name "Rubrik 2"
    EXPECT_TRUE(contains(out.text, "### Budget 2025\n")) << out.text;      // basedOn Rubrik2
    EXPECT_TRUE(contains(out.text, "#### Egen nivå\n")) << out.text;       // the paragraph's own outlineLvl
    EXPECT_TRUE(contains(out.text, "\nSlinga\n")) << out.text;             // a basedOn loop ends the search
    EXPECT_TRUE(contains(out.text, "\n**Brödtext på rubrik**\n")) << out.text;  // outlineLvl 9: body text (bold from Rubrik1)
}

TEST(DocxText, ALineOfBoldRunsIsBold) {
    const auto out = read(docx(p(r("Kommunstyrelsens ", "<w:b/>") + r("beslut", "<w:b/>")) + p(r("Delvis ", "<w:b/>") + r("fet")) +
                                   p(r("Genom teckenformat", "<w:rStyle w:val=\"Stark\"/>")) +
                                   p(r("Avslagen fetstil", "<w:b w:val=\"0\"/>")) + p(r("Stjärna* fet", "<w:b/>")),
                               Parts{}.add("word/styles.xml", k_styles)));
    EXPECT_TRUE(contains(out.text, "**Kommunstyrelsens beslut**\n")) << out.text;
    EXPECT_TRUE(contains(out.text, "\nDelvis fet\n")) << out.text;
    EXPECT_TRUE(contains(out.text, "**Genom teckenformat**\n")) << out.text;
    EXPECT_TRUE(contains(out.text, "\nAvslagen fetstil\n")) << out.text;
    // Bold text with an asterisk is written plain (escaped), never as broken markup.
    EXPECT_TRUE(contains(out.text, "\nStjärna\\* fet\n")) << out.text;
}

// ------------------------------------------------------------------ lists

const std::string k_numbering = part("numbering",
    R"X(<w:abstractNum w:abstractNumId="0">)X"
    R"X(<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>)X"
    R"X(<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>)X"
    R"X(<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1.%3"/></w:lvl></w:abstractNum>)X"
    R"X(<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/></w:lvl></w:abstractNum>)X"
    R"X(<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="74"/><w:numFmt w:val="decimal"/><w:suff w:val="space"/><w:lvlText w:val="§ %1"/></w:lvl></w:abstractNum>)X"
    R"X(<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>)X"
    R"X(<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>)X"
    R"X(<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>)X"
    R"X(<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>)X"
    R"X(<w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>)X");

TEST(DocxText, ListsNumberedAsWordNumbersThem) {
    const auto out = read(docx(p(r("Kommunstyrelsen beslutar:")) + p(r("ett"), num(1, 0)) + p(r("under ett"), num(1, 1)) +
                                   p(r("andra under ett"), num(1, 1)) + p(r("romersk"), num(1, 2)) + p(r("två"), num(1, 0)) +
                                   p(r("under två"), num(1, 1)) +  // a deeper level restarts after its parent
                                   p(r("punkt"), num(2, 0)) + p(r("omstart"), num(3, 0)) +
                                   p(r("fortsätter lista 1"), num(5, 0)) +  // same abstract list, no override: continues
                                   p(r("ingen lista"), num(0, 0)) + p(r("Justering"), num(4, 0)) + p(r("Budget"), num(4, 0)),
                               Parts{}.add("word/numbering.xml", k_numbering)));
    EXPECT_TRUE(contains(out.text, "Kommunstyrelsen beslutar:\n\n1. ett\n  a) under ett\n  b) andra under ett\n    1.I romersk\n2. två\n  a) under två\n"))
        << out.text;
    EXPECT_TRUE(contains(out.text, "\n- punkt\n")) << out.text;
    EXPECT_TRUE(contains(out.text, "\n1. omstart\n")) << out.text;
    EXPECT_TRUE(contains(out.text, "\n3. fortsätter lista 1\n")) << out.text;
    EXPECT_TRUE(contains(out.text, "\ningen lista\n")) << out.text;
    EXPECT_TRUE(contains(out.text, "\n§ 74 Justering\n§ 75 Budget\n")) << out.text;
}

// ------------------------------------------------------------------ tables

TEST(DocxText, TablesWithMergedCellsAlignedLineByLine) {
    const std::string t = table({
        row({cell(p(r("Beslutande")), "<w:vMerge w:val=\"restart\"/>"), cell(p(r("Anna Berg (S), ordförande")))}),
        row({cell(p(""), "<w:vMerge/>"), cell(p(r("Per Holm (M)")))}),
        row({cell(p(r("Ersättare"))), cell(p(r("Lisa Ek (V)")) + p(r("Bo Ek (C)")))}),
        row({cell(p(r("Paragrafer")), "<w:gridSpan w:val=\"2\"/>"), cell(p(r("1-4")))}),
        row({cell(p("")), cell(p(""))}),  // an empty row is left out
    });
    const auto out = read(docx(t));
    EXPECT_TRUE(contains(out.text,
                         "| Beslutande | Anna Berg (S), ordförande |\n"
                         "|            | Per Holm (M) |\n"
                         "| Ersättare  | Lisa Ek (V) |\n"
                         "|            | Bo Ek (C) |\n"
                         "| Paragrafer |                           | 1-4 |\n"))
        << out.text;
}

TEST(DocxText, NestedTablesAreFlattenedIntoTheirCell) {
    const std::string inner = table({row({cell(p(r("Inre A"))), cell(p(r("Inre B")))}), row({cell(p(r("Inre C"))), cell(p(r("Inre D")))})});
    const auto out = read(docx(table({row({cell(p(r("Yttre"))), cell(p(r("Före")) + inner + p(r("Efter")))})})));
    EXPECT_TRUE(contains(out.text,
                         "| Yttre | Före |\n"
                         "|       | Inre A   Inre B |\n"
                         "|       | Inre C   Inre D |\n"
                         "|       | Efter |\n"))
        << out.text;
}

TEST(DocxText, BarsInCellsAreEscapedAndReadBack) {
    const auto out = read(docx(table({row({cell(p(r("a|b"))), cell(p(r("c")))})})));
    EXPECT_TRUE(contains(out.text, "| a\\|b | c |\n")) << out.text;
    core::Diagnostics d;
    const auto fe = ingest::front_end(out.text, ingest::Layout::Docx, "p.docx", d);
    ASSERT_FALSE(fe.lines.empty());
    EXPECT_EQ(fe.lines.front().text, "a|b   c");
    EXPECT_TRUE(fe.lines.front().table_row);
}

// ------------------------------------------------------------------ characters and breaks

TEST(DocxText, BreaksTabsHyphensAndSymbols) {
    const std::string runs = "<w:r><w:t>Plats och tid</w:t><w:tab/><w:t>Stadshuset</w:t></w:r>"
                             "<w:r><w:br/><w:t>andra raden</w:t></w:r>"
                             "<w:r><w:t>kommun</w:t><w:softHyphen/><w:t>styrelsen KS</w:t><w:noBreakHyphen/><w:t>2024/1</w:t></w:r>"
                             "<w:r><w:sym w:font=\"Wingdings\" w:char=\"F0FE\"/><w:t xml:space=\"preserve\"> Ja </w:t>"
                             "<w:sym w:font=\"Symbol\" w:char=\"F0B7\"/><w:sym w:font=\"Arial\" w:char=\"00A7\"/>"
                             "<w:sym w:font=\"Webdings\" w:char=\"F021\"/></w:r>"
                             "<w:r><w:lastRenderedPageBreak/><w:t>samma sida</w:t></w:r>";
    const auto out = read(docx(p(runs)));
    EXPECT_TRUE(contains(out.text, "Plats och tid   Stadshuset\nandra radenkommunstyrelsen KS-2024/1☑ Ja •§samma sida\n")) << out.text;
    EXPECT_FALSE(contains(out.text, "\f")) << "lastRenderedPageBreak is where a renderer broke the page, not a break";
    EXPECT_TRUE(contains(out.messages(core::DiagCode::DocxNotRead), "Webdings F021")) << out.messages(core::DiagCode::DocxNotRead);
}

TEST(DocxText, ATabWithADotLeaderShowsItsDots) {
    // A table of contents as Word writes it, in a TOC field: its entries are
    // text a reader sees, and their dot leaders say what they are.
    const std::string tabs = "<w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"9062\"/></w:tabs>";
    const std::string entry = "<w:r><w:t>§ 31 Lönekartläggning 2024</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>3</w:t></w:r>";
    const auto out = read(docx(p("<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>TOC \\o \"1-3\"</w:instrText></w:r>"
                                 "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" + entry, tabs) +
                               p(entry + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>", tabs) + p(r("Plats") + "<w:r><w:tab/></w:r>" + r("Rådhuset"))));
    EXPECT_EQ(out.text, "§ 31 Lönekartläggning 2024 ........ 3\n\n§ 31 Lönekartläggning 2024 ........ 3\n\nPlats   Rådhuset\n");
}

TEST(DocxText, PageAndSectionBreaksAreFormFeeds) {
    const std::string body = p(r("sida ett")) + p("<w:r><w:br w:type=\"page\"/></w:r>") + p(r("sida två")) +
                             p(r("sida tre"), "<w:pageBreakBefore/>") +
                             p(r("slut på avsnitt"), "<w:sectPr><w:type w:val=\"nextPage\"/></w:sectPr>") + p(r("sida fyra")) +
                             p(r("avsnitt i följd"), "<w:sectPr/>") + p(r("fortfarande sida fyra")) +
                             "<w:sectPr><w:type w:val=\"continuous\"/></w:sectPr>";
    const auto out = read(docx(body));
    EXPECT_EQ(out.text, "sida ett\n\fsida två\n\fsida tre\n\nslut på avsnitt\n\fsida fyra\n\navsnitt i följd\n\nfortfarande sida fyra\n");
}

// ------------------------------------------------------------------ fields, content controls, text boxes

TEST(DocxText, FieldsKeepTheirResultNeverTheirInstruction) {
    const std::string complex = "<w:r><w:t xml:space=\"preserve\">Sida </w:t></w:r>"
                                "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
                                "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r>"
                                "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
    // A field inside another's instruction is part of that instruction.
    const std::string nested = "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>IF </w:instrText></w:r>"
                               "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>DATE</w:instrText></w:r>"
                               "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>inuti villkoret</w:t></w:r>"
                               "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
                               "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>resultatet</w:t></w:r>"
                               "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
    const std::string simple = "<w:fldSimple w:instr=\" NUMPAGES \"><w:r><w:t>12</w:t></w:r></w:fldSimple>";
    const auto out = read(docx(p(complex + r(" av ") + simple) + p(nested)));
    EXPECT_TRUE(contains(out.text, "Sida 3 av 12\n\nresultatet\n")) << out.text;
    EXPECT_FALSE(contains(out.text, "PAGE"));
    EXPECT_FALSE(contains(out.text, "inuti"));
}

TEST(DocxText, ContentControlsAndTheirPlaceholders) {
    const std::string block = "<w:sdt><w:sdtPr><w:alias w:val=\"Beslut\"/></w:sdtPr><w:sdtContent>" + p(r("Nämnden beslutar.")) +
                              "</w:sdtContent></w:sdt>";
    const std::string placeholder = "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>" +
                                    r("Klicka eller tryck här för att ange text.") + "</w:sdtContent></w:sdt>";
    const auto out = read(docx(block + p(r("Datum: ") + placeholder)));
    EXPECT_TRUE(contains(out.text, "Nämnden beslutar.\n\nDatum: Klicka eller tryck här för att ange text.\n")) << out.text;
    EXPECT_TRUE(contains(out.messages(core::DiagCode::DocxPlaceholder), "\"Klicka eller tryck här för att ange text.\""));
}

std::string text_box(const std::string& choice_text, const std::string& fallback_text, bool with_choice = true) {
    const auto content = [](const std::string& t) { return "<w:txbxContent>" + p(r(t)) + "</w:txbxContent>"; };
    return std::string("<w:r><mc:AlternateContent>") +
           (with_choice ? "<mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>" +
                              content(choice_text) + "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
                        : std::string()) +
           "<mc:Fallback><w:pict><v:shape><v:textbox>" + content(fallback_text) + "</v:textbox></v:shape></w:pict></mc:Fallback>" +
           "</mc:AlternateContent></w:r>";
}

TEST(DocxText, ATextBoxIsReadOnceFromOneBranch) {
    const auto out = read(docx(p(r("Ankare") + text_box("Rutans text", "Reservens text")) + p(r("Nästa"))));
    EXPECT_EQ(out.text, "Ankare\n\nRutans text\n\nNästa\n");
    const auto fallback = read(docx(p(text_box("", "Bara reserven", false))));
    EXPECT_EQ(fallback.text, "Bara reserven\n");
}

TEST(DocxText, FootnotesAfterTheirParagraph) {
    const std::string notes = part("footnotes",
        R"(<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>)"
        R"(<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Enligt 5 kap. kommunallagen.</w:t></w:r></w:p></w:footnote>)");
    const auto out = read(docx(p(r("Beslutet fattas") + "<w:r><w:footnoteReference w:id=\"1\"/></w:r>" + r(" i dag.")) + p(r("Nästa stycke.")),
                               Parts{}.add("word/footnotes.xml", notes)));
    EXPECT_EQ(out.text, "Beslutet fattas i dag.\n\n1 Enligt 5 kap. kommunallagen.\n\nNästa stycke.\n");
}

// ------------------------------------------------------------------ what is not the current, visible text

TEST(DocxText, TrackedChangesAreReadAcceptedAndSaid) {
    const std::string body = p(r("Nämnden ") + "<w:del w:id=\"1\" w:author=\"A\"><w:r><w:delText>avslår</w:delText></w:r></w:del>" +
                               "<w:ins w:id=\"2\" w:author=\"A\">" + r("bifaller") + "</w:ins>" + r(" förslaget.")) +
                             p("<w:moveFrom w:id=\"3\" w:author=\"A\">" + r("Flyttad mening.") + "</w:moveFrom>") +
                             p("<w:moveTo w:id=\"4\" w:author=\"A\">" + r("Flyttad mening.") + "</w:moveTo>") +
                             p(r("Formaterad", "<w:b/><w:rPrChange w:id=\"5\" w:author=\"A\"><w:rPr/></w:rPrChange>"));
    const auto out = read(docx(body));
    EXPECT_EQ(out.text, "Nämnden bifaller förslaget.\n\nFlyttad mening.\n\n**Formaterad**\n");
    const std::string said = out.messages(core::DiagCode::DocxTrackedChanges);
    EXPECT_TRUE(contains(said, "2 insertions, 2 deletions, 1 formatting change")) << said;
    EXPECT_TRUE(contains(said, "deleted text left out: \"avslår / Flyttad mening.\"")) << said;
    EXPECT_EQ(out.diags.items().front().severity, core::Severity::Warning);
}

TEST(DocxText, DeletedTableRowsAndCellsAreLeftOut) {
    const std::string t = table({row({cell(p(r("Kvar")))}),
                                 "<w:tr><w:trPr><w:del w:id=\"1\" w:author=\"A\"/></w:trPr>" + cell(p(r("Struken rad"))) + "</w:tr>"});
    const auto out = read(docx(t));
    EXPECT_FALSE(contains(out.text, "Struken")) << out.text;
    EXPECT_TRUE(contains(out.messages(core::DiagCode::DocxTrackedChanges), "Struken rad"));
}

TEST(DocxText, HiddenTextIsLeftOutAndItsWordsNamed) {
    const auto out = read(docx(p(r("Redovisningen godkänns.") + r(" Paragrafen justeras omedelbart.", "<w:vanish/>")) +
                                   p(r("Synlig") + r(" dold genom stil", "<w:rStyle w:val=\"Dold\"/>")),
                               Parts{}.add("word/styles.xml", k_styles)));
    EXPECT_EQ(out.text, "Redovisningen godkänns.\n\nSynlig\n");
    const std::string said = out.messages(core::DiagCode::DocxHiddenText);
    EXPECT_TRUE(contains(said, "\"Paragrafen justeras omedelbart.\" in the paragraph beginning \"Redovisningen godkänns.\"")) << said;
    EXPECT_TRUE(contains(said, "dold genom stil")) << said;
}

TEST(DocxText, CommentsPicturesAndImportedPartsAreSaid) {
    const std::string picture = "<w:r><w:drawing><wp:inline><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed=\"rId5\"/>"
                                "</pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>";
    const std::string body = p("<w:commentRangeStart w:id=\"0\"/>" + r("Text") + "<w:commentRangeEnd w:id=\"0\"/>" +
                               "<w:r><w:commentReference w:id=\"0\"/></w:r>" + picture +
                               "<w:r><w:object><v:shape><v:imagedata r:id=\"rId6\"/></v:shape></w:object></w:r>") +
                             "<w:altChunk r:id=\"rId7\"/>";
    const auto out = read(docx(body, Parts{}.add("word/comments.xml", part("comments", "<w:comment w:id=\"0\">" + p(r("Kommentarens text")) + "</w:comment>"))));
    EXPECT_EQ(out.text, "Text\n");
    const std::string said = out.messages(core::DiagCode::DocxNotRead);
    EXPECT_TRUE(contains(said, "1 comment:")) << said;
    EXPECT_TRUE(contains(said, "1 picture and 1 embedded object or chart")) << said;
    EXPECT_TRUE(contains(said, "altChunk")) << said;
}

// ------------------------------------------------------------------ page headers and footers

std::string rels(const std::vector<std::pair<std::string, std::string>>& targets) {
    std::string s = k_decl + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
    for (const auto& [id, target] : targets) {
        const std::string type = target.rfind("header", 0) == 0 ? "header" : "footer";
        s += "<Relationship Id=\"" + id + "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/" + type +
             "\" Target=\"" + target + "\"/>";
    }
    return s + "</Relationships>";
}

TEST(DocxText, HeadersAndFootersStandAtEachPagesEdges) {
    const std::string sect = "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"h1\"/><w:headerReference w:type=\"first\" r:id=\"h2\"/>"
                             "<w:footerReference w:type=\"default\" r:id=\"f1\"/><w:titlePg/></w:sectPr>";
    const std::string logo = "<w:r><w:drawing><a:blip r:embed=\"x\"/></w:drawing></w:r>";
    const auto out = read(docx(p(r("Framsida")) + p(r("Sida två"), "<w:pageBreakBefore/>") + p(r("Sida tre"), "<w:pageBreakBefore/>") + sect,
                               Parts{}
                                   .add("word/_rels/document.xml.rels", rels({{"h1", "header1.xml"}, {"h2", "header2.xml"}, {"f1", "footer1.xml"}}))
                                   .add("word/header1.xml", part("hdr", p(r("Tångabo kommun   Kommunstyrelsen") + logo)))
                                   .add("word/header2.xml", part("hdr", p(r("TÅNGABO KOMMUN"))))
                                   .add("word/footer1.xml", part("ftr", p(r("Justerandes sign"))))));
    // The first page has its own header and no footer (titlePg, none given).
    EXPECT_EQ(out.text,
              "TÅNGABO KOMMUN\n\nFramsida\n\f"
              "Tångabo kommun   Kommunstyrelsen\n\nSida två\n\nJusterandes sign\n\f"
              "Tångabo kommun   Kommunstyrelsen\n\nSida tre\n\nJusterandes sign\n");
    // A logo in a header is a note, not a warning (--strict fails on warnings).
    for (const auto& d : out.diags.items()) EXPECT_NE(d.severity, core::Severity::Warning) << d.message;
}

TEST(DocxText, EvenPagesAndLaterSectionsInheritOrReplaceTheirHeaders) {
    const std::string first_sect = "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"h1\"/><w:headerReference w:type=\"even\" r:id=\"h2\"/></w:sectPr>";
    const std::string last_sect = "<w:sectPr><w:headerReference w:type=\"even\" r:id=\"h3\"/></w:sectPr>";
    const auto out = read(docx(p(r("ett")) + p(r("två"), "<w:pageBreakBefore/>") + p(r("slut"), first_sect) + p(r("tre")) + last_sect,
                               Parts{}
                                   .add("word/_rels/document.xml.rels", rels({{"h1", "header1.xml"}, {"h2", "header2.xml"}, {"h3", "header3.xml"}}))
                                   .add("word/settings.xml", part("settings", "<w:evenAndOddHeaders/>"))
                                   .add("word/header1.xml", part("hdr", p(r("Udda"))))
                                   .add("word/header2.xml", part("hdr", p(r("Jämn"))))
                                   .add("word/header3.xml", part("hdr", p(r("Ny jämn"))))));
    EXPECT_EQ(out.text, "Udda\n\nett\n\fJämn\n\ntvå\n\nslut\n\fUdda\n\ntre\n") << "page 3: the second section keeps the odd header";
}

// ------------------------------------------------------------------ markup that is text

TEST(DocxText, CharactersThatWouldReadAsMarkupAreReadAsWritten) {
    const auto out = read(docx(p(r("# inte en rubrik")) + p(r("| inte en tabell |")) + p(r("**inte fet**")) + p(r("C:\\mapp\\*.docx")) +
                               p(r("&lt;datum&gt; och ______"))));
    core::Diagnostics d;
    const auto fe = ingest::front_end(out.text, ingest::Layout::Docx, "p.docx", d);
    std::vector<std::string> texts;
    for (const auto& l : fe.lines) {
        if (!l.blank) texts.push_back(l.text);
        EXPECT_FALSE(l.heading) << l.text;
        EXPECT_FALSE(l.table_row) << l.text;
    }
    EXPECT_EQ(texts, (std::vector<std::string>{"# inte en rubrik", "| inte en tabell |", "**inte fet**", "C:\\mapp\\*.docx", "<datum> och ______"}));
}

TEST(DocxText, PlainMarkupForTheOtherLayouts) {
    const auto out = read(docx(p(r("Rubrik"), style("Rubrik1")) + p(r("Fet", "<w:b/>")) + table({row({cell(p(r("Plats"))), cell(p(r("Rådhuset")))})}),
                               Parts{}.add("word/styles.xml", k_styles)),
                          ingest::DocxMarkup::Plain);
    EXPECT_EQ(out.text, "Rubrik\n\nFet\n\nPlats\tRådhuset\n");
}

// ------------------------------------------------------------------ refused, with the file, the part and a code

TEST(DocxRefused, ADoctypeWithAnEntityInAPart) {
    const std::string xml = k_decl + "<!DOCTYPE w:document [<!ENTITY x \"xxxxxxxx\">]><w:document" + k_ns + "><w:body>" + p(r("&x;")) +
                            "</w:body></w:document>";
    const auto e = refusal(test::make_zip({{"word/document.xml", xml}}));
    EXPECT_EQ(e.code(), core::Errc::XmlDoctypeForbidden);
    EXPECT_EQ(e.where().file, "p.docx:word/document.xml");
    EXPECT_EQ(core::exit_code_for(e.code()), 3);
}

TEST(DocxRefused, MalformedXmlNamesThePartLineAndColumn) {
    const auto e = refusal(test::make_zip({{"word/document.xml", k_decl + "<w:document" + k_ns + "><w:body><w:p></w:body></w:document>"}}));
    EXPECT_EQ(e.code(), core::Errc::XmlMalformed);
    EXPECT_EQ(e.where().file, "p.docx:word/document.xml");
    EXPECT_EQ(e.where().line, 2U);
    EXPECT_TRUE(e.where().column.has_value());
}

TEST(DocxRefused, InvalidUtf8InAPart) {
    const auto e = refusal(docx(p(r("Bes\xC3\x28lut"))));
    EXPECT_EQ(e.code(), core::Errc::XmlMalformed);
    EXPECT_EQ(e.where().file, "p.docx:word/document.xml");
}

TEST(DocxRefused, ElementsNestedTooDeep) {
    std::string deep;
    for (int i = 0; i < 70; ++i) deep += "<w:sdt><w:sdtContent>";
    for (int i = 0; i < 70; ++i) deep += "</w:sdtContent></w:sdt>";
    EXPECT_EQ(refusal(docx(deep)).code(), core::Errc::XmlTooDeep);
}

TEST(DocxRefused, AZipThatIsNotAWordDocument) {
    auto e = refusal(test::make_zip({{"readme.txt", "hej"}}));
    EXPECT_EQ(e.code(), core::Errc::InputZipNotDocx);
    EXPECT_TRUE(contains(e.message(), "a zip archive without word/document.xml")) << e.message();
    e = refusal(test::make_zip({{"mimetype", "application/vnd.oasis.opendocument.text", false}, {"content.xml", "<x/>"}}));
    EXPECT_TRUE(contains(e.message(), "OpenDocument")) << e.message();
    EXPECT_EQ(refusal(test::make_zip({})).code(), core::Errc::InputZipNotDocx);  // an empty archive
}

std::string ole(const std::string& stream) {
    std::string bytes("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    bytes.resize(1024, '\0');
    for (const char c : stream) {
        bytes.push_back(c);
        bytes.push_back('\0');
    }
    bytes.resize(2048, '\0');
    return bytes;
}

TEST(DocxRefused, OleFilesSayWhatTheyAre) {
    auto e = refusal(ole("EncryptedPackage"));
    EXPECT_EQ(e.code(), core::Errc::InputDocxEncrypted);
    EXPECT_TRUE(contains(e.message(), "password")) << e.message();
    e = refusal(ole("WordDocument"));
    EXPECT_EQ(e.code(), core::Errc::InputDocLegacy);
    EXPECT_TRUE(contains(e.message(), ".doc")) << e.message();
    e = refusal(ole("Workbook"));
    EXPECT_EQ(e.code(), core::Errc::InputDocLegacy);
    EXPECT_TRUE(contains(e.message(), "not a Word document")) << e.message();
    EXPECT_EQ(core::exit_code_for(core::Errc::InputDocxEncrypted), 3);
    EXPECT_EQ(core::exit_code_for(core::Errc::InputDocLegacy), 3);
}

TEST(DocxRefused, ACompressionBomb) {
    // 40 MB of zeros in a 40 KB entry: over the size limit and the ratio.
    const auto e = refusal(test::make_zip({{"word/document.xml", std::string(40U << 20, '\0')}}));
    EXPECT_EQ(e.code(), core::Errc::InputDocxOverLimit);
    EXPECT_TRUE(core::is_limit(e.code()));
    // 8 MB of XML white space, under the size limit: the ratio alone.
    const auto ratio = refusal(docx(std::string(8U << 20, ' ')));
    EXPECT_EQ(ratio.code(), core::Errc::InputDocxOverLimit);
    EXPECT_TRUE(contains(ratio.message(), "ratio over 200:1")) << ratio.message();
}

TEST(DocxRefused, UnpackedOverTheInputLimit) {
    core::Limits small;
    small.max_input_bytes = 64 * 1024;
    std::string body;
    for (int i = 0; body.size() < 100 * 1024; ++i) body += p(r("Stycke " + std::to_string(i * 7919 % 100003)));
    const auto e = refusal(docx(body), small);
    EXPECT_EQ(e.code(), core::Errc::InputDocxOverLimit);
    EXPECT_TRUE(contains(e.message(), "--max-input-bytes")) << e.message();
}

TEST(DocxRefused, TooManyEntries) {
    std::vector<test::ZipEntry> entries;
    for (int i = 0; i <= 10'000; ++i) entries.push_back({"f" + std::to_string(i), "", false});
    const auto e = refusal(test::make_zip(entries));
    EXPECT_EQ(e.code(), core::Errc::InputDocxOverLimit);
    EXPECT_TRUE(contains(e.message(), "10001 entries")) << e.message();
}

TEST(DocxRefused, DamagedContainers) {
    const std::string good = docx(p(r("Text")));
    // Truncated: the central directory is gone.
    EXPECT_EQ(refusal(good.substr(0, good.size() / 2)).code(), core::Errc::InputDocxMalformed);
    // A checksum that does not match the data.
    auto e = refusal(test::make_zip({{"word/document.xml", document(p(r("Text"))), true, std::nullopt, 0x12345678U}}));
    EXPECT_EQ(e.code(), core::Errc::InputDocxMalformed);
    EXPECT_EQ(e.where().file, "p.docx:word/document.xml");
    // A stored entry that declares fewer bytes than it holds.
    e = refusal(test::make_zip({{"word/document.xml", document(p(r("Text"))), true, 10U}}));
    EXPECT_EQ(e.code(), core::Errc::InputDocxMalformed);
    EXPECT_EQ(core::exit_code_for(core::Errc::InputDocxMalformed), 3);
}

TEST(DocxRefused, PageFurnitureCannotMultiplyTheText) {
    // A header of 2 KB on each of 20,000 pages would be 40 MB of text.
    std::string breaks;
    for (int i = 0; i < 20'000; ++i) breaks += "<w:r><w:br w:type=\"page\"/></w:r>";
    const std::string sect = "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"h1\"/></w:sectPr>";
    const auto e = refusal(docx(p(breaks) + sect, Parts{}
                                                      .add("word/_rels/document.xml.rels", rels({{"h1", "header1.xml"}}))
                                                      .add("word/header1.xml", part("hdr", p(r(std::string(2048, 'x')))))));
    EXPECT_EQ(e.code(), core::Errc::InputDocxOverLimit);
}

TEST(DocxRefused, ListLabelsCannotMultiplyTheText) {
    // A label of 20,000 characters on each of 2,000 items would be 40 MB.
    const std::string numbering = part("numbering",
        "<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"" +
            std::string(20'000, 'x') + "%1\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>");
    std::string body;
    for (int i = 0; i < 2'000; ++i) body += p(r("punkt"), num(1, 0));
    const auto e = refusal(docx(body, Parts{}.add("word/numbering.xml", numbering)));
    EXPECT_EQ(e.code(), core::Errc::InputDocxOverLimit);
}

// ------------------------------------------------------------------ the fixtures (tests/fixtures/docx/)

TEST(DocxFixtures, RevisionsAcceptedReadAsTheCleanDocument) {
    ingest::DocxOptions o;
    core::Diagnostics clean_d;
    core::Diagnostics rev_d;
    o.file_name = "clean";
    const std::string clean = ingest::docx_text(test::slurp(test::fixture("docx/norrbyda-pn-2024-10-15.docx")), o, clean_d);
    o.file_name = "revisions";
    const std::string revisions = ingest::docx_text(test::slurp(test::fixture("docx/norrbyda-pn-2024-10-15-revisions.docx")), o, rev_d);
    EXPECT_TRUE(clean_d.items().empty());
    // The same text once the changes are accepted and the hidden sentence left out.
    EXPECT_EQ(clean, revisions);
    std::string codes;
    for (const auto& d : rev_d.items()) codes += std::string(core::to_string(d.code)) + " ";
    EXPECT_EQ(codes, "docx-tracked-changes docx-hidden-text docx-not-read docx-not-read ");
}

}  // namespace
}  // namespace justera
