// SPDX-License-Identifier: GPL-3.0-or-later
// The strict PDF structure reader (see justera/pdf/raw.hpp).

#include "justera/pdf/raw.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "justera/core/error.hpp"
#include "justera/core/utf8.hpp"

namespace justera::pdf::raw {

Object::Object() = default;
Object::~Object() = default;
Object::Object(const Object&) = default;
Object::Object(Object&&) noexcept = default;
Object& Object::operator=(const Object&) = default;
Object& Object::operator=(Object&&) noexcept = default;

using core::Errc;
using core::Error;

namespace {

constexpr std::size_t k_max_items = 1'000'000;       // entries of one array
constexpr std::size_t k_max_dict_entries = 4096;     // keys of one dictionary (compared pairwise)
constexpr std::size_t k_max_xref_entries = 10'000'000;  // one subsection's count, before any limit is applied

[[noreturn]] void bad(std::size_t at, const std::string& what, const std::string& what_sv) {
    throw Error(Errc::PdfMalformed, what + " at byte " + std::to_string(at), {}, what_sv + " vid byte " + std::to_string(at));
}

bool is_ws(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0'; }
bool is_delim(char c) noexcept {
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}
bool is_regular(char c) noexcept { return !is_ws(c) && !is_delim(c); }

class Lexer {
public:
    Lexer(std::string_view text, std::size_t pos, std::size_t base, std::uint32_t max_depth = 64)
        : m_t(text), m_pos(pos), m_base(base), m_max_depth(static_cast<int>(std::min<std::uint32_t>(max_depth, 100000))) {}
    std::size_t& pos() { return m_pos; }

    void skip_ws() {
        while (m_pos < m_t.size()) {
            if (is_ws(m_t[m_pos])) {
                ++m_pos;
            } else if (m_t[m_pos] == '%') {
                while (m_pos < m_t.size() && m_t[m_pos] != '\n' && m_t[m_pos] != '\r') ++m_pos;
            } else {
                break;
            }
        }
    }

    bool keyword(std::string_view kw) {
        skip_ws();
        if (m_t.substr(m_pos, kw.size()) != kw) return false;
        const std::size_t after = m_pos + kw.size();
        if (after < m_t.size() && is_regular(m_t[after])) return false;
        m_pos = after;
        return true;
    }

    std::optional<std::int64_t> integer() {
        skip_ws();
        std::size_t p = m_pos;
        bool neg = false;
        if (p < m_t.size() && (m_t[p] == '+' || m_t[p] == '-')) neg = m_t[p++] == '-';
        const std::size_t digits = p;
        std::int64_t v = 0;
        while (p < m_t.size() && m_t[p] >= '0' && m_t[p] <= '9') {
            if (v > (INT64_MAX - 9) / 10) return std::nullopt;
            v = v * 10 + (m_t[p] - '0');
            ++p;
        }
        if (p == digits || (p < m_t.size() && is_regular(m_t[p]))) return std::nullopt;
        m_pos = p;
        return neg ? -v : v;
    }

    Object value(int depth) {
        if (depth > m_max_depth) {
            throw Error(Errc::PdfOverLimit,
                        "arrays and dictionaries nested more than " + std::to_string(m_max_depth) + " deep at byte " +
                            std::to_string(m_base + m_pos) + " (--max-nesting)",
                        {},
                        "listor och ordlistor nästlade i mer än " + std::to_string(m_max_depth) + " nivåer vid byte " +
                            std::to_string(m_base + m_pos) + " (--max-nesting)");
        }
        skip_ws();
        if (m_pos >= m_t.size()) bad(m_base + m_pos, "unexpected end of data", "oväntat slut på data");
        Object o;
        o.offset = m_base + m_pos;
        const char c = m_t[m_pos];
        if (c == '<' && m_pos + 1 < m_t.size() && m_t[m_pos + 1] == '<') {
            m_pos += 2;
            o.type = Object::Type::Dict;
            for (;;) {
                skip_ws();
                if (m_t.substr(m_pos, 2) == ">>") {
                    m_pos += 2;
                    break;
                }
                if (m_pos >= m_t.size() || m_t[m_pos] != '/') bad(m_base + m_pos, "a dictionary key is not a name",
                                                                  "en nyckel i en ordlista är inget namn");
                const std::size_t key_at = m_base + m_pos;
                Object key = value(depth + 1);
                Object val = value(depth + 1);
                if (o.dict.size() >= k_max_dict_entries) bad(m_base + m_pos, "a dictionary with too many entries",
                                                             "en ordlista med för många poster");
                // Readers disagree on which of two equal keys counts (the
                // first here, the last in pdf.js): a file that repeats one
                // could show one thing and be checked as another.
                for (const auto& kv : o.dict) {
                    if (kv.first == key.text) bad(key_at, "a dictionary repeats the key /" + key.text,
                                                  "en ordlista upprepar nyckeln /" + key.text);
                }
                o.dict.emplace_back(std::move(key.text), std::move(val));
            }
        } else if (c == '<') {
            ++m_pos;
            o.type = Object::Type::String;
            o.hex = true;
            int hi = -1;
            for (;;) {
                if (m_pos >= m_t.size()) bad(o.offset, "an unterminated hex string", "en hexadecimal sträng utan slut");
                const char h = m_t[m_pos++];
                if (h == '>') break;
                if (is_ws(h)) continue;
                int v = -1;
                if (h >= '0' && h <= '9') v = h - '0';
                else if (h >= 'a' && h <= 'f') v = h - 'a' + 10;
                else if (h >= 'A' && h <= 'F') v = h - 'A' + 10;
                if (v < 0) bad(m_base + m_pos - 1, "a non-hex character in a hex string",
                               "ett tecken som inte är hexadecimalt i en hexadecimal sträng");
                if (hi < 0) {
                    hi = v;
                } else {
                    o.text.push_back(static_cast<char>(hi * 16 + v));
                    hi = -1;
                }
            }
            if (hi >= 0) o.text.push_back(static_cast<char>(hi * 16));
        } else if (c == '(') {
            ++m_pos;
            o.type = Object::Type::String;
            int nest = 1;
            for (;;) {
                if (m_pos >= m_t.size()) bad(o.offset, "an unterminated string", "en sträng utan slut");
                char s = m_t[m_pos++];
                if (s == '(') ++nest;
                if (s == ')' && --nest == 0) break;
                if (s == '\\') {
                    if (m_pos >= m_t.size()) bad(o.offset, "an unterminated string", "en sträng utan slut");
                    const char e = m_t[m_pos++];
                    switch (e) {
                        case 'n': s = '\n'; break;
                        case 'r': s = '\r'; break;
                        case 't': s = '\t'; break;
                        case 'b': s = '\b'; break;
                        case 'f': s = '\f'; break;
                        case '\r':
                            if (m_pos < m_t.size() && m_t[m_pos] == '\n') ++m_pos;
                            continue;
                        case '\n': continue;
                        default:
                            if (e >= '0' && e <= '7') {
                                int v = e - '0';
                                for (int k = 0; k < 2 && m_pos < m_t.size() && m_t[m_pos] >= '0' && m_t[m_pos] <= '7'; ++k) {
                                    v = v * 8 + (m_t[m_pos++] - '0');
                                }
                                s = static_cast<char>(v & 0xFF);
                            } else {
                                s = e;
                            }
                    }
                }
                o.text.push_back(s);
            }
        } else if (c == '[') {
            ++m_pos;
            o.type = Object::Type::Array;
            for (;;) {
                skip_ws();
                if (m_pos < m_t.size() && m_t[m_pos] == ']') {
                    ++m_pos;
                    break;
                }
                if (o.array.size() >= k_max_items) bad(m_base + m_pos, "an array with too many elements", "en lista med för många element");
                o.array.push_back(value(depth + 1));
            }
        } else if (c == '/') {
            ++m_pos;
            o.type = Object::Type::Name;
            while (m_pos < m_t.size() && is_regular(m_t[m_pos])) {
                const char n = m_t[m_pos++];
                if (n == '#' && m_pos + 1 < m_t.size() && std::isxdigit(static_cast<unsigned char>(m_t[m_pos])) &&
                    std::isxdigit(static_cast<unsigned char>(m_t[m_pos + 1]))) {
                    o.text.push_back(static_cast<char>(std::stoi(std::string(m_t.substr(m_pos, 2)), nullptr, 16)));
                    m_pos += 2;
                } else {
                    o.text.push_back(n);
                }
            }
        } else if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
            std::size_t p = m_pos;
            if (m_t[p] == '+' || m_t[p] == '-') ++p;
            bool dot = false;
            while (p < m_t.size() && ((m_t[p] >= '0' && m_t[p] <= '9') || (m_t[p] == '.' && !dot))) dot |= m_t[p++] == '.';
            const std::string num(m_t.substr(m_pos, p - m_pos));
            if (p < m_t.size() && is_regular(m_t[p])) bad(o.offset, "a malformed number", "ett felaktigt uppbyggt tal");
            m_pos = p;
            if (dot) {
                o.type = Object::Type::Real;
                o.real = std::strtod(num.c_str(), nullptr);
            } else {
                o.type = Object::Type::Int;
                errno = 0;
                o.integer = std::strtoll(num.c_str(), nullptr, 10);
                if (errno == ERANGE) bad(o.offset, "an integer out of range", "ett heltal utanför det tillåtna intervallet");
                // "N G R" is a reference.
                const std::size_t save = m_pos;
                if (o.integer >= 0) {
                    if (auto gen = integer(); gen && *gen >= 0 && *gen <= 65535 && keyword("R")) {
                        o.type = Object::Type::Ref;
                        o.ref = Ref{static_cast<std::uint32_t>(std::min<std::int64_t>(o.integer, UINT32_MAX)), static_cast<std::uint32_t>(*gen)};
                    } else {
                        m_pos = save;
                    }
                }
            }
        } else if (keyword("true")) {
            o.type = Object::Type::Bool;
            o.boolean = true;
        } else if (keyword("false")) {
            o.type = Object::Type::Bool;
        } else if (keyword("null")) {
            o.type = Object::Type::Null;
        } else {
            bad(o.offset, "an unexpected character '" + std::string(1, c) + "'", "ett oväntat tecken '" + std::string(1, c) + "'");
        }
        o.end = m_base + m_pos;
        return o;
    }

private:
    std::string_view m_t;
    std::size_t m_pos;
    std::size_t m_base;
    int m_max_depth = 64;
};

std::size_t find_from(std::string_view hay, std::string_view needle, std::size_t from) {
    return from > hay.size() ? std::string_view::npos : hay.find(needle, from);
}

}  // namespace

const Object* Object::get(std::string_view key) const noexcept {
    for (const auto& [k, v] : dict) {
        if (k == key) return &v;
    }
    return nullptr;
}

bool same(const Object& a, const Object& b) noexcept {
    if (a.type != b.type) {
        if (a.is_number() && b.is_number()) return a.number() == b.number();
        return false;
    }
    switch (a.type) {
        case Object::Type::Null: return true;
        case Object::Type::Bool: return a.boolean == b.boolean;
        case Object::Type::Int: return a.integer == b.integer;
        case Object::Type::Real: return a.real == b.real;
        case Object::Type::String:
        case Object::Type::Name: return a.text == b.text;
        case Object::Type::Ref: return a.ref == b.ref;
        case Object::Type::Array:
            if (a.array.size() != b.array.size()) return false;
            for (std::size_t i = 0; i < a.array.size(); ++i) {
                if (!same(a.array[i], b.array[i])) return false;
            }
            return true;
        case Object::Type::Dict:
        case Object::Type::Stream: {
            if (a.dict.size() != b.dict.size()) return false;
            for (const auto& [k, v] : a.dict) {
                const Object* w = b.get(k);
                if (!w || !same(v, *w)) return false;
            }
            return true;
        }
    }
    return false;
}

Object parse_object(std::string_view text, std::size_t& pos, std::size_t base_offset, std::uint32_t max_nesting) {
    Lexer lx(text, pos, base_offset, max_nesting);
    Object o = lx.value(0);
    pos = lx.pos();
    return o;
}

namespace {
/// Starts `z` on a FlateDecode body. A zlib header that is well formed
/// (deflate, no preset dictionary) is checked here and the body inflated
/// raw: zlib then skips the Adler-32 sum, which costs as much as a tenth of
/// the inflating and protects nothing a signature does not already protect.
/// Anything else goes through zlib's own header handling and its error.
void start_inflate(z_stream& z, std::string_view& data) {
    z = z_stream{};
    const bool plain_header = data.size() >= 2 && (static_cast<unsigned char>(data[0]) & 0x0F) == 8 &&
                              (static_cast<unsigned char>(data[0]) >> 4) <= 7 && (static_cast<unsigned char>(data[1]) & 0x20) == 0 &&
                              ((static_cast<unsigned>(static_cast<unsigned char>(data[0])) << 8) | static_cast<unsigned char>(data[1])) % 31 == 0;
    if (plain_header) data.remove_prefix(2);
    if ((plain_header ? inflateInit2(&z, -15) : inflateInit(&z)) != Z_OK) throw Error(Errc::Internal, "zlib could not start");
}

[[noreturn]] void decodes_past(std::size_t max) {
    throw Error(Errc::PdfOverLimit, "a compressed stream decodes to more than " + std::to_string(max) + " bytes (--max-stream-bytes)", {},
                "en komprimerad ström packas upp till mer än " + std::to_string(max) + " byte (--max-stream-bytes)");
}
}  // namespace

std::string inflate(std::string_view data, std::size_t max) {
    z_stream z;
    start_inflate(z, data);
    std::string out;
    out.resize(std::min<std::size_t>(max + 1, std::max<std::size_t>(4096, data.size() * 3)));
    std::size_t produced = 0;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (produced == out.size()) {
            if (out.size() > max) {
                inflateEnd(&z);
                decodes_past(max);
            }
            out.resize(std::min<std::size_t>(max + 1, out.size() * 2));
        }
        const std::size_t room = std::min<std::size_t>(out.size() - produced, 1U << 30);
        z.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
        z.avail_out = static_cast<uInt>(room);
        rc = ::inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&z);
            throw Error(Errc::PdfMalformed, "a compressed stream is corrupt", {}, "en komprimerad ström är skadad");
        }
        produced += room - z.avail_out;
        if (produced > max) {
            inflateEnd(&z);
            decodes_past(max);
        }
        if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) break;  // truncated input: take what there is
    }
    inflateEnd(&z);
    out.resize(produced);
    return out;
}

