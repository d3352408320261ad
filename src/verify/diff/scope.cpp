// SPDX-License-Identifier: GPL-3.0-or-later
// The revision under analysis and what the rules share (scope.hpp).

#include "scope.hpp"

#include <cstdio>
#include <functional>

#include "justera/core/error.hpp"

namespace justera::verify::diff {

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

void collect_refs(const Object& o, std::vector<std::uint32_t>& out, int depth) {
    if (depth > 32) return;
    if (o.type == Type::Ref) out.push_back(o.ref.num);
    for (const auto& e : o.array) collect_refs(e, out, depth + 1);
    for (const auto& [k, v] : o.dict) collect_refs(v, out, depth + 1);
}

namespace {

/// Calls `visit(num, n, page)` for each page of revision `rev`'s page tree
/// in order (`n` from 1) until it returns true; bounded in depth and size.
void for_each_page(const raw::File& file, std::size_t rev, const std::function<bool(std::uint32_t, std::size_t, const Object&)>& visit) {
    const Object* root = file.revisions()[rev].trailer.get("Root");
    if (!root) return;
    const Object catalog = file.resolve(*root, rev);
    const Object* pages = catalog.get("Pages");
    if (!pages || pages->type != Type::Ref) return;
    std::vector<std::pair<std::uint32_t, int>> stack{{pages->ref.num, 0}};
    std::set<std::uint32_t> seen;
    std::size_t n = 0;
    while (!stack.empty()) {
        const auto [num, depth] = stack.back();
        stack.pop_back();
        if (depth > 32 || !seen.insert(num).second || seen.size() > 100000) return;
        const auto obj = file.object(num, rev);
        if (!obj) continue;
        const Object* type = obj->get("Type");
        if (type && type->is_name("Page")) {
            if (visit(num, ++n, *obj)) return;
            continue;
        }
        const Object* kids = obj->get("Kids");
        if (!kids) continue;
        const Object arr = file.resolve(*kids, rev);
        for (std::size_t i = arr.array.size(); i-- > 0;) {
            if (arr.array[i].type == Type::Ref) stack.emplace_back(arr.array[i].ref.num, depth + 1);
        }
    }
}

}  // namespace

/// The 1-based number of the page `page` in revision `rev`'s page tree, or 0.
std::size_t page_number(const raw::File& file, std::size_t rev, std::uint32_t page) {
    std::size_t found = 0;
    for_each_page(file, rev, [&](std::uint32_t num, std::size_t n, const Object&) {
        if (num == page) found = n;
        return found != 0;
    });
    return found;
}

std::map<std::uint32_t, std::pair<std::size_t, bool>> page_uses(const raw::File& file, std::size_t rev) {
    std::map<std::uint32_t, std::pair<std::size_t, bool>> uses;
    for_each_page(file, rev, [&](std::uint32_t, std::size_t n, const Object& page) {
        // The content streams are named, never read: only their numbers count.
        std::vector<std::uint32_t> content;
        if (const Object* c = page.get("Contents")) {
            if (c->type == Type::Ref) content.push_back(c->ref.num);
            else collect_refs(*c, content);
        }
        for (const auto num : content) {
            auto& u = uses[num];
            if (u.first == 0 || !u.second) u = {n, true};
        }
        // The resources: their dictionaries and the objects they name. An
        // object that cannot be read names nothing here (the diff says what
        // is wrong with it elsewhere); a limit reached ends the verification.
        std::vector<std::uint32_t> used;
        try {
            if (const Object* r = page.get("Resources")) {
                const Object res = r->type == Type::Ref ? file.resolve(*r, rev) : *r;
                collect_refs(res, used);
                for (const auto& [key, sub] : res.dict) {
                    if (sub.type == Type::Ref) collect_refs(file.resolve(sub, rev), used);
                }
            }
        } catch (const core::Error& e) {
            raw::rethrow_limit(e);
        }
        for (const auto num : used) uses.emplace(num, std::make_pair(n, false));
        return uses.size() > 1000000;  // bounded like the tree walk
    });
    return uses;
}

std::pair<std::size_t, bool> Scope::page_using(std::uint32_t num) {
    if (!m_page_uses) {
        // Only for naming a change: a page tree that cannot be read names none.
        try {
            m_page_uses = page_uses(file, k);
        } catch (const core::Error& e) {
            raw::rethrow_limit(e);
            m_page_uses.emplace();
        }
    }
    const auto it = m_page_uses->find(num);
    return it == m_page_uses->end() ? std::make_pair(std::size_t{0}, false) : it->second;
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

Scope::Scope(const raw::File& f, std::size_t rev, const std::function<const RefIndex&()>& ref_index)
    : file(f), k(rev), prev(rev - 1), m_ref_index(ref_index) {
    const auto& revs = file.revisions();
    const std::size_t prev_end = revs[prev].end;
    const Object* root_new = revs[k].trailer.get("Root");
    const Object* root_old = revs[prev].trailer.get("Root");
    catalog = root_new && root_new->type == Type::Ref ? root_new->ref.num : 0;
    if (!root_new || !root_old || root_new->type != Type::Ref || root_old->type != Type::Ref || !(root_new->ref == root_old->ref)) {
        add(catalog, ChangeKind::Changed, say(Msg::CatalogReplaced), k_disallowed);
    }
    const Object* info_ref = revs[prev].trailer.get("Info");
    info = info_ref && info_ref->type == Type::Ref ? info_ref->ref.num : 0;

    // The objects this revision defines, old and new versions.
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
    const Object catalog_now = catalog ? file.object(catalog, k).value_or(Object{}) : Object{};
    const Object catalog_before = root_old && root_old->type == Type::Ref ? file.resolve(*root_old, prev) : Object{};
    const auto ref_in = [](const Object& dict, const char* key) -> std::uint32_t {
        const Object* r = dict.get(key);
        return r && r->type == Type::Ref ? r->ref.num : 0;
    };
    // The DSS is what the catalog names /DSS, with or without its optional /Type.
    dss = ref_in(catalog_now, "DSS");
    dss_before = ref_in(catalog_before, "DSS");
    acroform = ref_in(catalog_before, "AcroForm");
    metadata = ref_in(catalog_before, "Metadata");
    const Object acroform_before = acroform ? file.object(acroform, prev).value_or(Object{}) : Object{};

    // Containers an honest writer extends in place: the DSS's indirect
    // arrays and VRI dictionary, the form's indirect default resources.
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

    // The appearances of the fields this revision fills or adds: only new
    // objects are reached from them; one that existed before is judged on
    // its own, whatever refers to it.
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
}

void Scope::add(std::uint32_t num, ChangeKind kind, Said what, ChangeCategory category, ChangeSubject subject) {
    out.changes.push_back(Change{k, num, kind, std::move(what), category, subject});
    if (category == k_disallowed) out.allowed = false;
    if (category != k_validation && category != k_unchanged) out.only_validation_data = false;
}

bool Scope::is_new(std::uint32_t n) const {
    auto it = before.find(n);
    return it != before.end() && !it->second;
}

bool Scope::new_signed_field(std::uint32_t ref) const {
    auto it = now.find(ref);
    if (it == now.end() || !is_new(ref) || !is_sig_widget(it->second)) return false;
    const Object* v = it->second.get("V");
    if (!v || v->type != Type::Ref || !is_new(v->ref.num)) return false;
    const Object& sig = now.at(v->ref.num);
    return sig.is_dict() && sig.get("ByteRange") && sig.get("Contents");
}

bool Scope::holds_timestamp(std::uint32_t ref) const {
    const Object* v = now.at(ref).get("V");
    const Object* t = v ? now.at(v->ref.num).get("Type") : nullptr;
    return t && t->is_name("DocTimeStamp");
}

ChangeCategory Scope::growth_category(const Object* a0, const Object* a1) const {
    const std::size_t n0 = a0 && a0->type == Type::Array ? a0->array.size() : 0;
    for (std::size_t i = n0; a1 && i < a1->array.size(); ++i) {
        if (!holds_timestamp(a1->array[i].ref.num)) return k_signing;
    }
    return k_validation;
}

void Scope::reach_new(std::vector<std::uint32_t> todo, const std::function<bool(std::uint32_t)>& visit) const {
    while (!todo.empty()) {
        const std::uint32_t n = todo.back();
        todo.pop_back();
        if (!is_new(n) || !visit(n)) continue;
        collect_refs(now.at(n), todo);
    }
}

// A textual reference counts where it lies inside the body revision k uses
// for the object around it (or inside an object stream: counted, the safe
// direction).
bool Scope::live_referrer(std::uint32_t target) {
    const auto& revs = file.revisions();
    if (m_bodies.empty()) {
        for (std::size_t r = 0; r <= k; ++r) {
            for (const auto& [n, e] : revs[r].entries) {
                if (e.type == 1) m_bodies[static_cast<std::size_t>(e.offset)] = {n, r};
            }
        }
    }
    const RefIndex& index = refs();
    const auto [lo, hi] = index.refs.equal_range(target);
    for (auto it = lo; it != hi; ++it) {
        const auto& at = it->second;
        if (at.pos == RefIndex::k_in_object_stream) {
            if (at.revision <= k) return true;
            continue;
        }
        if (at.pos >= revs[k].end) continue;
        auto b = m_bodies.upper_bound(at.pos);
        if (b == m_bodies.begin()) return true;  // before any object: a trailer's reference
        --b;
        const auto [holder, holder_rev] = b->second;
        if (holder == target) continue;  // its own body
        const auto live = file.defined_in(holder, k);
        if (live && *live == holder_rev) return true;
    }
    return false;
}

}  // namespace justera::verify::diff
