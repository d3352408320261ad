// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// One exception type for the whole project, with a stable code and a location.
/// Callers switch on code(), never on what().

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "justera/core/language.hpp"

namespace justera::core {

/// Error codes, grouped in ranges per module. Values are never reused; their
/// symbolic names (to_string) are part of the JSON output and of docs/cli.md.
enum class Errc : std::uint16_t {
    Unknown = 0,
    // 1xxx: reading input (any module)
    InputUnreadable = 1001,    ///< file missing, unreadable or a directory
    InputTooLarge = 1002,      ///< over Limits::max_input_bytes
    InputNotUtf8 = 1003,       ///< not valid UTF-8 text
    InputBinary = 1004,        ///< NUL bytes or other control data: not text
    InputEmpty = 1005,         ///< nothing but white space
    InputLineTooLong = 1006,   ///< a line over Limits::max_line_bytes
    InputTooManyLines = 1007,  ///< over Limits::max_lines
    InputDocxMalformed = 1008, ///< a DOCX whose zip container is damaged (truncated, bad CRC, unsupported compression)
    InputDocxEncrypted = 1009, ///< a password-protected Word file (an OLE container holding EncryptedPackage), or encrypted zip entries
    InputDocLegacy = 1010,     ///< an OLE compound file: Word 97-2003 (.doc) or another old Office format
    InputZipNotDocx = 1011,    ///< a zip archive without word/document.xml
    InputDocxOverLimit = 1012, ///< a DOCX over the zip bounds: unpacked size, entries, compression ratio (a zip bomb)
    // 2xxx: ingest
    IngestNoParagraphs = 2001,     ///< no § paragraph (protocol) or no item (agenda) found
    // 2002 was never used; not to be reused.
    IngestTooManyParagraphs = 2003,
    IngestStrictWarning = 2004,    ///< a warning under --strict
    // 3xxx: XML
    XmlMalformed = 3001,        ///< not well-formed XML
    XmlDoctypeForbidden = 3002, ///< DOCTYPE / entities are refused outright
    XmlSchemaViolation = 3003,  ///< not valid against schemas/protokoll.xsd
    XmlTooDeep = 3004,
    XmlTooManyNodes = 3005,
    XmlInconsistent = 3006,     ///< schema-valid, but facts contradict each other
    XmlSchemaUnavailable = 3007,///< the bundled XSD could not be loaded
    XmlCanonicalizationFailed = 3008,
    // 4xxx: PDF
    PdfMalformed = 4001,        ///< not a PDF justera can read
    PdfNoEmbeddedXml = 4002,    ///< no protocol XML embedded as an associated file
    PdfFingerprintMismatch = 4003, ///< the XMP fingerprint is not the embedded XML's
    PdfEncrypted = 4004,        ///< a PDF that needs a password to be read
    PdfTextUnreadable = 4005,   ///< poppler could not read the text of a PDF made elsewhere (or crashed, or took too long)
    PdfOverLimit = 4006,        ///< a PDF over one of the Limits (objects, revisions, nesting, streams, signatures, CMS size, chain)
    // 5xxx: signing
    SignKeyUnreadable = 5001,   ///< the key or certificate file cannot be read
    SignWrongPassword = 5002,   ///< the password does not open the key
    SignKeyMismatch = 5003,     ///< the key does not belong to the certificate
    SignNameMismatch = 5004,    ///< the certificate names nobody the protocol names for that role
    SignFieldSigned = 5005,     ///< the field is signed already
    SignFieldMissing = 5006,    ///< no such signature field in the PDF
    SignTimestampFailed = 5007, ///< the time-stamping authority did not answer with a valid token
    SignExistingInvalid = 5008, ///< an earlier signature does not verify: the document was changed
    SignCertificateExpired = 5009,   ///< the signer's certificate is not valid now
    SignCertificateRevoked = 5010,   ///< a certificate of the chain is revoked
    SignRevocationUnavailable = 5011, ///< no OCSP response or CRL could be had for a certificate
    SignRevocationDataInvalid = 5012, ///< a --crl/--ocsp/--ca-certs file is not what it claims
    SignNotLast = 5013,              ///< --certify by someone who is not the last signer
    SignSignatureInvalid = 5014,     ///< a signature made elsewhere does not verify against what was to be signed
    SignAttributesChanged = 5015,    ///< a service changed the signed attributes beyond adding its certificate
    SignStateStale = 5016,           ///< the PDF changed since the signature was prepared
    SignStateUsed = 5017,            ///< the prepared signature was completed already
    SignStateInvalid = 5018,         ///< not a prepared-signature state file, or damaged
    SignServiceResponseInvalid = 5019,  ///< a signature service's response is not its own, not for this request, too old or incomplete
    SignServiceUnsuccessful = 5020,     ///< the signature service answered without a signature (cancelled, authentication failed, expired)
    SignServiceSignerMismatch = 5021,   ///< the person the service authenticated is not the one asked for
    SignFieldRole = 5022,               ///< --field names a field of another role than the signer claims
    SignSignerTwice = 5023,             ///< the signer's certificate (or person) has signed another field already
    // 6xxx: the municipal-law rules
    NoticeRefused = 6001,       ///< anslag: the notice would be wrong to publish (not justerat, posted too early, taken down too early)
    // 7xxx: environment
    OutputUnwritable = 7001,    ///< could not write or rename the output file
    Usage = 7002,               ///< bad command-line use
    HelperMissing = 7003,       ///< a helper program justera runs (justera-pdftext) is not installed
    // 9xxx
    Internal = 9001,
};

/// Stable symbolic name, e.g. "input-not-utf8".
std::string_view to_string(Errc code) noexcept;
/// What the code means, in a few words: "filen kan inte läsas" / "the file
/// cannot be read". The error's own message says what was found.
std::string_view describe(Errc code, Language language) noexcept;

/// Process exit code for an error code (docs/cli.md): 3 input rejected,
/// 1 invalid document, 4 usage, 5 I/O or environment, 70 internal.
int exit_code_for(Errc code) noexcept;
/// A bound of core::Limits reached (docs/limits.md): the input is refused
/// whole, not judged in parts (exit status 3, like other refusals).
bool is_limit(Errc code) noexcept;

/// Where a problem was found. Lines and columns are 1-based; columns count
/// Unicode code points.
struct Where {
    Where() = default;
    Where(std::string file_, std::optional<std::uint32_t> line_ = std::nullopt,  // NOLINT: implicit by design
          std::optional<std::uint32_t> column_ = std::nullopt, std::string object_ = {})
        : file(std::move(file_)), line(line_), column(column_), object(std::move(object_)) {}
    std::string file;
    std::optional<std::uint32_t> line;
    std::optional<std::uint32_t> column;
    std::string object;  ///< XPath or PDF object, when there is one

    /// "file:line:column" with the parts that are known.
    [[nodiscard]] std::string to_string() const;
};

class Error final : public std::runtime_error {
public:
    /// `message` in English; `message_sv` the same in Swedish where the
    /// thrower wrote one (shown under --lang sv).
    Error(Errc code, const std::string& message, Where where = {}, std::string message_sv = {});
    [[nodiscard]] Errc code() const noexcept { return m_code; }
    [[nodiscard]] const Where& where() const noexcept { return m_where; }
    [[nodiscard]] const std::string& message() const noexcept { return m_message; }
    /// The message in Swedish when asked for and written, else in English.
    [[nodiscard]] const std::string& said(bool swedish) const noexcept { return swedish && !m_message_sv.empty() ? m_message_sv : m_message; }

private:
    Errc m_code;
    std::string m_message;
    Where m_where;
    std::string m_message_sv;
};

}  // namespace justera::core
