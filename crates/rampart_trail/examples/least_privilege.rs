//! `cargo run -p rampart_trail --example least_privilege -- TRAIL [--since 90d] [--principal ARN]
//! [--current POLICY.json] [--format json|terraform|text] [--now RFC3339]`: what
//! `rampart iam least-privilege` will do, from the library's public API alone. Exit status 0
//! when every proof holds, 1 when one fails, 2 on a usage error.

use rampart_trail::{Format, Options, aggregate, parse_since, render, report};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<bool, String> {
    let mut args = std::env::args().skip(1);
    let mut trail = None;
    let mut since = None;
    let mut principal = None;
    let mut current = None;
    let mut format = Format::Text;
    let mut now = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now());
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--since" => since = Some(parse_since(&value()?)?),
            "--principal" => principal = Some(value()?),
            "--current" => current = Some(PathBuf::from(value()?)),
            "--format" => format = value()?.parse()?,
            "--now" => {
                now = chrono::DateTime::parse_from_rfc3339(&value()?)
                    .map_err(|e| e.to_string())?
                    .with_timezone(&chrono::Utc);
            }
            _ if trail.is_none() => trail = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    let trail = trail.ok_or("usage: least_privilege TRAIL [options]")?;
    let mut options = Options::new(now);
    options.since = since;
    options.principal = principal.clone();
    let usage = aggregate(&trail, options.clone()).map_err(|e| e.to_string())?;
    let mut policies = BTreeMap::new();
    if let Some(path) = current {
        if principal.is_none() {
            return Err("--current needs --principal".into());
        }
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let doc = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        // with --principal there is one aggregated principal (a session ARN stands for its
        // role), and the current policy is its own
        if let Some(key) = usage.principals.keys().next() {
            policies.insert(key.clone(), doc);
        }
    }
    let mut report = report(&usage, &policies).map_err(|e| e.to_string())?;
    // the second pass: every call against the minimal policies, one by one
    rampart_trail::replay(&trail, options, &mut report).map_err(|e| e.to_string())?;
    print!("{}", render(&report, format));
    Ok(report.proven)
}
