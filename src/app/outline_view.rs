//! The outline pane's behaviour: which sections are visible under the folds, moving the
//! selection, folding, and following the text as it scrolls.

use super::doc_view::DocView;

impl DocView {
    /// Sections shown in the outline list, in order: those whose ancestors are all unfolded.
    #[must_use]
    pub fn visible_sections(&self) -> Vec<usize> {
        let sections = &self.analysis.outline.sections;
        let mut out = Vec::new();
        let mut i = 0;
        while i < sections.len() {
            out.push(i);
            i = if self.viewport.tree.expanded.get(i).copied().unwrap_or(false) {
                i + 1
            } else {
                sections[i].subtree_end
            };
        }
        out
    }

    /// The row to highlight for the selection: the selected section, or its nearest visible
    /// ancestor when it is folded away.
    #[must_use]
    pub fn selected_row(&self, visible: &[usize]) -> Option<usize> {
        let selected = self.viewport.tree.selected?;
        self.analysis.outline.ancestry(selected).into_iter().rev().find_map(|s| visible.binary_search(&s).ok())
    }

    /// Move the selection by `delta` visible entries. Returns the newly selected section.
    pub fn move_selection(&mut self, delta: isize) -> Option<usize> {
        let visible = self.visible_sections();
        if visible.is_empty() {
            return None;
        }
        let row = self.selected_row(&visible).map_or(0, |r| r.saturating_add_signed(delta));
        let row = row.min(visible.len() - 1);
        self.viewport.tree.selected = Some(visible[row]);
        self.viewport.tree.selected
    }

    /// Select the first (`false`) or last (`true`) visible section.
    pub fn select_end(&mut self, last: bool) -> Option<usize> {
        let visible = self.visible_sections();
        self.viewport.tree.selected = if last { visible.last().copied() } else { visible.first().copied() };
        self.viewport.tree.selected
    }

    /// Fold the selected section, or select its parent when it is already folded or a leaf.
    pub fn fold(&mut self) {
        let visible = self.visible_sections();
        let Some(row) = self.selected_row(&visible) else { return };
        let s = visible[row];
        let has_children = self.analysis.outline.sections[s].subtree_end > s + 1;
        if has_children && self.viewport.tree.expanded[s] {
            self.viewport.tree.expanded[s] = false;
            self.viewport.tree.selected = Some(s);
        } else if let Some(parent) = self.analysis.outline.sections[s].parent {
            self.viewport.tree.selected = Some(parent);
        }
    }

    /// Unfold the selected section; if it is already unfolded, select its first child.
    pub fn unfold(&mut self) -> Option<usize> {
        let visible = self.visible_sections();
        let s = visible[self.selected_row(&visible)?];
        if self.analysis.outline.sections[s].subtree_end <= s + 1 {
            return None;
        }
        if self.viewport.tree.expanded[s] {
            self.viewport.tree.selected = Some(s + 1);
            return Some(s + 1);
        }
        self.viewport.tree.expanded[s] = true;
        None
    }

    /// Follow the text: select the innermost section at the place (the top row, or where a
    /// jump landed, or the reading cursor).
    pub fn sync_outline(&mut self) {
        self.viewport.tree.selected = self.section_at_place();
    }

    /// Scroll the outline list so the selection is within `height` rows.
    pub fn keep_selection_in_view(&mut self, height: usize) {
        let visible = self.visible_sections();
        let Some(row) = self.selected_row(&visible) else { return };
        let height = height.max(1);
        if row < self.viewport.tree.offset {
            self.viewport.tree.offset = row;
        } else if row >= self.viewport.tree.offset + height {
            self.viewport.tree.offset = row + 1 - height;
        }
        self.viewport.tree.offset = self.viewport.tree.offset.min(visible.len().saturating_sub(height));
    }
}

impl super::App {
    /// The full heading of the selected outline entry, wrapped to the outline pane's width, when
    /// its row cannot show it whole: at most a third of the pane's rows (the last one cut with
    /// `…` if even that is not enough). Empty when the entry fits its row.
    #[must_use]
    pub fn outline_detail(&self) -> Vec<String> {
        let Some(side) = self.panes.and_then(|p| p.outline) else { return Vec::new() };
        let doc = self.doc();
        let Some(selected) = doc.viewport.tree.selected else { return Vec::new() };
        let amb = self.config.reader.ambiguous_width;
        let outline = &doc.analysis.outline;
        let width = usize::from(side.area.width.saturating_sub(2));
        let heading = crate::report::outline::heading(outline, selected);
        let indent = (outline.sections[selected].level - 1).min(8) + 2;
        if indent + crate::width::str_width(&heading, amb) <= width || width < 4 {
            return Vec::new();
        }
        let max_rows = (usize::from(side.area.height.saturating_sub(2)) / 3).max(1);
        let rows = crate::layout::break_rows(&heading, width, amb, &[]);
        let mut lines: Vec<String> = rows.iter().take(max_rows).map(|r| heading[r.start..r.end].to_owned()).collect();
        if rows.len() > max_rows
            && let Some(last) = lines.last_mut()
        {
            let rest = &heading[rows[max_rows - 1].start..];
            *last = crate::width::truncate(rest, width, amb);
        }
        lines
    }
}
