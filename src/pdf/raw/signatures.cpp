// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/pdf/signatures.hpp"

#include <algorithm>

#include "justera/core/error.hpp"

namespace justera::pdf {

namespace raw {

namespace {

using Type = Object::Type;

void find_fields(const File& f, const Object& field, std::size_t rev, const std::string& parent, bool parent_sig,
                 std::vector<SignatureFieldRef>& out, int depth, std::set<std::uint32_t>& seen, bool with_unsigned) {
    if (depth > 12 || out.size() > 10000) return;
    const Object* t = field.get("T");
    const std::string name = t && t->type == Type::String ? (parent.empty() ? t->text : parent + "." + t->text) : parent;
    const Object* ft = field.get("FT");
    const bool sig = ft ? ft->is_name("Sig") : parent_sig;
    if (const Object* kids = field.get("Kids"); kids && kids->type == Type::Array) {
        for (const auto& k : kids->array) {
            if (k.type != Type::Ref || !seen.insert(k.ref.num).second) continue;
            const Object kid = f.resolve(k, rev);
            find_fields(f, kid, rev, name, sig, out, depth + 1, seen, with_unsigned);
        }
    }
    const Object* val = field.get("V");
    if (sig && val && val->type == Type::Ref) out.push_back(SignatureFieldRef{name, val->ref});
    else if (sig && with_unsigned && t) out.push_back(SignatureFieldRef{name, Ref{}});
}

std::vector<SignatureFieldRef> fields_of(const File& f, std::size_t rev, bool with_unsigned) {
    std::vector<SignatureFieldRef> out;
    const Object* root = f.revisions()[rev].trailer.get("Root");
    const Object catalog = root ? f.resolve(*root, rev) : Object{};
    if (const Object* form_ref = catalog.get("AcroForm")) {
        const Object form = f.resolve(*form_ref, rev);
        if (const Object* fields = form.get("Fields")) {
            const Object arr = f.resolve(*fields, rev);
            std::set<std::uint32_t> seen;
            for (const auto& e : arr.array) {
                if (e.type != Type::Ref || !seen.insert(e.ref.num).second) continue;
                find_fields(f, f.resolve(e, rev), rev, "", false, out, 0, seen, with_unsigned);
            }
        }
    }
    return out;
}

}  // namespace

std::vector<SignatureFieldRef> signature_field_refs(const File& f, std::size_t rev) { return fields_of(f, rev, false); }

std::vector<std::string> signature_field_names(const File& f, std::size_t rev) {
    std::vector<std::string> out;
    for (auto& field : fields_of(f, rev, true)) out.push_back(std::move(field.name));
    return out;
}

ByteRange check_byte_range(const Object& sig, std::size_t file_size) {
    ByteRange r;
    const Object* br = sig.get("ByteRange");
    const Object* contents = sig.get("Contents");
    if (!br || br->type != Type::Array || br->array.size() != 4 ||
        !std::all_of(br->array.begin(), br->array.end(), [](const Object& o) { return o.type == Type::Int; })) {
        r.problem = ByteRangeProblem::NotFourIntegers;
        return r;
    }
    r.a = br->array[0].integer;
    r.b = br->array[1].integer;
    r.c = br->array[2].integer;
    r.d = br->array[3].integer;
    if (!contents || contents->type != Type::String || !contents->hex) {
        r.problem = ByteRangeProblem::NoHexContents;
        return r;
    }
    const auto size = static_cast<std::int64_t>(file_size);
    const bool ok = r.a == 0 && r.b > 0 && r.b < size && r.c > r.b && r.c <= size && r.d >= 0 && r.d <= size - r.c &&
                    static_cast<std::int64_t>(contents->offset) == r.b && static_cast<std::int64_t>(contents->end) == r.c &&
                    (static_cast<std::int64_t>(br->end) <= r.b || static_cast<std::int64_t>(br->offset) >= r.c);
    if (!ok) r.problem = ByteRangeProblem::NotAroundContents;
    return r;
}

}  // namespace raw

std::vector<ExistingSignature> existing_signatures(std::string_view pdf, const std::string& file, const core::Limits& limits) {
    try {
        const raw::File f(pdf, limits);
        const std::size_t last = f.revisions().size() - 1;
        std::vector<ExistingSignature> out;
        for (const auto& field : raw::signature_field_refs(f, last)) {
            const auto sig = f.object(field.value.num, last);
            if (!sig || !sig->is_dict()) continue;
            ExistingSignature s;
            s.field = field.name;
            if (const raw::Object* t = sig->get("Type"); t && t->type == raw::Object::Type::Name) s.type = t->text;
            if (const raw::Object* t = sig->get("SubFilter"); t && t->type == raw::Object::Type::Name) s.sub_filter = t->text;
            const raw::ByteRange br = raw::check_byte_range(*sig, pdf.size());
            s.byte_range_ok = br.problem == raw::ByteRangeProblem::None;
            if (s.byte_range_ok) {
                s.contents = sig->get("Contents")->text;
                s.covered.assign(pdf.substr(0, static_cast<std::size_t>(br.b)));
                s.covered.append(pdf.substr(static_cast<std::size_t>(br.c), static_cast<std::size_t>(br.d)));
            }
            out.push_back(std::move(s));
        }
        return out;
    } catch (const core::Error& e) {
        if (!e.where().file.empty()) throw;
        const core::Where& w = e.where();
        throw core::Error(e.code(), e.message(), core::Where{file, w.line, w.column, w.object}, e.said(true));
    }
}

}  // namespace justera::pdf
