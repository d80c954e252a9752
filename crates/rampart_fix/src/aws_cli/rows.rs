//! The table: one row per (resource kind, change) with the AWS CLI command, the command that
//! reads the result back, and the console steps. Placeholders: `{bucket}`, `{region}`, `{id}`,
//! `{name}`, `{identifier}`, `{group_id}`, `{new}` (the value set), `{new_json}`, `{removed}`
//! (list items the fix drops), `{ip_permissions}`, `{password_policy_args}`,
//! `{launch_permission}`, and `{@attribute.path}` / `{@attribute.path|placeholder}` for any
//! attribute of the resource (`<placeholder>` when the code does not know it).
//!
//! Every command is checked against awscli's service models by `tests/awscli.rs`.

use super::{On, Row};

const fn row(
    kind: &'static str,
    on: On,
    command: &'static str,
    read_back: &'static str,
    console: &'static [&'static str],
) -> Row {
    Row {
        kind,
        on,
        command,
        read_back,
        console,
    }
}

use On::{Adds, Attribute, Removal};

const BUCKET_BLOCK: &[&str] = &[
    "Open the S3 console and choose the bucket {bucket}.",
    "On the Permissions tab, edit Block public access (bucket settings), turn on all four settings and save.",
];
const VERSIONING: &[&str] = &[
    "Open the S3 console and choose the bucket {bucket}.",
    "On the Properties tab, edit Bucket Versioning, choose Enable and save.",
];
const ENCRYPTION: &[&str] = &[
    "Open the S3 console and choose the bucket {bucket}.",
    "On the Properties tab, edit Default encryption, choose SSE-S3 or SSE-KMS and save.",
];
const BUCKET_ACL: &[&str] = &[
    "Open the S3 console and choose the bucket {bucket}.",
    "On the Permissions tab, edit the Access control list (ACL) and remove the grants to Everyone and Authenticated users.",
];
const INGRESS: &[&str] = &[
    "Open the EC2 console, choose Security Groups and select {group_id}.",
    "On the Inbound rules tab, choose Edit inbound rules, delete the rule open to {cidr} on port range {ports} and save.",
];
const PASSWORD_POLICY: &[&str] = &[
    "Open the IAM console and choose Account settings.",
    "Edit the password policy: {password_policy_text}; save.",
];
const EBS_DEFAULT: &[&str] = &[
    "Open the EC2 console, choose Settings (EBS encryption) and turn on Always encrypt new EBS volumes.",
    "Volumes that exist stay unencrypted: snapshot each one, copy the snapshot with encryption, create a volume from the copy and swap it in during a maintenance window.",
];
const RDS_PUBLIC: &[&str] = &[
    "Open the RDS console, choose Databases and select {identifier}.",
    "Choose Modify, under Connectivity set Public access to Not publicly accessible, and apply immediately.",
];

