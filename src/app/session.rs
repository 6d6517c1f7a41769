//! The study session as the reader sees it. Leading, the app publishes what changed after each
//! event (the document, then where the leader is: top line, cursor sentence, section, highlight)
//! as [`Effect::Publish`]. Following, it shows the leader's position a third of the way down its
//! own screen, with the leader's sentence as its reading cursor and the leader's highlight, until
//! a key moves the view (free reading); [`Action::Follow`](crate::action::Action::Follow) goes
//! back. Notes, marks and the brief stay the follower's own: they live in its saved state,
//! keyed by the document's content hash as always.

use super::overlay::OverlayKey;
use super::{App, DocView, Effect, Finder, Overlay};
use crate::session::{Access, Arrived, Highlight, Offer, Position, Publish, SessionEvent, SessionInfo};
use crate::state::content_hash;
use crate::terms::concordance::{place_label, section_crumbs};

/// The session this reader is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Session {
    Leading(Leading),
    Following(Following),
}

/// Leading a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leading {
    pub name: String,
    pub followers: usize,
    /// The document last published (index, hash) and the position.
    published: Option<(usize, String)>,
    last: Option<Position>,
}

/// Following a leader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Following {
    /// The session, as `user/name`.
    pub name: String,
    pub leader: String,
    pub link: Link,
    /// Showing the leader's place (else reading freely).
    pub attached: bool,
    /// The leader's document among ours, and the leader's hash for it.
    pub leader_doc: Option<(usize, String)>,
    /// The leader's latest position.
    pub last: Option<Position>,
    /// The highlight last shown (when `highlight_shown`), so that a new position does not
    /// search again for the same.
    shown_highlight: Option<Highlight>,
    highlight_shown: bool,
}

/// The follower's connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Joining,
    Connected,
    /// The leader went away; the client looks for it again.
    Ended,
}

impl Following {
    /// Following `name` led by `leader`, attached, before anything arrived.
    #[must_use]
    pub fn new(name: &str, leader: &str) -> Self {
        Self {
            name: name.to_owned(),
            leader: leader.to_owned(),
            link: Link::Joining,
            attached: true,
            leader_doc: None,
            last: None,
            shown_highlight: None,
            highlight_shown: false,
        }
    }
}

impl Leading {
    #[must_use]
    pub fn new(name: &str) -> Self {
        Self { name: name.to_owned(), followers: 0, published: None, last: None }
    }

    /// The position published last.
    #[must_use]
    pub fn published(&self) -> Option<&Position> {
        self.last.as_ref()
    }
}

/// What the view looked like before a key: (document, top offset, cursor).
pub(super) type ViewMark = Option<(usize, usize, Option<usize>)>;

impl App {
    fn following_mut(&mut self) -> Option<&mut Following> {
        match &mut self.session {
            Some(Session::Following(f)) => Some(f),
            _ => None,
        }
    }

    /// Where the view is, while following attached (for telling whether a key moved it).
    pub(super) fn follow_mark(&self) -> ViewMark {
        match &self.session {
            Some(Session::Following(f)) if f.attached => {
                Some((self.current, self.doc().top_byte(), self.doc().study.cursor))
            }
            _ => None,
        }
    }

    /// After input: a key that moved the view detaches; a new size keeps the leader's place in
    /// the top third.
    pub(super) fn after_input(&mut self, before: ViewMark, resized: bool) {
        if before.is_none() {
            return;
        }
        if resized {
            self.show_leader(false);
        } else if self.follow_mark() != before
            && let Some(f) = self.following_mut()
        {
            f.attached = false;
        }
    }

    /// Leading: queue what changed since the last publication. Called after every event.
    pub fn publish_changes(&mut self) {
        let current = self.current;
        let Some(Session::Leading(lead)) = &self.session else { return };
        let new_document = lead.published.as_ref().is_none_or(|(i, _)| *i != current);
        let hash = match &lead.published {
            Some((i, h)) if *i == current => h.clone(),
            _ => content_hash(self.doc().analysis.doc.text()),
        };
        let position = self.leader_position(&hash);
        let offer = new_document.then(|| {
            let doc = &self.doc().analysis;
            Offer {
                hash: hash.clone(),
                title: doc.outline.frame.title.clone().unwrap_or_else(|| doc.doc.source.name.clone()),
                name: doc.doc.source.name.clone(),
                path: doc.doc.source.path.clone(),
                text: doc.doc.shared_text(),
            }
        });
        let Some(Session::Leading(lead)) = &mut self.session else { return };
        if !new_document && lead.last.as_ref() == Some(&position) {
            return;
        }
        lead.published = Some((current, hash));
        lead.last = Some(position.clone());
        if let Some(offer) = offer {
            self.ask(Effect::Publish(Publish::Document(offer)));
        }
        self.ask(Effect::Publish(Publish::Position(position)));
    }

