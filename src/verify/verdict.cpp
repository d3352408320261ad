// SPDX-License-Identifier: GPL-3.0-or-later
// The verdicts (verdict.hpp): the only place an indication is lowered.

#include "verdict.hpp"

#include <algorithm>

#include "evidence.hpp"

namespace justera::verify {

/// The one place an indication is lowered: TOTAL_FAILED stays, and the
/// first reason for it is kept.
void lower(Verdict& v, Outcome o) {
    if (v.ind == Indication::TotalFailed) return;
    if (o.indication() == Indication::TotalFailed || v.ind == Indication::TotalPassed) {
        v.ind = o.indication();
        v.sub = o.sub();
    }
}

/// Times that cannot be (docs/verify.md, "Times"): a signature claimed to be
/// made after the validation time; or before what an earlier revision's
/// timestamp proves (a later revision covers that token, so it was written
/// after the token existed); or after its own signature timestamp. Not
/// TOTAL_PASSED: INDETERMINATE, naming both times. Clocks may differ by a
/// few minutes (k_clock_skew).
void check_times(Report& rep, std::time_t now) {
    constexpr std::time_t k_clock_skew = 5 * 60;
    constexpr std::time_t k_before_certificate = 60 * 60;
    for (auto& s : rep.signatures) {
        // The latest time a timestamp of an earlier revision proves.
        std::time_t proven = 0;
        Said proven_by;
        for (const auto& e : rep.signatures) {
            if (e.revision < s.revision && e.indication != Indication::TotalFailed && e.proven_epoch > proven) {
                proven = e.proven_epoch;
                proven_by = e.kind == SignatureKind::DocumentTimestamp ? say(Msg::ProvenByDocTs, e.id) : say(Msg::ProvenByField, e.id, e.field);
            }
        }
        const auto flag = [&](Outcome o, Said said) {
            s.checks.push_back(Check{CheckId::SigningTime, Status::Indeterminate, std::move(said)});
            Verdict v{s.indication, s.subindication};
            lower(v, o);
            s.indication = v.ind;
            s.subindication = v.sub;
        };
        if (s.indication == Indication::TotalFailed) continue;
        const std::time_t claimed = s.claimed_epoch;
        const std::time_t own = s.proven_epoch;
        if (claimed > now + k_clock_skew) {
            flag(Outcome{Indication::Indeterminate, SubIndication::SigConstraintsFailure}, say(Msg::ClaimedFuture, iso(claimed), iso(now)));
        } else if (proven && claimed && claimed + k_clock_skew < proven) {
            flag(Outcome{Indication::Indeterminate, SubIndication::TimestampOrderFailure}, say_with({proven_by}, Msg::ClaimedBeforeProven, iso(claimed), iso(proven)));
        } else if (proven && own && own + k_clock_skew < proven) {
            flag(Outcome{Indication::Indeterminate, SubIndication::TimestampOrderFailure}, say_with({proven_by}, Msg::OwnBeforeProven, iso(own), iso(proven)));
        } else if (!own && claimed && s.certificate_from && claimed + k_before_certificate < s.certificate_from) {
            // A time the signer's own certificate rules out, said by the
            // signer alone (no timestamp of its own): a backdated claim, or a
            // clock far wrong. A signature service issues the certificate
            // when the signer has logged in, after the time was written
            // into the prepared signature: an hour is allowed for that.
            flag(Outcome{Indication::Indeterminate, SubIndication::SigConstraintsFailure}, say(Msg::ClaimedBeforeCertificate, iso(claimed), iso(s.certificate_from)));
        } else if (own && claimed > own + k_clock_skew) {
            flag(Outcome{Indication::Indeterminate, SubIndication::TimestampOrderFailure}, say(Msg::ClaimedAfterOwn, iso(claimed), iso(own)));
        }
    }
}

void judge_document(Report& rep) {
    // The document's verdict.
    Verdict v;
    for (const auto& s : rep.signatures) {
        if (s.indication != Indication::TotalPassed) lower(v, Outcome::checked(s.indication, s.subindication));
    }
    for (const auto& c : rep.document.checks) {
        if (c.status == Status::Failed) lower(v, Outcome{Indication::TotalFailed, SubIndication::FormatFailure});
        if (c.status == Status::Indeterminate) lower(v, Outcome{Indication::Indeterminate, SubIndication::None});
    }
    for (const auto& fd : rep.findings) {
        if (fd.id == FindingId::TrailingBytes || fd.id == FindingId::Form) lower(v, Outcome{Indication::TotalFailed, SubIndication::FormatFailure});
        if (fd.id == FindingId::MissingSigners || fd.id == FindingId::NoJusterare) lower(v, Outcome{Indication::Indeterminate, SubIndication::None});
    }
    if (std::none_of(rep.signatures.begin(), rep.signatures.end(), [](const auto& s) { return s.kind == SignatureKind::Signature; })) {
        rep.findings.push_back(Finding{Severity::Warning, FindingId::Unsigned, say(Msg::Unsigned)});
        lower(v, Outcome{Indication::Indeterminate, SubIndication::SignedDataNotFound});
    }
    rep.verdict = v.ind;
    rep.subindication = v.sub;
}

SignatureReport unreadable_signature(std::string id, std::string field, Said why) {
    SignatureReport s;
    s.id = std::move(id);
    s.field = std::move(field);
    s.indication = k_format_failure.indication();
    s.subindication = k_format_failure.sub();
    s.checks.push_back(Check{CheckId::Structure, Status::Failed, std::move(why)});
    return s;
}

void unreadable_document(Report& rep, Said why) {
    rep.verdict = k_format_failure.indication();
    rep.subindication = k_format_failure.sub();
    rep.findings.push_back(Finding{Severity::Error, FindingId::Structure, std::move(why)});
}

}  // namespace justera::verify