pub(super) const ROWS: &[Row] = &[
    // S3
    row(
        "aws_s3_bucket",
        Adds("aws_s3_bucket_public_access_block"),
        S3API_PAB,
        "aws s3api get-public-access-block --bucket {bucket} --region {region}",
        BUCKET_BLOCK,
    ),
    row(
        "aws_s3_bucket_public_access_block",
        Attribute(""),
        S3API_PAB,
        "aws s3api get-public-access-block --bucket {bucket} --region {region}",
        BUCKET_BLOCK,
    ),
    row(
        "aws_s3_account_public_access_block",
        Attribute(""),
        S3CONTROL_PAB,
        "aws s3control get-public-access-block --account-id {@account_id|account-id} --region {region}",
        &[
            "Open the S3 console and choose Block Public Access settings for this account.",
            "Choose Edit, turn on all four settings and confirm.",
        ],
    ),
    row(
        "aws_s3_bucket",
        Adds("aws_s3_bucket_versioning"),
        "aws s3api put-bucket-versioning --bucket {bucket} --versioning-configuration Status=Enabled --region {region}",
        "aws s3api get-bucket-versioning --bucket {bucket} --region {region}",
        VERSIONING,
    ),
    row(
        "aws_s3_bucket",
        Attribute("versioning"),
        "aws s3api put-bucket-versioning --bucket {bucket} --versioning-configuration Status=Enabled --region {region}",
        "aws s3api get-bucket-versioning --bucket {bucket} --region {region}",
        VERSIONING,
    ),
    row(
        "aws_s3_bucket_versioning",
        Attribute("versioning_configuration"),
        "aws s3api put-bucket-versioning --bucket {bucket} --versioning-configuration Status=Enabled --region {region}",
        "aws s3api get-bucket-versioning --bucket {bucket} --region {region}",
        VERSIONING,
    ),
    row(
        "aws_s3_bucket",
        Adds("aws_s3_bucket_server_side_encryption_configuration"),
        "aws s3api put-bucket-encryption --bucket {bucket} --server-side-encryption-configuration '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\"}}]}' --region {region}",
        "aws s3api get-bucket-encryption --bucket {bucket} --region {region}",
        ENCRYPTION,
    ),
    row(
        "aws_s3_bucket_server_side_encryption_configuration",
        Attribute("rule"),
        "aws s3api put-bucket-encryption --bucket {bucket} --server-side-encryption-configuration '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\"},\"BucketKeyEnabled\":true}]}' --region {region}",
        "aws s3api get-bucket-encryption --bucket {bucket} --region {region}",
        ENCRYPTION,
    ),
    row(
        "aws_s3_bucket",
        Adds("aws_s3_bucket_lifecycle_configuration"),
        "aws s3api put-bucket-lifecycle-configuration --bucket {bucket} --lifecycle-configuration '{\"Rules\":[{\"ID\":\"abort-incomplete-multipart-uploads\",\"Status\":\"Enabled\",\"Filter\":{},\"AbortIncompleteMultipartUpload\":{\"DaysAfterInitiation\":7}}]}' --region {region}",
        "aws s3api get-bucket-lifecycle-configuration --bucket {bucket} --region {region}",
        &[
            "Open the S3 console and choose the bucket {bucket}.",
            "On the Management tab, choose Create lifecycle rule, apply it to all objects, select Delete expired object delete markers or incomplete multipart uploads, set incomplete multipart uploads to be deleted after 7 days and save.",
        ],
    ),
    row(
        "aws_s3_bucket",
        Adds("aws_s3_bucket_notification"),
        S3API_EVENTBRIDGE,
        "aws s3api get-bucket-notification-configuration --bucket {bucket} --region {region}",
        EVENTBRIDGE_CONSOLE,
    ),
    row(
        "aws_s3_bucket_notification",
        Attribute("eventbridge"),
        S3API_EVENTBRIDGE,
        "aws s3api get-bucket-notification-configuration --bucket {bucket} --region {region}",
        EVENTBRIDGE_CONSOLE,
    ),
    row(
        "aws_s3_bucket",
        Attribute("acl"),
        "aws s3api put-bucket-acl --bucket {bucket} --acl private --region {region}",
        "aws s3api get-bucket-acl --bucket {bucket} --region {region}",
        BUCKET_ACL,
    ),
    row(
        "aws_s3_bucket_acl",
        Attribute("acl"),
        "aws s3api put-bucket-acl --bucket {bucket} --acl private --region {region}",
        "aws s3api get-bucket-acl --bucket {bucket} --region {region}",
        BUCKET_ACL,
    ),
    // EC2 and VPC
    row(
        "aws_instance",
        Attribute("metadata_options"),
        "aws ec2 modify-instance-metadata-options --instance-id {id} --http-tokens required --http-endpoint enabled --region {region}",
        "aws ec2 describe-instances --instance-ids {id} --query 'Reservations[].Instances[].MetadataOptions' --region {region}",
        &[
            "Open the EC2 console, choose Instances and select {id}.",
            "Choose Actions, Instance settings, Modify instance metadata options; set IMDSv2 to Required and save.",
        ],
    ),
    row(
        "aws_launch_template",
        Attribute("metadata_options"),
        "aws ec2 create-launch-template-version --launch-template-id {id} --source-version '$Latest' --launch-template-data '{\"MetadataOptions\":{\"HttpTokens\":\"required\",\"HttpEndpoint\":\"enabled\"}}' --region {region}",
        "aws ec2 describe-launch-template-versions --launch-template-id {id} --versions '$Latest' --query 'LaunchTemplateVersions[].LaunchTemplateData.MetadataOptions' --region {region}",
        &[
            "Open the EC2 console, choose Launch Templates and select {id}.",
            "Choose Actions, Modify template (Create new version); under Advanced details set Metadata version to V2 only (token required); create it and make it the default version.",
        ],
    ),
    row(
        "aws_launch_configuration",
        Attribute("metadata_options"),
        "aws autoscaling create-launch-configuration --launch-configuration-name {name}-imdsv2 --image-id {@image_id|image-id} --instance-type {@instance_type|instance-type} --metadata-options HttpTokens=required,HttpEndpoint=enabled --region {region}",
        "aws autoscaling describe-launch-configurations --launch-configuration-names {name}-imdsv2 --query 'LaunchConfigurations[].MetadataOptions' --region {region}",
        &[
            "Launch configurations cannot be changed: copy {name} in the EC2 Auto Scaling console, set Metadata version to V2 only, and switch the Auto Scaling group to the copy.",
        ],
    ),
    row(
        "aws_instance",
        Attribute("root_block_device"),
        EBS_BY_DEFAULT,
        EBS_BY_DEFAULT_READ,
        EBS_DEFAULT,
    ),
    row(
        "aws_instance",
        Attribute("ebs_block_device"),
        EBS_BY_DEFAULT,
        EBS_BY_DEFAULT_READ,
        EBS_DEFAULT,
    ),
    row(
        "aws_launch_configuration",
        Attribute("root_block_device"),
        EBS_BY_DEFAULT,
        EBS_BY_DEFAULT_READ,
        EBS_DEFAULT,
    ),
    row(
        "aws_launch_template",
        Attribute("block_device_mappings"),
        EBS_BY_DEFAULT,
        EBS_BY_DEFAULT_READ,
        EBS_DEFAULT,
    ),
    row(
        "aws_ebs_volume",
        Attribute("encrypted"),
        EBS_BY_DEFAULT,
        EBS_BY_DEFAULT_READ,
        EBS_DEFAULT,
    ),
    row(
        "aws_ami_launch_permission",
        Removal,
        "aws ec2 modify-image-attribute --image-id {@image_id|image-id} --launch-permission '{launch_permission}' --region {region}",
        "aws ec2 describe-image-attribute --image-id {@image_id|image-id} --attribute launchPermission --region {region}",
        &[
            "Open the EC2 console, choose AMIs and select {@image_id|image-id}.",
            "Choose Actions, Edit AMI permissions; make it private or remove the account it is shared with, and save.",
        ],
    ),
    row(
        "aws_security_group",
        Attribute("ingress"),
        "aws ec2 revoke-security-group-ingress --group-id {group_id} --ip-permissions '{ip_permissions}' --region {region}",
        "aws ec2 describe-security-groups --group-ids {group_id} --query 'SecurityGroups[].IpPermissions' --region {region}",
        INGRESS,
    ),
    row(
        "aws_security_group_rule",
        Removal,
        "aws ec2 revoke-security-group-ingress --group-id {group_id} --ip-permissions '{ip_permissions}' --region {region}",
        "aws ec2 describe-security-groups --group-ids {group_id} --query 'SecurityGroups[].IpPermissions' --region {region}",
        INGRESS,
    ),
    row(
        "aws_vpc_security_group_ingress_rule",
        Removal,
        "aws ec2 revoke-security-group-ingress --group-id {group_id} --security-group-rule-ids {@id|security-group-rule-id} --region {region}",
        "aws ec2 describe-security-group-rules --filters Name=group-id,Values={group_id} --region {region}",
        INGRESS,
    ),
    row(
        "aws_default_security_group",
        Attribute("ingress"),
        "aws ec2 revoke-security-group-ingress --group-id {group_id} --ip-permissions '{ip_permissions}' --region {region}",
        "aws ec2 describe-security-groups --group-ids {group_id} --query 'SecurityGroups[].IpPermissions' --region {region}",
        &[
            "Open the EC2 console, choose Security Groups and select the default group {group_id}.",
            "Delete every inbound and outbound rule and save; nothing should use the default group.",
        ],
    ),
    row(
        "aws_default_security_group",
        Attribute("egress"),
        "aws ec2 revoke-security-group-egress --group-id {group_id} --ip-permissions '{ip_permissions}' --region {region}",
        "aws ec2 describe-security-groups --group-ids {group_id} --query 'SecurityGroups[].IpPermissionsEgress' --region {region}",
        &[
            "Open the EC2 console, choose Security Groups and select the default group {group_id}.",
            "Delete every inbound and outbound rule and save; nothing should use the default group.",
        ],
    ),
    row(
        "aws_subnet",
        Attribute("map_public_ip_on_launch"),
        "aws ec2 modify-subnet-attribute --subnet-id {id} --no-map-public-ip-on-launch --region {region}",
        "aws ec2 describe-subnets --subnet-ids {id} --query 'Subnets[].MapPublicIpOnLaunch' --region {region}",
        &[
            "Open the VPC console, choose Subnets and select {id}.",
            "Choose Actions, Edit subnet settings, clear Enable auto-assign public IPv4 address and save.",
        ],
    ),
    // load balancing and CDN
    row(
        "aws_lb",
        Attribute("drop_invalid_header_fields"),
        DROP_HEADERS,
        DROP_HEADERS_READ,
        DROP_HEADERS_CONSOLE,
    ),
    row(
        "aws_alb",
        Attribute("drop_invalid_header_fields"),
        DROP_HEADERS,
        DROP_HEADERS_READ,
        DROP_HEADERS_CONSOLE,
    ),
    row(
        "aws_lb_listener",
        Attribute("default_action"),
        REDIRECT,
        LISTENER_READ,
        REDIRECT_CONSOLE,
    ),
    row(
        "aws_alb_listener",
        Attribute("default_action"),
        REDIRECT,
        LISTENER_READ,
        REDIRECT_CONSOLE,
    ),
    row(
        "aws_lb_listener",
        Attribute("ssl_policy"),
        SSL_POLICY,
        LISTENER_READ,
        SSL_POLICY_CONSOLE,
    ),
    row(
        "aws_alb_listener",
        Attribute("ssl_policy"),
        SSL_POLICY,
        LISTENER_READ,
        SSL_POLICY_CONSOLE,
    ),
    row(
        "aws_cloudfront_distribution",
        Attribute("default_cache_behavior"),
        CLOUDFRONT_UPDATE,
        "aws cloudfront get-distribution-config --id {id} --query 'DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy'",
        CLOUDFRONT_CONSOLE,
    ),
    row(
        "aws_cloudfront_distribution",
        Attribute("ordered_cache_behavior"),
        CLOUDFRONT_UPDATE,
        "aws cloudfront get-distribution-config --id {id} --query 'DistributionConfig.CacheBehaviors.Items[].ViewerProtocolPolicy'",
        CLOUDFRONT_CONSOLE,
    ),
    row(
        "aws_cloudfront_distribution",
        Attribute("viewer_certificate"),
        CLOUDFRONT_UPDATE,
        "aws cloudfront get-distribution-config --id {id} --query 'DistributionConfig.ViewerCertificate.MinimumProtocolVersion'",
        CLOUDFRONT_CONSOLE,
    ),
    // API Gateway
    row(
        "aws_api_gateway_stage",
        Attribute("xray_tracing_enabled"),
        "aws apigateway update-stage --rest-api-id {@rest_api_id|rest-api-id} --stage-name {@stage_name|stage-name} --patch-operations op=replace,path=/tracingEnabled,value=true --region {region}",
        "aws apigateway get-stage --rest-api-id {@rest_api_id|rest-api-id} --stage-name {@stage_name|stage-name} --query tracingEnabled --region {region}",
        &[
            "Open the API Gateway console, select the API and the stage {@stage_name|stage-name}.",
            "On the Logs and tracing tab, turn on X-Ray tracing and save.",
        ],
    ),
    row(
        "aws_api_gateway_method_settings",
        Attribute("settings"),
        "aws apigateway update-stage --rest-api-id {@rest_api_id|rest-api-id} --stage-name {@stage_name|stage-name} --patch-operations 'op=replace,path=/{@method_path|method-path}/caching/dataEncrypted,value=true' --region {region}",
        "aws apigateway get-stage --rest-api-id {@rest_api_id|rest-api-id} --stage-name {@stage_name|stage-name} --query methodSettings --region {region}",
        &[
            "Open the API Gateway console, select the API and the stage {@stage_name|stage-name}.",
            "Edit the stage's cache settings, turn on Encrypt cache data and save.",
        ],
    ),
    row(
        "aws_api_gateway_domain_name",
        Attribute("security_policy"),
        "aws apigateway update-domain-name --domain-name {@domain_name|domain-name} --patch-operations op=replace,path=/securityPolicy,value={new} --region {region}",
        "aws apigateway get-domain-name --domain-name {@domain_name|domain-name} --query securityPolicy --region {region}",
        &[
            "Open the API Gateway console, choose Custom domain names and select {@domain_name|domain-name}.",
            "Edit the domain details, set the minimum TLS version to TLS 1.2 and save.",
        ],
    ),
    // analytics, containers, serverless
    row(
        "aws_athena_workgroup",
        Attribute("configuration.0.result_configuration"),
        "aws athena update-work-group --work-group {name} --configuration-updates 'ResultConfigurationUpdates={EncryptionConfiguration={EncryptionOption={new}}}' --region {region}",
        "aws athena get-work-group --work-group {name} --query 'WorkGroup.Configuration.ResultConfiguration.EncryptionConfiguration' --region {region}",
        &[
            "Open the Athena console, choose Workgroups and select {name}.",
            "Choose Edit, under Query result configuration turn on Encrypt query results and save.",
        ],
    ),
    row(
        "aws_athena_workgroup",
        Attribute("configuration.0.enforce_workgroup_configuration"),
        "aws athena update-work-group --work-group {name} --configuration-updates EnforceWorkGroupConfiguration=true --region {region}",
        "aws athena get-work-group --work-group {name} --query 'WorkGroup.Configuration.EnforceWorkGroupConfiguration' --region {region}",
        &[
            "Open the Athena console, choose Workgroups and select {name}.",
            "Choose Edit, turn on Override client-side settings and save.",
        ],
    ),
    row(
        "aws_codebuild_project",
        Attribute("artifacts"),
        "aws codebuild update-project --name {name} --artifacts type={@artifacts.0.type|artifacts-type},location={@artifacts.0.location|artifacts-location},encryptionDisabled=false --region {region}",
        "aws codebuild batch-get-projects --names {name} --query 'projects[].artifacts' --region {region}",
        CODEBUILD_CONSOLE,
    ),
    row(
        "aws_codebuild_project",
        Attribute("secondary_artifacts"),
        "aws codebuild update-project --name {name} --secondary-artifacts type={@secondary_artifacts.0.type|artifacts-type},artifactIdentifier={@secondary_artifacts.0.artifact_identifier|artifact-identifier},encryptionDisabled=false --region {region}",
        "aws codebuild batch-get-projects --names {name} --query 'projects[].secondaryArtifacts' --region {region}",
        CODEBUILD_CONSOLE,
    ),
    row(
        "aws_ecs_cluster",
        Attribute("setting"),
        "aws ecs update-cluster-settings --cluster {name} --settings name=containerInsights,value=enabled --region {region}",
        "aws ecs describe-clusters --clusters {name} --include SETTINGS --query 'clusters[].settings' --region {region}",
        &[
            "Open the ECS console, choose Clusters and select {name}.",
            "Choose Update cluster, under Monitoring turn on Container Insights and save.",
        ],
    ),
    row(
        "aws_ecs_task_definition",
        Attribute("volume"),
        "aws ecs register-task-definition --cli-input-json file://task-definition.json --region {region}",
        "aws ecs describe-task-definition --task-definition {@family|family} --query 'taskDefinition.volumes[].efsVolumeConfiguration.transitEncryption' --region {region}",
        &[
            "Run `aws ecs describe-task-definition --task-definition {@family|family} --query taskDefinition` and save the output as task-definition.json without its read-only fields.",
            "Set transitEncryption to ENABLED in every efsVolumeConfiguration, register the new revision, and update the services that use {@family|family}.",
        ],
    ),
    row(
        "aws_lambda_function",
        Attribute("tracing_config"),
        "aws lambda update-function-configuration --function-name {@function_name|function-name} --tracing-config Mode=Active --region {region}",
        "aws lambda get-function-configuration --function-name {@function_name|function-name} --query TracingConfig --region {region}",
        &[
            "Open the Lambda console and select the function {@function_name|function-name}.",
            "On the Configuration tab, choose Monitoring and operations tools, edit, turn on Active tracing and save.",
        ],
    ),
    row(
        "aws_lambda_function_url",
        Attribute("authorization_type"),
        "aws lambda update-function-url-config --function-name {@function_name|function-name} --auth-type AWS_IAM --region {region}",
        "aws lambda get-function-url-config --function-name {@function_name|function-name} --query AuthType --region {region}",
        &[
            "Open the Lambda console and select the function {@function_name|function-name}.",
            "On the Configuration tab, choose Function URL, edit, set Auth type to AWS_IAM and save.",
        ],
    ),
    row(
        "aws_api_gateway_method",
        Attribute("authorization"),
        "aws apigateway update-method --rest-api-id {@rest_api_id|rest-api-id} --resource-id {@resource_id|resource-id} --http-method {@http_method|http-method} --patch-operations op=replace,path=/authorizationType,value=AWS_IAM --region {region}",
        "aws apigateway get-method --rest-api-id {@rest_api_id|rest-api-id} --resource-id {@resource_id|resource-id} --http-method {@http_method|http-method} --query authorizationType --region {region}",
        &[
            "Open the API Gateway console, choose the API and the method.",
            "In Method request settings, set Authorization to AWS_IAM, save and deploy the API.",
        ],
    ),
    row(
        "aws_config_configuration_aggregator",
        Attribute("account_aggregation_source"),
        "aws configservice put-configuration-aggregator --configuration-aggregator-name {name} --account-aggregation-sources '[{\"AccountIds\":[\"<account-id>\"],\"AllAwsRegions\":true}]' --region {region}",
        "aws configservice describe-configuration-aggregators --configuration-aggregator-names {name} --region {region}",
        &[
            "Open the AWS Config console, choose Aggregators and select {name}.",
            "Choose Edit, select Include all AWS regions and save.",
        ],
    ),
    row(
        "aws_config_configuration_aggregator",
        Attribute("organization_aggregation_source"),
        "aws configservice put-configuration-aggregator --configuration-aggregator-name {name} --organization-aggregation-source RoleArn={@organization_aggregation_source.0.role_arn|role-arn},AllAwsRegions=true --region {region}",
        "aws configservice describe-configuration-aggregators --configuration-aggregator-names {name} --region {region}",
        &[
            "Open the AWS Config console, choose Aggregators and select {name}.",
            "Choose Edit, select Include all AWS regions and save.",
        ],
    ),
    row(
        "aws_config_configuration_recorder",
        Attribute("recording_group"),
        "aws configservice put-configuration-recorder --configuration-recorder 'name={name},roleARN={@role_arn|role-arn},recordingGroup={allSupported=true}' --region {region}",
        "aws configservice describe-configuration-recorders --configuration-recorder-names {name} --region {region}",
        &[
            "Open the AWS Config console and choose Settings.",
            "Choose Edit, under Recording strategy select All resource types with customizable overrides, and save.",
        ],
    ),
    row(
        "aws_iam_access_key",
        Attribute("status"),
        "aws iam update-access-key --user-name {@user|user-name} --access-key-id {@id|access-key-id} --status Inactive",
        "aws iam list-access-keys --user-name {@user|user-name}",
        &[
            "Open the IAM console, choose Users and select {@user|user-name}.",
            "On the Security credentials tab, under Access keys, choose Actions, Deactivate for the key.",
        ],
    ),
    row(
        "aws_lambda_permission",
        Removal,
        "aws lambda remove-permission --function-name {@function_name|function-name} --statement-id {@statement_id|statement-id} --region {region}",
        "aws lambda get-policy --function-name {@function_name|function-name} --region {region}",
        &[
            "Open the Lambda console and choose the function {@function_name|function-name}.",
            "On the Configuration tab, choose Permissions, under Resource-based policy statements delete the statement that allows any principal.",
        ],
    ),
    row(
        "aws_eks_cluster",
        Attribute("vpc_config"),
        "aws eks update-cluster-config --name {name} --resources-vpc-config endpointPublicAccess=false,endpointPrivateAccess=true --region {region}",
        "aws eks describe-cluster --name {name} --query 'cluster.resourcesVpcConfig' --region {region}",
        &[
            "Open the EKS console and select the cluster {name}.",
            "On the Networking tab, choose Manage endpoint access, select Private and save.",
        ],
    ),
    row(
        "aws_eks_cluster",
        Attribute("enabled_cluster_log_types"),
        "aws eks update-cluster-config --name {name} --logging '{\"clusterLogging\":[{\"types\":{new_json},\"enabled\":true}]}' --region {region}",
        "aws eks describe-cluster --name {name} --query 'cluster.logging' --region {region}",
        &[
            "Open the EKS console and select the cluster {name}.",
            "On the Observability tab, choose Manage logging, turn on every control plane log type and save.",
        ],
    ),
    row(
        "aws_ecr_repository",
        Attribute("image_scanning_configuration"),
        "aws ecr put-image-scanning-configuration --repository-name {name} --image-scanning-configuration scanOnPush=true --region {region}",
        "aws ecr describe-repositories --repository-names {name} --query 'repositories[].imageScanningConfiguration' --region {region}",
        &[
            "Open the ECR console and select the repository {name}.",
            "Choose Edit, turn on Scan on push and save.",
        ],
    ),
    row(
        "aws_ecr_repository",
        Attribute("image_tag_mutability"),
        "aws ecr put-image-tag-mutability --repository-name {name} --image-tag-mutability IMMUTABLE --region {region}",
        "aws ecr describe-repositories --repository-names {name} --query 'repositories[].imageTagMutability' --region {region}",
        &[
            "Open the ECR console and select the repository {name}.",
            "Choose Edit, set Tag immutability to Enabled and save.",
        ],
    ),
    row(
        "aws_sagemaker_notebook_instance",
        Attribute("direct_internet_access"),
        "aws sagemaker create-notebook-instance --notebook-instance-name {name}-private --instance-type {@instance_type|instance-type} --role-arn {@role_arn|role-arn} --subnet-id {@subnet_id|subnet-id} --security-group-ids {@security_groups.0|security-group-id} --direct-internet-access Disabled --region {region}",
        "aws sagemaker describe-notebook-instance --notebook-instance-name {name}-private --query DirectInternetAccess --region {region}",
        &[
            "Direct internet access cannot be turned off on an existing notebook instance: create {name}-private in a VPC subnet with Direct internet access disabled, move the notebooks, then delete {name}.",
        ],
    ),
    // databases and caches
    row(
        "aws_db_instance",
        Attribute("publicly_accessible"),
        RDS_NOT_PUBLIC,
        RDS_NOT_PUBLIC_READ,
        RDS_PUBLIC,
    ),
    row(
        "aws_rds_cluster_instance",
        Attribute("publicly_accessible"),
        RDS_NOT_PUBLIC,
        RDS_NOT_PUBLIC_READ,
        RDS_PUBLIC,
    ),
    row(
        "aws_db_instance",
        Attribute("storage_encrypted"),
        "aws rds copy-db-snapshot --source-db-snapshot-identifier <snapshot-of-{identifier}> --target-db-snapshot-identifier {identifier}-encrypted --kms-key-id alias/aws/rds --region {region}",
        "aws rds describe-db-snapshots --db-snapshot-identifier {identifier}-encrypted --query 'DBSnapshots[].Encrypted' --region {region}",
        &[
            "An RDS instance cannot be encrypted in place: take a snapshot of {identifier}, copy it with encryption, restore the copy as a new instance and switch clients to it.",
        ],
    ),
    row(
        "aws_rds_cluster",
        Attribute("storage_encrypted"),
        "aws rds copy-db-cluster-snapshot --source-db-cluster-snapshot-identifier <snapshot-of-{@cluster_identifier|cluster-identifier}> --target-db-cluster-snapshot-identifier {@cluster_identifier|cluster-identifier}-encrypted --kms-key-id alias/aws/rds --region {region}",
        "aws rds describe-db-cluster-snapshots --db-cluster-snapshot-identifier {@cluster_identifier|cluster-identifier}-encrypted --query 'DBClusterSnapshots[].StorageEncrypted' --region {region}",
        &[
            "An Aurora cluster cannot be encrypted in place: snapshot {@cluster_identifier|cluster-identifier}, copy the snapshot with encryption, restore it as a new cluster and switch clients to it.",
        ],
    ),
    row(
        "aws_db_instance",
        Attribute("backup_retention_period"),
        "aws rds modify-db-instance --db-instance-identifier {identifier} --backup-retention-period {new} --apply-immediately --region {region}",
        "aws rds describe-db-instances --db-instance-identifier {identifier} --query 'DBInstances[].BackupRetentionPeriod' --region {region}",
        &[
            "Open the RDS console, choose Databases and select {identifier}.",
            "Choose Modify, under Backup set the retention period to {new} days, and apply immediately.",
        ],
    ),
    row(
        "aws_db_instance",
        Attribute("iam_database_authentication_enabled"),
        "aws rds modify-db-instance --db-instance-identifier {identifier} --enable-iam-database-authentication --apply-immediately --region {region}",
        "aws rds describe-db-instances --db-instance-identifier {identifier} --query 'DBInstances[].IAMDatabaseAuthenticationEnabled' --region {region}",
        &[
            "Open the RDS console, choose Databases and select {identifier}.",
            "Choose Modify, under Database authentication choose Password and IAM database authentication, and apply immediately.",
        ],
    ),
    row(
        "aws_rds_cluster",
        Attribute("iam_database_authentication_enabled"),
        "aws rds modify-db-cluster --db-cluster-identifier {@cluster_identifier|cluster-identifier} --enable-iam-database-authentication --apply-immediately --region {region}",
        "aws rds describe-db-clusters --db-cluster-identifier {@cluster_identifier|cluster-identifier} --query 'DBClusters[].IAMDatabaseAuthenticationEnabled' --region {region}",
        &[
            "Open the RDS console, choose Databases and select the cluster {@cluster_identifier|cluster-identifier}.",
            "Choose Modify, under Database authentication choose Password and IAM database authentication, and apply immediately.",
        ],
    ),
    row(
        "aws_db_instance",
        Attribute("deletion_protection"),
        "aws rds modify-db-instance --db-instance-identifier {identifier} --deletion-protection --apply-immediately --region {region}",
        "aws rds describe-db-instances --db-instance-identifier {identifier} --query 'DBInstances[].DeletionProtection' --region {region}",
        &[
            "Open the RDS console, choose Databases and select {identifier}.",
            "Choose Modify, select Enable deletion protection, and apply immediately.",
        ],
    ),
    row(
        "aws_rds_cluster",
        Attribute("deletion_protection"),
        "aws rds modify-db-cluster --db-cluster-identifier {@cluster_identifier|cluster-identifier} --deletion-protection --apply-immediately --region {region}",
        "aws rds describe-db-clusters --db-cluster-identifier {@cluster_identifier|cluster-identifier} --query 'DBClusters[].DeletionProtection' --region {region}",
        &[
            "Open the RDS console, choose Databases and select the cluster {@cluster_identifier|cluster-identifier}.",
            "Choose Modify, select Enable deletion protection, and apply immediately.",
        ],
    ),
    row(
        "aws_rds_cluster",
        Attribute("copy_tags_to_snapshot"),
        "aws rds modify-db-cluster --db-cluster-identifier {@cluster_identifier|cluster-identifier} --copy-tags-to-snapshot --apply-immediately --region {region}",
        "aws rds describe-db-clusters --db-cluster-identifier {@cluster_identifier|cluster-identifier} --query 'DBClusters[].CopyTagsToSnapshot' --region {region}",
        &[
            "Open the RDS console, choose Databases and select the cluster {@cluster_identifier|cluster-identifier}.",
            "Choose Modify, under Backup select Copy tags to snapshots, and apply immediately.",
        ],
    ),
    row(
        "aws_rds_cluster",
        Attribute("enabled_cloudwatch_logs_exports"),
        "aws rds modify-db-cluster --db-cluster-identifier {@cluster_identifier|cluster-identifier} --cloudwatch-logs-export-configuration '{\"EnableLogTypes\":{new_json}}' --apply-immediately --region {region}",
        "aws rds describe-db-clusters --db-cluster-identifier {@cluster_identifier|cluster-identifier} --query 'DBClusters[].EnabledCloudwatchLogsExports' --region {region}",
        &[
            "Open the RDS console, choose Databases and select the cluster {@cluster_identifier|cluster-identifier}.",
            "Choose Modify, under Log exports select {new} and apply immediately.",
        ],
    ),
    row(
        "aws_db_instance",
        Attribute("manage_master_user_password"),
        RDS_MANAGED_PASSWORD,
        RDS_MANAGED_PASSWORD_READ,
        RDS_MANAGED_PASSWORD_CONSOLE,
    ),
    row(
        "aws_db_instance",
        Attribute("password"),
        RDS_MANAGED_PASSWORD,
        RDS_MANAGED_PASSWORD_READ,
        RDS_MANAGED_PASSWORD_CONSOLE,
    ),
    row(
        "aws_rds_cluster",
        Attribute("manage_master_user_password"),
        RDS_CLUSTER_MANAGED_PASSWORD,
        RDS_CLUSTER_MANAGED_PASSWORD_READ,
        RDS_MANAGED_PASSWORD_CONSOLE,
    ),
    row(
        "aws_rds_cluster",
        Attribute("master_password"),
        RDS_CLUSTER_MANAGED_PASSWORD,
        RDS_CLUSTER_MANAGED_PASSWORD_READ,
        RDS_MANAGED_PASSWORD_CONSOLE,
    ),
    row(
        "aws_db_snapshot",
        Attribute("shared_accounts"),
        "aws rds modify-db-snapshot-attribute --db-snapshot-identifier {@db_snapshot_identifier|db-snapshot-identifier} --attribute-name restore --values-to-remove {removed} --region {region}",
        "aws rds describe-db-snapshot-attributes --db-snapshot-identifier {@db_snapshot_identifier|db-snapshot-identifier} --region {region}",
        SNAPSHOT_CONSOLE,
    ),
    row(
        "aws_db_cluster_snapshot",
        Attribute("shared_accounts"),
        "aws rds modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier {@db_cluster_snapshot_identifier|db-cluster-snapshot-identifier} --attribute-name restore --values-to-remove {removed} --region {region}",
        "aws rds describe-db-cluster-snapshot-attributes --db-cluster-snapshot-identifier {@db_cluster_snapshot_identifier|db-cluster-snapshot-identifier} --region {region}",
        SNAPSHOT_CONSOLE,
    ),
    row(
        "aws_docdb_cluster",
        Attribute("storage_encrypted"),
        "aws docdb restore-db-cluster-from-snapshot --db-cluster-identifier {@cluster_identifier|cluster-identifier}-encrypted --snapshot-identifier <snapshot-of-{@cluster_identifier|cluster-identifier}> --engine docdb --kms-key-id alias/aws/rds --region {region}",
        "aws docdb describe-db-clusters --db-cluster-identifier {@cluster_identifier|cluster-identifier}-encrypted --query 'DBClusters[].StorageEncrypted' --region {region}",
        &[
            "A DocumentDB cluster cannot be encrypted in place: snapshot {@cluster_identifier|cluster-identifier}, restore the snapshot as a new encrypted cluster and switch clients to it.",
        ],
    ),
    row(
        "aws_docdb_cluster",
        Attribute("enabled_cloudwatch_logs_exports"),
        "aws docdb modify-db-cluster --db-cluster-identifier {@cluster_identifier|cluster-identifier} --cloudwatch-logs-export-configuration '{\"EnableLogTypes\":{new_json}}' --apply-immediately --region {region}",
        "aws docdb describe-db-clusters --db-cluster-identifier {@cluster_identifier|cluster-identifier} --query 'DBClusters[].EnabledCloudwatchLogsExports' --region {region}",
        &[
            "Open the DocumentDB console and select the cluster {@cluster_identifier|cluster-identifier}.",
            "Choose Modify, under Log exports select {new} and apply immediately.",
        ],
    ),
    row(
        "aws_neptune_cluster",
        Attribute("storage_encrypted"),
        "aws neptune create-db-cluster --db-cluster-identifier {@cluster_identifier|cluster-identifier}-encrypted --engine neptune --storage-encrypted --region {region}",
        "aws neptune describe-db-clusters --db-cluster-identifier {@cluster_identifier|cluster-identifier}-encrypted --query 'DBClusters[].StorageEncrypted' --region {region}",
        &[
            "A Neptune cluster cannot be encrypted in place: create {@cluster_identifier|cluster-identifier}-encrypted with encryption, load the data into it and switch clients to it.",
        ],
    ),
    row(
        "aws_neptune_cluster",
        Attribute("enable_cloudwatch_logs_exports"),
        "aws neptune modify-db-cluster --db-cluster-identifier {@cluster_identifier|cluster-identifier} --cloudwatch-logs-export-configuration '{\"EnableLogTypes\":{new_json}}' --apply-immediately --region {region}",
        "aws neptune describe-db-clusters --db-cluster-identifier {@cluster_identifier|cluster-identifier} --query 'DBClusters[].EnabledCloudwatchLogsExports' --region {region}",
        &[
            "Open the Neptune console and select the cluster {@cluster_identifier|cluster-identifier}.",
            "Choose Modify, under Log exports select Audit log and apply immediately.",
        ],
    ),
    row(
        "aws_redshift_cluster",
        Attribute("encrypted"),
        "aws redshift modify-cluster --cluster-identifier {@cluster_identifier|cluster-identifier} --encrypted --region {region}",
        "aws redshift describe-clusters --cluster-identifier {@cluster_identifier|cluster-identifier} --query 'Clusters[].Encrypted' --region {region}",
        &[
            "Open the Redshift console and select the cluster {@cluster_identifier|cluster-identifier}.",
            "Choose Actions, Modify, under Database configurations turn on encryption and save (the cluster is migrated while it stays available read-only).",
        ],
    ),
    row(
        "aws_redshift_cluster",
        Attribute("publicly_accessible"),
        "aws redshift modify-cluster --cluster-identifier {@cluster_identifier|cluster-identifier} --no-publicly-accessible --region {region}",
        "aws redshift describe-clusters --cluster-identifier {@cluster_identifier|cluster-identifier} --query 'Clusters[].PubliclyAccessible' --region {region}",
        &[
            "Open the Redshift console and select the cluster {@cluster_identifier|cluster-identifier}.",
            "Choose Actions, Edit publicly accessible, turn it off and save.",
        ],
    ),
    row(
        "aws_dynamodb_table",
        Attribute("point_in_time_recovery"),
        "aws dynamodb update-continuous-backups --table-name {name} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true --region {region}",
        "aws dynamodb describe-continuous-backups --table-name {name} --query 'ContinuousBackupsDescription.PointInTimeRecoveryDescription' --region {region}",
        &[
            "Open the DynamoDB console, choose Tables and select {name}.",
            "On the Backups tab, edit Point-in-time recovery, turn it on and save.",
        ],
    ),
    row(
        "aws_dax_cluster",
        Attribute("server_side_encryption"),
        "aws dax create-cluster --cluster-name {@cluster_name|cluster-name}-enc --node-type {@node_type|node-type} --replication-factor {@replication_factor|replication-factor} --iam-role-arn {@iam_role_arn|iam-role-arn} --sse-specification Enabled=true --region {region}",
        "aws dax describe-clusters --cluster-names {@cluster_name|cluster-name}-enc --query 'Clusters[].SSEDescription' --region {region}",
        &[
            "DAX encryption at rest is chosen when a cluster is created: create {@cluster_name|cluster-name}-enc with encryption, point clients at it, then delete {@cluster_name|cluster-name}.",
        ],
    ),
    row(
        "aws_elasticache_replication_group",
        Attribute("at_rest_encryption_enabled"),
        "aws elasticache create-replication-group --replication-group-id {@replication_group_id|replication-group-id}-enc --replication-group-description 'encrypted copy of {@replication_group_id|replication-group-id}' --at-rest-encryption-enabled --snapshot-name <snapshot-of-{@replication_group_id|replication-group-id}> --region {region}",
        "aws elasticache describe-replication-groups --replication-group-id {@replication_group_id|replication-group-id}-enc --query 'ReplicationGroups[].AtRestEncryptionEnabled' --region {region}",
        &[
            "Encryption at rest is chosen when a replication group is created: back up {@replication_group_id|replication-group-id}, restore the backup into a new group with encryption at rest, and switch clients to it.",
        ],
    ),
    row(
        "aws_elasticache_replication_group",
        Attribute("transit_encryption_enabled"),
        "aws elasticache modify-replication-group --replication-group-id {@replication_group_id|replication-group-id} --transit-encryption-enabled --transit-encryption-mode preferred --apply-immediately --region {region}",
        "aws elasticache describe-replication-groups --replication-group-id {@replication_group_id|replication-group-id} --query 'ReplicationGroups[].[TransitEncryptionEnabled,TransitEncryptionMode]' --region {region}",
        &[
            "Open the ElastiCache console and select {@replication_group_id|replication-group-id}.",
            "Choose Modify, turn on Encryption in transit with mode Preferred, move clients to TLS, then set the mode to Required.",
        ],
    ),
    row(
        "aws_elasticache_replication_group",
        Attribute("snapshot_retention_limit"),
        "aws elasticache modify-replication-group --replication-group-id {@replication_group_id|replication-group-id} --snapshot-retention-limit {new} --apply-immediately --region {region}",
        "aws elasticache describe-replication-groups --replication-group-id {@replication_group_id|replication-group-id} --query 'ReplicationGroups[].SnapshotRetentionLimit' --region {region}",
        ELASTICACHE_BACKUP,
    ),
    row(
        "aws_elasticache_cluster",
        Attribute("snapshot_retention_limit"),
        "aws elasticache modify-cache-cluster --cache-cluster-id {@cluster_id|cluster-id} --snapshot-retention-limit {new} --apply-immediately --region {region}",
        "aws elasticache describe-cache-clusters --cache-cluster-id {@cluster_id|cluster-id} --query 'CacheClusters[].SnapshotRetentionLimit' --region {region}",
        ELASTICACHE_BACKUP,
    ),
    row(
        "aws_opensearch_domain",
        Attribute("encrypt_at_rest"),
        "aws opensearch update-domain-config --domain-name {@domain_name|domain-name} --encryption-at-rest-options Enabled=true --region {region}",
        "aws opensearch describe-domain-config --domain-name {@domain_name|domain-name} --query 'DomainConfig.EncryptionAtRestOptions' --region {region}",
        OPENSEARCH_SECURITY,
    ),
    row(
        "aws_elasticsearch_domain",
        Attribute("encrypt_at_rest"),
        "aws es update-elasticsearch-domain-config --domain-name {@domain_name|domain-name} --encryption-at-rest-options Enabled=true --region {region}",
        "aws es describe-elasticsearch-domain-config --domain-name {@domain_name|domain-name} --query 'DomainConfig.EncryptionAtRestOptions' --region {region}",
        OPENSEARCH_SECURITY,
    ),
    row(
        "aws_opensearch_domain",
        Attribute("node_to_node_encryption"),
        "aws opensearch update-domain-config --domain-name {@domain_name|domain-name} --node-to-node-encryption-options Enabled=true --region {region}",
        "aws opensearch describe-domain-config --domain-name {@domain_name|domain-name} --query 'DomainConfig.NodeToNodeEncryptionOptions' --region {region}",
        OPENSEARCH_SECURITY,
    ),
    row(
        "aws_opensearch_domain",
        Attribute("domain_endpoint_options.0.enforce_https"),
        "aws opensearch update-domain-config --domain-name {@domain_name|domain-name} --domain-endpoint-options EnforceHTTPS=true --region {region}",
        OPENSEARCH_ENDPOINT_READ,
        OPENSEARCH_SECURITY,
    ),
    row(
        "aws_opensearch_domain",
        Attribute("domain_endpoint_options.0.tls_security_policy"),
        "aws opensearch update-domain-config --domain-name {@domain_name|domain-name} --domain-endpoint-options TLSSecurityPolicy={new} --region {region}",
        OPENSEARCH_ENDPOINT_READ,
        OPENSEARCH_SECURITY,
    ),
    row(
        "aws_elasticsearch_domain",
        Attribute("domain_endpoint_options"),
        "aws es update-elasticsearch-domain-config --domain-name {@domain_name|domain-name} --domain-endpoint-options EnforceHTTPS=true,TLSSecurityPolicy=Policy-Min-TLS-1-2-2019-07 --region {region}",
        "aws es describe-elasticsearch-domain-config --domain-name {@domain_name|domain-name} --query 'DomainConfig.DomainEndpointOptions' --region {region}",
        OPENSEARCH_SECURITY,
    ),
    row(
        "aws_kinesis_stream",
        Attribute(""),
        "aws kinesis start-stream-encryption --stream-name {name} --encryption-type KMS --key-id alias/aws/kinesis --region {region}",
        "aws kinesis describe-stream-summary --stream-name {name} --query 'StreamDescriptionSummary.EncryptionType' --region {region}",
        &[
            "Open the Kinesis console, choose Data streams and select {name}.",
            "On the Configuration tab, edit Server-side encryption, turn it on with the AWS managed key and save.",
        ],
    ),
    row(
        "aws_mq_broker",
        Attribute("publicly_accessible"),
        "aws mq create-broker --cli-input-json file://broker.json --region {region}",
        "aws mq describe-broker --broker-id {id} --query PubliclyAccessible --region {region}",
        &[
            "Public accessibility is chosen when a broker is created: run `aws mq describe-broker --broker-id {id}`, write its settings to broker.json with PubliclyAccessible false and a new BrokerName, create the broker, and move clients to it.",
        ],
    ),
    row(
        "aws_mq_broker",
        Attribute("logs.0.audit"),
        "aws mq update-broker --broker-id {id} --logs Audit=true --region {region}",
        "aws mq describe-broker --broker-id {id} --query Logs --region {region}",
        MQ_LOGS,
    ),
    row(
        "aws_mq_broker",
        Attribute("logs.0.general"),
        "aws mq update-broker --broker-id {id} --logs General=true --region {region}",
        "aws mq describe-broker --broker-id {id} --query Logs --region {region}",
        MQ_LOGS,
    ),
    row(
        "aws_msk_cluster",
        Attribute("encryption_info"),
        "aws kafka update-security --cluster-arn {@arn|cluster-arn} --current-version <current-version> --encryption-info 'EncryptionInTransit={ClientBroker=TLS}' --region {region}",
        "aws kafka describe-cluster --cluster-arn {@arn|cluster-arn} --query 'ClusterInfo.EncryptionInfo' --region {region}",
        &[
            "Open the MSK console and select the cluster {name}.",
            "Choose Actions, Edit security settings, require TLS between clients and brokers and save (encryption between brokers is chosen at creation).",
        ],
    ),
    row(
        "aws_msk_cluster",
        Attribute("broker_node_group_info"),
        "aws kafka update-connectivity --cluster-arn {@arn|cluster-arn} --current-version <current-version> --connectivity-info 'PublicAccess={Type=DISABLED}' --region {region}",
        "aws kafka describe-cluster --cluster-arn {@arn|cluster-arn} --query 'ClusterInfo.BrokerNodeGroupInfo.ConnectivityInfo' --region {region}",
        &[
            "Open the MSK console and select the cluster {name}.",
            "Choose Actions, Edit public access, turn it off and save.",
        ],
    ),
    row(
        "aws_efs_file_system",
        Attribute("encrypted"),
        "aws efs create-file-system --creation-token {@creation_token|creation-token}-encrypted --encrypted --region {region}",
        "aws efs describe-file-systems --creation-token {@creation_token|creation-token}-encrypted --query 'FileSystems[].Encrypted' --region {region}",
        &[
            "An EFS file system cannot be encrypted in place: create an encrypted file system, copy the data with AWS DataSync and switch mounts to it.",
        ],
    ),
    row(
        "aws_workspaces_workspace",
        Attribute(""),
        "aws workspaces create-workspaces --workspaces DirectoryId={@directory_id|directory-id},UserName={@user_name|user-name},BundleId={@bundle_id|bundle-id},VolumeEncryptionKey=alias/aws/workspaces,RootVolumeEncryptionEnabled=true,UserVolumeEncryptionEnabled=true --region {region}",
        "aws workspaces describe-workspaces --directory-id {@directory_id|directory-id} --user-name {@user_name|user-name} --query 'Workspaces[].[RootVolumeEncryptionEnabled,UserVolumeEncryptionEnabled]' --region {region}",
        &[
            "WorkSpaces volumes are encrypted when a WorkSpace is created: create a new encrypted WorkSpace for {@user_name|user-name}, move the user's data, then remove the old one.",
        ],
    ),
    // keys, secrets, messaging
    row(
        "aws_kms_key",
        Attribute("enable_key_rotation"),
        "aws kms enable-key-rotation --key-id {id} --region {region}",
        "aws kms get-key-rotation-status --key-id {id} --region {region}",
        &[
            "Open the KMS console, choose Customer managed keys and select {id}.",
            "On the Key rotation tab, turn on automatic rotation and save.",
        ],
    ),
    row(
        "aws_sns_topic",
        Attribute("kms_master_key_id"),
        "aws sns set-topic-attributes --topic-arn {@arn|topic-arn} --attribute-name KmsMasterKeyId --attribute-value {new} --region {region}",
        "aws sns get-topic-attributes --topic-arn {@arn|topic-arn} --query 'Attributes.KmsMasterKeyId' --region {region}",
        &[
            "Open the SNS console, choose Topics and select {name}.",
            "Choose Edit, turn on Encryption with the key {new} and save.",
        ],
    ),
    row(
        "aws_sqs_queue",
        Attribute("sqs_managed_sse_enabled"),
        "aws sqs set-queue-attributes --queue-url {@url|queue-url} --attributes SqsManagedSseEnabled=true --region {region}",
        "aws sqs get-queue-attributes --queue-url {@url|queue-url} --attribute-names SqsManagedSseEnabled --region {region}",
        &[
            "Open the SQS console and select the queue {name}.",
            "Choose Edit, turn on Server-side encryption with SSE-SQS and save.",
        ],
    ),
    row(
        "aws_ssm_parameter",
        Attribute("type"),
        "aws ssm put-parameter --name {name} --type SecureString --value <value> --overwrite --region {region}",
        "aws ssm get-parameter --name {name} --query Parameter.Type --region {region}",
        &[
            "A parameter's type cannot be edited: in the Systems Manager console, Parameter Store, delete {name} and create it again as SecureString with the same value (or run the command above with the value).",
        ],
    ),
    // logging, audit, account settings
    row(
        "aws_cloudtrail",
        Attribute("enable_log_file_validation"),
        "aws cloudtrail update-trail --name {name} --enable-log-file-validation --region {region}",
        "aws cloudtrail get-trail --name {name} --query 'Trail.LogFileValidationEnabled' --region {region}",
        &[
            "Open the CloudTrail console, choose Trails and select {name}.",
            "Edit General details, turn on Log file validation and save.",
        ],
    ),
    row(
        "aws_cloudtrail",
        Attribute("is_multi_region_trail"),
        "aws cloudtrail update-trail --name {name} --is-multi-region-trail --region {region}",
        "aws cloudtrail get-trail --name {name} --query 'Trail.IsMultiRegionTrail' --region {region}",
        &[
            "Open the CloudTrail console, choose Trails and select {name}.",
            "Edit General details, turn on Enable for all accounts/regions (multi-region trail) and save.",
        ],
    ),
    row(
        "aws_cloudwatch_log_group",
        Attribute("retention_in_days"),
        "aws logs put-retention-policy --log-group-name {name} --retention-in-days {new} --region {region}",
        "aws logs describe-log-groups --log-group-name-prefix {name} --query 'logGroups[].retentionInDays' --region {region}",
        &[
            "Open the CloudWatch console, choose Log groups and select {name}.",
            "Choose Actions, Edit retention setting, choose {new} days and save.",
        ],
    ),
    row(
        "aws_config_configuration_recorder_status",
        Attribute("is_enabled"),
        "aws configservice start-configuration-recorder --configuration-recorder-name {name} --region {region}",
        "aws configservice describe-configuration-recorder-status --configuration-recorder-names {name} --region {region}",
        &[
            "Open the AWS Config console and choose Settings.",
            "Under Recording, choose Turn on recording.",
        ],
    ),
    row(
        "aws_guardduty_detector",
        Attribute("enable"),
        "aws guardduty update-detector --detector-id {id} --enable --region {region}",
        "aws guardduty get-detector --detector-id {id} --query Status --region {region}",
        &[
            "Open the GuardDuty console and choose Settings.",
            "Under Suspend GuardDuty, choose Enable GuardDuty.",
        ],
    ),
    row(
        "aws_securityhub_account",
        Attribute("auto_enable_controls"),
        "aws securityhub update-security-hub-configuration --auto-enable-controls --region {region}",
        "aws securityhub describe-hub --query AutoEnableControls --region {region}",
        &[
            "Open the Security Hub console and choose Settings, General.",
            "Turn on Auto-enable new controls and save.",
        ],
    ),
    row(
        "aws_iam_account_password_policy",
        Attribute(""),
        "aws iam update-account-password-policy {password_policy_args}",
        "aws iam get-account-password-policy",
        PASSWORD_POLICY,
    ),
];

