// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// `justera serve`: the verification page and its JSON endpoint over HTTP
/// (cpp-httplib), the verifying done by a WorkerPool. docs/serve.md.

#include <cstddef>
#include <string>

#include "justera/serve/signing.hpp"
#include "justera/workers/pool.hpp"

namespace justera::serve {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8080;                           ///< 0: any free port (printed)
    std::size_t max_upload = 50U * 1024U * 1024U;
    unsigned threads = 32;                     ///< connections served at once; half of them may be receiving uploads
    bool english = false;                      ///< the page's first language when the browser does not say
    std::vector<std::string> trust_roots;      ///< the trusted roots' subjects, shown on the page
    std::string version;
    workers::PoolOptions pool;
    SigningDesk* signing = nullptr;            ///< the signing page (--signing), or none
};

/// Serves until SIGINT or SIGTERM; prints "listening on http://HOST:PORT/"
/// on standard output once it accepts connections. Returns the exit code.
int run(const ServerOptions& options);

/// The same error as the worker's JSON {"error": {...}}, in both languages,
/// and the HTTP status to answer it with.
struct Refusal {
    int status = 422;
    std::string code;
    std::string sv;
    std::string en;
};
Refusal refusal_of(const std::string& code, const std::string& message);

}  // namespace justera::serve
