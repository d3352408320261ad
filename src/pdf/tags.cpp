// SPDX-License-Identifier: GPL-3.0-or-later
// The structure tree of a rendered document (tags.hpp).

#include "tags.hpp"

#include <stdexcept>

namespace justera::pdf::detail {

const char* tag_name(Tag t) {
    switch (t) {
        case Tag::Document: return "Document";
        case Tag::Sect: return "Sect";
        case Tag::Div: return "Div";
        case Tag::H1: return "H1";
        case Tag::H2: return "H2";
        case Tag::H3: return "H3";
        case Tag::P: return "P";
        case Tag::L: return "L";
        case Tag::LI: return "LI";
        case Tag::Lbl: return "Lbl";
        case Tag::LBody: return "LBody";
        case Tag::Table: return "Table";
        case Tag::TR: return "TR";
        case Tag::TH: return "TH";
        case Tag::TD: return "TD";
        case Tag::Form: return "Form";
    }
    return "P";
}

StructTree::StructTree() { m_elements.push_back(Element{Tag::Document, k_none, false, {}, {}}); }

StructTree::Id StructTree::add(Tag tag, Id parent) {
    if (parent < 0 || static_cast<std::size_t>(parent) >= m_elements.size()) throw std::logic_error("structure element without a parent");
    const Id id = static_cast<Id>(m_elements.size());
    m_elements.push_back(Element{tag, parent, false, {}, {}});
    m_elements[static_cast<std::size_t>(parent)].kids.push_back(Kid{Kid::Kind::Element, id, 0});
    return id;
}

void StructTree::set_row_header(Id th) { m_elements.at(static_cast<std::size_t>(th)).row_header = true; }
void StructTree::set_lang(Id e, std::string lang) { m_elements.at(static_cast<std::size_t>(e)).lang = std::move(lang); }

int StructTree::mark(Id element, std::size_t page) {
    if (m_next_mcid.size() <= page) m_next_mcid.resize(page + 1, 0);
    const int mcid = m_next_mcid[page]++;
    m_elements.at(static_cast<std::size_t>(element)).kids.push_back(Kid{Kid::Kind::Mcid, mcid, page});
    return mcid;
}

void StructTree::annotation(Id element, std::size_t page, std::size_t widget) {
    m_elements.at(static_cast<std::size_t>(element)).kids.push_back(Kid{Kid::Kind::Annotation, static_cast<int>(widget), page});
}

bool StructTree::has_content(Id e, std::vector<signed char>& memo) const {
    auto& m = memo[static_cast<std::size_t>(e)];
    if (m >= 0) return m == 1;
    bool any = false;
    for (const auto& k : m_elements[static_cast<std::size_t>(e)].kids) {
        if (k.kind != Kid::Kind::Element || has_content(k.value, memo)) {
            any = true;
            break;
        }
    }
    m = any ? 1 : 0;
    return any;
}

void StructTree::write(PoDoFo::PdfMemDocument& doc, const std::vector<PoDoFo::PdfObject*>& pages,
                       const std::vector<PoDoFo::PdfObject*>& widgets) const {
    using namespace PoDoFo;
    std::vector<signed char> memo(m_elements.size(), -1);
    PdfObject* root = doc.GetObjects().CreateObject("StructTreeRoot");
    std::vector<PdfObject*> objects(m_elements.size(), nullptr);
    for (std::size_t i = 0; i < m_elements.size(); ++i) {
        if (!has_content(static_cast<Id>(i), memo)) continue;
        objects[i] = doc.GetObjects().CreateObject("StructElem");
    }
    if (!objects[0]) return;  // nothing was drawn: no tree

    std::vector<PdfArray> parent_tree(pages.size());
    for (std::size_t p = 0; p < pages.size() && p < m_next_mcid.size(); ++p) {
        parent_tree[p].resize(static_cast<std::size_t>(m_next_mcid[p]), PdfVariant::NullValue);
    }
    std::vector<PdfObject*> widget_parent(widgets.size(), nullptr);

    for (std::size_t i = 0; i < m_elements.size(); ++i) {
        PdfObject* o = objects[i];
        if (!o) continue;
        const Element& e = m_elements[i];
        PdfDictionary& d = o->GetDictionary();
        d.AddKey("S", PdfName(tag_name(e.tag)));
        d.AddKey("P", e.parent == k_none ? root->Reference() : objects[static_cast<std::size_t>(e.parent)]->Reference());
        // The element's page: that of its first marked content.
        std::size_t own_page = pages.size();
        for (const auto& k : e.kids) {
            if (k.kind != Kid::Kind::Element) {
                own_page = k.page;
                break;
            }
        }
        if (own_page < pages.size()) d.AddKey("Pg", pages[own_page]->Reference());
        if (!e.lang.empty()) d.AddKey("Lang", PdfString(e.lang));
        if (e.row_header) {
            PdfDictionary a;
            a.AddKey("O", PdfName("Table"));
            a.AddKey("Scope", PdfName("Row"));
            d.AddKey("A", a);
        }
        PdfArray kids;
        for (const auto& k : e.kids) {
            switch (k.kind) {
                case Kid::Kind::Element:
                    if (objects[static_cast<std::size_t>(k.value)]) kids.push_back(objects[static_cast<std::size_t>(k.value)]->Reference());
                    break;
                case Kid::Kind::Mcid: {
                    if (k.page >= pages.size()) throw std::logic_error("marked content on a page that was not made");
                    parent_tree[k.page][static_cast<std::size_t>(k.value)] = o->Reference();
                    if (k.page == own_page) {
                        kids.push_back(PdfVariant(static_cast<pdf_int64>(k.value)));
                    } else {
                        PdfDictionary mcr;
                        mcr.AddKey("Type", PdfName("MCR"));
                        mcr.AddKey("Pg", pages[k.page]->Reference());
                        mcr.AddKey("MCID", static_cast<pdf_int64>(k.value));
                        kids.push_back(mcr);
                    }
                    break;
                }
                case Kid::Kind::Annotation: {
                    const auto w = static_cast<std::size_t>(k.value);
                    if (w >= widgets.size() || k.page >= pages.size()) throw std::logic_error("an annotation that was not made");
                    PdfDictionary objr;
                    objr.AddKey("Type", PdfName("OBJR"));
                    objr.AddKey("Obj", widgets[w]->Reference());
                    objr.AddKey("Pg", pages[k.page]->Reference());
                    kids.push_back(objr);
                    widget_parent[w] = o;
                    break;
                }
            }
        }
        d.AddKey("K", kids);
    }

    // The ParentTree: page i's marked content under key i, the widgets after
    // the pages (a number tree with one /Nums array, keys ascending).
    PdfArray nums;
    pdf_int64 key = 0;
    for (std::size_t p = 0; p < pages.size(); ++p, ++key) {
        if (parent_tree[p].empty()) continue;
        for (const auto& v : parent_tree[p]) {
            if (v.IsNull()) throw std::logic_error("a marked-content id without its structure element");
        }
        pages[p]->GetDictionary().AddKey("StructParents", key);
        nums.push_back(PdfVariant(key));
        PdfObject* arr = doc.GetObjects().CreateObject(parent_tree[p]);
        nums.push_back(arr->Reference());
    }
    for (std::size_t w = 0; w < widgets.size(); ++w, ++key) {
        if (!widget_parent[w]) continue;
        widgets[w]->GetDictionary().AddKey("StructParent", key);
        nums.push_back(PdfVariant(key));
        nums.push_back(widget_parent[w]->Reference());
    }
    PdfDictionary parent_tree_dict;
    parent_tree_dict.AddKey("Nums", nums);
    PdfObject* pt = doc.GetObjects().CreateObject(parent_tree_dict);
    root->GetDictionary().AddKey("K", objects[0]->Reference());
    root->GetDictionary().AddKey("ParentTree", pt->Reference());
    root->GetDictionary().AddKey("ParentTreeNextKey", key);

    PdfObject* catalog = doc.GetCatalog();
    catalog->GetDictionary().AddKey("StructTreeRoot", root->Reference());
    PdfDictionary mark_info;
    mark_info.AddKey("Marked", true);
    catalog->GetDictionary().AddKey("MarkInfo", mark_info);
}

}  // namespace justera::pdf::detail
