//! AWS CLI commands and console steps for the common changes, with the real identifiers
//! filled in (bucket name, group id, region) and a read-back command that shows the new state.
//! Table-driven per (resource kind, change): one row per supported change, placeholders such
//! as `<instance-id>` where the code does not know the identifier. Renders text only; never
//! runs a command.

use crate::render::terraform::hcl_text;
use rampart_model::{Change, Inventory, Origin, Resource, Value};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// One command with the command that reads the result back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CliStep {
    pub command: String,
    pub read_back: String,
}

/// Which change a row answers.
enum On {
    /// SetAttribute or RemoveAttribute at a path starting with this (`metadata_options`).
    Attribute(&'static str),
    /// AddResource of this kind.
    Adds(&'static str),
    /// RemoveResource of the resource itself.
    Removal,
}

struct Row {
    kind: &'static str,
    on: On,
    command: &'static str,
    read_back: &'static str,
    console: &'static [&'static str],
}

const BUCKET_BLOCK: &[&str] = &[
    "Open the S3 console and choose the bucket {bucket}.",
    "On the Permissions tab, edit Block public access (bucket settings), turn on all four settings and save.",
];
const VERSIONING: &[&str] = &[
    "Open the S3 console and choose the bucket {bucket}.",
    "On the Properties tab, edit Bucket Versioning, choose Enable and save.",
];
const ENCRYPTION: &[&str] = &[
    "Open the S3 console and choose the bucket {bucket}.",
    "On the Properties tab, edit Default encryption, choose SSE-S3 or SSE-KMS and save.",
];

const ROWS: &[Row] = &[
    Row {
        kind: "aws_s3_bucket",
        on: On::Adds("aws_s3_bucket_public_access_block"),
        command: "aws s3api put-public-access-block --bucket {bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true --region {region}",
        read_back: "aws s3api get-public-access-block --bucket {bucket} --region {region}",
        console: BUCKET_BLOCK,
    },
    Row {
        kind: "aws_s3_bucket_public_access_block",
        on: On::Attribute(""),
        command: "aws s3api put-public-access-block --bucket {bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true --region {region}",
        read_back: "aws s3api get-public-access-block --bucket {bucket} --region {region}",
        console: BUCKET_BLOCK,
    },
    Row {
        kind: "aws_s3_bucket",
        on: On::Adds("aws_s3_bucket_versioning"),
        command: "aws s3api put-bucket-versioning --bucket {bucket} --versioning-configuration Status=Enabled --region {region}",
        read_back: "aws s3api get-bucket-versioning --bucket {bucket} --region {region}",
        console: VERSIONING,
    },
    Row {
        kind: "aws_s3_bucket",
        on: On::Attribute("versioning"),
        command: "aws s3api put-bucket-versioning --bucket {bucket} --versioning-configuration Status=Enabled --region {region}",
        read_back: "aws s3api get-bucket-versioning --bucket {bucket} --region {region}",
        console: VERSIONING,
    },
    Row {
        kind: "aws_s3_bucket_versioning",
        on: On::Attribute("versioning_configuration"),
        command: "aws s3api put-bucket-versioning --bucket {bucket} --versioning-configuration Status=Enabled --region {region}",
        read_back: "aws s3api get-bucket-versioning --bucket {bucket} --region {region}",
        console: VERSIONING,
    },
    Row {
        kind: "aws_s3_bucket",
        on: On::Adds("aws_s3_bucket_server_side_encryption_configuration"),
        command: "aws s3api put-bucket-encryption --bucket {bucket} --server-side-encryption-configuration '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\"}}]}' --region {region}",
        read_back: "aws s3api get-bucket-encryption --bucket {bucket} --region {region}",
        console: ENCRYPTION,
    },
    Row {
        kind: "aws_s3_bucket",
        on: On::Attribute("acl"),
        command: "aws s3api put-bucket-acl --bucket {bucket} --acl private --region {region}",
        read_back: "aws s3api get-bucket-acl --bucket {bucket} --region {region}",
        console: &[
            "Open the S3 console and choose the bucket {bucket}.",
            "On the Permissions tab, edit the Access control list (ACL) and remove the grants to Everyone and Authenticated users.",
        ],
    },
    Row {
        kind: "aws_s3_bucket_acl",
        on: On::Attribute("acl"),
        command: "aws s3api put-bucket-acl --bucket {bucket} --acl private --region {region}",
        read_back: "aws s3api get-bucket-acl --bucket {bucket} --region {region}",
        console: &[
            "Open the S3 console and choose the bucket {bucket}.",
            "On the Permissions tab, edit the Access control list (ACL) and remove the grants to Everyone and Authenticated users.",
        ],
    },
    Row {
        kind: "aws_instance",
        on: On::Attribute("metadata_options"),
        command: "aws ec2 modify-instance-metadata-options --instance-id {id} --http-tokens required --http-endpoint enabled --region {region}",
        read_back: "aws ec2 describe-instances --instance-ids {id} --query 'Reservations[].Instances[].MetadataOptions' --region {region}",
        console: &[
            "Open the EC2 console, choose Instances and select {id}.",
            "Choose Actions, Instance settings, Modify instance metadata options; set IMDSv2 to Required and save.",
        ],
    },
    Row {
        kind: "aws_security_group",
        on: On::Attribute("ingress"),
        command: "aws ec2 revoke-security-group-ingress --group-id {group_id} --ip-permissions '{ip_permissions}' --region {region}",
        read_back: "aws ec2 describe-security-groups --group-ids {group_id} --query 'SecurityGroups[].IpPermissions' --region {region}",
        console: &[
            "Open the EC2 console, choose Security Groups and select {group_id}.",
            "On the Inbound rules tab, choose Edit inbound rules, delete the rule open to {cidr} on ports {ports} and save.",
        ],
    },
    Row {
        kind: "aws_security_group_rule",
        on: On::Removal,
        command: "aws ec2 revoke-security-group-ingress --group-id {group_id} --ip-permissions '{ip_permissions}' --region {region}",
        read_back: "aws ec2 describe-security-groups --group-ids {group_id} --query 'SecurityGroups[].IpPermissions' --region {region}",
        console: &[
            "Open the EC2 console, choose Security Groups and select {group_id}.",
            "On the Inbound rules tab, choose Edit inbound rules, delete the rule open to {cidr} on ports {ports} and save.",
        ],
    },
    Row {
        kind: "aws_db_instance",
        on: On::Attribute("publicly_accessible"),
        command: "aws rds modify-db-instance --db-instance-identifier {identifier} --no-publicly-accessible --apply-immediately --region {region}",
        read_back: "aws rds describe-db-instances --db-instance-identifier {identifier} --query 'DBInstances[].PubliclyAccessible' --region {region}",
        console: &[
            "Open the RDS console, choose Databases and select {identifier}.",
            "Choose Modify, under Connectivity set Public access to Not publicly accessible, and apply immediately.",
        ],
    },
    Row {
        kind: "aws_ebs_volume",
        on: On::Attribute("encrypted"),
        command: "aws ec2 enable-ebs-encryption-by-default --region {region}",
        read_back: "aws ec2 get-ebs-encryption-by-default --region {region}",
        console: &[
            "This encrypts new volumes only. For {id}: create a snapshot, copy it with encryption enabled, create a volume from the copy and swap it in during a maintenance window.",
        ],
    },
    Row {
        kind: "aws_kms_key",
        on: On::Attribute("enable_key_rotation"),
        command: "aws kms enable-key-rotation --key-id {id} --region {region}",
        read_back: "aws kms get-key-rotation-status --key-id {id} --region {region}",
        console: &[
            "Open the KMS console, choose Customer managed keys and select {id}.",
            "On the Key rotation tab, turn on automatic rotation and save.",
        ],
    },
    Row {
        kind: "aws_cloudtrail",
        on: On::Attribute("enable_log_file_validation"),
        command: "aws cloudtrail update-trail --name {name} --enable-log-file-validation --region {region}",
        read_back: "aws cloudtrail get-trail --name {name} --query 'Trail.LogFileValidationEnabled' --region {region}",
        console: &[
            "Open the CloudTrail console, choose Trails and select {name}.",
            "Edit General details, turn on Log file validation and save.",
        ],
    },
    Row {
        kind: "aws_ecr_repository",
        on: On::Attribute("image_scanning_configuration"),
        command: "aws ecr put-image-scanning-configuration --repository-name {name} --image-scanning-configuration scanOnPush=true --region {region}",
        read_back: "aws ecr describe-repositories --repository-names {name} --query 'repositories[].imageScanningConfiguration' --region {region}",
        console: &[
            "Open the ECR console and select the repository {name}.",
            "Choose Edit, turn on Scan on push and save.",
        ],
    },
    Row {
        kind: "aws_ecr_repository",
        on: On::Attribute("image_tag_mutability"),
        command: "aws ecr put-image-tag-mutability --repository-name {name} --image-tag-mutability IMMUTABLE --region {region}",
        read_back: "aws ecr describe-repositories --repository-names {name} --query 'repositories[].imageTagMutability' --region {region}",
        console: &[
            "Open the ECR console and select the repository {name}.",
            "Choose Edit, set Tag immutability to Enabled and save.",
        ],
    },
];

/// Whether a row answers the change at hand.
type RowMatcher = Box<dyn Fn(&On) -> bool>;

/// CLI steps and console steps for the changes of one fix.
pub fn render(
    inventory: &Inventory,
    sources: &BTreeMap<Arc<str>, Arc<str>>,
    changes: &[Change],
) -> (Vec<CliStep>, Vec<String>) {
    let mut steps = Vec::new();
    let mut console = Vec::new();
    for change in changes {
        let (address, matches): (&str, RowMatcher) = match change {
            Change::SetAttribute { address, path, .. }
            | Change::RemoveAttribute { address, path } => {
                let path = path.clone();
                (
                    address,
                    Box::new(move |on| matches!(on, On::Attribute(p) if path.starts_with(p))),
                )
            }
            Change::AddResource { owner, kind, .. } => {
                let kind = kind.clone();
                (
                    owner,
                    Box::new(move |on| matches!(on, On::Adds(k) if *k == kind)),
                )
            }
            Change::RemoveResource { address } => {
                (address, Box::new(|on| matches!(on, On::Removal)))
            }
        };
        let Some(resource) = inventory.by_address(address) else {
            continue;
        };
        let Some(row) = ROWS
            .iter()
            .find(|r| r.kind == resource.kind && matches(&r.on))
        else {
            continue;
        };
        let fields = fields(inventory, resource.resource(), sources, change);
        let step = CliStep {
            command: fill(row.command, &fields),
            read_back: fill(row.read_back, &fields),
        };
        if !steps.contains(&step) {
            steps.push(step);
            console.extend(row.console.iter().map(|s| fill(s, &fields)));
        }
    }
    (steps, console)
}

fn fill(template: &str, fields: &BTreeMap<&'static str, String>) -> String {
    fields.iter().fold(template.to_string(), |t, (k, v)| {
        t.replace(&format!("{{{k}}}"), v)
    })
}

fn known(r: &Resource, path: &str) -> Option<String> {
    r.str(path).filter(|s| !s.is_empty()).map(str::to_string)
}

/// The values the templates use, with placeholders where the code does not say.
fn fields(
    inventory: &Inventory,
    r: &Resource,
    sources: &BTreeMap<Arc<str>, Arc<str>>,
    change: &Change,
) -> BTreeMap<&'static str, String> {
    let mut f = BTreeMap::new();
    let live_id = match &r.origin {
        Origin::Live { id, .. } => Some(id.clone()),
        Origin::Code { .. } => None,
    };
    let id = known(r, "id").or(live_id).unwrap_or_else(|| {
        format!(
            "<{}-id>",
            r.kind.trim_start_matches("aws_").replace('_', "-")
        )
    });
    let bucket = known(r, "bucket")
        .filter(|_| r.kind == "aws_s3_bucket")
        .or_else(|| {
            // a bucket setting resource: the bucket it configures
            r.get("bucket").and_then(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Unknown(u) => u
                    .refers_to
                    .as_deref()
                    .and_then(|a| inventory.by_address(a))
                    .and_then(|b| known(&b, "bucket")),
                _ => None,
            })
        });
    f.insert("bucket", bucket.unwrap_or_else(|| "<bucket-name>".into()));
    f.insert(
        "region",
        region(r, sources).unwrap_or_else(|| "<region>".into()),
    );
    f.insert("name", known(r, "name").unwrap_or_else(|| "<name>".into()));
    f.insert(
        "identifier",
        known(r, "identifier").unwrap_or_else(|| "<db-instance-identifier>".into()),
    );
    let group_id = if r.kind == "aws_security_group" {
        known(r, "id")
    } else {
        r.get("security_group_id").and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Unknown(u) => u
                .refers_to
                .as_deref()
                .and_then(|a| inventory.by_address(a))
                .and_then(|g| known(&g, "id")),
            _ => None,
        })
    };
    f.insert(
        "group_id",
        group_id.unwrap_or_else(|| "<security-group-id>".into()),
    );
    f.insert("id", id);
    // the ingress rule being closed: the block at the change's path, or the rule resource
    let rule: Option<&Value> = match change {
        Change::SetAttribute { path, .. } | Change::RemoveAttribute { path, .. } => {
            let block_path: Vec<&str> = path.split('.').take(2).collect();
            r.get(&block_path.join("."))
        }
        _ => None,
    };
    let read = |key: &str| -> Option<Value> {
        match rule {
            Some(v) => v.path(key).cloned(),
            None => r.get(key).cloned(),
        }
    };
    let from = read("from_port").and_then(|v| v.as_i64()).unwrap_or(0);
    let to = read("to_port").and_then(|v| v.as_i64()).unwrap_or(from);
    let protocol = read("protocol")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "tcp".into());
    let first = |key: &str| {
        read(key).and_then(|v| {
            v.items()
                .first()
                .and_then(|c| c.as_str().map(str::to_string))
        })
    };
    let (cidr, ranges) = match (
        first("cidr_blocks").or_else(|| first("cidr_ipv4")),
        first("ipv6_cidr_blocks").or_else(|| first("cidr_ipv6")),
    ) {
        (Some(v4), _) => (
            v4.clone(),
            format!("\"IpRanges\":[{{\"CidrIp\":{}}}]", json_string(&v4)),
        ),
        (None, Some(v6)) => (
            v6.clone(),
            format!("\"Ipv6Ranges\":[{{\"CidrIpv6\":{}}}]", json_string(&v6)),
        ),
        (None, None) => (
            "<cidr>".to_string(),
            "\"IpRanges\":[{\"CidrIp\":\"<cidr>\"}]".to_string(),
        ),
    };
    f.insert(
        "ports",
        if from == to {
            from.to_string()
        } else {
            format!("{from}-{to}")
        },
    );
    f.insert(
        "ip_permissions",
        format!(
            "[{{\"IpProtocol\":{},\"FromPort\":{from},\"ToPort\":{to},{ranges}}}]",
            json_string(&protocol)
        ),
    );
    f.insert("cidr", cidr);
    f.insert(
        "value",
        match change {
            Change::SetAttribute { value, .. } => hcl_text::expression(value).unwrap_or_default(),
            _ => String::new(),
        },
    );
    f
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The region a resource is in: its live origin, else a literal `region` of an unaliased
/// `provider "aws"` block in the same folder.
pub fn region(r: &Resource, sources: &BTreeMap<Arc<str>, Arc<str>>) -> Option<String> {
    if let Origin::Live { region, .. } = &r.origin {
        return Some(region.clone()).filter(|s| !s.is_empty());
    }
    let folder = r
        .file()
        .map(|f| Path::new(f).parent().map(Path::to_path_buf));
    for (file, text) in sources {
        if Some(Path::new(&**file).parent().map(Path::to_path_buf)) != folder {
            continue;
        }
        let Ok(body) = hcl_edit::parser::parse_body(text) else {
            continue;
        };
        for b in body.blocks() {
            let is_aws = b.ident.as_str() == "provider"
                && b.labels.first().is_some_and(|l| l.as_str() == "aws");
            if is_aws
                && b.body.get_attribute("alias").is_none()
                && let Some(region) = b
                    .body
                    .get_attribute("region")
                    .and_then(|a| a.value.as_str())
            {
                return Some(region.to_string());
            }
        }
    }
    None
}
