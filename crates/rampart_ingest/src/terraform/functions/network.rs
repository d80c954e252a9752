//! IP network functions: `cidrhost`, `cidrnetmask`, `cidrsubnet`, `cidrsubnets`, for IPv4 and
//! IPv6. Addresses are handled as `u128` within a 32- or 128-bit space; host bits in the given
//! prefix are ignored, as Terraform does.
//!
//! Must never: shift or add past the address width (every step is checked).

use super::{Function, VARIADIC, integer_arg, string_arg};
use ipnet::IpNet;
use rampart_model::Value;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

pub(super) const FUNCTIONS: &[Function] = &[
    Function::strict("cidrhost", 2, 2, cidrhost),
    Function::strict("cidrnetmask", 1, 1, cidrnetmask),
    Function::strict("cidrsubnet", 3, 3, cidrsubnet),
    Function::strict("cidrsubnets", 1, VARIADIC, cidrsubnets),
];

/// A network as numbers: its first address, prefix length and address width (32 or 128).
#[derive(Clone, Copy)]
struct Network {
    address: u128,
    prefix: u32,
    bits: u32,
}

impl Network {
    fn parse(text: &str) -> Result<Network, String> {
        let net: IpNet = decimal_octets(text)
            .parse()
            .map_err(|_| format!("invalid CIDR expression `{text}`; write it like 10.0.0.0/16"))?;
        let (address, bits) = match net.network() {
            IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
            IpAddr::V6(v6) => (u128::from(v6), 128),
        };
        Ok(Network {
            address,
            prefix: u32::from(net.prefix_len()),
            bits,
        })
    }

    /// Mask of the low `host_bits` bits.
    fn low_mask(host_bits: u32) -> u128 {
        1u128
            .checked_shl(host_bits)
            .map_or(u128::MAX, |v| v.wrapping_sub(1))
    }

    /// Mask of every address bit of the space.
    fn space_mask(&self) -> u128 {
        Self::low_mask(self.bits)
    }

    /// Mask keeping the first `prefix` bits of an address of this space.
    fn prefix_mask(&self, prefix: u32) -> u128 {
        self.space_mask() & !Self::low_mask(self.bits.saturating_sub(prefix))
    }

    fn address_text(&self, address: u128) -> String {
        if self.bits == 32 {
            Ipv4Addr::from(u32::try_from(address).unwrap_or(u32::MAX)).to_string()
        } else {
            Ipv6Addr::from(address).to_string()
        }
    }

    fn cidr_text(&self, address: u128, prefix: u32) -> String {
        format!("{}/{prefix}", self.address_text(address))
    }
}

/// Terraform reads IPv4 octets with leading zeros as decimal (`010` is 10), a documented
/// historical accident; the standard parser rejects them, so strip the zeros first.
fn decimal_octets(text: &str) -> String {
    let Some((address, prefix)) = text.split_once('/') else {
        return text.to_string();
    };
    if address.contains(':') {
        return text.to_string();
    }
    let octets: Vec<&str> = address
        .split('.')
        .map(|octet| {
            let trimmed = octet.trim_start_matches('0');
            if trimmed.is_empty() && !octet.is_empty() {
                "0"
            } else {
                trimmed
            }
        })
        .collect();
    format!("{}/{prefix}", octets.join("."))
}

fn cidrhost(args: &[Value]) -> Result<Value, String> {
    let network = Network::parse(&string_arg(args, 0)?)?;
    let host = integer_arg(args, 1)?;
    let host_bits = network.bits - network.prefix;
    let capacity = 1u128.checked_shl(host_bits);
    let out_of_range = || {
        format!(
            "prefix of {} does not accommodate a host numbered {host}",
            network.prefix
        )
    };
    let offset: u128 = if host >= 0 {
        let h = u128::from(host.unsigned_abs());
        if capacity.is_some_and(|c| h >= c) {
            return Err(out_of_range());
        }
        h
    } else {
        let back = u128::from(host.unsigned_abs());
        match capacity {
            Some(c) if back > c => return Err(out_of_range()),
            Some(c) => c - back,
            None => u128::MAX - (back - 1),
        }
    };
    Ok(Value::String(
        network.address_text(network.address | offset),
    ))
}

fn cidrnetmask(args: &[Value]) -> Result<Value, String> {
    let network = Network::parse(&string_arg(args, 0)?)?;
    if network.bits != 32 {
        return Err("only IPv4 networks have a netmask; IPv6 uses the prefix length".into());
    }
    let mask = network.prefix_mask(network.prefix);
    Ok(Value::String(network.address_text(mask)))
}

