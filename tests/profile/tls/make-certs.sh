#!/bin/sh
# Regenerates the TLS test fixtures of tests/profile.rs (run from this folder). Test-only
# keys: nothing here protects anything. Valid for 100 years so the tests do not expire.
#   ca.pem           the CA the profiles trust
#   server-ip.*      node certificate for IP 127.0.0.1 (what the driver checks by default)
#   server-name.*    node certificate naming only node1.example (needs verify_hostname: false)
#   client.*         client certificate signed by the CA (for require-client-cert tests)
#   other-ca.pem     an unrelated CA (a node certificate it did not sign must be refused)
set -eu
days=36500
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
ca() { # name subject
  key "$1-key.pem"
  openssl req -x509 -new -key "$1-key.pem" -subj "/CN=$2" -days $days -out "$1.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
}
leaf() { # name subject san eku
  key "$1-key.pem"
  openssl req -new -key "$1-key.pem" -subj "/CN=$2" -out "$1.csr"
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\n%s\n' "$4" "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days $days \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
ca ca "ringbench test CA"
ca other-ca "some other CA"
leaf server-ip "127.0.0.1" "subjectAltName=IP:127.0.0.1" serverAuth
leaf server-name "node1.example" "subjectAltName=DNS:node1.example" serverAuth
leaf client "bench-client" "subjectAltName=DNS:bench-client" clientAuth
rm -f ca.srl other-ca-key.pem ca-key.pem
