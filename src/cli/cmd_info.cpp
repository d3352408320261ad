// SPDX-License-Identifier: GPL-3.0-or-later
// justera info: a short summary of any protocol input.

#include <iostream>
#include <memory>

#include "common.hpp"
#include "justera/core/io.hpp"
#include "justera/pdf/signature.hpp"
#include "justera/report/info.hpp"

namespace justera::cli {

namespace {
struct InfoOpts {
    std::string input;
    std::string format = "auto";
    bool json = false;
    CorrectionOptions corrections;
};
}  // namespace

void setup_info(CLI::App& app, GlobalOptions& g) {
    auto opts = std::make_shared<InfoOpts>();
    auto* cmd = app.add_subcommand("info", g.tr("Sammanfatta ett protokoll eller en föredragningslista (text eller XML)", "Summarise a protocol or agenda (text or XML)"));
    cmd->footer(g.tr(
        "Visar organ, nummer, sammanträdesdag och tider, plats, justerare, sekreterare,\n"
        "justeringsdatum, paragraflistan som den är skriven, varje paragraf med uppgift om\n"
        "omedelbar justering, den inskrivna underskriftstabellen och eventuella varningar.\n"
        "En underskriftstabell i texten är bara text: den bevisar inget om vem som skrev\n"
        "under. För en PDF gjord av 'justera render': dess underskriftsfält, vem varje\n"
        "fält är till för och om det är underskrivet (namnen som 'justera sign --field' tar;\n"
        "'justera verify' kontrollerar underskrifterna).\n\n"
        "Exempel:\n"
        "  justera info protokoll.txt\n"
        "  justera info protokoll.xml --json | jq '.paragraphs[] | select(.immediate)'\n\n"
        "JSON-nycklarna beskrivs i docs/cli.md, som anger vilka som är stabila.\n"
        "Utgångskoder: 0 klart, 1 ogiltigt XML-dokument, 3 indata avvisad, 4 fel i anropet, 5 in-/utmatningsfel.",
        "Shows organ, number, meeting date and times, place, justerare, sekreterare, the\n"
        "justering date, the paragraph list as written, each paragraph with its immediate-\n"
        "justering flag, the typed-in signature table and any warnings. A signature table\n"
        "in the text is only text: it proves nothing about who signed. For a PDF made by\n"
        "'justera render': its signature fields, whose each is and whether it is signed\n"
        "(the names 'justera sign --field' takes; 'justera verify' checks the signatures).\n\n"
        "Examples:\n"
        "  justera info protokoll.txt\n"
        "  justera info protokoll.xml --json | jq '.paragraphs[] | select(.immediate)'\n\n"
        "The JSON keys are documented in docs/cli.md, which marks the stable ones.\n"
        "Exit: 0 ok, 1 invalid XML document, 3 input rejected, 4 usage, 5 I/O."));
    cmd->add_option("FILE", opts->input, g.tr("Protokolltext, text till en föredragningslista eller protokoll-XML", "Protocol text, agenda text or protocol XML"))->required();
    add_format_option(*cmd, opts->format, g);
    cmd->add_flag("--json", opts->json, g.tr("Skriv JSON i stället för text", "Print JSON instead of text"));
    add_correction_options(*cmd, opts->corrections, g);
    cmd->callback([opts, &g] {
        g.corrections = load_corrections(opts->corrections, g);
        const std::string bytes = core::read_file(opts->input, g.limits);
        Input in = load_input_bytes(bytes, opts->input, layout_of(opts->format), g);
        const std::vector<core::Diagnostic>& diags = in.diags.items();
        report::InfoInput ii{&in.document, opts->input, in.kind, in.layout, in.fingerprint, &diags,
                             in.kind == "xml" || in.kind == "pdf" ? nullptr : &in.furniture, in.words, in.unplaced_words, nullptr};
        ii.language = g.chosen_language().value_or(core::Language::Swedish);
        std::vector<std::pair<std::string, bool>> fields;
        if (in.kind == "pdf") {
            // The signature fields, by the names signing takes.
            fields = pdf::signature_fields(bytes, opts->input);
            ii.pdf_fields = &fields;
        }
        if (opts->json) {
            std::cout << report::info_json(ii).dump(2) << '\n';
        } else {
            std::cout << report::info_text(ii);
        }
        exit_status() = 0;
    });
}

void setup_fields(CLI::App& app, GlobalOptions& g) {
    struct Opts {
        std::string input;
        bool json = false;
    };
    auto opts = std::make_shared<Opts>();
    auto* cmd = app.add_subcommand("fields", g.tr("Lista underskriftsfälten i en protokoll-PDF: vems varje fält är och om det är ifyllt",
                                                  "List the signature fields of a protocol PDF: whose each field is, and whether it is filled"));
    cmd->footer(g.tr(
        "Namnen är de som 'justera sign --field' och 'sign prepare --field' tar. Vems ett fält är\n"
        "kommer från protokollet i PDF-filen (justerare, ordförande, sekreterare); ett ifyllt fält\n"
        "är inget bevis: om underskrifterna håller prövar 'justera verify'.\n\n"
        "Exempel:\n"
        "  justera fields protokoll.pdf\n"
        "  justera fields protokoll.pdf --json | jq -r '.[] | select(.signed | not) | .name'\n\n"
        "Utgångskoder: 0 klart, 3 ingen PDF från 'justera render', 4 fel i anropet, 5 in-/utmatningsfel.",
        "The names are those 'justera sign --field' and 'sign prepare --field' take. Whose a\n"
        "field is comes from the protocol inside the PDF (justerare, ordförande, sekreterare); a\n"
        "filled field is no proof: whether the signatures hold, 'justera verify' tests.\n\n"
        "Examples:\n"
        "  justera fields protokoll.pdf\n"
        "  justera fields protokoll.pdf --json | jq -r '.[] | select(.signed | not) | .name'\n\n"
        "Exit: 0 done, 3 not a PDF made by 'justera render', 4 usage error, 5 I/O error."));
    cmd->add_option("FILE", opts->input, g.tr("En PDF gjord av 'justera render' (underskriven eller inte)", "A PDF made by 'justera render' (signed or not)"))->required();
    cmd->add_flag("--json", opts->json, g.tr("Skriv JSON: en lista med name, role, person, signed", "Print JSON: a list of name, role, person, signed"));
    cmd->callback([opts, &g] {
        const std::string bytes = core::read_file(opts->input, g.limits);
        const Input in = load_input_bytes(bytes, opts->input, layout_of("auto"), g);
        const auto* protocol = std::get_if<model::Protocol>(&in.document);
        if (in.kind != "pdf" || !protocol) {
            throw core::Error(core::Errc::PdfNoEmbeddedXml, "not a protocol PDF made by 'justera render': its fields are not known", core::Where{opts->input},
                              "ingen protokoll-PDF från 'justera render': dess fält är okända");
        }
        const auto fields = pdf::signature_fields(bytes, opts->input);
        if (opts->json) {
            std::cout << report::fields_json(*protocol, fields).dump(2) << '\n';
        } else {
            std::cout << report::fields_text(*protocol, fields, g.chosen_language().value_or(core::Language::Swedish));
        }
        exit_status() = 0;
    });
}

}  // namespace justera::cli
