// SPDX-License-Identifier: GPL-3.0-or-later
// The entry of the module justera-pdf.so (backend.hpp): the table of the
// PoDoFo-based functions compiled into it.

#include "backend.hpp"

extern "C" __attribute__((visibility("default"))) const justera::pdf::backend::Table* justera_pdf_backend() {
    using namespace justera::pdf;
    static const backend::Table table{backend::this_build(), &render,  &render_notice, &sign_field,
                                      &signature_fields,     &add_dss, &pdfa_check,    &render_outline};
    return &table;
}
