# Sourced by ./dos and ./mvnw: exports JAVA_HOME pointing at a JDK >= 21, or exits
# with a message saying what to install. Order: $JAVA_HOME, `javac` on PATH, /usr/lib/jvm/*
# ($DOS_JDK_SEARCH replaces /usr/lib/jvm, for tests).

dos_java_major() { # $1 = path to a java binary; prints its feature version (17, 21, 25, ...)
  # The JDK's release file says it without starting a JVM (~0.1 s per candidate); else ask java.
  local release major
  release="$(dirname "$(dirname "$1")")/release"
  if [ -f "$release" ]; then
    major=$(sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9][0-9]*\).*/\2/p' "$release" | head -n 1)
    if [ -n "$major" ]; then
      echo "$major"
      return
    fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

dos_find_jdk() {
  local want=21 cand major
  local -a cands=()
  [ -n "${JAVA_HOME:-}" ] && cands+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    cands+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for cand in "${DOS_JDK_SEARCH:-/usr/lib/jvm}"/*; do [ -d "$cand" ] && cands+=("$cand"); done
  for cand in "${cands[@]}"; do
    [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    major=$(dos_java_major "$cand/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$want" ]; then
      export JAVA_HOME="$cand"
      return 0
    fi
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
