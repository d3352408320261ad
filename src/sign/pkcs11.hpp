// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A private key on a hardware token (smart card e-ID such as SITHS, or a
// SoftHSM2 token in the tests), through PKCS#11 with libp11's OpenSSL engine.

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <string>

namespace justera::sign::detail {

struct TokenKey {
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;       ///< from the token, or null when it holds none
    void* engine = nullptr;     ///< kept alive as long as the key
};

/// Opens the token key named by the RFC 7512 URI with `module` and `pin`.
/// Throws core::Error: Usage (no module), SignKeyUnreadable (engine or
/// module missing, token or object not found, naming the URI),
/// SignWrongPassword (the PIN is wrong).
TokenKey load_token_key(const std::string& uri, const std::string& module, const std::string& pin);

/// Releases the engine after the key that uses it has been freed.
void release_engine(void* engine) noexcept;

}  // namespace justera::sign::detail
