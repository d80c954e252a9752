//! The mapping tables read backwards: where a Terraform-vocabulary attribute of a resource
//! loaded from CloudFormation is written in its template, and what the value looks like there
//! (`versioning_configuration.0.status` of `Bucket.versioning` → `VersioningConfiguration:
//! {Status: …}` on `Bucket`; `public-read` → `PublicRead`; a tag map → `[{Key, Value}]`).
//! Fix renderers use it to edit templates in their own vocabulary.
//!
//! Generic fields come from [`super::mapping::table`]; what the loader does in code (settings
//! split off into separate resources, `LaunchTemplateData`, root volumes, load balancer
//! attributes, EKS log types) is mirrored here in a small table, checked against the loader by
//! round-trip tests. Must never guess: a path it cannot place is an error saying why.

// the loader's own tables: what it reads is exactly what a fix may write back
use super::mapping::compute::{EBS, LAUNCH_TEMPLATE_DATA, ROOT_DEVICES};
use super::mapping::{self, Conv, Field, f};
use rampart_model::Value;
use serde_json::{Map, Value as Json};

/// One step from a resource's `Properties` towards a property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
    /// The item of a sequence whose `key` is one of `one_of` (`Key:
    /// routing.http.drop_invalid_header_fields.enabled`). When no item matches, a new one
    /// holding `key: one_of[0]` may be appended only if `create` is set.
    ItemWith {
        key: String,
        one_of: Vec<String>,
        create: bool,
    },
}

/// Where an attribute lives in the template and the value to write there (`None` when the
/// attribute is being removed).
#[derive(Clone, Debug, PartialEq)]
pub struct PropertyTarget {
    pub steps: Vec<Step>,
    pub value: Option<Json>,
}

