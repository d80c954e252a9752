//! EC2 network pieces (per region) that decide whether the internet reaches an address: route
//! tables with their routes and associations (a VPC's main table as
//! `aws_default_route_table`), internet and egress-only gateways, NAT gateways and network ACLs
//! with their ordered entries (a VPC's default ACL as `aws_default_network_acl`). Shapes are
//! the AWS provider's state, so the graph reads live and code alike.

use super::console;
use super::ec2::{Ec2, tags};
use aws_sdk_ec2::types::{NetworkAclEntry, Route, RouteState};
use serde_json::{Value as Json, json};

pub(super) async fn collect(ec2: &Ec2<'_>) {
    tokio::join!(
        route_tables(ec2),
        internet_gateways(ec2),
        egress_only_gateways(ec2),
        nat_gateways(ec2),
        network_acls(ec2),
    );
}

async fn route_tables(ec2: &Ec2<'_>) {
    let call = ec2
        .client
        .describe_route_tables()
        .into_paginator()
        .items()
        .send()
        .try_collect();
    let Some(tables) = ec2.listed("DescribeRouteTables", call).await else {
        return;
    };
    for t in tables {
        let Some(id) = t.route_table_id() else {
            continue;
        };
        let main = t.associations().iter().any(|a| a.main() == Some(true));
        let routes: Vec<Json> = t.routes().iter().filter_map(route_block).collect();
        let arn = ec2.arn("route-table", id);
        let mut attributes = json!({
            "id": id,
            "arn": arn,
            "vpc_id": t.vpc_id(),
            "owner_id": t.owner_id(),
            "route": routes,
            "propagating_vgws": t.propagating_vgws().iter().filter_map(|v| v.gateway_id()).collect::<Vec<_>>(),
            "tags": tags(t.tags()),
        });
        if main && let Some(map) = attributes.as_object_mut() {
            map.insert("default_route_table_id".into(), json!(id));
        }
        ec2.add(
            if main {
                "aws_default_route_table"
            } else {
                "aws_route_table"
            },
            id,
            arn,
            console::vpc(ec2.region, &format!("RouteTableDetails:RouteTableId={id}")),
            attributes,
        );
        for a in t.associations() {
            let (Some(assoc), Some(subnet)) = (a.route_table_association_id(), a.subnet_id())
            else {
                continue;
            };
            ec2.add(
                "aws_route_table_association",
                assoc,
                ec2.arn("route-table-association", assoc),
                console::vpc(ec2.region, &format!("RouteTableDetails:RouteTableId={id}")),
                json!({ "id": assoc, "subnet_id": subnet, "route_table_id": id }),
            );
        }
    }
}

/// One `route` block as the provider's state has it; the implicit `local` route and routes
/// whose target is gone (blackhole) carry no traffic out of the VPC and are left out, as the
/// provider leaves them out.
fn route_block(r: &Route) -> Option<Json> {
    if r.gateway_id() == Some("local") || r.state() == Some(&RouteState::Blackhole) {
        return None;
    }
    Some(json!({
        "cidr_block": r.destination_cidr_block().unwrap_or(""),
        "ipv6_cidr_block": r.destination_ipv6_cidr_block().unwrap_or(""),
        "destination_prefix_list_id": r.destination_prefix_list_id().unwrap_or(""),
        "gateway_id": r.gateway_id().unwrap_or(""),
        "egress_only_gateway_id": r.egress_only_internet_gateway_id().unwrap_or(""),
        "nat_gateway_id": r.nat_gateway_id().unwrap_or(""),
        "transit_gateway_id": r.transit_gateway_id().unwrap_or(""),
        "vpc_peering_connection_id": r.vpc_peering_connection_id().unwrap_or(""),
        "network_interface_id": r.network_interface_id().unwrap_or(""),
    }))
}

async fn internet_gateways(ec2: &Ec2<'_>) {
    let call = ec2
        .client
        .describe_internet_gateways()
        .into_paginator()
        .items()
        .send()
        .try_collect();
    let Some(gateways) = ec2.listed("DescribeInternetGateways", call).await else {
        return;
    };
    for g in gateways {
        let Some(id) = g.internet_gateway_id() else {
            continue;
        };
        let arn = ec2.arn("internet-gateway", id);
        ec2.add(
            "aws_internet_gateway",
            id,
            arn.clone(),
            console::vpc(
                ec2.region,
                &format!("InternetGateway:internetGatewayId={id}"),
            ),
            json!({
                "id": id,
                "arn": arn,
                "vpc_id": g.attachments().first().and_then(|a| a.vpc_id()).unwrap_or(""),
                "owner_id": g.owner_id(),
                "tags": tags(g.tags()),
            }),
        );
    }
}

