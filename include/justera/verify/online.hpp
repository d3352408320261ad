// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Where verification asks, with --online, for the revocation data a file
/// does not carry. The certificates' own services (their OCSP responders and
/// CRL addresses) by default; a caller that must not reach the network, or
/// has the answers already, gives another.

#include <string>
#include <vector>

#include "justera/pki/revocation.hpp"

namespace justera::verify {

class Online {
public:
    virtual ~Online() = default;
    /// OCSP responses and CRLs (DER) for `chain`: DER certificates, the one
    /// asked about first, then its issuers up to the trust anchor (an
    /// answer signed further up can be checked too). Throws core::Error
    /// when nothing can be had; the check says why.
    [[nodiscard]] virtual pki::ValidationData fetch(const std::vector<std::string>& chain) const = 0;
};

/// Asks the services the certificates name (pki::collect_validation_data_for),
/// keeping what says "revoked" as evidence.
const Online& online_from_certificates();

}  // namespace justera::verify
