// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Verification of a signed protocol PDF, years after signing: each
/// signature's integrity, signer, trust, time and revocation, what changed
/// after it, and whether the people the protocol names signed it. The
/// indications are those of ETSI EN 319 102-1.

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "justera/core/limits.hpp"
#include "justera/model/protocol.hpp"
#include "justera/verify/result.hpp"

namespace justera::verify {

class Online;

/// One check's outcome. Ids are stable (docs/report.md).
struct Check {
    CheckId id = CheckId::Structure;
    Status status = Status::Indeterminate;
    Said said;  ///< report/messages.hpp words it
};

/// An object added, changed or freed in a revision after a signature.
struct Change {
    std::size_t revision = 0;     ///< 0-based, oldest first
    std::uint32_t object = 0;
    ChangeKind kind = ChangeKind::Changed;
    Said what;                    ///< "signature field justera_justerare_2 signed", "page 2 changed: /Contents" (report/messages.hpp)
    ChangeCategory category = ChangeCategory::Disallowed;
    ChangeSubject subject = ChangeSubject::Other;  ///< what decisions need to know of it
};

struct Signer {
    std::string name;             ///< common name
    std::string given_name;
    std::string surname;
    std::string serial_number;
    std::string issuer;
    std::string certificate_sha256;
    /// Issued by itself (its subject is its issuer): anyone can make such a
    /// certificate with any name in it.
    bool self_signed = false;
};

struct SignatureReport {
    std::string id;               ///< "sig-1" in file order of revisions
    std::string field;
    SignatureKind kind = SignatureKind::Signature;
    std::string sub_filter;
    std::size_t revision = 0;
    std::vector<std::int64_t> byte_range;
    Coverage coverage = Coverage::None;
    Indication indication = Indication::Indeterminate;
    SubIndication subindication = SubIndication::None;  ///< ETSI EN 319 102-1; None with TOTAL_PASSED
    Signer signer;
    std::string claimed_role;     ///< from signer-attributes-v2
    std::string role;             ///< the protocol role matched: justerare, ordförande, sekreterare
    std::string protocol_name;    ///< the name in the protocol it matched
    std::string name_match;       ///< how: "exact", "case", "name_in_use" (empty without a match)
    std::string signing_time;     ///< ISO 8601 UTC
    TimeSource time_source = TimeSource::None;
    std::string claimed_time;     ///< /M or signingTime
    std::time_t claimed_epoch = 0;  ///< the same as a number (0: none); not in the JSON
    std::time_t proven_epoch = 0;   ///< what a trusted timestamp proves (0: nothing); not in the JSON
    std::time_t certificate_from = 0;  ///< the signer's certificate's notBefore (0: unknown); not in the JSON
    Level level = Level::None;    ///< NotApplicable for a document timestamp
    std::string digest_algorithm;
    int lock_permissions = 0;     ///< DocMDP/FieldMDP /P of this signature, 0 none
    bool modifications_permitted = true;
    std::vector<Change> changes;
    std::vector<Check> checks;
};

struct RoleReport {
    std::string role;             ///< justerare, sekreterare
    std::string name;             ///< as the protocol names the person
    std::string signed_by;        ///< signature id, empty when missing
};

struct Finding {
    Severity severity = Severity::Error;
    FindingId id = FindingId::Structure;
    Said said;  ///< report/messages.hpp words it
};

struct Report {
    std::string file;
    std::string sha256;
    std::size_t size = 0;
    std::string validation_time;
    Indication verdict = Indication::Indeterminate;
    SubIndication subindication = SubIndication::None;
    std::vector<std::string> trust_anchors;   ///< "sha256:..." of each anchor
    struct Revision {
        std::size_t index = 0;
        std::size_t end = 0;
        RevisionKind kind = RevisionKind::Other;
    };
    std::vector<Revision> revisions;
    std::vector<SignatureReport> signatures;
    struct Document {
        bool protocol = false;                ///< carries a protocol XML
        std::string embedded_xml;             ///< file name of the associated file
        std::string fingerprint;              ///< SHA-256 of the canonical XML
        std::string xmp_fingerprint;
        std::string title;
        std::vector<Check> checks;
        std::optional<model::Protocol> parsed;  ///< the embedded protocol, when it is valid
        /// A notice of justering (`justera anslag`) carries its own XML, which
        /// names the protocol by fingerprint, instead of a protocol.
        std::optional<model::JusteringNotice> notice;
        std::string xml;                        ///< the embedded XML's bytes, as carried (with Options::keep_embedded_xml)
        /// The signature fields the document was made with (its first
        /// revision), signed or not: which lines it has for signers.
        std::vector<std::string> signature_fields;
    } document;
    std::vector<RoleReport> roles;
    std::vector<Finding> findings;
};

struct Options {
    std::vector<std::string> trust_files;     ///< PEM anchors
    std::vector<std::string> trust_dirs;
    bool system_trust = false;
    std::vector<std::string> crl_files;
    bool online = false;                      ///< fetch OCSP/CRL for what the file lacks
    /// With `online`: where to ask (online.hpp); nullptr: the certificates'
    /// own OCSP responders and CRL addresses. Must outlive the Context.
    const Online* online_source = nullptr;
    std::optional<std::time_t> at;            ///< validate as of this time instead of now
    /// Read the pages' text on a second thread while the signatures are
    /// checked (off when files are already verified side by side; a file
    /// over 2 MiB is read in turn anyway, to keep its memory down).
    bool text_in_parallel = true;
    core::Limits limits;                      ///< objects, revisions, nesting, streams, signatures, CMS size, chain (docs/limits.md)
    /// Keep the embedded XML's bytes in Report::document.xml (the page
    /// offers them for download); otherwise they are let go once parsed.
    bool keep_embedded_xml = false;
};

/// The trust anchors and extra revocation data, loaded once for many files.
class Context {
public:
    explicit Context(const Options& options);
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
    struct Impl;
    [[nodiscard]] const Impl& impl() const { return *m_impl; }
    [[nodiscard]] const Options& options() const { return m_options; }
    [[nodiscard]] std::size_t anchor_count() const;
    /// Each trust anchor's subject, as one line, in the order given.
    [[nodiscard]] std::vector<std::string> anchor_names() const;

private:
    void load_trust(const Options& options);
    Options m_options;
    Impl* m_impl;
};

/// Verifies one PDF. Never throws for a bad file: what cannot be read
/// becomes TOTAL_FAILED (FORMAT_FAILURE) with a finding naming the byte or
/// object. Throws core::Error only for unreadable trust anchors (in Context).
Report verify_pdf(std::string_view bytes, const std::string& file, const Context& context);

/// For a PDF that carries no protocol XML (made elsewhere): the signatures
/// matched to the signers `protocol` names — a protocol read from the
/// pages' text, as `justera check` reads such a file — with the findings
/// about missing and unknown signers, and the document judged again, as
/// verify_pdf does with an embedded protocol. Does nothing to a report
/// whose file carries a protocol, or that has no signatures.
void match_signers_named_in_text(Report& report, const model::Protocol& protocol);

}  // namespace justera::verify
