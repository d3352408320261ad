// SPDX-License-Identifier: GPL-3.0-or-later
// justera sign: a justerare or the sekreterare signs the protocol PDF.

#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>

#include "common.hpp"
#include "ltv_options.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/signing/workflow.hpp"

namespace justera::cli {

namespace {

struct SignOpts {
    std::string input;
    std::string output;
    std::string role;
    std::string p12;
    std::string key;
    std::string cert;
    std::string chain;
    std::string pkcs11;
    std::string pkcs11_module;
    std::string password_file;
    std::string field;
    std::string tsa;
    std::string reason;
    std::string location;
    std::string digest = "sha256";
    bool certify = false;
    LtvOptions ltv;
};

/// The password, never from argv: a file, JUSTERA_PASSWORD, or a prompt
/// without echo when standard input is a terminal.
std::string password(const SignOpts& o) {
    if (!o.password_file.empty()) {
        std::ifstream in(o.password_file);
        if (!in) throw core::Error(core::Errc::InputUnreadable, "cannot read the password file", core::Where{o.password_file});
        std::string line;
        std::getline(in, line);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }
    if (const char* env = std::getenv("JUSTERA_PASSWORD")) return env;
    if (::isatty(STDIN_FILENO) != 0) {
        std::cerr << "Lösenord (password) för nyckeln: " << std::flush;
        termios old{};
        ::tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        std::string line;
        std::getline(std::cin, line);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::cerr << '\n';
        return line;
    }
    return {};
}


}  // namespace

void setup_sign(CLI::App& app, GlobalOptions& g) {
    auto opts = std::make_shared<SignOpts>();
    auto* cmd = app.add_subcommand("sign", "Sign the protocol PDF as justerare or sekreterare (PAdES B-B)");
    cmd->footer(
        "Fills your signature field in a PDF made by 'justera render', as an incremental\n"
        "update that leaves earlier signatures valid. The field is the one for the\n"
        "justerare or sekreterare whose name in the protocol matches your certificate:\n"
        "the surname, and the protocol's first name among your given names (e-ID\n"
        "certificates carry all given names: 'Johan Alexander Emanuel Ojanne' signs for\n"
        "'Alexander Ojanne'). The signature is CAdES (ETSI.CAdES.detached), SHA-256,\n"
        "with your claimed role and no signing-time attribute; the time is the PDF's /M.\n\n"
        "The password (or a token's PIN) is never given on the command line:\n"
        "--password-file FILE, the JUSTERA_PASSWORD environment variable, or a prompt\n"
        "without echo.\n\n"
        "Examples:\n"
        "  justera sign protokoll.pdf -o p1.pdf --role justerare --p12 ojanne.p12 --password-file pw\n"
        "  justera sign p2.pdf -o signed.pdf --role sekreterare --key k.pem --cert c.pem --chain ca.pem\n"
        "  justera sign p1.pdf -o p2.pdf --role justerare --pkcs11 'pkcs11:token=SITHS%20eID;object=Signering' \\\n"
        "      --pkcs11-module /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so --tsa URL\n\n"
        "Exit: 0 signed, 3 refused (wrong password, name mismatch, field signed already),\n"
        "4 usage, 5 I/O. Nothing is written when signing is refused.");
    cmd->add_option("INPUT", opts->input, "The PDF to sign (never changed)")->required();
    cmd->add_option("-o,--output", opts->output, "The signed PDF to write (- is standard output)")->required();
    cmd->add_option("--role", opts->role, "justerare, ordforande or sekreterare")
        ->required()->check(CLI::IsMember({"justerare", "ordforande", "sekreterare"}));
    cmd->add_option("--p12", opts->p12, "PKCS#12 file with key and certificates");
    cmd->add_option("--key", opts->key, "PEM private key (with --cert)");
    cmd->add_option("--cert", opts->cert, "PEM certificate of the key");
    cmd->add_option("--chain", opts->chain, "PEM intermediate certificates to include");
    auto* p11 = cmd->add_option("--pkcs11", opts->pkcs11,
                                "A key on a smart card or other token: RFC 7512 URI, e.g. 'pkcs11:token=SITHS;object=Signing'");
    cmd->add_option("--pkcs11-module", opts->pkcs11_module,
                    "The token's PKCS#11 module, e.g. /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so (default: $PKCS11_MODULE_PATH)");
    p11->excludes(cmd->get_option("--p12"));
    p11->excludes(cmd->get_option("--key"));
    cmd->add_option("--password-file", opts->password_file, "Read the key's password from the first line of this file");
    cmd->add_option("--field", opts->field, "Sign this field even if the names do not match (see docs/pdf.md)");
    cmd->add_option("--reason", opts->reason, "Reason shown by PDF viewers, e.g. 'Justerat'");
    cmd->add_option("--location", opts->location, "Place of signing shown by PDF viewers");
    cmd->add_option("--digest", opts->digest, "Hash algorithm: sha256 (default), sha384 or sha512")
        ->check(CLI::IsMember({"sha256", "sha384", "sha512"}));
    cmd->add_option("--tsa", opts->tsa, "URL of an RFC 3161 time-stamping authority: adds a signature timestamp (PAdES B-T)");
    add_ltv_options(cmd, opts->ltv);
    cmd->add_flag("--certify", opts->certify,
                  "As the sekreterare signing last: lock the document (no changes but validation data and document timestamps)");
    cmd->callback([opts, &g] {
        if (opts->ltv.ltv && opts->tsa.empty()) {
            throw core::Error(core::Errc::Usage, "--ltv needs --tsa: PAdES B-LT builds on a signature timestamp (B-T)");
        }
        std::vector<std::string> inputs{opts->input, opts->p12, opts->key, opts->cert, opts->chain, opts->password_file, opts->pkcs11_module};
        append_inputs(opts->ltv, inputs);
        core::refuse_output_over_inputs(opts->output, inputs);
        const std::string in_bytes = core::read_file(opts->input, g.limits);
        Input in = load_input_bytes(in_bytes, opts->input, ingest::Layout::Auto, g);
        if (in.kind != "pdf") throw core::Error(core::Errc::Usage, "sign a PDF made by 'justera render'", core::Where{opts->input});
        const auto* protocol = std::get_if<model::Protocol>(&in.document);
        if (!protocol) throw core::Error(core::Errc::Usage, "the PDF carries no protocol", core::Where{opts->input});
        signing::SignRequest req;
        req.pdf = in_bytes;
        req.file = opts->input;
        req.output = opts->output;
        req.protocol = protocol;
        req.key.p12 = opts->p12;
        req.key.key_pem = opts->key;
        req.key.cert_pem = opts->cert;
        req.key.chain_pem = opts->chain;
        req.key.pkcs11_uri = opts->pkcs11;
        req.key.pkcs11_module = opts->pkcs11_module;
        if (req.key.pkcs11_module.empty()) {
            if (const char* env = std::getenv("PKCS11_MODULE_PATH")) req.key.pkcs11_module = env;
        }
        req.key.password = password(*opts);
        req.role = opts->role;
        req.field = opts->field;
        req.tsa = opts->tsa;
        req.digest = opts->digest;
        req.reason = opts->reason;
        req.location = opts->location;
        req.certify = opts->certify;
        req.validation = validation_data(opts->ltv);
        req.epoch = document_time();
        req.limits = g.limits;
        const signing::SignResult done = signing::sign_protocol(req, progress(g));
        core::write_output(opts->output, done.pdf);
        if (!g.quiet) {
            std::cerr << "justera: " << done.signer << " signed field " << done.field << " as " << done.claimed_role
                      << (opts->ltv.ltv ? " with validation data (PAdES B-LT)" : opts->tsa.empty() ? " (PAdES B-B)" : " with a timestamp (PAdES B-T)")
                      << (opts->certify ? ", document locked" : "") << "; wrote " << shown_output(opts->output) << "\n";
        }
        exit_status() = 0;
    });
}

}  // namespace justera::cli
