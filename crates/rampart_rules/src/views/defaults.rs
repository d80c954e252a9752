//! Provider defaults, written once as data: the value a provider applies when the code leaves
//! an attribute out ([`DEFAULTS`]), and what a provider creates that the code never writes
//! ([`IMPLICIT`]: a VPC's default security group, the allow-all egress rule of a
//! CloudFormation security group). Views read an absent attribute through
//! [`value_or_default`], so a rule judges what would be deployed instead of deciding ad hoc
//! what "absent" means. `docs/rules/defaults.md` is generated from these tables.
//!
//! Must never: report on its own, guess a default the provider does not document (an entry
//! names its reference), or turn a default that depends on something the code does not say
//! into a known value (that reads as [`Read::Depends`]).

use rampart_model::{Mode, Resource, ResourceRef, Truth, Value};

/// What the provider applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provided {
    Bool(bool),
    Str(&'static str),
    /// Taken from something the resource does not say (the AMI, the account, the latest
    /// engine version); the text says what, for people.
    Inherited(&'static str),
}

impl Provided {
    /// The default as a model value; `None` for an inherited one.
    pub fn value(self) -> Option<Value> {
        match self {
            Provided::Bool(b) => Some(Value::Bool(b)),
            Provided::Str(s) => Some(Value::string(s)),
            Provided::Inherited(_) => None,
        }
    }
    /// The default as written in docs and messages.
    pub fn text(self) -> String {
        match self {
            Provided::Bool(b) => b.to_string(),
            Provided::Str(s) => format!("\"{s}\""),
            Provided::Inherited(what) => what.to_string(),
        }
    }
}

/// A fact about a resource's surroundings that decides a default, established by the view
/// that asks (the table cannot see other resources).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact {
    /// `aws_ebs_encryption_by_default` with `enabled = true` is declared in the same scope.
    EbsEncryptionByDefault,
    /// The GKE cluster enables Workload Identity (`workload_identity_config`), as Autopilot
    /// always does.
    WorkloadIdentity,
}

impl Fact {
    pub fn text(self) -> &'static str {
        match self {
            Fact::EbsEncryptionByDefault => {
                "`aws_ebs_encryption_by_default` is enabled in the same scope"
            }
            Fact::WorkloadIdentity => "the cluster enables Workload Identity",
        }
    }
}

/// When an entry applies; the first entry of a kind and path whose condition holds wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Always,
    /// Another attribute of the same resource has this (case-insensitive) string value.
    Equals(&'static str, &'static str),
    Given(Fact),
}

impl When {
    pub fn text(self) -> String {
        match self {
            When::Always => "otherwise".into(),
            When::Equals(path, value) => format!("`{path} = \"{value}\"`"),
            When::Given(fact) => fact.text().into(),
        }
    }
}

/// One default: `path` is the model's dotted attribute path (Terraform vocabulary, blocks as
/// `block.0.field`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProviderDefault {
    pub kind: &'static str,
    pub path: &'static str,
    pub when: When,
    pub value: Provided,
    pub reference: &'static str,
}

const fn always(
    kind: &'static str,
    path: &'static str,
    value: Provided,
    reference: &'static str,
) -> ProviderDefault {
    ProviderDefault {
        kind,
        path,
        when: When::Always,
        value,
        reference,
    }
}

const fn when(
    kind: &'static str,
    path: &'static str,
    when: When,
    value: Provided,
    reference: &'static str,
) -> ProviderDefault {
    ProviderDefault {
        kind,
        path,
        when,
        value,
        reference,
    }
}

