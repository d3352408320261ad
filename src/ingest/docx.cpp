// SPDX-License-Identifier: GPL-3.0-or-later
// Word documents as input. The zip container is read with libzip (sizes
// checked before anything is unpacked), the parts with the XML module's safe
// tree reader, and the WordprocessingML (ECMA-376 Part 1, §17) is written out
// as the Markdown of Layout::Docx. What is read and what is left out:
// docs/ingest.md, "DOCX".

#include "justera/ingest/docx.hpp"

#include <zip.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "justera/core/error.hpp"
#include "justera/core/utf8.hpp"
#include "justera/xml/xml.hpp"

namespace justera::ingest {

bool looks_like_zip(std::string_view b) noexcept {
    return b.size() >= 4 && (b.substr(0, 4) == std::string_view("PK\x03\x04", 4) || b.substr(0, 4) == std::string_view("PK\x05\x06", 4));
}

bool looks_like_ole(std::string_view b) noexcept {
    return b.size() >= 8 && b.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
}

namespace {

using core::Errc;
using core::Error;
using core::Where;
using xml::Node;

constexpr std::string_view k_w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view k_w_strict = "http://purl.oclc.org/ooxml/wordprocessingml/main";
constexpr std::string_view k_mc = "http://schemas.openxmlformats.org/markup-compatibility/2006";
constexpr std::string_view k_r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr std::string_view k_r_strict = "http://purl.oclc.org/ooxml/officeDocument/relationships";
constexpr std::string_view k_math = "http://schemas.openxmlformats.org/officeDocument/2006/math";
constexpr std::string_view k_math_strict = "http://purl.oclc.org/ooxml/officeDocument/math";

constexpr std::string_view k_main_part = "word/document.xml";

// ------------------------------------------------------------------ small helpers

bool in_w(const Node& n) { return n.ns() == k_w || n.ns() == k_w_strict; }
bool is_w(const Node& n, std::string_view local) { return n.is_element() && n.name() == local && in_w(n); }
bool is_mc(const Node& n, std::string_view local) { return n.is_element() && n.name() == local && n.ns() == k_mc; }
bool is_math(const Node& n, std::string_view local) {
    return n.is_element() && n.name() == local && (n.ns() == k_math || n.ns() == k_math_strict);
}

Node child_w(const Node& n, std::string_view local) {
    for (Node c = n.first_child(); c; c = c.next()) {
        if (is_w(c, local)) return c;
    }
    return {};
}

/// An attribute of a WordprocessingML element: in the element's namespace.
std::optional<std::string> attr(const Node& n, std::string_view local) {
    if (!n) return std::nullopt;
    return n.attribute(n.ns(), local);
}
std::string val(const Node& n) { return attr(n, "val").value_or(""); }

/// ST_OnOff (§17.17.4): absent means on.
bool on(const Node& n) {
    const auto v = attr(n, "val");
    return !v || !(*v == "0" || *v == "false" || *v == "off");
}

std::optional<int> int_val(const Node& n, std::string_view local = "val") {
    const auto v = attr(n, local);
    if (!v || v->empty() || v->size() > 9) return std::nullopt;
    int out = 0;
    std::size_t i = 0;
    const bool negative = (*v)[0] == '-';
    if (negative) i = 1;
    if (i >= v->size()) return std::nullopt;
    for (; i < v->size(); ++i) {
        if ((*v)[i] < '0' || (*v)[i] > '9') return std::nullopt;
        out = out * 10 + ((*v)[i] - '0');
    }
    return negative ? -out : out;
}

std::optional<std::string> relationship_id(const Node& n) {
    if (auto v = n.attribute(k_r, "id")) return v;
    return n.attribute(k_r_strict, "id");
}

/// A paragraph properties' tab stops draw a dot leader (w:tabs/w:tab
/// w:leader, §17.3.1.37), as a table of contents' entries do.
bool has_dot_leader(const Node& ppr) {
    for (Node t = child_w(child_w(ppr, "tabs"), "tab"); t; t = t.next()) {
        const std::string leader = is_w(t, "tab") ? attr(t, "leader").value_or("") : std::string();
        if (leader == "dot" || leader == "middleDot") return true;
    }
    return false;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

/// The first `max` bytes of `s` on a character boundary, with "…" when cut.
std::string excerpt(std::string_view s, std::size_t max = 160) {
    std::string t;
    bool space = false;
    for (const char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\f') {
            space = !t.empty();
            continue;
        }
        if (space) t.push_back(' ');
        space = false;
        t.push_back(c);
    }
    if (t.size() <= max) return t;
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
    return t.substr(0, cut) + "\xE2\x80\xA6";
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// ------------------------------------------------------------------ the zip container

std::uint16_t u16_at(std::string_view b, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) | (static_cast<unsigned char>(b[at + 1]) << 8));
}
std::uint64_t u64_at(std::string_view b, std::size_t at) {
    std::uint64_t v = 0;
    for (std::size_t i = 8; i-- > 0;) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
    return v;
}

/// The number of entries the end of central directory record declares
/// (APPNOTE 4.3.16, and 4.3.14 for ZIP64), read before libzip builds its
/// table of them: a declared million entries is refused without allocating
/// a million entries.
std::optional<std::uint64_t> declared_entries(std::string_view b) {
    if (b.size() < 22) return std::nullopt;
    const std::size_t lowest = b.size() > 22 + 65535 ? b.size() - 22 - 65535 : 0;
    for (std::size_t i = b.size() - 22 + 1; i-- > lowest;) {
        if (b.compare(i, 4, std::string_view("PK\x05\x06", 4)) != 0) continue;
        const std::uint16_t n = u16_at(b, i + 10);
        if (n != 0xFFFF || i < 20 || b.compare(i - 20, 4, std::string_view("PK\x06\x07", 4)) != 0) return n;
        const std::uint64_t at = u64_at(b, i - 20 + 8);
        if (at > b.size() || b.size() - at < 56 || b.compare(static_cast<std::size_t>(at), 4, std::string_view("PK\x06\x06", 4)) != 0) {
            return n;
        }
        return u64_at(b, static_cast<std::size_t>(at) + 32);
    }
    return std::nullopt;
}

[[noreturn]] void over_limit(const std::string& file, const std::string& what, const std::string& what_sv) {
    throw Error(Errc::InputDocxOverLimit, what + "; a Word document does not need that, so it is refused (a zip bomb?)", Where{file},
                what_sv + "; ett Word-dokument behöver inte det, så filen avvisas (en zip-bomb?)");
}

[[noreturn]] void damaged(const std::string& where, const std::string& what, const std::string& what_sv) {
    throw Error(Errc::InputDocxMalformed,
                "the DOCX's zip container is damaged (" + what + "); the file may be truncated or incompletely "
                "copied: save or download it again",
                Where{where},
                "DOCX-filens zip-behållare är skadad (" + what_sv + "); filen kan vara avkortad eller ofullständigt "
                "kopierad: spara eller ladda ned den igen");
}

/// A zip archive held in memory, read-only. Every entry is unpacked with its
/// size checked against what the central directory declares, and all of
/// them together against Limits::max_input_bytes.
class Archive final {
public:
    Archive(std::string_view bytes, std::string file, const core::Limits& limits) : m_file(std::move(file)), m_limits(limits) {
        if (const auto n = declared_entries(bytes); n && *n > k_docx_max_entries) {
            over_limit(m_file, "the zip archive declares " + std::to_string(*n) + " entries, over the bound of " +
                                   std::to_string(k_docx_max_entries),
                       "zip-arkivet anger " + std::to_string(*n) + " poster, över gränsen på " + std::to_string(k_docx_max_entries));
        }
        zip_error_t error;
        zip_error_init(&error);
        zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
        if (source) {
            // The archive owns the source once open; a failed open leaves it to us.
            m_zip.reset(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
            if (!m_zip) zip_source_free(source);
        }
        if (!m_zip) {
            const int code = zip_error_code_zip(&error);
            const std::string what = zip_error_strerror(&error);
            zip_error_fini(&error);
            if (code == ZIP_ER_MEMORY) throw std::bad_alloc();
            if (code == ZIP_ER_MULTIDISK) {
                damaged(m_file, "a zip archive split over several files, which justera does not read",
                        "ett zip-arkiv uppdelat på flera filer, vilket justera inte läser");
            }
            damaged(m_file, "libzip: " + lower_ascii(what), "libzip: " + lower_ascii(what));
        }
        zip_error_fini(&error);
        const zip_int64_t count = zip_get_num_entries(m_zip.get(), 0);
        if (count < 0) damaged(m_file, "no central directory", "ingen central katalog");
        if (static_cast<std::uint64_t>(count) > k_docx_max_entries) {
            over_limit(m_file, "the zip archive has " + std::to_string(count) + " entries, over the bound of " +
                                   std::to_string(k_docx_max_entries),
                       "zip-arkivet har " + std::to_string(count) + " poster, över gränsen på " + std::to_string(k_docx_max_entries));
        }
        std::uint64_t unpacked = 0;
        std::uint64_t packed = 0;
        for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
            zip_stat_t st;
            zip_stat_init(&st);
            if (zip_stat_index(m_zip.get(), i, 0, &st) != 0) {
                damaged(m_file, "an entry without a directory record", "en post som saknar uppgifter i den centrala katalogen");
            }
            const std::string name = (st.valid & ZIP_STAT_NAME) && st.name ? st.name : "entry " + std::to_string(i);
            if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
                throw Error(Errc::InputDocxEncrypted,
                            "the zip entries are encrypted with a password (not how Word protects a document): unpack "
                            "and save the document again without a password",
                            Where{m_file + ":" + name},
                            "zip-posterna är krypterade med ett lösenord (inte så som Word skyddar ett dokument): packa "
                            "upp och spara dokumentet igen utan lösenord");
            }
            if (!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE)) damaged(m_file + ":" + name, "no sizes recorded", "inga storlekar angivna");
            // Sizes are added without overflow: each is checked first.
            if (st.size > m_limits.max_input_bytes || unpacked > m_limits.max_input_bytes - st.size) {
                over_limit(m_file, "the zip archive unpacks to more than " + std::to_string(m_limits.max_input_bytes) +
                                       " bytes (--max-input-bytes)",
                           "zip-arkivet packas upp till mer än " + std::to_string(m_limits.max_input_bytes) +
                               " byte (--max-input-bytes)");
            }
            unpacked += st.size;
            packed += std::min<std::uint64_t>(st.comp_size, m_limits.max_input_bytes);
        }
        if (unpacked > k_docx_max_ratio * std::max<std::uint64_t>(packed, 1) && unpacked > 1024 * 1024) {
            over_limit(m_file, "the zip archive unpacks " + std::to_string(packed) + " bytes to " + std::to_string(unpacked) +
                                   ", a ratio over " + std::to_string(k_docx_max_ratio) + ":1",
                       "zip-arkivet packar upp " + std::to_string(packed) + " byte till " + std::to_string(unpacked) +
                           ", ett förhållande över " + std::to_string(k_docx_max_ratio) + ":1");
        }
    }
    Archive(const Archive&) = delete;
    Archive& operator=(const Archive&) = delete;

    [[nodiscard]] bool has(std::string_view name) const { return index_of(name).has_value(); }

    /// The entry's bytes, or nullopt when there is none (names compare
    /// without case, as OPC part names do).
    std::optional<std::string> read(std::string_view name) {
        const auto index = index_of(name);
        if (!index) return std::nullopt;
        const std::string where = m_file + ":" + std::string(name);
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(m_zip.get(), *index, 0, &st) != 0) damaged(where, "no directory record", "uppgifter saknas i den centrala katalogen");
        if (st.size > m_limits.max_input_bytes - std::min<std::uint64_t>(m_read, m_limits.max_input_bytes)) {
            over_limit(m_file, "the parts read unpack to more than " + std::to_string(m_limits.max_input_bytes) + " bytes (--max-input-bytes)",
                       "de lästa delarna packas upp till mer än " + std::to_string(m_limits.max_input_bytes) + " byte (--max-input-bytes)");
        }
        zip_file_t* f = zip_fopen_index(m_zip.get(), *index, 0);
        if (!f) {
            const int code = zip_error_code_zip(zip_get_error(m_zip.get()));
            if (code == ZIP_ER_COMPNOTSUPP) {
                damaged(where, "compressed with a method libzip cannot read (" + std::to_string(st.comp_method) + ")",
                        "komprimerad med en metod som libzip inte kan läsa (" + std::to_string(st.comp_method) + ")");
            }
            if (code == ZIP_ER_ENCRNOTSUPP || code == ZIP_ER_NOPASSWD) {
                throw Error(Errc::InputDocxEncrypted, "the zip entry is encrypted with a password", Where{where},
                            "zip-posten är krypterad med ett lösenord");
            }
            const std::string why = "libzip: " + lower_ascii(zip_error_strerror(zip_get_error(m_zip.get())));
            damaged(where, why, why);
        }
        std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(f, zip_fclose);
        std::string out;
        out.resize(static_cast<std::size_t>(st.size));
        std::size_t got = 0;
        char probe = 0;
        for (;;) {
            // One byte more than declared is asked for at the end: a stream
            // that goes on past its size is damaged (or a bomb).
            const bool at_end = got == out.size();
            char* into = at_end ? &probe : out.data() + got;
            const zip_uint64_t want = at_end ? 1 : std::min<zip_uint64_t>(out.size() - got, 1U << 16);
            const zip_int64_t n = zip_fread(file.get(), into, want);
            if (n < 0) {
                const int code = zip_error_code_zip(zip_file_get_error(file.get()));
                if (code == ZIP_ER_CRC) damaged(where, "its checksum does not match", "dess kontrollsumma stämmer inte");
                const std::string why = "libzip: " + lower_ascii(zip_error_strerror(zip_file_get_error(file.get())));
                damaged(where, why, why);
            }
            if (n == 0) break;
            if (at_end) {
                damaged(where, "it unpacks to more than the " + std::to_string(st.size) + " bytes its header declares",
                        "den packas upp till mer än de " + std::to_string(st.size) + " byte som dess huvud anger");
            }
            got += static_cast<std::size_t>(n);
        }
        if (got != out.size()) {
            damaged(where, "it unpacks to " + std::to_string(got) + " bytes, its header declares " + std::to_string(st.size),
                    "den packas upp till " + std::to_string(got) + " byte, dess huvud anger " + std::to_string(st.size));
        }
        m_read += got;
        return out;
    }

