// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/signing/deferred.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/model/names.hpp"
#include "justera/pdf/render.hpp"
#include "justera/pdf/signature.hpp"
#include "justera/pdf/signatures.hpp"
#include "justera/pki/cms.hpp"
#include "justera/pki/revocation.hpp"
#include "justera/sign/sign.hpp"

namespace justera::signing {

using core::Errc;
using core::Error;
using Json = nlohmann::ordered_json;

namespace {

constexpr std::string_view k_format = "justera-sign-state/1";
/// ESS signing-certificate-v2 and its SHA-1 predecessor: what a signature
/// service may add to the attributes it was given.
constexpr std::string_view k_signing_cert_v2 = "1.2.840.113549.1.9.16.2.47";
constexpr std::string_view k_signing_cert_v1 = "1.2.840.113549.1.9.16.2.12";
/// CMSAlgorithmProtection (RFC 6211), which the Sweden Connect reference
/// service adds to the PDF signed attributes it is given.
constexpr std::string_view k_algorithm_protection = "1.2.840.113549.1.9.52";

std::string hex(std::string_view bytes) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        out.push_back(k_digits[b >> 4]);
        out.push_back(k_digits[b & 0xF]);
    }
    return out;
}

std::optional<std::string> unhex(std::string_view s) {
    if (s.size() % 2 != 0) return std::nullopt;
    const auto value = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out(s.size() / 2, '\0');
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int hi = value(s[2 * i]);
        const int lo = value(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out[i] = static_cast<char>(hi * 16 + lo);
    }
    return out;
}

/// Where /Contents is in the update: "<", hex zeros, ">".
struct Hole {
    std::size_t start = 0;  ///< the '<'
    std::size_t end = 0;    ///< one past the '>'
};

/// The protocol's name for a field: "justera_justerare_2" is the second justerare.
std::string name_in_protocol(const model::Protocol& p, const std::string& field) {
    const auto fields = pdf::protocol_fields(p);
    const auto* f = pdf::protocol_field(fields, field);
    return f ? f->person : std::string();
}

/// What the preparation writes into the PDF, from the facts the state keeps:
/// the same bytes every time (the update is written again at the completion
/// and must give the digest the signer signed).
struct UpdateSpec {
    std::string field;
    std::int64_t epoch = 0;
    std::size_t reserve = 0;
    std::string reason;
    std::string location;
    std::string shown_name;   ///< the name the appearance shows
    std::string claimed;
    bool certify = false;
};

struct Update {
    std::string prepared;  ///< the PDF with the update
    Hole hole;
    std::string covered;
};

Update write_update(std::string_view pdf, const UpdateSpec& u) {
    pdf::SignSpec spec;
    spec.field = u.field;
    spec.epoch = u.epoch;
    spec.contents_bytes = u.reserve;
    spec.reason = u.reason;
    spec.location = u.location;
    spec.appearance = appearance_of(u.shown_name, u.claimed, false, u.epoch);
    spec.lock_permissions = u.certify ? 2 : 0;
    Update out;
    out.prepared = pdf::sign_field(pdf, spec, [&](std::string_view covered) {
        out.covered = std::string(covered);
        return std::string();
    });
    // The hole is what the ByteRange leaves out: where the covered bytes and
    // the file part, as long as the file is longer.
    const bool grew = out.prepared.size() > pdf.size() && out.prepared.compare(0, pdf.size(), pdf) == 0 &&
                      out.covered.size() < out.prepared.size();
    if (grew) {
        const auto parted = std::mismatch(out.covered.begin(), out.covered.end(), out.prepared.begin());
        out.hole.start = static_cast<std::size_t>(parted.second - out.prepared.begin());
        out.hole.end = out.hole.start + (out.prepared.size() - out.covered.size());
    }
    if (!grew || out.hole.start < pdf.size() || out.prepared[out.hole.start] != '<' || out.prepared[out.hole.end - 1] != '>') {
        throw Error(Errc::Internal, "the prepared signature is not an incremental update of the PDF with one empty /Contents");
    }
    return out;
}

[[noreturn]] void bad_state(const std::string& file, const std::string& why, const std::string& why_sv) {
    throw Error(Errc::SignStateInvalid, "not a usable prepared signature (" + why + "); nothing was written", core::Where{file},
                "ingen användbar förberedd underskrift (" + why_sv + "); inget skrevs");
}

