// SPDX-License-Identifier: GPL-3.0-or-later
// The PDF functions in the justera executable: each one loads the module
// justera-pdf.so on first use (backend.hpp) and calls its function. Until a
// command needs them, neither the module nor PoDoFo is loaded.

#include "backend.hpp"
#include "justera/core/module.hpp"

#ifndef JUSTERA_LIBEXECDIR
#define JUSTERA_LIBEXECDIR "/usr/local/libexec/justera"
#endif

namespace justera::pdf {

namespace {

const backend::Table& load() {
    return *static_cast<const backend::Table*>(core::load_module("JUSTERA_PDF_MODULE", backend::k_file_name, JUSTERA_LIBEXECDIR,
                                                                  backend::k_entry, backend::this_build(), "writing and reading PDFs",
                                                                  "att skriva och läsa PDF-filer"));
}

}  // namespace

Rendered render(const model::Protocol& protocol, std::string_view canonical_xml, const std::string& fingerprint,
                const RenderOptions& options) {
    return load().render(protocol, canonical_xml, fingerprint, options);
}

Rendered render_notice(const model::JusteringNotice& notice, std::string_view canonical_xml, const std::string& fingerprint,
                       const RenderOptions& options) {
    return load().render_notice(notice, canonical_xml, fingerprint, options);
}

Rendered render_outline(const Outline& outline, const RenderOptions& options) { return load().render_outline(outline, options); }

std::string sign_field(std::string_view pdf, const SignSpec& spec, const std::function<std::string(std::string_view)>& make_contents) {
    return load().sign_field(pdf, spec, make_contents);
}

std::vector<std::pair<std::string, bool>> signature_fields(std::string_view pdf, const std::string& file) {
    return load().signature_fields(pdf, file);
}

std::string add_dss(std::string_view pdf, const std::string& file, const std::vector<std::string>& certs,
                    const std::vector<std::string>& ocsps, const std::vector<std::string>& crls) {
    return load().add_dss(pdf, file, certs, ocsps, crls);
}

std::vector<RuleResult> pdfa_check(std::string_view pdf, const std::string& file) { return load().pdfa_check(pdf, file); }

}  // namespace justera::pdf
