// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The messages of a Sweden Connect central signature service (DIGG's
/// technical framework: "DSS Extension for Federated Signing Services" 1.1
/// and "Implementation Profile for using OASIS DSS in Central Signing
/// Services"): the XML-signed `dss:SignRequest` that asks the service to have
/// a person sign the bytes `justera sign prepare` made, and the reading of
/// its `dss:SignResponse`, whose XML signature is checked against the
/// service's certificate before anything in it is used. The XML signatures
/// are made and checked with xmlsec1; this part lives in the module
/// justera-signservice.so (backend.hpp), so only the commands that talk to a
/// service load it. docs/signing.md, "Signing through a signature service".

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace justera::signservice {

/// SAML attribute names (urn:oid:...) the requests and responses use.
inline constexpr const char* k_attr_personnummer = "urn:oid:1.2.752.29.4.13";
inline constexpr const char* k_attr_given_name = "urn:oid:2.5.4.42";
inline constexpr const char* k_attr_surname = "urn:oid:2.5.4.4";
inline constexpr const char* k_attr_display_name = "urn:oid:2.16.840.1.113730.3.1.241";

struct RequestInput {
    std::string request_id;         ///< random, at least 128 bits, as hex
    std::int64_t now = 0;           ///< RequestTime (Unix seconds, written as UTC)
    std::int64_t valid_for = 300;   ///< seconds: Conditions NotOnOrAfter = now + this
    std::string audience;           ///< where the response is posted back (Conditions/Audience)
    std::string requester;          ///< the requesting service's entityID
    std::string service;            ///< the signature service's entityID
    std::string identity_provider;  ///< the signer's IdP's entityID
    std::string authn_context;      ///< the level of assurance asked for (a LoA URI)
    std::string personnummer;       ///< who must sign (Signer, and the certificate's serialNumber)
    std::string sign_message;       ///< UTF-8 text the service shows before the signer signs
    std::string task_id;            ///< SignTaskId
    std::string to_be_signed;       ///< DER of the CMS signed attributes (sign prepare)
    std::string key_pem;            ///< the requesting service's private key (PEM, maybe encrypted)
    std::string key_password;       ///< never from argv: docs/signing.md
    std::string cert_pem;           ///< its certificate, PEM
    /// The signature algorithm asked of the service for the signer's key:
    /// "rsa-sha256" or "ecdsa-sha256".
    std::string signature_algorithm = "rsa-sha256";
};

struct Request {
    std::string xml;  ///< the signed dss:SignRequest
};

/// Builds and XML-signs the request. Throws core::Error (SignKeyUnreadable,
/// SignWrongPassword, Internal).
Request make_request(const RequestInput& in);

/// What the response is checked against, from the request that was sent.
struct Expectation {
    std::string request_id;
    std::string task_id;
    std::vector<std::string> service_certs_der;  ///< the service's signing certificates (one, or two during a rollover)
    std::int64_t now = 0;
    std::int64_t max_age = 300;  ///< seconds a response may be old, the clock skew included
};

struct Response {
    bool success = false;
    std::string major;    ///< ResultMajor URI
    std::string minor;    ///< ResultMinor URI, may be empty
    std::string message;  ///< ResultMessage, may be empty
    std::string status;   ///< "success", or the minor's last part ("user-cancel", "authn-failed", "req-expired", ...), or "error"
    std::int64_t response_time = 0;
    std::vector<std::pair<std::string, std::string>> attributes;  ///< the signer's asserted SAML attributes (name, value)
    std::string identity_provider;   ///< who authenticated the signer
    std::string authn_context;       ///< at which level
    std::string to_be_signed;        ///< the attributes as the service signed them
    std::string signature;           ///< the raw signature value
    std::string signature_algorithm; ///< Base64Signature's Type
    std::vector<std::string> chain_der;  ///< the signer's certificate first
};

/// Reads a SignResponse (its XML, or the base64 the POST binding carries).
/// Throws core::Error SignServiceResponseInvalid (not a SignResponse, its XML
/// signature not the service's, another request's, too old, parts missing)
/// before anything in it is trusted; an unsuccessful answer is returned with
/// `success` false.
Response read_response(std::string_view response, const Expectation& expected);

}  // namespace justera::signservice
