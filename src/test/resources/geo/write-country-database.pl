#!/usr/bin/perl
# Writes a MaxMind DB country file with MaxMind's own writer (Debian: libmaxmind-db-writer-perl), laid out as
# GeoLite2-Country is: an IPv6 tree with IPv4 aliased into it, country.iso_code and country.names.
#   write-country-database.pl OUT.mmdb 203.0.113.0/24=DE 198.51.100.0/24=RU ...
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my ($out, @networks) = @ARGV;
die "usage: $0 OUT.mmdb CIDR=CC...\n" unless $out && @networks;
my %types = (country => 'map', registered_country => 'map', iso_code => 'utf8_string', names => 'map', en => 'utf8_string');
my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version            => 6,
    record_size           => 24,
    database_type         => 'GeoLite2-Country',
    languages             => ['en'],
    description           => { en => 'Fortel test countries' },
    alias_ipv6_to_ipv4    => 1,
    # The tests use the documentation ranges (RFC 5737, RFC 3849), which the writer drops by default.
    remove_reserved_networks => 0,
    map_key_type_callback => sub { $types{ $_[0] } },
);
for my $pair (@networks) {
    my ($cidr, $code) = split /=/, $pair;
    my $country = { iso_code => $code, names => { en => $code } };
    $cidr = "::$cidr" =~ s{/(\d+)$}{'/' . ($1 + 96)}er if $cidr =~ /^\d+\.\d+\.\d+\.\d+\//;
    $tree->insert_network($cidr, { country => $country, registered_country => $country });
}
my $tmp = "$out.tmp";
open my $fh, '>:raw', $tmp or die "$tmp: $!";
$tree->write_tree($fh);
close $fh or die "$tmp: $!";
# A rename, as geoipupdate does: a reader never maps a half-written file.
rename $tmp, $out or die "$out: $!";
