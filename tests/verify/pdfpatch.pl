#!/usr/bin/perl
# SPDX-License-Identifier: GPL-3.0-or-later
# pdfpatch.pl: byte-level surgery on signed PDFs, for the attack corpus that
# make_corpus.sh builds. Perl core only (no zlib, no JSON): the machines that
# run the tests have perl but maybe not python3. Only classic cross-reference
# tables are understood, which is what justera, pdfsig and mutool write.
#
#   pdfpatch.pl trailer FILE                  size=N root=R info=I startxref=X (newest trailer)
#   pdfpatch.pl offset FILE N                 byte offset of object N's newest definition
#   pdfpatch.pl object FILE N                 object N's body (between "N G obj" and "endobj")
#   pdfpatch.pl revisions FILE                end offset of every revision (after each %%EOF line)
#   pdfpatch.pl append FILE OUT [--no-xref] SPEC...
#        an incremental update: SPEC is N=BODYFILE (a new body for object N;
#        "/Length" of a stream is recomputed) or N@OFFSET (an xref entry only,
#        pointing object N at bytes already in the file). --no-xref appends the
#        bodies alone, without cross-reference section or trailer.
#   pdfpatch.pl sigs FILE                     "K OPEN CLOSE A B C D" per /ByteRange array, K from 1 in file order
#   pdfpatch.pl set-byterange FILE K A B C D OUT   rewrite array K in place, same length
#   pdfpatch.pl get-contents FILE K OUT.der   signature K's CMS (the hex in its ByteRange gap, cut to its DER length)
#   pdfpatch.pl put-contents FILE K IN.der OUT     replace K's hex by IN.der, zero-padded to the same length
#   pdfpatch.pl fill-contents FILE K zero|random|SEED OUT  the gap's hex replaced by zeros or by pseudo-random hex
#   pdfpatch.pl signed-data FILE K OUT        the bytes K's ByteRange covers
#   pdfpatch.pl swap-token TARGET.der DONOR.der OUT.der
#        TARGET's signature timestamp token (unsigned attribute
#        id-aa-timeStampToken) replaced by DONOR's; every enclosing length fixed
#   pdfpatch.pl token CMS.der OUT.der          the signature timestamp token inside a CMS
#   pdfpatch.pl swa FILE K N BODYFILE OUT
#        signature wrapping: K (the last signature) gets a ByteRange whose
#        first range stops before its own ByteRange array and whose second
#        range is a copy, at the end of the file, of the bytes it signed
#        there; in the gap, now unsigned, the last cross-reference section
#        gains an entry for object N with the body in BODYFILE.
use strict;
use warnings;

sub slurp { my ($f) = @_; open(my $h, '<:raw', $f) or die "pdfpatch: $f: $!\n"; local $/; my $d = <$h>; close $h; return $d; }
sub spew { my ($f, $d) = @_; open(my $h, '>:raw', $f) or die "pdfpatch: $f: $!\n"; print $h $d or die "pdfpatch: $f: $!\n"; close $h or die "pdfpatch: $f: $!\n"; }

# The newest startxref: the last "startxref N %%EOF" of the file.
sub last_startxref {
    my ($pdf) = @_;
    my $tail = substr($pdf, -2048 > -length($pdf) ? -2048 : 0);
    my @all = $tail =~ /startxref\s+(\d+)\s+%%EOF/g;
    die "pdfpatch: no startxref ... %%EOF at the end of the file\n" unless @all;
    return $all[-1];
}

