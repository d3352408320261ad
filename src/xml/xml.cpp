// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/xml/xml.hpp"

#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <charconv>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <set>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"

namespace justera::xml {

namespace {

using core::Errc;
using core::Error;
using core::Where;

struct DocFree { void operator()(xmlDoc* d) const noexcept { xmlFreeDoc(d); } };
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
std::string S(const xmlChar* s) { return s ? std::string(reinterpret_cast<const char*>(s)) : std::string(); }

// ------------------------------------------------------------------ writer

/// Builds an indented element tree and writes it in its Exclusive XML
/// Canonicalization 1.0 form directly: namespace declaration first, attributes
/// sorted by name, empty elements as start and end tag, no XML declaration,
/// and the escapes of the canonical form (text: & < > CR; attribute values:
/// & < " TAB LF CR). Indentation is part of the canonical form: every
/// element-only element has its children on lines of their own. Building a
/// libxml2 tree and canonicalizing it gave the same bytes at four times the
/// cost; the unit tests load every written document and require it to be its
/// own canonical form (xml::load's in_canonical_layout).
class Writer {
public:
    struct Node {
        std::string name;  // an element's name, or a text node's text
        bool text = false;
        int depth = 0;
        std::vector<std::pair<std::string, std::string>> attrs;
        std::vector<Node*> children;
    };

    Node* root(const char* name) {
        m_root = make(name, false, 0);
        m_root->attrs.emplace_back("xmlns", std::string(k_namespace));
        attr(m_root, "version", std::string(k_schema_version));
        return m_root;
    }

    /// Appends a child element (on its own indented line).
    Node* child(Node* parent, const char* name, const std::string* text = nullptr) {
        parent->children.push_back(make("\n" + std::string(static_cast<std::size_t>(parent->depth + 1) * 2, ' '), true, 0));
        Node* n = make(name, false, parent->depth + 1);
        parent->children.push_back(n);
        if (text) n->children.push_back(make(*text, true, 0));
        return n;
    }
    Node* text_child(Node* parent, const char* name, const std::string& text) { return child(parent, name, &text); }
    void attr(Node* n, const char* name, const std::string& value) {
        n->attrs.emplace_back(name, value.substr(0, value.find('\0')));  // a C string, as libxml2's was
    }

    /// Closes element-only content: a newline before the end tag.
    void close(Node* n) {
        const bool element_only =
            std::any_of(n->children.begin(), n->children.end(), [](const Node* c) { return !c->text; });
        if (!element_only) return;
        n->children.push_back(make("\n" + std::string(static_cast<std::size_t>(n->depth) * 2, ' '), true, 0));
    }

    std::string canonical() {
        std::string out;
        out.reserve(m_bytes + m_bytes / 4);
        if (m_root) write(*m_root, out);
        return out;
    }

private:
    Node* make(std::string name, bool text, int depth) {
        // A C string ends at its first NUL, as libxml2's tree did.
        if (const auto nul = name.find('\0'); nul != std::string::npos) name.resize(nul);
        m_bytes += name.size() * (text ? 1 : 2) + 5;
        Node& n = m_nodes.emplace_back();
        n.name = std::move(name);
        n.text = text;
        n.depth = depth;
        return &n;
    }

    static void escape_text(std::string_view s, std::string& out) {
        for (const char c : s) {
            switch (c) {
                case '&': out += "&amp;"; break;
                case '<': out += "&lt;"; break;
                case '>': out += "&gt;"; break;
                case '\r': out += "&#xD;"; break;
                default: out.push_back(c);
            }
        }
    }
    static void escape_attr(std::string_view s, std::string& out) {
        for (const char c : s) {
            switch (c) {
                case '&': out += "&amp;"; break;
                case '<': out += "&lt;"; break;
                case '"': out += "&quot;"; break;
                case '\t': out += "&#x9;"; break;
                case '\n': out += "&#xA;"; break;
                case '\r': out += "&#xD;"; break;
                default: out.push_back(c);
            }
        }
    }

    static void write(Node& n, std::string& out) {
        if (n.text) {
            escape_text(n.name, out);
            return;
        }
        out += '<';
        out += n.name;
        // The namespace declaration (root only) stays first; attributes follow by name.
        const auto first_attr = n.attrs.begin() + ((!n.attrs.empty() && n.attrs.front().first == "xmlns") ? 1 : 0);
        std::stable_sort(first_attr, n.attrs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [name, value] : n.attrs) {
            out += ' ';
            out += name;
            out += "=\"";
            escape_attr(value, out);
            out += '"';
        }
        out += '>';
        for (Node* c : n.children) write(*c, out);
        out += "</";
        out += n.name;
        out += '>';
    }

