// SPDX-License-Identifier: GPL-3.0-or-later
// Modification analysis of one revision against the one before it.

#include "diff.hpp"

#include <map>
#include <optional>
#include <set>

#include "justera/core/error.hpp"

namespace justera::verify {

namespace {

using raw::Object;
using Type = raw::Object::Type;

constexpr const char* k_signing = "signing";
constexpr const char* k_validation = "validation_data";
constexpr const char* k_unchanged = "unchanged";
constexpr const char* k_disallowed = "disallowed";

std::string name_of(const Object& o) {
    const Object* t = o.get("Type");
    const Object* s = o.get("Subtype");
    std::string out;
    if (t && t->type == Type::Name) out = "/Type /" + t->text;
    if (s && s->type == Type::Name) out += (out.empty() ? "" : " ") + std::string("/Subtype /") + s->text;
    if (out.empty()) out = o.type == Type::Stream ? "a stream" : o.type == Type::Array ? "an array" : o.is_dict() ? "a dictionary" : "a value";
    return out;
}

bool is_sig_widget(const Object& o) {
    const Object* ft = o.get("FT");
    return o.is_dict() && ft && ft->is_name("Sig");
}

bool zero_rect(const Object& o) {
    const Object* r = o.get("Rect");
    if (!r || r->type != Type::Array || r->array.size() != 4) return false;
    for (const auto& v : r->array) {
        if (!v.is_number()) return false;
    }
    return r->array[2].number() - r->array[0].number() == 0 && r->array[3].number() - r->array[1].number() == 0;
}

std::string text_of(const Object* o) { return o && o->type == Type::String ? o->text : std::string(); }

/// Keys whose values differ (or exist on one side only).
std::set<std::string> changed_keys(const Object& a, const Object& b) {
    std::set<std::string> out;
    for (const auto& [k, v] : a.dict) {
        const Object* w = b.get(k);
        if (!w || !raw::same(v, *w)) out.insert(k);
    }
    for (const auto& [k, v] : b.dict) {
        if (!a.get(k)) out.insert(k);
    }
    return out;
}

void collect_refs(const Object& o, std::vector<std::uint32_t>& out, int depth = 0) {
    if (depth > 32) return;
    if (o.type == Type::Ref) out.push_back(o.ref.num);
    for (const auto& e : o.array) collect_refs(e, out, depth + 1);
    for (const auto& [k, v] : o.dict) collect_refs(v, out, depth + 1);
}

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
    RevisionDiff out;
    const auto& revs = file.revisions();
    const std::size_t prev = k - 1;
    const std::size_t prev_end = revs[prev].end;
    const auto add = [&](std::uint32_t num, const char* kind, const std::string& what, const char* category) {
        out.changes.push_back(Change{k, num, kind, what, category});
        if (std::string_view(category) == k_disallowed) out.allowed = false;
        if (std::string_view(category) != k_validation && std::string_view(category) != k_unchanged) out.only_validation_data = false;
    };
    const Object* root_new = revs[k].trailer.get("Root");
    const Object* root_old = revs[prev].trailer.get("Root");
    const std::uint32_t catalog = root_new && root_new->type == Type::Ref ? root_new->ref.num : 0;
    if (!root_new || !root_old || root_new->type != Type::Ref || root_old->type != Type::Ref || !(root_new->ref == root_old->ref)) {
        add(catalog, "changed", "the trailer names another catalog", k_disallowed);
    }
    const Object* info_ref = revs[prev].trailer.get("Info");
    const std::uint32_t info = info_ref && info_ref->type == Type::Ref ? info_ref->ref.num : 0;

