// SPDX-License-Identifier: GPL-3.0-or-later
// The entry of the module justera-serve.so (backend.hpp).

#include "backend.hpp"

extern "C" __attribute__((visibility("default"))) const justera::serve::backend::Table* justera_serve_backend() {
    static const justera::serve::backend::Table table{justera::serve::backend::this_build(), &justera::serve::run};
    return &table;
}
