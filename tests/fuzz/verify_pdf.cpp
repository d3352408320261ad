// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: the whole of 'justera verify' on a byte buffer: the raw PDF
// reader, revisions and modification analysis, CMS and timestamps, the
// embedded XML, the text layer, the roles.

#include <cstdlib>
#include <memory>

#include "fuzz_common.hpp"
#include "justera/verify/verify.hpp"

namespace {

const justera::verify::Context& context() {
    static const std::unique_ptr<justera::verify::Context> ctx = [] {
        // No helper process per input: the text of foreign fonts is then
        // reported unreadable, which is an answer.
        ::setenv("JUSTERA_PDFTEXT", "/nonexistent/justera-pdftext", 1);
        justera::verify::Options o;
        o.trust_files.push_back(std::string(JUSTERA_SOURCE_DIR) + "/certs/test-only-root-ca.pem");
        o.crl_files.push_back(std::string(JUSTERA_SOURCE_DIR) + "/certs/test-only-issuing-ca.crl");
        o.text_in_parallel = false;
        return std::make_unique<justera::verify::Context>(o);
    }();
    return *ctx;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace justera;
    const auto& ctx = context();
    fuzz::expect_answer([&] { (void)verify::verify_pdf(fuzz::bytes(data, size), "fuzz.pdf", ctx); });
    return 0;
}