    std::deque<Node> m_nodes;
    Node* m_root = nullptr;
    std::size_t m_bytes = 0;
};

void write_person(Writer& w, Writer::Node* n, const model::PersonRef& p) {
    if (!p.party.empty()) w.attr(n, "party", p.party);
    w.text_child(n, "name", p.name);
    if (!p.note.empty()) w.text_child(n, "note", p.note);
    w.close(n);
}

std::string join_numbers(const std::vector<int>& v) {
    std::string s;
    for (const int n : v) {
        if (!s.empty()) s += ' ';
        s += std::to_string(n);
    }
    return s;
}

void write_points(Writer& w, Writer::Node* parent, const std::vector<model::DecisionPoint>& points) {
    for (const auto& pt : points) {
        Writer::Node* n = w.child(parent, "point");
        if (pt.number) w.attr(n, "number", std::to_string(*pt.number));
        w.text_child(n, "text", pt.text);
        for (const auto& it : pt.items) w.text_child(n, "item", it);
        w.close(n);
    }
}

void write_immediate(Writer& w, Writer::Node* parent, const std::optional<std::string>& sentence) {
    if (!sentence) return;
    Writer::Node* n = w.child(parent, "immediateAdjustment");
    w.text_child(n, "sentence", *sentence);
    w.close(n);
}

void write_meeting(Writer& w, Writer::Node* root, const std::optional<model::Date>& date,
                   const std::optional<model::TimeOfDay>& start, const std::optional<model::TimeOfDay>& end,
                   const std::string& place, const std::vector<model::Adjournment>& adjournments = {},
                   const std::string& date_source = {}) {
    if (!date && !start && !end && place.empty() && adjournments.empty()) return;
    Writer::Node* m = w.child(root, "meeting");
    if (date) w.attr(m, "date", model::format_date(*date));
    if (date && !date_source.empty()) w.attr(m, "dateSource", date_source);
    if (start) w.attr(m, "start", model::format_time(*start));
    if (end) w.attr(m, "end", model::format_time(*end));
    if (!place.empty()) w.text_child(m, "place", place);
    for (const auto& a : adjournments) {
        Writer::Node* n = w.child(m, "adjournment");
        w.attr(n, "start", model::format_time(a.start));
        if (a.end) w.attr(n, "end", model::format_time(*a.end));
    }
    w.close(m);
}

}  // namespace

std::string to_xml(const model::Protocol& p) {
    Writer w;
    Writer::Node* r = w.root("protocol");
    w.attr(r, "kind", std::string(model::to_string(p.kind)));
    if (!p.municipality.empty()) w.text_child(r, "municipality", p.municipality);
    if (!p.organ.empty()) w.text_child(r, "organ", p.organ);
    if (p.number) {
        Writer::Node* n = w.text_child(r, "number", std::to_string(p.number->number));
        w.attr(n, "year", std::to_string(p.number->year));
    }
    write_meeting(w, r, p.meeting_date, p.start_time, p.end_time, p.place, p.adjournments, p.meeting_date_source);
    if (!p.members.empty()) {
        Writer::Node* list = w.child(r, "members");
        for (const auto& m : p.members) {
            Writer::Node* n = w.child(list, "member");
            if (!m.party.empty()) w.attr(n, "party", m.party);
            w.attr(n, "role", std::string(model::to_string(m.role)));
            w.text_child(n, "name", m.name);
            if (!m.note.empty()) w.text_child(n, "note", m.note);
            if (m.replaces) write_person(w, w.child(n, "replaces"), *m.replaces);
            if (!m.paragraphs.empty()) w.text_child(n, "paragraphs", join_numbers(m.paragraphs));
            if (!m.except_paragraphs.empty()) {
                Writer::Node* e = w.text_child(n, "except", join_numbers(m.except_paragraphs));
                if (!m.except_reason.empty()) w.attr(e, "reason", m.except_reason);
            }
            w.close(n);
        }
        w.close(list);
    }
    if (!p.substitutes.empty()) {
        Writer::Node* list = w.child(r, "substitutes");
        for (const auto& s : p.substitutes) write_person(w, w.child(list, "substitute"), s);
        w.close(list);
    }
    if (!p.others.empty()) {
        Writer::Node* list = w.child(r, "others");
        for (const auto& o : p.others) {
            Writer::Node* n = w.child(list, "other");
            w.text_child(n, "name", o.name);
            if (!o.title.empty()) w.text_child(n, "title", o.title);
            if (!o.paragraphs.empty()) {
                Writer::Node* ps = w.text_child(n, "paragraphs", join_numbers(o.paragraphs));
                w.attr(ps, "written", o.paragraphs_written);
            }
            w.close(n);
        }
        w.close(list);
    }
    if (!p.adjusters.empty()) {
        Writer::Node* list = w.child(r, "adjusters");
        for (const auto& a : p.adjusters) write_person(w, w.child(list, "adjuster"), a);
        w.close(list);
    }
    if (p.adjustment_date || p.adjustment_time || !p.adjustment_place.empty()) {
        Writer::Node* n = w.child(r, "adjustment");
        if (p.adjustment_date) w.attr(n, "date", model::format_date(*p.adjustment_date));
        if (p.adjustment_time) w.attr(n, "time", model::format_time(*p.adjustment_time));
        if (!p.adjustment_place.empty()) w.text_child(n, "place", p.adjustment_place);
        w.close(n);
    }
    if (p.announced_adjustment_date) {
        Writer::Node* n = w.child(r, "announcedAdjustment");
        w.attr(n, "date", model::format_date(*p.announced_adjustment_date));
    }
    if (!p.paragraph_range_written.empty()) {
        Writer::Node* n = w.text_child(r, "paragraphRange", join_numbers(p.paragraph_range));
        w.attr(n, "written", p.paragraph_range_written);
    }
    if (p.secretary) write_person(w, w.child(r, "secretary"), *p.secretary);
    if (p.chair_signatory) write_person(w, w.child(r, "chairSignatory"), *p.chair_signatory);
    if (!p.role_changes.empty()) {
        Writer::Node* list = w.child(r, "roleChanges");
        for (const auto& rc : p.role_changes) {
            Writer::Node* n = w.child(list, "roleChange");
            w.attr(n, "role", std::string(model::to_string(rc.role)));
            w.text_child(n, "paragraphs", join_numbers(rc.paragraphs));
            write_person(w, w.child(n, "person"), rc.person);
            if (rc.replaces) write_person(w, w.child(n, "replaces"), *rc.replaces);
            w.text_child(n, "sentence", rc.sentence);
            w.close(n);
        }
        w.close(list);
    }

    if (!p.jav.empty()) {
        Writer::Node* list = w.child(r, "javDeclarations");
        for (const auto& j : p.jav) {
            Writer::Node* n = w.child(list, "jav");
            w.attr(n, "source", std::string(model::to_string(j.source)));
            w.text_child(n, "paragraphs", join_numbers(j.paragraphs));
            for (const auto& who : j.people) write_person(w, w.child(n, "person"), who);
            w.text_child(n, "written", j.written);
            w.close(n);
        }
        w.close(list);
    }
    Writer::Node* paras = w.child(r, "paragraphs");
    for (const auto& para : p.paragraphs) {
        Writer::Node* n = w.child(paras, "paragraph");
        w.attr(n, "number", std::to_string(para.number));
        w.attr(n, "immediate", para.immediate() ? "true" : "false");
        if (!para.title.empty()) w.text_child(n, "title", para.title);
        for (const auto& pre : para.preamble) w.text_child(n, "preamble", pre);
        for (const auto& cn : para.case_numbers) {
            Writer::Node* c = w.text_child(n, "caseNumber", cn.written);
            if (!cn.prefix.empty()) w.attr(c, "prefix", cn.prefix);
            w.attr(c, "year", std::to_string(cn.year));
            w.attr(c, "serial", cn.serial);
        }
        if (!para.decision_heading.empty() || !para.decision.empty()) {
            Writer::Node* d = w.child(n, "decision");
            if (!para.decision_heading.empty()) w.attr(d, "heading", para.decision_heading);
            if (para.sections_before_decision > 0) w.attr(d, "sectionsBefore", std::to_string(para.sections_before_decision));
            write_points(w, d, para.decision);
            w.close(d);
        }
        write_immediate(w, n, para.immediate_sentence);
        for (const auto& s : para.sections) {
            Writer::Node* sec = w.child(n, "section");
            w.attr(sec, "kind", std::string(model::to_string(s.kind)));
            if (!s.heading.empty()) w.attr(sec, "heading", s.heading);
            for (const auto& b : s.blocks) {
                Writer::Node* bn = w.text_child(sec, std::string(model::to_string(b.kind)).c_str(), b.text);
                if (b.number) w.attr(bn, "number", std::to_string(*b.number));
            }
            w.close(sec);
        }
        w.close(n);
    }
    w.close(paras);

    if (p.signature_table) {
        Writer::Node* t = w.child(r, "signatureTable");
        if (!p.signature_table->heading.empty()) w.attr(t, "heading", p.signature_table->heading);
        for (const auto& e : p.signature_table->entries) {
            Writer::Node* s = w.child(t, "signature");
            w.attr(s, "date", model::format_date(e.date));
            w.text_child(s, "written", e.written);
            if (!e.given_names.empty()) w.text_child(s, "givenNames", e.given_names);
            if (!e.surname.empty()) w.text_child(s, "surname", e.surname);
            w.close(s);
        }
        w.close(t);
    }
    if (p.notice) {
        Writer::Node* n = w.child(r, "notice");
        if (p.notice->posted) w.attr(n, "posted", model::format_date(*p.notice->posted));
        if (p.notice->removed) w.attr(n, "removed", model::format_date(*p.notice->removed));
        if (!p.notice->storage_place.empty()) w.text_child(n, "storagePlace", p.notice->storage_place);
        w.close(n);
    }
    for (const auto& f : p.free_text) w.text_child(r, "freeText", f);
    for (const auto& u : p.unplaced) {
        Writer::Node* n = w.text_child(r, "unplaced", u.text);
        w.attr(n, "line", std::to_string(u.line));
    }
    if (!p.corrections.empty()) {
        Writer::Node* prov = w.child(r, "provenance");
        for (const auto& c : p.corrections) {
            Writer::Node* n = w.text_child(prov, "correction", c.value);
            w.attr(n, "field", c.field);
            w.attr(n, "source", c.source);
        }
        w.close(prov);
    }
    w.close(r);
    return w.canonical();
}

std::string to_xml(const model::Agenda& a) {
    Writer w;
    Writer::Node* r = w.root("agenda");
    if (!a.organ.empty()) w.text_child(r, "organ", a.organ);
    write_meeting(w, r, a.meeting_date, a.start_time, std::nullopt, a.place);
    for (const auto& n : a.notes) w.text_child(r, "note", n);
    Writer::Node* items = w.child(r, "items");
    for (const auto& it : a.items) {
        Writer::Node* n = w.child(items, "agendaItem");
        if (it.number) w.attr(n, "number", std::to_string(*it.number));
        w.attr(n, "immediateProposed", it.immediate_proposed() ? "true" : "false");
        if (!it.title.empty()) w.text_child(n, "title", it.title);
        for (const auto& t : it.text) w.text_child(n, "text", t);
        if (!it.proposal.empty()) {
            Writer::Node* p = w.child(n, "proposal");
            write_points(w, p, it.proposal);
            w.close(p);
        }
        write_immediate(w, n, it.immediate_sentence);
        w.close(n);
    }
    w.close(items);
    w.close(r);
    return w.canonical();
}

std::string to_xml(const model::JusteringNotice& n) {
    Writer w;
    Writer::Node* r = w.root("anslag");
    if (n.justering_date) w.attr(r, "justered", model::format_date(*n.justering_date));
    w.attr(r, "posted", model::format_date(n.posted));
    if (n.removed) w.attr(r, "removed", model::format_date(*n.removed));
    if (n.appeal_last_day) w.attr(r, "appealLastDay", model::format_date(*n.appeal_last_day));
    if (!n.municipality.empty()) w.text_child(r, "municipality", n.municipality);
    if (!n.organ.empty()) w.text_child(r, "organ", n.organ);
    Writer::Node* pr = w.child(r, "protocol");
    w.attr(pr, "fingerprint", n.protocol_fingerprint);
    if (n.number) {
        w.attr(pr, "number", std::to_string(n.number->number));
        w.attr(pr, "year", std::to_string(n.number->year));
    }
    if (n.meeting_date) w.attr(pr, "meetingDate", model::format_date(*n.meeting_date));
    w.close(pr);
    w.text_child(r, "paragraphs", n.paragraphs);
    if (!n.kept_at.empty()) w.text_child(r, "keptAt", n.kept_at);
    w.close(r);
    return w.canonical();
}

std::string to_xml(const Document& d) {
    return std::visit([](const auto& v) { return to_xml(v); }, d);
}

std::string fingerprint(std::string_view canonical) { return core::sha256_hex(canonical); }

bool looks_like_xml(std::string_view b) noexcept {
    if (b.size() >= 3 && b.substr(0, 3) == "\xEF\xBB\xBF") b.remove_prefix(3);
    for (;;) {
        while (!b.empty() && (b.front() == ' ' || b.front() == '\n' || b.front() == '\r' || b.front() == '\t')) b.remove_prefix(1);
        // Comments may open an XML file or a Markdown export ("<!-- page 1 -->").
        if (b.rfind("<!--", 0) != 0) break;
        const auto end = b.find("-->");
        if (end == std::string_view::npos) return false;
        b.remove_prefix(end + 3);
    }
    if (b.rfind("<?xml", 0) == 0 || b.rfind("<!DOCTYPE", 0) == 0 || b.rfind("<!doctype", 0) == 0) return true;
    return b.size() >= 2 && b[0] == '<' && ((b[1] >= 'a' && b[1] <= 'z') || (b[1] >= 'A' && b[1] <= 'Z') || b[1] == '_');
}

// ------------------------------------------------------------------ loader

namespace {

struct ErrorSink {
    std::vector<std::pair<int, std::string>> errors;
    int first_column = 0;  ///< parser errors carry a column; schema errors do not (0)
};

void collect_error(void* ctx, xmlErrorPtr err) noexcept {
    auto* sink = static_cast<ErrorSink*>(ctx);
    if (!sink || !err || sink->errors.size() >= 20) return;
    try {  // called from libxml2: nothing may be thrown through it
        std::string msg = err->message ? err->message : "unknown XML error";
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
        if (sink->errors.empty() && err->domain == XML_FROM_PARSER) sink->first_column = err->int2;
        sink->errors.emplace_back(err->line, msg);
    } catch (...) {
    }
}

void silent_generic(void*, const char*, ...) {}

/// No external resource is ever loaded: not the network, not local files.
xmlParserInputPtr refuse_entity(const char*, const char*, xmlParserCtxtPtr) { return nullptr; }

void init_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        xmlInitParser();
        xmlSetExternalEntityLoader(refuse_entity);
    });
}

