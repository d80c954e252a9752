//! The `aws` CLI remediations Rampart prints for live findings are run for real against moto
//! (`--endpoint-url`), the account is collected again, and the finding must be gone: the
//! copy-paste steps are proven, not assumed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

mod support;

use aws_sdk_ec2::types as ec2t;
use rampart_cloud::aws::{AwsOptions, Service, collect_with};
use rampart_fix::remediation::remediate_all;
use rampart_fix::verify::Workspace;
use rampart_model::Finding;
use support::{aws_cli, config_loader, moto, s3_client, sdk_config};

const REGION: &str = "us-east-1";

async fn findings(endpoint: &str) -> (Workspace, Vec<Finding>) {
    let options = AwsOptions {
        regions: vec![REGION.into()],
        services: vec![Service::S3, Service::Ec2],
        ..AwsOptions::default()
    };
    let snapshot = collect_with(config_loader(endpoint, REGION), &options)
        .await
        .expect("collect");
    let ws = Workspace::from_inventory(
        snapshot.to_load_output().inventory,
        rampart_rules::builtin_rules(),
    );
    let findings = ws.findings.clone();
    (ws, findings)
}

/// Runs one printed `aws ...` command against moto.
fn run_aws(endpoint: &str, command: &str) {
    let rest = command
        .strip_prefix("aws ")
        .unwrap_or_else(|| panic!("not an aws command: {command}"));
    assert!(!rest.contains("<"), "a placeholder is left in: {command}");
    let aws = aws_cli();
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("\"$AWS_BIN\" --endpoint-url {endpoint} {rest}"))
        .env("AWS_BIN", &aws)
        .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
        .env(
            "AWS_SECRET_ACCESS_KEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        )
        .env("AWS_DEFAULT_REGION", REGION)
        .env("AWS_CONFIG_FILE", "/nonexistent/rampart-test-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/rampart-test-credentials",
        )
        .env_remove("AWS_PROFILE")
        .output()
        .expect("run aws");
    assert!(
        output.status.success(),
        "`{command}` failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn printed_aws_commands_clear_their_findings_on_moto() {
    let moto = moto();
    let config = sdk_config(&moto.endpoint, REGION).await;
    let s3 = s3_client(&config);
    s3.create_bucket()
        .bucket("fix-no-block")
        .send()
        .await
        .unwrap();
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let group = ec2
        .create_security_group()
        .group_name("fix-open-ssh")
        .description("ssh for everyone")
        .send()
        .await
        .unwrap()
        .group_id()
        .unwrap()
        .to_string();
    ec2.authorize_security_group_ingress()
        .group_id(&group)
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
    let ami = ec2
        .describe_images()
        .owners("amazon")
        .send()
        .await
        .unwrap()
        .images()[0]
        .image_id()
        .unwrap()
        .to_string();
    let instance = ec2
        .run_instances()
        .image_id(ami)
        .instance_type(ec2t::InstanceType::T3Micro)
        .min_count(1)
        .max_count(1)
        .metadata_options(
            ec2t::InstanceMetadataOptionsRequest::builder()
                .http_tokens(ec2t::HttpTokensState::Optional)
                .build(),
        )
        .send()
        .await
        .unwrap()
        .instances()[0]
        .instance_id()
        .unwrap()
        .to_string();

    let targets = [
        ("AWS-S3-003", "aws_s3_bucket.fix-no-block".to_string()),
        ("AWS-EC2-001", format!("aws_security_group.{group}")),
        ("AWS-EC2-007", format!("aws_instance.{instance}")),
    ];
    let (ws, before) = findings(&moto.endpoint).await;
    for (rule, address) in &targets {
        assert!(
            before
                .iter()
                .any(|f| f.rule_id == *rule && &f.address == address),
            "{rule} is not found on {address} before the fix"
        );
    }
    let remediations = remediate_all(&ws);
    for (rule, address) in &targets {
        let r = remediations
            .iter()
            .find(|r| r.rule_id == *rule && &r.address == address)
            .unwrap_or_else(|| panic!("no remediation for {rule} on {address}"));
        assert!(!r.targets.cli.is_empty(), "{rule}: no aws command");
        for step in &r.targets.cli {
            eprintln!("{rule}: {}", step.command);
            run_aws(&moto.endpoint, &step.command);
            run_aws(&moto.endpoint, &step.read_back);
        }
    }
    let (_, after) = findings(&moto.endpoint).await;
    for (rule, address) in &targets {
        assert!(
            !after
                .iter()
                .any(|f| f.rule_id == *rule && &f.address == address),
            "{rule} is still found on {address} after running its aws commands"
        );
    }
}
