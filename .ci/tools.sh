# Sourced by every script: picks a JDK >= 21 and makes the Python tool venv (moto, SAM CLI, cfn-lint).
# Installs what is missing, so a fresh clone on a fresh machine needs nothing by hand.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

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

make_venv() {
  local venv="$ROOT/.venv" req="$ROOT/localcloud/requirements.txt" stamp
  stamp="$(sha256sum "$req" | cut -c1-16)"
  if [ ! -f "$venv/.stamp-$stamp" ]; then
    echo "connect-ha: installing Python tools from localcloud/requirements.txt into .venv" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$req" >&2
    rm -f "$venv"/.stamp-*; touch "$venv/.stamp-$stamp"
  fi
  export PATH="$venv/bin:$PATH"
  export CONNECT_HA_VENV="$venv"
}

pick_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
make_venv
export SAM_CLI_TELEMETRY=0
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
# Maven's own Guice warns on JDK >= 23 about sun.misc.Unsafe; allow it quietly there.
if [ "$(java_major "$JAVA_HOME")" -ge 23 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
# The local cloud runs the functions in-process: give that JVM what Lambda gives each function.
export POWERTOOLS_SERVICE_NAME="${POWERTOOLS_SERVICE_NAME:-connect-ha}"
export POWERTOOLS_METRICS_NAMESPACE="${POWERTOOLS_METRICS_NAMESPACE:-ConnectHa}"
