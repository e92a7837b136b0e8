#!/usr/bin/env bash
# Re-fetches the third-party CRDs the tests use from their Go modules (Go module proxy) and checks
# them against operator/src/test/resources/third-party-crds: byte for byte and by sha256.
#   scripts/fetch-third-party-crds.sh           verify (exit 1 on any difference)
#   scripts/fetch-third-party-crds.sh --update  copy the fetched files over the committed ones
set -euo pipefail
cd "$(dirname "$0")/.."
dir=operator/src/test/resources/third-party-crds
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export GOPATH="$work/gopath" GOFLAGS=-mod=mod GO111MODULE=on

# file  module@version  path-in-module  sha256
crds=(
  "jobset.x-k8s.io_jobsets.yaml sigs.k8s.io/jobset@v0.10.1 config/components/crd/bases/jobset.x-k8s.io_jobsets.yaml dd2d5dbb3186ea36f6815b19d9bc18c0f59ce50e28348d11d2a0888e0b5d0f16"
  "ray.io_rayjobs.yaml github.com/ray-project/kuberay/ray-operator@v1.5.0 config/crd/bases/ray.io_rayjobs.yaml a2d8246e4573896ed68d5f439f4de716e220ef15df3832652d8ee68cc86e6190"
  "kubeflow.org_pytorchjobs.yaml github.com/kubeflow/training-operator@v1.8.1 manifests/base/crds/kubeflow.org_pytorchjobs.yaml 2e38887fa7c47f01c4a13548feeb179d1e26b98f2eb3eb755b8ac64ac9084036"
)

failed=0
for entry in "${crds[@]}"; do
  read -r file module path sum <<<"$entry"
  moddir=$(cd "$work" && go mod download -json "$module" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  fetched="$moddir/$path"
  got=$(sha256sum "$fetched" | cut -d' ' -f1)
  if [[ "${1:-}" == "--update" ]]; then
    cp "$fetched" "$dir/$file" && chmod 644 "$dir/$file"
    echo "updated $file from $module ($got): update the sha256 in this script and README.md"
    continue
  fi
  if [[ "$got" != "$sum" ]]; then
    echo "MISMATCH $file: $module/$path has sha256 $got, expected $sum"; failed=1
  elif ! cmp -s "$fetched" "$dir/$file"; then
    echo "DIFFERS $file: the committed copy is not $module/$path"; failed=1
  else
    echo "ok $file = $module/$path ($sum)"
  fi
done
exit $failed
