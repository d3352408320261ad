// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/core/error.hpp"

#include <array>
#include <utility>

namespace justera::core {

namespace {
/// Each code: its stable name, and what it means in Swedish and English
/// (the one catalogue of error meanings, docs/cli.md).
struct Entry {
    Errc code;
    std::string_view name;
    std::string_view sv;
    std::string_view en;
};
constexpr std::array k_names{
    Entry{Errc::Unknown, "unknown", "okänt fel", "unknown error"},
    Entry{Errc::InputUnreadable, "input-unreadable", "filen kan inte läsas", "the file cannot be read"},
    Entry{Errc::InputTooLarge, "input-too-large", "filen är större än gränsen", "the file is over the size limit"},
    Entry{Errc::InputNotUtf8, "input-not-utf8", "texten är inte UTF-8", "the text is not UTF-8"},
    Entry{Errc::InputBinary, "input-binary", "filen är ingen text", "the file is not text"},
    Entry{Errc::InputEmpty, "input-empty", "filen är tom", "the file is empty"},
    Entry{Errc::InputLineTooLong, "input-line-too-long", "en rad är längre än gränsen", "a line is over the limit"},
    Entry{Errc::InputTooManyLines, "input-too-many-lines", "texten har fler rader än gränsen", "the text has more lines than the limit"},
    Entry{Errc::InputDocxMalformed, "input-docx-malformed", "Word-filen är skadad", "the Word file is damaged"},
    Entry{Errc::InputDocxEncrypted, "input-docx-encrypted", "Word-filen är lösenordsskyddad", "the Word file is protected by a password"},
    Entry{Errc::InputDocLegacy, "input-doc-legacy", "en gammal Word-fil (.doc): spara den som .docx", "an old Word file (.doc): save it as .docx"},
    Entry{Errc::InputZipNotDocx, "input-zip-not-docx", "zip-filen är ingen Word-fil", "the zip file is not a Word file"},
    Entry{Errc::InputDocxOverLimit, "input-docx-over-limit", "Word-filen är större än gränserna (packad eller uppackad)", "the Word file is over the limits (packed or unpacked)"},
    Entry{Errc::IngestNoParagraphs, "ingest-no-paragraphs", "inga paragrafer hittades", "no paragraphs were found"},
    Entry{Errc::IngestTooManyParagraphs, "ingest-too-many-paragraphs", "fler paragrafer än gränsen", "more paragraphs than the limit"},
    Entry{Errc::IngestStrictWarning, "ingest-strict-warning", "en varning med --strict", "a warning under --strict"},
    Entry{Errc::XmlMalformed, "xml-malformed", "XML-filen är felaktigt uppbyggd", "the XML is not well-formed"},
    Entry{Errc::XmlDoctypeForbidden, "xml-doctype-forbidden", "XML med DOCTYPE eller entiteter tas inte emot", "XML with a DOCTYPE or entities is refused"},
    Entry{Errc::XmlSchemaViolation, "xml-schema-violation", "XML-filen följer inte schemat", "the XML does not follow the schema"},
    Entry{Errc::XmlTooDeep, "xml-too-deep", "XML-filen är djupare än gränsen", "the XML is nested deeper than the limit"},
    Entry{Errc::XmlTooManyNodes, "xml-too-many-nodes", "XML-filen har fler noder än gränsen", "the XML has more nodes than the limit"},
    Entry{Errc::XmlInconsistent, "xml-inconsistent", "protokollets uppgifter motsäger varandra", "the protocol's facts contradict each other"},
    Entry{Errc::XmlSchemaUnavailable, "xml-schema-unavailable", "schemat kunde inte läsas", "the schema could not be loaded"},
    Entry{Errc::XmlCanonicalizationFailed, "xml-canonicalization-failed", "XML-filen kunde inte göras kanonisk", "the XML could not be canonicalized"},
    Entry{Errc::PdfMalformed, "pdf-malformed", "PDF-filen kan inte läsas", "the PDF cannot be read"},
    Entry{Errc::PdfNoEmbeddedXml, "pdf-no-embedded-xml", "PDF-filen bär ingen protokoll-XML", "the PDF carries no protocol XML"},
    Entry{Errc::PdfFingerprintMismatch, "pdf-fingerprint-mismatch", "fingeravtrycket i PDF-filen stämmer inte med dess XML", "the PDF's fingerprint does not match its XML"},
    Entry{Errc::PdfEncrypted, "pdf-encrypted", "PDF-filen är lösenordsskyddad", "the PDF is protected by a password"},
    Entry{Errc::PdfTextUnreadable, "pdf-text-unreadable", "texten i PDF-filen kunde inte läsas", "the PDF's text could not be read"},
    Entry{Errc::PdfOverLimit, "pdf-over-limit", "PDF-filen är större eller mer sammansatt än gränserna", "the PDF is over one of the limits"},
    Entry{Errc::SignKeyUnreadable, "sign-key-unreadable", "nyckeln eller certifikatet kan inte läsas", "the key or certificate cannot be read"},
    Entry{Errc::SignWrongPassword, "sign-wrong-password", "fel lösenord för nyckeln", "wrong password for the key"},
    Entry{Errc::SignKeyMismatch, "sign-key-mismatch", "nyckeln hör inte till certifikatet", "the key does not belong to the certificate"},
    Entry{Errc::SignNameMismatch, "sign-name-mismatch", "certifikatets namn finns inte i protokollet för den rollen", "the certificate's name is not in the protocol for that role"},
    Entry{Errc::SignFieldSigned, "sign-field-signed", "fältet är redan underskrivet", "the field is signed already"},
    Entry{Errc::SignFieldMissing, "sign-field-missing", "det finns inget sådant underskriftsfält", "there is no such signature field"},
    Entry{Errc::SignTimestampFailed, "sign-timestamp-failed", "tidsstämpeln kunde inte hämtas", "the timestamp could not be had"},
    Entry{Errc::SignExistingInvalid, "sign-existing-invalid", "en tidigare underskrift håller inte: dokumentet har ändrats", "an earlier signature does not hold: the document was changed"},
    Entry{Errc::SignCertificateExpired, "sign-certificate-expired", "certifikatet gäller inte nu", "the certificate is not valid now"},
    Entry{Errc::SignCertificateRevoked, "sign-certificate-revoked", "ett certifikat i kedjan är spärrat", "a certificate of the chain is revoked"},
    Entry{Errc::SignRevocationUnavailable, "sign-revocation-unavailable", "spärrstatus kunde inte hämtas", "no revocation status could be had"},
    Entry{Errc::SignRevocationDataInvalid, "sign-revocation-data-invalid", "spärrdata eller CA-certifikat är inte vad de ska vara", "revocation data or CA certificates are not what they claim"},
    Entry{Errc::SignNotLast, "sign-not-last", "bara den sista undertecknaren kan certifiera", "only the last signer can certify"},
    Entry{Errc::SignSignatureInvalid, "sign-signature-invalid", "underskriften stämmer inte med det som skulle skrivas under", "the signature does not match what was to be signed"},
    Entry{Errc::SignAttributesChanged, "sign-attributes-changed", "underskriftstjänsten ändrade de signerade attributen", "the signature service changed the signed attributes"},
    Entry{Errc::SignStateStale, "sign-state-stale", "PDF-filen har ändrats sedan underskriften förbereddes", "the PDF changed since the signature was prepared"},
    Entry{Errc::SignStateUsed, "sign-state-used", "den förberedda underskriften är redan gjord", "the prepared signature was completed already"},
    Entry{Errc::SignStateInvalid, "sign-state-invalid", "filen är ingen förberedd underskrift, eller är skadad", "not a prepared signature, or damaged"},
    Entry{Errc::SignServiceResponseInvalid, "sign-service-response-invalid", "svaret från underskriftstjänsten kan inte godtas", "the signature service's answer cannot be accepted"},
    Entry{Errc::SignServiceUnsuccessful, "sign-service-unsuccessful", "underskriftstjänsten svarade utan underskrift", "the signature service answered without a signature"},
    Entry{Errc::SignServiceSignerMismatch, "sign-service-signer-mismatch", "underskriftstjänsten legitimerade en annan person", "the signature service authenticated another person"},
    Entry{Errc::SignFieldRole, "sign-field-role", "fältet hör till en annan roll", "the field belongs to another role"},
    Entry{Errc::SignSignerTwice, "sign-signer-twice", "samma person har redan skrivit under ett annat fält", "the same person has signed another field already"},
    Entry{Errc::NoticeRefused, "notice-refused", "anslaget vore fel att sätta upp", "the notice would be wrong to put up"},
    Entry{Errc::OutputUnwritable, "output-unwritable", "utfilen kan inte skrivas", "the output cannot be written"},
    Entry{Errc::HelperMissing, "helper-missing", "ett hjälpprogram saknas", "a helper program is missing"},
    Entry{Errc::Usage, "usage", "fel i kommandoraden", "wrong use of the command"},
    Entry{Errc::Internal, "internal", "internt fel", "internal error"},
};
}  // namespace

std::string_view describe(Errc code, Language language) noexcept {
    for (const auto& e : k_names) {
        if (e.code == code) return language == Language::Swedish ? e.sv : e.en;
    }
    return language == Language::Swedish ? "okänt fel" : "unknown error";
}

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

Error::Error(Errc code, const std::string& message, Where where, std::string message_sv)
    : std::runtime_error(message), m_code(code), m_message(message), m_where(std::move(where)), m_message_sv(std::move(message_sv)) {}

}  // namespace justera::core
