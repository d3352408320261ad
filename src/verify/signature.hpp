// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The checks of one signature or document timestamp (signature.cpp): its
// dictionary and byte range, what changed after it, its CMS or timestamp
// token, chain, time, revocation and lock. Internal to justera_verify.

#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdint>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "context_impl.hpp"
#include "diff.hpp"
#include "evidence.hpp"
#include "justera/pki/revocation.hpp"
#include "justera/verify/verify.hpp"
#include "verdict.hpp"

namespace justera::verify {

/// A signature field to judge: its name and the signature dictionary it names.
struct SigInput {
    std::string field;
    raw::Ref ref;
};

/// One signature being judged: its report, its verdict so far, and what
/// one check hands on to the next.
struct Judged {
    SignatureReport s;
    Verdict v;
    std::string_view head, tail;  ///< the signed bytes: the two ranges
    std::string_view blob;        ///< /Contents
    bool only_validation = true;  ///< later revisions hold only validation data and timestamps

    void record(CheckId id, Status status, Said said);
    /// A failed check of the file's form: TOTAL_FAILED/FORMAT_FAILURE.
    void fail_format(CheckId id, Said said);
    /// Passed, or failed with `fail`.
    void check(CheckId id, bool ok, Outcome fail, Said said_ok, Said said_fail);
    void indeterminate(CheckId id, SubIndication sub, Said said);
    /// The verdict lowered (verdict.cpp's lower).
    void lower_to(Outcome o);
    /// The report, with the verdict reached.
    SignatureReport done() &&;
};

/// A signature's CMS, opened.
struct Cms {
    std::unique_ptr<CMS_ContentInfo, void (*)(CMS_ContentInfo*)> cms{nullptr, CMS_ContentInfo_free};
    CMS_SignerInfo* si = nullptr;
    std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> certs{nullptr, [](STACK_OF(X509)* x) { sk_X509_pop_free(x, X509_free); }};
    X509* cert = nullptr;  ///< the signer's, among `certs`
    X509_ALGOR* digest_algorithm = nullptr;
    const EVP_MD* md = nullptr;
};

/// What a signature's time rests on.
struct Proven {
    std::time_t best = 0;  ///< the time a trusted timestamp proves
    bool poe = false;      ///< whether one does (proof of existence)
    std::time_t at = 0;    ///< when the chain is checked: `best`, else the validation time
};

class Verifier {
public:
    Verifier(const raw::File& f, const Context& ctx, Report& rep, std::time_t now)
        : m_f(f), m_ctx(ctx), m_rep(rep), m_now(now), m_dss(read_dss(f)) {
        // Parsed once for every signature, and once for a batch of files
        // carrying the same data: OpenSSL 3's decoding is the cost here.
        for (const auto& der : m_dss.certs) {
            if (auto* x = static_cast<X509*>(ctx.impl().parsed.certificate(der))) sk_X509_push(m_dss_certs.s, x);
        }
        std::vector<std::string> crls = m_dss.crls;
        crls.insert(crls.end(), ctx.impl().crls.begin(), ctx.impl().crls.end());
        m_index = std::make_unique<pki::RevocationIndex>(m_dss.ocsps, crls, &ctx.impl().parsed);
    }

    SignatureReport evaluate(const SigInput& in, std::size_t index);
    const Dss& dss() const { return m_dss; }
    RevisionDiff& diff(std::size_t rev) {
        auto it = m_diffs.find(rev);
        if (it == m_diffs.end()) {
            it = m_diffs.emplace(rev, diff_revision(m_f, rev, [this]() -> const RefIndex& {
                if (!m_refs) m_refs = build_ref_index(m_f);
                return *m_refs;
            })).first;
        }
        return it->second;
    }

private:
    // The checks, in the order evaluate asks them; each records its
    // results in `j` and lowers its verdict only through it.
    std::optional<raw::Object> dictionary(Judged& j, const SigInput& in) const;
    bool byte_range(Judged& j, const raw::Object& sig, const SigInput& in) const;
    void modifications(Judged& j);
    void document_timestamp(Judged& j, const SigInput& in);
    void cms_signature(Judged& j, const raw::Object& sig, const SigInput& in);
    std::optional<Cms> open_cms(Judged& j, const SigInput& in);
    bool integrity(Judged& j, Cms& c) const;
    void signing_certificate(Judged& j, const Cms& c) const;
    void crypto_strength(Judged& j, const Cms& c) const;
    std::optional<Proven> signature_time(Judged& j, const raw::Object& sig, const Cms& c, X509Stack& untrusted, const SigInput& in);
    /// The chain, key usage and revocation; whether the revocation data came from the file.
    bool signer_chain(Judged& j, const Cms& c, X509Stack& untrusted, const Proven& time);
    void lock(Judged& j, const raw::Object& sig) const;
    void level(Judged& j, bool poe, bool revocation_in_file);
    void revocation(Judged& j, const ChainResult& chain, std::time_t best, bool poe, std::vector<std::string> ocsps, std::vector<std::string> crls, Msg whose,
                    bool& from_file);

    const raw::File& m_f;
    const Context& m_ctx;
    Report& m_rep;
    std::time_t m_now;
    Dss m_dss;
    X509Stack m_dss_certs;
    std::unique_ptr<pki::RevocationIndex> m_index;
    std::map<std::size_t, RevisionDiff> m_diffs;
    std::optional<RefIndex> m_refs;  ///< one scan of the file for "N G R", when a diff needs it
};

}  // namespace justera::verify
