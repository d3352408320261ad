// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The protocol XML a PDF carries as an associated file (PDF/A-3, ISO
/// 19005-3 6.8; the Factur-X pattern), read with the strict reader
/// (justera/pdf/raw.hpp) as verification reads it: the one reader of
/// embedded files, for verify and for the commands that take a justera PDF
/// as input (check, info, deadlines, ...).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "justera/core/limits.hpp"
#include "justera/pdf/raw.hpp"

namespace justera::pdf {

/// The first associated file of the catalog (/AF) that is XML (its stream's
/// /Subtype text/xml or application/xml).
struct AssociatedXml {
    raw::Object stream;        ///< the embedded file stream (a Null object when /EF names none)
    std::string name;          ///< the file specification's /UF or /F as written ("" when not a string)
    std::string relationship;  ///< /AFRelationship ("Source" for justera's own files)
};
std::optional<AssociatedXml> associated_xml(const raw::File& file, std::size_t revision, const raw::Object& catalog);

/// What justera reads back from a PDF it rendered (or any PDF/A-3 with the
/// same associated file).
struct Embedded {
    std::string xml;              ///< the associated file, decoded, byte for byte
    std::string xmp;              ///< the catalog's /Metadata stream
    std::string file_name;        ///< its /UF or /F name, as UTF-8
    std::string af_relationship;  ///< "Source" for justera's own files
};

/// Reads the embedded protocol XML and the XMP of the newest revision.
/// Throws core::Error: PdfMalformed (the structure cannot be read strictly),
/// PdfOverLimit (past `limits`), PdfNoEmbeddedXml (no XML associated file).
Embedded read_embedded(std::string_view pdf, const std::string& file, const core::Limits& limits);

}  // namespace justera::pdf
