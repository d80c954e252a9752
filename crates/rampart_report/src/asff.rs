//! AWS Security Finding Format (ASFF, schema 2018-10-08): a JSON array of `AwsSecurityFinding`
//! objects that `aws securityhub batch-import-findings --findings file://…` accepts as it is
//! (up to 100 per call, the API's limit). Every string stays within the limits the Security Hub
//! service model documents; tests check the output with botocore's own validator and those
//! limits. Findings below the threshold are left out; suppressed ones are imported with
//! workflow status `SUPPRESSED`, so Security Hub shows them as accepted, not open.
//! Account and region come from [`FeedSettings`] through [`cloud_place`], never guessed here.

use crate::Report;
use crate::feed::{self, CloudPlace, FeedSettings, cloud_place, feed_id, limit};
use rampart_model::{Category, Finding, Severity};
use rampart_rules::{Provider, Rule};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub const SCHEMA_VERSION: &str = "2018-10-08";
/// Limits from the Security Hub API reference (and the service model's documentation).
const TITLE_MAX: usize = 256;
const DESCRIPTION_MAX: usize = 1024;
const RECOMMENDATION_MAX: usize = 512;
const ID_MAX: usize = 512;
const PRODUCT_FIELD_VALUE_MAX: usize = 2048;
const DETAILS_OTHER_VALUE_MAX: usize = 1024;
const RESOURCE_TYPE_MAX: usize = 256;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AsffFinding<'a> {
    schema_version: &'static str,
    id: String,
    product_arn: String,
    product_name: &'static str,
    company_name: &'static str,
    region: Cow<'a, str>,
    generator_id: Cow<'a, str>,
    aws_account_id: Cow<'a, str>,
    types: Vec<&'static str>,
    created_at: &'a str,
    updated_at: &'a str,
    severity: AsffSeverity,
    title: Cow<'a, str>,
    description: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remediation: Option<AsffRemediation<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_url: Option<&'static str>,
    product_fields: BTreeMap<&'static str, Cow<'a, str>>,
    resources: [AsffResource<'a>; 1],
    compliance: Status,
    workflow: Status,
    record_state: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AsffSeverity {
    label: &'static str,
    original: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AsffRemediation<'a> {
    recommendation: Recommendation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Recommendation<'a> {
    text: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AsffResource<'a> {
    #[serde(rename = "Type")]
    kind: Cow<'static, str>,
    id: Cow<'a, str>,
    partition: &'static str,
    region: Cow<'a, str>,
    details: ResourceDetails<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ResourceDetails<'a> {
    other: BTreeMap<&'static str, Cow<'a, str>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Status {
    status: &'static str,
}

pub(crate) fn render(
    report: &Report,
    settings: &FeedSettings,
    out: &mut dyn Write,
) -> io::Result<()> {
    let time = feed::rfc3339(settings.time_ms);
    let findings = report.findings_at_threshold();
    feed::write_array(
        findings.into_iter().map(|f| {
            asff_finding(
                report.rule(&f.rule_id),
                f,
                cloud_place(f, settings),
                settings,
                &time,
            )
        }),
        out,
    )
}

fn asff_finding<'a>(
    rule: Option<&'static Rule>,
    finding: &'a Finding,
    place: CloudPlace<'a>,
    settings: &'a FeedSettings,
    time: &'a str,
) -> AsffFinding<'a> {
    // the Security Hub the findings are imported into is the settings' (its product ARN);
    // the finding's account and region are where the resource is
    let (hub_account, hub_region) = (&settings.aws_account, &settings.aws_region);
    let hub_partition = feed::partition_of(hub_region);
    let provider = rule.map(|r| r.provider);
    let mut product_fields = BTreeMap::new();
    product_fields.insert("rampart/RuleId", Cow::Borrowed(&*finding.rule_id));
    product_fields.insert("rampart/FindingId", Cow::Borrowed(finding.id.as_str()));
    product_fields.insert("rampart/Category", Cow::Borrowed(finding.category.as_str()));
    if let Some(rule) = rule.filter(|r| !r.aliases.is_empty()) {
        let aliases = rule.aliases.join(",");
        product_fields.insert(
            "rampart/Aliases",
            Cow::Owned(limit(&aliases, PRODUCT_FIELD_VALUE_MAX, "-").into_owned()),
        );
    }
    if let Some(suppressed) = &finding.suppressed {
        product_fields.insert(
            "rampart/SuppressedBy",
            Cow::Borrowed(suppressed.by.as_str()),
        );
    }
    AsffFinding {
        schema_version: SCHEMA_VERSION,
        id: limit(&feed_id(finding, &place), ID_MAX, "rampart").into_owned(),
        product_arn: format!(
            "arn:{hub_partition}:securityhub:{hub_region}:{hub_account}:product/{hub_account}/default"
        ),
        product_name: "Rampart",
        company_name: "Rampart",
        region: Cow::Borrowed(hub_region.as_str()),
        generator_id: limit(&finding.rule_id, ID_MAX, "rampart"),
        aws_account_id: place.aws_account.clone(),
        types: types(finding.category, provider),
        created_at: time,
        updated_at: time,
        severity: AsffSeverity {
            label: severity_label(finding.severity),
            original: finding.severity.as_str(),
        },
        title: limit(&finding.title, TITLE_MAX, &finding.rule_id),
        description: limit(&finding.message, DESCRIPTION_MAX, &finding.title),
        remediation: rule
            .filter(|r| !r.remediation.trim().is_empty())
            .map(|r| AsffRemediation {
                recommendation: Recommendation {
                    text: limit(r.remediation, RECOMMENDATION_MAX, r.title),
                    url: r.references.first().copied(),
                },
            }),
        source_url: rule.and_then(|r| r.references.first().copied()),
        product_fields,
        resources: [resource(finding, &place)],
        compliance: Status { status: "FAILED" },
        workflow: Status {
            status: if finding.suppressed.is_some() {
                "SUPPRESSED"
            } else {
                "NEW"
            },
        },
        record_state: "ACTIVE",
    }
}

