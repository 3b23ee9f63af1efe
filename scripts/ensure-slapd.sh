#!/usr/bin/env bash
# The directory sign-in tests run a private OpenLDAP server (Debian's slapd) from their own configuration in a
# temporary folder; ldapadd/ldapmodify (ldap-utils) load its tree. Installed without any system configuration:
# /etc/ldap gets no database and no server is started.
set -euo pipefail
if [ -x /usr/sbin/slapd ] && command -v ldapadd >/dev/null; then exit 0; fi
echo "slapd or ldap-utils missing; installing Debian's slapd and ldap-utils..." >&2
if [ "$(id -u)" -ne 0 ]; then
  echo "Cannot install slapd without root. Run: sudo apt-get install -y slapd ldap-utils" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
apt-get update -qq >/dev/null
apt-get install -y -qq slapd ldap-utils >/dev/null
[ -x /usr/sbin/slapd ] && command -v ldapadd >/dev/null || { echo "slapd install failed" >&2; exit 1; }