File::File(std::string_view bytes, const core::Limits& limits) : m_limits(limits), m_bytes(bytes) {
    if (bytes.substr(0, 5) != "%PDF-") throw Error(Errc::PdfMalformed, "not a PDF (no %PDF- header)", {}, "ingen PDF-fil (huvudet %PDF- saknas)");
    // The last startxref in the file names the newest xref section.
    const std::size_t sx = bytes.rfind("startxref");
    if (sx == std::string_view::npos) {
        throw Error(Errc::PdfMalformed, "no startxref: the file is truncated or not a PDF", {},
                    "ingen startxref: filen är avkortad eller ingen PDF-fil");
    }
    std::size_t pos = sx + 9;
    Lexer lx(bytes, pos, 0, m_limits.max_pdf_nesting);
    const auto off = lx.integer();
    if (!off || *off < 0 || static_cast<std::size_t>(*off) >= bytes.size()) bad(sx, "startxref names no position in the file",
                                                                                "startxref anger ingen position i filen");
    read_section(static_cast<std::size_t>(*off), 0);
    std::reverse(m_revisions.begin(), m_revisions.end());
    for (std::size_t i = 1; i < m_revisions.size(); ++i) {
        if (m_revisions[i].xref_offset < m_revisions[i - 1].end) {
            bad(m_revisions[i].xref_offset, "revision " + std::to_string(i + 1) + "'s xref lies inside an earlier revision",
                "xref-tabellen för revision " + std::to_string(i + 1) + " ligger inuti en tidigare revision");
        }
    }
    for (std::size_t p = m_revisions.back().end_with_eol; p < bytes.size(); ++p) {
        if (!is_ws(bytes[p])) ++m_trailing;
    }
}

