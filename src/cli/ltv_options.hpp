// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The long-term-validation options that `sign` and `timestamp` share.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "common.hpp"
#include "justera/signing/workflow.hpp"

namespace justera::cli {

/// The workflow's options as the command line fills them (--no-fetch is
/// the inverse of `fetch`, set in validation_data()).
struct LtvOptions : signing::ValidationDataOptions {
    bool no_fetch = false;
};

/// Adds --ltv, --crl, --ocsp, --ca-certs and --no-fetch to `cmd` (their help
/// in g's language).
void add_ltv_options(CLI::App* cmd, LtvOptions& o, const GlobalOptions& g);

/// The files these options read (--crl, --ocsp, --ca-certs), appended to
/// `inputs`: an output may not be any of them.
void append_inputs(const LtvOptions& o, std::vector<std::string>& inputs);

/// The options as the signing workflow takes them.
signing::ValidationDataOptions validation_data(const LtvOptions& o, const GlobalOptions& g);

/// Progress of the signing workflow on standard error: warnings always,
/// the rest unless quiet.
signing::Log progress(const GlobalOptions& g);

}  // namespace justera::cli