/// The attribute defaults rules judge. Add a row when a rule needs one; a test checks that
/// every row names a kind a rule looks at and an attribute written in its fixtures.
pub const DEFAULTS: &[ProviderDefault] = &[
    // EC2 / EBS
    when(
        "aws_instance",
        "root_block_device.0.encrypted",
        When::Given(Fact::EbsEncryptionByDefault),
        Provided::Bool(true),
        "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
    ),
    always(
        "aws_instance",
        "root_block_device.0.encrypted",
        Provided::Inherited(
            "the AMI's: its root snapshot's encryption (unencrypted for public AMIs)",
        ),
        "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html#encryption-rules",
    ),
    when(
        "aws_launch_configuration",
        "root_block_device.0.encrypted",
        When::Given(Fact::EbsEncryptionByDefault),
        Provided::Bool(true),
        "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
    ),
    always(
        "aws_launch_configuration",
        "root_block_device.0.encrypted",
        Provided::Inherited(
            "the AMI's: its root snapshot's encryption (unencrypted for public AMIs)",
        ),
        "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html#encryption-rules",
    ),
    when(
        "aws_ebs_volume",
        "encrypted",
        When::Given(Fact::EbsEncryptionByDefault),
        Provided::Bool(true),
        "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
    ),
    always(
        "aws_ebs_volume",
        "encrypted",
        Provided::Bool(false),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ebs_volume#encrypted",
    ),
    always(
        "aws_ebs_encryption_by_default",
        "enabled",
        Provided::Bool(true),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ebs_encryption_by_default#enabled",
    ),
    // RDS and RDS-like clusters
    always(
        "aws_db_instance",
        "publicly_accessible",
        Provided::Bool(false),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#publicly_accessible",
    ),
    always(
        "aws_rds_cluster_instance",
        "publicly_accessible",
        Provided::Bool(false),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster_instance#publicly_accessible",
    ),
    always(
        "aws_db_instance",
        "storage_encrypted",
        Provided::Bool(false),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#storage_encrypted",
    ),
    when(
        "aws_rds_cluster",
        "storage_encrypted",
        When::Equals("engine_mode", "serverless"),
        Provided::Bool(true),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#storage_encrypted",
    ),
    always(
        "aws_rds_cluster",
        "storage_encrypted",
        Provided::Bool(false),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#storage_encrypted",
    ),
    always(
        "aws_docdb_cluster",
        "storage_encrypted",
        Provided::Bool(false),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/docdb_cluster#storage_encrypted",
    ),
    always(
        "aws_neptune_cluster",
        "storage_encrypted",
        Provided::Bool(false),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/neptune_cluster#storage_encrypted",
    ),
    always(
        "aws_redshift_cluster",
        "publicly_accessible",
        Provided::Bool(false),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/redshift_cluster#publicly_accessible",
    ),
    always(
        "aws_mq_broker",
        "publicly_accessible",
        Provided::Bool(false),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/mq_broker#publicly_accessible",
    ),
    // ElastiCache
    always(
        "aws_elasticache_replication_group",
        "engine_version",
        Provided::Inherited("the latest version of the engine"),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#engine_version",
    ),
    // EKS
    always(
        "aws_eks_cluster",
        "vpc_config.0.endpoint_public_access",
        Provided::Bool(true),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster#endpoint_public_access",
    ),
    always(
        "aws_eks_cluster",
        "vpc_config.0.endpoint_private_access",
        Provided::Bool(false),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster#endpoint_private_access",
    ),
    // OpenSearch / Elasticsearch
    always(
        "aws_elasticsearch_domain",
        "elasticsearch_version",
        Provided::Str("1.5"),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticsearch_domain#elasticsearch_version",
    ),
    always(
        "aws_opensearch_domain",
        "engine_version",
        Provided::Inherited("the latest OpenSearch version"),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/opensearch_domain#engine_version",
    ),
    always(
        "aws_elasticsearch_domain",
        "node_to_node_encryption.0.enabled",
        Provided::Bool(false),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticsearch_domain#node_to_node_encryption",
    ),
    always(
        "aws_opensearch_domain",
        "node_to_node_encryption.0.enabled",
        Provided::Bool(false),
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/opensearch_domain#node_to_node_encryption",
    ),
    // Azure Storage
    always(
        "azurerm_storage_account",
        "allow_nested_items_to_be_public",
        Provided::Bool(true),
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account#allow_nested_items_to_be_public",
    ),
    // GKE
    when(
        "google_container_cluster",
        "node_config.0.workload_metadata_config.0.mode",
        When::Given(Fact::WorkloadIdentity),
        Provided::Str("GKE_METADATA"),
        "https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity",
    ),
    always(
        "google_container_cluster",
        "node_config.0.workload_metadata_config.0.mode",
        Provided::Str("GCE_METADATA"),
        "https://cloud.google.com/kubernetes-engine/docs/how-to/protecting-cluster-metadata",
    ),
    when(
        "google_container_node_pool",
        "node_config.0.workload_metadata_config.0.mode",
        When::Given(Fact::WorkloadIdentity),
        Provided::Str("GKE_METADATA"),
        "https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity",
    ),
    always(
        "google_container_node_pool",
        "node_config.0.workload_metadata_config.0.mode",
        Provided::Str("GCE_METADATA"),
        "https://cloud.google.com/kubernetes-engine/docs/how-to/protecting-cluster-metadata",
    ),
    always(
        "google_container_cluster",
        "node_config.0.metadata.disable-legacy-endpoints",
        Provided::Str("true"),
        "https://cloud.google.com/kubernetes-engine/docs/how-to/protecting-cluster-metadata#disable-legacy-apis",
    ),
    always(
        "google_container_node_pool",
        "node_config.0.metadata.disable-legacy-endpoints",
        Provided::Str("true"),
        "https://cloud.google.com/kubernetes-engine/docs/how-to/protecting-cluster-metadata#disable-legacy-apis",
    ),
];

