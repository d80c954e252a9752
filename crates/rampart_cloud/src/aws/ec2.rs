//! EC2 (per region): instances with metadata options and block devices, security groups with
//! `ingress`/`egress` blocks as the AWS provider's state has them (a VPC's default group as
//! `aws_default_security_group`), volumes, VPCs, subnets, flow logs and EBS encryption by
//! default; the routing pieces are in `network`.

use super::failure::classify;
use super::sink::Item;
use super::{Context, console};
use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::IpPermission;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use serde_json::{Value as Json, json};
use std::collections::HashMap;

/// The kinds this collector writes (one list, in the snapshot format: drift reads it too).
pub const KINDS: &[&str] = rampart_ingest::snapshot::aws_kinds::EC2;

pub(super) struct Ec2<'a> {
    ctx: &'a Context,
    pub(super) client: Client,
    pub(super) region: &'a str,
}

impl Ec2<'_> {
    pub(super) fn arn(&self, what: &str, id: &str) -> String {
        format!(
            "arn:aws:ec2:{}:{}:{what}/{id}",
            self.region, self.ctx.sink.account
        )
    }
    pub(super) fn add(
        &self,
        kind: &str,
        id: &str,
        arn: String,
        console_url: String,
        attributes: Json,
    ) {
        self.ctx.sink.add(Item {
            kind,
            key: id,
            name: id,
            region: self.region,
            arn,
            console_url: Some(console_url),
            attributes,
            unknown: Vec::new(),
        });
    }
    /// The items of one listing, or `None` once its refusal is reported (never a silent
    /// empty list).
    pub(super) async fn listed<T, E>(
        &self,
        operation: &str,
        call: impl std::future::Future<Output = Result<Vec<T>, SdkError<E, HttpResponse>>>,
    ) -> Option<Vec<T>>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        match call.await {
            Ok(items) => Some(items),
            Err(e) => {
                self.refused(operation, &classify(&e));
                None
            }
        }
    }
    pub(super) fn refused(&self, operation: &str, failure: &super::failure::Failure) {
        self.ctx
            .sink
            .refused(self.region, "ec2", operation, failure);
    }
}

pub async fn collect(ctx: &Context, region: &str) {
    let ec2 = Ec2 {
        ctx,
        client: Client::new(&ctx.in_region(region)),
        region,
    };
    let volumes = volumes(&ec2).await;
    tokio::join!(
        instances(&ec2, &volumes),
        security_groups(&ec2),
        vpcs(&ec2),
        subnets(&ec2),
        flow_logs(&ec2),
        encryption_by_default(&ec2),
        super::network::collect(&ec2),
    );
}

/// Volumes by id, for the block devices of instances.
async fn volumes(ec2: &Ec2<'_>) -> HashMap<String, Json> {
    let call = ec2
        .client
        .describe_volumes()
        .into_paginator()
        .items()
        .send()
        .try_collect();
    let Some(volumes) = ec2.listed("DescribeVolumes", call).await else {
        return HashMap::new();
    };
    let mut by_id = HashMap::new();
    for v in volumes {
        let Some(id) = v.volume_id() else { continue };
        let attributes = json!({
            "id": id,
            "arn": ec2.arn("volume", id),
            "availability_zone": v.availability_zone(),
            "encrypted": v.encrypted().unwrap_or(false),
            "kms_key_id": v.kms_key_id().unwrap_or(""),
            "size": v.size(),
            "type": v.volume_type().map(|t| t.as_str()),
            "iops": v.iops(),
            "snapshot_id": v.snapshot_id().unwrap_or(""),
            "tags": tags(v.tags()),
        });
        by_id.insert(id.to_string(), attributes.clone());
        ec2.add(
            "aws_ebs_volume",
            id,
            ec2.arn("volume", id),
            console::ec2(ec2.region, &format!("VolumeDetails:volumeId={id}")),
            attributes,
        );
    }
    by_id
}

