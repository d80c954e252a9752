use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-CT-001",
    title: "CloudTrail trail does not record every region",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_cloudtrail"],
    rationale: "A single-region trail records API activity in its home region only. Attackers with stolen \
credentials routinely work in regions nobody uses — crypto-mining instances, persistence, exfiltration — precisely \
because those regions are not watched. A multi-region trail also covers regions AWS opens later.",
    remediation: "Set `is_multi_region_trail = true` (and keep `include_global_service_events = true` so IAM and STS \
activity is recorded). The machine fix sets the flag; it only adds logging.",
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-regional-and-multi-region-trails",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1",
    ],
    aliases: &[
        "AVD-AWS-0014",
        "aws-cloudtrail-enable-all-regions",
        "CKV_AWS_67",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(trail: ResourceRef<'_>) -> Vec<Hit> {
    if flag(&trail, "is_multi_region_trail", false).is_false() {
        let at = if trail.get("is_multi_region_trail").is_some() {
            "is_multi_region_trail"
        } else {
            ""
        };
        let message = format!("trail `{}` records only its home region", trail.address);
        vec![if at.is_empty() {
            Hit::resource(message)
        } else {
            Hit::at(at, message)
        }]
    } else {
        Vec::new()
    }
}

fn fix(trail: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(Fix {
        summary: "record every region".into(),
        changes: vec![Change::SetAttribute {
            address: trail.address.clone(),
            path: "is_multi_region_trail".into(),
            value: Value::Bool(true),
        }],
        applicability: Applicability::Safe,
    })
}
