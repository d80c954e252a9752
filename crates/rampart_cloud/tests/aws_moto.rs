//! Live collection against a real moto server: misconfigured and clean resources are seeded
//! through the AWS SDK, the account is collected, the rules run on the snapshot, and the test
//! asserts that every planted misconfiguration is found on its resource, with its ARN and
//! console URL, and that nothing fires on the clean resources. A second test puts a proxy
//! that refuses IAM and EC2 in front of moto and asserts the refusals are warnings.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

mod support;

use aws_sdk_ec2::types as ec2t;
use aws_sdk_s3::types as s3t;
use rampart_cloud::aws::{AwsOptions, Service, collect_with};
use rampart_ingest::snapshot::Snapshot;
use rampart_model::Finding;
use std::collections::{BTreeMap, BTreeSet};
use support::{config_loader, moto, s3_client, sdk_config};

const HOME: &str = "us-east-1";
const OTHER: &str = "eu-west-1";

/// Everything the scenario planted, by resource address.
struct Planted {
    account: String,
    open_ssh_group: String,
    clean_group: String,
    imdsv1_instance: String,
    clean_instance: String,
    plain_volume: String,
    encrypted_volume: String,
    unrotated_key: String,
    public_key: String,
    clean_key: String,
}

fn json_policy(statement: serde_json::Value) -> String {
    serde_json::json!({"Version": "2012-10-17", "Statement": [statement]}).to_string()
}

