//! CloudFormation edits keep the template's style: whole realistic YAML and JSON templates are
//! fixed and compared byte for byte with the expected text (comments, quoting, blank lines and
//! indentation survive; new properties are written like their neighbours), and the fixed text
//! must load again. Changes that cannot be placed exactly are refused with the reason.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

mod common;

use common::{remove, set};
use rampart_fix::edits;
use rampart_fix::render::{RenderContext, render_changes};
use rampart_ingest::LoadOptions;
use rampart_ingest::documents::load_document_text;
use rampart_model::{Change, Edit, Inventory, Value};
use std::collections::BTreeMap;

/// Renders `changes` on a template text and returns the fixed text; asserts it loads again.
fn fix_template(name: &str, text: &str, changes: &[Change]) -> Result<String, String> {
    let loaded = load_document_text(name, text, &LoadOptions::default());
    assert!(
        loaded.errors.iter().all(|e| !e.is_error()),
        "input does not load: {:?}",
        loaded.errors
    );
    let inventory = Inventory::new(loaded.resources);
    let ctx = RenderContext {
        inventory: &inventory,
        sources: &loaded.sources,
    };
    let rendered = render_changes(changes, &ctx).map_err(|e| e.to_string())?;
    let refs: Vec<&Edit> = rendered.iter().collect();
    let fixed = edits::apply(text, &refs).expect("edits apply");
    let again = load_document_text(name, &fixed, &LoadOptions::default());
    assert!(
        again.errors.iter().all(|e| !e.is_error()) && !again.resources.is_empty(),
        "fixed text does not load: {:?}\n{fixed}",
        again.errors
    );
    Ok(fixed)
}

fn add_setting(owner: &str, kind: &str, attributes: serde_json::Value) -> Change {
    Change::AddResource {
        owner: owner.into(),
        kind: kind.into(),
        name: owner.into(),
        attributes: Value::from_json(&attributes)
            .as_map()
            .cloned()
            .unwrap_or_default(),
        references: BTreeMap::from([("bucket".into(), format!("{owner}.id"))]),
    }
}

const YAML: &str = r#"# Storage for the reporting app.
AWSTemplateFormatVersion: "2010-09-09"
Description: Reports bucket, its volume and the web group

Parameters:
  VolumeEncrypted:
    Type: String
    Default: "false" # flipped by ops
    AllowedValues: ["true", "false"]

Resources:
  # the reports themselves
  ReportsBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: acme-finance-reports   # do not rename
      AccessControl: PublicRead
      Tags:
        - Key: team
          Value: finance

  DataVolume:
    Type: AWS::EC2::Volume
    Properties:
      AvailabilityZone: eu-west-1a
      Size: 40  # GiB
      Encrypted: !Ref VolumeEncrypted

  WebSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        # https from anywhere
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: 0.0.0.0/0
        # ssh from anywhere, to be closed
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: 0.0.0.0/0

  Template:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        ImageId: ami-123
        MetadataOptions: {HttpEndpoint: enabled}

Outputs:
  Bucket:
    Value: !Ref ReportsBucket
"#;

const YAML_FIXED: &str = r#"# Storage for the reporting app.
AWSTemplateFormatVersion: "2010-09-09"
Description: Reports bucket, its volume and the web group

Parameters:
  VolumeEncrypted:
    Type: String
    Default: "true" # flipped by ops
    AllowedValues: ["true", "false"]

Resources:
  # the reports themselves
  ReportsBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: acme-finance-reports   # do not rename
      AccessControl: Private
      Tags:
        - Key: team
          Value: finance
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
      VersioningConfiguration:
        Status: Enabled

  DataVolume:
    Type: AWS::EC2::Volume
    Properties:
      AvailabilityZone: eu-west-1a
      Size: 40  # GiB
      Encrypted: !Ref VolumeEncrypted

  WebSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        # https from anywhere
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: 0.0.0.0/0

  Template:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        ImageId: ami-123
        MetadataOptions: {HttpEndpoint: enabled, HttpTokens: required}

Outputs:
  Bucket:
    Value: !Ref ReportsBucket
"#;

fn yaml_changes() -> Vec<Change> {
    let loaded = load_document_text("t.yaml", YAML, &LoadOptions::default());
    let sg = loaded
        .resources
        .iter()
        .find(|r| r.address == "WebSg")
        .unwrap();
    let https_only = Value::List(vec![sg.get("ingress.0").unwrap().clone()]);
    vec![
        set("ReportsBucket", "acl", "private"),
        add_setting(
            "ReportsBucket",
            "aws_s3_bucket_public_access_block",
            serde_json::json!({"block_public_acls": true, "block_public_policy": true,
                "ignore_public_acls": true, "restrict_public_buckets": true}),
        ),
        add_setting(
            "ReportsBucket",
            "aws_s3_bucket_versioning",
            serde_json::json!({"versioning_configuration": [{"status": "Enabled"}]}),
        ),
        set("DataVolume", "encrypted", true),
        set("WebSg", "ingress", https_only),
        set("Template", "metadata_options.0.http_tokens", "required"),
    ]
}

