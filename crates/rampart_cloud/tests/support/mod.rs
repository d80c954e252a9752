//! Test support: a real moto server (PyPI `moto[server]`) on 127.0.0.1, and a loopback proxy
//! in front of it that refuses chosen services the way AWS does. Tests never skip: a missing
//! virtualenv is created (under a file lock, so parallel test binaries do not race), and a
//! failure to start moto fails the test with the reason.
//!
//! One moto per test binary, started on first use on a free port. It dies with the test
//! process: a watchdog thread in the Python process exits when its parent is gone.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::zombie_processes
)] // test support: a failed step fails the test; moto ends with the test process

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub fn venv_dir() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    home.join(".cache").join("rampart-moto-venv")
}

fn python() -> PathBuf {
    venv_dir().join("bin").join("python")
}

fn moto_importable() -> bool {
    Command::new(python())
        .args(["-c", "import moto.server, flask"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Makes sure `~/.cache/rampart-moto-venv` has `moto[server]`, creating it if needed.
pub fn ensure_venv() {
    if moto_importable() {
        return;
    }
    let dir = venv_dir();
    if let Some(parent) = dir.parent() {
        std::fs::create_dir_all(parent).expect("create ~/.cache");
    }
    let lock_path = dir.with_extension("lock");
    let lock = std::fs::File::create(&lock_path).expect("create the venv lock file");
    lock.lock().expect("lock the venv lock file");
    // another process may have finished the venv while this one waited
    if !moto_importable() {
        let status = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&dir)
            .status()
            .expect("run python3 -m venv");
        assert!(status.success(), "python3 -m venv {} failed", dir.display());
        let status = Command::new(dir.join("bin").join("pip"))
            .args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "moto[server]",
            ])
            .status()
            .expect("run pip install moto[server]");
        assert!(status.success(), "pip install moto[server] failed");
        assert!(
            moto_importable(),
            "moto[server] installed but `import moto.server` fails"
        );
    }
    let _ = lock.unlock();
}

/// The `aws` CLI of `~/.cache/rampart-awscli-venv` (the venv rampart_fix's awscli test uses),
/// created under a file lock when missing.
pub fn aws_cli() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let dir = home.join(".cache").join("rampart-awscli-venv");
    let aws = dir.join("bin").join("aws");
    let works = || {
        Command::new(&aws)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if works() {
        return aws;
    }
    std::fs::create_dir_all(home.join(".cache")).expect("create ~/.cache");
    let lock =
        std::fs::File::create(dir.with_extension("lock")).expect("create the venv lock file");
    lock.lock().expect("lock the venv lock file");
    if !works() {
        let ok = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success())
            && Command::new(dir.join("bin").join("pip"))
                .args([
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "awscli",
                ])
                .status()
                .is_ok_and(|s| s.success());
        assert!(
            ok && works(),
            "could not create {} with awscli",
            dir.display()
        );
    }
    let _ = lock.unlock();
    aws
}

/// A running moto server.
pub struct Moto {
    pub endpoint: String,
    pub port: u16,
    _child: Child,
}

/// Runs moto's server (the `moto_server` entry point) with a watchdog on the test process.
const LAUNCHER: &str = r#"
import os, sys, threading, time
parent = int(sys.argv[1])
def watch():
    while True:
        try:
            os.kill(parent, 0)
        except OSError:
            os._exit(0)
        time.sleep(0.5)
threading.Thread(target=watch, daemon=True).start()
from moto.server import main
main(["-H", "127.0.0.1", "-p", sys.argv[2]])
"#;

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind a free loopback port")
}

/// The moto server of this test binary.
pub fn moto() -> &'static Moto {
    static MOTO: OnceLock<Moto> = OnceLock::new();
    MOTO.get_or_init(start_moto)
}

