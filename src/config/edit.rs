//! Adding a term to the user's own config file, keeping its comments and layout (`toml_edit`),
//! written atomically, through a symlink to its target.

use std::path::Path;

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, value};

/// What adding a term did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddOutcome {
    /// The term was written into the named list.
    Added,
    /// The list in the file already had it; nothing was written.
    AlreadyThere,
    /// The file was not valid TOML: it was moved to this path and a new file was written.
    MovedAside(std::path::PathBuf),
}

/// Why the file could not be edited.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path}: `term_list` is not an array of tables")]
    Shape { path: String },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

/// Add `term` to the list `list` in the user config at `path`. A list that exists only in the
/// defaults gets a `[[term_list]]` with `extend = true`, so the default terms stay. A new list
/// gets `color`.
pub fn add_term(
    path: &Path,
    list: &str,
    term: &str,
    is_default_list: bool,
    color: &str,
) -> Result<AddOutcome, EditError> {
    let shown = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => return Err(EditError::Read { path: shown, source }),
    };
    // A damaged file is kept aside, never overwritten.
    let (mut doc, moved): (DocumentMut, Option<std::path::PathBuf>) = if let Ok(doc) = text.parse() {
        (doc, None)
    } else {
        let aside =
            crate::atomic::move_aside(path).map_err(|source| EditError::Write { path: shown.clone(), source })?;
        (DocumentMut::new(), Some(aside))
    };
    let lists = doc
        .entry("term_list")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or_else(|| EditError::Shape { path: shown.clone() })?;
    let existing = lists.iter_mut().find(|t| t.get("name").and_then(Item::as_str) == Some(list));
    if let Some(table) = existing {
        let terms = table.entry("terms").or_insert(value(Array::new()));
        let Some(array) = terms.as_array_mut() else { return Err(EditError::Shape { path: shown }) };
        let present = array.iter().any(|v| {
            v.as_str() == Some(term)
                || v.as_inline_table().and_then(|t| t.get("text")).and_then(|t| t.as_str()) == Some(term)
        });
        if present {
            return Ok(AddOutcome::AlreadyThere);
        }
        array.push(term);
    } else {
        let mut table = Table::new();
        table.insert("name", value(list));
        if is_default_list {
            table.insert("extend", value(true));
        } else {
            table.insert("color", value(color));
        }
        let mut array = Array::new();
        array.push(term);
        table.insert("terms", value(array));
        lists.push(table);
    }
    // A config that is a symlink (dotfiles) stays one: its target is what gets replaced.
    crate::atomic::write_through(path, doc.to_string().as_bytes())
        .map_err(|source| EditError::Write { path: shown, source })?;
    Ok(moved.map_or(AddOutcome::Added, AddOutcome::MovedAside))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_layout_survive_and_a_second_add_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let before = "# 我的设置\n[reader]\nreading_width = 72  # 窄一点\n\n[[term_list]]\nname = \"我的提法\"\ncolor = \"blue\"\nterms = [\"一网通办\"] # 常用\n";
        std::fs::write(&path, before).unwrap();
        assert_eq!(add_term(&path, "我的提法", "三张清单", false, "lightblue").unwrap(), AddOutcome::Added);
        let after = std::fs::read_to_string(&path).unwrap();
        assert!(after.starts_with("# 我的设置\n[reader]\nreading_width = 72  # 窄一点\n"), "{after}");
        assert!(after.contains("terms = [\"一网通办\", \"三张清单\"] # 常用"), "{after}");
        assert_eq!(add_term(&path, "我的提法", "三张清单", false, "lightblue").unwrap(), AddOutcome::AlreadyThere);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
    }

    #[test]
    fn a_default_list_is_extended_and_a_missing_file_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("jianghua/config.toml");
        add_term(&path, "党的建设", "三张清单", true, "lightblue").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, "[[term_list]]\nname = \"党的建设\"\nextend = true\nterms = [\"三张清单\"]\n");
    }

    #[test]
    fn a_broken_file_is_moved_aside_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[reader\n").unwrap();
        let AddOutcome::MovedAside(aside) = add_term(&path, "我的提法", "三张清单", false, "blue").unwrap()
        else {
            panic!("moved aside")
        };
        assert_eq!(std::fs::read_to_string(&aside).unwrap(), "[reader\n");
        assert!(std::fs::read_to_string(&path).unwrap().contains("三张清单"));
    }

    #[test]
    fn a_linked_config_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("dotfiles.toml");
        std::fs::write(&target, "# 点文件\n").unwrap();
        let path = dir.path().join("config.toml");
        std::os::unix::fs::symlink(&target, &path).unwrap();
        assert_eq!(add_term(&path, "我的提法", "三张清单", false, "blue").unwrap(), AddOutcome::Added);
        assert!(std::fs::symlink_metadata(&path).unwrap().file_type().is_symlink());
        let text = std::fs::read_to_string(&target).unwrap();
        assert!(text.contains("# 点文件") && text.contains("三张清单"), "{text}");
    }
}
