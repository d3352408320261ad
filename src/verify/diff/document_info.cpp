// SPDX-License-Identifier: GPL-3.0-or-later
// Rule: the document information dictionary. A writer updates the
// modification date and the producer on saving (and may write the same text
// in another encoding); any other entry changed is disallowed.

#include "scope.hpp"

namespace justera::verify::diff {

bool info_changed(Scope& sc, std::uint32_t num, const Object& old, const Object& obj) {
    if (num != sc.info) return false;
    std::string bad;
    for (const auto& key : changed_keys(old, obj)) {
        if (key == "ModDate" || key == "Producer") continue;
        if (same_text(old.get(key), obj.get(key))) continue;  // the same text in another encoding
        bad += " /" + key;
    }
    if (bad.empty()) sc.add(num, ChangeKind::Changed, say(Msg::InfoSaved), k_signing);
    else sc.add(num, ChangeKind::Changed, say(Msg::InfoChanged, bad), k_disallowed);
    return true;
}

}  // namespace justera::verify::diff