/// Something a provider creates that the code does not write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Implicit {
    pub kind: &'static str,
    /// The source format it applies to; `None` for every format.
    pub format: Option<&'static str>,
    pub what: &'static str,
    pub reference: &'static str,
}

/// The VPC's default security group, as AWS creates it.
pub const VPC_DEFAULT_SECURITY_GROUP: Implicit = Implicit {
    kind: "aws_vpc",
    format: None,
    what: "a default security group whose rules allow all traffic between its members and all \
egress; it keeps them until an `aws_default_security_group` for the VPC manages it (Terraform then \
removes every rule it does not declare)",
    reference: "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html",
};

/// The egress rule AWS adds to a security group created without one. Terraform removes it
/// when it creates the group; CloudFormation keeps it (and the CloudFormation loader writes
/// it into the model as `egress.0`).
pub const SECURITY_GROUP_DEFAULT_EGRESS: Implicit = Implicit {
    kind: "aws_security_group",
    format: Some("CloudFormation"),
    what: "an egress rule allowing all traffic to 0.0.0.0/0 when `SecurityGroupEgress` is not \
given (Terraform removes that rule when it creates a group)",
    reference: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroup.html",
};

pub const IMPLICIT: &[Implicit] = &[VPC_DEFAULT_SECURITY_GROUP, SECURITY_GROUP_DEFAULT_EGRESS];

/// An attribute as the provider would deploy it.
#[derive(Clone, Debug, PartialEq)]
pub enum Read<'a> {
    /// Written in the code (possibly Unknown).
    Written(&'a Value),
    /// Absent or null; the provider applies this entry's value.
    Default(&'static ProviderDefault),
    /// Absent or null, and what the provider applies depends on something the code does not
    /// say: the entry's inherited value, or a condition read from an unknown attribute.
    Depends(&'static ProviderDefault),
    /// Absent and no default is written down for it.
    NoDefault,
}

impl Read<'_> {
    /// The value as a truth: a written value's truth, a boolean default, `Unknown` when it
    /// depends on what the code does not say or no default is known.
    pub fn truth(&self) -> Truth {
        match self {
            Read::Written(v) => v.truth(),
            Read::Default(d) => match d.value {
                Provided::Bool(b) => Truth::from_bool(b),
                Provided::Str(s) => Value::string(s).truth(),
                Provided::Inherited(_) => Truth::Unknown,
            },
            Read::Depends(_) | Read::NoDefault => Truth::Unknown,
        }
    }
    /// The value as a string: `Ok(Some)` when known (written or by default), `Ok(None)` when
    /// absent with no default, `Err(())` when not known statically.
    #[allow(clippy::result_unit_err)]
    pub fn as_str(&self) -> Result<Option<&str>, ()> {
        match self {
            Read::Written(Value::String(s)) => Ok(Some(s.as_str())),
            Read::Written(_) => Err(()),
            Read::Default(d) => match d.value {
                Provided::Str(s) => Ok(Some(s)),
                Provided::Bool(true) => Ok(Some("true")),
                Provided::Bool(false) => Ok(Some("false")),
                Provided::Inherited(_) => Err(()),
            },
            Read::Depends(_) => Err(()),
            Read::NoDefault => Ok(None),
        }
    }
    /// True when the value is the provider's, not the code's.
    pub fn is_default(&self) -> bool {
        matches!(self, Read::Default(_) | Read::Depends(_))
    }
}

/// The entries of `kind` and `path`, in the order they are tried.
pub fn entries<'t>(
    kind: &'t str,
    path: &'t str,
) -> impl Iterator<Item = &'static ProviderDefault> + 't {
    DEFAULTS
        .iter()
        .filter(move |d| d.kind == kind && d.path == path)
}

