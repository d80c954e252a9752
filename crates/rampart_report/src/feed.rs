//! What the finding feeds (ASFF for AWS Security Hub, OCSF Detection Finding) share: the
//! settings a code scan cannot know (account, region, the time of the scan), where in the cloud
//! a finding is ([`cloud_place`], the one place that decides it), a finding's stable feed id,
//! and truncation to the length limits the consumers enforce. It never invents a value a
//! finding carries itself: a live finding's own account, region and ARN win over the settings.

use rampart_model::Finding;
use std::borrow::Cow;
use std::io::{self, Write};

/// The account ASFF findings name when none is given: twelve zeros, which Security Hub refuses
/// to import, so a forgotten `--asff-account` fails loudly rather than landing in a wrong account.
pub const PLACEHOLDER_ACCOUNT: &str = "000000000000";
/// The region used when none is given and the environment names none.
pub const DEFAULT_REGION: &str = "us-east-1";

/// Settings of the finding feeds: what infrastructure code does not say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedSettings {
    /// Twelve-digit AWS account the findings are imported into (ASFF `AwsAccountId`).
    pub aws_account: String,
    /// AWS region of the Security Hub the findings go to (ASFF `ProductArn`, `Region`).
    pub aws_region: String,
    /// When the scan ran, in milliseconds since the Unix epoch (ASFF `CreatedAt`, OCSF `time`).
    pub time_ms: i64,
}

/// `Ok` when `account` is an AWS account id (twelve digits), else what is wrong.
pub fn check_account(account: &str) -> Result<(), String> {
    if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!(
            "`{account}` is not an AWS account id (twelve digits)"
        ))
    }
}

/// `Ok` when `region` looks like an AWS region name (`eu-west-1`), else what is wrong.
pub fn check_region(region: &str) -> Result<(), String> {
    let parts: Vec<&str> = region.split('-').collect();
    let shaped = parts.len() >= 3
        && region.len() <= 16
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if shaped {
        Ok(())
    } else {
        Err(format!(
            "`{region}` is not an AWS region name (like `eu-west-1`)"
        ))
    }
}

/// Where in the cloud a finding is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CloudPlace<'a> {
    /// The AWS account ASFF names as `AwsAccountId`: a live AWS resource's own account, else
    /// the settings' (the Security Hub account, whose `ProductArn` every finding names).
    pub aws_account: Cow<'a, str>,
    /// The resource's region when live, else the settings' region.
    pub region: Cow<'a, str>,
    /// AWS partition of `region` (`aws`, `aws-cn`, `aws-us-gov`).
    pub partition: &'static str,
    /// The live resource's provider, account and id (an ARN on AWS); `None` for code.
    pub live: Option<LiveOrigin<'a>>,
}

/// The cloud identity a live finding carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveOrigin<'a> {
    /// `aws`, `azure`, `gcp`.
    pub provider: &'a str,
    pub account: &'a str,
    pub region: &'a str,
    /// The provider's own id of the resource: an ARN on AWS.
    pub id: &'a str,
}

/// The one mapping from a finding to its cloud place, for ASFF and OCSF alike. Findings on
/// code carry no account, region or ARN, so they take the settings.
pub fn cloud_place<'a>(finding: &'a Finding, settings: &'a FeedSettings) -> CloudPlace<'a> {
    let live = finding.live.as_ref().map(|l| LiveOrigin {
        provider: &l.provider,
        account: &l.account,
        region: &l.region,
        id: &l.id,
    });
    place_of(live, settings)
}

/// The place of a finding with (`live`) or without a cloud origin. A live AWS resource keeps
/// its own account and region; other clouds' resources are reported to Security Hub in the
/// settings' account, with their own region and id.
pub fn place_of<'a>(live: Option<LiveOrigin<'a>>, settings: &'a FeedSettings) -> CloudPlace<'a> {
    let aws_account = match &live {
        Some(origin) if origin.provider == "aws" && check_account(origin.account).is_ok() => {
            origin.account
        }
        _ => &settings.aws_account,
    };
    let region = match &live {
        Some(origin) if !origin.region.trim().is_empty() => origin.region,
        _ => &settings.aws_region,
    };
    CloudPlace {
        aws_account: Cow::Borrowed(aws_account),
        region: Cow::Borrowed(region),
        partition: partition_of(region),
        live,
    }
}

/// The AWS partition a region belongs to.
pub fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else {
        "aws"
    }
}