fn start_moto() -> Moto {
    ensure_venv();
    let mut last = String::new();
    for _ in 0..3 {
        let port = free_port();
        let mut child = Command::new(python())
            .args(["-c", LAUNCHER])
            .arg(std::process::id().to_string())
            .arg(port.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto");
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = child.try_wait() {
                last = format!("moto exited with {status} on port {port}");
                break;
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Moto {
                    endpoint: format!("http://127.0.0.1:{port}"),
                    port,
                    _child: child,
                };
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        if last.is_empty() {
            last = format!("moto did not listen on port {port} within 60 s");
        }
    }
    panic!("could not start moto: {last}");
}

/// The SDK configuration of tests: moto's endpoint, fixed test credentials, a region.
pub async fn sdk_config(endpoint: &str, region: &str) -> aws_config::SdkConfig {
    config_loader(endpoint, region).load().await
}

pub fn config_loader(endpoint: &str, region: &str) -> aws_config::ConfigLoader {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(aws_config::Region::new(region.to_string()))
        .credentials_provider(aws_sdk_sts::config::Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "rampart-tests",
        ))
}

pub fn s3_client(config: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(config)
            .force_path_style(true)
            .build(),
    )
}

/// A loopback proxy in front of moto that answers every request signed for one of `denied`
/// services (the service of the SigV4 credential scope) with that service's access-denied
/// error, as AWS does, and forwards everything else (with CloudTrail's target header in the
/// form moto routes).
pub struct DenyingProxy {
    pub endpoint: String,
}

impl DenyingProxy {
    pub fn start(upstream_port: u16, denied: &'static [&'static str]) -> DenyingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let port = listener.local_addr().expect("proxy address").port();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                std::thread::spawn(move || {
                    let _ = serve(stream, upstream_port, denied);
                });
            }
        });
        DenyingProxy {
            endpoint: format!("http://127.0.0.1:{port}"),
        }
    }
}

/// One request per connection: read it, answer or forward it, close.
fn serve(mut client: TcpStream, upstream_port: u16, denied: &[&str]) -> std::io::Result<()> {
    client.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = client.read(&mut chunk)?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let length = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = client.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let service = head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("authorization:"))
        .and_then(|l| l.split("Credential=").nth(1))
        .and_then(|c| c.split('/').nth(3))
        .unwrap_or("")
        .to_string();
    if denied.contains(&service.as_str()) {
        let body = denial_body(&service);
        let response = format!(
            "HTTP/1.1 403 Forbidden\r\ncontent-type: text/xml\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        client.write_all(response.as_bytes())?;
        return client.shutdown(Shutdown::Both);
    }
    // forward with `connection: close`, so the answer ends with the upstream's EOF
    let mut forwarded = String::new();
    for line in head[..head_end - 4].split("\r\n") {
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("connection:") {
            continue;
        }
        // moto routes CloudTrail only by the long target prefix botocore sends; the AWS SDK
        // for Rust sends the short one, which AWS accepts (docs/live-aws.md, emulator gaps)
        if lower.starts_with("x-amz-target:") && lower.contains(" cloudtrail_20131101.") {
            let action = line.rsplit('.').next().unwrap_or("");
            forwarded.push_str(&format!(
                "x-amz-target: com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.{action}\r\n"
            ));
            continue;
        }
        forwarded.push_str(line);
        forwarded.push_str("\r\n");
    }
    forwarded.push_str("connection: close\r\n\r\n");
    let mut upstream = TcpStream::connect(("127.0.0.1", upstream_port))?;
    upstream.write_all(forwarded.as_bytes())?;
    upstream.write_all(&buf[head_end..])?;
    let mut answer = Vec::new();
    upstream.read_to_end(&mut answer)?;
    client.write_all(&answer)?;
    client.shutdown(Shutdown::Both)
}

/// The error document each protocol uses for "not allowed".
fn denial_body(service: &str) -> String {
    match service {
        "ec2" => "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>r-1</RequestID></Response>".into(),
        "s3" => "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>r-1</RequestId></Error>".into(),
        _ => "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/auditor is not authorized to perform this action</Message></Error><RequestId>r-1</RequestId></ErrorResponse>".into(),
    }
}
