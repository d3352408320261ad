// SPDX-License-Identifier: GPL-3.0-or-later
// justera timestamp: a document timestamp over the whole signed protocol
// (PAdES B-LTA), optionally after the validation data of every signature.

#include <iostream>
#include <memory>

#include "common.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/signing/workflow.hpp"
#include "ltv_options.hpp"

namespace justera::cli {

namespace {

struct TimestampOpts {
    std::string input;
    std::string output;
    std::string tsa;
    std::string field;
    LtvOptions ltv;
};

}  // namespace

void setup_timestamp(CLI::App& app, GlobalOptions& g) {
    auto opts = std::make_shared<TimestampOpts>();
    auto* cmd = app.add_subcommand("timestamp", g.tr("Lägg till en dokumenttidsstämpel i ett underskrivet protokoll som PDF (PAdES B-LTA)", "Add a document timestamp to a signed protocol PDF (PAdES B-LTA)"));
    cmd->footer(g.tr(
        "Lägger till en dokumenttidsstämpel enligt RFC 3161 över hela filen, i ett nytt\n"
        "osynligt underskriftsfält, som en inkrementell uppdatering som låter varje\n"
        "underskrift förbli giltig. Med --ltv läggs först valideringsdata för varje\n"
        "underskrift och tidsstämpel som redan finns i filen (certifikat, OCSP-svar eller\n"
        "spärrlistor) in i Document Security Store, så att tidsstämpeln täcker dem: PAdES\n"
        "B-LTA. Kör kommandot igen innan certifikatet för den senaste tidsstämpeln går\n"
        "ut, så att protokollet går att verifiera så länge det arkiveras.\n\n"
        "Exempel:\n"
        "  justera timestamp protokoll-signerat.pdf -o protokoll-arkiv.pdf --tsa http://tsa.example/ --ltv\n"
        "  justera timestamp arkiv-2031.pdf -o arkiv-2036.pdf --tsa http://tsa.example/ --ltv --ca-certs rot.pem\n\n"
        "Utgångskoder: 0 skrivet, 3 avvisad (en underskrift stämmer inte längre, ett spärrat\n"
        "certifikat i den nya tidsstämpelns egen kedja, en felaktig fil till --crl eller\n"
        "--ocsp), 4 fel i anropet, 5 in-/utmatningsfel (tidsstämplingstjänsten eller\n"
        "spärrtjänsten går inte att nå). Ingenting skrivs när det misslyckas.",
        "Adds an RFC 3161 document timestamp over the whole file, in a new invisible\n"
        "signature field, as an incremental update that leaves every signature valid.\n"
        "With --ltv, the validation data of every signature and timestamp already in\n"
        "the file (certificates, OCSP responses or CRLs) goes into the Document\n"
        "Security Store first, so the timestamp covers it: PAdES B-LTA. Repeat the\n"
        "command before the last timestamp's certificate expires to keep the\n"
        "protocol verifiable for as long as it is archived.\n\n"
        "Examples:\n"
        "  justera timestamp protokoll-signerat.pdf -o protokoll-arkiv.pdf --tsa http://tsa.example/ --ltv\n"
        "  justera timestamp arkiv-2031.pdf -o arkiv-2036.pdf --tsa http://tsa.example/ --ltv --ca-certs rot.pem\n\n"
        "Exit: 0 written, 3 refused (a signature no longer matches, a revoked\n"
        "certificate in the new timestamp's own chain, bad --crl/--ocsp file), 4 usage,\n"
        "5 I/O (time-stamping authority or revocation service unreachable).\n"
        "Nothing is written when it fails."));
    cmd->add_option("INPUT", opts->input, g.tr("Den underskrivna PDF-filen (ändras aldrig)", "The signed PDF (never changed)"))->required();
    cmd->add_option("-o,--output", opts->output, g.tr("Den tidsstämplade PDF-filen som ska skrivas (- är standard ut)", "The timestamped PDF to write (- is standard output)"))->required();
    cmd->add_option("--tsa", opts->tsa, g.tr("URL till tidsstämplingstjänsten (RFC 3161)", "URL of the RFC 3161 time-stamping authority"))->required();
    cmd->add_option("--field", opts->field, g.tr("Namnet på det nya fältet (standard justera_ts_N)", "Name of the new field (default justera_ts_N)"));
    add_ltv_options(cmd, opts->ltv, g);
    cmd->callback([opts, &g] {
        std::vector<std::string> inputs{opts->input};
        append_inputs(opts->ltv, inputs);
        core::refuse_output_over_inputs(opts->output, inputs);
        const std::string in_bytes = core::read_file(opts->input, g.limits);
        signing::TimestampRequest req;
        req.pdf = in_bytes;
        req.file = opts->input;
        req.output = opts->output;
        req.tsa = opts->tsa;
        req.field = opts->field;
        req.validation = validation_data(opts->ltv, g);
        req.limits = g.limits;
        const signing::TimestampResult done = signing::timestamp_document(req, progress(g));
        core::write_output(opts->output, done.pdf);
        if (!g.quiet) {
            if (g.swedish()) {
                std::cerr << "justera: dokumenttidsstämpel i fältet " << done.field << (opts->ltv.ltv ? " efter valideringsdata (PAdES B-LTA)" : "")
                          << "; skrev " << shown_output(opts->output, g.swedish()) << "\n";
            } else {
                std::cerr << "justera: document timestamp in field " << done.field << (opts->ltv.ltv ? " after the validation data (PAdES B-LTA)" : "")
                          << "; wrote " << shown_output(opts->output, g.swedish()) << "\n";
            }
        }
        exit_status() = 0;
    });
}

}  // namespace justera::cli
