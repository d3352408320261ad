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

void Verifier::revocation(Judged& j, const ChainResult& chain, std::time_t best, bool poe, std::vector<std::string> ocsps, std::vector<std::string> crls,
                          Msg whose, bool& from_file) {
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
                for (std::size_t up = i; up < chain.chain.size(); ++up) upwards.push_back(der_of(chain.chain[up].get()));
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
            j.record(id, Status::Passed, about(Msg::RevGood, ans.source, ans.detail));
        } else if (ans.status == pki::RevocationStatus::Revoked) {
            if (poe && ans.revoked_at > best) {
                j.record(id, Status::Passed, about(Msg::RevokedAfter, iso(ans.revoked_at), iso(best)));
            } else {
                j.record(id, poe ? Status::Failed : Status::Indeterminate, about(poe ? Msg::RevokedPoe : Msg::RevokedNoPoe, ans.detail));
                j.lower_to(poe ? Outcome{Indication::TotalFailed, SubIndication::Revoked} : Outcome{Indication::Indeterminate, SubIndication::RevokedNoPoe});
            }
        } else {
            const bool online = m_ctx.options().online;
            if (ans.why_unusable.empty()) j.indeterminate(id, SubIndication::TryLater, about(online ? Msg::RevNone : Msg::RevNoneOffline));
            else j.indeterminate(id, SubIndication::TryLater, about(online ? Msg::RevUnknown : Msg::RevUnknownOffline, ans.why_unusable));
            from_file = false;
        }
    }
}

void Judged::record(CheckId id, Status status, Said said) { s.checks.push_back(Check{id, status, std::move(said)}); }

void Judged::fail_format(CheckId id, Said said) {
    record(id, Status::Failed, std::move(said));
    lower(v, k_format_failure);
}

void Judged::check(CheckId id, bool ok, Outcome fail, Said said_ok, Said said_fail) {
    record(id, ok ? Status::Passed : (fail.indication() == Indication::TotalFailed ? Status::Failed : Status::Indeterminate),
           ok ? std::move(said_ok) : std::move(said_fail));
    if (!ok) lower(v, fail);
}

void Judged::indeterminate(CheckId id, SubIndication sub, Said said) {
    record(id, Status::Indeterminate, std::move(said));
    lower(v, Outcome::checked(Indication::Indeterminate, sub));
}

void Judged::lower_to(Outcome o) { lower(v, o); }

SignatureReport Judged::done() && {
    s.indication = v.ind;
    s.subindication = v.sub;
    return std::move(s);
}

namespace {
/// Throws PdfOverLimit for more certificates than --max-chain; `what` and
/// `what_sv` name what carries them, in English and in Swedish. (In place of
/// Verifier::carried, which has no Swedish name to give.)
void carried_within(const core::Limits& limits, const SigInput& in, int n, const char* what, const char* what_sv) {
    if (n > 0 && static_cast<std::size_t>(n) > limits.max_chain_length) {
        throw core::Error(core::Errc::PdfOverLimit,
                          std::string(what) + " in " + in.field + " carries " + std::to_string(n) + " certificates, over the limit of " +
                              std::to_string(limits.max_chain_length) + " (--max-chain)",
                          {},
                          std::string(what_sv) + " i " + in.field + " bär med sig " + std::to_string(n) + " certifikat, över gränsen på " +
                              std::to_string(limits.max_chain_length) + " (--max-chain)");
    }
}
}  // namespace

SignatureReport Verifier::evaluate(const SigInput& in, std::size_t index) {
    Judged j;
    j.s.id = "sig-" + std::to_string(index + 1);
    j.s.field = in.field;
    const std::optional<Object> sig = dictionary(j, in);
    if (!sig || !byte_range(j, *sig, in)) return std::move(j).done();
    modifications(j);
    if (j.s.kind == SignatureKind::DocumentTimestamp) document_timestamp(j, in);
    else cms_signature(j, *sig, in);
    return std::move(j).done();
}