void File::read_section(std::size_t offset, int depth) {
    if (static_cast<std::size_t>(depth) >= m_limits.max_pdf_revisions) {
        throw Error(Errc::PdfOverLimit, "more than " + std::to_string(m_limits.max_pdf_revisions) + " revisions (--max-revisions)", {},
                    "fler än " + std::to_string(m_limits.max_pdf_revisions) + " revisioner (--max-revisions)");
    }
    for (const auto& r : m_revisions) {
        if (r.xref_offset == offset) bad(offset, "a /Prev loop", "en slinga av /Prev");
    }
    Revision rev;
    rev.xref_offset = offset;
    std::size_t after = 0;
    Lexer lx(m_bytes, offset, 0, m_limits.max_pdf_nesting);
    if (lx.keyword("xref")) {
        std::size_t total = 0;
        for (;;) {
            lx.skip_ws();
            if (lx.keyword("trailer")) break;
            const auto start = lx.integer();
            const auto count = lx.integer();
            if (!start || !count || *start < 0 || *count < 0 || *start > UINT32_MAX || *count > static_cast<std::int64_t>(k_max_xref_entries)) {
                bad(lx.pos(), "a malformed xref subsection header", "ett felaktigt uppbyggt huvud för ett xref-avsnitt");
            }
            total += static_cast<std::size_t>(*count);
            m_entries += static_cast<std::size_t>(*count);
            if (m_entries > m_limits.max_pdf_objects) {
                throw Error(Errc::PdfOverLimit,
                            "more than " + std::to_string(m_limits.max_pdf_objects) + " xref entries over the revisions (--max-pdf-objects)", {},
                            "fler än " + std::to_string(m_limits.max_pdf_objects) + " xref-poster sammanlagt i revisionerna (--max-pdf-objects)");
            }
            for (std::int64_t i = 0; i < *count; ++i) {
                const auto o = lx.integer();
                const auto g = lx.integer();
                lx.skip_ws();
                const std::size_t tp = lx.pos();
                if (!o || !g || tp >= m_bytes.size() || (m_bytes[tp] != 'n' && m_bytes[tp] != 'f')) bad(tp, "a malformed xref entry",
                                                                                                        "en felaktigt uppbyggd xref-post");
                ++lx.pos();
                XrefEntry e;
                e.type = m_bytes[tp] == 'n' ? 1 : 0;
                e.offset = static_cast<std::uint64_t>(*o);
                e.gen = static_cast<std::uint32_t>(*g);
                rev.entries[static_cast<std::uint32_t>(*start + i)] = e;
            }
        }
        rev.trailer = lx.value(0);
        if (rev.trailer.type != Object::Type::Dict) bad(lx.pos(), "the trailer is not a dictionary", "trailer-delen är ingen ordlista");
        after = lx.pos();
        // A hybrid file: the entries of its /XRefStm belong to this revision too
        // (where the table does not list them).
        if (const Object* xs = rev.trailer.get("XRefStm"); xs && xs->type == Object::Type::Int && xs->integer > 0 &&
                                                              static_cast<std::size_t>(xs->integer) < offset) {
            Revision extra;
            read_xref_stream(static_cast<std::size_t>(xs->integer), extra);
            for (const auto& [num, e] : extra.entries) rev.entries.emplace(num, e);
        }
    } else {
        after = read_xref_stream(offset, rev);
    }
    // The revision ends at the %%EOF after its own startxref.
    const std::size_t sx = find_from(m_bytes, "startxref", after);
    if (sx == std::string_view::npos) bad(after, "no startxref after the xref section", "ingen startxref efter xref-avsnittet");
    std::size_t p = sx + 9;
    Lexer l3(m_bytes, p, 0);
    const auto named = l3.integer();
    if (!named || static_cast<std::size_t>(*named) != offset) bad(sx, "startxref does not name its own xref section",
                                                                  "startxref anger inte sitt eget xref-avsnitt");
    const std::size_t eof = find_from(m_bytes, "%%EOF", l3.pos());
    if (eof == std::string_view::npos) bad(sx, "no %%EOF after startxref", "ingen %%EOF efter startxref");
    for (std::size_t k = l3.pos(); k < eof; ++k) {
        if (!is_ws(m_bytes[k])) bad(k, "bytes between startxref and %%EOF", "data mellan startxref och %%EOF");
    }
    rev.end = eof + 5;
    rev.end_with_eol = rev.end;
    if (rev.end_with_eol < m_bytes.size() && m_bytes[rev.end_with_eol] == '\r') ++rev.end_with_eol;
    if (rev.end_with_eol < m_bytes.size() && m_bytes[rev.end_with_eol] == '\n') ++rev.end_with_eol;
    const Object* prev = rev.trailer.get("Prev");
    m_revisions.push_back(std::move(rev));
    if (prev) {
        if (prev->type != Object::Type::Int || prev->integer < 0 || static_cast<std::size_t>(prev->integer) >= offset) {
            bad(offset, "a /Prev that does not point back into the file", "en /Prev som inte pekar bakåt i filen");
        }
        read_section(static_cast<std::size_t>(prev->integer), depth + 1);
    }
}

