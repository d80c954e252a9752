use crate::prelude::*;
use crate::views::logging::known_str;

pub static RULE: Rule = Rule {
    id: "AWS-ELB-002",
    title: "HTTPS or TLS listener allows TLS versions older than 1.2",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_lb_listener", "aws_alb_listener"],
    rationale: "The listener's `ssl_policy` decides which TLS versions and ciphers clients may negotiate. Policies \
such as `ELBSecurityPolicy-2016-08` (the historical default), `ELBSecurityPolicy-TLS-1-0-2015-04` or \
`ELBSecurityPolicy-TLS-1-1-2017-01` still accept TLS 1.0/1.1, which are deprecated (RFC 8996), lack modern \
cipher suites and fail PCI DSS. A listener with no `ssl_policy`, or a policy whose minimum version cannot be read \
from its name, is not reported.",
    remediation: "Use `ELBSecurityPolicy-TLS13-1-2-2021-06` (TLS 1.2 and 1.3, the current AWS recommendation) or a \
stricter `TLS13-1-2-*`/`TLS13-1-3-*` policy. Check that no client still needs TLS 1.0/1.1 first (the load \
balancer's access logs record the negotiated protocol).",
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html",
        "https://www.rfc-editor.org/rfc/rfc8996",
    ],
    aliases: &[
        "AVD-AWS-0047",
        "aws-elb-use-secure-tls-policy",
        "CKV_AWS_103",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

const RECOMMENDED_POLICY: &str = "ELBSecurityPolicy-TLS13-1-2-2021-06";

fn check(listener: ResourceRef<'_>) -> Vec<Hit> {
    let Ok(Some(protocol)) = known_str(&listener, "protocol") else {
        return Vec::new();
    };
    if !matches!(protocol.to_ascii_uppercase().as_str(), "HTTPS" | "TLS") {
        return Vec::new();
    }
    let Ok(Some(policy)) = known_str(&listener, "ssl_policy") else {
        return Vec::new();
    };
    match minimum_tls_minor(policy) {
        Some(minor) if minor < 2 => vec![Hit::at(
            "ssl_policy",
            format!(
                "listener `{}` uses `{policy}`, which accepts TLS 1.{minor}",
                listener.address
            ),
        )],
        _ => Vec::new(),
    }
}

/// The minimum TLS 1.x minor version a predefined ELB policy accepts, read from its name;
/// `None` for a name that does not say (a custom or future policy).
pub fn minimum_tls_minor(policy: &str) -> Option<u8> {
    for marker in ["TLS13-1-", "TLS-1-", "FS-1-"] {
        if let Some(at) = policy.find(marker) {
            let digit = policy.get(at + marker.len()..)?.chars().next()?;
            return digit.to_digit(10).and_then(|d| u8::try_from(d).ok());
        }
    }
    // ELBSecurityPolicy-2016-08, -2015-05, -FS-2018-06 and the classic 2011-2015 policies
    let legacy = policy.starts_with("ELBSecurityPolicy-20")
        || policy == "ELBSecurityPolicy-FS-2018-06"
        || policy.starts_with("ELBSample-");
    legacy.then_some(0)
}

fn fix(listener: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(Fix {
        summary: format!("use the {RECOMMENDED_POLICY} TLS policy"),
        changes: vec![Change::SetAttribute {
            address: listener.address.clone(),
            path: "ssl_policy".into(),
            value: Value::string(RECOMMENDED_POLICY),
        }],
        applicability: Applicability::Unsafe(
            "clients that only speak TLS 1.0/1.1 or older cipher suites (old Android, Java 7, embedded devices) can no \
longer connect"
                .into(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::minimum_tls_minor;

    #[test]
    fn reads_the_minimum_version_from_policy_names() {
        assert_eq!(
            minimum_tls_minor("ELBSecurityPolicy-TLS13-1-2-2021-06"),
            Some(2)
        );
        assert_eq!(
            minimum_tls_minor("ELBSecurityPolicy-TLS13-1-3-2021-06"),
            Some(3)
        );
        assert_eq!(
            minimum_tls_minor("ELBSecurityPolicy-TLS13-1-0-2021-06"),
            Some(0)
        );
        assert_eq!(
            minimum_tls_minor("ELBSecurityPolicy-TLS-1-1-2017-01"),
            Some(1)
        );
        assert_eq!(
            minimum_tls_minor("ELBSecurityPolicy-TLS-1-2-Ext-2018-06"),
            Some(2)
        );
        assert_eq!(
            minimum_tls_minor("ELBSecurityPolicy-FS-1-2-Res-2020-10"),
            Some(2)
        );
        assert_eq!(minimum_tls_minor("ELBSecurityPolicy-2016-08"), Some(0));
        assert_eq!(minimum_tls_minor("ELBSecurityPolicy-FS-2018-06"), Some(0));
        assert_eq!(minimum_tls_minor("my-custom-policy"), None);
    }
}
