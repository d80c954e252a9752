#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

//! Planted identifiers and secrets in 1,000 random resources never reach the wire.

mod support;

use rampart_ai::{OpenAiProvider, Verdict, answer_verified};
use serde_json::json;
use support::*;

/// xorshift: deterministic, no extra dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize] as char)
            .collect()
    }
}

const UPPER_NUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B62: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";

#[test]
fn planted_values_never_reach_the_wire_and_are_restored() {
    const N: usize = 1000;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let answer = r#"{"explanation":"<ACCOUNT_1> <IP_1>","steps":["x"],"edit":null,"cli":[],"risk":{"level":"safe","reason":"r"}}"#;
    let srv = serve((0..N).map(|_| ok(answer)).collect());
    let p = OpenAiProvider::new(config(&srv.url)).unwrap();
    let mut planted_all = Vec::new();
    for _ in 0..N {
        let account = format!("{:012}", rng.next() % 1_000_000_000_000);
        let bucket = format!("corp-{}", rng.pick(LOWER, 10));
        let ip = format!(
            "10.{}.{}.{}",
            rng.next() % 256,
            rng.next() % 256,
            rng.next() % 256
        );
        let ip6 = format!(
            "2001:db8:{:x}::{:x}",
            rng.next() % 65536,
            rng.next() % 65536
        );
        let email = format!("{}@{}.com", rng.pick(LOWER, 6), rng.pick(LOWER, 7));
        let akid = format!("AKIA{}", rng.pick(UPPER_NUM, 16));
        let key_body = rng.pick(B62, 64);
        let token = rng.pick(B62, 32);
        let role = format!("arn:aws:iam::{account}:role/{}", rng.pick(LOWER, 8));
        let attrs = json!({
            "owner_id": account,
            "bucket": bucket,
            "cidr_blocks": [format!("{ip}/32"), "0.0.0.0/0"],
            "ipv6_cidr_blocks": [ip6, "::/0"],
            "policy": format!("{{\"Principal\":{{\"AWS\":\"{role}\"}},\"Resource\":\"arn:aws:s3:::{bucket}/*\"}}"),
            "tags": {"Contact": email, "Deploy": format!("key {akid} token {token}"),
                // Not under a secret-looking key, so the private-key pattern itself is tested.
                "Bootstrap": format!("-----BEGIN RSA PRIVATE KEY-----\n{key_body}\n-----END RSA PRIVATE KEY-----")},
        });
        let req = request(&attrs);
        let (acc, ip_c) = (account.clone(), format!("{ip}/32"));
        let out = answer_verified(
            &p,
            &req,
            |a| {
                if a.explanation == format!("{acc} {ip_c}") {
                    Ok(())
                } else {
                    Err(format!("not restored: {}", a.explanation))
                }
            },
            0,
        );
        assert_eq!(out.verdict, Verdict::Verified, "{:?}", out.attempts);
        planted_all.push(vec![
            account, bucket, ip, email, akid, key_body, token, role,
        ]);
    }
    let log = srv.log.lock().unwrap();
    assert_eq!(log.len(), N);
    for ((head, body), planted) in log.iter().zip(&planted_all) {
        let wire = format!("{head}{body}");
        for value in planted {
            assert!(
                !wire.contains(value.as_str()),
                "{value} reached the wire:\n{body}"
            );
        }
        assert!(wire.contains("0.0.0.0/0") && wire.contains("::/0"));
    }
}
