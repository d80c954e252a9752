//! SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers), built from `serde-sarif`
//! types. One run; `tool.driver.rules` lists every rule that ran, with the help text and the
//! `security-severity` GitHub ranks alerts by, and tags (category, provider, aliases, and
//! `compliance:<framework>:<control>` for each control the rule evidences); results point at
//! relative `%SRCROOT%` URIs.
//! Load problems are tool execution notifications; so are checks left undecided by an unknown
//! value, at level `note` with the rule as `associatedRule` (they are not results: nothing was
//! found, and code scanning must not open an alert for them). It must stay valid against the OASIS
//! schema (checked in tests) and never emit a `ruleIndex` that does not match `ruleId`.

use crate::Report;
use rampart_model::error::ErrorLevel;
use rampart_model::{Finding, LoadError, Severity, SuppressedBy, Undecided};
use rampart_rules::Rule;
use serde_json::{Value, json};
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, LogicalLocation, Message, MultiformatMessageString,
    Notification, PhysicalLocation, PropertyBag, Region, ReportingConfiguration,
    ReportingDescriptor, ReportingDescriptorReference, Result as SarifResult, ResultLevel, Run,
    Sarif, Suppression, Tool, ToolComponent,
};
use std::collections::BTreeMap;
use std::io::{self, Write};

const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The `uriBaseId` of relative paths: the directory the scan ran from (a checkout's root in CI).
pub const SRCROOT: &str = "%SRCROOT%";
/// Key of our stable finding id in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "rampartFindingId/v1";

pub(crate) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let descriptors = RuleTable::new(report);
    let findings = report.findings_at_threshold();
    // the log without its results, which are written one at a time into its `results` array:
    // building every result first held hundreds of MB on large scans
    let skeleton = serde_json::to_string_pretty(&log(report, &descriptors, Vec::new()))?;
    let mut buffered = io::BufWriter::new(out);
    match results_slot(&skeleton) {
        Some(at) if !findings.is_empty() => {
            let (before, after) = skeleton.split_at(at);
            // the key starts its line: what precedes it there is the indentation
            let line_indent = before.rsplit('\n').next().unwrap_or_default();
            let item_indent = format!("{line_indent}  ");
            buffered.write_all(before.as_bytes())?;
            buffered.write_all(RESULTS_KEY.as_bytes())?;
            buffered.write_all(b"[")?;
            for (i, finding) in findings.into_iter().enumerate() {
                buffered.write_all(if i == 0 { b"\n" } else { b",\n" })?;
                buffered.write_all(item_indent.as_bytes())?;
                let one = serde_json::to_vec_pretty(&result(finding, &descriptors))?;
                write_indented(&mut buffered, &one, &item_indent)?;
            }
            buffered.write_all(b"\n")?;
            buffered.write_all(line_indent.as_bytes())?;
            buffered.write_all(b"]")?;
            let rest = after.strip_prefix(EMPTY_RESULTS).unwrap_or(after);
            buffered.write_all(rest.as_bytes())?;
        }
        Some(_) => buffered.write_all(skeleton.as_bytes())?,
        // not found where expected: build the whole log at once
        None => {
            let results = findings
                .into_iter()
                .map(|f| result(f, &descriptors))
                .collect();
            serde_json::to_writer_pretty(&mut buffered, &log(report, &descriptors, results))?;
        }
    }
    buffered.write_all(b"\n")?;
    buffered.flush()
}

const RESULTS_KEY: &str = "\"results\": ";
const EMPTY_RESULTS: &str = "\"results\": []";

/// Where the empty `results` array of the skeleton starts, when it is there exactly once (a
/// quote inside a string is escaped, so only the key itself can match).
fn results_slot(skeleton: &str) -> Option<usize> {
    let at = skeleton.find(EMPTY_RESULTS)?;
    (skeleton.matches(EMPTY_RESULTS).count() == 1).then_some(at)
}