const S3API_EVENTBRIDGE: &str = "aws s3api put-bucket-notification-configuration --bucket {bucket} --notification-configuration '{\"EventBridgeConfiguration\":{}}' --region {region}";
const EVENTBRIDGE_CONSOLE: &[&str] = &[
    "Open the S3 console and choose the bucket {bucket}.",
    "On the Properties tab, under Amazon EventBridge, choose Edit, turn on Send notifications to Amazon EventBridge for all events in this bucket and save.",
];
const S3API_PAB: &str = "aws s3api put-public-access-block --bucket {bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true --region {region}";
const S3CONTROL_PAB: &str = "aws s3control put-public-access-block --account-id {@account_id|account-id} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true --region {region}";

const EBS_BY_DEFAULT: &str = "aws ec2 enable-ebs-encryption-by-default --region {region}";
const EBS_BY_DEFAULT_READ: &str = "aws ec2 get-ebs-encryption-by-default --region {region}";

const DROP_HEADERS: &str = "aws elbv2 modify-load-balancer-attributes --load-balancer-arn {@arn|load-balancer-arn} --attributes Key=routing.http.drop_invalid_header_fields.enabled,Value=true --region {region}";
const DROP_HEADERS_READ: &str = "aws elbv2 describe-load-balancer-attributes --load-balancer-arn {@arn|load-balancer-arn} --region {region}";
const DROP_HEADERS_CONSOLE: &[&str] = &[
    "Open the EC2 console, choose Load Balancers and select {name}.",
    "On the Attributes tab, choose Edit, turn on Drop invalid header fields and save.",
];
const REDIRECT: &str = "aws elbv2 modify-listener --listener-arn {@arn|listener-arn} --default-actions '[{\"Type\":\"redirect\",\"RedirectConfig\":{\"Protocol\":\"HTTPS\",\"Port\":\"443\",\"StatusCode\":\"HTTP_301\"}}]' --region {region}";
const LISTENER_READ: &str = "aws elbv2 describe-listeners --listener-arns {@arn|listener-arn} --query 'Listeners[].[Protocol,SslPolicy,DefaultActions]' --region {region}";
const REDIRECT_CONSOLE: &[&str] = &[
    "Open the EC2 console, choose Load Balancers, select the load balancer and its HTTP listener.",
    "Edit the listener's default action: Redirect to HTTPS, port 443, status code 301; save.",
];
const SSL_POLICY: &str = "aws elbv2 modify-listener --listener-arn {@arn|listener-arn} --ssl-policy {new} --region {region}";
const SSL_POLICY_CONSOLE: &[&str] = &[
    "Open the EC2 console, choose Load Balancers, select the load balancer and its HTTPS listener.",
    "Edit the listener, set the security policy to {new} and save.",
];
const CLOUDFRONT_UPDATE: &str = "aws cloudfront update-distribution --id {id} --if-match <etag> --distribution-config file://distribution-config.json";
const CLOUDFRONT_CONSOLE: &[&str] = &[
    "Run `aws cloudfront get-distribution-config --id {id}`: save DistributionConfig as distribution-config.json and note the ETag for --if-match.",
    "In distribution-config.json set ViewerProtocolPolicy to redirect-to-https in every cache behavior and MinimumProtocolVersion to TLSv1.2_2021, then run the command (or edit the behaviors and the security policy in the CloudFront console).",
];
const CODEBUILD_CONSOLE: &[&str] = &[
    "Open the CodeBuild console, choose Build projects and select {name}.",
    "Edit Artifacts, under Additional configuration clear Disable artifacts encryption and save.",
];
const RDS_NOT_PUBLIC: &str = "aws rds modify-db-instance --db-instance-identifier {identifier} --no-publicly-accessible --apply-immediately --region {region}";
const RDS_NOT_PUBLIC_READ: &str = "aws rds describe-db-instances --db-instance-identifier {identifier} --query 'DBInstances[].PubliclyAccessible' --region {region}";
const RDS_MANAGED_PASSWORD: &str = "aws rds modify-db-instance --db-instance-identifier {identifier} --manage-master-user-password --apply-immediately --region {region}";
const RDS_MANAGED_PASSWORD_READ: &str = "aws rds describe-db-instances --db-instance-identifier {identifier} --query 'DBInstances[].MasterUserSecret' --region {region}";
const RDS_CLUSTER_MANAGED_PASSWORD: &str = "aws rds modify-db-cluster --db-cluster-identifier {@cluster_identifier|cluster-identifier} --manage-master-user-password --apply-immediately --region {region}";
const RDS_CLUSTER_MANAGED_PASSWORD_READ: &str = "aws rds describe-db-clusters --db-cluster-identifier {@cluster_identifier|cluster-identifier} --query 'DBClusters[].MasterUserSecret' --region {region}";
const RDS_MANAGED_PASSWORD_CONSOLE: &[&str] = &[
    "Open the RDS console and select the database.",
    "Choose Modify, under Credential settings choose Manage master credentials in AWS Secrets Manager, and apply immediately; then remove the password from the code and rotate it.",
];
const SNAPSHOT_CONSOLE: &[&str] = &[
    "Open the RDS console, choose Snapshots and select the snapshot.",
    "Choose Actions, Share snapshot; set visibility to Private, remove the accounts it should not be shared with, and save.",
];
const ELASTICACHE_BACKUP: &[&str] = &[
    "Open the ElastiCache console and select the cluster.",
    "Choose Modify, turn on Automatic backups with a retention of {new} days, and apply immediately.",
];
const OPENSEARCH_SECURITY: &[&str] = &[
    "Open the OpenSearch Service console and select the domain {@domain_name|domain-name}.",
    "Choose Actions, Edit security configuration; turn on encryption at rest, node-to-node encryption and Require HTTPS with TLS 1.2, and save.",
];
const OPENSEARCH_ENDPOINT_READ: &str = "aws opensearch describe-domain-config --domain-name {@domain_name|domain-name} --query 'DomainConfig.DomainEndpointOptions' --region {region}";
const MQ_LOGS: &[&str] = &[
    "Open the Amazon MQ console and select the broker {name}.",
    "Choose Edit, under CloudWatch Logs turn on general and audit logs, save and reboot the broker when convenient.",
];
