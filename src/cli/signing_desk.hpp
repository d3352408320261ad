// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The signing page's desk for 'justera serve --signing' (signing_desk.cpp).

#include <memory>
#include <string>
#include <vector>

#include "common.hpp"
#include "justera/serve/signing.hpp"
#include "justera/signing/cases.hpp"

namespace justera::cli {

/// The personnummer of a case's signers, by role, in the order of the
/// protocol's fields for that role; "PNR" or "PNR,IDP".
struct CaseIds {
    std::vector<std::string> justerare;
    std::vector<std::string> sekreterare;
    std::vector<std::string> ordforande;
};

/// The signers of a new case for `pdf` (a justera PDF carrying `protocol`):
/// one per unsigned field, the justerare first. Throws core::Error
/// (SignFieldSigned, Usage) naming what is missing or wrong.
std::vector<signing::CaseStore::NewSigner> case_signers(const model::Protocol& protocol, const std::string& pdf, const std::string& file,
                                                        const CaseIds& ids, const std::string& idp);

/// Reads the configuration (signing/service.hpp) and opens its cases
/// directory. Throws core::Error (Usage, InputUnreadable).
std::unique_ptr<serve::SigningDesk> make_signing_desk(const std::string& config_file, const GlobalOptions& g);

}  // namespace justera::cli
