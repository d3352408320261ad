// SPDX-License-Identifier: GPL-3.0-or-later
// serve::run in the justera executable: loads justera-serve.so (backend.hpp)
// and runs the server there.

#include "backend.hpp"

#ifndef JUSTERA_LIBEXECDIR
#define JUSTERA_LIBEXECDIR "/usr/local/libexec/justera"
#endif

namespace justera::serve {

int run(const ServerOptions& options) {
    const auto* table = static_cast<const backend::Table*>(core::load_module(
        "JUSTERA_SERVE_MODULE", backend::k_file_name, JUSTERA_LIBEXECDIR, backend::k_entry, backend::this_build(), "the verification page", "sidan som kontrollerar underskrifter"));
    return table->run(options);
}

}  // namespace justera::serve
