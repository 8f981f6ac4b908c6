#!/usr/bin/env bash
# Runs the whole vpcsim-vs-moto comparison on this machine and writes
# bench/results/<date>.md (also printed). Extra arguments go to vpcbench,
# e.g. bench/run.sh -moto-prepop 2000 -runs 5.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/vpcsim" ./cmd/vpcsim
go build -o "$bin/populate" ./bench/cmd/populate
go build -o "$bin/vpcbench" ./bench/cmd/vpcbench
command -v moto_server >/dev/null || { echo "run.sh: moto_server not found (pip install 'moto[server]')" >&2; exit 1; }
"$bin/vpcbench" -vpcsim "$bin/vpcsim" -populate "$bin/populate" "$@"