std::optional<Object> Verifier::dictionary(Judged& j, const SigInput& in) const {
    const std::size_t last = m_f.revisions().size() - 1;
    std::optional<Object> sig;
    try {
        sig = m_f.object(in.ref.num, last);
    } catch (const core::Error& e) {
        raw::rethrow_limit(e);
        j.fail_format(CheckId::SignatureDictionary, say(Msg::SigObjectUnreadable, in.ref.num, e.what()));
        return std::nullopt;
    }
    if (!sig || !sig->is_dict()) {
        j.fail_format(CheckId::SignatureDictionary, say(Msg::SigNotDictionary, in.ref.num));
        return std::nullopt;
    }
    j.s.revision = *m_f.defined_in(in.ref.num, last);
    const Object* type = sig->get("Type");
    j.s.kind = type && type->is_name("DocTimeStamp") ? SignatureKind::DocumentTimestamp : SignatureKind::Signature;
    const Object* sub = sig->get("SubFilter");
    j.s.sub_filter = sub && sub->type == Type::Name ? sub->text : "";
    return sig;
}

bool Verifier::byte_range(Judged& j, const Object& sig, const SigInput& in) const {
    SignatureReport& s = j.s;
    const auto& revs = m_f.revisions();
    const std::string_view bytes = m_f.bytes();
    // The one ByteRange rule (pdf/signatures.hpp), which signing checks too.
    const raw::ByteRange range = raw::check_byte_range(sig, bytes.size());
    if (range.problem == raw::ByteRangeProblem::NotFourIntegers) {
        j.fail_format(CheckId::ByteRange, say(Msg::ByteRangeNotFour));
        return false;
    }
    s.byte_range = {range.a, range.b, range.c, range.d};
    if (range.problem == raw::ByteRangeProblem::NoHexContents) {
        j.fail_format(CheckId::Contents, say(Msg::ContentsMissing));
        return false;
    }
    const Object* contents = sig.get("Contents");
    if (range.problem != raw::ByteRangeProblem::None) {
        j.fail_format(CheckId::ByteRange, say(Msg::ByteRangeWrong, range.a, range.b, range.c, range.d, contents->offset, contents->end));
        return false;
    }
    j.record(CheckId::ByteRange, Status::Passed, say(Msg::ByteRangeOk));
    const auto& rev = revs[s.revision];
    const auto end = static_cast<std::size_t>(range.c + range.d);
    if (end == rev.end || end == rev.end_with_eol) {
        s.coverage = s.revision == revs.size() - 1 && m_rep.findings.empty() ? Coverage::EntireFile : Coverage::EntireRevision;
        j.record(CheckId::Coverage, Status::Passed, say(Msg::CoverageOk, s.revision + 1));
    } else {
        s.coverage = Coverage::Partial;
        j.fail_format(CheckId::Coverage, say(Msg::CoveragePartial, end, rev.end));
        return false;
    }
    // The signed bytes, as the two ranges (hashed in place, not copied).
    j.head = bytes.substr(0, static_cast<std::size_t>(range.b));
    j.tail = bytes.substr(static_cast<std::size_t>(range.c), static_cast<std::size_t>(range.d));
    j.blob = contents->text;
    const core::Limits& limits = m_ctx.options().limits;
    if (j.blob.size() > limits.max_cms_bytes) {
        throw core::Error(core::Errc::PdfOverLimit,
                          "the signature in " + in.field + " is " + std::to_string(j.blob.size()) + " bytes, over the limit of " +
                              std::to_string(limits.max_cms_bytes) + " (--max-cms-bytes)",
                          {},
                          "underskriften i " + in.field + " är " + std::to_string(j.blob.size()) + " byte, över gränsen på " +
                              std::to_string(limits.max_cms_bytes) + " (--max-cms-bytes)");
    }
    return true;
}

