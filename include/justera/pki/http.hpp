// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The one HTTP exchange signing and verification need (RFC 3161 timestamps, OCSP, CRLs):
/// http or https only, bounded in size and time, OpenSSL's HTTP client
/// underneath (it honours http_proxy/https_proxy/no_proxy as usual; https
/// checks the server against the system's CA store and its host name).

#include <string>

namespace justera::pki {

struct HttpResult {
    bool ok = false;      ///< transport succeeded and the status is 200
    long status = 0;
    std::string body;
    std::string error;    ///< "Couldn't connect to server", "HTTP 404", "answer larger than 16 MiB"
};

/// GET when `content_type` is empty, otherwise POST `body` with that type.
HttpResult http_exchange(const std::string& url, const std::string& content_type, const std::string& body,
                         std::size_t max_bytes, long timeout_seconds);

}  // namespace justera::pki
