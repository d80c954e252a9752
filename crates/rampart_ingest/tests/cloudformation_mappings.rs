//! Each CloudFormation type mapped for the AWS service rules lands in the Terraform kind and
//! attribute paths those rules read: nested blocks as one-item lists, flattened wrappers
//! (`DistributionConfig`, `StreamEncryption`), settings split off into their own resources
//! (`MethodSettings`, `SecretString`, `RepositoryPolicyText`) joined back to their owner, and
//! spans on the template lines that wrote each value. A mapping that is ignored leaves the
//! CloudFormation type as the kind and fails here.

#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)] // test helpers: a missing resource fails the test

use rampart_ingest::LoadOptions;
use rampart_ingest::documents::load_document_text;
use rampart_model::{Resource, Value};

fn load(body: &str) -> Vec<Resource> {
    let text = format!("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n{body}");
    let out = load_document_text("template.yaml", &text, &LoadOptions::default());
    let hard: Vec<_> = out.errors.iter().filter(|e| e.is_error()).collect();
    assert!(hard.is_empty(), "did not load: {hard:?}");
    out.resources
}

fn one<'a>(resources: &'a [Resource], address: &str, kind: &str) -> &'a Resource {
    let r = resources
        .iter()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("no `{address}` in {:?}", addresses(resources)));
    assert_eq!(r.kind, kind, "kind of `{address}`");
    r
}

fn addresses(resources: &[Resource]) -> Vec<(&str, &str)> {
    resources
        .iter()
        .map(|r| (r.address.as_str(), r.kind.as_str()))
        .collect()
}

fn s(r: &Resource, path: &str) -> String {
    r.str(path)
        .unwrap_or_else(|| panic!("`{path}` of `{}` is {:?}", r.address, r.get(path)))
        .to_string()
}

fn b(r: &Resource, path: &str) -> bool {
    match r.get(path) {
        Some(Value::Bool(v)) => *v,
        other => panic!("`{path}` of `{}` is {other:?}, not a bool", r.address),
    }
}

fn n(r: &Resource, path: &str) -> f64 {
    r.get(path)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("`{path}` of `{}` is {:?}", r.address, r.get(path)))
}

/// Line (1-based, counting the two header lines `load` adds) of a span recorded for `path`.
fn line(r: &Resource, path: &str) -> u32 {
    r.attribute_spans
        .get(path)
        .unwrap_or_else(|| panic!("no span for `{path}` of `{}`", r.address))
        .start
        .line
}

fn refers_to(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::Unknown(u)) => u.refers_to.as_deref().map(str::to_string),
        _ => None,
    }
}

#[test]
fn api_gateway_stage_splits_method_settings_off() {
    let rs = load(
        r#"  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: api123
      StageName: prod
      TracingEnabled: true
      AccessLogSetting:
        DestinationArn: arn:aws:logs:eu-west-1:1:log-group:api
      MethodSettings:
        - ResourcePath: "/~1orders~1{id}"
          HttpMethod: GET
          CachingEnabled: true
          CacheDataEncrypted: false
"#,
    );
    let stage = one(&rs, "Stage", "aws_api_gateway_stage");
    assert!(b(stage, "xray_tracing_enabled"));
    assert_eq!(
        s(stage, "access_log_settings.0.destination_arn"),
        "arn:aws:logs:eu-west-1:1:log-group:api"
    );
    let ms = one(
        &rs,
        "Stage.method_settings.0",
        "aws_api_gateway_method_settings",
    );
    assert_eq!(refers_to(ms.get("stage_name")).as_deref(), Some("Stage"));
    assert_eq!(s(ms, "rest_api_id"), "api123");
    assert_eq!(s(ms, "method_path"), "orders/{id}/GET");
    assert!(b(ms, "settings.0.caching_enabled"));
    assert!(!b(ms, "settings.0.cache_data_encrypted"));
    assert_eq!(line(ms, "settings.0.cache_data_encrypted"), 15);
}