struct Schema {
    xmlSchemaPtr schema = nullptr;
    std::string error;
    std::string error_sv;
};

const Schema& compiled_schema() {
    static Schema s = [] {
        Schema out;
        const auto text = schema_text();
        ErrorSink sink;
        xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(text.data(), static_cast<int>(text.size()));
        if (!pc) {
            out.error = "cannot create schema parser";
            out.error_sv = "schemats tolkare kunde inte skapas";
            return out;
        }
        xmlSchemaSetParserStructuredErrors(pc, collect_error, &sink);
        out.schema = xmlSchemaParse(pc);
        xmlSchemaFreeParserCtxt(pc);
        if (!out.schema) {
            out.error = sink.errors.empty() ? "schema did not compile" : sink.errors.front().second;
            out.error_sv = sink.errors.empty() ? "schemat gick inte att kompilera" : "libxml2 rapporterar: " + sink.errors.front().second;
        }
        return out;
    }();
    return s;
}

/// Case-insensitive search for "<!doctype" / "<!entity" in raw bytes.
bool contains_markup_decl(std::string_view b) {
    for (std::size_t i = 0; i + 2 < b.size(); ++i) {
        if (b[i] != '<' || b[i + 1] != '!') continue;
        const std::string_view rest = b.substr(i + 2, 7);
        std::string up(rest);
        for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (up.rfind("DOCTYPE", 0) == 0 || up.rfind("ENTITY", 0) == 0) return true;
    }
    return false;
}

[[noreturn]] void too_many_nodes(const core::Limits& limits, const std::string& file, std::optional<std::uint32_t> line) {
    throw Error(Errc::XmlTooManyNodes, "more than " + std::to_string(limits.max_xml_nodes) + " XML nodes (--max-xml-nodes)", Where{file, line, std::nullopt},
                "fler än " + std::to_string(limits.max_xml_nodes) + " XML-noder (--max-xml-nodes)");
}

[[noreturn]] void too_deep(const core::Limits& limits, const std::string& file, std::optional<std::uint32_t> line) {
    throw Error(Errc::XmlTooDeep, "elements nested deeper than " + std::to_string(limits.max_xml_depth) + " (--max-xml-depth)",
                Where{file, line, std::nullopt},
                "element nästlade i fler än " + std::to_string(limits.max_xml_depth) + " nivåer (--max-xml-depth)");
}

void check_shape(xmlNode* n, std::uint32_t depth, std::size_t& count, const core::Limits& limits, const std::string& file) {
    for (; n; n = n->next) {
        if (++count > limits.max_xml_nodes) too_many_nodes(limits, file, std::nullopt);
        if (n->type == XML_ENTITY_REF_NODE || n->type == XML_ENTITY_NODE || n->type == XML_DTD_NODE) {
            throw Error(Errc::XmlDoctypeForbidden, "entity references are not allowed",
                        Where{file, static_cast<std::uint32_t>(xmlGetLineNo(n)), std::nullopt},
                        "entitetsreferenser är inte tillåtna");
        }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            if (depth + 1 > limits.max_xml_depth) too_deep(limits, file, static_cast<std::uint32_t>(xmlGetLineNo(n)));
            check_shape(n->children, depth + 1, count, limits, file);
        }
    }
}

// Reading the validated tree back into the model.

std::string name_of(const xmlNode* n) { return S(n->name); }
std::string text_of(const xmlNode* n) {
    xmlChar* c = xmlNodeGetContent(n);
    std::string s = S(c);
    xmlFree(c);
    return s;
}
std::string attr_of(const xmlNode* n, const char* a) {
    xmlChar* v = xmlGetProp(n, X(a));
    std::string s = S(v);
    xmlFree(v);
    return s;
}
bool has_attr(const xmlNode* n, const char* a) { return xmlHasProp(n, X(a)) != nullptr; }
std::vector<const xmlNode*> elements(const xmlNode* n) {
    std::vector<const xmlNode*> out;
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) out.push_back(c);
    }
    return out;
}
const xmlNode* first(const xmlNode* n, const char* name) {
    for (const xmlNode* c : elements(n)) {
        if (name_of(c) == name) return c;
    }
    return nullptr;
}
int int_of(const std::string& s) {
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}
std::vector<int> ints_of(const std::string& s) {
    std::vector<int> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) ++i;
        std::size_t j = i;
        while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
        if (j > i) out.push_back(int_of(s.substr(i, j - i)));
        i = j == i ? i + 1 : j;
    }
    return out;
}
std::optional<model::Date> date_attr(const xmlNode* n, const char* a) {
    if (!has_attr(n, a)) return std::nullopt;
    return model::parse_iso_date(attr_of(n, a));
}
std::optional<model::TimeOfDay> time_attr(const xmlNode* n, const char* a) {
    if (!has_attr(n, a)) return std::nullopt;
    return model::parse_time(attr_of(n, a));
}
model::PersonRef person_of(const xmlNode* n) {
    model::PersonRef p;
    p.party = attr_of(n, "party");
    if (const auto* nm = first(n, "name")) p.name = text_of(nm);
    if (const auto* nt = first(n, "note")) p.note = text_of(nt);
    return p;
}
std::vector<model::DecisionPoint> points_of(const xmlNode* n) {
    std::vector<model::DecisionPoint> out;
    for (const auto* pt : elements(n)) {
        if (name_of(pt) != "point") continue;
        model::DecisionPoint d;
        if (has_attr(pt, "number")) d.number = int_of(attr_of(pt, "number"));
        for (const auto* c : elements(pt)) {
            if (name_of(c) == "text") d.text = text_of(c);
            else if (name_of(c) == "item") d.items.push_back(text_of(c));
        }
        out.push_back(std::move(d));
    }
    return out;
}
std::optional<std::string> immediate_of(const xmlNode* n) {
    const auto* im = first(n, "immediateAdjustment");
    if (!im) return std::nullopt;
    const auto* s = first(im, "sentence");
    return s ? text_of(s) : std::string();
}
void meeting_of(const xmlNode* root, std::optional<model::Date>& date, std::optional<model::TimeOfDay>& start,
                std::optional<model::TimeOfDay>* end, std::string& place) {
    const auto* m = first(root, "meeting");
    if (!m) return;
    date = date_attr(m, "date");
    start = time_attr(m, "start");
    if (end) *end = time_attr(m, "end");
    if (const auto* pl = first(m, "place")) place = text_of(pl);
}

