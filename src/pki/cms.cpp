// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/pki/cms.hpp"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>

#include <algorithm>
#include <memory>

namespace justera::pki {

namespace {
struct BioFree { void operator()(BIO* b) const noexcept { BIO_free(b); } };
using Bio = std::unique_ptr<BIO, BioFree>;
}  // namespace

bool cms_matches(std::string_view cms_der, std::string_view covered) {
    const auto* p = reinterpret_cast<const unsigned char*>(cms_der.data());
    CMS_ContentInfo* cms = d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(cms_der.size()));
    if (!cms) return false;
    // Whatever follows the DER must be the placeholder's zero padding.
    const auto used = static_cast<std::size_t>(p - reinterpret_cast<const unsigned char*>(cms_der.data()));
    const bool padding_ok = std::all_of(cms_der.begin() + static_cast<std::ptrdiff_t>(used), cms_der.end(), [](char c) { return c == 0; });
    // BIO_new_mem_buf does not copy: point it at bytes that outlive it.
    Bio data(BIO_new_mem_buf(covered.data(), static_cast<int>(covered.size())));
    const int ok = CMS_verify(cms, nullptr, nullptr, data.get(), nullptr, CMS_BINARY | CMS_DETACHED | CMS_NO_SIGNER_CERT_VERIFY);
    CMS_ContentInfo_free(cms);
    ERR_clear_error();
    return ok == 1 && padding_ok;
}

bool timestamp_matches(std::string_view token, std::string_view covered) {
    const auto* p = reinterpret_cast<const unsigned char*>(token.data());
    PKCS7* p7 = d2i_PKCS7(nullptr, &p, static_cast<long>(token.size()));
    if (!p7) {
        ERR_clear_error();
        return false;
    }
    const auto used = static_cast<std::size_t>(p - reinterpret_cast<const unsigned char*>(token.data()));
    const bool padding_ok = std::all_of(token.begin() + static_cast<std::ptrdiff_t>(used), token.end(), [](char c) { return c == 0; });
    const bool ok = padding_ok && timestamp_token_matches(p7, covered);
    PKCS7_free(p7);
    return ok;
}

bool timestamp_token_matches(PKCS7* p7, std::string_view covered, std::string_view covered_rest) {
    bool ok = false;
    if (TS_TST_INFO* info = PKCS7_to_TS_TST_INFO(p7)) {
        TS_MSG_IMPRINT* imprint = TS_TST_INFO_get_msg_imprint(info);
        const EVP_MD* md = EVP_get_digestbyobj(TS_MSG_IMPRINT_get_algo(imprint)->algorithm);
        const ASN1_OCTET_STRING* want = TS_MSG_IMPRINT_get_msg(imprint);
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> c(EVP_MD_CTX_new(), EVP_MD_CTX_free);
        ok = md && c && EVP_DigestInit_ex(c.get(), md, nullptr) == 1 && EVP_DigestUpdate(c.get(), covered.data(), covered.size()) == 1 &&
             EVP_DigestUpdate(c.get(), covered_rest.data(), covered_rest.size()) == 1 && EVP_DigestFinal_ex(c.get(), digest, &len) == 1 &&
             static_cast<int>(len) == ASN1_STRING_length(want) && std::equal(digest, digest + len, ASN1_STRING_get0_data(want));
        TS_TST_INFO_free(info);
    }
    Bio content(BIO_new(BIO_s_mem()));
    ok = ok && PKCS7_verify(p7, nullptr, nullptr, nullptr, content.get(), PKCS7_NOVERIFY) == 1;
    ERR_clear_error();
    return ok;
}

}  // namespace justera::pki
