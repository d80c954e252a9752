//! AWS collection through the official AWS SDK for Rust. Credentials, region and endpoint come
//! from the SDK's standard chain (environment, shared config and credentials files, SSO,
//! `AWS_ENDPOINT_URL`), so the same binary reads a real account or an emulator; `--profile`
//! picks a profile. Regions are read in parallel with a bounded number in flight; throttled
//! calls are retried by the SDK's standard retry mode with exponential backoff and jitter.
//!
//! Must never: write to the account, print credentials, or drop a refused call without a
//! warning.

mod cloudtrail;
mod console;
mod ec2;
pub mod failure;
mod iam;
mod kms;
mod network;
mod policy_text;
mod s3;
mod sink;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_types::SdkConfig;
use aws_types::region::Region;
use rampart_ingest::snapshot::{SNAPSHOT_FORMAT, SNAPSHOT_VERSION, Snapshot};
use sink::Sink;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// A service Rampart collects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Service {
    S3,
    Iam,
    Ec2,
    Kms,
    CloudTrail,
}

impl Service {
    pub const ALL: [Service; 5] = [
        Service::S3,
        Service::Iam,
        Service::Ec2,
        Service::Kms,
        Service::CloudTrail,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Service::S3 => "s3",
            Service::Iam => "iam",
            Service::Ec2 => "ec2",
            Service::Kms => "kms",
            Service::CloudTrail => "cloudtrail",
        }
    }
    /// Read once per region (the others are account-wide).
    fn is_regional(self) -> bool {
        matches!(self, Service::Ec2 | Service::Kms | Service::CloudTrail)
    }
    pub fn parse(name: &str) -> Option<Service> {
        Service::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(name.trim()))
    }
    /// The resource kinds this service's collector produces (for `rampart rules`).
    pub fn kinds(self) -> &'static [&'static str] {
        match self {
            Service::S3 => s3::KINDS,
            Service::Iam => iam::KINDS,
            Service::Ec2 => ec2::KINDS,
            Service::Kms => kms::KINDS,
            Service::CloudTrail => cloudtrail::KINDS,
        }
    }
}

/// Every resource kind the AWS collectors produce.
pub fn collected_kinds() -> Vec<&'static str> {
    let mut kinds: Vec<&'static str> = Service::ALL
        .iter()
        .flat_map(|s| s.kinds().iter().copied())
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds
}

#[derive(Clone, Debug, Default)]
pub struct AwsOptions {
    /// Shared config profile (`--profile`); else the SDK's default chain.
    pub profile: Option<String>,
    /// Regions to read (`--regions`); empty means every region enabled for the account.
    pub regions: Vec<String>,
    /// Services to read (`--services`); empty means all.
    pub services: Vec<Service>,
    /// Regions read at the same time; 0 means the default (4).
    pub concurrency: usize,
    /// Attempts per call, first one included; 0 means the default (6).
    pub max_attempts: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error(
        "could not find out which AWS account the credentials belong to (sts GetCallerIdentity failed: {0}); check the credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID, `aws sso login`) and the endpoint"
    )]
    Identity(String),
    #[error("no AWS region is configured; pass --regions or set AWS_REGION")]
    NoRegion,
    #[error("could not start the async runtime: {0}")]
    Runtime(String),
}

/// What every collector of one account needs.
#[derive(Clone)]
pub(crate) struct Context {
    pub sink: Sink,
    pub sdk: SdkConfig,
    /// Calls in flight per region for per-resource reads (bucket settings, user details).
    pub per_resource: Arc<Semaphore>,
}

impl Context {
    /// The SDK configuration for one region.
    pub fn in_region(&self, region: &str) -> SdkConfig {
        self.sdk
            .to_builder()
            .region(Region::new(region.to_string()))
            .build()
    }
}

/// Collects the account behind the default credentials, blocking on a runtime of its own.
pub fn collect_blocking(options: &AwsOptions) -> Result<Snapshot, CollectError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CollectError::Runtime(e.to_string()))?;
    runtime.block_on(collect(options))
}

/// Collects the account behind the default credentials into a snapshot.
pub async fn collect(options: &AwsOptions) -> Result<Snapshot, CollectError> {
    collect_with(aws_config::defaults(BehaviorVersion::latest()), options).await
}