Json parse_state(std::string_view state, const std::string& file) {
    Json j = Json::parse(state.begin(), state.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) bad_state(file, "not JSON", "inte JSON");
    if (!j.contains("format") || j["format"] != k_format) bad_state(file, "not a " + std::string(k_format) + " state", "ingen tillståndsfil av formatet " + std::string(k_format));
    const auto need = [&](const char* key, bool ok) {
        if (!j.contains(key) || !ok) bad_state(file, std::string("'") + key + "' missing or of the wrong type", std::string("'") + key + "' saknas eller har fel typ");
    };
    for (const char* key : {"field", "role", "signer", "reason", "location", "digest", "to_be_signed", "message_digest"}) {
        need(key, j.contains(key) && j[key].is_string());
    }
    need("input", j.contains("input") && j["input"].is_object() && j["input"].contains("path") && j["input"]["path"].is_string() &&
                      j["input"].contains("sha256") && j["input"]["sha256"].is_string());
    need("epoch", j.contains("epoch") && j["epoch"].is_number_integer());
    need("reserve", j.contains("reserve") && j["reserve"].is_number_unsigned() && j["reserve"].get<std::uint64_t>() >= 4096 &&
                        j["reserve"].get<std::uint64_t>() <= (1U << 20));
    need("certify", j.contains("certify") && j["certify"].is_boolean());
    need("certificate", j.contains("certificate") && (j["certificate"].is_null() || j["certificate"].is_string()));
    need("chain", j.contains("chain") && j["chain"].is_array());
    need("completed", j.contains("completed") && (j["completed"].is_null() || j["completed"].is_object()));
    return j;
}

std::string hex_field(const Json& j, const char* key, const std::string& file) {
    if (!j.contains(key) || !j[key].is_string()) bad_state(file, std::string("'") + key + "' is not a string", std::string("'") + key + "' är ingen sträng");
    auto bytes = unhex(j[key].get<std::string>());
    if (!bytes) bad_state(file, std::string("'") + key + "' is not hex", std::string("'") + key + "' är inte hexadecimalt");
    return *bytes;
}

}  // namespace

