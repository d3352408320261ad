// SPDX-License-Identifier: GPL-3.0-or-later
// Signing through a Sweden Connect signature service (include/justera/signing/service.hpp).

#include "justera/signing/service.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/core/settings.hpp"
#include "justera/pki/x509.hpp"
#include "justera/signservice/dss.hpp"

namespace justera::signing {

using core::Errc;
using core::Error;
using core::Where;
using Json = nlohmann::ordered_json;

namespace {

std::string read_text(const std::filesystem::path& p, const std::string& config, std::uint32_t line) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw Error(Errc::InputUnreadable, "cannot read " + p.string(), Where{config, line, {}, {}}, "kan inte läsa " + p.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Every certificate of a PEM (or one DER) file, as DER.
std::vector<std::string> certificates_of(const std::string& bytes) {
    std::vector<std::string> out;
    std::unique_ptr<BIO, void (*)(BIO*)> bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())), BIO_free_all);
    while (X509* c = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        unsigned char* der = nullptr;
        const int n = i2d_X509(c, &der);
        if (n > 0) out.emplace_back(reinterpret_cast<const char*>(der), static_cast<std::size_t>(n));
        OPENSSL_free(der);
        X509_free(c);
    }
    ERR_clear_error();
    if (out.empty()) {
        const unsigned char* p = reinterpret_cast<const unsigned char*>(bytes.data());
        if (X509* c = d2i_X509(nullptr, &p, static_cast<long>(bytes.size()))) {
            out.push_back(bytes);
            X509_free(c);
        }
    }
    return out;
}

Json state_json(std::string_view state, const std::string& file) {
    Json j = Json::parse(state.begin(), state.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        throw Error(Errc::SignStateInvalid, "not a prepared-signature state (not JSON)", Where{file},
                    "ingen tillståndsfil för en förberedd underskrift (inte JSON)");
    }
    return j;
}

bool twelve_digits(const std::string& s) { return s.size() == 12 && s.find_first_not_of("0123456789") == std::string::npos; }

}  // namespace

