// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The PDF writer (PoDoFo and the libraries it brings: fontconfig, FreeType,
// image codecs) is a module, justera-pdf.so, loaded when a command first
// writes or reads a PDF with it (render, sign, timestamp, pdfa-check,
// anslag). Verification, parsing and
// the rules never load it, so they start without paying for PoDoFo.
//
// The module exports one C function that returns this table of the
// functions declared in include/justera/pdf/{render,signature,pdfa_check}.hpp;
// loader.cpp defines those functions in the executable by calling through
// it (core/module.hpp: a module of another build is refused).

#include "justera/core/module.hpp"

#include "justera/pdf/pdfa_check.hpp"
#include "justera/pdf/render.hpp"
#include "justera/pdf/signature.hpp"

namespace justera::pdf::backend {

struct Table {
    core::ModuleStamp stamp;  ///< this_build() of the build that made the module
    Rendered (*render)(const model::Protocol&, std::string_view, const std::string&, const RenderOptions&);
    Rendered (*render_notice)(const model::JusteringNotice&, std::string_view, const std::string&, const RenderOptions&);
    std::string (*sign_field)(std::string_view, const SignSpec&, const std::function<std::string(std::string_view)>&);
    std::vector<std::pair<std::string, bool>> (*signature_fields)(std::string_view, const std::string&);
    std::string (*add_dss)(std::string_view, const std::string&, const std::vector<std::string>&, const std::vector<std::string>&,
                           const std::vector<std::string>&);
    std::vector<RuleResult> (*pdfa_check)(std::string_view, const std::string&);
    Rendered (*render_outline)(const Outline&, const RenderOptions&);
};

inline core::ModuleStamp this_build() {
    return core::ModuleStamp{JUSTERA_VERSION,
                             {sizeof(Table), sizeof(model::Protocol), sizeof(RenderOptions), sizeof(model::JusteringNotice), sizeof(SignSpec),
                              sizeof(RuleResult), sizeof(Rendered), sizeof(Outline), 0, 0}};
}

inline constexpr const char* k_entry = "justera_pdf_backend";
/// The module's file name, beside the justera executable or in its libexec directory.
inline constexpr const char* k_file_name = "justera-pdf.so";

}  // namespace justera::pdf::backend

extern "C" const justera::pdf::backend::Table* justera_pdf_backend();
