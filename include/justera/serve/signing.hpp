// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The signing page's work behind `justera serve --signing`: the server
/// (in justera-serve.so) asks a `SigningDesk`, which the executable makes
/// (cases, the PDF, the signature service), and shows its answers. Nothing
/// here knows HTTP; nothing in the server knows PDFs or XML signatures.

#include <cstdint>
#include <string>
#include <vector>

namespace justera::serve {

struct SignerLine {
    std::string role;        ///< justerare, sekreterare, ordförande
    std::string name;        ///< as the protocol prints it
    std::int64_t signed_time = 0;  ///< 0: not yet
    bool you = false;
    bool under_way = false;  ///< their signing is at the service now
};

struct CaseView {
    bool found = false;          ///< false: an unknown or expired link
    bool expired = false;
    std::string municipality;
    std::string organ;
    std::string meeting_date;
    std::string paragraphs;      ///< "§§ 1–29"
    std::vector<std::string> paragraph_titles;  ///< "§ 1 Val av justerare", ...
    std::string pdf_sha256;
    std::vector<SignerLine> signers;  ///< in signing order
    bool can_sign = false;       ///< this link's signer may press the button now
    std::string wait_sv;         ///< why not, when not
    std::string wait_en;
    bool complete = false;       ///< every signer has signed: the final PDF is the document
    std::int64_t expires = 0;
    std::string last_outcome;    ///< this signer's newest answer from the service ("success", "user-cancel", ...)
};

struct StartAnswer {
    int status = 200;            ///< 200: `page` posts the request to the service
    std::string page;            ///< the auto-submitting form (XHTML)
    std::string service_origin;  ///< scheme://host[:port] of the service, for the page's form-action
    std::string sv;              ///< otherwise why not
    std::string en;
};

struct FinishAnswer {
    int status = 303;            ///< 303: go back to the signer's page (`token`)
    std::string token;
    std::string outcome;         ///< "success", "user-cancel", "authn-failed", "req-expired", "signer-mismatch", "invalid", ...
    std::string sv;              ///< when no case could be found (status 400)
    std::string en;
};

struct NewCase {
    std::string secret;                 ///< the secretary's key, as typed
    std::string pdf;                    ///< the rendered protocol
    std::vector<std::string> justerare; ///< personnummer, in the order of the fields
    std::vector<std::string> sekreterare;
    std::string base_url;               ///< this page's address, for the links
};

struct NewCaseAnswer {
    int status = 200;                   ///< 200: made; otherwise `sv`/`en` say why not
    std::string sv;
    std::string en;
    std::string case_id;
    struct Link {
        std::string role;
        std::string name;
        std::string url;
    };
    std::vector<Link> links;            ///< one per signer, in signing order: shown once
};

class SigningDesk {
public:
    virtual ~SigningDesk() = default;
    /// What the signer of `token` sees.
    virtual CaseView view(const std::string& token) = 0;
    /// The case's newest PDF ("" for an unknown link).
    virtual std::string document(const std::string& token) = 0;
    /// Prepares the signature and makes the sign request; `response_url` is
    /// where the service posts back (this server's /sign/response).
    virtual StartAnswer start(const std::string& token, const std::string& response_url) = 0;
    /// The service's answer, posted back by the signer's browser.
    virtual FinishAnswer finish(const std::string& relay_state, const std::string& response) = 0;
    /// Whether the secretary can make cases on the page (the configuration
    /// names the secretary's key).
    virtual bool can_create() = 0;
    /// A new case from the page, for the secretary whose key is `c.secret`.
    virtual NewCaseAnswer create(const NewCase& c) = 0;
    /// The configured public address ("" when the request's Host is used).
    virtual std::string public_url() = 0;
};

}  // namespace justera::serve