# parse_xref(PDF, OFFSET): (entries {N => [offset, gen, type]}, trailer text, end of section)
sub parse_xref {
    my ($pdf, $at) = @_;
    pos($pdf) = $at;
    $pdf =~ /\Gxref\s*/gc or die "pdfpatch: no classic cross-reference table at $at\n";
    my %e;
    while ($pdf =~ /\G(\d+)\s+(\d+)\s*[\r\n]+/gc) {
        my ($first, $count) = ($1, $2);
        for my $i (0 .. $count - 1) {
            $pdf =~ /\G(\d{10})\s(\d{5})\s([nf])\s*[\r\n]*/gc or die "pdfpatch: bad xref entry near " . pos($pdf) . "\n";
            $e{$first + $i} = [$1 + 0, $2 + 0, $3];
        }
    }
    my $tstart = pos($pdf);
    $pdf =~ /\Gtrailer\s*(<<.*?>>)\s*startxref/gcs or die "pdfpatch: no trailer after the xref at $at\n";
    return (\%e, $1, $tstart);
}

# The chain of xref sections, newest first: list of [offset, entries, trailer].
sub xref_chain {
    my ($pdf) = @_;
    my @chain;
    my %seen;
    my $at = last_startxref($pdf);
    while (defined $at) {
        die "pdfpatch: /Prev loop\n" if $seen{$at}++;
        my ($e, $t) = parse_xref($pdf, $at);
        push @chain, [$at, $e, $t];
        $at = $t =~ m{/Prev\s+(\d+)} ? $1 : undef;
    }
    return @chain;
}

sub newest_trailer {
    my ($pdf) = @_;
    my @chain = xref_chain($pdf);
    my $t = $chain[0][2];
    my %r = (startxref => $chain[0][0]);
    ($r{size}) = $t =~ m{/Size\s+(\d+)};
    ($r{root}) = $t =~ m{/Root\s+(\d+\s+\d+\s+R)};
    ($r{info}) = $t =~ m{/Info\s+(\d+\s+\d+\s+R)};
    ($r{id}) = $t =~ m{(/ID\s*\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\])};
    return \%r;
}

sub object_offset {
    my ($pdf, $n) = @_;
    for my $sec (xref_chain($pdf)) {
        my $e = $sec->[1]{$n};
        next unless $e;
        die "pdfpatch: object $n is free\n" if $e->[2] ne 'n';
        return $e->[0];
    }
    die "pdfpatch: object $n is not in any cross-reference section\n";
}

# object_body(PDF, N): the bytes between "N G obj" and "endobj", the stream
# (if any) read by its direct /Length.
sub object_body {
    my ($pdf, $n) = @_;
    my $at = object_offset($pdf, $n);
    pos($pdf) = $at;
    $pdf =~ /\G\s*(\d+)\s+(\d+)\s+obj\b/gc or die "pdfpatch: no 'obj' header at $at\n";
    die "pdfpatch: the header at $at says object $1, not $n\n" unless $1 == $n;
    my $start = pos($pdf);
    my $end = index($pdf, 'endobj', $start);
    die "pdfpatch: no endobj after $at\n" if $end < 0;
    my $s = index($pdf, 'stream', $start);
    if ($s >= 0 && $s < $end) {
        my $dict = substr($pdf, $start, $s - $start);
        my ($len) = $dict =~ m{/Length\s+(\d+)(?!\s+\d+\s+R)} or die "pdfpatch: object $n: no direct /Length\n";
        my $d = $s + 6;
        $d++ if substr($pdf, $d, 1) eq "\r";
        $d++ if substr($pdf, $d, 1) eq "\n";
        my $data = substr($pdf, $d, $len);
        $dict =~ s/\s+\z//;
        return "$dict\nstream\n$data\nendstream";
    }
    my $body = substr($pdf, $start, $end - $start);
    $body =~ s/\A\s+//;
    $body =~ s/\s+\z//;
    return $body;
}

# A body for an appended object: a stream's /Length recomputed.
sub fix_length {
    my ($body) = @_;
    my $s = index($body, "stream\n");
    return $body if $s < 0;
    my $dict = substr($body, 0, $s);
    my $e = rindex($body, "\nendstream");
    die "pdfpatch: a stream body without \\nendstream\n" if $e < $s;
    my $len = $e - ($s + 7);
    $dict =~ s{/Length\s+(?:\d+|auto)\b}{/Length $len} or die "pdfpatch: a stream body without /Length\n";
    return $dict . substr($body, $s);
}