/// The flag attribute and the presence of <immediateAdjustment> must agree:
/// a reader may look at either.
void check_flag(const xmlNode* n, const char* attribute, bool has_sentence, const std::string& what, const std::string& what_sv) {
    const std::string v = attr_of(n, attribute);
    const bool flag = v == "true" || v == "1";
    if (flag != has_sentence) {
        throw Error(Errc::XmlInconsistent,
                    what + " has " + attribute + "=\"" + v + "\" but " +
                        (has_sentence ? "also an immediateAdjustment sentence" : "no immediateAdjustment sentence"),
                    Where{S(n->doc ? n->doc->URL : nullptr), static_cast<std::uint32_t>(xmlGetLineNo(n)), std::nullopt},
                    what_sv + " har " + attribute + "=\"" + v + "\" men " +
                        (has_sentence ? "också en mening i immediateAdjustment" : "ingen mening i immediateAdjustment"));
    }
}

/// Consumes the tree it reads: each paragraph's subtree is freed once it is
/// in the model, so a large protocol's tree and model are not both held whole.
model::Protocol protocol_of(xmlNode* r) {
    model::Protocol p;
    p.kind = model::document_kind_from(attr_of(r, "kind")).value_or(model::DocumentKind::Protocol);
    meeting_of(r, p.meeting_date, p.start_time, &p.end_time, p.place);
    if (const auto* m = first(r, "meeting")) {
        p.meeting_date_source = attr_of(m, "dateSource");
        for (const auto* a : elements(m)) {
            if (name_of(a) != "adjournment") continue;
            model::Adjournment adj;
            if (auto t = time_attr(a, "start")) adj.start = *t;
            adj.end = time_attr(a, "end");
            p.adjournments.push_back(adj);
        }
    }
    for (const auto* e : elements(r)) {
        const std::string n = name_of(e);
        if (n == "organ") p.organ = text_of(e);
        else if (n == "municipality") p.municipality = text_of(e);
        else if (n == "number") p.number = model::ProtocolNumber{int_of(text_of(e)), int_of(attr_of(e, "year"))};
        else if (n == "members") {
            for (const auto* m : elements(e)) {
                model::Member mm;
                mm.party = attr_of(m, "party");
                mm.role = model::member_role_from(attr_of(m, "role")).value_or(model::MemberRole::Member);
                if (const auto* nm = first(m, "name")) mm.name = text_of(nm);
                if (const auto* nt = first(m, "note")) mm.note = text_of(nt);
                if (const auto* rp = first(m, "replaces")) mm.replaces = person_of(rp);
                if (const auto* ps = first(m, "paragraphs")) mm.paragraphs = ints_of(text_of(ps));
                if (const auto* ex = first(m, "except")) {
                    mm.except_paragraphs = ints_of(text_of(ex));
                    mm.except_reason = attr_of(ex, "reason");
                }
                p.members.push_back(std::move(mm));
            }
        } else if (n == "substitutes") {
            for (const auto* s : elements(e)) p.substitutes.push_back(person_of(s));
        } else if (n == "others") {
            for (const auto* o : elements(e)) {
                model::OtherPresent op;
                if (const auto* nm = first(o, "name")) op.name = text_of(nm);
                if (const auto* t = first(o, "title")) op.title = text_of(t);
                if (const auto* ps = first(o, "paragraphs")) {
                    op.paragraphs = ints_of(text_of(ps));
                    op.paragraphs_written = attr_of(ps, "written");
                }
                p.others.push_back(std::move(op));
            }
        } else if (n == "adjusters") {
            for (const auto* a : elements(e)) p.adjusters.push_back(person_of(a));
        } else if (n == "adjustment") {
            p.adjustment_date = date_attr(e, "date");
            p.adjustment_time = time_attr(e, "time");
            if (const auto* pl = first(e, "place")) p.adjustment_place = text_of(pl);
        } else if (n == "announcedAdjustment") {
            p.announced_adjustment_date = date_attr(e, "date");
        } else if (n == "paragraphRange") {
            p.paragraph_range_written = attr_of(e, "written");
            p.paragraph_range = ints_of(text_of(e));
        } else if (n == "secretary") {
            p.secretary = person_of(e);
        } else if (n == "chairSignatory") {
            p.chair_signatory = person_of(e);
        } else if (n == "roleChanges") {
            for (const auto* c : elements(e)) {
                model::RoleChange rc;
                rc.role = model::changed_role_from(attr_of(c, "role")).value_or(model::ChangedRole::Adjuster);
                if (const auto* ps = first(c, "paragraphs")) rc.paragraphs = ints_of(text_of(ps));
                if (const auto* pe = first(c, "person")) rc.person = person_of(pe);
                if (const auto* rp = first(c, "replaces")) rc.replaces = person_of(rp);
                if (const auto* st = first(c, "sentence")) rc.sentence = text_of(st);
                p.role_changes.push_back(std::move(rc));
            }
        } else if (n == "javDeclarations") {
            for (const auto* c : elements(e)) {
                model::JavDeclaration j;
                j.source = model::jav_source_from(attr_of(c, "source")).value_or(model::JavSource::Text);
                if (const auto* ps = first(c, "paragraphs")) j.paragraphs = ints_of(text_of(ps));
                for (const auto* pe : elements(c)) {
                    if (name_of(pe) == "person") j.people.push_back(person_of(pe));
                }
                if (const auto* wr = first(c, "written")) j.written = text_of(wr);
                p.jav.push_back(std::move(j));
            }
        } else if (n == "paragraphs") {
            for (const auto* pe : elements(e)) {
                model::Paragraph para;
                para.number = int_of(attr_of(pe, "number"));
                for (const auto* c : elements(pe)) {
                    const std::string cn = name_of(c);
                    if (cn == "title") para.title = text_of(c);
                    else if (cn == "preamble") para.preamble.push_back(text_of(c));
                    else if (cn == "caseNumber") {
                        model::CaseNumber k;
                        k.written = text_of(c);
                        k.prefix = attr_of(c, "prefix");
                        k.year = int_of(attr_of(c, "year"));
                        k.serial = attr_of(c, "serial");
                        para.case_numbers.push_back(std::move(k));
                    } else if (cn == "decision") {
                        para.decision_heading = attr_of(c, "heading");
                        if (has_attr(c, "sectionsBefore")) para.sections_before_decision = static_cast<std::size_t>(int_of(attr_of(c, "sectionsBefore")));
                        para.decision = points_of(c);
                    } else if (cn == "section") {
                        model::Section s;
                        s.kind = model::section_kind_from(attr_of(c, "kind")).value_or(model::SectionKind::Text);
                        s.heading = attr_of(c, "heading");
                        for (const auto* b : elements(c)) {
                            model::Block blk;
                            blk.kind = model::block_kind_from(name_of(b)).value_or(model::BlockKind::Text);
                            if (has_attr(b, "number")) blk.number = int_of(attr_of(b, "number"));
                            blk.text = text_of(b);
                            s.blocks.push_back(std::move(blk));
                        }
                        para.sections.push_back(std::move(s));
                    }
                }
                para.immediate_sentence = immediate_of(pe);
                check_flag(pe, "immediate", para.immediate_sentence.has_value(), "§ " + std::to_string(para.number),
                           "§ " + std::to_string(para.number));
                p.paragraphs.push_back(std::move(para));
                auto* done = const_cast<xmlNode*>(pe);  // the tree is ours and is not read again
                xmlUnlinkNode(done);
                xmlFreeNode(done);
            }
        } else if (n == "signatureTable") {
            model::SignatureTable t;
            t.heading = attr_of(e, "heading");
            for (const auto* s : elements(e)) {
                model::SignatureEntry se;
                se.date = date_attr(s, "date").value_or(model::Date{});
                if (const auto* c = first(s, "written")) se.written = text_of(c);
                if (const auto* c = first(s, "givenNames")) se.given_names = text_of(c);
                if (const auto* c = first(s, "surname")) se.surname = text_of(c);
                t.entries.push_back(std::move(se));
            }
            p.signature_table = std::move(t);
        } else if (n == "notice") {
            model::Notice nt;
            nt.posted = date_attr(e, "posted");
            nt.removed = date_attr(e, "removed");
            if (const auto* c = first(e, "storagePlace")) nt.storage_place = text_of(c);
            p.notice = std::move(nt);
        } else if (n == "freeText") {
            p.free_text.push_back(text_of(e));
        } else if (n == "provenance") {
            for (const auto* c : elements(e)) {
                p.corrections.push_back(model::Correction{attr_of(c, "field"), text_of(c), attr_of(c, "source")});
            }
        } else if (n == "unplaced") {
            model::SourceLine u;
            u.line = static_cast<std::uint32_t>(int_of(attr_of(e, "line")));
            u.text = text_of(e);
            p.unplaced.push_back(std::move(u));
        }
    }
    return p;
}