ServiceConfig read_service_config(const std::string& file) {
    std::string text;
    {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            throw Error(Errc::InputUnreadable, "cannot read the signature service configuration", Where{file},
                        "kan inte läsa inställningarna för underskriftstjänsten");
        }
        std::ostringstream s;
        s << in.rdbuf();
        text = s.str();
    }
    ServiceConfig c;
    c.file = file;
    const std::filesystem::path dir = std::filesystem::path(file).parent_path();
    const auto path_of = [&](const std::string& v) { return std::filesystem::path(v).is_absolute() ? std::filesystem::path(v) : dir / v; };
    bool have_max_age = false;
    for (const core::Setting& s : core::read_settings(text, file, "a setting", "en inställning")) {
        const Where where{file, s.line, {}, {}};
        if (s.name == "service-url") {
            c.service_url = s.value;
        } else if (s.name == "service-entity-id") {
            c.service_entity_id = s.value;
        } else if (s.name == "service-certificate") {
            auto certs = certificates_of(read_text(path_of(s.value), file, s.line));
            if (certs.empty()) {
                throw Error(Errc::Usage, "service-certificate: " + s.value + " holds no certificate (PEM or DER)", where,
                            "service-certificate: " + s.value + " innehåller inget certifikat (PEM eller DER)");
            }
            c.service_certs_der.insert(c.service_certs_der.end(), certs.begin(), certs.end());
        } else if (s.name == "requester-entity-id") {
            c.requester_entity_id = s.value;
        } else if (s.name == "requester-key") {
            c.requester_key_file = path_of(s.value).string();
        } else if (s.name == "requester-certificate") {
            c.requester_cert_pem = read_text(path_of(s.value), file, s.line);
            if (certificates_of(c.requester_cert_pem).empty() || c.requester_cert_pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
                throw Error(Errc::Usage, "requester-certificate: " + s.value + " is not a PEM certificate", where,
                            "requester-certificate: " + s.value + " är inget PEM-certifikat");
            }
        } else if (s.name == "requester-password-file") {
            c.requester_password_file = path_of(s.value).string();
        } else if (s.name == "identity-provider") {
            c.identity_provider = s.value;
        } else if (s.name == "authn-context") {
            c.authn_context = s.value;
        } else if (s.name == "signature-algorithm") {
            if (s.value != "rsa-sha256" && s.value != "ecdsa-sha256") {
                throw Error(Errc::Usage, "signature-algorithm is rsa-sha256 or ecdsa-sha256, not '" + s.value + "'", where,
                            "signature-algorithm ska vara rsa-sha256 eller ecdsa-sha256, inte '" + s.value + "'");
            }
            c.signature_algorithm = s.value;
        } else if (s.name == "response-url") {
            c.response_url = s.value;
        } else if (s.name == "max-age") {
            const bool digits = !s.value.empty() && s.value.size() <= 5 && s.value.find_first_not_of("0123456789") == std::string::npos;
            if (!digits || std::stoi(s.value) < 30 || std::stoi(s.value) > 3600) {
                throw Error(Errc::Usage, "max-age is a number of seconds from 30 to 3600, not '" + s.value + "'", where,
                            "max-age ska vara ett antal sekunder från 30 till 3600, inte '" + s.value + "'");
            }
            c.max_age = std::stoi(s.value);
            have_max_age = true;
        } else if (s.name == "cases-dir") {
            c.cases_dir = path_of(s.value).string();
        } else if (s.name == "public-url") {
            c.public_url = s.value;
            while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
        } else if (s.name == "link-days") {
            const bool digits = !s.value.empty() && s.value.size() <= 3 && s.value.find_first_not_of("0123456789") == std::string::npos;
            if (!digits || std::stoi(s.value) < 1 || std::stoi(s.value) > 365) {
                throw Error(Errc::Usage, "link-days is a number of days from 1 to 365, not '" + s.value + "'", where,
                            "link-days ska vara ett antal dagar från 1 till 365, inte '" + s.value + "'");
            }
            c.link_days = std::stoi(s.value);
        } else if (s.name == "secretary-key-sha256") {
            if (s.value.size() != 64 || s.value.find_first_not_of("0123456789abcdef") != std::string::npos) {
                throw Error(Errc::Usage, "secretary-key-sha256 is the SHA-256 of the key as 64 lower-case hex digits ('printf %s KEY | sha256sum')",
                            where,
                            "secretary-key-sha256 ska vara nyckelns SHA-256 som 64 hexadecimala siffror med små bokstäver "
                            "('printf %s NYCKEL | sha256sum')");
            }
            c.secretary_key_sha256 = s.value;
        } else if (s.name == "tsa") {
            c.tsa = s.value;
        } else if (s.name == "ltv") {
            if (s.value != "yes" && s.value != "no") {
                throw Error(Errc::Usage, "ltv is yes or no, not '" + s.value + "'", where, "ltv ska vara yes eller no, inte '" + s.value + "'");
            }
            c.ltv = s.value == "yes";
        } else {
            throw Error(Errc::Usage,
                        "unknown setting '" + s.name +
                            "' (known: service-url, service-entity-id, service-certificate, requester-entity-id, requester-key, "
                            "requester-certificate, requester-password-file, identity-provider, authn-context, signature-algorithm, "
                            "response-url, max-age, cases-dir, public-url, link-days, tsa, ltv, secretary-key-sha256)",
                        where,
                        "okänd inställning '" + s.name +
                            "' (kända: service-url, service-entity-id, service-certificate, requester-entity-id, requester-key, "
                            "requester-certificate, requester-password-file, identity-provider, authn-context, signature-algorithm, "
                            "response-url, max-age, cases-dir, public-url, link-days, tsa, ltv, secretary-key-sha256)");
        }
    }
    (void)have_max_age;
    if (c.ltv && c.tsa.empty()) {
        throw Error(Errc::Usage, "ltv = yes needs tsa: PAdES B-LT builds on a signature timestamp (B-T)", Where{file},
                    "ltv = yes kräver tsa: PAdES B-LT bygger på en tidsstämpel på underskriften (B-T)");
    }
    const auto need = [&](const std::string& value, const char* name) {
        if (value.empty()) {
            throw Error(Errc::Usage, std::string("the signature service configuration lacks ") + name, Where{file},
                        std::string("inställningarna för underskriftstjänsten saknar ") + name);
        }
    };
    need(c.service_url, "service-url");
    need(c.service_entity_id, "service-entity-id");
    if (c.service_certs_der.empty()) need({}, "service-certificate");
    need(c.requester_entity_id, "requester-entity-id");
    need(c.requester_key_file, "requester-key");
    need(c.requester_cert_pem, "requester-certificate");
    return c;
}

