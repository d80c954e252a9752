//! What each principal did, folded event by event into principal × action × resource set.
//! Memory grows with the number of distinct principals, actions and (capped) resources, never
//! with the number of events: every table here has a cap, and what goes over a cap is counted,
//! never dropped in silence. Assumed-role sessions are folded into their role
//! (`arn:aws:iam::ACCOUNT:role/NAME`); the sessions are kept as detail.

use crate::event::{Event, UserIdentity};
use crate::mapping::{ActionIndex, ActionRef};
use crate::reader::{ReadSummary, read_trail};
use crate::resource::{self, Resource};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// Error codes that mean the call was refused by IAM: the action was not allowed, so it is
/// reported and never granted. Other errors (`NoSuchKey`, throttling, validation) come after
/// authorisation, so the action counts as used.
pub const DENIED_ERROR_CODES: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "Client.UnauthorizedOperation",
    "UnauthorizedOperation",
    "UnauthorizedAccess",
    "AuthorizationError",
];

/// Longest event source, event name or session name kept as text in a table; longer ones
/// are cut (names) or counted only (sessions).
pub const MAX_NAME_BYTES: usize = 256;

/// Longest principal ARN aggregated (IAM ARNs are at most 2,048 characters); callers with a
/// longer one are counted as unattributed.
pub const MAX_ARN_BYTES: usize = 2_048;

/// `text`, cut to [`MAX_NAME_BYTES`] at a character boundary.
fn short(text: &str) -> Cow<'_, str> {
    if text.len() <= MAX_NAME_BYTES {
        return Cow::Borrowed(text);
    }
    let mut end = MAX_NAME_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(format!("{}…", text.get(..end).unwrap_or_default()))
}

/// Caps on the tables, so a hostile or enormous trail cannot grow memory without bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Distinct resources kept per principal and action before they are widened (objects of
    /// one S3 bucket to `arn:aws:s3:::BUCKET/*`, then everything to `*`).
    pub resources_per_action: usize,
    /// Sessions named per role; calls of further sessions are only counted.
    pub sessions_per_role: usize,
    /// Principals aggregated; events of further principals are only counted.
    pub principals: usize,
    /// Distinct unmapped (event source, event name) pairs named; further ones are counted.
    pub unmapped_names: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            resources_per_action: 20,
            sessions_per_role: 50,
            principals: 10_000,
            unmapped_names: 1_000,
        }
    }
}

/// What to aggregate.
#[derive(Clone, Debug)]
pub struct Options {
    /// The time `since` counts back from (passed in, so results do not depend on the clock).
    pub now: DateTime<Utc>,
    /// Only events at most this long before `now` (`--since 90d`); `None`: every event.
    pub since: Option<Duration>,
    /// Only this principal: a user, role or root ARN, a role session ARN, or a service
    /// (`cloudtrail.amazonaws.com`).
    pub principal: Option<String>,
    pub limits: Limits,
}

impl Options {
    pub fn new(now: DateTime<Utc>) -> Options {
        Options {
            now,
            since: None,
            principal: None,
            limits: Limits::default(),
        }
    }
}

/// Reads `90d`, `12h`, `30m`, `45s` or `2w` (a whole number and a unit).
pub fn parse_since(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: i64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration like 90d, 12h, 30m or 2w"))?;
    let seconds_per_unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        "w" => 604_800,
        _ => {
            return Err(format!(
                "`{text}`: the unit is one of s, m, h, d, w (as in 90d)"
            ));
        }
    };
    number
        .checked_mul(seconds_per_unit)
        .and_then(Duration::try_seconds)
        .ok_or_else(|| format!("`{text}` is too long a duration"))
}

/// Who a principal is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalKind {
    User,
    Role,
    Root,
    FederatedUser,
    /// An AWS service acting on its own (`userIdentity.type` `AWSService`).
    Service,
}

/// One action's use by one principal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ActionUsage {
    pub calls: u64,
    pub resources: BTreeSet<Resource>,
    /// Set when the resources went over the cap and were widened.
    pub widened: bool,
}

