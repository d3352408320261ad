// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/core/error.hpp"

#include <array>
#include <utility>

namespace justera::core {

namespace {
struct Entry {
    Errc code;
    std::string_view name;
};
constexpr std::array k_names{
    Entry{Errc::Unknown, "unknown"},
    Entry{Errc::InputUnreadable, "input-unreadable"},
    Entry{Errc::InputTooLarge, "input-too-large"},
    Entry{Errc::InputNotUtf8, "input-not-utf8"},
    Entry{Errc::InputBinary, "input-binary"},
    Entry{Errc::InputEmpty, "input-empty"},
    Entry{Errc::InputLineTooLong, "input-line-too-long"},
    Entry{Errc::InputTooManyLines, "input-too-many-lines"},
    Entry{Errc::InputDocxMalformed, "input-docx-malformed"},
    Entry{Errc::InputDocxEncrypted, "input-docx-encrypted"},
    Entry{Errc::InputDocLegacy, "input-doc-legacy"},
    Entry{Errc::InputZipNotDocx, "input-zip-not-docx"},
    Entry{Errc::InputDocxOverLimit, "input-docx-over-limit"},
    Entry{Errc::IngestNoParagraphs, "ingest-no-paragraphs"},
    Entry{Errc::IngestTooManyParagraphs, "ingest-too-many-paragraphs"},
    Entry{Errc::IngestStrictWarning, "ingest-strict-warning"},
    Entry{Errc::XmlMalformed, "xml-malformed"},
    Entry{Errc::XmlDoctypeForbidden, "xml-doctype-forbidden"},
    Entry{Errc::XmlSchemaViolation, "xml-schema-violation"},
    Entry{Errc::XmlTooDeep, "xml-too-deep"},
    Entry{Errc::XmlTooManyNodes, "xml-too-many-nodes"},
    Entry{Errc::XmlInconsistent, "xml-inconsistent"},
    Entry{Errc::XmlSchemaUnavailable, "xml-schema-unavailable"},
    Entry{Errc::XmlCanonicalizationFailed, "xml-canonicalization-failed"},
    Entry{Errc::PdfMalformed, "pdf-malformed"},
    Entry{Errc::PdfNoEmbeddedXml, "pdf-no-embedded-xml"},
    Entry{Errc::PdfFingerprintMismatch, "pdf-fingerprint-mismatch"},
    Entry{Errc::PdfEncrypted, "pdf-encrypted"},
    Entry{Errc::PdfTextUnreadable, "pdf-text-unreadable"},
    Entry{Errc::PdfOverLimit, "pdf-over-limit"},
    Entry{Errc::SignKeyUnreadable, "sign-key-unreadable"},
    Entry{Errc::SignWrongPassword, "sign-wrong-password"},
    Entry{Errc::SignKeyMismatch, "sign-key-mismatch"},
    Entry{Errc::SignNameMismatch, "sign-name-mismatch"},
    Entry{Errc::SignFieldSigned, "sign-field-signed"},
    Entry{Errc::SignFieldMissing, "sign-field-missing"},
    Entry{Errc::SignTimestampFailed, "sign-timestamp-failed"},
    Entry{Errc::SignExistingInvalid, "sign-existing-invalid"},
    Entry{Errc::SignCertificateExpired, "sign-certificate-expired"},
    Entry{Errc::SignCertificateRevoked, "sign-certificate-revoked"},
    Entry{Errc::SignRevocationUnavailable, "sign-revocation-unavailable"},
    Entry{Errc::SignRevocationDataInvalid, "sign-revocation-data-invalid"},
    Entry{Errc::SignNotLast, "sign-not-last"},
    Entry{Errc::SignSignatureInvalid, "sign-signature-invalid"},
    Entry{Errc::SignAttributesChanged, "sign-attributes-changed"},
    Entry{Errc::SignStateStale, "sign-state-stale"},
    Entry{Errc::SignStateUsed, "sign-state-used"},
    Entry{Errc::SignStateInvalid, "sign-state-invalid"},
    Entry{Errc::SignServiceResponseInvalid, "sign-service-response-invalid"},
    Entry{Errc::SignServiceUnsuccessful, "sign-service-unsuccessful"},
    Entry{Errc::SignServiceSignerMismatch, "sign-service-signer-mismatch"},
    Entry{Errc::SignFieldRole, "sign-field-role"},
    Entry{Errc::SignSignerTwice, "sign-signer-twice"},
    Entry{Errc::NoticeRefused, "notice-refused"},
    Entry{Errc::OutputUnwritable, "output-unwritable"},
    Entry{Errc::HelperMissing, "helper-missing"},
    Entry{Errc::Usage, "usage"},
    Entry{Errc::Internal, "internal"},
};
}  // namespace

std::string_view to_string(Errc code) noexcept {
    for (const auto& e : k_names) {
        if (e.code == code) return e.name;
    }
    return "unknown";
}

int exit_code_for(Errc code) noexcept {
    const auto v = static_cast<unsigned>(code);
    if (code == Errc::XmlSchemaViolation || code == Errc::XmlInconsistent || code == Errc::PdfFingerprintMismatch ||
        code == Errc::IngestStrictWarning || code == Errc::NoticeRefused || code == Errc::SignServiceUnsuccessful) {
        return 1;
    }
    if (code == Errc::PdfMalformed || code == Errc::PdfNoEmbeddedXml || code == Errc::PdfEncrypted || code == Errc::PdfTextUnreadable ||
        code == Errc::PdfOverLimit) {
        return 3;
    }
    if (code == Errc::SignKeyUnreadable || code == Errc::SignTimestampFailed || code == Errc::SignRevocationUnavailable) return 5;
    if (v >= 5000 && v < 6000) return 3;
    if (code == Errc::InputUnreadable || code == Errc::OutputUnwritable || code == Errc::HelperMissing ||
        code == Errc::XmlSchemaUnavailable) {
        return 5;
    }
    if (code == Errc::Usage) return 4;
    if (code == Errc::XmlCanonicalizationFailed) return 70;
    if (v >= 1000 && v < 4000) return 3;
    return 70;
}

bool is_limit(Errc code) noexcept {
    switch (code) {
        case Errc::InputTooLarge:
        case Errc::InputLineTooLong:
        case Errc::InputTooManyLines:
        case Errc::InputDocxOverLimit:
        case Errc::IngestTooManyParagraphs:
        case Errc::XmlTooDeep:
        case Errc::XmlTooManyNodes:
        case Errc::PdfOverLimit: return true;
        default: return false;
    }
}

std::string Where::to_string() const {
    std::string out = file;
    if (line) {
        out += ':' + std::to_string(*line);
        if (column) out += ':' + std::to_string(*column);
    }
    if (!object.empty()) out += (out.empty() ? "" : ": ") + object;
    return out;
}

Error::Error(Errc code, const std::string& message, Where where)
    : std::runtime_error(message), m_code(code), m_message(message), m_where(std::move(where)) {}

}  // namespace justera::core
