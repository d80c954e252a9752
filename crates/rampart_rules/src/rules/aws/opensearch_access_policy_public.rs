//! AWS-OS-007: a domain with a public endpoint has an access policy that lets anyone in.
use crate::prelude::*;
use crate::views::iam::public_statement_labels;
use rampart_model::undecided;

pub static RULE: Rule = Rule {
    id: "AWS-OS-007",
    title: "OpenSearch domain with a public endpoint allows any principal in its access policy",
    severity: Severity::Critical,
    category: Category::Data,
    provider: Provider::Aws,
    kinds: &[
        "aws_opensearch_domain",
        "aws_elasticsearch_domain",
        "aws_opensearch_domain_policy",
        "aws_elasticsearch_domain_policy",
    ],
    rationale: "A domain outside a VPC answers on the internet, and its access policy is then the only control: an \
`Allow` statement with `Principal: \"*\"` and no condition pinning the caller to fixed values (`aws:SourceIp` with a \
non-world block, `aws:PrincipalAccount`, `aws:PrincipalOrgID`… — wildcards, `0.0.0.0/0`, negated operators, \
`...IfExists` and `ForAllValues:` do not count) lets anyone read, write or delete every index. \"Public\" is judged as \
the S3 documentation defines it, by the same engine as every other resource policy. A domain in a VPC is reached only \
through its security groups, where an open access policy is AWS's documented pattern, so it is not reported.",
    remediation: "Move the domain into a VPC, or name the roles that need it in `Principal` (or pin the caller with an \
`aws:SourceIp` block or an account condition), and turn on fine-grained access control. Who needs the domain is a \
human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html",
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

const DOMAINS: [&str; 2] = ["aws_opensearch_domain", "aws_elasticsearch_domain"];

/// Whether the domain has `vpc_options` with subnets (no public endpoint).
fn in_vpc(domain: &ResourceRef<'_>) -> Truth {
    crate::views::aws_services::any_block(domain, "vpc_options", |b| match b.get("subnet_ids") {
        None | Some(Value::Null) => Truth::False,
        Some(v) if v.is_unknown() => Truth::Unknown,
        Some(v) => Truth::from_bool(!v.items().is_empty()),
    })
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let open = public_statement_labels(&r, "access_policies");
    if open.is_empty() {
        return Vec::new();
    }
    let private = if DOMAINS.contains(&r.kind.as_str()) {
        in_vpc(&r)
    } else {
        // a separate policy names its domain: the module's domain decides, one from elsewhere
        // leaves the check undecided
        let domain = match r.attributes.get("domain_name") {
            Some(Value::Unknown(u)) => u
                .refers_to
                .as_deref()
                .and_then(|a| r.resolve(a))
                .filter(|d| DOMAINS.contains(&d.kind.as_str())),
            // the usual `aws_opensearch_domain.x.domain_name` is known: match it by name
            Some(Value::String(name)) => DOMAINS.iter().find_map(|kind| {
                r.inventory.of_kind(kind).find(|d| {
                    d.attributes.get("domain_name").and_then(Value::as_str) == Some(name.as_str())
                })
            }),
            _ => None,
        };
        match domain {
            Some(d) => in_vpc(&d),
            None => {
                undecided::note_depends(
                    "domain_name",
                    "the domain is not in this module: whether it has a public endpoint is not known",
                );
                Truth::Unknown
            }
        }
    };
    if !private.is_false() {
        return Vec::new();
    }
    vec![Hit::at(
        "access_policies",
        format!(
            "`{}` has a public endpoint and its access policy lets any principal in: {}",
            r.address,
            open.join(", ")
        ),
    )]
}
