// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The signature service's messages (dss.hpp) are a module,
// justera-signservice.so: xmlsec1 runs on the shared libxml2 it was built
// with, while the executable carries libxml2 statically; in a module of its
// own each has one libxml2 (core/module.hpp). Only the commands that talk to
// a signature service load it.

#include "justera/core/module.hpp"
#include "justera/signservice/dss.hpp"

namespace justera::signservice::backend {

struct Table {
    core::ModuleStamp stamp;  ///< this_build() of the build that made the module
    Request (*make_request)(const RequestInput&);
    Response (*read_response)(std::string_view, const Expectation&);
};

inline core::ModuleStamp this_build() {
    return core::ModuleStamp{JUSTERA_VERSION, {sizeof(Table), sizeof(RequestInput), sizeof(Request), sizeof(Expectation), sizeof(Response), 0, 0, 0, 0, 0}};
}

inline constexpr const char* k_entry = "justera_signservice_backend";
/// The module's file name, beside the justera executable or in its libexec directory.
inline constexpr const char* k_file_name = "justera-signservice.so";

}  // namespace justera::signservice::backend

extern "C" const justera::signservice::backend::Table* justera_signservice_backend();