/// How a value the loader computed in code is written back.
#[derive(Clone, Copy, Debug)]
enum Shape {
    /// A list of strings written as `[{<key>: s}]` (EKS `EnabledTypes: [{Type: api}]`).
    ItemsUnder(&'static str),
    /// A scalar written as a string (load balancer attribute values).
    Text,
    /// `internal` (bool) written as `Scheme: internal | internet-facing`.
    Scheme,
}

/// A step of a code-mapped path, as static data.
#[derive(Clone, Copy, Debug)]
enum StepSpec {
    Key(&'static str),
    ItemWith {
        key: &'static str,
        one_of: &'static [&'static str],
        create: bool,
    },
}

enum Then {
    /// The rest of the Terraform path is resolved through these fields.
    Fields(&'static [Field]),
    /// The Terraform path ends here; the value has this shape.
    Value(Shape),
}

/// A part of the mapping the loader does in code: on `cfn_type` (for a split-off resource,
/// the one with address suffix `suffix`), a Terraform path starting with `tf` is written under
/// `cfn`.
struct CodeMapped {
    cfn_type: &'static str,
    suffix: Option<&'static str>,
    tf: &'static [&'static str],
    cfn: &'static [StepSpec],
    then: Then,
}

use StepSpec::Key as K;

const CODE_MAPPED: &[CodeMapped] = &[
    CodeMapped {
        cfn_type: "AWS::S3::Bucket",
        suffix: Some("versioning"),
        tf: &[],
        cfn: &[],
        then: Then::Fields(&[f(
            "VersioningConfiguration",
            "versioning_configuration",
            Conv::Block(&[f("Status", "status", Conv::Str)]),
        )]),
    },
    CodeMapped {
        cfn_type: "AWS::S3::Bucket",
        suffix: Some("public_access_block"),
        tf: &[],
        cfn: &[K("PublicAccessBlockConfiguration")],
        then: Then::Fields(&[
            f("BlockPublicAcls", "block_public_acls", Conv::Bool),
            f("BlockPublicPolicy", "block_public_policy", Conv::Bool),
            f("IgnorePublicAcls", "ignore_public_acls", Conv::Bool),
            f(
                "RestrictPublicBuckets",
                "restrict_public_buckets",
                Conv::Bool,
            ),
        ]),
    },
    CodeMapped {
        cfn_type: "AWS::S3::Bucket",
        suffix: Some("server_side_encryption_configuration"),
        tf: &[],
        cfn: &[K("BucketEncryption")],
        then: Then::Fields(&[f(
            "ServerSideEncryptionConfiguration",
            "rule",
            Conv::Blocks(&[
                f(
                    "ServerSideEncryptionByDefault",
                    "apply_server_side_encryption_by_default",
                    Conv::Block(&[
                        f("SSEAlgorithm", "sse_algorithm", Conv::Str),
                        f("KMSMasterKeyID", "kms_master_key_id", Conv::Str),
                    ]),
                ),
                f("BucketKeyEnabled", "bucket_key_enabled", Conv::Bool),
            ]),
        )]),
    },
    CodeMapped {
        cfn_type: "AWS::S3::Bucket",
        suffix: Some("logging"),
        tf: &[],
        cfn: &[K("LoggingConfiguration")],
        then: Then::Fields(&[
            f("DestinationBucketName", "target_bucket", Conv::Str),
            f("LogFilePrefix", "target_prefix", Conv::Str),
        ]),
    },
    CodeMapped {
        cfn_type: "AWS::S3::Bucket",
        suffix: Some("ownership_controls"),
        tf: &[],
        cfn: &[K("OwnershipControls")],
        then: Then::Fields(&[f(
            "Rules",
            "rule",
            Conv::Blocks(&[f("ObjectOwnership", "object_ownership", Conv::Str)]),
        )]),
    },
    CodeMapped {
        cfn_type: "AWS::EC2::LaunchTemplate",
        suffix: None,
        tf: &[],
        cfn: &[K("LaunchTemplateData")],
        then: Then::Fields(LAUNCH_TEMPLATE_DATA),
    },
    CodeMapped {
        cfn_type: "AWS::EC2::Instance",
        suffix: None,
        tf: &["root_block_device", "0"],
        cfn: &[
            K("BlockDeviceMappings"),
            StepSpec::ItemWith {
                key: "DeviceName",
                one_of: ROOT_DEVICES,
                // the root device's name depends on the AMI: never guessed
                create: false,
            },
            K("Ebs"),
        ],
        then: Then::Fields(EBS),
    },
    CodeMapped {
        cfn_type: "AWS::CloudFront::Distribution",
        suffix: None,
        tf: &[],
        cfn: &[K("DistributionConfig")],
        then: Then::Fields(mapping::CLOUDFRONT_DISTRIBUTION_CONFIG),
    },
    CodeMapped {
        cfn_type: "AWS::Kinesis::Stream",
        suffix: None,
        tf: &[],
        cfn: &[K("StreamEncryption")],
        then: Then::Fields(mapping::KINESIS_STREAM_ENCRYPTION),
    },
    CodeMapped {
        cfn_type: "AWS::EKS::Cluster",
        suffix: None,
        tf: &["enabled_cluster_log_types"],
        cfn: &[K("Logging"), K("ClusterLogging"), K("EnabledTypes")],
        then: Then::Value(Shape::ItemsUnder("Type")),
    },
    CodeMapped {
        cfn_type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
        suffix: None,
        tf: &["internal"],
        cfn: &[K("Scheme")],
        then: Then::Value(Shape::Scheme),
    },
    CodeMapped {
        cfn_type: "AWS::ElasticLoadBalancingV2::Listener",
        suffix: None,
        tf: &["certificate_arn"],
        cfn: &[K("Certificates")],
        then: Then::Value(Shape::ItemsUnder("CertificateArn")),
    },
];

/// `LoadBalancerAttributes` keys and the Terraform attribute each becomes.
const LB_ATTRIBUTES: &[(&str, &str)] = &[
    ("deletion_protection.enabled", "enable_deletion_protection"),
    (
        "routing.http.drop_invalid_header_fields.enabled",
        "drop_invalid_header_fields",
    ),
    ("idle_timeout.timeout_seconds", "idle_timeout"),
    ("routing.http2.enabled", "enable_http2"),
    (
        "load_balancing.cross_zone.enabled",
        "enable_cross_zone_load_balancing",
    ),
    (
        "routing.http.desync_mitigation_mode",
        "desync_mitigation_mode",
    ),
];

/// Where `tf_path` of a resource loaded from a `cfn_type` resource is written, relative to that
/// resource's `Properties`. `suffix` is the address part after the logical id for a setting
/// split off into its own resource (`versioning` for `Bucket.versioning`), `None` otherwise.
/// `value` is the new value (`None` to remove the attribute).
pub fn property_for(
    cfn_type: &str,
    suffix: Option<&str>,
    tf_path: &str,
    value: Option<&Value>,
) -> Result<PropertyTarget, String> {
    let segs: Vec<&str> = tf_path.split('.').filter(|s| !s.is_empty()).collect();
    if segs.is_empty() {
        return Err("empty attribute path".into());
    }
    for code in CODE_MAPPED
        .iter()
        .filter(|c| c.cfn_type == cfn_type && c.suffix == suffix)
    {
        let Some(rest) = segs.strip_prefix(code.tf) else {
            continue;
        };
        let mut steps: Vec<Step> = code.cfn.iter().map(step_of).collect();
        let value = match &code.then {
            Then::Fields(fields) => {
                if rest.is_empty() {
                    return Err(format!(
                        "`{tf_path}` is a whole section; set its attributes one by one"
                    ));
                }
                match resolve(fields, rest, value, &mut steps) {
                    Ok(v) => v,
                    // the prefix matched but this code table does not hold the field
                    Err(_) if code.tf.is_empty() => continue,
                    Err(e) => return Err(e),
                }
            }
            Then::Value(shape) => {
                if !rest.is_empty() {
                    return Err(format!("`{tf_path}` cannot be set piece by piece"));
                }
                value.map(|v| shaped(*shape, v)).transpose()?
            }
        };
        return Ok(PropertyTarget { steps, value });
    }
    // `<Stage>.method_settings.<n>`: item n of the stage's `MethodSettings`
    if cfn_type == "AWS::ApiGateway::Stage"
        && let Some(n) = suffix
            .and_then(|s| s.strip_prefix("method_settings."))
            .and_then(|n| n.parse::<usize>().ok())
    {
        let rest = match segs.as_slice() {
            ["settings", "0", rest @ ..] if !rest.is_empty() => rest,
            _ => {
                return Err(format!(
                    "`{tf_path}` of a method setting has no place in `MethodSettings`"
                ));
            }
        };
        let mut steps = vec![Step::Key("MethodSettings".into()), Step::Index(n)];
        let value = resolve(mapping::API_GATEWAY_METHOD_SETTING, rest, value, &mut steps)?;
        return Ok(PropertyTarget { steps, value });
    }
    if let Some(suffix) = suffix {
        return Err(format!(
            "the `{suffix}` settings of a `{cfn_type}` have no known place in the template"
        ));
    }
    if cfn_type == "AWS::ElasticLoadBalancingV2::LoadBalancer"
        && let [name] = segs.as_slice()
        && let Some((key, _)) = LB_ATTRIBUTES.iter().find(|(_, tf)| tf == name)
    {
        return Ok(PropertyTarget {
            steps: vec![
                Step::Key("LoadBalancerAttributes".into()),
                Step::ItemWith {
                    key: "Key".into(),
                    one_of: vec![key.to_string()],
                    create: true,
                },
                Step::Key("Value".into()),
            ],
            value: value.map(|v| shaped(Shape::Text, v)).transpose()?,
        });
    }
    let kind_map = mapping::lookup(cfn_type)
        .ok_or_else(|| format!("`{cfn_type}` is not a CloudFormation type Rampart maps"))?;
    let mut steps = Vec::new();
    let value = resolve(kind_map.fields, &segs, value, &mut steps)?;
    Ok(PropertyTarget { steps, value })
}

/// The property a split-off setting (`Bucket.versioning`) is written as on its owner, for
/// removing it or adding it whole. `None` when the pair is not a known split.
pub fn split_off_property(cfn_type: &str, suffix: &str) -> Option<Vec<Step>> {
    let code = CODE_MAPPED
        .iter()
        .find(|c| c.cfn_type == cfn_type && c.suffix == Some(suffix))?;
    let mut steps: Vec<Step> = code.cfn.iter().map(step_of).collect();
    if steps.is_empty()
        && let Then::Fields([only]) = &code.then
    {
        steps.push(Step::Key(only.cfn.to_string()));
    }
    Some(steps)
}

/// The address suffix under which the loader splits settings of `kind` off a `cfn_type`
/// resource (`aws_s3_bucket_versioning` → `versioning`).
pub fn split_off_suffix(cfn_type: &str, kind: &str) -> Option<&'static str> {
    let suffix = kind.strip_prefix("aws_s3_bucket_")?;
    CODE_MAPPED
        .iter()
        .filter(|c| c.cfn_type == cfn_type)
        .filter_map(|c| c.suffix)
        .find(|s| *s == suffix)
}

