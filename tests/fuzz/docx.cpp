// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: a Word document as 'justera parse' reads it: the zip
// container, its parts' XML, the text written from them, and that text read
// in Layout::Docx.

#include <string>

#include "fuzz_common.hpp"
#include "justera/core/diagnostics.hpp"
#include "justera/ingest/docx.hpp"
#include "justera/ingest/ingest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace justera;
    ingest::DocxOptions opts;
    opts.file_name = "fuzz.docx";
    fuzz::expect_answer([&] {
        core::Diagnostics diags;
        const std::string text = ingest::docx_text(fuzz::bytes(data, size), opts, diags);
        ingest::ParseOptions parse;
        parse.layout = ingest::Layout::Docx;
        parse.file_name = opts.file_name;
        (void)ingest::parse_text(text, parse, diags);
    });
    return 0;
}
