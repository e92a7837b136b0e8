#!/usr/bin/env bash
# Builds the real control plane for the cluster test tier and `make run-real` from the Go modules
# pinned in controlplane/kube and controlplane/kwok, into a cache outside the work tree:
#   ${COSTGUARD_CONTROLPLANE_CACHE:-~/.cache/costguard/controlplane}/<kubernetes version>-<pins hash>/
# A second run finds the binaries there and returns at once. Prints the directory as its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kube_version="$(cd "$here/kube" && go list -m -f "{{.Version}}" k8s.io/kubernetes)"
# The folder is keyed by what decides the binaries: the pins and the build flags (build_flags_version:
# bump it when the go build lines below change). Assets copied from the modules are checked apart.
build_flags_version=1
pins_hash="$( (cat "$here"/kube/go.mod "$here"/kube/go.sum "$here"/kwok/go.mod "$here"/kwok/go.sum \
  "$here"/kube/cmd/etcd/main.go; echo "$build_flags_version") | sha256sum | cut -c1-12)"
cache_root="${COSTGUARD_CONTROLPLANE_CACHE:-$HOME/.cache/costguard/controlplane}"
out="$cache_root/$kube_version-$pins_hash"
binaries=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok)
# KEDA's published CRDs, taken from its Go module (the cluster tier installs ScaledObject from it).
keda_module="github.com/kedacore/keda/v2@v2.21.0"  # v2.21.1 needs Go 1.27.4

built() { for b in "${binaries[@]}"; do [ -x "$out/bin/$b" ] || return 1; done; }

# kwok's stages and KEDA's CRDs, copied from their modules (seconds; redone when this script changes).
assets() {
  # Nodes become Ready and keep a Lease (kwok's node stages); pods go through kwok's "general"
  # stages: created, Running and Ready, Job pods complete (the pod annotation
  # pod-complete.stage.kwok.x-k8s.io/delay keeps one running longer), deleted pods go away.
  kwok_dir="$(cd "$here/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)"
  mkdir -p "$out/kwok" "$out/crds"
  for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
           pod/general/pod-create.yaml pod/general/pod-init-container-running.yaml \
           pod/general/pod-init-container-completed.yaml pod/general/pod-ready.yaml \
           pod/general/pod-complete.yaml pod/general/pod-delete.yaml; do
    echo "---"; cat "$kwok_dir/kustomize/stage/$f"
  done > "$out/kwok/stages.yaml.tmp"
  mv "$out/kwok/stages.yaml.tmp" "$out/kwok/stages.yaml"
  keda_dir="$(cd "$here/kwok" && go mod download -json "$keda_module" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')" || true
  [ -n "$keda_dir" ] || { echo "go mod download $keda_module failed:" >&2; (cd "$here/kwok" && go mod download -json "$keda_module") >&2; exit 1; }
  cp "$keda_dir"/config/crd/bases/keda.sh_*.yaml "$out/crds/"
  sha256sum < "$here/build.sh" > "$out/.assets"
}
assets_current() { [ -s "$out/kwok/stages.yaml" ] && [ "$(cat "$out/.assets" 2>/dev/null)" = "$(sha256sum < "$here/build.sh")" ]; }

if built; then
  assets_current || assets
  echo "control plane $kube_version: cached in $out" >&2
  echo "$out"
  exit 0
fi

mkdir -p "$out/bin"
exec 9>"$out/.build.lock"
flock 9   # two builds at once (CI and a developer) share one result
if built; then assets_current || assets; echo "$out"; exit 0; fi

start=$(date +%s)
log="$out/build.log"
: > "$log"
# One line every 100 packages: a cold build compiles ~3000 packages and takes a while on 2 cores.
progress() {
  awk -v label="$1" -v t0="$start" '{ n++; print >> "'"$log"'" } n % 100 == 0 {
      printf "  %s: %d packages compiled (%ds)\n", label, n, systime() - t0 > "/dev/stderr"; fflush("/dev/stderr") }
    END { printf "  %s: %d packages compiled\n", label, n > "/dev/stderr" }'
}
major="${kube_version#v}"; major="${major%%.*}"
minor="${kube_version#v*.}"; minor="${minor%%.*}"
ldflags="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $p.gitVersion=$kube_version -X $p.gitMajor=$major -X $p.gitMinor=$minor"
  ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done
export CGO_ENABLED=0

echo "building control plane $kube_version into $out (cold: expect tens of minutes on 2 cores; log: $log)" >&2
(cd "$here/kube" && go mod download 2>&1 | tail -3 >&2)
(cd "$here/kube" && nice -n 10 go build -v -trimpath -ldflags "$ldflags" -o "$out/bin.tmp/" \
   ./cmd/etcd k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
   k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl 2>&1 | progress kubernetes+etcd)
(cd "$here/kwok" && go mod download 2>&1 | tail -3 >&2)
(cd "$here/kwok" && nice -n 10 go build -v -trimpath -ldflags "-s -w" -o "$out/bin.tmp/" \
   sigs.k8s.io/kwok/cmd/kwok 2>&1 | progress kwok)
assets
for b in "${binaries[@]}"; do
  [ -x "$out/bin.tmp/$b" ] || { echo "build failed: $b missing (see $log)" >&2; exit 1; }
  mv "$out/bin.tmp/$b" "$out/bin/$b"
done
rmdir "$out/bin.tmp" 2>/dev/null || true
echo "control plane $kube_version built in $(( $(date +%s) - start ))s" >&2
echo "$out"