PrepareResult prepare_signature(const PrepareRequest& r) {
    const auto existing = pdf::existing_signatures(r.pdf, r.file, r.limits);
    require_intact(existing, r.file);
    const auto role = sign::role_from(r.role);
    if (!role) {
        throw Error(Errc::Usage, "no such role: " + r.role + " (justerare, sekreterare or ordförande)", {},
                    "ingen sådan roll: " + r.role + " (justerare, sekreterare eller ordförande)");
    }
    if (!r.field.empty()) require_field_role(*r.protocol, r.field, *role);
    if (r.cert_der.empty() && r.field.empty()) {
        throw Error(Errc::Usage, "whose signature is it? Give the signer's certificate (--cert) or the field (--field)", {},
                    "vems underskrift är det? Ange undertecknarens certifikat (--cert) eller fältet (--field)");
    }
    std::vector<std::pair<std::string, bool>> present = pdf::signature_fields(r.pdf, r.file);
    std::string field = r.field;
    std::string signer;
    if (!r.cert_der.empty()) {
        pki::check_validity_period(r.cert_der, std::time(nullptr));
        pki::check_validity_period(r.cert_der, static_cast<std::time_t>(r.epoch));  // the time the signature will claim
        const auto who = sign::identity_of_certificate(r.cert_der);
        signer = who.given_names + " " + who.surname;
        if (field.empty()) field = field_as_the_pdf_names_it(sign::choose_field(*r.protocol, *role, who, has_chair_line(present)), present);
    }
    const auto it = std::find_if(present.begin(), present.end(), [&](const auto& f) { return f.first == field; });
    if (it == present.end()) {
        throw Error(Errc::SignFieldMissing, "the PDF has no signature field '" + field + "'", core::Where{r.file},
                    "PDF-filen har inget underskriftsfält '" + field + "'");
    }
    if (it->second) {
        throw Error(Errc::SignFieldSigned, "the field '" + field + "' is signed already; nothing was written", core::Where{r.file},
                    "fältet '" + field + "' är redan underskrivet; inget skrevs");
    }
    if (r.certify) require_last_signer(*role, field, present, r.file);
    if (!r.cert_der.empty()) require_new_signer(existing, r.cert_der, field, r.file);
    // The rule of names, as the completion applies it: the field's person in
    // the protocol is the certificate's holder (no override, unlike 'sign --field').
    const std::string protocol_name = name_in_protocol(*r.protocol, field);
    if (!r.cert_der.empty()) {
        const auto who = sign::identity_of_certificate(r.cert_der);
        if (protocol_name.empty() || !model::name_matches(protocol_name, model::PersonName{who.given_names, who.surname})) {
            throw Error(Errc::SignNameMismatch, "the certificate names " + signer + ", but field '" + field + "' is " +
                                                    (protocol_name.empty() ? std::string("nobody's the protocol names") : protocol_name + "'s") +
                                                    "; nothing was written",
                        {},
                        "certifikatet gäller " + signer + ", men fältet '" + field + "' tillhör " +
                            (protocol_name.empty() ? std::string("ingen som protokollet nämner") : protocol_name) + "; inget skrevs");
        }
    } else if (protocol_name.empty()) {
        throw Error(Errc::SignNameMismatch, "field '" + field + "' is nobody's the protocol names: deferred signing needs a named signer",
                    core::Where{r.file},
                    "fältet '" + field + "' tillhör ingen som protokollet nämner: en förberedd underskrift kräver en namngiven undertecknare");
    }
    if (signer.empty()) signer = protocol_name;
    const std::string claimed = claimed_role_of(*role);

    // Room for the CMS: the certificates, the signature value and a
    // timestamp token with its own chain, which the completion may add.
    std::size_t reserve = r.reserve;
    if (reserve == 0) {
        std::size_t known = r.cert_der.empty() ? 6144 : r.cert_der.size();
        for (const auto& c : r.chain_der) known += c.size();
        reserve = std::max<std::size_t>(known + 2048 + 12288, 24576);
    }
    const UpdateSpec spec{field, r.epoch, reserve, r.reason, r.location, signer, claimed, r.certify};
    const Update update = write_update(r.pdf, spec);
    const std::string content_digest = sign::digest(update.covered, r.digest);

    PrepareResult out;
    out.to_be_signed = sign::signed_attributes(content_digest, r.digest, claimed, r.cert_der);
    out.field = field;
    out.signer = signer;
    out.claimed_role = claimed;
    Json chain = Json::array();
    for (const auto& c : r.chain_der) chain.push_back(hex(c));
    Json state{
        {"format", k_format},
        {"input", Json{{"path", r.file}, {"sha256", core::sha256_hex(r.pdf)}, {"size", r.pdf.size()}}},
        {"field", field},
        {"role", claimed},
        {"signer", signer},
        {"epoch", r.epoch},
        {"reserve", reserve},
        {"reason", r.reason},
        {"location", r.location},
        {"certify", r.certify},
        {"digest", r.digest},
        {"certificate", r.cert_der.empty() ? Json(nullptr) : Json(hex(r.cert_der))},
        {"chain", chain},
        {"message_digest", hex(content_digest)},
        {"to_be_signed", hex(out.to_be_signed)},
        {"completed", nullptr},
    };
    out.state = state.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
    return out;
}

std::string state_input(std::string_view state, const std::string& state_file) {
    try {
        return parse_state(state, state_file)["input"]["path"].get<std::string>();
    } catch (const Json::exception& e) {
        bad_state(state_file, e.what(), e.what());
    }
}

