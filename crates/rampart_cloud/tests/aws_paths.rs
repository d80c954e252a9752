//! Attack paths on a live account: a moto account is seeded through the SDK with planted toxic
//! combinations and their closed variants, collected, built into the security graph, and the
//! test asserts each planted path is found with its hops and no closed variant is.
//!
//! Planted: an instance with a public IP in a subnet routed to an internet gateway, SSH open
//! to the world, a critical CVE on its AMI and a role that reads a customer-exports bucket;
//! a public bucket holding payroll data; a role an outside account may assume with
//! administrator rights. Closed: the same instance in a subnet routed only locally, and behind
//! a network ACL that denies SSH first; the same public policy on a bucket whose public access
//! block is on; an administrator role trusted only by its own account.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

mod support;

use aws_sdk_ec2::types as ec2t;
use aws_sdk_s3::types as s3t;
use rampart_cloud::aws::{AwsOptions, Service, collect_with};
use rampart_graph::{AttackPath, BuildOptions, Graph, PathKind, import_trivy};
use support::{config_loader, moto, s3_client, sdk_config};

const REGION: &str = "us-east-1";
const OUTSIDE: &str = "999999999999";

struct Planted {
    account: String,
    igw: String,
    open_route_table: String,
    ssh_group: String,
    exposed: String,
    private: String,
    acl_denied: String,
}

fn tag(key: &str, value: &str, kind: ec2t::ResourceType) -> ec2t::TagSpecification {
    ec2t::TagSpecification::builder()
        .resource_type(kind)
        .tags(ec2t::Tag::builder().key(key).value(value).build())
        .build()
}