private:
    [[nodiscard]] std::optional<zip_uint64_t> index_of(std::string_view name) const {
        const std::string n(name);
        const zip_int64_t i = zip_name_locate(m_zip.get(), n.c_str(), ZIP_FL_NOCASE);
        if (i < 0) return std::nullopt;
        return static_cast<zip_uint64_t>(i);
    }

    // A member that frees itself: the constructor may throw after opening.
    std::unique_ptr<zip_t, void (*)(zip_t*)> m_zip{nullptr, zip_discard};
    std::string m_file;
    core::Limits m_limits;
    std::uint64_t m_read = 0;
};

/// UTF-16LE bytes of an ASCII name, as an OLE directory entry holds it.
std::string utf16le(std::string_view ascii) {
    std::string out;
    for (const char c : ascii) {
        out.push_back(c);
        out.push_back('\0');
    }
    return out;
}

/// An OLE compound file is refused with what it is. The stream names are
/// looked for in the directory's UTF-16 names ([MS-CFB] 2.6;
/// [MS-OFFCRYPTO] 2.3.4.4 for EncryptedPackage, [MS-DOC] 2.1 for
/// WordDocument): a message is chosen, nothing is read.
[[noreturn]] void refuse_ole(std::string_view bytes, const std::string& file) {
    const auto has = [&](std::string_view name) { return bytes.find(utf16le(name)) != std::string_view::npos; };
    if (has("EncryptedPackage") || has("EncryptionInfo")) {
        throw Error(Errc::InputDocxEncrypted,
                    "a password-protected Office document (encrypted in an OLE container): it needs a password to be "
                    "read; open it in Word, remove the password (File > Info > Protect Document) and save it as DOCX",
                    Where{file},
                    "ett lösenordsskyddat Office-dokument (krypterat i en OLE-behållare): det behöver ett lösenord för att "
                    "kunna läsas; öppna det i Word, ta bort lösenordet (Arkiv > Info > Skydda dokument) och spara det som DOCX");
    }
    if (has("WordDocument")) {
        throw Error(Errc::InputDocLegacy,
                    "a Word 97-2003 document (.doc), the old binary format: justera reads DOCX; open it in Word or "
                    "LibreOffice and save it as a Word document (.docx)",
                    Where{file},
                    "ett Word 97-2003-dokument (.doc), det gamla binära formatet: justera läser DOCX; öppna det i Word eller "
                    "LibreOffice och spara det som Word-dokument (.docx)");
    }
    throw Error(Errc::InputDocLegacy,
                "an OLE compound file (an old Office format such as .xls, .ppt or .msg), not a Word document: justera "
                "reads DOCX, PDF, XML and text",
                Where{file},
                "en sammansatt OLE-fil (ett gammalt Office-format som .xls, .ppt eller .msg), inget Word-dokument: justera "
                "läser DOCX, PDF, XML och text");
}

/// A part name from a relationship's target, relative to word/ (OPC, ECMA-376
/// Part 2 §9.3): "header1.xml" -> "word/header1.xml", "/word/x.xml" ->
/// "word/x.xml", "../customXml/item1.xml" -> "customXml/item1.xml".
std::string part_name(std::string_view base_dir, std::string_view target) {
    std::vector<std::string> parts;
    const auto push_path = [&](std::string_view p) {
        std::size_t start = 0;
        while (start <= p.size()) {
            auto end = p.find('/', start);
            if (end == std::string_view::npos) end = p.size();
            const std::string_view seg = p.substr(start, end - start);
            if (seg == "..") {
                if (!parts.empty()) parts.pop_back();
            } else if (!seg.empty() && seg != ".") {
                parts.emplace_back(seg);
            }
            start = end + 1;
        }
    };
    if (target.empty() || target.front() != '/') push_path(base_dir);
    push_path(target);
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
    return out;
}

// ------------------------------------------------------------------ styles (§17.7)

struct Style {
    std::string name;
    std::string based_on;
    std::optional<int> outline;   ///< pPr/outlineLvl
    std::optional<bool> bold;     ///< rPr/b
    std::optional<bool> vanish;   ///< rPr/vanish
    std::optional<std::pair<std::string, int>> numbering;  ///< pPr/numPr: numId, ilvl
    bool dot_leader = false;      ///< pPr/tabs: a tab stop with a dot leader
};

/// "heading 1", "Heading1", "Rubrik 1", "rubrik1" -> 1; "Title", "Rubrik" -> 1.
std::optional<int> heading_by_name(std::string_view s) {
    std::string k;
    for (const char c : lower_ascii(s)) {
        if (c != ' ') k.push_back(c);
    }
    if (k == "title" || k == "rubrik") return 1;
    for (const std::string_view prefix : {"heading", "rubrik"}) {
        if (k.size() == prefix.size() + 1 && k.rfind(prefix, 0) == 0 && k.back() >= '1' && k.back() <= '9') return k.back() - '0';
    }
    return std::nullopt;
}