model::JusteringNotice notice_of(const xmlNode* r) {
    model::JusteringNotice n;
    n.justering_date = date_attr(r, "justered");
    n.posted = date_attr(r, "posted").value_or(model::Date{});
    n.removed = date_attr(r, "removed");
    n.appeal_last_day = date_attr(r, "appealLastDay");
    for (const auto* e : elements(r)) {
        const std::string name = name_of(e);
        if (name == "municipality") n.municipality = text_of(e);
        else if (name == "organ") n.organ = text_of(e);
        else if (name == "paragraphs") n.paragraphs = text_of(e);
        else if (name == "keptAt") n.kept_at = text_of(e);
        else if (name == "protocol") {
            n.protocol_fingerprint = attr_of(e, "fingerprint");
            if (has_attr(e, "number") && has_attr(e, "year")) n.number = model::ProtocolNumber{int_of(attr_of(e, "number")), int_of(attr_of(e, "year"))};
            n.meeting_date = date_attr(e, "meetingDate");
        }
    }
    return n;
}

model::Agenda agenda_of(const xmlNode* r) {
    model::Agenda a;
    meeting_of(r, a.meeting_date, a.start_time, nullptr, a.place);
    for (const auto* e : elements(r)) {
        const std::string n = name_of(e);
        if (n == "organ") a.organ = text_of(e);
        else if (n == "note") a.notes.push_back(text_of(e));
        else if (n == "items") {
            for (const auto* ie : elements(e)) {
                model::AgendaItem it;
                if (has_attr(ie, "number")) it.number = int_of(attr_of(ie, "number"));
                for (const auto* c : elements(ie)) {
                    const std::string cn = name_of(c);
                    if (cn == "title") it.title = text_of(c);
                    else if (cn == "text") it.text.push_back(text_of(c));
                    else if (cn == "proposal") it.proposal = points_of(c);
                }
                it.immediate_sentence = immediate_of(ie);
                check_flag(ie, "immediateProposed", it.immediate_sentence.has_value(), "an agenda item",
                           "en punkt på föredragningslistan");
                a.items.push_back(std::move(it));
            }
        }
    }
    return a;
}

}  // namespace

namespace {
struct Pull;
Loaded load_input(const Source& source, const std::string& file, const core::Limits& limits, bool keep_canonical);
DocPtr parse_checked(Pull& pull, const std::string& file, const core::Limits& limits);

[[noreturn]] void refuse_markup_decl(const std::string& file) {
    throw Error(Errc::XmlDoctypeForbidden,
                "the XML declares a DOCTYPE or entities; justera refuses them (they can read local files "
                "or expand without bound)",
                Where{file},
                "XML-filen deklarerar en DOCTYPE eller entiteter; justera tar inte emot sådana (de kan läsa lokala filer "
                "eller växa utan gräns)");
}
}  // namespace

namespace {
/// Bytes held whole are checked before parsing (the size named exactly),
/// then read like any source: fed in pieces, since xmlReadMemory would
/// first copy them whole into a buffer of its own.
Source checked_source(std::string_view bytes, const std::string& file, const core::Limits& limits) {
    if (bytes.size() > limits.max_input_bytes) {
        throw Error(Errc::InputTooLarge,
                    "XML input is " + std::to_string(bytes.size()) + " bytes, over the limit of " + std::to_string(limits.max_input_bytes),
                    Where{file},
                    "XML-filen är " + std::to_string(bytes.size()) + " byte, över gränsen på " + std::to_string(limits.max_input_bytes));
    }
    if (contains_markup_decl(bytes)) refuse_markup_decl(file);
    return [bytes](char* into, std::size_t room) mutable {
        const std::size_t n = std::min(room, bytes.size());
        std::memcpy(into, bytes.data(), n);
        bytes.remove_prefix(n);
        return n;
    };
}
}  // namespace

Loaded load(std::string_view bytes, const std::string& file, const core::Limits& limits, bool keep_canonical) {
    const Source rest = checked_source(bytes, file, limits);
    return load_input(rest, file, limits, keep_canonical);
}

Loaded load_from(const Source& source, const std::string& file, const core::Limits& limits) {
    return load_input(source, file, limits, false);
}

namespace {
/// The parser's side of the input: pieces of the source, checked on the
/// way (size, no markup declarations) and hashed so that the canonical form
/// can be compared with it afterwards.
struct Pull {
    const Source* source = nullptr;
    std::size_t max = 0;
    std::size_t total = 0;
    core::Sha256 hash;
    char tail[8] = {};  ///< the last bytes of the previous piece: a declaration may straddle two
    std::size_t tail_size = 0;
    std::exception_ptr failed;
    bool too_large = false;
    bool markup_decl = false;

    int read(char* buffer, int len) {
        const std::size_t room = static_cast<std::size_t>(len > 0 ? len : 0);
        try {
            // The buffer is filled as far as the source goes: libxml2 reads
            // ahead in pieces of its own size and misreads (a UTF-8
            // sequence, "<!") when given fewer bytes than it asked for.
            std::size_t n = 0;
            while (n < room) {
                const std::size_t got = (*source)(buffer + n, room - n);
                if (got == 0) break;
                n += got;
            }
            const std::string_view piece(buffer, n);
            total += n;
            if (total > max) {
                too_large = true;
                return -1;
            }
            // "<!DOCTYPE" is 9 bytes: one straddling the two pieces lies in
            // the last 8 of the one and the first 8 of the other.
            char seam[16];
            std::memcpy(seam, tail, tail_size);
            const std::size_t head = std::min<std::size_t>(8, n);
            std::memcpy(seam + tail_size, buffer, head);
            if (contains_markup_decl(std::string_view(seam, tail_size + head)) || contains_markup_decl(piece)) {
                markup_decl = true;
                return -1;
            }
            // The new tail: the last 8 bytes of the seam, the old tail
            // included when the piece is shorter than that.
            const std::size_t seam_size = tail_size + head;
            const std::string_view last = n >= 8 ? piece.substr(n - 8) : std::string_view(seam, seam_size).substr(seam_size - std::min<std::size_t>(8, seam_size));
            std::memmove(tail, last.data(), last.size());
            tail_size = last.size();
            hash.update(piece);
            return static_cast<int>(n);
        } catch (...) {
            failed = std::current_exception();
            return -1;
        }
    }
};

/// Between libxml2's parser and its tree builder (its own SAX2 handlers,
/// called from here):
/// - Text is handed to the tree in one piece per run. libxml2 reports a
///   long text in pieces of a few hundred bytes and grows the node's buffer
///   to twice what it holds at each one, so that a large document's tree
///   carries up to as much again of unused room. The pieces are gathered
///   here and given over when the run ends (at the next event that is not
///   text), and stored at their size. libxml2's cap on one text node
///   (XML_MAX_TEXT_LENGTH, 10,000,000 bytes) is kept here.
/// - Nodes and nesting are counted as they come: input over the node limit
///   stops before it is built into a tree of hundreds of megabytes (the
///   tree is checked again, the same way, once parsed).
struct TreeEvents {
    xmlSAXHandler own{};  ///< libxml2's handlers, as the options set them
    xmlParserCtxtPtr ctxt = nullptr;
    const core::Limits* limits = nullptr;
    std::string pending;
    std::size_t nodes = 0;
    std::uint32_t depth = 0;  ///< of the element open now (the root is 1)
    enum class Stop { None, HugeText, TooManyNodes, TooDeep, MarkupDecl, Failed } stop = Stop::None;
    std::uint32_t stop_line = 0;
    std::exception_ptr failed;  ///< Stop::Failed: what was thrown here (never into libxml2)

