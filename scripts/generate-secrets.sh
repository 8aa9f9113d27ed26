#!/usr/bin/env bash
# Writes the secrets `docker compose` refuses to start without into .env beside
# docker-compose.yml (or the file given as $1): 32 random bytes each, hex-encoded. A secret that
# .env already holds is kept, so running this again never rotates what a deployment uses.
set -euo pipefail

env_file=${1:-"$(cd "$(dirname "$0")/.." && pwd)/.env"}
secrets=(JWT_SECRET REALTIME_TOKEN_SECRET REALTIME_API_KEY DB_PASSWORD DB_ROOT_PASSWORD SEARXNG_SECRET)

umask 077
touch "$env_file"
chmod 600 "$env_file"
for name in "${secrets[@]}"; do
  if grep -Eq "^${name}=.+" "$env_file"; then
    echo "kept $name"
  else
    # A line ending: appending to a file whose last line has none would glue two variables.
    [ -s "$env_file" ] && [ -n "$(tail -c 1 "$env_file")" ] && echo >> "$env_file"
    printf '%s=%s\n' "$name" "$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" >> "$env_file"
    echo "generated $name"
  fi
done
echo "secrets are in $env_file"