fn step_of(spec: &StepSpec) -> Step {
    match spec {
        StepSpec::Key(k) => Step::Key(k.to_string()),
        StepSpec::ItemWith {
            key,
            one_of,
            create,
        } => Step::ItemWith {
            key: key.to_string(),
            one_of: one_of.iter().map(|s| s.to_string()).collect(),
            create: *create,
        },
    }
}

/// Resolves a Terraform path through a field table, pushing the CloudFormation steps.
fn resolve(
    fields: &[Field],
    segs: &[&str],
    value: Option<&Value>,
    steps: &mut Vec<Step>,
) -> Result<Option<Json>, String> {
    let Some((name, rest)) = segs.split_first() else {
        return Err("empty attribute path".into());
    };
    let field = fields
        .iter()
        .find(|fl| fl.tf == *name)
        .ok_or_else(|| format!("`{name}` has no CloudFormation property Rampart knows"))?;
    steps.push(Step::Key(field.cfn.to_string()));
    match (field.conv, rest) {
        (conv, []) => value.map(|v| to_cfn(conv, field.cfn, v)).transpose(),
        (Conv::Block(sub), [index, more @ ..]) if *index == "0" && !more.is_empty() => {
            resolve(sub, more, value, steps)
        }
        (Conv::Blocks(sub), [index, more @ ..]) if !more.is_empty() => {
            let i = index
                .parse::<usize>()
                .map_err(|_| format!("`{name}.{index}` needs a block index"))?;
            steps.push(Step::Index(i));
            resolve(sub, more, value, steps)
        }
        (Conv::Blocks(sub), [index]) => {
            let i = index
                .parse::<usize>()
                .map_err(|_| format!("`{name}.{index}` needs a block index"))?;
            steps.push(Step::Index(i));
            value.map(|v| block_to_cfn(sub, field.cfn, v)).transpose()
        }
        (Conv::Block(sub), [index]) if *index == "0" => {
            value.map(|v| block_to_cfn(sub, field.cfn, v)).transpose()
        }
        (Conv::Wrap(inner), [index, last]) if *index == "0" && *last == inner => {
            value.map(|v| to_cfn(Conv::Same, field.cfn, v)).transpose()
        }
        (Conv::Tags, [key]) => {
            steps.push(Step::ItemWith {
                key: "Key".into(),
                one_of: vec![key.to_string()],
                create: true,
            });
            steps.push(Step::Key("Value".into()));
            value.map(|v| to_cfn(Conv::Same, "Value", v)).transpose()
        }
        (Conv::StrList, [index]) => {
            let i = index
                .parse::<usize>()
                .map_err(|_| format!("`{name}.{index}` needs a list index"))?;
            if is_list_property(field.cfn) {
                steps.push(Step::Index(i));
            } else if i != 0 {
                return Err(format!("`{}` holds a single value", field.cfn));
            }
            value.map(|v| to_cfn(Conv::Str, field.cfn, v)).transpose()
        }
        (Conv::Same, more) => {
            for s in more {
                steps.push(match s.parse::<usize>() {
                    Ok(i) => Step::Index(i),
                    Err(_) => Step::Key(s.to_string()),
                });
            }
            value.map(|v| to_cfn(Conv::Same, field.cfn, v)).transpose()
        }
        _ => Err(format!(
            "`{name}.{}` does not match the shape of `{}`",
            rest.join("."),
            field.cfn
        )),
    }
}

