// SPDX-License-Identifier: GPL-3.0-or-later
// Rule: validation data. A DSS may be added, or extended in place (its
// arrays and VRI grow by new objects); so may the containers an honest
// writer extends (the DSS's indirect arrays, the form's default resources).

#include "scope.hpp"

namespace justera::verify::diff {

bool dss_changed(Scope& sc, std::uint32_t num, const Object& old, const Object& obj) {
    if (!(num == sc.dss && num == sc.dss_before)) return false;
    std::string bad;
    for (const auto& key : changed_keys(old, obj)) {
        if (key != "Type" && key != "Certs" && key != "OCSPs" && key != "CRLs" && key != "VRI") bad += " /" + key;
    }
    if (!bad.empty() || !obj.is_dict()) {
        sc.add(num, ChangeKind::Changed, say(Msg::DssChanged, bad), k_disallowed);
        return true;
    }
    sc.add(num, ChangeKind::Changed, say(Msg::DssExtended), k_validation);
    std::vector<std::uint32_t> refs;
    collect_refs(obj, refs);
    sc.validation_roots.insert(refs.begin(), refs.end());
    return true;
}

bool container_extended(Scope& sc, std::uint32_t num, const Object& old, const Object& obj) {
    const auto it = sc.containers.find(num);
    if (it == sc.containers.end()) return false;
    const Container& what = it->second;
    const bool ok = old.type == Type::Array ? grew(&old, &obj, [&sc](const Object& o) { return sc.new_ref(o); })
                                            : obj.type == Type::Dict && gained_keys(old, obj, [](const std::string&, const Object&, const Object&) {
                                                  return false;
                                              });
    if (!ok) {
        sc.add(num, ChangeKind::Changed, say_with({what.name}, Msg::ContainerChanged), k_disallowed);
        return true;
    }
    sc.add(num, ChangeKind::Changed, say_with({what.name}, Msg::ContainerExtended), what.category);
    std::vector<std::uint32_t> refs;
    collect_refs(obj, refs);
    (what.category == k_validation ? sc.validation_roots : sc.signing_roots).insert(refs.begin(), refs.end());
    return true;
}

bool dss_added(Scope& sc, std::uint32_t num, const Object& obj) {
    if (num != sc.dss || !obj.is_dict()) return false;
    sc.add(num, ChangeKind::Added, say(Msg::DssAdded), k_validation);
    std::vector<std::uint32_t> refs;
    collect_refs(obj, refs);
    sc.validation_roots.insert(refs.begin(), refs.end());
    return true;
}

}  // namespace justera::verify::diff
