// SPDX-License-Identifier: GPL-3.0-or-later
// Rule: the catalog may gain the DSS (and a newer /Version or /Extensions a
// signing tool declares for what its signature uses); nothing else.

#include "scope.hpp"

namespace justera::verify::diff {

bool catalog_changed(Scope& sc, std::uint32_t num, const Object& old, const Object& obj) {
    if (num != sc.catalog) return false;
    std::string bad;
    for (const auto& key : changed_keys(old, obj)) {
        if (key == "DSS" && (!sc.dss_before || sc.dss_before == sc.dss || sc.is_new(sc.dss))) continue;
        // Extensions and a newer /Version: declared by a signing tool for
        // what its signature uses (pyHanko, for ECDSA).
        if (key == "Extensions") continue;
        if (key == "Version" && obj.get(key) && obj.get(key)->type == Type::Name &&
            (!old.get(key) || (old.get(key)->type == Type::Name && old.get(key)->text <= obj.get(key)->text))) {
            continue;
        }
        bad += " /" + key;
    }
    if (bad.empty()) sc.add(num, ChangeKind::Changed, say(Msg::CatalogDss), k_validation);
    else sc.add(num, ChangeKind::Changed, say(Msg::CatalogChanged, bad), k_disallowed);
    return true;
}

}  // namespace justera::verify::diff