std::string requester_password(const ServiceConfig& config) {
    if (!config.requester_password_file.empty()) {
        std::ifstream in(config.requester_password_file);
        if (!in) {
            throw Error(Errc::InputUnreadable, "cannot read the requesting service's password file", Where{config.requester_password_file},
                        "kan inte läsa den begärande tjänstens lösenordsfil");
        }
        std::string line;
        std::getline(in, line);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }
    if (const char* env = std::getenv("JUSTERA_PASSWORD")) return env;
    return {};
}

std::string paragraphs_signed(const model::Protocol& p) {
    if (!p.paragraph_range_written.empty() || p.paragraphs.empty()) return p.paragraph_range_written;
    const int a = p.paragraphs.front().number, b = p.paragraphs.back().number;
    return a == b ? "§ " + std::to_string(a) : "§§ " + std::to_string(a) + "–" + std::to_string(b);
}

std::string sign_message(const model::Protocol& p, std::string_view role, std::string_view pdf_sha256) {
    const std::string paragraphs = paragraphs_signed(p);
    std::string organ = p.organ.empty() ? "organets" : p.organ + "s";
    if (!p.organ.empty() && (p.organ.back() == 's' || p.organ.back() == 'x' || p.organ.back() == 'z')) organ = p.organ;
    std::string m = "Jag skriver under som " + std::string(role) + " " + organ + " protokoll";
    if (p.meeting_date) m += " från sammanträdet " + model::format_date(*p.meeting_date);
    if (p.number) m += " (protokoll " + std::to_string(p.number->number) + "/" + std::to_string(p.number->year) + ")";
    if (!paragraphs.empty()) m += ", " + paragraphs;
    m += ".";
    if (!p.municipality.empty()) m += "\n" + p.municipality + ".";
    m += "\nDokumentets kontrollsumma (SHA-256): " + std::string(pdf_sha256) + ".";
    return m;
}

std::string post_binding_form(const std::string& action, const std::string& relay_state, const std::string& xml, bool response,
                              const std::string& script_src) {
    const char* field = response ? "EidSignResponse" : "EidSignRequest";
    std::string h =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"sv\">\n<head><meta charset=\"utf-8\"/>"
        "<title>Till underskriftstjänsten</title></head>\n"
        "<body>\n<form id=\"eid-sign\" method=\"post\" action=\"" +
        core::markup_escape(action) +
        "\">\n"
        "<input type=\"hidden\" name=\"Binding\" value=\"POST/XML/1.0\"/>\n"
        "<input type=\"hidden\" name=\"RelayState\" value=\"" +
        core::markup_escape(relay_state) + "\"/>\n<input type=\"hidden\" name=\"" + field + "\" value=\"" + core::base64_encode(xml) +
        "\"/>\n<p>Du skickas vidare till underskriftstjänsten. / You are sent on to the signature service.</p>\n"
        "<button type=\"submit\">Fortsätt / Continue</button>\n</form>\n" +
        (script_src.empty() ? std::string("<script>document.getElementById('eid-sign').submit();</script>")
                            : "<script src=\"" + core::markup_escape(script_src) + "\"></script>") +
        "\n</body>\n</html>\n";
    return h;
}

StateRequest state_request(std::string_view state, const std::string& state_file) {
    const Json j = state_json(state, state_file);
    StateRequest r;
    if (!j.contains("service_request") || !j["service_request"].is_object()) return r;
    const Json& s = j["service_request"];
    if (!s.contains("request_id") || !s["request_id"].is_string() || !s.contains("personnummer") || !s["personnummer"].is_string() ||
        !s.contains("time") || !s["time"].is_number_integer()) {
        throw Error(Errc::SignStateInvalid, "the state's service request is damaged", Where{state_file},
                    "tillståndsfilens begäran till underskriftstjänsten är skadad");
    }
    r.request_id = s["request_id"].get<std::string>();
    r.personnummer = s["personnummer"].get<std::string>();
    r.time = s["time"].get<std::int64_t>();
    r.identity_provider = s.value("identity_provider", std::string());
    r.authn_context = s.value("authn_context", std::string());
    return r;
}

