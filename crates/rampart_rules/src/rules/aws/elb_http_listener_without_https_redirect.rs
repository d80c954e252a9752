use crate::prelude::*;
use crate::views::logging::known_str;
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    id: "AWS-ELB-001",
    title: "Load balancer listener serves plain HTTP without redirecting to HTTPS",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_lb_listener", "aws_alb_listener"],
    rationale: "An Application Load Balancer listener with `protocol = \"HTTP\"` whose default action forwards \
traffic serves the application in clear text: session cookies, credentials and personal data can be read and \
changed by anyone on the path (public Wi-Fi, a compromised router). A listener whose default action redirects to \
HTTPS is the correct way to keep port 80 open and passes. Network and gateway load balancers cannot use HTTP and are \
never reported; a listener whose protocol is not known is not reported either.",
    remediation: "Serve the application from an HTTPS listener (port 443, an ACM certificate, a current TLS policy) \
and make the HTTP listener's default action `redirect` with `protocol = \"HTTPS\"`, `port = \"443\"` and \
`status_code = \"HTTP_301\"`. The machine fix replaces the default action with that redirect.",
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-1",
    ],
    aliases: &[
        "AVD-AWS-0054",
        "aws-elb-http-not-used",
        "CKV_AWS_2",
        "CKV2_AWS_20",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(listener: ResourceRef<'_>) -> Vec<Hit> {
    if is_http(&listener) != Truth::True || redirects_to_https(&listener) != Truth::False {
        return Vec::new();
    }
    vec![Hit::at(
        "protocol",
        format!(
            "listener `{}` serves plain HTTP and its default action does not redirect to HTTPS",
            listener.address
        ),
    )]
}

/// HTTP is written, or omitted on a listener of an application load balancer (the default).
fn is_http(listener: &ResourceRef<'_>) -> Truth {
    match known_str(listener, "protocol") {
        Ok(Some(p)) => Truth::from_bool(p.eq_ignore_ascii_case("HTTP")),
        Err(()) => Truth::Unknown,
        Ok(None) => listener
            .uses("aws_lb")
            .chain(listener.uses("aws_alb"))
            .map(|lb| match known_str(&lb, "load_balancer_type") {
                Ok(None) => Truth::True,
                Ok(Some(t)) => Truth::from_bool(t == "application"),
                Err(()) => Truth::Unknown,
            })
            .next()
            .unwrap_or(Truth::Unknown),
    }
}

/// Whether some default action redirects to HTTPS.
fn redirects_to_https(listener: &ResourceRef<'_>) -> Truth {
    let actions = match listener.get("default_action") {
        Some(Value::List(actions)) => actions,
        None | Some(Value::Null) => return Truth::False,
        Some(_) => return Truth::Unknown,
    };
    actions
        .iter()
        .map(|action| match action.get("type") {
            Some(Value::String(t)) if t == "redirect" => match action.path("redirect.0.protocol") {
                Some(Value::String(p)) => Truth::from_bool(p.eq_ignore_ascii_case("HTTPS")),
                None | Some(Value::Null) => Truth::False,
                Some(_) => Truth::Unknown,
            },
            Some(Value::String(_)) => Truth::False,
            _ => Truth::Unknown,
        })
        .fold(Truth::False, Truth::or)
}

fn fix(listener: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    let redirect = BTreeMap::from([
        ("port".to_string(), Value::string("443")),
        ("protocol".to_string(), Value::string("HTTPS")),
        ("status_code".to_string(), Value::string("HTTP_301")),
    ]);
    let action = BTreeMap::from([
        ("type".to_string(), Value::string("redirect")),
        (
            "redirect".to_string(),
            Value::List(vec![Value::Map(redirect)]),
        ),
    ]);
    Some(Fix {
        summary: "redirect HTTP to HTTPS".into(),
        changes: vec![Change::SetAttribute {
            address: listener.address.clone(),
            path: "default_action".into(),
            value: Value::List(vec![Value::Map(action)]),
        }],
        applicability: Applicability::Unsafe(
            "clients are sent to port 443, which must already have an HTTPS listener with a certificate; plain-HTTP \
health checks and clients that do not follow redirects break"
                .into(),
        ),
    })
}