class Styles final {
public:
    void load(const Node& root) {
        for (Node s = root.first_child(); s; s = s.next()) {
            if (is_w(s, "docDefaults")) {
                const Node rpr = child_w(child_w(s, "rPrDefault"), "rPr");
                if (const Node b = child_w(rpr, "b")) m_default_bold = on(b);
                continue;
            }
            if (!is_w(s, "style")) continue;
            const std::string id = attr(s, "styleId").value_or("");
            if (id.empty()) continue;
            Style st;
            st.name = val(child_w(s, "name"));
            st.based_on = val(child_w(s, "basedOn"));
            const Node ppr = child_w(s, "pPr");
            st.dot_leader = has_dot_leader(ppr);
            if (const Node o = child_w(ppr, "outlineLvl")) st.outline = int_val(o);
            if (const Node np = child_w(ppr, "numPr")) {
                const Node id_node = child_w(np, "numId");
                if (id_node) st.numbering = std::make_pair(val(id_node), int_val(child_w(np, "ilvl")).value_or(0));
            }
            const Node rpr = child_w(s, "rPr");
            if (const Node b = child_w(rpr, "b")) st.bold = on(b);
            if (const Node v = child_w(rpr, "vanish")) st.vanish = on(v);
            if (attr(s, "type").value_or("") == "paragraph" && on_attr(s, "default")) m_default_paragraph = id;
            m_styles.emplace(id, std::move(st));
        }
    }

    [[nodiscard]] const std::string& default_paragraph() const noexcept { return m_default_paragraph; }

    /// The first value `get` finds from `id` up its basedOn chain (loops and
    /// chains over 32 styles end the search).
    template <typename T, typename F>
    std::optional<T> inherited(const std::string& id, F get) const {
        std::string cur = id;
        std::set<std::string> seen;
        for (int depth = 0; depth < 32 && !cur.empty() && seen.insert(cur).second; ++depth) {
            const auto it = m_styles.find(cur);
            if (it == m_styles.end()) break;
            if (auto v = get(cur, it->second)) return v;
            cur = it->second.based_on;
        }
        return std::nullopt;
    }

    /// A paragraph style's heading level (1-9), by its outline level or by
    /// its name or id, up the chain.
    [[nodiscard]] std::optional<int> heading_level(const std::string& id) const {
        return cached(m_heading_cache, id, [&] { return find_heading_level(id); });
    }
    [[nodiscard]] std::optional<bool> bold(const std::string& id) const {
        return cached(m_bold_cache, id, [&] { return inherited<bool>(id, [](const std::string&, const Style& s) { return s.bold; }); });
    }
    [[nodiscard]] std::optional<bool> vanish(const std::string& id) const {
        return cached(m_vanish_cache, id, [&] { return inherited<bool>(id, [](const std::string&, const Style& s) { return s.vanish; }); });
    }
    [[nodiscard]] std::optional<std::pair<std::string, int>> numbering(const std::string& id) const {
        return cached(m_numbering_cache, id, [&] {
            return inherited<std::pair<std::string, int>>(id, [](const std::string&, const Style& s) { return s.numbering; });
        });
    }
    [[nodiscard]] bool dot_leader(const std::string& id) const {
        return cached(m_leader_cache, id, [&] {
            return inherited<bool>(id, [](const std::string&, const Style& s) { return s.dot_leader ? std::optional<bool>(true) : std::nullopt; });
        }).value_or(false);
    }
    [[nodiscard]] bool default_bold() const noexcept { return m_default_bold.value_or(false); }

private:
    /// Each style's value is looked up its chain once: a document has a
    /// handful of styles and may have a million runs.
    template <typename T, typename F>
    static std::optional<T> cached(std::map<std::string, std::optional<T>>& cache, const std::string& id, F find) {
        const auto it = cache.find(id);
        if (it != cache.end()) return it->second;
        auto v = find();
        cache.emplace(id, v);
        return v;
    }

    [[nodiscard]] std::optional<int> find_heading_level(const std::string& id) const {
        const auto level = inherited<int>(id, [](const std::string& sid, const Style& s) -> std::optional<int> {
            if (s.outline) return *s.outline >= 0 && *s.outline <= 8 ? *s.outline + 1 : 0;
            if (auto n = heading_by_name(s.name)) return n;
            return heading_by_name(sid);
        });
        if (!level || *level == 0) return std::nullopt;
        return level;
    }

    static bool on_attr(const Node& n, std::string_view a) {
        const auto v = attr(n, a);
        return v && (*v == "1" || *v == "true" || *v == "on");
    }
    std::map<std::string, Style> m_styles;
    std::string m_default_paragraph;
    std::optional<bool> m_default_bold;
    mutable std::map<std::string, std::optional<int>> m_heading_cache;
    mutable std::map<std::string, std::optional<bool>> m_bold_cache;
    mutable std::map<std::string, std::optional<bool>> m_vanish_cache;
    mutable std::map<std::string, std::optional<bool>> m_leader_cache;
    mutable std::map<std::string, std::optional<std::pair<std::string, int>>> m_numbering_cache;
};

// ------------------------------------------------------------------ numbering (§17.9)

struct Level {
    std::string format = "decimal";  ///< numFmt
    std::string text;                ///< lvlText, "%1." or a bullet character
    int start = 1;
    std::optional<int> restart;      ///< lvlRestart
    bool legal = false;              ///< isLgl: every level's number in decimal
    std::string suffix = "tab";      ///< suff: tab, space, nothing
};

struct Label {
    bool bullet = false;
    std::string text;  ///< "3.", "§ 74", "a)" (empty for a bullet)
    int level = 0;
};