ServiceRequest request_service_signature(const ServiceRequestInput& in) {
    if (!twelve_digits(in.personnummer)) {
        throw Error(Errc::Usage, "a personnummer is written with 12 digits (ÅÅÅÅMMDDNNNN), as the e-ID states it, not '" + in.personnummer + "'", {},
                    "ett personnummer skrivs med 12 siffror (ÅÅÅÅMMDDNNNN), så som e-legitimationen anger det, inte '" + in.personnummer + "'");
    }
    const ServiceConfig& c = *in.config;
    Json state = state_json(in.state, in.state_file);
    if (!state.contains("completed") || !state["completed"].is_null()) {
        throw Error(Errc::SignStateUsed, "this signature was completed already; prepare a new one", Where{in.state_file},
                    "den här underskriften är redan slutförd; förbered en ny");
    }
    if (!state.contains("to_be_signed") || !state["to_be_signed"].is_string() || !state.contains("role") || !state["role"].is_string() ||
        !state.contains("field") || !state["field"].is_string()) {
        throw Error(Errc::SignStateInvalid, "not a prepared-signature state", Where{in.state_file}, "ingen tillståndsfil för en förberedd underskrift");
    }
    const std::string tbs_hex = state["to_be_signed"].get<std::string>();
    std::string tbs;
    const auto nibble = [](char x) { return x >= '0' && x <= '9' ? x - '0' : x >= 'a' && x <= 'f' ? x - 'a' + 10 : -1; };
    for (std::size_t i = 0; i < tbs_hex.size(); i += 2) {
        const int hi = nibble(tbs_hex[i]), lo = i + 1 < tbs_hex.size() ? nibble(tbs_hex[i + 1]) : -1;
        if (hi < 0 || lo < 0) {
            throw Error(Errc::SignStateInvalid, "the state's bytes to be signed are not hex", Where{in.state_file},
                        "tillståndsfilens byte som ska skrivas under är inte hexadecimala");
        }
        tbs.push_back(static_cast<char>(hi * 16 + lo));
    }
    if (tbs.empty()) {
        throw Error(Errc::SignStateInvalid, "the state holds no bytes to be signed", Where{in.state_file},
                    "tillståndsfilen innehåller inga byte att skriva under");
    }

    signservice::RequestInput r;
    r.request_id = "_" + core::random_hex(20);
    r.now = in.now;
    r.valid_for = c.max_age;
    r.audience = in.audience.empty() ? c.response_url : in.audience;
    if (r.audience.empty()) {
        throw Error(Errc::Usage, "no address for the response: give response-url in " + c.file + " or --return-url", {},
                    "ingen adress för svaret: ange response-url i " + c.file + " eller --return-url");
    }
    r.requester = c.requester_entity_id;
    r.service = c.service_entity_id;
    r.identity_provider = in.identity_provider.empty() ? c.identity_provider : in.identity_provider;
    if (r.identity_provider.empty()) {
        throw Error(Errc::Usage, "no identity provider: give identity-provider in " + c.file + " or --idp", {},
                    "ingen identitetsleverantör: ange identity-provider i " + c.file + " eller --idp");
    }
    r.authn_context = c.authn_context;
    r.personnummer = in.personnummer;
    r.sign_message = sign_message(*in.protocol, state["role"].get<std::string>(), in.pdf_sha256);
    r.task_id = state["field"].get<std::string>();
    r.to_be_signed = tbs;
    r.key_pem = read_text(c.requester_key_file, c.file, 0);
    r.key_password = in.key_password;
    r.cert_pem = c.requester_cert_pem;
    r.signature_algorithm = c.signature_algorithm;
    const signservice::Request made = signservice::make_request(r);

    state["service_request"] = Json{{"request_id", r.request_id}, {"task_id", r.task_id},     {"personnummer", r.personnummer},
                                    {"time", r.now},             {"audience", r.audience},    {"service", r.service},
                                    {"identity_provider", r.identity_provider}, {"authn_context", r.authn_context}};
    ServiceRequest out;
    out.state = state.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
    out.xml = made.xml;
    out.request_id = r.request_id;
    out.form_html = post_binding_form(c.service_url, r.request_id, made.xml, false);
    return out;
}

