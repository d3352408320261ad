// SPDX-License-Identifier: GPL-3.0-or-later
// Signing cases on disk (include/justera/signing/cases.hpp).

#include "justera/signing/cases.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"

namespace justera::signing {

namespace fs = std::filesystem;
using core::Errc;
using core::Error;
using core::Where;
using Json = nlohmann::ordered_json;

namespace {

constexpr std::string_view k_format = "justera-signing-case/1";

bool hex_of_length(const std::string& s, std::size_t n) { return s.size() == n && s.find_first_not_of("0123456789abcdef") == std::string::npos; }

std::optional<std::string> read_small(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void make_private_dir(const fs::path& p) {
    std::error_code ec;
    fs::create_directories(p, ec);
    if (ec) {
        throw Error(Errc::OutputUnwritable, "cannot make the directory: " + ec.message(), Where{p.string()},
                    "kan inte skapa katalogen: " + core::swedish_errno(ec.value()));
    }
    ::chmod(p.c_str(), 0700);
}

Json to_json(const SigningCase& c) {
    Json signers = Json::array();
    for (const auto& s : c.signers) {
        signers.push_back(Json{{"role", s.role},
                               {"field", s.field},
                               {"name", s.name},
                               {"personnummer", s.personnummer},
                               {"idp", s.idp},
                               {"link_sha256", s.link_sha256},
                               {"signed_time", s.signed_time},
                               {"signed_by", s.signed_by}});
    }
    return Json{{"format", k_format},
                {"id", c.id},
                {"created", c.created},
                {"expires", c.expires},
                {"revision", c.revision},
                {"signers", signers},
                {"pending", Json{{"signer", c.pending.signer}, {"request_id", c.pending.request_id}, {"token", c.pending.token}, {"started", c.pending.started}}},
                {"last_outcome", c.last_outcome},
                {"last_outcome_signer", c.last_outcome_signer}};
}

SigningCase from_json(const std::string& text, const std::string& dir, const std::string& file) {
    const Json j = Json::parse(text, nullptr, false);
    try {
        if (j.is_discarded() || !j.is_object() || j.value("format", std::string()) != k_format) throw Error(Errc::SignStateInvalid, "not a signing case", Where{file}, "det är inget ärende");
        SigningCase c;
        c.id = j.at("id").get<std::string>();
        c.dir = dir;
        c.created = j.at("created").get<std::int64_t>();
        c.expires = j.at("expires").get<std::int64_t>();
        c.revision = j.at("revision").get<int>();
        for (const auto& s : j.at("signers")) {
            CaseSigner cs;
            cs.role = s.at("role").get<std::string>();
            cs.field = s.at("field").get<std::string>();
            cs.name = s.at("name").get<std::string>();
            cs.personnummer = s.at("personnummer").get<std::string>();
            cs.idp = s.at("idp").get<std::string>();
            cs.link_sha256 = s.at("link_sha256").get<std::string>();
            cs.signed_time = s.at("signed_time").get<std::int64_t>();
            cs.signed_by = s.at("signed_by").get<std::string>();
            c.signers.push_back(std::move(cs));
        }
        const Json& p = j.at("pending");
        c.pending.signer = p.at("signer").get<int>();
        c.pending.request_id = p.at("request_id").get<std::string>();
        c.pending.token = p.at("token").get<std::string>();
        c.pending.started = p.at("started").get<std::int64_t>();
        c.last_outcome = j.at("last_outcome").get<std::string>();
        c.last_outcome_signer = j.at("last_outcome_signer").get<int>();
        if (c.revision < 0 || c.pending.signer < -1 || c.pending.signer >= static_cast<int>(c.signers.size())) {
            throw Error(Errc::SignStateInvalid, "a damaged signing case", Where{file}, "ett skadat ärende");
        }
        return c;
    } catch (const Json::exception& e) {
        throw Error(Errc::SignStateInvalid, std::string("a damaged signing case: ") + e.what(), Where{file},
                    std::string("ett skadat ärende: ") + e.what());
    }
}

}  // namespace

std::string SigningCase::pdf_path() const { return (fs::path(dir) / ("rev-" + std::to_string(revision) + ".pdf")).string(); }
std::string SigningCase::state_path() const { return (fs::path(dir) / "pending.state").string(); }
bool SigningCase::complete() const {
    for (const auto& s : signers) {
        if (s.signed_time == 0) return false;
    }
    return !signers.empty();
}

std::string link_hash(const std::string& token) { return core::sha256_hex(token); }

CaseStore::CaseStore(std::string dir) : m_dir(std::move(dir)) {
    make_private_dir(m_dir);
    make_private_dir(fs::path(m_dir) / "links");
    make_private_dir(fs::path(m_dir) / "requests");
}

CaseStore::Created CaseStore::create(const std::string& pdf, const std::vector<NewSigner>& signers, std::int64_t now, std::int64_t valid_for) {
    Created out;
    SigningCase& c = out.c;
    c.id = core::random_hex(16);
    c.dir = (fs::path(m_dir) / c.id).string();
    c.created = now;
    c.expires = now + valid_for;
    make_private_dir(c.dir);
    for (const auto& s : signers) {
        const std::string token = core::random_hex(32);
        out.tokens.push_back(token);
        c.signers.push_back(CaseSigner{s.role, s.field, s.name, s.personnummer, s.idp, link_hash(token), 0, {}});
    }
    write_revision(c, 0, pdf);
    save(c);
    for (const auto& s : c.signers) core::write_output((fs::path(m_dir) / "links" / s.link_sha256).string(), c.id + "\n");
    return out;
}

std::optional<std::pair<SigningCase, int>> CaseStore::by_token(const std::string& token) const {
    if (!hex_of_length(token, 64)) return std::nullopt;
    const std::string hash = link_hash(token);
    const auto id = read_small(fs::path(m_dir) / "links" / hash);
    if (!id) return std::nullopt;
    std::string case_id = *id;
    while (!case_id.empty() && (case_id.back() == '\n' || case_id.back() == '\r')) case_id.pop_back();
    if (!hex_of_length(case_id, 32)) return std::nullopt;
    SigningCase c = load(case_id);
    for (std::size_t i = 0; i < c.signers.size(); ++i) {
        if (c.signers[i].link_sha256 == hash) return std::make_pair(std::move(c), static_cast<int>(i));
    }
    return std::nullopt;
}

std::optional<SigningCase> CaseStore::by_request(const std::string& request_id) const {
    if (request_id.size() != 41 || request_id[0] != '_' || !hex_of_length(request_id.substr(1), 40)) return std::nullopt;
    const auto id = read_small(fs::path(m_dir) / "requests" / request_id);
    if (!id) return std::nullopt;
    std::string case_id = *id;
    while (!case_id.empty() && (case_id.back() == '\n' || case_id.back() == '\r')) case_id.pop_back();
    if (!hex_of_length(case_id, 32)) return std::nullopt;
    return load(case_id);
}

SigningCase CaseStore::load(const std::string& id) const {
    if (!hex_of_length(id, 32)) throw Error(Errc::SignStateInvalid, "not a signing case's name: " + id, {}, "inte namnet på ett ärende: " + id);
    const fs::path dir = fs::path(m_dir) / id;
    const std::string file = (dir / "case.json").string();
    const auto text = read_small(file);
    if (!text) throw Error(Errc::InputUnreadable, "cannot read the signing case", Where{file}, "kan inte läsa ärendet");
    return from_json(*text, dir.string(), file);
}

void CaseStore::save(const SigningCase& c) const {
    core::write_output((fs::path(c.dir) / "case.json").string(), to_json(c).dump(2) + "\n");
}

void CaseStore::write_revision(const SigningCase& c, int revision, const std::string& pdf) const {
    core::write_output((fs::path(c.dir) / ("rev-" + std::to_string(revision) + ".pdf")).string(), pdf);
}

void CaseStore::index_request(const std::string& request_id, const std::string& case_id) const {
    core::write_output((fs::path(m_dir) / "requests" / request_id).string(), case_id + "\n");
}

void CaseStore::forget_request(const std::string& request_id) const {
    if (request_id.size() != 41 || request_id[0] != '_' || !hex_of_length(request_id.substr(1), 40)) return;
    std::error_code ec;
    fs::remove(fs::path(m_dir) / "requests" / request_id, ec);
}

CaseStore::Lock::Lock(const std::string& path) {
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd < 0) throw Error(Errc::OutputUnwritable, "cannot open the case's lock", Where{path}, "kan inte öppna ärendets låsfil");
    if (::flock(m_fd, LOCK_EX) != 0) {
        ::close(m_fd);
        throw Error(Errc::OutputUnwritable, "cannot lock the case", Where{path}, "kan inte låsa ärendet");
    }
}

CaseStore::Lock::~Lock() {
    if (m_fd >= 0) ::close(m_fd);
}

std::unique_ptr<CaseStore::Lock> CaseStore::lock(const std::string& id) const {
    if (!hex_of_length(id, 32)) throw Error(Errc::SignStateInvalid, "not a signing case's name: " + id, {}, "inte namnet på ett ärende: " + id);
    return std::make_unique<Lock>((fs::path(m_dir) / id / "lock").string());
}

}  // namespace justera::signing
