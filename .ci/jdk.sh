# shellcheck shell=bash
# Sourced by .ci/tools.sh and cli/connectha: picks a JDK >= 21 (JAVA_HOME if it is one, else the newest
# under /usr/lib/jvm or SDKMAN) and puts it first on PATH.
java_major() { "$1/bin/java" -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -n1; }

pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$d/bin/javac" ] || continue
    v=$(java_major "$d"); [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "connect-ha: no JDK >= 21 found under /usr/lib/jvm; install one (e.g. apt-get install openjdk-21-jdk-headless)" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

pick_jdk || return 1
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own Guice warns on JDK >= 23 about sun.misc.Unsafe; allow it quietly there.
if [ "$(java_major "$JAVA_HOME")" -ge 23 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
