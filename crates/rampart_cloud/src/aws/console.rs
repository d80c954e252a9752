//! Console pages of collected resources, so a finding links straight to what it is about.

pub fn s3_bucket(bucket: &str, region: &str) -> String {
    format!("https://s3.console.aws.amazon.com/s3/buckets/{bucket}?region={region}")
}

pub fn iam(section: &str, name: &str) -> String {
    format!(
        "https://console.aws.amazon.com/iam/home#/{section}/details/{}",
        encode(name)
    )
}

pub fn ec2(region: &str, fragment: &str) -> String {
    format!("https://{region}.console.aws.amazon.com/ec2/home?region={region}#{fragment}")
}

pub fn vpc(region: &str, fragment: &str) -> String {
    format!("https://{region}.console.aws.amazon.com/vpcconsole/home?region={region}#{fragment}")
}

pub fn s3_account_settings() -> String {
    "https://s3.console.aws.amazon.com/s3/settings".to_string()
}

/// Percent-encodes everything but unreserved characters (an ARN in a URL fragment).
fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn console_urls_name_the_resource() {
        assert_eq!(
            super::iam("policies", "arn:aws:iam::1:policy/x"),
            "https://console.aws.amazon.com/iam/home#/policies/details/arn%3Aaws%3Aiam%3A%3A1%3Apolicy%2Fx"
        );
        assert_eq!(
            super::ec2("eu-west-1", "InstanceDetails:instanceId=i-1"),
            "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#InstanceDetails:instanceId=i-1"
        );
    }
}
