// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the subcommands: global options, loading any protocol input, and
// printing diagnostics.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "justera/core/diagnostics.hpp"
#include "justera/core/error.hpp"
#include "justera/core/language.hpp"
#include "justera/core/limits.hpp"
#include "justera/ingest/ingest.hpp"
#include "justera/verify/verify.hpp"
#include "justera/xml/xml.hpp"

namespace justera::cli {

struct GlobalOptions {
    core::Limits limits;
    bool quiet = false;
    /// --lang before the command; else JUSTERA_LANG; "" when neither.
    std::string lang;
    /// The language asked for, if one was: messages then use it; else each
    /// keeps its own (English lines; verify's panel in Swedish).
    [[nodiscard]] std::optional<core::Language> chosen_language() const;
    /// Swedish asked for: the command's own lines in Swedish.
    [[nodiscard]] bool swedish() const { return chosen_language() == core::Language::Swedish; }
    /// A help text in the language asked for (--lang before the command, or
    /// JUSTERA_LANG, known before the commands are defined): Swedish when
    /// Swedish was asked for, else English.
    [[nodiscard]] std::string tr(const char* sv, const char* en) const { return swedish() ? sv : en; }
    /// For a command with a --lang of its own (`own`, given or not): the
    /// command's wins and becomes the messages' too; without it the global
    /// one, if any, is the command's.
    void settle_language(std::string& own, bool own_given);
    /// Set by a command's --set/--corrections before it reads a text input.
    std::vector<model::Correction> corrections;
};

/// --set FIELD=VALUE (repeatable) and --corrections FILE, for commands that read text.
struct CorrectionOptions {
    std::vector<std::string> set;
    std::string file;
};
void add_correction_options(CLI::App& app, CorrectionOptions& target, const GlobalOptions& g);
/// The corrections of a file (first) and of --set (after it, so they win).
std::vector<model::Correction> load_corrections(const CorrectionOptions& o, const GlobalOptions& g);

/// Any protocol input, read and brought to canonical form.
struct Input {
    xml::Document document;
    std::string kind;         ///< "text", "xml", "pdf" (justera's, its embedded XML), "pdf-text" (made elsewhere: its text) or "docx" (a Word document's text)
    std::string layout;       ///< the text layout used, empty for XML
    std::string canonical;
    std::string fingerprint;
    bool in_canonical_layout = false;
    core::Diagnostics diags;
    std::string embedded_xml;          ///< for a PDF: the associated file, byte for byte
    std::string xmp_fingerprint;       ///< for a PDF: justera:XmlC14nSha256 from the XMP
    std::vector<model::SourceLine> furniture;  ///< for text: page furniture left out
    std::size_t words = 0;             ///< for text: content words read
    std::size_t unplaced_words = 0;    ///< for text: of them, kept only as unplaced lines
};

/// Reads FILE: a PDF's embedded XML and XML are loaded and validated, text is
/// parsed with `layout`.
Input load_input(const std::string& path, ingest::Layout layout, const GlobalOptions& g);
/// The same for bytes already read from `path` (a command that needs them too
/// reads the file once).
Input load_input_bytes(const std::string& bytes, const std::string& path, ingest::Layout layout, const GlobalOptions& g);

/// Prints warnings (and notes unless --quiet) to `err`, in Swedish under
/// --lang sv where the reader wrote it in Swedish.
void print_diagnostics(std::ostream& err, const core::Diagnostics& diags, const GlobalOptions& g);

/// The trust a verification starts from, as verify and serve (and their
/// workers) take it.
struct TrustOptions {
    std::vector<std::string> files;  ///< --trust
    std::vector<std::string> dirs;   ///< --trust-dir
    bool system = false;             ///< --system-trust
    std::vector<std::string> crls;   ///< --crl
};
/// --trust, --trust-dir, --system-trust and --crl on `cmd`: with help and
/// existence checks for people, bare for a worker (its parent checked them).
/// The help texts in g's language (GlobalOptions::tr), as for every option.
void add_trust_options(CLI::App& cmd, TrustOptions& t, bool for_people, const GlobalOptions& g);
/// The same for a worker's command line: NAME=VALUE (a value that starts
/// with '-' stays a value), paths made absolute.
std::vector<std::string> trust_arguments(const TrustOptions& t);
/// Into the verification's options.
void apply_trust(const TrustOptions& t, verify::Options& vo);

/// The global limits, as options for a worker's command line.
std::vector<std::string> limit_arguments(const core::Limits& l);
/// This program's own path, to start its workers (core::Error HelperMissing
/// when it cannot be found).
std::string self_executable();

/// Adds --format with the layout names; the value goes to `target`.
void add_format_option(CLI::App& app, std::string& target, const GlobalOptions& g);
ingest::Layout layout_of(const std::string& name);

void setup_parse(CLI::App& app, GlobalOptions& g);
void setup_info(CLI::App& app, GlobalOptions& g);
void setup_fields(CLI::App& app, GlobalOptions& g);
void setup_validate(CLI::App& app, GlobalOptions& g);
void setup_fingerprint(CLI::App& app, GlobalOptions& g);
void setup_render(CLI::App& app, GlobalOptions& g);
void setup_extract(CLI::App& app, GlobalOptions& g);
void setup_pdfa_check(CLI::App& app, GlobalOptions& g);
void setup_sign(CLI::App& app, GlobalOptions& g);
void setup_timestamp(CLI::App& app, GlobalOptions& g);
void setup_verify(CLI::App& app, GlobalOptions& g);
void setup_deadlines(CLI::App& app, GlobalOptions& g);
void setup_check(CLI::App& app, GlobalOptions& g);
void setup_anslag(CLI::App& app, GlobalOptions& g);
void setup_serve(CLI::App& app, GlobalOptions& g);
void setup_case(CLI::App& app, GlobalOptions& g);

/// Help without the parser's type names: "N" for a whole number (not
/// "UINT:NUMBER"), "FILE", "DIR", the choices as {a,b}.
class PlainFormatter : public CLI::Formatter {
public:
    std::string make_option_opts(const CLI::Option* opt) const override;
    /// As CLI11's, but the column is padded by letters, not bytes: a name
    /// with å, ä or ö (the Swedish help's "KRÄVS") lines up with the others.
    std::string make_option(const CLI::Option* opt, bool is_positional) const override;
};

/// Levenshtein distance of two words (bytes): for "did you mean ...?".
std::size_t edit_distance(const std::string& a, const std::string& b);

/// An error as every error line says it, after "justera: ": "WHERE: what
/// was found [code]"; in Swedish "WHERE: what the code means: what was found
/// [code]", the standard streams named in Swedish ("standard in").
std::string error_text(std::string where, core::Errc code, const std::string& message, bool swedish);

/// Names what each option of `app` and its commands takes where CLI11 would
/// say only "TEXT" (its word for a string): "-o,--output FILE",
/// "--tsa URL", "--anslag YYYY-MM-DD"; an option not in the table by its own
/// name in capitals ("--listen HOST:PORT" is in it; a new "--colour" would
/// show COLOUR). Positionals show their name alone. For the help, the manual
/// page and the completions.
void name_values(CLI::App& app);

/// The time to write into documents: SOURCE_DATE_EPOCH when set (so output is
/// reproducible), otherwise the clock. Throws a usage error for a bad value.
std::int64_t document_time();

/// How messages name an output: "standard output" (Swedish: "standard ut")
/// for "-", else the path.
std::string shown_output(const std::string& output, bool swedish);

/// Set by a subcommand callback: the process exit code.
int& exit_status();

}  // namespace justera::cli
