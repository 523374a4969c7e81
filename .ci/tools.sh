# Sourced by every script: picks a JDK >= 21 and makes the Python tool venv (moto, SAM CLI, cfn-lint).
# Installs what is missing, so a fresh clone on a fresh machine needs nothing by hand.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# shellcheck source=.ci/jdk.sh
source "$ROOT/.ci/jdk.sh" || exit 1

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

make_venv
export SAM_CLI_TELEMETRY=0
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
# The local cloud runs the functions in-process: give that JVM what Lambda gives each function.
export POWERTOOLS_SERVICE_NAME="${POWERTOOLS_SERVICE_NAME:-connect-ha}"
export POWERTOOLS_METRICS_NAMESPACE="${POWERTOOLS_METRICS_NAMESPACE:-ConnectHa}"
