// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/verify/result.hpp"

#include <string>

#include "justera/core/error.hpp"

namespace justera::verify {

std::string_view to_string(SubIndication s) noexcept {
    switch (s) {
        case SubIndication::None: return "";
        case SubIndication::FormatFailure: return "FORMAT_FAILURE";
        case SubIndication::HashFailure: return "HASH_FAILURE";
        case SubIndication::SigCryptoFailure: return "SIG_CRYPTO_FAILURE";
        case SubIndication::Revoked: return "REVOKED";
        case SubIndication::Expired: return "EXPIRED";
        case SubIndication::NotYetValid: return "NOT_YET_VALID";
        case SubIndication::ChainConstraintsFailure: return "CHAIN_CONSTRAINTS_FAILURE";
        case SubIndication::CryptoConstraintsFailure: return "CRYPTO_CONSTRAINTS_FAILURE";
        case SubIndication::NoSigningCertificateFound: return "NO_SIGNING_CERTIFICATE_FOUND";
        case SubIndication::NoCertificateChainFound: return "NO_CERTIFICATE_CHAIN_FOUND";
        case SubIndication::RevokedNoPoe: return "REVOKED_NO_POE";
        case SubIndication::OutOfBoundsNoPoe: return "OUT_OF_BOUNDS_NO_POE";
        case SubIndication::TryLater: return "TRY_LATER";
        case SubIndication::SignedDataNotFound: return "SIGNED_DATA_NOT_FOUND";
        case SubIndication::SigConstraintsFailure: return "SIG_CONSTRAINTS_FAILURE";
        case SubIndication::TimestampOrderFailure: return "TIMESTAMP_ORDER_FAILURE";
    }
    return "";
}

std::optional<SubIndication> sub_indication_from(std::string_view name) noexcept {
    for (auto i = static_cast<unsigned>(SubIndication::None); i <= static_cast<unsigned>(SubIndication::TimestampOrderFailure); ++i) {
        if (to_string(static_cast<SubIndication>(i)) == name) return static_cast<SubIndication>(i);
    }
    return std::nullopt;
}

std::optional<Indication> indication_from(std::string_view name) noexcept {
    for (const Indication i : {Indication::TotalPassed, Indication::TotalFailed, Indication::Indeterminate}) {
        if (to_string(i) == name) return i;
    }
    return std::nullopt;
}

Outcome Outcome::checked(Indication i, SubIndication s) {
    if (!belongs_to(s, i)) {
        throw core::Error(core::Errc::Internal, std::string("the sub-indication ") + std::string(to_string(s)) + " does not belong to " +
                                                    std::string(to_string(i)));
    }
    return Outcome(Unchecked{}, i, s);
}

std::string_view to_string(Indication i) noexcept {
    switch (i) {
        case Indication::TotalPassed: return "TOTAL_PASSED";
        case Indication::TotalFailed: return "TOTAL_FAILED";
        case Indication::Indeterminate: return "INDETERMINATE";
    }
    return "INDETERMINATE";
}

std::string_view to_string(Status s) noexcept {
    switch (s) {
        case Status::Passed: return "PASSED";
        case Status::Failed: return "FAILED";
        case Status::Indeterminate: return "INDETERMINATE";
        case Status::Warning: return "WARNING";
        case Status::NotApplicable: return "NOT_APPLICABLE";
    }
    return "INDETERMINATE";
}

std::string_view to_string(Severity s) noexcept {
    switch (s) {
        case Severity::Error: return "error";
        case Severity::Warning: return "warning";
        case Severity::Info: return "info";
    }
    return "error";
}

std::string_view to_string(SignatureKind k) noexcept {
    return k == SignatureKind::DocumentTimestamp ? "document_timestamp" : "signature";
}

std::string_view to_string(Coverage c) noexcept {
    switch (c) {
        case Coverage::None: return "";
        case Coverage::EntireFile: return "ENTIRE_FILE";
        case Coverage::EntireRevision: return "ENTIRE_REVISION";
        case Coverage::Partial: return "PARTIAL";
        case Coverage::Invalid: return "INVALID";
    }
    return "";
}

std::string_view to_string(Level l) noexcept {
    switch (l) {
        case Level::None: return "";
        case Level::NotApplicable: return "-";
        case Level::B_B: return "B-B";
        case Level::B_T: return "B-T";
        case Level::B_LT: return "B-LT";
        case Level::B_LTA: return "B-LTA";
    }
    return "";
}

std::string_view to_string(TimeSource t) noexcept {
    switch (t) {
        case TimeSource::None: return "none";
        case TimeSource::Timestamp: return "timestamp";
        case TimeSource::Claimed: return "claimed";
    }
    return "none";
}

std::string_view to_string(ChangeKind k) noexcept {
    switch (k) {
        case ChangeKind::Added: return "added";
        case ChangeKind::Changed: return "changed";
        case ChangeKind::Freed: return "freed";
    }
    return "changed";
}

std::string_view to_string(ChangeCategory c) noexcept {
    switch (c) {
        case ChangeCategory::Signing: return "signing";
        case ChangeCategory::ValidationData: return "validation_data";
        case ChangeCategory::Disallowed: return "disallowed";
        case ChangeCategory::Unchanged: return "unchanged";
    }
    return "disallowed";
}

std::string_view to_string(RevisionKind k) noexcept {
    switch (k) {
        case RevisionKind::Original: return "original";
        case RevisionKind::Signature: return "signature";
        case RevisionKind::DocumentTimestamp: return "document_timestamp";
        case RevisionKind::ValidationData: return "validation_data";
        case RevisionKind::Other: return "other";
    }
    return "other";
}

std::string_view to_string(CheckId c) noexcept {
    switch (c) {
        case CheckId::ByteRange: return "byte_range";
        case CheckId::CertificateChain: return "certificate_chain";
        case CheckId::Cms: return "cms";
        case CheckId::Contents: return "contents";
        case CheckId::Coverage: return "coverage";
        case CheckId::CryptoConstraints: return "crypto_constraints";
        case CheckId::EmbeddedXml: return "embedded_xml";
        case CheckId::KeyUsage: return "key_usage";
        case CheckId::Lock: return "lock";
        case CheckId::MessageDigest: return "message_digest";
        case CheckId::Modifications: return "modifications";
        case CheckId::Revocation: return "revocation";
        case CheckId::SignatureDictionary: return "signature_dictionary";
        case CheckId::SignatureValue: return "signature_value";
        case CheckId::SigningCertificate: return "signing_certificate";
        case CheckId::SigningTime: return "signing_time";
        case CheckId::Structure: return "structure";
        case CheckId::SubFilter: return "sub_filter";
        case CheckId::Timestamp: return "timestamp";
        case CheckId::TimestampTrust: return "timestamp_trust";
        case CheckId::VisibleText: return "visible_text";
        case CheckId::XmpFingerprint: return "xmp_fingerprint";
    }
    return "structure";
}

std::string_view to_string(FindingId f) noexcept {
    switch (f) {
        case FindingId::TrailingBytes: return "trailing_bytes";
        case FindingId::Form: return "form";
        case FindingId::Structure: return "structure";
        case FindingId::ClaimedRole: return "claimed_role";
        case FindingId::MissingSigners: return "missing_signers";
        case FindingId::NoJusterare: return "no_justerare";
        case FindingId::UnknownSigner: return "unknown_signer";
        case FindingId::Unsigned: return "unsigned";
    }
    return "structure";
}

}  // namespace justera::verify