    static TreeEvents& of(void* ctx) { return *static_cast<TreeEvents*>(static_cast<xmlParserCtxtPtr>(ctx)->_private); }
    void halt(Stop why) {
        stop = why;
        stop_line = ctxt->input ? static_cast<std::uint32_t>(std::max(0, ctxt->input->line)) : 0;
        xmlStopParser(ctxt);
    }
    /// A node at `at` (the root element is at 1); false once stopped.
    bool node(std::uint32_t at) {
        if (stop != Stop::None) return false;
        if (++nodes > limits->max_xml_nodes) {
            halt(Stop::TooManyNodes);
            return false;
        }
        if (at > limits->max_xml_depth) {
            halt(Stop::TooDeep);
            return false;
        }
        return true;
    }
    bool flush() {
        if (pending.empty()) return stop == Stop::None;
        // Text outside the root element is white space libxml2 drops.
        if (depth > 0 && !node(depth + 1)) return false;
        own.characters(ctxt, reinterpret_cast<const xmlChar*>(pending.data()), static_cast<int>(pending.size()));
        pending.clear();
        return true;
    }
    /// A comment or processing instruction, counted wherever it stands:
    /// before the root too, where the tree check does not look (megabytes
    /// of "<?a?>" before it would otherwise be millions of nodes).
    bool misc() { return flush() && node(std::max<std::uint32_t>(1, depth + 1)); }
    void install(xmlSAXHandler& sax) {
        own = sax;
        sax.characters = [](void* ctx, const xmlChar* ch, int len) {
            auto& t = of(ctx);
            if (t.stop != Stop::None) return;
            if (t.pending.size() + static_cast<std::size_t>(len) > XML_MAX_TEXT_LENGTH) {
                t.halt(Stop::HugeText);
                return;
            }
            try {
                t.pending.append(reinterpret_cast<const char*>(ch), static_cast<std::size_t>(len));
            } catch (...) {  // out of memory: nothing may be thrown through libxml2
                t.failed = std::current_exception();
                t.halt(Stop::Failed);
            }
        };
        sax.ignorableWhitespace = sax.characters;
        sax.startElementNs = [](void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri, int nb_ns,
                                const xmlChar** namespaces, int nb_attributes, int nb_defaulted, const xmlChar** attributes) {
            auto& t = of(ctx);
            if (!t.flush() || !t.node(t.depth + 1)) return;
            ++t.depth;
            t.own.startElementNs(ctx, localname, prefix, uri, nb_ns, namespaces, nb_attributes, nb_defaulted, attributes);
        };
        sax.endElementNs = [](void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri) {
            auto& t = of(ctx);
            if (!t.flush()) return;
            if (t.depth > 0) --t.depth;
            t.own.endElementNs(ctx, localname, prefix, uri);
        };
        sax.comment = [](void* ctx, const xmlChar* value) {
            auto& t = of(ctx);
            if (t.misc()) t.own.comment(ctx, value);
        };
        sax.processingInstruction = [](void* ctx, const xmlChar* target, const xmlChar* data) {
            auto& t = of(ctx);
            if (t.misc()) t.own.processingInstruction(ctx, target, data);
        };
        sax.reference = [](void* ctx, const xmlChar* name) {
            auto& t = of(ctx);
            if (!t.flush()) return;
            if (t.own.reference) t.own.reference(ctx, name);
        };
        sax.endDocument = [](void* ctx) {
            auto& t = of(ctx);
            t.flush();
            t.own.endDocument(ctx);
        };
        // A DOCTYPE, and any declaration, ends the parse before it is
        // stored: the byte search before parsing cannot see one written in
        // UTF-16 or another encoding that is not ASCII-compatible.
        sax.internalSubset = [](void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) { of(ctx).halt(Stop::MarkupDecl); };
        sax.externalSubset = sax.internalSubset;
        sax.entityDecl = [](void* ctx, const xmlChar*, int, const xmlChar*, const xmlChar*, xmlChar*) { of(ctx).halt(Stop::MarkupDecl); };
        sax.unparsedEntityDecl = [](void* ctx, const xmlChar*, const xmlChar*, const xmlChar*, const xmlChar*) { of(ctx).halt(Stop::MarkupDecl); };
        sax.notationDecl = [](void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) { of(ctx).halt(Stop::MarkupDecl); };
        sax.elementDecl = [](void* ctx, const xmlChar*, int, xmlElementContentPtr) { of(ctx).halt(Stop::MarkupDecl); };
        sax.attributeDecl = [](void* ctx, const xmlChar*, const xmlChar*, int, int, const xmlChar*, xmlEnumerationPtr tree) {
            xmlFreeEnumeration(tree);  // the handler owns it
            of(ctx).halt(Stop::MarkupDecl);
        };
        // CDATA is read as text (XML_PARSE_NOCDATA leaves no handler for
        // it); SAX1's element events are never reached with SAX2 on.
    }
};

/// Parses into a tree from `pull`; null when the XML is not well formed.
/// Throws for what stopped the reading first: the source's error, the size
/// limit, a declaration, then the limits met while building the tree.
DocPtr parse_tree(Pull& pull, const std::string& file, const core::Limits& limits) {
    xmlParserCtxtPtr ctxt = xmlCreateIOParserCtxt(
        nullptr, nullptr, [](void* ctx, char* buffer, int len) -> int { return static_cast<Pull*>(ctx)->read(buffer, len); },
        [](void*) -> int { return 0; }, &pull, XML_CHAR_ENCODING_NONE);
    TreeEvents events;
    DocPtr doc;
    bool well_formed = false;
    if (ctxt) {
        xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
        if (ctxt->input && !ctxt->input->filename) ctxt->input->filename = reinterpret_cast<char*>(xmlStrdup(X(file.c_str())));
        events.ctxt = ctxt;
        events.limits = &limits;
        events.install(*ctxt->sax);
        ctxt->_private = &events;
        xmlParseDocument(ctxt);
        doc.reset(ctxt->myDoc);
        well_formed = ctxt->wellFormed != 0 && events.stop == TreeEvents::Stop::None;
        ctxt->myDoc = nullptr;
        xmlFreeParserCtxt(ctxt);
    }
    // Once the parser stops nothing more is read, so the first of these is
    // what stopped it.
    if (pull.failed) std::rethrow_exception(pull.failed);
    if (pull.too_large) {
        throw Error(Errc::InputTooLarge, "XML input is over the limit of " + std::to_string(limits.max_input_bytes) + " bytes", Where{file},
                    "XML-filen är över gränsen på " + std::to_string(limits.max_input_bytes) + " byte");
    }
    if (pull.markup_decl) refuse_markup_decl(file);
    const auto line = events.stop_line > 0 ? std::optional<std::uint32_t>(events.stop_line) : std::nullopt;
    switch (events.stop) {
        case TreeEvents::Stop::None: break;
        case TreeEvents::Stop::Failed: std::rethrow_exception(events.failed);
        case TreeEvents::Stop::MarkupDecl: refuse_markup_decl(file);
        case TreeEvents::Stop::HugeText:
            throw Error(Errc::XmlMalformed, "a text of more than " + std::to_string(XML_MAX_TEXT_LENGTH) + " bytes in one piece",
                        Where{file, line, std::nullopt},
                        "en sammanhängande text på mer än " + std::to_string(XML_MAX_TEXT_LENGTH) + " byte");
        case TreeEvents::Stop::TooManyNodes: too_many_nodes(limits, file, line);
        case TreeEvents::Stop::TooDeep: too_deep(limits, file, line);
    }
    if (!well_formed) doc.reset();
    return doc;
}

/// Reads well-formed XML from `pull` with every safety of the loader: the
/// tree is checked once more for declarations, depth and node count. Throws
/// what parse_tree throws, and XmlMalformed with libxml2's first message,
/// line and column.
DocPtr parse_checked(Pull& pull, const std::string& file, const core::Limits& limits) {
    init_once();
    ErrorSink sink;
    struct Collecting {
        explicit Collecting(ErrorSink* s) {
            xmlSetStructuredErrorFunc(s, collect_error);
            xmlSetGenericErrorFunc(nullptr, silent_generic);
        }
        ~Collecting() { xmlSetStructuredErrorFunc(nullptr, nullptr); }
        Collecting(const Collecting&) = delete;
        Collecting& operator=(const Collecting&) = delete;
    };
    std::optional<Collecting> collecting(&sink);
    DocPtr doc = parse_tree(pull, file, limits);
    collecting.reset();
    if (!doc) {
        const auto& e = sink.errors.empty() ? std::pair<int, std::string>{0, "not well-formed XML"} : sink.errors.front();
        throw Error(Errc::XmlMalformed, e.second,
                    Where{file, e.first > 0 ? std::optional<std::uint32_t>(static_cast<std::uint32_t>(e.first)) : std::nullopt,
                          sink.first_column > 0 ? std::optional<std::uint32_t>(static_cast<std::uint32_t>(sink.first_column))
                                                : std::nullopt},
                    sink.errors.empty() ? std::string("inte välformad XML") : "libxml2 rapporterar: " + e.second);
    }
    if (doc->intSubset || doc->extSubset) {
        throw Error(Errc::XmlDoctypeForbidden, "the XML has a DOCTYPE; justera refuses it", Where{file},
                    "XML-filen har en DOCTYPE; justera tar inte emot den");
    }
    std::size_t count = 0;
    check_shape(xmlDocGetRootElement(doc.get()), 1, count, limits, file);
    return doc;
}

Loaded load_input(const Source& source, const std::string& file, const core::Limits& limits, bool keep_canonical) {
    Pull pull;
    pull.source = &source;
    pull.max = limits.max_input_bytes;
    DocPtr doc = parse_checked(pull, file, limits);

    const Schema& schema = compiled_schema();
    if (!schema.schema) {
        throw Error(Errc::XmlSchemaUnavailable, "the built-in schema failed to load: " + schema.error, {},
                    "det inbyggda schemat kunde inte läsas in: " + schema.error_sv);
    }
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema.schema);
    ErrorSink vsink;
    xmlSchemaSetValidStructuredErrors(vc, collect_error, &vsink);
    const int rc = xmlSchemaValidateDoc(vc, doc.get());
    xmlSchemaFreeValidCtxt(vc);
    if (rc != 0) {
        std::string msg = "not valid against the protocol schema (" + std::string(k_namespace) + ")";
        std::string msg_sv = "följer inte protokollschemat (" + std::string(k_namespace) + ")";
        std::optional<std::uint32_t> line;
        if (!vsink.errors.empty()) {
            msg += ": " + vsink.errors.front().second;
            msg_sv += "; libxml2 rapporterar: " + vsink.errors.front().second;
            if (vsink.errors.front().first > 0) line = static_cast<std::uint32_t>(vsink.errors.front().first);
            if (vsink.errors.size() > 1) {
                msg += " (and " + std::to_string(vsink.errors.size() - 1) + " more)";
                msg_sv += " (och " + std::to_string(vsink.errors.size() - 1) + " fel till)";
            }
        }
        throw Error(Errc::XmlSchemaViolation, msg, Where{file, line, std::nullopt}, msg_sv);
    }

