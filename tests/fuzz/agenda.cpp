// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: the agenda reader (a föredragningslista scraped from the
// web), the way 'justera check --agenda' reads it.

#include "fuzz_common.hpp"
#include "justera/core/diagnostics.hpp"
#include "justera/ingest/ingest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace justera;
    ingest::ParseOptions opts;
    opts.layout = ingest::Layout::Agenda;
    opts.file_name = "agenda.txt";
    fuzz::expect_answer([&] {
        core::Diagnostics diags;
        (void)ingest::parse_text(fuzz::bytes(data, size), opts, diags);
    });
    return 0;
}
