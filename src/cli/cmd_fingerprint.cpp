// SPDX-License-Identifier: GPL-3.0-or-later
// justera fingerprint: SHA-256 of the canonical form.

#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "common.hpp"
#include "justera/core/error.hpp"

namespace justera::cli {

namespace {
struct FingerprintOpts {
    std::vector<std::string> inputs;
    std::string format = "auto";
    bool json = false;
};
}  // namespace

void setup_fingerprint(CLI::App& app, GlobalOptions& g) {
    auto opts = std::make_shared<FingerprintOpts>();
    auto* cmd = app.add_subcommand("fingerprint", g.tr("Skriv ut SHA-256-fingeravtrycket för ett protokolls kanoniska XML", "Print the SHA-256 fingerprint of a protocol's canonical XML"));
    cmd->footer(g.tr(
        "Fingeravtrycket är SHA-256 av dokumentets Exclusive XML Canonicalization\n"
        "(exc-c14n, utan kommentarer). Vem som helst kan räkna fram det utan justera:\n"
        "  xmllint --exc-c14n protokoll.xml | sha256sum   (för filer utan kommentarer:\n"
        "  xmllint behåller kommentarer, fingeravtrycket gör det inte)\n"
        "För en fil som justera har skrivit är det också helt enkelt 'sha256sum protokoll.xml'.\n"
        "En text läses först och fingeravtrycket för dess XML skrivs ut.\n"
        "För en PDF gjord av justera skrivs den inbäddade XML-filens fingeravtryck ut,\n"
        "efter en kontroll av att XMP-metadata anger samma fingeravtryck (utgångskod 1 om\n"
        "inte).\n\n"
        "Utdata: en rad per fil, '<hex>  <fil>' så som sha256sum skriver den.\n"
        "Utgångskoder: 0 klart, 1 ogiltig XML, 3 indata avvisad, 4 fel i anropet, 5 in-/utmatningsfel.",
        "The fingerprint is the SHA-256 of the document's Exclusive XML Canonicalization\n"
        "(exc-c14n, without comments). Anyone can recompute it without justera:\n"
        "  xmllint --exc-c14n protokoll.xml | sha256sum   (for files without comments:\n"
        "  xmllint keeps comments, the fingerprint does not)\n"
        "For a file justera wrote, it is also plain 'sha256sum protokoll.xml'.\n"
        "A text input is parsed first and the fingerprint of its XML is printed.\n"
        "For a PDF made by justera, the fingerprint of the embedded XML is printed\n"
        "after checking that the XMP records the same one (exit 1 if not).\n\n"
        "Output: one line per file, '<hex>  <file>' as sha256sum prints it.\n"
        "Exit: 0 ok, 1 invalid XML, 3 input rejected, 4 usage, 5 I/O."));
    cmd->add_option("FILE", opts->inputs, g.tr("Protokoll-XML (eller text)", "Protocol XML (or text)"))->required();
    add_format_option(*cmd, opts->format, g);
    cmd->add_flag("--json", opts->json, g.tr("Skriv JSON", "Print JSON"));
    cmd->callback([opts, &g] {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& f : opts->inputs) {
            Input in = load_input(f, layout_of(opts->format), g);
            // A PDF records the fingerprint in its XMP: it must be the embedded XML's.
            if (in.kind == "pdf" && in.xmp_fingerprint != in.fingerprint) {
                throw core::Error(core::Errc::PdfFingerprintMismatch,
                                  "the XMP records fingerprint " + (in.xmp_fingerprint.empty() ? std::string("(none)") : in.xmp_fingerprint) +
                                      " but the embedded XML's is " + in.fingerprint + ": the PDF and its XML do not belong together",
                                  core::Where{f},
                                  "XMP anger fingeravtrycket " + (in.xmp_fingerprint.empty() ? std::string("(inget)") : in.xmp_fingerprint) +
                                      " men den inbäddade XML-filens är " + in.fingerprint +
                                      ": PDF-filen och dess XML hör inte ihop");
            }
            if (opts->json) {
                nlohmann::ordered_json j{{"file", f}, {"fingerprint", in.fingerprint}, {"algorithm", "sha256-exc-c14n"}};
                if (in.kind == "pdf") j["xmp_fingerprint"] = in.xmp_fingerprint;
                list.push_back(j);
            } else {
                std::cout << in.fingerprint << "  " << f << '\n';
            }
        }
        if (opts->json) std::cout << (list.size() == 1 ? list[0] : list).dump(2) << '\n';
        exit_status() = 0;
    });
}

}  // namespace justera::cli
