// SPDX-License-Identifier: GPL-3.0-or-later
// Modification analysis of one revision against the one before it: the
// whitelist rules (diff/*.cpp), asked in order, and the index of references.

#include "diff.hpp"

#include <cctype>
#include <set>
#include <string>

#include "diff/scope.hpp"
#include "justera/core/error.hpp"

namespace justera::verify {

namespace {

using raw::Object;
using Type = raw::Object::Type;

/// Where "N G R" occurs in `text` (positions and numbers), found textually:
/// an over-approximation (it also sees such text inside streams), which is
/// the safe direction for deciding that nothing refers to an object.
void textual_refs(std::string_view text, std::size_t base, std::size_t revision, std::multimap<std::uint32_t, RefIndex::At>& out) {
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != 'R' || i < 4) continue;
        if (i + 1 < text.size() && std::isalnum(static_cast<unsigned char>(text[i + 1]))) continue;
        std::size_t p = i;
        while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\n' || text[p - 1] == '\r' || text[p - 1] == '\t')) --p;
        const std::size_t gen_end = p;
        while (p > 0 && digit(text[p - 1])) --p;
        if (p == gen_end) continue;
        const std::size_t ws_end = p;
        while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\n' || text[p - 1] == '\r' || text[p - 1] == '\t')) --p;
        if (p == ws_end) continue;
        const std::size_t num_end = p;
        while (p > 0 && digit(text[p - 1])) --p;
        if (p == num_end || num_end - p > 9) continue;
        const auto num = static_cast<std::uint32_t>(std::stoul(std::string(text.substr(p, num_end - p))));
        out.emplace(num, RefIndex::At{base == RefIndex::k_in_object_stream ? base : base + p, revision});
    }
}

}  // namespace

RefIndex build_ref_index(const raw::File& file) {
    RefIndex index;
    textual_refs(file.bytes(), 0, 0, index.refs);
    // Each object stream once, as the revision that defines it has it.
    std::set<std::pair<std::uint64_t, std::size_t>> seen;
    const auto& revs = file.revisions();
    for (std::size_t r = 0; r < revs.size(); ++r) {
        for (const auto& [n, e] : revs[r].entries) {
            if (e.type != 2) continue;
            const auto stm_num = static_cast<std::uint32_t>(e.offset);
            const auto where = file.defined_in(stm_num, r);
            if (!where || !seen.insert({e.offset, *where}).second) continue;
            try {
                if (auto stm = file.object(stm_num, r); stm && stm->type == Type::Stream) {
                    textual_refs(file.stream_data(*stm, r), RefIndex::k_in_object_stream, r, index.refs);
                }
            } catch (const core::Error& limit_or_not) {

                raw::rethrow_limit(limit_or_not);
                // Unreadable: assume it refers to every object it holds.
                for (const auto& [m, f] : revs[r].entries) {
                    if (f.type == 2 && f.offset == e.offset) index.refs.emplace(m, RefIndex::At{RefIndex::k_in_object_stream, r});
                }
            }
        }
    }
    return index;
}

RevisionDiff diff_revision(const raw::File& file, std::size_t k, const std::function<const RefIndex&()>& ref_index) {
    using namespace diff;
    Scope sc(file, k, ref_index);
    // The whitelist, in order: the first rule that explains an object
    // decides; a changed object no rule explains is judged by `orphaned`
    // (a leftover nothing refers to, else disallowed), an added one by
    // judge_the_rest.
    static constexpr ChangedRule k_changed[] = {rewritten_unchanged, catalog_changed, dss_changed, container_extended, field_changed, form_changed,
                                                page_changed,        annotations_grew, info_changed, xmp_changed,       orphaned};
    static constexpr AddedRule k_added[] = {appearance_added, signature_added, dss_added, field_added};
    for (const auto& [num, obj] : sc.now) {
        const auto& old = sc.before.at(num);
        if (old) {
            for (const ChangedRule rule : k_changed) {
                if (rule(sc, num, *old, obj)) break;
            }
        } else {
            for (const AddedRule rule : k_added) {
                if (rule(sc, num, obj)) break;
            }
        }
    }
    judge_the_rest(sc);
    return std::move(sc.out);
}

}  // namespace justera::verify
