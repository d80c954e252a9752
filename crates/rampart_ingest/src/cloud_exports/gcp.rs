//! GCP exports: Cloud Asset Inventory assets as `gcloud asset list --format=json` writes them
//! (a JSON array), as `gcloud asset export --content-type=resource|iam-policy` writes them
//! (one asset per line), and `gcloud asset search-all-resources --read-mask='*' --format=json`
//! results (whose `versionedResources[0].resource` is the REST resource). The REST resource
//! (camelCase, `resource.data`) is mapped to the Terraform `google` provider's attribute
//! names for the kinds the GCP rules read ([`map_data`]); an `iamPolicy` becomes the
//! `*_iam_policy` resource of its asset, whose bindings the IAM rules read.
//!
//! A bad line or row is an error or warning with file:line; the other rows still load.

use super::{line_of, syntax_error};
use rampart_model::{LoadError, Origin, Resource, SourceFormat, Value};
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Asset types Rampart maps and the `google` kind each becomes. Documented in
/// `docs/cloud-exports.md`.
pub const TYPES: &[(&str, &str)] = &[
    ("storage.googleapis.com/Bucket", "google_storage_bucket"),
    ("compute.googleapis.com/Firewall", "google_compute_firewall"),
    ("compute.googleapis.com/Instance", "google_compute_instance"),
    (
        "compute.googleapis.com/Subnetwork",
        "google_compute_subnetwork",
    ),
    (
        "compute.googleapis.com/Project",
        "google_compute_project_metadata",
    ),
    (
        "compute.googleapis.com/SslPolicy",
        "google_compute_ssl_policy",
    ),
    (
        "sqladmin.googleapis.com/Instance",
        "google_sql_database_instance",
    ),
    ("dns.googleapis.com/ManagedZone", "google_dns_managed_zone"),
    ("cloudkms.googleapis.com/CryptoKey", "google_kms_crypto_key"),
    ("bigquery.googleapis.com/Dataset", "google_bigquery_dataset"),
    (
        "container.googleapis.com/Cluster",
        "google_container_cluster",
    ),
];

/// Asset types whose `iamPolicy` Rampart reads, and the `*_iam_policy` kind it becomes.
pub const IAM_TYPES: &[(&str, &str)] = &[
    (
        "cloudresourcemanager.googleapis.com/Project",
        "google_project_iam_policy",
    ),
    (
        "cloudresourcemanager.googleapis.com/Folder",
        "google_folder_iam_policy",
    ),
    (
        "cloudresourcemanager.googleapis.com/Organization",
        "google_organization_iam_policy",
    ),
    (
        "storage.googleapis.com/Bucket",
        "google_storage_bucket_iam_policy",
    ),
    (
        "cloudkms.googleapis.com/CryptoKey",
        "google_kms_crypto_key_iam_policy",
    ),
    (
        "bigquery.googleapis.com/Dataset",
        "google_bigquery_dataset_iam_policy",
    ),
];

/// Loads a GCP export; `None` when the text is JSON of another shape.
pub fn load_text(file: &Arc<str>, text: &str) -> Option<(Vec<Resource>, Vec<LoadError>)> {
    let mut rows: Vec<(u32, Json)> = Vec::new();
    let mut errors = Vec::new();
    match serde_json::from_str::<Json>(text) {
        Ok(Json::Array(items)) => {
            if !items.iter().all(is_asset) {
                return None;
            }
            rows = items.into_iter().map(|row| (0, row)).collect();
        }
        Ok(single) => {
            if !is_asset(&single) {
                return None;
            }
            rows.push((1, single));
        }
        Err(whole) => {
            if text.trim_start().starts_with('[') {
                return Some((
                    Vec::new(),
                    vec![syntax_error(file, "GCP asset export", &whole, 0)],
                ));
            }
            // `gcloud asset export`: one asset per line
            for (i, line) in text.lines().enumerate() {
                let number = i as u32 + 1;
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<Json>(line) {
                    Ok(row) if is_asset(&row) => rows.push((number, row)),
                    Ok(_) => errors.push(LoadError::error(
                        &**file,
                        number,
                        1,
                        "this line of the GCP asset export is not an asset (no `name` and `assetType`); it is skipped".to_string(),
                    )),
                    Err(e) => errors.push(syntax_error(file, "GCP asset export", &e, i as u32)),
                }
            }
            if rows.is_empty() && !text.contains("\"assetType\"") {
                return None;
            }
        }
    }
    let mut resources = Vec::new();
    for (line, row) in &rows {
        let name = row.get("name").and_then(Json::as_str).unwrap_or("");
        let line = if *line == 0 {
            line_of(text, &format!("\"{name}\""))
        } else {
            *line
        };
        load_row(file, row, line, &mut resources, &mut errors);
    }
    Some((resources, errors))
}