    // The canonical form is held when asked for, else only hashed as libxml2
    // writes it; either way it is compared with the input by its hash.
    Loaded out;
    struct Sink {
        core::Sha256 hash;
        std::size_t size = 0;
        std::string* held = nullptr;
    } written{core::Sha256{}, 0, keep_canonical ? &out.canonical : nullptr};
    xmlOutputBufferPtr buf = xmlOutputBufferCreateIO(
        [](void* ctx, const char* data, int n) -> int {
            auto* k = static_cast<Sink*>(ctx);
            const std::string_view piece(data, static_cast<std::size_t>(n));
            k->hash.update(piece);
            k->size += piece.size();
            if (k->held) k->held->append(piece);
            return n;
        },
        [](void*) -> int { return 0; }, &written, nullptr);
    if (!buf) {
        throw Error(Errc::XmlCanonicalizationFailed, "canonicalization failed (no output buffer)", Where{file},
                    "kanoniseringen misslyckades (ingen utdatabuffert)");
    }
    const int saved = xmlC14NDocSaveTo(doc.get(), nullptr, XML_C14N_EXCLUSIVE_1_0, nullptr, 0, buf);
    const int closed = xmlOutputBufferClose(buf);
    if (saved < 0 || closed < 0) {
        throw Error(Errc::XmlCanonicalizationFailed, "canonicalization failed", Where{file}, "kanoniseringen misslyckades");
    }
    out.fingerprint = written.hash.hex();
    out.in_canonical_layout = written.size == pull.total && pull.hash.hex() == out.fingerprint;
    xmlNode* root = xmlDocGetRootElement(doc.get());
    if (name_of(root) == "agenda") out.document = agenda_of(root);
    else if (name_of(root) == "anslag") out.document = notice_of(root);
    else out.document = protocol_of(root);
    return out;
}
}  // namespace

namespace {

constexpr const char* k_rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

bool is_rdf(const xmlNode* n, const char* local) { return n && n->ns && S(n->ns->href) == k_rdf && S(n->name) == local; }

/// One canonical text for a property's value, element or attribute form
/// alike: text trimmed; an rdf:resource; rdf:Seq items in order, rdf:Bag
/// and rdf:Alt items sorted; a nested resource as its sorted properties.
std::string xmp_value(const xmlNode* n, int depth, std::size_t& budget);

std::string xmp_resource(const xmlNode* holder, int depth, std::size_t& budget) {
    std::map<std::string, std::vector<std::string>> props;
    for (const xmlAttr* a = holder->properties; a; a = a->next) {
        if (!a->ns || S(a->ns->href) == k_rdf || S(a->ns->href) == "http://www.w3.org/XML/1998/namespace") continue;
        xmlChar* v = xmlNodeGetContent(reinterpret_cast<const xmlNode*>(a));
        props["{" + S(a->ns->href) + "}" + S(a->name)].push_back(S(v));
        xmlFree(v);
    }
    for (const xmlNode* c = holder->children; c && budget > 0; c = c->next, --budget) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (is_rdf(c, "Description")) {  // a nested resource written as rdf:Description
            props["{}"].push_back(xmp_resource(c, depth + 1, budget));
            continue;
        }
        props["{" + (c->ns ? S(c->ns->href) : std::string()) + "}" + S(c->name)].push_back(xmp_value(c, depth + 1, budget));
    }
    std::string out = "{";
    for (auto& [k, vs] : props) {
        std::sort(vs.begin(), vs.end());
        for (const auto& v : vs) out += k + "=" + v + ";";
    }
    return out + "}";
}

std::string xmp_value(const xmlNode* n, int depth, std::size_t& budget) {
    if (depth > 32 || budget == 0) return "\x01too-deep";
    if (xmlChar* r = xmlGetNsProp(n, reinterpret_cast<const xmlChar*>("resource"), reinterpret_cast<const xmlChar*>(k_rdf))) {
        std::string out = "<" + S(r) + ">";
        xmlFree(r);
        return out;
    }
    bool elements = false;
    for (const xmlNode* c = n->children; c; c = c->next) elements = elements || c->type == XML_ELEMENT_NODE;
    bool attributes = false;
    for (const xmlAttr* a = n->properties; a; a = a->next) {
        attributes = attributes || (a->ns && S(a->ns->href) != k_rdf && S(a->ns->href) != "http://www.w3.org/XML/1998/namespace");
    }
    if (!elements && !attributes) {
        std::string t = text_of(n);
        const auto b = t.find_first_not_of(" \t\r\n");
        const auto e = t.find_last_not_of(" \t\r\n");
        return b == std::string::npos ? std::string() : "\"" + t.substr(b, e - b + 1) + "\"";
    }
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (is_rdf(c, "Seq") || is_rdf(c, "Bag") || is_rdf(c, "Alt")) {
            std::vector<std::string> items;
            for (const xmlNode* li = c->children; li && budget > 0; li = li->next, --budget) {
                if (li->type == XML_ELEMENT_NODE) items.push_back(xmp_value(li, depth + 1, budget));
            }
            if (!is_rdf(c, "Seq")) std::sort(items.begin(), items.end());
            std::string out = "[";
            for (const auto& i : items) out += i + ",";
            return out + "]";
        }
        if (is_rdf(c, "Description")) return xmp_resource(c, depth + 1, budget);
    }
    return xmp_resource(n, depth + 1, budget);  // rdf:parseType="Resource", or attributes on the property
}

}  // namespace

std::optional<std::map<std::string, std::string>> xmp_properties(std::string_view xmp) {
    init_once();
    if (xmp.empty() || xmp.size() > 4U * 1024U * 1024U || contains_markup_decl(xmp)) return std::nullopt;
    ErrorSink sink;
    xmlSetStructuredErrorFunc(&sink, collect_error);
    DocPtr doc(xmlReadMemory(xmp.data(), static_cast<int>(xmp.size()), "xmp", nullptr, XML_PARSE_NONET | XML_PARSE_NOCDATA));
    xmlSetStructuredErrorFunc(nullptr, nullptr);
    if (!doc) return std::nullopt;
    // rdf:RDF wherever it is (under x:xmpmeta, or as the root).
    const xmlNode* rdf = nullptr;
    std::size_t visited = 0;
    const std::function<void(const xmlNode*, int)> find = [&](const xmlNode* n, int depth) {
        for (; n && !rdf && depth < 16 && ++visited < 100000; n = n->next) {
            if (n->type != XML_ELEMENT_NODE) continue;
            if (is_rdf(n, "RDF")) {
                rdf = n;
                return;
            }
            find(n->children, depth + 1);
        }
    };
    find(xmlDocGetRootElement(doc.get()), 0);
    if (!rdf) return std::nullopt;
    std::map<std::string, std::string> out;
    std::size_t budget = 200000;
    for (const xmlNode* d = rdf->children; d; d = d->next) {
        if (!is_rdf(d, "Description")) continue;
        for (const xmlAttr* a = d->properties; a; a = a->next) {
            if (!a->ns || S(a->ns->href) == k_rdf) continue;
            xmlChar* v = xmlNodeGetContent(reinterpret_cast<const xmlNode*>(a));
            const std::string t = S(v);
            xmlFree(v);
            out["{" + S(a->ns->href) + "}" + S(a->name)] = t.empty() ? std::string() : "\"" + t + "\"";
        }
        for (const xmlNode* c = d->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE) continue;
            out["{" + (c->ns ? S(c->ns->href) : std::string()) + "}" + S(c->name)] = xmp_value(c, 0, budget);
        }
    }
    return out;
}

