// SPDX-License-Identifier: GPL-3.0-or-later
// The PDF functions in the justera executable: each one loads the module
// justera-pdf.so on first use (backend.hpp) and calls its function. Until a
// command needs them, neither the module nor PoDoFo is loaded.

#include <dlfcn.h>
#include <unistd.h>

#include <mutex>

#include "backend.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"

#ifndef JUSTERA_LIBEXECDIR
#define JUSTERA_LIBEXECDIR "/usr/local/libexec/justera"
#endif

namespace justera::pdf {

namespace {

using core::Errc;
using core::Error;

/// JUSTERA_PDF_MODULE, else beside the executable (a build tree), else the
/// installed libexec directory.
std::string module_path() {
    return core::part_path("JUSTERA_PDF_MODULE", backend::k_file_name, JUSTERA_LIBEXECDIR,
                           [](const char* path) { return ::access(path, R_OK) == 0; });
}

const backend::Table& load() {
    static std::mutex mu;
    static const backend::Table* table = nullptr;
    std::lock_guard<std::mutex> lock(mu);
    if (table) return *table;
    const std::string path = module_path();
    // Never closed: the functions and the exceptions they throw live in it.
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* why = ::dlerror();
        throw Error(Errc::HelperMissing, "writing and reading PDFs needs justera's PDF module " + path +
                                             ", which could not be loaded (" + (why ? why : "unknown reason") +
                                             "); reinstall justera, or set JUSTERA_PDF_MODULE to the module");
    }
    using Entry = const backend::Table* (*)();
    auto entry = reinterpret_cast<Entry>(::dlsym(handle, backend::k_entry));
    const backend::Table* t = entry ? entry() : nullptr;
    if (!t || !(t->stamp == backend::this_build())) {
        throw Error(Errc::HelperMissing, "the PDF module " + path + " belongs to another build of justera (" +
                                             (t ? std::string(t->stamp.version) : std::string("no entry")) + ", this is " +
                                             JUSTERA_VERSION + "); reinstall justera");
    }
    table = t;
    return *table;
}

}  // namespace

Rendered render(const model::Protocol& protocol, std::string_view canonical_xml, const std::string& fingerprint,
                const RenderOptions& options) {
    return load().render(protocol, canonical_xml, fingerprint, options);
}

Rendered render_notices(const model::Protocol& protocol, std::string_view canonical_xml, const std::string& fingerprint,
                        const std::vector<Notice>& notices, const RenderOptions& options) {
    return load().render_notices(protocol, canonical_xml, fingerprint, notices, options);
}

Embedded read_embedded(std::string_view pdf, const std::string& file) { return load().read_embedded(pdf, file); }

std::string sign_field(std::string_view pdf, const SignSpec& spec, const std::function<std::string(std::string_view)>& make_contents) {
    return load().sign_field(pdf, spec, make_contents);
}

std::vector<ExistingSignature> existing_signatures(std::string_view pdf, const std::string& file) {
    return load().existing_signatures(pdf, file);
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