std::size_t File::read_xref_stream(std::size_t offset, Revision& rev) {
    // "N G obj << /Type /XRef ... >> stream ... endstream endobj"
    Lexer l2(m_bytes, offset, 0);
    const auto n = l2.integer();
    if (!n || *n < 0) bad(offset, "startxref or /Prev points at neither an xref table nor an xref stream",
                          "startxref eller /Prev pekar varken på en xref-tabell eller en xref-ström");
    m_revisions.push_back(Revision{});
    const Object s = object_at(offset, static_cast<std::uint32_t>(*n), m_revisions.size() - 1);
    m_revisions.pop_back();
    const Object* type = s.get("Type");
    if (s.type != Object::Type::Stream || !type || !type->is_name("XRef")) bad(offset, "the object at the xref position is not an xref stream",
                                                                               "objektet på xref-positionen är ingen xref-ström");
    rev.xref_stream = true;
    rev.trailer = s;
    const std::string data = stream_data(s, 0);
    const Object* w = s.get("W");
    if (!w || w->type != Object::Type::Array || w->array.size() != 3) bad(offset, "an xref stream without /W [a b c]",
                                                                          "en xref-ström utan /W [a b c]");
    std::size_t widths[3];
    for (int k = 0; k < 3; ++k) {
        if (w->array[static_cast<std::size_t>(k)].type != Object::Type::Int || w->array[static_cast<std::size_t>(k)].integer < 0 ||
            w->array[static_cast<std::size_t>(k)].integer > 8) {
            bad(offset, "an xref stream with bad /W", "en xref-ström med felaktig /W");
        }
        widths[k] = static_cast<std::size_t>(w->array[static_cast<std::size_t>(k)].integer);
    }
    const std::size_t row = widths[0] + widths[1] + widths[2];
    if (row == 0) bad(offset, "an xref stream with empty rows", "en xref-ström med tomma rader");
    std::vector<std::pair<std::int64_t, std::int64_t>> index;
    if (const Object* ix = s.get("Index"); ix && ix->type == Object::Type::Array) {
        for (std::size_t k = 0; k + 1 < ix->array.size(); k += 2) index.emplace_back(ix->array[k].integer, ix->array[k + 1].integer);
    } else if (const Object* size = s.get("Size"); size && size->type == Object::Type::Int) {
        index.emplace_back(0, size->integer);
    }
    std::size_t at = 0;
    const auto field = [&](std::size_t width, std::uint64_t dflt) {
        if (width == 0) return dflt;
        std::uint64_t v = 0;
        for (std::size_t k = 0; k < width; ++k) v = (v << 8) | static_cast<unsigned char>(data[at++]);
        return v;
    };
    for (const auto& [start, count] : index) {
        if (start < 0 || count < 0 || count > static_cast<std::int64_t>(k_max_xref_entries)) bad(offset, "a malformed xref stream /Index",
                                                                                                 "en felaktigt uppbyggd /Index i en xref-ström");
        m_entries += static_cast<std::size_t>(count);
        if (m_entries > m_limits.max_pdf_objects) {
            throw Error(Errc::PdfOverLimit,
                        "more than " + std::to_string(m_limits.max_pdf_objects) + " xref entries over the revisions (--max-pdf-objects)", {},
                        "fler än " + std::to_string(m_limits.max_pdf_objects) + " xref-poster sammanlagt i revisionerna (--max-pdf-objects)");
        }
        for (std::int64_t i = 0; i < count; ++i) {
            if (at + row > data.size()) bad(offset, "an xref stream shorter than its /Index",
                                            "en xref-ström som är kortare än dess /Index anger");
            XrefEntry e;
            e.type = static_cast<std::uint8_t>(field(widths[0], 1));
            e.offset = field(widths[1], 0);
            e.gen = static_cast<std::uint32_t>(field(widths[2], 0));
            if (e.type > 2) continue;  // reserved types are ignored, as ISO 32000-1 7.5.8.3 says
            rev.entries[static_cast<std::uint32_t>(start + i)] = e;
        }
    }
    return s.stream_offset + s.stream_length;
}

