// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: XML load (hostile-XML refusal, limits, schema validation,
// canonical form, the model built from it), from bytes held whole and from
// a source read in pieces (as verify inflates an embedded XML; the loader
// gathers them into libxml2's own reads): both must accept the same inputs
// with the same result.

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "fuzz_common.hpp"
#include "justera/core/limits.hpp"
#include "justera/xml/xml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace justera;
    static const core::Limits limits;
    const std::string_view text = fuzz::bytes(data, size);
    std::optional<xml::Loaded> whole, pieces;
    fuzz::expect_answer([&] {
        whole = xml::load(text, "fuzz.xml", limits);
        (void)xml::to_xml(whole->document);  // and back: the model must serialise
    });
    const std::size_t piece = 1 + size % 97;
    std::size_t at = 0;
    fuzz::expect_answer([&] {
        pieces = xml::load_from(
            [&](char* into, std::size_t room) {
                const std::size_t n = std::min({room, piece, text.size() - at});
                std::memcpy(into, text.data() + at, n);
                at += n;
                return n;
            },
            "fuzz.xml", limits);
    });
    if (whole.has_value() != pieces.has_value()) std::abort();
    if (whole && (whole->fingerprint != pieces->fingerprint || whole->in_canonical_layout != pieces->in_canonical_layout ||
                  !(whole->document == pieces->document))) {
        std::abort();
    }
    return 0;
}
