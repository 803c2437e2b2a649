#!/usr/bin/env bash
# arm64-sysroot.sh DIR: a Debian bookworm arm64 root holding python3 (3.11)
# and what its standard library loads (libffi for ctypes, libssl, ...), for
# running the aarch64 wheel under qemu-aarch64-static -L DIR.
#
# apt-get resolves and downloads the packages with a private configuration
# (its own sources list, lists, cache and an empty dpkg status, architecture
# arm64), so the machine's apt setup is not changed (no dpkg
# --add-architecture); each .deb is then unpacked with `dpkg -x`. No package
# script runs: python3 needs none to start. Chosen over debootstrap --foreign,
# which fetches a whole base system (~80 packages) where python needs ~20.
#
# Idempotent: a complete root (stamp file) is reused.
set -euo pipefail

root="${1:?usage: arm64-sysroot.sh DIR}"
mkdir -p "$root" && root="$(cd "$root" && pwd)" # apt reads relative paths from /etc/apt
mirror="${CASPIAN_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
security="${CASPIAN_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
# python3.11 and its stdlib (ctypes, asyncio, sqlite3 are in libpython3.11-stdlib).
packages=(python3.11-minimal libpython3.11-stdlib)

log() { echo "arm64-sysroot: $*" >&2; }

stamp="$root/.caspian-sysroot"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "${packages[*]}" ] && [ -x "$root/usr/bin/python3.11" ]; then
	exit 0
fi
[ -r "$keyring" ] || { log "error: $keyring missing (package debian-archive-keyring)"; exit 1; }

apt_dir="$(dirname "$root")/.arm64-apt"
rm -rf "$root" "$apt_dir"
mkdir -p "$root" "$apt_dir"/{lists/partial,cache/archives/partial,parts,prefs}
: >"$apt_dir/status"
cat >"$apt_dir/sources.list" <<EOF
deb [arch=arm64 signed-by=$keyring] $mirror bookworm main
deb [arch=arm64 signed-by=$keyring] $mirror bookworm-updates main
deb [arch=arm64 signed-by=$keyring] $security bookworm-security main
EOF
apt_opts=(
	-o "APT::Architecture=arm64" -o "APT::Architectures::=arm64"
	-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/parts"
	-o "Dir::Etc::Preferences=$apt_dir/prefs/none" -o "Dir::Etc::PreferencesParts=$apt_dir/prefs"
	-o "Dir::State::Lists=$apt_dir/lists" -o "Dir::State::status=$apt_dir/status"
	-o "Dir::Cache=$apt_dir/cache" -o "Debug::NoLocking=1"
	-o "APT::Install-Recommends=0" -q
)
log "downloading ${packages[*]} (arm64) and their dependencies"
apt-get "${apt_opts[@]}" update >&2
apt-get "${apt_opts[@]}" install -y --download-only "${packages[@]}" >&2
n=0
for deb in "$apt_dir"/cache/archives/*.deb; do
	dpkg -x "$deb" "$root"
	n=$((n + 1))
done
# Debian's lib64 loader path: the symlink comes from a package script.
[ -e "$root/lib" ] || ln -s usr/lib "$root/lib"
rm -rf "$apt_dir"
echo "${packages[*]}" >"$stamp"
log "unpacked $n packages into $root"
