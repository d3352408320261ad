// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Signing a protocol PDF and adding a document timestamp, as whole steps:
/// every earlier signature checked first, the field chosen from the
/// protocol's names, the placeholder sized from a real signature, the
/// validation data added (PAdES B-LT/B-LTA). The command line only reads its
/// options and files and calls these (cli/cmd_sign.cpp, cmd_timestamp.cpp).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "justera/core/limits.hpp"
#include "justera/model/protocol.hpp"
#include "justera/pdf/signatures.hpp"
#include "justera/sign/sign.hpp"

namespace justera::signing {

/// One line of progress for the user ("OCSP for 'Jan Oskar Jönsson': good
/// (http://...)"); a line starting "warning: " is a warning.
using Log = std::function<void(const std::string&)>;

/// Where validation data comes from (--ltv, --crl, --ocsp, --ca-certs, --no-fetch).
struct ValidationDataOptions {
    bool ltv = false;
    std::vector<std::string> crl_files;
    std::vector<std::string> ocsp_files;
    std::vector<std::string> ca_files;
    bool fetch = true;
    bool swedish = false;  ///< the progress lines (OCSP, CRL) in Swedish, times in Swedish time
};

/// Refuses (SignExistingInvalid, naming the field) a document in which an
/// earlier signature or document timestamp (pdf::existing_signatures) no
/// longer matches its bytes, or breaks the ByteRange rule verification
/// judges by.
void require_intact(const std::vector<pdf::ExistingSignature>& signatures, const std::string& file);

/// Refuses (SignFieldRole) a field of the protocol that is not for `role`:
/// a justerare field for a justerare or the ordförande, the sekreterare's for
/// the sekreterare. A field the protocol does not name is left to the PDF.
void require_field_role(const model::Protocol& protocol, const std::string& field, sign::Role role);

/// Refuses (SignSignerTwice, naming the field) a signer whose certificate, or
/// whose person (the same subject serialNumber from the same issuer), has
/// signed another field of the PDF than `field` already: one person, one
/// signature. (Their own field signed already is SignFieldSigned, later.)
void require_new_signer(const std::vector<pdf::ExistingSignature>& signatures, const std::string& cert_der, const std::string& field,
                        const std::string& file);

/// `pdf` with a DSS holding the validation data of `signatures` (each a CMS
/// or a timestamp token). With `refuse_revoked`, a revoked certificate stops
/// everything (signing now); otherwise the answer is kept as evidence and
/// logged as a warning (preserving signatures made earlier).
std::string add_validation_data(const std::string& pdf, const std::string& file, const std::vector<std::string>& signatures,
                                const ValidationDataOptions& options, bool refuse_revoked, const Log& log);

/// Whether the PDF has an ordförande's signature field (a profile asked for
/// that line): then the ordförande signs there, not in a justerare field.
bool has_chair_line(const std::vector<std::pair<std::string, bool>>& present);

/// The name `field` has in a PDF: a PDF rendered before field names lost
/// their periods (ISO 32000-1 12.7.3.2) calls justera_justerare_1
/// justera.sig.justerare.1. `present` is pdf::signature_fields.
std::string field_as_the_pdf_names_it(std::string field, const std::vector<std::pair<std::string, bool>>& present);

/// --certify: only the sekreterare, and only when every other field is
/// signed. Throws SignNotLast.
void require_last_signer(sign::Role role, const std::string& field, const std::vector<std::pair<std::string, bool>>& present,
                         const std::string& file);

/// "justerare", "ordförande", "sekreterare": the role as a signature claims it.
std::string claimed_role_of(sign::Role role);

/// The lines a printed copy shows in a signed field.
std::vector<std::string> appearance_of(const std::string& name, const std::string& claimed, bool timestamped, std::int64_t epoch);

struct SignRequest {
    std::string_view pdf;             ///< a PDF rendered by justera (never changed)
    std::string file;                 ///< its name, for messages
    std::string output;               ///< the name the result will have, for messages
    const model::Protocol* protocol;  ///< the protocol the PDF carries
    sign::KeySource key;
    std::string role;                 ///< "justerare", "sekreterare", "ordförande" ("ordforande")
    std::string field;                ///< empty: the field of the protocol's name matching the certificate
    std::string tsa;                  ///< empty: no signature timestamp (B-B)
    std::string digest = "sha256";
    std::string reason;
    std::string location;
    bool certify = false;             ///< the sekreterare, signing last, locks the document
    ValidationDataOptions validation;
    std::int64_t epoch = 0;           ///< the signing time written (/M and the appearance)
    core::Limits limits;
};

struct SignResult {
    std::string pdf;
    std::string field;
    std::string signer;        ///< "Jan Oskar Jönsson", as the certificate names the holder
    std::string claimed_role;  ///< as written into the signature
};

/// Signs one field as an incremental update. Throws core::Error: the
/// existing signatures' (SignExistingInvalid), the key's and certificate's
/// (SignKeyUnreadable, SignCertificateExpired, ...), the name's
/// (SignNameMismatch), SignNotLast (--certify before the others signed),
/// the authority's and the revocation services' errors.
SignResult sign_protocol(const SignRequest& request, const Log& log);

struct TimestampRequest {
    std::string_view pdf;  ///< a signed PDF (never changed)
    std::string file;
    std::string output;
    std::string tsa;
    std::string field;     ///< empty: justera_ts_N
    ValidationDataOptions validation;
    core::Limits limits;
};

struct TimestampResult {
    std::string pdf;
    std::string field;
};

/// Adds a document timestamp (PAdES B-LTA with validation data first).
TimestampResult timestamp_document(const TimestampRequest& request, const Log& log);

}  // namespace justera::signing
