// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/signing/workflow.hpp"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include <algorithm>
#include <ctime>
#include <memory>

#include "justera/core/error.hpp"
#include "justera/pdf/render.hpp"
#include "justera/pdf/signature.hpp"
#include "justera/pdf/signatures.hpp"
#include "justera/pki/cms.hpp"
#include "justera/pki/revocation.hpp"
#include "justera/pki/x509.hpp"
#include "justera/rules/calendar.hpp"

namespace justera::signing {

using core::Errc;
using core::Error;

void require_intact(const std::vector<pdf::ExistingSignature>& signatures, const std::string& file) {
    for (const auto& s : signatures) {
        const bool ok = s.byte_range_ok && (s.type == "DocTimeStamp" ? pki::timestamp_matches(s.contents, s.covered)
                                                                     : pki::cms_matches(s.contents, s.covered));
        if (!ok) {
            throw Error(Errc::SignExistingInvalid,
                        std::string(s.type == "DocTimeStamp" ? "the document timestamp" : "the signature") + " in field '" + s.field +
                            "' does not verify: the document was changed after it was signed; nothing was written",
                        core::Where{file},
                        std::string(s.type == "DocTimeStamp" ? "dokumenttidsstämpeln" : "underskriften") + " i fältet '" + s.field +
                            "' håller inte: dokumentet har ändrats efter att det skrevs under; inget skrevs");
        }
    }
}

void require_field_role(const model::Protocol& protocol, const std::string& field, sign::Role role) {
    const auto fields = pdf::protocol_fields(protocol);
    const pdf::ProtocolField* f = pdf::protocol_field(fields, field);
    if (!f) return;
    const bool fits = f->role == "sekreterare"  ? role == sign::Role::Secretary
                      : f->role == "ordförande" ? role == sign::Role::Chair
                                                : role == sign::Role::Adjuster || role == sign::Role::Chair;
    if (!fits) {
        throw Error(Errc::SignFieldRole, "field " + field + " is the " + f->role + "'s (" + f->person + "), not for a signer who signs as " +
                                             claimed_role_of(role) + "; nothing was written",
                    {},
                    "fältet " + field + " hör till rollen " + f->role + " (" + f->person + "), inte till en undertecknare som skriver under som " +
                        claimed_role_of(role) + "; inget skrevs");
    }
}

namespace {

/// The signer's certificate of a CMS signature (DER), or "" when it has none.
std::string signer_certificate(std::string_view contents) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(contents.data());
    std::unique_ptr<CMS_ContentInfo, void (*)(CMS_ContentInfo*)> cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(contents.size())),
                                                                     CMS_ContentInfo_free);
    if (!cms) return {};
    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
    STACK_OF(X509)* certs = CMS_get1_certs(cms.get());
    std::string out;
    if (infos && sk_CMS_SignerInfo_num(infos) > 0 && certs) {
        CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
        for (int i = 0; i < sk_X509_num(certs); ++i) {
            X509* c = sk_X509_value(certs, i);
            if (CMS_SignerInfo_cert_cmp(si, c) == 0) {
                out = pki::certificate_der(c);
                break;
            }
        }
    }
    sk_X509_pop_free(certs, X509_free);
    ERR_clear_error();
    return out;
}

X509* x509_of(const std::string& der) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
    return d2i_X509(nullptr, &p, static_cast<long>(der.size()));
}

}  // namespace

void require_new_signer(const std::vector<pdf::ExistingSignature>& signatures, const std::string& cert_der, const std::string& field,
                        const std::string& file) {
    std::unique_ptr<X509, void (*)(X509*)> mine(x509_of(cert_der), X509_free);
    if (!mine) return;
    const auto me = pki::names_of(mine.get());
    for (const auto& s : signatures) {
        if (s.type != "Sig" || s.field == field) continue;
        const std::string theirs_der = signer_certificate(s.contents);
        if (theirs_der.empty()) continue;
        std::unique_ptr<X509, void (*)(X509*)> theirs(x509_of(theirs_der), X509_free);
        if (!theirs) continue;
        const auto them = pki::names_of(theirs.get());
        const bool same_person = !me.serial_number.empty() && me.serial_number == them.serial_number &&
                                 X509_NAME_cmp(X509_get_issuer_name(mine.get()), X509_get_issuer_name(theirs.get())) == 0;
        if (theirs_der == cert_der || same_person) {
            throw Error(Errc::SignSignerTwice,
                        "this signer (" + me.common_name + ") has signed field " + s.field + " already: one person signs one field; nothing was written",
                        core::Where{file},
                        "den här undertecknaren (" + me.common_name + ") har redan skrivit under fältet " + s.field +
                            ": en person skriver under ett fält; inget skrevs");
        }
    }
}