#[test]
fn a_yaml_template_keeps_its_comments_quoting_and_layout() {
    let fixed = fix_template("t.yaml", YAML, &yaml_changes()).unwrap();
    assert_eq!(fixed, YAML_FIXED);
}

#[test]
fn a_parameter_default_is_fixed_at_the_use_site_when_the_parameter_does_not_allow_the_value() {
    let text = YAML.replace(
        "AllowedValues: [\"true\", \"false\"]",
        "AllowedValues: [\"false\"]",
    );
    let fixed = fix_template("t.yaml", &text, &[set("DataVolume", "encrypted", true)]).unwrap();
    assert!(
        fixed.contains("Default: \"false\" # flipped by ops"),
        "{fixed}"
    );
    assert!(fixed.contains("      Encrypted: true\n"), "{fixed}");
}

const JSON: &str = r#"{
    "AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {
        "Logs": {
            "Type": "AWS::S3::Bucket",
            "Properties": {
                "BucketName": "acme-logs",
                "VersioningConfiguration": {"Status": "Suspended"}
            }
        },
        "Volume": {
            "Type": "AWS::EC2::Volume",
            "Properties": {
                "AvailabilityZone": "eu-west-1a",
                "Size": 40
            }
        },
        "Sg": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {"GroupDescription": "db"}
        },
        "OpenSsh": {
            "Type": "AWS::EC2::SecurityGroupIngress",
            "Properties": {
                "GroupId": {"Fn::GetAtt": ["Sg", "GroupId"]},
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "CidrIp": "0.0.0.0/0"
            }
        }
    }
}
"#;

const JSON_FIXED: &str = r#"{
    "AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {
        "Logs": {
            "Type": "AWS::S3::Bucket",
            "Properties": {
                "BucketName": "acme-logs",
                "VersioningConfiguration": {"Status": "Enabled"},
                "BucketEncryption": {
                    "ServerSideEncryptionConfiguration": [
                        {
                            "ServerSideEncryptionByDefault": {
                                "SSEAlgorithm": "aws:kms"
                            }
                        }
                    ]
                }
            }
        },
        "Volume": {
            "Type": "AWS::EC2::Volume",
            "Properties": {
                "AvailabilityZone": "eu-west-1a",
                "Size": 40,
                "Encrypted": true
            }
        },
        "Sg": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {"GroupDescription": "db"}
        }
    }
}
"#;

#[test]
fn a_json_template_keeps_its_indentation_and_commas_stay_valid() {
    let changes = vec![
        set(
            "Logs.versioning",
            "versioning_configuration.0.status",
            "Enabled",
        ),
        add_setting(
            "Logs",
            "aws_s3_bucket_server_side_encryption_configuration",
            serde_json::json!({"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]}),
        ),
        set("Volume", "encrypted", true),
        Change::RemoveResource {
            address: "OpenSsh".into(),
        },
    ];
    let fixed = fix_template("t.json", JSON, &changes).unwrap();
    assert_eq!(fixed, JSON_FIXED);
    serde_json::from_str::<serde_json::Value>(&fixed).expect("still JSON");
}

#[test]
fn removals_take_their_comments_and_empty_parents_along() {
    let text = "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      # the password, for now\n      MasterUserPassword: hunter2\n      MasterUsername: admin\n  Server:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-1\n      BlockDeviceMappings:\n        - DeviceName: /dev/sdf\n          Ebs:\n            VolumeSize: 20\n";
    let fixed = fix_template(
        "t.yaml",
        text,
        &[
            remove("Db", "password"),
            set("Db", "manage_master_user_password", true),
        ],
    )
    .unwrap();
    assert_eq!(
        fixed,
        text.replace(
            "      # the password, for now\n      MasterUserPassword: hunter2\n      MasterUsername: admin\n",
            "      MasterUsername: admin\n      ManageMasterUserPassword: true\n"
        )
    );
    // the root volume's device name depends on the AMI: never guessed
    let err = fix_template(
        "t.yaml",
        text,
        &[set("Server", "root_block_device.0.encrypted", true)],
    )
    .unwrap_err();
    assert!(err.contains("will not guess"), "{err}");
}

#[test]
fn a_resource_still_named_elsewhere_is_not_removed() {
    let err = fix_template(
        "t.yaml",
        YAML,
        &[Change::RemoveResource {
            address: "ReportsBucket".into(),
        }],
    )
    .unwrap_err();
    let line = YAML
        .lines()
        .position(|l| l == "    Value: !Ref ReportsBucket")
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("line {line} names `ReportsBucket`")),
        "{err}"
    );
}