async fn harden_bucket(
    s3: &aws_sdk_s3::Client,
    bucket: &str,
    kms_key: Option<&str>,
    log_to: Option<&str>,
) {
    s3.put_public_access_block()
        .bucket(bucket)
        .public_access_block_configuration(
            s3t::PublicAccessBlockConfiguration::builder()
                .block_public_acls(true)
                .block_public_policy(true)
                .ignore_public_acls(true)
                .restrict_public_buckets(true)
                .build(),
        )
        .send()
        .await
        .expect("put public access block");
    let default = match kms_key {
        Some(key) => s3t::ServerSideEncryptionByDefault::builder()
            .sse_algorithm(s3t::ServerSideEncryption::AwsKms)
            .kms_master_key_id(key),
        None => s3t::ServerSideEncryptionByDefault::builder()
            .sse_algorithm(s3t::ServerSideEncryption::Aes256),
    };
    s3.put_bucket_encryption()
        .bucket(bucket)
        .server_side_encryption_configuration(
            s3t::ServerSideEncryptionConfiguration::builder()
                .rules(
                    s3t::ServerSideEncryptionRule::builder()
                        .apply_server_side_encryption_by_default(
                            default.build().expect("sse default"),
                        )
                        .build(),
                )
                .build()
                .expect("sse config"),
        )
        .send()
        .await
        .expect("put bucket encryption");
    s3.put_bucket_versioning()
        .bucket(bucket)
        .versioning_configuration(
            s3t::VersioningConfiguration::builder()
                .status(s3t::BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .expect("put bucket versioning");
    s3.put_bucket_ownership_controls()
        .bucket(bucket)
        .ownership_controls(
            s3t::OwnershipControls::builder()
                .rules(
                    s3t::OwnershipControlsRule::builder()
                        .object_ownership(s3t::ObjectOwnership::BucketOwnerEnforced)
                        .build()
                        .expect("ownership rule"),
                )
                .build()
                .expect("ownership"),
        )
        .send()
        .await
        .expect("put ownership controls");
    s3.put_bucket_lifecycle_configuration()
        .bucket(bucket)
        .lifecycle_configuration(
            s3t::BucketLifecycleConfiguration::builder()
                .rules(
                    s3t::LifecycleRule::builder()
                        .id("expire-old-versions")
                        .status(s3t::ExpirationStatus::Enabled)
                        .filter(s3t::LifecycleRuleFilter::builder().prefix("").build())
                        .noncurrent_version_expiration(
                            s3t::NoncurrentVersionExpiration::builder()
                                .noncurrent_days(90)
                                .build(),
                        )
                        .build()
                        .expect("lifecycle rule"),
                )
                .build()
                .expect("lifecycle"),
        )
        .send()
        .await
        .expect("put lifecycle");
    s3.put_bucket_notification_configuration()
        .bucket(bucket)
        .notification_configuration(
            // a queue, not EventBridge: moto's GetBucketNotificationConfiguration leaves the
            // EventBridge configuration out (docs/live-aws.md, emulator gaps)
            s3t::NotificationConfiguration::builder()
                .queue_configurations(
                    s3t::QueueConfiguration::builder()
                        .queue_arn(format!("arn:aws:sqs:{HOME}:123456789012:rp-bucket-events"))
                        .events(s3t::Event::from("s3:ObjectCreated:*"))
                        .build()
                        .expect("queue configuration"),
                )
                .build(),
        )
        .send()
        .await
        .expect("put notification");
    if let Some(target) = log_to {
        s3.put_bucket_logging()
            .bucket(bucket)
            .bucket_logging_status(
                s3t::BucketLoggingStatus::builder()
                    .logging_enabled(
                        s3t::LoggingEnabled::builder()
                            .target_bucket(target)
                            .target_prefix(format!("{bucket}/"))
                            .build()
                            .expect("logging"),
                    )
                    .build(),
            )
            .send()
            .await
            .expect("put bucket logging");
    }
}

async fn replicate(s3: &aws_sdk_s3::Client, account: &str, source: &str, destination: &str) {
    s3.put_bucket_replication()
        .bucket(source)
        .replication_configuration(
            s3t::ReplicationConfiguration::builder()
                .role(format!("arn:aws:iam::{account}:role/rp-clean-role"))
                .rules(
                    s3t::ReplicationRule::builder()
                        .id("to-replica")
                        .status(s3t::ReplicationRuleStatus::Enabled)
                        .priority(1)
                        .filter(s3t::ReplicationRuleFilter::builder().prefix("").build())
                        .delete_marker_replication(
                            s3t::DeleteMarkerReplication::builder()
                                .status(s3t::DeleteMarkerReplicationStatus::Disabled)
                                .build(),
                        )
                        .destination(
                            s3t::Destination::builder()
                                .bucket(format!("arn:aws:s3:::{destination}"))
                                .build()
                                .expect("destination"),
                        )
                        .build()
                        .expect("replication rule"),
                )
                .build()
                .expect("replication"),
        )
        .send()
        .await
        .expect("put replication");
}

async fn seed(endpoint: &str) -> Planted {
    let home = sdk_config(endpoint, HOME).await;
    let account = aws_sdk_sts::Client::new(&home)
        .get_caller_identity()
        .send()
        .await
        .expect("sts")
        .account()
        .expect("account")
        .to_string();
    let s3 = s3_client(&home);
    let kms_key = format!("arn:aws:kms:{HOME}:{account}:key/6f1a2b3c-1111-2222-3333-444455556666");

    // --- S3: two public buckets without a public access block, three hardened ones
    for b in [
        "rp-public-acl",
        "rp-public-policy",
        "rp-clean",
        "rp-clean-logs",
        "rp-clean-replica",
    ] {
        s3.create_bucket()
            .bucket(b)
            .send()
            .await
            .expect("create bucket");
    }
    s3.put_bucket_ownership_controls()
        .bucket("rp-public-acl")
        .ownership_controls(
            s3t::OwnershipControls::builder()
                .rules(
                    s3t::OwnershipControlsRule::builder()
                        .object_ownership(s3t::ObjectOwnership::ObjectWriter)
                        .build()
                        .expect("ownership rule"),
                )
                .build()
                .expect("ownership"),
        )
        .send()
        .await
        .expect("ownership");
    s3.put_bucket_acl()
        .bucket("rp-public-acl")
        .acl(s3t::BucketCannedAcl::PublicRead)
        .send()
        .await
        .expect("public-read acl");
    s3.put_bucket_policy()
        .bucket("rp-public-policy")
        .policy(json_policy(serde_json::json!({
            "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::rp-public-policy/*"
        })))
        .send()
        .await
        .expect("public policy");
    harden_bucket(&s3, "rp-clean-logs", None, None).await;
    s3.put_bucket_policy()
        .bucket("rp-clean-logs")
        .policy(json_policy(serde_json::json!({
            "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
            "Action": "s3:PutObject", "Resource": "arn:aws:s3:::rp-clean-logs/*",
            "Condition": {"StringEquals": {"aws:SourceAccount": account}}
        })))
        .send()
        .await
        .expect("log delivery policy");
    harden_bucket(
        &s3,
        "rp-clean-replica",
        Some(&kms_key),
        Some("rp-clean-logs"),
    )
    .await;
    harden_bucket(&s3, "rp-clean", Some(&kms_key), Some("rp-clean-logs")).await;
    replicate(&s3, &account, "rp-clean", "rp-clean-replica").await;
    replicate(&s3, &account, "rp-clean-logs", "rp-clean-replica").await;

    // --- IAM
    let iam = aws_sdk_iam::Client::new(&home);
    iam.create_user()
        .user_name("rp-admin")
        .send()
        .await
        .expect("user");
    iam.put_user_policy()
        .user_name("rp-admin")
        .policy_name("everything")
        .policy_document(json_policy(
            serde_json::json!({"Effect": "Allow", "Action": "*", "Resource": "*"}),
        ))
        .send()
        .await
        .expect("inline admin policy");
    iam.create_user()
        .user_name("rp-clean-user")
        .send()
        .await
        .expect("user");
    iam.create_role()
        .role_name("rp-open-trust")
        .assume_role_policy_document(json_policy(serde_json::json!({
            "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"
        })))
        .send()
        .await
        .expect("open trust role");
    iam.create_role()
        .role_name("rp-clean-role")
        .assume_role_policy_document(json_policy(serde_json::json!({
            "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"
        })))
        .send()
        .await
        .expect("clean role");
    let clean_policy = iam
        .create_policy()
        .policy_name("rp-clean-policy")
        .policy_document(json_policy(serde_json::json!({
            "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::rp-clean/*"
        })))
        .send()
        .await
        .expect("clean policy");
    let clean_arn = clean_policy
        .policy()
        .and_then(|p| p.arn())
        .expect("policy arn")
        .to_string();
    iam.attach_role_policy()
        .role_name("rp-clean-role")
        .policy_arn(&clean_arn)
        .send()
        .await
        .expect("attach");
    iam.create_policy()
        .policy_name("rp-s3-wildcard")
        .policy_document(json_policy(
            serde_json::json!({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}),
        ))
        .send()
        .await
        .expect("wildcard policy");
    iam.update_account_password_policy()
        .minimum_password_length(6)
        .require_symbols(false)
        .require_numbers(true)
        .require_uppercase_characters(true)
        .require_lowercase_characters(true)
        .max_password_age(90)
        .password_reuse_prevention(24)
        .send()
        .await
        .expect("password policy");

    // --- EC2: home region groups and instances, other region volumes
    let ec2 = aws_sdk_ec2::Client::new(&home);
    let vpc = ec2
        .describe_vpcs()
        .send()
        .await
        .expect("vpcs")
        .vpcs()
        .iter()
        .find(|v| v.is_default() == Some(true))
        .and_then(|v| v.vpc_id())
        .expect("default vpc")
        .to_string();
    let open = ec2
        .create_security_group()
        .group_name("rp-open-ssh")
        .description("ssh for everyone")
        .vpc_id(&vpc)
        .send()
        .await
        .expect("sg")
        .group_id()
        .expect("group id")
        .to_string();
    ec2.authorize_security_group_ingress()
        .group_id(&open)
        .ip_permissions(
            ec2t::IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(22)
                .to_port(22)
                .ip_ranges(
                    ec2t::IpRange::builder()
                        .cidr_ip("0.0.0.0/0")
                        .description("anyone")
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .expect("open ssh");
    let clean_group = ec2
        .create_security_group()
        .group_name("rp-clean-sg")
        .description("https from the corporate network")
        .vpc_id(&vpc)
        .send()
        .await
        .expect("sg")
        .group_id()
        .expect("group id")
        .to_string();
    ec2.authorize_security_group_ingress()
        .group_id(&clean_group)
        .ip_permissions(
            ec2t::IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(443)
                .to_port(443)
                .ip_ranges(
                    ec2t::IpRange::builder()
                        .cidr_ip("10.0.0.0/8")
                        .description("corporate")
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .expect("https from 10/8");
    // a new group allows all egress by a rule without a description; the clean group says why
    ec2.revoke_security_group_egress()
        .group_id(&clean_group)
        .ip_permissions(
            ec2t::IpPermission::builder()
                .ip_protocol("-1")
                .ip_ranges(ec2t::IpRange::builder().cidr_ip("0.0.0.0/0").build())
                .build(),
        )
        .send()
        .await
        .expect("revoke default egress");
    ec2.authorize_security_group_egress()
        .group_id(&clean_group)
        .ip_permissions(
            ec2t::IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(443)
                .to_port(443)
                .ip_ranges(
                    ec2t::IpRange::builder()
                        .cidr_ip("10.0.0.0/8")
                        .description("corporate proxies")
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .expect("egress to 10/8");
    let ami = ec2
        .describe_images()
        .owners("amazon")
        .send()
        .await
        .expect("images")
        .images()
        .iter()
        .find_map(|i| i.image_id().map(str::to_string))
        .expect("an AMI in moto");
    let launch = |tokens: ec2t::HttpTokensState, group: String| {
        let ec2 = ec2.clone();
        let ami = ami.clone();
        async move {
            ec2.run_instances()
                .image_id(ami)
                .instance_type(ec2t::InstanceType::T3Micro)
                .min_count(1)
                .max_count(1)
                .security_group_ids(group)
                .metadata_options(
                    ec2t::InstanceMetadataOptionsRequest::builder()
                        .http_tokens(tokens)
                        .http_endpoint(ec2t::InstanceMetadataEndpointState::Enabled)
                        .build(),
                )
                .block_device_mappings(
                    ec2t::BlockDeviceMapping::builder()
                        .device_name("/dev/xvda")
                        .ebs(
                            ec2t::EbsBlockDevice::builder()
                                .encrypted(true)
                                .volume_size(8)
                                .build(),
                        )
                        .build(),
                )
                .send()
                .await
                .expect("run instance")
                .instances()
                .first()
                .and_then(|i| i.instance_id())
                .expect("instance id")
                .to_string()
        }
    };
    let imdsv1_instance = launch(ec2t::HttpTokensState::Optional, clean_group.clone()).await;
    let clean_instance = launch(ec2t::HttpTokensState::Required, clean_group.clone()).await;

    let other = aws_sdk_ec2::Client::new(&sdk_config(endpoint, OTHER).await);
    let volume = |encrypted: bool| {
        let other = other.clone();
        async move {
            other
                .create_volume()
                .availability_zone(format!("{OTHER}a"))
                .size(10)
                .encrypted(encrypted)
                .send()
                .await
                .expect("volume")
                .volume_id()
                .expect("volume id")
                .to_string()
        }
    };
    let plain_volume = volume(false).await;
    let encrypted_volume = volume(true).await;

    // --- KMS: a key without rotation, a key anyone may use, a clean key
    let kms = aws_sdk_kms::Client::new(&home);
    let owner_only = json_policy(serde_json::json!({
        "Sid": "account", "Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
        "Action": "kms:*", "Resource": "*"
    }));
    let key = |policy: String, rotate: bool| {
        let kms = kms.clone();
        async move {
            let id = kms
                .create_key()
                .policy(policy)
                .send()
                .await
                .expect("create key")
                .key_metadata()
                .map(|m| m.key_id().to_string())
                .expect("key id");
            if rotate {
                kms.enable_key_rotation()
                    .key_id(&id)
                    .send()
                    .await
                    .expect("enable rotation");
            }
            id
        }
    };
    let unrotated_key = key(owner_only.clone(), false).await;
    let public_key = key(
        json_policy(serde_json::json!({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"})),
        true,
    )
    .await;
    let clean_key = key(owner_only, true).await;

    // --- CloudTrail: a bare single-region trail, a clean multi-region one
    let trails = aws_sdk_cloudtrail::Client::new(&home);
    trails
        .create_trail()
        .name("rp-bare-trail")
        .s3_bucket_name("rp-clean-logs")
        .send()
        .await
        .expect("bare trail");
    trails
        .create_trail()
        .name("rp-clean-trail")
        .s3_bucket_name("rp-clean-logs")
        .is_multi_region_trail(true)
        .include_global_service_events(true)
        .enable_log_file_validation(true)
        .kms_key_id(format!("arn:aws:kms:{HOME}:{account}:key/{clean_key}"))
        .cloud_watch_logs_log_group_arn(format!("arn:aws:logs:{HOME}:{account}:log-group:trail:*"))
        .cloud_watch_logs_role_arn(format!("arn:aws:iam::{account}:role/rp-clean-role"))
        .send()
        .await
        .expect("clean trail");
    trails
        .start_logging()
        .name("rp-clean-trail")
        .send()
        .await
        .expect("start logging");
    Planted {
        account,
        open_ssh_group: open,
        clean_group,
        imdsv1_instance,
        clean_instance,
        plain_volume,
        encrypted_volume,
        unrotated_key,
        public_key,
        clean_key,
    }
}

fn rules_by_address(findings: &[Finding]) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in findings {
        out.entry(f.address.clone())
            .or_default()
            .insert(f.rule_id.to_string());
    }
    out
}

fn scan(snapshot: &Snapshot) -> Vec<Finding> {
    let loaded = snapshot.to_load_output();
    let rules = rampart_rules::builtin_rules();
    rampart_rules::run_rules(
        &loaded.inventory,
        &rules,
        &rampart_rules::EngineOptions::default(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn planted_misconfigurations_are_found_and_clean_resources_pass() {
    let moto = moto();
    // nothing refused: the proxy only puts CloudTrail's target header in the form moto routes
    let proxy = support::DenyingProxy::start(moto.port, &[]);
    let planted = seed(&proxy.endpoint).await;
    let options = AwsOptions {
        regions: vec![HOME.into(), OTHER.into()],
        ..AwsOptions::default()
    };
    let snapshot = collect_with(config_loader(&proxy.endpoint, HOME), &options)
        .await
        .expect("collect");
    assert_eq!(snapshot.accounts, std::slice::from_ref(&planted.account));
    let findings = scan(&snapshot);
    let by = rules_by_address(&findings);
    // moto answers every call the collectors make (S3 Control included): nothing refused
    assert!(snapshot.warnings.is_empty(), "{:?}", snapshot.warnings);
    let has = |address: &str, rule: &str| by.get(address).is_some_and(|r| r.contains(rule));
    let none = |address: &str| by.get(address).map(|r| r.len()).unwrap_or(0) == 0;

    // planted: found on the resource they were planted on
    let planted_findings = [
        ("aws_s3_bucket_acl.rp-public-acl", "AWS-S3-001"),
        ("aws_s3_bucket.rp-public-acl", "AWS-S3-003"),
        ("aws_s3_bucket_policy.rp-public-policy", "AWS-S3-002"),
        ("aws_s3_bucket.rp-public-policy", "AWS-S3-003"),
        (
            "aws_iam_user_policy[\"rp-admin:everything\"]",
            "AWS-IAM-001",
        ),
        (
            "aws_iam_user_policy[\"rp-admin:everything\"]",
            "AWS-IAM-004",
        ),
        ("aws_iam_role.rp-open-trust", "AWS-IAM-003"),
        (
            "aws_iam_policy[\"arn:aws:iam::ACCOUNT:policy/rp-s3-wildcard\"]",
            "AWS-IAM-002",
        ),
        ("aws_iam_account_password_policy.ACCOUNT", "AWS-IAM-006"),
        ("aws_iam_account_password_policy.ACCOUNT", "AWS-IAM-007"),
        ("aws_cloudtrail.rp-bare-trail", "AWS-CT-001"),
        ("aws_cloudtrail.rp-bare-trail", "AWS-CT-002"),
        ("aws_cloudtrail.rp-bare-trail", "AWS-CT-003"),
        ("aws_cloudtrail.rp-bare-trail", "AWS-CT-004"),
    ];
    let mut missing = Vec::new();
    for (address, rule) in planted_findings {
        let address = address.replace("ACCOUNT", &planted.account);
        if !has(&address, rule) {
            missing.push(format!("{rule} on {address}"));
        }
    }
    for (id, kind, rule) in [
        (&planted.open_ssh_group, "aws_security_group", "AWS-EC2-001"),
        (&planted.imdsv1_instance, "aws_instance", "AWS-EC2-007"),
        (&planted.plain_volume, "aws_ebs_volume", "AWS-EBS-001"),
        (&planted.unrotated_key, "aws_kms_key", "AWS-KMS-001"),
        (&planted.public_key, "aws_kms_key", "AWS-KMS-002"),
    ] {
        let address = format!("{kind}.{id}");
        if !has(&address, rule) {
            missing.push(format!("{rule} on {address}"));
        }
    }
    assert!(
        missing.is_empty(),
        "planted findings not found: {missing:?}"
    );

    // clean: nothing at all fires on them
    let mut clean: Vec<String> = [
        "aws_s3_bucket.rp-clean",
        "aws_s3_bucket.rp-clean-logs",
        "aws_s3_bucket.rp-clean-replica",
        "aws_iam_user.rp-clean-user",
        "aws_iam_role.rp-clean-role",
        "aws_cloudtrail.rp-clean-trail",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    clean.push(format!(
        "aws_iam_policy[\"arn:aws:iam::{}:policy/rp-clean-policy\"]",
        planted.account
    ));
    clean.push(format!("aws_security_group.{}", planted.clean_group));
    clean.push(format!("aws_instance.{}", planted.clean_instance));
    clean.push(format!("aws_ebs_volume.{}", planted.encrypted_volume));
    clean.push(format!("aws_kms_key.{}", planted.clean_key));
    assert!(
        !has(
            &format!("aws_kms_key.{}", planted.public_key),
            "AWS-KMS-001"
        ),
        "rotation is on"
    );
    assert!(
        !has(
            &format!("aws_kms_key.{}", planted.unrotated_key),
            "AWS-KMS-002"
        ),
        "the owner-only policy is not public"
    );
    let dirty: Vec<String> = clean
        .iter()
        .filter(|a| !none(a))
        .map(|a| format!("{a}: {:?}", by.get(a.as_str())))
        .collect();
    assert!(dirty.is_empty(), "findings on clean resources: {dirty:?}");
    for a in &clean {
        assert!(
            snapshot.resources.iter().any(|r| &r.address == a),
            "clean resource {a} was not collected"
        );
    }

    // every finding on a live resource carries its ARN and console page
    let ssh = findings
        .iter()
        .find(|f| f.rule_id == "AWS-EC2-001" && f.address.ends_with(&planted.open_ssh_group))
        .and_then(|f| f.live.clone())
        .expect("live location of the SSH finding");
    assert_eq!(
        ssh.id,
        format!(
            "arn:aws:ec2:{HOME}:{}:security-group/{}",
            planted.account, planted.open_ssh_group
        )
    );
    assert_eq!(ssh.region, HOME);
    assert_eq!(
        ssh.console_url.as_deref(),
        Some(format!(
            "https://{HOME}.console.aws.amazon.com/ec2/home?region={HOME}#SecurityGroup:groupId={}",
            planted.open_ssh_group
        ))
        .as_deref()
    );
    assert!(
        findings
            .iter()
            .all(|f| f.live.as_ref().is_some_and(|l| !l.id.is_empty()))
    );
    // AWS's own defaults are judged as in a real account: each region's default VPC has no
    // flow logs and a default group that allows traffic
    for region in [HOME, OTHER] {
        let vpc = snapshot
            .resources
            .iter()
            .find(|r| {
                r.kind == "aws_vpc"
                    && r.region == region
                    && r.attributes.get("default") == Some(&serde_json::json!(true))
            })
            .expect("default VPC collected");
        assert!(
            has(&vpc.address, "AWS-VPC-001"),
            "{}: {:?}",
            vpc.address,
            by.get(&vpc.address)
        );
        let default_group = snapshot
            .resources
            .iter()
            .find(|r| {
                r.kind == "aws_default_security_group"
                    && r.attributes.get("vpc_id") == vpc.attributes.get("id")
            })
            .expect("default group collected");
        assert!(has(&default_group.address, "AWS-EC2-006"));
    }
    // the other region was read: the unencrypted volume lives there
    let volume = snapshot
        .resources
        .iter()
        .find(|r| r.name == planted.plain_volume)
        .expect("volume collected");
    assert_eq!(volume.region, OTHER);
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_services_become_warnings_not_silent_passes() {
    let moto = moto();
    let proxy = support::DenyingProxy::start(moto.port, &["iam", "ec2"]);
    let options = AwsOptions {
        regions: vec![OTHER.into()],
        services: vec![Service::Iam, Service::Ec2],
        max_attempts: 1,
        ..AwsOptions::default()
    };
    let snapshot = collect_with(config_loader(&proxy.endpoint, OTHER), &options)
        .await
        .expect("collect through the proxy");
    let refused: BTreeSet<(String, String, String)> = snapshot
        .warnings
        .iter()
        .map(|w| (w.service.clone(), w.operation.clone(), w.code.clone()))
        .collect();
    for (service, operation, code) in [
        ("iam", "ListUsers", "AccessDenied"),
        ("iam", "ListRoles", "AccessDenied"),
        ("iam", "GetAccountPasswordPolicy", "AccessDenied"),
        ("ec2", "DescribeSecurityGroups", "UnauthorizedOperation"),
        ("ec2", "DescribeInstances", "UnauthorizedOperation"),
    ] {
        assert!(
            refused.contains(&(service.into(), operation.into(), code.into())),
            "no warning for {service} {operation} {code}: {refused:?}"
        );
    }
    assert!(
        snapshot
            .resources
            .iter()
            .all(|r| !r.kind.starts_with("aws_iam"))
    );
    let loaded = snapshot.to_load_output();
    assert!(!loaded.errors.is_empty());
    assert!(loaded.errors.iter().all(|e| !e.is_error()));
    assert!(loaded.errors.iter().any(|e| e.file.ends_with("/global/iam")
        && e.message.contains("ListUsers")
        && e.message.contains("AccessDenied")));
}