    /// Where this reader is, as a leader publishes it.
    fn leader_position(&self, hash: &str) -> Position {
        let view = self.doc();
        let doc = &view.analysis.doc;
        let sentence = view
            .study
            .cursor
            .and_then(|i| doc.sentences().get(i))
            .map(|r| [doc.char_of_byte(r.start), doc.char_of_byte(r.end)]);
        let crumbs = view.viewport.tree.selected.map(|s| section_crumbs(&view.analysis.outline, s)).unwrap_or_default();
        let highlight = view.viewport.finder.as_ref().map(|f| match &f.target {
            super::Target::Search { query } => Highlight::Search { query: query.clone() },
            super::Target::Term { text, .. } => Highlight::Term { text: text.clone() },
        });
        // The leader's place (see `place`): the cursor's sentence, the spot a jump or search
        // landed on, or the top line.
        let focus = view.place_byte();
        Position {
            seq: 0,
            hash: hash.to_owned(),
            offset: doc.char_of_byte(focus),
            sentence,
            breadcrumb: place_label(&crumbs, ""),
            highlight,
        }
    }

    /// `L`: start leading this document (only this user may join; `jianghua lead --group` or
    /// `--open` opens a session to others), or stop leading.
    pub(super) fn lead_key(&mut self) {
        match &self.session {
            Some(Session::Leading(lead)) => {
                self.message = Some(format!("已结束领读「{}」", lead.name));
                self.session = None;
                self.ask(Effect::StopSession);
            }
            Some(Session::Following(_)) => self.message = Some("正在跟随组长，不能同时领读".into()),
            None => self.ask(Effect::Lead { name: None, access: Access::Private }),
        }
    }

    /// `F`: back to the leader's place; when in no session, the sessions to follow.
    pub(super) fn follow_key(&mut self) {
        match &mut self.session {
            Some(Session::Following(f)) if !f.attached => {
                f.attached = true;
                self.show_leader(true);
            }
            Some(Session::Following(_)) => self.message = Some("正在跟随组长；任何移动键转为自由阅读".into()),
            Some(Session::Leading(_)) => self.message = Some("你正在领读".into()),
            None => self.ask(Effect::ListSessions),
        }
    }

    /// The answer to [`Effect::Lead`].
    pub(super) fn leading(&mut self, result: Result<String, String>) {
        match result {
            Ok(name) => {
                self.message = Some(format!("开始领读「{name}」：组员运行 jianghua follow {name}"));
                self.session = Some(Session::Leading(Leading::new(&name)));
                self.publish_changes();
            }
            Err(e) => self.message = Some(format!("无法开始领读：{e}")),
        }
    }

    /// The answer to [`Effect::ListSessions`]: the picker, or why there is nothing to pick.
    pub(super) fn sessions_listed(&mut self, list: Vec<SessionInfo>) {
        if list.is_empty() {
            self.message = Some("没有可以加入的学习会话（组长用 jianghua lead 或 L 开始）".into());
        } else {
            self.overlay = Some(Overlay::Sessions { list, selected: 0 });
        }
    }

    /// Keys in the sessions picker: move, Enter follows, anything else closes.
    pub(super) fn sessions_key(&mut self, k: OverlayKey, list: Vec<SessionInfo>, selected: usize) {
        if let Some(d) = k.step {
            let selected = selected.saturating_add_signed(d).min(list.len().saturating_sub(1));
            self.overlay = Some(Overlay::Sessions { list, selected });
        } else if k.enter
            && let Some(info) = list.into_iter().nth(selected)
        {
            self.session = Some(Session::Following(Following::new(&info.found.qualified(), &info.welcome.leader)));
            self.ask(Effect::Follow(info.found));
        }
    }

    /// Hear the session.
    pub fn session_event(&mut self, event: SessionEvent) {
        match event {
            SessionEvent::Followers(n) => {
                if let Some(Session::Leading(lead)) = &mut self.session {
                    lead.followers = n;
                }
            }
            SessionEvent::Notice(text) => self.message = Some(text),
            SessionEvent::Joined(welcome) => {
                if let Some(f) = self.following_mut() {
                    if f.link == Link::Ended {
                        self.message = Some("组长回来了".into());
                    }
                    let Some(f) = self.following_mut() else { return };
                    f.link = Link::Connected;
                    f.leader = welcome.leader;
                }
            }
            SessionEvent::Document(arrived) => self.arrive(*arrived),
            SessionEvent::Position(position) => {
                let Some(f) = self.following_mut() else { return };
                f.link = Link::Connected;
                f.last = Some(position);
                if f.attached {
                    self.show_leader(false);
                }
            }
            SessionEvent::Ended => {
                if let Some(f) = self.following_mut() {
                    f.link = Link::Ended;
                }
            }
            SessionEvent::Failed(e) => {
                if self.following_mut().is_some() {
                    self.session = None;
                }
                self.message = Some(format!("无法加入：{e}"));
            }
        }
    }

