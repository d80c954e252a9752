#!/usr/bin/env bash
# Scan a live "account" end to end without AWS: moto (PyPI `moto[server]`) on 127.0.0.1, a
# bucket with a public-read ACL and an SSH security group open to the world planted through
# boto3, then `rampart scan aws` with nothing but the standard AWS environment variables.
set -euo pipefail
cd "$(dirname "$0")/../.."

source examples/live/moto-env.sh
"$venv/bin/python" - <<'PY'
import time, boto3, botocore
for _ in range(100):
    try:
        boto3.client("sts").get_caller_identity(); break
    except botocore.exceptions.EndpointConnectionError:
        time.sleep(0.1)
s3 = boto3.client("s3")
s3.create_bucket(Bucket="demo-public")
s3.put_bucket_acl(Bucket="demo-public", ACL="public-read")
ec2 = boto3.client("ec2")
group = ec2.create_security_group(GroupName="demo-ssh", Description="ssh from anywhere")["GroupId"]
ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
PY
set +e
cargo run --quiet -- scan aws --regions us-east-1 --severity high
status=$?
set -e
echo "rampart exited with $status (1: findings, as planted)"