std::string add_validation_data(const std::string& pdf, const std::string& file, const std::vector<std::string>& signatures,
                                const ValidationDataOptions& o, bool refuse_revoked, const Log& log) {
    pki::RevocationSources src;
    src.crl_files = o.crl_files;
    src.ocsp_files = o.ocsp_files;
    src.ca_files = o.ca_files;
    src.fetch = o.fetch;
    src.refuse_revoked = refuse_revoked;
    if (o.swedish) src.swedish_clock = [](std::time_t t) { return rules::stockholm_clock(t, false, true); };
    const auto data = pki::collect_validation_data(signatures, src, log);
    if (log) {
        const auto count = [](std::size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); };
        if (o.swedish) {
            log("valideringsdata: " + count(data.certs.size(), "certifikat", "certifikat") + ", " + count(data.ocsps.size(), "OCSP-svar", "OCSP-svar") +
                ", " + count(data.crls.size(), "spärrlista", "spärrlistor"));
        } else {
            log("validation data: " + count(data.certs.size(), "certificate", "certificates") + ", " +
                count(data.ocsps.size(), "OCSP response", "OCSP responses") + ", " + count(data.crls.size(), "CRL", "CRLs"));
        }
    }
    return pdf::add_dss(pdf, file, data.certs, data.ocsps, data.crls);
}

bool has_chair_line(const std::vector<std::pair<std::string, bool>>& present) {
    const std::string chair = pdf::signature_field_name("ordforande", 1);
    return std::any_of(present.begin(), present.end(), [&](const auto& f) { return f.first == chair; });
}

std::string field_as_the_pdf_names_it(std::string field, const std::vector<std::pair<std::string, bool>>& present) {
    const auto has = [&](const std::string& n) { return std::any_of(present.begin(), present.end(), [&](const auto& f) { return f.first == n; }); };
    if (!has(field) && field.rfind("justera_", 0) == 0) {
        std::string legacy = "justera.sig." + field.substr(8);
        legacy[legacy.rfind('_')] = '.';
        if (has(legacy)) return legacy;
    }
    return field;
}

void require_last_signer(sign::Role role, const std::string& field, const std::vector<std::pair<std::string, bool>>& present,
                         const std::string& file) {
    // Only the last signer may lock: every other field must be signed.
    if (role != sign::Role::Secretary) {
        throw Error(Errc::SignNotLast, "--certify is for the sekreterare, who signs last; nothing was written", {},
                    "--certify är till för sekreteraren, som skriver under sist; inget skrevs");
    }
    for (const auto& [name, signed_already] : present) {
        if (name != field && !signed_already) {
            throw Error(Errc::SignNotLast,
                        "--certify locks the document, but field '" + name + "' is not signed yet: the justerare sign first; nothing was written",
                        core::Where{file},
                        "--certify låser dokumentet, men fältet '" + name + "' är inte underskrivet än: justerarna skriver under först; inget skrevs");
        }
    }
}

std::string claimed_role_of(sign::Role role) {
    return role == sign::Role::Secretary ? "sekreterare" : role == sign::Role::Chair ? "ordförande" : "justerare";
}

std::vector<std::string> appearance_of(const std::string& name, const std::string& claimed, bool timestamped, std::int64_t epoch) {
    // The time as the reader of a printed copy in Sweden reads it, with its
    // offset so that it is never ambiguous: "2024-03-22 10:15 (UTC+1)".
    return {"Signerad digitalt", name, claimed + (timestamped ? ", tidsstämplad" : ""),
            rules::stockholm_clock(static_cast<std::time_t>(epoch), false, true)};
}