/// The finding's id in a feed: stable across scans of the same code (so a re-import updates the
/// finding instead of duplicating it), and distinct for the same address in two files, which
/// the JSON report's `id` (rule, address, attribute) does not separate. The same in ASFF and
/// OCSF. Security Hub scopes ids by account already, so the account is not part of it.
pub fn feed_id(finding: &Finding, place: &CloudPlace) -> String {
    let hash = rampart_model::finding::stable_hash(&[&finding.id, &resource_uid(finding, place)]);
    format!("rampart/{}/{hash}", finding.rule_id)
}

/// The resource's id in a feed: its ARN when live, else `file:address` (addresses repeat
/// across root modules), else the address.
pub fn resource_uid<'a>(finding: &'a Finding, place: &CloudPlace<'a>) -> Cow<'a, str> {
    match (&place.live, finding.file()) {
        (Some(origin), _) if !origin.id.trim().is_empty() => Cow::Borrowed(origin.id),
        (_, Some(file)) => Cow::Owned(format!("{file}:{}", finding.address)),
        (_, None) => Cow::Borrowed(finding.address.as_str()),
    }
}

/// `text` cut to at most `max` characters (never inside a character), ending with `…` when
/// cut; whitespace-only or empty text becomes `fallback`, since both feeds refuse blank strings.
pub fn limit<'a>(text: &'a str, max: usize, fallback: &'a str) -> Cow<'a, str> {
    let text = if text.trim().is_empty() {
        fallback
    } else {
        text
    };
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some(_) => {
            let keep = max.saturating_sub(1);
            let end = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
            let mut cut = text.get(..end).unwrap_or_default().trim_end().to_string();
            cut.push('…');
            Cow::Owned(cut)
        }
    }
}

/// RFC 3339 in UTC with milliseconds (`2026-12-07T09:30:00.000Z`), as ASFF's dates are written.
pub fn rfc3339(time_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(time_ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Writes `items` as a pretty JSON array, one serialized item at a time: a large scan never
/// holds the whole document in memory.
pub fn write_array<T: serde::Serialize>(
    items: impl Iterator<Item = T>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut buffered = io::BufWriter::new(out);
    buffered.write_all(b"[")?;
    let mut any = false;
    for item in items {
        buffered.write_all(if any { b",\n  " } else { b"\n  " })?;
        any = true;
        let one = serde_json::to_vec_pretty(&item)?;
        for (i, line) in one.split(|b| *b == b'\n').enumerate() {
            if i > 0 {
                buffered.write_all(b"\n  ")?;
            }
            buffered.write_all(line)?;
        }
    }
    buffered.write_all(if any { b"\n]\n" } else { b"]\n" })?;
    buffered.flush()
}

/// Writes `items` as JSON Lines: one compact object per line.
pub fn write_lines<T: serde::Serialize>(
    items: impl Iterator<Item = T>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut buffered = io::BufWriter::new(out);
    for item in items {
        serde_json::to_writer(&mut buffered, &item)?;
        buffered.write_all(b"\n")?;
    }
    buffered.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_cuts_at_character_boundaries_and_marks_the_cut() {
        assert_eq!(limit("abc", 3, "x"), "abc");
        assert_eq!(limit("abcd", 3, "x"), "ab…");
        // multi-byte characters are never split: each counts as one
        let cut = limit("ééééé", 4, "x");
        assert_eq!(cut, "ééé…");
        assert_eq!(cut.chars().count(), 4);
        let emoji = "🚪".repeat(300);
        let cut = limit(&emoji, 256, "x");
        assert_eq!(cut.chars().count(), 256);
        assert!(cut.ends_with('…'));
        assert_eq!(limit("   ", 10, "fallback"), "fallback");
        assert_eq!(limit("", 10, "fallback"), "fallback");
    }

    #[test]
    fn rfc3339_has_milliseconds_and_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(1_796_635_800_123), "2026-12-07T09:30:00.123Z");
    }

    #[test]
    fn accounts_and_regions_are_checked_for_shape() {
        assert!(check_account("123456789012").is_ok());
        assert!(check_account("12345678901").is_err());
        assert!(check_account("12345678901x").is_err());
        assert!(check_region("eu-west-1").is_ok());
        assert!(check_region("us-gov-west-1").is_ok());
        assert!(check_region("EU-west-1").is_err());
        assert!(check_region("eu-west").is_err());
        assert!(check_region("eu west 1").is_err());
    }

    #[test]
    fn partitions_follow_the_region_prefix() {
        assert_eq!(partition_of("eu-west-1"), "aws");
        assert_eq!(partition_of("cn-north-1"), "aws-cn");
        assert_eq!(partition_of("us-gov-west-1"), "aws-us-gov");
    }
}