/// The `number`-th subnet of `network` extended by `new_bits`.
fn subnet(network: &Network, new_bits: i64, number: i64) -> Result<(u128, u32), String> {
    let new_bits = u32::try_from(new_bits)
        .map_err(|_| format!("newbits must not be negative, got {new_bits}"))?;
    let prefix = network.prefix.saturating_add(new_bits);
    if prefix > network.bits {
        return Err(format!(
            "insufficient address space to extend prefix of {} by {new_bits}",
            network.prefix
        ));
    }
    let too_big = || {
        format!("prefix extension of {new_bits} does not accommodate a subnet numbered {number}")
    };
    let number = u128::try_from(number).map_err(|_| too_big())?;
    if 1u128
        .checked_shl(new_bits)
        .is_some_and(|count| number >= count)
    {
        return Err(too_big());
    }
    // Only a /0 extended by 0 bits shifts by the full 128; its one subnet number is 0.
    let shifted = number.checked_shl(network.bits - prefix).unwrap_or(0);
    Ok((network.address | shifted, prefix))
}

fn cidrsubnet(args: &[Value]) -> Result<Value, String> {
    let network = Network::parse(&string_arg(args, 0)?)?;
    let new_bits = integer_arg(args, 1)?;
    let number = integer_arg(args, 2)?;
    let (address, prefix) = subnet(&network, new_bits, number)?;
    Ok(Value::String(network.cidr_text(address, prefix)))
}

