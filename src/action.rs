//! What the user can ask for. Keys map to actions through the keymap; `update` applies them.
//!
//! Every action has a one-line description, which the help overlay shows next to its keys, so help
//! cannot drift from the keymap. A few actions belong to the overlays (yes, delete, edit, sort):
//! they are bound in the keymap's overlay layer.

use serde::{Deserialize, Serialize};

/// The groups of the help overlay, in the order it shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HelpGroup {
    Moving,
    Outline,
    Search,
    Terms,
    Study,
    Library,
    Other,
}

impl HelpGroup {
    /// Every group, in help order.
    pub const ALL: [Self; 7] =
        [Self::Moving, Self::Outline, Self::Search, Self::Terms, Self::Study, Self::Library, Self::Other];

    /// The group's heading in the help overlay.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Moving => "移动",
            Self::Outline => "提纲",
            Self::Search => "搜索",
            Self::Terms => "提法",
            Self::Study => "学习",
            Self::Library => "文库",
            Self::Other => "其他",
        }
    }
}

/// A user command, named in config as snake case (`half_page_down`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Move down one line (text) or one entry (outline, terms).
    ScrollDown,
    /// Move up one line or one entry.
    ScrollUp,
    /// Move down half a page.
    HalfPageDown,
    /// Move up half a page.
    HalfPageUp,
    /// Move down a page.
    PageDown,
    /// Move up a page.
    PageUp,
    /// Go to the beginning.
    Top,
    /// Go to the end.
    Bottom,
    /// Go to the next heading of any family.
    NextHeading,
    /// Go to the previous heading of any family.
    PrevHeading,
    /// Go to the next part (`一、`).
    NextPart,
    /// Go to the previous part.
    PrevPart,
    /// Fold the selected outline node, or go to its parent.
    Fold,
    /// Unfold the selected outline node.
    Unfold,
    /// Jump to the selected outline node or term.
    Activate,
    /// Focus the next pane.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Focus the outline pane.
    FocusOutline,
    /// Focus the text pane.
    FocusText,
    /// Focus the terms pane.
    FocusTerms,
    /// Show or hide the outline pane.
    ToggleOutline,
    /// Show or hide the terms pane.
    ToggleTerms,
    /// Show the text alone, or bring the panes back.
    TextOnly,
    /// Search the text.
    Search,
    /// Go to the next match.
    SearchNext,
    /// Go to the previous match.
    SearchPrev,
    /// Clear the search, or close what is open.
    Cancel,
    /// Go to a marker (`（三）`, `二、（三）`) or a percentage (`50%`).
    GoTo,
    /// Add: a note on the reading cursor's sentence (text pane), or the selected discovered term
    /// or keyword to one of your term lists (terms pane).
    Add,
    /// Show, in the outline, how many highlighted matches each section holds.
    ToggleCounts,
    /// Show the keys.
    Help,
    /// Quit.
    Quit,
    /// Redraw the screen.
    Redraw,
    /// Suspend to the shell (resume with `fg`).
    Suspend,
    /// Show or hide the sentence-level reading cursor.
    ToggleCursor,
    /// Move the reading cursor to the previous sentence.
    PrevSentence,
    /// Move the reading cursor to the next sentence.
    NextSentence,
    /// Set a mark: `m` then a letter.
    SetMark,
    /// Jump to a mark: `'` then a letter (`''` goes back to where the last jump came from).
    JumpMark,
    /// Go back in the jump history.
    JumpBack,
    /// Go forward in the jump history.
    JumpForward,
    /// List the marks.
    ShowMarks,
    /// List the notes.
    ShowNotes,
    /// Copy the cursor's sentence, or the selected outline section, to the clipboard (OSC 52).
    Copy,
    /// Export the one-page study brief (学习要点).
    Export,
    /// List the open documents; type to filter.
    ShowDocuments,
    /// Search every open document.
    SearchLibrary,
    /// Term trends across the open documents.
    ShowTrends,
    /// Compare this document with another open one.
    Compare,
    /// Show or hide the paragraph numbers beside the text.
    ToggleNumbers,
    /// Widen the outline pane.
    WidenOutline,
    /// Narrow the outline pane.
    NarrowOutline,
    /// The whole outline on one screen, with complete headings and counts.
    OutlineView,
    /// Show, in place, the document's own definition of a term it explains (名词解释).
    Define,
    /// In a yes/no question: yes (any other key is no).
    Yes,
    /// In the marks and notes lists: delete the selected entry.
    Delete,
    /// In the notes list: edit the selected note.
    Edit,
    /// In the term trends: the next sort order.
    Sort,
    /// Nothing: unbinds a key in the config.
    None,
}