    /// The leader's document: ours if the same text is open already, else opened now.
    fn arrive(&mut self, arrived: Arrived) {
        if self.following_mut().is_none() {
            return;
        }
        let Arrived { doc, hash, note, state } = arrived;
        let text_hash = content_hash(doc.text());
        let open = self.docs.iter().position(|d| content_hash(d.analysis.doc.text()) == text_hash);
        let index = open.unwrap_or_else(|| {
            let mut view = DocView::new(doc, &self.config);
            match state {
                Some((Ok(saved), path)) => view.attach_state(saved, path.as_deref()),
                Some((Err(e), _)) => self.message = Some(e),
                None => {}
            }
            self.docs.push(view);
            self.watch_state(self.docs.len() - 1);
            self.docs.len() - 1
        });
        if let Some(note) = note {
            self.message = Some(note);
        }
        let Some(f) = self.following_mut() else { return };
        f.link = Link::Connected;
        f.leader_doc = Some((index, hash));
        f.last = None;
        f.highlight_shown = false;
        if f.attached {
            self.switch_to(index);
        }
    }

    /// Show the leader's place: its document, its focus (the cursor sentence, else its top line)
    /// a third of the way down, its sentence as our cursor, its highlight. `again` searches the
    /// highlight even if it did not change (after reading freely).
    fn show_leader(&mut self, again: bool) {
        let Some(Session::Following(f)) = &self.session else { return };
        let (Some((index, hash)), Some(p)) = (f.leader_doc.clone(), f.last.clone()) else { return };
        if p.hash != hash || index >= self.docs.len() {
            return;
        }
        let new_highlight = again || !f.highlight_shown || f.shown_highlight != p.highlight;
        self.switch_to(index);
        let finder = new_highlight.then(|| p.highlight.as_ref().and_then(|h| self.leader_finder(h)));
        let view = self.doc_mut();
        let doc = &view.analysis.doc;
        let byte = |c: usize| doc.byte_of_char(c.min(doc.char_len()));
        let focus = byte(p.sentence.map_or(p.offset, |[start, _]| start));
        let sentence =
            p.sentence.filter(|_| !doc.sentences().is_empty()).map(|[start, _]| doc.sentence_at(byte(start)));
        view.study.cursor = sentence;
        if let Some(finder) = finder {
            view.viewport.finder = finder;
        }
        // The leader's place becomes ours (breadcrumb, outline, full heading, percentage).
        view.land(focus);
        self.after_text_move();
        if let Some(f) = self.following_mut()
            && new_highlight
        {
            f.shown_highlight = p.highlight;
            f.highlight_shown = true;
        }
    }

    /// The leader's highlight in our copy: a search, or a term (with its list's colour when it
    /// is one of ours, else its literal occurrences).
    fn leader_finder(&self, highlight: &Highlight) -> Option<Finder> {
        let text = self.doc().analysis.doc.text();
        match highlight {
            Highlight::Search { query } => Finder::search(query, text),
            Highlight::Term { text: term } => {
                let lists = &self.config.term_lists;
                let configured = lists.iter().enumerate().find_map(|(l, list)| {
                    let t = list.terms.iter().position(|t| t.text == *term)?;
                    Some((crate::terms::TermId { list: l, term: t }, list.color))
                });
                Some(match configured {
                    Some((id, color)) => Finder::term(term, Some(color), self.doc().analysis.terms.ranges_of(id)),
                    None => Finder::term(term, None, crate::terms::occurrences(text, term)),
                })
            }
        }
    }

    /// A line for the status bar about the session, if any.
    #[must_use]
    pub fn session_label(&self) -> Option<String> {
        Some(match self.session.as_ref()? {
            Session::Leading(lead) => format!("领读「{}」{}人跟随", lead.name, lead.followers),
            Session::Following(f) => match f.link {
                Link::Joining => format!("正在加入 {}…", f.name),
                Link::Ended => "学习会话已结束 · 组长回来时自动重连".into(),
                Link::Connected if f.attached => format!("跟随 {}", f.name),
                Link::Connected => {
                    let at = f.last.as_ref().map_or_else(String::new, |p| format!(" · 组长在 {}", p.breadcrumb));
                    format!("自由阅读{at}")
                }
            },
        })
    }
}
