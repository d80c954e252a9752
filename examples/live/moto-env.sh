# Sourced by examples/live/moto-demo.sh and bench/live_collect.sh: makes the moto venv
# (`~/.cache/rampart-moto-venv`, PyPI `moto[server]`) when missing, starts moto on a free
# 127.0.0.1 port (stopped when the sourcing shell exits) and exports the standard AWS
# environment that points the SDK and boto3 at it. Sets `venv`.
venv="$HOME/.cache/rampart-moto-venv"
if ! "$venv/bin/python" -c "import moto.server, boto3" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]"
fi
port=$("$venv/bin/python" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto_pid=$!
trap 'kill $moto_pid' EXIT
export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_ACCESS_KEY_ID=testing \
    AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE
