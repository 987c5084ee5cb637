#!/usr/bin/env bash
# Rewrites src/main/resources/org/gatewaydoctor/checks/dns/cdn-ranges.txt from the CDNs' published lists (needs curl and jq; run by hand, never by the build).
set -euo pipefail
cd "$(dirname "$0")/src/main/resources/org/gatewaydoctor/checks/dns"
out=cdn-ranges.txt.new
{
  sed -n '1,3p' cdn-ranges.txt
  echo "# as-of: $(date -u +%F)"
  grep '^# source:' cdn-ranges.txt
  echo "#"
  sed -n '/^# Transcribed/,/^# today/p' cdn-ranges.txt
  for v in 4 6; do curl -fsS "https://www.cloudflare.com/ips-v$v" | sed 's/^/Cloudflare /'; echo; done | grep -v '^$'
  curl -fsS https://api.fastly.com/public-ip-list | jq -r '.addresses[], .ipv6_addresses[]' | sed 's/^/Fastly /'
} > "$out"
mv "$out" cdn-ranges.txt
