// SPDX-License-Identifier: GPL-3.0-or-later
// justera validate: schema and consistency of a protocol XML.

#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "common.hpp"
#include "justera/core/error.hpp"
#include "justera/report/info.hpp"

namespace justera::cli {

namespace {
struct ValidateOpts {
    std::string input;
    bool json = false;
};
}  // namespace

void setup_validate(CLI::App& app, GlobalOptions& g) {
    auto opts = std::make_shared<ValidateOpts>();
    auto* cmd = app.add_subcommand("validate", g.tr("Kontrollera en protokoll-XML mot schemat och att uppgifterna stämmer med varandra", "Check a protocol XML against the schema and for consistency"));
    cmd->footer(g.tr(
        "Kontrollerar i tur och ordning: att XML-filen är säker att läsa (ingen DOCTYPE\n"
        "och inga entiteter, inom storleksgränserna), att den följer schemas/protokoll.xsd\n"
        "och att uppgifterna stämmer med varandra: paragraflistan i huvudet motsvarar\n"
        "paragraferna som finns, justerarna finns bland de närvarande ledamöterna,\n"
        "justeringsdatum är inte före sammanträdet, och så vidare.\n\n"
        "Exempel:\n"
        "  justera validate protokoll.xml && echo ok\n\n"
        "Utgångskoder: 0 giltig, 1 ogiltig (schema eller samstämmighet), 3 indata avvisad\n"
        "(inte XML, skadlig eller trasig), 4 fel i anropet (t.ex. en textfil: kör parse på\n"
        "den först), 5 in-/utmatningsfel.",
        "Checks, in order: the XML is safe to read (no DOCTYPE or entities, within the\n"
        "size limits), valid against schemas/protokoll.xsd, and consistent: the header's\n"
        "paragraph list matches the paragraphs present, the justerare are among the\n"
        "members present, the justering date is not before the meeting, and so on.\n\n"
        "Example:\n"
        "  justera validate protokoll.xml && echo ok\n\n"
        "Exit: 0 valid, 1 invalid (schema or consistency), 3 input rejected (not XML, hostile\n"
        "or malformed), 4 usage (e.g. a text file: parse it first), 5 I/O."));
    cmd->add_option("FILE", opts->input, g.tr("XML för ett protokoll eller en föredragningslista, eller en PDF gjord av justera render (dess inbäddade XML)", "Protocol or agenda XML, or a PDF made by justera render (its embedded XML)"))->required();
    cmd->add_flag("--json", opts->json, g.tr("Skriv resultatet som JSON", "Print the result as JSON"));
    cmd->callback([opts, &g] {
        nlohmann::ordered_json j;
        j["file"] = opts->input;
        int status = 0;
        std::vector<core::Diagnostic> problems;
        try {
            Input in = load_input(opts->input, ingest::Layout::Auto, g);
            if (in.kind != "xml" && in.kind != "pdf") {
                throw core::Error(core::Errc::Usage, "not XML; run 'justera parse' first", core::Where{opts->input},
                                  "ingen XML; kör 'justera parse' först");
            }
            problems = xml::check_consistency(in.document, opts->input);
            j["fingerprint"] = in.fingerprint;
            j["canonical_layout"] = in.in_canonical_layout;
            status = problems.empty() ? 0 : 1;
        } catch (const core::Error& e) {
            const bool invalid = e.code() == core::Errc::XmlSchemaViolation || e.code() == core::Errc::XmlInconsistent;
            if (!opts->json || !invalid) throw;
            problems.push_back(core::Diagnostic{core::Severity::Error,
                                                e.code() == core::Errc::XmlSchemaViolation ? core::DiagCode::SchemaViolation
                                                                                           : core::DiagCode::Consistency,
                                                e.message(), e.where(), {}});
            j["fingerprint"] = nullptr;
            j["canonical_layout"] = nullptr;
            status = 1;
        }
        j["valid"] = status == 0;
        j["problems"] = report::diagnostics_json(problems);
        if (opts->json) {
            std::cout << j.dump(2) << '\n';
        } else {
            for (const auto& p : problems) std::cerr << "justera: " << report::format_diagnostic(p, g.swedish() ? core::Language::Swedish : core::Language::English) << '\n';
            if (status == 0) std::cout << opts->input << g.tr(": giltig\n", ": valid\n");
            else std::cout << opts->input << g.tr(": OGILTIG (", ": INVALID (") << problems.size() << g.tr(" problem)\n", " problem(s))\n");
        }
        exit_status() = status;
    });
}

}  // namespace justera::cli
