// SPDX-License-Identifier: GPL-3.0-or-later
// justera sign: a justerare or the sekreterare signs the protocol PDF.

#include <fcntl.h>
#include <sys/file.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "common.hpp"
#include "ltv_options.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/signing/deferred.hpp"
#include "justera/signing/service.hpp"
#include "justera/signing/workflow.hpp"
#include "justera/sign/sign.hpp"

namespace justera::cli {

namespace {

struct SignOpts {
    std::string input;
    std::string output;
    std::string role;
    std::string p12;
    std::string key;
    std::string cert;
    std::string chain;
    std::string pkcs11;
    std::string pkcs11_module;
    std::string password_file;
    std::string field;
    std::string tsa;
    std::string reason;
    std::string location;
    std::string digest = "sha256";
    bool certify = false;
    LtvOptions ltv;
};

/// The password, never from argv: a file, JUSTERA_PASSWORD, or a prompt
/// without echo when standard input is a terminal.
std::string password(const SignOpts& o) {
    if (!o.password_file.empty()) {
        std::ifstream in(o.password_file);
        if (!in) throw core::Error(core::Errc::InputUnreadable, "cannot read the password file", core::Where{o.password_file}, "kan inte läsa lösenordsfilen");
        std::string line;
        std::getline(in, line);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }
    if (const char* env = std::getenv("JUSTERA_PASSWORD")) return env;
    if (::isatty(STDIN_FILENO) != 0) {
        std::cerr << "Lösenord (password) för nyckeln: " << std::flush;
        termios old{};
        ::tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        std::string line;
        std::getline(std::cin, line);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::cerr << '\n';
        return line;
    }
    return {};
}


/// The certificates of a --cert or --chain file (PEM or DER), as DER.
std::vector<std::string> certificates_in(const std::string& path, const GlobalOptions& g) {
    if (path.empty()) return {};
    auto certs = sign::certificates_from(core::read_file(path, g.limits));
    if (certs.empty()) {
        throw core::Error(core::Errc::SignKeyUnreadable, "no certificate in the file (PEM or DER)", core::Where{path},
                          "inget certifikat i filen (PEM eller DER)");
    }
    return certs;
}

/// The protocol a PDF made by 'justera render' carries.
const model::Protocol& protocol_of(const Input& in, const std::string& path) {
    if (in.kind != "pdf") {
        throw core::Error(core::Errc::Usage, "sign a PDF made by 'justera render'", core::Where{path},
                          "skriv under en PDF-fil som har gjorts med 'justera render'");
    }
    const auto* protocol = std::get_if<model::Protocol>(&in.document);
    if (!protocol) throw core::Error(core::Errc::Usage, "the PDF carries no protocol", core::Where{path}, "PDF-filen innehåller inget protokoll");
    return *protocol;
}

/// One completion at a time: the state stays locked from its reading to its
/// rewriting (a second completion then finds it completed).
std::unique_ptr<int, void (*)(int*)> lock_state(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw core::Error(core::Errc::InputUnreadable, "cannot open the state", core::Where{path}, "kan inte öppna tillståndsfilen");
    std::unique_ptr<int, void (*)(int*)> lock(new int(fd), [](int* p) {
        ::close(*p);
        delete p;
    });
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        throw core::Error(core::Errc::SignStateUsed, "another justera is completing this state now; nothing was written", core::Where{path},
                          "en annan justera slutför just nu den förberedda underskriften i den här tillståndsfilen; inget skrevs");
    }
    return lock;
}

std::int64_t clock_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

struct PrepareOpts {
    std::string input;
    std::string state;
    std::string tbs;
    std::string role;
    std::string field;
    std::string cert;
    std::string chain;
    std::string digest = "sha256";
    std::string reason;
    std::string location;
    std::size_t reserve = 0;
    bool certify = false;
};

struct CompleteOpts {
    std::string state;
    std::string pdf;
    std::string signature;
    std::string cert;
    std::string chain;
    std::string attributes;
    std::string tsa;
    std::string output;
    LtvOptions ltv;
    std::string response;  ///< sign response: the service's answer
    std::string service;   ///< sign response: its configuration
};

/// What a completion reads: the state (locked), the PDF it names and the
/// protocol in it, with the request's common part filled in.
struct Completion {
    std::unique_ptr<int, void (*)(int*)> lock;
    std::string state;
    std::string pdf_path;
    std::string bytes;
    Input in;
    signing::CompleteRequest req;
};

std::unique_ptr<Completion> read_completion(const CompleteOpts& o, std::vector<std::string> inputs, const GlobalOptions& g) {
    if (o.ltv.ltv && o.tsa.empty()) {
        throw core::Error(core::Errc::Usage, "--ltv needs --tsa: PAdES B-LT builds on a signature timestamp (B-T)", {},
                          "--ltv kräver --tsa: PAdES B-LT bygger på en tidsstämpel på underskriften (B-T)");
    }
    auto lock = lock_state(o.state);
    std::string state = core::read_file(o.state, g.limits);
    std::string pdf_path = o.pdf.empty() ? signing::state_input(state, o.state) : o.pdf;
    inputs.push_back(o.state);
    inputs.push_back(pdf_path);
    append_inputs(o.ltv, inputs);
    core::refuse_output_over_inputs(o.output, inputs);
    std::string bytes = core::read_file(pdf_path, g.limits);
    Input in = load_input_bytes(bytes, pdf_path, ingest::Layout::Auto, g);
    auto c = std::unique_ptr<Completion>(new Completion{std::move(lock), std::move(state), std::move(pdf_path), std::move(bytes), std::move(in), {}});
    c->req.state = c->state;
    c->req.state_file = o.state;
    c->req.pdf = c->bytes;
    c->req.pdf_file = c->pdf_path;
    c->req.protocol = &protocol_of(c->in, c->pdf_path);
    c->req.tsa = o.tsa;
    c->req.validation = validation_data(o.ltv, g);
    c->req.output = o.output;
    c->req.now = document_time();
    c->req.limits = g.limits;
    return c;
}

/// Writes the signed PDF, then the state marked completed (a second completion is refused).
/// " signed field F as R" / " skrev under fältet F som R".
std::string signed_words(const GlobalOptions& g, const std::string& field, const std::string& role) {
    return g.swedish() ? " skrev under fältet " + field + " som " + role : " signed field " + field + " as " + role;
}

/// The PAdES level made.
std::string level_words(const GlobalOptions& g, bool ltv, bool timestamp) {
    if (ltv) return g.swedish() ? " med valideringsdata (PAdES B-LT)" : " with validation data (PAdES B-LT)";
    if (timestamp) return g.swedish() ? " med tidsstämpel (PAdES B-T)" : " with a timestamp (PAdES B-T)";
    return " (PAdES B-B)";
}

void write_completion(const CompleteOpts& o, const signing::CompleteResult& done, const GlobalOptions& g, const char* how) {
    core::write_output(o.output, done.pdf);
    core::write_output(o.state, done.state);
    if (!g.quiet) {
        std::cerr << "justera: " << done.signer << signed_words(g, done.field, done.claimed_role) << how
                  << level_words(g, o.ltv.ltv, !o.tsa.empty()) << (g.swedish() ? "; skrev " : "; wrote ") << shown_output(o.output, g.swedish()) << "\n";
    }
}

void setup_prepare(CLI::App& sign_cmd, GlobalOptions& g) {
    auto o = std::make_shared<PrepareOpts>();
    auto* cmd = sign_cmd.add_subcommand("prepare", g.tr("Reservera en underskrift och skriv de byte som en nyckel på annat håll ska skriva under (uppskjuten underskrift)", "Reserve a signature and write the bytes a key elsewhere signs (deferred signing)"));
    cmd->footer(g.tr(
        "För den som skriver under med en nyckel som justera aldrig har tillgång till: en\n"
        "underskriftstjänst som identifierar justeraren med BankID eller Freja eID, ett\n"
        "kort i en annan dator. Skriver en tillståndsfil (-o, JSON, ingen hemlighet i den)\n"
        "och de byte som ska skrivas under (--tbs: DER för CMS-signaturens signerade\n"
        "attribut). Skriv under dem med SHA-256 (RSA PKCS#1 v1.5 eller ECDSA) och kör\n"
        "sedan 'justera sign complete'. Själva PDF-filen ändras inte; slutförandet läser\n"
        "den igen och avbryter om den har ändrats.\n\n"
        "Exempel:\n"
        "  justera sign prepare protokoll.pdf --role justerare --cert ojanne.pem -o ojanne.state --tbs ojanne.tbs\n"
        "  openssl dgst -sha256 -sign ojanne.key -out ojanne.sig ojanne.tbs\n"
        "  justera sign complete ojanne.state --signature ojanne.sig -o p1.pdf\n\n"
        "Utgångskoder: 0 förberett, 3 avvisad (namnen stämmer inte, fältet redan\n"
        "underskrivet, en tidigare underskrift bruten), 4 fel i anropet, 5 in-/utmatningsfel.\n"
        "Ingenting skrivs när det avvisas.",
        "For a signer whose key justera never holds: a signature service that\n"
        "authenticates the justerare with BankID or Freja eID, a card in another\n"
        "machine. Writes the state (-o, JSON, no secret in it) and the bytes to be\n"
        "signed (--tbs: the DER of the CMS signed attributes). Sign them with SHA-256\n"
        "(RSA PKCS#1 v1.5 or ECDSA), then run 'justera sign complete'. The PDF itself\n"
        "is not changed; the completion reads it again and refuses if it changed.\n\n"
        "Examples:\n"
        "  justera sign prepare protokoll.pdf --role justerare --cert ojanne.pem -o ojanne.state --tbs ojanne.tbs\n"
        "  openssl dgst -sha256 -sign ojanne.key -out ojanne.sig ojanne.tbs\n"
        "  justera sign complete ojanne.state --signature ojanne.sig -o p1.pdf\n\n"
        "Exit: 0 prepared, 3 refused (name mismatch, field signed already, an earlier\n"
        "signature broken), 4 usage, 5 I/O. Nothing is written when it is refused."));
    cmd->add_option("INPUT", o->input, g.tr("PDF-filen som ska skrivas under (ändras aldrig)", "The PDF to sign (never changed)"))->required();
    cmd->add_option("-o,--output", o->state, g.tr("Tillståndsfilen som ska skrivas (JSON)", "The state to write (JSON)"))->required();
    cmd->add_option("--tbs", o->tbs, g.tr("Filen som får de byte som ska skrivas under (DER)", "Where to write the bytes to be signed (DER)"))->required();
    cmd->add_option("--role", o->role, g.tr("justerare, ordförande eller sekreterare", "justerare, ordförande or sekreterare"))
        ->required()->check(CLI::IsMember({"justerare", "ordforande", "ordförande", "sekreterare"}));
    cmd->add_option("--cert", o->cert, g.tr("Undertecknarens certifikat (PEM eller DER), om det redan är känt: fältet blir det för namnet i certifikatet", "The signer's certificate (PEM or DER), when known now: the field is the one of the name it holds"));
    cmd->add_option("--chain", o->chain, g.tr("Mellanliggande certifikat (PEM) att ta med", "PEM intermediate certificates to include"));
    cmd->add_option("--field", o->field, g.tr("Fältet som ska skrivas under, när certifikatet ännu inte är känt (namnen visas av 'justera info')", "The field to sign, when the certificate is not known yet (see 'justera info' for the names)"));
    cmd->add_option("--digest", o->digest, g.tr("Hashalgoritm: sha256 (standard), sha384 eller sha512", "Hash algorithm: sha256 (default), sha384 or sha512"))
        ->check(CLI::IsMember({"sha256", "sha384", "sha512"}));
    cmd->add_option("--reason", o->reason, g.tr("Skäl som PDF-läsare visar, t.ex. 'Justerat'", "Reason shown by PDF viewers, e.g. 'Justerat'"));
    cmd->add_option("--location", o->location, g.tr("Ort för underskriften som PDF-läsare visar", "Place of signing shown by PDF viewers"));
    cmd->add_option("--reserve", o->reserve, g.tr("Antal byte att reservera för underskriften (standard: efter certifikaten, minst 24576)", "Bytes to reserve for the signature (default: from the certificates, at least 24576)"))
        ->check(CLI::Range(4096, 1 << 20));
    cmd->add_flag("--certify", o->certify, g.tr("Som sekreterare som skriver under sist: lås dokumentet", "As the sekreterare signing last: lock the document"));
    cmd->callback([o, &g] {
        core::refuse_output_over_inputs(o->state, {o->input, o->cert, o->chain});
        core::refuse_output_over_inputs(o->tbs, {o->input, o->cert, o->chain, o->state});
        if (o->tbs == o->state) throw core::Error(core::Errc::Usage, "--tbs and -o must be two files", {}, "--tbs och -o måste vara två olika filer");
        const std::string bytes = core::read_file(o->input, g.limits);
        Input in = load_input_bytes(bytes, o->input, ingest::Layout::Auto, g);
        signing::PrepareRequest req;
        req.pdf = bytes;
        req.file = std::filesystem::absolute(o->input).string();
        req.protocol = &protocol_of(in, o->input);
        req.role = o->role;
        req.field = o->field;
        const auto cert = certificates_in(o->cert, g);
        if (!cert.empty()) req.cert_der = cert.front();
        req.chain_der = certificates_in(o->chain, g);
        req.digest = o->digest;
        req.reason = o->reason;
        req.location = o->location;
        req.certify = o->certify;
        req.reserve = o->reserve;
        req.epoch = document_time();
        req.limits = g.limits;
        const auto done = signing::prepare_signature(req);
        core::write_output(o->tbs, done.to_be_signed);
        core::write_output(o->state, done.state);
        if (!g.quiet) {
            if (g.swedish()) {
                std::cerr << "justera: förberedde fältet " << done.field << " för " << done.signer << " som " << done.claimed_role
                          << "; skriv under " << shown_output(o->tbs, true) << " (" << done.to_be_signed.size() << " byte, " << o->digest
                          << ") och kör sedan 'justera sign complete " << shown_output(o->state, true) << "'\n";
            } else {
                std::cerr << "justera: prepared field " << done.field << " for " << done.signer << " as " << done.claimed_role
                          << "; sign " << shown_output(o->tbs, false) << " (" << done.to_be_signed.size() << " bytes, " << o->digest
                          << "), then 'justera sign complete " << shown_output(o->state, false) << "'\n";
            }
        }
        exit_status() = 0;
    });
}

void setup_complete(CLI::App& sign_cmd, GlobalOptions& g) {
    auto o = std::make_shared<CompleteOpts>();
    auto* cmd = sign_cmd.add_subcommand("complete", g.tr("Bädda in en underskrift som gjorts på annat håll i den förberedda PDF-filen (uppskjuten underskrift)", "Embed a signature made elsewhere into the prepared PDF (deferred signing)"));
    cmd->footer(g.tr(
        "Tar det råa signaturvärdet över de byte som 'justera sign prepare' skrev (RSA\n"
        "PKCS#1 v1.5 så som 'openssl dgst -sha256 -sign' skriver det; ECDSA i DER eller\n"
        "som r||s), kontrollerar det mot dessa byte och certifikatets nyckel, kontrollerar\n"
        "namnet i certifikatet mot protokollet och skriver den underskrivna PDF-filen. En\n"
        "tjänst som lägger till attributet signing-certificate returnerar de attribut den\n"
        "skrev under: ange dem med --signed-attributes; inget annat får ändras. Avvisas,\n"
        "utan att något skrivs: en PDF som ändrats sedan förberedelsen, en tillståndsfil\n"
        "som redan är slutförd, en underskrift eller ett certifikat som inte passar.\n\n"
        "Exempel:\n"
        "  justera sign complete ojanne.state --signature ojanne.sig -o p1.pdf --tsa URL\n\n"
        "Utgångskoder: 0 underskrivet, 3 avvisad, 4 fel i anropet, 5 in-/utmatningsfel.",
        "Takes the raw signature value over the bytes 'justera sign prepare' wrote\n"
        "(RSA PKCS#1 v1.5 as 'openssl dgst -sha256 -sign' writes it; ECDSA in DER or\n"
        "as r||s), checks it against those bytes and the certificate's key, checks\n"
        "the certificate's name against the protocol, and writes the signed PDF. A\n"
        "service that adds its signing-certificate attribute returns the attributes\n"
        "it signed: give them with --signed-attributes; nothing else may change.\n"
        "Refused, with nothing written: a PDF changed since the preparation, a state\n"
        "completed already, a signature or certificate that does not fit.\n\n"
        "Example:\n"
        "  justera sign complete ojanne.state --signature ojanne.sig -o p1.pdf --tsa URL\n\n"
        "Exit: 0 signed, 3 refused, 4 usage, 5 I/O."));
    cmd->add_option("STATE", o->state, g.tr("Tillståndsfilen som 'justera sign prepare' skrev; den markeras som slutförd", "The state 'justera sign prepare' wrote; it is marked completed"))->required();
    cmd->add_option("--signature", o->signature, g.tr("Det råa signaturvärdet (binärt)", "The raw signature value (binary)"))->required();
    cmd->add_option("--cert", o->cert, g.tr("Undertecknarens certifikat (PEM eller DER), om det inte angavs vid förberedelsen", "The signer's certificate (PEM or DER), unless given at the preparation"));
    cmd->add_option("--chain", o->chain, g.tr("Mellanliggande certifikat (PEM) att ta med", "PEM intermediate certificates to include"));
    cmd->add_option("--signed-attributes", o->attributes, g.tr("De signerade attribut som en tjänst returnerade (DER)", "The signed attributes a service returned (DER)"));
    cmd->add_option("--pdf", o->pdf, g.tr("PDF-filen som förberedelsen gjordes från, om den har flyttats (den måste vara oförändrad)", "The PDF prepared from, when it has moved (it must be unchanged)"));
    cmd->add_option("--tsa", o->tsa, g.tr("URL till en tidsstämplingstjänst (RFC 3161): lägger till en tidsstämpel på underskriften (PAdES B-T)", "URL of an RFC 3161 time-stamping authority: adds a signature timestamp (PAdES B-T)"));
    add_ltv_options(cmd, o->ltv, g);
    cmd->add_option("-o,--output", o->output, g.tr("Den underskrivna PDF-filen som ska skrivas (- är standard ut)", "The signed PDF to write (- is standard output)"))->required();
    cmd->callback([o, &g] {
        const auto c = read_completion(*o, {o->signature, o->cert, o->chain, o->attributes}, g);
        c->req.signature = core::read_file(o->signature, g.limits);
        const auto cert = certificates_in(o->cert, g);
        if (!cert.empty()) c->req.cert_der = cert.front();
        c->req.chain_der = certificates_in(o->chain, g);
        if (!o->attributes.empty()) c->req.signed_attributes = core::read_file(o->attributes, g.limits);
        write_completion(*o, signing::complete_signature(c->req, progress(g)), g, "");
        exit_status() = 0;
    });
}


struct RequestOpts {
    std::string state;
    std::string service;
    std::string personnummer;
    std::string idp;
    std::string return_url;
    std::string output;
    std::string form;
};

void setup_request(CLI::App& sign_cmd, GlobalOptions& g) {
    auto o = std::make_shared<RequestOpts>();
    auto* cmd = sign_cmd.add_subcommand("request", g.tr("Be en underskriftstjänst (Sweden Connect) att låta undertecknaren skriva under en förberedd underskrift", "Ask a signature service (Sweden Connect) to have the signer sign a prepared signature"));
    cmd->footer(g.tr(
        "Skriver den XML-signerade underskriftsbegäran (dss:SignRequest med Sweden\n"
        "Connects tillägg) för de byte som 'justera sign prepare' skrev, och med --form\n"
        "sidan som skickar den till tjänsten (HTTP POST binding). Tjänsten visar\n"
        "undertecknaren ett meddelande som namnger protokollet, organet, paragraferna,\n"
        "rollen och dokumentets SHA-256, identifierar undertecknaren med e-legitimation\n"
        "och skickar tillbaka sitt svar; 'justera sign response' slutför underskriften\n"
        "utifrån det. Begäran sparas i tillståndsfilen (en andra ersätter den första).\n"
        "--service anger konfigurationen (docs/signing.md): tjänstens adress, entityID\n"
        "och certifikat, den egna tjänstens entityID, nyckel och certifikat.\n\n"
        "Exempel:\n"
        "  justera sign prepare protokoll.pdf --role justerare --field justera.sig.justerare.1 -o j1.state --tbs j1.tbs\n"
        "  justera sign request j1.state --service underskrift.conf --personnummer 197001011234 -o j1-request.xml --form j1.html\n"
        "  justera sign response j1.state svar.xml --service underskrift.conf -o p1.pdf\n\n"
        "Utgångskoder: 0 skrivet, 3 avvisad (tillståndsfilen är redan slutförd), 4 fel i anropet, 5 in-/utmatningsfel.",
        "Writes the XML-signed sign request (dss:SignRequest with the Sweden Connect\n"
        "extension) for the bytes 'justera sign prepare' wrote, and with --form the\n"
        "page that posts it to the service (HTTP POST binding). The service shows the\n"
        "signer a message naming the protocol, the organ, the paragraphs, the role and\n"
        "the document's SHA-256, authenticates them with their e-ID, and posts its\n"
        "response back; 'justera sign response' completes the signature from it.\n"
        "The request is kept in the state (a second request replaces the first).\n"
        "--service names the configuration (docs/signing.md): the service's address,\n"
        "entityID and certificate, this service's entityID, key and certificate.\n\n"
        "Example:\n"
        "  justera sign prepare protokoll.pdf --role justerare --field justera.sig.justerare.1 -o j1.state --tbs j1.tbs\n"
        "  justera sign request j1.state --service underskrift.conf --personnummer 197001011234 -o j1-request.xml --form j1.html\n"
        "  justera sign response j1.state svar.xml --service underskrift.conf -o p1.pdf\n\n"
        "Exit: 0 written, 3 refused (the state completed already), 4 usage, 5 I/O."));
    cmd->add_option("STATE", o->state, g.tr("Tillståndsfilen som 'justera sign prepare' skrev; begäran sparas i den", "The state 'justera sign prepare' wrote; the request is recorded in it"))->required();
    cmd->add_option("--service", o->service, g.tr("Underskriftstjänstens konfiguration (NAME = VALUE; docs/signing.md)", "The signature service configuration (NAME = VALUE; docs/signing.md)"))->required();
    cmd->add_option("--personnummer", o->personnummer, g.tr("Undertecknarens personnummer, 12 siffror (ÅÅÅÅMMDDNNNN)", "The signer's personal identity number, 12 digits (ÅÅÅÅMMDDNNNN)"))->required();
    cmd->add_option("--idp", o->idp, g.tr("Undertecknarens identitetsleverantör (entityID), om det inte är konfigurationens", "The signer's identity provider (entityID), when not the configuration's"));
    cmd->add_option("--return-url", o->return_url, g.tr("Vart tjänsten skickar sitt svar, om inte till konfigurationens response-url", "Where the service posts its response, when not the configuration's response-url"));
    cmd->add_option("-o,--output", o->output, g.tr("Den signerade SignRequest-XML som ska skrivas", "The signed SignRequest XML to write"))->required();
    cmd->add_option("--form", o->form, g.tr("Skriv också HTML-sidan som skickar begäran till tjänsten", "Also write the HTML page that posts the request to the service"));
    cmd->callback([o, &g] {
        core::refuse_output_over_inputs(o->output, {o->state, o->service});
        if (!o->form.empty()) core::refuse_output_over_inputs(o->form, {o->state, o->service, o->output});
        const auto lock = lock_state(o->state);
        const std::string state = core::read_file(o->state, g.limits);
        const signing::ServiceConfig config = signing::read_service_config(o->service);
        const std::string pdf_path = signing::state_input(state, o->state);
        const std::string bytes = core::read_file(pdf_path, g.limits);
        Input in = load_input_bytes(bytes, pdf_path, ingest::Layout::Auto, g);
        signing::ServiceRequestInput r;
        r.state = state;
        r.state_file = o->state;
        r.protocol = &protocol_of(in, pdf_path);
        r.pdf_sha256 = core::sha256_hex(bytes);
        r.config = &config;
        r.personnummer = o->personnummer;
        r.identity_provider = o->idp;
        r.audience = o->return_url;
        r.key_password = signing::requester_password(config);
        r.now = clock_now();
        const auto made = signing::request_service_signature(r);
        core::write_output(o->output, made.xml);
        if (!o->form.empty()) core::write_output(o->form, made.form_html);
        core::write_output(o->state, made.state);
        if (!g.quiet) {
            if (g.swedish()) {
                std::cerr << "justera: skrev underskriftsbegäran " << made.request_id << " till " << shown_output(o->output, true)
                          << (o->form.empty() ? "" : " och dess formulär till " + o->form) << "; skicka den till " << config.service_url << "\n";
            } else {
                std::cerr << "justera: wrote sign request " << made.request_id << " to " << shown_output(o->output, false)
                          << (o->form.empty() ? "" : " and its form to " + o->form) << "; post it to " << config.service_url << "\n";
            }
        }
        exit_status() = 0;
    });
}

void setup_response(CLI::App& sign_cmd, GlobalOptions& g) {
    auto o = std::make_shared<CompleteOpts>();
    auto* cmd = sign_cmd.add_subcommand("response", g.tr("Slutför en underskrift utifrån svaret från en underskriftstjänst (Sweden Connect)", "Complete a signature from a signature service's response (Sweden Connect)"));
    cmd->footer(g.tr(
        "Läser tjänstens dss:SignResponse (dess XML, eller base64 från formulärfältet\n"
        "EidSignResponse), kontrollerar dess XML-signatur mot tjänstens certifikat, att\n"
        "den svarar på den begäran som sparats i tillståndsfilen och är färsk, att den person\n"
        "som identifierats har det personnummer som efterfrågades, och slutför\n"
        "underskriften som 'justera sign complete' gör, med tjänstens certifikatkedja. En\n"
        "avbruten eller misslyckad underskrift rapporteras med tjänstens förklaring.\n"
        "Ingenting skrivs när det avvisas.\n\n"
        "Exempel:\n"
        "  justera sign response j1.state svar.xml --service underskrift.conf -o p1.pdf\n\n"
        "Utgångskoder: 0 underskrivet, 1 tjänsten svarade utan underskrift (avbrutet,\n"
        "identifieringen misslyckades, begäran hade gått ut), 3 avvisad, 4 fel i anropet,\n"
        "5 in-/utmatningsfel.",
        "Reads the service's dss:SignResponse (its XML, or the base64 of the\n"
        "EidSignResponse form field), checks its XML signature against the service's\n"
        "certificate, that it answers the request recorded in the state and is fresh,\n"
        "that the person authenticated has the personnummer asked for, and completes\n"
        "the signature as 'justera sign complete' does, with the service's certificate\n"
        "chain. A cancelled or failed signing is reported with the service's reason.\n"
        "Nothing is written when it is refused.\n\n"
        "Example:\n"
        "  justera sign response j1.state svar.xml --service underskrift.conf -o p1.pdf\n\n"
        "Exit: 0 signed, 1 the service answered without a signature (cancelled,\n"
        "authentication failed, request expired), 3 refused, 4 usage, 5 I/O."));
    cmd->add_option("STATE", o->state, g.tr("Tillståndsfilen från 'justera sign prepare' och 'justera sign request'", "The state of 'justera sign prepare' and 'justera sign request'"))->required();
    cmd->add_option("RESPONSE", o->response, g.tr("SignResponse: XML, eller base64 så som formuläret skickade det", "The SignResponse: XML, or base64 as the form posted it"))->required();
    cmd->add_option("--service", o->service, g.tr("Underskriftstjänstens konfiguration (NAME = VALUE; docs/signing.md)", "The signature service configuration (NAME = VALUE; docs/signing.md)"))->required();
    cmd->add_option("--pdf", o->pdf, g.tr("PDF-filen som förberedelsen gjordes från, om den har flyttats (den måste vara oförändrad)", "The PDF prepared from, when it has moved (it must be unchanged)"));
    cmd->add_option("--tsa", o->tsa, g.tr("URL till en tidsstämplingstjänst (RFC 3161): lägger till en tidsstämpel på underskriften (PAdES B-T)", "URL of an RFC 3161 time-stamping authority: adds a signature timestamp (PAdES B-T)"));
    add_ltv_options(cmd, o->ltv, g);
    cmd->add_option("-o,--output", o->output, g.tr("Den underskrivna PDF-filen som ska skrivas (- är standard ut)", "The signed PDF to write (- is standard output)"))->required();
    cmd->callback([o, &g] {
        const auto c = read_completion(*o, {o->response, o->service}, g);
        const signing::ServiceConfig config = signing::read_service_config(o->service);
        const std::string response = core::read_file(o->response, g.limits);
        write_completion(*o, signing::complete_from_service(c->req, response, config, clock_now(), progress(g)), g, g.swedish() ? " genom underskriftstjänsten" : " through the signature service");
        exit_status() = 0;
    });
}

}  // namespace

