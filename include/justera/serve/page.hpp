// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The verification page's HTML: the upload form, the result of one file
/// (from the JSON of analysis.hpp) and error pages. Every text is written in
/// Swedish and in English; the language chosen shows, the other is hidden by
/// the stylesheet, so the toggle needs no JavaScript and no new request.
/// Everything taken from an uploaded file is escaped.

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "justera/serve/signing.hpp"

namespace justera::serve {

struct PageContext {
    bool english = false;           ///< the language shown first
    std::size_t max_upload = 0;     ///< bytes, told to the user
    std::vector<std::string> trust_roots;  ///< the roots this service trusts (their subjects)
    std::string result_path;               ///< "/result/TOKEN" when the result is kept (the notice-day form); else ""
    std::string version;
};

std::string start_page(const PageContext& c);
/// `analysis` as made by serve::analyse; `name` the uploaded file's name.
std::string result_page(const nlohmann::ordered_json& analysis, const std::string& name, const PageContext& c);
/// A page saying why no result could be made (the form again below it).
std::string error_page(std::string_view sv, std::string_view en, const PageContext& c);
/// The page a shared link (/r/SHA256) opens: the form, for that file only.
std::string shared_page(const std::string& sha256, const PageContext& c);

/// The signer's page of a signing case: the protocol's facts, who has signed
/// and who is left, in order, the button when it is their turn, and the
/// answer of their newest signing (`outcome`, "success", "user-cancel", ...).
std::string signing_page(const CaseView& view, const std::string& token, const std::string& outcome, const PageContext& c);
/// The signing page's refusal (an unknown or expired link).
std::string signing_error_page(std::string_view sv, std::string_view en, const PageContext& c);
/// The secretary's form for a new signing case (with why the last try failed, if it did).
std::string new_case_page(std::string_view error_sv, std::string_view error_en, const PageContext& c);
/// The links of a new case, shown once.
std::string case_made_page(const NewCaseAnswer& answer, const PageContext& c);
/// The script that submits the POST binding's form.
std::string_view autopost_script();

std::string_view stylesheet();
std::string_view script();

/// HTML text and attribute escaping (& < > " ').
std::string escape(std::string_view s);

/// A size as people read it: "50 MB" (rounded to whole megabytes).
std::string megabytes(std::size_t bytes);

}  // namespace justera::serve
