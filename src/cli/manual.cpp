// SPDX-License-Identifier: GPL-3.0-or-later
// justera --man and justera --completion SHELL (manual.hpp).

#include "manual.hpp"

#include <sstream>
#include <vector>

#include "common.hpp"
#include "justera/core/error.hpp"

namespace justera::cli {

namespace {

/// Text for roff: backslashes doubled, a line that starts with '.' or '\''
/// protected, hyphens in option names kept as minus signs.
std::string roff(const std::string& text) {
    std::string out;
    bool line_start = true;
    for (const char c : text) {
        if (line_start && (c == '.' || c == '\'')) out += "\\&";
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out.push_back(c);
        line_start = c == '\n';
    }
    return out;
}

std::vector<const CLI::App*> commands(const CLI::App& app) {
    // Commands with an empty group are hidden from --help; so here too.
    return app.get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); });
}

std::vector<const CLI::Option*> options(const CLI::App& app) {
    return app.get_options([](const CLI::Option* o) { return !o->get_group().empty(); });
}

/// "-o,--output FILE" as --help shows it.
std::string option_line(const CLI::Option* o) {
    const PlainFormatter f;
    if (o->get_positional() && o->nonpositional() == false) return o->get_name(true);
    return o->get_name(false, true) + f.make_option_opts(o);
}

void describe(std::ostringstream& m, const CLI::App& cmd, const std::string& path) {
    m << ".SS \"" << roff(path) << "\"\n" << roff(cmd.get_description()) << "\n";
    const auto opts = options(cmd);
    if (!opts.empty()) {
        for (const CLI::Option* o : opts) {
            if (o->get_name() == "--help" || o->get_name() == "-h,--help") continue;
            m << ".TP\n.B " << roff(option_line(o)) << "\n" << roff(o->get_description()) << "\n";
        }
    }
    const std::string footer = cmd.get_footer();
    if (!footer.empty()) m << ".PP\n.nf\n" << roff(footer) << "\n.fi\n";
    for (const CLI::App* sub : commands(cmd)) describe(m, *sub, path + " " + sub->get_name());
}

/// Every word that may follow `cmd`: its subcommands and option names.
std::vector<std::string> words_of(const CLI::App& cmd) {
    std::vector<std::string> w;
    for (const CLI::App* sub : commands(cmd)) w.push_back(sub->get_name());
    for (const CLI::Option* o : cmd.get_options()) {
        if (o->get_positional() && o->nonpositional() == false) continue;
        for (const auto& n : o->get_lnames()) w.push_back("--" + n);
        for (const auto& n : o->get_snames()) w.push_back("-" + n);
    }
    return w;
}

std::string joined(const std::vector<std::string>& w) {
    std::string s;
    for (const auto& x : w) s += (s.empty() ? "" : " ") + x;
    return s;
}

/// (path, words) for the top level and every command and subcommand.
void all_words(const CLI::App& cmd, const std::string& path, std::vector<std::pair<std::string, std::string>>& out) {
    out.emplace_back(path, joined(words_of(cmd)));
    for (const CLI::App* sub : commands(cmd)) all_words(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
}

}  // namespace

std::string man_page(const CLI::App& app, const std::string& version, const std::string& date) {
    std::ostringstream m;
    m << ".\\\" justera(1), made by 'justera --man' from the same definitions as --help.\n"
      << ".TH JUSTERA 1 \"" << date << "\" \"justera " << roff(version) << "\" \"User Commands\"\n"
      << ".SH NAME\njustera \\- " << roff(app.get_description().substr(app.get_description().find(':') + 2)) << "\n"
      << ".SH SYNOPSIS\n.B justera\n[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIFILE\\fR...]\n.br\n"
      << ".B justera help\n\\fICOMMAND\\fR [\\fISUBCOMMAND\\fR]\n"
      << ".SH DESCRIPTION\n" << roff(app.get_description()) << "\n.PP\n.nf\n" << roff(app.get_footer()) << "\n.fi\n"
      << ".SH GLOBAL OPTIONS\n";
    for (const CLI::Option* o : options(app)) {
        if (o->get_name() == "--help" || o->get_name() == "-h,--help") continue;
        m << ".TP\n.B " << roff(option_line(o)) << "\n" << roff(o->get_description()) << "\n";
    }
    m << ".SH COMMANDS\n";
    for (const CLI::App* cmd : commands(app)) describe(m, *cmd, "justera " + cmd->get_name());
    m << ".SH EXIT STATUS\n"
      << "0 ok, 1 invalid or failed (a signature that does not hold, a rule broken), 2 indeterminate,\n"
      << "3 input rejected, 4 usage error, 5 I/O or environment error, 70 internal error.\n"
      << "Each command's exit codes are in its section above.\n"
      << ".SH ENVIRONMENT\n.TP\n.B SOURCE_DATE_EPOCH\n"
      << "Seconds since 1970 for every date written into a document, so that the same input gives the same bytes.\n"
      << ".TP\n.B JUSTERA_PASSWORD\nThe password of a key, instead of \\-\\-password\\-file (never on the command line).\n"
      << ".SH FILES\n"
      << "The modules justera\\-pdf.so, justera\\-serve.so, justera\\-signservice.so and the program justera\\-pdftext,\n"
      << "beside the executable or in the libexec directory of the installation.\n"
      << ".SH SEE ALSO\n"
      << ".BR pdfsig (1),\n.BR qpdf (1),\n.BR xmllint (1).\n"
      << "The manual in docs/ of the source: cli.md, pdf.md, signing.md, verify.md, serve.md.\n";
    return m.str();
}

