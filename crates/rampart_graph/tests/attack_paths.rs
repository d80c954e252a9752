//! The planted toxic combinations of `fixtures/toxic` are found with their hops; each closed
//! variant (the same estate with one hop closed, written as a patch below) is not; a hop that
//! reads an Unknown makes its path undecided, never dropped.

#![allow(clippy::panic)] // test helpers: a missing fixture or tool fails the test

use rampart_graph::{
    AttackPath, BuildOptions, Graph, HopKind, PathKind, import_grype, import_trivy,
};
use rampart_ingest::{LoadOptions, load_paths};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn vulnerabilities() -> Vec<rampart_graph::Vulnerability> {
    let read = |f: &str| std::fs::read_to_string(fixtures().join(f)).unwrap_or_default();
    let mut v = import_trivy(&read("trivy.json")).unwrap_or_default();
    v.extend(import_grype(&read("grype.json")).unwrap_or_default());
    v
}

/// Loads the toxic estate with `patches` applied (file, text to find, replacement) the way
/// the scanner loads a folder, and returns its paths.
fn paths_of(patches: &[(&str, &str, &str)], options: BuildOptions) -> (Graph, Vec<AttackPath>) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let src = fixtures().join("toxic");
    for entry in std::fs::read_dir(&src)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().to_string();
        let mut text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for (file, from, to) in patches {
            if *file == name {
                assert!(text.contains(from), "patch target `{from}` not in {file}");
                text = text.replacen(from, to, 1);
            }
        }
        std::fs::write(dir.path().join(&name), text).unwrap_or_else(|e| panic!("{e}"));
    }
    let loaded = load_paths(&[dir.path().to_path_buf()], &LoadOptions::default());
    assert!(
        loaded.errors.iter().all(|e| !e.is_error()),
        "{:?}",
        loaded.errors
    );
    let mut options = options;
    if options.vulnerabilities.is_empty() {
        options.vulnerabilities = vulnerabilities();
    }
    let graph = Graph::build(&loaded.inventory, &options);
    let paths = graph.toxic_paths();
    (graph, paths)
}

fn default_paths(patches: &[(&str, &str, &str)]) -> Vec<AttackPath> {
    paths_of(patches, BuildOptions::default()).1
}

/// The path of `kind` whose hops name `through` (an address or name), if any.
fn find<'a>(paths: &'a [AttackPath], kind: PathKind, through: &str) -> Option<&'a AttackPath> {
    paths
        .iter()
        .find(|p| p.kind == kind && p.hops.iter().any(|h| h.name == through))
}

fn hop_names(p: &AttackPath) -> Vec<(HopKind, &str)> {
    p.hops.iter().map(|h| (h.kind, h.name.as_str())).collect()
}

#[test]
fn exposed_vulnerable_compute_reading_sensitive_data_is_found_with_its_hops() {
    let paths = default_paths(&[]);
    let Some(web) = find(
        &paths,
        PathKind::ExposedVulnerableComputeReadsSensitiveData,
        "aws_instance.web",
    ) else {
        panic!("web path not found: {paths:#?}")
    };
    assert_eq!(
        hop_names(web),
        vec![
            (HopKind::Internet, "internet"),
            (HopKind::InternetGateway, "aws_internet_gateway.igw"),
            (HopKind::RouteTable, "aws_route_table.public"),
            (HopKind::Subnet, "aws_subnet.public"),
            (HopKind::NetworkAcl, "aws_network_acl.public"),
            (HopKind::SecurityGroup, "aws_security_group.web"),
            (HopKind::PublicAddress, "aws_instance.web"),
            (HopKind::Compute, "aws_instance.web"),
            (HopKind::Vulnerability, "CVE-2024-3094"),
            (HopKind::InstanceProfile, "aws_iam_instance_profile.web"),
            (HopKind::Role, "aws_iam_role.web"),
            (
                HopKind::Permission,
                "aws_iam_role.web → aws_s3_bucket.customers"
            ),
            (HopKind::DataStore, "aws_s3_bucket.customers"),
        ]
    );
    assert!(web.decided);
    assert!(
        web.hops.iter().any(|h| h.detail.contains("tcp/443")),
        "{web:#?}"
    );
    // the cheapest hop is the security group rule, fixed by AWS-EC2-005
    assert_eq!(web.break_at.hop, 5);
    assert_eq!(web.break_at.rule_id, Some("AWS-EC2-005"));
    assert_eq!(web.score, 9.5);
}