sub xref_text {
    my (%off) = @_;    # N => offset
    my @n = sort { $a <=> $b } keys %off;
    my $x = "xref\n0 1\n0000000000 65535 f \n";
    while (@n) {
        my @run = (shift @n);
        push @run, shift @n while @n && $n[0] == $run[-1] + 1;
        $x .= "$run[0] " . scalar(@run) . "\n";
        $x .= sprintf("%010d 00000 n \n", $off{$_}) for @run;
    }
    return $x;
}

sub cmd_append {
    my ($in, $out, @specs) = @_;
    my $pdf = slurp($in);
    my $noxref = 0;
    if (@specs && $specs[0] eq '--no-xref') { $noxref = 1; shift @specs; }
    die "pdfpatch append: nothing to append\n" unless @specs;
    my $t = $noxref ? undef : newest_trailer($pdf);
    my $new = $pdf;
    $new .= "\n" unless $new =~ /\n\z/;
    my %off;
    my $max = 0;
    for my $spec (@specs) {
        if ($spec =~ /^(\d+)=(.+)$/) {
            my ($n, $file) = ($1, $2);
            $off{$n} = length $new;
            $new .= "$n 0 obj\n" . fix_length(slurp($file)) . "\nendobj\n";
            $max = $n if $n > $max;
        } elsif ($spec =~ /^(\d+)@(\d+)$/) {
            die "pdfpatch append: N\@OFFSET needs a cross-reference section\n" if $noxref;
            $off{$1} = $2;
            $max = $1 if $1 > $max;
        } else {
            die "pdfpatch append: bad spec '$spec'\n";
        }
    }
    unless ($noxref) {
        my $size = $t->{size} > $max + 1 ? $t->{size} : $max + 1;
        my $x = length $new;
        $new .= xref_text(%off);
        $new .= "trailer\n<<\n";
        $new .= "$t->{id}\n" if $t->{id};
        $new .= "/Info $t->{info}\n" if $t->{info};
        $new .= "/Prev $t->{startxref}\n/Root $t->{root}\n/Size $size\n>>\nstartxref\n$x\n%%EOF\n";
    }
    spew($out, $new);
}

# Every /ByteRange array in file order: [open, close, a, b, c, d].
sub byteranges {
    my ($pdf) = @_;
    my @r;
    while ($pdf =~ m{/ByteRange\s*(\[)\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*(\])}g) {
        push @r, [$-[1], $-[6], $2, $3, $4, $5];
    }
    return @r;
}

sub sig {
    my ($pdf, $k) = @_;
    my @r = byteranges($pdf);
    die "pdfpatch: no signature $k (the file has " . scalar(@r) . ")\n" unless $k >= 1 && $k <= @r;
    return @{ $r[$k - 1] };
}

sub byterange_text {
    my ($width, @v) = @_;
    my $t = "[ @v ";
    die "pdfpatch: [@v] does not fit in $width bytes\n" if length($t) + 1 > $width;
    return $t . (' ' x ($width - length($t) - 1)) . ']';
}

sub der_length {    # total length of the DER element at the start of BYTES
    my ($b) = @_;
    my $l = ord(substr($b, 1, 1));
    return 2 + $l if $l < 0x80;
    my $n = $l & 0x7f;
    die "pdfpatch: indefinite or oversized DER length\n" if $n == 0 || $n > 4;
    my $v = 0;
    $v = $v * 256 + ord(substr($b, 2 + $_, 1)) for 0 .. $n - 1;
    return 2 + $n + $v;
}

sub enc_len {
    my ($n) = @_;
    return chr($n) if $n < 0x80;
    my $b = '';
    while ($n) { $b = chr($n & 0xff) . $b; $n >>= 8; }
    return chr(0x80 | length $b) . $b;
}

