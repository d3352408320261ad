// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// A strict, bounded reader of PDF file structure from the raw bytes: every
/// revision (xref section, trailer, where it ends), every object as a given
/// revision defines it. It does not repair anything: what a lenient reader
/// would guess at, this reports. PoDoFo is not used here, so verification
/// sees the bytes exactly as an attacker wrote them, and whatever reads a
/// PDF as verification does (the embedded protocol XML for check and info)
/// uses this reader too.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>

#include "justera/core/error.hpp"
#include "justera/core/limits.hpp"
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace justera::pdf::raw {

struct Ref {
    std::uint32_t num = 0;
    std::uint32_t gen = 0;
    bool operator==(const Ref& o) const noexcept { return num == o.num && gen == o.gen; }
    bool operator<(const Ref& o) const noexcept { return num != o.num ? num < o.num : gen < o.gen; }
};

struct Object;
using Entries = std::vector<std::pair<std::string, Object>>;

struct Object {
    enum class Type : std::uint8_t { Null, Bool, Int, Real, String, Name, Array, Dict, Ref, Stream };
    Type type = Type::Null;
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0;
    std::string text;                 ///< string bytes (decoded) or name (without '/')
    bool hex = false;                 ///< a <hex> string
    std::size_t offset = 0;           ///< where the token starts in the file
    std::size_t end = 0;              ///< one past its last byte
    std::vector<Object> array;
    Entries dict;                     ///< also a stream's dictionary
    Ref ref;
    std::size_t stream_offset = 0;    ///< raw (encoded) stream data in the file
    std::size_t stream_length = 0;

    // Defined where Object is complete: `dict` holds pairs of Object, which
    // clang will not instantiate inside the class itself.
    Object();
    ~Object();
    Object(const Object&);
    Object(Object&&) noexcept;
    Object& operator=(const Object&);
    Object& operator=(Object&&) noexcept;

    [[nodiscard]] const Object* get(std::string_view key) const noexcept;
    [[nodiscard]] bool is(Type t) const noexcept { return type == t; }
    [[nodiscard]] bool is_name(std::string_view n) const noexcept { return type == Type::Name && text == n; }
    [[nodiscard]] bool is_dict() const noexcept { return type == Type::Dict || type == Type::Stream; }
    [[nodiscard]] double number() const noexcept { return type == Type::Int ? static_cast<double>(integer) : real; }
    [[nodiscard]] bool is_number() const noexcept { return type == Type::Int || type == Type::Real; }
};

/// Structural equality, ignoring positions (a rewritten but identical object).
bool same(const Object& a, const Object& b) noexcept;

struct XrefEntry {
    std::uint8_t type = 1;            ///< 0 free, 1 in the file, 2 in an object stream
    std::uint64_t offset = 0;         ///< type 1: byte offset; type 2: the object stream's number
    std::uint32_t gen = 0;            ///< type 1: generation; type 2: index in the stream
};

struct Revision {
    std::size_t xref_offset = 0;      ///< where its xref section (table or stream) starts
    std::size_t end = 0;              ///< one past its "%%EOF" (the end of the revision)
    std::size_t end_with_eol = 0;     ///< the same plus a following end-of-line
    bool xref_stream = false;
    std::map<std::uint32_t, XrefEntry> entries;
    Object trailer;                   ///< the trailer dictionary (or the xref stream's)
};

/// Pulls decoded bytes: writes up to `room` bytes at `into` and says how
/// many, 0 at the end. Throws core::Error as the matching whole read would.
/// Read once: copies share one position.
using Reader = std::function<std::size_t(char* into, std::size_t room)>;

class File {
public:
    /// Reads the structure. Throws core::Error(PdfMalformed) naming the offset
    /// for anything that is not a well-formed chain of revisions, and
    /// PdfOverLimit, naming the limit and its option, for a file over
    /// `limits` (revisions, xref entries, nesting; streams when read).
    explicit File(std::string_view bytes, const core::Limits& limits = core::Limits{});

    [[nodiscard]] std::string_view bytes() const noexcept { return m_bytes; }
    /// Oldest first.
    [[nodiscard]] const std::vector<Revision>& revisions() const noexcept { return m_revisions; }
    /// Bytes after the last revision's end that are not white space.
    [[nodiscard]] std::size_t trailing_garbage() const noexcept { return m_trailing; }

    /// Object `num` as revision `rev` (0-based, oldest first) sees it;
    /// nullopt when it does not exist or is free there. Throws PdfMalformed
    /// for an entry that points at something that is not that object.
    [[nodiscard]] std::optional<Object> object(std::uint32_t num, std::size_t rev) const;
    /// The revision that last defined `num` at or before `rev`, if any.
    [[nodiscard]] std::optional<std::size_t> defined_in(std::uint32_t num, std::size_t rev) const;
    /// Follows references (a few levels) as revision `rev` sees them.
    [[nodiscard]] Object resolve(const Object& o, std::size_t rev) const;
    /// A stream's decoded data (no filter or FlateDecode, with predictors),
    /// never more than `max` bytes (0: the limit max_stream_bytes). Throws
    /// PdfMalformed, and PdfOverLimit past the limit.
    [[nodiscard]] std::string stream_data(const Object& stream, std::size_t rev, std::size_t max = 0) const;
    /// The same data in pieces, inflated as it is asked for: a large
    /// embedded file is never held whole. The reader refers to this File's
    /// bytes and must not outlive them.
    [[nodiscard]] Reader stream_reader(const Object& stream, std::size_t rev, std::size_t max = 0) const;
    [[nodiscard]] const core::Limits& limits() const noexcept { return m_limits; }
    /// Parses one object at `offset` ("N G obj ... endobj").
    [[nodiscard]] Object object_at(std::size_t offset, std::uint32_t num, std::size_t rev) const;

private:
    /// The one filter and its parameters; throws for what is not read.
    std::pair<Object, Object> filter_of(const Object& stream, std::size_t rev, std::size_t max) const;
    void read_section(std::size_t offset, int depth);
    std::size_t read_xref_stream(std::size_t offset, Revision& rev);
    mutable int m_depth = 0;
    core::Limits m_limits;
    std::size_t m_entries = 0;  ///< xref entries read so far, over all revisions
    std::string_view m_bytes;
    std::vector<Revision> m_revisions;
    std::size_t m_trailing = 0;
    mutable std::map<std::pair<std::uint32_t, std::size_t>, std::shared_ptr<std::vector<std::pair<std::uint32_t, Object>>>> m_objstm;
};

/// Inside a handler of core::Error: a limit reached (the PDF's, or the
/// embedded XML's) is not a damaged part to note and go on from, it ends
/// the verification (rethrown).
inline void rethrow_limit(const core::Error& e) {
    if (core::is_limit(e.code())) throw;
}

/// Parses one direct object from `text` (used for content-stream-free bits
/// such as an object stream's members). Throws PdfMalformed, and
/// PdfOverLimit for arrays and dictionaries nested deeper than `max_nesting`.
Object parse_object(std::string_view text, std::size_t& pos, std::size_t base_offset = 0, std::uint32_t max_nesting = 64);

/// A PDF text string (ISO 32000-1 7.9.2.2) as UTF-8: UTF-16BE after a byte
/// order mark, UTF-8 after one (PDF 2.0), PDFDocEncoding otherwise.
std::string text_string(std::string_view bytes);
/// UTF-16BE (surrogate pairs joined) as UTF-8.
std::string utf16be_to_utf8(std::string_view s);

/// The decoded bytes of a FlateDecode stream with a size cap.
std::string inflate(std::string_view data, std::size_t max);

}  // namespace justera::pdf::raw
