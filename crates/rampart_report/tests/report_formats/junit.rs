use super::common::*;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use rampart_model::Severity;
use rampart_report::Format;

/// Just enough of an XML tree to count JUnit elements: parsed independently of quick-junit.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn attr(&self, key: &str) -> &str {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("<{}> has no {key}", self.name))
    }
    fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    fn child<'a>(&'a self, name: &'a str) -> Option<&'a Element> {
        self.children_named(name).next()
    }
}

fn element(start: &quick_xml::events::BytesStart) -> Element {
    Element {
        name: String::from_utf8(start.name().as_ref().to_vec()).expect("utf-8 name"),
        attributes: start
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                let key = String::from_utf8(a.key.as_ref().to_vec()).expect("utf-8 key");
                let value = a
                    .normalized_value(XmlVersion::Explicit1_0)
                    .expect("valid escapes")
                    .into_owned();
                (key, value)
            })
            .collect(),
        ..Element::default()
    }
}

fn parse(xml: &str) -> Element {
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![Element::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(start) => stack.push(element(&start)),
            Event::Empty(start) => {
                let leaf = element(&start);
                stack.last_mut().expect("parent").children.push(leaf);
            }
            Event::End(_) => {
                let done = stack.pop().expect("open element");
                stack.last_mut().expect("parent").children.push(done);
            }
            Event::Text(text) => {
                let text = text.xml10_content().expect("valid text").into_owned();
                stack.last_mut().expect("element").text.push_str(&text);
            }
            Event::GeneralRef(reference) => {
                let name = String::from_utf8(reference.to_vec()).expect("utf-8");
                let ch = match name.as_str() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                };
                stack.last_mut().expect("element").text.push_str(ch);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut document = stack.pop().expect("document");
    assert_eq!(document.children.len(), 1, "one root element");
    document.children.pop().expect("root")
}

fn suite<'a>(root: &'a Element, prefix: &str) -> &'a Element {
    root.children_named("testsuite")
        .find(|s| s.attr("name").starts_with(prefix))
        .unwrap_or_else(|| panic!("no suite {prefix}"))
}

#[test]
fn one_suite_per_rule_plus_load_problems_with_consistent_counts() {
    let fx = Fixture::new();
    let xml = render_to_string(Format::Junit, &fx.report(Severity::Info, false, false));
    let root = parse(&xml);
    assert_eq!(root.name, "testsuites");
    let names: Vec<&str> = root
        .children_named("testsuite")
        .map(|s| s.attr("name"))
        .collect();
    assert_eq!(
        names,
        [
            "AWS-EBS-001: EBS volume is not encrypted",
            "TEST-IAM-001: IAM policy allows all actions",
            "TEST-LOG-001: S3 bucket has no access logging",
            "TEST-NET-001: Security group allows SSH from anywhere",
            "rampart load problems",
        ]
    );
    let cases: Vec<&Element> = root
        .children_named("testsuite")
        .flat_map(|s| s.children_named("testcase"))
        .collect();
    let failures = cases
        .iter()
        .filter(|c| c.child("failure").is_some())
        .count();
    let skipped = cases
        .iter()
        .filter(|c| c.child("skipped").is_some())
        .count();
    let errors = cases.iter().filter(|c| c.child("error").is_some()).count();
    // 4 unsuppressed findings; 2 suppressed + 1 load warning skipped; 1 load error
    assert_eq!((cases.len(), failures, skipped, errors), (9, 4, 3, 1));
    assert_eq!(root.attr("tests"), "9");
    assert_eq!(root.attr("failures"), "4");
    assert_eq!(root.attr("skipped"), "3");
    assert_eq!(root.attr("errors"), "1");
}

#[test]
fn failing_cases_name_the_address_and_say_where() {
    let fx = Fixture::new();
    let root = parse(&render_to_string(
        Format::Junit,
        &fx.report(Severity::Info, false, false),
    ));
    let ebs = suite(&root, "AWS-EBS-001");
    let data = ebs
        .children_named("testcase")
        .find(|c| c.attr("name") == "aws_ebs_volume.data")
        .expect("case");
    assert_eq!(data.attr("classname"), "AWS-EBS-001");
    let failure = data.child("failure").expect("failure");
    assert_eq!(
        failure.attr("message"),
        "EBS volume `aws_ebs_volume.data` is not encrypted"
    );
    assert_eq!(failure.attr("type"), "high");
    assert!(
        failure.text.starts_with("main.tf:3:3: EBS volume"),
        "{}",
        failure.text
    );

    let net = suite(&root, "TEST-NET-001");
    let ssh = net
        .children_named("testcase")
        .find(|c| c.attr("name") == "aws_security_group.ssh" && c.child("failure").is_some())
        .expect("ssh case");
    let failure = ssh.child("failure").expect("failure");
    assert_eq!(failure.attr("message"), NET_MESSAGE, "unicode survives");
    assert!(
        failure.text.starts_with("modules/my net/ñet.tf:1:1: "),
        "{}",
        failure.text
    );

    let scratch = ebs
        .children_named("testcase")
        .find(|c| c.attr("name") == "aws_ebs_volume.scratch")
        .expect("case");
    let skipped = scratch
        .child("skipped")
        .expect("suppressed finding is skipped");
    assert_eq!(skipped.attr("type"), "suppressed by comment");
    assert!(skipped.text.contains("scratch volume, no data"));
}

#[test]
fn a_rule_that_found_nothing_is_one_passing_case() {
    let fx = Fixture::new();
    let root = parse(&render_to_string(
        Format::Junit,
        &fx.report(Severity::Info, false, false),
    ));
    let quiet = suite(&root, "TEST-IAM-001");
    let cases: Vec<&Element> = quiet.children_named("testcase").collect();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].attr("name"), "no findings");
    assert!(
        cases[0].children.is_empty(),
        "a passing case has no failure/skipped/error"
    );
}

#[test]
fn load_errors_are_error_cases_named_by_position() {
    let fx = Fixture::new();
    let root = parse(&render_to_string(
        Format::Junit,
        &fx.report(Severity::Critical, false, false),
    ));
    let load = suite(&root, "rampart load problems");
    let broken = load
        .children_named("testcase")
        .find(|c| c.attr("name") == "broken.tf:4:7")
        .expect("error case");
    let error = broken.child("error").expect("<error>");
    assert_eq!(
        error.attr("message"),
        "unexpected token `}`; fix the syntax"
    );
    assert!(error.text.contains("broken.tf:4:7"));
    let warning = load
        .children_named("testcase")
        .find(|c| c.attr("name") == "main.tf:12:1")
        .expect("warning case");
    assert_eq!(
        warning.child("skipped").expect("skipped").attr("type"),
        "load warning"
    );
}

#[test]
fn threshold_turns_filtered_rules_into_passing_cases() {
    let fx = Fixture::new();
    let root = parse(&render_to_string(
        Format::Junit,
        &fx.report(Severity::High, false, false),
    ));
    for prefix in ["TEST-NET-001", "TEST-LOG-001"] {
        let cases: Vec<&Element> = suite(&root, prefix).children_named("testcase").collect();
        assert_eq!(cases.len(), 1, "{prefix}");
        assert_eq!(cases[0].attr("name"), "no findings", "{prefix}");
    }
    assert_eq!(root.attr("failures"), "1");
}
