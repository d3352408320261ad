// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The verifier's results as types. Decisions (a verdict lowered, a PAdES
/// level, what the verification page says) are made on these, never on the
/// words of a message; to_string gives the names the JSON report has always
/// used (docs/report.md).

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace justera::verify {

/// ETSI EN 319 102-1 main indications.
enum class Indication : std::uint8_t { TotalPassed, TotalFailed, Indeterminate };
std::string_view to_string(Indication i) noexcept;  ///< "TOTAL_PASSED", ...

/// The sub-indications of ETSI EN 319 102-1 (5.1.3) that justera reports.
/// TOTAL_FAILED: FORMAT_FAILURE, HASH_FAILURE, SIG_CRYPTO_FAILURE, REVOKED,
/// NOT_YET_VALID, and EXPIRED (a timestamp proves the signing came after the
/// certificate expired; pyHanko files EXPIRED under INDETERMINATE, and the
/// standard's revisions differ, so EXPIRED and NOT_YET_VALID are accepted
/// under both). Every other one belongs to INDETERMINATE.
enum class SubIndication : std::uint8_t {
    None = 0,
    FormatFailure,
    HashFailure,
    SigCryptoFailure,
    Revoked,
    Expired,
    NotYetValid,
    ChainConstraintsFailure,
    CryptoConstraintsFailure,
    NoSigningCertificateFound,
    NoCertificateChainFound,
    RevokedNoPoe,
    OutOfBoundsNoPoe,
    TryLater,
    SignedDataNotFound,
    SigConstraintsFailure,
    TimestampOrderFailure
};
std::string_view to_string(SubIndication s) noexcept;  ///< "HASH_FAILURE", ...; "" for None
/// The enums back from their JSON names (a report read from JSON, as the
/// verification page reads its workers' answers); nothing for an unknown name.
std::optional<SubIndication> sub_indication_from(std::string_view name) noexcept;  ///< "" is None
std::optional<Indication> indication_from(std::string_view name) noexcept;

/// Whether `s` may accompany `i`: None with any indication (TOTAL_PASSED
/// takes only None), the failures with TOTAL_FAILED, the rest with
/// INDETERMINATE.
constexpr bool belongs_to(SubIndication s, Indication i) noexcept {
    switch (s) {
        case SubIndication::None: return true;
        case SubIndication::FormatFailure:
        case SubIndication::HashFailure:
        case SubIndication::SigCryptoFailure:
        case SubIndication::Revoked: return i == Indication::TotalFailed;
        case SubIndication::Expired:
        case SubIndication::NotYetValid: return i != Indication::TotalPassed;
        default: return i == Indication::Indeterminate;
    }
}

/// An indication with its sub-indication. A pair that does not belong
/// together cannot be made: written out in the code it does not compile
/// (the constructor is consteval), and `checked` refuses one made at run
/// time with core::Error(Internal).
class Outcome {
public:
    consteval Outcome(Indication i, SubIndication s) : m_indication(i), m_sub(s) {
        if (!belongs_to(s, i)) throw "a sub-indication that does not belong to its indication";
    }
    static Outcome checked(Indication i, SubIndication s);
    [[nodiscard]] constexpr Indication indication() const noexcept { return m_indication; }
    [[nodiscard]] constexpr SubIndication sub() const noexcept { return m_sub; }

private:
    struct Unchecked {};
    constexpr Outcome(Unchecked, Indication i, SubIndication s) : m_indication(i), m_sub(s) {}
    Indication m_indication;
    SubIndication m_sub;
};

/// One check's outcome.
enum class Status : std::uint8_t { Passed, Failed, Indeterminate, Warning, NotApplicable };
std::string_view to_string(Status s) noexcept;  ///< "PASSED", "FAILED", "INDETERMINATE", "WARNING", "NOT_APPLICABLE"

/// How grave a finding about the whole document is.
enum class Severity : std::uint8_t { Error, Warning, Info };
std::string_view to_string(Severity s) noexcept;  ///< "error", "warning", "info"

enum class SignatureKind : std::uint8_t { Signature, DocumentTimestamp };
std::string_view to_string(SignatureKind k) noexcept;  ///< "signature", "document_timestamp"

/// What a signature's byte range covers; None until it is known.
enum class Coverage : std::uint8_t { None, EntireFile, EntireRevision, Partial, Invalid };
std::string_view to_string(Coverage c) noexcept;  ///< "", "ENTIRE_FILE", "ENTIRE_REVISION", "PARTIAL", "INVALID"

/// The PAdES baseline level a file proves for a signature; NotApplicable
/// for a document timestamp, None until it is known.
enum class Level : std::uint8_t { None, NotApplicable, B_B, B_T, B_LT, B_LTA };
std::string_view to_string(Level l) noexcept;  ///< "", "-", "B-B", "B-T", "B-LT", "B-LTA"

/// Where a signature's time comes from.
enum class TimeSource : std::uint8_t { None, Timestamp, Claimed };
std::string_view to_string(TimeSource t) noexcept;  ///< "none", "timestamp", "claimed"

/// What a revision after a signature did to an object.
enum class ChangeKind : std::uint8_t { Added, Changed, Freed };
std::string_view to_string(ChangeKind k) noexcept;  ///< "added", "changed", "freed"

/// Whether the policy allows a change (docs/verify.md); Unchanged objects
/// (rewritten as they were) are not reported.
enum class ChangeCategory : std::uint8_t { Signing, ValidationData, Disallowed, Unchanged };
std::string_view to_string(ChangeCategory c) noexcept;  ///< "signing", "validation_data", "disallowed", "unchanged"

/// What a change is about, where a decision depends on it.
enum class ChangeSubject : std::uint8_t { Other, SignatureAdded, DocumentTimestampAdded };

/// What a revision of the file holds.
enum class RevisionKind : std::uint8_t { Original, Signature, DocumentTimestamp, ValidationData, Other };
std::string_view to_string(RevisionKind k) noexcept;  ///< "original", "signature", "document_timestamp", "validation_data", "other"

/// What a check examined (docs/report.md lists them).
enum class CheckId : std::uint8_t {
    ByteRange,
    CertificateChain,
    Cms,
    Contents,
    Coverage,
    CryptoConstraints,
    EmbeddedXml,
    KeyUsage,
    Lock,
    MessageDigest,
    Modifications,
    Revocation,
    SignatureDictionary,
    SignatureValue,
    SigningCertificate,
    SigningTime,
    Structure,
    SubFilter,
    Timestamp,
    TimestampTrust,
    VisibleText,
    XmpFingerprint,
};
std::string_view to_string(CheckId c) noexcept;  ///< "byte_range", "certificate_chain", ...

/// What a finding about the whole document is about.
enum class FindingId : std::uint8_t {
    TrailingBytes,
    Form,
    Structure,
    ClaimedRole,
    MissingSigners,
    NoJusterare,
    UnknownSigner,
    Unsigned,
};
std::string_view to_string(FindingId f) noexcept;  ///< "trailing_bytes", "form", ...

/// What a check or a finding says, as data. Decisions never read it; the
/// words, in Swedish or English, are made from it in one place
/// (report/messages.hpp), where each id has its sentence in both languages.
enum class Msg : std::uint16_t {
    Detail,  ///< {0}: technical detail (a reader's or OpenSSL's), as it is
    // the signature dictionary and its byte range
    SigObjectUnreadable, SigNotDictionary, ByteRangeNotFour, ContentsMissing, ByteRangeWrong, ByteRangeOk, CoverageOk,
    CoveragePartial,
    // what changed after signing
    NothingChanged, ChangesAllowed, ChangedAfterSigning, ChangeItem, KindAdded, KindChanged, KindFreed,
    // document timestamps
    DocTsSubFilter, NotTimestampToken, DocTsImprintOk, DocTsImprintBad, TokenNoCert, TsaChainOk, TsaNotTrusted,
    // the CMS signature
    SubFilterKnown, SubFilterUnknown, CmsNotOne, CmsSigners, CmsNoCert, SidIssuerBytes, DigestOk, DigestBad, DigestNotListed,
    SigValueOk, SigValueBad, CadesNoEss, EssOther, EssBound, CmsNames, CryptoOk, CryptoWeak, WeakDigest, WeakKey,
    // the signature timestamp and the chain
    TsCoversOk, TsCoversBad, TsTrusted, TsUntrusted, ChainOk, ExpiredPoe, ExpiredNoPoe, NotYetValid, NoChain,
    NoChainNoAnchors, KeyUsageOk, KeyUsageBad, LockViolated, LockKept,
    // revocation ({p0}: whose certificate)
    SubjectSigner, SubjectTsa, RevGood, RevokedAfter, RevokedPoe, RevokedNoPoe, RevUnknown, RevUnknownOffline,
    // times that cannot be
    ProvenByDocTs, ProvenByField, ClaimedFuture, ClaimedBeforeProven, OwnBeforeProven, ClaimedAfterOwn, ClaimedBeforeCertificate,
    // findings about the document
    TrailingBytes, FieldsUnreadable, SameSignature, ClaimedRole, MissingSigners, NoJusterare, UnknownSigner, Unsigned,
    StructureUnreadable, WholeUnreadable,
    // the protocol inside
    CatalogUnreadable, NoXml, ForeignXml, ForeignXmlNamed, NoNamespace, Namespace, XmlValid, XmpOk, XmpOther, XmpNone,
    XmlBad, VisibleAll, VisibleAllPoppler, VisibleMissing, VisibleMissingPoppler, MissingTitle, MissingDecision,
    MissingDecisionItem, MissingMore, PagesUnreadable, NoticeXmlValid, NoticeVisibleAll, MissingNoticeText,
    // what a revision after a signature did (Change::what); a list of PDF
    // keys as a fact starts with a space: " /Pages /Names"
    CatalogReplaced, ObjectFreed, XrefBack, ObjectUnreadable, AppearanceOfField, Rewritten, CatalogDss, CatalogChanged,
    DssChanged, DssExtended, ContainerDss, ContainerFormResources, ContainerFormResourcesKey, ContainerChanged,
    ContainerExtended, SignedFieldChanged, FieldChangedKeys, FieldValueNotNew, FieldChangedUnsigned, FieldSigned,
    FormFieldAdded, FormChanged, FormChangedFields, PageFieldAdded, PageAnnotsArray, PageChanged, AnnotsFieldAdded,
    InfoSaved, InfoChanged, XmpSaved, XmpChanged, XmpProp, XmpPropAdded, XmpPropRemoved, XmpOldUnreadable,
    XmpNewUnreadable, XmpUnreadable, XmpStreamChanged, Orphaned, ObjectChanged, DocTsAdded, SignatureAdded, DssAdded,
    FieldWithoutSignature, InvisibleField, VisibleField, VisibleFieldNoPage, OfValidationData, OfAppearance,
    Unreferenced, Unexplained, AStream, AnArray, ADictionary, AValue, PageContentChanged, PageResourceChanged,
    RevNone, RevNoneOffline,
    Last_ = RevNoneOffline  ///< for tests that walk every id
};

/// A message id with its facts ({0}, {1}, ... in the sentence: numbers,
/// names, ISO 8601 times, PDF names, detail passed on as it is) and parts
/// ({p0}, {p1}, ...; {*} is all of them joined by "; ", {+} each after a
/// space), each a message of its own in the same language.
struct Said {
    Msg msg = Msg::Detail;
    std::vector<std::string> facts;
    std::vector<Said> parts;
};

namespace detail {
inline std::string fact(std::string s) { return s; }
inline std::string fact(const char* s) { return s; }
inline std::string fact(std::string_view s) { return std::string(s); }
template <std::integral T>
std::string fact(T n) { return std::to_string(n); }
}  // namespace detail

/// say(Msg::CmsSigners, 2): a message with its facts; numbers are written
/// as decimal digits.
template <typename... Facts>
Said say(Msg m, Facts&&... facts) {
    return Said{m, {detail::fact(std::forward<Facts>(facts))...}, {}};
}
/// The same with parts.
template <typename... Facts>
Said say_with(std::vector<Said> parts, Msg m, Facts&&... facts) {
    Said s = say(m, std::forward<Facts>(facts)...);
    s.parts = std::move(parts);
    return s;
}

}  // namespace justera::verify
