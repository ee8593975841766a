#!/usr/bin/perl
# A trace line's shape, for comparing vdsosim exec --strace with real strace: what the program
# asked and how it was answered, without the values that differ from run to run or host to host
# (addresses, numbers, pids, random bytes, the execve line's environment). Reads stdin.
# With -o: the calls whose outcome differs here because the process surface has no files, no
# statx, no rseq and no threads (futex, clone) keep only what the program passed in (their written arguments and result
# become OUT), so that their shapes can still be compared.
use strict;
use warnings;
my %written = (readlink => [2], readlinkat => [3], newfstatat => [3], fstatat64 => [3], statx => [5], rseq => [], futex => [], clone => []);
my $mask = @ARGV && $ARGV[0] eq '-o';

# the top-level arguments of "name(a, b, ...) = r"
sub split_args {
	my ($s) = @_;
	my @a;
	my ($cur, $depth, $q) = ('', 0, 0);
	for (my $i = 0; $i < length $s; $i++) {
		my $c = substr($s, $i, 1);
		if ($q) { $cur .= $c; if ($c eq '\\') { $cur .= substr($s, ++$i, 1) } elsif ($c eq '"') { $q = 0 } next }
		if ($c eq '"') { $q = 1 } elsif ($c =~ /[({\[]/) { $depth++ } elsif ($c =~ /[)}\]]/) { $depth-- }
		if ($c eq ',' && !$depth) { push @a, $cur; $cur = ''; $i++ if substr($s, $i + 1, 1) eq ' '; next }
		$cur .= $c;
	}
	push @a, $cur if length $cur;
	return @a;
}

while (my $l = <STDIN>) {
	chomp $l;
	next if $l =~ /^\[ Process PID=\d+ runs in \d+ bit mode\. \]$/;
	$l =~ s/^\d+ +//;                                   # strace -f -o FILE: the pid first
	$l =~ s/^\[pid +\d+\] //;
	$l =~ s/ <vdso fallback>$//;
	$l =~ s/^(execve\(.*\], )0x[0-9a-f]+ \/\* \d+ vars? \*\//$1ENV/;
	$l =~ s/"(?:\\x[0-9a-f]{2})+"/"RANDOM"/g;          # getrandom's bytes
	$l =~ s/\b0x[0-9a-f]+\b/ADDR/g;
	$l =~ s/(?<![\w\\])-?\d+(?:\*1024)?\b/N/g;          # numbers, not escapes like \1 or names like E2BIG
	$l =~ s/\) +(= )/) $1/;                             # strace's column 40
	if ($mask && $l =~ /^(\w+)\((.*)\) = .*$/ && exists $written{$1}) {
		my ($name, @a) = ($1, split_args($2));
		$a[$_ - 1] = 'OUT' for @{ $written{$name} };
		$l = "$name(" . join(', ', @a) . ') = OUT';
	}
	print "$l\n";
}
