// SPDX-License-Identifier: GPL-3.0-or-later
#include "common.hpp"

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <ostream>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/ingest/docx.hpp"
#include "justera/pdf/foreign_text.hpp"
#include "justera/pdf/embedded.hpp"
#include "justera/pdf/render.hpp"
#include "justera/report/info.hpp"

namespace justera::cli {

std::optional<core::Language> GlobalOptions::chosen_language() const {
    if (!lang.empty()) return core::language_from(lang);
    const char* env = std::getenv("JUSTERA_LANG");
    return env ? core::language_from(env) : std::nullopt;
}

void GlobalOptions::settle_language(std::string& own, bool own_given) {
    if (own_given && !own.empty()) {
        lang = own;
    } else if (const auto chosen = chosen_language()) {
        own = *chosen == core::Language::Swedish ? "sv" : "en";
    }
}

std::int64_t document_time() {
    if (const char* env = std::getenv("SOURCE_DATE_EPOCH"); env && *env) {
        char* end = nullptr;
        const long long v = std::strtoll(env, &end, 10);
        if (end && *end == '\0' && v >= 0 && v < 7258118400LL) return v;  // before year 2200
        throw core::Error(core::Errc::Usage, "SOURCE_DATE_EPOCH must be whole seconds since 1970", {},
                          "SOURCE_DATE_EPOCH ska vara hela sekunder sedan 1970");
    }
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string shown_output(const std::string& output, bool swedish) {
    if (output != "-") return output;
    return swedish ? "standard ut" : "standard output";
}

int& exit_status() {
    static int status = 0;
    return status;
}

ingest::Layout layout_of(const std::string& name) {
    return ingest::layout_from(name).value_or(ingest::Layout::Auto);
}

void add_format_option(CLI::App& app, std::string& target, const GlobalOptions& g) {
    app.add_option("--format", target,
                   g.tr("Textens uppställning: auto (standard) känner igen den och säger vilken den valde;\n"
                        "markdown för Markdown-liknande exporter (##/**-rubriker, tabeller);\n"
                        "pdftext för ren text, t.ex. text som kopierats ur en PDF;\n"
                        "agenda för en föredragningslista som kopierats från en webbsida",
                        "Layout of a text input: auto (default) detects it and says which it chose;\n"
                        "markdown for Markdown-like exports (##/** headings, tables);\n"
                        "pdftext for plain text, such as text extracted from a PDF;\n"
                        "agenda for a föredragningslista copied from a web page"))
        ->check(CLI::IsMember({"auto", "markdown", "pdftext", "agenda"}))
        ->default_val("auto");
}

void add_correction_options(CLI::App& app, CorrectionOptions& target, const GlobalOptions& g) {
    app.add_option("--set", target.set,
                   g.tr("Rätta en uppgift i en text, FIELD=VALUE (kan upprepas): justerare=\"Per Bengtsson; Anna Ek\",\n"
                        "meeting_date=2025-11-19, sekreterare=..., organ=..., §12.title=..., §12.immediate=...;\n"
                        "rättelsen sparas i XML-filen tillsammans med var den kom ifrån (docs/ingest.md, \"Corrections\")",
                        "Correct a fact of a text input, FIELD=VALUE (repeatable): justerare=\"Per Bengtsson; Anna Ek\",\n"
                        "meeting_date=2025-11-19, sekreterare=..., organ=..., §12.title=..., §12.immediate=...;\n"
                        "recorded in the XML as provenance (docs/ingest.md, \"Corrections\")"))
        ->type_name("FIELD=VALUE");
    app.add_option("--corrections", target.file, g.tr("Läs rättelser från FILE: rader FIELD = VALUE, # inleder en kommentar", "Read corrections from FILE: lines FIELD = VALUE, # comments"))
        ->type_name("FILE");
}

std::vector<model::Correction> load_corrections(const CorrectionOptions& o, const GlobalOptions& g) {
    std::vector<model::Correction> out;
    if (!o.file.empty()) out = ingest::read_corrections(core::read_file(o.file, g.limits), o.file);
    for (const auto& s : o.set) out.push_back(ingest::correction_from_arg(s));
    return out;
}

Input load_input(const std::string& path, ingest::Layout layout, const GlobalOptions& g) {
    return load_input_bytes(core::read_file(path, g.limits), path, layout, g);
}

namespace {
/// Reading a text builds and drops many short-lived strings and vectors. A
/// command runs once and ends, so freed memory stays in the process for reuse
/// instead of going back to the kernel (glibc trims the heap's top and unmaps
/// blocks over 128 KiB at once) and being faulted in again: for a protocol of
/// 1,000 paragraphs a third fewer page faults and about 12 % less time, the
/// peak the same (docs/performance.md). Not for `serve`, which reads no text.
void keep_freed_memory() {
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
}
}  // namespace

Input load_input_bytes(const std::string& bytes, const std::string& path, ingest::Layout layout, const GlobalOptions& g) {
    Input in;
    // Text (a file's, a foreign PDF's, a Word document's) is parsed in `text_layout`.
    const auto from_text = [&](std::string_view text, const char* kind, ingest::Layout text_layout, ingest::TextSource source) {
        keep_freed_memory();
        ingest::ParseOptions opts;
        opts.layout = text_layout;
        opts.source = source;
        opts.file_name = path;
        opts.limits = g.limits;
        opts.corrections = g.corrections;
        auto result = ingest::parse_text(text, opts, in.diags);
        in.layout = std::string(ingest::to_string(result.layout));
        in.furniture = std::move(result.furniture);
        in.words = result.words;
        in.unplaced_words = result.unplaced_words;
        in.kind = kind;
        in.document = std::move(result.document);
        in.canonical = xml::to_xml(in.document);
        in.fingerprint = xml::fingerprint(in.canonical);
        in.in_canonical_layout = true;
    };
    // XML (a file, or the one a justera PDF carries) is loaded and validated.
    const auto from_xml = [&](std::string_view xml, const std::string& name, const char* kind) {
        if (!g.corrections.empty()) {
            throw core::Error(core::Errc::Usage,
                              "corrections (--set, --corrections) apply to a protocol's text; this input is already XML",
                              core::Where{path},
                              "rättelser (--set, --corrections) gäller ett protokolls text; den här filen är redan XML");
        }
        auto loaded = xml::load(xml, name, g.limits);
        in.document = std::move(loaded.document);
        in.kind = kind;
        in.canonical = std::move(loaded.canonical);
        in.fingerprint = std::move(loaded.fingerprint);
        in.in_canonical_layout = loaded.in_canonical_layout;
    };
    if (pdf::looks_like_pdf(bytes)) {
        pdf::Embedded embedded;
        try {
            embedded = pdf::read_embedded(bytes, path, g.limits);
        } catch (const core::Error& e) {
            if (e.code() != core::Errc::PdfNoEmbeddedXml && e.code() != core::Errc::PdfMalformed) throw;
            // A PDF made elsewhere: its text, read by poppler with its
            // layout, parsed like any text (page breaks as line breaks).
            // One whose structure the strict reader refuses (verify would
            // refuse it too) may still show its text: poppler repairs.
            // A PDF neither reader can read is reported as the strict one
            // found it.
            std::string text;
            if (e.code() == core::Errc::PdfMalformed) {
                try {
                    text = pdf::foreign_text(bytes, path, in.diags);
                } catch (const core::Error& poppler) {
                    if (poppler.code() != core::Errc::PdfTextUnreadable) throw;
                    throw e;
                }
                in.diags.warn(core::DiagCode::PdfNotStrict, "its structure cannot be read strictly (" + e.message() +
                                                                 "); no protocol XML is taken from it, its text is read instead",
                              core::Where{path});
            } else {
                text = pdf::foreign_text(bytes, path, in.diags);
            }
            from_text(text, "pdf-text", layout, ingest::TextSource::PdfLayout);
            return in;
        }
        from_xml(embedded.xml, path + ":" + embedded.file_name, "pdf");
        in.embedded_xml = std::move(embedded.xml);
        in.xmp_fingerprint = xml::xmp_property(embedded.xmp, "urn:justera:pdf:1#", "XmlC14nSha256").value_or("");
        return in;
    }
    if (xml::looks_like_xml(bytes)) {
        from_xml(bytes, path, "xml");
        return in;
    }
    if (ingest::looks_like_zip(bytes) || ingest::looks_like_ole(bytes)) {
        // A Word document (or another zip, or an old Office file, which are
        // refused): its text in justera's own Markdown, or without markup for
        // a layout that reads plain text.
        const bool plain = layout == ingest::Layout::PdfText || layout == ingest::Layout::Agenda;
        ingest::DocxOptions opts;
        opts.file_name = path;
        opts.limits = g.limits;
        opts.markup = plain ? ingest::DocxMarkup::Plain : ingest::DocxMarkup::Markdown;
        const std::string text = ingest::docx_text(bytes, opts, in.diags);
        from_text(text, "docx", plain ? layout : ingest::Layout::Docx, ingest::TextSource::Unknown);
        return in;
    }
    from_text(bytes, "text", layout, ingest::TextSource::Unknown);
    return in;
}

void print_diagnostics(std::ostream& err, const core::Diagnostics& diags, const GlobalOptions& g) {
    const core::Language lang = g.swedish() ? core::Language::Swedish : core::Language::English;
    for (const auto& d : diags.items()) {
        if (g.quiet && d.severity == core::Severity::Info) continue;
        err << "justera: " << report::format_diagnostic(d, lang) << '\n';
    }
}

void add_trust_options(CLI::App& cmd, TrustOptions& t, bool for_people, const GlobalOptions& g) {
    if (!for_people) {
        cmd.add_option("--trust", t.files)->allow_extra_args(false);
        cmd.add_option("--trust-dir", t.dirs)->allow_extra_args(false);
        cmd.add_flag("--system-trust", t.system);
        cmd.add_option("--crl", t.crls)->allow_extra_args(false);
        return;
    }
    cmd.add_option("--trust", t.files, g.tr("PEM-fil med betrodda rötter (rotcertifikat); kan upprepas", "PEM file of trust anchors (root certificates); repeatable"))->allow_extra_args(false)->check(CLI::ExistingFile);
    cmd.add_option("--trust-dir", t.dirs, g.tr("Katalog med betrodda rötter i *.pem/*.crt; kan upprepas", "Directory of *.pem/*.crt trust anchors; repeatable"))->allow_extra_args(false)->check(CLI::ExistingDirectory);
    cmd.add_flag("--system-trust", t.system, g.tr("Lita också på systemets CA-certifikat (/etc/ssl/certs)", "Also trust the system's CA certificates (/etc/ssl/certs)"));
    cmd.add_option("--crl", t.crls, g.tr("En spärrlista (CRL-fil, DER eller PEM) att också läsa; kan upprepas", "A CRL file (DER or PEM) to consult too; repeatable"))->allow_extra_args(false)->check(CLI::ExistingFile);
}

std::vector<std::string> trust_arguments(const TrustOptions& t) {
    std::vector<std::string> out;
    const auto add = [&out](const char* name, const std::string& path) { out.push_back(std::string(name) + "=" + std::filesystem::absolute(path).string()); };
    for (const auto& f : t.files) add("--trust", f);
    for (const auto& d : t.dirs) add("--trust-dir", d);
    for (const auto& c : t.crls) add("--crl", c);
    if (t.system) out.emplace_back("--system-trust");
    return out;
}

void apply_trust(const TrustOptions& t, verify::Options& vo) {
    vo.trust_files = t.files;
    vo.trust_dirs = t.dirs;
    vo.system_trust = t.system;
    vo.crl_files = t.crls;
}


/// The global limits, as options for the worker's command line.
std::vector<std::string> limit_arguments(const core::Limits& l) {
    const auto opt = [](const char* name, std::size_t v) { return std::string(name) + "=" + std::to_string(v); };
    return {opt("--max-input-bytes", l.max_input_bytes), opt("--max-paragraphs", l.max_paragraphs), opt("--max-lines", l.max_lines),
            opt("--max-line-bytes", l.max_line_bytes),   opt("--max-xml-depth", l.max_xml_depth),   opt("--max-xml-nodes", l.max_xml_nodes),
            opt("--max-pdf-objects", l.max_pdf_objects), opt("--max-revisions", l.max_pdf_revisions), opt("--max-nesting", l.max_pdf_nesting),
            opt("--max-stream-bytes", l.max_stream_bytes), opt("--max-signatures", l.max_signatures), opt("--max-cms-bytes", l.max_cms_bytes),
            opt("--max-chain", l.max_chain_length)};
}

std::string self_executable() {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) throw core::Error(core::Errc::HelperMissing, "cannot find the justera program to start workers: " + ec.message(), {},
                              "hittar inte programmet justera för att starta arbetsprocesser: " + core::swedish_errno(ec.value()));
    return self.string();
}

std::string PlainFormatter::make_option_opts(const CLI::Option* opt) const {
    std::string s = CLI::Formatter::make_option_opts(opt);
    static const std::pair<const char*, const char*> k_words[] = {
        {"UINT:NUMBER", "N"}, {"UINT:UINT", "N"}, {"UINT:INT", "N"}, {"UINT:POSITIVE", "N"}, {"FLOAT:FLOAT", "NUMBER"}, {"FLOAT:NUMBER", "NUMBER"},
        {"TEXT:FILE", "FILE"}, {"TEXT:DIR", "DIR"}, {"TEXT:PATH(existing)", "PATH"}, {"TEXT:{", "{"}, {"UINT", "N"}, {"FLOAT", "NUMBER"},
    };
    for (const auto& [from, to] : k_words) {
        const std::size_t from_len = std::strlen(from);
        std::size_t at = 0;
        while ((at = s.find(from, at)) != std::string::npos) {
            // Whole words only ("UINT" alone, once "UINT:NUMBER" is gone).
            const std::size_t end = at + from_len;
            const bool word_end = end >= s.size() || !std::isalpha(static_cast<unsigned char>(s[end])) || from[from_len - 1] == '{';
            const bool word_start = at == 0 || !std::isalpha(static_cast<unsigned char>(s[at - 1]));
            if (word_start && word_end) {
                s.replace(at, from_len, to);
                at += std::strlen(to);
            } else {
                at += 1;
            }
        }
    }
    // A range's words ("N in [1 - 256]"): the label "in", when the help is
    // in another language (main.cpp sets the labels).
    if (const std::string in = get_label("in"); in != "in") {
        for (std::size_t at = 0; (at = s.find(" in [", at)) != std::string::npos; at += in.size() + 3) s.replace(at, 5, " " + in + " [");
    }
    return s;
}

std::string PlainFormatter::make_option(const CLI::Option* opt, bool is_positional) const {
    std::string out = "  " + make_option_name(opt, is_positional) + make_option_opts(opt);
    std::size_t letters = 0;
    for (const char c : out) letters += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;  // UTF-8: not a continuation byte
    const std::size_t column = get_column_width();
    const std::string desc = make_option_desc(opt);
    if (!desc.empty() && letters >= column) out += "\n" + std::string(column, ' ');
    else if (letters < column) out += std::string(column - letters, ' ');
    for (const char c : desc) {
        out += c;
        if (c == '\n') out += std::string(column, ' ');
    }
    return out + "\n";
}

void name_values(CLI::App& app) {
    static const std::pair<const char*, const char*> k_values[] = {
        {"output", "FILE"},        {"p12", "FILE"},         {"key", "FILE"},       {"cert", "FILE"},          {"chain", "FILE"},
        {"profile", "FILE"},       {"password-file", "FILE"}, {"pkcs11-module", "FILE"}, {"tbs", "FILE"},     {"signed-attributes", "FILE"},
        {"signature", "FILE"},     {"form", "FILE"},        {"pdf", "FILE"},       {"signing", "FILE"},       {"agenda", "FILE"},
        {"service", "FILE"},       {"idp", "URI"},         {"state", "FILE"},     {"tsa", "URL"},            {"return-url", "URL"},
        {"anslag", "YYYY-MM-DD"},  {"at", "YYYY-MM-DD"},    {"field", "NAME"},     {"justerare", "PNR[,IDP]"}, {"sekreterare", "PNR[,IDP]"},
        {"ordforande", "PNR[,IDP]"}, {"report-pdf", "FILE"},    {"reason", "REASON"},    {"location", "PLACE"}, {"kept-at", "PLACE"},      {"personnummer", "YYYYMMDDNNNN"},
        {"max-upload", "SIZE"},    {"listen", "HOST:PORT"}, {"pkcs11", "URI"},
    };
    const auto walk = [](auto& self, CLI::App& cmd) -> void {
        for (CLI::Option* o : cmd.get_options()) {
            if (o->get_type_name() != "TEXT") continue;
            if (o->get_lnames().empty()) {
                o->type_name("");  // a positional: its name says it
                continue;
            }
            const std::string& name = o->get_lnames().front();
            std::string value;
            for (const auto& [option, word] : k_values) {
                if (name == option) value = word;
            }
            if (value.empty()) {
                for (const char c : name) value += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
            o->type_name(value);
        }
        for (CLI::App* sub : cmd.get_subcommands([](const CLI::App*) { return true; })) self(self, *sub);
    };
    walk(walk, app);
}

std::string error_text(std::string where, core::Errc code, const std::string& message, bool swedish) {
    if (swedish) {
        // The names io.cpp gives the standard streams.
        for (const auto& [en, sv] : {std::pair{"standard input", "standard in"}, std::pair{"standard output", "standard ut"}}) {
            if (where.rfind(en, 0) == 0) where.replace(0, std::strlen(en), sv);
        }
    }
    return (where.empty() ? "" : where + ": ") + (swedish ? std::string(core::describe(code, core::Language::Swedish)) + ": " : std::string()) + message + " [" +
           std::string(core::to_string(code)) + "]";
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

}  // namespace justera::cli
