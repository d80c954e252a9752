//! AZU-VM-001: a Linux VM accepts SSH password logins.
use crate::prelude::*;
use crate::views::azure::set_fix;

pub static RULE: Rule = Rule {
    id: "AZU-VM-001",
    title: "Linux virtual machine allows password authentication",
    severity: Severity::High,
    category: Category::Compute,
    provider: Provider::Azure,
    kinds: &[
        "azurerm_linux_virtual_machine",
        "azurerm_linux_virtual_machine_scale_set",
        "azurerm_virtual_machine",
    ],
    rationale: "A Linux VM that accepts SSH passwords can be brute-forced and credential-stuffed; passwords are reused \
and phished, keys are not. Any path to port 22 (a broad NSG rule, a compromised neighbour) becomes a login prompt.",
    remediation: "Set `disable_password_authentication = true` (the default on `azurerm_linux_virtual_machine`) with \
an `admin_ssh_key`, or `os_profile_linux_config { disable_password_authentication = true }` with `ssh_keys` on \
`azurerm_virtual_machine`.",
    references: &[
        "https://learn.microsoft.com/azure/virtual-machines/linux/create-ssh-keys-detailed",
    ],
    aliases: &[
        "CKV_AZURE_1",
        "AVD-AZU-0039",
        "azure-compute-disable-password-authentication",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn path_of(r: &ResourceRef<'_>) -> &'static str {
    if r.kind == "azurerm_virtual_machine" {
        "os_profile_linux_config.0.disable_password_authentication"
    } else {
        "disable_password_authentication"
    }
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let path = path_of(&r);
    // the legacy kind has the block only for Linux VMs; absent there means Windows
    if is_managed(&r) && r.get(path).is_some() && flag(&r, path, true).is_false() {
        vec![Hit::at(
            path,
            format!("Linux VM `{}` accepts SSH passwords", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        path_of(&r),
        Value::Bool(true),
        "allow SSH key logins only",
        Applicability::Unsafe(
            "users who log in with a password are locked out, and the VM needs an SSH key (admin_ssh_key); changing it recreates the VM".into(),
        ),
    )
}