void Verifier::modifications(Judged& j) {
    SignatureReport& s = j.s;
    // What changed after this revision, revision by revision.
    const std::size_t last = m_f.revisions().size() - 1;
    for (std::size_t r = s.revision + 1; r <= last; ++r) {
        const RevisionDiff& dr = diff(r);
        for (const auto& ch : dr.changes) {
            if (ch.category != ChangeCategory::Unchanged) s.changes.push_back(ch);
        }
        if (!dr.allowed) s.modifications_permitted = false;
        j.only_validation = j.only_validation && dr.only_validation_data;
    }
    if (s.modifications_permitted) {
        j.record(CheckId::Modifications, Status::Passed, s.changes.empty() ? say(Msg::NothingChanged) : say(Msg::ChangesAllowed, s.changes.size()));
        return;
    }
    std::vector<Said> list;
    for (const auto& ch : s.changes) {
        const Msg kind = ch.kind == ChangeKind::Added ? Msg::KindAdded : ch.kind == ChangeKind::Freed ? Msg::KindFreed : Msg::KindChanged;
        if (ch.category == ChangeCategory::Disallowed) list.push_back(say_with({say(kind), ch.what}, Msg::ChangeItem, ch.object));
    }
    j.fail_format(CheckId::Modifications, say_with(std::move(list), Msg::ChangedAfterSigning));
}

namespace {
/// Whether `blob` past its first `used` bytes is zero padding.
bool padded(std::string_view blob, std::size_t used) {
    return std::all_of(blob.begin() + static_cast<std::ptrdiff_t>(std::min(used, blob.size())), blob.end(), [](char ch) { return ch == 0; });
}
}  // namespace

