// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The long-term-validation options that `sign` and `timestamp` share, and
// the one way both check existing signatures and add validation data.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "common.hpp"
#include "justera/pdf/signatures.hpp"
#include "justera/pki/revocation.hpp"

namespace justera::cli {

struct LtvOptions {
    bool ltv = false;
    std::vector<std::string> crl_files;
    std::vector<std::string> ocsp_files;
    std::vector<std::string> ca_files;
    bool no_fetch = false;
};

/// Adds --ltv, --crl, --ocsp, --ca-certs and --no-fetch to `cmd`.
void add_ltv_options(CLI::App* cmd, LtvOptions& o);

/// The files these options read (--crl, --ocsp, --ca-certs), appended to
/// `inputs`: an output may not be any of them.
void append_inputs(const LtvOptions& o, std::vector<std::string>& inputs);

/// Refuses (SignExistingInvalid, naming the field) a document in which an
/// earlier signature or document timestamp no longer matches its bytes.
void require_intact(const std::vector<pdf::ExistingSignature>& sigs, const std::string& file);

/// Adds a DSS with the validation data of `signatures` (each a CMS or a
/// timestamp token) to `pdf`. With `refuse_revoked`, a revoked certificate
/// stops everything; otherwise the answer is kept as evidence and a warning
/// is printed. Progress goes to standard error unless quiet.
std::string add_validation_data(const std::string& pdf, const std::string& file, const std::vector<std::string>& signatures,
                                const LtvOptions& o, bool refuse_revoked, const GlobalOptions& g);

}  // namespace justera::cli