#[test]
fn api_gateway_method_and_domain() {
    let rs = load(
        r#"  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      AuthorizationType: NONE
      ApiKeyRequired: "false"
  Domain:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: api.example.com
      SecurityPolicy: TLS_1_0
"#,
    );
    let m = one(&rs, "Get", "aws_api_gateway_method");
    assert_eq!(s(m, "authorization"), "NONE");
    assert_eq!(s(m, "http_method"), "GET");
    assert!(!b(m, "api_key_required"));
    let d = one(&rs, "Domain", "aws_api_gateway_domain_name");
    assert_eq!(s(d, "security_policy"), "TLS_1_0");
}

#[test]
fn api_gateway_v2_stage() {
    let rs = load(
        r#"  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: api123
      StageName: prod
      AccessLogSettings:
        Format: json
"#,
    );
    let st = one(&rs, "Stage", "aws_apigatewayv2_stage");
    assert_eq!(s(st, "name"), "prod");
    assert_eq!(s(st, "access_log_settings.0.format"), "json");
    assert!(st.get("access_log_settings.0.destination_arn").is_none());
}

#[test]
fn cloudfront_distribution_config_is_flattened() {
    let rs = load(
        r#"  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        WebACLId: acl-1
        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: allow-all
        CacheBehaviors:
          - PathPattern: /img/*
            ViewerProtocolPolicy: https-only
        Origins:
          - Id: app
            DomainName: bucket.s3.eu-west-1.amazonaws.com
            S3OriginConfig:
              OriginAccessIdentity: origin-access-identity/cloudfront/E1
        Logging:
          Bucket: logs.s3.amazonaws.com
        ViewerCertificate:
          CloudFrontDefaultCertificate: false
          MinimumProtocolVersion: TLSv1
"#,
    );
    let d = one(&rs, "Cdn", "aws_cloudfront_distribution");
    assert!(b(d, "enabled"));
    assert_eq!(s(d, "web_acl_id"), "acl-1");
    assert_eq!(
        s(d, "default_cache_behavior.0.viewer_protocol_policy"),
        "allow-all"
    );
    assert_eq!(
        line(d, "default_cache_behavior.0.viewer_protocol_policy"),
        11
    );
    assert_eq!(s(d, "ordered_cache_behavior.0.path_pattern"), "/img/*");
    assert_eq!(s(d, "origin.0.origin_id"), "app");
    assert_eq!(
        s(d, "origin.0.s3_origin_config.0.origin_access_identity"),
        "origin-access-identity/cloudfront/E1"
    );
    assert_eq!(s(d, "logging_config.0.bucket"), "logs.s3.amazonaws.com");
    assert!(!b(d, "viewer_certificate.0.cloudfront_default_certificate"));
    assert_eq!(
        s(d, "viewer_certificate.0.minimum_protocol_version"),
        "TLSv1"
    );
    assert!(d.get("DistributionConfig").is_none());
}

#[test]
fn log_delivery_source_and_delivery_refer_to_their_owners() {
    let rs = load(
        r#"  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
  Source:
    Type: AWS::Logs::DeliverySource
    Properties:
      Name: cdn-logs
      LogType: ACCESS_LOGS
      ResourceArn: !Ref Cdn
  Delivery:
    Type: AWS::Logs::Delivery
    Properties:
      DeliverySourceName: !Ref Source
      DeliveryDestinationArn: arn:aws:logs:us-east-1:1:delivery-destination:d
"#,
    );
    let src = one(&rs, "Source", "aws_cloudwatch_log_delivery_source");
    assert_eq!(s(src, "log_type"), "ACCESS_LOGS");
    assert_eq!(refers_to(src.get("resource_arn")).as_deref(), Some("Cdn"));
    let del = one(&rs, "Delivery", "aws_cloudwatch_log_delivery");
    assert_eq!(
        refers_to(del.get("delivery_source_name")).as_deref(),
        Some("Source")
    );
}

#[test]
fn athena_workgroup_configuration_nests() {
    let rs = load(
        r#"  Wg:
    Type: AWS::Athena::WorkGroup
    Properties:
      Name: wg
      WorkGroupConfiguration:
        EnforceWorkGroupConfiguration: false
        ResultConfiguration:
          EncryptionConfiguration:
            EncryptionOption: SSE_KMS
            KmsKey: key-1
"#,
    );
    let w = one(&rs, "Wg", "aws_athena_workgroup");
    assert!(!b(w, "configuration.0.enforce_workgroup_configuration"));
    let enc = "configuration.0.result_configuration.0.encryption_configuration.0";
    assert_eq!(s(w, &format!("{enc}.encryption_option")), "SSE_KMS");
    assert_eq!(s(w, &format!("{enc}.kms_key_arn")), "key-1");
}

#[test]
fn emr_security_configuration_is_json_and_cluster_names_it() {
    let rs = load(
        r#"  Sec:
    Type: AWS::EMR::SecurityConfiguration
    Properties:
      SecurityConfiguration:
        EncryptionConfiguration:
          EnableAtRestEncryption: true
  Cluster:
    Type: AWS::EMR::Cluster
    Properties:
      Name: etl
      ReleaseLabel: emr-7.1.0
      SecurityConfiguration: !Ref Sec
"#,
    );
    let sec = one(&rs, "Sec", "aws_emr_security_configuration");
    let json: serde_json::Value = serde_json::from_str(&s(sec, "configuration")).expect("json");
    assert_eq!(
        json["EncryptionConfiguration"]["EnableAtRestEncryption"],
        serde_json::json!(true)
    );
    let c = one(&rs, "Cluster", "aws_emr_cluster");
    assert_eq!(s(c, "release_label"), "emr-7.1.0");
    assert_eq!(
        refers_to(c.get("security_configuration")).as_deref(),
        Some("Sec")
    );
}

#[test]
fn sagemaker_notebook_instance() {
    let rs = load(
        r#"  Nb:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      DirectInternetAccess: Enabled
      KmsKeyId: key-1
      SecurityGroupIds: [sg-1]
"#,
    );
    let nb = one(&rs, "Nb", "aws_sagemaker_notebook_instance");
    assert_eq!(s(nb, "direct_internet_access"), "Enabled");
    assert_eq!(s(nb, "kms_key_id"), "key-1");
    assert_eq!(s(nb, "security_groups.0"), "sg-1");
}

#[test]
fn ecs_cluster_settings() {
    let rs = load(
        r#"  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: apps
      ClusterSettings:
        - Name: containerInsights
          Value: enabled
"#,
    );
    let c = one(&rs, "Cluster", "aws_ecs_cluster");
    assert_eq!(s(c, "name"), "apps");
    assert_eq!(s(c, "setting.0.name"), "containerInsights");
    assert_eq!(s(c, "setting.0.value"), "enabled");
}

#[test]
fn ecs_task_definition_containers_become_camel_case_json() {
    let rs = load(
        r#"  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      NetworkMode: host
      ContainerDefinitions:
        - Name: web
          Privileged: true
          Environment:
            - Name: LOG_LEVEL
              Value: info
      Volumes:
        - Name: shared
          EFSVolumeConfiguration:
            FilesystemId: fs-1
            TransitEncryption: DISABLED
"#,
    );
    let t = one(&rs, "Task", "aws_ecs_task_definition");
    assert_eq!(s(t, "network_mode"), "host");
    let json: serde_json::Value =
        serde_json::from_str(&s(t, "container_definitions")).expect("json");
    assert_eq!(json[0]["name"], "web");
    assert_eq!(json[0]["privileged"], true);
    assert_eq!(json[0]["environment"][0]["value"], "info");
    assert_eq!(line(t, "container_definitions"), 7);
    assert_eq!(s(t, "volume.0.name"), "shared");
    assert_eq!(
        s(t, "volume.0.efs_volume_configuration.0.file_system_id"),
        "fs-1"
    );
    assert_eq!(
        s(t, "volume.0.efs_volume_configuration.0.transit_encryption"),
        "DISABLED"
    );
}

#[test]
fn codebuild_project_artifacts_and_environment() {
    let rs = load(
        r#"  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      EncryptionKey: key-1
      Artifacts:
        Type: S3
        EncryptionDisabled: "true"
      SecondaryArtifacts:
        - Type: S3
          EncryptionDisabled: false
      Environment:
        Image: aws/codebuild/standard:7.0
        EnvironmentVariables:
          - Name: STAGE
            Value: prod
"#,
    );
    let p = one(&rs, "Build", "aws_codebuild_project");
    assert_eq!(s(p, "encryption_key"), "key-1");
    assert!(b(p, "artifacts.0.encryption_disabled"));
    assert!(!b(p, "secondary_artifacts.0.encryption_disabled"));
    assert_eq!(s(p, "environment.0.environment_variable.0.name"), "STAGE");
}

#[test]
fn docdb_cluster_and_instance() {
    let rs = load(
        r#"  Docs:
    Type: AWS::DocDB::DBCluster
    Properties:
      StorageEncrypted: true
      KmsKeyId: key-1
      MasterUserPassword: hunter2hunter2
      EnableCloudwatchLogsExports: [audit]
  DocsOne:
    Type: AWS::DocDB::DBInstance
    Properties:
      DBClusterIdentifier: !Ref Docs
      DBInstanceClass: db.r6g.large
"#,
    );
    let c = one(&rs, "Docs", "aws_docdb_cluster");
    assert!(b(c, "storage_encrypted"));
    assert_eq!(s(c, "kms_key_id"), "key-1");
    assert_eq!(s(c, "master_password"), "hunter2hunter2");
    assert_eq!(s(c, "enabled_cloudwatch_logs_exports.0"), "audit");
    let i = one(&rs, "DocsOne", "aws_docdb_cluster_instance");
    assert_eq!(s(i, "instance_class"), "db.r6g.large");
}

#[test]
fn neptune_cluster() {
    let rs = load(
        r#"  Graph:
    Type: AWS::Neptune::DBCluster
    Properties:
      StorageEncrypted: false
      KmsKeyId: key-1
      IamAuthEnabled: true
      EnableCloudwatchLogsExports: [audit]
"#,
    );
    let g = one(&rs, "Graph", "aws_neptune_cluster");
    assert!(!b(g, "storage_encrypted"));
    assert_eq!(s(g, "kms_key_arn"), "key-1");
    assert!(b(g, "iam_database_authentication_enabled"));
    assert_eq!(s(g, "enable_cloudwatch_logs_exports.0"), "audit");
}

#[test]
fn dax_cluster() {
    let rs = load(
        r#"  Dax:
    Type: AWS::DAX::Cluster
    Properties:
      NodeType: dax.r5.large
      ReplicationFactor: 3
      SSESpecification:
        SSEEnabled: true
"#,
    );
    let d = one(&rs, "Dax", "aws_dax_cluster");
    assert!(b(d, "server_side_encryption.0.enabled"));
    assert_eq!(n(d, "replication_factor"), 3.0);
}

#[test]
fn redshift_cluster_logging_properties_turn_logging_on() {
    let rs = load(
        r#"  Wh:
    Type: AWS::Redshift::Cluster
    Properties:
      Encrypted: true
      KmsKeyId: key-1
      PubliclyAccessible: false
      ClusterSubnetGroupName: private
      MasterUserPassword: Sup3r-Secret-Pw
      LoggingProperties:
        BucketName: audit-logs
  Plain:
    Type: AWS::Redshift::Cluster
    Properties:
      DBName: db
"#,
    );
    let w = one(&rs, "Wh", "aws_redshift_cluster");
    assert!(b(w, "encrypted"));
    assert_eq!(s(w, "kms_key_id"), "key-1");
    assert!(!b(w, "publicly_accessible"));
    assert_eq!(s(w, "cluster_subnet_group_name"), "private");
    assert_eq!(s(w, "master_password"), "Sup3r-Secret-Pw");
    assert!(b(w, "logging.0.enable"));
    assert_eq!(s(w, "logging.0.bucket_name"), "audit-logs");
    assert_eq!(line(w, "logging.0.enable"), 11);
    let p = one(&rs, "Plain", "aws_redshift_cluster");
    assert!(p.get("logging").is_none());
    assert_eq!(s(p, "database_name"), "db");
}

#[test]
fn elasticache_replication_group_and_cluster() {
    let rs = load(
        r#"  Rg:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: redis
      AtRestEncryptionEnabled: true
      TransitEncryptionEnabled: false
      AuthToken: token-from-somewhere
      SnapshotRetentionLimit: 5
  Cc:
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      Engine: redis
      CacheNodeType: cache.t1.micro
      SnapshotRetentionLimit: "0"
"#,
    );
    let rg = one(&rs, "Rg", "aws_elasticache_replication_group");
    assert_eq!(s(rg, "description"), "sessions");
    assert!(b(rg, "at_rest_encryption_enabled"));
    assert!(!b(rg, "transit_encryption_enabled"));
    assert_eq!(s(rg, "auth_token"), "token-from-somewhere");
    assert_eq!(n(rg, "snapshot_retention_limit"), 5.0);
    let cc = one(&rs, "Cc", "aws_elasticache_cluster");
    assert_eq!(s(cc, "node_type"), "cache.t1.micro");
    assert_eq!(n(cc, "snapshot_retention_limit"), 0.0);
}

#[test]
fn elasticache_security_group_without_description_has_an_empty_one() {
    let rs = load(
        r#"  Bare:
    Type: AWS::ElastiCache::SecurityGroup
  Described:
    Type: AWS::ElastiCache::SecurityGroup
    Properties:
      Description: web tier
"#,
    );
    assert_eq!(
        s(
            one(&rs, "Bare", "aws_elasticache_security_group"),
            "description"
        ),
        ""
    );
    assert_eq!(
        s(
            one(&rs, "Described", "aws_elasticache_security_group"),
            "description"
        ),
        "web tier"
    );
}

#[test]
fn opensearch_and_elasticsearch_domains() {
    let rs = load(
        r#"  Os:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EncryptionAtRestOptions:
        Enabled: true
      NodeToNodeEncryptionOptions:
        Enabled: false
      DomainEndpointOptions:
        EnforceHTTPS: true
        TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07
      VPCOptions:
        SubnetIds: [subnet-1]
      LogPublishingOptions:
        AUDIT_LOGS:
          CloudWatchLogsLogGroupArn: arn:aws:logs:eu-west-1:1:log-group:audit
          Enabled: false
  Es:
    Type: AWS::Elasticsearch::Domain
    Properties:
      ElasticsearchVersion: "7.10"
"#,
    );
    let os = one(&rs, "Os", "aws_opensearch_domain");
    assert!(b(os, "encrypt_at_rest.0.enabled"));
    assert!(!b(os, "node_to_node_encryption.0.enabled"));
    assert!(b(os, "domain_endpoint_options.0.enforce_https"));
    assert_eq!(
        s(os, "domain_endpoint_options.0.tls_security_policy"),
        "Policy-Min-TLS-1-2-2019-07"
    );
    assert_eq!(s(os, "vpc_options.0.subnet_ids.0"), "subnet-1");
    assert_eq!(s(os, "log_publishing_options.0.log_type"), "AUDIT_LOGS");
    assert!(!b(os, "log_publishing_options.0.enabled"));
    assert_eq!(line(os, "log_publishing_options.0.enabled"), 18);
    let es = one(&rs, "Es", "aws_elasticsearch_domain");
    assert_eq!(s(es, "elasticsearch_version"), "7.10");
}

#[test]
fn kinesis_stream_encryption_is_flattened() {
    let rs = load(
        r#"  Stream:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1
      StreamEncryption:
        EncryptionType: KMS
        KeyId: alias/aws/kinesis
"#,
    );
    let k = one(&rs, "Stream", "aws_kinesis_stream");
    assert_eq!(s(k, "encryption_type"), "KMS");
    assert_eq!(s(k, "kms_key_id"), "alias/aws/kinesis");
    assert_eq!(line(k, "encryption_type"), 8);
}

#[test]
fn msk_cluster_encryption_logging_and_public_access() {
    let rs = load(
        r#"  Kafka:
    Type: AWS::MSK::Cluster
    Properties:
      BrokerNodeGroupInfo:
        InstanceType: kafka.m5.large
        ConnectivityInfo:
          PublicAccess:
            Type: SERVICE_PROVIDED_EIPS
      EncryptionInfo:
        EncryptionAtRest:
          DataVolumeKMSKeyId: key-1
        EncryptionInTransit:
          ClientBroker: TLS_PLAINTEXT
          InCluster: true
      LoggingInfo:
        BrokerLogs:
          S3:
            Enabled: true
            Bucket: logs
"#,
    );
    let k = one(&rs, "Kafka", "aws_msk_cluster");
    assert_eq!(
        s(
            k,
            "broker_node_group_info.0.connectivity_info.0.public_access.0.type"
        ),
        "SERVICE_PROVIDED_EIPS"
    );
    assert_eq!(
        s(k, "encryption_info.0.encryption_at_rest_kms_key_arn"),
        "key-1"
    );
    assert_eq!(
        line(k, "encryption_info.0.encryption_at_rest_kms_key_arn"),
        13
    );
    assert_eq!(
        s(k, "encryption_info.0.encryption_in_transit.0.client_broker"),
        "TLS_PLAINTEXT"
    );
    assert!(b(k, "logging_info.0.broker_logs.0.s3.0.enabled"));
}

#[test]
fn mq_broker() {
    let rs = load(
        r#"  Mq:
    Type: AWS::AmazonMQ::Broker
    Properties:
      EngineType: ACTIVEMQ
      PubliclyAccessible: true
      Logs:
        Audit: false
        General: true
      Users:
        - Username: app
          Password: hunter2hunter2
"#,
    );
    let mq = one(&rs, "Mq", "aws_mq_broker");
    assert!(b(mq, "publicly_accessible"));
    assert!(!b(mq, "logs.0.audit"));
    assert!(b(mq, "logs.0.general"));
    assert_eq!(s(mq, "user.0.username"), "app");
}

#[test]
fn secrets_manager_secret_version_and_rotation() {
    let rs = load(
        r#"  Secret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: db
      KmsKeyId: key-1
      SecretString: '{"password": "x"}'
  Rotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref Secret
      RotationRules:
        AutomaticallyAfterDays: 30
"#,
    );
    let sec = one(&rs, "Secret", "aws_secretsmanager_secret");
    assert_eq!(s(sec, "kms_key_id"), "key-1");
    let v = one(&rs, "Secret.version", "aws_secretsmanager_secret_version");
    assert_eq!(refers_to(v.get("secret_id")).as_deref(), Some("Secret"));
    assert_eq!(s(v, "secret_string"), r#"{"password": "x"}"#);
    let rot = one(&rs, "Rotation", "aws_secretsmanager_secret_rotation");
    assert_eq!(refers_to(rot.get("secret_id")).as_deref(), Some("Secret"));
    assert_eq!(n(rot, "rotation_rules.0.automatically_after_days"), 30.0);
}

#[test]
fn ssm_parameter_keeps_its_tag_map() {
    let rs = load(
        r#"  Param:
    Type: AWS::SSM::Parameter
    Properties:
      Name: /app/db_password
      Type: String
      Value: x
      Tags:
        team: data
"#,
    );
    let p = one(&rs, "Param", "aws_ssm_parameter");
    assert_eq!(s(p, "name"), "/app/db_password");
    assert_eq!(s(p, "type"), "String");
    assert_eq!(s(p, "tags.team"), "data");
}

#[test]
fn config_aggregator_and_recorder() {
    let rs = load(
        r#"  Agg:
    Type: AWS::Config::ConfigurationAggregator
    Properties:
      AccountAggregationSources:
        - AccountIds: ["111122223333"]
          AllAwsRegions: false
      OrganizationAggregationSource:
        RoleArn: arn:aws:iam::1:role/r
        AllAwsRegions: true
  Rec:
    Type: AWS::Config::ConfigurationRecorder
    Properties:
      RoleARN: arn:aws:iam::1:role/config
      RecordingGroup:
        AllSupported: false
"#,
    );
    let a = one(&rs, "Agg", "aws_config_configuration_aggregator");
    assert!(!b(a, "account_aggregation_source.0.all_regions"));
    assert_eq!(
        s(a, "account_aggregation_source.0.account_ids.0"),
        "111122223333"
    );
    assert!(b(a, "organization_aggregation_source.0.all_regions"));
    let r = one(&rs, "Rec", "aws_config_configuration_recorder");
    assert!(!b(r, "recording_group.0.all_supported"));
}

#[test]
fn guardduty_detector_and_security_hub() {
    let rs = load(
        r#"  Gd:
    Type: AWS::GuardDuty::Detector
    Properties:
      Enable: false
  Hub:
    Type: AWS::SecurityHub::Hub
    Properties:
      AutoEnableControls: false
"#,
    );
    assert!(!b(one(&rs, "Gd", "aws_guardduty_detector"), "enable"));
    assert!(!b(
        one(&rs, "Hub", "aws_securityhub_account"),
        "auto_enable_controls"
    ));
}

#[test]
fn workspace_volume_encryption() {
    let rs = load(
        r#"  Ws:
    Type: AWS::WorkSpaces::Workspace
    Properties:
      RootVolumeEncryptionEnabled: true
      UserVolumeEncryptionEnabled: false
      VolumeEncryptionKey: key-1
"#,
    );
    let w = one(&rs, "Ws", "aws_workspaces_workspace");
    assert!(b(w, "root_volume_encryption_enabled"));
    assert!(!b(w, "user_volume_encryption_enabled"));
    assert_eq!(s(w, "volume_encryption_key"), "key-1");
}

#[test]
fn launch_configuration_reads_like_an_instance() {
    let rs = load(
        r#"  Lc:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      ImageId: ami-1
      SecurityGroups: [sg-1]
      MetadataOptions:
        HttpTokens: optional
      UserData: !Base64 "echo hello"
      BlockDeviceMappings:
        - DeviceName: /dev/xvda
          Ebs:
            Encrypted: true
        - DeviceName: /dev/sdf
          Ebs:
            Encrypted: false
"#,
    );
    let lc = one(&rs, "Lc", "aws_launch_configuration");
    assert_eq!(s(lc, "image_id"), "ami-1");
    assert_eq!(s(lc, "security_groups.0"), "sg-1");
    assert_eq!(s(lc, "metadata_options.0.http_tokens"), "optional");
    assert_eq!(s(lc, "user_data"), "echo hello");
    assert!(b(lc, "root_block_device.0.encrypted"));
    assert_eq!(s(lc, "ebs_block_device.0.device_name"), "/dev/sdf");
    assert!(!b(lc, "ebs_block_device.0.encrypted"));
}

#[test]
fn ecr_repository_policy_text_becomes_a_repository_policy() {
    let rs = load(
        r#"  Repo:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: images
      RepositoryPolicyText:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: ecr:BatchGetImage
"#,
    );
    one(&rs, "Repo", "aws_ecr_repository");
    let p = one(&rs, "Repo.policy", "aws_ecr_repository_policy");
    assert_eq!(refers_to(p.get("repository")).as_deref(), Some("Repo"));
    let json: serde_json::Value = serde_json::from_str(&s(p, "policy")).expect("json");
    assert_eq!(json["Statement"][0]["Principal"], "*");
    assert_eq!(line(p, "policy"), 7);
}

#[test]
fn lambda_permission_org_and_url_qualifier() {
    let rs = load(
        r#"  Perm:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: f
      Principal: "*"
      PrincipalOrgID: o-abc
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: f
      AuthType: NONE
      Qualifier: live
"#,
    );
    let p = one(&rs, "Perm", "aws_lambda_permission");
    assert_eq!(s(p, "principal_org_id"), "o-abc");
    let u = one(&rs, "Url", "aws_lambda_function_url");
    assert_eq!(s(u, "qualifier"), "live");
    assert_eq!(s(u, "authorization_type"), "NONE");
}

#[test]
fn efs_file_system_tags() {
    let rs = load(
        r#"  Fs:
    Type: AWS::EFS::FileSystem
    Properties:
      Encrypted: true
      FileSystemTags:
        - Key: team
          Value: data
"#,
    );
    let fs = one(&rs, "Fs", "aws_efs_file_system");
    assert!(b(fs, "encrypted"));
    assert_eq!(s(fs, "tags.team"), "data");
}