/// A Cloud Asset Inventory asset or search result: a `//service/...` name and an asset type.
fn is_asset(row: &Json) -> bool {
    let name = row.get("name").and_then(Json::as_str).unwrap_or("");
    name.starts_with("//") && row.get("assetType").and_then(Json::as_str).is_some()
}

/// The project an asset belongs to: the id in its name (`.../projects/shop/...`), else the
/// search result's `project` or the first `projects/` ancestor (a project number).
fn project_of(row: &Json, name: &str) -> String {
    let mut segments = name.split('/');
    while let Some(s) = segments.next() {
        if s == "projects"
            && let Some(id) = segments.next()
        {
            return id.to_string();
        }
    }
    let from_list = row
        .get("ancestors")
        .and_then(Json::as_array)
        .and_then(|a| {
            a.iter()
                .filter_map(Json::as_str)
                .find(|s| s.starts_with("projects/"))
        })
        .or_else(|| row.get("project").and_then(Json::as_str));
    from_list
        .map(|p| p.trim_start_matches("projects/").to_string())
        .unwrap_or_default()
}

fn load_row(
    file: &Arc<str>,
    row: &Json,
    line: u32,
    out: &mut Vec<Resource>,
    errors: &mut Vec<LoadError>,
) {
    let name = row.get("name").and_then(Json::as_str).unwrap_or("");
    let asset_type = row.get("assetType").and_then(Json::as_str).unwrap_or("");
    let project = project_of(row, name);
    let data = row.get("resource").and_then(|r| r.get("data")).or_else(|| {
        row.get("versionedResources")
            .and_then(Json::as_array)
            .and_then(|v| v.first())
            .and_then(|v| v.get("resource"))
    });
    let location = row
        .get("resource")
        .and_then(|r| r.get("location"))
        .or_else(|| row.get("location"))
        .and_then(Json::as_str)
        .unwrap_or("")
        .to_string();
    let live = |kind: &str, address: String| {
        let mut r = Resource::new(
            kind,
            address,
            Origin::Live {
                provider: "gcp".into(),
                account: project.clone(),
                region: location.clone(),
                id: name.to_string(),
            },
        );
        r.name = name.rsplit('/').next().unwrap_or(name).to_string();
        r.format = SourceFormat::Live;
        r.scope = file.clone();
        r
    };
    // IAM policies of other asset types are read by no rule
    if let Some(policy) = row.get("iamPolicy")
        && let Some((_, kind)) = IAM_TYPES.iter().find(|(t, _)| *t == asset_type)
    {
        let mut r = live(kind, format!("{name}#iamPolicy"));
        r.attributes.insert(
            "policy_data".into(),
            Value::string(serde_json::to_string(policy).unwrap_or_default()),
        );
        r.attributes
            .insert("name".into(), Value::String(r.name.clone()));
        out.push(r);
    }
    let Some(data) = data.and_then(Json::as_object) else {
        if row.get("iamPolicy").is_none() {
            let hint = if row.get("versionedResources").is_none() && row.get("resource").is_none() {
                " (run `gcloud asset search-all-resources` with `--read-mask='*'`, or export with `--content-type=resource`)"
            } else {
                ""
            };
            errors.push(LoadError::warning(
                &**file,
                line,
                1,
                format!("asset `{name}` carries no resource data{hint}, so it is not checked"),
            ));
        }
        return;
    };
    let Some((_, kind)) = TYPES.iter().find(|(t, _)| *t == asset_type) else {
        // kept under its asset type: visible in the inventory, read by no rule
        let mut r = live(asset_type, name.to_string());
        r.attributes = data.iter().map(|(k, v)| (k.clone(), value(v))).collect();
        out.push(r);
        return;
    };
    let mut r = live(kind, name.to_string());
    r.attributes = map_data(kind, data, &project);
    out.push(r);
}

/// A REST value as a model value; `null` (not returned) is Unknown.
fn value(json: &Json) -> Value {
    match json {
        Json::Null => Value::unknown(),
        Json::Array(items) => Value::List(items.iter().map(value).collect()),
        Json::Object(m) => Value::Map(m.iter().map(|(k, v)| (k.clone(), value(v))).collect()),
        other => Value::from_json(other),
    }
}

