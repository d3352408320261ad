// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The PDF writer (PoDoFo and the libraries it brings: fontconfig, FreeType,
// image codecs) is a module, justera-pdf.so, loaded when a command first
// writes or reads a PDF with it (render, sign, timestamp, pdfa-check,
// anslag, reading the XML out of a justera PDF). Verification, parsing and
// the rules never load it, so they start without paying for PoDoFo.
//
// The module exports one C function that returns this table of the
// functions declared in include/justera/pdf/{render,signature,pdfa_check}.hpp;
// loader.cpp defines those functions in the executable by calling through
// it. The table carries a stamp of the build, so a module from another
// build is refused instead of called with the wrong layouts.

#include <cstddef>
#include <cstring>

#include "justera/pdf/pdfa_check.hpp"
#include "justera/pdf/render.hpp"
#include "justera/pdf/signature.hpp"

namespace justera::pdf::backend {

struct Table;
/// What a module and the executable must agree on: the version and the
/// sizes of the types that cross between them. A module that differs was
/// built from other sources.
struct Stamp {
    const char* version;
    std::size_t table, protocol, render_options, notice, sign_spec, existing_signature, rule_result, embedded;
    [[nodiscard]] bool operator==(const Stamp& o) const {
        return std::strcmp(version, o.version) == 0 && table == o.table && protocol == o.protocol &&
               render_options == o.render_options && notice == o.notice && sign_spec == o.sign_spec &&
               existing_signature == o.existing_signature && rule_result == o.rule_result && embedded == o.embedded;
    }
};

struct Table {
    Stamp stamp;  ///< this_build() of the build that made the module
    Rendered (*render)(const model::Protocol&, std::string_view, const std::string&, const RenderOptions&);
    Rendered (*render_notices)(const model::Protocol&, std::string_view, const std::string&, const std::vector<Notice>&,
                               const RenderOptions&);
    Embedded (*read_embedded)(std::string_view, const std::string&);
    std::string (*sign_field)(std::string_view, const SignSpec&, const std::function<std::string(std::string_view)>&);
    std::vector<ExistingSignature> (*existing_signatures)(std::string_view, const std::string&);
    std::vector<std::pair<std::string, bool>> (*signature_fields)(std::string_view, const std::string&);
    std::string (*add_dss)(std::string_view, const std::string&, const std::vector<std::string>&, const std::vector<std::string>&,
                           const std::vector<std::string>&);
    std::vector<RuleResult> (*pdfa_check)(std::string_view, const std::string&);
};

inline Stamp this_build() {
    return Stamp{JUSTERA_VERSION,        sizeof(struct Table),         sizeof(model::Protocol),    sizeof(RenderOptions),
                 sizeof(Notice),         sizeof(SignSpec),             sizeof(ExistingSignature),  sizeof(RuleResult),
                 sizeof(Embedded)};
}

inline constexpr const char* k_entry = "justera_pdf_backend";
/// The module's file name, beside the justera executable or in its libexec directory.
inline constexpr const char* k_file_name = "justera-pdf.so";

}  // namespace justera::pdf::backend

extern "C" const justera::pdf::backend::Table* justera_pdf_backend();
