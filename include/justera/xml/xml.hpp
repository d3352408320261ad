// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The canonical XML form of protocols and agendas (schemas/protokoll.xsd):
/// serializer, safe loader with schema validation, and the fingerprint.
///
/// Canonical form: the document's Exclusive XML Canonicalization 1.0 without
/// comments (W3C exc-c14n). justera writes its XML already in that form, so a
/// file it wrote satisfies `sha256sum FILE` == `xmllint --exc-c14n FILE | sha256sum`
/// == `justera fingerprint FILE`.

#include <cstddef>
#include <functional>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "justera/core/diagnostics.hpp"
#include "justera/core/limits.hpp"
#include "justera/model/protocol.hpp"

namespace justera::xml {

inline constexpr std::string_view k_namespace = "urn:justera:protokoll:1";
inline constexpr std::string_view k_schema_version = "1.0";

using Document = model::Document;

/// Serialises to canonical XML bytes (exc-c14n, indented, no declaration).
std::string to_xml(const model::Protocol& protocol);
std::string to_xml(const model::Agenda& agenda);
std::string to_xml(const model::JusteringNotice& notice);
std::string to_xml(const Document& document);

struct Loaded {
    Document document;
    std::string canonical;    ///< exc-c14n of the document as parsed
    std::string fingerprint;  ///< SHA-256 of `canonical`, hex
    bool in_canonical_layout = false;  ///< the bytes read were already `canonical`
};

/// Parses and validates XML from untrusted bytes. No network, no DTD, no
/// entities (any DOCTYPE is refused), bounded size, depth and node count.
/// Throws core::Error: XmlMalformed, XmlDoctypeForbidden, XmlTooDeep,
/// XmlTooManyNodes, XmlSchemaViolation (with line), InputTooLarge.
/// With `keep_canonical` false the canonical form is only hashed as it is
/// written (`canonical` stays empty; `fingerprint` and `in_canonical_layout`
/// are set): a large document's canonical form is never held in memory.
Loaded load(std::string_view bytes, const std::string& file, const core::Limits& limits, bool keep_canonical = true);
/// Pulls bytes: writes up to `room` bytes at `into` and says how many, 0 at
/// the end. May throw core::Error, which the load passes on.
using Source = std::function<std::size_t(char* into, std::size_t room)>;
/// The same from a source read once, in pieces (an embedded file inflated
/// as it is parsed), for a large document read only to be checked: the
/// bytes are never held whole. The size limit and the refusal of markup
/// declarations apply to the pieces as they come; `canonical` stays empty
/// and `in_canonical_layout` compares hashes.
Loaded load_from(const Source& source, const std::string& file, const core::Limits& limits);

/// A node of a Tree: a view, valid while its Tree lives. Null when there is
/// no such node (`if (n)`); every accessor of a null node returns nothing.
class Node final {
public:
    Node() = default;
    explicit operator bool() const noexcept { return m_node != nullptr; }
    [[nodiscard]] bool is_element() const noexcept;
    [[nodiscard]] bool is_text() const noexcept;  ///< text or CDATA
    [[nodiscard]] std::string_view name() const noexcept;  ///< an element's local name
    [[nodiscard]] std::string_view ns() const noexcept;    ///< an element's namespace URI, empty for none
    [[nodiscard]] std::string_view text() const noexcept;  ///< a text node's content
    [[nodiscard]] std::uint32_t line() const noexcept;     ///< 0 when unknown
    [[nodiscard]] Node first_child() const noexcept;
    [[nodiscard]] Node next() const noexcept;
    [[nodiscard]] Node parent() const noexcept;  ///< the parent element
    /// The attribute `local` in namespace `ns` (empty: no namespace).
    [[nodiscard]] std::optional<std::string> attribute(std::string_view ns, std::string_view local) const;

private:
    friend class Tree;
    explicit Node(const void* node) noexcept : m_node(node) {}
    const void* m_node = nullptr;
};

/// XML of another format (the parts of a DOCX) read from untrusted bytes with
/// the loader's safety and limits (no network, no DTD, no entities: a DOCTYPE
/// or entity declaration is refused; bounded size, depth and node count), as
/// a tree to walk. Not validated against any schema.
class Tree final {
public:
    /// Throws core::Error: XmlMalformed (libxml2's message, line and column),
    /// XmlDoctypeForbidden, XmlTooDeep, XmlTooManyNodes, InputTooLarge; each
    /// names `file`.
    static Tree parse(std::string_view bytes, const std::string& file, const core::Limits& limits);
    [[nodiscard]] Node root() const noexcept;

    Tree();
    ~Tree();
    Tree(Tree&&) noexcept;
    Tree& operator=(Tree&&) noexcept;
    Tree(const Tree&) = delete;
    Tree& operator=(const Tree&) = delete;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Facts that contradict each other in a schema-valid document: the header's
/// paragraph list against the paragraphs present, justerare not among the
/// members, immediate flags without a sentence, dates out of order.
std::vector<core::Diagnostic> check_consistency(const Document& document, const std::string& file);

/// The value of property `local` in namespace `ns` of an XMP packet (parsed
/// with the same safe settings), written as an element or as an attribute of
/// rdf:Description, or nullopt.
std::optional<std::string> xmp_property(std::string_view xmp, std::string_view ns, std::string_view local);

/// Every top-level property of an XMP packet's rdf:Description elements,
/// keyed "{namespace}local", however it is written (element or attribute),
/// with structured values (rdf:Seq, rdf:Bag, rdf:Alt, nested resources) in
/// one canonical text form. nullopt when the packet is not safe, well-formed
/// XML with an rdf:RDF.
std::optional<std::map<std::string, std::string>> xmp_properties(std::string_view xmp);

/// The root element of the XML that `head` begins (its first bytes are
/// enough): its qualified name and namespace URI (empty for none), or
/// nullopt when the start tag is not complete in `head` or there is none.
/// Read as text, without a parser: for telling whose XML it is.
std::optional<std::pair<std::string, std::string>> root_element(std::string_view head);

/// SHA-256 (hex) of canonical bytes.
std::string fingerprint(std::string_view canonical);

/// The XSD compiled into the program (identical to schemas/protokoll.xsd).
std::string_view schema_text() noexcept;

/// True when the bytes look like XML (after white space and a BOM).
bool looks_like_xml(std::string_view bytes) noexcept;

}  // namespace justera::xml
