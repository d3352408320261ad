// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The checks of one signature or document timestamp (signature.cpp): its
// dictionary and byte range, what changed after it, its CMS or timestamp
// token, chain, time, revocation and lock. Internal to justera_verify.

#include <openssl/x509.h>

#include <cstdint>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "context_impl.hpp"
#include "diff.hpp"
#include "evidence.hpp"
#include "justera/pki/revocation.hpp"
#include "justera/verify/verify.hpp"
#include "verdict.hpp"

namespace justera::verify {

struct SigInput {
    std::string field;
    raw::Ref ref;
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
    void check(SignatureReport& s, Verdict& v, CheckId id, bool ok, Outcome fail, Said said_ok, Said said_fail) {
        s.checks.push_back(Check{id, ok ? Status::Passed : (fail.indication() == Indication::TotalFailed ? Status::Failed : Status::Indeterminate),
                                 ok ? std::move(said_ok) : std::move(said_fail)});
        if (!ok) lower(v, fail);
    }
    void revocation(SignatureReport& s, Verdict& v, const ChainResult& chain, std::time_t best, bool poe, std::vector<std::string> ocsps,
                    std::vector<std::string> crls, Msg whose, bool& from_file);

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
