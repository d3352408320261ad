// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/pki/x509.hpp"

#include <openssl/asn1.h>
#include <openssl/crypto.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

namespace justera::pki {

std::string name_entry(const X509_NAME* name, int nid) {
    const int i = name ? X509_NAME_get_index_by_NID(name, nid, -1) : -1;
    if (i < 0) return {};
    unsigned char* utf8 = nullptr;
    const int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
    std::string out = n > 0 ? std::string(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(n)) : std::string();
    OPENSSL_free(utf8);
    return out;
}

CertificateNames names_of(const X509* cert) {
    CertificateNames n;
    const X509_NAME* subject = X509_get_subject_name(cert);
    n.common_name = name_entry(subject, NID_commonName);
    n.given_names = name_entry(subject, NID_givenName);
    n.surname = name_entry(subject, NID_surname);
    n.serial_number = name_entry(subject, NID_serialNumber);
    n.issuer = name_entry(X509_get_issuer_name(cert), NID_commonName);
    return n;
}

std::string display_subject(const X509* cert) {
    const X509_NAME* name = X509_get_subject_name(cert);
    std::string cn = name_entry(name, NID_commonName);
    const std::string serial = name_entry(name, NID_serialNumber);
    if (cn.empty()) {
        char buf[256];
        X509_NAME_oneline(name, buf, sizeof buf);
        cn = buf;
    }
    return "'" + cn + "'" + (serial.empty() ? "" : " (" + serial + ")");
}

std::string certificate_der(X509* cert) {
    unsigned char* p = nullptr;
    const int n = i2d_X509(cert, &p);
    std::string out = n > 0 ? std::string(reinterpret_cast<char*>(p), static_cast<std::size_t>(n)) : std::string();
    OPENSSL_free(p);
    return out;
}

}  // namespace justera::pki
