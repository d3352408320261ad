// SPDX-License-Identifier: GPL-3.0-or-later
// Rule: the XMP metadata stream. A writer updates the dates, the producer,
// the creator tool, the instance id and the history on saving; any other
// property changed (the title, justera's fingerprint of the XML) is
// disallowed, compared parsed so that element and attribute forms are the
// same.

#include "scope.hpp"

#include "justera/core/error.hpp"
#include "justera/xml/xml.hpp"

namespace justera::verify::diff {

namespace {

/// What an XMP rewrite changed beyond what every writer updates on saving
/// (dates, producer, creator tool, instance and history): "{ns}Name" for
/// each such property, none when nothing else changed. Properties are
/// compared parsed, so element and attribute forms are the same.
std::vector<Said> xmp_disallowed_changes(std::string_view old_xmp, std::string_view new_xmp) {
    const auto a = xml::xmp_properties(old_xmp);
    const auto b = xml::xmp_properties(new_xmp);
    if (!a || !b) return {say(!a ? Msg::XmpOldUnreadable : Msg::XmpNewUnreadable)};
    static const std::set<std::string> k_updated_on_save = {
        "{http://ns.adobe.com/xap/1.0/}ModifyDate",       "{http://ns.adobe.com/xap/1.0/}MetadataDate",
        "{http://ns.adobe.com/xap/1.0/}CreatorTool",      "{http://ns.adobe.com/pdf/1.3/}Producer",
        "{http://ns.adobe.com/xap/1.0/mm/}InstanceID",    "{http://ns.adobe.com/xap/1.0/mm/}History",
    };
    std::set<std::string> keys;
    for (const auto& [k, v] : *a) keys.insert(k);
    for (const auto& [k, v] : *b) keys.insert(k);
    std::vector<Said> out;
    for (const auto& k : keys) {
        if (k_updated_on_save.count(k)) continue;
        const auto x = a->find(k);
        const auto y = b->find(k);
        if (x != a->end() && y != b->end() && x->second == y->second) continue;
        out.push_back(say(x == a->end() ? Msg::XmpPropAdded : y == b->end() ? Msg::XmpPropRemoved : Msg::XmpProp, k));
    }
    return out;
}

}  // namespace

bool xmp_changed(Scope& sc, std::uint32_t num, const Object& old, const Object& obj) {
    if (!(num == sc.metadata && old.type == Type::Stream && obj.type == Type::Stream)) return false;
    std::string bad;
    for (const auto& key : changed_keys(old, obj)) {
        if (key != "Length" && key != "Filter" && key != "DecodeParms") bad += " /" + key;
    }
    if (!bad.empty()) {
        sc.add(num, ChangeKind::Changed, say(Msg::XmpStreamChanged, bad), k_disallowed);
        return true;
    }
    std::vector<Said> props;
    try {
        props = xmp_disallowed_changes(sc.file.stream_data(old, sc.prev), sc.file.stream_data(obj, sc.k));
    } catch (const core::Error& e) {
        raw::rethrow_limit(e);
        props = {say(Msg::XmpUnreadable, e.what())};
    }
    if (props.empty()) sc.add(num, ChangeKind::Changed, say(Msg::XmpSaved), k_signing);
    else sc.add(num, ChangeKind::Changed, say_with(std::move(props), Msg::XmpChanged), k_disallowed);
    return true;
}

}  // namespace justera::verify::diff
