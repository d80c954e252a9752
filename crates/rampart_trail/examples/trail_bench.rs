//! The throughput benchmark of `bench/trail.sh`:
//!
//! ```text
//! cargo run --release -p rampart_trail --example trail_bench -- generate DIR EVENTS FORMAT
//! cargo run --release -p rampart_trail --example trail_bench -- read PATH
//! ```
//!
//! `generate` writes EVENTS synthetic events shaped like real CloudTrail records (every field a
//! management or S3 data event carries, ~1.2 KB each) in files of 1,000 records, FORMAT one of
//! `json` (CloudTrail log files), `gz` (the same, gzip-compressed, as CloudTrail delivers them)
//! or `jsonl` (JSON Lines, 100,000 a file). 40 principals (users, and roles called through
//! several sessions) make 30 kinds of calls; S3 keys are drawn from a large set, so resource
//! sets fill up and widen. The generator is deterministic.
//!
//! `read` reads and aggregates PATH exactly as the library does for the command and prints
//! events, seconds, events per minute and what the aggregate holds (with `--prove`, then the
//! report and proofs of every principal, timed apart); `bench/trail.sh` runs it
//! under `/usr/bin/time -v` for the peak RSS.

use rampart_trail::{Options, aggregate};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate", dir, events, format] => events
            .parse()
            .map_err(|e| format!("EVENTS: {e}"))
            .and_then(|n| generate(Path::new(dir), n, format)),
        ["read", path] => read(Path::new(path), false),
        ["read", path, "--prove"] => read(Path::new(path), true),
        _ => {
            Err("usage: trail_bench generate DIR EVENTS json|gz|jsonl | read PATH [--prove]".into())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

const CALLS: &[(&str, &str, bool)] = &[
    // (source, name, S3 object call)
    ("s3.amazonaws.com", "GetObject", true),
    ("s3.amazonaws.com", "PutObject", true),
    ("s3.amazonaws.com", "HeadObject", true),
    ("s3.amazonaws.com", "ListObjects", false),
    ("s3.amazonaws.com", "GetBucketAcl", false),
    ("s3.amazonaws.com", "GetBucketLocation", false),
    ("ec2.amazonaws.com", "DescribeInstances", false),
    ("ec2.amazonaws.com", "DescribeSecurityGroups", false),
    ("ec2.amazonaws.com", "DescribeVpcs", false),
    ("ec2.amazonaws.com", "RunInstances", false),
    ("iam.amazonaws.com", "GetRole", false),
    ("iam.amazonaws.com", "ListRoles", false),
    ("iam.amazonaws.com", "PassRole", false),
    ("sts.amazonaws.com", "AssumeRole", false),
    ("sts.amazonaws.com", "GetCallerIdentity", false),
    ("kms.amazonaws.com", "Decrypt", false),
    ("kms.amazonaws.com", "GenerateDataKey", false),
    ("lambda.amazonaws.com", "GetFunction20150331v2", false),
    ("lambda.amazonaws.com", "ListFunctions20150331", false),
    ("dynamodb.amazonaws.com", "GetItem", false),
    ("dynamodb.amazonaws.com", "PutItem", false),
    ("dynamodb.amazonaws.com", "Query", false),
    ("monitoring.amazonaws.com", "PutMetricData", false),
    ("monitoring.amazonaws.com", "GetMetricData", false),
    ("logs.amazonaws.com", "CreateLogStream", false),
    ("logs.amazonaws.com", "DescribeLogGroups", false),
    ("ssm.amazonaws.com", "GetParameter", false),
    ("secretsmanager.amazonaws.com", "GetSecretValue", false),
    ("sqs.amazonaws.com", "SendMessage", false),
    ("signin.amazonaws.com", "ConsoleLogin", false),
];

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn identity(out: &mut String, who: u64, rng: &mut Rng) {
    let account = "111122223333";
    if who < 15 {
        let _ = write!(
            out,
            r#"{{"type":"IAMUser","principalId":"AIDA{who:016}","arn":"arn:aws:iam::{account}:user/user-{who}","accountId":"{account}","accessKeyId":"AKIA{who:016}","userName":"user-{who}"}}"#
        );
    } else {
        let session = rng.below(200);
        let _ = write!(
            out,
            r#"{{"type":"AssumedRole","principalId":"AROA{who:016}:session-{session}","arn":"arn:aws:sts::{account}:assumed-role/role-{who}/session-{session}","accountId":"{account}","accessKeyId":"ASIA{who:016}","sessionContext":{{"sessionIssuer":{{"type":"Role","principalId":"AROA{who:016}","arn":"arn:aws:iam::{account}:role/service/role-{who}","accountId":"{account}","userName":"role-{who}"}},"webIdFederationData":{{}},"attributes":{{"creationDate":"2026-12-01T09:00:00Z","mfaAuthenticated":"false"}}}}}}"#
        );
    }
}

fn event(out: &mut String, n: u64, rng: &mut Rng) {
    let who = rng.below(40);
    // each principal uses a third of the calls
    let call = ((who * 7 + rng.below(10)) % CALLS.len() as u64) as usize;
    let (source, name, object) = CALLS.get(call).copied().unwrap_or(CALLS[0]);
    let minute = n % (60 * 24 * 30);
    let (day, hour, min) = (1 + minute / (60 * 24), (minute / 60) % 24, minute % 60);
    out.push_str(r#"{"eventVersion":"1.09","userIdentity":"#);
    identity(out, who, rng);
    let _ = write!(
        out,
        r#","eventTime":"2026-11-{day:02}T{hour:02}:{min:02}:{:02}Z","eventSource":"{source}","eventName":"{name}","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.{}","userAgent":"aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/s3#1.58.2","requestParameters":"#,
        n % 60,
        rng.below(250)
    );
    if source == "s3.amazonaws.com" {
        let bucket = rng.below(8);
        if object {
            let _ = write!(
                out,
                r#"{{"bucketName":"data-bucket-{bucket}","Host":"data-bucket-{bucket}.s3.us-east-1.amazonaws.com","key":"prefix/{}/object-{}.parquet","x-id":"{name}"}}"#,
                rng.below(100),
                rng.below(100_000)
            );
        } else {
            let _ = write!(
                out,
                r#"{{"bucketName":"data-bucket-{bucket}","Host":"data-bucket-{bucket}.s3.us-east-1.amazonaws.com","list-type":"2","prefix":"prefix/"}}"#
            );
        }
    } else if source == "dynamodb.amazonaws.com" {
        let _ = write!(
            out,
            r#"{{"tableName":"table-{}","key":{{"id":{{"S":"item-{}"}}}},"consistentRead":false}}"#,
            rng.below(5),
            rng.below(1000)
        );
    } else {
        out.push_str(r#"{"maxResults":50,"filterSet":{"items":[{"name":"tag:team","valueSet":{"items":[{"value":"platform"}]}}]}}"#);
    }
    let error = if rng.below(50) == 0 {
        r#""errorCode":"AccessDenied","errorMessage":"User is not authorized to perform this operation","#
    } else {
        ""
    };
    let _ = write!(
        out,
        r#",{error}"responseElements":null,"additionalEventData":{{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy"}},"requestID":"{:016X}","eventID":"{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}","readOnly":true,"resources":[{{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::data-bucket/x"}}],"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333","eventCategory":"Data","tlsDetails":{{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"data-bucket.s3.us-east-1.amazonaws.com"}}}}"#,
        rng.next(),
        rng.next() as u32,
        rng.next() as u16,
        rng.below(0x1000),
        rng.below(0x1000),
        rng.next() & 0xffff_ffff_ffff
    );
}

fn generate(dir: &Path, events: u64, format: &str) -> Result<(), String> {
    let per_file: u64 = if format == "jsonl" { 100_000 } else { 1_000 };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut written = 0;
    let mut file_number = 0;
    let mut text = String::new();
    while written < events {
        let count = per_file.min(events - written);
        text.clear();
        let sub = dir.join(format!("{:03}", file_number / 1000));
        std::fs::create_dir_all(&sub).map_err(|e| format!("{}: {e}", sub.display()))?;
        if format == "jsonl" {
            for i in 0..count {
                event(&mut text, written + i, &mut rng);
                text.push('\n');
            }
        } else {
            text.push_str(r#"{"Records":["#);
            for i in 0..count {
                if i > 0 {
                    text.push(',');
                }
                event(&mut text, written + i, &mut rng);
            }
            text.push_str("]}");
        }
        let stem = format!("111122223333_CloudTrail_us-east-1_20261201T0000Z_{file_number:06}");
        let result = match format {
            "json" => std::fs::write(sub.join(format!("{stem}.json")), &text),
            "jsonl" => std::fs::write(sub.join(format!("{stem}.jsonl")), &text),
            "gz" => std::fs::File::create(sub.join(format!("{stem}.json.gz"))).and_then(|f| {
                let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::default());
                gz.write_all(text.as_bytes())?;
                gz.finish().map(drop)
            }),
            other => return Err(format!("unknown format `{other}`")),
        };
        result.map_err(|e| format!("{}: {e}", sub.display()))?;
        written += count;
        file_number += 1;
    }
    println!(
        "{written} events in {file_number} files under {}",
        dir.display()
    );
    Ok(())
}

fn read(path: &Path, prove: bool) -> Result<(), String> {
    let now = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now());
    let start = Instant::now();
    let usage = aggregate(path, Options::new(now)).map_err(|e| e.to_string())?;
    let seconds = start.elapsed().as_secs_f64();
    let events = usage.counts.events;
    let resources: usize = usage
        .principals
        .values()
        .flat_map(|p| p.actions.values())
        .map(|a| a.resources.len())
        .sum();
    println!(
        "events={events} files={} seconds={seconds:.2} events_per_minute={:.0} principals={} \
         resources={resources} denied={} unmapped={} problems={}",
        usage.read.files,
        events as f64 / seconds * 60.0,
        usage.principals.len(),
        usage.counts.access_denied,
        usage.counts.unmapped,
        usage.read.problem_count
    );
    if prove {
        // every principal without a current policy: each unused high-risk action of the
        // catalogue must be denied on every resource tried
        let start = Instant::now();
        let mut report = rampart_trail::report(&usage, &std::collections::BTreeMap::new())
            .map_err(|e| e.to_string())?;
        let evaluations: usize = report.principals.iter().map(|p| p.proof.evaluations).sum();
        println!(
            "proof: proven={} principals={} evaluations={evaluations} seconds={:.2}",
            report.proven,
            report.principals.len(),
            start.elapsed().as_secs_f64()
        );
        let start = Instant::now();
        rampart_trail::replay(path, Options::new(now), &mut report).map_err(|e| e.to_string())?;
        if let Some(r) = &report.replay {
            println!(
                "replay: holds={} calls={} allowed={} evaluations={} seconds={:.2}",
                r.holds,
                r.calls_checked,
                r.calls_allowed,
                r.evaluations,
                start.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}