/// Consecutive subnets, each aligned to its own size, as Terraform's `cidrsubnets` allocates.
fn cidrsubnets(args: &[Value]) -> Result<Value, String> {
    let network = Network::parse(&string_arg(args, 0)?)?;
    let space = network.space_mask();
    let mut lengths = Vec::new();
    for index in 1..args.len() {
        let new_bits = integer_arg(args, index)?;
        if new_bits < 1 {
            return Err(format!(
                "argument {}: must extend the prefix by at least one bit",
                index + 1
            ));
        }
        let prefix = u32::try_from(new_bits)
            .ok()
            .and_then(|b| network.prefix.checked_add(b))
            .filter(|p| *p <= network.bits)
            .ok_or_else(|| {
                format!(
                    "argument {}: would extend the prefix to more than {} bits",
                    index + 1,
                    network.bits
                )
            })?;
        lengths.push(prefix);
    }
    let Some(first) = lengths.first().copied() else {
        return Ok(Value::List(Vec::new()));
    };
    // Start from the subnet just before the network, so the first step lands on its start.
    let mut current = (
        network.address.wrapping_sub(1) & space & network.prefix_mask(first),
        first,
    );
    let mut results = Vec::with_capacity(lengths.len());
    for (step, prefix) in lengths.into_iter().enumerate() {
        let current_last = current.0 | (Network::low_mask(network.bits - current.1) & space);
        let aligned_last =
            (current_last & network.prefix_mask(prefix)) | Network::low_mask(network.bits - prefix);
        let next = aligned_last.wrapping_add(1) & space;
        let inside = next & network.prefix_mask(network.prefix) == network.address;
        // Wrapping to address zero means we ran past the top of the space, except on the first
        // step of a network that starts at zero (its "previous" subnet is the top one).
        let wrapped = next == 0 && step > 0;
        if wrapped || !inside {
            return Err(format!(
                "not enough remaining address space for a subnet with a prefix of {prefix} bits after {}",
                network.cidr_text(current.0, current.1)
            ));
        }
        results.push(Value::String(network.cidr_text(next, prefix)));
        current = (next, prefix);
    }
    Ok(Value::List(results))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn cidrsubnet_documented_examples() {
        assert_eq!(
            ok("cidrsubnet", vec![s("10.1.2.0/24"), n(4.0), n(15.0)]),
            s("10.1.2.240/28")
        );
        assert_eq!(
            ok("cidrsubnet", vec![s("172.16.0.0/12"), n(4.0), n(2.0)]),
            s("172.18.0.0/16")
        );
        assert_eq!(
            ok(
                "cidrsubnet",
                vec![s("fd00:fd12:3456:7890::/56"), n(16.0), n(162.0)]
            ),
            s("fd00:fd12:3456:7800:a200::/72")
        );
        assert_eq!(
            ok("cidrsubnet", vec![s("10.0.0.0/8"), n(0.0), n(0.0)]),
            s("10.0.0.0/8")
        );
        assert_eq!(
            ok("cidrsubnet", vec![s("10.1.2.5/24"), n(8.0), n(1.0)]),
            s("10.1.2.1/32")
        );
        assert!(
            err("cidrsubnet", vec![s("10.1.2.0/24"), n(4.0), n(16.0)])
                .contains("does not accommodate")
        );
        assert!(
            err("cidrsubnet", vec![s("10.1.2.0/24"), n(9.0), n(0.0)])
                .contains("insufficient address space")
        );
        assert!(err("cidrsubnet", vec![s("10.1.2.0/24"), n(-1.0), n(0.0)]).contains("negative"));
        assert!(err("cidrsubnet", vec![s("banana"), n(1.0), n(0.0)]).contains("invalid CIDR"));
        assert_eq!(
            ok("cidrsubnet", vec![s("::/0"), n(128.0), n(5.0)]),
            s("::5/128")
        );
    }

    #[test]
    fn cidrhost_and_netmask_documented_examples() {
        assert_eq!(
            ok("cidrhost", vec![s("10.12.112.0/20"), n(16.0)]),
            s("10.12.112.16")
        );
        assert_eq!(
            ok("cidrhost", vec![s("10.12.112.0/20"), n(268.0)]),
            s("10.12.113.12")
        );
        assert_eq!(
            ok(
                "cidrhost",
                vec![s("fd00:fd12:3456:7890:00a2::/72"), n(34.0)]
            ),
            s("fd00:fd12:3456:7890::22")
        );
        assert_eq!(
            ok("cidrhost", vec![s("10.0.0.0/24"), n(-1.0)]),
            s("10.0.0.255")
        );
        assert_eq!(
            ok("cidrhost", vec![s("::/0"), n(-1.0)]),
            s("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
        );
        assert!(err("cidrhost", vec![s("10.0.0.0/24"), n(256.0)]).contains("host numbered 256"));
        assert!(err("cidrhost", vec![s("10.0.0.0/24"), n(-257.0)]).contains("host numbered -257"));
        assert_eq!(
            ok("cidrnetmask", vec![s("172.16.0.0/12")]),
            s("255.240.0.0")
        );
        assert_eq!(ok("cidrnetmask", vec![s("0.0.0.0/0")]), s("0.0.0.0"));
        assert_eq!(
            ok("cidrhost", vec![s("010.0.0.0/8"), n(2.0)]),
            s("10.0.0.2")
        );
        assert_eq!(
            ok("cidrhost", vec![s("10.0.0.0/8"), n(-2.0)]),
            s("10.255.255.254")
        );
        assert!(err("cidrnetmask", vec![s("fd00::/8")]).contains("only IPv4"));
    }

    #[test]
    fn cidrsubnets_documented_examples() {
        assert_eq!(
            ok(
                "cidrsubnets",
                vec![s("10.1.0.0/16"), n(4.0), n(4.0), n(8.0), n(4.0)]
            ),
            strs(&[
                "10.1.0.0/20",
                "10.1.16.0/20",
                "10.1.32.0/24",
                "10.1.48.0/20"
            ])
        );
        assert_eq!(
            ok(
                "cidrsubnets",
                vec![
                    s("fd00:fd12:3456:7890::/56"),
                    n(16.0),
                    n(16.0),
                    n(16.0),
                    n(32.0)
                ]
            ),
            strs(&[
                "fd00:fd12:3456:7800::/72",
                "fd00:fd12:3456:7800:100::/72",
                "fd00:fd12:3456:7800:200::/72",
                "fd00:fd12:3456:7800:300::/88"
            ])
        );
        assert_eq!(
            ok("cidrsubnets", vec![s("0.0.0.0/0"), n(1.0), n(1.0)]),
            strs(&["0.0.0.0/1", "128.0.0.0/1"])
        );
        assert!(
            err(
                "cidrsubnets",
                vec![s("10.0.0.0/24"), n(1.0), n(1.0), n(1.0)]
            )
            .contains("not enough remaining address space")
        );
        assert!(err("cidrsubnets", vec![s("10.0.0.0/24"), n(0.0)]).contains("at least one bit"));
        assert_eq!(ok("cidrsubnets", vec![s("10.0.0.0/24")]), list(vec![]));
        assert_eq!(ok("cidrsubnets", vec![unknown(), n(1.0)]), unknown());
    }
}
