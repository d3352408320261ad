// SPDX-License-Identifier: GPL-3.0-or-later
// justera pdfa-check: the structural PDF/A-3 and PDF/UA-1 self-check.

#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "common.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/pdf/embedded.hpp"
#include "justera/pdf/pdfa_check.hpp"

namespace justera::cli {

namespace {
struct PdfaCheckOpts {
    std::string input;
    bool json = false;
};
}  // namespace

void setup_pdfa_check(CLI::App& app, GlobalOptions& g) {
    auto opts = std::make_shared<PdfaCheckOpts>();
    auto* cmd = app.add_subcommand("pdfa-check", g.tr("Kontrollera strukturen i en PDF mot PDF/A-3 och PDF/UA-1, regel för regel", "Check the PDF/A-3 and PDF/UA-1 structure of a PDF, rule by rule"));
    cmd->footer(g.tr(
        "Prövar de regler i ISO 19005-3 (PDF/A-3) som kan prövas utan en fullständig\n"
        "validerare: filhuvud och trailer, 'obj'-rader, sRGB-OutputIntent, inbäddade\n"
        "typsnitt och deras bredder, annoteringar och åtgärder, XMP-identifieringen och\n"
        "tilläggsschemat, de bifogade filerna; för en fil som anger nivå A eller\n"
        "PDF/UA-1 också taggarna: allt som ritas är taggat eller en artefakt, varje\n"
        "markerad innehållssekvens finns i strukturen, Lang, rubriker, listor och\n"
        "tabeller, formulärfält i Form-element med ett namn, tabbordning,\n"
        "DisplayDocTitle, dc:title; och, för ett protokoll (en PDF som bär sin XML eller\n"
        "vars XMP har justeras egna egenskaper), att fingeravtrycket i XMP är den inbäddade\n"
        "XML-filens. En rad per regel. Att alla regler går igenom är nödvändigt men inte\n"
        "tillräckligt för överensstämmelse: det som en människa måste bedöma (en rimlig\n"
        "läsordning, bra alternativtexter) prövas inte.\n\n"
        "Exempel:\n"
        "  justera pdfa-check protokoll.pdf\n\n"
        "Utgångskoder: 0 alla regler gick igenom, 1 någon regel gick inte igenom, 3 inte en läsbar PDF, 5 in-/utmatningsfel.",
        "Tests the rules of ISO 19005-3 (PDF/A-3) that can be tested without a full\n"
        "validator: header and trailer, 'obj' lines, the sRGB OutputIntent, embedded\n"
        "fonts and their widths, annotations and actions, the XMP identification and\n"
        "extension schema, the associated files; for a file that claims level A or\n"
        "PDF/UA-1 also the tags: every painted thing tagged or an artifact, each\n"
        "marked-content sequence in the structure, Lang, headings, lists and tables,\n"
        "widgets in Form elements with a name, tab order, DisplayDocTitle, dc:title;\n"
        "and, for a protocol (a PDF that carries its XML or whose XMP has the justera\n"
        "properties), that the XMP fingerprint is the embedded XML's. One line per rule. A pass\n"
        "is necessary, not sufficient, for conformance: what needs a person to judge\n"
        "(a sensible reading order, good alternative texts) is not tested.\n\n"
        "Example:\n"
        "  justera pdfa-check protokoll.pdf\n\n"
        "Exit: 0 every rule passed, 1 a rule failed, 3 not a readable PDF, 5 I/O."));
    cmd->add_option("FILE", opts->input, g.tr("En PDF", "A PDF"))->required();
    cmd->add_flag("--json", opts->json, g.tr("Skriv resultaten som JSON", "Print the results as JSON"));
    cmd->callback([opts, &g] {
        const std::string bytes = core::read_file(opts->input, g.limits);
        auto results = pdf::pdfa_check(bytes, opts->input);
        // The fingerprint binds the visible document to the embedded XML.
        try {
            // Only a PDF that carries a protocol XML has a fingerprint to
            // compare; another PDF's text is never read here (a hostile page
            // can keep a text extractor busy for minutes).
            (void)pdf::read_embedded(bytes, opts->input, g.limits);
            Input in = load_input_bytes(bytes, opts->input, ingest::Layout::Auto, g);
            const bool same = !in.xmp_fingerprint.empty() && in.xmp_fingerprint == in.fingerprint;
            results.push_back(pdf::RuleResult{"justera", "fingerprint", same,
                                              same ? "XMP fingerprint " + in.fingerprint + " is the embedded XML's"
                                                   : "XMP records '" + in.xmp_fingerprint + "', the embedded XML's is " + in.fingerprint});
        } catch (const core::Error& e) {
            // A document of justera's that is no protocol (a verification
            // report) carries neither the XML nor the justera properties in
            // its XMP (written uncompressed): nothing to compare.
            const bool claims_protocol = e.code() != core::Errc::PdfNoEmbeddedXml || bytes.find("urn:justera:pdf:1#") != std::string::npos;
            if (claims_protocol) results.push_back(pdf::RuleResult{"justera", "fingerprint", false, e.message()});
        }
        std::size_t failed = 0;
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& r : results) {
            if (!r.passed) ++failed;
            if (opts->json) {
                list.push_back({{"id", r.id}, {"rule", r.name}, {"passed", r.passed}, {"message", r.message}});
            } else {
                std::cout << (r.passed ? "PASS  " : "FAIL  ") << r.id << ' ' << r.name << ": " << r.message << '\n';
            }
        }
        if (opts->json) {
            std::cout << nlohmann::ordered_json{{"file", opts->input}, {"passed", failed == 0}, {"rules", list}}.dump(2) << '\n';
        } else {
            // The rules' own lines name the standards' clauses, in English
            // like the standards; the sum follows the language.
            std::cout << opts->input << ": " << (results.size() - failed) << g.tr(" uppfyllda, ", " passed, ") << failed << g.tr(" inte uppfyllda\n", " failed\n");
        }
        exit_status() = failed == 0 ? 0 : 1;
    });
}

}  // namespace justera::cli
