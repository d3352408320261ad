// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The logical structure of a rendered document (tagged PDF, ISO 32000-1
// 14.7 and 14.8; PDF/UA-1): structure elements built while the layout runs,
// marked-content ids handed out page by page, and the structure tree, the
// ParentTree and the /StructParents keys written at the end. Private to pdf.

#include <podofo/podofo.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace justera::pdf::detail {

/// The standard structure types justera uses (ISO 32000-1 14.8.4), so no
/// RoleMap is needed.
enum class Tag : std::uint8_t { Document, Sect, Div, H1, H2, H3, P, L, LI, Lbl, LBody, Table, TR, TH, TD, Form };

/// The structure type's name: "H2", "LBody".
const char* tag_name(Tag t);

class StructTree {
public:
    using Id = int;
    static constexpr Id k_none = -1;

    StructTree();  ///< with the Document element as the root (id 0)

    [[nodiscard]] static Id root() { return 0; }

    /// A new element, the last child of `parent`.
    Id add(Tag tag, Id parent);
    /// A header cell for its row (/A << /O /Table /Scope /Row >>).
    void set_row_header(Id th);
    /// The natural language of an element's text, where it is not the
    /// document's (/Lang, ISO 32000-1 14.9.2).
    void set_lang(Id e, std::string lang);
    /// The language set on `e` itself ("" where it inherits its parent's).
    [[nodiscard]] const std::string& lang(Id e) const { return m_elements.at(static_cast<std::size_t>(e)).lang; }
    [[nodiscard]] Tag tag(Id e) const { return m_elements.at(static_cast<std::size_t>(e)).tag; }
    [[nodiscard]] Id parent(Id e) const { return m_elements.at(static_cast<std::size_t>(e)).parent; }

    /// The next marked-content id on `page`, as the last content of `element`.
    int mark(Id element, std::size_t page);
    /// A widget annotation (the `widget`-th of the document) as the last content
    /// of `element` (an OBJR).
    void annotation(Id element, std::size_t page, std::size_t widget);

    /// Writes the tree: the StructTreeRoot with its ParentTree in the catalog,
    /// /StructParents on every page, /StructParent on every widget. Elements
    /// without any content are left out.
    void write(PoDoFo::PdfMemDocument& doc, const std::vector<PoDoFo::PdfObject*>& pages,
               const std::vector<PoDoFo::PdfObject*>& widgets) const;

private:
    struct Kid {
        enum class Kind : std::uint8_t { Element, Mcid, Annotation } kind;
        int value;          ///< element id, MCID or widget index
        std::size_t page;   ///< for Mcid and Annotation
    };
    struct Element {
        Tag tag;
        Id parent;
        bool row_header = false;
        std::string lang;
        std::vector<Kid> kids;
    };
    [[nodiscard]] bool has_content(Id e, std::vector<signed char>& memo) const;

    std::vector<Element> m_elements;
    std::vector<int> m_next_mcid;  ///< per page
};

}  // namespace justera::pdf::detail
