// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The modification analysis of one revision, as whitelist rules (one file
// each, as pyHanko's diff rules are): a Scope holds what the revision
// defines and what the rules ask about it; each rule says whether it
// explains an object, and records the Change it found. Whatever no rule
// explains is disallowed (leftovers.cpp). Internal to justera_verify.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../diff.hpp"

namespace justera::verify::diff {

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

/// Revision k against revision k - 1.
class Scope {
public:
    Scope(const raw::File& file, std::size_t k, const std::function<const RefIndex&()>& ref_index);

    const raw::File& file;
    const std::size_t k;
    const std::size_t prev;
    RevisionDiff out;
    /// The objects the revision defines, and what they were before (nothing: new).
    std::map<std::uint32_t, Object> now;
    std::map<std::uint32_t, std::optional<Object>> before;
    std::uint32_t catalog = 0, info = 0, dss = 0, dss_before = 0, acroform = 0, metadata = 0;
    std::map<std::uint32_t, Container> containers;
    /// New objects of a signature's appearance: the field, and the category.
    std::map<std::uint32_t, std::pair<std::string, ChangeCategory>> appearance_of;
    /// Roots from which new objects are allowed: the DSS, the appearances
    /// of the fields this revision fills or adds.
    std::set<std::uint32_t> validation_roots, signing_roots;

    void add(std::uint32_t num, ChangeKind kind, Said what, ChangeCategory category, ChangeSubject subject = ChangeSubject::Other);
    [[nodiscard]] bool is_new(std::uint32_t n) const;
    /// A signature field this revision adds together with its signature
    /// (pdfsig -add-signature, pyHanko), or an invisible one holding a
    /// document timestamp; not a field added empty.
    [[nodiscard]] bool new_signed_field(std::uint32_t ref) const;
    [[nodiscard]] bool new_field_ref(const Object& o) const { return o.type == Type::Ref && new_signed_field(o.ref.num); }
    /// New entries of a container: references to new objects only.
    [[nodiscard]] bool new_ref(const Object& o) const { return o.type == Type::Ref && is_new(o.ref.num); }
    /// A new field holding a document timestamp is validation data (what
    /// any lock permits); one holding a signature is signing.
    [[nodiscard]] bool holds_timestamp(std::uint32_t ref) const;
    [[nodiscard]] ChangeCategory growth_category(const Object* a0, const Object* a1) const;
    /// Follows references from `todo` through the objects this revision adds
    /// (never into one that existed before); `visit` says whether an object
    /// is seen for the first time.
    void reach_new(std::vector<std::uint32_t> todo, const std::function<bool(std::uint32_t)>& visit) const;
    /// Whether an object revision k sees still refers to `target`.
    [[nodiscard]] bool live_referrer(std::uint32_t target);
    [[nodiscard]] const RefIndex& refs() const { return m_ref_index(); }
    /// The page of revision k that uses object `num` (page_uses), {0, false}
    /// when none does; the map is made on the first question.
    std::pair<std::size_t, bool> page_using(std::uint32_t num);

private:
    const std::function<const RefIndex&()>& m_ref_index;
    std::map<std::size_t, std::pair<std::uint32_t, std::size_t>> m_bodies;  ///< start -> object, revision
    std::optional<std::map<std::uint32_t, std::pair<std::size_t, bool>>> m_page_uses;
};

// What the rules share about objects.
Said name_of(const Object& o);
bool is_sig_widget(const Object& o);
bool zero_rect(const Object& o);
std::string text_of(const Object* o);
std::set<std::string> changed_keys(const Object& a, const Object& b);
bool same_text(const Object* a, const Object* b);
void collect_refs(const Object& o, std::vector<std::uint32_t>& out, int depth = 0);
std::size_t page_number(const raw::File& file, std::size_t rev, std::uint32_t page);
/// For each object a page of revision `rev` uses: the first such page
/// (1-based) and whether it is that page's /Contents (else its resources:
/// fonts, images, forms, two levels down). Built in one walk of the tree.
std::map<std::uint32_t, std::pair<std::size_t, bool>> page_uses(const raw::File& file, std::size_t rev);
std::string rect_text(const Object& widget);
bool grew(const Object* a0, const Object* a1, const std::function<bool(const Object&)>& is_new_ok);
bool gained_keys(const Object& d0, const Object& d1, const std::function<bool(const std::string&, const Object&, const Object&)>& may_grow);

// The rules, in the order they are asked. A changed object: whether the
// rule explains it (its Change added). An added object the same.
using ChangedRule = bool (*)(Scope&, std::uint32_t num, const Object& old, const Object& obj);
using AddedRule = bool (*)(Scope&, std::uint32_t num, const Object& obj);

bool rewritten_unchanged(Scope&, std::uint32_t, const Object&, const Object&);  // leftovers.cpp
bool catalog_changed(Scope&, std::uint32_t, const Object&, const Object&);      // catalog.cpp
bool dss_changed(Scope&, std::uint32_t, const Object&, const Object&);          // dss.cpp
bool container_extended(Scope&, std::uint32_t, const Object&, const Object&);   // dss.cpp
bool field_changed(Scope&, std::uint32_t, const Object&, const Object&);        // signature_fields.cpp
bool form_changed(Scope&, std::uint32_t, const Object&, const Object&);         // form.cpp
bool page_changed(Scope&, std::uint32_t, const Object&, const Object&);         // form.cpp
bool annotations_grew(Scope&, std::uint32_t, const Object&, const Object&);     // form.cpp
bool info_changed(Scope&, std::uint32_t, const Object&, const Object&);         // document_info.cpp
bool xmp_changed(Scope&, std::uint32_t, const Object&, const Object&);          // xmp.cpp
bool orphaned(Scope&, std::uint32_t, const Object&, const Object&);             // leftovers.cpp

bool appearance_added(Scope&, std::uint32_t, const Object&);  // signature_fields.cpp
bool signature_added(Scope&, std::uint32_t, const Object&);   // signature_fields.cpp
bool dss_added(Scope&, std::uint32_t, const Object&);         // dss.cpp
bool field_added(Scope&, std::uint32_t, const Object&);       // signature_fields.cpp

/// After the rules: new objects the allowed roots reach, those nothing
/// refers to, and the rest, disallowed (leftovers.cpp).
void judge_the_rest(Scope&);

}  // namespace justera::verify::diff
