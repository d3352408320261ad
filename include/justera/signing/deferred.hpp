// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Deferred signing: the signature is made elsewhere, by a key justera never
/// holds (a signature service that authenticates the signer with an e-ID, a
/// card in another machine, `openssl pkeyutl`). `prepare_signature` reserves
/// the signature in an incremental update and gives the bytes to be signed
/// (the DER of the CMS signed attributes) with a state; `complete_signature`
/// takes the signature value back, checks it against those attributes and
/// the certificate's key, and embeds the CMS. docs/signing.md, "Deferred
/// signing".

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "justera/core/limits.hpp"
#include "justera/model/protocol.hpp"
#include "justera/signing/workflow.hpp"

namespace justera::signing {

struct PrepareRequest {
    std::string_view pdf;             ///< a PDF rendered by justera (never changed)
    std::string file;                 ///< its path: the state names it for the completion
    const model::Protocol* protocol;  ///< the protocol the PDF carries
    std::string role;                 ///< "justerare", "sekreterare", "ordförande" ("ordforande")
    std::string field;                ///< empty: the field of the protocol's name matching `cert_der`
    std::string cert_der;             ///< the signer's certificate when known now (empty: at completion)
    std::vector<std::string> chain_der;
    std::string digest = "sha256";
    std::string reason;
    std::string location;
    bool certify = false;
    std::int64_t epoch = 0;           ///< the signing time written (/M and the appearance)
    std::size_t reserve = 0;          ///< bytes for the CMS; 0: sized from what is known
    core::Limits limits;
};

struct PrepareResult {
    std::string state;          ///< JSON (docs/signing.md): no secret in it
    std::string to_be_signed;   ///< DER SET OF Attribute: what the signer's key signs
    std::string field;
    std::string signer;         ///< the name the field shows (the certificate's, else the protocol's)
    std::string claimed_role;
};

/// Throws core::Error as sign_protocol does for the existing signatures, the
/// certificate, the names and --certify; Usage when neither a certificate nor
/// a field says whose signature it is.
PrepareResult prepare_signature(const PrepareRequest& request);

/// The path of the PDF a state was prepared from (as given to prepare).
/// Throws SignStateInvalid naming `state_file`.
std::string state_input(std::string_view state, const std::string& state_file);

struct CompleteRequest {
    std::string_view state;
    std::string state_file;
    std::string_view pdf;             ///< the PDF the state names, read again now
    std::string pdf_file;             ///< its path, for messages
    const model::Protocol* protocol;  ///< the protocol it carries
    std::string signature;            ///< the raw signature value
    std::string cert_der;             ///< the signer's certificate, unless the state has it
    std::vector<std::string> chain_der;
    std::string signed_attributes;    ///< a service's copy of the attributes, when it added its certificate
    std::string tsa;
    ValidationDataOptions validation;
    std::string output;               ///< the name the result will have, for messages
    std::int64_t now = 0;             ///< the time the state records for the completion
    core::Limits limits;
};

struct CompleteResult {
    std::string pdf;
    std::string state;          ///< the state marked completed: write it back
    std::string field;
    std::string signer;
    std::string claimed_role;
};

/// Throws core::Error: SignStateInvalid (not a state, damaged, or a CMS
/// larger than the space prepared), SignStateUsed (completed already),
/// SignStateStale (the PDF changed since it was prepared),
/// SignSignatureInvalid, SignAttributesChanged, SignNameMismatch,
/// SignCertificateExpired, and the timestamp's and validation data's errors.
CompleteResult complete_signature(const CompleteRequest& request, const Log& log);

}  // namespace justera::signing
