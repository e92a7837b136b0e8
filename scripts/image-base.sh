#!/usr/bin/env bash
# The operator image's base, built from Debian packages, with no container registry and no Docker
# daemon: a Java runtime cut with jlink from the local JDK 17 to the modules Costguard uses, the C
# libraries it needs (libc6, libstdc++6, libgcc-s1, zlib1g, fetched with `apt-get download`), the
# CA certificates, a passwd entry for the non-root user 65532, and /tmp. Jib then puts the
# operator on top of it (make image).
#
# Usage: scripts/image-base.sh <output directory>
set -euo pipefail
out=${1:?usage: scripts/image-base.sh <output directory>}
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
modules=java.base,java.logging,java.management,java.naming,java.net.http,java.xml,java.sql,java.desktop,java.security.jgss,java.instrument,jdk.crypto.ec,jdk.httpserver,jdk.unsupported,jdk.management,jdk.zipfs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rm -rf "$out"
mkdir -p "$out"
(cd "$work" && apt-get download libc6 libstdc++6 libgcc-s1 zlib1g >/dev/null 2>&1) || {
  echo "apt-get download failed: the image base needs Debian's package mirrors" >&2; exit 1; }
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$out"; done
rm -rf "$out/usr/share/doc" "$out/usr/share/lintian" "$out/usr/share/gcc" "$out/usr/share/gdb" "$out/etc/ld.so.conf.d"

"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$out/opt/java"
# Debian's JDK keeps the CA store outside the JDK (a symlink jlink does not follow)
if [ -f /etc/ssl/certs/java/cacerts ]; then cp /etc/ssl/certs/java/cacerts "$out/opt/java/lib/security/cacerts"; fi

# Absolute symlinks (e.g. /lib64/ld-linux-x86-64.so.2) become copies of their target inside the
# image, so the layer never depends on the build host's files.
find "$out" -type l | while read -r link; do
  target=$(readlink "$link")
  case "$target" in
    /*) resolved="$out$target" ;;
    *) resolved="$(dirname "$link")/$target" ;;
  esac
  rm "$link"
  cp "$(readlink -f "$resolved")" "$link"
done

mkdir -p "$out/etc" "$out/tmp"
chmod 1777 "$out/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\ncostguard:x:65532:65532:costguard:/app:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\ncostguard:x:65532:\n' > "$out/etc/group"
echo "image base in $out ($(du -sh "$out" | cut -f1))"
