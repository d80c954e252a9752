use super::common::*;
use rampart_model::Severity;
use rampart_report::{Format, Summary};

const FORMATS: [Format; 4] = [Format::Text, Format::Json, Format::Sarif, Format::Junit];

#[test]
fn rendering_is_deterministic_and_independent_of_input_order() {
    let fx = Fixture::new();
    let mut reversed = Fixture::new();
    reversed.findings.reverse();
    reversed.errors.reverse();
    reversed.rules.reverse();
    for format in FORMATS {
        for show_suppressed in [false, true] {
            let first =
                render_to_string(format, &fx.report(Severity::Info, show_suppressed, false));
            let second =
                render_to_string(format, &fx.report(Severity::Info, show_suppressed, false));
            assert_eq!(first, second, "{format:?} twice");
            let shuffled = render_to_string(
                format,
                &reversed.report(Severity::Info, show_suppressed, false),
            );
            assert_eq!(first, shuffled, "{format:?} with input in another order");
        }
    }
}

#[test]
fn every_format_shows_the_load_error_with_its_position() {
    let fx = Fixture::new();
    // JSON keeps line and column as numbers (checked below); the others spell file:line:col
    for format in [Format::Text, Format::Sarif, Format::Junit] {
        let out = render_to_string(format, &fx.report(Severity::Critical, false, false));
        assert!(
            out.contains("broken.tf:4:7"),
            "{format:?} lacks broken.tf:4:7:\n{out}"
        );
        assert!(
            out.contains("unexpected token"),
            "{format:?} lacks the message"
        );
    }
    let json = render_json(Format::Json, &fx.report(Severity::Critical, false, false));
    let error = &json["errors"][0];
    assert_eq!(error["file"], "broken.tf");
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(4), Some(7))
    );
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("unexpected token"))
    );
}

#[test]
fn no_format_shows_findings_below_the_threshold() {
    let fx = Fixture::new();
    for format in FORMATS {
        let out = render_to_string(format, &fx.report(Severity::Critical, true, false));
        for address in [
            "aws_ebs_volume.data",
            "aws_ebs_volume.scratch",
            "aws_s3_bucket.logs",
            "aws_security_group.ssh",
        ] {
            assert!(
                !out.contains(address),
                "{format:?} shows {address} below the critical threshold"
            );
        }
        let out = render_to_string(format, &fx.report(Severity::Medium, true, false));
        assert!(
            !out.contains("aws_s3_bucket.logs"),
            "{format:?} shows a low finding at medium"
        );
        assert!(
            out.contains("aws_security_group.ssh"),
            "{format:?} hides a medium finding at medium"
        );
    }
}

#[test]
fn summary_counts_every_finding_once() {
    let fx = Fixture::new();
    let summary = Summary::of(&fx.report(Severity::Medium, false, false));
    assert_eq!(summary.findings, 3);
    assert_eq!(
        (
            summary.by_severity.high,
            summary.by_severity.medium,
            summary.by_severity.low
        ),
        (1, 2, 0)
    );
    assert_eq!(summary.below_threshold, 1);
    assert_eq!(summary.suppressed.total, 2);
    assert_eq!(
        summary.findings + summary.below_threshold + summary.suppressed.total,
        fx.findings.len()
    );
    assert_eq!(
        (summary.errors, summary.warnings, summary.rules_run),
        (1, 1, 4)
    );
}

#[test]
fn an_empty_scan_renders_in_every_format() {
    let empty = Fixture::empty();
    let report = empty.report(Severity::Info, false, false);
    assert_eq!(
        render_to_string(Format::Text, &report),
        "no findings in 3 files, 5 resources\n"
    );
    assert_eq!(
        render_json(Format::Json, &report)["findings"],
        serde_json::json!([])
    );
    assert_eq!(
        render_json(Format::Sarif, &report)["runs"][0]["results"],
        serde_json::json!([])
    );
    assert!(render_to_string(Format::Junit, &report).contains("tests=\"0\""));
}

/// Timing, run by hand: `cargo test -p rampart_report --release -- --ignored --nocapture`.
/// 50,000 findings over 100 files of 5,000 lines each.
#[test]
#[ignore]
fn large_report_timing() {
    use std::sync::Arc;
    let line = "  encrypted = false\n";
    let text: String = line.repeat(5_000);
    let mut fx = Fixture::new();
    fx.findings.clear();
    fx.sources.clear();
    for file in 0..100 {
        let path = format!("dir {file}/main.tf");
        fx.sources
            .insert(Arc::from(path.as_str()), Arc::from(text.as_str()));
        for n in 0..500 {
            let span = span_of(&path, &text, "encrypted = false", n * 10);
            let address = format!("aws_ebs_volume.v{file}_{n}");
            fx.findings.push(finding(
                ebs_rule(),
                &address,
                Some("encrypted"),
                Some(span),
                "not encrypted",
            ));
        }
    }
    let report = fx.report(Severity::Info, false, false);
    for format in FORMATS {
        let start = std::time::Instant::now();
        let bytes = render_to_string(format, &report).len();
        println!(
            "{format:?}: {:?} for {} findings, {bytes} bytes",
            start.elapsed(),
            fx.findings.len()
        );
    }
}