std::optional<std::pair<std::string, std::string>> root_element(std::string_view h) {
    std::size_t i = 0;
    if (h.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    const auto skip_past = [&](std::string_view end) {
        const std::size_t e = h.find(end, i);
        if (e == std::string_view::npos) return false;
        i = e + end.size();
        return true;
    };
    for (;;) {
        while (i < h.size() && (h[i] == ' ' || h[i] == '\t' || h[i] == '\r' || h[i] == '\n')) ++i;
        if (i >= h.size() || h[i] != '<') return std::nullopt;
        if (h.substr(i, 2) == "<?") {
            if (!skip_past("?>")) return std::nullopt;
        } else if (h.substr(i, 4) == "<!--") {
            if (!skip_past("-->")) return std::nullopt;
        } else if (h.substr(i, 2) == "<!") {
            return std::nullopt;  // a DOCTYPE: the loader refuses it
        } else {
            break;
        }
    }
    const std::size_t end = h.find('>', i);
    if (end == std::string_view::npos) return std::nullopt;
    const std::string_view tag = h.substr(i + 1, end - i - 1);
    std::size_t n = 0;
    while (n < tag.size() && tag[n] != ' ' && tag[n] != '\t' && tag[n] != '\r' && tag[n] != '\n' && tag[n] != '/') ++n;
    const std::string name(tag.substr(0, n));
    const std::size_t colon = name.find(':');
    const std::string want = colon == std::string::npos ? "xmlns" : "xmlns:" + name.substr(0, colon);
    // Attributes: name = "value" or 'value'.
    std::size_t p = n;
    while (p < tag.size()) {
        while (p < tag.size() && (tag[p] == ' ' || tag[p] == '\t' || tag[p] == '\r' || tag[p] == '\n' || tag[p] == '/')) ++p;
        const std::size_t a = p;
        while (p < tag.size() && tag[p] != '=' && tag[p] != ' ' && tag[p] != '\t' && tag[p] != '\r' && tag[p] != '\n') ++p;
        const std::string_view attr = tag.substr(a, p - a);
        while (p < tag.size() && tag[p] != '"' && tag[p] != '\'') ++p;
        if (p >= tag.size()) break;
        const char q = tag[p];
        const std::size_t v = p + 1;
        const std::size_t ve = tag.find(q, v);
        if (ve == std::string_view::npos) return std::nullopt;
        if (attr == want) return std::make_pair(name, std::string(tag.substr(v, ve - v)));
        p = ve + 1;
    }
    return std::make_pair(name, std::string());
}

std::optional<std::string> xmp_property(std::string_view xmp, std::string_view ns, std::string_view local) {
    const auto props = xmp_properties(xmp);
    if (!props) return std::nullopt;
    const auto it = props->find("{" + std::string(ns) + "}" + std::string(local));
    if (it == props->end()) return std::nullopt;
    // A simple value is held quoted; the property's text is what is inside.
    const std::string& v = it->second;
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
    return v;
}

std::vector<core::Diagnostic> check_consistency(const Document& d, const std::string& file) {
    std::vector<core::Diagnostic> out;
    const auto add = [&](std::string msg) {
        out.push_back(core::Diagnostic{core::Severity::Error, core::DiagCode::Consistency, std::move(msg), Where{file}, {}});
    };
    if (const auto* a = std::get_if<model::Agenda>(&d)) {
        for (const auto& it : a->items) {
            if (it.immediate_sentence && it.immediate_sentence->empty()) add("an agenda item marks immediate adjustment without its sentence");
        }
        return out;
    }
    if (std::holds_alternative<model::JusteringNotice>(d)) return out;  // its schema says all
    const auto& p = std::get<model::Protocol>(d);
    std::vector<int> present;
    std::set<int> seen;
    for (const auto& para : p.paragraphs) {
        if (!seen.insert(para.number).second) add("§ " + std::to_string(para.number) + " appears twice");
        if (para.sections_before_decision > para.sections.size()) {
            add("§ " + std::to_string(para.number) + " says its decision comes after " + std::to_string(para.sections_before_decision) +
                " sections, but it has " + std::to_string(para.sections.size()));
        }
        if (!present.empty() && para.number < present.back()) add("§ " + std::to_string(para.number) + " comes after § " + std::to_string(present.back()));
        present.push_back(para.number);
        if (para.immediate_sentence && para.immediate_sentence->empty()) {
            add("§ " + std::to_string(para.number) + " is marked immediately adjusted but the sentence is empty");
        }
    }
    if (!p.paragraph_range_written.empty()) {
        if (p.paragraph_range.empty()) {
            add("the paragraph list \"" + p.paragraph_range_written + "\" has no paragraph numbers");
        } else if (p.paragraph_range != present) {
            std::string missing;
            std::string extra;
            for (const int n : p.paragraph_range) {
                if (!seen.count(n)) missing += (missing.empty() ? "§ " : ", § ") + std::to_string(n);
            }
            const std::set<int> listed(p.paragraph_range.begin(), p.paragraph_range.end());
            for (const int n : present) {
                if (!listed.count(n)) extra += (extra.empty() ? "§ " : ", § ") + std::to_string(n);
            }
            std::string msg = "the header's paragraph list \"" + p.paragraph_range_written + "\" does not match the paragraphs present";
            if (!missing.empty()) msg += "; listed but missing: " + missing;
            if (!extra.empty()) msg += "; present but not listed: " + extra;
            add(msg);
        }
    }
    if (!p.members.empty()) {
        const auto lower = [](std::string s) {
            for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return s;
        };
        for (const auto& a : p.adjusters) {
            const bool member = std::any_of(p.members.begin(), p.members.end(), [&](const model::Member& m) {
                return lower(m.name) == lower(a.name);
            });
            if (!member) add("justerare " + a.name + " is not among the members (ledamöter) present");
        }
    }
    if (p.meeting_date && p.adjustment_date && *p.adjustment_date < *p.meeting_date) {
        add("the adjustment date " + model::format_date(*p.adjustment_date) + " is before the meeting date " +
            model::format_date(*p.meeting_date));
    }
    if (p.start_time && p.end_time &&
        (p.end_time->hour * 60 + p.end_time->minute) < (p.start_time->hour * 60 + p.start_time->minute)) {
        add("the meeting ends (" + model::format_time(*p.end_time) + ") before it starts (" + model::format_time(*p.start_time) + ")");
    }
    return out;
}

// ------------------------------------------------------------------ trees of other formats' XML

namespace {
const xmlNode* node_of(const void* p) { return static_cast<const xmlNode*>(p); }
std::string_view view_of(const xmlChar* s) { return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view(); }
}  // namespace

struct Tree::Impl {
    DocPtr doc;
};

Tree::Tree() = default;
Tree::~Tree() = default;
Tree::Tree(Tree&&) noexcept = default;
Tree& Tree::operator=(Tree&&) noexcept = default;

Tree Tree::parse(std::string_view bytes, const std::string& file, const core::Limits& limits) {
    const Source rest = checked_source(bytes, file, limits);
    Pull pull;
    pull.source = &rest;
    pull.max = limits.max_input_bytes;
    Tree t;
    t.m_impl = std::make_unique<Impl>();
    t.m_impl->doc = parse_checked(pull, file, limits);
    return t;
}

Node Tree::root() const noexcept {
    return Node(m_impl && m_impl->doc ? xmlDocGetRootElement(m_impl->doc.get()) : nullptr);
}

bool Node::is_element() const noexcept { return m_node && node_of(m_node)->type == XML_ELEMENT_NODE; }
bool Node::is_text() const noexcept {
    return m_node && (node_of(m_node)->type == XML_TEXT_NODE || node_of(m_node)->type == XML_CDATA_SECTION_NODE);
}
std::string_view Node::name() const noexcept { return is_element() ? view_of(node_of(m_node)->name) : std::string_view(); }
std::string_view Node::ns() const noexcept {
    return is_element() && node_of(m_node)->ns ? view_of(node_of(m_node)->ns->href) : std::string_view();
}
std::string_view Node::text() const noexcept { return is_text() ? view_of(node_of(m_node)->content) : std::string_view(); }
std::uint32_t Node::line() const noexcept {
    if (!m_node) return 0;
    const long l = xmlGetLineNo(node_of(m_node));
    return l > 0 ? static_cast<std::uint32_t>(l) : 0;
}
Node Node::first_child() const noexcept { return Node(m_node ? node_of(m_node)->children : nullptr); }
Node Node::next() const noexcept { return Node(m_node ? node_of(m_node)->next : nullptr); }
Node Node::parent() const noexcept {
    const xmlNode* p = m_node ? node_of(m_node)->parent : nullptr;
    return Node(p && p->type == XML_ELEMENT_NODE ? p : nullptr);
}

std::optional<std::string> Node::attribute(std::string_view ns, std::string_view local) const {
    if (!is_element()) return std::nullopt;
    for (const xmlAttr* a = node_of(m_node)->properties; a; a = a->next) {
        if (view_of(a->name) != local) continue;
        if (view_of(a->ns ? a->ns->href : nullptr) != ns) continue;
        std::string value;
        for (const xmlNode* c = a->children; c; c = c->next) {
            if (c->type == XML_TEXT_NODE) value += view_of(c->content);
        }
        return value;
    }
    return std::nullopt;
}

}  // namespace justera::xml