#[test]
fn exposure_through_an_internet_facing_load_balancer_reaches_its_target() {
    let paths = default_paths(&[]);
    let Some(api) = find(
        &paths,
        PathKind::ExposedVulnerableComputeReadsSensitiveData,
        "aws_instance.api",
    ) else {
        panic!("api path not found: {paths:#?}")
    };
    let kinds: Vec<HopKind> = api.hops.iter().map(|h| h.kind).collect();
    let lb = kinds.iter().position(|k| *k == HopKind::LoadBalancer);
    let tg = kinds.iter().position(|k| *k == HopKind::TargetGroup);
    assert!(lb.is_some() && tg > lb, "{kinds:?}");
    assert!(
        api.hops.iter().any(|h| h.name == "CVE-2021-44228"),
        "grype's CVE links by the AMI"
    );
    assert!(
        api.hops
            .iter()
            .any(|h| h.name == "aws_dynamodb_table.profiles")
    );
    assert!(api.decided);
}

#[test]
fn public_bucket_with_secrets_is_found_and_a_public_bucket_without_is_not() {
    let paths = default_paths(&[]);
    let Some(p) = find(
        &paths,
        PathKind::PublicBucketWithSensitiveData,
        "aws_s3_bucket.leaky",
    ) else {
        panic!("{paths:#?}")
    };
    assert!(p.decided);
    assert_eq!(p.hops[p.break_at.hop].kind, HopKind::PublicAccess);
    assert_eq!(p.break_at.rule_id, Some("AWS-S3-003"));
    assert!(
        find(
            &paths,
            PathKind::PublicBucketWithSensitiveData,
            "aws_s3_bucket.site"
        )
        .is_none()
    );
}

#[test]
fn cross_account_admin_trust_and_escalation_are_found() {
    let paths = default_paths(&[]);
    let Some(t) = find(
        &paths,
        PathKind::CrossAccountAdminTrust,
        "aws_iam_role.vendor",
    ) else {
        panic!("{paths:#?}")
    };
    assert_eq!(t.hops[0].name, "999988887777");
    assert_eq!(t.hops[t.break_at.hop].kind, HopKind::Trust);
    assert!(t.decided, "the external id is the caller's to send: {t:#?}");
    let Some(e) = find(
        &paths,
        PathKind::PrivilegeEscalation,
        "aws_iam_role.builder",
    ) else {
        panic!("{paths:#?}")
    };
    assert_eq!(
        e.hops.first().map(|h| h.name.as_str()),
        Some("aws_lambda_function.builder")
    );
    assert_eq!(
        e.hops.last().map(|h| h.name.as_str()),
        Some("ec2-run-instances")
    );
    // the web role reads data but cannot escalate
    assert!(find(&paths, PathKind::PrivilegeEscalation, "aws_iam_role.web").is_none());
}

const WEB_OPEN: &str = r#"    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "web""#;

#[test]
fn a_closed_security_group_breaks_the_path() {
    let paths = default_paths(&[(
        "web.tf",
        WEB_OPEN,
        &WEB_OPEN.replace("0.0.0.0/0", "10.0.0.0/8"),
    )]);
    assert!(
        find(
            &paths,
            PathKind::ExposedVulnerableComputeReadsSensitiveData,
            "aws_instance.web"
        )
        .is_none()
    );
    // the other planted path, through its own group, stands
    assert!(
        find(
            &paths,
            PathKind::ExposedVulnerableComputeReadsSensitiveData,
            "aws_instance.api"
        )
        .is_some()
    );
}

