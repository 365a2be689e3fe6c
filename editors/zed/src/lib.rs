//! Zed extension for movebook: starts `movebook lsp` for Markdown files.
//!
//! Zed only runs a language server for a language when an extension declares it
//! (`[language_servers.movebook]` in `extension.toml`) and says how to start it (here).
//! The server itself finds the site: from the worktree Zed sends as `rootUri`, or the
//! nearest folder above it that holds `site.toml`.
//!
//! User settings, all optional, under `"lsp": { "movebook": { ... } }` in Zed's settings:
//! - `binary.path`: the executable (default: `movebook` found on the worktree's `PATH`);
//! - `binary.arguments`: replaces `["lsp"]` (e.g. `["lsp", "--root", "/path/to/site"]`);
//! - `binary.env`: extra environment variables;
//! - `initialization_options`: sent as is, e.g. `{ "debounceMs": 25, "drafts": false }`.

use zed_extension_api::{self as zed, serde_json, settings::LspSettings, LanguageServerId, Result};

const SERVER: &str = "movebook";

struct Movebook;

impl zed::Extension for Movebook {
    fn new() -> Self {
        Movebook
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(SERVER, worktree)
            .ok()
            .and_then(|settings| settings.binary);
        let configured_path = binary.as_ref().and_then(|b| b.path.clone());
        let command = match configured_path {
            Some(path) => path,
            None => worktree.which(SERVER).ok_or_else(|| {
                "movebook was not found on PATH: install it (`cargo install --path . --locked` \
                 in the movebook repository) or set lsp.movebook.binary.path in Zed's settings"
                    .to_string()
            })?,
        };
        let args = binary
            .as_ref()
            .and_then(|b| b.arguments.clone())
            .unwrap_or_else(|| vec!["lsp".to_string()]);
        let mut env = worktree.shell_env();
        if let Some(extra) = binary.and_then(|b| b.env) {
            env.extend(extra);
        }
        Ok(zed::Command { command, args, env })
    }

    fn language_server_initialization_options(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        Ok(LspSettings::for_worktree(SERVER, worktree)
            .ok()
            .and_then(|settings| settings.initialization_options))
    }
}

zed::register_extension!(Movebook);
