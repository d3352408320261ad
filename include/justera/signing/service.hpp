// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Signing through a Sweden Connect signature service: the deferred signing
/// of deferred.hpp, with the bytes to be signed carried in an XML-signed
/// sign request (signservice/dss.hpp) and the signature value, the signed
/// attributes and the certificate taken from the service's signed response.
/// docs/signing.md, "Signing through a signature service".

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "justera/model/protocol.hpp"
#include "justera/signing/deferred.hpp"

namespace justera::signing {

/// What a municipality registers with its signature service, and where its
/// keys are: a `NAME = VALUE` file (docs/signing.md lists the names).
struct ServiceConfig {
    std::string file;                 ///< where it was read from
    std::string service_url;          ///< the service's sign request endpoint (HTTP POST binding)
    std::string service_entity_id;
    std::vector<std::string> service_certs_der;  ///< the certificates the service signs its responses with
    std::string requester_entity_id;  ///< this service's entityID, registered with the signature service
    std::string requester_key_file;   ///< PEM private key that signs the requests
    std::string requester_cert_pem;   ///< its certificate (PEM text)
    std::string requester_password_file;  ///< the key's password (first line); empty: JUSTERA_PASSWORD or none
    std::string identity_provider;    ///< the IdP asked for when a signer names none
    std::string authn_context = "http://id.elegnamnden.se/loa/1.0/loa3";
    std::string signature_algorithm = "rsa-sha256";
    std::string response_url;         ///< where the response comes back (the command line's default)
    std::int64_t max_age = 300;       ///< seconds a request is valid and a response may be old
    // The signing page (justera serve --signing) and its cases:
    std::string cases_dir;            ///< where the signing cases are kept
    std::string public_url;           ///< the page's address as browsers reach it (empty: from the request's Host)
    std::int64_t link_days = 14;      ///< how long a case's links are valid
    std::string tsa;                  ///< a time-stamping authority for every signature (PAdES B-T)
    bool ltv = false;                 ///< and the validation data (PAdES B-LT)
    std::string secretary_key_sha256; ///< SHA-256 (hex) of the key that lets the secretary make cases on the page; empty: no such page
};

/// Reads the file: unknown names, missing names, unreadable certificates are
/// refused naming the file and line (Usage, InputUnreadable).
ServiceConfig read_service_config(const std::string& file);

/// The key's password, never from argv: the configured file, else the
/// JUSTERA_PASSWORD environment variable, else none.
std::string requester_password(const ServiceConfig& config);

/// The paragraphs as the protocol writes them ("§10, §§22-23"), else the
/// first to the last ("§§ 1–29").
std::string paragraphs_signed(const model::Protocol& protocol);

/// The text the service shows the signer before they sign: the protocol, the
/// organ, the meeting day, the paragraphs, the role, the document's digest.
std::string sign_message(const model::Protocol& protocol, std::string_view role, std::string_view pdf_sha256);

struct ServiceRequestInput {
    std::string_view state;          ///< from prepare_signature
    std::string state_file;
    const model::Protocol* protocol;
    std::string pdf_sha256;          ///< of the PDF prepared from
    const ServiceConfig* config;
    std::string personnummer;        ///< the signer's personal identity number (12 digits)
    std::string identity_provider;   ///< empty: the configuration's
    std::string audience;            ///< empty: the configuration's response URL
    std::string key_password;
    std::int64_t now = 0;
};

struct ServiceRequest {
    std::string state;       ///< the state with the request's facts: write it back
    std::string xml;         ///< the signed dss:SignRequest
    std::string request_id;
    std::string form_html;   ///< the auto-submitting XHTML form of the POST binding
};

/// Throws core::Error: SignStateInvalid, SignStateUsed, Usage (a personnummer
/// that is not 12 digits), the key's errors.
ServiceRequest request_service_signature(const ServiceRequestInput& in);

/// The POST binding's form as HTML: posts EidSignRequest, RelayState and
/// Binding to `action`, by itself when scripts run, by a button otherwise.
/// `script_src`: the script that submits it (a page whose policy forbids
/// inline scripts); empty: inline.
std::string post_binding_form(const std::string& action, const std::string& relay_state, const std::string& xml, bool response,
                              const std::string& script_src = {});

/// A service's response, checked: its XML signature is the service's, it
/// answers the request recorded in the state, it is fresh, and when it holds
/// a signature, the person authenticated is the one asked for.
struct ServiceAnswer {
    std::string status;   ///< "success", or the service's reason ("user-cancel", "authn-failed", "req-expired", ...)
    std::string reason;   ///< an English sentence for an unsuccessful answer
    std::string signature;
    std::string cert_der;
    std::vector<std::string> chain_der;
    std::string signed_attributes;
};
/// Throws core::Error: SignServiceResponseInvalid, SignServiceSignerMismatch,
/// SignStateInvalid, SignStateUsed.
ServiceAnswer read_service_answer(std::string_view state, const std::string& state_file, std::string_view response, const ServiceConfig& config,
                                  std::int64_t now);

/// Completes the signature from the service's response (its XML or the
/// base64 of the POST binding): checks the response's XML signature, that it
/// answers this state's request, that the person authenticated is the one
/// asked for, then completes as complete_signature does with the service's
/// signature value, attributes and certificates. `base.signature`,
/// `cert_der`, `chain_der` and `signed_attributes` are set here. Throws
/// core::Error: SignServiceResponseInvalid, SignServiceUnsuccessful (the
/// service's status in the message), SignServiceSignerMismatch, and what
/// complete_signature throws.
/// `now` is the clock's time (the response's age is judged by it), not the
/// document time `base.now` records.
CompleteResult complete_from_service(CompleteRequest base, std::string_view response, const ServiceConfig& config, std::int64_t now, const Log& log);

/// The request's facts kept in a state: empty `request_id` when none was made.
struct StateRequest {
    std::string request_id;
    std::string personnummer;
    std::int64_t time = 0;
    std::string identity_provider;  ///< where the signer must be authenticated
    std::string authn_context;      ///< at which level of assurance
};
StateRequest state_request(std::string_view state, const std::string& state_file);

}  // namespace justera::signing
