//! clap's own errors in Chinese: the kind of error with the argument and value it names, a
//! suggestion when clap has one, and the usage line. In English, clap's own text.

use std::fmt::Write as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::Lang;

/// The whole text to print for a command-line error (not yet sanitised).
#[must_use]
pub fn usage_error(err: &clap::Error) -> String {
    if Lang::current() == Lang::English {
        return err.render().to_string();
    }
    let arg = context(err, ContextKind::InvalidArg);
    let value = context(err, ContextKind::InvalidValue);
    let mut text = match err.kind() {
        ErrorKind::UnknownArgument => format!("无法识别的参数「{arg}」"),
        ErrorKind::InvalidSubcommand => {
            format!("无法识别的子命令「{}」", context(err, ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 需要一个值，但没有给出"),
        ErrorKind::InvalidValue => format!("{arg} 的值「{value}」无效"),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(err).map(ToString::to_string).unwrap_or_default();
            format!("{arg} 的值「{value}」无效：{why}")
        }
        ErrorKind::NoEquals => format!("{arg} 的值要用等号给出"),
        ErrorKind::TooManyValues => format!("{arg} 不接受更多的值：「{value}」"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!("{arg} 的值的个数不对"),
        ErrorKind::ArgumentConflict => {
            let prior = context(err, ContextKind::PriorArg);
            if prior.is_empty() {
                format!("{arg} 不能重复使用")
            } else {
                format!("{arg} 不能与 {prior} 同时使用")
            }
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => "缺少子命令".to_owned(),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本".to_owned(),
        _ => err.render().to_string().trim_start_matches("error: ").lines().next().unwrap_or_default().to_owned(),
    };
    if let Some(valid) = strings(err, ContextKind::ValidValue) {
        let _ = write!(text, "\n  可选的值：{}", valid.join("、"));
    }
    for kind in [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg, ContextKind::SuggestedValue] {
        let suggested = context(err, kind);
        if !suggested.is_empty() {
            let _ = write!(text, "\n  提示：是不是想用「{suggested}」？");
        }
    }
    let usage = context(err, ContextKind::Usage);
    if let Some(line) = usage.lines().map(str::trim).find(|l| !l.is_empty()) {
        let line =
            line.trim_start_matches("Usage:").trim().replace("[OPTIONS]", "[选项]").replace("[COMMAND]", "[子命令]");
        let _ = write!(text, "\n\n用法：{line}");
    }
    text.push_str("\n\n详见 --help（帮助为英文）。");
    format!("错误：{text}")
}

/// A context value as text, empty when clap gave none.
fn context(err: &clap::Error, kind: ContextKind) -> String {
    match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect::<Vec<_>>().join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A list of values from the context.
fn strings(err: &clap::Error, kind: ContextKind) -> Option<Vec<String>> {
    match err.get(kind) {
        Some(ContextValue::Strings(v)) if !v.is_empty() => Some(v.clone()),
        _ => None,
    }
}