/// The attribute at `path` of `r`, or the provider's default when absent.
pub fn value_or_default<'a>(r: &'a Resource, path: &str) -> Read<'a> {
    value_or_default_given(r, path, &[])
}

/// [`value_or_default`] where the calling view has established `facts` about the resource's
/// surroundings.
pub fn value_or_default_given<'a>(r: &'a Resource, path: &str, facts: &[Fact]) -> Read<'a> {
    match r.get(path) {
        None | Some(Value::Null) => default_given(r, &r.kind, path, facts),
        Some(v) => Read::Written(v),
    }
}

/// The default that applies to `path` of a resource of `kind` whose other attributes are in
/// `r` (the node pool's block of a cluster, say), given `facts`.
pub fn default_given<'a>(r: &Resource, kind: &str, path: &str, facts: &[Fact]) -> Read<'a> {
    for entry in entries(kind, path) {
        let applies = match entry.when {
            When::Always => Truth::True,
            When::Equals(other, value) => match r.get(other) {
                None | Some(Value::Null) => Truth::False,
                Some(Value::String(s)) => Truth::from_bool(s.trim().eq_ignore_ascii_case(value)),
                Some(_) => Truth::Unknown,
            },
            When::Given(fact) => Truth::from_bool(facts.contains(&fact)),
        };
        match applies {
            Truth::False => continue,
            Truth::Unknown => return Read::Depends(entry),
            Truth::True => {
                return match entry.value {
                    Provided::Inherited(_) => Read::Depends(entry),
                    _ => Read::Default(entry),
                };
            }
        }
    }
    Read::NoDefault
}

/// [`Fact::EbsEncryptionByDefault`] for `r`: whether an `aws_ebs_encryption_by_default` in its
/// scope (the account and region its root deploys to) is enabled; `False` when none is declared.
pub fn ebs_encryption_by_default(r: &ResourceRef<'_>) -> Truth {
    r.inventory
        .of_kind("aws_ebs_encryption_by_default")
        .filter(|d| d.scope == r.scope && d.mode == Mode::Managed)
        .map(|d| value_or_default(d.resource(), "enabled").truth())
        .fold(Truth::False, Truth::or)
}