/// A dotted REST path (`iamConfiguration.uniformBucketLevelAccess.enabled`).
fn at<'j>(data: &'j Map<String, Json>, path: &str) -> Option<&'j Json> {
    let mut parts = path.split('.');
    let mut current = data.get(parts.next()?)?;
    for p in parts {
        current = current.get(p)?;
    }
    Some(current)
}

/// Attributes under construction.
#[derive(Default)]
struct Attrs(BTreeMap<String, Value>);

impl Attrs {
    /// `attribute` ← REST `path`, when the REST resource has it.
    fn copy(&mut self, data: &Map<String, Json>, attribute: &str, path: &str) -> &mut Self {
        if let Some(v) = at(data, path) {
            self.0.insert(attribute.into(), value(v));
        }
        self
    }
    fn set(&mut self, attribute: &str, v: Value) -> &mut Self {
        self.0.insert(attribute.into(), v);
        self
    }
    /// A nested block (`versioning { enabled = ... }`), present when any of its fields is.
    fn block(&mut self, attribute: &str, inner: Attrs) -> &mut Self {
        if !inner.0.is_empty() {
            self.0
                .insert(attribute.into(), Value::List(vec![Value::Map(inner.0)]));
        }
        self
    }
    /// Repeated blocks from a REST list of objects, each mapped by `f`.
    fn blocks(
        &mut self,
        data: &Map<String, Json>,
        attribute: &str,
        path: &str,
        f: impl Fn(&Map<String, Json>) -> Attrs,
    ) -> &mut Self {
        if let Some(Json::Array(items)) = at(data, path) {
            let list = items
                .iter()
                .map(|i| match i.as_object() {
                    Some(o) => Value::Map(f(o).0),
                    None => Value::unknown(),
                })
                .collect();
            self.0.insert(attribute.into(), Value::List(list));
        }
        self
    }
}

fn fields(data: &Map<String, Json>, pairs: &[(&str, &str)]) -> Attrs {
    let mut a = Attrs::default();
    for (attribute, path) in pairs {
        a.copy(data, attribute, path);
    }
    a
}

fn sub(data: &Map<String, Json>, path: &str) -> Map<String, Json> {
    at(data, path)
        .and_then(Json::as_object)
        .cloned()
        .unwrap_or_default()
}

/// The last segment of a self link or resource name.
fn last_segment(v: Option<&Json>) -> Option<Value> {
    v.and_then(Json::as_str)
        .map(|s| Value::string(s.rsplit('/').next().unwrap_or(s)))
}

/// `metadata.items[{key, value}]` as the provider's `metadata` map.
fn metadata_map(data: &Map<String, Json>, path: &str) -> Option<Value> {
    let items = at(data, path)?.as_array()?;
    Some(Value::Map(
        items
            .iter()
            .filter_map(|i| Some((i.get("key")?.as_str()?.to_string(), value(i.get("value")?))))
            .collect(),
    ))
}

