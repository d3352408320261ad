// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: CMS and PKCS#7 SignedData decoding with certificates from the
// cache (the hand-written DER split in front of OpenSSL), then what verify
// asks of the result.

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include "fuzz_common.hpp"
#include "justera/pki/revocation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace justera;
    static pki::ParseCache cache(64);
    const auto in = fuzz::bytes(data, size);
    std::size_t used = 0;
    if (auto* cms = static_cast<CMS_ContentInfo*>(cache.cms(in, used))) {
        if (used > size) __builtin_trap();
        if (STACK_OF(X509)* certs = CMS_get1_certs(cms)) sk_X509_pop_free(certs, X509_free);
        STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms);
        for (int i = 0; i < sk_CMS_SignerInfo_num(infos); ++i) (void)CMS_signed_get_attr_count(sk_CMS_SignerInfo_value(infos, i));
        CMS_ContentInfo_free(cms);
    }
    if (auto* p7 = static_cast<PKCS7*>(cache.pkcs7(in, used))) {
        if (used > size) __builtin_trap();
        if (PKCS7_type_is_signed(p7)) {
            STACK_OF(X509)* signers = PKCS7_get0_signers(p7, nullptr, 0);
            sk_X509_free(signers);
        }
        PKCS7_free(p7);
    }
    ERR_clear_error();
    return 0;
}