# Rewrite the DER in BUF[$start,$end) so that the element spanning exactly
# [$t0,$t1) becomes NEW, fixing the length of every element enclosing it.
sub der_replace {
    my ($buf, $start, $end, $t0, $t1, $new) = @_;
    my $out = '';
    my $p = $start;
    while ($p < $end) {
        my $tag = ord(substr($buf, $p, 1));
        die "pdfpatch: multi-byte DER tags are not handled\n" if ($tag & 0x1f) == 0x1f;
        my $l = ord(substr($buf, $p + 1, 1));
        my $hl = 2;
        my $len = $l;
        if ($l >= 0x80) {
            my $n = $l & 0x7f;
            die "pdfpatch: indefinite DER length\n" if $n == 0;
            $len = 0;
            $len = $len * 256 + ord(substr($buf, $p + 2 + $_, 1)) for 0 .. $n - 1;
            $hl = 2 + $n;
        }
        my $e = $p + $hl + $len;
        if ($p == $t0 && $e == $t1) {
            $out .= $new;
        } elsif ($t0 >= $p + $hl && $t1 <= $e && ($tag & 0x20)) {
            my $inner = der_replace($buf, $p + $hl, $e, $t0, $t1, $new);
            $out .= chr($tag) . enc_len(length $inner) . $inner;
        } else {
            $out .= substr($buf, $p, $e - $p);
        }
        $p = $e;
    }
    return $out;
}

# The timestamp token of a CMS: [start, end) of the token element, the value
# of the id-aa-timeStampToken attribute (OID 1.2.840.113549.1.9.16.2.14).
sub token_span {
    my ($der) = @_;
    my $oid = "\x06\x0b\x2a\x86\x48\x86\xf7\x0d\x01\x09\x10\x02\x0e";
    my $i = index($der, $oid);
    die "pdfpatch: no id-aa-timeStampToken attribute\n" if $i < 0;
    my $set = $i + length $oid;
    die "pdfpatch: the attribute's value is not a SET\n" unless substr($der, $set, 1) eq "\x31";
    my $l = ord(substr($der, $set + 1, 1));
    my $hl = $l < 0x80 ? 2 : 2 + ($l & 0x7f);
    my $t0 = $set + $hl;
    return ($t0, $t0 + der_length(substr($der, $t0)));
}

