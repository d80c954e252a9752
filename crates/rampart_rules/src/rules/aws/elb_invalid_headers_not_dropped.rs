use crate::prelude::*;
use crate::views::logging::known_str;

pub static RULE: Rule = Rule {
    id: "AWS-ELB-003",
    title: "Application load balancer does not drop invalid HTTP header fields",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_lb", "aws_alb"],
    rationale: "By default an Application Load Balancer passes on header fields whose names are not valid HTTP \
tokens. Back ends and proxies that parse such headers differently from the load balancer can be desynchronised, \
which enables HTTP request smuggling and header-injection attacks against other users' requests. Network and gateway \
load balancers do not parse HTTP and are not reported.",
    remediation: "Set `drop_invalid_header_fields = true`. Check first that no client relies on header names with \
characters outside letters, digits and hyphens (underscores are the usual case).",
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-4",
    ],
    aliases: &[
        "AVD-AWS-0052",
        "aws-elb-drop-invalid-headers",
        "CKV_AWS_131",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(lb: ResourceRef<'_>) -> Vec<Hit> {
    match known_str(&lb, "load_balancer_type") {
        Ok(None) => {}
        Ok(Some("application")) => {}
        _ => return Vec::new(),
    }
    if flag(&lb, "drop_invalid_header_fields", false).is_false() {
        vec![Hit::at(
            "drop_invalid_header_fields",
            format!(
                "application load balancer `{}` forwards invalid HTTP header fields",
                lb.address
            ),
        )]
    } else {
        Vec::new()
    }
}

fn fix(lb: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(Fix {
        summary: "drop invalid HTTP header fields".into(),
        changes: vec![Change::SetAttribute {
            address: lb.address.clone(),
            path: "drop_invalid_header_fields".into(),
            value: Value::Bool(true),
        }],
        applicability: Applicability::Unsafe(
            "headers whose names contain characters such as `_` are removed before they reach the targets; \
applications that read them break"
                .into(),
        ),
    })
}