std::optional<std::size_t> File::defined_in(std::uint32_t num, std::size_t rev) const {
    for (std::size_t r = std::min(rev + 1, m_revisions.size()); r-- > 0;) {
        if (m_revisions[r].entries.count(num)) return r;
    }
    return std::nullopt;
}

std::optional<Object> File::object(std::uint32_t num, std::size_t rev) const {
    const auto r = defined_in(num, rev);
    if (!r) return std::nullopt;
    const XrefEntry& e = m_revisions[*r].entries.at(num);
    if (e.type == 0) return std::nullopt;
    if (e.type == 1) {
        if (e.offset >= m_bytes.size()) bad(m_revisions[*r].xref_offset, "object " + std::to_string(num) + "'s xref entry points past the end",
                                            "xref-posten för objekt " + std::to_string(num) + " pekar förbi filens slut");
        return object_at(static_cast<std::size_t>(e.offset), num, *r);
    }
    // In an object stream: parse the stream once per revision that defines it.
    const auto stm_rev = defined_in(static_cast<std::uint32_t>(e.offset), *r);
    if (!stm_rev) bad(m_revisions[*r].xref_offset, "object " + std::to_string(num) + " is in a missing object stream",
                      "objekt " + std::to_string(num) + " ligger i en objektström som saknas");
    const auto key = std::make_pair(static_cast<std::uint32_t>(e.offset), *stm_rev);
    auto it = m_objstm.find(key);
    if (it == m_objstm.end()) {
        // An object stream is itself a plain object (ISO 32000-1 7.5.7);
        // one said to lie in an object stream would be looked up forever.
        if (m_revisions[*stm_rev].entries.at(static_cast<std::uint32_t>(e.offset)).type != 1) {
            bad(m_revisions[*r].xref_offset, "object stream " + std::to_string(e.offset) + " is said to be inside an object stream",
                "objektström " + std::to_string(e.offset) + " sägs ligga inuti en objektström");
        }
        const auto stm = object(static_cast<std::uint32_t>(e.offset), *r);
        if (!stm || stm->type != Object::Type::Stream) bad(0, "object stream " + std::to_string(e.offset) + " is missing",
                                                           "objektström " + std::to_string(e.offset) + " saknas");
        const std::string data = stream_data(*stm, *r);
        const Object* n = stm->get("N");
        const Object* first = stm->get("First");
        if (!n || !first || n->type != Object::Type::Int || first->type != Object::Type::Int || n->integer < 0 || first->integer < 0 ||
            static_cast<std::size_t>(first->integer) > data.size() || n->integer > 1'000'000) {
            bad(stm->offset, "a malformed object stream", "en felaktigt uppbyggd objektström");
        }
        auto members = std::make_shared<std::vector<std::pair<std::uint32_t, Object>>>();
        std::size_t p = 0;
        Lexer head(data, p, 0);
        for (std::int64_t k = 0; k < n->integer; ++k) {
            const auto on = head.integer();
            const auto oo = head.integer();
            if (!on || !oo || *on < 0 || *oo < 0) bad(stm->offset, "a malformed object stream header",
                                                      "ett felaktigt uppbyggt huvud i en objektström");
            std::size_t op = static_cast<std::size_t>(first->integer) + static_cast<std::size_t>(*oo);
            if (op >= data.size()) bad(stm->offset, "an object stream member past its end",
                                       "ett objekt i en objektström ligger förbi strömmens slut");
            members->emplace_back(static_cast<std::uint32_t>(*on), parse_object(data, op, stm->stream_offset, m_limits.max_pdf_nesting));
        }
        it = m_objstm.emplace(key, std::move(members)).first;
    }
    if (e.gen >= it->second->size() || (*it->second)[e.gen].first != num) {
        bad(0, "object " + std::to_string(num) + " is not where its xref entry says in object stream " + std::to_string(e.offset),
            "objekt " + std::to_string(num) + " finns inte där dess xref-post anger i objektström " + std::to_string(e.offset));
    }
    return (*it->second)[e.gen].second;
}

