//! Networking: VPCs, subnets, security groups and their rules, flow logs, load balancers.

use super::{Conv, Field, KindMap, Mapped, Props, TAGS, f};
use rampart_model::Value;
use std::collections::BTreeMap;

pub const KINDS: &[KindMap] = &[
    KindMap {
        cfn_type: "AWS::EC2::SecurityGroup",
        kind: "aws_security_group",
        fields: &[
            f("GroupName", "name", Conv::Str),
            f("GroupDescription", "description", Conv::Str),
            f("VpcId", "vpc_id", Conv::Str),
            f("SecurityGroupIngress", "ingress", Conv::Blocks(INGRESS)),
            f("SecurityGroupEgress", "egress", Conv::Blocks(EGRESS)),
            TAGS,
        ],
        extra: Some(security_group),
    },
    KindMap {
        cfn_type: "AWS::EC2::SecurityGroupIngress",
        kind: "aws_security_group_rule",
        fields: &[
            f("GroupName", "security_group_id", Conv::Str),
            f("GroupId", "security_group_id", Conv::Str),
            f("CidrIp", "cidr_blocks", Conv::StrList),
            f("CidrIpv6", "ipv6_cidr_blocks", Conv::StrList),
            f("FromPort", "from_port", Conv::Num),
            f("ToPort", "to_port", Conv::Num),
            f("IpProtocol", "protocol", Conv::Str),
            f("Description", "description", Conv::Str),
            f(
                "SourceSecurityGroupId",
                "source_security_group_id",
                Conv::Str,
            ),
            f("SourcePrefixListId", "prefix_list_ids", Conv::StrList),
        ],
        extra: Some(ingress_rule),
    },
    KindMap {
        cfn_type: "AWS::EC2::SecurityGroupEgress",
        kind: "aws_security_group_rule",
        fields: &[
            f("GroupId", "security_group_id", Conv::Str),
            f("CidrIp", "cidr_blocks", Conv::StrList),
            f("CidrIpv6", "ipv6_cidr_blocks", Conv::StrList),
            f("FromPort", "from_port", Conv::Num),
            f("ToPort", "to_port", Conv::Num),
            f("IpProtocol", "protocol", Conv::Str),
            f("Description", "description", Conv::Str),
            f(
                "DestinationSecurityGroupId",
                "source_security_group_id",
                Conv::Str,
            ),
            f("DestinationPrefixListId", "prefix_list_ids", Conv::StrList),
        ],
        extra: Some(egress_rule),
    },
    KindMap {
        cfn_type: "AWS::EC2::VPC",
        kind: "aws_vpc",
        fields: &[
            f("CidrBlock", "cidr_block", Conv::Str),
            f("EnableDnsSupport", "enable_dns_support", Conv::Bool),
            f("EnableDnsHostnames", "enable_dns_hostnames", Conv::Bool),
            f("InstanceTenancy", "instance_tenancy", Conv::Str),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::EC2::Subnet",
        kind: "aws_subnet",
        fields: &[
            f("VpcId", "vpc_id", Conv::Str),
            f("CidrBlock", "cidr_block", Conv::Str),
            f("Ipv6CidrBlock", "ipv6_cidr_block", Conv::Str),
            f("AvailabilityZone", "availability_zone", Conv::Str),
            f("MapPublicIpOnLaunch", "map_public_ip_on_launch", Conv::Bool),
            f(
                "AssignIpv6AddressOnCreation",
                "assign_ipv6_address_on_creation",
                Conv::Bool,
            ),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::EC2::FlowLog",
        kind: "aws_flow_log",
        fields: &[
            f("TrafficType", "traffic_type", Conv::Str),
            f("LogDestinationType", "log_destination_type", Conv::Str),
            f("LogDestination", "log_destination", Conv::Str),
            f("LogGroupName", "log_group_name", Conv::Str),
            f("DeliverLogsPermissionArn", "iam_role_arn", Conv::Str),
            f(
                "MaxAggregationInterval",
                "max_aggregation_interval",
                Conv::Num,
            ),
            f("LogFormat", "log_format", Conv::Str),
            TAGS,
        ],
        extra: Some(flow_log_target),
    },
    KindMap {
        cfn_type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
        kind: "aws_lb",
        fields: &[
            f("Name", "name", Conv::Str),
            f("Type", "load_balancer_type", Conv::Str),
            f("SecurityGroups", "security_groups", Conv::StrList),
            f("Subnets", "subnets", Conv::StrList),
            f("IpAddressType", "ip_address_type", Conv::Str),
            TAGS,
        ],
        extra: Some(load_balancer),
    },
    KindMap {
        cfn_type: "AWS::ElasticLoadBalancingV2::Listener",
        kind: "aws_lb_listener",
        fields: &[
            f("LoadBalancerArn", "load_balancer_arn", Conv::Str),
            f("Port", "port", Conv::Num),
            f("Protocol", "protocol", Conv::Str),
            f("SslPolicy", "ssl_policy", Conv::Str),
            f(
                "DefaultActions",
                "default_action",
                Conv::Blocks(LISTENER_ACTION),
            ),
        ],
        extra: Some(listener),
    },
];

const INGRESS: &[Field] = &[
    f("CidrIp", "cidr_blocks", Conv::StrList),
    f("CidrIpv6", "ipv6_cidr_blocks", Conv::StrList),
    f("FromPort", "from_port", Conv::Num),
    f("ToPort", "to_port", Conv::Num),
    f("IpProtocol", "protocol", Conv::Str),
    f("Description", "description", Conv::Str),
    f("SourceSecurityGroupName", "security_groups", Conv::StrList),
    f("SourceSecurityGroupId", "security_groups", Conv::StrList),
    f("SourcePrefixListId", "prefix_list_ids", Conv::StrList),
];

const EGRESS: &[Field] = &[
    f("CidrIp", "cidr_blocks", Conv::StrList),
    f("CidrIpv6", "ipv6_cidr_blocks", Conv::StrList),
    f("FromPort", "from_port", Conv::Num),
    f("ToPort", "to_port", Conv::Num),
    f("IpProtocol", "protocol", Conv::Str),
    f("Description", "description", Conv::Str),
    f(
        "DestinationSecurityGroupId",
        "security_groups",
        Conv::StrList,
    ),
    f("DestinationPrefixListId", "prefix_list_ids", Conv::StrList),
];

const LISTENER_ACTION: &[Field] = &[
    f("Type", "type", Conv::Str),
    f("TargetGroupArn", "target_group_arn", Conv::Str),
    f(
        "RedirectConfig",
        "redirect",
        Conv::Block(&[
            f("Protocol", "protocol", Conv::Str),
            f("Port", "port", Conv::Str),
            f("Host", "host", Conv::Str),
            f("Path", "path", Conv::Str),
            f("Query", "query", Conv::Str),
            f("StatusCode", "status_code", Conv::Str),
        ]),
    ),
    f(
        "FixedResponseConfig",
        "fixed_response",
        Conv::Block(&[
            f("ContentType", "content_type", Conv::Str),
            f("MessageBody", "message_body", Conv::Str),
            f("StatusCode", "status_code", Conv::Str),
        ]),
    ),
];

/// Terraform's shape for protocols: names for the common numbers, `-1` for all.
fn normalise_protocol(rule: &mut BTreeMap<String, Value>) {
    let Some(Value::String(p)) = rule.get("protocol") else {
        return;
    };
    let p = match p.to_ascii_lowercase().as_str() {
        "6" => "tcp".to_string(),
        "17" => "udp".to_string(),
        "1" => "icmp".to_string(),
        "58" => "icmpv6".to_string(),
        "all" => "-1".to_string(),
        other => other.to_string(),
    };
    // all protocols means all ports, which Terraform writes as 0-0
    if p == "-1" {
        rule.insert("from_port".into(), Value::Number(0.0));
        rule.insert("to_port".into(), Value::Number(0.0));
    }
    rule.insert("protocol".into(), Value::String(p));
}

fn security_group(m: &mut Mapped, props: &Props) {
    for direction in ["ingress", "egress"] {
        if let Some(Value::List(rules)) = m.main.attributes.get_mut(direction) {
            for rule in rules.iter_mut() {
                if let Value::Map(r) = rule {
                    normalise_protocol(r);
                }
            }
        }
    }
    // a VPC security group without egress rules gets AWS's default allow-all egress rule
    // (Terraform removes it; CloudFormation keeps it)
    if !props.contains_key("SecurityGroupEgress") {
        let rule = BTreeMap::from([
            (
                "cidr_blocks".to_string(),
                Value::List(vec![Value::string("0.0.0.0/0")]),
            ),
            ("from_port".to_string(), Value::Number(0.0)),
            ("to_port".to_string(), Value::Number(0.0)),
            ("protocol".to_string(), Value::string("-1")),
        ]);
        m.main
            .attributes
            .insert("egress".into(), Value::List(vec![Value::Map(rule)]));
    }
}

fn rule_shape(m: &mut Mapped, direction: &str) {
    let origin = m.main.origin.clone();
    m.main.put("type", Value::string(direction), origin);
    normalise_protocol(&mut m.main.attributes);
}

fn ingress_rule(m: &mut Mapped, _props: &Props) {
    rule_shape(m, "ingress");
}

fn egress_rule(m: &mut Mapped, _props: &Props) {
    rule_shape(m, "egress");
}

fn flow_log_target(m: &mut Mapped, props: &Props) {
    let Some(id) = props.get("ResourceId") else {
        return;
    };
    let attribute = match props.get("ResourceType").and_then(|t| t.as_str()) {
        Some("VPC") => "vpc_id",
        Some("Subnet") => "subnet_id",
        Some("NetworkInterface") => "eni_id",
        Some("TransitGateway") => "transit_gateway_id",
        Some("TransitGatewayAttachment") => "transit_gateway_attachment_id",
        _ => return,
    };
    m.main.set(attribute, id, Conv::Str);
}

/// `LoadBalancerAttributes` key → Terraform attribute (and how to read the string value).
const LB_ATTRIBUTES: &[(&str, &str, Conv)] = &[
    (
        "deletion_protection.enabled",
        "enable_deletion_protection",
        Conv::Bool,
    ),
    (
        "routing.http.drop_invalid_header_fields.enabled",
        "drop_invalid_header_fields",
        Conv::Bool,
    ),
    ("idle_timeout.timeout_seconds", "idle_timeout", Conv::Num),
    ("routing.http2.enabled", "enable_http2", Conv::Bool),
    (
        "load_balancing.cross_zone.enabled",
        "enable_cross_zone_load_balancing",
        Conv::Bool,
    ),
    (
        "routing.http.desync_mitigation_mode",
        "desync_mitigation_mode",
        Conv::Str,
    ),
];

fn load_balancer(m: &mut Mapped, props: &Props) {
    if let Some(scheme) = props.get("Scheme") {
        let internal = match scheme.as_str() {
            Some(s) => Value::Bool(s.eq_ignore_ascii_case("internal")),
            None => scheme.to_value(),
        };
        m.main.put("internal", internal, scheme.span.clone());
    }
    let Some(attributes) = props
        .get("LoadBalancerAttributes")
        .and_then(|a| a.as_list())
    else {
        return;
    };
    let mut access_logs = BTreeMap::new();
    for item in attributes {
        let (Some(key), Some(value)) =
            (item.get("Key").and_then(|k| k.as_str()), item.get("Value"))
        else {
            continue;
        };
        let mut value = value.clone();
        value.span = item.span.clone();
        if let Some((_, tf, conv)) = LB_ATTRIBUTES.iter().find(|(k, _, _)| *k == key) {
            m.main.set(tf, &value, *conv);
        } else if let Some(rest) = key.strip_prefix("access_logs.s3.") {
            let conv = if rest == "enabled" {
                Conv::Bool
            } else {
                Conv::Str
            };
            let path = format!("access_logs.0.{rest}");
            let v = super::convert(
                &value,
                conv,
                &path,
                &mut m.main.spans,
                &mut m.main.value_origins,
            );
            access_logs.insert(rest.to_string(), v);
        }
    }
    if !access_logs.is_empty() {
        m.main.attributes.insert(
            "access_logs".into(),
            Value::List(vec![Value::Map(access_logs)]),
        );
    }
}

fn listener(m: &mut Mapped, props: &Props) {
    if let Some(first) = props
        .get("Certificates")
        .and_then(|c| c.as_list())
        .and_then(|c| c.first())
        .and_then(|c| c.get("CertificateArn"))
    {
        m.main.set("certificate_arn", first, Conv::Str);
    }
    if let Some(alpn) = props.get("AlpnPolicy") {
        let first = alpn.as_list().and_then(|l| l.first()).unwrap_or(alpn);
        m.main.set("alpn_policy", first, Conv::Str);
    }
}