/// What one principal did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PrincipalUsage {
    /// A user, role, root or federated-user ARN, or a service name.
    pub principal: String,
    pub kind: PrincipalKind,
    /// The principal's account, when known.
    pub account: Option<String>,
    /// Calls folded in (allowed ones; denied and unmapped are counted apart).
    pub calls: u64,
    /// Role sessions by name, with their calls (allowed, denied and unmapped alike).
    pub sessions: BTreeMap<String, u64>,
    /// Calls of sessions beyond the cap.
    pub other_session_calls: u64,
    /// Allowed calls by catalogued action.
    pub actions: BTreeMap<String, ActionUsage>,
    /// Calls refused with an access-denied error, by action (or `source:EventName` when the
    /// event maps to no action).
    pub denied: BTreeMap<String, u64>,
    /// Calls whose event maps to no catalogued action, by `source:EventName`.
    pub unmapped: BTreeMap<String, u64>,
    pub first_event: Option<String>,
    pub last_event: Option<String>,
}

/// How many events went where.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Events read.
    pub events: u64,
    /// Folded into a principal's actions.
    pub used: u64,
    /// Older than `since`.
    pub before_since: u64,
    /// Without a readable `eventTime` while `since` was given.
    pub undated: u64,
    /// Of a principal other than the one asked for.
    pub other_principals: u64,
    /// Of callers with no ARN to aggregate by (anonymous, another account named by id only,
    /// web-identity and SAML callers before they assume a role).
    pub unattributed: u64,
    /// Refused with an access-denied error.
    pub access_denied: u64,
    /// Mapping to no catalogued action.
    pub unmapped: u64,
    /// Of principals beyond the cap.
    pub principals_over_limit: u64,
}

/// Everything a trail showed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Usage {
    pub principals: BTreeMap<String, PrincipalUsage>,
    pub counts: Counts,
    /// Events mapping to no catalogued action, by `eventSource eventName`, over all
    /// principals.
    pub unmapped: BTreeMap<String, u64>,
    /// Unmapped events whose name was beyond the cap.
    pub unmapped_over_limit: u64,
    pub read: ReadSummary,
}

/// Folds events into a [`Usage`], one at a time.
pub struct Aggregator<'i> {
    index: &'i ActionIndex,
    options: Options,
    cutoff: Option<DateTime<Utc>>,
    usage: Usage,
    /// `source\0name` → action, so each distinct API is looked up once.
    actions: HashMap<String, Option<ActionRef<'i>>>,
    key: String,
}

/// The caller of an event, as aggregated.
pub(crate) struct Caller<'e> {
    pub(crate) principal: Cow<'e, str>,
    pub(crate) kind: PrincipalKind,
    pub(crate) session: Option<&'e str>,
    pub(crate) account: Option<&'e str>,
    pub(crate) partition: &'e str,
}

/// Why an event is left out.
pub(crate) enum Skip {
    Undated,
    BeforeSince,
    Unattributed,
    OtherPrincipal,
}

/// Whether an event's error code says IAM refused the call.
pub(crate) fn is_denied(event: &Event<'_>) -> bool {
    event.error_code.get().is_some_and(|code| {
        DENIED_ERROR_CODES
            .iter()
            .any(|d| d.eq_ignore_ascii_case(code))
    })
}