/// Plural CloudFormation names hold lists (`SubnetIds`, `SecurityGroups`); singular ones
/// (`CidrIp`) a single string the loader wraps into a one-item list.
fn is_list_property(cfn: &str) -> bool {
    cfn.ends_with('s')
}

fn unknown(cfn: &str) -> String {
    format!("the value for `{cfn}` is not known until deploy time")
}

/// A Terraform value as the CloudFormation property `cfn` with conversion `conv` writes it.
fn to_cfn(conv: Conv, cfn: &str, value: &Value) -> Result<Json, String> {
    if value.contains_unknown() {
        return Err(unknown(cfn));
    }
    Ok(match conv {
        Conv::Same | Conv::Str | Conv::Bool | Conv::Num => value.to_json(),
        Conv::StrList => match value {
            Value::List(items) if !is_list_property(cfn) && items.len() == 1 => {
                items.first().map(Value::to_json).unwrap_or(Json::Null)
            }
            other => other.to_json(),
        },
        Conv::Json => match value {
            Value::String(s) => {
                serde_json::from_str::<Json>(s).unwrap_or_else(|_| Json::String(s.clone()))
            }
            other => other.to_json(),
        },
        Conv::Tags => match value {
            Value::Map(m) => Json::Array(
                m.iter()
                    .map(|(k, v)| {
                        let mut item = Map::new();
                        item.insert("Key".into(), Json::String(k.clone()));
                        item.insert("Value".into(), v.to_json());
                        Json::Object(item)
                    })
                    .collect(),
            ),
            other => other.to_json(),
        },
        Conv::Values(table) => match value {
            Value::String(s) => Json::String(
                table
                    .iter()
                    .find(|(_, tf)| tf.eq_ignore_ascii_case(s))
                    .map(|(c, _)| c.to_string())
                    .unwrap_or_else(|| s.clone()),
            ),
            other => other.to_json(),
        },
        Conv::Block(fields) => match value {
            Value::List(items) if items.len() == 1 => {
                block_to_cfn(fields, cfn, items.first().unwrap_or(&Value::Null))?
            }
            Value::Map(_) => block_to_cfn(fields, cfn, value)?,
            _ => return Err(format!("`{cfn}` takes exactly one block")),
        },
        Conv::Blocks(fields) => Json::Array(
            value
                .items()
                .into_iter()
                .map(|item| block_to_cfn(fields, cfn, item))
                .collect::<Result<_, _>>()?,
        ),
        Conv::Wrap(inner) => match value {
            Value::List(items) if items.len() == 1 => items
                .first()
                .and_then(|i| i.get(inner))
                .map(Value::to_json)
                .ok_or_else(|| format!("`{cfn}` needs `{inner}`"))?,
            _ => return Err(format!("`{cfn}` takes exactly one block")),
        },
    })
}