async fn seed(endpoint: &str) -> Planted {
    let config = sdk_config(endpoint, REGION).await;
    let account = aws_sdk_sts::Client::new(&config)
        .get_caller_identity()
        .send()
        .await
        .unwrap()
        .account()
        .unwrap()
        .to_string();
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let iam = aws_sdk_iam::Client::new(&config);
    let s3 = s3_client(&config);

    // --- network: one VPC, an internet gateway, three subnets
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.20.0.0/16")
        .send()
        .await
        .unwrap()
        .vpc()
        .and_then(|v| v.vpc_id())
        .unwrap()
        .to_string();
    let igw = ec2
        .create_internet_gateway()
        .send()
        .await
        .unwrap()
        .internet_gateway()
        .and_then(|g| g.internet_gateway_id())
        .unwrap()
        .to_string();
    ec2.attach_internet_gateway()
        .internet_gateway_id(&igw)
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap();
    let mut subnets = Vec::new();
    for cidr in ["10.20.1.0/24", "10.20.2.0/24", "10.20.3.0/24"] {
        let id = ec2
            .create_subnet()
            .vpc_id(&vpc)
            .cidr_block(cidr)
            .send()
            .await
            .unwrap()
            .subnet()
            .and_then(|s| s.subnet_id())
            .unwrap()
            .to_string();
        ec2.modify_subnet_attribute()
            .subnet_id(&id)
            .map_public_ip_on_launch(ec2t::AttributeBooleanValue::builder().value(true).build())
            .send()
            .await
            .unwrap();
        subnets.push(id);
    }
    let (open_subnet, private_subnet, acl_subnet) =
        (subnets[0].clone(), subnets[1].clone(), subnets[2].clone());
    // a route table to the internet gateway for the open and the ACL-guarded subnets; the
    // private subnet keeps the VPC's main table (local route only)
    let open_route_table = ec2
        .create_route_table()
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap()
        .route_table()
        .and_then(|t| t.route_table_id())
        .unwrap()
        .to_string();
    ec2.create_route()
        .route_table_id(&open_route_table)
        .destination_cidr_block("0.0.0.0/0")
        .gateway_id(&igw)
        .send()
        .await
        .unwrap();
    for s in [&open_subnet, &acl_subnet] {
        ec2.associate_route_table()
            .route_table_id(&open_route_table)
            .subnet_id(s)
            .send()
            .await
            .unwrap();
    }
    // a network ACL that denies SSH from anywhere before it allows everything
    let acl = ec2
        .create_network_acl()
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap()
        .network_acl()
        .and_then(|a| a.network_acl_id())
        .unwrap()
        .to_string();
    for (number, action, ports) in [
        (100, ec2t::RuleAction::Deny, Some((22, 22))),
        (200, ec2t::RuleAction::Allow, None),
    ] {
        let mut entry = ec2
            .create_network_acl_entry()
            .network_acl_id(&acl)
            .rule_number(number)
            .rule_action(action)
            .egress(false)
            .cidr_block("0.0.0.0/0");
        entry = match ports {
            Some((from, to)) => entry
                .protocol("6")
                .port_range(ec2t::PortRange::builder().from(from).to(to).build()),
            None => entry.protocol("-1"),
        };
        entry.send().await.unwrap();
    }
    let acls = ec2
        .describe_network_acls()
        .filters(
            ec2t::Filter::builder()
                .name("association.subnet-id")
                .values(&acl_subnet)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let association = acls
        .network_acls()
        .iter()
        .flat_map(|a| a.associations())
        .find(|a| a.subnet_id() == Some(acl_subnet.as_str()))
        .and_then(|a| a.network_acl_association_id())
        .unwrap()
        .to_string();
    ec2.replace_network_acl_association()
        .association_id(association)
        .network_acl_id(&acl)
        .send()
        .await
        .unwrap();
    let ssh_group = ec2
        .create_security_group()
        .group_name("rp-ssh-open")
        .description("ssh from anywhere")
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap()
        .group_id()
        .unwrap()
        .to_string();
    ec2.authorize_security_group_ingress()
        .group_id(&ssh_group)
        .ip_permissions(
            ec2t::IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(22)
                .to_port(22)
                .ip_ranges(ec2t::IpRange::builder().cidr_ip("0.0.0.0/0").build())
                .build(),
        )
        .send()
        .await
        .unwrap();

    // --- identity: a role that reads the customer exports, in an instance profile
    let ec2_trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    iam.create_role()
        .role_name("rp-web")
        .assume_role_policy_document(ec2_trust)
        .send()
        .await
        .unwrap();
    iam.put_role_policy()
        .role_name("rp-web")
        .policy_name("read-exports")
        .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::rp-customer-exports/*"}]}"#)
        .send()
        .await
        .unwrap();
    iam.create_instance_profile()
        .instance_profile_name("rp-web-profile")
        .send()
        .await
        .unwrap();
    iam.add_role_to_instance_profile()
        .instance_profile_name("rp-web-profile")
        .role_name("rp-web")
        .send()
        .await
        .unwrap();
    // administrator roles: one an outside account may assume, one only its own account (a
    // customer-managed policy: moto's server does not load AWS's managed policies)
    let admin_policy = iam
        .create_policy()
        .policy_name("rp-administrator")
        .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        .send()
        .await
        .unwrap()
        .policy()
        .and_then(|p| p.arn())
        .unwrap()
        .to_string();
    for (role, trusted) in [
        ("rp-vendor-admin", OUTSIDE),
        ("rp-self-admin", account.as_str()),
    ] {
        iam.create_role()
            .role_name(role)
            .assume_role_policy_document(format!(r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{trusted}:root"}},"Action":"sts:AssumeRole"}}]}}"#))
            .send()
            .await
            .unwrap();
        iam.attach_role_policy()
            .role_name(role)
            .policy_arn(&admin_policy)
            .send()
            .await
            .unwrap();
    }

    // --- data: the exports the role reads; a public payroll bucket and a blocked one
    for b in [
        "rp-customer-exports",
        "rp-payroll-public",
        "rp-payroll-blocked",
    ] {
        s3.create_bucket().bucket(b).send().await.unwrap();
    }
    for b in ["rp-payroll-public", "rp-payroll-blocked"] {
        s3.put_bucket_policy()
            .bucket(b)
            .policy(format!(r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{b}/*"}}]}}"#))
            .send()
            .await
            .unwrap();
    }
    s3.put_public_access_block()
        .bucket("rp-payroll-blocked")
        .public_access_block_configuration(
            s3t::PublicAccessBlockConfiguration::builder()
                .block_public_acls(true)
                .ignore_public_acls(true)
                .block_public_policy(true)
                .restrict_public_buckets(true)
                .build(),
        )
        .send()
        .await
        .unwrap();

    // --- compute: the same web server in each subnet
    let mut instances = Vec::new();
    for (subnet, name) in [
        (&open_subnet, "rp-web-exposed"),
        (&private_subnet, "rp-web-private"),
        (&acl_subnet, "rp-web-acl"),
    ] {
        let out = ec2
            .run_instances()
            .image_id(AMI)
            .instance_type(ec2t::InstanceType::T3Micro)
            .min_count(1)
            .max_count(1)
            .subnet_id(subnet)
            .security_group_ids(&ssh_group)
            .iam_instance_profile(
                ec2t::IamInstanceProfileSpecification::builder()
                    .name("rp-web-profile")
                    .build(),
            )
            .tag_specifications(tag("Name", name, ec2t::ResourceType::Instance))
            .send()
            .await
            .unwrap();
        instances.push(
            out.instances()
                .first()
                .and_then(|i| i.instance_id())
                .unwrap()
                .to_string(),
        );
    }
    Planted {
        account,
        igw,
        open_route_table,
        ssh_group,
        exposed: instances[0].clone(),
        private: instances[1].clone(),
        acl_denied: instances[2].clone(),
    }
}

/// An AMI moto ships in every region.
const AMI: &str = "ami-12c6146b";

fn through<'a>(paths: &'a [AttackPath], kind: PathKind, name: &str) -> Vec<&'a AttackPath> {
    paths
        .iter()
        .filter(|p| p.kind == kind && p.hops.iter().any(|h| h.name.contains(name)))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn planted_toxic_combinations_are_found_on_a_live_account_and_closed_ones_are_not() {
    let moto = moto();
    let planted = seed(&moto.endpoint).await;
    let options = AwsOptions {
        regions: vec![REGION.into()],
        services: vec![Service::Ec2, Service::Iam, Service::S3],
        ..AwsOptions::default()
    };
    let snapshot = collect_with(config_loader(&moto.endpoint, REGION), &options)
        .await
        .unwrap();
    assert!(snapshot.warnings.is_empty(), "{:?}", snapshot.warnings);
    let loaded = snapshot.to_load_output();
    let kinds: std::collections::BTreeSet<&str> = loaded
        .inventory
        .resources()
        .iter()
        .map(|r| r.kind.as_str())
        .collect();
    for k in [
        "aws_route_table",
        "aws_default_route_table",
        "aws_route_table_association",
        "aws_internet_gateway",
        "aws_network_acl",
        "aws_default_network_acl",
        "aws_iam_instance_profile",
    ] {
        assert!(kinds.contains(k), "{k} not collected: {kinds:?}");
    }
    let trivy = format!(
        r#"{{"ArtifactName": "{AMI}", "Results": [{{"Target": "{AMI}", "Vulnerabilities": [{{"VulnerabilityID": "CVE-2024-6387", "Severity": "CRITICAL", "PkgName": "openssh-server"}}]}}]}}"#
    );
    let build = BuildOptions {
        vulnerabilities: import_trivy(&trivy).unwrap(),
        ..BuildOptions::default()
    };
    let graph = Graph::build(&loaded.inventory, &build);
    let paths = graph.toxic_paths();

    // the exposed web server: found once, decided, through every hop of the network and the
    // identity that reads the exports
    let exposed = through(
        &paths,
        PathKind::ExposedVulnerableComputeReadsSensitiveData,
        &planted.exposed,
    );
    assert_eq!(exposed.len(), 1, "{paths:#?}");
    let p = exposed[0];
    assert!(p.decided, "{p:#?}");
    let hops = serde_json::to_string(&p.hops).unwrap();
    for must in [
        planted.igw.as_str(),
        planted.open_route_table.as_str(),
        planted.ssh_group.as_str(),
        planted.exposed.as_str(),
        "CVE-2024-6387",
        "rp-web",
        "rp-customer-exports",
    ] {
        assert!(hops.contains(must), "{must} missing from {hops}");
    }
    // closed variants: no route to the gateway; an ACL that denies SSH first
    for closed in [&planted.private, &planted.acl_denied] {
        assert!(
            through(
                &paths,
                PathKind::ExposedVulnerableComputeReadsSensitiveData,
                closed
            )
            .is_empty(),
            "{closed} is not reachable: {paths:#?}"
        );
    }

    // the public payroll bucket, not the blocked one
    assert_eq!(
        through(
            &paths,
            PathKind::PublicBucketWithSensitiveData,
            "rp-payroll-public"
        )
        .len(),
        1,
        "{paths:#?}"
    );
    assert!(
        through(
            &paths,
            PathKind::PublicBucketWithSensitiveData,
            "rp-payroll-blocked"
        )
        .is_empty(),
        "{paths:#?}"
    );

    // the vendor's administrator role, not the one only its own account assumes
    let vendor = through(&paths, PathKind::CrossAccountAdminTrust, "rp-vendor-admin");
    assert_eq!(vendor.len(), 1, "{paths:#?}");
    assert!(
        serde_json::to_string(&vendor[0].hops)
            .unwrap()
            .contains(OUTSIDE)
    );
    assert!(
        through(&paths, PathKind::CrossAccountAdminTrust, "rp-self-admin").is_empty(),
        "{} trusts only itself: {paths:#?}",
        planted.account
    );
}