    // The objects this revision defines, old and new versions.
    std::map<std::uint32_t, Object> now;
    std::map<std::uint32_t, std::optional<Object>> before;
    for (const auto& [num, entry] : revs[k].entries) {
        if (num == 0) continue;
        if (entry.type == 0) {
            if (file.defined_in(num, prev) && file.object(num, prev)) add(num, "freed", "an object of the signed revision was freed", k_disallowed);
            continue;
        }
        if (entry.type == 1 && entry.offset < prev_end) {
            add(num, "changed", "its xref entry points back into signed bytes (at byte " + std::to_string(entry.offset) + ")", k_disallowed);
            continue;
        }
        try {
            auto o = file.object(num, k);
            if (!o) continue;
            if (o->type == Type::Stream && o->get("Type") && o->get("Type")->is_name("XRef")) continue;  // the section itself
            if (o->type == Type::Stream && o->get("Type") && o->get("Type")->is_name("ObjStm")) continue;  // judged by its members
            now.emplace(num, std::move(*o));
            before.emplace(num, file.defined_in(num, prev) ? file.object(num, prev) : std::nullopt);
        } catch (const core::Error& e) {

            raw::rethrow_limit(e);
            add(num, "changed", std::string("unreadable: ") + e.what(), k_disallowed);
        }
    }
    const Object catalog_now = catalog ? file.object(catalog, k).value_or(Object{}) : Object{};
    const Object* dss_ref = catalog_now.get("DSS");
    const std::uint32_t dss = dss_ref && dss_ref->type == Type::Ref ? dss_ref->ref.num : 0;
    const Object catalog_before = root_old && root_old->type == Type::Ref ? file.resolve(*root_old, prev) : Object{};
    const Object* form_ref = catalog_before.get("AcroForm");
    const std::uint32_t acroform = form_ref && form_ref->type == Type::Ref ? form_ref->ref.num : 0;

    // Roots from which new objects are allowed: the DSS, the appearances of
    // the signature fields this revision fills or adds.
    std::set<std::uint32_t> validation_roots;
    std::set<std::uint32_t> signing_roots;
    if (dss && now.count(dss)) validation_roots.insert(dss);
    const auto new_widget_ok = [&](std::uint32_t ref) {
        auto it = now.find(ref);
        return it != now.end() && !before.at(ref) && is_sig_widget(it->second) && zero_rect(it->second);
    };

    // The appearance of each signature field this revision fills: the
    // objects its old and new /AP name, followed through what this revision
    // changes or adds (a signer redraws the field's own appearance stream).
    std::map<std::uint32_t, std::string> appearance_of;
    for (const auto& [num, obj] : now) {
        const auto& old = before.at(num);
        if (!old || !is_sig_widget(*old) || old->get("V") || !obj.get("V")) continue;
        std::vector<std::uint32_t> todo;
        if (const Object* ap = old->get("AP")) collect_refs(*ap, todo);
        if (const Object* ap = obj.get("AP")) collect_refs(*ap, todo);
        const std::string field = text_of(old->get("T"));
        while (!todo.empty()) {
            const std::uint32_t n = todo.back();
            todo.pop_back();
            auto it = now.find(n);
            if (it == now.end() || !appearance_of.emplace(n, field).second) continue;
            std::vector<std::uint32_t> refs;
            collect_refs(it->second, refs);
            todo.insert(todo.end(), refs.begin(), refs.end());
        }
    }