async fn instances(ec2: &Ec2<'_>, volumes: &HashMap<String, Json>) {
    let call = ec2
        .client
        .describe_instances()
        .into_paginator()
        .items()
        .send()
        .try_collect();
    let Some(reservations) = ec2.listed("DescribeInstances", call).await else {
        return;
    };
    for i in reservations.iter().flat_map(|r| r.instances()) {
        let Some(id) = i.instance_id() else { continue };
        let state = i
            .state()
            .and_then(|s| s.name())
            .map(|n| n.as_str())
            .unwrap_or("");
        if state == "terminated" {
            continue;
        }
        let metadata = i.metadata_options().map(|m| {
            json!({
                "http_endpoint": m.http_endpoint().map(|v| v.as_str()),
                "http_tokens": m.http_tokens().map(|v| v.as_str()),
                "http_put_response_hop_limit": m.http_put_response_hop_limit(),
                "instance_metadata_tags": m.instance_metadata_tags().map(|v| v.as_str()),
            })
        });
        let root_name = i.root_device_name().unwrap_or("");
        let mut root = Vec::new();
        let mut ebs = Vec::new();
        for mapping in i.block_device_mappings() {
            let Some(device) = mapping.ebs() else {
                continue;
            };
            let volume_id = device.volume_id().unwrap_or("");
            let volume = volumes.get(volume_id);
            let field = |name: &str| {
                volume
                    .and_then(|v| v.get(name))
                    .cloned()
                    .unwrap_or(Json::Null)
            };
            let block = json!({
                "device_name": mapping.device_name(),
                "volume_id": volume_id,
                "delete_on_termination": device.delete_on_termination(),
                "encrypted": field("encrypted"),
                "kms_key_id": field("kms_key_id"),
                "volume_size": field("size"),
                "volume_type": field("type"),
            });
            if mapping.device_name() == Some(root_name) {
                root.push(block);
            } else {
                ebs.push(block);
            }
        }
        let groups: Vec<&str> = i
            .security_groups()
            .iter()
            .filter_map(|g| g.group_id())
            .collect();
        let profile = i
            .iam_instance_profile()
            .and_then(|p| p.arn())
            .and_then(|arn| arn.rsplit('/').next());
        ec2.add(
            "aws_instance",
            id,
            ec2.arn("instance", id),
            console::ec2(ec2.region, &format!("InstanceDetails:instanceId={id}")),
            json!({
                "id": id,
                "arn": ec2.arn("instance", id),
                "ami": i.image_id(),
                "instance_type": i.instance_type().map(|t| t.as_str()),
                "instance_state": state,
                "subnet_id": i.subnet_id(),
                "vpc_security_group_ids": groups,
                "associate_public_ip_address": i.public_ip_address().is_some(),
                "public_ip": i.public_ip_address().unwrap_or(""),
                "private_ip": i.private_ip_address().unwrap_or(""),
                "iam_instance_profile": profile.unwrap_or(""),
                "ebs_optimized": i.ebs_optimized().unwrap_or(false),
                "monitoring": i.monitoring().and_then(|m| m.state()).is_some_and(|s| s.as_str() == "enabled"),
                "metadata_options": metadata.into_iter().collect::<Vec<_>>(),
                "root_block_device": root,
                "ebs_block_device": ebs,
                "tags": tags(i.tags()),
            }),
        );
    }
}

async fn security_groups(ec2: &Ec2<'_>) {
    let call = ec2
        .client
        .describe_security_groups()
        .into_paginator()
        .items()
        .send()
        .try_collect();
    let Some(groups) = ec2.listed("DescribeSecurityGroups", call).await else {
        return;
    };
    for g in groups {
        let Some(id) = g.group_id() else { continue };
        let kind = if g.group_name() == Some("default") {
            "aws_default_security_group"
        } else {
            "aws_security_group"
        };
        ec2.add(
            kind,
            id,
            ec2.arn("security-group", id),
            console::ec2(ec2.region, &format!("SecurityGroup:groupId={id}")),
            json!({
                "id": id,
                "arn": ec2.arn("security-group", id),
                "name": g.group_name(),
                "description": g.description(),
                "vpc_id": g.vpc_id(),
                "owner_id": g.owner_id(),
                "ingress": g.ip_permissions().iter().map(|p| rule_block(p, id)).collect::<Vec<_>>(),
                "egress": g.ip_permissions_egress().iter().map(|p| rule_block(p, id)).collect::<Vec<_>>(),
                "tags": tags(g.tags()),
            }),
        );
    }
}

/// One `ingress`/`egress` block of the provider's state: protocol `-1` with ports 0 for "all",
/// a pair naming the group itself as `self = true`.
fn rule_block(p: &IpPermission, own_id: &str) -> Json {
    let protocol = p.ip_protocol().unwrap_or("-1");
    let all = protocol == "-1";
    let cidrs: Vec<&str> = p.ip_ranges().iter().filter_map(|r| r.cidr_ip()).collect();
    let cidrs6: Vec<&str> = p
        .ipv6_ranges()
        .iter()
        .filter_map(|r| r.cidr_ipv6())
        .collect();
    let prefixes: Vec<&str> = p
        .prefix_list_ids()
        .iter()
        .filter_map(|r| r.prefix_list_id())
        .collect();
    let pairs: Vec<&str> = p
        .user_id_group_pairs()
        .iter()
        .filter_map(|r| r.group_id())
        .collect();
    let description = p
        .ip_ranges()
        .iter()
        .filter_map(|r| r.description())
        .chain(p.ipv6_ranges().iter().filter_map(|r| r.description()))
        .next()
        .unwrap_or("");
    json!({
        "protocol": protocol,
        "from_port": if all { 0 } else { p.from_port().unwrap_or(0) },
        "to_port": if all { 0 } else { p.to_port().unwrap_or(0) },
        "cidr_blocks": cidrs,
        "ipv6_cidr_blocks": cidrs6,
        "prefix_list_ids": prefixes,
        "security_groups": pairs.iter().filter(|g| **g != own_id).collect::<Vec<_>>(),
        "self": pairs.contains(&own_id),
        "description": description,
    })
}

