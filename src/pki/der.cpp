// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/pki/der.hpp"

namespace justera::pki::der {

std::optional<Tlv> read(std::string_view d, std::size_t pos, Lengths lengths) {
    if (pos > d.size() || d.size() - pos < 2) return std::nullopt;
    Tlv t;
    t.tag = static_cast<unsigned char>(d[pos]);
    t.start = pos;
    if ((t.tag & 0x1F) == 0x1F) return std::nullopt;  // a high tag number: none of the structures read here has one
    const auto first = static_cast<unsigned char>(d[pos + 1]);
    if (first < 0x80) {
        t.header = 2;
        t.length = first;
    } else {
        const std::size_t n = first & 0x7F;
        if (n == 0 || n > 4 || d.size() - pos - 2 < n) return std::nullopt;  // indefinite, or more than 4 GiB
        std::size_t len = 0;
        for (std::size_t i = 0; i < n; ++i) len = (len << 8) | static_cast<unsigned char>(d[pos + 2 + i]);
        if (lengths == Lengths::Minimal && (len < 0x80 || (len >> (8 * (n - 1))) == 0)) return std::nullopt;
        t.header = 2 + n;
        t.length = len;
    }
    if (t.length > d.size() - pos - t.header) return std::nullopt;
    return t;
}

bool Reader::next(unsigned char& tag, std::string_view& content) {
    const auto t = read(m_d, m_pos, m_lengths);
    if (!t) return false;
    tag = t->tag;
    content = m_d.substr(t->content(), t->length);
    m_pos = t->end();
    return true;
}

void append_header(std::string& out, unsigned char tag, std::size_t length) {
    out.push_back(static_cast<char>(tag));
    if (length < 0x80) {
        out.push_back(static_cast<char>(length));
        return;
    }
    std::size_t n = 0;
    for (std::size_t l = length; l; l >>= 8) ++n;
    out.push_back(static_cast<char>(0x80 | n));
    for (std::size_t i = n; i-- > 0;) out.push_back(static_cast<char>((length >> (8 * i)) & 0xFF));
}

}  // namespace justera::pki::der