    for (const auto& [num, obj] : now) {
        const auto& old = before.at(num);
        if (old && appearance_of.count(num) && !is_sig_widget(*old) && num != catalog) {
            add(num, "changed", "the appearance of signature field " + appearance_of.at(num), k_signing);
            continue;
        }
        if (!old && appearance_of.count(num)) {
            add(num, "added", name_of(obj) + " of the appearance of signature field " + appearance_of.at(num), k_signing);
            continue;
        }
        if (old) {
            if (raw::same(*old, obj) &&
                (obj.type != Type::Stream || file.bytes().substr(old->stream_offset, old->stream_length) ==
                                                 file.bytes().substr(obj.stream_offset, obj.stream_length))) {
                add(num, "changed", "rewritten without change", k_unchanged);
                continue;
            }
            if (num == catalog) {
                std::string bad;
                for (const auto& key : changed_keys(*old, obj)) {
                    if (key != "DSS" && key != "Extensions") bad += " /" + key;
                }
                if (bad.empty()) add(num, "changed", "catalog: validation data (/DSS) added", k_validation);
                else add(num, "changed", "catalog entries changed:" + bad, k_disallowed);
                continue;
            }
            if (num == dss && obj.get("Type") && obj.get("Type")->is_name("DSS")) {
                add(num, "changed", "validation data (DSS) extended", k_validation);
                continue;
            }
            if (is_sig_widget(*old)) {
                const std::string field = text_of(old->get("T"));
                if (old->get("V")) {
                    add(num, "changed", "the signed field " + field + " was changed", k_disallowed);
                    continue;
                }
                std::string bad;
                for (const auto& key : changed_keys(*old, obj)) {
                    // What filling a field changes: its value, appearance (and
                    // appearance state), characteristics, modification date, lock.
                    if (key != "V" && key != "AP" && key != "AS" && key != "MK" && key != "M" && key != "Lock") bad += " /" + key;
                }
                if (!obj.get("V") || !bad.empty()) {
                    add(num, "changed", "signature field " + field + " changed" + (bad.empty() ? std::string(" without a signature") : ":" + bad), k_disallowed);
                    continue;
                }
                add(num, "changed", "signature field " + field + " signed", k_signing);
                if (const Object* ap = obj.get("AP")) {
                    std::vector<std::uint32_t> refs;
                    collect_refs(*ap, refs);
                    signing_roots.insert(refs.begin(), refs.end());
                }
                continue;
            }
            if (num == acroform) {
                std::string bad;
                for (const auto& key : changed_keys(*old, obj)) {
                    if (key != "Fields" && key != "SigFlags") bad += " /" + key;
                }
                const Object* f0 = old->get("Fields");
                const Object* f1 = obj.get("Fields");
                bool fields_ok = true;
                if (f0 && f1 && f0->type == Type::Array && f1->type == Type::Array && f1->array.size() >= f0->array.size()) {
                    for (std::size_t i = 0; i < f1->array.size(); ++i) {
                        if (i < f0->array.size()) fields_ok = fields_ok && raw::same(f0->array[i], f1->array[i]);
                        else fields_ok = fields_ok && f1->array[i].type == Type::Ref && new_widget_ok(f1->array[i].ref.num);
                    }
                } else if (!(f0 && f1 && raw::same(*f0, *f1))) {
                    fields_ok = false;
                }
                if (bad.empty() && fields_ok) add(num, "changed", "form: an invisible signature field added", k_validation);
                else add(num, "changed", "form changed:" + (bad.empty() ? std::string(" fields other than a new invisible signature field") : bad), k_disallowed);
                continue;
            }
            const auto annots_grow = [&](const Object* a0, const Object* a1) {
                if (!a1 || a1->type != Type::Array) return false;
                const std::size_t n0 = a0 && a0->type == Type::Array ? a0->array.size() : 0;
                if (a1->array.size() < n0) return false;
                for (std::size_t i = 0; i < a1->array.size(); ++i) {
                    if (i < n0 && !raw::same(a0->array[i], a1->array[i])) return false;
                    if (i >= n0 && !(a1->array[i].type == Type::Ref && new_widget_ok(a1->array[i].ref.num))) return false;
                }
                return true;
            };
            const Object* type = old->get("Type");
            if (type && type->is_name("Page")) {
                const auto keys = changed_keys(*old, obj);
                if (keys == std::set<std::string>{"Annots"} && annots_grow(old->get("Annots"), obj.get("Annots"))) {
                    add(num, "changed", "page: an invisible signature field added to its annotations", k_validation);
                } else {
                    std::string list;
                    for (const auto& key : keys) list += " /" + key;
                    add(num, "changed", "page changed:" + list, k_disallowed);
                }
                continue;
            }
            if (old->type == Type::Array && annots_grow(&*old, &obj)) {
                add(num, "changed", "annotations: an invisible signature field added", k_validation);
                continue;
            }
            if (num == info) {
                std::string bad;
                for (const auto& key : changed_keys(*old, obj)) {
                    if (key != "ModDate" && key != "Producer") bad += " /" + key;
                }
                if (bad.empty()) add(num, "changed", "document information: modification date or producer", k_signing);
                else add(num, "changed", "document information changed:" + bad, k_disallowed);
                continue;
            }
            add(num, "changed", name_of(*old) + " changed", k_disallowed);
            continue;
        }
        // Added objects.
        const Object* type = obj.get("Type");
        if (obj.is_dict() && ((type && (type->is_name("Sig") || type->is_name("DocTimeStamp"))) || (obj.get("ByteRange") && obj.get("Contents")))) {
            const bool ts = type && type->is_name("DocTimeStamp");
            add(num, "added", ts ? "a document timestamp" : "a signature", ts ? k_validation : k_signing);
            continue;
        }
        if (num == dss && type && type->is_name("DSS")) {
            add(num, "added", "validation data (DSS)", k_validation);
            continue;
        }
        if (is_sig_widget(obj)) {
            if (zero_rect(obj)) {
                add(num, "added", "an invisible signature field " + text_of(obj.get("T")), k_validation);
                if (const Object* ap = obj.get("AP")) {
                    std::vector<std::uint32_t> refs;
                    collect_refs(*ap, refs);
                    validation_roots.insert(refs.begin(), refs.end());
                }
            } else {
                add(num, "added", "a new visible signature field " + text_of(obj.get("T")) + " (fields are created when the protocol is rendered)",
                    k_disallowed);
            }
            continue;
        }
    }
    // What the allowed roots reach among the added objects.
    std::set<std::uint32_t> reach_validation;
    std::set<std::uint32_t> reach_signing;
    const auto walk = [&](const std::set<std::uint32_t>& roots, std::set<std::uint32_t>& seen) {
        std::vector<std::uint32_t> todo(roots.begin(), roots.end());
        while (!todo.empty()) {
            const std::uint32_t n = todo.back();
            todo.pop_back();
            auto it = now.find(n);
            if (it == now.end() || !seen.insert(n).second) continue;
            std::vector<std::uint32_t> refs;
            collect_refs(it->second, refs);
            todo.insert(todo.end(), refs.begin(), refs.end());
        }
    };
    walk(validation_roots, reach_validation);
    walk(signing_roots, reach_signing);
    std::set<std::uint32_t> explained;
    for (const auto& c : out.changes) explained.insert(c.object);
    for (const auto& [num, obj] : now) {
        if (explained.count(num) || before.at(num)) continue;
        if (reach_validation.count(num)) {
            add(num, "added", name_of(obj) + " of the validation data", k_validation);
            continue;
        }
        if (reach_signing.count(num)) {
            add(num, "added", name_of(obj) + " of a signature's appearance", k_signing);
            continue;
        }
        // An object nothing refers to changes nothing anyone sees (a writer's
        // leftover). Referred to from the signed bytes, it fills a hole an
        // attacker left on purpose (shadow "hide").
        const RefIndex& index = ref_index();
        bool referred = false;
        const auto [lo, hi] = index.refs.equal_range(num);
        for (auto it = lo; it != hi && !referred; ++it) {
            const auto& at = it->second;
            if (at.pos == RefIndex::k_in_object_stream) referred = at.revision <= k;
            else referred = at.pos < revs[k].end && (at.pos < obj.offset || at.pos >= obj.end);
        }
        if (!referred) add(num, "added", name_of(obj) + " that nothing refers to", k_unchanged);
        else add(num, "added", name_of(obj) + " that no signature, field or validation data explains", k_disallowed);
    }
    return out;
}

}  // namespace justera::verify