/// Collects with an SDK configuration loader of the caller's (a program embedding Rampart
/// with its own credentials provider or endpoint); `options` add the profile and retries.
pub async fn collect_with(
    loader: aws_config::ConfigLoader,
    options: &AwsOptions,
) -> Result<Snapshot, CollectError> {
    let collected_at = now_rfc3339();
    let sdk = configure(loader, options).load().await;
    let home = sdk
        .region()
        .map(|r| r.to_string())
        .or_else(|| options.regions.first().cloned())
        .ok_or(CollectError::NoRegion)?;
    let sdk = sdk.to_builder().region(Region::new(home.clone())).build();
    let account = account_id(&sdk).await?;
    let ctx = Context {
        sink: Sink::new(&account),
        sdk,
        per_resource: Arc::new(Semaphore::new(8)),
    };
    let services: Vec<Service> = if options.services.is_empty() {
        Service::ALL.to_vec()
    } else {
        options.services.clone()
    };
    let regions = if options.regions.is_empty() {
        enabled_regions(&ctx, &home).await
    } else {
        options.regions.clone()
    };

    let mut tasks = tokio::task::JoinSet::new();
    // account-wide services once, from the home region
    if services.contains(&Service::Iam) {
        let c = ctx.clone();
        tasks.spawn(async move { iam::collect(&c).await });
    }
    if services.contains(&Service::S3) {
        let c = ctx.clone();
        let regions = regions.clone();
        tasks.spawn(async move { s3::collect(&c, &regions).await });
    }
    let regional: Vec<Service> = services
        .iter()
        .copied()
        .filter(|s| s.is_regional())
        .collect();
    if !regional.is_empty() {
        let limit = Arc::new(Semaphore::new(match options.concurrency {
            0 => 4,
            n => n,
        }));
        for region in &regions {
            let c = ctx.clone();
            let region = region.clone();
            let limit = limit.clone();
            let regional = regional.clone();
            tasks.spawn(async move {
                // the semaphore is never closed, so a permit always comes
                let _permit = limit.acquire_owned().await.ok();
                for service in regional {
                    match service {
                        Service::Ec2 => ec2::collect(&c, &region).await,
                        Service::Kms => kms::collect(&c, &region).await,
                        Service::CloudTrail => cloudtrail::collect(&c, &region).await,
                        Service::S3 | Service::Iam => {}
                    }
                }
            });
        }
    }
    while let Some(joined) = tasks.join_next().await {
        if let Err(e) = joined {
            ctx.sink.refused(
                "global",
                "rampart",
                "collector",
                &failure::Failure::Refused {
                    code: "CollectorFailed".into(),
                    message: e.to_string(),
                },
            );
        }
    }
    let (resources, warnings) = ctx.sink.finish();
    let mut service_names: Vec<String> = services.iter().map(|s| s.as_str().to_string()).collect();
    service_names.sort();
    Ok(Snapshot {
        format: SNAPSHOT_FORMAT.into(),
        version: SNAPSHOT_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").into(),
        provider: "aws".into(),
        collected_at,
        accounts: vec![account],
        regions,
        services: service_names,
        warnings,
        resources,
    })
}

fn configure(loader: aws_config::ConfigLoader, options: &AwsOptions) -> aws_config::ConfigLoader {
    let attempts = match options.max_attempts {
        0 => 6,
        n => n,
    };
    let mut loader = loader.retry_config(
        RetryConfig::standard()
            .with_max_attempts(attempts)
            .with_initial_backoff(std::time::Duration::from_millis(200)),
    );
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    loader
}

async fn account_id(sdk: &SdkConfig) -> Result<String, CollectError> {
    let client = aws_sdk_sts::Client::new(sdk);
    match client.get_caller_identity().send().await {
        Ok(out) => out
            .account()
            .map(str::to_string)
            .ok_or_else(|| CollectError::Identity("the answer named no account".into())),
        Err(e) => Err(CollectError::Identity(
            aws_smithy_types::error::display::DisplayErrorContext(&e).to_string(),
        )),
    }
}

/// The regions enabled for the account; the home region alone (with a warning) when they
/// cannot be listed.
async fn enabled_regions(ctx: &Context, home: &str) -> Vec<String> {
    let client = aws_sdk_ec2::Client::new(&ctx.sdk);
    match client.describe_regions().send().await {
        Ok(out) => {
            let mut regions: Vec<String> = out
                .regions()
                .iter()
                .filter_map(|r| r.region_name().map(str::to_string))
                .collect();
            regions.sort();
            if regions.is_empty() {
                vec![home.to_string()]
            } else {
                regions
            }
        }
        Err(e) => {
            ctx.sink
                .refused(home, "ec2", "DescribeRegions", &failure::classify(&e));
            vec![home.to_string()]
        }
    }
}

fn now_rfc3339() -> String {
    aws_smithy_types::DateTime::from(std::time::SystemTime::now())
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_default()
}

/// A timestamp as Terraform state writes it (RFC 3339).
pub(crate) fn timestamp(t: Option<&aws_smithy_types::DateTime>) -> serde_json::Value {
    t.and_then(|t| t.fmt(aws_smithy_types::date_time::Format::DateTime).ok())
        .map_or(serde_json::Value::Null, serde_json::Value::String)
}
