// SPDX-License-Identifier: GPL-3.0-or-later
// Rule: the form and the pages. The form (/AcroForm) may list a new signed
// signature field and gain fonts in its default resources; a page's
// annotations, and an annotation array, may grow by a new signed signature
// field. Anything else on a page is a change of what people see.

#include "scope.hpp"

namespace justera::verify::diff {

bool form_changed(Scope& sc, std::uint32_t num, const Object& old, const Object& obj) {
    if (num != sc.acroform) return false;
    std::string bad;
    for (const auto& key : changed_keys(old, obj)) {
        if (key == "Fields" || key == "SigFlags") continue;
        if (key == "DR") {
            // Default resources may gain fonts for a new field's appearance;
            // what they held stays.
            const Object* d0 = old.get("DR");
            const Object* d1 = obj.get("DR");
            const bool ok = d1 && (!d0 || (d0->type == Type::Dict && d1->type == Type::Dict &&
                                           gained_keys(*d0, *d1, [](const std::string&, const Object& a, const Object& b) {
                                               return a.type == Type::Dict && b.type == Type::Dict &&
                                                      gained_keys(a, b, [](const std::string&, const Object&, const Object&) { return false; });
                                           })) ||
                                     (d0->type == Type::Ref && raw::same(*d0, *d1)));
            if (ok) continue;
        }
        bad += " /" + key;
    }
    const auto new_field_ref = [&sc](const Object& o) { return sc.new_field_ref(o); };
    const bool fields_ok = grew(old.get("Fields"), obj.get("Fields"), new_field_ref) ||
                           (old.get("Fields") && obj.get("Fields") && raw::same(*old.get("Fields"), *obj.get("Fields")));
    if (bad.empty() && fields_ok) {
        sc.add(num, ChangeKind::Changed, say(Msg::FormFieldAdded), sc.growth_category(old.get("Fields"), obj.get("Fields")));
    } else {
        sc.add(num, ChangeKind::Changed, bad.empty() ? say(Msg::FormChangedFields) : say(Msg::FormChanged, bad), k_disallowed);
    }
    return true;
}

bool page_changed(Scope& sc, std::uint32_t num, const Object& old, const Object& obj) {
    const Object* type = old.get("Type");
    if (!type || !type->is_name("Page")) return false;
    const auto keys = changed_keys(old, obj);
    // /Annots direct or indirect on either side; a new array object holding
    // them is part of the same change.
    const Object a0 = old.get("Annots") ? sc.file.resolve(*old.get("Annots"), sc.prev) : Object{};
    const Object a1 = obj.get("Annots") ? sc.file.resolve(*obj.get("Annots"), sc.k) : Object{};
    const Object* new_array = obj.get("Annots");
    const bool fresh_array = new_array && new_array->type == Type::Ref && sc.is_new(new_array->ref.num);
    const bool array_ok = !new_array || new_array->type != Type::Ref || fresh_array || raw::same(*new_array, *old.get("Annots"));
    const auto new_field_ref = [&sc](const Object& o) { return sc.new_field_ref(o); };
    if (keys == std::set<std::string>{"Annots"} && array_ok && grew(old.get("Annots") ? &a0 : nullptr, &a1, new_field_ref)) {
        const std::size_t page = page_number(sc.file, sc.k, num);
        sc.add(num, ChangeKind::Changed, say(Msg::PageFieldAdded, page), sc.growth_category(old.get("Annots") ? &a0 : nullptr, &a1));
        if (fresh_array) {
            sc.add(new_array->ref.num, ChangeKind::Added, say(Msg::PageAnnotsArray, page), sc.growth_category(old.get("Annots") ? &a0 : nullptr, &a1));
        }
    } else {
        std::string list;
        for (const auto& key : keys) list += " /" + key;
        sc.add(num, ChangeKind::Changed, say(Msg::PageChanged, page_number(sc.file, sc.k, num), list), k_disallowed);
    }
    return true;
}

bool annotations_grew(Scope& sc, std::uint32_t num, const Object& old, const Object& obj) {
    if (old.type != Type::Array || !grew(&old, &obj, [&sc](const Object& o) { return sc.new_field_ref(o); })) return false;
    sc.add(num, ChangeKind::Changed, say(Msg::AnnotsFieldAdded), sc.growth_category(&old, &obj));
    return true;
}

}  // namespace justera::verify::diff
