//! Which panes are shown and which one has the focus: cycling, focusing by number (showing a
//! hidden pane), toggling, the text alone, and closing panes that float over the text.

use super::{App, Focus, Toggles, finder};
use crate::action::Action;

impl App {
    /// Apply a pane action; `false` when `action` is not one.
    pub(super) fn arrange(&mut self, action: Action) -> bool {
        match action {
            Action::FocusNext => self.cycle_focus(true),
            Action::FocusPrev => self.cycle_focus(false),
            Action::FocusOutline => self.focus_pane(Focus::Outline),
            Action::FocusText => self.focus = Focus::Text,
            Action::FocusTerms => self.focus_pane(Focus::Terms),
            Action::ToggleOutline => self.toggle(Focus::Outline),
            Action::ToggleTerms => self.toggle(Focus::Terms),
            Action::TextOnly => {
                if let Some(saved) = self.saved_toggles.take() {
                    self.toggles = saved;
                } else {
                    self.saved_toggles = Some(self.toggles);
                    self.toggles = Toggles { outline: Some(false), terms: Some(false) };
                    self.focus = Focus::Text;
                }
                self.resize(self.size);
            }
            _ => return false,
        }
        true
    }

    /// Is a pane on screen now?
    #[must_use]
    pub fn pane_shown(&self, pane: Focus) -> bool {
        match (pane, self.panes) {
            (Focus::Text, _) => true,
            (Focus::Outline, Some(p)) => p.outline.is_some(),
            (Focus::Terms, Some(p)) => p.terms.is_some(),
            (_, None) => false,
        }
    }

    /// Esc with nothing else to close: hide the panes that float over the text.
    pub(super) fn close_overlay_panes(&mut self) {
        let Some(p) = self.panes else { return };
        if p.outline.is_some_and(|o| o.overlay) {
            self.toggles.outline = Some(false);
        }
        if p.terms.is_some_and(|t| t.overlay) {
            self.toggles.terms = Some(false);
        }
        self.resize(self.size);
    }

    fn cycle_focus(&mut self, forward: bool) {
        let order = [Focus::Outline, Focus::Text, Focus::Terms];
        let shown: Vec<Focus> = order.into_iter().filter(|p| self.pane_shown(*p)).collect();
        let at = shown.iter().position(|p| *p == self.focus).unwrap_or(0);
        if let Some(next) = finder::wrap_step(Some(at), shown.len(), forward) {
            self.focus = shown[next];
        }
    }

    fn focus_pane(&mut self, pane: Focus) {
        if !self.pane_shown(pane) {
            match pane {
                Focus::Outline => self.toggles.outline = Some(true),
                Focus::Terms => self.toggles.terms = Some(true),
                Focus::Text => {}
            }
            self.saved_toggles = None;
            self.resize(self.size);
        }
        if self.pane_shown(pane) {
            self.focus = pane;
        }
    }

    fn toggle(&mut self, pane: Focus) {
        let shown = self.pane_shown(pane);
        let slot = match pane {
            Focus::Outline => &mut self.toggles.outline,
            Focus::Terms => &mut self.toggles.terms,
            Focus::Text => return,
        };
        *slot = Some(!shown);
        self.saved_toggles = None;
        self.resize(self.size);
        if !shown
            && self.pane_shown(pane)
            && self.panes.is_some_and(|p| match pane {
                Focus::Outline => p.outline.is_some_and(|o| o.overlay),
                _ => p.terms.is_some_and(|t| t.overlay),
            })
        {
            self.focus = pane;
        }
    }
}
