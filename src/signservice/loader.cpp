// SPDX-License-Identifier: GPL-3.0-or-later
// The signature service's messages in the justera executable: loads
// justera-signservice.so (backend.hpp) and calls through its table.

#include "backend.hpp"

#ifndef JUSTERA_LIBEXECDIR
#define JUSTERA_LIBEXECDIR "/usr/local/libexec/justera"
#endif

namespace justera::signservice {

namespace {
const backend::Table& table() {
    return *static_cast<const backend::Table*>(core::load_module("JUSTERA_SIGNSERVICE_MODULE", backend::k_file_name, JUSTERA_LIBEXECDIR, backend::k_entry,
                                                                  backend::this_build(), "signing through a signature service",
                                                                  "underskrift genom en underskriftstjänst"));
}
}  // namespace

Request make_request(const RequestInput& in) { return table().make_request(in); }

Response read_response(std::string_view response, const Expectation& expected) { return table().read_response(response, expected); }

}  // namespace justera::signservice
