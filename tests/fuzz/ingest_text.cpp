// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: a protocol text in each layout 'justera parse' reads (the
// first byte picks the layout: auto, markdown, pdftext, agenda; and, by its
// third bit, whether the text is justera-pdftext's of a PDF).

#include "fuzz_common.hpp"
#include "justera/core/diagnostics.hpp"
#include "justera/ingest/ingest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace justera;
    if (size == 0) return 0;
    static constexpr ingest::Layout k_layouts[] = {ingest::Layout::Auto, ingest::Layout::Markdown, ingest::Layout::PdfText, ingest::Layout::Agenda};
    ingest::ParseOptions opts;
    opts.layout = k_layouts[data[0] % 4];
    opts.source = (data[0] / 4) % 2 == 1 ? ingest::TextSource::PdfLayout : ingest::TextSource::Unknown;
    opts.file_name = "fuzz.txt";
    fuzz::expect_answer([&] {
        core::Diagnostics diags;
        (void)ingest::parse_text(fuzz::bytes(data + 1, size - 1), opts, diags);
    });
    return 0;
}
