//! A mistyped subcommand: `jianghua outlin FILE` names no file called `outlin`, so it is a usage
//! error that suggests `outline`, not a reader opened on a missing file. The reader takes any
//! path as its first argument, so clap cannot tell a typo from a file; this check can, because a
//! path that exists is always a document.

use std::path::Path;

use clap::CommandFactory as _;

/// The subcommand `first` was probably meant to be, when `first` is no existing path, looks like a
/// bare word (no extension or directory), and is at most two edits from a subcommand's name.
#[must_use]
pub fn meant_subcommand(first: &Path) -> Option<String> {
    let word = first.to_str()?;
    if first.exists() || word == "-" || !word.chars().all(|c| c.is_ascii_alphabetic() || c == '-') {
        return None;
    }
    let command = super::Cli::command();
    command
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| (edits(word, c.get_name()), c.get_name().to_owned()))
        .filter(|(d, name)| *d <= 2.min(name.len() / 2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

/// Levenshtein distance between two ASCII words.
fn edits(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb)).min(row[j] + 1).min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_suggest_and_files_never_do() {
        assert_eq!(meant_subcommand(Path::new("outlin")).as_deref(), Some("outline"));
        assert_eq!(meant_subcommand(Path::new("temrs")).as_deref(), Some("terms"));
        assert_eq!(meant_subcommand(Path::new("brief")).as_deref(), Some("brief"));
        assert_eq!(meant_subcommand(Path::new("rendr")).as_deref(), Some("render"));
        assert_eq!(meant_subcommand(Path::new("讲话.txt")), None);
        assert_eq!(meant_subcommand(Path::new("outline.txt")), None);
        assert_eq!(meant_subcommand(Path::new("speeches")), None);
        assert_eq!(meant_subcommand(Path::new("-")), None);
        assert_eq!(meant_subcommand(Path::new(".")), None);
        assert_eq!(edits("kitten", "sitting"), 3);
    }
}
