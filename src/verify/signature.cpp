// SPDX-License-Identifier: GPL-3.0-or-later
// The checks of one signature or document timestamp (signature.hpp).

#include "signature.hpp"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstring>

#include "justera/core/error.hpp"
#include "justera/pdf/signatures.hpp"
#include "justera/pki/cms.hpp"
#include "justera/pki/x509.hpp"
#include "justera/verify/online.hpp"

namespace justera::verify {

using raw::Object;
using Type = raw::Object::Type;

void Verifier::revocation(SignatureReport& s, Verdict& v, const ChainResult& chain, std::time_t best, bool poe,
                          std::vector<std::string> ocsps, std::vector<std::string> crls, Msg whose, bool& from_file) {
    from_file = true;
    // What the CMS carries itself, besides the DSS and --crl files.
    std::unique_ptr<pki::RevocationIndex> own;
    if (!ocsps.empty() || !crls.empty()) own = std::make_unique<pki::RevocationIndex>(ocsps, crls);
    for (std::size_t i = 0; i + 1 < chain.chain.size(); ++i) {
        X509* cert = chain.chain[i].get();
        X509* issuer = chain.chain[i + 1].get();
        if (X509_get_ext_by_NID(cert, NID_id_pkix_OCSP_noCheck, -1) >= 0) continue;
        const std::string cn = pki::name_entry(X509_get_subject_name(cert), NID_commonName);
        const std::string name = cn.empty() ? std::string("?") : cn;
        const auto about = [&](Msg m, auto&&... facts) { return say_with({say(whose)}, m, name, facts...); };
        auto ans = m_index->lookup(cert, issuer, m_now);
        if (ans.status == pki::RevocationStatus::Unknown && own) ans = own->lookup(cert, issuer, m_now);
        if (ans.status == pki::RevocationStatus::Unknown && m_ctx.options().online) {
            // Ask the certificate's own services, as signing with --ltv does,
            // for this certificate and every one above it up to the trust
            // anchor, so that an answer signed by an issuer further up (a
            // root's CRL) can be checked too.
            try {
                std::vector<std::string> upwards;
                for (std::size_t j = i; j < chain.chain.size(); ++j) upwards.push_back(der_of(chain.chain[j].get()));
                const Online& online = m_ctx.options().online_source ? *m_ctx.options().online_source : online_from_certificates();
                const pki::ValidationData data = online.fetch(upwards);
                ans = pki::RevocationIndex(data.ocsps, data.crls).lookup(cert, issuer, m_now);
                from_file = false;
            } catch (const core::Error& e) {
                raw::rethrow_limit(e);
                ans.why_unusable = e.what();
            }
        }
        const CheckId id = CheckId::Revocation;
        if (ans.status == pki::RevocationStatus::Good) {
            s.checks.push_back(Check{id, Status::Passed, about(Msg::RevGood, ans.source, ans.detail)});
        } else if (ans.status == pki::RevocationStatus::Revoked) {
            if (poe && ans.revoked_at > best) {
                s.checks.push_back(Check{id, Status::Passed, about(Msg::RevokedAfter, iso(ans.revoked_at), iso(best))});
            } else {
                s.checks.push_back(Check{id, poe ? Status::Failed : Status::Indeterminate, about(poe ? Msg::RevokedPoe : Msg::RevokedNoPoe, ans.detail)});
                lower(v, poe ? Outcome{Indication::TotalFailed, SubIndication::Revoked} : Outcome{Indication::Indeterminate, SubIndication::RevokedNoPoe});
            }
        } else {
            s.checks.push_back(Check{id, Status::Indeterminate, about(m_ctx.options().online ? Msg::RevUnknown : Msg::RevUnknownOffline, ans.why_unusable)});
            lower(v, Outcome{Indication::Indeterminate, SubIndication::TryLater});
            from_file = false;
        }
    }
}

SignatureReport Verifier::evaluate(const SigInput& in, std::size_t index) {
    SignatureReport s;
    Verdict v;
    s.id = "sig-" + std::to_string(index + 1);
    s.field = in.field;
    const auto& revs = m_f.revisions();
    const std::size_t last = revs.size() - 1;
    const std::string_view bytes = m_f.bytes();
    const auto finish = [&]() -> SignatureReport {
        s.indication = v.ind;
        s.subindication = v.sub;
        return s;
    };
    const auto format_fail = [&](CheckId id, Said said) {
        s.checks.push_back(Check{id, Status::Failed, std::move(said)});
        lower(v, Outcome{Indication::TotalFailed, SubIndication::FormatFailure});
    };
    std::optional<Object> sig_opt;
    try {
        sig_opt = m_f.object(in.ref.num, last);
    } catch (const core::Error& e) {
        raw::rethrow_limit(e);
        format_fail(CheckId::SignatureDictionary, say(Msg::SigObjectUnreadable, in.ref.num, e.what()));
        return finish();
    }
    if (!sig_opt || !sig_opt->is_dict()) {
        format_fail(CheckId::SignatureDictionary, say(Msg::SigNotDictionary, in.ref.num));
        return finish();
    }
    const Object& sig = *sig_opt;
    s.revision = *m_f.defined_in(in.ref.num, last);
    const Object* type = sig.get("Type");
    s.kind = type && type->is_name("DocTimeStamp") ? SignatureKind::DocumentTimestamp : SignatureKind::Signature;
    const Object* sub = sig.get("SubFilter");
    s.sub_filter = sub && sub->type == Type::Name ? sub->text : "";
    // The one ByteRange rule (pdf/signatures.hpp), which signing checks too.
    const raw::ByteRange range = raw::check_byte_range(sig, bytes.size());
    if (range.problem == raw::ByteRangeProblem::NotFourIntegers) {
        format_fail(CheckId::ByteRange, say(Msg::ByteRangeNotFour));
        return finish();
    }
    s.byte_range = {range.a, range.b, range.c, range.d};
    if (range.problem == raw::ByteRangeProblem::NoHexContents) {
        format_fail(CheckId::Contents, say(Msg::ContentsMissing));
        return finish();
    }
    const Object* contents = sig.get("Contents");
    const std::int64_t a = range.a, b = range.b, c = range.c, d = range.d;
    if (range.problem != raw::ByteRangeProblem::None) {
        format_fail(CheckId::ByteRange, say(Msg::ByteRangeWrong, a, b, c, d, contents->offset, contents->end));
        return finish();
    }
    s.checks.push_back(Check{CheckId::ByteRange, Status::Passed, say(Msg::ByteRangeOk)});
    const auto& rev = revs[s.revision];
    const auto end = static_cast<std::size_t>(c + d);
    if (end == rev.end || end == rev.end_with_eol) {
        s.coverage = s.revision == last && m_rep.findings.empty() ? Coverage::EntireFile : Coverage::EntireRevision;
        s.checks.push_back(Check{CheckId::Coverage, Status::Passed, say(Msg::CoverageOk, s.revision + 1)});
    } else {
        s.coverage = Coverage::Partial;
        format_fail(CheckId::Coverage, say(Msg::CoveragePartial, end, rev.end));
        return finish();
    }
    // The signed bytes, as the two ranges (hashed in place, not copied).
    const std::string_view head = bytes.substr(0, static_cast<std::size_t>(b));
    const std::string_view tail = bytes.substr(static_cast<std::size_t>(c), static_cast<std::size_t>(d));
    const std::string& blob = contents->text;
    const core::Limits& limits = m_ctx.options().limits;
    if (blob.size() > limits.max_cms_bytes) {
        throw core::Error(core::Errc::PdfOverLimit, "the signature in " + in.field + " is " + std::to_string(blob.size()) + " bytes, over the limit of " +
                                                        std::to_string(limits.max_cms_bytes) + " (--max-cms-bytes)");
    }
    const auto carried = [&](int n, const char* what) {
        if (n > 0 && static_cast<std::size_t>(n) > limits.max_chain_length) {
            throw core::Error(core::Errc::PdfOverLimit, std::string(what) + " in " + in.field + " carries " + std::to_string(n) +
                                                            " certificates, over the limit of " + std::to_string(limits.max_chain_length) + " (--max-chain)");
        }
    };

    // What changed after this revision, revision by revision.
    bool only_validation = true;
    for (std::size_t r = s.revision + 1; r <= last; ++r) {
        const RevisionDiff& dr = diff(r);
        for (const auto& ch : dr.changes) {
            if (ch.category != ChangeCategory::Unchanged) s.changes.push_back(ch);
        }
        if (!dr.allowed) s.modifications_permitted = false;
        only_validation = only_validation && dr.only_validation_data;
    }
    if (s.modifications_permitted) {
        s.checks.push_back(Check{CheckId::Modifications, Status::Passed, s.changes.empty() ? say(Msg::NothingChanged) : say(Msg::ChangesAllowed, s.changes.size())});
    } else {
        std::vector<Said> list;
        for (const auto& ch : s.changes) {
            const Msg kind = ch.kind == ChangeKind::Added ? Msg::KindAdded : ch.kind == ChangeKind::Freed ? Msg::KindFreed : Msg::KindChanged;
            if (ch.category == ChangeCategory::Disallowed) list.push_back(say_with({say(kind), ch.what}, Msg::ChangeItem, ch.object));
        }
        format_fail(CheckId::Modifications, say_with(std::move(list), Msg::ChangedAfterSigning));
    }

    if (s.kind == SignatureKind::DocumentTimestamp) {
        s.level = Level::NotApplicable;
        if (s.sub_filter != "ETSI.RFC3161") format_fail(CheckId::SubFilter, say(Msg::DocTsSubFilter, s.sub_filter));
        std::size_t used = 0;
        PKCS7* p7 = static_cast<PKCS7*>(m_ctx.impl().parsed.pkcs7(blob, used));
        if (!p7) {
            format_fail(CheckId::Cms, say(Msg::NotTimestampToken));
            return finish();
        }
        std::unique_ptr<PKCS7, void (*)(PKCS7*)> guard(p7, PKCS7_free);
        if (PKCS7_type_is_signed(p7) && p7->d.sign) carried(sk_X509_num(p7->d.sign->cert), "the document timestamp");
        const bool padded = std::all_of(blob.begin() + static_cast<std::ptrdiff_t>(std::min(used, blob.size())), blob.end(), [](char ch) { return ch == 0; });
        const bool match = padded && pki::timestamp_token_matches(p7, head, tail);
        check(s, v, CheckId::MessageDigest, match, Outcome{Indication::TotalFailed, SubIndication::HashFailure}, say(Msg::DocTsImprintOk),
              say(Msg::DocTsImprintBad));
        if (!match) return finish();
        TS_TST_INFO* info = PKCS7_to_TS_TST_INFO(p7);
        const std::time_t gen = info ? from_asn1(TS_TST_INFO_get_time(info)) : 0;
        TS_TST_INFO_free(info);
        STACK_OF(X509)* signers = PKCS7_get0_signers(p7, nullptr, 0);
        X509* tsa = signers && sk_X509_num(signers) == 1 ? sk_X509_value(signers, 0) : nullptr;
        if (tsa) X509_up_ref(tsa);
        sk_X509_free(signers);
        ERR_clear_error();
        if (!tsa) {
            lower(v, Outcome{Indication::Indeterminate, SubIndication::NoSigningCertificateFound});
            s.checks.push_back(Check{CheckId::SigningCertificate, Status::Indeterminate, say(Msg::TokenNoCert)});
            return finish();
        }
        std::unique_ptr<X509, void (*)(X509*)> tsa_guard(tsa, X509_free);
        s.signer = signer_of(tsa);
        s.signing_time = iso(gen);
        s.time_source = TimeSource::Timestamp;
        s.proven_epoch = gen;
        X509Stack untrusted;
        for (int i = 0; i < sk_X509_num(p7->d.sign->cert); ++i) untrusted.add(sk_X509_value(p7->d.sign->cert, i));
        untrusted.add_all(m_dss_certs.s);
        const ChainResult chain = build_chain(m_ctx.impl(), tsa, untrusted.s, gen, true);
        check(s, v, CheckId::CertificateChain, chain.error == X509_V_OK, Outcome{Indication::Indeterminate, SubIndication::NoCertificateChainFound},
              say(Msg::TsaChainOk), say(Msg::TsaNotTrusted, chain.message));
        if (chain.error == X509_V_OK) {
            bool from_file = false;
            revocation(s, v, chain, gen, true, {}, {}, Msg::SubjectTsa, from_file);
        }
        return finish();
    }

    // A CMS signature.
    const bool known = s.sub_filter == "ETSI.CAdES.detached" || s.sub_filter == "adbe.pkcs7.detached" || s.sub_filter == "adbe.pkcs7.sha1";
    check(s, v, CheckId::SubFilter, known, Outcome{Indication::TotalFailed, SubIndication::FormatFailure}, say(Msg::SubFilterKnown, s.sub_filter),
          say(Msg::SubFilterUnknown, s.sub_filter));
    if (!known) return finish();
    std::size_t used = 0;
    CMS_ContentInfo* cms = static_cast<CMS_ContentInfo*>(m_ctx.impl().parsed.cms(blob, used));
    if (!cms || !std::all_of(blob.begin() + static_cast<std::ptrdiff_t>(std::min(used, blob.size())), blob.end(), [](char ch) { return ch == 0; })) {
        CMS_ContentInfo_free(cms);
        ERR_clear_error();
        format_fail(CheckId::Cms, say(Msg::CmsNotOne));
        return finish();
    }
    std::unique_ptr<CMS_ContentInfo, void (*)(CMS_ContentInfo*)> cms_guard(cms, CMS_ContentInfo_free);
    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms);
    if (sk_CMS_SignerInfo_num(infos) != 1) {
        format_fail(CheckId::Cms, say(Msg::CmsSigners, sk_CMS_SignerInfo_num(infos)));
        return finish();
    }
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
    STACK_OF(X509)* certs = CMS_get1_certs(cms);
    std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> certs_guard(certs, [](STACK_OF(X509)* x) { sk_X509_pop_free(x, X509_free); });
    carried(sk_X509_num(certs), "the signature");
    X509* cert = nullptr;
    for (int i = 0; i < sk_X509_num(certs); ++i) {
        if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0) cert = sk_X509_value(certs, i);
    }
    if (!cert) {
        s.checks.push_back(Check{CheckId::SigningCertificate, Status::Indeterminate, say(Msg::CmsNoCert)});
        lower(v, Outcome{Indication::Indeterminate, SubIndication::NoSigningCertificateFound});
        return finish();
    }
    // The signer's identifier lies outside what is signed; OpenSSL matches
    // its issuer name as RFC 5280 compares names (case folded). A writer
    // copies the certificate's issuer byte for byte: anything else was
    // changed afterwards.
    {
        X509_NAME* sid_issuer = nullptr;
        CMS_SignerInfo_get0_signer_id(si, nullptr, &sid_issuer, nullptr);
        if (sid_issuer) {
            unsigned char* in_sid = nullptr;
            unsigned char* in_cert = nullptr;
            const int na = i2d_X509_NAME(sid_issuer, &in_sid);
            const int nb = i2d_X509_NAME(X509_get_issuer_name(cert), &in_cert);
            const bool same = na > 0 && na == nb && std::memcmp(in_sid, in_cert, static_cast<std::size_t>(na)) == 0;
            OPENSSL_free(in_sid);
            OPENSSL_free(in_cert);
            if (!same) {
                format_fail(CheckId::Cms, say(Msg::SidIssuerBytes));
                return finish();
            }
        }
    }
    s.signer = signer_of(cert);
    s.claimed_role = claimed_role(si);
    X509_ALGOR* dig_alg = nullptr;
    CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &dig_alg, nullptr);
    const EVP_MD* md = dig_alg ? EVP_get_digestbyobj(dig_alg->algorithm) : nullptr;
    s.digest_algorithm = md ? EVP_MD_get0_name(md) : "unknown";

    // Integrity: the digest of the signed bytes, then the signature value.
    bool digest_ok = false;
    if (s.sub_filter == "adbe.pkcs7.sha1") {
        ASN1_OCTET_STRING** content = CMS_get0_content(cms);
        unsigned char h[SHA_DIGEST_LENGTH];
        unsigned int hl = 0;
        digest_of(EVP_sha1(), head, tail, h, hl);
        digest_ok = hl == SHA_DIGEST_LENGTH && content && *content && ASN1_STRING_length(*content) == SHA_DIGEST_LENGTH &&
                    std::equal(h, h + SHA_DIGEST_LENGTH, ASN1_STRING_get0_data(*content));
    } else if (md) {
        unsigned char h[EVP_MAX_MD_SIZE];
        unsigned int hl = 0;
        digest_of(md, head, tail, h, hl);
        if (CMS_signed_get_attr_count(si) > 0) {
            const auto* want = static_cast<ASN1_OCTET_STRING*>(CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
            digest_ok = want && ASN1_STRING_length(want) == static_cast<int>(hl) && std::equal(h, h + hl, ASN1_STRING_get0_data(want));
        } else {
            const std::string covered = std::string(head) + std::string(tail);  // rare: no signed attributes
            BIO* data = BIO_new_mem_buf(covered.data(), static_cast<int>(covered.size()));
            digest_ok = CMS_verify(cms, nullptr, nullptr, data, nullptr, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;
            BIO_free(data);
        }
    }
    check(s, v, CheckId::MessageDigest, digest_ok, Outcome{Indication::TotalFailed, SubIndication::HashFailure}, say(Msg::DigestOk),
          say(Msg::DigestBad));
    if (!digest_ok) return finish();
    // The unsigned list of digest algorithms must agree with the signer's:
    // /Contents is outside the signed bytes, and a CMS that says two things
    // has been tampered with there.
    if (dig_alg && OBJ_length(dig_alg->algorithm) > 0) {
        const std::string_view oid(reinterpret_cast<const char*>(OBJ_get0_data(dig_alg->algorithm)), OBJ_length(dig_alg->algorithm));
        if (digest_listed(blob, oid) == false) {
            format_fail(CheckId::Cms, say(Msg::DigestNotListed, s.digest_algorithm));
            return finish();
        }
    }
    CMS_SignerInfo_set1_signer_cert(si, cert);
    bool sig_ok = CMS_signed_get_attr_count(si) > 0 ? CMS_SignerInfo_verify(si) == 1 : true;
    if (s.sub_filter == "adbe.pkcs7.sha1") {
        sig_ok = CMS_verify(cms, certs, nullptr, nullptr, nullptr, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;
    }
    ERR_clear_error();
    check(s, v, CheckId::SignatureValue, sig_ok, Outcome{Indication::TotalFailed, SubIndication::SigCryptoFailure}, say(Msg::SigValueOk),
          say(Msg::SigValueBad));
    if (!sig_ok) return finish();
    const auto ess = ess_binds(si, cert);
    if (s.sub_filter == "ETSI.CAdES.detached" && !ess) {
        format_fail(CheckId::SigningCertificate, say(Msg::CadesNoEss));
    } else if (ess && !*ess) {
        s.checks.push_back(Check{CheckId::SigningCertificate, Status::Indeterminate, say(Msg::EssOther)});
        lower(v, Outcome{Indication::Indeterminate, SubIndication::NoSigningCertificateFound});
    } else {
        s.checks.push_back(Check{CheckId::SigningCertificate, Status::Passed, say(ess ? Msg::EssBound : Msg::CmsNames)});
    }
    // Cryptographic strength (ETSI TS 119 312): SHA-1 and short keys are out.
    EVP_PKEY* key = X509_get0_pubkey(cert);
    const int bits = key ? EVP_PKEY_get_bits(key) : 0;
    const bool rsa = key && EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA;
    const bool weak_md = !md || EVP_MD_get_size(md) < 32 || s.sub_filter == "adbe.pkcs7.sha1";
    const bool weak_key = rsa ? bits < 2048 : bits < 256;
    check(s, v, CheckId::CryptoConstraints, !weak_md && !weak_key, Outcome{Indication::Indeterminate, SubIndication::CryptoConstraintsFailure},
          say(Msg::CryptoOk, s.digest_algorithm, rsa ? "RSA" : "EC", bits), [&] {
              std::vector<Said> weak;
              if (weak_md) weak.push_back(say(Msg::WeakDigest, s.digest_algorithm));
              if (weak_key) weak.push_back(say(Msg::WeakKey, rsa ? "RSA" : "EC", bits));
              return say_with(std::move(weak), Msg::CryptoWeak);
          }());

    // Time: the signature timestamp proves it; /M (or signingTime) is only claimed.
    const Object* m = sig.get("M");
    std::time_t claimed = m && m->type == Type::String ? from_pdf_date(m->text) : 0;
    if (!claimed) {
        const int idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
        if (idx >= 0) {
            const ASN1_TYPE* t = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, idx), 0);
            if (t && (t->type == V_ASN1_UTCTIME || t->type == V_ASN1_GENERALIZEDTIME)) claimed = from_asn1(t->value.utctime);
        }
    }
    s.claimed_time = iso(claimed);
    s.claimed_epoch = claimed;
    std::time_t best = 0;
    bool poe = false;
    X509Stack untrusted;
    for (int i = 0; i < sk_X509_num(certs); ++i) untrusted.add(sk_X509_value(certs, i));
    untrusted.add_all(m_dss_certs.s);
    const int ts_idx = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1);
    if (ts_idx >= 0) {
        const ASN1_TYPE* t = X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, ts_idx), 0);
        const std::string token = t && t->type == V_ASN1_SEQUENCE
                                      ? std::string(reinterpret_cast<const char*>(t->value.sequence->data), static_cast<std::size_t>(t->value.sequence->length))
                                      : std::string();
        const ASN1_OCTET_STRING* sigval = CMS_SignerInfo_get0_signature(si);
        const std::string_view value(reinterpret_cast<const char*>(ASN1_STRING_get0_data(sigval)), static_cast<std::size_t>(ASN1_STRING_length(sigval)));
        std::size_t token_used = 0;
        PKCS7* p7 = token.empty() ? nullptr : static_cast<PKCS7*>(m_ctx.impl().parsed.pkcs7(token, token_used));
        std::unique_ptr<PKCS7, void (*)(PKCS7*)> p7_guard(p7, PKCS7_free);
        if (p7 && PKCS7_type_is_signed(p7) && p7->d.sign) carried(sk_X509_num(p7->d.sign->cert), "the signature's timestamp");
        const bool whole = p7 && token_used == token.size();
        const bool ts_ok = whole && pki::timestamp_token_matches(p7, value);
        check(s, v, CheckId::Timestamp, ts_ok, Outcome{Indication::TotalFailed, SubIndication::HashFailure}, say(Msg::TsCoversOk),
              say(Msg::TsCoversBad));
        if (!ts_ok) return finish();
        TS_TST_INFO* info = p7 ? PKCS7_to_TS_TST_INFO(p7) : nullptr;
        const std::time_t gen = info ? from_asn1(TS_TST_INFO_get_time(info)) : 0;
        TS_TST_INFO_free(info);
        STACK_OF(X509)* signers = p7 ? PKCS7_get0_signers(p7, nullptr, 0) : nullptr;
        X509* tsa = signers && sk_X509_num(signers) == 1 ? sk_X509_value(signers, 0) : nullptr;
        ERR_clear_error();
        X509Stack tsa_untrusted;
        for (int i = 0; p7 && i < sk_X509_num(p7->d.sign->cert); ++i) {
            tsa_untrusted.add(sk_X509_value(p7->d.sign->cert, i));
            untrusted.add(sk_X509_value(p7->d.sign->cert, i));
        }
        tsa_untrusted.add_all(m_dss_certs.s);
        const ChainResult tsa_chain = tsa ? build_chain(m_ctx.impl(), tsa, tsa_untrusted.s, gen, true) : ChainResult{X509_V_ERR_UNSPECIFIED, {}, "no TSA certificate"};
        sk_X509_free(signers);
        if (tsa_chain.error == X509_V_OK) {
            best = gen;
            poe = true;
            s.checks.push_back(Check{CheckId::TimestampTrust, Status::Passed, say(Msg::TsTrusted, iso(gen))});
            bool from_file = false;
            revocation(s, v, tsa_chain, gen, true, {}, {}, Msg::SubjectTsa, from_file);
        } else {
            s.checks.push_back(Check{CheckId::TimestampTrust, Status::Warning, say(Msg::TsUntrusted, tsa_chain.message)});
        }
    }
    s.time_source = poe ? TimeSource::Timestamp : claimed ? TimeSource::Claimed : TimeSource::None;
    s.signing_time = iso(poe ? best : claimed);
    s.proven_epoch = poe ? best : 0;
    const std::time_t at = poe ? best : (m_ctx.options().at ? *m_ctx.options().at : m_now);

    // The signer's chain to a trust anchor, at the proven time (else now).
    const ChainResult chain = build_chain(m_ctx.impl(), cert, untrusted.s, at, false);
    if (chain.error == X509_V_OK) {
        s.checks.push_back(Check{CheckId::CertificateChain, Status::Passed, say(Msg::ChainOk, chain.chain.size())});
    } else if (chain.error == X509_V_ERR_CERT_HAS_EXPIRED) {
        s.checks.push_back(Check{CheckId::CertificateChain, poe ? Status::Failed : Status::Indeterminate, say(poe ? Msg::ExpiredPoe : Msg::ExpiredNoPoe)});
        lower(v, poe ? Outcome{Indication::TotalFailed, SubIndication::Expired} : Outcome{Indication::Indeterminate, SubIndication::OutOfBoundsNoPoe});
    } else if (chain.error == X509_V_ERR_CERT_NOT_YET_VALID) {
        s.checks.push_back(Check{CheckId::CertificateChain, Status::Failed, say(Msg::NotYetValid)});
        lower(v, Outcome{Indication::TotalFailed, SubIndication::NotYetValid});
    } else {
        s.checks.push_back(Check{CheckId::CertificateChain, Status::Indeterminate,
                                 say(m_ctx.impl().anchors.empty() ? Msg::NoChainNoAnchors : Msg::NoChain, chain.message)});
        lower(v, Outcome{Indication::Indeterminate, SubIndication::NoCertificateChainFound});
    }
    const std::uint32_t ku = X509_get_key_usage(cert);
    check(s, v, CheckId::KeyUsage, (ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) != 0, Outcome{Indication::Indeterminate, SubIndication::ChainConstraintsFailure},
          say(Msg::KeyUsageOk), say(Msg::KeyUsageBad));
    bool rev_in_file = false;
    if (chain.error == X509_V_OK || chain.error == X509_V_ERR_CERT_HAS_EXPIRED) {
        std::vector<std::string> ocsps;
        std::vector<std::string> crls;
        archival(si, ocsps, crls);
        if (chain.error == X509_V_OK) revocation(s, v, chain, poe ? best : at, poe, ocsps, crls, Msg::SubjectSigner, rev_in_file);
    }

    // Lock (FieldMDP with /P, or DocMDP) this signature declares.
    if (const Object* refs = sig.get("Reference"); refs && refs->type == Type::Array) {
        for (const auto& r : refs->array) {
            const Object ref = m_f.resolve(r, last);
            const Object* params = ref.get("TransformParams");
            const Object* pp = params ? params->get("P") : nullptr;
            if (pp && pp->type == Type::Int) s.lock_permissions = static_cast<int>(pp->integer);
            const Object* method = ref.get("TransformMethod");
            if (method && method->is_name("DocMDP") && !pp) s.lock_permissions = 2;
        }
    }
    if (s.lock_permissions == 1 && !only_validation) {
        format_fail(CheckId::Lock, say(Msg::LockViolated));
    } else if (s.lock_permissions > 0) {
        s.checks.push_back(Check{CheckId::Lock, Status::Passed, say(Msg::LockKept, s.lock_permissions)});
    }

    // PAdES level, from what the file proves.
    s.level = poe ? Level::B_T : Level::B_B;
    if (poe && rev_in_file && m_dss.first_revision <= last) {
        s.level = Level::B_LT;
        for (std::size_t r = s.revision + 1; r <= last; ++r) {
            for (const auto& ch : diff(r).changes) {
                if (ch.subject == ChangeSubject::DocumentTimestampAdded && r > m_dss.first_revision) s.level = Level::B_LTA;
            }
        }
    }
    return finish();
}

}  // namespace justera::verify
