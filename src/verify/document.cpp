// SPDX-License-Identifier: GPL-3.0-or-later
// The document's own checks (document.hpp).

#include "document.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "justera/core/error.hpp"
#include "justera/pdf/embedded.hpp"
#include "justera/pdf/foreign_text.hpp"
#include "justera/xml/xml.hpp"

namespace justera::verify {

using raw::Object;
using Type = raw::Object::Type;

DocumentPart read_document(const raw::File& file_ref, const std::string& file, const std::function<Pages()>& pages_of, bool keep_xml) {
    const raw::File* f = &file_ref;
    DocumentPart d;
    const std::size_t last = f->revisions().size() - 1;
    std::optional<model::Protocol>& protocol = d.protocol;
    const auto doc_check = [&](CheckId id, Status status, Said said) {
        d.checks.push_back(Check{id, status, std::move(said)});
    };
    Object catalog;
    try {
        const Object* root = f->revisions()[last].trailer.get("Root");
        catalog = root ? f->resolve(*root, last) : Object{};
    } catch (const core::Error& e) {
        raw::rethrow_limit(e);
        doc_check(CheckId::EmbeddedXml, Status::Failed, say(Msg::CatalogUnreadable, e.what()));
        return d;
    }
    try {
        std::optional<Object> xml_stream;
        if (auto found = pdf::associated_xml(*f, last, catalog)) {
            if (found->stream.type != Type::Stream || found->stream.stream_length > 0) xml_stream = std::move(found->stream);  // an empty one: none embedded
            d.embedded_xml = std::move(found->name);
        }
        if (!xml_stream) {
            doc_check(CheckId::EmbeddedXml, Status::NotApplicable, say(Msg::NoXml));
        } else {
            const core::Limits& limits = f->limits();  // the run's, as for the PDF around it
            // Only the fingerprint of the canonical form is needed. The XML
            // is inflated piece by piece as the parser reads it, never held
            // whole unless asked for (kept with the report); either way it
            // is read the same, and a stream that is not XML from its first
            // piece is inflated no further.
            const raw::Reader read = f->stream_reader(*xml_stream, last);
            std::string kept;
            // The first piece says whose XML it is: another vocabulary (an
            // invoice, a form's data) is not a protocol to check, unless the
            // XMP claims a justera fingerprint for it.
            std::string head(4096, '\0');
            head.resize(read(head.data(), head.size()));
            std::size_t head_used = 0;
            const xml::Source source = [&](char* into, std::size_t room) {
                std::size_t n = 0;
                if (head_used < head.size()) {
                    n = std::min(room, head.size() - head_used);
                    std::memcpy(into, head.data() + head_used, n);
                    head_used += n;
                } else {
                    n = read(into, room);
                }
                if (keep_xml) kept.append(into, n);
                return n;
            };
            // The XMP's fingerprint, read once: it decides whether a foreign
            // XML is a protocol's, and is compared with the XML's below.
            std::string xmp;
            if (const Object* md = catalog.get("Metadata")) xmp = f->stream_data(f->resolve(*md, last), last);
            d.xmp_fingerprint = xml::xmp_property(xmp, "urn:justera:pdf:1#", "XmlC14nSha256").value_or("");
            const auto root = xml::root_element(head);
            if (root && root->second != xml::k_namespace && d.xmp_fingerprint.empty()) {
                Said ns = root->second.empty() ? say(Msg::NoNamespace) : say(Msg::Namespace, root->second);
                doc_check(CheckId::EmbeddedXml, Status::NotApplicable,
                          d.embedded_xml.empty() ? say_with({std::move(ns)}, Msg::ForeignXml, root->first)
                                                 : say_with({std::move(ns)}, Msg::ForeignXmlNamed, root->first, d.embedded_xml));
                return d;
            }
            const xml::Loaded loaded = xml::load_from(source, file + ": the embedded XML", limits);
            if (keep_xml) {
                kept.shrink_to_fit();
                d.xml = std::move(kept);
            }
            d.fingerprint = loaded.fingerprint;
            if (auto* notice = std::get_if<model::JusteringNotice>(&loaded.document)) {
                doc_check(CheckId::EmbeddedXml, Status::Passed, say(Msg::NoticeXmlValid, notice->protocol_fingerprint));
                std::string title = std::string(model::k_notice_title) + ": " + (notice->organ.empty() ? std::string("protokoll") : notice->organ + ", protokoll");
                if (notice->number) title += " " + std::to_string(notice->number->number) + "/" + std::to_string(notice->number->year);
                if (notice->meeting_date) title += ", " + model::format_date(*notice->meeting_date);
                d.title = std::move(title);
                d.notice = std::move(*notice);
            } else {
                doc_check(CheckId::EmbeddedXml, Status::Passed, say(Msg::XmlValid));
            }
            if (auto* moved = std::get_if<model::Protocol>(&loaded.document)) {
                protocol = std::move(*moved);
                const model::Protocol* p = &*protocol;
                // "Socialnämnden, protokoll 4/2024, 2024-03-19"
                std::string title = p->organ.empty() ? std::string("Protokoll") : p->organ + ", protokoll";
                if (p->number) title += " " + std::to_string(p->number->number) + "/" + std::to_string(p->number->year);
                if (p->meeting_date) {
                    char day[16];
                    std::snprintf(day, sizeof day, "%04d-%02u-%02u", static_cast<int>(p->meeting_date->year()),
                                  static_cast<unsigned>(p->meeting_date->month()), static_cast<unsigned>(p->meeting_date->day()));
                    title += std::string(", ") + day;
                }
                d.title = title;
            }
            if (d.xmp_fingerprint == loaded.fingerprint) {
                doc_check(CheckId::XmpFingerprint, Status::Passed, say(Msg::XmpOk));
            } else {
                doc_check(CheckId::XmpFingerprint, Status::Failed,
                          d.xmp_fingerprint.empty() ? say(Msg::XmpNone, loaded.fingerprint) : say(Msg::XmpOther, d.xmp_fingerprint, loaded.fingerprint));
            }
        }
    } catch (const core::Error& e) {
        raw::rethrow_limit(e);
        doc_check(CheckId::EmbeddedXml, Status::Failed, say(Msg::XmlBad, e.what()));
    }

    // What people saw: every paragraph title and decision point of the XML
    // (of a notice: every line it prints) must be in the visible text (page
    // headers and footers aside).
    if (protocol || d.notice) {
        try {
            // justera's own text layer is read directly; fonts it cannot map
            // (a PDF made elsewhere) are left to poppler.
            Pages pages;
            std::optional<std::string> by_poppler;  ///< why poppler read them
            try {
                pages = pages_of();
            } catch (const core::Error& own) {
                raw::rethrow_limit(own);
                try {
                    const auto& revs = file_ref.revisions();
                    for (const auto& page : pdf::foreign_page_text(file_ref.bytes().substr(0, revs.back().end), file)) {
                        std::vector<std::string> lines;
                        std::size_t start = 0;
                        while (start <= page.size()) {
                            const std::size_t nl = std::min(page.find('\n', start), page.size());
                            std::string l = page.substr(start, nl - start);
                            while (!l.empty() && (l.back() == ' ' || l.back() == '\r')) l.pop_back();
                            if (!l.empty()) lines.push_back(std::move(l));
                            start = nl + 1;
                        }
                        pages.push_back(std::move(lines));
                    }
                } catch (const core::Error& theirs) {
                    throw core::Error(theirs.code(), std::string(own.what()) + "; poppler: " + theirs.what(), {},
                                      own.said(true) + "; poppler: " + theirs.said(true));
                }
                by_poppler = own.what();
            }
            // A line on every page is the running header: count pages per line
            //.
            std::unordered_map<std::string_view, std::size_t> on_pages;
            for (const auto& lines : pages) {
                std::unordered_set<std::string_view> here(lines.begin(), lines.end());
                for (const auto& l : here) ++on_pages[l];
            }
            // What to search: the pages' lines without white space, no-break
            // spaces and soft hyphens, appended straight into one string.
            const auto squash_into = [](std::string& o, std::string_view in) {
                for (std::size_t i = 0; i < in.size(); ++i) {
                    const char c = in[i];
                    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
                    if (c == '\xC2' && i + 1 < in.size() && (in[i + 1] == '\xA0' || in[i + 1] == '\xAD')) {
                        ++i;  // no-break space, soft hyphen
                        continue;
                    }
                    o.push_back(c);
                }
            };
            const auto squash = [&](std::string_view in) {
                std::string o;
                squash_into(o, in);
                return o;
            };
            std::string hay;
            {
                std::size_t size = 0;
                for (const auto& lines : pages) {
                    for (const auto& l : lines) size += l.size();
                }
                hay.reserve(size);
            }
            for (const auto& lines : pages) {
                for (const auto& l : lines) {
                    if (pages.size() >= 2 && on_pages[l] == pages.size()) continue;  // the running header
                    if (l.rfind("Sida ", 0) == 0 && !l.empty() && l.back() == ')') continue;  // the page number
                    squash_into(hay, l);
                }
            }
            // The lines are not needed any more: a large protocol's pages are
            // let go before its XML is searched for.
            decltype(on_pages)().swap(on_pages);
            Pages().swap(pages);
            std::vector<Said> missing;
            std::size_t items = 0;
            // The pages show the XML in its order: search on from the last
            // find (linear in the text), and from the start only when that fails.
            std::size_t cursor = 0;
            const auto need = [&](Msg what, int number, const std::string& t) {
                if (t.empty()) return;
                ++items;
                const std::string n = squash(t);
                std::size_t at = hay.find(n, cursor);
                if (at == std::string::npos) at = hay.find(n);
                if (at == std::string::npos) missing.push_back(say(what, number, t.substr(0, 80)));
                else cursor = at;
            };
            if (d.notice) {
                // Strictly in the notice's order, each row's label before its
                // value: a date found in another row does not count.
                const auto need_text = [&](const std::string& t) {
                    ++items;
                    const std::string n = squash(t);
                    const std::size_t at = hay.find(n, cursor);
                    if (at == std::string::npos) missing.push_back(say(Msg::MissingNoticeText, t.substr(0, 80)));
                    else cursor = at + n.size();
                };
                need_text(std::string(model::k_notice_title));
                for (const auto& [label, value] : model::notice_rows(*d.notice)) {
                    need_text(label);
                    need_text(value);
                }
                if (const std::string appeal = model::notice_appeal_sentence(*d.notice); !appeal.empty()) need_text(appeal);
            } else {
                for (const auto& para : protocol->paragraphs) {
                    need(Msg::MissingTitle, para.number, para.title);
                    for (const auto& dp : para.decision) {
                        need(Msg::MissingDecision, para.number, dp.text);
                        for (const auto& it : dp.items) need(Msg::MissingDecisionItem, para.number, it);
                    }
                }
            }
            if (missing.empty() && d.notice) {
                doc_check(CheckId::VisibleText, Status::Passed, say(Msg::NoticeVisibleAll, items));
            } else if (missing.empty()) {
                doc_check(CheckId::VisibleText, Status::Passed, by_poppler ? say(Msg::VisibleAllPoppler, items, *by_poppler) : say(Msg::VisibleAll, items));
            } else {
                const std::size_t more = missing.size() > 5 ? missing.size() - 5 : 0;
                missing.resize(std::min<std::size_t>(missing.size(), 5));
                if (more) missing.push_back(say(Msg::MissingMore, more));
                doc_check(CheckId::VisibleText, Status::Failed,
                          by_poppler ? say_with(std::move(missing), Msg::VisibleMissingPoppler, *by_poppler) : say_with(std::move(missing), Msg::VisibleMissing));
            }
        } catch (const core::Error& e) {
            raw::rethrow_limit(e);
            doc_check(CheckId::VisibleText, Status::Indeterminate, say(Msg::PagesUnreadable, e.what()));
        }
    }

    return d;
}

}  // namespace justera::verify
