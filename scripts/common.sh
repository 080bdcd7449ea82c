# Shared by scripts/demo and scripts/test: installs the Debian packages
# stance needs when they are missing, and builds it. Source it; don't run it.

# Installs the named Debian packages that are not installed yet, with
# apt-get, as root or through sudo.
stance_install() {
	local missing=() pkg
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$' ||
			missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "==> installing ${missing[*]}"
	local sudo=()
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || {
			echo "error: need root or sudo to install: ${missing[*]}" >&2
			return 1
		}
		sudo=(sudo)
	fi
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}"
}

# The packages every build needs.
STANCE_BUILD_PACKAGES=(meson ninja-build pkg-config gcc libc6-dev libsqlite3-dev libjansson-dev
	check python3)

# Configures (once) and builds the build directory $1 with the meson
# options that follow.
stance_build() {
	local dir=$1
	shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" >/dev/null
	else
		meson configure "$dir" "$@" >/dev/null
	fi
	ninja -C "$dir" >/dev/null
}
