//! The command line, as clap types and nothing else: what the user can type, with help text.
//! Turning these into validated settings happens in the commands; this module never reads a
//! file or decides an exit status.

use crate::commands::compliance::ComplianceArgs;
use crate::commands::drift::DriftArgs;
use crate::commands::fix::FixArgs;
use crate::commands::frameworks::FrameworksArgs;
use crate::commands::graph::{GraphArgs, PathsArgs};
use crate::commands::iam::IamArgs;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rampart_model::Severity;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "rampart",
    version,
    about = "Find security misconfigurations in infrastructure code",
    long_about = "Rampart finds security misconfigurations in Terraform, CloudFormation and \
Kubernetes code before it ships.\n\nExit codes: 0 nothing to report, 1 findings at or above \
--fail-on, 2 usage error or input that could not be read or parsed."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan files or folders and report findings.
    Scan(ScanArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Explain a rule, or a finding: the attack it enables here, its blast radius and the fix.
    Explain(ExplainArgs),
    /// Record the current findings so later scans fail only on new ones.
    Baseline(BaselineArgs),
    /// Apply verified fixes to the source files.
    Fix(FixArgs),
    /// List the compliance frameworks and how many controls rules cover.
    Frameworks(FrameworksArgs),
    /// Scan and report each control of a compliance framework as pass, fail, not covered or not applicable.
    Compliance(ComplianceArgs),
    /// Read a live cloud account into an inventory snapshot (`rampart collect aws -o inventory.json`).
    Collect(CollectArgs),
    /// Decide IAM requests with the exact policy engine: `iam simulate REQUEST.json`, `iam can
    /// PRINCIPAL ACTION RESOURCE [PATH]`.
    Iam(IamArgs),
    /// Find attack paths: toxic combinations of exposure, vulnerabilities, identity and data,
    /// each with its hops and the cheapest hop to break.
    Paths(PathsArgs),
    /// Print the security graph as Graphviz DOT, JSON or Cypher (Neo4j).
    Graph(GraphArgs),
    /// Show where the cloud drifted from its code, ranked by the rules, with the command that
    /// reverts it and the verified edit that codifies it.
    Drift(Box<DriftArgs>),
}

#[derive(Args, Debug, Clone)]
pub struct CollectArgs {
    #[command(subcommand)]
    pub target: CollectTarget,
}

#[derive(Subcommand, Debug, Clone)]
pub enum CollectTarget {
    /// Collect the AWS account of the default credential chain (or --profile).
    Aws(CollectAwsArgs),
}

#[derive(Args, Debug, Clone)]
pub struct CollectAwsArgs {
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Where to write the snapshot (atomically).
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    /// Do not print notes on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Which AWS account, regions and services to read. Credentials, region and endpoint come
/// from the AWS SDK's standard chain (environment, ~/.aws/config and credentials, SSO,
/// AWS_ENDPOINT_URL).
#[derive(Args, Debug, Clone, Default)]
pub struct AwsArgs {
    /// Shared config profile to use (default: AWS_PROFILE, else `default`).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Regions to read, comma-separated (default: every region enabled for the account).
    #[arg(long, value_name = "REGION,...", value_delimiter = ',')]
    pub regions: Vec<String>,
    /// Services to read, comma-separated: s3, iam, ec2, kms, cloudtrail (default: all).
    #[arg(long, value_name = "SERVICE,...", value_delimiter = ',')]
    pub services: Vec<String>,
    /// Regions read at the same time.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub concurrency: usize,
}

/// A live source to scan instead of files.
#[derive(Subcommand, Debug, Clone)]
pub enum ScanTarget {
    /// Scan the live AWS account of the default credential chain (or --profile).
    Aws(AwsArgs),
}

/// What to load and how: shared by every command that scans.
#[derive(Args, Debug, Clone, Default)]
pub struct LoadArgs {
    /// Files or folders to scan.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Extra Terraform variable file, applied after terraform.tfvars and *.auto.tfvars (repeatable).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Terraform variable value, applied last (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub vars: Vec<(String, String)>,
    /// Folder outside the scanned paths whose files `file()` and the other Terraform file
    /// functions may read (repeatable); reads elsewhere are refused.
    #[arg(long = "allow-read", value_name = "DIR")]
    pub allow_read: Vec<PathBuf>,
    /// Configuration file (default: .rampart.toml in the first PATH, then in the current folder).
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Run only this rule, by id or alias (repeatable).
    #[arg(long = "rule", value_name = "ID", global = true)]
    pub rules: Vec<String>,
    /// Do not run this rule, by id or alias (repeatable).
    #[arg(long = "skip-rule", value_name = "ID", global = true)]
    pub skip_rules: Vec<String>,
    /// Folder of user rules (*.yaml), read besides .rampart/rules in each PATH and the current folder (repeatable).
    #[arg(long = "rules-dir", value_name = "DIR", global = true)]
    pub rules_dirs: Vec<PathBuf>,
    /// Do not show a progress indicator or notes on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Args, Debug, Clone)]
#[command(subcommand_precedence_over_arg = true)]
pub struct ScanArgs {
    /// `aws`: scan a live account instead of files (a folder named `aws` is `./aws`).
    #[command(subcommand)]
    pub live: Option<ScanTarget>,
    /// Scan an inventory snapshot written by `rampart collect` instead of files.
    #[arg(long, value_name = "FILE", global = true)]
    pub inventory: Option<PathBuf>,
    #[command(flatten)]
    pub load: LoadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text, global = true)]
    pub format: OutputFormat,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE", global = true)]
    pub output: Option<PathBuf>,
    /// Lowest severity shown [default: info].
    #[arg(long, value_name = "LEVEL", value_parser = parse_severity, global = true)]
    pub severity: Option<Severity>,
    /// Lowest severity that makes the exit code 1 [default: the --severity threshold].
    #[arg(long, value_name = "LEVEL", value_parser = parse_severity, global = true)]
    pub fail_on: Option<Severity>,
    /// Baseline file: findings recorded in it are reported as suppressed.
    #[arg(long, value_name = "FILE", global = true)]
    pub baseline: Option<PathBuf>,
    /// List suppressed findings too (they are always counted).
    #[arg(long, global = true)]
    pub show_suppressed: bool,
    /// Find attack paths (as `rampart paths` does) and raise each finding on one by a
    /// severity level, naming the paths.
    #[arg(long, global = true)]
    pub attack_paths: bool,
    /// List the checks left undecided because a value they read is unknown (always counted;
    /// JSON, SARIF and JUnit always include them).
    #[arg(long, global = true)]
    pub show_undecided: bool,
    /// Never colour the output (colour is also off when NO_COLOR is set or stdout is not a terminal).
    #[arg(long, global = true)]
    pub no_color: bool,
    /// With `--format asff`: the AWS account the findings are imported into (twelve digits)
    /// [default: `[asff] account` in the config, else 000000000000, which Security Hub refuses].
    #[arg(long, value_name = "ACCOUNT", value_parser = parse_account)]
    pub asff_account: Option<String>,
    /// With `--format asff`: the region of the Security Hub they go to [default: `[asff]
    /// region` in the config, else AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1].
    #[arg(long, value_name = "REGION", value_parser = parse_region)]
    pub asff_region: Option<String>,
    /// With `--format json`: add each finding's verified remediation block (Terraform or
    /// CloudFormation diff, CLI, console steps, safety verdict). Costs about ten times the scan.
    #[arg(long)]
    pub remediation: bool,
}

