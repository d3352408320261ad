// SPDX-License-Identifier: GPL-3.0-or-later
// The entry of the module justera-signservice.so (backend.hpp).

#include "backend.hpp"

extern "C" __attribute__((visibility("default"))) const justera::signservice::backend::Table* justera_signservice_backend() {
    static const justera::signservice::backend::Table table{justera::signservice::backend::this_build(), &justera::signservice::make_request,
                                                            &justera::signservice::read_response};
    return &table;
}