void Verifier::document_timestamp(Judged& j, const SigInput& in) {
    SignatureReport& s = j.s;
    s.level = Level::NotApplicable;
    if (s.sub_filter != "ETSI.RFC3161") j.fail_format(CheckId::SubFilter, say(Msg::DocTsSubFilter, s.sub_filter));
    std::size_t used = 0;
    PKCS7* p7 = static_cast<PKCS7*>(m_ctx.impl().parsed.pkcs7(j.blob, used));
    if (!p7) {
        j.fail_format(CheckId::Cms, say(Msg::NotTimestampToken));
        return;
    }
    std::unique_ptr<PKCS7, void (*)(PKCS7*)> guard(p7, PKCS7_free);
    if (PKCS7_type_is_signed(p7) && p7->d.sign) {
        carried_within(m_ctx.options().limits, in, sk_X509_num(p7->d.sign->cert), "the document timestamp", "dokumenttidsstämpeln");
    }
    const bool match = padded(j.blob, used) && pki::timestamp_token_matches(p7, j.head, j.tail);
    j.check(CheckId::MessageDigest, match, Outcome{Indication::TotalFailed, SubIndication::HashFailure}, say(Msg::DocTsImprintOk), say(Msg::DocTsImprintBad));
    if (!match) return;
    TS_TST_INFO* info = PKCS7_to_TS_TST_INFO(p7);
    const std::time_t gen = info ? from_asn1(TS_TST_INFO_get_time(info)) : 0;
    TS_TST_INFO_free(info);
    STACK_OF(X509)* signers = PKCS7_get0_signers(p7, nullptr, 0);
    X509* tsa = signers && sk_X509_num(signers) == 1 ? sk_X509_value(signers, 0) : nullptr;
    if (tsa) X509_up_ref(tsa);
    sk_X509_free(signers);
    ERR_clear_error();
    if (!tsa) {
        j.indeterminate(CheckId::SigningCertificate, SubIndication::NoSigningCertificateFound, say(Msg::TokenNoCert));
        return;
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
    j.check(CheckId::CertificateChain, chain.error == X509_V_OK, Outcome{Indication::Indeterminate, SubIndication::NoCertificateChainFound}, say(Msg::TsaChainOk),
            say(Msg::TsaNotTrusted, chain.message));
    if (chain.error == X509_V_OK) {
        bool from_file = false;
        revocation(j, chain, gen, true, {}, {}, Msg::SubjectTsa, from_file);
    }
}

void Verifier::cms_signature(Judged& j, const Object& sig, const SigInput& in) {
    SignatureReport& s = j.s;
    const bool known = s.sub_filter == "ETSI.CAdES.detached" || s.sub_filter == "adbe.pkcs7.detached" || s.sub_filter == "adbe.pkcs7.sha1";
    j.check(CheckId::SubFilter, known, k_format_failure, say(Msg::SubFilterKnown, s.sub_filter), say(Msg::SubFilterUnknown, s.sub_filter));
    if (!known) return;
    std::optional<Cms> cms = open_cms(j, in);
    if (!cms || !integrity(j, *cms)) return;
    signing_certificate(j, *cms);
    crypto_strength(j, *cms);
    X509Stack untrusted;
    for (int i = 0; i < sk_X509_num(cms->certs.get()); ++i) untrusted.add(sk_X509_value(cms->certs.get(), i));
    untrusted.add_all(m_dss_certs.s);
    const std::optional<Proven> time = signature_time(j, sig, *cms, untrusted, in);
    if (!time) return;
    const bool revocation_in_file = signer_chain(j, *cms, untrusted, *time);
    lock(j, sig);
    level(j, time->poe, revocation_in_file);
}

std::optional<Cms> Verifier::open_cms(Judged& j, const SigInput& in) {
    std::size_t used = 0;
    CMS_ContentInfo* raw_cms = static_cast<CMS_ContentInfo*>(m_ctx.impl().parsed.cms(j.blob, used));
    if (!raw_cms || !padded(j.blob, used)) {
        CMS_ContentInfo_free(raw_cms);
        ERR_clear_error();
        j.fail_format(CheckId::Cms, say(Msg::CmsNotOne));
        return std::nullopt;
    }
    Cms c;
    c.cms.reset(raw_cms);
    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(raw_cms);
    if (sk_CMS_SignerInfo_num(infos) != 1) {
        j.fail_format(CheckId::Cms, say(Msg::CmsSigners, sk_CMS_SignerInfo_num(infos)));
        return std::nullopt;
    }
    c.si = sk_CMS_SignerInfo_value(infos, 0);
    c.certs.reset(CMS_get1_certs(raw_cms));
    carried_within(m_ctx.options().limits, in, sk_X509_num(c.certs.get()), "the signature", "underskriften");
    for (int i = 0; i < sk_X509_num(c.certs.get()); ++i) {
        if (CMS_SignerInfo_cert_cmp(c.si, sk_X509_value(c.certs.get(), i)) == 0) c.cert = sk_X509_value(c.certs.get(), i);
    }
    if (!c.cert) {
        j.indeterminate(CheckId::SigningCertificate, SubIndication::NoSigningCertificateFound, say(Msg::CmsNoCert));
        return std::nullopt;
    }
    // The signer's identifier lies outside what is signed; OpenSSL matches
    // its issuer name as RFC 5280 compares names (case folded). A writer
    // copies the certificate's issuer byte for byte: anything else was
    // changed afterwards.
    X509_NAME* sid_issuer = nullptr;
    CMS_SignerInfo_get0_signer_id(c.si, nullptr, &sid_issuer, nullptr);
    if (sid_issuer) {
        unsigned char* in_sid = nullptr;
        unsigned char* in_cert = nullptr;
        const int na = i2d_X509_NAME(sid_issuer, &in_sid);
        const int nb = i2d_X509_NAME(X509_get_issuer_name(c.cert), &in_cert);
        const bool same = na > 0 && na == nb && std::memcmp(in_sid, in_cert, static_cast<std::size_t>(na)) == 0;
        OPENSSL_free(in_sid);
        OPENSSL_free(in_cert);
        if (!same) {
            j.fail_format(CheckId::Cms, say(Msg::SidIssuerBytes));
            return std::nullopt;
        }
    }
    j.s.signer = signer_of(c.cert);
    j.s.certificate_from = from_asn1(X509_get0_notBefore(c.cert));
    j.s.claimed_role = claimed_role(c.si);
    CMS_SignerInfo_get0_algs(c.si, nullptr, nullptr, &c.digest_algorithm, nullptr);
    c.md = c.digest_algorithm ? EVP_get_digestbyobj(c.digest_algorithm->algorithm) : nullptr;
    j.s.digest_algorithm = c.md ? EVP_MD_get0_name(c.md) : "unknown";
    return c;
}

bool Verifier::integrity(Judged& j, Cms& c) const {
    SignatureReport& s = j.s;
    // The digest of the signed bytes, then the signature value.
    bool digest_ok = false;
    if (s.sub_filter == "adbe.pkcs7.sha1") {
        ASN1_OCTET_STRING** content = CMS_get0_content(c.cms.get());
        unsigned char h[SHA_DIGEST_LENGTH];
        unsigned int hl = 0;
        digest_of(EVP_sha1(), j.head, j.tail, h, hl);
        digest_ok = hl == SHA_DIGEST_LENGTH && content && *content && ASN1_STRING_length(*content) == SHA_DIGEST_LENGTH &&
                    std::equal(h, h + SHA_DIGEST_LENGTH, ASN1_STRING_get0_data(*content));
    } else if (c.md) {
        unsigned char h[EVP_MAX_MD_SIZE];
        unsigned int hl = 0;
        digest_of(c.md, j.head, j.tail, h, hl);
        if (CMS_signed_get_attr_count(c.si) > 0) {
            const auto* want = static_cast<ASN1_OCTET_STRING*>(CMS_signed_get0_data_by_OBJ(c.si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
            digest_ok = want && ASN1_STRING_length(want) == static_cast<int>(hl) && std::equal(h, h + hl, ASN1_STRING_get0_data(want));
        } else {
            const std::string covered = std::string(j.head) + std::string(j.tail);  // rare: no signed attributes
            BIO* data = BIO_new_mem_buf(covered.data(), static_cast<int>(covered.size()));
            digest_ok = CMS_verify(c.cms.get(), nullptr, nullptr, data, nullptr, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;
            BIO_free(data);
        }
    }
    j.check(CheckId::MessageDigest, digest_ok, Outcome{Indication::TotalFailed, SubIndication::HashFailure}, say(Msg::DigestOk), say(Msg::DigestBad));
    if (!digest_ok) return false;
    // The unsigned list of digest algorithms must agree with the signer's:
    // /Contents is outside the signed bytes, and a CMS that says two things
    // has been tampered with there.
    if (c.digest_algorithm && OBJ_length(c.digest_algorithm->algorithm) > 0) {
        const std::string_view oid(reinterpret_cast<const char*>(OBJ_get0_data(c.digest_algorithm->algorithm)), OBJ_length(c.digest_algorithm->algorithm));
        if (digest_listed(j.blob, oid) == false) {
            j.fail_format(CheckId::Cms, say(Msg::DigestNotListed, s.digest_algorithm));
            return false;
        }
    }
    CMS_SignerInfo_set1_signer_cert(c.si, c.cert);
    bool sig_ok = CMS_signed_get_attr_count(c.si) > 0 ? CMS_SignerInfo_verify(c.si) == 1 : true;
    if (s.sub_filter == "adbe.pkcs7.sha1") {
        sig_ok = CMS_verify(c.cms.get(), c.certs.get(), nullptr, nullptr, nullptr, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;
    }
    ERR_clear_error();
    j.check(CheckId::SignatureValue, sig_ok, Outcome{Indication::TotalFailed, SubIndication::SigCryptoFailure}, say(Msg::SigValueOk), say(Msg::SigValueBad));
    return sig_ok;
}

void Verifier::signing_certificate(Judged& j, const Cms& c) const {
    const auto ess = ess_binds(c.si, c.cert);
    if (j.s.sub_filter == "ETSI.CAdES.detached" && !ess) {
        j.fail_format(CheckId::SigningCertificate, say(Msg::CadesNoEss));
    } else if (ess && !*ess) {
        j.indeterminate(CheckId::SigningCertificate, SubIndication::NoSigningCertificateFound, say(Msg::EssOther));
    } else {
        j.record(CheckId::SigningCertificate, Status::Passed, say(ess ? Msg::EssBound : Msg::CmsNames));
    }
}

void Verifier::crypto_strength(Judged& j, const Cms& c) const {
    // ETSI TS 119 312: SHA-1 and short keys are out.
    EVP_PKEY* key = X509_get0_pubkey(c.cert);
    const int bits = key ? EVP_PKEY_get_bits(key) : 0;
    const bool rsa = key && EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA;
    const bool weak_md = !c.md || EVP_MD_get_size(c.md) < 32 || j.s.sub_filter == "adbe.pkcs7.sha1";
    const bool weak_key = rsa ? bits < 2048 : bits < 256;
    std::vector<Said> weak;
    if (weak_md) weak.push_back(say(Msg::WeakDigest, j.s.digest_algorithm));
    if (weak_key) weak.push_back(say(Msg::WeakKey, rsa ? "RSA" : "EC", bits));
    const bool strong = weak.empty();  // before `weak` is moved into the message
    j.check(CheckId::CryptoConstraints, strong, Outcome{Indication::Indeterminate, SubIndication::CryptoConstraintsFailure},
            say(Msg::CryptoOk, j.s.digest_algorithm, rsa ? "RSA" : "EC", bits), say_with(std::move(weak), Msg::CryptoWeak));
}

std::optional<Proven> Verifier::signature_time(Judged& j, const Object& sig, const Cms& c, X509Stack& untrusted, const SigInput& in) {
    SignatureReport& s = j.s;
    // The signature timestamp proves it; /M (or signingTime) is only claimed.
    const Object* m = sig.get("M");
    std::time_t claimed = m && m->type == Type::String ? from_pdf_date(m->text) : 0;
    if (!claimed) {
        const int idx = CMS_signed_get_attr_by_NID(c.si, NID_pkcs9_signingTime, -1);
        if (idx >= 0) {
            const ASN1_TYPE* t = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(c.si, idx), 0);
            if (t && (t->type == V_ASN1_UTCTIME || t->type == V_ASN1_GENERALIZEDTIME)) claimed = from_asn1(t->value.utctime);
        }
    }
    s.claimed_time = iso(claimed);
    s.claimed_epoch = claimed;
    Proven p;
    const int ts_idx = CMS_unsigned_get_attr_by_NID(c.si, NID_id_smime_aa_timeStampToken, -1);
    if (ts_idx >= 0) {
        const ASN1_TYPE* t = X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(c.si, ts_idx), 0);
        const std::string token = t && t->type == V_ASN1_SEQUENCE
                                      ? std::string(reinterpret_cast<const char*>(t->value.sequence->data), static_cast<std::size_t>(t->value.sequence->length))
                                      : std::string();
        const ASN1_OCTET_STRING* sigval = CMS_SignerInfo_get0_signature(c.si);
        const std::string_view value(reinterpret_cast<const char*>(ASN1_STRING_get0_data(sigval)), static_cast<std::size_t>(ASN1_STRING_length(sigval)));
        std::size_t token_used = 0;
        PKCS7* p7 = token.empty() ? nullptr : static_cast<PKCS7*>(m_ctx.impl().parsed.pkcs7(token, token_used));
        std::unique_ptr<PKCS7, void (*)(PKCS7*)> p7_guard(p7, PKCS7_free);
        if (p7 && PKCS7_type_is_signed(p7) && p7->d.sign) {
            carried_within(m_ctx.options().limits, in, sk_X509_num(p7->d.sign->cert), "the signature's timestamp", "underskriftens tidsstämpel");
        }
        const bool whole = p7 && token_used == token.size();
        const bool ts_ok = whole && pki::timestamp_token_matches(p7, value);
        j.check(CheckId::Timestamp, ts_ok, Outcome{Indication::TotalFailed, SubIndication::HashFailure}, say(Msg::TsCoversOk), say(Msg::TsCoversBad));
        if (!ts_ok) return std::nullopt;
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
            p.best = gen;
            p.poe = true;
            j.record(CheckId::TimestampTrust, Status::Passed, say(Msg::TsTrusted, iso(gen)));
            bool from_file = false;
            revocation(j, tsa_chain, gen, true, {}, {}, Msg::SubjectTsa, from_file);
        } else {
            j.record(CheckId::TimestampTrust, Status::Warning, say(Msg::TsUntrusted, tsa_chain.message));
        }
    }
    s.time_source = p.poe ? TimeSource::Timestamp : claimed ? TimeSource::Claimed : TimeSource::None;
    s.signing_time = iso(p.poe ? p.best : claimed);
    s.proven_epoch = p.poe ? p.best : 0;
    p.at = p.poe ? p.best : (m_ctx.options().at ? *m_ctx.options().at : m_now);
    return p;
}

bool Verifier::signer_chain(Judged& j, const Cms& c, X509Stack& untrusted, const Proven& time) {
    // The signer's chain to a trust anchor, at the proven time (else the
    // validation time).
    const ChainResult chain = build_chain(m_ctx.impl(), c.cert, untrusted.s, time.at, false);
    if (chain.error == X509_V_OK) {
        j.record(CheckId::CertificateChain, Status::Passed, say(Msg::ChainOk, chain.chain.size()));
    } else if (chain.error == X509_V_ERR_CERT_HAS_EXPIRED) {
        j.record(CheckId::CertificateChain, time.poe ? Status::Failed : Status::Indeterminate, say(time.poe ? Msg::ExpiredPoe : Msg::ExpiredNoPoe));
        j.lower_to(time.poe ? Outcome{Indication::TotalFailed, SubIndication::Expired} : Outcome{Indication::Indeterminate, SubIndication::OutOfBoundsNoPoe});
    } else if (chain.error == X509_V_ERR_CERT_NOT_YET_VALID) {
        j.record(CheckId::CertificateChain, Status::Failed, say(Msg::NotYetValid));
        j.lower_to(Outcome{Indication::TotalFailed, SubIndication::NotYetValid});
    } else {
        j.indeterminate(CheckId::CertificateChain, SubIndication::NoCertificateChainFound,
                        say(m_ctx.impl().anchors.empty() ? Msg::NoChainNoAnchors : Msg::NoChain, chain.message));
    }
    const std::uint32_t ku = X509_get_key_usage(c.cert);
    j.check(CheckId::KeyUsage, (ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) != 0, Outcome{Indication::Indeterminate, SubIndication::ChainConstraintsFailure},
            say(Msg::KeyUsageOk), say(Msg::KeyUsageBad));
    bool in_file = false;
    if (chain.error == X509_V_OK) {
        std::vector<std::string> ocsps;
        std::vector<std::string> crls;
        archival(c.si, ocsps, crls);
        revocation(j, chain, time.poe ? time.best : time.at, time.poe, ocsps, crls, Msg::SubjectSigner, in_file);
    }
    return in_file;
}

void Verifier::lock(Judged& j, const Object& sig) const {
    SignatureReport& s = j.s;
    // The lock (FieldMDP with /P, or DocMDP) this signature declares.
    const std::size_t last = m_f.revisions().size() - 1;
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
    if (s.lock_permissions == 1 && !j.only_validation) {
        j.fail_format(CheckId::Lock, say(Msg::LockViolated));
    } else if (s.lock_permissions > 0) {
        j.record(CheckId::Lock, Status::Passed, say(Msg::LockKept, s.lock_permissions));
    }
}

void Verifier::level(Judged& j, bool poe, bool revocation_in_file) {
    // The PAdES level, from what the file proves.
    SignatureReport& s = j.s;
    const std::size_t last = m_f.revisions().size() - 1;
    s.level = poe ? Level::B_T : Level::B_B;
    if (poe && revocation_in_file && m_dss.first_revision <= last) {
        s.level = Level::B_LT;
        for (std::size_t r = s.revision + 1; r <= last; ++r) {
            for (const auto& ch : diff(r).changes) {
                if (ch.subject == ChangeSubject::DocumentTimestampAdded && r > m_dss.first_revision) s.level = Level::B_LTA;
            }
        }
    }
}

}  // namespace justera::verify