std::string completion(const CLI::App& app, const std::string& shell) {
    std::vector<std::pair<std::string, std::string>> paths;
    all_words(app, "", paths);
    std::ostringstream s;
    if (shell == "bash") {
        s << "# bash completion for justera, made by 'justera --completion bash'.\n"
          << "_justera() {\n"
          << "  local cur=${COMP_WORDS[COMP_CWORD]} cmdpath= w i\n"
          << "  # The command path so far: the words that name commands, options skipped.\n"
          << "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
          << "    w=${COMP_WORDS[i]}\n"
          << "    case \"$w\" in -*) continue ;; esac\n"
          << "    case \" $(_justera_words \"$cmdpath\") \" in *\" $w \"*) cmdpath=${cmdpath:+$cmdpath }$w ;; esac\n"
          << "  done\n"
          << "  if [[ $cur == -* ]] || [ -z \"$cmdpath\" ] || [ -n \"$(_justera_subcommands \"$cmdpath\")\" ]; then\n"
          << "    COMPREPLY=($(compgen -W \"$(_justera_words \"$cmdpath\")\" -- \"$cur\"))\n"
          << "    [[ $cur == -* ]] || [ -n \"$cmdpath\" ] || return 0\n"
          << "  fi\n"
          << "  [ ${#COMPREPLY[@]} -gt 0 ] || COMPREPLY=($(compgen -f -- \"$cur\"))\n"
          << "}\n"
          << "_justera_words() {\n  case \"$1\" in\n";
        for (const auto& [path, words] : paths) s << "    \"" << path << "\") echo \"" << words << "\" ;;\n";
        s << "  esac\n}\n"
          << "_justera_subcommands() {\n  case \"$1\" in\n";
        for (const auto& [path, words] : paths) {
            (void)words;
            std::string subs;
            for (const auto& [p2, w2] : paths) {
                (void)w2;
                const std::string prefix = path.empty() ? "" : path + " ";
                if (p2.size() > prefix.size() && p2.rfind(prefix, 0) == 0 && p2.find(' ', prefix.size()) == std::string::npos) {
                    subs += (subs.empty() ? "" : " ") + p2.substr(prefix.size());
                }
            }
            if (!subs.empty()) s << "    \"" << path << "\") echo \"" << subs << "\" ;;\n";
        }
        s << "  esac\n}\n"
          << "complete -o filenames -F _justera justera\n";
        return s.str();
    }
    if (shell == "zsh") {
        s << "#compdef justera\n# zsh completion for justera, made by 'justera --completion zsh'.\n"
          << "_justera() {\n"
          << "  local -a words_here\n  local cmdpath= w i\n"
          << "  for ((i = 2; i < CURRENT; i++)); do\n"
          << "    w=${words[i]}\n"
          << "    [[ $w == -* ]] && continue\n"
          << "    [[ \" $(_justera_words \"$cmdpath\") \" == *\" $w \"* ]] && cmdpath=${cmdpath:+$cmdpath }$w\n"
          << "  done\n"
          << "  words_here=(${=$(_justera_words \"$cmdpath\")})\n"
          << "  if [[ ${words[CURRENT]} == -* || -z $cmdpath ]]; then\n"
          << "    compadd -a words_here\n"
          << "  else\n"
          << "    compadd -a words_here\n    _files\n"
          << "  fi\n"
          << "}\n"
          << "_justera_words() {\n  case \"$1\" in\n";
        for (const auto& [path, words] : paths) s << "    \"" << path << "\") print -r -- \"" << words << "\" ;;\n";
        s << "  esac\n}\n"
          << "_justera \"$@\"\n";
        return s.str();
    }
    throw core::Error(core::Errc::Usage, "no completion for the shell '" + shell + "' (bash, zsh)", {},
                      "ingen komplettering för skalet '" + shell + "' (bash, zsh)");
}

}  // namespace justera::cli