namespace {

/// read_service_answer, with the reason of an unsuccessful answer in Swedish
/// too (`reason_sv`, beside ServiceAnswer::reason).
ServiceAnswer read_answer(std::string_view state_text, const std::string& state_file, std::string_view response, const ServiceConfig& config,
                          std::int64_t now, std::string& reason_sv) {
    const StateRequest asked = state_request(state_text, state_file);
    if (asked.request_id.empty()) {
        throw Error(Errc::SignStateInvalid, "no sign request was made from this state ('justera sign request' makes one)", Where{state_file},
                    "ingen underskriftsbegäran har gjorts från den här tillståndsfilen ('justera sign request' gör en)");
    }
    const Json state = state_json(state_text, state_file);
    if (!state.contains("completed") || !state["completed"].is_null()) {
        throw Error(Errc::SignStateUsed, "this signature was completed already", Where{state_file}, "den här underskriften är redan slutförd");
    }
    if (!state.contains("field") || !state["field"].is_string()) {
        throw Error(Errc::SignStateInvalid, "not a prepared-signature state", Where{state_file}, "ingen tillståndsfil för en förberedd underskrift");
    }

    signservice::Expectation e;
    e.request_id = asked.request_id;
    e.task_id = state["field"].get<std::string>();
    e.service_certs_der = config.service_certs_der;
    e.now = now;
    // A response is never older than the request it answers (with a minute's skew).
    e.max_age = std::min<std::int64_t>(config.max_age, now - asked.time + 60);
    if (now - asked.time > 2 * config.max_age) {
        throw Error(Errc::SignServiceResponseInvalid,
                    "the sign request was made " + std::to_string(now - asked.time) + " seconds ago; a response is taken for " +
                        std::to_string(2 * config.max_age) + " seconds (max-age twice): ask again; nothing was signed",
                    Where{state_file},
                    "underskriftsbegäran gjordes för " + std::to_string(now - asked.time) + " sekunder sedan; ett svar tas emot i " +
                        std::to_string(2 * config.max_age) + " sekunder (två gånger max-age): begär på nytt; inget skrevs under");
    }
    const signservice::Response r = signservice::read_response(response, e);
    ServiceAnswer a;
    a.status = r.status;
    if (!r.success) {
        // The statuses of the Sweden Connect signature service specification.
        static const struct {
            const char* status;
            const char* en;
            const char* sv;
        } k_reasons[] = {
            {"user-cancel", "the signer cancelled the signing", "undertecknaren avbröt underskriften"},
            {"authn-failed", "the signer's authentication failed", "undertecknarens legitimering misslyckades"},
            {"req-expired", "the sign request had expired when it reached the service", "underskriftsbegäran hade gått ut när den nådde underskriftstjänsten"},
            {"user-mismatch", "the person who authenticated is not the one the request named", "den som legitimerade sig är inte den som underskriftsbegäran angav"},
            {"unsupported-loa", "the signer's e-ID does not reach the level of assurance asked for",
             "undertecknarens e-legitimation når inte upp till den tillitsnivå som begärdes"},
            {"sigmessage-error", "the service could not show the signer the message", "underskriftstjänsten kunde inte visa meddelandet för undertecknaren"},
            {"security-violation", "the service saw a security violation", "underskriftstjänsten upptäckte ett säkerhetsbrott"},
        };
        const std::string& code = r.minor.empty() ? r.major : r.minor;
        a.reason = "the service answered " + code;
        reason_sv = "underskriftstjänsten svarade " + code;
        for (const auto& known : k_reasons) {
            if (r.status == known.status) {
                a.reason = known.en;
                reason_sv = known.sv;
            }
        }
        if (!r.message.empty()) a.reason += " (\"" + r.message + "\")";
        if (!r.message.empty()) reason_sv += " (\"" + r.message + "\")";
        return a;
    }
    std::string asserted;
    int asserted_count = 0;
    for (const auto& [name, value] : r.attributes) {
        if (name == signservice::k_attr_personnummer) {
            asserted = value;
            ++asserted_count;
        }
    }
    if (asserted_count > 1) {
        throw Error(Errc::SignServiceResponseInvalid, "the signature service's response asserts more than one personnummer; nothing was signed", {},
                    "underskriftstjänstens svar anger mer än ett personnummer; inget skrevs under");
    }
    // The person was authenticated where and as strongly as asked.
    if (r.identity_provider != asked.identity_provider) {
        throw Error(Errc::SignServiceSignerMismatch, "the signer was authenticated by " + (r.identity_provider.empty() ? std::string("an unnamed identity provider") : r.identity_provider) +
                                                         ", not by " + asked.identity_provider + " as asked; nothing was signed",
                    {},
                    "undertecknaren legitimerades av " +
                        (r.identity_provider.empty() ? std::string("en namnlös identitetsleverantör") : r.identity_provider) + ", inte av " +
                        asked.identity_provider + " som begärt; inget skrevs under");
    }
    if (!asked.authn_context.empty() && r.authn_context != asked.authn_context) {
        throw Error(Errc::SignServiceSignerMismatch, "the signer was authenticated at the level " + (r.authn_context.empty() ? std::string("(none named)") : r.authn_context) +
                                                         ", not " + asked.authn_context + " as asked; nothing was signed",
                    {},
                    "undertecknaren legitimerades på nivån " + (r.authn_context.empty() ? std::string("(ingen angiven)") : r.authn_context) +
                        ", inte " + asked.authn_context + " som begärt; inget skrevs under");
    }
    if (asserted != asked.personnummer) {
        throw Error(Errc::SignServiceSignerMismatch, "the service authenticated " +
                                                         (asserted.empty() ? std::string("a person without a personnummer") : "personnummer " + asserted) +
                                                         ", not " + asked.personnummer + " whom the request named; nothing was signed",
                    {},
                    "underskriftstjänsten legitimerade " +
                        (asserted.empty() ? std::string("en person utan personnummer") : "personnummer " + asserted) + ", inte " +
                        asked.personnummer + " som begäran angav; inget skrevs under");
    }
    const unsigned char* der = reinterpret_cast<const unsigned char*>(r.chain_der.front().data());
    std::unique_ptr<X509, void (*)(X509*)> cert(d2i_X509(nullptr, &der, static_cast<long>(r.chain_der.front().size())), X509_free);
    if (!cert) {
        throw Error(Errc::SignServiceResponseInvalid, "the signature service's signing certificate is not a certificate; nothing was signed", {},
                    "underskriftstjänstens underskriftscertifikat är inget certifikat; inget skrevs under");
    }
    const auto names = pki::names_of(cert.get());
    if (names.serial_number != asked.personnummer) {
        throw Error(Errc::SignServiceSignerMismatch, "the signing certificate's serialNumber (" + names.serial_number +
                                                         ") is not the personnummer asked for; nothing was signed",
                    {},
                    "underskriftscertifikatets serialNumber (" + names.serial_number + ") är inte det personnummer som begärdes; inget skrevs under");
    }
    a.signature = r.signature;
    a.cert_der = r.chain_der.front();
    a.chain_der.assign(r.chain_der.begin() + 1, r.chain_der.end());
    a.signed_attributes = r.to_be_signed;
    return a;
}

}  // namespace

ServiceAnswer read_service_answer(std::string_view state_text, const std::string& state_file, std::string_view response, const ServiceConfig& config,
                                  std::int64_t now) {
    std::string reason_sv;
    return read_answer(state_text, state_file, response, config, now, reason_sv);
}

CompleteResult complete_from_service(CompleteRequest base, std::string_view response, const ServiceConfig& config, std::int64_t now, const Log& log) {
    std::string reason_sv;
    const ServiceAnswer a = read_answer(base.state, base.state_file, response, config, now, reason_sv);
    if (a.status != "success") {
        throw Error(Errc::SignServiceUnsuccessful, a.reason + " [" + a.status + "]; nothing was signed", {},
                    reason_sv + " [" + a.status + "]; inget skrevs under");
    }
    base.signature = a.signature;
    base.cert_der = a.cert_der;
    base.chain_der = a.chain_der;
    base.signed_attributes = a.signed_attributes;
    return complete_signature(base, log);
}

}  // namespace justera::signing