namespace {

CompleteResult complete(const CompleteRequest& r, const Log& log) {
    Json state = parse_state(r.state, r.state_file);
    if (!state["completed"].is_null()) {
        const Json& done = state["completed"];
        const std::string output = done.contains("output") && done["output"].is_string() ? done["output"].get<std::string>() : std::string("?");
        throw Error(Errc::SignStateUsed, "this prepared signature was completed already (" + output + "): prepare a new one; nothing was written",
                    core::Where{r.state_file},
                    "den här förberedda underskriften är redan slutförd (" + output + "): förbered en ny; inget skrevs");
    }
    if (state["input"]["sha256"].get<std::string>() != core::sha256_hex(r.pdf)) {
        throw Error(Errc::SignStateStale,
                    "the PDF changed since the signature was prepared (another signature, or an edit): prepare again from the PDF as it is now; "
                    "nothing was written",
                    core::Where{r.pdf_file},
                    "PDF-filen har ändrats sedan underskriften förbereddes (en annan underskrift eller en redigering): förbered på nytt från "
                    "PDF-filen som den ser ut nu; inget skrevs");
    }
    // Never complete on top of a change: every earlier signature must still hold.
    const auto existing = pdf::existing_signatures(r.pdf, r.pdf_file, r.limits);
    require_intact(existing, r.pdf_file);
    const std::string field = state["field"].get<std::string>();
    const std::string claimed = state["role"].get<std::string>();
    const std::string digest = state["digest"].get<std::string>();
    if (digest != "sha256" && digest != "sha384" && digest != "sha512") bad_state(r.state_file, "unknown digest", "okänd hashfunktion");
    const auto role = sign::role_from(claimed);
    if (!role) bad_state(r.state_file, "unknown role", "okänd roll");

    // The update is written again from the facts the state keeps: what the
    // PDF gets is what preparing that field writes, never bytes the state
    // carries, and its digest must be the one the signer signed.
    const UpdateSpec spec{field,
                          state["epoch"].get<std::int64_t>(),
                          static_cast<std::size_t>(state["reserve"].get<std::uint64_t>()),
                          state["reason"].get<std::string>(),
                          state["location"].get<std::string>(),
                          state["signer"].get<std::string>(),
                          claimed,
                          state["certify"].get<bool>()};
    const Update update = write_update(r.pdf, spec);
    const std::string content_digest = sign::digest(update.covered, digest);
    if (content_digest != hex_field(state, "message_digest", r.state_file)) {
        bad_state(r.state_file, "its facts do not give the update it was prepared with",
                  "dess uppgifter ger inte den uppdatering som den förbereddes med");
    }

    // The signer's certificate: from the state, or given now; never two different ones.
    std::string cert = state["certificate"].is_string() ? hex_field(state, "certificate", r.state_file) : std::string();
    if (!r.cert_der.empty() && !cert.empty() && r.cert_der != cert) {
        throw Error(Errc::SignSignatureInvalid, "the certificate given is not the one the signature was prepared for; nothing was written", {},
                    "det angivna certifikatet är inte det som underskriften förbereddes för; inget skrevs");
    }
    if (cert.empty()) cert = r.cert_der;
    if (cert.empty()) {
        throw Error(Errc::Usage, "the signer's certificate is needed (--cert): the prepared state has none", {},
                    "undertecknarens certifikat behövs (--cert): tillståndsfilen innehåller inget");
    }
    require_new_signer(existing, cert, field, r.pdf_file);
    std::vector<std::string> chain;
    for (const auto& c : state["chain"]) {
        auto bytes = c.is_string() ? unhex(c.get<std::string>()) : std::nullopt;
        if (!bytes) bad_state(r.state_file, "a chain certificate is not hex", "ett certifikat i kedjan är inte hexadecimalt");
        chain.push_back(std::move(*bytes));
    }
    for (const auto& c : r.chain_der) {
        if (std::find(chain.begin(), chain.end(), c) == chain.end()) chain.push_back(c);
    }
    pki::check_validity_period(cert, std::time(nullptr));
    const auto who = sign::identity_of_certificate(cert);
    const std::string signer = who.given_names + " " + who.surname;
    // The rule of names, without exception: the certificate's holder is the
    // one the protocol names for this field.
    const std::string protocol_name = name_in_protocol(*r.protocol, field);
    if (protocol_name.empty() || !model::name_matches(protocol_name, model::PersonName{who.given_names, who.surname})) {
        throw Error(Errc::SignNameMismatch,
                    "the certificate names " + signer + ", but field '" + field + "' is " +
                        (protocol_name.empty() ? std::string("nobody's the protocol names") : protocol_name + "'s") + "; nothing was written",
                    {},
                    "certifikatet gäller " + signer + ", men fältet '" + field + "' tillhör " +
                        (protocol_name.empty() ? std::string("ingen som protokollet nämner") : protocol_name) + "; inget skrevs");
    }

    // The attributes signed: the prepared ones, or a service's copy that
    // adds only its signing-certificate attribute.
    const std::string prepared_attrs = hex_field(state, "to_be_signed", r.state_file);
    std::string attrs = prepared_attrs;
    if (!r.signed_attributes.empty() && r.signed_attributes != prepared_attrs) {
        const auto before = sign::attribute_facts(prepared_attrs, cert);
        const auto after = sign::attribute_facts(r.signed_attributes, cert);
        for (const auto& a : before.attributes) {
            if (std::find(after.attributes.begin(), after.attributes.end(), a) == after.attributes.end()) {
                throw Error(Errc::SignAttributesChanged,
                            "the signed attributes returned lack or change attribute " + a.first + " of those prepared; nothing was written", {},
                            "de signerade attribut som kom tillbaka saknar eller ändrar det förberedda attributet " + a.first + "; inget skrevs");
            }
        }
        for (const auto& a : after.attributes) {
            const bool old = std::find(before.attributes.begin(), before.attributes.end(), a) != before.attributes.end();
            if (!old && a.first != k_signing_cert_v2 && a.first != k_signing_cert_v1 && a.first != k_algorithm_protection) {
                throw Error(Errc::SignAttributesChanged,
                            "the signed attributes returned add attribute " + a.first +
                                ", which is neither the signing certificate nor the algorithm protection; nothing was written",
                            {},
                            "de signerade attribut som kom tillbaka lägger till attributet " + a.first +
                                ", som varken är attributet för undertecknarens certifikat eller algoritmskyddet; inget skrevs");
            }
        }
        attrs = r.signed_attributes;
    }
    const auto facts = sign::attribute_facts(attrs, cert);
    if (facts.message_digest != content_digest) {
        throw Error(Errc::SignSignatureInvalid, "the signed attributes are not over this PDF's prepared bytes; nothing was written", {},
                    "de signerade attributen gäller inte den här PDF-filens förberedda byte; inget skrevs");
    }
    if (!facts.signing_certificate_matches) {
        // ETSI EN 319 122-1 5.2.2.3: a baseline signature names its certificate.
        throw Error(Errc::SignSignatureInvalid,
                    "the signed attributes do not name the signer's certificate (ESS signing-certificate-v2), which a PAdES signature "
                    "must: give the certificate at the preparation (--cert), or the attributes the service signed (--signed-attributes); "
                    "nothing was written",
                    {},
                    "de signerade attributen anger inte undertecknarens certifikat (ESS signing-certificate-v2), vilket en PAdES-underskrift "
                    "måste göra: ange certifikatet när underskriften förbereds (--cert) eller de attribut som tjänsten skrev under "
                    "(--signed-attributes); inget skrevs");
    }
    if (!*facts.signing_certificate_matches) {
        throw Error(Errc::SignSignatureInvalid, "the signing-certificate attribute names another certificate; nothing was written", {},
                    "attributet signing-certificate anger ett annat certifikat; inget skrevs");
    }

    sign::CmsParts parts;
    parts.cert_der = cert;
    parts.chain_der = chain;
    parts.digest = digest;
    parts.attributes = attrs;
    parts.signature = r.signature;
    parts.tsa_url = r.tsa;
    const std::string cms = sign::assemble_cms(parts);
    const std::size_t room = (update.hole.end - update.hole.start - 2) / 2;
    if (cms.size() > room) {
        throw Error(Errc::SignStateInvalid,
                    "the signature (" + std::to_string(cms.size()) + " bytes) does not fit the " + std::to_string(room) +
                        " bytes prepared for it: prepare again with --reserve " + std::to_string(cms.size() + 4096) + "; nothing was written",
                    core::Where{r.state_file},
                    "underskriften (" + std::to_string(cms.size()) + " byte) får inte plats i de " + std::to_string(room) +
                        " byte som förberetts för den: förbered på nytt med --reserve " + std::to_string(cms.size() + 4096) + "; inget skrevs");
    }
    std::string signed_pdf = update.prepared;
    const std::string h = hex(cms);
    std::copy(h.begin(), h.end(), signed_pdf.begin() + static_cast<std::ptrdiff_t>(update.hole.start) + 1);
    if (!pki::cms_matches(cms, update.covered)) throw Error(Errc::Internal, "the completed signature does not verify over the PDF");

    CompleteResult out;
    out.pdf = std::move(signed_pdf);
    if (r.validation.ltv) {
        // PAdES B-LT, as signing does: a revoked certificate stops here.
        out.pdf = add_validation_data(out.pdf, r.output, {cms}, r.validation, true, log);
    }
    state["completed"] = Json{{"time", r.now}, {"output", r.output}, {"sha256", core::sha256_hex(out.pdf)}};
    out.state = state.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
    out.field = field;
    out.signer = signer;
    out.claimed_role = claimed;
    return out;
}

}  // namespace

CompleteResult complete_signature(const CompleteRequest& r, const Log& log) {
    try {
        return complete(r, log);
    } catch (const Json::exception& e) {
        bad_state(r.state_file, e.what(), e.what());
    }
}

}  // namespace justera::signing
