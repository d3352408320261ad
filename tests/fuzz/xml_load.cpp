// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: XML load (hostile-XML refusal, limits, schema validation,
// canonical form, the model built from it).

#include "fuzz_common.hpp"
#include "justera/core/limits.hpp"
#include "justera/xml/xml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace justera;
    static const core::Limits limits;
    fuzz::expect_answer([&] {
        auto loaded = xml::load(fuzz::bytes(data, size), "fuzz.xml", limits);
        (void)xml::to_xml(loaded.document);  // and back: the model must serialise
    });
    return 0;
}