Object File::object_at(std::size_t offset, std::uint32_t num, std::size_t rev) const {
    // /Length may be a reference, and that object a stream with a /Length...
    struct Depth {
        int& d;
        explicit Depth(int& x) : d(x) {
            if (++d > 16) {
                --d;
                bad(0, "objects whose /Length refer to each other", "objekt vars /Length hänvisar till varandra");
            }
        }
        ~Depth() { --d; }
    } guard(m_depth);
    Lexer lx(m_bytes, offset, 0, m_limits.max_pdf_nesting);
    const auto n = lx.integer();
    const auto g = lx.integer();
    if (!n || !g || !lx.keyword("obj")) bad(offset, "object " + std::to_string(num) + "'s xref entry points at no 'N G obj'",
                                            "xref-posten för objekt " + std::to_string(num) + " pekar inte på något 'N G obj'");
    if (*n != static_cast<std::int64_t>(num)) {
        bad(offset, "object " + std::to_string(num) + "'s xref entry points at object " + std::to_string(*n),
            "xref-posten för objekt " + std::to_string(num) + " pekar på objekt " + std::to_string(*n));
    }
    Object o = lx.value(0);
    if (lx.keyword("stream")) {
        if (o.type != Object::Type::Dict) bad(offset, "a stream without a dictionary", "en ström utan ordlista");
        std::size_t p = lx.pos();
        if (p < m_bytes.size() && m_bytes[p] == '\r') ++p;
        if (p < m_bytes.size() && m_bytes[p] == '\n') ++p;
        const Object* len = o.get("Length");
        std::int64_t length = -1;
        if (len && len->type == Object::Type::Int) {
            length = len->integer;
        } else if (len && len->type == Object::Type::Ref && len->ref.num != num) {
            const auto l = object(len->ref.num, rev);
            if (l && l->type == Object::Type::Int) length = l->integer;
        }
        if (length < 0 || p + static_cast<std::size_t>(length) > m_bytes.size()) bad(offset, "object " + std::to_string(num) + ": a stream with a bad /Length",
                                                                                     "objekt " + std::to_string(num) + ": en ström med felaktig /Length");
        o.type = Object::Type::Stream;
        o.stream_offset = p;
        o.stream_length = static_cast<std::size_t>(length);
        std::size_t q = p + o.stream_length;
        Lexer after(m_bytes, q, 0);
        if (!after.keyword("endstream")) bad(q, "object " + std::to_string(num) + ": no endstream where /Length says the data ends",
                                             "objekt " + std::to_string(num) + ": ingen endstream där /Length säger att data slutar");
        lx.pos() = after.pos();
    }
    if (!lx.keyword("endobj")) bad(lx.pos(), "object " + std::to_string(num) + ": no endobj",
                                   "objekt " + std::to_string(num) + ": ingen endobj");
    o.offset = offset;
    o.end = lx.pos();
    return o;
}