#[test]
fn no_route_to_the_internet_gateway_breaks_every_exposure() {
    let paths = default_paths(&[(
        "network.tf",
        "gateway_id = aws_internet_gateway.igw.id\n  }",
        "nat_gateway_id = \"nat-0abc\"\n  }",
    )]);
    assert!(
        !paths
            .iter()
            .any(|p| p.kind == PathKind::ExposedVulnerableComputeReadsSensitiveData),
        "{paths:#?}"
    );
}

#[test]
fn a_network_acl_deny_numbered_first_breaks_the_path() {
    let deny = r#"  ingress {
    rule_no    = 90
    action     = "deny"
    protocol   = "tcp"
    from_port  = 443
    to_port    = 443
    cidr_block = "0.0.0.0/0"
  }
  ingress {
    rule_no    = 100"#;
    let paths = default_paths(&[("network.tf", "  ingress {\n    rule_no    = 100", deny)]);
    assert!(
        !paths
            .iter()
            .any(|p| p.kind == PathKind::ExposedVulnerableComputeReadsSensitiveData),
        "{paths:#?}"
    );
    // numbered after the allow, the same deny changes nothing
    let late = deny.replace("rule_no    = 90", "rule_no    = 200");
    let paths = default_paths(&[("network.tf", "  ingress {\n    rule_no    = 100", &late)]);
    assert!(
        find(
            &paths,
            PathKind::ExposedVulnerableComputeReadsSensitiveData,
            "aws_instance.web"
        )
        .is_some()
    );
}

#[test]
fn a_role_without_access_to_sensitive_data_breaks_the_path() {
    let paths = default_paths(&[(
        "web.tf",
        r#"Resource = [aws_s3_bucket.customers.arn, "arn:aws:s3:::acme-shop-orders/*"]"#,
        r#"Resource = ["arn:aws:s3:::acme-website/*"]"#,
    )]);
    assert!(
        find(
            &paths,
            PathKind::ExposedVulnerableComputeReadsSensitiveData,
            "aws_instance.web"
        )
        .is_none()
    );
}

#[test]
fn a_deny_statement_cancels_the_allow() {
    let deny = r#"Resource = [aws_s3_bucket.customers.arn, "arn:aws:s3:::acme-shop-orders/*"]
    }, {
      Effect   = "Deny"
      Action   = "s3:*"
      Resource = "arn:aws:s3:::acme-shop-orders/*""#;
    let paths = default_paths(&[(
        "web.tf",
        r#"Resource = [aws_s3_bucket.customers.arn, "arn:aws:s3:::acme-shop-orders/*"]"#,
        deny,
    )]);
    assert!(
        find(
            &paths,
            PathKind::ExposedVulnerableComputeReadsSensitiveData,
            "aws_instance.web"
        )
        .is_none(),
        "{paths:#?}"
    );
}

#[test]
fn a_permissions_boundary_without_the_action_cancels_the_allow() {
    let paths = default_paths(&[(
        "web.tf",
        "resource \"aws_iam_role\" \"web\" {\n  name = \"web\"",
        "resource \"aws_iam_role\" \"web\" {\n  name = \"web\"\n  permissions_boundary = \"arn:aws:iam::aws:policy/IAMFullAccess\"",
    )]);
    assert!(
        find(
            &paths,
            PathKind::ExposedVulnerableComputeReadsSensitiveData,
            "aws_instance.web"
        )
        .is_none()
    );
}

