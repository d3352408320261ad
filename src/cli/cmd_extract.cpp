// SPDX-License-Identifier: GPL-3.0-or-later
// justera extract: the protocol XML embedded in a PDF.

#include <iostream>
#include <memory>

#include "common.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"

namespace justera::cli {

namespace {
struct ExtractOpts {
    std::string input;
    std::string output;
};
}  // namespace

void setup_extract(CLI::App& app, GlobalOptions& g) {
    auto opts = std::make_shared<ExtractOpts>();
    auto* cmd = app.add_subcommand("extract", g.tr("Skriv den protokoll-XML som är inbäddad i en PDF", "Write the protocol XML embedded in a PDF"));
    cmd->footer(g.tr(
        "Läser den bifogade filen 'protokoll.xml' i en PDF gjord av 'justera render',\n"
        "kontrollerar den mot schemat och skriver den byte för byte (till standard ut\n"
        "utan -o). Dess fingeravtryck är det som 'justera fingerprint FILE.pdf' skriver ut.\n\n"
        "Exempel:\n"
        "  justera extract protokoll.pdf -o protokoll.xml\n\n"
        "Utgångskoder: 0 skrivet, 1 ogiltig XML, 3 inte en PDF eller ingen XML i den, 4 fel i anropet, 5 in-/utmatningsfel.",
        "Reads the associated file 'protokoll.xml' of a PDF made by 'justera render',\n"
        "checks it against the schema and writes it byte for byte (standard output\n"
        "when no -o). Its fingerprint is the one 'justera fingerprint FILE.pdf' prints.\n\n"
        "Example:\n"
        "  justera extract protokoll.pdf -o protokoll.xml\n\n"
        "Exit: 0 written, 1 invalid XML, 3 not a PDF or no XML inside, 4 usage, 5 I/O."));
    cmd->add_option("FILE", opts->input, g.tr("En PDF gjord av justera render", "A PDF made by justera render"))->required();
    cmd->add_option("-o,--output", opts->output, g.tr("Skriv XML till den här filen (- är standard ut)", "Write the XML to this file (- is standard output)"));
    cmd->callback([opts, &g] {
        core::refuse_output_over_inputs(opts->output, {opts->input});
        Input in = load_input(opts->input, ingest::Layout::Auto, g);
        if (in.kind != "pdf") throw core::Error(core::Errc::Usage, "not a PDF", core::Where{opts->input}, "ingen PDF-fil");
        if (opts->output.empty()) {
            std::cout << in.embedded_xml;
            std::cout.flush();
        } else {
            core::write_output(opts->output, in.embedded_xml);
            if (!g.quiet) std::cerr << (g.swedish() ? "justera: skrev " : "justera: wrote ") << shown_output(opts->output, g.swedish()) << (g.swedish() ? " (fingeravtryck " : " (fingerprint ") << in.fingerprint << ")\n";
        }
        exit_status() = 0;
    });
}

}  // namespace justera::cli
