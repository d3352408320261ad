// SPDX-License-Identifier: GPL-3.0-or-later
// What no whitelist rule explained. An object written again unchanged, or
// one nothing refers to any more, changes nothing anyone sees; new objects
// an allowed root (a DSS, a signature's appearance) reaches are part of that
// change; everything else is disallowed: reject by default.

#include "scope.hpp"

namespace justera::verify::diff {

bool rewritten_unchanged(Scope& sc, std::uint32_t num, const Object& old, const Object& obj) {
    const std::string_view bytes = sc.file.bytes();
    if (!raw::same(old, obj) ||
        (obj.type == Type::Stream && bytes.substr(old.stream_offset, old.stream_length) != bytes.substr(obj.stream_offset, obj.stream_length))) {
        return false;
    }
    sc.add(num, ChangeKind::Changed, say(Msg::Rewritten), k_unchanged);
    return true;
}

bool orphaned(Scope& sc, std::uint32_t num, const Object& old, const Object&) {
    // Nothing revision k shows refers to it any more: a writer's leftover
    // (poppler empties the appearance it replaces and bumps its generation,
    // so the old references lead nowhere).
    if (sc.live_referrer(num)) {
        // Named by what it is to a reader: a page's content, or what a page uses.
        const auto [page, content] = sc.page_using(num);
        if (page && content) sc.add(num, ChangeKind::Changed, say(Msg::PageContentChanged, page), k_disallowed);
        else if (page) sc.add(num, ChangeKind::Changed, say_with({name_of(old)}, Msg::PageResourceChanged, page), k_disallowed);
        else sc.add(num, ChangeKind::Changed, say_with({name_of(old)}, Msg::ObjectChanged), k_disallowed);
    } else {
        sc.add(num, ChangeKind::Changed, say_with({name_of(old)}, Msg::Orphaned), k_unchanged);
    }
    return true;
}

void judge_the_rest(Scope& sc) {
    // What the allowed roots reach among the added objects.
    std::set<std::uint32_t> reach_validation;
    std::set<std::uint32_t> reach_signing;
    const auto walk = [&](const std::set<std::uint32_t>& roots, std::set<std::uint32_t>& seen) {
        sc.reach_new(std::vector<std::uint32_t>(roots.begin(), roots.end()), [&](std::uint32_t n) { return seen.insert(n).second; });
    };
    walk(sc.validation_roots, reach_validation);
    walk(sc.signing_roots, reach_signing);
    std::set<std::uint32_t> explained;
    for (const auto& c : sc.out.changes) explained.insert(c.object);
    const auto& revs = sc.file.revisions();
    for (const auto& [num, obj] : sc.now) {
        if (explained.count(num) || sc.before.at(num)) continue;
        if (reach_validation.count(num)) {
            sc.add(num, ChangeKind::Added, say_with({name_of(obj)}, Msg::OfValidationData), k_validation);
            continue;
        }
        if (reach_signing.count(num)) {
            sc.add(num, ChangeKind::Added, say_with({name_of(obj)}, Msg::OfAppearance), k_signing);
            continue;
        }
        // An object nothing refers to changes nothing anyone sees (a writer's
        // leftover). Referred to from the signed bytes, it fills a hole an
        // attacker left on purpose (shadow "hide").
        const RefIndex& index = sc.refs();
        bool referred = false;
        const auto [lo, hi] = index.refs.equal_range(num);
        for (auto it = lo; it != hi && !referred; ++it) {
            const auto& at = it->second;
            if (at.pos == RefIndex::k_in_object_stream) referred = at.revision <= sc.k;
            else referred = at.pos < revs[sc.k].end && (at.pos < obj.offset || at.pos >= obj.end);
        }
        if (!referred) sc.add(num, ChangeKind::Added, say_with({name_of(obj)}, Msg::Unreferenced), k_unchanged);
        else sc.add(num, ChangeKind::Added, say_with({name_of(obj)}, Msg::Unexplained), k_disallowed);
    }
}

}  // namespace justera::verify::diff