fn resource<'a>(finding: &'a Finding, place: &CloudPlace<'a>) -> AsffResource<'a> {
    let id = feed::resource_uid(finding, place);
    let mut other = BTreeMap::new();
    let mut put = |key: &'static str, value: Cow<'a, str>| {
        if !value.trim().is_empty() {
            other.insert(
                key,
                Cow::Owned(limit(&value, DETAILS_OTHER_VALUE_MAX, "-").into_owned()),
            );
        }
    };
    put("Address", Cow::Borrowed(finding.address.as_str()));
    put("Kind", Cow::Borrowed(&*finding.resource_kind));
    if let Some(attribute) = &finding.attribute {
        put("Attribute", Cow::Borrowed(attribute.as_str()));
    }
    if let Some(span) = &finding.location {
        put("File", Cow::Borrowed(&*span.file));
        put("Line", Cow::Owned(span.start.line.to_string()));
    }
    put(
        "Source",
        Cow::Borrowed(if place.live.is_some() { "live" } else { "code" }),
    );
    AsffResource {
        kind: limit(
            resource_type(&finding.model_kind),
            RESOURCE_TYPE_MAX,
            "Other",
        )
        .into_owned()
        .into(),
        id,
        partition: place.partition,
        region: place.region.clone(),
        details: ResourceDetails { other },
    }
}

fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "CRITICAL",
        Severity::High => "HIGH",
        Severity::Medium => "MEDIUM",
        Severity::Low => "LOW",
        Severity::Info => "INFORMATIONAL",
    }
}

/// ASFF finding types (`namespace/category/classifier` of the documented taxonomy): every
/// finding is a configuration check; some categories also name the effect they risk.
pub fn types(category: Category, provider: Option<Provider>) -> Vec<&'static str> {
    let base = match provider {
        Some(Provider::Aws) | None => {
            "Software and Configuration Checks/AWS Security Best Practices"
        }
        Some(_) => "Software and Configuration Checks/Industry and Regulatory Standards",
    };
    let mut types = vec![base];
    let effect = match category {
        Category::Network => Some(
            "Software and Configuration Checks/AWS Security Best Practices/Network Reachability",
        ),
        Category::Data | Category::Encryption => Some("Effects/Data Exposure"),
        Category::Secrets => Some("Sensitive Data Identifications/Passwords"),
        Category::Identity | Category::Logging | Category::Compute | Category::Availability => None,
    };
    types.extend(effect.filter(|e| *e != base));
    types
}

/// The ASFF resource type of a model kind (Terraform vocabulary). Types are the names of the
/// `ResourceDetails` members of the Security Hub model (checked in tests); kinds with no ASFF
/// type are `Other`, as the ASFF documentation asks.
pub fn resource_type(kind: &str) -> &'static str {
    RESOURCE_TYPES
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("Other", |(_, t)| t)
}

