#!/usr/bin/env bash
# Rewrites src/main/resources/org/gatewaydoctor/checks/dns/cdn-ranges.txt from the CDNs' published lists (needs curl and jq; run by hand, never by the build).
set -euo pipefail
cd "$(dirname "$0")/src/main/resources/org/gatewaydoctor/checks/dns"
out=cdn-ranges.txt.new
{
  sed -n '1,3p' cdn-ranges.txt
  echo "# as-of: $(date -u +%F)"
  aws=$(curl -fsS https://ip-ranges.amazonaws.com/ip-ranges.json)
  grep '^# source:' cdn-ranges.txt | grep -v '^# source: CloudFront'
  echo "# source: CloudFront https://ip-ranges.amazonaws.com/ip-ranges.json (service CLOUDFRONT; createDate $(jq -r .createDate <<<"$aws"), syncToken $(jq -r .syncToken <<<"$aws"))"
  echo "#"
  sed -n '/^# Transcribed/,/^# today/p' cdn-ranges.txt
  for v in 4 6; do curl -fsS "https://www.cloudflare.com/ips-v$v" | sed 's/^/Cloudflare /'; echo; done | grep -v '^$'
  curl -fsS https://api.fastly.com/public-ip-list | jq -r '.addresses[], .ipv6_addresses[]' | sed 's/^/Fastly /'
  jq -r '(.prefixes[] | select(.service == "CLOUDFRONT") | .ip_prefix), (.ipv6_prefixes[] | select(.service == "CLOUDFRONT") | .ipv6_prefix)' <<<"$aws" | awk '!seen[$0]++' | sed 's/^/CloudFront /'
} > "$out"
mv "$out" cdn-ranges.txt
