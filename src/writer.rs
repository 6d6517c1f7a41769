//! Carrying out the effects that write files: the study brief, a term added to the user's config
//! file, the reading state and the remembered layout (`ui/layout.json`). The terminal loop uses
//! this; so do tests that want the files written, in a temporary directory. Nothing else in the
//! crate writes for the reader.

use std::path::{Path, PathBuf};

use crate::app::{App, Effect, Outcome, TermWritten};
use crate::config::{Config, add_term, user_config_target};

/// The colour a list created by `a` gets.
const NEW_LIST_COLOR: &str = "lightblue";

/// Writes files for the app; relative paths are taken from `base`.
#[derive(Debug, Clone)]
pub struct Writer {
    base: PathBuf,
}

impl Writer {
    /// Relative paths from the working directory (the terminal reader).
    #[must_use]
    pub fn here() -> Self {
        Self { base: std::env::current_dir().unwrap_or_default() }
    }

    /// Relative paths from `base` (tests, which cannot change the process's directory).
    #[must_use]
    pub fn at(base: &Path) -> Self {
        Self { base: base.to_path_buf() }
    }

    /// Carry out `effect` if it writes files and return the answers for the app; any other
    /// effect is handed back.
    pub fn perform(&self, effect: Effect, app: &App) -> Result<Vec<Outcome>, Effect> {
        Ok(match effect {
            Effect::WriteBrief { path, text, overwrite } => {
                let target = self.base.join(&path);
                // A dangling symlink is in the way too.
                if !overwrite && target.symlink_metadata().is_ok() {
                    vec![Outcome::BriefExists { path, text }]
                } else {
                    let result = crate::atomic::write(&target, text.as_bytes()).map_err(|e| e.to_string());
                    vec![Outcome::BriefWritten { path, result }]
                }
            }
            Effect::AddTerm { term, list, default_list } => {
                let result = add_to_config(&app.config, &term, &list, default_list);
                vec![Outcome::TermAdded { term, list, result }]
            }
            Effect::SaveState(snapshots) => {
                let Some(store) = &app.store else { return Ok(Vec::new()) };
                snapshots
                    .into_iter()
                    .map(|s| Outcome::StateSaved { doc: s.doc, result: store.save(s.state).map_err(|e| e.to_string()) })
                    .collect()
            }
            Effect::SaveUi(ui) => {
                let Some(store) = &app.store else { return Ok(Vec::new()) };
                let path = store.dir().join(crate::app::ui_state::FILE);
                if let Err(e) = crate::atomic::write(&path, ui.to_json().as_bytes()) {
                    return Ok(vec![Outcome::UiSaved(Err(format!("无法写入 {}：{e}", path.display())))]);
                }
                Vec::new()
            }
            other => return Err(other),
        })
    }
}

/// Add a term to the user's config file and read the configuration again.
fn add_to_config(config: &Config, term: &str, list: &str, default_list: bool) -> Result<TermWritten, String> {
    let explicit = config.sources.explicit.as_deref();
    let path = user_config_target(explicit).ok_or("找不到用户配置目录（HOME 未设置）")?;
    let outcome = add_term(&path, list, term, default_list, NEW_LIST_COLOR).map_err(|e| e.to_string())?;
    let reloaded = Config::load(explicit, &config.sources.terms_files).map(Box::new).map_err(|e| e.to_string());
    Ok(TermWritten { path, outcome, reloaded })
}