SignResult sign_protocol(const SignRequest& r, const Log& log) {
    // Never sign on top of a change: every earlier signature must still hold.
    const auto existing = pdf::existing_signatures(r.pdf, r.file, r.limits);
    require_intact(existing, r.file);
    const auto creds = sign::load_credentials(r.key);
    const auto who = creds->identity();
    // A certificate outside its validity period makes a signature nobody accepts.
    pki::check_validity_period(creds->certificate_der(), std::time(nullptr));
    // ... and at the time the signature will claim (SOURCE_DATE_EPOCH, when
    // set): verify does not take a claim from outside the validity.
    pki::check_validity_period(creds->certificate_der(), static_cast<std::time_t>(r.epoch));
    const auto role = sign::role_from(r.role);
    if (!role) {
        throw Error(Errc::Usage, "no such role: " + r.role + " (justerare, sekreterare or ordförande)", {},
                    "ingen sådan roll: " + r.role + " (justerare, sekreterare eller ordförande)");
    }
    // The PDF's fields, read (by PoDoFo, the whole file) once and only when needed.
    std::vector<std::pair<std::string, bool>> present;
    if (r.field.empty() || r.certify) present = pdf::signature_fields(r.pdf, r.file);
    std::string field = r.field;
    if (field.empty()) field = field_as_the_pdf_names_it(sign::choose_field(*r.protocol, *role, who, has_chair_line(present)), present);
    else require_field_role(*r.protocol, field, *role);  // --field overrides the names, never the role
    require_new_signer(existing, creds->certificate_der(), field, r.file);
    if (r.certify) require_last_signer(*role, field, present, r.file);
    const std::string claimed = claimed_role_of(*role);
    // The placeholder is sized from a real signature of the same key, chain
    // and (when asked for) timestamp: no blind guesses that overflow.
    const std::size_t size = sign::cms_sign(*creds, "", claimed, r.tsa, r.digest).size() + 1024;
    pdf::SignSpec spec;
    spec.field = field;
    spec.epoch = r.epoch;
    spec.contents_bytes = size;
    spec.reason = r.reason;
    spec.location = r.location;
    // What a printed copy shows in the field.
    spec.appearance = appearance_of(who.given_names + " " + who.surname, claimed, !r.tsa.empty(), r.epoch);
    spec.lock_permissions = r.certify ? 2 : 0;
    SignResult out;
    out.pdf = pdf::sign_field(r.pdf, spec, [&](std::string_view covered) { return sign::cms_sign(*creds, covered, claimed, r.tsa, r.digest); });
    if (r.validation.ltv) {
        // PAdES B-LT: the new signature's validation data, in a second
        // update. A revoked certificate stops here, before anything is written.
        std::vector<std::string> cms;
        for (const auto& sig : pdf::existing_signatures(out.pdf, r.output, r.limits)) {
            if (sig.field == field) cms.push_back(sig.contents);
        }
        out.pdf = add_validation_data(out.pdf, r.output, cms, r.validation, true, log);
    }
    out.field = field;
    out.signer = who.given_names + " " + who.surname;
    out.claimed_role = claimed;
    return out;
}

TimestampResult timestamp_document(const TimestampRequest& r, const Log& log) {
    if (!pdf::looks_like_pdf(r.pdf)) throw Error(Errc::PdfMalformed, "not a PDF (no %PDF- header)", core::Where{r.file}, "ingen PDF-fil (huvudet %PDF- saknas)");
    const auto sigs = pdf::existing_signatures(r.pdf, r.file, r.limits);
    require_intact(sigs, r.file);
    std::string pdf(r.pdf);
    // A first token from the authority sizes the placeholder and shows
    // whose certificate the new timestamp will carry.
    const std::string probe = sign::request_timestamp(r.tsa, "");
    if (r.validation.ltv) {
        std::vector<std::string> all;
        for (const auto& s : sigs) all.push_back(s.contents);
        // The authority's own chain too, so that the newest timestamp can
        // be checked from the file alone.
        all.push_back(probe);
        // Earlier signers' certificates may have been revoked since they
        // signed: keep that answer as evidence, warn, and go on.
        pdf = add_validation_data(pdf, r.output, all, r.validation, false, log);
    }
    std::string field = r.field;
    if (field.empty()) {
        std::size_t n = 1;
        for (const auto& s : sigs) n += s.type == "DocTimeStamp" ? 1 : 0;
        field = "justera_ts_" + std::to_string(n);
    }
    for (const auto& [name, signed_already] : pdf::signature_fields(pdf, r.file)) {
        if (name == field) throw Error(Errc::SignFieldSigned, "the field '" + field + "' exists already; nothing was written", {}, "fältet '" + field + "' finns redan; inget skrevs");
    }
    pdf::SignSpec spec;
    spec.field = field;
    spec.create_field = true;
    spec.type = "DocTimeStamp";
    spec.sub_filter = "ETSI.RFC3161";
    // Sized from a real token of this authority (chain included).
    spec.contents_bytes = probe.size() + 1024;
    TimestampResult out;
    out.pdf = pdf::sign_field(pdf, spec, [&](std::string_view covered) { return sign::request_timestamp(r.tsa, covered); });
    out.field = field;
    return out;
}

}  // namespace justera::signing