impl<'i> Aggregator<'i> {
    pub fn new(index: &'i ActionIndex, options: Options) -> Aggregator<'i> {
        let cutoff = options
            .since
            .and_then(|since| options.now.checked_sub_signed(since));
        Aggregator {
            index,
            options,
            cutoff,
            usage: Usage::default(),
            actions: HashMap::new(),
            key: String::new(),
        }
    }

    /// Folds one event in.
    pub fn add(&mut self, event: &Event<'_>) {
        self.usage.counts.events += 1;
        let caller = match self.select(event) {
            Ok(caller) => caller,
            Err(skip) => {
                let counts = &mut self.usage.counts;
                match skip {
                    Skip::Undated => counts.undated += 1,
                    Skip::BeforeSince => counts.before_since += 1,
                    Skip::Unattributed => counts.unattributed += 1,
                    Skip::OtherPrincipal => counts.other_principals += 1,
                }
                return;
            }
        };
        let action = self.action_of(event);
        let limits = self.options.limits;
        let usage = &mut self.usage;
        let principals_len = usage.principals.len();
        let principal = match usage.principals.get_mut(caller.principal.as_ref()) {
            Some(p) => p,
            None if principals_len >= limits.principals => {
                return usage.counts.principals_over_limit += 1;
            }
            // the engine must be able to name the caller for the proof; an ARN it cannot read
            // (no twelve-digit account, say) is no principal to aggregate
            None if rampart_iam::Principal::parse(&caller.principal).is_err() => {
                return usage.counts.unattributed += 1;
            }
            None => usage
                .principals
                .entry(caller.principal.to_string())
                .or_insert_with(|| PrincipalUsage {
                    principal: caller.principal.to_string(),
                    kind: caller.kind,
                    account: caller.account.map(str::to_string),
                    calls: 0,
                    sessions: BTreeMap::new(),
                    other_session_calls: 0,
                    actions: BTreeMap::new(),
                    denied: BTreeMap::new(),
                    unmapped: BTreeMap::new(),
                    first_event: None,
                    last_event: None,
                }),
        };
        if let Some(session) = caller.session {
            if let Some(calls) = principal.sessions.get_mut(session) {
                *calls += 1;
            } else if principal.sessions.len() < limits.sessions_per_role
                && session.len() <= MAX_NAME_BYTES
            {
                principal.sessions.insert(session.to_string(), 1);
            } else {
                principal.other_session_calls += 1;
            }
        }
        // CloudTrail's times are 20 bytes; longer text is not a time worth keeping
        if let Some(time) = event.event_time.get().filter(|t| t.len() <= 64) {
            if principal.first_event.as_deref().is_none_or(|t| time < t) {
                principal.first_event = Some(time.to_string());
            }
            if principal.last_event.as_deref().is_none_or(|t| time > t) {
                principal.last_event = Some(time.to_string());
            }
        }
        let denied = is_denied(event);
        let Some(action) = action else {
            let (source, name) = (short(&event.event_source), short(&event.event_name));
            let name = format!("{source}:{name}");
            if denied {
                usage.counts.access_denied += 1;
                // names of unmapped calls come from the input: capped like the unmapped table
                if principal.denied.contains_key(&name)
                    || principal.denied.len() < limits.unmapped_names
                {
                    *principal.denied.entry(name).or_default() += 1;
                } else {
                    usage.unmapped_over_limit += 1;
                }
                return;
            }
            usage.counts.unmapped += 1;
            let global = format!("{source} {}", short(&event.event_name));
            if usage.unmapped.contains_key(&global) || usage.unmapped.len() < limits.unmapped_names
            {
                *usage.unmapped.entry(global).or_default() += 1;
                *principal.unmapped.entry(name).or_default() += 1;
            } else {
                usage.unmapped_over_limit += 1;
            }
            return;
        };
        if denied {
            usage.counts.access_denied += 1;
            match principal.denied.get_mut(action.name) {
                Some(n) => *n += 1,
                None => {
                    principal.denied.insert(action.name.to_string(), 1);
                }
            }
            return;
        }
        usage.counts.used += 1;
        principal.calls += 1;
        let resource = resource::derive(event, action, caller.partition);
        let entry = match principal.actions.get_mut(action.name) {
            Some(entry) => entry,
            None => principal
                .actions
                .entry(action.name.to_string())
                .or_default(),
        };
        entry.calls += 1;
        add_resource(entry, resource, limits.resources_per_action);
    }

    /// The caller of an event that `since` and the principal filter let through.
    pub(crate) fn select<'e>(&self, event: &'e Event<'e>) -> Result<Caller<'e>, Skip> {
        if let Some(cutoff) = self.cutoff {
            match event.event_time.get().and_then(parse_time) {
                None => return Err(Skip::Undated),
                Some(time) if time < cutoff => return Err(Skip::BeforeSince),
                Some(_) => {}
            }
        }
        let caller = event
            .user_identity
            .as_ref()
            .and_then(caller)
            .filter(|c| c.principal.len() <= MAX_ARN_BYTES)
            .ok_or(Skip::Unattributed)?;
        if let Some(wanted) = &self.options.principal {
            let raw = event
                .user_identity
                .as_ref()
                .and_then(|u| u.arn.get())
                .unwrap_or_default();
            // a role may be asked for with or without its path
            let matches = *wanted == caller.principal
                || wanted == raw
                || (caller.kind == PrincipalKind::Role
                    && session_role_arn(raw).is_some_and(|role| *wanted == role));
            if !matches {
                return Err(Skip::OtherPrincipal);
            }
        }
        Ok(caller)
    }

    /// The catalogued action of an event, looked up once per distinct API.
    pub(crate) fn action_of(&mut self, event: &Event<'_>) -> Option<ActionRef<'i>> {
        self.key.clear();
        self.key.push_str(&event.event_source);
        self.key.push('\0');
        self.key.push_str(&event.event_name);
        if let Some(found) = self.actions.get(self.key.as_str()) {
            return *found;
        }
        let found = self.index.map_event(&event.event_source, &event.event_name);
        // the cache is bounded like the unmapped table: past it, lookups are just not cached
        if self.actions.len() < 100_000 && self.key.len() <= 2 * MAX_NAME_BYTES {
            self.actions.insert(self.key.clone(), found);
        }
        found
    }

    /// The aggregate, with what the reader went through.
    pub fn finish(mut self, read: ReadSummary) -> Usage {
        self.usage.read = read;
        self.usage
    }
}

/// Adds a resource to an action's set, widening when the set goes over `cap`: first the
/// objects of each S3 bucket become `BUCKET/*`, and if that is still too many, the set becomes
/// `*`. `*` absorbs everything.
fn add_resource(entry: &mut ActionUsage, resource: Resource, cap: usize) {
    if entry.resources.contains(&Resource::Any) || entry.resources.contains(&resource) {
        return;
    }
    if resource == Resource::Any {
        entry.resources.clear();
        entry.resources.insert(Resource::Any);
        return;
    }
    if let Some(bucket) = s3_object_prefix(&resource)
        && entry
            .resources
            .contains(&Resource::Prefix(bucket.to_string()))
    {
        return;
    }
    entry.resources.insert(resource);
    if entry.resources.len() <= cap {
        return;
    }
    entry.widened = true;
    let widened: BTreeSet<Resource> = entry
        .resources
        .iter()
        .map(|r| match s3_object_prefix(r) {
            Some(prefix) => Resource::Prefix(prefix.to_string()),
            None => r.clone(),
        })
        .collect();
    entry.resources = if widened.len() <= cap {
        widened
    } else {
        BTreeSet::from([Resource::Any])
    };
}

/// `arn:aws:s3:::bucket/` for an S3 object ARN (exact or prefix).
fn s3_object_prefix(resource: &Resource) -> Option<&str> {
    let (Resource::Exact(arn) | Resource::Prefix(arn)) = resource else {
        return None;
    };
    let (head, rest) = arn.split_once(":s3:::")?;
    let slash = rest.find('/')?;
    arn.get(..head.len() + ":s3:::".len() + slash + 1)
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// `arn:aws:iam::ACCOUNT:role/ROLE` (without a path, which a session ARN does not carry) for
/// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
pub fn session_role_arn(session_arn: &str) -> Option<String> {
    let mut parts = session_arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some("sts"), Some(_), Some(account), Some(rest)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let mut names = rest.strip_prefix("assumed-role/")?.splitn(2, '/');
    match (names.next(), names.next()) {
        (Some(role), Some(session)) if !role.is_empty() && !session.is_empty() => {
            Some(format!("arn:{partition}:iam::{account}:role/{role}"))
        }
        _ => None,
    }
}

/// Who made a call, by `userIdentity`. A role session is aggregated under its role: the
/// session issuer's ARN (which keeps the role's path) or, without one, the role ARN built from
/// the session ARN.
fn caller<'e>(identity: &'e UserIdentity<'e>) -> Option<Caller<'e>> {
    let arn = identity.arn.get();
    let account = identity.account_id.get();
    let partition = resource::partition(arn);
    let caller = |principal: Cow<'e, str>, kind, session| {
        Some(Caller {
            principal,
            kind,
            session,
            account,
            partition,
        })
    };
    match identity.identity_type.get()? {
        "IAMUser" => caller(Cow::Borrowed(arn?), PrincipalKind::User, None),
        "Root" => caller(Cow::Borrowed(arn?), PrincipalKind::Root, None),
        "FederatedUser" => caller(Cow::Borrowed(arn?), PrincipalKind::FederatedUser, None),
        "AssumedRole" => {
            let session_arn = arn?;
            // arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION
            let mut parts = session_arn.splitn(6, ':');
            let (Some("arn"), Some(part), Some("sts"), Some(_), Some(acct), Some(rest)) = (
                parts.next(),
                parts.next(),
                parts.next(),
                parts.next(),
                parts.next(),
                parts.next(),
            ) else {
                return None;
            };
            let mut names = rest.strip_prefix("assumed-role/")?.splitn(2, '/');
            let (Some(role), Some(session)) = (names.next(), names.next()) else {
                return None;
            };
            if role.is_empty() || session.is_empty() {
                return None;
            }
            let issuer = identity
                .session_context
                .as_ref()
                .and_then(|c| c.session_issuer.as_ref())
                .filter(|i| i.issuer_type.get() == Some("Role"))
                .and_then(|i| i.arn.get())
                .filter(|a| a.starts_with("arn:") && a.contains(":role/"));
            let role_arn = match issuer {
                Some(issuer) => Cow::Borrowed(issuer),
                None => Cow::Owned(format!("arn:{part}:iam::{acct}:role/{role}")),
            };
            Some(Caller {
                principal: role_arn,
                kind: PrincipalKind::Role,
                session: Some(session),
                account: account.or(Some(acct)),
                partition,
            })
        }
        "AWSService" => {
            let service = identity
                .invoked_by
                .get()
                .filter(|s| s.ends_with(".amazonaws.com"))?;
            caller(Cow::Borrowed(service), PrincipalKind::Service, None)
        }
        _ => None,
    }
}

/// Reads the trail at `path` (a file or a directory) and aggregates it.
pub fn aggregate(path: &Path, options: Options) -> Result<Usage, crate::TrailError> {
    let index = crate::mapping::index().map_err(crate::TrailError::Catalogue)?;
    let mut aggregator = Aggregator::new(index, options);
    let read = read_trail(path, &mut |event| aggregator.add(event));
    Ok(aggregator.finish(read))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_since("90d"), Ok(Duration::days(90)));
        assert_eq!(parse_since("12h"), Ok(Duration::hours(12)));
        assert_eq!(parse_since("2w"), Ok(Duration::weeks(2)));
        assert!(parse_since("90").is_err());
        assert!(parse_since("d").is_err());
        assert!(parse_since("-1d").is_err());
        assert!(parse_since("99999999999999999w").is_err());
    }

    #[test]
    fn text_from_the_input_is_kept_short() {
        let long = "é".repeat(MAX_NAME_BYTES);
        let cut = short(&long);
        assert!(cut.len() <= MAX_NAME_BYTES + "…".len());
        assert!(cut.ends_with('…'));
        assert_eq!(short("GetObject"), "GetObject");
    }

    #[test]
    fn resources_widen_per_bucket_then_to_everything() {
        let mut entry = ActionUsage::default();
        for i in 0..3 {
            add_resource(
                &mut entry,
                Resource::Exact(format!("arn:aws:s3:::b/k{i}")),
                2,
            );
        }
        assert!(entry.widened);
        assert_eq!(
            entry.resources,
            BTreeSet::from([Resource::Prefix("arn:aws:s3:::b/".into())])
        );
        // an object of the widened bucket is already covered
        add_resource(&mut entry, Resource::Exact("arn:aws:s3:::b/k9".into()), 2);
        assert_eq!(entry.resources.len(), 1);
        for bucket in ["c", "d"] {
            add_resource(
                &mut entry,
                Resource::Exact(format!("arn:aws:s3:::{bucket}/k")),
                2,
            );
        }
        assert_eq!(entry.resources, BTreeSet::from([Resource::Any]));
    }
}
