// SPDX-License-Identifier: GPL-3.0-or-later
// Rule: signing. A signature field that was there and empty may be filled
// with a new signature; a signer may add a signed field of their own (or an
// invisible one holding a document timestamp); a new signature or document
// timestamp and its appearance may be added. A signed field never changes.

#include "scope.hpp"

namespace justera::verify::diff {

bool field_changed(Scope& sc, std::uint32_t num, const Object& old, const Object& obj) {
    if (!is_sig_widget(old)) return false;
    const std::string field = text_of(old.get("T"));
    if (old.get("V")) {
        sc.add(num, ChangeKind::Changed, say(Msg::SignedFieldChanged, field), k_disallowed);
        return true;
    }
    std::string bad;
    for (const auto& key : changed_keys(old, obj)) {
        // What filling a field changes: its value, appearance (and
        // appearance state), characteristics, modification date, lock.
        if (key == "V" || key == "AP" || key == "AS" || key == "MK" || key == "M" || key == "Lock") continue;
        if (same_text(old.get(key), obj.get(key))) continue;  // /TU written again
        bad += " /" + key;
    }
    const Object* v = obj.get("V");
    const bool value_ok = v && v->type == Type::Ref && sc.is_new(v->ref.num);
    if (!value_ok || !bad.empty()) {
        sc.add(num, ChangeKind::Changed, !bad.empty() ? say(Msg::FieldChangedKeys, field, bad) : say(v ? Msg::FieldValueNotNew : Msg::FieldChangedUnsigned, field),
               k_disallowed);
        return true;
    }
    sc.add(num, ChangeKind::Changed, say(Msg::FieldSigned, field), k_signing);
    return true;
}

bool appearance_added(Scope& sc, std::uint32_t num, const Object& obj) {
    const auto it = sc.appearance_of.find(num);
    if (it == sc.appearance_of.end()) return false;
    sc.add(num, ChangeKind::Added, say_with({name_of(obj)}, Msg::AppearanceOfField, it->second.first), it->second.second);
    return true;
}

bool signature_added(Scope& sc, std::uint32_t num, const Object& obj) {
    const Object* type = obj.get("Type");
    if (!(obj.is_dict() && ((type && (type->is_name("Sig") || type->is_name("DocTimeStamp"))) || (obj.get("ByteRange") && obj.get("Contents"))))) return false;
    const bool ts = type && type->is_name("DocTimeStamp");
    sc.add(num, ChangeKind::Added, say(ts ? Msg::DocTsAdded : Msg::SignatureAdded), ts ? k_validation : k_signing,
           ts ? ChangeSubject::DocumentTimestampAdded : ChangeSubject::SignatureAdded);
    return true;
}

bool field_added(Scope& sc, std::uint32_t num, const Object& obj) {
    if (!is_sig_widget(obj)) return false;
    const std::string field = text_of(obj.get("T"));
    if (!sc.new_signed_field(num)) {
        sc.add(num, ChangeKind::Added, say(Msg::FieldWithoutSignature, field), k_disallowed);
    } else if (zero_rect(obj)) {
        sc.add(num, ChangeKind::Added, say(Msg::InvisibleField, field), sc.holds_timestamp(num) ? k_validation : k_signing);
    } else {
        const Object* p = obj.get("P");
        const std::size_t page = p && p->type == Type::Ref ? page_number(sc.file, sc.k, p->ref.num) : 0;
        sc.add(num, ChangeKind::Added, page ? say(Msg::VisibleField, field, page, rect_text(obj)) : say(Msg::VisibleFieldNoPage, field, rect_text(obj)),
               k_signing);
    }
    return true;
}

}  // namespace justera::verify::diff
