// SPDX-License-Identifier: GPL-3.0-or-later
// justera render: protocol (text or XML) -> tagged PDF/A-3a with the XML embedded.

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "common.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/pdf/render.hpp"
#include "justera/pdf/style.hpp"

#ifndef JUSTERA_VERSION
#define JUSTERA_VERSION "0.0.0"
#endif

namespace justera::cli {

namespace {
struct RenderOpts {
    std::string input;
    std::string output;
    std::string format = "auto";
    bool allow_no_justerare = false;
    std::string profile;
    CorrectionOptions corrections;
};

}  // namespace

void setup_render(CLI::App& app, GlobalOptions& g) {
    auto opts = std::make_shared<RenderOpts>();
    auto* cmd = app.add_subcommand("render", g.tr("Gör en taggad PDF/A-3a (PDF/UA-1) av ett protokoll, med dess kanoniska XML inbäddad", "Render a protocol as tagged PDF/A-3a (PDF/UA-1) with its canonical XML embedded"));
    cmd->footer(g.tr(
        "Läser en protokoll-XML, eller vilken text som helst som 'justera parse' läser\n"
        "(den tolkas först), och skriver den PDF som publiceras och skrivs under: taggad\n"
        "PDF/A-3a och PDF/UA-1 (en skärmläsare följer dess struktur), med DejaVu-typsnitten\n"
        "inbäddade, den kanoniska XML-filen inbäddad som 'protokoll.xml' (AFRelationship\n"
        "Source) och dess fingeravtryck i XMP-metadata. Datum i filen tas från\n"
        "SOURCE_DATE_EPOCH när den är satt, så att samma XML ger en PDF som är likadan byte\n"
        "för byte.\n\n"
        "Exempel:\n"
        "  justera render protokoll.xml -o protokoll.pdf\n"
        "  SOURCE_DATE_EPOCH=1711101600 justera render protokoll.txt -o protokoll.pdf\n"
        "  justera render protokoll.xml --profile docs/profiles/exempelby.conf -o protokoll.pdf\n\n"
        "Avvisas (utgångskod 1): ett protokoll vars uppgifter 'justera validate' säger inte\n"
        "stämmer, och ett protokoll som inte namnger någon justerare (ingen skulle kunna\n"
        "skriva under det som justerare) om inte --allow-no-justerare anges; rätta en text\n"
        "med --set (docs/ingest.md).\n\n"
        "Utgångskoder: 0 skrivet, 1 ogiltigt eller motsägelsefullt, 3 indata avvisad, 4 fel i anropet, 5 in-/utmatningsfel (t.ex. typsnitt saknas).",
        "Reads a protocol XML, or any text 'justera parse' reads (parsed first), and\n"
        "writes the PDF that is published and signed: tagged PDF/A-3a and PDF/UA-1 (a\n"
        "screen reader follows its structure), DejaVu fonts embedded,\n"
        "the canonical XML embedded as 'protokoll.xml' (AFRelationship Source) and its\n"
        "fingerprint in the XMP metadata. Dates in the file come from SOURCE_DATE_EPOCH\n"
        "when it is set, so the same XML gives a byte-identical PDF.\n\n"
        "Examples:\n"
        "  justera render protokoll.xml -o protokoll.pdf\n"
        "  SOURCE_DATE_EPOCH=1711101600 justera render protokoll.txt -o protokoll.pdf\n"
        "  justera render protokoll.xml --profile docs/profiles/exempelby.conf -o protokoll.pdf\n\n"
        "Refused (exit 1): a protocol that 'justera validate' calls inconsistent, and a\n"
        "protocol that names no justerare (nobody could sign it as justerare) unless\n"
        "--allow-no-justerare; correct a text with --set (docs/ingest.md).\n\n"
        "Exit: 0 written, 1 invalid or inconsistent, 3 input rejected, 4 usage, 5 I/O (e.g. fonts missing)."));
    cmd->add_option("INPUT", opts->input, g.tr("Protokoll-XML eller text", "Protocol XML or text"))->required();
    cmd->add_option("-o,--output", opts->output, g.tr("PDF-filen som ska skrivas (- är standard ut)", "The PDF to write (- is standard output)"))->required();
    add_format_option(*cmd, opts->format, g);
    cmd->add_flag("--allow-no-justerare", opts->allow_no_justerare, g.tr("Gör PDF av ett protokoll som inte namnger någon justerare", "Render a protocol that names no justerare"));
    cmd->add_option("--profile", opts->profile,
                    g.tr("Kommunens stil: namn, dokumenttitel, organens namn, färg, sidfot, logotyp (docs/pdf.md)",
                         "The municipality's style: name, document title, organ names, colour, footer, logo (docs/pdf.md)"));
    add_correction_options(*cmd, opts->corrections, g);
    cmd->callback([opts, &g] {
        core::refuse_output_over_inputs(opts->output, {opts->input, opts->corrections.file, opts->profile});
        pdf::Style style;
        if (!opts->profile.empty()) {
            const std::string dir = std::filesystem::path(opts->profile).parent_path().string();
            style = pdf::read_style(core::read_file(opts->profile, g.limits), opts->profile, [&](const std::string& name) {
                const std::filesystem::path logo = std::filesystem::path(name).is_absolute() ? std::filesystem::path(name) : std::filesystem::path(dir) / name;
                core::refuse_output_over_inputs(opts->output, {logo.string()});
                return core::read_file(logo.string(), g.limits);
            });
        }
        g.corrections = load_corrections(opts->corrections, g);
        Input in = load_input(opts->input, layout_of(opts->format), g);
        print_diagnostics(std::cerr, in.diags, g);
        const auto* protocol = std::get_if<model::Protocol>(&in.document);
        if (!protocol) {
            throw core::Error(core::Errc::Usage,
                              std::holds_alternative<model::JusteringNotice>(in.document) ? "this is a notice of justering (anslag); render a protocol"
                                                                                         : "an agenda has no PDF form; render a protocol",
                              core::Where{opts->input},
                              std::holds_alternative<model::JusteringNotice>(in.document)
                                  ? "det här är ett tillkännagivande om justering (anslag); gör PDF av ett protokoll"
                                  : "en föredragningslista har ingen PDF-form; gör PDF av ett protokoll");
        }
        // What validate rejects is not published: the justerare would sign it.
        const auto problems = xml::check_consistency(in.document, opts->input);
        if (!problems.empty()) {
            std::string all;
            for (const auto& d : problems) all += "\n  " + d.message;
            throw core::Error(core::Errc::XmlInconsistent,
                              std::to_string(problems.size()) + (problems.size() == 1 ? " inconsistency" : " inconsistencies") +
                                  " ('justera validate' would reject it); nothing was written:" + all,
                              core::Where{opts->input},
                              std::to_string(problems.size()) + (problems.size() == 1 ? " motsägelse" : " motsägelser") +
                                  " ('justera validate' skulle underkänna det); inget skrevs:" + all);
        }
        if (protocol->adjusters.empty() && !opts->allow_no_justerare) {
            throw core::Error(core::Errc::XmlInconsistent,
                              "the protocol names no justerare, so nobody could sign it as one; correct the text "
                              "(justera parse --set justerare=\"...\") or render with --allow-no-justerare",
                              core::Where{opts->input},
                              "protokollet anger ingen justerare, så ingen kan skriva under det som justerare; rätta texten "
                              "(justera parse --set justerare=\"...\") eller gör PDF med --allow-no-justerare");
        }
        pdf::RenderOptions ro;
        ro.source_date_epoch = document_time();
        ro.version = JUSTERA_VERSION;
        ro.style = std::move(style);
        const auto out = pdf::render(*protocol, in.canonical, in.fingerprint, ro);
        core::write_output(opts->output, out.pdf);
        if (!g.quiet) {
            if (g.swedish()) {
                std::cerr << "justera: skrev " << shown_output(opts->output, g.swedish()) << " (" << out.pages << " sidor, " << out.pdf.size()
                          << " byte, fingeravtryck " << in.fingerprint << ")\n";
            } else {
                std::cerr << "justera: wrote " << shown_output(opts->output, g.swedish()) << " (" << out.pages << " pages, " << out.pdf.size()
                          << " bytes, fingerprint " << in.fingerprint << ")\n";
            }
            if (out.replaced_glyphs > 0) {
                std::cerr << "justera: " << opts->output << (g.swedish() ? ": varning: " : ": warning: ") << out.replaced_glyphs
                          << (g.swedish() ? " tecken saknas i typsnittet och visas som \xEF\xBF\xBD; den inbäddade XML-filen har dem kvar\n"
                                          : " characters have no glyph in the font and are shown as \xEF\xBF\xBD; the embedded XML keeps them\n");
            }
        }
        exit_status() = 0;
    });
}

}  // namespace justera::cli
