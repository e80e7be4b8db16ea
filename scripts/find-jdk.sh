# Sourced by ./dos and ./mvnw: exports JAVA_HOME pointing at a JDK >= 21, or exits
# with a message saying what to install. Order: $JAVA_HOME, `javac` on PATH, /usr/lib/jvm/*
# ($DOS_JDK_SEARCH replaces /usr/lib/jvm, for tests).

# dos_java_major JAVA [VAR]: the feature version (17, 21, 25, ...) of the java binary JAVA, printed,
# or stored in the variable named VAR.
dos_java_major() {
  # The JDK's release file says it without starting a JVM, read with shell builtins only: every
  # process started here is time added to each dos command (docs/PERFORMANCE.md, start-up).
  local release="${1%/bin/*}/release" line version=""
  if [ -f "$release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=*)
          version=${line#JAVA_VERSION=}
          version=${version//\"/}
          version=${version#1.}
          version=${version%%[!0-9]*}
          break ;;
      esac
    done <"$release"
  fi
  if [ -z "$version" ]; then
    version=$("$1" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  if [ -n "${2:-}" ]; then
    printf -v "$2" '%s' "$version"
  else
    echo "$version"
  fi
}

dos_find_jdk() {
  local want=21 cand
  # $JAVA_HOME first, before the other candidates are looked up at all: 'command -v' and readlink
  # are processes, and every process started here is time added to each dos command.
  if [ -n "${JAVA_HOME:-}" ] && _dos_use_jdk "$JAVA_HOME" "$want"; then
    return 0
  fi
  local -a cands=()
  if cand=$(command -v javac); then
    cand=$(readlink -f "$cand")
    cands+=("${cand%/bin/javac}")
  fi
  for cand in "${DOS_JDK_SEARCH:-/usr/lib/jvm}"/*; do [ -d "$cand" ] && cands+=("$cand"); done
  for cand in "${cands[@]}"; do
    _dos_use_jdk "$cand" "$want" && return 0
  done
  cat >&2 <<MSG
dos: no JDK >= $want found (looked at \$JAVA_HOME, javac on PATH, ${DOS_JDK_SEARCH:-/usr/lib/jvm}/*).
Install one, for example:
  Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk   (or temurin-21-jdk from Adoptium)
  macOS:          brew install openjdk@21
then run this command again, or point JAVA_HOME at it.
MSG
  return 1
}

# _dos_use_jdk DIR WANT: when DIR is a JDK (java and javac) of version WANT or later, exports
# JAVA_HOME=DIR, sets DOS_JAVA_MAJOR (for the launcher: which startup cache the JVM can use) and
# succeeds.
_dos_use_jdk() {
  local major
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  dos_java_major "$1/bin/java" major
  if [ -n "$major" ] && [ "$major" -ge "$2" ]; then
    export JAVA_HOME="$1"
    DOS_JAVA_MAJOR=$major
    return 0
  fi
  return 1
}
