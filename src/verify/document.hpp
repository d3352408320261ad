// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The document's own checks: the embedded protocol XML, its fingerprint in
// the XMP, and whether the pages show what the XML says. Internal to
// justera_verify.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "justera/model/protocol.hpp"
#include "justera/pdf/raw.hpp"
#include "justera/verify/verify.hpp"

namespace justera::verify {

namespace raw = pdf::raw;

/// What the document itself says and shows: the embedded XML, its
/// fingerprint in the XMP, and whether the pages show every paragraph title
/// and decision point. Independent of the signatures, so it may run on a
/// thread of its own (with a raw::File of its own: the reader keeps caches).
struct DocumentPart {
    std::vector<Check> checks;
    std::string embedded_xml, fingerprint, xmp_fingerprint, title;
    std::optional<model::Protocol> protocol;
    std::optional<model::JusteringNotice> notice;  ///< a notice PDF's (justera anslag) instead of a protocol
    std::string xml;  ///< the embedded XML's bytes
};

using Pages = std::vector<std::vector<std::string>>;

/// Reads the document part of `file_ref` (its newest revision); the pages'
/// lines come from `pages_of` (text_layer.hpp's page_lines, perhaps read
/// meanwhile on another thread). `keep_xml` keeps the XML's bytes.
DocumentPart read_document(const raw::File& file_ref, const std::string& file, const std::function<Pages()>& pages_of, bool keep_xml);

}  // namespace justera::verify
