# shellcheck shell=bash
# Sourced by the signing tests. signed_parts FILE A B C D DATA DER: writes the
# bytes a signature's /ByteRange [A B C D] covers to DATA, and its /Contents
# (the hex between the ranges, decoded, cut to the DER's own length: the rest
# is the placeholder's zero padding) to DER.
signed_parts() {
  local f=$1 a=$2 b=$3 c=$4 d=$5 data=$6 der=$7
  { head -c $((a + b)) "$f" | tail -c "$b"; head -c $((c + d)) "$f" | tail -c "$d"; } >"$data"
  head -c "$c" "$f" | tail -c $((c - a - b)) | tr -d '<>' | perl -ne 'print pack("H*", $_)' |
    perl -0777 -ne 'my ($t, $l) = unpack("C C", $_); my $len = 2 + $l;
      if ($l == 0x82) { $len = 4 + unpack("n", substr($_, 2, 2)) } elsif ($l == 0x83) { $len = 5 + (unpack("N", "\0" . substr($_, 2, 3))) }
      print substr($_, 0, $len)' >"$der"
}
