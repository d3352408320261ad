// SPDX-License-Identifier: GPL-3.0-or-later
// Verification of a signed protocol PDF (see verify.hpp, docs/verify.md):
// the trust context, and the order of the work. The evidence is read in
// evidence.cpp, each signature checked in signature.cpp, the document in
// document.cpp, the signers' roles in roles.cpp, and the verdicts made in
// verdict.cpp.

#include "justera/verify/verify.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <system_error>

#include "context_impl.hpp"
#include "document.hpp"
#include "evidence.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/pdf/signatures.hpp"
#include "justera/pki/revocation.hpp"
#include "justera/pki/x509.hpp"
#include "roles.hpp"
#include "signature.hpp"
#include "text_layer.hpp"
#include "verdict.hpp"

namespace justera::verify {

// ------------------------------------------------------------------ trust

namespace {

/// The largest file whose XML, pages and signatures are read side by side.
constexpr std::size_t k_parallel_max_bytes = 2U * 1024U * 1024U;

std::string slurp(const std::string& path) { return core::read_file(path, core::Limits{}); }

int add_pem_anchors(Context::Impl& impl, const std::string& path) {
    const std::string pem = slurp(path);
    BIO* b = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    int n = 0;
    while (X509* x = PEM_read_bio_X509(b, nullptr, nullptr, nullptr)) {
        X509_STORE_add_cert(impl.store, x);
        impl.anchors.push_back("sha256:" + core::sha256_hex(der_of(x)));
        impl.anchor_names.push_back(pki::display_subject(x));
        X509_free(x);
        ++n;
    }
    BIO_free(b);
    ERR_clear_error();
    return n;
}

}  // namespace

Context::Context(const Options& options) : m_options(options), m_impl(new Impl) {
    m_impl->store = X509_STORE_new();
    m_impl->max_chain = options.limits.max_chain_length;
    try {
        load_trust(options);
    } catch (...) {
        delete m_impl;
        throw;
    }
}

void Context::load_trust(const Options& options) {
    for (const auto& f : options.trust_files) {
        if (add_pem_anchors(*m_impl, f) == 0) {
            throw core::Error(core::Errc::Usage, "no PEM certificate in the trust file", core::Where{f},
                              "inget PEM-certifikat i filen med betrodda rötter");
        }
    }
    for (const auto& d : options.trust_dirs) {
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(d, ec)) {
            const auto ext = e.path().extension().string();
            if (e.is_regular_file() && (ext == ".pem" || ext == ".crt")) add_pem_anchors(*m_impl, e.path().string());
        }
        if (ec) {
            throw core::Error(core::Errc::InputUnreadable, "cannot read the trust directory: " + ec.message(), core::Where{d},
                              "kan inte läsa katalogen med betrodda rötter: " + core::swedish_errno(ec.value()));
        }
    }
    if (options.system_trust) add_pem_anchors(*m_impl, "/etc/ssl/certs/ca-certificates.crt");
    for (const auto& f : options.crl_files) {
        std::string der = pki::crl_as_der(slurp(f));
        if (der.empty()) {
            throw core::Error(core::Errc::Usage, "not a CRL (DER or PEM)", core::Where{f}, "ingen spärrlista (DER eller PEM)");
        }
        m_impl->crls.push_back(std::move(der));
    }
}

Context::~Context() { delete m_impl; }

std::size_t Context::anchor_count() const { return m_impl->anchors.size(); }
std::vector<std::string> Context::anchor_names() const { return m_impl->anchor_names; }

// ------------------------------------------------------------------ the order of the work