async fn egress_only_gateways(ec2: &Ec2<'_>) {
    let call = ec2
        .client
        .describe_egress_only_internet_gateways()
        .into_paginator()
        .items()
        .send()
        .try_collect();
    let Some(gateways) = ec2.listed("DescribeEgressOnlyInternetGateways", call).await else {
        return;
    };
    for g in gateways {
        let Some(id) = g.egress_only_internet_gateway_id() else {
            continue;
        };
        ec2.add(
            "aws_egress_only_internet_gateway",
            id,
            ec2.arn("egress-only-internet-gateway", id),
            console::vpc(ec2.region, "EgressOnlyInternetGateways:"),
            json!({
                "id": id,
                "vpc_id": g.attachments().first().and_then(|a| a.vpc_id()).unwrap_or(""),
                "tags": tags(g.tags()),
            }),
        );
    }
}

async fn nat_gateways(ec2: &Ec2<'_>) {
    let call = ec2
        .client
        .describe_nat_gateways()
        .into_paginator()
        .items()
        .send()
        .try_collect();
    let Some(gateways) = ec2.listed("DescribeNatGateways", call).await else {
        return;
    };
    for g in gateways {
        let Some(id) = g.nat_gateway_id() else {
            continue;
        };
        let state = g.state().map(|s| s.as_str()).unwrap_or("");
        if state == "deleted" {
            continue;
        }
        let address = g.nat_gateway_addresses().first();
        ec2.add(
            "aws_nat_gateway",
            id,
            ec2.arn("natgateway", id),
            console::vpc(ec2.region, &format!("NatGatewayDetails:natGatewayId={id}")),
            json!({
                "id": id,
                "subnet_id": g.subnet_id(),
                "vpc_id": g.vpc_id(),
                "connectivity_type": g.connectivity_type().map(|t| t.as_str()),
                "allocation_id": address.and_then(|a| a.allocation_id()).unwrap_or(""),
                "public_ip": address.and_then(|a| a.public_ip()).unwrap_or(""),
                "private_ip": address.and_then(|a| a.private_ip()).unwrap_or(""),
                "state": state,
                "tags": tags(g.tags()),
            }),
        );
    }
}

/// The rule number AWS gives the catch-all deny it adds to every ACL; the provider's state
/// leaves it out (no match is a deny anyway).
const CATCH_ALL_RULE: i32 = 32767;

async fn network_acls(ec2: &Ec2<'_>) {
    let call = ec2
        .client
        .describe_network_acls()
        .into_paginator()
        .items()
        .send()
        .try_collect();
    let Some(acls) = ec2.listed("DescribeNetworkAcls", call).await else {
        return;
    };
    for a in acls {
        let Some(id) = a.network_acl_id() else {
            continue;
        };
        let default = a.is_default() == Some(true);
        let entries = |egress: bool| -> Vec<Json> {
            let mut out: Vec<Json> = a
                .entries()
                .iter()
                .filter(|e| e.egress() == Some(egress))
                .filter(|e| e.rule_number() != Some(CATCH_ALL_RULE))
                .map(acl_entry)
                .collect();
            out.sort_by_key(|e| e.get("rule_no").and_then(Json::as_i64));
            out
        };
        let subnets: Vec<&str> = a
            .associations()
            .iter()
            .filter_map(|s| s.subnet_id())
            .collect();
        let arn = ec2.arn("network-acl", id);
        let mut attributes = json!({
            "id": id,
            "arn": arn,
            "vpc_id": a.vpc_id(),
            "owner_id": a.owner_id(),
            "subnet_ids": subnets,
            "ingress": entries(false),
            "egress": entries(true),
            "tags": tags(a.tags()),
        });
        if default && let Some(map) = attributes.as_object_mut() {
            map.insert("default_network_acl_id".into(), json!(id));
        }
        ec2.add(
            if default {
                "aws_default_network_acl"
            } else {
                "aws_network_acl"
            },
            id,
            arn,
            console::vpc(ec2.region, &format!("NetworkAclDetails:networkAclId={id}")),
            attributes,
        );
    }
}

/// One `ingress`/`egress` block: protocol as AWS numbers it (`-1` for all), ports 0 when the
/// entry has no port range (all protocols, ICMP).
fn acl_entry(e: &NetworkAclEntry) -> Json {
    let range = e.port_range();
    json!({
        "rule_no": e.rule_number(),
        "action": e.rule_action().map(|a| a.as_str()),
        "protocol": e.protocol().unwrap_or("-1"),
        "from_port": range.and_then(|r| r.from()).unwrap_or(0),
        "to_port": range.and_then(|r| r.to()).unwrap_or(0),
        "cidr_block": e.cidr_block().unwrap_or(""),
        "ipv6_cidr_block": e.ipv6_cidr_block().unwrap_or(""),
        "icmp_type": e.icmp_type_code().and_then(|c| c.r#type()).unwrap_or(0),
        "icmp_code": e.icmp_type_code().and_then(|c| c.code()).unwrap_or(0),
    })
}
