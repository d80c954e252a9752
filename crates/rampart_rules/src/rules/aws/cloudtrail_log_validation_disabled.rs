use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-CT-002",
    title: "CloudTrail log file integrity validation is disabled",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_cloudtrail"],
    rationale: "Without log file validation nothing proves that the log files in the bucket are the ones CloudTrail \
delivered. An intruder with write access to the bucket can delete or edit the records of what they did, and the \
change goes unnoticed. With validation, CloudTrail writes signed digest files and `aws cloudtrail \
validate-logs` detects any modified or deleted file.",
    remediation: "Set `enable_log_file_validation = true`. The machine fix sets it; it only adds digest files.",
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-4",
    ],
    aliases: &[
        "AVD-AWS-0016",
        "aws-cloudtrail-enable-log-validation",
        "CKV_AWS_36",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(trail: ResourceRef<'_>) -> Vec<Hit> {
    if flag(&trail, "enable_log_file_validation", false).is_false() {
        let message = format!("trail `{}` does not validate its log files", trail.address);
        vec![if trail.get("enable_log_file_validation").is_some() {
            Hit::at("enable_log_file_validation", message)
        } else {
            Hit::resource(message)
        }]
    } else {
        Vec::new()
    }
}

fn fix(trail: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(Fix {
        summary: "enable log file validation".into(),
        changes: vec![Change::SetAttribute {
            address: trail.address.clone(),
            path: "enable_log_file_validation".into(),
            value: Value::Bool(true),
        }],
        applicability: Applicability::Safe,
    })
}