/// Writes pretty JSON serialised at depth 0 as if at the depth of `indent`: newlines only
/// occur between tokens (inside strings they are escaped).
fn write_indented(out: &mut impl Write, json: &[u8], indent: &str) -> io::Result<()> {
    for (i, line) in json.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
            out.write_all(indent.as_bytes())?;
        }
        out.write_all(line)?;
    }
    Ok(())
}

fn log(report: &Report, descriptors: &RuleTable, results: Vec<SarifResult>) -> Sarif {
    let errors = report.errors_sorted();
    let invocation = Invocation::builder()
        .execution_successful(!errors.iter().any(|e| e.is_error()))
        .tool_execution_notifications(
            errors
                .into_iter()
                .map(notification)
                .chain(
                    report
                        .undecided
                        .iter()
                        .map(|u| undecided_notification(u, descriptors)),
                )
                .collect::<Vec<_>>(),
        )
        .build();
    let driver = ToolComponent::builder()
        .name("rampart")
        .version(report.tool_version)
        .semantic_version(report.tool_version)
        .information_uri(crate::INFORMATION_URI)
        .rules(descriptors.descriptors.clone())
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .column_kind(json!("unicodeCodePoints"))
        .invocations(vec![invocation])
        .results(results)
        .build();
    Sarif::builder()
        .schema(SARIF_SCHEMA)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build()
}

/// Rule descriptors in id order, and each id's index (the `ruleIndex` of results).
struct RuleTable {
    descriptors: Vec<ReportingDescriptor>,
    index: BTreeMap<String, usize>,
}

impl RuleTable {
    fn new(report: &Report) -> RuleTable {
        let mut rules: Vec<&'static Rule> = report.rules.to_vec();
        rules.sort_by_key(|r| r.id);
        rules.dedup_by_key(|r| r.id);
        let mut table = RuleTable {
            descriptors: Vec::new(),
            index: BTreeMap::new(),
        };
        for rule in rules {
            table.push(rule.id, rule_descriptor(rule));
        }
        // a finding whose rule is not in the list still needs a descriptor for its ruleIndex
        for finding in report.findings_at_threshold() {
            if !table.index.contains_key(&*finding.rule_id) {
                table.push(&finding.rule_id, stub_descriptor(finding));
            }
        }
        table
    }
    fn push(&mut self, id: &str, descriptor: ReportingDescriptor) {
        self.index.insert(id.to_string(), self.descriptors.len());
        self.descriptors.push(descriptor);
    }
}

fn rule_descriptor(rule: &Rule) -> ReportingDescriptor {
    let mut tags = vec![
        rule.category.as_str().to_string(),
        rule.provider.as_str().to_string(),
    ];
    tags.extend(rule.aliases.iter().map(|a| a.to_string()));
    // `compliance:cis-aws-3.0:2.2.1`: code-scanning UIs filter alerts by tag
    tags.extend(
        rampart_compliance::controls_for_rule(rule.id)
            .iter()
            .map(|control| format!("compliance:{}", control.tag())),
    );
    // the schema requires distinct tags
    let mut seen = std::collections::HashSet::new();
    tags.retain(|tag| seen.insert(tag.clone()));
    let mut descriptor = ReportingDescriptor::builder()
        .id(rule.id)
        .name(pascal_case(rule.title))
        .short_description(text(rule.title))
        .full_description(text(rule.rationale))
        .help(
            MultiformatMessageString::builder()
                .text(help_text(rule))
                .markdown(help_markdown(rule))
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level(rule.severity).to_string()))
                .build(),
        )
        .properties(properties(tags, rule.severity, Some(fix_support(rule))))
        .build();
    descriptor.help_uri = rule.references.first().map(|r| r.to_string());
    descriptor
}

/// What `rampart fix` can do for the rule, as the rule declares it: the source formats it
/// edits and whether the fix is safe (`{"formats": [], "safety": "none"}` without a fix).
fn fix_support(rule: &Rule) -> Value {
    json!({
        "formats": rule.fix_support.formats(),
        "safety": rule.fix_support.safety().map_or("none", |s| s.as_str()),
    })
}

