// SPDX-License-Identifier: GPL-3.0-or-later
// Decoding CMS / PKCS#7 SignedData with the certificates taken from a
// ParseCache. OpenSSL 3.0 decodes every certificate's public key through
// its provider decoders, which is most of the cost of decoding a
// signature; the signer's, the issuing CA's and the time-stamping
// authority's certificates are the same in every signature of a batch.
//
// The DER is split by hand: ContentInfo ::= SEQUENCE { contentType OID,
// [0] EXPLICIT SignedData }, SignedData ::= SEQUENCE { version INTEGER,
// digestAlgorithms SET, encapContentInfo SEQUENCE, certificates [0]
// IMPLICIT SET OF Certificate OPTIONAL, crls [1] OPTIONAL, signerInfos SET }
// (RFC 5652 section 5.1; PKCS#7 has the same shape). The same structure
// without its certificates is decoded by OpenSSL, and the certificates
// are added back in their order. Anything unexpected (BER indefinite
// lengths, non-minimal lengths, other certificate choices, trailing
// elements) falls back to OpenSSL's own decoding of the whole.

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include <optional>
#include <string>
#include <vector>

#include "justera/pki/der.hpp"
#include "justera/pki/revocation.hpp"

namespace justera::pki {

namespace {

using der::Tlv;
using der::append_header;

struct Split {
    std::string without_certificates;        ///< the ContentInfo, re-encoded without them
    std::vector<std::string_view> certificates;  ///< each one's DER, in order
    std::size_t used = 0;                    ///< bytes of the original ContentInfo
};

std::optional<Split> split(std::string_view d) {
    const auto outer = der::read(d, 0);
    if (!outer || outer->tag != 0x30) return std::nullopt;
    const auto type = der::read(d, outer->content());
    if (!type || type->tag != 0x06) return std::nullopt;
    const auto explicit0 = der::read(d, type->end());
    if (!explicit0 || explicit0->tag != 0xA0 || explicit0->end() != outer->end()) return std::nullopt;
    const auto sd = der::read(d, explicit0->content());
    if (!sd || sd->tag != 0x30 || sd->end() != explicit0->end()) return std::nullopt;
    std::vector<Tlv> parts;
    for (std::size_t pos = sd->content(); pos < sd->end();) {
        const auto part = der::read(d, pos);
        if (!part || part->end() > sd->end() || parts.size() == 6) return std::nullopt;
        parts.push_back(*part);
        pos = part->end();
    }
    if (parts.size() < 5 || parts[0].tag != 0x02 || parts[1].tag != 0x31 || parts[2].tag != 0x30 || parts[3].tag != 0xA0) return std::nullopt;
    Split out;
    for (std::size_t pos = parts[3].content(); pos < parts[3].end();) {
        const auto cert = der::read(d, pos);
        if (!cert || cert->tag != 0x30 || cert->end() > parts[3].end() || out.certificates.size() == 64) return std::nullopt;
        out.certificates.push_back(d.substr(cert->start, cert->end() - cert->start));
        pos = cert->end();
    }
    const std::string_view before = d.substr(sd->content(), parts[3].start - sd->content());
    const std::string_view after = d.substr(parts[3].end(), sd->end() - parts[3].end());
    std::string sd_der;
    append_header(sd_der, 0x30, before.size() + after.size());
    sd_der.append(before).append(after);
    std::string ex_der;
    append_header(ex_der, 0xA0, sd_der.size());
    ex_der += sd_der;
    const std::string_view type_der = d.substr(type->start, type->end() - type->start);
    append_header(out.without_certificates, 0x30, type_der.size() + ex_der.size());
    out.without_certificates.append(type_der).append(ex_der);
    out.used = outer->end();
    return out;
}

template <typename T, typename Decode, typename Add, typename Free>
T* decode(ParseCache& cache, std::string_view der, std::size_t& used, Decode&& d2i, Add&& add, Free&& free_it) {
    if (auto parts = split(der)) {
        const auto* p = reinterpret_cast<const unsigned char*>(parts->without_certificates.data());
        T* obj = d2i(nullptr, &p, static_cast<long>(parts->without_certificates.size()));
        bool whole = obj && p == reinterpret_cast<const unsigned char*>(parts->without_certificates.data()) + parts->without_certificates.size();
        for (std::size_t i = 0; whole && i < parts->certificates.size(); ++i) {
            X509* x = static_cast<X509*>(cache.certificate(parts->certificates[i]));
            whole = x && add(obj, x) == 1;
            X509_free(x);
        }
        if (whole) {
            used = parts->used;
            return obj;
        }
        free_it(obj);
        ERR_clear_error();
    }
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    T* obj = d2i(nullptr, &p, static_cast<long>(der.size()));
    used = obj ? static_cast<std::size_t>(p - reinterpret_cast<const unsigned char*>(der.data())) : 0;
    if (!obj) ERR_clear_error();
    return obj;
}

}  // namespace

CMS_ContentInfo* ParseCache::cms(std::string_view der, std::size_t& used) {
    return decode<CMS_ContentInfo>(*this, der, used, d2i_CMS_ContentInfo, CMS_add1_cert, CMS_ContentInfo_free);
}

PKCS7* ParseCache::pkcs7(std::string_view der, std::size_t& used) {
    return decode<PKCS7>(*this, der, used, d2i_PKCS7, PKCS7_add_certificate, PKCS7_free);
}

}  // namespace justera::pki