/// The `google` provider's attributes of one REST resource of `kind`.
pub fn map_data(kind: &str, data: &Map<String, Json>, project: &str) -> BTreeMap<String, Value> {
    let mut a = fields(data, &[("name", "name")]);
    a.set("project", Value::string(project));
    match kind {
        "google_storage_bucket" => {
            a.copy(data, "location", "location")
                .copy(
                    data,
                    "uniform_bucket_level_access",
                    "iamConfiguration.uniformBucketLevelAccess.enabled",
                )
                .copy(
                    data,
                    "public_access_prevention",
                    "iamConfiguration.publicAccessPrevention",
                )
                .block(
                    "versioning",
                    fields(data, &[("enabled", "versioning.enabled")]),
                )
                .block(
                    "logging",
                    fields(data, &[("log_bucket", "logging.logBucket")]),
                )
                .block(
                    "encryption",
                    fields(
                        data,
                        &[("default_kms_key_name", "encryption.defaultKmsKeyName")],
                    ),
                );
        }
        "google_compute_firewall" => {
            let rule = |o: &Map<String, Json>| {
                fields(o, &[("protocol", "IPProtocol"), ("ports", "ports")])
            };
            a.copy(data, "direction", "direction")
                .copy(data, "disabled", "disabled")
                .copy(data, "priority", "priority")
                .copy(data, "source_ranges", "sourceRanges")
                .copy(data, "destination_ranges", "destinationRanges")
                .copy(data, "source_tags", "sourceTags")
                .copy(data, "target_tags", "targetTags")
                .copy(data, "source_service_accounts", "sourceServiceAccounts")
                .copy(data, "target_service_accounts", "targetServiceAccounts")
                .blocks(data, "allow", "allowed", rule)
                .blocks(data, "deny", "denied", rule);
            if let Some(v) = last_segment(at(data, "network")) {
                a.set("network", v);
            }
            if at(data, "logConfig.enable").and_then(Json::as_bool) == Some(true) {
                a.block(
                    "log_config",
                    fields(data, &[("metadata", "logConfig.metadata")]),
                );
            }
        }
        "google_compute_instance" => {
            a.copy(data, "can_ip_forward", "canIpForward")
                .blocks(data, "network_interface", "networkInterfaces", |nic| {
                    let mut n =
                        fields(nic, &[("network", "network"), ("subnetwork", "subnetwork")]);
                    n.blocks(nic, "access_config", "accessConfigs", |ac| {
                        fields(ac, &[("nat_ip", "natIP"), ("network_tier", "networkTier")])
                    });
                    n
                })
                .blocks(data, "service_account", "serviceAccounts", |sa| {
                    fields(sa, &[("email", "email"), ("scopes", "scopes")])
                })
                .block(
                    "shielded_instance_config",
                    fields(
                        data,
                        &[
                            (
                                "enable_secure_boot",
                                "shieldedInstanceConfig.enableSecureBoot",
                            ),
                            ("enable_vtpm", "shieldedInstanceConfig.enableVtpm"),
                            (
                                "enable_integrity_monitoring",
                                "shieldedInstanceConfig.enableIntegrityMonitoring",
                            ),
                        ],
                    ),
                );
            if let Some(v) = last_segment(at(data, "zone")) {
                a.set("zone", v);
            }
            match metadata_map(data, "metadata.items") {
                Some(m) => a.set("metadata", m),
                None => a.set("metadata", Value::Map(BTreeMap::new())),
            };
        }
        "google_compute_project_metadata" => {
            if let Some(m) = metadata_map(data, "commonInstanceMetadata.items") {
                a.set("metadata", m);
            }
            a.set(
                "project",
                Value::string(data.get("name").and_then(Json::as_str).unwrap_or(project)),
            );
        }
        "google_compute_subnetwork" => {
            a.copy(data, "private_ip_google_access", "privateIpGoogleAccess")
                .copy(data, "purpose", "purpose")
                .copy(data, "ip_cidr_range", "ipCidrRange");
            if let Some(v) = last_segment(at(data, "region")) {
                a.set("region", v);
            }
            if at(data, "logConfig.enable").and_then(Json::as_bool) == Some(true) {
                let mut log = fields(
                    data,
                    &[
                        ("aggregation_interval", "logConfig.aggregationInterval"),
                        ("flow_sampling", "logConfig.flowSampling"),
                        ("metadata", "logConfig.metadata"),
                    ],
                );
                if log.0.is_empty() {
                    log.set("metadata", Value::string("INCLUDE_ALL_METADATA"));
                }
                a.block("log_config", log);
            }
        }
        "google_compute_ssl_policy" => {
            a.copy(data, "min_tls_version", "minTlsVersion")
                .copy(data, "profile", "profile");
        }
        "google_sql_database_instance" => {
            let settings = sub(data, "settings");
            let mut s = Attrs::default();
            let ip = sub(&settings, "ipConfiguration");
            let mut ipc = fields(
                &ip,
                &[
                    ("ipv4_enabled", "ipv4Enabled"),
                    ("require_ssl", "requireSsl"),
                    ("ssl_mode", "sslMode"),
                ],
            );
            ipc.blocks(&ip, "authorized_networks", "authorizedNetworks", |n| {
                fields(n, &[("name", "name"), ("value", "value")])
            });
            s.block("ip_configuration", ipc)
                .block(
                    "backup_configuration",
                    fields(&settings, &[("enabled", "backupConfiguration.enabled")]),
                )
                .blocks(&settings, "database_flags", "databaseFlags", |f| {
                    fields(f, &[("name", "name"), ("value", "value")])
                })
                .copy(&settings, "tier", "tier");
            a.copy(data, "database_version", "databaseVersion")
                .copy(data, "region", "region")
                .block("settings", s);
            if let Some(v) = last_segment(at(data, "masterInstanceName")) {
                a.set("master_instance_name", v);
            }
        }
        "google_dns_managed_zone" => {
            let mut dnssec = fields(data, &[("state", "dnssecConfig.state")]);
            dnssec.blocks(
                data,
                "default_key_specs",
                "dnssecConfig.defaultKeySpecs",
                |k| {
                    fields(
                        k,
                        &[
                            ("algorithm", "algorithm"),
                            ("key_type", "keyType"),
                            ("key_length", "keyLength"),
                        ],
                    )
                },
            );
            a.copy(data, "dns_name", "dnsName")
                .copy(data, "visibility", "visibility")
                .block("dnssec_config", dnssec);
        }
        "google_kms_crypto_key" => {
            let full = data.get("name").and_then(Json::as_str).unwrap_or("");
            a.copy(data, "rotation_period", "rotationPeriod")
                .copy(data, "purpose", "purpose");
            if let Some((ring, key)) = full.rsplit_once("/cryptoKeys/") {
                a.set("name", Value::string(key))
                    .set("key_ring", Value::string(ring));
            }
        }
        "google_bigquery_dataset" => {
            a.blocks(data, "access", "access", |e| {
                fields(
                    e,
                    &[
                        ("role", "role"),
                        ("special_group", "specialGroup"),
                        ("iam_member", "iamMember"),
                        ("user_by_email", "userByEmail"),
                        ("group_by_email", "groupByEmail"),
                        ("domain", "domain"),
                    ],
                )
            });
            if let Some(id) = at(data, "datasetReference.datasetId") {
                a.set("dataset_id", value(id));
            }
        }
        "google_container_cluster" => map_cluster(&mut a, data),
        _ => {}
    }
    a.0
}