async fn vpcs(ec2: &Ec2<'_>) {
    let call = ec2
        .client
        .describe_vpcs()
        .into_paginator()
        .items()
        .send()
        .try_collect();
    let Some(vpcs) = ec2.listed("DescribeVpcs", call).await else {
        return;
    };
    for v in vpcs {
        let Some(id) = v.vpc_id() else { continue };
        ec2.add(
            "aws_vpc",
            id,
            ec2.arn("vpc", id),
            console::vpc(ec2.region, &format!("VpcDetails:VpcId={id}")),
            json!({
                "id": id,
                "arn": ec2.arn("vpc", id),
                "cidr_block": v.cidr_block(),
                "default": v.is_default().unwrap_or(false),
                "instance_tenancy": v.instance_tenancy().map(|t| t.as_str()),
                "owner_id": v.owner_id(),
                "tags": tags(v.tags()),
            }),
        );
    }
}

async fn subnets(ec2: &Ec2<'_>) {
    let call = ec2
        .client
        .describe_subnets()
        .into_paginator()
        .items()
        .send()
        .try_collect();
    let Some(subnets) = ec2.listed("DescribeSubnets", call).await else {
        return;
    };
    for s in subnets {
        let Some(id) = s.subnet_id() else { continue };
        let arn = s
            .subnet_arn()
            .map(str::to_string)
            .unwrap_or_else(|| ec2.arn("subnet", id));
        ec2.add(
            "aws_subnet",
            id,
            arn.clone(),
            console::vpc(ec2.region, &format!("SubnetDetails:subnetId={id}")),
            json!({
                "id": id,
                "arn": arn,
                "vpc_id": s.vpc_id(),
                "cidr_block": s.cidr_block(),
                "availability_zone": s.availability_zone(),
                "map_public_ip_on_launch": s.map_public_ip_on_launch().unwrap_or(false),
                "default_for_az": s.default_for_az().unwrap_or(false),
                "tags": tags(s.tags()),
            }),
        );
    }
}

async fn flow_logs(ec2: &Ec2<'_>) {
    let call = ec2
        .client
        .describe_flow_logs()
        .into_paginator()
        .items()
        .send()
        .try_collect();
    let Some(logs) = ec2.listed("DescribeFlowLogs", call).await else {
        return;
    };
    for l in logs {
        let Some(id) = l.flow_log_id() else { continue };
        let resource = l.resource_id().unwrap_or("");
        let (vpc_id, subnet_id, eni_id) = match resource.split('-').next() {
            Some("vpc") => (resource, "", ""),
            Some("subnet") => ("", resource, ""),
            _ => ("", "", resource),
        };
        ec2.add(
            "aws_flow_log",
            id,
            ec2.arn("vpc-flow-log", id),
            console::vpc(ec2.region, "flowLogs:"),
            json!({
                "id": id,
                "vpc_id": vpc_id,
                "subnet_id": subnet_id,
                "eni_id": eni_id,
                "traffic_type": l.traffic_type().map(|t| t.as_str()),
                "log_destination": l.log_destination().unwrap_or(""),
                "log_destination_type": l.log_destination_type().map(|t| t.as_str()),
                "log_group_name": l.log_group_name().unwrap_or(""),
            }),
        );
    }
}

async fn encryption_by_default(ec2: &Ec2<'_>) {
    match ec2.client.get_ebs_encryption_by_default().send().await {
        Ok(out) => {
            let region = ec2.region;
            ec2.add(
                "aws_ebs_encryption_by_default",
                region,
                format!(
                    "arn:aws:ec2:{region}:{}:ebs-encryption-by-default",
                    ec2.ctx.sink.account
                ),
                console::ec2(region, "Settings:tab=ebsEncryption"),
                json!({
                    "id": region,
                    "enabled": out.ebs_encryption_by_default().unwrap_or(false),
                }),
            );
        }
        Err(e) => ec2.refused("GetEbsEncryptionByDefault", &classify(&e)),
    }
}

pub(super) fn tags(tags: &[aws_sdk_ec2::types::Tag]) -> Json {
    Json::Object(
        tags.iter()
            .filter_map(|t| {
                Some((
                    t.key()?.to_string(),
                    Json::String(t.value().unwrap_or("").to_string()),
                ))
            })
            .collect(),
    )
}