#[derive(Args, Debug, Clone)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    /// Only the rules of this provider (aws, azure, gcp, kubernetes, custom).
    #[arg(long, value_name = "PROVIDER")]
    pub provider: Option<String>,
    /// Folder of user rules (*.yaml) to list besides .rampart/rules in the current folder (repeatable).
    #[arg(long = "rules-dir", value_name = "DIR")]
    pub rules_dirs: Vec<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct ExplainArgs {
    /// Rule id or alias (`AWS-EBS-001`, `CKV_AWS_3`, `AVD-AWS-0026`), a finding id from
    /// `scan --format json`, or FILE:LINE of a finding.
    #[arg(value_name = "RULE_ID|FINDING")]
    pub rule: String,
    /// Where to look for a finding (default: the folder of FILE, above any `modules/` folder).
    #[command(flatten)]
    pub load: LoadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Args, Debug, Clone)]
pub struct BaselineArgs {
    #[command(flatten)]
    pub load: LoadArgs,
    /// Where to write the baseline.
    #[arg(
        long,
        short,
        value_name = "FILE",
        default_value = ".rampart-baseline.json"
    )]
    pub output: PathBuf,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Text,
    Json,
    Sarif,
    Junit,
    /// AWS Security Finding Format, for `aws securityhub batch-import-findings`.
    Asff,
    /// OCSF 1.5.0 Detection Finding events, as a JSON array.
    Ocsf,
    /// OCSF 1.5.0 Detection Finding events, one per line.
    OcsfJsonl,
}

impl OutputFormat {
    pub fn to_report(self) -> rampart_report::Format {
        match self {
            OutputFormat::Text => rampart_report::Format::Text,
            OutputFormat::Json => rampart_report::Format::Json,
            OutputFormat::Sarif => rampart_report::Format::Sarif,
            OutputFormat::Junit => rampart_report::Format::Junit,
            OutputFormat::Asff => rampart_report::Format::Asff,
            OutputFormat::Ocsf => rampart_report::Format::Ocsf,
            OutputFormat::OcsfJsonl => rampart_report::Format::OcsfJsonLines,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    Text,
    Json,
}

pub fn parse_severity(text: &str) -> Result<Severity, String> {
    Severity::parse(text).ok_or_else(|| {
        format!("unknown severity `{text}`; use one of critical, high, medium, low, info")
    })
}

fn parse_account(text: &str) -> Result<String, String> {
    rampart_report::feed::check_account(text).map(|()| text.to_string())
}

fn parse_region(text: &str) -> Result<String, String> {
    rampart_report::feed::check_region(text).map(|()| text.to_string())
}

fn parse_var(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.to_string()))
        }
        _ => Err(format!("expected NAME=VALUE, got `{text}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn var_needs_a_name_and_an_equals_sign() {
        assert_eq!(
            parse_var("region=eu-west-1=x"),
            Ok(("region".into(), "eu-west-1=x".into()))
        );
        assert!(parse_var("region").is_err());
        assert!(parse_var("=x").is_err());
    }

    #[test]
    fn severity_is_case_insensitive_and_rejects_typos() {
        assert_eq!(parse_severity("HIGH"), Ok(Severity::High));
        assert!(parse_severity("hi").is_err());
    }
}