/// A GKE cluster (`projects.locations.clusters`) in `google_container_cluster` terms.
fn map_cluster(a: &mut Attrs, data: &Map<String, Json>) {
    a.copy(data, "location", "location")
        .copy(data, "logging_service", "loggingService")
        .copy(data, "monitoring_service", "monitoringService")
        .copy(data, "enable_legacy_abac", "legacyAbac.enabled")
        .copy(data, "enable_shielded_nodes", "shieldedNodes.enabled")
        .copy(data, "enable_autopilot", "autopilot.enabled")
        .block(
            "network_policy",
            fields(
                data,
                &[
                    ("enabled", "networkPolicy.enabled"),
                    ("provider", "networkPolicy.provider"),
                ],
            ),
        )
        .block(
            "private_cluster_config",
            fields(
                data,
                &[
                    (
                        "enable_private_nodes",
                        "privateClusterConfig.enablePrivateNodes",
                    ),
                    (
                        "enable_private_endpoint",
                        "privateClusterConfig.enablePrivateEndpoint",
                    ),
                ],
            ),
        )
        .block(
            "workload_identity_config",
            fields(
                data,
                &[("workload_pool", "workloadIdentityConfig.workloadPool")],
            ),
        );
    let mut auth = Attrs::default();
    auth.copy(data, "username", "masterAuth.username");
    auth.block(
        "client_certificate_config",
        fields(
            data,
            &[(
                "issue_client_certificate",
                "masterAuth.clientCertificateConfig.issueClientCertificate",
            )],
        ),
    );
    a.block("master_auth", auth);
    if at(data, "masterAuthorizedNetworksConfig.enabled").and_then(Json::as_bool) == Some(true) {
        let mans = sub(data, "masterAuthorizedNetworksConfig");
        let mut m = Attrs::default();
        m.blocks(&mans, "cidr_blocks", "cidrBlocks", |c| {
            fields(
                c,
                &[("cidr_block", "cidrBlock"), ("display_name", "displayName")],
            )
        });
        if m.0.is_empty() {
            m.set("cidr_blocks", Value::List(Vec::new()));
        }
        a.block("master_authorized_networks_config", m);
    }
    let node_config = |o: &Map<String, Json>| {
        let mut n = fields(
            o,
            &[
                ("service_account", "serviceAccount"),
                ("oauth_scopes", "oauthScopes"),
            ],
        );
        n.block(
            "workload_metadata_config",
            fields(o, &[("mode", "workloadMetadataConfig.mode")]),
        )
        .block(
            "shielded_instance_config",
            fields(
                o,
                &[
                    (
                        "enable_secure_boot",
                        "shieldedInstanceConfig.enableSecureBoot",
                    ),
                    (
                        "enable_integrity_monitoring",
                        "shieldedInstanceConfig.enableIntegrityMonitoring",
                    ),
                ],
            ),
        );
        n
    };
    a.blocks(data, "node_pool", "nodePools", |pool| {
        let mut p = fields(pool, &[("name", "name")]);
        p.block("node_config", node_config(&sub(pool, "config")))
            .block(
                "management",
                fields(
                    pool,
                    &[
                        ("auto_repair", "management.autoRepair"),
                        ("auto_upgrade", "management.autoUpgrade"),
                    ],
                ),
            );
        p
    });
    // `nodePools` lists every pool the cluster has, the default one included
    a.set("remove_default_node_pool", Value::Bool(true));
}
