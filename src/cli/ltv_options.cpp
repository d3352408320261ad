// SPDX-License-Identifier: GPL-3.0-or-later
#include "ltv_options.hpp"

#include <iostream>

#include "justera/core/error.hpp"
#include "justera/pdf/signature.hpp"
#include "justera/pki/cms.hpp"

namespace justera::cli {

void add_ltv_options(CLI::App* cmd, LtvOptions& o) {
    cmd->add_flag("--ltv", o.ltv,
                  "Add validation data (PAdES B-LT): the certificates and an OCSP response or CRL for each, "
                  "in the PDF's Document Security Store");
    cmd->add_option("--crl", o.crl_files, "With --ltv: a CRL file (DER or PEM) to use before asking the network; repeatable")
        ->allow_extra_args(false)->check(CLI::ExistingFile);
    cmd->add_option("--ocsp", o.ocsp_files, "With --ltv: an OCSP response file (DER) to use before asking the network; repeatable")
        ->allow_extra_args(false)->check(CLI::ExistingFile);
    cmd->add_option("--ca-certs", o.ca_files,
                    "With --ltv: PEM CA certificates (the root, say) to include and check revocation data with; repeatable")
        ->allow_extra_args(false)->check(CLI::ExistingFile);
    cmd->add_flag("--no-fetch", o.no_fetch, "With --ltv: use only the --crl/--ocsp files, never the network");
}

void append_inputs(const LtvOptions& o, std::vector<std::string>& inputs) {
    for (const auto* files : {&o.crl_files, &o.ocsp_files, &o.ca_files}) inputs.insert(inputs.end(), files->begin(), files->end());
}

void require_intact(const std::vector<pdf::ExistingSignature>& sigs, const std::string& file) {
    for (const auto& s : sigs) {
        const bool ok = s.byte_range_ok && (s.type == "DocTimeStamp" ? pki::timestamp_matches(s.contents, s.covered)
                                                                     : pki::cms_matches(s.contents, s.covered));
        if (!ok) {
            throw core::Error(core::Errc::SignExistingInvalid,
                              std::string(s.type == "DocTimeStamp" ? "the document timestamp" : "the signature") + " in field '" + s.field +
                                  "' does not verify: the document was changed after it was signed; nothing was written",
                              core::Where{file});
        }
    }
}

std::string add_validation_data(const std::string& pdf, const std::string& file, const std::vector<std::string>& signatures,
                                const LtvOptions& o, bool refuse_revoked, const GlobalOptions& g) {
    pki::RevocationSources src;
    src.crl_files = o.crl_files;
    src.ocsp_files = o.ocsp_files;
    src.ca_files = o.ca_files;
    src.fetch = !o.no_fetch;
    src.refuse_revoked = refuse_revoked;
    const auto data = pki::collect_validation_data(signatures, src, [&](const std::string& line) {
        const bool warning = line.rfind("warning: ", 0) == 0;
        if (warning || !g.quiet) std::cerr << "justera: " << line << "\n";
    });
    if (!g.quiet) {
        const auto count = [](std::size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); };
        std::cerr << "justera: validation data: " << count(data.certs.size(), "certificate", "certificates") << ", "
                  << count(data.ocsps.size(), "OCSP response", "OCSP responses") << ", " << count(data.crls.size(), "CRL", "CRLs") << "\n";
    }
    return pdf::add_dss(pdf, file, data.certs, data.ocsps, data.crls);
}

}  // namespace justera::cli