fn stub_descriptor(finding: &Finding) -> ReportingDescriptor {
    ReportingDescriptor::builder()
        .id(finding.rule_id.clone())
        .name(pascal_case(&finding.title))
        .short_description(text(&finding.title))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level(finding.severity).to_string()))
                .build(),
        )
        .properties(properties(
            vec![finding.category.as_str().to_string()],
            finding.severity,
            None,
        ))
        .build()
}

fn properties(tags: Vec<String>, severity: Severity, fix: Option<Value>) -> PropertyBag {
    let mut extra = BTreeMap::new();
    extra.insert(
        "security-severity".to_string(),
        json!(security_severity(severity)),
    );
    if let Some(fix) = fix {
        extra.insert("rampart/fix".to_string(), fix);
    }
    PropertyBag::builder()
        .tags(tags)
        .additional_properties(extra)
        .build()
}

fn result(finding: &Finding, rules: &RuleTable) -> SarifResult {
    let mut location = Location::builder()
        .logical_locations(vec![
            LogicalLocation::builder()
                .name(finding.address.clone())
                .fully_qualified_name(finding.address.clone())
                .kind("resource")
                .build(),
        ])
        .build();
    if let Some(span) = &finding.location {
        location.physical_location = Some(physical_location(
            &span.file,
            region(
                span.start.line,
                span.start.column,
                Some((span.end.line, span.end.column)),
            ),
        ));
    }
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(FINGERPRINT_KEY.to_string(), finding.id.clone());
    let mut extra = BTreeMap::new();
    extra.insert("severity".to_string(), json!(finding.severity.as_str()));
    extra.insert("resourceKind".to_string(), json!(finding.resource_kind));
    if let Some(attribute) = &finding.attribute {
        extra.insert("attribute".to_string(), json!(attribute));
    }
    if let Some(live) = &finding.live {
        // the cloud identity as a second logical location, and as properties for tools
        if let Some(locations) = location.logical_locations.as_mut() {
            locations.push(
                LogicalLocation::builder()
                    .name(live.id.clone())
                    .fully_qualified_name(live.id.clone())
                    .kind("cloudResource")
                    .build(),
            );
        }
        extra.insert("account".to_string(), json!(live.account));
        extra.insert("region".to_string(), json!(live.region));
        extra.insert("arn".to_string(), json!(live.id));
        if let Some(url) = &live.console_url {
            extra.insert("consoleUrl".to_string(), json!(url));
        }
    }
    let mut result = SarifResult::builder()
        .rule_id(finding.rule_id.clone())
        .level(level(finding.severity))
        .message(text_message(&finding.message))
        .locations(vec![location])
        .partial_fingerprints(fingerprints)
        .properties(PropertyBag::builder().additional_properties(extra).build())
        .build();
    result.rule_index = rules.index.get(&*finding.rule_id).map(|i| *i as i64);
    if let Some(suppressed) = &finding.suppressed {
        let kind = match suppressed.by {
            SuppressedBy::Comment => "inSource",
            SuppressedBy::Config | SuppressedBy::Baseline => "external",
        };
        let mut suppression = Suppression::builder()
            .kind(json!(kind))
            .status(json!("accepted"))
            .build();
        suppression.justification = suppressed.reason.clone();
        result.suppressions = Some(vec![suppression]);
    }
    result
}

fn notification(error: &LoadError) -> Notification {
    let level = match error.level {
        ErrorLevel::Error => "error",
        ErrorLevel::Warning => "warning",
    };
    Notification::builder()
        .level(json!(level))
        .message(text_message(&format!(
            "{}:{}:{}: {}",
            error.file, error.line, error.column, error.message
        )))
        .locations(vec![
            Location::builder()
                .physical_location(physical_location(
                    &error.file,
                    region(error.line, error.column, None),
                ))
                .build(),
        ])
        .build()
}