my $cmd = shift @ARGV // '';
if ($cmd eq 'trailer') {
    my $t = newest_trailer(slurp($ARGV[0]));
    print "size=$t->{size} root=" . ($t->{root} =~ /^(\d+)/)[0] . " info=" . (($t->{info} // '') =~ /^(\d+)/ ? $1 : '') . " startxref=$t->{startxref}\n";
} elsif ($cmd eq 'offset') {
    print object_offset(slurp($ARGV[0]), $ARGV[1]), "\n";
} elsif ($cmd eq 'object') {
    binmode STDOUT;
    print object_body(slurp($ARGV[0]), $ARGV[1]);
} elsif ($cmd eq 'revisions') {
    my $pdf = slurp($ARGV[0]);
    while ($pdf =~ /%%EOF(\r\n|\r|\n)?/g) { print pos($pdf), "\n"; }
} elsif ($cmd eq 'append') {
    cmd_append(@ARGV);
} elsif ($cmd eq 'sigs') {
    my $k = 0;
    print join(' ', ++$k, @$_), "\n" for byteranges(slurp($ARGV[0]));
} elsif ($cmd eq 'set-byterange') {
    my ($in, $k, @v) = @ARGV[0 .. 5];
    my $out = $ARGV[6];
    my $pdf = slurp($in);
    my ($open, $close) = sig($pdf, $k);
    substr($pdf, $open, $close + 1 - $open) = byterange_text($close + 1 - $open, @v);
    spew($out, $pdf);
} elsif ($cmd eq 'get-contents' || $cmd eq 'signed-data') {
    my ($in, $k, $out) = @ARGV;
    my $pdf = slurp($in);
    my (undef, undef, $a, $b, $c, $d) = sig($pdf, $k);
    if ($cmd eq 'signed-data') {
        spew($out, substr($pdf, $a, $b) . substr($pdf, $c, $d));
    } else {
        my $hex = substr($pdf, $b, $c - $b);
        $hex =~ s/^<|>$//g;
        die "pdfpatch: the gap of signature $k is not a hex string\n" if $hex =~ /[^0-9A-Fa-f\s]/;
        $hex =~ s/\s+//g;
        my $raw = pack('H*', $hex);
        spew($out, substr($raw, 0, der_length($raw)));
    }
} elsif ($cmd eq 'put-contents' || $cmd eq 'fill-contents') {
    my ($in, $k, $what, $out) = @ARGV;
    my $pdf = slurp($in);
    my (undef, undef, $a, $b, $c, $d) = sig($pdf, $k);
    die "pdfpatch: the gap of signature $k is not <...>\n" unless substr($pdf, $b, 1) eq '<' && substr($pdf, $c - 1, 1) eq '>';
    my $width = $c - $b - 2;
    my $hex;
    if ($cmd eq 'put-contents') {
        $hex = uc unpack('H*', slurp($what));
        die "pdfpatch: the CMS needs " . length($hex) . " hex digits, the gap holds $width\n" if length($hex) > $width;
        $hex .= '0' x ($width - length $hex);
    } elsif ($what eq 'zero') {
        $hex = '0' x $width;
    } else {
        srand($what eq 'random' ? 1 : $what);
        $hex = join '', map { ('0' .. '9', 'A' .. 'F')[int rand 16] } 1 .. $width;
    }
    substr($pdf, $b + 1, $width) = $hex;
    spew($out, $pdf);
} elsif ($cmd eq 'swap-token') {
    my ($target, $donor, $out) = @ARGV;
    my $t = slurp($target);
    my $dn = slurp($donor);
    my ($t0, $t1) = token_span($t);
    my ($d0, $d1) = token_span($dn);
    my $new = der_replace($t, 0, der_length($t), $t0, $t1, substr($dn, $d0, $d1 - $d0));
    spew($out, $new);
} elsif ($cmd eq q(token)) {
    my ($in, $out) = @ARGV;
    my $der = slurp($in);
    my ($t0, $t1) = token_span($der);
    spew($out, substr($der, $t0, $t1 - $t0));
} elsif ($cmd eq 'swa') {
    my ($in, $k, $n, $bodyfile, $out) = @ARGV;
    my $pdf = slurp($in);
    my $size = length $pdf;
    my ($open, $close, $a, $b, $c, $d) = sig($pdf, $k);
    die "pdfpatch swa: signature $k does not end the file\n" unless $c + $d == $size && $a == 0;
    my $x0 = last_startxref($pdf);
    die "pdfpatch swa: the last xref is not after signature ${k}'s gap\n" unless $x0 > $c;
    my ($e, $trailer, $tstart) = parse_xref($pdf, $x0);
    my $copy = substr($pdf, $open, $b - $open) . substr($pdf, $c, $d);    # what the new second range covers
    my %off = map { $_ => $e->{$_}[0] } grep { $_ != 0 } keys %$e;
    my $obj = "$n 0 obj\n" . fix_length(slurp($bodyfile)) . "\nendobj\n";
    my $tail = substr($pdf, $tstart);    # trailer ... startxref X0 %%EOF, unchanged
    $off{$n} = 0;
    my $xlen = length xref_text(%off);
    $off{$n} = $x0 + $xlen + length $tail;
    my $gap = xref_text(%off) . $tail . $obj;
    my $start2 = $x0 + length $gap;
    my $new = substr($pdf, 0, $x0) . $gap . $copy;
    substr($new, $open, $close + 1 - $open) = byterange_text($close + 1 - $open, 0, $open, $start2, length $copy);
    spew($out, $new);
} else {
    die "usage: pdfpatch.pl trailer|offset|object|revisions|append|sigs|set-byterange|get-contents|put-contents|fill-contents|signed-data|swap-token|swa ...\n";
}
