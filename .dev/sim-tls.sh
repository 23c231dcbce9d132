#!/usr/bin/env bash
# A local CA and a server certificate for 127.0.0.1 / localhost, for the exchange-simulator's
# HTTPS (Graph) face: MSAL refuses non-HTTPS authorities, and Graph clients only talk HTTPS.
# Clients trust it through NODE_EXTRA_CA_CERTS=<dir>/ca.pem.
#   .dev/sim-tls.sh [DIR]   default DIR: .run/sim-tls; prints DIR
# Idempotent: existing files are kept while the server certificate is valid for another day.
# The keys never leave DIR (git-ignored under .run/); they are for loopback tests only.
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DIR="${1:-$ROOMS_RUN/sim-tls}"
command -v openssl >/dev/null || die "openssl is needed (apt-get install -y openssl)"
mkdir -p "$DIR"
chmod 700 "$DIR"
cd "$DIR"

if [ -s ca.pem ] && [ -s server.pem ] && [ -s server.key ] &&
  openssl x509 -in server.pem -noout -checkend 86400 >/dev/null 2>&1; then
  echo "$DIR"
  exit 0
fi

umask 077
openssl req -x509 -newkey rsa:2048 -nodes -days 825 -sha256 \
  -keyout ca.key -out ca.pem -subj "/CN=rooms-sync simulator local CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -sha256 -keyout server.key -out server.csr \
  -subj "/CN=127.0.0.1" 2>/dev/null
printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
  "extendedKeyUsage=serverAuth" "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost" >server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 365 -sha256 \
  -extfile server.ext -out server.pem 2>/dev/null
rm -f server.csr server.ext ca.srl
chmod 644 ca.pem server.pem
echo "$DIR"
