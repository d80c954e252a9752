use crate::prelude::*;
use crate::views::secrets::{self, SecretMatch};

pub static RULE: Rule = Rule {
    id: "AWS-SEC-002",
    title: "EC2 user data contains secrets",
    severity: Severity::Critical,
    category: Category::Secrets,
    provider: Provider::Aws,
    kinds: &[
        "aws_instance",
        "aws_launch_template",
        "aws_launch_configuration",
    ],
    rationale: "User data is not secret: anyone with `ec2:DescribeInstanceAttribute` reads it, every process on the \
instance reads it from the metadata service (through any SSRF bug too), and it sits in Terraform state and in the \
repository. AWS access keys, private keys or passwords in it are exposed to all of them. `user_data_base64` and the \
base64 user data of launch templates are decoded before searching; compressed user data is not inspected.",
    remediation: "Rotate every credential found, then remove it: give the instance an IAM role (instance profile) \
instead of access keys, and have the boot script fetch other secrets from Secrets Manager or SSM Parameter Store. No \
machine fix: the secrets are already exposed and must be revoked by a person.",
    references: &[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html",
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html",
    ],
    aliases: &[
        "CKV_AWS_46",
        "AVD-AWS-0029",
        "aws-ec2-no-secrets-in-user-data",
        "AVD-AWS-0129",
        "aws-ec2-no-secrets-in-launch-template-user-data",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for attr in ["user_data", "user_data_base64"] {
        let Some(text) = r.str(attr) else { continue };
        // launch templates take base64 user data; plain text is accepted by some tools too
        let encoded = attr == "user_data_base64" || r.kind == "aws_launch_template";
        let mut found = if attr == "user_data_base64" {
            Vec::new()
        } else {
            secrets::scan_text(text)
        };
        if encoded && let Some(decoded) = secrets::decode_base64_text(text) {
            found.extend(secrets::scan_text(&decoded));
        }
        if !found.is_empty() {
            let what: Vec<String> = found.iter().map(SecretMatch::describe).collect();
            hits.push(Hit::at(
                attr,
                format!("user data of `{}` contains {}", r.address, what.join(", ")),
            ));
        }
    }
    hits
}