std::string roman(int v, bool upper) {
    if (v <= 0 || v >= 4000) return std::to_string(v);
    static constexpr std::array<std::pair<int, const char*>, 13> k_table{{{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"},
                                                                           {100, "c"}, {90, "xc"}, {50, "l"}, {40, "xl"},
                                                                           {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}}};
    std::string out;
    for (const auto& [n, s] : k_table) {
        while (v >= n) {
            out += s;
            v -= n;
        }
    }
    return upper ? [&] { for (char& c : out) c = static_cast<char>(c - 'a' + 'A'); return out; }() : out;
}

/// A counter as numFmt writes it (§17.18.59); formats justera does not know
/// are written in decimal.
std::string format_number(int v, const std::string& format) {
    if (format == "decimalZero") return (v >= 0 && v < 10 ? "0" : "") + std::to_string(v);
    if (format == "upperRoman" || format == "lowerRoman") return roman(v, format == "upperRoman");
    if ((format == "upperLetter" || format == "lowerLetter") && v > 0 && v <= 780) {
        // a..z, then aa..zz (the letter repeated), as Word counts.
        const char c = static_cast<char>((format == "upperLetter" ? 'A' : 'a') + (v - 1) % 26);
        return std::string(static_cast<std::size_t>((v - 1) / 26 + 1), c);
    }
    if (format == "none") return "";
    return std::to_string(v);
}

Level level_of(const Node& lvl) {
    Level l;
    if (const Node f = child_w(lvl, "numFmt")) l.format = val(f);
    if (const Node t = child_w(lvl, "lvlText")) l.text = val(t);
    if (const Node s = child_w(lvl, "start")) l.start = int_val(s).value_or(1);
    if (const Node r = child_w(lvl, "lvlRestart")) l.restart = int_val(r);
    if (const Node g = child_w(lvl, "isLgl")) l.legal = on(g);
    if (const Node s = child_w(lvl, "suff")) l.suffix = val(s);
    return l;
}

class Numbering final {
public:
    void load(const Node& root) {
        for (Node n = root.first_child(); n; n = n.next()) {
            if (is_w(n, "abstractNum")) {
                auto& levels = m_abstract[attr(n, "abstractNumId").value_or("")];
                for (Node l = n.first_child(); l; l = l.next()) {
                    const auto i = is_w(l, "lvl") ? int_val(l, "ilvl") : std::nullopt;
                    if (i && *i >= 0 && *i < 9) levels[static_cast<std::size_t>(*i)] = level_of(l);
                }
            } else if (is_w(n, "num")) {
                Num num;
                num.abstract_id = val(child_w(n, "abstractNumId"));
                for (Node o = n.first_child(); o; o = o.next()) {
                    const auto i = is_w(o, "lvlOverride") ? int_val(o, "ilvl") : std::nullopt;
                    if (!i || *i < 0 || *i >= 9) continue;
                    const auto k = static_cast<std::size_t>(*i);
                    if (const Node s = child_w(o, "startOverride")) num.start_override[k] = int_val(s);
                    if (const Node l = child_w(o, "lvl")) num.level_override[k] = level_of(l);
                }
                m_num[attr(n, "numId").value_or("")] = std::move(num);
            }
        }
    }

    /// The label of the next paragraph of list `num_id` at level `ilvl`, the
    /// counters advanced; nullopt for no list ("0", an unknown list or level).
    std::optional<Label> next(const std::string& num_id, int ilvl) {
        if (num_id.empty() || num_id == "0" || ilvl < 0 || ilvl >= 9) return std::nullopt;
        const auto it = m_num.find(num_id);
        if (it == m_num.end()) return std::nullopt;
        const Num& num = it->second;
        const auto level = [&](std::size_t l) -> const Level* {
            if (num.level_override[l]) return &*num.level_override[l];
            const auto a = m_abstract.find(num.abstract_id);
            if (a == m_abstract.end() || !a->second[l]) return nullptr;
            return &*a->second[l];
        };
        const auto k = static_cast<std::size_t>(ilvl);
        const Level* lvl = level(k);
        if (!lvl) return std::nullopt;
        // Lists that share an abstract list continue each other's counters
        // unless one restarts (startOverride), as Word numbers them.
        const bool own = std::any_of(num.start_override.begin(), num.start_override.end(), [](const auto& o) { return o.has_value(); });
        Counter& c = m_counters[own ? "num:" + num_id : "abstract:" + num.abstract_id];
        if (!c.started[k]) {
            c.value[k] = num.start_override[k].value_or(lvl->start);
            c.started[k] = true;
        } else {
            ++c.value[k];
        }
        for (std::size_t deeper = k + 1; deeper < 9; ++deeper) {
            const Level* d = level(deeper);
            const int restart_after = d && d->restart ? *d->restart : static_cast<int>(deeper);
            if (restart_after > 0 && ilvl < restart_after) c.started[deeper] = false;
        }
        Label out;
        out.level = ilvl;
        if (lvl->format == "bullet") {
            out.bullet = true;
            return out;
        }
        for (std::size_t i = 0; i < lvl->text.size(); ++i) {
            const char ch = lvl->text[i];
            if (ch == '%' && i + 1 < lvl->text.size() && lvl->text[i + 1] >= '1' && lvl->text[i + 1] <= '9') {
                const auto ref = static_cast<std::size_t>(lvl->text[i + 1] - '1');
                const Level* r = level(ref);
                const int v = c.started[ref] ? c.value[ref] : (r ? num.start_override[ref].value_or(r->start) : 1);
                out.text += format_number(v, lvl->legal ? std::string("decimal") : (r ? r->format : std::string("decimal")));
                ++i;
                continue;
            }
            out.text.push_back(ch);
        }
        return out;
    }

private:
    struct Num {
        std::string abstract_id;
        std::array<std::optional<int>, 9> start_override{};
        std::array<std::optional<Level>, 9> level_override{};
    };
    struct Counter {
        std::array<int, 9> value{};
        std::array<bool, 9> started{};
    };
    std::map<std::string, std::array<std::optional<Level>, 9>> m_abstract;
    std::map<std::string, Num> m_num;
    std::map<std::string, Counter> m_counters;
};

// ------------------------------------------------------------------ output

/// What the walk writes: lines (already in the output's markup), blank lines
/// between paragraphs, page and section breaks.
struct Out {
    enum class Kind : std::uint8_t { Unknown = 0, Line, Blank, PageBreak, SectionEnd };
    Kind kind = Kind::Unknown;
    std::string text;
};

/// How a paragraph is written: as a block of the document (headings, bold
/// lines, blank lines between paragraphs) or as a line of a table cell.
enum class Mode : std::uint8_t { Unknown = 0, Block, Cell };

struct Flow {
    Mode mode = Mode::Block;
    std::vector<Out> items;
    enum class Last : std::uint8_t { None, Paragraph, ListItem, Table } last = Last::None;
    bool pending_blank = false;  ///< an empty paragraph stood here
    std::vector<Node> sections;  ///< sectPr of the body's sections, in order

    void line(std::string s) {
        while (!s.empty() && s.back() == ' ') s.pop_back();
        items.push_back(Out{Out::Kind::Line, std::move(s)});
    }
    void separate(bool list_item, bool table) {
        if (mode != Mode::Block || last == Last::None) return;
        const bool both_lists = list_item && last == Last::ListItem && !pending_blank;
        if (!both_lists || table || last == Last::Table) items.push_back(Out{Out::Kind::Blank, {}});
        pending_blank = false;
    }
    void page_break() {
        items.push_back(Out{Out::Kind::PageBreak, {}});
        last = Last::None;
        pending_blank = false;
    }
    /// Another flow's paragraphs (a text box's, a note's) after this one's.
    void append(const Flow& other) {
        if (other.items.empty()) return;
        separate(false, false);
        for (const auto& o : other.items) {
            if (o.kind != Out::Kind::SectionEnd) items.push_back(o);
        }
        last = Last::Paragraph;
    }
};

/// One line of a paragraph as its runs build it (broken at w:br and w:cr).
struct RunLine {
    std::string text;        ///< as written; '\t' for tabs
    bool all_bold = true;
    bool has_text = false;
    bool page_break_after = false;
};

struct ParagraphText {
    std::vector<RunLine> lines{RunLine{}};
    std::string style;       ///< the paragraph's style id
    std::string hidden;      ///< text hidden with w:vanish
    bool dot_leader = false; ///< a tab stop of the paragraph draws dots up to it (a table of contents)
    Flow after;              ///< text boxes and footnotes, written after the paragraph
};


/// Characters of the Symbol and Wingdings fonts as w:sym writes them
/// (F000 + the font's code), those protocols use: bullets, boxes, checks.
std::optional<std::string_view> symbol_text(std::string_view font, std::uint32_t code) {
    const std::string f = lower_ascii(font);
    if (f == "symbol") {
        switch (code) {
            case 0xB7: return "\xE2\x80\xA2";  // •
            case 0xB0: return "\xC2\xB0";      // °
            case 0xB1: return "\xC2\xB1";      // ±
            case 0xB4: return "\xC3\x97";      // ×
            case 0xAE: return "\xE2\x86\x92";  // →
            default: return std::nullopt;
        }
    }
    if (f.rfind("wingdings", 0) == 0) {
        switch (code) {
            case 0xA8: return "\xE2\x98\x90";  // ☐
            case 0xFB: return "\xE2\x9C\x97";  // ✗
            case 0xFC: return "\xE2\x9C\x93";  // ✓
            case 0xFD: return "\xE2\x98\x92";  // ☒
            case 0xFE: return "\xE2\x98\x91";  // ☑
            default: return std::nullopt;
        }
    }
    return std::nullopt;
}

// ------------------------------------------------------------------ the reader

struct Section {
    std::array<std::optional<std::string>, 3> headers;  ///< default, first, even: part names ("" for none)
    std::array<std::optional<std::string>, 3> footers;
    bool title_page = false;
    bool new_page = true;  ///< the section starts on a new page (not continuous)
};

class Reader final {
public:
    Reader(Archive& zip, const DocxOptions& options, core::Diagnostics& diags)
        : m_zip(zip), m_options(options), m_diags(diags), m_file(options.file_name) {}

    std::string run() {
        m_document_rels = relationships("word/_rels/document.xml.rels");
        if (auto t = load_part(find_related("styles", "word/styles.xml"))) m_styles.load(t->root());
        if (auto t = load_part(find_related("numbering", "word/numbering.xml"))) m_numbering.load(t->root());
        if (auto t = load_part(find_related("settings", "word/settings.xml"))) {
            m_even_and_odd = static_cast<bool>(child_w(t->root(), "evenAndOddHeaders")) && on(child_w(t->root(), "evenAndOddHeaders"));
        }
        auto document = load_part(std::string(k_main_part));
        const Node root = document->root();
        if (!is_w(root, "document")) {
            throw Error(Errc::InputDocxMalformed,
                        "not a WordprocessingML document: the root element is '" + std::string(root.name()) + "'",
                        Where{m_file + ":" + std::string(k_main_part)},
                        "inget WordprocessingML-dokument: rotelementet är '" + std::string(root.name()) + "'");
        }
        Flow body;
        const Node b = child_w(root, "body");
        Node final_section;
        if (b) {
            blocks(b, body);
            final_section = child_w(b, "sectPr");
        }
        body.sections.push_back(final_section);
        if (!m_endnotes.items.empty()) {
            body.separate(false, false);
            body.append(m_endnotes);
        }
        report();
        return compose(body);
    }

private:
    // ---- parts

    std::optional<xml::Tree> load_part(const std::string& name) {
        if (name.empty()) return std::nullopt;
        auto bytes = m_zip.read(name);
        if (!bytes) return std::nullopt;
        return xml::Tree::parse(*bytes, m_file + ":" + name, m_options.limits);
    }

    struct Relationship {
        std::string type;
        std::string target;  ///< a part name; empty for an external target
    };

    std::map<std::string, Relationship> relationships(const std::string& rels_part) {
        std::map<std::string, Relationship> out;
        auto tree = load_part(rels_part);
        if (!tree) return out;
        for (Node r = tree->root().first_child(); r; r = r.next()) {
            if (!r.is_element() || r.name() != "Relationship") continue;
            const auto id = r.attribute("", "Id");
            const auto target = r.attribute("", "Target");
            if (!id || !target) continue;
            Relationship rel;
            rel.type = r.attribute("", "Type").value_or("");
            if (r.attribute("", "TargetMode").value_or("") != "External") rel.target = part_name("word", *target);
            out.emplace(*id, std::move(rel));
        }
        return out;
    }

    /// The part of the document's relationship whose type ends "/type", or
    /// `fallback` when there is no relationship of that type.
    std::string find_related(std::string_view type, std::string fallback) const {
        const std::string suffix = "/" + std::string(type);
        for (const auto& [id, rel] : m_document_rels) {
            if (rel.type.size() >= suffix.size() && rel.type.compare(rel.type.size() - suffix.size(), suffix.size(), suffix) == 0) {
                return rel.target;
            }
        }
        return fallback;
    }

    std::string related_part(const Node& reference) const {
        const auto id = relationship_id(reference);
        if (!id) return {};
        const auto it = m_document_rels.find(*id);
        return it == m_document_rels.end() ? std::string() : it->second.target;
    }

    // ---- block level (§17.2.2 body, §17.4 tables, §17.5.2 sdt)

    /// The branch of mc:AlternateContent to read: the first Choice, else the
    /// Fallback (ECMA-376 Part 3 §10.2). One only: both hold the same text.
    static Node branch(const Node& alternate) {
        Node fallback;
        for (Node c = alternate.first_child(); c; c = c.next()) {
            if (is_mc(c, "Choice")) return c;
            if (is_mc(c, "Fallback") && !fallback) fallback = c;
        }
        return fallback;
    }

    void blocks(const Node& parent, Flow& flow) {
        for (Node c = parent.first_child(); c; c = c.next()) {
            if (!c.is_element()) continue;
            if (is_w(c, "p")) {
                paragraph(c, flow);
            } else if (is_w(c, "tbl")) {
                table(c, flow);
            } else if (is_w(c, "sdt")) {
                content_control(c, [&](const Node& content) { blocks(content, flow); });
            } else if (is_mc(c, "AlternateContent")) {
                if (const Node chosen = branch(c)) blocks(chosen, flow);
            } else if (is_w(c, "del") || is_w(c, "moveFrom")) {
                deleted(c);
            } else if (is_w(c, "ins") || is_w(c, "moveTo")) {
                ++m_insertions;
                blocks(c, flow);
            } else if (is_w(c, "altChunk")) {
                ++m_alt_chunks;
            } else if (is_w(c, "sectPr") || is_w(c, "tblPr") || is_w(c, "tcPr") || is_w(c, "trPr")) {
                // Properties; the body's last sectPr is read by run().
            } else if (is_w(c, "customXml") || is_w(c, "sdtContent") || is_w(c, "txbxContent")) {
                blocks(c, flow);
            }
        }
    }

    template <typename F>
    void content_control(const Node& sdt, F&& read_content) {
        const Node pr = child_w(sdt, "sdtPr");
        const Node content = child_w(sdt, "sdtContent");
        if (!content) return;
        if (const Node p = child_w(pr, "showingPlcHdr"); p && on(p) && m_placeholders.size() < 20) {
            const std::string shown = excerpt(gather_text(content), 120);
            if (!shown.empty()) m_placeholders.push_back(shown);
        }
        read_content(content);
    }

    /// Text under `n` for a message (w:t and w:delText), with no structure;
    /// a walk of at most 100,000 nodes (a message needs the first words).
    static std::string gather_text(const Node& n, std::size_t max = 400) {
        std::string out;
        std::size_t budget = 100'000;
        const auto walk = [&](const auto& self, const Node& at, int depth) -> void {
            for (Node c = at.first_child(); c && out.size() < max && depth < 80 && budget > 0; c = c.next(), --budget) {
                if (c.is_text() && (is_w(c.parent(), "t") || is_w(c.parent(), "delText"))) {
                    out += c.text();
                } else if (c.is_element()) {
                    if (is_w(c, "p") && !out.empty()) out.push_back(' ');
                    self(self, c, depth + 1);
                }
            }
        };
        walk(walk, n, 0);
        return out;
    }

    void deleted(const Node& n) {
        ++m_deletions;
        if (m_deleted_text.size() < 400) {
            const std::string t = gather_text(n);
            if (!t.empty()) m_deleted_text += (m_deleted_text.empty() ? "" : " / ") + t;
        }
    }

    // ---- paragraphs (§17.3.1)

    void paragraph(const Node& p, Flow& flow) {
        const Node ppr = child_w(p, "pPr");
        ParagraphText text;
        text.after.mode = flow.mode;
        text.style = val(child_w(ppr, "pStyle"));
        if (text.style.empty()) text.style = m_styles.default_paragraph();
        text.dot_leader = has_dot_leader(ppr) || m_styles.dot_leader(text.style);
        count_property_changes(ppr);
        if (const Node mark = child_w(ppr, "rPr")) {
            if (child_w(mark, "ins")) ++m_insertions;
            if (child_w(mark, "del")) ++m_deletions;
        }
        // The heading level: the paragraph's own outline level, else its style's.
        std::optional<int> heading;
        if (const Node o = child_w(ppr, "outlineLvl")) {
            const auto l = int_val(o);
            if (l && *l >= 0 && *l <= 8) heading = *l + 1;
        } else {
            heading = m_styles.heading_level(text.style);
        }
        // The list: the paragraph's numPr, else its style's.
        std::optional<Label> label;
        if (const Node np = child_w(ppr, "numPr")) {
            const Node id = child_w(np, "numId");
            std::optional<std::pair<std::string, int>> from_style = m_styles.numbering(text.style);
            const std::string num_id = id ? val(id) : (from_style ? from_style->first : std::string());
            const int ilvl = child_w(np, "ilvl") ? int_val(child_w(np, "ilvl")).value_or(0) : (from_style ? from_style->second : 0);
            label = m_numbering.next(num_id, ilvl);
        } else if (const auto from_style = m_styles.numbering(text.style)) {
            label = m_numbering.next(from_style->first, from_style->second);
        }
        if (const Node b = child_w(ppr, "pageBreakBefore"); b && on(b) && flow.mode == Mode::Block) flow.page_break();

        inline_content(p, text);

        if (!text.hidden.empty()) {
            std::string shown;
            for (const auto& l : text.lines) shown += l.text + " ";
            if (m_hidden.size() < 20) m_hidden.emplace_back(excerpt(text.hidden), excerpt(shown, 60));
            ++m_hidden_paragraphs;
        }
        write(text, heading, label, flow);
        if (!text.after.items.empty()) {
            if (flow.mode == Mode::Block) {
                flow.append(text.after);
            } else {
                for (auto& o : text.after.items) {
                    if (o.kind == Out::Kind::Line) flow.line(std::move(o.text));
                }
            }
        }
        if (const Node sect = child_w(ppr, "sectPr"); sect && flow.mode == Mode::Block && !m_in_furniture && m_note_depth == 0) {
            flow.sections.push_back(sect);
            flow.items.push_back(Out{Out::Kind::SectionEnd, {}});
        }
    }

    void count_property_changes(const Node& properties) {
        for (Node c = properties.first_child(); c; c = c.next()) {
            if (!c.is_element() || !in_w(c)) continue;
            const std::string_view n = c.name();
            if (n.size() > 6 && n.substr(n.size() - 6) == "Change") ++m_format_changes;
            else if (n == "rPr" || n == "numPr") count_property_changes(c);
        }
    }

    /// Run-level content of a paragraph and of the elements that group runs.
    void inline_content(const Node& parent, ParagraphText& text) {
        for (Node c = parent.first_child(); c; c = c.next()) {
            if (!c.is_element()) continue;
            if (is_w(c, "r")) {
                run(c, text);
            } else if (is_w(c, "pPr")) {
                // read by paragraph()
            } else if (is_w(c, "del") || is_w(c, "moveFrom")) {
                deleted(c);
            } else if (is_w(c, "ins") || is_w(c, "moveTo")) {
                ++m_insertions;
                inline_content(c, text);
            } else if (is_w(c, "sdt")) {
                content_control(c, [&](const Node& content) { inline_content(content, text); });
            } else if (is_mc(c, "AlternateContent")) {
                if (const Node chosen = branch(c)) inline_content(chosen, text);
            } else if (is_math(c, "t")) {
                add_text(text, gather_math(c), false, false);
            } else if (is_w(c, "commentRangeStart") || is_w(c, "commentRangeEnd") || is_w(c, "bookmarkStart") ||
                       is_w(c, "bookmarkEnd") || is_w(c, "proofErr") || is_w(c, "permStart") || is_w(c, "permEnd")) {
                // markers without text
            } else {
                // w:hyperlink, w:fldSimple (its runs are the result), w:smartTag,
                // w:customXml, w:dir, w:bdo, m:oMath and what else groups runs.
                inline_content(c, text);
            }
        }
    }

    static std::string gather_math(const Node& t) {
        std::string out;
        for (Node c = t.first_child(); c; c = c.next()) {
            if (c.is_text()) out += c.text();
        }
        return out;
    }

    /// Whether text of the run now is shown: not in a field's instruction.
    [[nodiscard]] bool in_field_instruction() const {
        return std::any_of(m_fields.begin(), m_fields.end(), [](bool result) { return !result; });
    }

    void add_text(ParagraphText& text, std::string_view s, bool bold, bool hidden) {
        if (s.empty() || in_field_instruction()) return;
        if (hidden) {
            if (text.hidden.size() < 1000) text.hidden += s;
            return;
        }
        m_text_bytes += s.size();
        if (m_text_bytes > m_options.limits.max_input_bytes) text_over_limit();
        RunLine& l = text.lines.back();
        for (const char ch : s) {
            // Line ends inside w:t are white space to Word.
            l.text.push_back(ch == '\n' || ch == '\r' ? ' ' : ch);
        }
        if (s.find_first_not_of(" \t\r\n") != std::string_view::npos) {
            l.has_text = true;
            if (!bold) l.all_bold = false;
        }
    }

    [[noreturn]] void text_over_limit() const {
        over_limit(m_file, "the document's text with its page headers and footers is over " +
                               std::to_string(m_options.limits.max_input_bytes) + " bytes (--max-input-bytes)",
                   "dokumentets text med sidhuvuden och sidfötter är över " + std::to_string(m_options.limits.max_input_bytes) +
                       " byte (--max-input-bytes)");
    }

    void line_break(ParagraphText& text, bool page) {
        if (in_field_instruction()) return;
        text.lines.back().page_break_after = page;
        text.lines.emplace_back();
    }

    // ---- runs (§17.3.2)

    void run(const Node& r, ParagraphText& text) {
        const Node rpr = child_w(r, "rPr");
        count_property_changes(rpr);
        const std::string char_style = val(child_w(rpr, "rStyle"));
        const auto resolve = [&](const char* name, const auto& from_style, bool fallback) {
            if (const Node d = child_w(rpr, name)) return on(d);
            if (auto v = from_style(char_style)) return *v;
            if (auto v = from_style(text.style)) return *v;
            return fallback;
        };
        const bool bold = resolve("b", [&](const std::string& id) { return m_styles.bold(id); }, m_styles.default_bold());
        const bool hidden = resolve("vanish", [&](const std::string& id) { return m_styles.vanish(id); }, false);
        run_content(r, text, bold, hidden);
    }

    void run_content(const Node& r, ParagraphText& text, bool bold, bool hidden) {
        for (Node c = r.first_child(); c; c = c.next()) {
            if (!c.is_element()) continue;
            if (is_w(c, "t")) {
                std::string s;
                for (Node t = c.first_child(); t; t = t.next()) {
                    if (t.is_text()) s += t.text();
                }
                add_text(text, s, bold, hidden);
            } else if (is_w(c, "tab") || is_w(c, "ptab")) {
                add_text(text, "\t", bold, hidden);
            } else if (is_w(c, "br") || is_w(c, "cr")) {
                if (hidden) continue;
                const std::string type = attr(c, "type").value_or("");
                line_break(text, type == "page");
            } else if (is_w(c, "noBreakHyphen")) {
                add_text(text, "-", bold, hidden);
            } else if (is_w(c, "softHyphen")) {
                // An optional hyphen: shown only where a line breaks.
            } else if (is_w(c, "sym")) {
                symbol(c, text, bold, hidden);
            } else if (is_w(c, "fldChar")) {
                const std::string type = attr(c, "fldCharType").value_or("");
                if (type == "begin") {
                    if (m_fields.size() < 64) m_fields.push_back(false);
                } else if (type == "separate") {
                    if (!m_fields.empty()) m_fields.back() = true;
                } else if (type == "end") {
                    if (!m_fields.empty()) m_fields.pop_back();
                }
            } else if (is_w(c, "drawing") || is_w(c, "pict")) {
                drawing(c, text, false);
            } else if (is_w(c, "object")) {
                ++(m_in_furniture ? m_furniture_objects : m_objects);
                drawing(c, text, true);
            } else if (is_mc(c, "AlternateContent")) {
                if (const Node chosen = branch(c)) run_content(chosen, text, bold, hidden);
            } else if (is_w(c, "footnoteReference") || is_w(c, "endnoteReference")) {
                note(c, text);
            } else if (is_w(c, "footnoteRef") || is_w(c, "endnoteRef")) {
                add_text(text, m_note_mark, bold, hidden);
            } else if (is_w(c, "commentReference")) {
                ++m_comments;
            } else if (is_w(c, "ruby")) {
                // The base text; the annotation above it is a reading aid.
                if (const Node base = child_w(c, "rubyBase")) inline_content(base, text);
            } else if (is_w(c, "contentPart")) {
                ++(m_in_furniture ? m_furniture_objects : m_objects);
            }
            // w:rPr, w:instrText (a field's instruction), w:lastRenderedPageBreak
            // (where a renderer last broke the page), footnote separators,
            // w:annotationRef: nothing of the document's text.
        }
    }

    void symbol(const Node& sym, ParagraphText& text, bool bold, bool hidden) {
        const std::string font = attr(sym, "font").value_or("");
        const std::string hex = attr(sym, "char").value_or("");
        std::uint32_t code = 0;
        bool ok = !hex.empty() && hex.size() <= 6;
        for (const char ch : hex) {
            const int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
            if (d < 0) ok = false;
            code = code * 16 + static_cast<std::uint32_t>(d < 0 ? 0 : d);
        }
        // In the fonts' private range (F000-F0FF) the code is the font's own.
        if (ok && code >= 0xF000 && code <= 0xF0FF) {
            if (const auto s = symbol_text(font, code - 0xF000)) {
                add_text(text, *s, bold, hidden);
                return;
            }
        } else if (ok && code >= 0x20 && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF) && !(code >= 0x7F && code < 0xA0) &&
                   !(code >= 0xE000 && code <= 0xF8FF)) {
            std::string s;
            core::utf8::append(s, static_cast<char32_t>(code));
            add_text(text, s, bold, hidden);
            return;
        }
        if (!hidden && !in_field_instruction() && m_unknown_symbols.size() < 20) m_unknown_symbols.insert(excerpt(font, 40) + " " + excerpt(hex, 8));
    }

    /// Drawings, VML pictures and OLE objects: text boxes are read (their
    /// paragraphs after the paragraph that anchors them); pictures, charts
    /// and diagrams are counted, their content is not text justera reads.
    void drawing(const Node& n, ParagraphText& text, bool inside_object) {
        for (Node c = n.first_child(); c; c = c.next()) {
            if (!c.is_element()) continue;
            if (is_w(c, "txbxContent")) {
                // A text box has fields of its own.
                auto saved = std::move(m_fields);
                m_fields.clear();
                blocks(c, text.after);
                m_fields = std::move(saved);
                continue;
            }
            if (is_mc(c, "AlternateContent")) {
                if (const Node chosen = branch(c)) drawing(chosen, text, inside_object);
                continue;
            }
            const std::string_view name = c.name();
            const std::string_view ns = c.ns();
            if (!inside_object) {
                if (name == "blip" || name == "imagedata") {
                    ++(m_in_furniture ? m_furniture_images : m_images);
                } else if ((name == "chart" && ns.find("chart") != std::string_view::npos) ||
                           (name == "relIds" && ns.find("diagram") != std::string_view::npos)) {
                    ++(m_in_furniture ? m_furniture_objects : m_objects);
                }
            }
            drawing(c, text, inside_object);
        }
    }

    // ---- notes (§17.11)

    void note(const Node& reference, ParagraphText& text) {
        if (m_note_depth > 0) return;
        const bool foot = reference.name() == "footnoteReference";
        const auto id = attr(reference, "id");
        if (!id) return;
        const bool custom_mark = [&] {
            const auto v = attr(reference, "customMarkFollows");
            return v && (*v == "1" || *v == "true" || *v == "on");
        }();
        const std::string mark = custom_mark ? std::string() : std::to_string(foot ? ++m_footnote_number : ++m_endnote_number);
        Notes& notes = foot ? m_footnotes : m_endnotes_part;
        if (!notes.loaded) {
            notes.loaded = true;
            notes.tree = load_part(find_related(foot ? "footnotes" : "endnotes", foot ? "word/footnotes.xml" : "word/endnotes.xml"));
            if (notes.tree) {
                for (Node n = notes.tree->root().first_child(); n; n = n.next()) {
                    if (is_w(n, foot ? "footnote" : "endnote")) notes.by_id.emplace(attr(n, "id").value_or(""), n);
                }
            }
        }
        const auto it = notes.by_id.find(*id);
        if (it == notes.by_id.end()) return;
        ++m_note_depth;
        m_note_mark = mark;
        auto saved = std::move(m_fields);
        m_fields.clear();
        blocks(it->second, foot ? text.after : m_endnotes);
        m_fields = std::move(saved);
        --m_note_depth;
    }

    // ---- tables (§17.4)

    struct Cell {
        std::vector<std::string> lines;
        int span = 1;
    };

    void table(const Node& tbl, Flow& flow) {
        std::vector<std::vector<Cell>> rows;
        collect_rows(tbl, rows);
        std::vector<std::vector<std::string>> grid;
        for (const auto& row : rows) {
            std::size_t height = 1;
            for (const auto& c : row) height = std::max(height, c.lines.size());
            // A row whose cells hold several paragraphs is written as several
            // rows, line by line, as the page shows it.
            for (std::size_t i = 0; i < height; ++i) {
                std::vector<std::string> cells;
                bool any = false;
                for (const auto& c : row) {
                    cells.push_back(i < c.lines.size() ? c.lines[i] : std::string());
                    if (!cells.back().empty()) any = true;
                    for (int s = 1; s < c.span && s < 64; ++s) cells.emplace_back();
                }
                if (!any) continue;
                // A row of many cells whose one cell holds many paragraphs
                // would multiply: the grid is bounded as the text is.
                m_grid_cells += cells.size();
                if (m_grid_cells > k_max_grid_cells) text_over_limit();
                grid.push_back(std::move(cells));
            }
        }
        if (grid.empty()) return;
        // Markdown tables are aligned: each column as wide as its widest cell
        // (in characters, escapes not counted), so that the reader sees a
        // value under the label above it, as in a page's text.
        std::vector<std::size_t> widths;
        for (const auto& cells : grid) {
            for (std::size_t j = 0; j < cells.size(); ++j) {
                if (widths.size() <= j) widths.push_back(0);
                widths[j] = std::min(k_max_aligned_width, std::max(widths[j], shown_width(cells[j])));
            }
        }
        std::vector<std::string> out;
        for (const auto& cells : grid) {
            out.push_back(join_cells(cells, widths, flow.mode));
            m_text_bytes += out.back().size();
            if (m_text_bytes > m_options.limits.max_input_bytes) text_over_limit();
        }
        if (flow.mode == Mode::Cell) {
            for (auto& l : out) flow.line(std::move(l));
            return;
        }
        flow.separate(false, true);
        for (auto& l : out) flow.line(std::move(l));
        flow.last = Flow::Last::Table;
    }

    /// Characters of a cell as the reader shows them: escapes not counted.
    static std::size_t shown_width(std::string_view s) {
        std::size_t n = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '\\' && i + 1 < s.size()) continue;
            if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
        }
        return n;
    }

    std::string join_cells(const std::vector<std::string>& cells, const std::vector<std::size_t>& widths, Mode mode) const {
        std::string s;
        if (mode == Mode::Cell) {
            // A table in a cell: its cells one column gap apart.
            for (const auto& c : cells) {
                if (c.empty()) continue;
                s += (s.empty() ? "" : (markdown() ? "   " : "\t")) + c;
            }
            return s;
        }
        if (!markdown()) {
            for (std::size_t i = 0; i < cells.size(); ++i) s += (i ? "\t" : "") + cells[i];
            return s;
        }
        s = "|";
        for (std::size_t j = 0; j < cells.size(); ++j) {
            s += " " + cells[j] + std::string(widths[j] - std::min(widths[j], shown_width(cells[j])), ' ') + " |";
        }
        // Trailing empty cells are padding only.
        while (s.size() > 1 && (s.back() == ' ' || s.back() == '|') && s.compare(s.size() - 2, 2, "\\|") != 0) s.pop_back();
        return s + " |";
    }

    void collect_rows(const Node& parent, std::vector<std::vector<Cell>>& rows) {
        for (Node c = parent.first_child(); c; c = c.next()) {
            if (is_w(c, "tr")) {
                const Node trpr = child_w(c, "trPr");
                count_property_changes(trpr);
                if (child_w(trpr, "del")) {
                    deleted(c);
                    continue;
                }
                if (child_w(trpr, "ins")) ++m_insertions;
                std::vector<Cell> row;
                collect_cells(c, row);
                rows.push_back(std::move(row));
            } else if (is_w(c, "sdt")) {
                content_control(c, [&](const Node& content) { collect_rows(content, rows); });
            } else if (is_w(c, "customXml")) {
                collect_rows(c, rows);
            } else if (is_mc(c, "AlternateContent")) {
                if (const Node chosen = branch(c)) collect_rows(chosen, rows);
            }
        }
    }

    void collect_cells(const Node& parent, std::vector<Cell>& row) {
        for (Node c = parent.first_child(); c; c = c.next()) {
            if (is_w(c, "tc")) {
                const Node tcpr = child_w(c, "tcPr");
                count_property_changes(tcpr);
                if (child_w(tcpr, "cellDel")) {
                    deleted(c);
                    continue;
                }
                if (child_w(tcpr, "cellIns")) ++m_insertions;
                Cell cell;
                if (const Node span = child_w(tcpr, "gridSpan")) cell.span = std::clamp(int_val(span).value_or(1), 1, 64);
                // A cell that continues a vertical merge is written empty, as
                // the page shows it; text it holds anyway is kept.
                Flow inner;
                inner.mode = Mode::Cell;
                blocks(c, inner);
                for (auto& o : inner.items) {
                    if (o.kind == Out::Kind::Line && !o.text.empty()) cell.lines.push_back(std::move(o.text));
                }
                row.push_back(std::move(cell));
            } else if (is_w(c, "sdt")) {
                content_control(c, [&](const Node& content) { collect_cells(content, row); });
            } else if (is_w(c, "customXml")) {
                collect_cells(c, row);
            } else if (is_mc(c, "AlternateContent")) {
                if (const Node chosen = branch(c)) collect_cells(chosen, row);
            }
        }
    }

    // ---- writing a paragraph

    [[nodiscard]] bool markdown() const noexcept { return m_options.markup == DocxMarkup::Markdown; }

    /// A run line's text in the output: tabs as a column gap, escapes where
    /// the characters would read as Markdown (ingest's Layout::Docx reads a
    /// backslash as "the next character as written").
    std::string render(std::string_view s, Mode mode, bool dot_leader = false) const {
        std::string out;
        out.reserve(s.size() + 8);
        for (const char ch : s) {
            if (ch == '\t') {
                // A tab that draws dots shows them: " ........ 3".
                out += dot_leader ? " ........ " : markdown() || mode == Mode::Cell ? "   " : "\t";
                continue;
            }
            if (markdown() && (ch == '\\' || ch == '*' || (ch == '|' && mode == Mode::Cell))) out.push_back('\\');
            out.push_back(ch);
        }
        return out;
    }

    static std::string_view trim(std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        return s;
    }

    void write(const ParagraphText& text, std::optional<int> heading, const std::optional<Label>& label, Flow& flow) {
        const bool any_text = std::any_of(text.lines.begin(), text.lines.end(), [](const RunLine& l) { return l.has_text; });
        if (!any_text && !label) {
            if (flow.mode == Mode::Block) {
                const auto breaks = std::count_if(text.lines.begin(), text.lines.end(), [](const RunLine& l) { return l.page_break_after; });
                for (auto i = breaks; i > 0; --i) flow.page_break();
                if (breaks == 0) flow.pending_blank = flow.last != Flow::Last::None;
            }
            return;
        }
        const bool list = label.has_value() && !heading;
        flow.separate(list, false);
        const std::string indent = list && flow.mode == Mode::Block ? std::string(static_cast<std::size_t>(label->level) * 2, ' ') : "";
        const std::string marker = !label ? std::string() : label->bullet ? std::string("- ") : label->text.empty() ? std::string() : render(label->text, flow.mode) + " ";
        // A list's label is text the document does not hold as such: counted
        // too (an lvlText of a megabyte on every paragraph would multiply).
        m_text_bytes += marker.size() + indent.size();
        if (m_text_bytes > m_options.limits.max_input_bytes) text_over_limit();
        for (std::size_t i = 0; i < text.lines.size(); ++i) {
            const RunLine& l = text.lines[i];
            std::string body = render(trim(l.text), flow.mode, text.dot_leader);
            const std::string prefix = i == 0 ? marker : (list ? std::string("  ") : std::string());
            if (body.empty() && (i > 0 || prefix.empty())) {
                if (flow.mode == Mode::Block && i > 0 && i + 1 < text.lines.size()) flow.items.push_back(Out{Out::Kind::Blank, {}});
            } else if (flow.mode == Mode::Cell || !markdown()) {
                flow.line(indent + prefix + body);
            } else if (heading) {
                flow.line(std::string(static_cast<std::size_t>(std::min(*heading + 1, 6)), '#') + " " + prefix + body);
            } else if (l.has_text && l.all_bold && l.text.find('*') == std::string::npos && !body.empty()) {
                flow.line(indent + prefix + "**" + body + "**");
            } else {
                // A line that would start as a heading or a table row is escaped.
                if (prefix.empty() && (body.front() == '#' || body.front() == '|')) body.insert(body.begin(), '\\');
                flow.line(indent + prefix + body);
            }
            if (l.page_break_after && flow.mode == Mode::Block) flow.page_break();
        }
        flow.last = list ? Flow::Last::ListItem : Flow::Last::Paragraph;
    }

    // ---- headers, footers and pages (§17.10)

    std::vector<Section> sections(const Flow& body) {
        std::vector<Section> out;
        Section previous;
        for (std::size_t i = 0; i < body.sections.size(); ++i) {
            Section s;
            s.headers = previous.headers;
            s.footers = previous.footers;
            const Node pr = body.sections[i];
            for (Node c = pr.first_child(); c; c = c.next()) {
                const bool header = is_w(c, "headerReference");
                if (!header && !is_w(c, "footerReference")) continue;
                const std::string type = attr(c, "type").value_or("default");
                const std::size_t k = type == "first" ? 1 : type == "even" ? 2 : 0;
                (header ? s.headers : s.footers)[k] = related_part(c);
            }
            s.title_page = child_w(pr, "titlePg") && on(child_w(pr, "titlePg"));
            const std::string type = val(child_w(pr, "type"));
            s.new_page = type != "continuous" && type != "nextColumn";
            out.push_back(s);
            previous = s;
        }
        return out;
    }

    const std::vector<Out>& furniture(const std::string& part) {
        auto it = m_furniture.find(part);
        if (it != m_furniture.end()) return it->second;
        std::vector<Out> lines;
        if (auto tree = load_part(part)) {
            auto saved_fields = std::move(m_fields);
            m_fields.clear();
            m_in_furniture = true;
            Flow f;
            blocks(tree->root(), f);
            m_in_furniture = false;
            m_fields = std::move(saved_fields);
            for (auto& o : f.items) {
                if (o.kind == Out::Kind::Line) lines.push_back(std::move(o));
            }
        }
        return m_furniture.emplace(part, std::move(lines)).first->second;
    }

    std::string compose(const Flow& body) {
        const std::vector<Section> secs = sections(body);
        std::string out;
        std::size_t section = 0;
        std::size_t page = 1;             // in the document
        std::size_t page_in_section = 0;  // 0 for the section's first page
        const auto pick = [&](const std::array<std::optional<std::string>, 3>& parts) -> std::string {
            const Section& s = secs.at(std::min(section, secs.size() - 1));
            if (s.title_page && page_in_section == 0) return parts[1].value_or("");
            if (m_even_and_odd && page % 2 == 0) return parts[2].value_or("");
            return parts[0].value_or("");
        };
        const auto put = [&](std::string_view s) {
            out += s;
            if (out.size() > m_options.limits.max_input_bytes) text_over_limit();
        };
        const auto edge = [&](bool header) {
            const Section& s = secs.at(std::min(section, secs.size() - 1));
            const std::string part = pick(header ? s.headers : s.footers);
            if (part.empty()) return;
            const auto& lines = furniture(part);
            if (lines.empty()) return;
            if (!header && !out.empty() && out.back() != '\n') put("\n");
            if (!header && !out.empty() && out.size() >= 2 && out[out.size() - 2] != '\n' && out[out.size() - 2] != '\f') put("\n");
            for (const auto& l : lines) {
                put(l.text);
                put("\n");
            }
            if (header) put("\n");
        };
        const auto new_page = [&] {
            edge(false);
            put("\f");
            ++page;
            ++page_in_section;
            edge(true);
        };
        edge(true);
        for (std::size_t i = 0; i < body.items.size(); ++i) {
            const Out& o = body.items[i];
            switch (o.kind) {
                case Out::Kind::Line:
                    put(o.text);
                    put("\n");
                    break;
                case Out::Kind::Blank:
                    if (!out.empty() && out.back() == '\n' && (out.size() < 2 || out[out.size() - 2] != '\n')) put("\n");
                    break;
                case Out::Kind::PageBreak: new_page(); break;
                case Out::Kind::SectionEnd: {
                    // The next section says whether it starts on a new page;
                    // the page that ends has the ending section's footer.
                    const bool breaks = section + 1 < secs.size() && secs[section + 1].new_page;
                    if (breaks) {
                        edge(false);
                        put("\f");
                        ++page;
                    }
                    ++section;
                    if (breaks) {
                        page_in_section = 0;
                        edge(true);
                    }
                    break;
                }
                case Out::Kind::Unknown: break;
            }
        }
        edge(false);
        return out;
    }

    // ---- warnings

    void report() {
        const Where where{m_file};
        if (m_insertions + m_deletions + m_format_changes > 0) {
            // The same sentence in each language: its words, then the counts.
            struct Words { const char* has; const char* ins[2]; const char* del[2]; const char* fmt[2]; const char* read; const char* left_out; const char* advice; };
            const auto sentence = [&](const Words& w) {
                std::string m = std::string(w.has) + plural(m_insertions, w.ins[0], w.ins[1]) + ", " + plural(m_deletions, w.del[0], w.del[1]) + ", " +
                                plural(m_format_changes, w.fmt[0], w.fmt[1]) + w.read;
                if (!m_deleted_text.empty()) m += std::string(w.left_out) + excerpt(m_deleted_text, 200) + "\"";
                return m + w.advice;
            };
            const std::string msg = sentence({"the document has unaccepted tracked changes (", {"insertion", "insertions"}, {"deletion", "deletions"},
                                              {"formatting change", "formatting changes"},
                                              "): it is read with every change accepted, and that is the text that will be signed",
                                              "; deleted text left out: \"", ". Accept or reject the changes in Word and save the document to be sure"});
            const std::string sv = sentence({"dokumentet har spårade ändringar som inte är godkända (", {"infogning", "infogningar"},
                                             {"borttagning", "borttagningar"}, {"formatändring", "formatändringar"},
                                             "): det läses med alla ändringar godkända, och det är den texten som skrivs under",
                                             "; borttagen text utelämnad: \"", ". Godkänn eller avvisa ändringarna i Word och spara dokumentet för att vara säker"});
            m_diags.warn(core::DiagCode::DocxTrackedChanges, msg, where, sv);
        }
        for (std::size_t i = 0; i < m_hidden.size(); ++i) {
            const auto& [hidden, shown] = m_hidden[i];
            m_diags.warn(core::DiagCode::DocxHiddenText,
                         "hidden text (formatted as hidden: not shown or printed) is left out: \"" + hidden + "\"" +
                             (shown.empty() ? std::string() : " in the paragraph beginning \"" + shown + "\"") +
                             "; a protocol should hold no text its readers cannot see",
                         where,
                         "dold text (formaterad som dold: visas och skrivs inte ut) är utelämnad: \"" + hidden + "\"" +
                             (shown.empty() ? std::string() : " i stycket som börjar \"" + shown + "\"") +
                             "; ett protokoll ska inte innehålla text som läsarna inte ser");
        }
        if (m_hidden_paragraphs > m_hidden.size()) {
            m_diags.warn(core::DiagCode::DocxHiddenText,
                         "and hidden text in " + std::to_string(m_hidden_paragraphs - m_hidden.size()) + " more paragraphs", where,
                         "och dold text i " + std::to_string(m_hidden_paragraphs - m_hidden.size()) + " stycken till");
        }
        if (m_comments > 0) {
            m_diags.warn(core::DiagCode::DocxNotRead,
                         "the document has " + plural(m_comments, "comment", "comments") +
                             ": comments are not part of the protocol and are not read; remove them before it is signed",
                         where,
                         "dokumentet har " + plural(m_comments, "kommentar", "kommentarer") +
                             ": kommentarer hör inte till protokollet och läses inte; ta bort dem innan det skrivs under");
        }
        if (m_images + m_objects > 0) {
            std::string what = m_images > 0 ? plural(m_images, "picture", "pictures") : std::string();
            if (m_objects > 0) what += (what.empty() ? "" : " and ") + plural(m_objects, "embedded object or chart", "embedded objects or charts");
            std::string what_sv = m_images > 0 ? plural(m_images, "bild", "bilder") : std::string();
            if (m_objects > 0) what_sv += (what_sv.empty() ? "" : " och ") + plural(m_objects, "inbäddat objekt eller diagram", "inbäddade objekt eller diagram");
            m_diags.warn(core::DiagCode::DocxNotRead,
                         "the document has " + what + ": their content (text in a picture, a table pasted as an object) is not read",
                         where,
                         "dokumentet har " + what_sv + ": innehållet (text i en bild, en tabell inklistrad som objekt) läses inte");
        }
        if (m_furniture_images + m_furniture_objects > 0) {
            m_diags.info(core::DiagCode::DocxNotRead,
                         "the page headers and footers have " + plural(m_furniture_images + m_furniture_objects, "picture or object", "pictures or objects") +
                             " (a logo?), not read",
                         where,
                         "sidhuvudena och sidfötterna har " + plural(m_furniture_images + m_furniture_objects, "bild eller objekt", "bilder eller objekt") +
                             " (en logotyp?), läses inte");
        }
        if (m_alt_chunks > 0) {
            m_diags.warn(core::DiagCode::DocxNotRead,
                         "the document imports " + plural(m_alt_chunks, "part", "parts") +
                             " of another format (altChunk: HTML, RTF or another document) that Word converts when it opens "
                             "the file; their text is not read: open and save the document in Word first",
                         where,
                         "dokumentet hämtar " + plural(m_alt_chunks, "del", "delar") +
                             " i ett annat format (altChunk: HTML, RTF eller ett annat dokument) som Word omvandlar när filen öppnas; "
                             "texten i dem läses inte: öppna och spara dokumentet i Word först");
        }
        if (!m_unknown_symbols.empty()) {
            std::string list;
            for (const auto& s : m_unknown_symbols) list += (list.empty() ? "" : ", ") + s;
            m_diags.warn(core::DiagCode::DocxNotRead, "symbols of a symbol font with no text equivalent are left out (font and code: " + excerpt(list, 200) + ")",
                         where, "tecken i ett symboltypsnitt utan motsvarighet i text är utelämnade (typsnitt och kod: " + excerpt(list, 200) + ")");
        }
        for (std::size_t i = 0; i < m_placeholders.size(); ++i) {
            m_diags.warn(core::DiagCode::DocxPlaceholder,
                         "a content control still shows its placeholder text \"" + m_placeholders[i] + "\": it was not filled in", where,
                         "en innehållskontroll visar fortfarande sin platshållartext \"" + m_placeholders[i] + "\": den fylldes inte i");
        }
    }

    Archive& m_zip;
    const DocxOptions& m_options;
    core::Diagnostics& m_diags;
    std::string m_file;
    std::map<std::string, Relationship> m_document_rels;
    Styles m_styles;
    Numbering m_numbering;
    bool m_even_and_odd = false;
    std::vector<bool> m_fields;  ///< open complex fields: true once past their separator (showing the result)
    std::map<std::string, std::vector<Out>> m_furniture;
    bool m_in_furniture = false;
    struct Notes {
        bool loaded = false;
        std::optional<xml::Tree> tree;
        std::map<std::string, Node> by_id;
    };
    Notes m_footnotes;
    Notes m_endnotes_part;
    Flow m_endnotes;
    int m_note_depth = 0;
    std::string m_note_mark;
    std::size_t m_footnote_number = 0;
    std::size_t m_endnote_number = 0;
    std::size_t m_text_bytes = 0;
    std::size_t m_grid_cells = 0;
    static constexpr std::size_t k_max_grid_cells = 4'000'000;
    static constexpr std::size_t k_max_aligned_width = 80;  ///< wider cells are not padded: labels are short
    // What is reported.
    std::size_t m_insertions = 0;
    std::size_t m_deletions = 0;
    std::size_t m_format_changes = 0;
    std::string m_deleted_text;
    std::vector<std::pair<std::string, std::string>> m_hidden;  ///< hidden text, the paragraph's visible beginning (the first 20)
    std::size_t m_hidden_paragraphs = 0;
    std::size_t m_comments = 0;
    std::size_t m_images = 0;
    std::size_t m_objects = 0;
    std::size_t m_furniture_images = 0;
    std::size_t m_furniture_objects = 0;
    std::size_t m_alt_chunks = 0;
    std::set<std::string> m_unknown_symbols;
    std::vector<std::string> m_placeholders;
};

