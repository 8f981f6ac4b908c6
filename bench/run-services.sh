#!/usr/bin/env bash
# Runs the CloudWatch Logs / S3 / IAM comparison of vpcsim (in memory and
# with a data directory) against moto_server on this machine and writes
# bench/results/<date>-services.md (also printed). Extra arguments go to
# svcbench, e.g. bench/run-services.sh -runs 5 -phase-cap 10s.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/vpcsim" ./cmd/vpcsim
go build -o "$bin/svcbench" ./bench/cmd/svcbench
command -v moto_server >/dev/null || { echo "run-services.sh: moto_server not found (pip install 'moto[server]')" >&2; exit 1; }
"$bin/svcbench" -vpcsim "$bin/vpcsim" -out "bench/results/$(date +%F)-services.md" "$@"
