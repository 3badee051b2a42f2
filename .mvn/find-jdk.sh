# Sourced (POSIX sh) by ./mvnw and ./ebpf4j: finds a JDK 25 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME, then `java` on PATH, then /usr/lib/jvm/*. Fails with a clear message.
ebpf4j_java_major() {
  # prints the feature version of the java binary $1 (e.g. 25), or nothing. Reads the JDK's
  # `release` file (JAVA_VERSION="25.0.3") where there is one: starting a JVM per candidate
  # costs ~0.2 s each on every launch. Falls back to asking the binary.
  _home=$(dirname "$(dirname "$(readlink -f "$1" 2>/dev/null || echo "$1")")")
  if [ -f "$_home/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$_home/release" | head -n 1
    return
  fi
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}
ebpf4j_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(ebpf4j_java_major "$JAVA_HOME/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    j=$(command -v java)
    v=$(ebpf4j_java_major "$j")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then
      j=$(readlink -f "$j" 2>/dev/null || echo "$j")
      JAVA_HOME=$(dirname "$(dirname "$j")"); export JAVA_HOME; return 0
    fi
  fi
  for d in /usr/lib/jvm/*; do
    [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
    v=$(ebpf4j_java_major "$d/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then JAVA_HOME=$d; export JAVA_HOME; return 0; fi
  done
  echo "ebpf4j: no JDK 25 or newer found (looked at JAVA_HOME='${JAVA_HOME:-}', 'java' on PATH, /usr/lib/jvm/*)." >&2
  echo "ebpf4j: install one (for example Debian's openjdk-25-jdk or Temurin 25) or set JAVA_HOME to it." >&2
  return 1
}