impl Action {
    /// Every action, in the order the help overlay lists them.
    pub const ALL: [Self; 58] = [
        Self::ScrollDown,
        Self::ScrollUp,
        Self::HalfPageDown,
        Self::HalfPageUp,
        Self::PageDown,
        Self::PageUp,
        Self::Top,
        Self::Bottom,
        Self::NextHeading,
        Self::PrevHeading,
        Self::NextPart,
        Self::PrevPart,
        Self::Fold,
        Self::Unfold,
        Self::Activate,
        Self::FocusNext,
        Self::FocusPrev,
        Self::FocusOutline,
        Self::FocusText,
        Self::FocusTerms,
        Self::ToggleOutline,
        Self::ToggleTerms,
        Self::TextOnly,
        Self::Search,
        Self::SearchNext,
        Self::SearchPrev,
        Self::Cancel,
        Self::GoTo,
        Self::Add,
        Self::ToggleCounts,
        Self::ToggleCursor,
        Self::PrevSentence,
        Self::NextSentence,
        Self::SetMark,
        Self::JumpMark,
        Self::JumpBack,
        Self::JumpForward,
        Self::ShowMarks,
        Self::ShowNotes,
        Self::Copy,
        Self::Export,
        Self::ShowDocuments,
        Self::SearchLibrary,
        Self::ShowTrends,
        Self::Compare,
        Self::ToggleNumbers,
        Self::WidenOutline,
        Self::NarrowOutline,
        Self::OutlineView,
        Self::Define,
        Self::Help,
        Self::Quit,
        Self::Redraw,
        Self::Suspend,
        Self::Yes,
        Self::Delete,
        Self::Edit,
        Self::Sort,
    ];

    /// Actions bound in the keymap's overlay layer: they mean something only in an overlay.
    #[must_use]
    pub fn in_overlays(self) -> bool {
        matches!(self, Self::Yes | Self::Delete | Self::Edit | Self::Sort)
    }

