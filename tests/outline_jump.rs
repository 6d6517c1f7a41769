//! Jumping to an outline node puts *that* node's marker on the landing row, a third down the text
//! pane (or as near as the ends of the document allow), for every node, repeated markers
//! included; the node is the place, so the breadcrumb names it.

#[path = "support/corpus.rs"]
mod corpus;

use jianghua::app::{App, DocView};
use jianghua::config::Config;
use jianghua::document::{Document, load_path};
use jianghua::samples::{SAMPLES, load};
use ratatui::layout::Rect;

fn check_every_node(doc: Document, label: &str) -> usize {
    let config = Config::embedded();
    let mut app = App::new(config, vec![DocView::new(doc, &Config::embedded())]);
    let mut checked = 0;
    for (w, h) in [(80, 24), (160, 48)] {
        app.resize(Rect::new(0, 0, w, h));
        for i in 0..app.doc().analysis.outline.sections.len() {
            app.jump_to_section(i);
            let doc = app.doc();
            let marker = doc.analysis.outline.sections[i].bytes.start;
            let landing = doc.advance(doc.viewport.top, doc.landing_row());
            let row = doc.pos_of_byte(marker);
            let on_landing_row = row == landing;
            let at_start = row < landing && doc.viewport.top == jianghua::app::TextPos::default();
            let at_end = row > landing && doc.viewport.top == doc.max_top() && doc.is_visible(marker);
            assert!(
                on_landing_row || at_start || at_end,
                "{label} {w}x{h}: node {i} {:?}",
                doc.analysis.outline.sections[i].title
            );
            assert_eq!(doc.place_byte(), marker, "{label}: the node is the place");
            assert_eq!(doc.viewport.tree.selected, Some(i), "{label}: the selection is the node itself");
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_node_of_every_sample() {
    for (name, text) in SAMPLES {
        assert!(check_every_node(load(name, text), name) > 20);
    }
}

#[test]
fn every_node_of_the_reference_speech() {
    let Some(dir) = corpus::dir() else { return };
    let doc = load_path(&dir.join("county_party_work_conference_2023.txt")).unwrap();
    assert_eq!(check_every_node(doc, "reference"), 34 * 2);
}
