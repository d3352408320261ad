// SPDX-License-Identifier: GPL-3.0-or-later
// Modification analysis of one revision against the one before it.

#include "diff.hpp"

#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "justera/core/error.hpp"
#include "justera/xml/xml.hpp"

namespace justera::verify {

namespace {

using raw::Object;
using Type = raw::Object::Type;

constexpr ChangeCategory k_signing = ChangeCategory::Signing;
constexpr ChangeCategory k_validation = ChangeCategory::ValidationData;
constexpr ChangeCategory k_unchanged = ChangeCategory::Unchanged;
constexpr ChangeCategory k_disallowed = ChangeCategory::Disallowed;

/// An object an honest writer extends in place, and what extending it is.
struct Container {
    Said name;
    ChangeCategory category;
};

/// "/Type /Annot /Subtype /FreeText", else what kind of object it is.
Said name_of(const Object& o) {
    const Object* t = o.get("Type");
    const Object* s = o.get("Subtype");
    std::string out;
    if (t && t->type == Type::Name) out = "/Type /" + t->text;
    if (s && s->type == Type::Name) out += (out.empty() ? "" : " ") + std::string("/Subtype /") + s->text;
    if (!out.empty()) return say(Msg::Detail, out);
    return say(o.type == Type::Stream ? Msg::AStream : o.type == Type::Array ? Msg::AnArray : o.is_dict() ? Msg::ADictionary : Msg::AValue);
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

/// The same text string in another encoding (PDFDocEncoding, UTF-16BE, an
/// escape for a character): what PDF libraries do when they write an object
/// again. Only for text-valued keys.
bool same_text(const Object* a, const Object* b) {
    return a && b && a->type == Type::String && b->type == Type::String && raw::text_string(a->text) == raw::text_string(b->text);
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

/// The 1-based number of the page `page` in revision `rev`'s page tree, or 0.
std::size_t page_number(const raw::File& file, std::size_t rev, std::uint32_t page) {
    const Object* root = file.revisions()[rev].trailer.get("Root");
    if (!root) return 0;
    const Object catalog = file.resolve(*root, rev);
    const Object* pages = catalog.get("Pages");
    if (!pages || pages->type != Type::Ref) return 0;
    std::vector<std::pair<std::uint32_t, int>> stack{{pages->ref.num, 0}};
    std::set<std::uint32_t> seen;
    std::size_t n = 0;
    while (!stack.empty()) {
        const auto [num, depth] = stack.back();
        stack.pop_back();
        if (depth > 32 || !seen.insert(num).second || seen.size() > 100000) return 0;
        const auto obj = file.object(num, rev);
        if (!obj) continue;
        const Object* type = obj->get("Type");
        if (type && type->is_name("Page")) {
            ++n;
            if (num == page) return n;
            continue;
        }
        const Object* kids = obj->get("Kids");
        if (!kids) continue;
        const Object arr = file.resolve(*kids, rev);
        for (std::size_t i = arr.array.size(); i-- > 0;) {
            if (arr.array[i].type == Type::Ref) stack.emplace_back(arr.array[i].ref.num, depth + 1);
        }
    }
    return 0;
}

std::string rect_text(const Object& widget) {
    const Object* r = widget.get("Rect");
    if (!r || r->type != Type::Array) return "?";
    std::string out = "[";
    for (const auto& v : r->array) {
        if (out.size() > 1) out += ' ';
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", v.number());
        out += buf;
    }
    return out + "]";
}

/// An array that only grew: the old elements first, unchanged, then new
/// ones each accepted by `is_new_ok`.
bool grew(const Object* a0, const Object* a1, const std::function<bool(const Object&)>& is_new_ok) {
    if (!a1 || a1->type != Type::Array) return false;
    const std::size_t n0 = a0 && a0->type == Type::Array ? a0->array.size() : 0;
    if (a0 && a0->type != Type::Array) return false;
    if (a1->array.size() < n0) return false;
    for (std::size_t i = 0; i < a1->array.size(); ++i) {
        if (i < n0 && !raw::same(a0->array[i], a1->array[i])) return false;
        if (i >= n0 && !is_new_ok(a1->array[i])) return false;
    }
    return true;
}

/// A dictionary that only gained keys: every old key keeps its value, except
/// those `may_grow` accepts (old value, new value).
bool gained_keys(const Object& d0, const Object& d1, const std::function<bool(const std::string&, const Object&, const Object&)>& may_grow) {
    if (!d0.is_dict() || !d1.is_dict()) return false;
    for (const auto& [k, v] : d0.dict) {
        const Object* w = d1.get(k);
        if (!w) return false;
        if (!raw::same(v, *w) && !may_grow(k, v, *w)) return false;
    }
    return true;
}

}  // namespace

RevisionDiff diff_revision(const raw::File& file, std::size_t k, const std::function<const RefIndex&()>& ref_index) {
    RevisionDiff out;
    const auto& revs = file.revisions();
    const std::size_t prev = k - 1;
    const std::size_t prev_end = revs[prev].end;
    const auto add = [&](std::uint32_t num, ChangeKind kind, Said what, ChangeCategory category, ChangeSubject subject = ChangeSubject::Other) {
        out.changes.push_back(Change{k, num, kind, std::move(what), category, subject});
        if (category == k_disallowed) out.allowed = false;
        if (category != k_validation && category != k_unchanged) out.only_validation_data = false;
    };
    const Object* root_new = revs[k].trailer.get("Root");
    const Object* root_old = revs[prev].trailer.get("Root");
    const std::uint32_t catalog = root_new && root_new->type == Type::Ref ? root_new->ref.num : 0;
    if (!root_new || !root_old || root_new->type != Type::Ref || root_old->type != Type::Ref || !(root_new->ref == root_old->ref)) {
        add(catalog, ChangeKind::Changed, say(Msg::CatalogReplaced), k_disallowed);
    }
    const Object* info_ref = revs[prev].trailer.get("Info");
    const std::uint32_t info = info_ref && info_ref->type == Type::Ref ? info_ref->ref.num : 0;

    // The objects this revision defines, old and new versions.
    std::map<std::uint32_t, Object> now;
    std::map<std::uint32_t, std::optional<Object>> before;
    for (const auto& [num, entry] : revs[k].entries) {
        if (num == 0) continue;
        if (entry.type == 0) {
            if (file.defined_in(num, prev) && file.object(num, prev)) add(num, ChangeKind::Freed, say(Msg::ObjectFreed), k_disallowed);
            continue;
        }
        if (entry.type == 1 && entry.offset < prev_end) {
            add(num, ChangeKind::Changed, say(Msg::XrefBack, entry.offset), k_disallowed);
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
            add(num, ChangeKind::Changed, say(Msg::ObjectUnreadable, e.what()), k_disallowed);
        }
    }
    const auto is_new = [&](std::uint32_t n) {
        auto it = before.find(n);
        return it != before.end() && !it->second;
    };
    const Object catalog_now = catalog ? file.object(catalog, k).value_or(Object{}) : Object{};
    const Object catalog_before = root_old && root_old->type == Type::Ref ? file.resolve(*root_old, prev) : Object{};
    const auto ref_in = [](const Object& dict, const char* key) -> std::uint32_t {
        const Object* r = dict.get(key);
        return r && r->type == Type::Ref ? r->ref.num : 0;
    };
    // The DSS is what the catalog names /DSS, with or without its optional /Type.
    const std::uint32_t dss = ref_in(catalog_now, "DSS");
    const std::uint32_t dss_before = ref_in(catalog_before, "DSS");
    const std::uint32_t acroform = ref_in(catalog_before, "AcroForm");
    const std::uint32_t metadata = ref_in(catalog_before, "Metadata");
    const Object acroform_before = acroform ? file.object(acroform, prev).value_or(Object{}) : Object{};

    // Containers an honest writer extends in place: the DSS's indirect
    // arrays and VRI dictionary, the form's indirect default resources.
    std::map<std::uint32_t, Container> containers;
    if (dss_before && dss_before == dss) {
        const Object d = file.object(dss_before, prev).value_or(Object{});
        for (const char* key : {"Certs", "OCSPs", "CRLs", "VRI"}) {
            if (const std::uint32_t c = ref_in(d, key)) containers.emplace(c, Container{say(Msg::ContainerDss, key), k_validation});
        }
    }
    if (const Object* dr = acroform_before.get("DR")) {
        if (dr->type == Type::Ref) containers.emplace(dr->ref.num, Container{say(Msg::ContainerFormResources), k_signing});
        const Object dr_dict = file.resolve(*dr, prev);
        for (const auto& [key, v] : dr_dict.dict) {
            if (v.type == Type::Ref) containers.emplace(v.ref.num, Container{say(Msg::ContainerFormResourcesKey, key), k_signing});
        }
    }

    // A signature field this revision adds together with its signature (a
    // signer who adds their own field: pdfsig -add-signature, pyHanko), or
    // an invisible one holding a document timestamp. A field added empty is
    // not one of them.
    const auto new_signed_field = [&](std::uint32_t ref) {
        auto it = now.find(ref);
        if (it == now.end() || !is_new(ref) || !is_sig_widget(it->second)) return false;
        const Object* v = it->second.get("V");
        if (!v || v->type != Type::Ref || !is_new(v->ref.num)) return false;
        const Object& sig = now.at(v->ref.num);
        return sig.is_dict() && sig.get("ByteRange") && sig.get("Contents");
    };
    const auto new_field_ref = [&](const Object& o) { return o.type == Type::Ref && new_signed_field(o.ref.num); };
    // A new field that holds a document timestamp is validation data (what
    // any lock permits); one that holds a signature is signing.
    const auto holds_timestamp = [&](std::uint32_t ref) {
        const Object* v = now.at(ref).get("V");
        const Object* t = v ? now.at(v->ref.num).get("Type") : nullptr;
        return t && t->is_name("DocTimeStamp");
    };
    const auto growth_category = [&](const Object* a0, const Object* a1) {
        const std::size_t n0 = a0 && a0->type == Type::Array ? a0->array.size() : 0;
        for (std::size_t i = n0; a1 && i < a1->array.size(); ++i) {
            if (!holds_timestamp(a1->array[i].ref.num)) return k_signing;
        }
        return k_validation;
    };
    // New entries of a container: references to new objects only.
    const auto new_ref = [&](const Object& o) { return o.type == Type::Ref && is_new(o.ref.num); };

    // Roots from which new objects are allowed: the DSS, the appearances of
    // the signature fields this revision fills or adds. Only new objects are
    // reached from them: an object that existed before is judged on its own,
    // whatever refers to it.
    std::set<std::uint32_t> validation_roots;
    std::set<std::uint32_t> signing_roots;
    // Follows references from `todo` through the objects this revision adds
    // (never into one that existed before); `visit` says whether an object
    // is seen for the first time.
    const auto reach_new = [&](std::vector<std::uint32_t> todo, const std::function<bool(std::uint32_t)>& visit) {
        while (!todo.empty()) {
            const std::uint32_t n = todo.back();
            todo.pop_back();
            if (!is_new(n) || !visit(n)) continue;
            collect_refs(now.at(n), todo);
        }
    };
    std::map<std::uint32_t, std::pair<std::string, ChangeCategory>> appearance_of;  // field, category
    const auto appearance_roots = [&](const Object& widget, const std::string& field, ChangeCategory category) {
        std::vector<std::uint32_t> todo;
        if (const Object* ap = widget.get("AP")) collect_refs(*ap, todo);
        reach_new(std::move(todo), [&](std::uint32_t n) { return appearance_of.emplace(n, std::make_pair(field, category)).second; });
    };
    for (const auto& [num, obj] : now) {
        const auto& old = before.at(num);
        const bool filled = old && is_sig_widget(*old) && !old->get("V") && obj.get("V");
        if (filled) appearance_roots(obj, text_of(obj.get("T")), k_signing);
        else if (new_signed_field(num)) appearance_roots(obj, text_of(obj.get("T")), holds_timestamp(num) ? k_validation : k_signing);
    }

    // Whether an object that revision k sees still refers to `target` (any
    // generation): a textual reference counts where it lies inside the body
    // revision k uses for the object around it (or inside an object stream:
    // counted, the safe direction).
    std::map<std::size_t, std::pair<std::uint32_t, std::size_t>> bodies;  // start -> object, revision
    const auto live_referrer = [&](std::uint32_t target) {
        if (bodies.empty()) {
            for (std::size_t r = 0; r <= k; ++r) {
                for (const auto& [n, e] : revs[r].entries) {
                    if (e.type == 1) bodies[static_cast<std::size_t>(e.offset)] = {n, r};
                }
            }
        }
        const RefIndex& index = ref_index();
        const auto [lo, hi] = index.refs.equal_range(target);
        for (auto it = lo; it != hi; ++it) {
            const auto& at = it->second;
            if (at.pos == RefIndex::k_in_object_stream) {
                if (at.revision <= k) return true;
                continue;
            }
            if (at.pos >= revs[k].end) continue;
            auto b = bodies.upper_bound(at.pos);
            if (b == bodies.begin()) return true;  // before any object: a trailer's reference
            --b;
            const auto [holder, holder_rev] = b->second;
            if (holder == target) continue;  // its own body
            const auto live = file.defined_in(holder, k);
            if (live && *live == holder_rev) return true;
        }
        return false;
    };

    for (const auto& [num, obj] : now) {
        const auto& old = before.at(num);
        if (!old && appearance_of.count(num)) {
            add(num, ChangeKind::Added, say_with({name_of(obj)}, Msg::AppearanceOfField, appearance_of.at(num).first), appearance_of.at(num).second);
            continue;
        }
        if (old) {
            if (raw::same(*old, obj) &&
                (obj.type != Type::Stream || file.bytes().substr(old->stream_offset, old->stream_length) ==
                                                 file.bytes().substr(obj.stream_offset, obj.stream_length))) {
                add(num, ChangeKind::Changed, say(Msg::Rewritten), k_unchanged);
                continue;
            }
            if (num == catalog) {
                std::string bad;
                for (const auto& key : changed_keys(*old, obj)) {
                    if (key == "DSS" && (!dss_before || dss_before == dss || is_new(dss))) continue;
                    // Extensions and a newer /Version: declared by a signing
                    // tool for what its signature uses (pyHanko, for ECDSA).
                    if (key == "Extensions") continue;
                    if (key == "Version" && obj.get(key) && obj.get(key)->type == Type::Name &&
                        (!old->get(key) || (old->get(key)->type == Type::Name && old->get(key)->text <= obj.get(key)->text))) {
                        continue;
                    }
                    bad += " /" + key;
                }
                if (bad.empty()) add(num, ChangeKind::Changed, say(Msg::CatalogDss), k_validation);
                else add(num, ChangeKind::Changed, say(Msg::CatalogChanged, bad), k_disallowed);
                continue;
            }
            if (num == dss && num == dss_before) {
                std::string bad;
                for (const auto& key : changed_keys(*old, obj)) {
                    if (key != "Type" && key != "Certs" && key != "OCSPs" && key != "CRLs" && key != "VRI") bad += " /" + key;
                }
                if (!bad.empty() || !obj.is_dict()) {
                    add(num, ChangeKind::Changed, say(Msg::DssChanged, bad), k_disallowed);
                    continue;
                }
                add(num, ChangeKind::Changed, say(Msg::DssExtended), k_validation);
                std::vector<std::uint32_t> refs;
                collect_refs(obj, refs);
                validation_roots.insert(refs.begin(), refs.end());
                continue;
            }
            if (containers.count(num)) {
                const Container& what = containers.at(num);
                const bool ok = old->type == Type::Array ? grew(&*old, &obj, new_ref)
                                                         : obj.type == Type::Dict && gained_keys(*old, obj, [](const std::string&, const Object&, const Object&) {
                                                               return false;
                                                           });
                if (!ok) {
                    add(num, ChangeKind::Changed, say_with({what.name}, Msg::ContainerChanged), k_disallowed);
                    continue;
                }
                add(num, ChangeKind::Changed, say_with({what.name}, Msg::ContainerExtended), what.category);
                std::vector<std::uint32_t> refs;
                collect_refs(obj, refs);
                (what.category == k_validation ? validation_roots : signing_roots).insert(refs.begin(), refs.end());
                continue;
            }
            if (is_sig_widget(*old)) {
                const std::string field = text_of(old->get("T"));
                if (old->get("V")) {
                    add(num, ChangeKind::Changed, say(Msg::SignedFieldChanged, field), k_disallowed);
                    continue;
                }
                std::string bad;
                for (const auto& key : changed_keys(*old, obj)) {
                    // What filling a field changes: its value, appearance (and
                    // appearance state), characteristics, modification date, lock.
                    if (key == "V" || key == "AP" || key == "AS" || key == "MK" || key == "M" || key == "Lock") continue;
                    if (same_text(old->get(key), obj.get(key))) continue;  // /TU written again
                    bad += " /" + key;
                }
                const Object* v = obj.get("V");
                const bool value_ok = v && v->type == Type::Ref && is_new(v->ref.num);
                if (!value_ok || !bad.empty()) {
                    add(num, ChangeKind::Changed,
                        !bad.empty() ? say(Msg::FieldChangedKeys, field, bad) : say(v ? Msg::FieldValueNotNew : Msg::FieldChangedUnsigned, field), k_disallowed);
                    continue;
                }
                add(num, ChangeKind::Changed, say(Msg::FieldSigned, field), k_signing);
                continue;
            }
            if (num == acroform) {
                std::string bad;
                for (const auto& key : changed_keys(*old, obj)) {
                    if (key == "Fields" || key == "SigFlags") continue;
                    if (key == "DR") {
                        // Default resources may gain fonts for a new field's
                        // appearance; what they held stays.
                        const Object* d0 = old->get("DR");
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
                const bool fields_ok = grew(old->get("Fields"), obj.get("Fields"), new_field_ref) ||
                                       (old->get("Fields") && obj.get("Fields") && raw::same(*old->get("Fields"), *obj.get("Fields")));
                if (bad.empty() && fields_ok) {
                    add(num, ChangeKind::Changed, say(Msg::FormFieldAdded), growth_category(old->get("Fields"), obj.get("Fields")));
                }
                else add(num, ChangeKind::Changed, bad.empty() ? say(Msg::FormChangedFields) : say(Msg::FormChanged, bad), k_disallowed);
                continue;
            }
            const Object* type = old->get("Type");
            if (type && type->is_name("Page")) {
                const auto keys = changed_keys(*old, obj);
                // /Annots direct or indirect on either side; a new array
                // object holding them is part of the same change.
                const Object a0 = old->get("Annots") ? file.resolve(*old->get("Annots"), prev) : Object{};
                const Object a1 = obj.get("Annots") ? file.resolve(*obj.get("Annots"), k) : Object{};
                const Object* new_array = obj.get("Annots");
                const bool fresh_array = new_array && new_array->type == Type::Ref && is_new(new_array->ref.num);
                const bool array_ok = !new_array || new_array->type != Type::Ref || fresh_array || raw::same(*new_array, *old->get("Annots"));
                if (keys == std::set<std::string>{"Annots"} && array_ok && grew(old->get("Annots") ? &a0 : nullptr, &a1, new_field_ref)) {
                    const std::size_t page = page_number(file, k, num);
                    add(num, ChangeKind::Changed, say(Msg::PageFieldAdded, page), growth_category(old->get("Annots") ? &a0 : nullptr, &a1));
                    if (fresh_array) {
                        add(new_array->ref.num, ChangeKind::Added, say(Msg::PageAnnotsArray, page),
                            growth_category(old->get("Annots") ? &a0 : nullptr, &a1));
                    }
                } else {
                    std::string list;
                    for (const auto& key : keys) list += " /" + key;
                    add(num, ChangeKind::Changed, say(Msg::PageChanged, page_number(file, k, num), list), k_disallowed);
                }
                continue;
            }
            if (old->type == Type::Array && grew(&*old, &obj, new_field_ref)) {
                add(num, ChangeKind::Changed, say(Msg::AnnotsFieldAdded), growth_category(&*old, &obj));
                continue;
            }
            if (num == info) {
                std::string bad;
                for (const auto& key : changed_keys(*old, obj)) {
                    if (key == "ModDate" || key == "Producer") continue;
                    if (same_text(old->get(key), obj.get(key))) continue;  // the same text in another encoding
                    bad += " /" + key;
                }
                if (bad.empty()) add(num, ChangeKind::Changed, say(Msg::InfoSaved), k_signing);
                else add(num, ChangeKind::Changed, say(Msg::InfoChanged, bad), k_disallowed);
                continue;
            }
            if (num == metadata && old->type == Type::Stream && obj.type == Type::Stream) {
                std::string bad;
                for (const auto& key : changed_keys(*old, obj)) {
                    if (key != "Length" && key != "Filter" && key != "DecodeParms") bad += " /" + key;
                }
                if (bad.empty()) {
                    std::vector<Said> props;
                    try {
                        props = xmp_disallowed_changes(file.stream_data(*old, prev), file.stream_data(obj, k));
                    } catch (const core::Error& e) {
                        raw::rethrow_limit(e);
                        props = {say(Msg::XmpUnreadable, e.what())};
                    }
                    if (props.empty()) {
                        add(num, ChangeKind::Changed, say(Msg::XmpSaved), k_signing);
                        continue;
                    }
                    add(num, ChangeKind::Changed, say_with(std::move(props), Msg::XmpChanged), k_disallowed);
                    continue;
                }
                add(num, ChangeKind::Changed, say(Msg::XmpStreamChanged, bad), k_disallowed);
                continue;
            }
            // Nothing revision k shows refers to it any more: a writer's
            // leftover (poppler empties the appearance it replaces and bumps
            // its generation, so the old references lead nowhere).
            if (!live_referrer(num)) {
                add(num, ChangeKind::Changed, say_with({name_of(*old)}, Msg::Orphaned), k_unchanged);
                continue;
            }
            add(num, ChangeKind::Changed, say_with({name_of(*old)}, Msg::ObjectChanged), k_disallowed);
            continue;
        }
        // Added objects.
        const Object* type = obj.get("Type");
        if (obj.is_dict() && ((type && (type->is_name("Sig") || type->is_name("DocTimeStamp"))) || (obj.get("ByteRange") && obj.get("Contents")))) {
            const bool ts = type && type->is_name("DocTimeStamp");
            add(num, ChangeKind::Added, say(ts ? Msg::DocTsAdded : Msg::SignatureAdded), ts ? k_validation : k_signing,
                ts ? ChangeSubject::DocumentTimestampAdded : ChangeSubject::SignatureAdded);
            continue;
        }
        if (num == dss && obj.is_dict()) {
            add(num, ChangeKind::Added, say(Msg::DssAdded), k_validation);
            std::vector<std::uint32_t> refs;
            collect_refs(obj, refs);
            validation_roots.insert(refs.begin(), refs.end());
            continue;
        }
        if (is_sig_widget(obj)) {
            const std::string field = text_of(obj.get("T"));
            if (!new_signed_field(num)) {
                add(num, ChangeKind::Added, say(Msg::FieldWithoutSignature, field), k_disallowed);
            } else if (zero_rect(obj)) {
                add(num, ChangeKind::Added, say(Msg::InvisibleField, field), holds_timestamp(num) ? k_validation : k_signing);
            } else {
                const Object* p = obj.get("P");
                const std::size_t page = p && p->type == Type::Ref ? page_number(file, k, p->ref.num) : 0;
                add(num, ChangeKind::Added, page ? say(Msg::VisibleField, field, page, rect_text(obj)) : say(Msg::VisibleFieldNoPage, field, rect_text(obj)),
                    k_signing);
            }
            continue;
        }
    }
    // What the allowed roots reach among the added objects.
    std::set<std::uint32_t> reach_validation;
    std::set<std::uint32_t> reach_signing;
    const auto walk = [&](const std::set<std::uint32_t>& roots, std::set<std::uint32_t>& seen) {
        reach_new(std::vector<std::uint32_t>(roots.begin(), roots.end()), [&](std::uint32_t n) { return seen.insert(n).second; });
    };
    walk(validation_roots, reach_validation);
    walk(signing_roots, reach_signing);
    std::set<std::uint32_t> explained;
    for (const auto& c : out.changes) explained.insert(c.object);
    for (const auto& [num, obj] : now) {
        if (explained.count(num) || before.at(num)) continue;
        if (reach_validation.count(num)) {
            add(num, ChangeKind::Added, say_with({name_of(obj)}, Msg::OfValidationData), k_validation);
            continue;
        }
        if (reach_signing.count(num)) {
            add(num, ChangeKind::Added, say_with({name_of(obj)}, Msg::OfAppearance), k_signing);
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
        if (!referred) add(num, ChangeKind::Added, say_with({name_of(obj)}, Msg::Unreferenced), k_unchanged);
        else add(num, ChangeKind::Added, say_with({name_of(obj)}, Msg::Unexplained), k_disallowed);
    }
    return out;
}

}  // namespace justera::verify
