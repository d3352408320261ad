// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Signing: the signer's key and certificates, the CAdES signature (CMS,
/// ETSI EN 319 122-1 baseline B) and which field of the protocol it fills.

#include <cstdint>
#include <memory>
#include <string>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "justera/model/protocol.hpp"
#include "justera/pki/x509.hpp"


namespace justera::sign {

/// Where the key comes from. The password never comes from argv.
struct KeySource {
    std::string p12;        ///< PKCS#12 file, or
    std::string key_pem;    ///< PEM private key (may be encrypted) ...
    std::string cert_pem;   ///< ... with its PEM certificate
    std::string chain_pem;  ///< optional PEM intermediates
    std::string password;   ///< for the PKCS#12 file or the encrypted key; the token's PIN
    std::string pkcs11_uri;     ///< or a key on a token: RFC 7512 "pkcs11:token=...;object=..."
    std::string pkcs11_module;  ///< the token's PKCS#11 module (.so)
};

/// The signer as the certificate names them (e-ID subjects carry all given names).
using Identity = pki::CertificateNames;

class Credentials {
public:
    ~Credentials();
    Credentials(const Credentials&) = delete;
    Credentials& operator=(const Credentials&) = delete;
    [[nodiscard]] Identity identity() const;
    [[nodiscard]] std::string certificate_der() const;
    struct Impl;
    explicit Credentials(std::unique_ptr<Impl> impl);
    [[nodiscard]] const Impl& impl() const { return *m_impl; }

private:
    std::unique_ptr<Impl> m_impl;
};

/// Loads key and certificates. Throws core::Error: SignWrongPassword (exit 3,
/// "wrong password"), SignKeyUnreadable, SignKeyMismatch.
std::unique_ptr<Credentials> load_credentials(const KeySource& source);

/// A detached CAdES signature over `signed_bytes`: SHA-256 (or `digest`
/// "sha384"/"sha512"; RSA or ECDSA keys), signed attributes
/// content-type, message-digest, ESS signing-certificate-v2 and the claimed
/// role (signer-attributes-v2); no signing-time (the time is the PDF's /M);
/// the signer's chain in the certificates. Returns DER.
/// With `tsa_url`, an RFC 3161 signature timestamp over the signature value is
/// added as an unsigned attribute (PAdES B-T); throws SignTimestampFailed.
std::string cms_sign(const Credentials& credentials, std::string_view signed_bytes, std::string_view claimed_role,
                     const std::string& tsa_url = {}, std::string_view digest = "sha256");

/// The digest of `data` with "sha256", "sha384" or "sha512" (raw bytes).
std::string digest(std::string_view data, std::string_view algorithm);

/// The signed attributes of a CAdES signature (what the signer's key signs:
/// the DER of the SET OF Attribute): content-type data, message-digest
/// `content_digest` (the digest of the signed bytes), the claimed role
/// (signer-attributes-v2) when given, and ESS signing-certificate-v2 over
/// `cert_der` when the certificate is known. `digest` is "sha256", "sha384"
/// or "sha512".
std::string signed_attributes(std::string_view content_digest, std::string_view digest, std::string_view claimed_role,
                              std::string_view cert_der);

/// The parts of a CAdES signature made elsewhere: the signer's key signed
/// `attributes` (signed_attributes, or a service's copy of them) and
/// answered `signature`.
struct CmsParts {
    std::string cert_der;                 ///< the signer's certificate
    std::vector<std::string> chain_der;   ///< intermediates to include
    std::string digest = "sha256";
    std::string attributes;               ///< DER SET OF Attribute, as signed
    std::string signature;                ///< RSA PKCS#1 v1.5, or ECDSA (DER, or r||s as XML signatures write it)
    std::string tsa_url;                  ///< empty: no signature timestamp
};

/// Checks `signature` over `attributes` with the certificate's key and
/// builds the CMS SignedData (detached). Throws core::Error:
/// SignSignatureInvalid (the signature does not verify, or the attributes
/// are not a DER SET OF Attribute), SignKeyUnreadable (not a certificate),
/// SignTimestampFailed.
std::string assemble_cms(const CmsParts& parts);

/// What signed attributes say: the message digest, the content type, every
/// attribute's type and DER (in DER order), and whether an ESS
/// signing-certificate(-v2) attribute names `cert_der` (nullopt: there is none).
struct AttributeFacts {
    std::string message_digest;
    std::string content_type_oid;
    std::vector<std::pair<std::string, std::string>> attributes;  ///< (type OID, the Attribute's DER)
    std::optional<bool> signing_certificate_matches;
};
/// Reads `attributes` (DER SET OF Attribute). Throws SignSignatureInvalid
/// when they cannot be read.
AttributeFacts attribute_facts(std::string_view attributes, std::string_view cert_der);

/// Asks `url` (http or https) for an RFC 3161 timestamp token over SHA-256 of
/// `data`; checks status, imprint and nonce; returns the token (DER).
std::string request_timestamp(const std::string& url, std::string_view data);

/// The certificates in a file's bytes: PEM (one or more) or one DER
/// certificate, each as DER; empty when there is none.
std::vector<std::string> certificates_from(std::string_view der_or_pem);

/// The names in a certificate (DER), as Credentials::identity gives them.
Identity identity_of_certificate(std::string_view cert_der);

// Whether a protocol's name is the certificate holder: model/names.hpp
// (model::PersonName{identity.given_names, identity.surname}).

enum class Role : std::uint8_t { Unknown = 0, Adjuster, Chair, Secretary };
std::optional<Role> role_from(std::string_view s) noexcept;

/// The field a signer fills: the justerare or the sekreterare whose protocol
/// name matches the certificate (model::name_matches); for the ordförande,
/// the ordförande's own field when the PDF has one (`chair_line`, pdf/fields.hpp),
/// else the justerare field the ordförande has as a justerare. Throws
/// SignNameMismatch naming both.
std::string choose_field(const model::Protocol& protocol, Role role, const Identity& who, bool chair_line = false);

}  // namespace justera::sign