    /// The help text for this action.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            Self::ScrollDown => "下移一行（提纲、提法中下移一项）",
            Self::ScrollUp => "上移一行（提纲、提法中上移一项）",
            Self::HalfPageDown => "下翻半页",
            Self::HalfPageUp => "上翻半页",
            Self::PageDown => "下翻一页",
            Self::PageUp => "上翻一页",
            Self::Top => "到开头",
            Self::Bottom => "到结尾",
            Self::NextHeading => "下一个标题（任何层级）",
            Self::PrevHeading => "上一个标题（任何层级）",
            Self::NextPart => "下一部分（一、二、）",
            Self::PrevPart => "上一部分",
            Self::Fold => "折叠提纲节点，或回到上级",
            Self::Unfold => "展开提纲节点",
            Self::Activate => "跳到所选节点；在提法中打开用例列表",
            Self::FocusNext => "切换到下一个窗格",
            Self::FocusPrev => "切换到上一个窗格",
            Self::FocusOutline => "提纲窗格",
            Self::FocusText => "正文窗格",
            Self::FocusTerms => "提法窗格",
            Self::ToggleOutline => "显示或隐藏提纲",
            Self::ToggleTerms => "显示或隐藏提法",
            Self::TextOnly => "只看正文 / 恢复窗格",
            Self::Search => "搜索（支持拼音首字母）",
            Self::SearchNext => "下一个匹配",
            Self::SearchPrev => "上一个匹配",
            Self::Cancel => "清除搜索 / 关闭",
            Self::GoTo => "跳转：3.2 或 三二（第几部分第几节）、（三）、二要、p13 或 13段、50%",
            Self::Add => "正文：给光标所在句加笔记；提法：把所选新提法加入词表",
            Self::ToggleCounts => "在提纲中显示各节的匹配次数",
            Self::Help => "帮助",
            Self::Quit => "退出",
            Self::Redraw => "重绘屏幕",
            Self::Suspend => "挂起到命令行（fg 恢复）",
            Self::ToggleCursor => "显示或隐藏阅读光标（逐句）",
            Self::PrevSentence => "上一句",
            Self::NextSentence => "下一句",
            Self::SetMark => "设书签：再按一个字母",
            Self::JumpMark => "跳到书签：再按字母（'' 回到上次跳转前）",
            Self::JumpBack => "跳转历史：后退",
            Self::JumpForward => "跳转历史：前进",
            Self::ShowMarks => "书签列表",
            Self::ShowNotes => "笔记列表（e 编辑，d 删除）",
            Self::Copy => "复制当前句或所选章节（OSC 52，可跨 SSH）",
            Self::Export => "导出学习要点",
            Self::ShowDocuments => "文档列表（输入筛选，支持拼音）",
            Self::SearchLibrary => "在全部文档中搜索",
            Self::ShowTrends => "提法走势（跨文档）",
            Self::Compare => "与另一篇对比（新提法、提纲对照、新句子）",
            Self::ToggleNumbers => "显示或隐藏段落编号",
            Self::WidenOutline => "加宽提纲（宽度会记住）",
            Self::NarrowOutline => "收窄提纲",
            Self::OutlineView => "全屏提纲：完整标题、字数和层次",
            Self::Define => "在原处显示文件“名词解释”中的解释（光标句或屏幕上的词）",
            Self::Yes => "在是否问题中回答“是”",
            Self::Delete => "在书签、笔记列表中删除所选",
            Self::Edit => "在笔记列表中编辑所选",
            Self::Sort => "在提法走势中换排序",
            Self::None => "（不做任何事）",
        }
    }

    /// The help overlay's group for this action.
    #[must_use]
    pub fn group(self) -> HelpGroup {
        match self {
            Self::ScrollDown
            | Self::ScrollUp
            | Self::HalfPageDown
            | Self::HalfPageUp
            | Self::PageDown
            | Self::PageUp
            | Self::Top
            | Self::Bottom
            | Self::NextHeading
            | Self::PrevHeading
            | Self::NextPart
            | Self::PrevPart
            | Self::JumpBack
            | Self::JumpForward
            | Self::FocusNext
            | Self::FocusPrev
            | Self::FocusText
            | Self::TextOnly
            | Self::ToggleNumbers => HelpGroup::Moving,
            Self::Fold
            | Self::Unfold
            | Self::Activate
            | Self::FocusOutline
            | Self::ToggleOutline
            | Self::WidenOutline
            | Self::NarrowOutline
            | Self::OutlineView
            | Self::ToggleCounts => HelpGroup::Outline,
            Self::Search | Self::SearchNext | Self::SearchPrev | Self::GoTo | Self::Cancel => HelpGroup::Search,
            Self::FocusTerms | Self::ToggleTerms | Self::Define => HelpGroup::Terms,
            Self::Add
            | Self::ToggleCursor
            | Self::PrevSentence
            | Self::NextSentence
            | Self::SetMark
            | Self::JumpMark
            | Self::ShowMarks
            | Self::ShowNotes
            | Self::Copy
            | Self::Export => HelpGroup::Study,
            Self::ShowDocuments | Self::SearchLibrary | Self::ShowTrends | Self::Compare => HelpGroup::Library,
            Self::Help
            | Self::Quit
            | Self::Redraw
            | Self::Suspend
            | Self::Yes
            | Self::Delete
            | Self::Edit
            | Self::Sort
            | Self::None => HelpGroup::Other,
        }
    }

    /// A short label for the status bar's key hints.
    #[must_use]
    pub fn hint(self) -> &'static str {
        match self {
            Self::Help => "帮助",
            Self::Search => "搜索",
            Self::GoTo => "跳转",
            Self::Quit => "退出",
            Self::FocusNext => "窗格",
            Self::ToggleTerms => "提法",
            _ => "",
        }
    }
}
