// SPDX-License-Identifier: GPL-3.0-or-later
// Reading the text layer of a PDF (see text_layer.hpp).

#include "text_layer.hpp"

#include <array>
#include <charconv>
#include <map>
#include <memory>
#include <set>

#include "justera/core/error.hpp"
#include "justera/core/utf8.hpp"

namespace justera::verify {

namespace {

using raw::Object;
using Type = raw::Object::Type;

[[noreturn]] void bad(const std::string& what, const std::string& what_sv) {
    throw core::Error(core::Errc::PdfMalformed, what, {}, what_sv);
}

// Character classes of PDF syntax, looked up once per byte: content
// streams are hundreds of kilobytes per document.
constexpr unsigned char k_ws = 1, k_delim = 2;
constexpr std::array<unsigned char, 256> k_class = [] {
    std::array<unsigned char, 256> t{};
    for (const char c : std::string_view(" \n\r\t\f\0", 6)) t[static_cast<unsigned char>(c)] = k_ws;
    for (const char c : std::string_view("()<>[]{}/%")) t[static_cast<unsigned char>(c)] = k_delim;
    return t;
}();
bool ws(char c) { return k_class[static_cast<unsigned char>(c)] & k_ws; }
bool delim(char c) { return k_class[static_cast<unsigned char>(c)] & k_delim; }
bool regular(char c) { return k_class[static_cast<unsigned char>(c)] == 0; }

/// An operator of one or two characters as a number, for a switch; longer ones are 0.
constexpr unsigned op_key(std::string_view op) {
    if (op.size() == 1) return static_cast<unsigned char>(op[0]);
    if (op.size() == 2) return (static_cast<unsigned>(static_cast<unsigned char>(op[0])) << 8) | static_cast<unsigned char>(op[1]);
    return 0;
}

/// One token of a content stream or CMap: an operand object or an operator word.
struct Token {
    bool is_operator = false;
    std::string word;
    Object operand;
};

class Tokens {
public:
    explicit Tokens(std::string_view d) : m_d(d) {}
    bool next(Token& t) {
        for (;;) {
            while (m_p < m_d.size() && ws(m_d[m_p])) ++m_p;
            if (m_p < m_d.size() && m_d[m_p] == '%') {
                while (m_p < m_d.size() && m_d[m_p] != '\n' && m_d[m_p] != '\r') ++m_p;
                continue;
            }
            if (m_p >= m_d.size()) return false;
            const char s = m_d[m_p];
            if (s == ']' || s == '>' || s == ')' || s == '}' || s == '{') {  // stray delimiters carry nothing
                ++m_p;
                continue;
            }
            break;
        }
        const char c = m_d[m_p];
        if (c == '/' || c == '(' || c == '<' || c == '[' || c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9')) {
            t.is_operator = false;
            t.operand = raw::parse_object(m_d, m_p);
            return true;
        }
        const std::size_t start = m_p;
        while (m_p < m_d.size() && regular(m_d[m_p])) ++m_p;
        t.word = std::string(m_d.substr(start, m_p - start));
        t.is_operator = !(t.word == "true" || t.word == "false" || t.word == "null");
        if (!t.is_operator) t.operand = Object{};
        return true;
    }

private:
    std::string_view m_d;
    std::size_t m_p = 0;
};

using raw::utf16be_to_utf8;

std::uint32_t code_of(std::string_view s) {
    std::uint32_t v = 0;
    for (const char c : s.substr(0, 4)) v = (v << 8) | static_cast<unsigned char>(c);
    return v;
}

struct FontMap {
    std::size_t width = 1;  ///< bytes per character code
    std::map<std::uint32_t, std::string> to_unicode;
    std::vector<std::string> table;  ///< the same for codes below 65536, indexed directly
    void index() {
        for (const auto& [code, text] : to_unicode) {
            if (code >= 65536) continue;
            if (table.size() <= code) table.resize(code + 1);
            table[code] = text;
        }
    }
    const std::string* find(std::uint32_t code) const {
        if (code < table.size()) return table[code].empty() ? nullptr : &table[code];
        auto it = to_unicode.find(code);
        return it == to_unicode.end() ? nullptr : &it->second;
    }
};

FontMap parse_cmap(std::string_view cmap, std::size_t width) {
    FontMap fm;
    fm.width = width;
    Tokens tk(cmap);
    Token t;
    std::vector<Object> operands;
    while (tk.next(t)) {
        if (!t.is_operator) {
            operands.push_back(std::move(t.operand));
            if (operands.size() > 100000) bad("a ToUnicode CMap with too many entries", "en ToUnicode-CMap med för många poster");
            continue;
        }
        if (t.word == "begincodespacerange" || t.word == "beginbfchar" || t.word == "beginbfrange") operands.clear();
        if (t.word == "endcodespacerange" && !operands.empty()) fm.width = std::max<std::size_t>(1, std::min<std::size_t>(4, operands[0].text.size()));
        if (t.word == "endbfchar") {
            for (std::size_t i = 0; i + 1 < operands.size(); i += 2) fm.to_unicode[code_of(operands[i].text)] = utf16be_to_utf8(operands[i + 1].text);
        }
        if (t.word == "endbfrange") {
            for (std::size_t i = 0; i + 2 < operands.size(); i += 3) {
                const std::uint32_t lo = code_of(operands[i].text);
                const std::uint32_t hi = code_of(operands[i + 1].text);
                if (hi < lo || hi - lo > 65535) continue;
                if (fm.to_unicode.size() + (hi - lo) > (1U << 17)) bad("a ToUnicode CMap with too many entries",
                                                                       "en ToUnicode-CMap med för många poster");
                const Object& dst = operands[i + 2];
                // Counted from lo, so that a range ending at FFFFFFFF ends.
                for (std::uint32_t c = lo, left = hi - lo + 1; left > 0; ++c, --left) {
                    if (dst.type == Type::Array) {
                        if (c - lo < dst.array.size()) fm.to_unicode[c] = utf16be_to_utf8(dst.array[c - lo].text);
                    } else {
                        std::string d = dst.text;
                        if (d.empty()) continue;
                        // the last byte counts up across the range
                        std::uint32_t carry = c - lo;
                        for (std::size_t k = d.size(); k-- > 0 && carry;) {
                            const std::uint32_t v = static_cast<unsigned char>(d[k]) + carry;
                            d[k] = static_cast<char>(v & 0xFF);
                            carry = v >> 8;
                        }
                        fm.to_unicode[c] = utf16be_to_utf8(d);
                    }
                }
            }
        }
        if (t.word.rfind("end", 0) == 0) operands.clear();
    }
    fm.index();
    return fm;
}

}  // namespace

std::vector<std::vector<std::string>> page_lines(const raw::File& f, std::size_t rev) {
    const Object* root_ref = f.revisions()[rev].trailer.get("Root");
    if (!root_ref) bad("no catalog", "ingen katalog");
    const Object catalog = f.resolve(*root_ref, rev);
    const Object* pages_ref = catalog.get("Pages");
    if (!pages_ref) bad("no page tree", "inget sidträd");
    std::set<std::uint32_t> seen;
    // Depth-first over the page tree, with /Resources inherited. A node is
    // a reference and what it inherits (shared, not copied), resolved when
    // taken from the stack; a leaf's page is read again when its turn
    // comes, so that a long document's page dictionaries (a flat tree's
    // hundreds of kids) are never all held at once.
    struct Node {
        Object ref;
        std::shared_ptr<const Object> resources;
        int depth;
    };
    std::vector<Node> stack{{*pages_ref, std::make_shared<const Object>(), 0}};
    std::vector<Node> leaves;
    while (!stack.empty()) {
        Node n = std::move(stack.back());
        stack.pop_back();
        if (n.depth > 32 || leaves.size() > 100000) bad("a page tree too deep or too large",
                                                        "ett sidträd som är för djupt eller för stort");
        const Object obj = f.resolve(n.ref, rev);
        const Object* type = obj.get("Type");
        if (type && type->is_name("Page")) {
            leaves.push_back(std::move(n));
            continue;
        }
        const Object* kids = obj.get("Kids");
        if (!kids) continue;
        const std::shared_ptr<const Object> res = obj.get("Resources") ? std::make_shared<const Object>(f.resolve(*obj.get("Resources"), rev)) : n.resources;
        const Object arr = f.resolve(*kids, rev);
        for (std::size_t i = arr.array.size(); i-- > 0;) {
            const Object& k = arr.array[i];
            if (k.type != Type::Ref || !seen.insert(k.ref.num).second) bad("a page tree with a loop or a direct kid",
                                                                           "ett sidträd med en slinga eller ett direkt barnobjekt");
            stack.push_back(Node{k, res, n.depth + 1});
        }
    }
    std::map<std::uint32_t, std::shared_ptr<FontMap>> fonts;
    std::vector<std::vector<std::string>> out;
    for (const auto& leaf : leaves) {
        const Object page = f.resolve(leaf.ref, rev);
        const Object* own = page.get("Resources");
        const Object own_res = own ? f.resolve(*own, rev) : Object{};
        const Object& res = own ? own_res : *leaf.resources;
        std::string data;
        if (const Object* c = page.get("Contents")) {
            const Object contents = f.resolve(*c, rev);
            if (contents.type == Type::Stream) {
                data = f.stream_data(contents, rev);
            } else {
                for (const auto& part : contents.array) data += f.stream_data(f.resolve(part, rev), rev) + "\n";
            }
        }
        const Object font_dict = res.get("Font") ? f.resolve(*res.get("Font"), rev) : Object{};
        std::vector<std::string> lines;
        std::string line;
        std::shared_ptr<FontMap> font;
        const auto newline = [&] {
            if (!line.empty()) lines.push_back(std::move(line));
            line.clear();
        };
        const auto show = [&](std::string_view bytes) {
            if (!font) bad("text shown before a font was chosen", "text som visas innan ett typsnitt har valts");
            const std::size_t w = font->width;
            for (std::size_t i = 0; i + w <= bytes.size(); i += w) {
                std::uint32_t code = 0;
                for (std::size_t k = 0; k < w; ++k) code = (code << 8) | static_cast<unsigned char>(bytes[i + k]);
                const std::string* text = font->find(code);
                if (text) line += *text;
                else line += "\xEF\xBF\xBD";
            }
        };
        // A scanner for the few operators that matter; operands are kept
        // only as far as they are needed (a name for Tf, strings and
        // numbers for Tj/TJ), without building objects.
        std::string_view d = data;
        std::size_t p = 0;
        std::string_view last_name;  // the last name operand (a view into the page's content)
        std::string last_string;  // the last string operand since the last operator
        bool have_string = false;
        // The last TJ array: its strings' bytes one after the other in
        // array_bytes, each piece a string (offset, length) or a number.
        struct Piece {
            std::size_t off = 0, len = 0;
            double num = 0;
        };
        std::vector<Piece> array;
        std::string array_bytes;
        bool have_array = false;
        static const auto k_hex = [] {
            std::array<std::int8_t, 256> t{};
            t.fill(-1);
            for (int i = 0; i < 10; ++i) t[static_cast<std::size_t>('0' + i)] = static_cast<std::int8_t>(i);
            for (int i = 0; i < 6; ++i) {
                t[static_cast<std::size_t>('a' + i)] = static_cast<std::int8_t>(10 + i);
                t[static_cast<std::size_t>('A' + i)] = static_cast<std::int8_t>(10 + i);
            }
            return t;
        }();
        const auto read_hex = [&](std::size_t& q, std::string& o) {
            int hi = -1;
            for (++q; q < d.size() && d[q] != '>'; ++q) {
                const int v = k_hex[static_cast<unsigned char>(d[q])];
                if (v < 0) continue;
                if (hi < 0) {
                    hi = v;
                } else {
                    o.push_back(static_cast<char>(hi * 16 + v));
                    hi = -1;
                }
            }
            if (hi >= 0) o.push_back(static_cast<char>(hi * 16));
            if (q < d.size()) ++q;
        };
        const auto read_literal = [&](std::size_t& q, std::string& o) { o += raw::parse_object(d, q).text; };
        while (p < d.size()) {
            const char c = d[p];
            if (ws(c)) {
                ++p;
                continue;
            }
            if (c == '%') {
                while (p < d.size() && d[p] != '\n' && d[p] != '\r') ++p;
                continue;
            }
            if (c == '/') {
                const std::size_t st = ++p;
                while (p < d.size() && regular(d[p])) ++p;
                last_name = d.substr(st, p - st);
                continue;
            }
            if (c == '<' && p + 1 < d.size() && d[p + 1] == '<') {
                (void)raw::parse_object(d, p);  // an inline dictionary (marked content properties)
                continue;
            }
            if (c == '<' || c == '(') {
                last_string.clear();
                if (c == '<') read_hex(p, last_string);
                else read_literal(p, last_string);
                have_string = true;
                continue;
            }
            if (c == '[') {
                ++p;
                array.clear();
                array_bytes.clear();
                have_array = true;
                while (p < d.size() && d[p] != ']') {
                    const char e = d[p];
                    if (ws(e)) {
                        ++p;
                    } else if (e == '<' || e == '(') {
                        const std::size_t off = array_bytes.size();
                        if (e == '<') read_hex(p, array_bytes);
                        else read_literal(p, array_bytes);
                        if (array_bytes.size() > off) array.push_back(Piece{off, array_bytes.size() - off, 0});
                    } else if ((e >= '0' && e <= '9') || e == '-' || e == '+' || e == '.') {
                        const std::size_t st = e == '+' ? p + 1 : p;
                        double v = 0;
                        const auto [end, ec] = std::from_chars(d.data() + st, d.data() + d.size(), v);
                        p = ec == std::errc() ? static_cast<std::size_t>(end - d.data()) : p + 1;
                        array.push_back(Piece{0, 0, ec == std::errc() ? v : 0});
                    } else {
                        ++p;
                    }
                    if (array.size() > 100000) bad("a TJ array too long", "en för lång TJ-array");
                }
                if (p < d.size()) ++p;
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
                while (p < d.size() && regular(d[p])) ++p;  // numbers matter only inside TJ arrays
                continue;
            }
            if (delim(c)) {
                ++p;
                continue;
            }
            const std::size_t st = p;
            while (p < d.size() && regular(d[p])) ++p;
            const std::string_view op = d.substr(st, p - st);
            const unsigned key = op_key(op);
            if (key == op_key("BI")) {
                const std::size_t ei = d.find("EI", p);
                p = ei == std::string_view::npos ? d.size() : ei + 2;
            } else if (key == op_key("BT") || key == op_key("ET") || key == op_key("Td") || key == op_key("TD") || key == op_key("T*") ||
                       key == op_key("Tm")) {
                newline();
            } else if (key == op_key("Tf") && !last_name.empty()) {
                const Object* ref = font_dict.get(last_name);
                if (!ref || ref->type != Type::Ref) bad("the font /" + std::string(last_name) + " is not among the page's resources",
                                                        "typsnittet /" + std::string(last_name) + " finns inte bland sidans resurser");
                auto it = fonts.find(ref->ref.num);
                if (it == fonts.end()) {
                    const Object fo = f.resolve(*ref, rev);
                    const Object* tu = fo.get("ToUnicode");
                    if (!tu) bad("the font /" + std::string(last_name) + " has no ToUnicode map",
                                 "typsnittet /" + std::string(last_name) + " har ingen ToUnicode-tabell");
                    const Object* sub = fo.get("Subtype");
                    const std::size_t width = sub && sub->is_name("Type0") ? 2 : 1;
                    it = fonts.emplace(ref->ref.num, std::make_shared<FontMap>(parse_cmap(f.stream_data(f.resolve(*tu, rev), rev), width))).first;
                }
                font = it->second;
            } else if ((key == op_key("Tj") || key == op_key("'") || key == op_key("\"")) && have_string) {
                if (key != op_key("Tj")) newline();
                show(last_string);
            } else if (key == op_key("TJ") && have_array) {
                const std::string_view bytes = array_bytes;
                for (const Piece& piece : array) {
                    if (piece.len) show(bytes.substr(piece.off, piece.len));
                    else if (piece.num < -250) line += ' ';
                }
            }
            have_string = false;
            have_array = false;
            if (key != op_key("Tf")) last_name = {};
        }
        newline();
        out.push_back(std::move(lines));
    }
    return out;
}

}  // namespace justera::verify