fn undecided_notification(u: &Undecided, rules: &RuleTable) -> Notification {
    let mut rule = ReportingDescriptorReference::builder()
        .id(u.rule_id.clone())
        .build();
    rule.index = rules.index.get(&u.rule_id).map(|i| *i as i64);
    let mut location = Location::builder()
        .logical_locations(vec![
            LogicalLocation::builder()
                .name(u.address.clone())
                .fully_qualified_name(u.address.clone())
                .kind("resource")
                .build(),
        ])
        .build();
    if let Some(span) = &u.location {
        location.physical_location = Some(physical_location(
            &span.file,
            region(span.start.line, span.start.column, None),
        ));
    }
    let mut note = Notification::builder()
        .level(json!("note"))
        .message(text_message(&format!(
            "undecided: {}",
            crate::text::undecided_line(u)
        )))
        .locations(vec![location])
        .build();
    note.associated_rule = Some(rule);
    note
}

fn physical_location(file: &str, region: Option<Region>) -> PhysicalLocation {
    let mut physical = PhysicalLocation::builder()
        .artifact_location(artifact_location(file))
        .build();
    physical.region = region;
    physical
}

/// A region, or none when the position is unknown (line 0). Columns are 1-based code points;
/// the end column is exclusive, as SARIF defines it.
fn region(line: u32, column: u32, end: Option<(u32, u32)>) -> Option<Region> {
    if line == 0 {
        return None;
    }
    let mut region = Region::builder().start_line(line as i64).build();
    if column >= 1 {
        region.start_column = Some(column as i64);
    }
    if let Some((end_line, end_column)) = end
        && end_line >= line
        && end_column >= 1
        && (end_line, end_column) >= (line, column)
    {
        region.end_line = Some(end_line as i64);
        region.end_column = Some(end_column as i64);
    }
    Some(region)
}

/// Relative paths become `%SRCROOT%`-relative URI references with forward slashes; absolute
/// ones become `file://` URIs. Both are percent-encoded (spaces, non-ASCII).
pub(crate) fn artifact_location(file: &str) -> ArtifactLocation {
    let slashed = file.replace('\\', "/");
    let is_windows_drive = slashed.as_bytes().get(1) == Some(&b':')
        && slashed
            .as_bytes()
            .first()
            .is_some_and(|b| b.is_ascii_alphabetic());
    if slashed.starts_with('/') || is_windows_drive {
        let path = if is_windows_drive {
            format!("/{slashed}")
        } else {
            slashed
        };
        let uri = format!("file://{}", percent_encode(&path, true));
        ArtifactLocation::builder().uri(uri).build()
    } else {
        let mut relative = slashed.as_str();
        while let Some(rest) = relative.strip_prefix("./") {
            relative = rest;
        }
        ArtifactLocation::builder()
            .uri(percent_encode(relative, false))
            .uri_base_id(SRCROOT)
            .build()
    }
}

/// Keeps RFC 3986 unreserved characters and `/` (and `:` in absolute paths, for drive
/// letters); encodes every other byte, so a relative path can never read as a scheme.
fn percent_encode(path: &str, keep_colon: bool) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/')
            || (keep_colon && byte == b':');
        if keep {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

pub(crate) fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Critical | Severity::High => ResultLevel::Error,
        Severity::Medium => ResultLevel::Warning,
        Severity::Low | Severity::Info => ResultLevel::Note,
    }
}

/// The score GitHub code scanning maps to critical (>= 9.0), high (>= 7.0), medium (>= 4.0),
/// low (> 0.0) and none.
pub(crate) fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

fn help_text(rule: &Rule) -> String {
    let mut help = format!("{}\n\nRemediation: {}", rule.rationale, rule.remediation);
    if !rule.references.is_empty() {
        help.push_str("\n\nReferences:");
        for reference in rule.references {
            help.push_str(&format!("\n- {reference}"));
        }
    }
    help
}

