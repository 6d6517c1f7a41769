//! The command line's errors in the current language. The analysis core words its errors in
//! English (they are also its API); here each one the command line can meet becomes Chinese, with
//! the same facts (paths, sizes, the system's reason).

use crate::config::ConfigError;
use crate::document::{LoadError, MAX_DOCUMENT_BYTES};
use crate::tui::TerminalError;

use super::super::CliError;
use super::{Lang, say};

/// The one line to print for `err` (not yet sanitised).
#[must_use]
pub fn describe(err: &CliError) -> String {
    if Lang::current() == Lang::English {
        return err.to_string();
    }
    match err {
        CliError::Load(e) => load(e),
        CliError::Config(e) => config(e),
        CliError::Terminal(e) => terminal(e),
        CliError::Usage(text) => text.clone(),
        CliError::Output(e) => say(format!("无法写出结果：{}", io(e)), err.to_string()),
    }
}

fn load(e: &LoadError) -> String {
    let limit = MAX_DOCUMENT_BYTES >> 20;
    match e {
        LoadError::NotFound(p) => format!("无法打开 {p}：没有这个文件。请检查路径，或用 - 从标准输入读取"),
        LoadError::IsDirectory(p) => format!("{p} 是目录，不是文档。请给出 .txt 文件的路径"),
        LoadError::PermissionDenied(p) => format!("无法读取 {p}：没有读取权限。请检查文件权限（ls -l）"),
        LoadError::Binary(p, what) => {
            format!("{p} 不是文本文档（{what}）。请把讲话另存为纯文本（.txt，UTF-8 或 GBK）再打开")
        }
        LoadError::Empty(p) => format!("{p} 是空文件，没有可读的文字。请确认是不是要打开的文件"),
        LoadError::NotWord(p, why) => {
            format!("{p} 扩展名是 .docx，但不是 Word 文档（{why}）。请按实际格式改名，或从 Word 重新保存")
        }
        LoadError::Docx(p, why) => format!("{p} 是无法读取的 Word 文件：{why}。请从 Word 重新另存为 .docx 或纯文本"),
        LoadError::TooLarge(p, mb) => format!("{p} 有 {mb} MB；jianghua 最大打开 {limit} MB 的文档。请拆成较小的文件"),
        LoadError::TooMuchText(p) => {
            format!("{p} 的文字超过 {limit} MB；jianghua 最大打开 {limit} MB 的文档。请拆成较小的文件")
        }
        LoadError::NotRegular(p, kind) => format!("{p} 是{}，不是文档：jianghua 只读普通文件", kind_zh(kind)),
        LoadError::Io(p, why) => format!("无法读取 {p}：{}", io(why)),
    }
}

/// The kinds of file [`crate::files::kind`] names, in Chinese.
fn kind_zh(kind: &str) -> &str {
    match kind {
        "a directory" => "目录",
        "a named pipe (FIFO)" => "命名管道（FIFO）",
        "a socket" => "套接字",
        "a device" => "设备",
        "a regular file" => "普通文件",
        "a special file" => "特殊文件",
        other => other,
    }
}

fn config(e: &ConfigError) -> String {
    match e {
        ConfigError::Invalid { path, line, column, message } => {
            format!("配置文件有误：{path}:{line}:{column}: {message}")
        }
        ConfigError::Key { path, source } => format!("配置文件 {path} 的按键设置有误：{source}"),
        ConfigError::Read { path, source } => format!("无法读取配置文件 {path}：{}", io(source)),
        ConfigError::Limits(limit) => format!("提法表超出上限：{limit}"),
    }
}

fn terminal(e: &TerminalError) -> String {
    match e {
        TerminalError::NotATerminal => {
            "标准输出不是终端。要打印分析结果请用 `jianghua outline FILE`，要打印一屏请用 `jianghua render FILE`".to_owned()
        }
        TerminalError::NoKeys => "标准输入不是终端，也没有可读按键的控制终端（/dev/tty）。要打印分析结果请用 `jianghua outline -`，要打印一屏请用 `jianghua render -`".to_owned(),
        TerminalError::Dumb => {
            "TERM 为 \"dumb\"：这个终端显示不了阅读界面。请用 `jianghua outline FILE`，或设置 TERM（如 TERM=xterm-256color）".to_owned()
        }
        TerminalError::Io(why) => format!("终端出错：{}", io(why)),
    }
}

/// The system's reason, in Chinese for the common kinds (the system's own words otherwise).
fn io(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "没有这个文件".to_owned(),
        ErrorKind::PermissionDenied => "没有权限".to_owned(),
        ErrorKind::IsADirectory => "这是一个目录".to_owned(),
        ErrorKind::NotADirectory => "路径中有一段不是目录".to_owned(),
        ErrorKind::StorageFull => "磁盘已满".to_owned(),
        ErrorKind::InvalidData => format!("内容无效（{e}）"),
        _ => e.to_string(),
    }
}
