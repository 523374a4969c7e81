# shellcheck shell=bash
# Sourced by every script: picks a JDK >= 21 and makes the Python tool venv (moto, SAM CLI, cfn-lint
# and shellcheck). Installs what is missing, so a fresh clone on a fresh machine needs nothing by hand.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# shellcheck source=.ci/jdk.sh
source "$ROOT/.ci/jdk.sh" || exit 1

# make_venv VENV REQUIREMENTS: (re)installs VENV from the pinned REQUIREMENTS whenever that file changes.
make_venv() {
  local venv="$ROOT/$1" req="$ROOT/$2" stamp
  stamp="$(sha256sum "$req" | cut -c1-16)"
  if [ ! -f "$venv/.stamp-$stamp" ]; then
    echo "connect-ha: installing Python tools from $2 into $1" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$req" >&2
    rm -f "$venv"/.stamp-*; touch "$venv/.stamp-$stamp"
  fi
}

# The scanners .ci/scan needs besides .venv: checkov in a venv of its own (.venv-scan), because it
# pins boto3 1.35 and the SAM CLI pins boto3 1.43, so pip cannot put both in one venv. Only .ci/scan
# calls this, so the other scripts never wait for it.
make_scan_venv() {
  make_venv .venv-scan .ci/scan-requirements.txt
  export CONNECT_HA_SCAN_VENV="$ROOT/.venv-scan"
}

# The AWS CLI (v1, from PyPI) in a venv of its own (.venv-awscli), for AwsCliIT, which drives a workflow on
# the local cloud with it: awscli pins docutils, rsa and colorama and bundles its own botocore, and only that
# test needs it, so the tool venv every script uses stays as it is. Only the test calls this.
make_awscli_venv() {
  make_venv .venv-awscli .ci/awscli-requirements.txt
}

make_venv .venv localcloud/requirements.txt
export PATH="$ROOT/.venv/bin:$PATH"
export CONNECT_HA_VENV="$ROOT/.venv"
export SAM_CLI_TELEMETRY=0
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
# The local cloud runs the functions in-process: give that JVM what Lambda gives each function.
export POWERTOOLS_SERVICE_NAME="${POWERTOOLS_SERVICE_NAME:-connect-ha}"
export POWERTOOLS_METRICS_NAMESPACE="${POWERTOOLS_METRICS_NAMESPACE:-ConnectHa}"
