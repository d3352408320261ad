// SPDX-License-Identifier: GPL-3.0-or-later
// justera parse: protocol or agenda text -> canonical XML.

#include <iostream>
#include <memory>

#include "common.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"

namespace justera::cli {

namespace {
struct ParseOpts {
    std::string input;
    std::string output;
    std::string format = "auto";
    bool strict = false;
    CorrectionOptions corrections;
};
}  // namespace

void setup_parse(CLI::App& app, GlobalOptions& g) {
    auto opts = std::make_shared<ParseOpts>();
    auto* cmd = app.add_subcommand("parse", g.tr("Läs texten till ett protokoll eller en föredragningslista och skriv dess kanoniska XML", "Read a protocol or agenda text and write its canonical XML"));
    cmd->footer(g.tr(
        "Läser ett protokoll i den form man har det: ett Word-dokument (.docx, som\n"
        "dokumentsystemen exporterar dem), UTF-8-text (en Markdown-export, text som\n"
        "kopierats ur en PDF, en föredragningslista från en webbsida) eller en PDF som\n"
        "gjorts i ett annat system (dess text, läst av poppler genom justera-pdftext),\n"
        "och skriver kanonisk XML (schemas/protokoll.xsd). Ingenting skrivs när indata\n"
        "avvisas. Varningar (t.ex. ett ord som blandar latinska och kyrilliska\n"
        "bokstäver) anger rad och kolumn och ändrar aldrig texten.\n\n"
        "Exempel:\n"
        "  justera parse protokoll.txt -o protokoll.xml\n"
        "  justera parse protokoll.docx -o protokoll.xml\n"
        "  justera parse --format agenda dagordning.txt\n"
        "  justera parse protokoll-fran-webben.pdf -o protokoll.xml\n"
        "  justera parse --strict protokoll.md -o protokoll.xml   # varningar blir fel\n"
        "  justera parse protokoll.txt --set justerare=\"Per Bengtsson; Anna Ek\" --set meeting_date=2025-11-19\n"
        "  justera parse protokoll.txt --corrections protokoll.rättelser -o protokoll.xml\n\n"
        "Det som justera inte kunde fastställa i texten blir en varning med radnummer; en\n"
        "rad vars ord inte kunde placeras någonstans sparas hel i <unplaced>; sidhuvuden,\n"
        "sidfötter och sidnummer som lämnades utanför listas av 'justera info'.\n"
        "Kontrollera med 'justera info' innan någon skriver under.\n\n"
        "Utgångskoder: 0 skrivet, 1 en varning med --strict, 3 indata avvisad, 4 fel i\n"
        "anropet, 5 in-/utmatningsfel.",
        "Reads a protocol as people have it: a Word document (.docx, as document systems\n"
        "export them), UTF-8 text (a Markdown export, text copied out of a PDF, an agenda\n"
        "page), or a PDF made elsewhere (its text, read by poppler through\n"
        "justera-pdftext), and writes canonical XML (schemas/protokoll.xsd). Nothing is\n"
        "written when the input is rejected. Warnings (e.g. a word mixing Latin and\n"
        "Cyrillic letters) name line and column and never change the text.\n\n"
        "Examples:\n"
        "  justera parse protokoll.txt -o protokoll.xml\n"
        "  justera parse protokoll.docx -o protokoll.xml\n"
        "  justera parse --format agenda dagordning.txt\n"
        "  justera parse protokoll-fran-webben.pdf -o protokoll.xml\n"
        "  justera parse --strict protokoll.md -o protokoll.xml   # warnings are errors\n"
        "  justera parse protokoll.txt --set justerare=\"Per Bengtsson; Anna Ek\" --set meeting_date=2025-11-19\n"
        "  justera parse protokoll.txt --corrections protokoll.rättelser -o protokoll.xml\n\n"
        "What the reader could not establish is a warning with its line; a line whose words\n"
        "it placed nowhere is kept whole in <unplaced>; the page furniture it left out is\n"
        "listed by 'justera info'. Check 'justera info' before anyone signs.\n\n"
        "Exit: 0 written, 1 a warning under --strict, 3 input rejected, 4 usage, 5 I/O."));
    cmd->add_option("INPUT", opts->input, g.tr("Protokoll eller föredragningslista: ett Word-dokument (.docx), UTF-8-text eller en PDF från ett annat system", "Protocol or agenda: a Word document (.docx), UTF-8 text, or a PDF made elsewhere"))->required();
    cmd->add_option("-o,--output", opts->output, g.tr("Skriv XML till den här filen (se OUTPUT i docs/cli.md; - är standard ut) i stället för till standard ut", "Write the XML to this file (see OUTPUT in docs/cli.md; - is standard output) instead of to standard output"));
    add_format_option(*cmd, opts->format, g);
    cmd->add_flag("--strict", opts->strict,
                  g.tr("Avvisa texten (utgångskod 1, inget skrivs) vid minsta varning: en uppgift som inte\n"
                       "kunde fastställas (ingen justerare, ingen sekreterare, inget sammanträdesdatum, ...),\n"
                       "en rad som sparats som oplacerad text, ett paragrafnummer som hoppar över",
                       "Refuse the text (exit 1, nothing written) when there is any warning: a fact not\n"
                       "established (no justerare, no sekreterare, no meeting date, ...), a line kept as\n"
                       "unplaced text, a paragraph number that skips"));
    add_correction_options(*cmd, opts->corrections, g);
    cmd->callback([opts, &g] {
        core::refuse_output_over_inputs(opts->output, {opts->input, opts->corrections.file});
        g.corrections = load_corrections(opts->corrections, g);
        const std::string bytes = core::read_file(opts->input, g.limits);
        if (xml::looks_like_xml(bytes)) {
            throw core::Error(core::Errc::Usage, "the input is already XML; use 'justera validate' or 'justera info'", core::Where{opts->input},
                              "filen är redan XML; använd 'justera validate' eller 'justera info'");
        }
        Input in = load_input_bytes(bytes, opts->input, layout_of(opts->format), g);
        if (in.kind == "pdf") {
            throw core::Error(core::Errc::Usage, "the PDF already carries its protocol XML; use 'justera extract' to get it",
                              core::Where{opts->input}, "PDF-filen bär redan sin protokoll-XML; använd 'justera extract' för att få ut den");
        }
        print_diagnostics(std::cerr, in.diags, g);
        if (opts->strict && in.diags.has_warnings()) {
            throw core::Error(core::Errc::IngestStrictWarning,
                              std::to_string(in.diags.count(core::Severity::Warning)) +
                                  " warning(s) under --strict; nothing was written",
                              core::Where{opts->input},
                              std::to_string(in.diags.count(core::Severity::Warning)) + " varning(ar) med --strict; inget skrevs");
        }
        if (opts->output.empty()) {
            std::cout << in.canonical;
            std::cout.flush();
        } else {
            core::write_output(opts->output, in.canonical);
            if (!g.quiet) std::cerr << (g.swedish() ? "justera: skrev " : "justera: wrote ") << shown_output(opts->output, g.swedish()) << (g.swedish() ? " (fingeravtryck " : " (fingerprint ") << in.fingerprint << ")\n";
        }
        exit_status() = 0;
    });
}

}  // namespace justera::cli