void setup_sign(CLI::App& app, GlobalOptions& g) {
    auto opts = std::make_shared<SignOpts>();
    auto* cmd = app.add_subcommand("sign", g.tr("Skriv under protokollets PDF som justerare eller sekreterare (PAdES B-B)", "Sign the protocol PDF as justerare or sekreterare (PAdES B-B)"));
    cmd->footer(g.tr(
        "Fyller i ditt underskriftsfält i en PDF gjord av 'justera render', som en\n"
        "inkrementell uppdatering som låter tidigare underskrifter förbli giltiga. Fältet\n"
        "är det för den justerare eller sekreterare vars namn i protokollet stämmer med\n"
        "ditt certifikat: efternamnet, och protokollets förnamn bland dina förnamn\n"
        "(e-legitimationer har alla förnamn: 'Johan Alexander Emanuel Ojanne' skriver\n"
        "under för 'Alexander Ojanne'). Underskriften är CAdES (ETSI.CAdES.detached),\n"
        "SHA-256, med din angivna roll och utan attributet signing-time; tiden är den i\n"
        "PDF-filens /M.\n\n"
        "Lösenordet (eller PIN-koden till ett kort) ges aldrig på kommandoraden:\n"
        "--password-file FILE, miljövariabeln JUSTERA_PASSWORD, eller en fråga där det\n"
        "du skriver inte visas.\n\n"
        "Exempel:\n"
        "  justera sign protokoll.pdf -o p1.pdf --role justerare --p12 ojanne.p12 --password-file pw\n"
        "  justera sign p2.pdf -o signed.pdf --role sekreterare --key k.pem --cert c.pem --chain ca.pem\n"
        "  justera sign p1.pdf -o p2.pdf --role justerare --pkcs11 'pkcs11:token=SITHS%20eID;object=Signering' \\\n"
        "      --pkcs11-module /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so --tsa URL\n\n"
        "En nyckel på annat håll: 'justera sign prepare' och 'justera sign complete'; en\n"
        "underskriftstjänst i Sweden Connect (BankID, Freja eID genom den): 'justera sign\n"
        "prepare', 'justera sign request' och 'justera sign response' (se deras --help).\n\n"
        "Utgångskoder: 0 underskrivet, 3 avvisad (fel lösenord, namnen stämmer inte, fältet\n"
        "redan underskrivet), 4 fel i anropet, 5 in-/utmatningsfel. Ingenting skrivs när\n"
        "underskriften avvisas.",
        "Fills your signature field in a PDF made by 'justera render', as an incremental\n"
        "update that leaves earlier signatures valid. The field is the one for the\n"
        "justerare or sekreterare whose name in the protocol matches your certificate:\n"
        "the surname, and the protocol's first name among your given names (e-ID\n"
        "certificates carry all given names: 'Johan Alexander Emanuel Ojanne' signs for\n"
        "'Alexander Ojanne'). The signature is CAdES (ETSI.CAdES.detached), SHA-256,\n"
        "with your claimed role and no signing-time attribute; the time is the PDF's /M.\n\n"
        "The password (or a token's PIN) is never given on the command line:\n"
        "--password-file FILE, the JUSTERA_PASSWORD environment variable, or a prompt\n"
        "without echo.\n\n"
        "Examples:\n"
        "  justera sign protokoll.pdf -o p1.pdf --role justerare --p12 ojanne.p12 --password-file pw\n"
        "  justera sign p2.pdf -o signed.pdf --role sekreterare --key k.pem --cert c.pem --chain ca.pem\n"
        "  justera sign p1.pdf -o p2.pdf --role justerare --pkcs11 'pkcs11:token=SITHS%20eID;object=Signering' \\\n"
        "      --pkcs11-module /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so --tsa URL\n\n"
        "A key elsewhere: 'justera sign prepare' and 'justera sign complete'; a Sweden\n"
        "Connect signature service (BankID, Freja eID through it): 'justera sign\n"
        "prepare', 'justera sign request' and 'justera sign response' (see their --help).\n\n"
        "Exit: 0 signed, 3 refused (wrong password, name mismatch, field signed already),\n"
        "4 usage, 5 I/O. Nothing is written when signing is refused."));
    cmd->add_option("INPUT", opts->input, g.tr("PDF-filen som ska skrivas under (ändras aldrig)", "The PDF to sign (never changed)"));
    cmd->add_option("-o,--output", opts->output, g.tr("Den underskrivna PDF-filen som ska skrivas (- är standard ut)", "The signed PDF to write (- is standard output)"));
    cmd->add_option("--role", opts->role, g.tr("justerare, ordförande eller sekreterare", "justerare, ordförande or sekreterare"))
        ->check(CLI::IsMember({"justerare", "ordforande", "ordförande", "sekreterare"}));
    setup_prepare(*cmd, g);
    setup_complete(*cmd, g);
    setup_request(*cmd, g);
    setup_response(*cmd, g);
    cmd->require_subcommand(0, 1);
    cmd->add_option("--p12", opts->p12, g.tr("PKCS#12-fil med nyckel och certifikat", "PKCS#12 file with key and certificates"));
    cmd->add_option("--key", opts->key, g.tr("Privat nyckel i PEM (med --cert)", "PEM private key (with --cert)"));
    cmd->add_option("--cert", opts->cert, g.tr("Nyckelns certifikat i PEM", "PEM certificate of the key"));
    cmd->add_option("--chain", opts->chain, g.tr("Mellanliggande certifikat (PEM) att ta med", "PEM intermediate certificates to include"));
    auto* p11 = cmd->add_option("--pkcs11", opts->pkcs11,
                                g.tr("En nyckel på ett smartkort eller en annan token: URI enligt RFC 7512, t.ex. 'pkcs11:token=SITHS;object=Signing'", "A key on a smart card or other token: RFC 7512 URI, e.g. 'pkcs11:token=SITHS;object=Signing'"));
    cmd->add_option("--pkcs11-module", opts->pkcs11_module,
                    g.tr("Kortets PKCS#11-modul, t.ex. /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so (standard: $PKCS11_MODULE_PATH)", "The token's PKCS#11 module, e.g. /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so (default: $PKCS11_MODULE_PATH)"));
    p11->excludes(cmd->get_option("--p12"));
    p11->excludes(cmd->get_option("--key"));
    cmd->add_option("--password-file", opts->password_file, g.tr("Läs nyckelns lösenord från första raden i den här filen", "Read the key's password from the first line of this file"));
    cmd->add_option("--field", opts->field, g.tr("Skriv under det här fältet även om namnen inte stämmer (aldrig en annan rolls fält, aldrig ett andra fält)", "Sign this field even if the names do not match (never another role's field, never a second field)"));
    cmd->add_option("--reason", opts->reason, g.tr("Skäl som PDF-läsare visar, t.ex. 'Justerat'", "Reason shown by PDF viewers, e.g. 'Justerat'"));
    cmd->add_option("--location", opts->location, g.tr("Ort för underskriften som PDF-läsare visar", "Place of signing shown by PDF viewers"));
    cmd->add_option("--digest", opts->digest, g.tr("Hashalgoritm: sha256 (standard), sha384 eller sha512", "Hash algorithm: sha256 (default), sha384 or sha512"))
        ->check(CLI::IsMember({"sha256", "sha384", "sha512"}));
    cmd->add_option("--tsa", opts->tsa, g.tr("URL till en tidsstämplingstjänst (RFC 3161): lägger till en tidsstämpel på underskriften (PAdES B-T)", "URL of an RFC 3161 time-stamping authority: adds a signature timestamp (PAdES B-T)"));
    add_ltv_options(cmd, opts->ltv, g);
    cmd->add_flag("--certify", opts->certify,
                  g.tr("Som sekreterare som skriver under sist: lås dokumentet (inga ändringar utom valideringsdata och dokumenttidsstämplar)", "As the sekreterare signing last: lock the document (no changes but validation data and document timestamps)"));
    cmd->callback([opts, cmd, &g] {
        if (!cmd->get_subcommands().empty()) return;  // prepare or complete did the work
        if (opts->input.empty()) {
            throw core::Error(core::Errc::Usage, "sign: INPUT is required (the PDF to sign)", {},
                              "sign: INPUT måste anges (PDF-filen som ska skrivas under)");
        }
        if (opts->output.empty()) {
            throw core::Error(core::Errc::Usage, "sign: -o FILE is required (the signed PDF to write)", {},
                              "sign: -o FILE måste anges (den underskrivna PDF-filen som ska skrivas)");
        }
        if (opts->role.empty()) {
            throw core::Error(core::Errc::Usage, "sign: --role is required (justerare, ordförande or sekreterare)", {},
                              "sign: --role måste anges (justerare, ordförande eller sekreterare)");
        }
        if (opts->ltv.ltv && opts->tsa.empty()) {
            throw core::Error(core::Errc::Usage, "--ltv needs --tsa: PAdES B-LT builds on a signature timestamp (B-T)", {},
                              "--ltv kräver --tsa: PAdES B-LT bygger på en tidsstämpel på underskriften (B-T)");
        }
        std::vector<std::string> inputs{opts->input, opts->p12, opts->key, opts->cert, opts->chain, opts->password_file, opts->pkcs11_module};
        append_inputs(opts->ltv, inputs);
        core::refuse_output_over_inputs(opts->output, inputs);
        const std::string in_bytes = core::read_file(opts->input, g.limits);
        Input in = load_input_bytes(in_bytes, opts->input, ingest::Layout::Auto, g);
        const auto* protocol = &protocol_of(in, opts->input);
        signing::SignRequest req;
        req.pdf = in_bytes;
        req.file = opts->input;
        req.output = opts->output;
        req.protocol = protocol;
        req.key.p12 = opts->p12;
        req.key.key_pem = opts->key;
        req.key.cert_pem = opts->cert;
        req.key.chain_pem = opts->chain;
        req.key.pkcs11_uri = opts->pkcs11;
        req.key.pkcs11_module = opts->pkcs11_module;
        if (req.key.pkcs11_module.empty()) {
            if (const char* env = std::getenv("PKCS11_MODULE_PATH")) req.key.pkcs11_module = env;
        }
        req.key.password = password(*opts);
        req.role = opts->role;
        req.field = opts->field;
        req.tsa = opts->tsa;
        req.digest = opts->digest;
        req.reason = opts->reason;
        req.location = opts->location;
        req.certify = opts->certify;
        req.validation = validation_data(opts->ltv, g);
        req.epoch = document_time();
        req.limits = g.limits;
        const signing::SignResult done = signing::sign_protocol(req, progress(g));
        core::write_output(opts->output, done.pdf);
        if (!g.quiet) {
            std::cerr << "justera: " << done.signer << signed_words(g, done.field, done.claimed_role) << level_words(g, opts->ltv.ltv, !opts->tsa.empty())
                      << (opts->certify ? (g.swedish() ? ", dokumentet låst" : ", document locked") : "") << (g.swedish() ? "; skrev " : "; wrote ")
                      << shown_output(opts->output, g.swedish()) << "\n";
        }
        exit_status() = 0;
    });
}

}  // namespace justera::cli