#[test]
fn no_critical_vulnerability_breaks_the_path() {
    let options = BuildOptions {
        vulnerabilities: import_trivy(r#"{"ArtifactName": "registry.example.com/shop/web:1.4.2", "Results": [{"Vulnerabilities": [{"VulnerabilityID": "CVE-2023-4911", "Severity": "HIGH"}]}]}"#).unwrap_or_default(),
        ..BuildOptions::default()
    };
    let (_, paths) = paths_of(&[], options);
    assert!(
        find(
            &paths,
            PathKind::ExposedVulnerableComputeReadsSensitiveData,
            "aws_instance.web"
        )
        .is_none()
    );
}

#[test]
fn a_public_access_block_makes_the_bucket_not_public() {
    let block = "resource \"aws_s3_bucket_public_access_block\" \"leaky\" {\n  bucket = aws_s3_bucket.leaky.id\n  restrict_public_buckets = true\n}\n\n# Not a toxic";
    let paths = default_paths(&[("data.tf", "# Not a toxic", block)]);
    assert!(
        find(
            &paths,
            PathKind::PublicBucketWithSensitiveData,
            "aws_s3_bucket.leaky"
        )
        .is_none()
    );
}

#[test]
fn a_trust_to_a_known_account_or_a_role_without_admin_is_no_path() {
    let options = BuildOptions {
        known_accounts: vec!["999988887777".into()],
        ..BuildOptions::default()
    };
    let (_, paths) = paths_of(&[], options);
    assert!(
        find(
            &paths,
            PathKind::CrossAccountAdminTrust,
            "aws_iam_role.vendor"
        )
        .is_none()
    );
    let paths = default_paths(&[(
        "trust.tf",
        "policy/AdministratorAccess",
        "policy/AmazonS3ReadOnlyAccess",
    )]);
    assert!(
        find(
            &paths,
            PathKind::CrossAccountAdminTrust,
            "aws_iam_role.vendor"
        )
        .is_none()
    );
}

#[test]
fn a_role_without_pass_role_cannot_escalate() {
    let paths = default_paths(&[(
        "trust.tf",
        r#"Action   = ["iam:PassRole", "ec2:RunInstances"]"#,
        r#"Action   = ["ec2:RunInstances"]"#,
    )]);
    assert!(
        find(
            &paths,
            PathKind::PrivilegeEscalation,
            "aws_iam_role.builder"
        )
        .is_none()
    );
}

#[test]
fn an_unknown_cidr_makes_the_path_undecided_not_dropped() {
    let paths = default_paths(&[
        (
            "web.tf",
            WEB_OPEN,
            &WEB_OPEN.replace("[\"0.0.0.0/0\"]", "[var.allowed_cidr]"),
        ),
        (
            "network.tf",
            "resource \"aws_vpc\"",
            "variable \"allowed_cidr\" {}\n\nresource \"aws_vpc\"",
        ),
    ]);
    let Some(web) = find(
        &paths,
        PathKind::ExposedVulnerableComputeReadsSensitiveData,
        "aws_instance.web",
    ) else {
        panic!("undecided path dropped: {paths:#?}")
    };
    assert!(!web.decided);
    let sg = web.hops.iter().find(|h| h.kind == HopKind::SecurityGroup);
    assert_eq!(sg.map(|h| h.truth), Some(rampart_model::Truth::Unknown));
    assert!(web.score < 9.5);
}

#[test]
fn an_unknown_principal_makes_the_public_bucket_undecided() {
    let paths = default_paths(&[
        (
            "data.tf",
            "Principal = \"*\"",
            "Principal = { AWS = var.reader }",
        ),
        (
            "data.tf",
            "# PLANTED (PATH-002)",
            "variable \"reader\" {}\n\n# PLANTED (PATH-002)",
        ),
    ]);
    let Some(p) = find(
        &paths,
        PathKind::PublicBucketWithSensitiveData,
        "aws_s3_bucket.leaky",
    ) else {
        panic!("{paths:#?}")
    };
    assert!(!p.decided);
}

#[test]
fn ipv6_exposure_needs_an_ipv6_address_route_and_rules() {
    let web_v6 = WEB_OPEN.replace(
        "cidr_blocks = [\"0.0.0.0/0\"]",
        "ipv6_cidr_blocks = [\"::/0\"]",
    );
    let patches = [
        ("web.tf", WEB_OPEN, web_v6.as_str()),
        (
            "web.tf",
            "instance_type          = \"t3.micro\"",
            "instance_type          = \"t3.micro\"\n  ipv6_address_count     = 1\n  associate_public_ip_address = false",
        ),
        (
            "network.tf",
            "  route {\n",
            "  route {\n    ipv6_cidr_block = \"::/0\"\n    gateway_id = aws_internet_gateway.igw.id\n  }\n  route {\n",
        ),
        (
            "network.tf",
            "    cidr_block = \"0.0.0.0/0\"\n  }\n  ingress {\n    rule_no    = 110",
            "    cidr_block = \"0.0.0.0/0\"\n  }\n  ingress {\n    rule_no    = 105\n    action     = \"allow\"\n    protocol   = \"tcp\"\n    from_port  = 443\n    to_port    = 443\n    ipv6_cidr_block = \"::/0\"\n  }\n  ingress {\n    rule_no    = 110",
        ),
    ];
    let paths = default_paths(&patches);
    let Some(web) = find(
        &paths,
        PathKind::ExposedVulnerableComputeReadsSensitiveData,
        "aws_instance.web",
    ) else {
        panic!("{paths:#?}")
    };
    assert!(
        web.hops.iter().any(|h| h.detail.contains("IPv6")),
        "{web:#?}"
    );
    // without the ::/0 route the IPv6 address is not reachable
    let no_route: Vec<_> = patches
        .iter()
        .filter(|p| p.0 != "network.tf" || !p.1.starts_with("  route"))
        .copied()
        .collect();
    let paths = default_paths(&no_route);
    assert!(
        find(
            &paths,
            PathKind::ExposedVulnerableComputeReadsSensitiveData,
            "aws_instance.web"
        )
        .is_none()
    );
}

#[test]
fn an_unresolved_resource_template_makes_other_reads_undecided_not_granted() {
    // the loader keeps `"${aws_s3_bucket.customers.arn}/*"` as an Unknown that names nothing:
    // it may be any ARN, so whether the role reads the customers bucket is undecided; the
    // secrets bucket it reads for sure, since that bucket's policy lets every principal read
    let paths = default_paths(&[(
        "web.tf",
        r#"Resource = [aws_s3_bucket.customers.arn, "arn:aws:s3:::acme-shop-orders/*"]"#,
        r#"Resource = ["${aws_s3_bucket.customers.arn}/*"]"#,
    )]);
    let via_web: Vec<_> = paths
        .iter()
        .filter(|p| {
            p.kind == PathKind::ExposedVulnerableComputeReadsSensitiveData
                && p.hops.iter().any(|h| h.name == "aws_instance.web")
        })
        .collect();
    let to = |store: &str| {
        via_web
            .iter()
            .find(|p| p.hops.last().is_some_and(|h| h.name == store))
    };
    assert_eq!(
        to("aws_s3_bucket.customers").map(|p| p.decided),
        Some(false),
        "{via_web:#?}"
    );
    assert_eq!(
        to("aws_s3_bucket.leaky").map(|p| p.decided),
        Some(true),
        "{via_web:#?}"
    );
}

#[test]
fn a_public_acl_on_a_sensitive_bucket_is_a_path_and_ignore_public_acls_closes_it() {
    let sensitive = (
        "data.tf",
        "bucket = \"acme-website\"",
        "bucket = \"acme-website-backups\"",
    );
    let paths = default_paths(&[sensitive]);
    let Some(p) = find(
        &paths,
        PathKind::PublicBucketWithSensitiveData,
        "aws_s3_bucket.site",
    ) else {
        panic!("{paths:#?}")
    };
    assert!(p.hops.iter().any(|h| h.detail.contains("ACL")));
    let ignore = (
        "data.tf",
        "  acl    = \"public-read\"\n}",
        "  acl    = \"public-read\"\n}\n\nresource \"aws_s3_bucket_public_access_block\" \"site\" {\n  bucket             = aws_s3_bucket.site.id\n  ignore_public_acls = true\n}",
    );
    let paths = default_paths(&[sensitive, ignore]);
    assert!(
        find(
            &paths,
            PathKind::PublicBucketWithSensitiveData,
            "aws_s3_bucket.site"
        )
        .is_none()
    );
}

#[test]
fn reads_of_stores_that_are_not_sensitive_are_edges_only_when_asked() {
    let can_read = |g: &Graph, role: &str, store: &str| {
        let (Some(r), Some(s)) = (g.find(role), g.find(store)) else {
            return false;
        };
        g.outgoing(r)
            .iter()
            .any(|e| e.kind == rampart_graph::EdgeKind::CanRead && e.to == s)
    };
    let (g, _) = paths_of(&[], BuildOptions::default());
    assert!(
        can_read(&g, "aws_iam_role.vendor", "aws_s3_bucket.leaky"),
        "an administrator reads the secrets"
    );
    assert!(!can_read(&g, "aws_iam_role.vendor", "aws_s3_bucket.site"));
    let (g, _) = paths_of(
        &[],
        BuildOptions {
            all_data_access: true,
            ..BuildOptions::default()
        },
    );
    assert!(can_read(&g, "aws_iam_role.vendor", "aws_s3_bucket.site"));
    assert!(!can_read(&g, "aws_iam_role.builder", "aws_s3_bucket.site"));
}

#[test]
fn a_role_that_may_assume_an_escalating_role_is_the_start_of_a_chain() {
    // `ops` can pass roles and run instances and trusts the web role (whose policy also lets
    // it call sts:AssumeRole on ops): web → trust → ops → ec2-run-instances
    let ops = r#"

resource "aws_iam_role" "ops" {
  name = "ops"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = aws_iam_role.web.arn } }]
  })
  inline_policy {
    name   = "deploy"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "ec2:RunInstances"], Resource = "*" }] })
  }
}
"#;
    let assume = r#"Resource = [aws_s3_bucket.customers.arn, "arn:aws:s3:::acme-shop-orders/*"]
    }, {
      Effect   = "Allow"
      Action   = "sts:AssumeRole"
      Resource = aws_iam_role.ops.arn"#;
    let anchor = r#"Resource = [aws_s3_bucket.customers.arn, "arn:aws:s3:::acme-shop-orders/*"]"#;
    let paths = default_paths(&[
        ("web.tf", anchor, assume),
        (
            "trust.tf",
            "# PLANTED (PATH-004)",
            &format!("{}\n# PLANTED (PATH-004)", ops.trim_start()),
        ),
    ]);
    let chain = paths.iter().find(|p| {
        p.kind == PathKind::PrivilegeEscalation
            && p.hops.first().is_some_and(|h| h.name == "aws_iam_role.web")
    });
    let Some(chain) = chain else {
        panic!("{paths:#?}")
    };
    assert_eq!(
        hop_names(chain).iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        vec![
            HopKind::Role,
            HopKind::Trust,
            HopKind::Role,
            HopKind::Escalation
        ]
    );
    assert!(chain.decided);
    // in one account a trust policy naming the role's ARN is enough on its own (AWS: no
    // identity permission needed); a trust naming another role starts no chain from web
    let to_api = ops.replace("aws_iam_role.web.arn", "aws_iam_role.api.arn");
    let paths = default_paths(&[(
        "trust.tf",
        "# PLANTED (PATH-004)",
        &format!("{}\n# PLANTED (PATH-004)", to_api.trim_start()),
    )]);
    let starts = |name: &str| {
        paths.iter().any(|p| {
            p.kind == PathKind::PrivilegeEscalation
                && p.hops.first().is_some_and(|h| h.name == name)
        })
    };
    assert!(!starts("aws_iam_role.web"));
    assert!(starts("aws_iam_role.api"));
}