fn help_markdown(rule: &Rule) -> String {
    let mut help = format!(
        "**{}** ({} severity, {})\n\n{}\n\n### Remediation\n\n{}",
        rule.title,
        rule.severity,
        rule.category.as_str(),
        rule.rationale,
        rule.remediation
    );
    if !rule.references.is_empty() {
        help.push_str("\n\n### References\n");
        for reference in rule.references {
            help.push_str(&format!("\n- <{reference}>"));
        }
    }
    if !rule.aliases.is_empty() {
        let aliases: Vec<String> = rule.aliases.iter().map(|a| format!("`{a}`")).collect();
        help.push_str(&format!("\n\nAlso known as: {}", aliases.join(", ")));
    }
    help
}

fn text(s: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s).build()
}

fn text_message(s: &str) -> Message {
    Message::builder().text(s).build()
}

/// `EBS volume is not encrypted` -> `EbsVolumeIsNotEncrypted`: a readable SARIF rule name.
fn pascal_case(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            let first: String = chars
                .next()
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default();
            first + &chars.as_str().to_lowercase()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_written_one_at_a_time_equal_the_log_serialised_at_once() {
        use rampart_model::{Category, Position, Span};
        let finding = |line: u32, message: &str| {
            let at = Position { line, column: 3 };
            Finding {
                id: format!("id{line}"),
                rule_id: "X-001".into(),
                title: "t".into(),
                severity: Severity::High,
                category: Category::Data,
                message: message.into(),
                address: "a.b".into(),
                resource_kind: "a".into(),
                model_kind: "a".into(),
                attribute: Some("x.0.y".into()),
                model_attribute: Some("x.0.y".into()),
                location: Some(Span {
                    file: std::sync::Arc::from("dir/main.tf"),
                    start_byte: 0,
                    end_byte: 1,
                    start: at,
                    end: at,
                }),
                suppressed: None,
                live: None,
                attack_path: None,
            }
        };
        let findings = [
            finding(1, "first \"quoted\"\nsecond line"),
            finding(7, "\"results\": [] inside a message"),
        ];
        let sources = BTreeMap::new();
        let report = Report {
            findings: &findings,
            errors: &[],
            rules: &[],
            sources: &sources,
            files_scanned: 1,
            resources_scanned: 1,
            min_severity: Severity::Info,
            show_suppressed: false,
            undecided: &[],
            show_undecided: false,
            color: false,
            tool_version: "0.0.0",
        };
        let mut streamed = Vec::new();
        render(&report, &mut streamed).unwrap();
        let descriptors = RuleTable::new(&report);
        // the streaming path is taken, not the one-shot fallback
        let skeleton = serde_json::to_string_pretty(&log(&report, &descriptors, Vec::new()));
        assert!(results_slot(&skeleton.unwrap()).is_some());
        let results = report
            .findings_at_threshold()
            .into_iter()
            .map(|f| result(f, &descriptors))
            .collect();
        let mut whole = serde_json::to_vec_pretty(&log(&report, &descriptors, results)).unwrap();
        whole.push(b'\n');
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            String::from_utf8(whole).unwrap()
        );
    }

    #[test]
    fn relative_uris_never_look_like_a_scheme_or_absolute() {
        let location = artifact_location("team:a/x.tf");
        assert_eq!(location.uri.as_deref(), Some("team%3Aa/x.tf"));
        assert_eq!(location.uri_base_id.as_deref(), Some(SRCROOT));
        assert_eq!(
            artifact_location("./././a b/#1.tf").uri.as_deref(),
            Some("a%20b/%231.tf")
        );
    }

    #[test]
    fn rule_names_are_pascal_case_of_the_title() {
        assert_eq!(
            pascal_case("EBS volume is not encrypted"),
            "EbsVolumeIsNotEncrypted"
        );
        assert_eq!(
            pascal_case("S3 bucket: public-read ACL"),
            "S3BucketPublicReadAcl"
        );
    }

    #[test]
    fn regions_drop_unknown_or_backwards_positions() {
        assert!(region(0, 0, None).is_none());
        let backwards = region(5, 3, Some((4, 1))).expect("line 5 is known");
        assert_eq!((backwards.start_line, backwards.end_line), (Some(5), None));
        let whole_line = region(2, 0, None).expect("line 2 is known");
        assert_eq!(whole_line.start_column, None);
    }
}