/// What a zip that is not a Word document is, when it is something common.
std::string what_else(const Archive& zip) {
    if (zip.has("mimetype") && zip.has("content.xml")) return " (an OpenDocument file, such as .odt: save it as DOCX)";
    if (zip.has("xl/workbook.xml")) return " (an Excel workbook)";
    if (zip.has("ppt/presentation.xml")) return " (a PowerPoint presentation)";
    return "";
}

/// what_else in Swedish.
std::string what_else_sv(const Archive& zip) {
    if (zip.has("mimetype") && zip.has("content.xml")) return " (en OpenDocument-fil, som .odt: spara den som DOCX)";
    if (zip.has("xl/workbook.xml")) return " (en Excel-arbetsbok)";
    if (zip.has("ppt/presentation.xml")) return " (en PowerPoint-presentation)";
    return "";
}

}  // namespace

std::string docx_text(std::string_view bytes, const DocxOptions& options, core::Diagnostics& diags) {
    const std::string& file = options.file_name;
    if (bytes.size() > options.limits.max_input_bytes) {
        throw Error(Errc::InputTooLarge,
                    "input is " + std::to_string(bytes.size()) + " bytes, over the limit of " + std::to_string(options.limits.max_input_bytes) + " bytes",
                    Where{file},
                    "filen är " + std::to_string(bytes.size()) + " byte, över gränsen på " + std::to_string(options.limits.max_input_bytes) + " byte");
    }
    if (looks_like_ole(bytes)) refuse_ole(bytes, file);
    Archive zip(bytes, file, options.limits);
    if (!zip.has(k_main_part)) {
        throw Error(Errc::InputZipNotDocx,
                    "not a Word document: a zip archive without word/document.xml" + what_else(zip), Where{file},
                    "inget Word-dokument: ett zip-arkiv utan word/document.xml" + what_else_sv(zip));
    }
    Reader reader(zip, options, diags);
    return reader.run();
}

}  // namespace justera::ingest
