#!/usr/bin/env bash
# Checks the chart's alert rules with Prometheus's own tool:
#   promtool check rules   - the file loads in Prometheus (syntax, PromQL, templates)
#   promtool test rules    - every alert fires, and stays quiet, on synthetic series
# Usage: scripts/check-alert-rules.sh   (from anywhere; needs promtool on PATH or $PROMTOOL)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rules_dir="$root/helm/costguard/files"
promtool="${PROMTOOL:-promtool}"

if ! command -v "$promtool" >/dev/null 2>&1; then
  echo "check-alert-rules: promtool not found." >&2
  echo "  Install Prometheus's tools:  sudo apt-get update && sudo apt-get install -y prometheus" >&2
  echo "  (or set PROMTOOL=/path/to/promtool)" >&2
  exit 1
fi

echo "check-alert-rules: $("$promtool" --version 2>&1 | head -n1)"
# test rules resolves rule_files relative to the test file; run from its folder for clear paths
cd "$rules_dir"
"$promtool" check rules alert-rules.yaml
"$promtool" test rules alert-rules.test.yaml
echo "check-alert-rules: OK"
