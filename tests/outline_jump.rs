//! Jumping to an outline node puts *that* node's marker on the top row (or as near as the end of
//! the document allows), for every node, repeated markers included.

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
            let top_row = doc.row_bytes(doc.viewport.top);
            let on_top = top_row.contains(&marker) || (top_row.is_empty() && top_row.start == marker);
            let at_end = doc.viewport.top == doc.max_top() && doc.is_visible(marker);
            assert!(on_top || at_end, "{label} {w}x{h}: node {i} {:?}", doc.analysis.outline.sections[i].title);
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