fn block_to_cfn(fields: &[Field], cfn: &str, block: &Value) -> Result<Json, String> {
    let Value::Map(m) = block else {
        return Err(format!("`{cfn}` takes blocks of attributes"));
    };
    let mut out = Map::new();
    // in table order, so written properties read like the documentation
    for field in fields {
        if let Some(v) = m.get(field.tf) {
            out.insert(field.cfn.to_string(), to_cfn(field.conv, field.cfn, v)?);
        }
    }
    if let Some(extra) = m
        .keys()
        .find(|k| !fields.iter().any(|fl| fl.tf == k.as_str()))
    {
        return Err(format!(
            "`{extra}` inside `{cfn}` has no CloudFormation property Rampart knows"
        ));
    }
    Ok(Json::Object(out))
}

fn shaped(shape: Shape, value: &Value) -> Result<Json, String> {
    if value.contains_unknown() {
        return Err(unknown("the property"));
    }
    Ok(match shape {
        Shape::ItemsUnder(key) => Json::Array(
            value
                .items()
                .into_iter()
                .map(|item| {
                    let mut m = Map::new();
                    m.insert(key.to_string(), item.to_json());
                    Json::Object(m)
                })
                .collect(),
        ),
        Shape::Text => match value {
            Value::String(s) => Json::String(s.clone()),
            Value::Bool(b) => Json::String(b.to_string()),
            Value::Number(n) => Json::String(rampart_model::value::format_number(*n)),
            _ => return Err("a load balancer attribute takes a single value".into()),
        },
        Shape::Scheme => match value {
            Value::Bool(true) => Json::String("internal".into()),
            Value::Bool(false) => Json::String("internet-facing".into()),
            _ => return Err("`internal` takes true or false".into()),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LoadOptions;
    use crate::documents::load_document_text;

    fn key(k: &str) -> Step {
        Step::Key(k.into())
    }

    #[test]
    fn table_fields_and_code_mapped_settings_map_back() {
        let t = property_for(
            "AWS::EC2::Volume",
            None,
            "encrypted",
            Some(&Value::Bool(true)),
        )
        .unwrap();
        assert_eq!(t.steps, vec![key("Encrypted")]);
        assert_eq!(t.value, Some(Json::Bool(true)));
        let t = property_for(
            "AWS::S3::Bucket",
            Some("versioning"),
            "versioning_configuration.0.status",
            Some(&Value::string("Enabled")),
        )
        .unwrap();
        assert_eq!(t.steps, vec![key("VersioningConfiguration"), key("Status")]);
        let t = property_for(
            "AWS::S3::Bucket",
            None,
            "acl",
            Some(&Value::string("private")),
        )
        .unwrap();
        assert_eq!(t.value, Some(Json::String("Private".into())));
        let t = property_for(
            "AWS::EC2::LaunchTemplate",
            None,
            "metadata_options.0.http_tokens",
            Some(&Value::string("required")),
        )
        .unwrap();
        assert_eq!(
            t.steps,
            vec![
                key("LaunchTemplateData"),
                key("MetadataOptions"),
                key("HttpTokens")
            ]
        );
        let t = property_for("AWS::EC2::SecurityGroup", None, "ingress.1", None).unwrap();
        assert_eq!(t.steps, vec![key("SecurityGroupIngress"), Step::Index(1)]);
        assert!(property_for("AWS::EC2::Volume", None, "no_such_thing", None).is_err());
        assert!(property_for("AWS::EC2::Volume", None, "size", Some(&Value::unknown())).is_err());
        assert_eq!(
            split_off_property("AWS::S3::Bucket", "versioning"),
            Some(vec![key("VersioningConfiguration")])
        );
        assert_eq!(
            split_off_suffix("AWS::S3::Bucket", "aws_s3_bucket_public_access_block"),
            Some("public_access_block")
        );
    }

    /// Writes the reverse mapping's answer into a template and loads it with the real loader:
    /// the attribute must come back at the Terraform path with the value.
    fn round_trip(cfn_type: &str, suffix: Option<&str>, tf_path: &str, value: Value, extra: Json) {
        let target = property_for(cfn_type, suffix, tf_path, Some(&value)).unwrap();
        let mut props = extra;
        let mut slot = &mut props;
        for step in &target.steps {
            slot = match step {
                Step::Key(k) => {
                    if !slot.is_object() {
                        *slot = Json::Object(Map::new());
                    }
                    slot.as_object_mut()
                        .unwrap()
                        .entry(k.clone())
                        .or_insert(Json::Null)
                }
                Step::Index(i) => {
                    if !slot.is_array() {
                        *slot = Json::Array(Vec::new());
                    }
                    let items = slot.as_array_mut().unwrap();
                    while items.len() <= *i {
                        items.push(Json::Object(Map::new()));
                    }
                    &mut items[*i]
                }
                Step::ItemWith { key, one_of, .. } => {
                    if !slot.is_array() {
                        *slot = Json::Array(Vec::new());
                    }
                    let items = slot.as_array_mut().unwrap();
                    let mut item = Map::new();
                    item.insert(key.clone(), Json::String(one_of[0].clone()));
                    items.push(Json::Object(item));
                    items.last_mut().unwrap()
                }
            };
        }
        *slot = target.value.clone().unwrap();
        let template = serde_json::json!({
            "AWSTemplateFormatVersion": "2010-09-09",
            "Resources": {"R": {"Type": cfn_type, "Properties": props}}
        });
        let text = serde_json::to_string_pretty(&template).unwrap();
        let out = load_document_text("t.json", &text, &LoadOptions::default());
        let address = match suffix {
            Some(s) => format!("R.{s}"),
            None => "R".to_string(),
        };
        let r = out
            .resources
            .iter()
            .find(|r| r.address == address)
            .unwrap_or_else(|| panic!("{address} not loaded from {text}"));
        let got = tf_path
            .split('.')
            .try_fold(Value::Map(r.attributes.clone()), |v, s| {
                match s.parse::<usize>() {
                    Ok(i) => v.items().get(i).map(|x| (*x).clone()),
                    Err(_) => v.get(s).cloned(),
                }
            });
        assert_eq!(got, Some(value), "{tf_path} of {cfn_type} from {text}");
    }

    #[test]
    fn code_mapped_paths_round_trip_through_the_loader() {
        let empty = Json::Object(Map::new());
        round_trip(
            "AWS::S3::Bucket",
            Some("versioning"),
            "versioning_configuration.0.status",
            Value::string("Enabled"),
            empty.clone(),
        );
        for attr in [
            "block_public_acls",
            "block_public_policy",
            "ignore_public_acls",
            "restrict_public_buckets",
        ] {
            round_trip(
                "AWS::S3::Bucket",
                Some("public_access_block"),
                attr,
                Value::Bool(true),
                empty.clone(),
            );
        }
        round_trip(
            "AWS::S3::Bucket",
            Some("server_side_encryption_configuration"),
            "rule.0.apply_server_side_encryption_by_default.0.sse_algorithm",
            Value::string("aws:kms"),
            empty.clone(),
        );
        round_trip(
            "AWS::S3::Bucket",
            Some("logging"),
            "target_bucket",
            Value::string("logs"),
            empty.clone(),
        );
        round_trip(
            "AWS::EC2::LaunchTemplate",
            None,
            "metadata_options.0.http_tokens",
            Value::string("required"),
            empty.clone(),
        );
        round_trip(
            "AWS::EC2::Instance",
            None,
            "root_block_device.0.encrypted",
            Value::Bool(true),
            serde_json::json!({"ImageId": "ami-1"}),
        );
        round_trip(
            "AWS::EKS::Cluster",
            None,
            "enabled_cluster_log_types",
            Value::List(vec![Value::string("api"), Value::string("audit")]),
            empty.clone(),
        );
        round_trip(
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            None,
            "drop_invalid_header_fields",
            Value::Bool(true),
            empty.clone(),
        );
        round_trip(
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            None,
            "internal",
            Value::Bool(false),
            empty.clone(),
        );
        round_trip(
            "AWS::ElasticLoadBalancingV2::Listener",
            None,
            "certificate_arn",
            Value::string("arn:aws:acm:eu-west-1:1:certificate/x"),
            empty.clone(),
        );
        round_trip(
            "AWS::S3::Bucket",
            None,
            "acl",
            Value::string("public-read"),
            empty.clone(),
        );
        round_trip(
            "AWS::S3::Bucket",
            None,
            "tags.Env",
            Value::string("prod"),
            empty.clone(),
        );
        round_trip(
            "AWS::Lambda::Function",
            None,
            "tracing_config.0.mode",
            Value::string("Active"),
            empty.clone(),
        );
        round_trip(
            "AWS::Kinesis::Stream",
            None,
            "encryption_type",
            Value::string("KMS"),
            empty.clone(),
        );
        round_trip(
            "AWS::CloudFront::Distribution",
            None,
            "viewer_certificate.0.minimum_protocol_version",
            Value::string("TLSv1.2_2021"),
            empty.clone(),
        );
        round_trip(
            "AWS::ApiGateway::Stage",
            Some("method_settings.0"),
            "settings.0.cache_data_encrypted",
            Value::Bool(true),
            serde_json::json!({"MethodSettings": [{"ResourcePath": "/*", "HttpMethod": "*"}]}),
        );
    }
}
