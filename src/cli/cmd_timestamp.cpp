// SPDX-License-Identifier: GPL-3.0-or-later
// justera timestamp: a document timestamp over the whole signed protocol
// (PAdES B-LTA), optionally after the validation data of every signature.

#include <iostream>
#include <memory>

#include "common.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/pdf/render.hpp"
#include "justera/pdf/signature.hpp"
#include "justera/pdf/signatures.hpp"
#include "justera/sign/sign.hpp"
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
    auto* cmd = app.add_subcommand("timestamp", "Add a document timestamp to a signed protocol PDF (PAdES B-LTA)");
    cmd->footer(
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
        "Nothing is written when it fails.");
    cmd->add_option("INPUT", opts->input, "The signed PDF (never changed)")->required();
    cmd->add_option("-o,--output", opts->output, "The timestamped PDF to write (- is standard output)")->required();
    cmd->add_option("--tsa", opts->tsa, "URL of the RFC 3161 time-stamping authority")->required();
    cmd->add_option("--field", opts->field, "Name of the new field (default justera_ts_N)");
    add_ltv_options(cmd, opts->ltv);
    cmd->callback([opts, &g] {
        std::vector<std::string> inputs{opts->input};
        append_inputs(opts->ltv, inputs);
        core::refuse_output_over_inputs(opts->output, inputs);
        const std::string in_bytes = core::read_file(opts->input, g.limits);
        if (!pdf::looks_like_pdf(in_bytes)) throw core::Error(core::Errc::PdfMalformed, "not a PDF (no %PDF- header)", core::Where{opts->input});
        const auto sigs = pdf::existing_signatures(in_bytes, opts->input, g.limits);
        require_intact(sigs, opts->input);
        std::string pdf = in_bytes;
        // A first token from the authority sizes the placeholder and shows
        // whose certificate the new timestamp will carry.
        const std::string probe = sign::request_timestamp(opts->tsa, "");
        if (opts->ltv.ltv) {
            std::vector<std::string> all;
            for (const auto& s : sigs) all.push_back(s.contents);
            // The authority's own chain too, so that the newest timestamp can
            // be checked from the file alone.
            all.push_back(probe);
            // Earlier signers' certificates may have been revoked since they
            // signed: keep that answer as evidence, warn, and go on.
            pdf = add_validation_data(pdf, opts->output, all, opts->ltv, false, g);
        }
        std::string field = opts->field;
        if (field.empty()) {
            std::size_t n = 1;
            for (const auto& s : sigs) n += s.type == "DocTimeStamp" ? 1 : 0;
            field = "justera_ts_" + std::to_string(n);
        }
        for (const auto& [name, signed_already] : pdf::signature_fields(pdf, opts->input)) {
            if (name == field) throw core::Error(core::Errc::SignFieldSigned, "the field '" + field + "' exists already; nothing was written");
        }
        pdf::SignSpec spec;
        spec.field = field;
        spec.create_field = true;
        spec.type = "DocTimeStamp";
        spec.sub_filter = "ETSI.RFC3161";
        // Sized from a real token of this authority (chain included).
        spec.contents_bytes = probe.size() + 1024;
        const std::string out =
            pdf::sign_field(pdf, spec, [&](std::string_view covered) { return sign::request_timestamp(opts->tsa, covered); });
        core::write_output(opts->output, out);
        if (!g.quiet) {
            std::cerr << "justera: document timestamp in field " << field << (opts->ltv.ltv ? " after the validation data (PAdES B-LTA)" : "")
                      << "; wrote " << shown_output(opts->output) << "\n";
        }
        exit_status() = 0;
    });
}

}  // namespace justera::cli
