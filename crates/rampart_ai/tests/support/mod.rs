//! A loopback server speaking the chat-completions wire format with scripted responses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rampart_ai::{AiConfig, AiRequest, ApiKey, FindingContext, ProviderKind, Redactor};
use serde_json::{Value, json};

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub delay: Duration,
}

pub fn ok(content: &str) -> Reply {
    let body = json!({"id": "c1", "object": "chat.completion", "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}});
    Reply {
        status: 200,
        headers: vec![],
        body: body.to_string(),
        delay: Duration::ZERO,
    }
}

pub fn status(code: u16, body: &str) -> Reply {
    Reply {
        status: code,
        headers: vec![],
        body: body.into(),
        delay: Duration::ZERO,
    }
}

/// Each recorded request: the raw head (request line + headers) and the body.
pub type Log = Arc<Mutex<Vec<(String, String)>>>;

pub struct Server {
    pub url: String,
    pub log: Log,
    pub handle: JoinHandle<()>,
}

pub fn serve(script: Vec<Reply>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let log: Log = Arc::default();
    let rec = log.clone();
    let handle = std::thread::spawn(move || {
        for reply in script {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
                head.push_str(&line);
            }
            let mut body = vec![0; len];
            reader.read_exact(&mut body).unwrap_or(());
            rec.lock()
                .unwrap()
                .push((head, String::from_utf8_lossy(&body).into_owned()));
            std::thread::sleep(reply.delay);
            let mut out = format!(
                "HTTP/1.1 {} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                reply.status,
                reply.body.len()
            );
            for (k, v) in &reply.headers {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str("\r\n");
            out.push_str(&reply.body);
            let mut s = stream;
            let _ = s.write_all(out.as_bytes());
            let _ = s.flush();
        }
    });
    Server { url, log, handle }
}

pub fn config(url: &str) -> AiConfig {
    AiConfig {
        provider: ProviderKind::OpenAi,
        base_url: url.into(),
        model: "test-model".into(),
        api_key: ApiKey::new("sk-test-SECRET-KEY-123"),
        timeout: Duration::from_secs(5),
        max_retries: 2,
        backoff: Duration::from_millis(10),
        ..AiConfig::default()
    }
}

pub fn request(attrs: &Value) -> AiRequest {
    let finding = FindingContext {
        rule_id: "AWS-S3-001".into(),
        title: "S3 bucket allows public read".into(),
        severity: "high".into(),
        explanation: "Anyone on the internet can read the objects.".into(),
        remediation: "Enable the public access block.\nRemove the public-read ACL.".into(),
        resource_kind: "aws_s3_bucket".into(),
        safe: true,
    };
    AiRequest::new(finding, attrs, &[], &Redactor::default())
}

pub const GOOD: &str = r#"{"explanation":"public bucket","steps":["block public access"],"edit":{"format":"terraform","patch":false,"text":"acl = \"private\""},"cli":["aws s3api put-public-access-block --bucket <BUCKET_1>"],"risk":{"level":"safe","reason":"no readers"}}"#;
