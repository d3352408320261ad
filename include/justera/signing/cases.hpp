// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Signing cases: one protocol PDF that its justerare and its sekreterare
/// sign one after the other through a signature service, each from a link of
/// their own (`justera serve --signing`). A case is a directory of its own
/// under the cases directory: case.json (the signers, who has signed, the
/// signing under way), every revision of the PDF (rev-0.pdf as it was
/// rendered, rev-N.pdf after the N:th signature) and the prepared signature's
/// state. Every file is written whole and renamed into place, so a crash or a
/// restart loses nothing; a case is changed only under its lock. A link is
/// 256 random bits, stored as its SHA-256; only while its signer's signing is
/// at the service is the link itself kept, to send them back to their page.
/// docs/signing.md, "The signing page".

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace justera::signing {

struct CaseSigner {
    std::string role;          ///< justerare, sekreterare, ordförande
    std::string field;         ///< the PDF's signature field
    std::string name;          ///< as the protocol prints it
    std::string personnummer;  ///< whom the signature service must authenticate
    std::string idp;           ///< the signer's identity provider (empty: the configuration's)
    std::string link_sha256;   ///< SHA-256 (hex) of the signer's link token
    std::int64_t signed_time = 0;  ///< 0: not signed yet
    std::string signed_by;     ///< the certificate's name, once signed
};

struct CasePending {
    int signer = -1;           ///< -1: no signing under way
    std::string request_id;
    std::string token;         ///< the signer's link, to send them back to their page (kept only while the signing is under way)
    std::int64_t started = 0;
};

struct SigningCase {
    std::string id;
    std::string dir;
    std::int64_t created = 0;
    std::int64_t expires = 0;
    int revision = 0;          ///< the newest PDF is rev-<revision>.pdf
    std::vector<CaseSigner> signers;  ///< in the order they sign: the justerare, then the sekreterare
    CasePending pending;
    std::string last_outcome;  ///< the newest answer's status ("success", "user-cancel", ...)
    int last_outcome_signer = -1;
    [[nodiscard]] std::string pdf_path() const;
    [[nodiscard]] std::string state_path() const;
    [[nodiscard]] bool complete() const;
};

class CaseStore {
public:
    /// `dir` is created (mode 0700) when missing.
    explicit CaseStore(std::string dir);

    struct NewSigner {
        std::string role, field, name, personnummer, idp;
    };
    struct Created {
        SigningCase c;
        std::vector<std::string> tokens;  ///< one link token per signer, in order: shown once, never stored
    };
    Created create(const std::string& pdf, const std::vector<NewSigner>& signers, std::int64_t now, std::int64_t valid_for);

    /// The case and the signer a link token opens; nullopt for an unknown token.
    std::optional<std::pair<SigningCase, int>> by_token(const std::string& token) const;
    /// The case with this signing under way; nullopt when none.
    std::optional<SigningCase> by_request(const std::string& request_id) const;
    SigningCase load(const std::string& id) const;
    /// Writes case.json whole (rename into place).
    void save(const SigningCase& c) const;
    /// Writes a new revision of the PDF (before case.json names it).
    void write_revision(const SigningCase& c, int revision, const std::string& pdf) const;
    /// Remembers which case a request belongs to, until it is forgotten.
    void index_request(const std::string& request_id, const std::string& case_id) const;
    void forget_request(const std::string& request_id) const;

    /// An exclusive lock on one case (flock on its lock file) for this object's life.
    class Lock {
    public:
        explicit Lock(const std::string& path);
        ~Lock();
        Lock(const Lock&) = delete;
        Lock& operator=(const Lock&) = delete;

    private:
        int m_fd = -1;
    };
    [[nodiscard]] std::unique_ptr<Lock> lock(const std::string& id) const;

    [[nodiscard]] const std::string& dir() const { return m_dir; }

private:
    std::string m_dir;
};

/// SHA-256 hex of a link token.
std::string link_hash(const std::string& token);

}  // namespace justera::signing
