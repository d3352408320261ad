// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Reading X.509 certificates: the one place names are taken out of a
/// certificate, for signing (whose name fills which field) and for
/// verification (who signed).

#include <openssl/types.h>

#include <string>

namespace justera::pki {

/// The first attribute `nid` (NID_commonName, NID_serialNumber, ...) of a
/// distinguished name in UTF-8, or "" when there is none or it does not convert.
std::string name_entry(const X509_NAME* name, int nid);

/// The names people know a certificate by.
struct CertificateNames {
    std::string common_name;
    std::string given_names;
    std::string surname;
    std::string serial_number;  ///< the subject's serialNumber attribute (a personnummer, say), not the certificate's serial
    std::string issuer;         ///< the issuer's common name
};
CertificateNames names_of(const X509* cert);

/// "'Jan Oskar Jönsson' (TEST-197001010002)": the common name (or the whole
/// subject when it has none) with the serialNumber attribute when there is one.
std::string display_subject(const X509* cert);

/// A certificate's DER encoding ("" when it does not encode).
std::string certificate_der(X509* cert);

}  // namespace justera::pki
