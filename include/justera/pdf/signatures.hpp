// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The signatures already in a PDF, read with the strict reader
/// (justera/pdf/raw.hpp): the signature fields, and the one ByteRange rule
/// that verification judges by and that signing checks before it adds
/// anything (a file whose signatures no longer hold is never signed again).

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "justera/core/limits.hpp"
#include "justera/pdf/raw.hpp"

namespace justera::pdf {

namespace raw {

/// A signature field with a value: its full name ("parent.child") and the
/// reference its /V holds. /FT /Sig is inherited from a parent field.
struct SignatureFieldRef {
    std::string name;
    Ref value;
};
/// The signature fields of the catalog's /AcroForm in `revision`, each field
/// object visited once, at most 12 levels deep. Throws core::Error as the
/// reader does.
std::vector<SignatureFieldRef> signature_field_refs(const File& file, std::size_t revision);
/// The names of every signature field in `revision`, signed or not.
std::vector<std::string> signature_field_names(const File& file, std::size_t revision);

/// The ByteRange rule (ISO 32000-1 12.8.1; pyHanko's coverage rules): four
/// integers [0 b c d] inside the file, the hole between the two ranges
/// exactly this dictionary's /Contents hex string, and the /ByteRange array
/// itself signed (outside the hole).
enum class ByteRangeProblem : std::uint8_t { None, NotFourIntegers, NoHexContents, NotAroundContents };
struct ByteRange {
    ByteRangeProblem problem = ByteRangeProblem::None;
    std::int64_t a = 0, b = 0, c = 0, d = 0;  ///< as written (valid when the four are integers)
};
ByteRange check_byte_range(const Object& signature, std::size_t file_size);

}  // namespace raw

/// An existing signature: the bytes its /ByteRange covers and its /Contents.
struct ExistingSignature {
    std::string field;
    std::string type;            ///< "Sig" or "DocTimeStamp" (the dictionary's /Type)
    std::string sub_filter;
    std::string covered;         ///< the signed bytes (both ranges, concatenated)
    std::string contents;        ///< the CMS or timestamp token, with the placeholder's zero padding
    bool byte_range_ok = false;  ///< raw::check_byte_range found no problem
};
/// Every signature field's value in the newest revision. Throws
/// core::Error(PdfMalformed) naming `file` when the strict reader cannot
/// read the file or its form.
std::vector<ExistingSignature> existing_signatures(std::string_view pdf, const std::string& file, const core::Limits& limits);

}  // namespace justera::pdf
