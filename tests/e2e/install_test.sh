#!/usr/bin/env bash
# install_test.sh BUILD_DIR SOURCE_DIR: what `cmake --install` and the Debian
# package (cpack -G DEB) put on a machine works from where it lands: the
# executable finds its modules and helper under any prefix, the manual page
# is valid roff that names every command, the bash completion completes
# commands, subcommands and options, and the package declares the libraries,
# fonts and colour profile it needs.
set -uo pipefail
build=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
export SOURCE_DATE_EPOCH=1711101600
seed=$src/tests/fixtures/seeds/004_187fbd7e2f1d6b52.txt

# cmake --install under another prefix, staged with DESTDIR.
DESTDIR=$work/stage cmake --install "$build" --prefix /opt/justera >"$work/install.log" 2>&1 && ok || { fail "cmake --install"; tail -5 "$work/install.log"; }
root=$work/stage/opt/justera
for f in bin/justera libexec/justera/justera-pdf.so libexec/justera/justera-serve.so libexec/justera/justera-signservice.so \
         libexec/justera/justera-pdftext share/man/man1/justera.1 share/bash-completion/completions/justera \
         share/zsh/vendor-completions/_justera; do
  [ -s "$root/$f" ] && ok || fail "not installed: $f"
done
# The installed program, moved away from its build tree, finds its modules.
"$root/bin/justera" -q render "$seed" -o "$work/p.pdf" 2>"$work/err" && "$root/bin/justera" pdfa-check "$work/p.pdf" >/dev/null && ok ||
  { fail "the installed justera cannot render"; cat "$work/err"; }

# The manual page: roff without warnings, every command in it, a section per command.
man1=$root/share/man/man1/justera.1
groff -k -man -Tutf8 -ww -z "$man1" 2>"$work/groff" && [ ! -s "$work/groff" ] && ok || { fail "groff warns about the manual page"; head -5 "$work/groff"; }
groff -k -man -Tutf8 "$man1" 2>/dev/null | sed 's/.\x08//g' >"$work/man.txt"
for cmd in parse info validate fingerprint render extract pdfa-check sign "sign request" "sign response" timestamp verify deadlines check anslag serve "case new"; do
  grep -q "^   justera $cmd\$" "$work/man.txt" && ok || fail "the manual page has no section for 'justera $cmd'"
done
grep -q -- '--profile' "$work/man.txt" && grep -q 'EXIT STATUS' "$work/man.txt" && ok || fail "the manual page lacks --profile or EXIT STATUS"
# (The date in .TH is the build's; the rest is what 'justera --man' prints.)
"$build/justera" --man | sed '/^\.TH /d' | cmp -s - <(sed '/^\.TH /d' "$man1") && ok || fail "the installed manual page is not what 'justera --man' prints"

# bash completion, as bash calls it.
cat >"$work/complete.sh" <<EOS
source "$root/share/bash-completion/completions/justera"
t() { COMP_WORDS=("\$@"); COMP_CWORD=\$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _justera; echo "\${COMPREPLY[*]}"; }
t justera ver
t justera sign re
t justera sign --ro
t justera -q rend
t justera render --prof
EOS
bash "$work/complete.sh" >"$work/completions" 2>&1
printf 'verify\nrequest response\n--role\nrender\n--profile\n' | cmp -s - "$work/completions" && ok || { fail "bash completion:"; cat "$work/completions"; }
if command -v zsh >/dev/null 2>&1; then
  zsh -n "$root/share/zsh/vendor-completions/_justera" && ok || fail "the zsh completion does not parse"
else
  fail "no zsh to check the zsh completion with (scripts/install-deps.sh installs it)"
fi
"$build/justera" --completion fish >/dev/null 2>"$work/err"; rc=$?
[ "$rc" = 4 ] && grep -q "no completion for the shell 'fish'" "$work/err" && ok || fail "--completion fish: exit $rc"

# The Debian package.
(cd "$build" && cpack -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1) && ok || { fail "cpack -G DEB"; grep -E "Error|error" "$work/cpack.log" | head -8; }
deb=$(ls "$work"/pkg/justera_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] && ok || fail "no .deb written"
if [ -n "$deb" ]; then
  depends=$(dpkg-deb -f "$deb" Depends)
  for need in fonts-dejavu-core icc-profiles-free libpodofo libssl3 libxmlsec1-openssl libpoppler; do
    grep -q "$need" <<<"$depends" && ok || fail "the package does not depend on $need: $depends"
  done
  dpkg-deb -c "$deb" | awk '{ print $6 }' >"$work/contents"
  for f in ./usr/bin/justera ./usr/libexec/justera/justera-pdf.so ./usr/libexec/justera/justera-pdftext ./usr/share/man/man1/justera.1 \
           ./usr/share/bash-completion/completions/justera; do
    grep -q -x -F "$f" "$work/contents" && ok || fail "the package lacks $f"
  done
  dpkg-deb -x "$deb" "$work/unpacked"
  "$work/unpacked/usr/bin/justera" -q render "$seed" -o "$work/deb.pdf" 2>"$work/err" && cmp -s "$work/deb.pdf" "$work/p.pdf" && ok ||
    { fail "the packaged justera does not render as the installed one"; cat "$work/err"; }
fi

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