/// Model kind → ASFF resource type.
pub const RESOURCE_TYPES: &[(&str, &str)] = &[
    ("aws_s3_bucket", "AwsS3Bucket"),
    ("aws_s3_bucket_policy", "AwsS3Bucket"),
    ("aws_s3_bucket_acl", "AwsS3Bucket"),
    (
        "aws_s3_account_public_access_block",
        "AwsS3AccountPublicAccessBlock",
    ),
    ("aws_instance", "AwsEc2Instance"),
    ("aws_ebs_volume", "AwsEc2Volume"),
    ("aws_security_group", "AwsEc2SecurityGroup"),
    ("aws_default_security_group", "AwsEc2SecurityGroup"),
    ("aws_security_group_rule", "AwsEc2SecurityGroup"),
    ("aws_vpc_security_group_ingress_rule", "AwsEc2SecurityGroup"),
    ("aws_vpc_security_group_egress_rule", "AwsEc2SecurityGroup"),
    ("aws_vpc", "AwsEc2Vpc"),
    ("aws_subnet", "AwsEc2Subnet"),
    ("aws_network_acl", "AwsEc2NetworkAcl"),
    ("aws_route_table", "AwsEc2RouteTable"),
    ("aws_eip", "AwsEc2Eip"),
    ("aws_network_interface", "AwsEc2NetworkInterface"),
    ("aws_launch_template", "AwsEc2LaunchTemplate"),
    (
        "aws_launch_configuration",
        "AwsAutoScalingLaunchConfiguration",
    ),
    ("aws_autoscaling_group", "AwsAutoScalingAutoScalingGroup"),
    ("aws_iam_role", "AwsIamRole"),
    ("aws_iam_role_policy", "AwsIamRole"),
    ("aws_iam_role_policy_attachment", "AwsIamRole"),
    ("aws_iam_user", "AwsIamUser"),
    ("aws_iam_user_policy", "AwsIamUser"),
    ("aws_iam_user_policy_attachment", "AwsIamUser"),
    ("aws_iam_group", "AwsIamGroup"),
    ("aws_iam_group_policy", "AwsIamGroup"),
    ("aws_iam_group_policy_attachment", "AwsIamGroup"),
    ("aws_iam_policy", "AwsIamPolicy"),
    ("aws_iam_policy_attachment", "AwsIamPolicy"),
    ("aws_iam_access_key", "AwsIamAccessKey"),
    ("aws_kms_key", "AwsKmsKey"),
    ("aws_kms_key_policy", "AwsKmsKey"),
    ("aws_lambda_function", "AwsLambdaFunction"),
    ("aws_lambda_permission", "AwsLambdaFunction"),
    ("aws_lambda_function_url", "AwsLambdaFunction"),
    ("aws_db_instance", "AwsRdsDbInstance"),
    ("aws_rds_cluster", "AwsRdsDbCluster"),
    ("aws_rds_cluster_instance", "AwsRdsDbInstance"),
    ("aws_db_snapshot", "AwsRdsDbSnapshot"),
    ("aws_db_cluster_snapshot", "AwsRdsDbClusterSnapshot"),
    ("aws_cloudtrail", "AwsCloudTrailTrail"),
    ("aws_sns_topic", "AwsSnsTopic"),
    ("aws_sns_topic_policy", "AwsSnsTopic"),
    ("aws_sqs_queue", "AwsSqsQueue"),
    ("aws_sqs_queue_policy", "AwsSqsQueue"),
    ("aws_eks_cluster", "AwsEksCluster"),
    ("aws_ecr_repository", "AwsEcrRepository"),
    ("aws_ecr_repository_policy", "AwsEcrRepository"),
    ("aws_ecs_cluster", "AwsEcsCluster"),
    ("aws_ecs_task_definition", "AwsEcsTaskDefinition"),
    ("aws_ecs_service", "AwsEcsService"),
    ("aws_lb", "AwsElbv2LoadBalancer"),
    ("aws_alb", "AwsElbv2LoadBalancer"),
    ("aws_lb_listener", "AwsElbv2LoadBalancer"),
    ("aws_alb_listener", "AwsElbv2LoadBalancer"),
    ("aws_elb", "AwsElbLoadBalancer"),
    ("aws_secretsmanager_secret", "AwsSecretsManagerSecret"),
    (
        "aws_secretsmanager_secret_rotation",
        "AwsSecretsManagerSecret",
    ),
    ("aws_dynamodb_table", "AwsDynamoDbTable"),
    ("aws_elasticsearch_domain", "AwsElasticsearchDomain"),
    ("aws_opensearch_domain", "AwsOpenSearchServiceDomain"),
    ("aws_cloudfront_distribution", "AwsCloudFrontDistribution"),
    ("aws_api_gateway_stage", "AwsApiGatewayStage"),
    ("aws_api_gateway_rest_api", "AwsApiGatewayRestApi"),
    ("aws_apigatewayv2_stage", "AwsApiGatewayV2Stage"),
    ("aws_apigatewayv2_api", "AwsApiGatewayV2Api"),
    ("aws_redshift_cluster", "AwsRedshiftCluster"),
    ("aws_msk_cluster", "AwsMskCluster"),
    ("aws_mq_broker", "AwsAmazonMqBroker"),
    (
        "aws_sagemaker_notebook_instance",
        "AwsSageMakerNotebookInstance",
    ),
    ("aws_kinesis_stream", "AwsKinesisStream"),
    ("aws_codebuild_project", "AwsCodeBuildProject"),
    ("aws_athena_workgroup", "AwsAthenaWorkGroup"),
    ("aws_guardduty_detector", "AwsGuardDutyDetector"),
    ("aws_efs_access_point", "AwsEfsAccessPoint"),
    (
        "aws_elastic_beanstalk_environment",
        "AwsElasticBeanstalkEnvironment",
    ),
    ("aws_cloudwatch_metric_alarm", "AwsCloudWatchAlarm"),
    ("aws_sfn_state_machine", "AwsStepFunctionStateMachine"),
    ("aws_wafv2_web_acl", "AwsWafv2WebAcl"),
    ("aws_dms_replication_instance", "AwsDmsReplicationInstance"),
    ("aws_backup_vault", "AwsBackupBackupVault"),
    ("aws_backup_plan", "AwsBackupBackupPlan"),
    ("aws_acm_certificate", "AwsCertificateManagerCertificate"),
    ("aws_route53_zone", "AwsRoute53HostedZone"),
    ("aws_networkfirewall_firewall", "AwsNetworkFirewallFirewall"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::{LiveOrigin, place_of};

    fn finding() -> Finding {
        Finding {
            id: "0123456789abcdef".into(),
            rule_id: "AWS-S3-001".into(),
            title: "S3 bucket is public".into(),
            severity: Severity::High,
            category: Category::Data,
            message: "bucket `logs` is public".into(),
            address: "aws_s3_bucket.logs".into(),
            resource_kind: "aws_s3_bucket".into(),
            model_kind: "aws_s3_bucket".into(),
            attribute: None,
            model_attribute: None,
            location: None,
            suppressed: None,
            live: None,
            attack_path: None,
        }
    }

    fn settings() -> FeedSettings {
        FeedSettings {
            aws_account: "111111111111".into(),
            aws_region: "eu-west-1".into(),
            time_ms: 0,
        }
    }

    #[test]
    fn a_live_aws_finding_names_its_own_account_region_and_arn() {
        let (finding, settings) = (finding(), settings());
        let arn = "arn:aws:s3:::logs";
        let live = LiveOrigin {
            provider: "aws",
            account: "222222222222",
            region: "us-gov-west-1",
            id: arn,
        };
        let place = place_of(Some(live), &settings);
        let asff = serde_json::to_value(asff_finding(None, &finding, place, &settings, "t"))
            .unwrap_or_default();
        assert_eq!(asff["AwsAccountId"], "222222222222");
        // imported through the settings' Security Hub (an administrator account)
        assert_eq!(
            asff["ProductArn"],
            "arn:aws:securityhub:eu-west-1:111111111111:product/111111111111/default"
        );
        assert_eq!(asff["Resources"][0]["Id"], arn);
        assert_eq!(asff["Resources"][0]["Region"], "us-gov-west-1");
        assert_eq!(asff["Resources"][0]["Partition"], "aws-us-gov");
        assert_eq!(asff["Resources"][0]["Type"], "AwsS3Bucket");
        assert_eq!(asff["Resources"][0]["Details"]["Other"]["Source"], "live");
    }

    #[test]
    fn a_live_azure_finding_is_reported_in_the_settings_account() {
        let (finding, settings) = (finding(), settings());
        let id = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a";
        let live = LiveOrigin {
            provider: "azure",
            account: "s",
            region: "westeurope",
            id,
        };
        let place = place_of(Some(live), &settings);
        let asff = serde_json::to_value(asff_finding(None, &finding, place, &settings, "t"))
            .unwrap_or_default();
        assert_eq!(asff["AwsAccountId"], "111111111111");
        assert_eq!(asff["Resources"][0]["Id"], id);
        assert_eq!(asff["Resources"][0]["Region"], "westeurope");
    }
}
