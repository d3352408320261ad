// SPDX-License-Identifier: GPL-3.0-or-later
// The signing page's desk (include/justera/serve/signing.hpp) and 'justera
// case': signing cases whose signers sign one after the other through a
// Sweden Connect signature service. The server asks; this file reads the
// PDFs, prepares, requests and completes the signatures.

#include "signing_desk.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <mutex>

#include <openssl/crypto.h>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/pdf/render.hpp"
#include "justera/pdf/signature.hpp"
#include "justera/signing/cases.hpp"
#include "justera/signing/deferred.hpp"
#include "justera/signing/service.hpp"

namespace justera::cli {

namespace {

using core::Errc;

std::int64_t clock_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// scheme://host[:port] of a URL.
std::string origin_of(const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return url;
    const auto path = url.find('/', scheme + 3);
    return path == std::string::npos ? url : url.substr(0, path);
}

bool plain_host(const std::string& url) {
    // The address a response comes back to is put into a signed request and a
    // page: only the characters of a host, a port and a path.
    for (const char c : url) {
        const bool ok = std::isalnum(static_cast<unsigned char>(c)) || std::string_view(":/.-_[]~%").find(c) != std::string_view::npos;
        if (!ok) return false;
    }
    return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

class Desk final : public serve::SigningDesk {
public:
    Desk(signing::ServiceConfig config, const GlobalOptions& g) : m_config(std::move(config)), m_store(m_config.cases_dir), m_g(g) {}

    serve::CaseView view(const std::string& token) override {
        std::lock_guard lock(m_mutex);
        serve::CaseView v;
        try {
            const auto found = m_store.by_token(token);
            if (!found) return v;
            const auto& [c, you] = *found;
            v.found = true;
            v.expires = c.expires;
            v.expired = clock_seconds() > c.expires;
            const std::string pdf = core::read_file(c.pdf_path(), m_g.limits);
            v.pdf_sha256 = core::sha256_hex(pdf);
            const Input in = load_input_bytes(pdf, c.pdf_path(), ingest::Layout::Auto, m_g);
            if (const auto* p = std::get_if<model::Protocol>(&in.document)) {
                v.municipality = p->municipality;
                v.organ = p->organ;
                if (p->meeting_date) v.meeting_date = model::format_date(*p->meeting_date);
                v.paragraphs = signing::paragraphs_signed(*p);
                for (const auto& para : p->paragraphs) v.paragraph_titles.push_back("§ " + std::to_string(para.number) + " " + para.title);
            }
            const std::int64_t now = clock_seconds();
            const bool pending_live = c.pending.signer >= 0 && now - c.pending.started <= 2 * m_config.max_age;
            for (std::size_t i = 0; i < c.signers.size(); ++i) {
                const auto& s = c.signers[i];
                v.signers.push_back(serve::SignerLine{s.role, s.name, s.signed_time, static_cast<int>(i) == you,
                                                      pending_live && c.pending.signer == static_cast<int>(i)});
            }
            v.complete = c.complete();
            if (c.last_outcome_signer == you) v.last_outcome = c.last_outcome;
            const auto why = why_not(c, you, now);
            v.can_sign = why.first.empty();
            v.wait_sv = why.first;
            v.wait_en = why.second;
        } catch (const core::Error& e) {
            std::cerr << "justera serve: signing page: " << e.what() << "\n";
            v.found = false;
        }
        return v;
    }

    std::string document(const std::string& token) override {
        std::lock_guard lock(m_mutex);
        try {
            const auto found = m_store.by_token(token);
            if (!found || clock_seconds() > found->first.expires) return {};
            return core::read_file(found->first.pdf_path(), m_g.limits);
        } catch (const core::Error& e) {
            std::cerr << "justera serve: signing page: " << e.what() << "\n";
            return {};
        }
    }

    serve::StartAnswer start(const std::string& token, const std::string& response_url) override {
        std::lock_guard lock(m_mutex);
        try {
            return start_locked(token, response_url);
        } catch (const core::Error& e) {
            std::cerr << "justera serve: signing page: " << e.what() << " [" << core::to_string(e.code()) << "]\n";
            serve::StartAnswer a;
            a.status = 500;
            a.sv = "Underskriften kunde inte påbörjas. Kontakta sekreteraren.";
            a.en = "The signing could not be started. Contact the secretary.";
            return a;
        }
    }

    serve::StartAnswer start_locked(const std::string& token, const std::string& response_url) {
        serve::StartAnswer a;
        const auto found = m_store.by_token(token);
        if (!found) {
            a.status = 404;
            return a;
        }
        const auto case_lock = m_store.lock(found->first.id);
        signing::SigningCase c = m_store.load(found->first.id);  // again, under the lock
        const int you = found->second;
        const std::int64_t now = clock_seconds();
        if (now > c.expires) {
            a.status = 404;
            return a;
        }
        if (const auto why = why_not(c, you, now); !why.first.empty()) {
            a.status = 409;
            a.sv = why.first;
            a.en = why.second;
            return a;
        }
        if (response_url.empty() || !plain_host(response_url)) {
            a.status = 400;
            a.sv = "Sidans adress går inte att använda för svaret; sekreteraren behöver ange public-url i konfigurationen.";
            a.en = "This page's address cannot be used for the answer; the secretary needs to set public-url in the configuration.";
            return a;
        }
        const signing::CaseSigner& s = c.signers[static_cast<std::size_t>(you)];
        try {
            const std::string pdf = core::read_file(c.pdf_path(), m_g.limits);
            const Input in = load_input_bytes(pdf, c.pdf_path(), ingest::Layout::Auto, m_g);
            const auto* protocol = std::get_if<model::Protocol>(&in.document);
            if (!protocol) throw core::Error(Errc::Usage, "the case's PDF carries no protocol", {}, "ärendets PDF-fil innehåller inget protokoll");
            signing::PrepareRequest p;
            p.pdf = pdf;
            p.file = c.pdf_path();
            p.protocol = protocol;
            p.role = s.role;
            p.field = s.field;
            p.epoch = now;
            p.certify = false;
            p.limits = m_g.limits;
            const auto prepared = signing::prepare_signature(p);
            signing::ServiceRequestInput r;
            r.state = prepared.state;
            r.state_file = c.state_path();
            r.protocol = protocol;
            r.pdf_sha256 = core::sha256_hex(pdf);
            r.config = &m_config;
            r.personnummer = s.personnummer;
            r.identity_provider = s.idp;
            r.audience = response_url;
            r.key_password = signing::requester_password(m_config);
            r.now = now;
            const auto made = signing::request_service_signature(r);
            core::write_output(c.state_path(), made.state);
            m_store.index_request(made.request_id, c.id);
            c.pending = signing::CasePending{you, made.request_id, token, now};
            m_store.save(c);
            a.page = signing::post_binding_form(m_config.service_url, made.request_id, made.xml, false, "/static/autopost.js");
            a.service_origin = origin_of(m_config.service_url);
            std::cerr << "justera serve: case " << c.id << ": " << s.role << " " << s.name << " sent to the signature service (" << made.request_id << ")\n";
        } catch (const core::Error& e) {
            std::cerr << "justera serve: case " << c.id << ": could not start a signing: " << e.what() << " [" << core::to_string(e.code()) << "]\n";
            a.status = 500;
            a.sv = "Underskriften kunde inte förberedas (" + std::string(core::to_string(e.code())) + "). Kontakta sekreteraren.";
            a.en = "The signature could not be prepared (" + std::string(core::to_string(e.code())) + "). Contact the secretary.";
        }
        return a;
    }

    serve::FinishAnswer finish(const std::string& relay_state, const std::string& response) override {
        std::lock_guard lock(m_mutex);
        try {
            return finish_locked(relay_state, response);
        } catch (const core::Error& e) {
            std::cerr << "justera serve: an answer from the signature service could not be handled: " << e.what() << " [" << core::to_string(e.code()) << "]\n";
            serve::FinishAnswer a;
            a.status = 500;
            a.outcome = "error";
            a.sv = "Svaret från underskriftstjänsten kunde inte tas om hand. Kontakta sekreteraren.";
            a.en = "The signature service's answer could not be handled. Contact the secretary.";
            return a;
        }
    }

    bool can_create() override { return !m_config.secretary_key_sha256.empty(); }

    serve::NewCaseAnswer create(const serve::NewCase& n) override {
        std::lock_guard lock(m_mutex);
        serve::NewCaseAnswer a;
        // Compared as digests, in constant time: the key itself is never stored.
        const std::string given = core::sha256_hex(n.secret);
        if (m_config.secretary_key_sha256.empty() || n.secret.empty() ||
            CRYPTO_memcmp(given.data(), m_config.secretary_key_sha256.data(), given.size()) != 0) {
            a.status = 403;
            a.sv = "Sekreterarens nyckel stämmer inte.";
            a.en = "The secretary's key is not right.";
            return a;
        }
        try {
            const Input in = load_input_bytes(n.pdf, "upload.pdf", ingest::Layout::Auto, m_g);
            const auto* protocol = std::get_if<model::Protocol>(&in.document);
            if (in.kind != "pdf" || !protocol) {
                throw core::Error(Errc::Usage, "a signing case is made for a PDF made by 'justera render'", {},
                                  "ett ärende för underskrift skapas för en PDF-fil som har gjorts med 'justera render'");
            }
            CaseIds ids;
            for (const auto& p : n.justerare) {
                if (!p.empty()) ids.justerare.push_back(p);
            }
            for (const auto& p : n.sekreterare) {
                if (!p.empty()) ids.sekreterare.push_back(p);
            }
            const auto signers = case_signers(*protocol, n.pdf, "upload.pdf", ids, {});
            const auto made = m_store.create(n.pdf, signers, clock_seconds(), m_config.link_days * 86400);
            const std::string base = m_config.public_url.empty() ? n.base_url : m_config.public_url;
            if (base.empty()) {
                throw core::Error(Errc::Usage, "this page's address cannot be used for the links; set public-url in the configuration", {},
                                  "sidans adress går inte att använda för länkarna; ange public-url i konfigurationen");
            }
            a.case_id = made.c.id;
            for (std::size_t i = 0; i < signers.size(); ++i) a.links.push_back({signers[i].role, signers[i].name, base + "/sign/" + made.tokens[i]});
            std::cerr << "justera serve: case " << made.c.id << " made on the page (" << signers.size() << " signers)\n";
        } catch (const core::Error& e) {
            a.status = 422;
            a.sv = "Ärendet kunde inte skapas: " + e.said(true);
            a.en = "The case could not be made: " + std::string(e.what());
        }
        return a;
    }

    std::string public_url() override { return m_config.public_url; }

private:
    serve::FinishAnswer finish_locked(const std::string& relay_state, const std::string& response) {
        serve::FinishAnswer a;
        const auto refuse = [&](const char* outcome, const char* sv, const char* en) {
            a.status = 400;
            a.outcome = outcome;
            a.sv = sv;
            a.en = en;
            return a;
        };
        const auto found = m_store.by_request(relay_state);
        if (!found) {
            return refuse("unknown-request", "Svaret från underskriftstjänsten gäller ingen underskrift som pågår här.",
                          "The signature service's answer belongs to no signing under way here.");
        }
        const auto case_lock = m_store.lock(found->id);
        signing::SigningCase c = m_store.load(found->id);
        if (c.pending.signer < 0 || c.pending.request_id != relay_state) {
            return refuse("not-pending", "Svaret från underskriftstjänsten gäller en underskrift som redan är avslutad.",
                          "The signature service's answer belongs to a signing that has ended already.");
        }
        const int who = c.pending.signer;
        signing::CaseSigner& s = c.signers[static_cast<std::size_t>(who)];
        const std::string state = core::read_file(c.state_path(), m_g.limits);
        const std::int64_t now = clock_seconds();
        // First whether the answer is the service's, for this request. Until
        // it is, nothing changes and the signer's link is not shown: the
        // request ID (RelayState) alone must not end a signing or reveal the
        // page it belongs to.
        signing::ServiceAnswer answer;
        std::string outcome;
        try {
            answer = signing::read_service_answer(state, c.state_path(), response, m_config, now);
            outcome = answer.status;
        } catch (const core::Error& e) {
            if (e.code() == Errc::SignServiceResponseInvalid || e.code() == Errc::SignStateInvalid || e.code() == Errc::SignStateUsed) {
                std::cerr << "justera serve: case " << c.id << ": an answer was refused: " << e.what() << " [" << core::to_string(e.code()) << "]\n";
                return refuse("invalid", "Svaret från underskriftstjänsten kunde inte godtas. Ingenting skrevs under; öppna din länk och försök igen.",
                              "The signature service's answer could not be accepted. Nothing was signed; open your link and try again.");
            }
            outcome = "signer-mismatch";  // signed by the service, but of another person, place or level
            std::cerr << "justera serve: case " << c.id << ": the answer was refused: " << e.what() << " [" << core::to_string(e.code()) << "]\n";
        }
        if (outcome == "success") {
            try {
                const std::string pdf = core::read_file(c.pdf_path(), m_g.limits);
                const Input in = load_input_bytes(pdf, c.pdf_path(), ingest::Layout::Auto, m_g);
                const auto* protocol = std::get_if<model::Protocol>(&in.document);
                if (!protocol) throw core::Error(Errc::Usage, "the case's PDF carries no protocol", {}, "ärendets PDF-fil innehåller inget protokoll");
                signing::CompleteRequest req;
                req.state = state;
                req.state_file = c.state_path();
                req.pdf = pdf;
                req.pdf_file = c.pdf_path();
                req.protocol = protocol;
                req.signature = answer.signature;
                req.cert_der = answer.cert_der;
                req.chain_der = answer.chain_der;
                req.signed_attributes = answer.signed_attributes;
                req.tsa = m_config.tsa;
                req.validation.ltv = m_config.ltv;
                req.output = "rev-" + std::to_string(c.revision + 1) + ".pdf";
                req.now = now;
                req.limits = m_g.limits;
                const auto done = signing::complete_signature(req, [](const std::string&) {});
                // The new revision first, then the case that names it: a crash
                // between the two leaves the case as it was.
                m_store.write_revision(c, c.revision + 1, done.pdf);
                c.revision += 1;
                s.signed_time = now;
                s.signed_by = done.signer;
                std::cerr << "justera serve: case " << c.id << ": " << s.role << " " << s.name << " signed (revision " << c.revision << ")\n";
            } catch (const core::Error& e) {
                switch (e.code()) {
                    case Errc::SignNameMismatch: outcome = "signer-mismatch"; break;
                    case Errc::SignStateStale: outcome = "stale"; break;
                    default: outcome = "invalid";
                }
                std::cerr << "justera serve: case " << c.id << ": the signature could not be completed: " << e.what() << " [" << core::to_string(e.code())
                          << "]\n";
            }
        } else if (outcome != "signer-mismatch") {
            std::cerr << "justera serve: case " << c.id << ": the signature service answered " << answer.status << ": " << answer.reason << "\n";
        }
        a.token = c.pending.token;
        c.pending = signing::CasePending{};
        c.last_outcome = outcome;
        c.last_outcome_signer = who;
        m_store.save(c);
        m_store.forget_request(relay_state);
        std::error_code ec;
        std::filesystem::remove(c.state_path(), ec);
        a.outcome = outcome;
        return a;
    }

    /// Why the signer `you` may not start now (Swedish, English); empty when they may.
    std::pair<std::string, std::string> why_not(const signing::SigningCase& c, int you, std::int64_t now) const {
        const auto& s = c.signers[static_cast<std::size_t>(you)];
        if (s.signed_time) return {"Du har redan skrivit under.", "You have signed already."};
        if (c.pending.signer >= 0 && c.pending.signer != you && now - c.pending.started <= 2 * m_config.max_age) {
            return {"Någon annan skriver under just nu. Försök igen om några minuter.", "Someone else is signing now. Try again in a few minutes."};
        }
        // The justerare in any order; the sekreterare after them all.
        if (s.role == "sekreterare") {
            for (const auto& other : c.signers) {
                if (other.role != "sekreterare" && !other.signed_time) {
                    return {"Sekreteraren skriver under när de andra har skrivit under.", "The secretary signs when the others have signed."};
                }
            }
        }
        return {};
    }

    signing::ServiceConfig m_config;
    signing::CaseStore m_store;
    const GlobalOptions& m_g;
    std::mutex m_mutex;  ///< one signing step at a time: PoDoFo and the files are not shared between threads
};

}  // namespace

std::vector<signing::CaseStore::NewSigner> case_signers(const model::Protocol& protocol, const std::string& pdf, const std::string& file,
                                                        const CaseIds& ids, const std::string& idp) {
    const auto present = pdf::signature_fields(pdf, file);
    std::vector<signing::CaseStore::NewSigner> signers;
    std::size_t used_j = 0, used_s = 0, used_o = 0;
    for (const auto& f : pdf::protocol_fields(protocol)) {
        const std::vector<std::string>& list = f.role == "justerare" ? ids.justerare : f.role == "sekreterare" ? ids.sekreterare : ids.ordforande;
        std::size_t& used = f.role == "justerare" ? used_j : f.role == "sekreterare" ? used_s : used_o;
        bool signed_already = false, exists = false;
        for (const auto& [name, is_signed] : present) {
            if (name == f.field) {
                exists = true;
                signed_already = is_signed;
            }
        }
        if (!exists) continue;
        if (signed_already) {
            throw core::Error(Errc::SignFieldSigned, "field " + f.field + " (" + f.person + ") is signed already; a case is made before anyone signs",
                              core::Where{file},
                              "fältet " + f.field + " (" + f.person + ") är redan underskrivet; ett ärende skapas innan någon skriver under");
        }
        if (used >= list.size()) {
            throw core::Error(Errc::Usage, "no personnummer for " + f.role + " " + f.person + " (field " + f.field + "): give one --" +
                                               (f.role == "ordförande" ? std::string("ordforande") : f.role) + " per field, in order",
                              {},
                              "inget personnummer för " + f.role + " " + f.person + " (fältet " + f.field + "): ange ett --" +
                                  (f.role == "ordförande" ? std::string("ordforande") : f.role) + " per fält, i tur och ordning");
        }
        // PNR, or PNR,IDP for a signer whose identity provider is another.
        const std::string& given = list[used++];
        const auto comma = given.find(',');
        const std::string pnr = given.substr(0, comma);
        const bool digits = pnr.size() == 12 && pnr.find_first_not_of("0123456789") == std::string::npos;
        if (!digits) {
            throw core::Error(Errc::Usage, "a personnummer is written with 12 digits (ÅÅÅÅMMDDNNNN), not '" + pnr + "'", {},
                              "ett personnummer skrivs med 12 siffror (ÅÅÅÅMMDDNNNN), inte '" + pnr + "'");
        }
        signers.push_back({f.role, f.field, f.person, pnr, comma == std::string::npos ? idp : given.substr(comma + 1)});
    }
    if (used_j != ids.justerare.size() || used_s != ids.sekreterare.size() || used_o != ids.ordforande.size()) {
        throw core::Error(Errc::Usage, "more personnummer given than the protocol has signature fields for that role ('justera info' lists them)", {},
                          "fler personnummer angavs än protokollet har underskriftsfält för den rollen ('justera info' visar dem)");
    }
    if (signers.empty()) throw core::Error(Errc::Usage, "the PDF has no signature fields to sign", {}, "PDF-filen har inga underskriftsfält att skriva under");
    for (std::size_t i = 0; i < signers.size(); ++i) {
        for (std::size_t k = i + 1; k < signers.size(); ++k) {
            if (signers[i].personnummer == signers[k].personnummer) {
                throw core::Error(Errc::Usage, "the same personnummer signs for " + signers[i].name + " and " + signers[k].name + ": one person, one field",
                                  {}, "samma personnummer skriver under för " + signers[i].name + " och " + signers[k].name + ": en person, ett fält");
            }
        }
    }
    // The justerare first, the sekreterare last (the order the page shows).
    std::stable_sort(signers.begin(), signers.end(), [](const auto& a, const auto& b) { return (a.role == "sekreterare") < (b.role == "sekreterare"); });
    return signers;
}

std::unique_ptr<serve::SigningDesk> make_signing_desk(const std::string& config_file, const GlobalOptions& g) {
    signing::ServiceConfig config = signing::read_service_config(config_file);
    if (config.cases_dir.empty()) {
        throw core::Error(Errc::Usage, "the signing page needs cases-dir in " + config_file, {}, "underskriftssidan behöver cases-dir i " + config_file);
    }
    return std::make_unique<Desk>(std::move(config), g);
}

}  // namespace justera::cli