/// Whether a security group's inline rule at `block` (`egress.0`) is the allow-all egress rule
/// AWS adds by itself ([`SECURITY_GROUP_DEFAULT_EGRESS`]), not a rule the code wrote: the
/// CloudFormation loader adds it to a group without `SecurityGroupEgress`, with no span.
pub fn is_implicit_default_egress(group: &Resource, block: &str) -> bool {
    group.kind == SECURITY_GROUP_DEFAULT_EGRESS.kind
        && group.format == rampart_model::SourceFormat::CloudFormation
        && block == "egress.0"
        && !group.attribute_spans.contains_key("egress")
        && !group.attribute_spans.contains_key("egress.0")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::test_resources::live;
    use serde_json::json;

    #[test]
    fn a_written_value_wins_over_the_default() {
        let r = live(
            "aws",
            "aws_db_instance",
            "aws_db_instance.d",
            json!({"publicly_accessible": true}),
        );
        assert_eq!(
            value_or_default(&r, "publicly_accessible").truth(),
            Truth::True
        );
        assert!(!value_or_default(&r, "publicly_accessible").is_default());
    }

    #[test]
    fn an_absent_or_null_value_takes_the_default() {
        let absent = live(
            "aws",
            "aws_eks_cluster",
            "aws_eks_cluster.c",
            json!({"vpc_config": [{}]}),
        );
        let read = value_or_default(&absent, "vpc_config.0.endpoint_public_access");
        assert!(read.is_default());
        assert_eq!(read.truth(), Truth::True);
        let null = live(
            "aws",
            "aws_db_instance",
            "aws_db_instance.d",
            json!({"publicly_accessible": null}),
        );
        assert_eq!(
            value_or_default(&null, "publicly_accessible").truth(),
            Truth::False
        );
    }

    #[test]
    fn a_condition_on_another_attribute_picks_the_entry() {
        let serverless = live(
            "aws",
            "aws_rds_cluster",
            "aws_rds_cluster.c",
            json!({"engine_mode": "serverless"}),
        );
        assert_eq!(
            value_or_default(&serverless, "storage_encrypted").truth(),
            Truth::True
        );
        let provisioned = live(
            "aws",
            "aws_rds_cluster",
            "aws_rds_cluster.c",
            json!({"engine_mode": "provisioned"}),
        );
        assert_eq!(
            value_or_default(&provisioned, "storage_encrypted").truth(),
            Truth::False
        );
        let mut unknown = provisioned.clone();
        unknown
            .attributes
            .insert("engine_mode".into(), Value::unknown());
        assert!(matches!(
            value_or_default(&unknown, "storage_encrypted"),
            Read::Depends(_)
        ));
        assert_eq!(
            value_or_default(&unknown, "storage_encrypted").truth(),
            Truth::Unknown
        );
    }

    #[test]
    fn a_fact_picks_the_entry_and_an_inherited_default_is_not_known() {
        let instance = live("aws", "aws_instance", "aws_instance.i", json!({}));
        let read = value_or_default(&instance, "root_block_device.0.encrypted");
        assert!(matches!(read, Read::Depends(d) if matches!(d.value, Provided::Inherited(_))));
        assert_eq!(read.truth(), Truth::Unknown);
        let given = value_or_default_given(
            &instance,
            "root_block_device.0.encrypted",
            &[Fact::EbsEncryptionByDefault],
        );
        assert_eq!(given.truth(), Truth::True);
        let pool = live(
            "gcp",
            "google_container_node_pool",
            "google_container_node_pool.p",
            json!({}),
        );
        let path = "node_config.0.workload_metadata_config.0.mode";
        assert_eq!(
            value_or_default(&pool, path).as_str(),
            Ok(Some("GCE_METADATA"))
        );
        assert_eq!(
            value_or_default_given(&pool, path, &[Fact::WorkloadIdentity]).as_str(),
            Ok(Some("GKE_METADATA"))
        );
    }

    #[test]
    fn a_path_with_no_entry_has_no_default() {
        let r = live("aws", "aws_db_instance", "aws_db_instance.d", json!({}));
        assert_eq!(value_or_default(&r, "no_such_attribute"), Read::NoDefault);
        assert_eq!(value_or_default(&r, "no_such_attribute").as_str(), Ok(None));
    }

    #[test]
    fn every_kind_and_path_ends_with_an_entry_that_always_applies() {
        // otherwise a resource matching no condition would silently have no default
        for d in DEFAULTS {
            let last = entries(d.kind, d.path).last();
            assert_eq!(
                last.map(|e| e.when),
                Some(When::Always),
                "{} {} has no unconditional entry",
                d.kind,
                d.path
            );
        }
    }

    const TF_AWS: &str =
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources";
    const TF_GOOGLE: &str =
        "https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources";
    const TF_AZURERM: &str =
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources";

    #[test]
    fn every_entry_names_its_provider_documentation() {
        for d in DEFAULTS {
            assert!(
                d.reference.starts_with(TF_AWS)
                    || d.reference.starts_with(TF_GOOGLE)
                    || d.reference.starts_with(TF_AZURERM)
                    || d.reference.starts_with("https://docs.aws.amazon.com/")
                    || d.reference.starts_with("https://cloud.google.com/"),
                "{} {}: {}",
                d.kind,
                d.path,
                d.reference
            );
        }
        for i in IMPLICIT {
            assert!(
                i.reference.starts_with("https://docs.aws.amazon.com/"),
                "{}",
                i.kind
            );
        }
    }
}
