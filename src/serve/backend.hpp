// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The web server (cpp-httplib, whose library initialises OpenSSL's TLS and
// brings the brotli libraries as soon as it is loaded, about 3 ms) is a
// module, justera-serve.so, that only `justera serve` loads
// (core/module.hpp). Its verifying is done by worker processes of the
// justera executable itself (`justera serve-worker`), so the module holds
// only the HTTP side: the server, the pages and the worker pool.

#include "justera/core/module.hpp"
#include "justera/serve/server.hpp"

namespace justera::serve::backend {

struct Table {
    core::ModuleStamp stamp;  ///< this_build() of the build that made the module
    int (*run)(const ServerOptions&);
};

inline core::ModuleStamp this_build() {
    return core::ModuleStamp{JUSTERA_VERSION, {sizeof(Table), sizeof(ServerOptions), sizeof(workers::PoolOptions), 0, 0, 0, 0, 0, 0, 0}};
}

inline constexpr const char* k_entry = "justera_serve_backend";
/// The module's file name, beside the justera executable or in its libexec directory.
inline constexpr const char* k_file_name = "justera-serve.so";

}  // namespace justera::serve::backend

extern "C" const justera::serve::backend::Table* justera_serve_backend();
