// SPDX-License-Identifier: GPL-3.0-or-later
#include "ltv_options.hpp"

#include <iostream>

#include "justera/core/error.hpp"

namespace justera::cli {

void add_ltv_options(CLI::App* cmd, LtvOptions& o, const GlobalOptions& g) {
    cmd->add_flag("--ltv", o.ltv,
                  g.tr("Lägg till valideringsdata (PAdES B-LT): certifikaten och ett OCSP-svar eller en spärrlista (CRL) för vart och ett, "
                       "i PDF-filens Document Security Store",
                       "Add validation data (PAdES B-LT): the certificates and an OCSP response or CRL for each, "
                       "in the PDF's Document Security Store"));
    cmd->add_option("--crl", o.crl_files, g.tr("Med --ltv: en spärrlista (CRL-fil, DER eller PEM) som används innan nätet tillfrågas; kan upprepas", "With --ltv: a CRL file (DER or PEM) to use before asking the network; repeatable"))
        ->allow_extra_args(false)->check(CLI::ExistingFile);
    cmd->add_option("--ocsp", o.ocsp_files, g.tr("Med --ltv: en fil med ett OCSP-svar (DER) som används innan nätet tillfrågas; kan upprepas", "With --ltv: an OCSP response file (DER) to use before asking the network; repeatable"))
        ->allow_extra_args(false)->check(CLI::ExistingFile);
    cmd->add_option("--ca-certs", o.ca_files,
                    g.tr("Med --ltv: CA-certifikat i PEM (till exempel roten) att ta med och kontrollera spärrinformationen mot; kan upprepas", "With --ltv: PEM CA certificates (the root, say) to include and check revocation data with; repeatable"))
        ->allow_extra_args(false)->check(CLI::ExistingFile);
    cmd->add_flag("--no-fetch", o.no_fetch, g.tr("Med --ltv: använd bara filerna från --crl och --ocsp, aldrig nätet", "With --ltv: use only the --crl/--ocsp files, never the network"));
}

void append_inputs(const LtvOptions& o, std::vector<std::string>& inputs) {
    for (const auto* files : {&o.crl_files, &o.ocsp_files, &o.ca_files}) inputs.insert(inputs.end(), files->begin(), files->end());
}

signing::ValidationDataOptions validation_data(const LtvOptions& o, const GlobalOptions& g) {
    signing::ValidationDataOptions v = o;
    v.fetch = !o.no_fetch;
    v.swedish = g.swedish();
    return v;
}

signing::Log progress(const GlobalOptions& g) {
    return [&g](const std::string& line) {
        const bool warning = line.rfind("warning: ", 0) == 0 || line.rfind("varning: ", 0) == 0;
        if (warning || !g.quiet) std::cerr << "justera: " << line << "\n";
    };
}

}  // namespace justera::cli
