// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A zip writer for tests, written here from the format (PKWARE APPNOTE
// 4.3.7, 4.3.12, 4.3.16) with zlib's raw deflate, independent of the libzip
// that justera reads with, and able to write what a hostile file says: sizes
// and checksums that lie, any number of entries.

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace justera::test {

struct ZipEntry {
    std::string name;
    std::string data;
    bool deflate = true;
    std::optional<std::uint32_t> declared_size = std::nullopt;  ///< an unpacked size other than the data's
    std::optional<std::uint32_t> crc = std::nullopt;  ///< a checksum other than the data's
};

inline std::string raw_deflate(std::string_view in) {
    z_stream z{};
    if (deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflateInit2");
    std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::runtime_error("deflate");
    return out;
}

inline void put16(std::string& s, std::uint32_t v) {
    s.push_back(static_cast<char>(v & 0xFF));
    s.push_back(static_cast<char>((v >> 8) & 0xFF));
}
inline void put32(std::string& s, std::uint32_t v) {
    put16(s, v & 0xFFFF);
    put16(s, v >> 16);
}

/// The bytes of a zip archive holding `entries`, in order.
inline std::string make_zip(const std::vector<ZipEntry>& entries) {
    std::string out;
    std::string central;
    for (const auto& e : entries) {
        const std::string packed = e.deflate ? raw_deflate(e.data) : e.data;
        const auto crc = e.crc.value_or(static_cast<std::uint32_t>(
            crc32(0, reinterpret_cast<const Bytef*>(e.data.data()), static_cast<uInt>(e.data.size()))));
        const auto size = e.declared_size.value_or(static_cast<std::uint32_t>(e.data.size()));
        const auto offset = static_cast<std::uint32_t>(out.size());
        const auto header = [&](std::string& s, bool is_central) {
            put32(s, is_central ? 0x02014b50 : 0x04034b50);
            if (is_central) put16(s, 20);  // made by
            put16(s, 20);                  // needed
            put16(s, 0);                   // flags
            put16(s, e.deflate ? 8 : 0);
            put16(s, 0);       // time
            put16(s, 0x21);    // date: 1980-01-01
            put32(s, crc);
            put32(s, static_cast<std::uint32_t>(packed.size()));
            put32(s, size);
            put16(s, static_cast<std::uint32_t>(e.name.size()));
            put16(s, 0);  // extra
            if (is_central) {
                put16(s, 0);  // comment
                put16(s, 0);  // disk
                put16(s, 0);  // internal attributes
                put32(s, 0);  // external attributes
                put32(s, offset);
            }
            s += e.name;
        };
        header(out, false);
        out += packed;
        header(central, true);
    }
    const auto cd_offset = static_cast<std::uint32_t>(out.size());
    out += central;
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, static_cast<std::uint32_t>(std::min<std::size_t>(entries.size(), 0xFFFF)));
    put16(out, static_cast<std::uint32_t>(std::min<std::size_t>(entries.size(), 0xFFFF)));
    put32(out, static_cast<std::uint32_t>(central.size()));
    put32(out, cd_offset);
    put16(out, 0);
    return out;
}

}  // namespace justera::test
