//! Validated settings: command-line flags merged over `.rampart.toml`, with every rule name
//! resolved against the registry and every path checked. After this, commands cannot meet a
//! usage error; this module never loads infrastructure code or runs rules.

use crate::cli::LoadArgs;
use crate::config::{self, Config};
use anyhow::bail;
use rampart_ingest::LoadOptions;
use rampart_ingest::read::ReadRoots;
use rampart_model::LoadError;
use rampart_rules::{EngineOptions, Registry, Rule};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The one registry every command uses: built-in rules plus the user rules from `--rules-dir`
/// and from `.rampart/rules` in each PATH and the current folder, with the errors met loading
/// them (commands report them as input errors). `scan`, `baseline` and `rules` must agree on it.
pub fn registry_for(args: &LoadArgs) -> (Registry, Vec<LoadError>) {
    rampart_rules::custom::registry_with_custom_rules(&args.paths, &args.rules_dirs)
}

/// A config found by lookup comes from the repository being scanned: the files and folders it
/// names must be in the scanned paths or the config's own folder, or a pull request could
/// widen the read sandbox (`allow_read = ["/"]`) or read any file as tfvars. `--config` and
/// the command line are the operator's and may name anything.
fn check_config_paths(config: &Config, scanned: &[PathBuf]) -> anyhow::Result<()> {
    let (true, Some(path)) = (config.found_by_lookup, config.path.as_ref()) else {
        return Ok(());
    };
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let inside = ReadRoots::new(scanned.iter().chain(std::iter::once(&folder)));
    let named = config
        .var_files
        .iter()
        .map(|p| ("var_files", p))
        .chain(config.baseline.iter().map(|p| ("baseline", p)))
        .chain(config.allow_read.iter().map(|p| ("allow_read", p)));
    for (key, named) in named {
        if named.exists() && !inside.allows(named) {
            bail!(
                "{}: `{key}` names `{}`, outside the scanned paths; a config file found in the scanned folder is part of what is scanned and cannot make Rampart read elsewhere (pass it with --config, or use --allow-read / --var-file / --baseline)",
                path.display(),
                named.display()
            );
        }
    }
    Ok(())
}

/// What to load and which rules to run, shared by `scan` and `baseline`.
#[derive(Debug)]
pub struct LoadPlan {
    pub paths: Vec<PathBuf>,
    pub load: LoadOptions,
    pub config: Config,
    /// The rules that will run (config and `--skip-rule` removed, `--rule` applied), by id.
    pub rules: Vec<&'static Rule>,
    pub engine: EngineOptions,
    pub quiet: bool,
    /// Raise findings on attack paths (`scan --attack-paths`).
    pub attack_paths: bool,
}

impl LoadPlan {
    pub fn resolve(args: &LoadArgs, registry: &Registry) -> anyhow::Result<LoadPlan> {
        for path in &args.paths {
            if !path.exists() {
                bail!("path `{}` does not exist", path.display());
            }
        }
        let config = config::load(
            args.config.as_deref(),
            args.paths.first().map(PathBuf::as_path),
        )?;
        let config_name = config
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| config::FILE_NAME.to_string());

        let cli_rule = |name: &String| -> anyhow::Result<&'static Rule> {
            registry.find(name).ok_or_else(|| {
                anyhow::anyhow!("unknown rule `{name}`; `rampart rules` lists the ids and aliases")
            })
        };
        let config_rule = |name: &str, line: usize| -> anyhow::Result<&'static Rule> {
            registry.find(name).ok_or_else(|| {
                anyhow::anyhow!(
                    "{config_name}:{line}: unknown rule `{name}`; `rampart rules` lists the ids and aliases"
                )
            })
        };

        let only: HashSet<&'static str> = args
            .rules
            .iter()
            .map(|n| cli_rule(n).map(|r| r.id))
            .collect::<anyhow::Result<_>>()?;
        let mut skip: HashSet<&'static str> = HashSet::new();
        for named in &config.skip_rules {
            skip.insert(config_rule(&named.name, named.line)?.id);
        }
        // a rule asked for by name on the command line runs even if the config skips it
        skip.retain(|id| !only.contains(id));
        for name in &args.skip_rules {
            skip.insert(cli_rule(name)?.id);
        }
        let mut engine = EngineOptions::default();
        for (named, severity) in &config.severity_overrides {
            let rule = config_rule(&named.name, named.line)?;
            engine
                .severity_overrides
                .insert(rule.id.to_string(), *severity);
        }
        let rules: Vec<&'static Rule> = registry
            .rules()
            .iter()
            .copied()
            .filter(|r| (only.is_empty() || only.contains(r.id)) && !skip.contains(r.id))
            .collect();
        if rules.is_empty() {
            // a scan that runs no rule would pass CI having checked nothing
            let mut named: Vec<&str> = only.iter().copied().collect();
            named.sort_unstable();
            if named.is_empty() {
                bail!(
                    "every rule is skipped (by --skip-rule or `skip_rules` in {config_name}); nothing would be checked"
                );
            }
            bail!(
                "every rule named with --rule ({}) is also skipped with --skip-rule; nothing would be checked",
                named.join(", ")
            );
        }
        engine.only_rules = only.iter().map(|s| s.to_string()).collect();
        engine.skip_rules = skip.iter().map(|s| s.to_string()).collect();

        let mut var_files = config.var_files.clone();
        var_files.extend(args.var_files.iter().cloned());
        for file in &var_files {
            if !file.exists() {
                bail!("variable file `{}` does not exist", file.display());
            }
            if !file.is_file() {
                bail!(
                    "variable file `{}` is not a regular file; Rampart reads only regular files",
                    file.display()
                );
            }
        }
        let mut allow_read = config.allow_read.clone();
        allow_read.extend(args.allow_read.iter().cloned());
        for dir in &allow_read {
            if !dir.exists() {
                bail!("`--allow-read` folder `{}` does not exist", dir.display());
            }
            if !dir.is_dir() {
                bail!(
                    "`--allow-read` names `{}`, which is not a folder; give the folder that holds the files",
                    dir.display()
                );
            }
        }
        check_config_paths(&config, &args.paths)?;
        let load = LoadOptions {
            var_files,
            vars: args.vars.clone(),
            exclude: config.exclude.clone(),
            allow_read,
            limits: Default::default(),
            overlay: Default::default(),
        };
        Ok(LoadPlan {
            paths: args.paths.clone(),
            load,
            config,
            rules,
            engine,
            quiet: args.quiet,
            attack_paths: false,
        })
    }
}
