//! The language of the command line: Chinese by default, English when the locale asks for it
//! (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, the first one set and non-empty, starts with `en`).
//! Every message the command line prints is written here or next to its use as a pair of texts,
//! and [`say`] picks one; clap's own errors are rendered in [`clap_errors`], and the errors of the
//! analysis core (loading, config, terminal) in [`errors`].

mod clap_errors;
mod errors;

use std::sync::OnceLock;

pub use clap_errors::usage_error;
pub use errors::describe;

/// The language of the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Chinese,
    English,
}

impl Lang {
    /// The language the locale variables ask for, given a lookup (so tests need no environment).
    #[must_use]
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Self {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(|name| var(name).filter(|v| !v.is_empty()));
        match locale {
            Some(l) if l.starts_with("en") => Self::English,
            _ => Self::Chinese,
        }
    }

    /// The language of this process, read from the environment once.
    #[must_use]
    pub fn current() -> Self {
        static LANG: OnceLock<Lang> = OnceLock::new();
        *LANG.get_or_init(|| Self::from_vars(|name| std::env::var(name).ok()))
    }
}

/// The text in the current language.
#[must_use]
pub fn say(chinese: impl Into<String>, english: impl Into<String>) -> String {
    match Lang::current() {
        Lang::Chinese => chinese.into(),
        Lang::English => english.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(vars: &[(&str, &str)]) -> Lang {
        Lang::from_vars(|name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned()))
    }

    #[test]
    fn chinese_unless_the_first_set_locale_variable_is_english() {
        assert_eq!(lang(&[]), Lang::Chinese);
        assert_eq!(lang(&[("LANG", "en_US.UTF-8")]), Lang::English);
        assert_eq!(lang(&[("LANG", "zh_CN.UTF-8")]), Lang::Chinese);
        assert_eq!(lang(&[("LANG", "C.UTF-8")]), Lang::Chinese);
        assert_eq!(lang(&[("LANG", "zh_CN.UTF-8"), ("LC_MESSAGES", "en_GB.UTF-8")]), Lang::English);
        assert_eq!(lang(&[("LC_MESSAGES", "en_GB.UTF-8"), ("LC_ALL", "zh_CN.UTF-8")]), Lang::Chinese);
        assert_eq!(lang(&[("LC_ALL", ""), ("LANG", "en_US.UTF-8")]), Lang::English);
        assert_eq!(lang(&[("LC_ALL", "en")]), Lang::English);
    }
}
