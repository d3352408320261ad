// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The one reader of DER (ITU-T X.690) in the project, for the few places
/// where OpenSSL has no getter: a signature's claimed role, the revocation
/// data a CMS carries, the certificates of a SignedData. Definite lengths
/// only, low tag numbers only; nothing is copied.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace justera::pki::der {

/// One element: where it starts, how long its tag and length bytes are and
/// how long its content is, as offsets into the bytes it was read from.
struct Tlv {
    unsigned char tag = 0;
    std::size_t start = 0;   ///< offset of the tag
    std::size_t header = 0;  ///< tag and length bytes
    std::size_t length = 0;  ///< content bytes
    [[nodiscard]] std::size_t content() const { return start + header; }
    [[nodiscard]] std::size_t end() const { return start + header + length; }
};

/// DER requires the shortest length form; BER writers sometimes pad it
/// ("82 00 05"). `Any` reads such lengths too, for data OpenSSL already
/// accepted and only a detail is read from.
enum class Lengths : unsigned char { Minimal, Any };

/// The element at `pos` of `d`, or nothing when it is not one (too short,
/// a high tag number, an indefinite or over-long length, a length past
/// the end of `d`).
std::optional<Tlv> read(std::string_view d, std::size_t pos, Lengths lengths = Lengths::Minimal);

/// The elements of a content, one after another.
class Reader {
public:
    explicit Reader(std::string_view d, Lengths lengths = Lengths::Minimal) : m_d(d), m_lengths(lengths) {}
    /// The next element's tag and content; false at the end or at bytes that are no element.
    bool next(unsigned char& tag, std::string_view& content);
    /// Offset of the next element in the bytes given.
    [[nodiscard]] std::size_t pos() const { return m_pos; }

private:
    std::string_view m_d;
    std::size_t m_pos = 0;
    Lengths m_lengths;
};

/// Appends a tag and a DER length.
void append_header(std::string& out, unsigned char tag, std::size_t length);

}  // namespace justera::pki::der
