#!/usr/bin/env bash
# Live collection speed: seeds a moto server (PyPI `moto[server]`, on 127.0.0.1) with
# BUCKETS buckets, SECURITY_GROUPS security groups and VOLUMES volumes in each of REGIONS, and IAM users,
# then times `rampart collect aws` (wall, CPU, peak RSS via /usr/bin/time or GNU time's format
# in python) and counts the resources in the snapshot. Usage:
#   bench/live_collect.sh [RAMPART_BINARY]   (default: the debug build under $CARGO_TARGET_DIR)
# Knobs: BUCKETS=200 SECURITY_GROUPS=200 VOLUMES=100 USERS=100 REGIONS=us-east-1,eu-west-1,ap-south-1
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-${CARGO_TARGET_DIR:-target}/debug/rampart}"
BUCKETS="${BUCKETS:-200}" GROUPS_PER_REGION="${SECURITY_GROUPS:-200}" VOLUMES="${VOLUMES:-100}"
USERS="${USERS:-100}" REGIONS="${REGIONS:-us-east-1,eu-west-1,ap-south-1}"

source examples/live/moto-env.sh
export BUCKETS GROUPS_PER_REGION VOLUMES USERS REGIONS
"$venv/bin/python" - <<'PY'
import os, time, boto3, botocore
for _ in range(200):
    try:
        boto3.client("sts").get_caller_identity(); break
    except botocore.exceptions.EndpointConnectionError:
        time.sleep(0.1)
regions = os.environ["REGIONS"].split(",")
s3 = boto3.client("s3")
for i in range(int(os.environ["BUCKETS"])):
    s3.create_bucket(Bucket=f"bench-{i}")
    if i % 2:
        s3.put_bucket_acl(Bucket=f"bench-{i}", ACL="public-read")
iam = boto3.client("iam")
for i in range(int(os.environ["USERS"])):
    iam.create_user(UserName=f"bench-user-{i}")
    iam.put_user_policy(UserName=f"bench-user-{i}", PolicyName="p",
        PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}')
for region in regions:
    ec2 = boto3.client("ec2", region_name=region)
    for i in range(int(os.environ["GROUPS_PER_REGION"])):
        g = ec2.create_security_group(GroupName=f"bench-{i}", Description="bench")["GroupId"]
        if i % 2:
            ec2.authorize_security_group_ingress(GroupId=g, IpPermissions=[{"IpProtocol": "tcp",
                "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    for i in range(int(os.environ["VOLUMES"])):
        ec2.create_volume(AvailabilityZone=f"{region}a", Size=1, Encrypted=bool(i % 2))
PY
out=$(mktemp)
"$venv/bin/python" - "$binary" "$REGIONS" "$out" <<'PY'
import json, resource, subprocess, sys, time
binary, regions, out = sys.argv[1:4]
start = time.monotonic()
subprocess.run([binary, "collect", "aws", "--regions", regions, "-o", out, "--quiet"], check=True)
wall = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
snapshot = json.load(open(out))
print(f"| {len(snapshot['resources'])} | {len(regions.split(','))} | {wall:.2f} | "
      f"{usage.ru_utime + usage.ru_stime:.2f} | {usage.ru_maxrss / 1024:.0f} | {len(snapshot['warnings'])} |")
PY
rm -f "$out"