namespace {

void evaluate_document(const raw::File& file_ref, const std::string& file, const Context& ctx, std::time_t now, Report& rep) {
    const raw::File* f = &file_ref;
    const auto& revs = f->revisions();
    const std::size_t last = revs.size() - 1;
    if (f->trailing_garbage() > 0) {
        rep.findings.push_back(Finding{Severity::Error, FindingId::TrailingBytes, say(Msg::TrailingBytes, f->trailing_garbage())});
    }
    // The document part meanwhile, when allowed: the XML on one thread, the
    // pages' text on another, each with a reader of its own.
    std::future<Pages> pages_later;
    std::future<DocumentPart> doc_later;
    // Only for files up to 2 MiB: each thread keeps a reader and its caches,
    // and a large protocol's XML and pages at once would take twice the memory.
    if (ctx.options().text_in_parallel && f->bytes().size() <= k_parallel_max_bytes) {
        try {
            // Copies: the structure is read once, the caches are not shared.
            pages_later = std::async(std::launch::async, [own = raw::File(*f), last] { return page_lines(own, last); });
            doc_later = std::async(std::launch::async, [own = raw::File(*f), &file, &pages_later, keep_xml = ctx.options().keep_embedded_xml] {
                return read_document(own, file, [&pages_later] { return pages_later.get(); }, keep_xml);
            });
        } catch (const std::system_error&) {
            // No thread to be had: all is read in turn below.
        }
    }
    Verifier verifier(*f, ctx, rep, now);
    std::vector<SigInput> inputs;
    try {
        for (auto& field : raw::signature_field_refs(*f, last)) inputs.push_back(SigInput{std::move(field.name), field.value});
        rep.document.signature_fields = raw::signature_field_names(*f, 0);
    } catch (const core::Error& e) {
        raw::rethrow_limit(e);
        rep.findings.push_back(Finding{Severity::Error, FindingId::Form, say(Msg::FieldsUnreadable, e.what())});
    }
    // Several fields naming one signature dictionary would count one
    // signature as several (and let it match several roles).
    {
        std::map<std::uint32_t, std::string> field_of;
        std::vector<SigInput> unique;
        for (auto& in : inputs) {
            const auto [it, fresh] = field_of.emplace(in.ref.num, in.field);
            if (fresh) {
                unique.push_back(std::move(in));
            } else {
                rep.findings.push_back(Finding{Severity::Error, FindingId::Form, say(Msg::SameSignature, it->second, in.field, in.ref.num)});
            }
        }
        inputs = std::move(unique);
    }
    if (inputs.size() > ctx.options().limits.max_signatures) {
        throw core::Error(core::Errc::PdfOverLimit,
                          std::to_string(inputs.size()) + " signatures and document timestamps, over the limit of " +
                              std::to_string(ctx.options().limits.max_signatures) + " (--max-signatures)",
                          {},
                          std::to_string(inputs.size()) + " underskrifter och dokumenttidsstämplar, över gränsen på " +
                              std::to_string(ctx.options().limits.max_signatures) + " (--max-signatures)");
    }
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        try {
            rep.signatures.push_back(verifier.evaluate(inputs[i], i));
        } catch (const core::Error& e) {
            raw::rethrow_limit(e);
            rep.signatures.push_back(unreadable_signature("sig-" + std::to_string(i + 1), inputs[i].field, say(Msg::Detail, e.what())));
        }
    }
    std::stable_sort(rep.signatures.begin(), rep.signatures.end(), [](const auto& a, const auto& b) { return a.revision < b.revision; });
    for (std::size_t i = 0; i < rep.signatures.size(); ++i) rep.signatures[i].id = "sig-" + std::to_string(i + 1);
    check_times(rep, now);
    for (std::size_t r = 0; r <= last; ++r) {
        RevisionKind kind = r == 0 ? RevisionKind::Original : RevisionKind::Other;
        for (const auto& s : rep.signatures) {
            if (s.revision == r && r > 0) {
                kind = s.kind == SignatureKind::DocumentTimestamp ? RevisionKind::DocumentTimestamp : RevisionKind::Signature;
            }
        }
        if (kind == RevisionKind::Other && r > 0) {
            const auto& d = verifier.diff(r);
            if (d.allowed && d.only_validation_data) kind = RevisionKind::ValidationData;
        }
        rep.revisions.push_back(Report::Revision{r, revs[r].end, kind});
    }

    // The protocol inside: the XML, its fingerprint in the XMP, and what the
    // pages show (read meanwhile, or now).
    DocumentPart doc;
    if (doc_later.valid()) {
        doc = doc_later.get();
    } else {
        doc = read_document(*f, file, [f, last] { return page_lines(*f, last); }, ctx.options().keep_embedded_xml);
    }
    rep.document.checks.insert(rep.document.checks.end(), doc.checks.begin(), doc.checks.end());
    rep.document.embedded_xml = doc.embedded_xml;
    rep.document.fingerprint = doc.fingerprint;
    rep.document.xmp_fingerprint = doc.xmp_fingerprint;
    rep.document.protocol = doc.protocol.has_value();
    rep.document.title = doc.title;
    rep.document.xml = std::move(doc.xml);
    rep.document.parsed = std::move(doc.protocol);
    rep.document.notice = std::move(doc.notice);

    // Roles: every justerare and the sekreterare the protocol names must have
    // signed, with a certificate whose names match theirs, and the ordförande
    // where the document was made with a line for them. Then the verdict.
    match_roles(rep);
    judge_document(rep);
}

}  // namespace


namespace {
/// A limit reached ends the verification: the file is rejected, not judged,
/// and named (the embedded XML's name for it kept, with its line).
void rethrow_named_limit(const core::Error& e, const std::string& file) {
    if (!core::is_limit(e.code())) return;
    throw core::Error(e.code(), e.message(), e.where().file.empty() ? core::Where{file} : e.where(), e.said(true));
}
}  // namespace

Report verify_pdf(std::string_view bytes, const std::string& file, const Context& ctx) {
    Report rep;
    rep.file = file;
    rep.size = bytes.size();
    rep.sha256 = core::sha256_hex(bytes);
    const std::time_t now = ctx.options().at ? *ctx.options().at : std::time(nullptr);
    rep.validation_time = iso(now);
    rep.trust_anchors = ctx.impl().anchors;
    std::unique_ptr<raw::File> f;
    try {
        f = std::make_unique<raw::File>(bytes, ctx.options().limits);
    } catch (const std::exception& e) {  // core::Error, or bad_alloc on a file that claims too much
        if (const auto* ce = dynamic_cast<const core::Error*>(&e)) rethrow_named_limit(*ce, file);
        unreadable_document(rep, say(Msg::StructureUnreadable, e.what()));
        return rep;
    }
    try {
        evaluate_document(*f, file, ctx, now, rep);
    } catch (const std::exception& e) {
        if (const auto* ce = dynamic_cast<const core::Error*>(&e)) rethrow_named_limit(*ce, file);
        // Whatever the structure reader could not make sense of: the file fails.
        unreadable_document(rep, say(Msg::WholeUnreadable, e.what()));
    }
    return rep;
}

void match_signers_named_in_text(Report& rep, const model::Protocol& protocol) {
    if (rep.document.parsed || rep.signatures.empty()) return;
    const Indication before = rep.verdict;
    const SubIndication sub_before = rep.subindication;
    match_roles(rep, protocol);
    // judge_document states an unsigned file itself.
    std::erase_if(rep.findings, [](const Finding& f) { return f.id == FindingId::Unsigned; });
    judge_document(rep);
    if (before == Indication::TotalFailed) {
        rep.verdict = before;  // a file that could not be read stays so
        rep.subindication = sub_before;
    }
}

}  // namespace justera::verify

