use super::common::*;
use rampart_model::Severity;
use rampart_report::Format;

/// The whole plain report, read and checked by hand once: grouping by file, snippets with
/// line numbers and markers, the block cut after 6 lines, escaped control characters, load
/// problems with file:line:col, the summary line.
const EXPECTED_PLAIN: &str = r#"main.tf
  [HIGH] AWS-EBS-001 EBS volume is not encrypted
    at aws_ebs_volume.data (attribute `encrypted`), main.tf:3:3
    EBS volume `aws_ebs_volume.data` is not encrypted
    > 3 |   encrypted = false

  [LOW] TEST-LOG-001 S3 bucket has no access logging
    at aws_s3_bucket.logs, main.tf:11:1
    bucket `logs` has no access logging
    > 11 | resource "aws_s3_bucket" "logs" {
      12 |   bucket = "logs"
      13 | }

modules/my net/ñet.tf
  [MEDIUM] TEST-NET-001 Security group allows SSH from anywhere
    at aws_security_group.ssh, modules/my net/ñet.tf:1:1
    Sicherheitsgruppe öffnet Port 22 für 0.0.0.0/0 — 🚪
    > 1 | resource "aws_security_group" "ssh" {
      2 |   name = "ssh"
      3 |   ingress {
      4 |     from_port   = 22
      5 |     to_port     = 22
      6 |     protocol    = "tcp"
      ... 4 more lines

(resources without a source file)
  [MEDIUM] TEST-NET-001 Security group allows SSH from anywhere
    at aws_security_group.live
    security group `live` allows \u{1b}[2Jall traffic

load problems
  broken.tf:4:7: error: unexpected token `}`; fix the syntax
  main.tf:12:1: warning: remote module `git::https://x/y` not loaded; vendor it

4 findings (1 high, 2 medium, 1 low) in 3 files, 5 resources; 2 suppressed (1 by comment, 1 by baseline); 1 error; 1 warning
"#;

#[test]
fn plain_report_matches_the_reviewed_text() {
    let fx = Fixture::new();
    let text = render_to_string(Format::Text, &fx.report(Severity::Info, false, false));
    assert_eq!(text, EXPECTED_PLAIN);
}

#[test]
fn suppressed_findings_are_counted_but_listed_only_on_request() {
    let fx = Fixture::new();
    let hidden = render_to_string(Format::Text, &fx.report(Severity::Info, false, false));
    assert!(!hidden.contains("aws_ebs_volume.scratch"));
    assert!(!hidden.contains("suppressed by"));
    assert!(hidden.contains("2 suppressed (1 by comment, 1 by baseline)"));

    let shown = render_to_string(Format::Text, &fx.report(Severity::Info, true, false));
    assert!(shown.contains("at aws_ebs_volume.scratch (attribute `encrypted`), main.tf:8:3"));
    assert!(shown.contains("suppressed by comment: scratch volume, no data"));
    assert!(shown.contains("suppressed by baseline: in baseline"));
    assert!(shown.contains("    > 8 |   encrypted = false"));
    assert!(shown.contains("    > 9 |   egress {}"));
    assert!(shown.contains("2 suppressed (1 by comment, 1 by baseline)"));
}

#[test]
fn threshold_hides_lower_severities_and_says_how_many() {
    let fx = Fixture::new();
    let text = render_to_string(Format::Text, &fx.report(Severity::High, false, false));
    assert!(text.contains("AWS-EBS-001"));
    assert!(
        !text.contains("TEST-NET-001"),
        "medium finding shown above a high threshold"
    );
    assert!(
        !text.contains("TEST-LOG-001"),
        "low finding shown above a high threshold"
    );
    assert!(
        !text.contains("modules/my net"),
        "a file with only filtered findings gets a header"
    );
    assert!(text.ends_with(
        "1 finding (1 high) in 3 files, 5 resources; 2 suppressed (1 by comment, 1 by baseline); \
         3 below the high threshold; 1 error; 1 warning\n"
    ));

    let none = render_to_string(Format::Text, &fx.report(Severity::Critical, true, false));
    assert!(!none.contains("[HIGH]") && !none.contains("[MEDIUM]"));
    assert!(none.contains("no findings in 3 files"));
    // the load problems are shown whatever the threshold
    assert!(none.contains("broken.tf:4:7: error: unexpected token"));
}

#[test]
fn colour_off_has_no_escape_codes_even_from_hostile_messages() {
    let fx = Fixture::new();
    for show_suppressed in [false, true] {
        let text = render_to_string(
            Format::Text,
            &fx.report(Severity::Info, show_suppressed, false),
        );
        assert!(
            !text.contains('\u{1b}'),
            "escape code in uncoloured text:\n{text}"
        );
    }
}

#[test]
fn colour_on_paints_severities_but_still_escapes_message_text() {
    let fx = Fixture::new();
    let text = render_to_string(Format::Text, &fx.report(Severity::Info, false, true));
    assert!(text.contains("\u{1b}[31m[HIGH]\u{1b}[0m"), "high is red");
    assert!(
        text.contains("\u{1b}[33m[MEDIUM]\u{1b}[0m"),
        "medium is yellow"
    );
    assert!(
        text.contains("\u{1b}[31merror\u{1b}[0m"),
        "load errors are red"
    );
    // the clear-screen sequence from the scanned data stays inert
    assert!(!text.contains("\u{1b}[2J"));
    assert!(text.contains("allows \\u{1b}[2Jall traffic"));
}

#[test]
fn unknown_source_text_still_lists_the_finding_without_a_snippet() {
    let mut fx = Fixture::new();
    fx.sources.clear();
    let text = render_to_string(Format::Text, &fx.report(Severity::Info, false, false));
    assert!(text.contains("at aws_ebs_volume.data (attribute `encrypted`), main.tf:3:3"));
    assert!(
        !text.contains(" | "),
        "no snippet without the file text:\n{text}"
    );
}

#[test]
fn a_missing_attribute_reported_at_its_block_marks_only_the_first_line() {
    let mut fx = Fixture::new();
    let block = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}";
    fx.findings = vec![finding(
        &LOG_RULE,
        "aws_s3_bucket.logs",
        Some("logging"),
        Some(span_of(MAIN_TF, MAIN_TEXT, block, 0)),
        "no logging block",
    )];
    let text = render_to_string(Format::Text, &fx.report(Severity::Info, false, false));
    assert!(text.contains("    > 11 | resource \"aws_s3_bucket\" \"logs\" {\n      12 |   bucket = \"logs\"\n      13 | }\n"), "{text}");
}

#[test]
fn a_multi_line_attribute_marks_every_line() {
    let mut fx = Fixture::new();
    fx.findings = vec![finding(
        &NET_RULE,
        "aws_security_group.ssh",
        Some("ingress.0"),
        Some(span_of(
            NET_TF,
            NET_TEXT,
            "ingress {\n    from_port   = 22\n    to_port     = 22\n",
            0,
        )),
        "ingress open",
    )];
    let text = render_to_string(Format::Text, &fx.report(Severity::Info, false, false));
    assert!(text.contains("    > 3 |   ingress {\n    > 4 |     from_port   = 22\n    > 5 |     to_port     = 22\n\n"), "{text}");
}

#[test]
fn secrets_findings_never_print_the_source_lines() {
    let mut fx = Fixture::new();
    let source = "resource \"aws_instance\" \"app\" {\n  user_data = \"export AWS_SECRET_ACCESS_KEY=q8Vt3nW0rPz6LkYb2HcXe9Jm4FsUd7Ga1RyTi5Qo\"\n}\n";
    fx.sources.insert("app.tf".into(), source.into());
    let mut secret = finding(
        &NET_RULE,
        "aws_instance.app",
        Some("user_data"),
        Some(span_of("app.tf", source, "user_data = ", 0)),
        "user data holds an AWS secret access key `****`",
    );
    secret.category = rampart_model::Category::Secrets;
    fx.findings = vec![secret];
    let text = render_to_string(Format::Text, &fx.report(Severity::Info, false, false));
    assert!(text.contains("app.tf:2:3"));
    assert!(text.contains("(source lines not shown: they hold a secret)"));
    assert!(
        !text.contains("q8Vt3nW0"),
        "secret leaked into the report:\n{text}"
    );
}
