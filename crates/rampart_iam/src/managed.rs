//! The AWS managed policies Rampart knows by heart: their published documents, trimmed to the
//! statements that decide access. Code names them by ARN only (`arn:aws:iam::aws:policy/...`),
//! so whoever reads an attachment — `rampart iam can`, the effective-permission rules, the
//! security graph — looks them up here. Any other managed policy is an unknown document.

const MANAGED: &[(&str, &str)] = &[
    (
        "AdministratorAccess",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    ),
    (
        "IAMFullAccess",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","organizations:DescribeAccount","organizations:DescribeOrganization","organizations:DescribeOrganizationalUnit","organizations:DescribePolicy","organizations:ListChildren","organizations:ListParents","organizations:ListPoliciesForTarget","organizations:ListRoots","organizations:ListPolicies","organizations:ListTargetsForPolicy"],"Resource":"*"}]}"#,
    ),
    (
        "PowerUserAccess",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["account:GetAccountInformation","account:GetPrimaryEmail","account:ListRegions","iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeOrganization"],"Resource":"*"}]}"#,
    ),
    (
        "AmazonS3FullAccess",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}"#,
    ),
    (
        "AmazonS3ReadOnlyAccess",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}]}"#,
    ),
    (
        "SecretsManagerReadWrite",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["secretsmanager:*","cloudformation:CreateChangeSet","cloudformation:DescribeChangeSet","cloudformation:DescribeStackResource","cloudformation:DescribeStacks","cloudformation:ExecuteChangeSet","ec2:DescribeSecurityGroups","ec2:DescribeSubnets","ec2:DescribeVpcs","kms:DescribeKey","kms:ListAliases","kms:ListKeys","lambda:ListFunctions","rds:DescribeDBClusters","rds:DescribeDBInstances","redshift:DescribeClusters","tag:GetResources"],"Resource":"*"}]}"#,
    ),
];

/// The document of the AWS managed policy `arn` names (`arn:<partition>:iam::aws:policy/[path/]NAME`),
/// when it is one written down here.
pub fn document(arn: &str) -> Option<&'static str> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_partition), Some("iam"), Some(""), Some("aws"), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let name = resource.strip_prefix("policy/")?;
    let name = name.rsplit('/').next().unwrap_or(name);
    MANAGED.iter().find(|(n, _)| *n == name).map(|(_, d)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Policy, PolicyKind};

    #[test]
    fn every_document_parses_and_arns_are_read_in_any_partition_and_path() {
        for (name, text) in MANAGED {
            assert!(
                Policy::parse_str(text, PolicyKind::Identity).is_ok(),
                "{name}"
            );
        }
        assert!(document("arn:aws:iam::aws:policy/AdministratorAccess").is_some());
        assert!(document("arn:aws-us-gov:iam::aws:policy/AdministratorAccess").is_some());
        assert!(document("arn:aws:iam::aws:policy/service-role/AmazonS3FullAccess").is_some());
        assert_eq!(
            document("arn:aws:iam::123456789012:policy/AdministratorAccess"),
            None
        );
        assert_eq!(document("arn:aws:iam::aws:policy/ReadOnlyAccess"), None);
        assert_eq!(document("AdministratorAccess"), None);
    }
}
