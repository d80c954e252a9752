use super::*;
use crate::LoadOptions;
use crate::documents::load_document_text;

fn load(file: &str, text: &str) -> Vec<Resource> {
    load_document_text(file, text, &LoadOptions::default()).resources
}

fn by_address<'a>(rs: &'a [Resource], address: &str) -> &'a Resource {
    rs.iter().find(|r| r.address == address).unwrap_or_else(|| {
        panic!(
            "{address} not loaded: {:?}",
            rs.iter().map(|r| &r.address).collect::<Vec<_>>()
        )
    })
}

const TEMPLATE: &str = r#"
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
  Template:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        ImageId: ami-1
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8}
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 10.0.0.0/8}
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}
"#;

#[test]
fn cloudformation_paths_and_kinds_are_the_templates_own() {
    let rs = load("t.yaml", TEMPLATE);
    let web = by_address(&rs, "Web");
    assert_eq!(source_kind(web), "AWS::EC2::Instance");
    assert_eq!(subject(web), "Web");
    // an instance has no metadata options of its own: they are set on its launch template
    assert_eq!(
        source_path(web, "metadata_options.0.http_tokens").as_deref(),
        Some("LaunchTemplate → LaunchTemplateData.MetadataOptions.HttpTokens")
    );
    let template = by_address(&rs, "Template");
    assert_eq!(
        source_path(template, "metadata_options.0.http_tokens").as_deref(),
        Some("LaunchTemplateData.MetadataOptions.HttpTokens")
    );
    let sg = by_address(&rs, "Sg");
    assert_eq!(
        source_path(sg, "ingress.2.cidr_blocks").as_deref(),
        Some("SecurityGroupIngress[2].CidrIp")
    );
    let sse = by_address(&rs, "Bucket.server_side_encryption_configuration");
    assert_eq!(source_kind(sse), "AWS::S3::Bucket");
    assert_eq!(subject(sse), "Bucket");
    assert_eq!(
        source_path(
            sse,
            "rule.0.apply_server_side_encryption_by_default.0.sse_algorithm"
        )
        .as_deref(),
        Some(
            "BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm"
        )
    );
    let bucket = by_address(&rs, "Bucket");
    assert_eq!(
        source_path(bucket, "logging").as_deref(),
        Some("LoggingConfiguration")
    );
    assert_eq!(
        kind_name(bucket, "aws_s3_bucket_public_access_block").as_deref(),
        Some("PublicAccessBlockConfiguration")
    );
    assert_eq!(
        speak_source(
            template,
            Some("metadata_options.0.http_tokens"),
            "`Template` sets `http_tokens = \"optional\"`: IMDSv1 requests are answered"
        ),
        "`Template` sets `LaunchTemplateData.MetadataOptions.HttpTokens: optional`: IMDSv1 requests are answered"
    );
    assert_eq!(
        speak_source(
            bucket,
            None,
            "`Bucket` has no `aws_s3_bucket_public_access_block` (`aws_s3_bucket`)"
        ),
        "`Bucket` has no `PublicAccessBlockConfiguration` (`AWS::S3::Bucket`)"
    );
    assert_eq!(source_path(web, "no_such_attribute"), None);
}

const MANIFEST: &str = r#"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx
          args: [a, b]
          securityContext:
            privileged: true
"#;

#[test]
fn kubernetes_paths_and_kinds_are_the_manifests_own() {
    let rs = load("m.yaml", MANIFEST);
    let d = by_address(&rs, "kubernetes_deployment.shop.web");
    assert_eq!(source_kind(d), "Deployment");
    assert_eq!(subject(d), "Deployment/web");
    assert_eq!(
        source_path(
            d,
            "spec.0.template.0.spec.0.container.0.security_context.0.privileged"
        )
        .as_deref(),
        Some("spec.template.spec.containers[0].securityContext.privileged")
    );
    assert_eq!(
        source_path(d, "spec.0.template.0.spec.0.container.0.args.1").as_deref(),
        Some("spec.template.spec.containers[0].args[1]")
    );
    // absent attributes are named too
    assert_eq!(
        source_path(
            d,
            "spec.0.template.0.spec.0.container.0.security_context.0.run_as_non_root"
        )
        .as_deref(),
        Some("spec.template.spec.containers[0].securityContext.runAsNonRoot")
    );
    assert_eq!(
        source_path(d, "metadata.0.labels.app").as_deref(),
        Some("metadata.labels.app")
    );
    assert_eq!(
        speak_source(
            d,
            None,
            "container `web` of `kubernetes_deployment.shop.web` is privileged"
        ),
        "container `web` of `Deployment/web` is privileged"
    );
}

const ARM: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "acct",
     "properties": {"supportsHttpsTrafficOnly": false}},
    {"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-01-01", "name": "nsg",
     "properties": {"securityRules": [{"name": "ssh", "properties": {"sourceAddressPrefix": "*"}}]}}
  ]
}"#;

#[test]
fn arm_paths_and_kinds_are_the_templates_own() {
    let rs = load("azuredeploy.json", ARM);
    let acct = rs
        .iter()
        .find(|r| r.kind == "azurerm_storage_account")
        .unwrap();
    assert_eq!(source_kind(acct), "Microsoft.Storage/storageAccounts");
    assert_eq!(subject(acct), "acct");
    assert_eq!(
        source_path(acct, "https_traffic_only_enabled").as_deref(),
        Some("properties.supportsHttpsTrafficOnly")
    );
    assert_eq!(
        source_path(acct, "network_rules").as_deref(),
        Some("properties.networkAcls")
    );
    assert_eq!(
        source_assignment(acct, "public_network_access_enabled", &Value::Bool(false)).as_deref(),
        Some("properties.publicNetworkAccess: Disabled")
    );
    let nsg = rs
        .iter()
        .find(|r| r.kind == "azurerm_network_security_group")
        .unwrap();
    assert_eq!(
        source_path(nsg, "security_rule.0.source_address_prefix").as_deref(),
        Some("properties.securityRules[0].properties.sourceAddressPrefix")
    );
    assert_eq!(
        kind_name(acct, "azurerm_key_vault").as_deref(),
        Some("Microsoft.KeyVault/vaults")
    );
}

#[test]
fn terraform_keeps_the_models_names() {
    let web = Resource::new(
        "aws_instance",
        "aws_instance.web",
        rampart_model::Origin::Live {
            provider: "aws".into(),
            account: "1".into(),
            region: "eu-west-1".into(),
            id: "i-1".into(),
        },
    );
    let web = &web;
    assert_eq!(source_kind(web), "aws_instance");
    assert_eq!(
        source_path(web, "metadata_options.0.http_tokens").as_deref(),
        Some("metadata_options.0.http_tokens")
    );
    let m = "`aws_instance.web` sets `http_tokens = \"optional\"`";
    assert_eq!(
        speak_source(web, Some("metadata_options.0.http_tokens"), m),
        m
    );
}
