#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked, throw-away gnome-keyring, so
# tests use the real Secret Service without touching the user's keyring.
#   scripts/with-keyring.sh <command...>
set -euo pipefail
if [ "$(uname -s)" != "Linux" ]; then exec "$@"; fi
if [ -z "${IN_KEYRING_BUS:-}" ]; then
  for tool in dbus-run-session gnome-keyring-daemon gdbus; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "with-keyring: '$tool' is missing. Install: sudo apt-get install -y dbus gnome-keyring libglib2.0-bin" >&2
      exit 1
    fi
  done
  KR_TMP="$(mktemp -d)"
  chmod 700 "$KR_TMP"
  export XDG_DATA_HOME="$KR_TMP/data" XDG_RUNTIME_DIR="$KR_TMP/run" IN_KEYRING_BUS=1
  mkdir -p -m 700 "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
  trap 'rm -rf "$KR_TMP"' EXIT
  set +e
  dbus-run-session -- "$0" "$@" 2> >(grep -v "Failed to set fd limit" >&2)
  code=$?
  set -e
  exit $code
fi
printf '%s' "${KEYRING_PASS:-ci-keyring-pass}" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
gdbus wait --session --timeout 10 org.freedesktop.secrets
exec "$@"
