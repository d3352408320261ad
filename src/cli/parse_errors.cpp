// SPDX-License-Identifier: GPL-3.0-or-later
// The forms of CLI11 2.x's parse errors (CLI/Error.hpp, CLI/Validators.hpp)
// and of our own validators, matched whole; the parts they name (options,
// values, lists) are kept as they were written.

#include "parse_errors.hpp"

#include <array>
#include <regex>

namespace justera::cli {
namespace {

struct Form {
    const char* pattern;
    const char* en;  ///< replacement (ECMAScript $1 ...), or nullptr: CLI11's words kept
    const char* sv;
};

// The reason a validator gives after "NAME: " (ValidationError).
constexpr std::array k_reasons{
    Form{R"((.*) not in \{(.*)\})", nullptr, "$1 är inte ett av {$2}"},
    Form{R"(File does not exist: (.*))", nullptr, "filen finns inte: $1"},
    Form{R"(Directory does not exist: (.*))", nullptr, "katalogen finns inte: $1"},
    Form{R"(Path does not exist: (.*))", nullptr, "sökvägen finns inte: $1"},
    Form{R"(File is actually a directory: (.*))", nullptr, "det är en katalog: $1"},
    Form{R"(Directory is actually a file: (.*))", nullptr, "det är en fil, ingen katalog: $1"},
    Form{R"(Value (.*) not in range (.*) to (.*))", nullptr, "värdet $1 ligger inte mellan $2 och $3"},
    Form{R"(Failed parsing number \((.*)\))", nullptr, "inget tal: $1"},
    Form{R"(must be a whole number above 0)", nullptr, "måste vara ett heltal större än 0"},
    Form{R"(Failed parsing (.*) as an? (.*))", nullptr, "kan inte läsa $1 som $2"},
};

constexpr std::array k_forms{
    Form{R"((-{1,2}[^ :]+|[A-Z][A-Z0-9_]*): (\d+) required (.*) missing)", "$1 needs a value", "$1 behöver ett värde"},
    Form{R"(A subcommand is required)", "a command is needed", "ett kommando behövs"},
    Form{R"((\S+) is required)", nullptr, "$1 krävs"},
    Form{R"(The following argument was not expected: (.*))", nullptr, "oväntat argument: $1"},
    Form{R"(The following arguments were not expected: (.*))", nullptr, "oväntade argument: $1"},
    Form{R"(Could not convert: (.*) = (.*))", nullptr, "kan inte tolka värdet: $1 = $2"},
    Form{R"(The value (.*) is not an allowed value for (.*))", nullptr, "värdet $1 är inte tillåtet för $2"},
    Form{R"((\S+) requires (\S+))", nullptr, "$1 kräver $2"},
    Form{R"((\S+) excludes (\S+))", nullptr, "$1 kan inte ges tillsammans med $2"},
    Form{R"((.*): too many inputs for a flag)", "$1 takes no value", "$1 tar inget värde"},
    Form{R"((.*): Should be true/false or a number)", "$1 takes true, false or a number", "$1 tar true, false eller ett tal"},
    Form{R"(Expected exactly (\d+) arguments? to (.*), got (\d+))", nullptr, "$2 tar exakt $1 värde(n), fick $3"},
    Form{R"(Expected at least (\d+) arguments? to (.*), got (\d+))", nullptr, "$2 tar minst $1 värde(n), fick $3"},
    Form{R"((.*): At Most (\d+) required but received (\d+))", "$1 takes at most $2 value(s), got $3", "$1 tar högst $2 värde(n), fick $3"},
    Form{R"((.*): At least (\d+) required but received (\d+))", "$1 takes at least $2 value(s), got $3", "$1 tar minst $2 värde(n), fick $3"},
    Form{R"(Requires at least (\d+) subcommands?)", "a command is needed", "ett kommando behövs"},
    Form{R"(Exactly 1 option from \[(.*)\].*)", "exactly one of [$1] is needed", "exakt en av [$1] behövs"},
    Form{R"(At least 1 option from \[(.*)\])", "one of [$1] is needed", "en av [$1] behövs"},
    Form{R"((.*) was given a disallowed flag override)", "$1 cannot be given a value", "$1 kan inte ges ett värde"},
    Form{R"((.*) was not readable \(missing\?\))", nullptr, "$1 kunde inte läsas (finns den?)"},
};

bool replace_whole(const std::string& text, const Form& form, bool swedish, std::string& out) {
    const std::regex re(form.pattern);
    std::smatch m;
    if (!std::regex_match(text, m, re)) return false;
    const char* with = swedish ? form.sv : form.en;
    out = with ? m.format(with) : text;
    return true;
}

}  // namespace

std::string plain_parse_error(const std::string& what, bool swedish) {
    // std::regex recurses as deep as the text is long: a message carrying a
    // huge argument is left as CLI11 wrote it.
    if (what.size() > 4096) return what;
    std::string out;
    for (const Form& form : k_forms) {
        if (replace_whole(what, form, swedish, out)) return out;
    }
    // "NAME: reason" from a validator.
    if (const std::size_t colon = what.find(": "); colon != std::string::npos) {
        const std::string reason = what.substr(colon + 2);
        for (const Form& form : k_reasons) {
            if (replace_whole(reason, form, swedish, out)) return what.substr(0, colon + 2) + out;
        }
    }
    return what;
}

}  // namespace justera::cli