Object File::resolve(const Object& o, std::size_t rev) const {
    Object cur = o;
    for (int k = 0; k < 8 && cur.type == Object::Type::Ref; ++k) {
        auto next = object(cur.ref.num, rev);
        if (!next) return Object{};
        cur = std::move(*next);
    }
    return cur;
}

std::pair<Object, Object> File::filter_of(const Object& s, std::size_t rev, std::size_t max) const {
    if (s.type != Object::Type::Stream) throw Error(Errc::PdfMalformed, "not a stream", {}, "ingen ström");
    Object filter = s.get("Filter") ? resolve(*s.get("Filter"), rev) : Object{};
    Object parms = s.get("DecodeParms") ? resolve(*s.get("DecodeParms"), rev) : Object{};
    if (filter.type == Object::Type::Array) {
        if (filter.array.size() > 1) {
            throw Error(Errc::PdfMalformed, "a stream with more than one filter (object at byte " + std::to_string(s.offset) + ")", {},
                        "en ström med mer än ett filter (objekt vid byte " + std::to_string(s.offset) + ")");
        }
        filter = filter.array.empty() ? Object{} : filter.array[0];
        if (parms.type == Object::Type::Array) parms = parms.array.empty() ? Object{} : parms.array[0];
    }
    if (filter.type == Object::Type::Null) {
        if (m_bytes.substr(s.stream_offset, s.stream_length).size() > max) {
            throw Error(Errc::PdfOverLimit, "a stream of more than " + std::to_string(max) + " bytes at byte " + std::to_string(s.offset) + " (--max-stream-bytes)",
                        {}, "en ström på mer än " + std::to_string(max) + " byte vid byte " + std::to_string(s.offset) + " (--max-stream-bytes)");
        }
    } else if (!filter.is_name("FlateDecode")) {
        throw Error(Errc::PdfMalformed, "a stream with the filter /" + filter.text + " (only FlateDecode is read) at byte " + std::to_string(s.offset),
                    {}, "en ström med filtret /" + filter.text + " (bara FlateDecode läses) vid byte " + std::to_string(s.offset));
    }
    return {std::move(filter), std::move(parms)};
}

Reader File::stream_reader(const Object& s, std::size_t rev, std::size_t max) const {
    if (max == 0) max = m_limits.max_stream_bytes;
    const auto [filter, parms] = filter_of(s, rev, max);
    const Object* pred = parms.is_dict() ? parms.get("Predictor") : nullptr;
    const bool predicted = pred && pred->type == Object::Type::Int && pred->integer > 1;
    if (filter.type == Object::Type::Null || predicted) {
        // Held whole anyway (the file's own bytes), or undone row by row
        // (predictors come with images and xref streams, not large files).
        struct Held {
            std::string whole;
            std::string_view rest;
        };
        auto held = std::make_shared<Held>();
        if (filter.type == Object::Type::Null) {
            held->rest = m_bytes.substr(s.stream_offset, s.stream_length);
        } else {
            held->whole = stream_data(s, rev, max);
            held->rest = held->whole;
        }
        return [held](char* into, std::size_t room) -> std::size_t {
            const std::size_t n = std::min(room, held->rest.size());
            std::memcpy(into, held->rest.data(), n);
            held->rest.remove_prefix(n);
            return n;
        };
    }
    struct State {
        z_stream z{};
        bool ended = false;
        std::size_t produced = 0;
        State() = default;
        State(const State&) = delete;
        State& operator=(const State&) = delete;
        ~State() { inflateEnd(&z); }
    };
    auto st = std::make_shared<State>();
    std::string_view raw = m_bytes.substr(s.stream_offset, s.stream_length);
    start_inflate(st->z, raw);
    st->z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    st->z.avail_in = static_cast<uInt>(raw.size());
    return [st, max](char* into, std::size_t room) -> std::size_t {
        room = std::min<std::size_t>(room, 1U << 30);
        // A call that only consumes input (a block header) gives nothing
        // yet: go on until there is output or the end. zlib may still hold
        // output when the input is used up (the rest of a match that did
        // not fit): it is asked again until it can make no progress, which
        // for a truncated stream is where its data ends (as in inflate()).
        while (!st->ended && room > 0) {
            st->z.next_out = reinterpret_cast<Bytef*>(into);
            st->z.avail_out = static_cast<uInt>(room);
            const int rc = ::inflate(&st->z, Z_NO_FLUSH);
            const std::size_t n = room - st->z.avail_out;
            if (rc == Z_STREAM_END || (rc == Z_BUF_ERROR && n == 0 && st->z.avail_in == 0)) st->ended = true;
            else if (rc != Z_OK) throw Error(Errc::PdfMalformed, "a compressed stream is corrupt", {}, "en komprimerad ström är skadad");
            st->produced += n;
            if (st->produced > max) decodes_past(max);
            if (n > 0) return n;
        }
        return 0;
    };
}

