//! A speech laced with terminal escapes: OSC window title, clear screen, DCS, C1 CSI, a bidi
//! override and a lone CR. Shared by the hardening and terminal tests.

pub const HOSTILE: &str = "在会议上的讲话\u{1b}]0;pwned\u{7}\n同志们：\n一、总体要求\u{1b}[2J\n一要抓“两个确立”。\u{1b}P1$r\u{1b}\\二要抓落实。\u{9b}31m\n二、\u{202e}工作安排\r\n一要防风险。\r二要保稳定。\n";