std::string File::stream_data(const Object& s, std::size_t rev, std::size_t max) const {
    if (max == 0) max = m_limits.max_stream_bytes;
    const auto [filter, parms] = filter_of(s, rev, max);
    const std::string_view raw = m_bytes.substr(s.stream_offset, s.stream_length);
    if (filter.type == Object::Type::Null) return std::string(raw);
    std::string data = inflate(raw, max);
    const Object* pred = parms.is_dict() ? parms.get("Predictor") : nullptr;
    if (!pred || pred->type != Object::Type::Int || pred->integer <= 1) return data;
    if (pred->integer < 10) {
        throw Error(Errc::PdfMalformed, "a TIFF predictor (not supported) at byte " + std::to_string(s.offset), {},
                    "en TIFF-prediktor (stöds inte) vid byte " + std::to_string(s.offset));
    }
    const Object* cols = parms.get("Columns");
    const Object* colors = parms.get("Colors");
    const Object* bpc = parms.get("BitsPerComponent");
    const std::int64_t c = cols && cols->type == Object::Type::Int ? cols->integer : 1;
    const std::int64_t n = colors && colors->type == Object::Type::Int ? colors->integer : 1;
    const std::int64_t b = bpc && bpc->type == Object::Type::Int ? bpc->integer : 8;
    if (c <= 0 || c > 1'000'000 || n <= 0 || n > 32 || b <= 0 || b > 16) {
        throw Error(Errc::PdfMalformed, "bad predictor parameters", {}, "felaktiga prediktorparametrar");
    }
    const auto bpp = static_cast<std::size_t>(std::max<std::int64_t>(1, (n * b + 7) / 8));
    const auto width = static_cast<std::size_t>((c * n * b + 7) / 8);
    std::string out;
    std::string prior(width, '\0');
    for (std::size_t at = 0; at + 1 + width <= data.size(); at += 1 + width) {
        const auto type = static_cast<unsigned char>(data[at]);
        std::string row = data.substr(at + 1, width);
        for (std::size_t i = 0; i < width; ++i) {
            const int a = i >= bpp ? static_cast<unsigned char>(row[i - bpp]) : 0;
            const int up = static_cast<unsigned char>(prior[i]);
            const int ul = i >= bpp ? static_cast<unsigned char>(prior[i - bpp]) : 0;
            int add = 0;
            switch (type) {
                case 0: break;
                case 1: add = a; break;
                case 2: add = up; break;
                case 3: add = (a + up) / 2; break;
                case 4: {
                    const int p = a + up - ul;
                    const int pa = std::abs(p - a), pb = std::abs(p - up), pc = std::abs(p - ul);
                    add = pa <= pb && pa <= pc ? a : pb <= pc ? up : ul;
                    break;
                }
                default: throw Error(Errc::PdfMalformed, "an unknown PNG predictor row type", {}, "en okänd radtyp för PNG-prediktorn");
            }
            row[i] = static_cast<char>(static_cast<unsigned char>(row[i]) + add);
        }
        out += row;
        prior = std::move(row);
    }
    return out;
}

std::string utf16be_to_utf8(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i + 1 < s.size(); i += 2) {
        std::uint32_t u = (static_cast<unsigned char>(s[i]) << 8) | static_cast<unsigned char>(s[i + 1]);
        if (u >= 0xD800 && u < 0xDC00 && i + 3 < s.size()) {
            const std::uint32_t lo = (static_cast<unsigned char>(s[i + 2]) << 8) | static_cast<unsigned char>(s[i + 3]);
            if (lo >= 0xDC00 && lo < 0xE000) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        core::utf8::append(out, static_cast<char32_t>(u));
    }
    return out;
}

std::string text_string(std::string_view b) {
    if (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0xFE && static_cast<unsigned char>(b[1]) == 0xFF) return utf16be_to_utf8(b.substr(2));
    if (b.size() >= 3 && b.substr(0, 3) == "\xEF\xBB\xBF") return std::string(b.substr(3));
    // PDFDocEncoding: Latin-1 but for 0x18-0x1F and 0x80-0xA0 (Annex D.2).
    static constexpr char16_t k_low[8] = {0x02D8, 0x02C7, 0x02C6, 0x02D9, 0x02DD, 0x02DB, 0x02DA, 0x02DC};
    static constexpr char16_t k_high[33] = {0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039, 0x203A, 0x2212,
                                            0x2030, 0x201E, 0x201C, 0x201D, 0x2018, 0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141,
                                            0x0152, 0x0160, 0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0xFFFD, 0x20AC};
    std::string out;
    for (const char ch : b) {
        const auto c = static_cast<unsigned char>(ch);
        char32_t u = c;
        if (c >= 0x18 && c <= 0x1F) u = k_low[c - 0x18];
        else if (c >= 0x80 && c <= 0xA0) u = k_high[c - 0x80];
        else if (c == 0xAD) u = 0xFFFD;
        core::utf8::append(out, u);
    }
    return out;
}

}  // namespace justera::pdf::raw
