//! Study sessions end to end, in one process: a leader and three followers, each an app on its
//! own virtual screen run through the one event loop, talking over Unix sockets in a temporary
//! directory. Following at each one's own size, detaching and coming back, the sentence and the
//! highlight, notes that stay one's own, a copy that differs, the leader leaving and returning.

#[path = "support/session.rs"]
mod session;

use jianghua::app::{App, Session, Target};
use jianghua::session::{Access, SessionError};
use jianghua::tui::session::Sessions;
use session::{Base, Member};

const SIZES: [(u16, u16); 3] = [(80, 24), (100, 30), (80, 24)];

fn group(base: &Base, name: &str) -> (Member, Vec<Member>) {
    let leader = Member::leader(&base.dir, name, Access::Private, (120, 40));
    let followers = SIZES.iter().map(|&size| Member::follower(&base.dir, name, size, None).expect("joining")).collect();
    (leader, followers)
}

/// Each follower shows the leader's focus a third of the way down its own text (or lower, when
/// the end of the document is on screen).
fn wait_on_leader(leader: &Member, followers: &mut [Member], what: &str) {
    let focus = leader.focus();
    for f in followers {
        f.wait(what, |m| {
            let doc = m.app.doc();
            let third = doc.viewport.height / 3;
            let at_end = doc.viewport.top == doc.max_top();
            m.row_of(focus).is_some_and(|row| row == third || at_end && row > third)
        });
    }
}

#[test]
fn followers_keep_the_leaders_place_at_their_own_size() {
    let base = Base::new();
    let (mut leader, mut followers) = group(&base, "学习");
    leader.wait("three followers", |m| m.status().contains("领读「学习」3人跟随"));
    leader.keys(":二、（二）<CR>");
    assert!(leader.status().contains("二、 › （二）"), "{}", leader.status());
    let chapter =
        leader.app.doc().viewport.tree.selected.map(|s| leader.app.doc().analysis.outline.sections[s].bytes.start);
    assert_eq!(Some(leader.focus()), chapter, "the chapter gone to is the leader's place, not its top line");
    wait_on_leader(&leader, &mut followers, "the leader's place after :二、（二）");
    for f in &mut followers {
        let screen = f.screen();
        assert!(screen.contains("（二）聚焦建强组织体系"), "{screen}");
        let me = jianghua::session::access::user_name(jianghua::session::access::my_uid());
        assert!(f.status().contains(&format!("跟随 {me}/学习")), "{}", f.status());
        assert_eq!(f.app.doc().analysis.doc.text(), leader.app.doc().analysis.doc.text());
        // The leader's place is the follower's: the same section on its status bar and the
        // same percentage, whatever its size.
        assert!(f.status().contains("二、 › （二）"), "{}", f.status());
        assert_eq!(f.app.doc().percent(), leader.app.doc().percent(), "{}", f.status());
    }
    // The next part, then the reading cursor and a search: the followers show the same sentence
    // (as their cursor) and the same highlight.
    leader.keys("}");
    wait_on_leader(&leader, &mut followers, "the next part");
    leader.keys("v)))/统一要求<CR>");
    let cursor = leader.app.doc().study.cursor;
    assert!(cursor.is_some());
    for f in &mut followers {
        f.wait("the leader's sentence and search", |m| {
            let doc = m.app.doc();
            doc.study.cursor == cursor
                && matches!(doc.viewport.finder.as_ref().map(|f| &f.target), Some(Target::Search { query }) if query == "统一要求")
        });
    }
    wait_on_leader(&leader, &mut followers, "the leader's sentence at the top third");
    // A note written by a follower stays its own.
    let f = &mut followers[1];
    f.keys("a我的体会<C-s>");
    assert_eq!(f.app.doc().study.state.live_notes().len(), 1, "{}", f.status());
    assert!(leader.app.doc().study.state.live_notes().is_empty());
    for other in [&followers[0], &followers[2]] {
        assert!(other.app.doc().study.state.live_notes().is_empty());
    }
}

#[test]
fn a_key_that_moves_detaches_and_follow_comes_back() {
    let base = Base::new();
    let (mut leader, mut followers) = group(&base, "自由");
    leader.keys(":二、（三）<CR>");
    wait_on_leader(&leader, &mut followers, "二、（三）");
    let f = &mut followers[0];
    f.keys("jj");
    let status = f.status();
    assert!(status.contains("自由阅读 · 组长在 二、（三）"), "{status}");
    let mine = f.app.doc().top_byte();
    // The leader moves on; the free reader stays where it is, and learns where the leader is.
    leader.keys("}");
    f.wait("the leader's new section in the status", |m| m.status().contains("组长在 三、"));
    assert_eq!(f.app.doc().top_byte(), mine, "a free reader is not moved");
    // Opening help does not move the view, so it does not detach the others.
    followers[1].keys("?");
    followers[1].keys("<Esc>");
    assert!(followers[1].status().contains("跟随"), "{}", followers[1].status());
    // One key comes back.
    let f = &mut followers[0];
    f.keys("F");
    wait_on_leader(&leader, &mut followers[..1], "back at the leader's place");
    assert!(!followers[0].status().contains("自由阅读"), "{}", followers[0].status());
    // A new size keeps the leader's place at the top third of the new screen.
    followers[2].resize(90, 33);
    assert_eq!(followers[2].app.doc().viewport.height, 32);
    wait_on_leader(&leader, &mut followers[2..], "the same place at a new size");
}

#[test]
fn a_section_the_end_keeps_from_the_top_is_still_the_leaders_place() {
    let base = Base::new();
    let (mut leader, mut followers) = group(&base, "末尾");
    leader.keys(":三、三要<CR>");
    let doc = leader.app.doc();
    assert_eq!(doc.viewport.top, doc.max_top(), "the end of the document is on the leader's screen");
    let section = doc.viewport.tree.selected.map(|s| doc.analysis.outline.sections[s].bytes.start).unwrap();
    assert!(section > doc.top_byte());
    assert_eq!(leader.focus(), section, "the section gone to, not the top line");
    wait_on_leader(&leader, &mut followers, "三、三要");
    for f in &mut followers {
        assert!(f.screen().contains("三要严明纪律规矩"), "{}", f.screen());
    }
}

#[test]
fn a_copy_that_differs_is_told_and_the_leaders_text_is_used() {
    let base = Base::new();
    let mut leader = Member::leader(&base.dir, "副本", Access::Private, (120, 40));
    let (_, text) = jianghua::samples::default_sample();
    let same = base.root.path().join("same.txt");
    std::fs::write(&same, text).unwrap();
    let changed = base.root.path().join("changed.txt");
    std::fs::write(&changed, text.replace("青河", "清河")).unwrap();
    let mut mine = Member::follower(&base.dir, "副本", (80, 24), Some(&same)).unwrap();
    assert_eq!(mine.app.doc().analysis.doc.source.path.as_deref(), Some(same.as_path()), "the same text: our own file");
    assert!(!mine.status().contains("不同"), "{}", mine.status());
    let mut other = Member::follower(&base.dir, "副本", (80, 24), Some(&changed)).unwrap();
    assert!(other.status().contains("你的文件与组长的文本不同"), "{}", other.status());
    assert_eq!(other.app.doc().analysis.doc.text(), leader.app.doc().analysis.doc.text());
    leader.keys(":三、<CR>");
    wait_on_leader(&leader, std::slice::from_mut(&mut other), "三、 in the leader's text");
}

// Failed now and then under load before the leader told its follower count in order (the three
// followers rejoin at once; the count told last was 2, with three following): see
// `the_count_told_last_is_the_number_following_when_many_join_and_leave_at_once`.
#[test]
fn the_leader_leaving_ends_the_session_and_its_return_is_followed() {
    let base = Base::new();
    let (leader, mut followers) = group(&base, "回来");
    drop(leader);
    for f in &mut followers {
        f.wait("the session ended", |m| m.status().contains("学习会话已结束"));
        assert!(matches!(&f.app.session, Some(Session::Following(_))));
        assert!(!f.app.doc().analysis.doc.text().is_empty(), "the document stays");
    }
    let mut leader = Member::leader(&base.dir, "回来", Access::Private, (120, 40));
    leader.wait("the followers back", |m| m.status().contains("3人跟随"));
    leader.keys(":二、（四）<CR>");
    wait_on_leader(&leader, &mut followers, "the returned leader's place");
}

#[test]
fn a_live_name_is_taken_and_a_stale_socket_is_replaced() {
    let base = Base::new();
    let _first = Member::leader(&base.dir, "同名", Access::Private, (80, 24));
    let mut sessions = jianghua::tui::session::Sessions::new(base.dir.clone(), None);
    let e = sessions.lead(Some("同名"), Access::Open).unwrap_err();
    assert!(matches!(e, SessionError::Taken(_)), "{e}");
    assert!(e.to_string().contains("already running (reading 在2024年青河县委工作会议上的讲话"), "{e}");
    // A socket nobody accepts on (a leader that crashed) is stale: replaced.
    let path = base.dir.prepare(&Access::Private, "旧的").unwrap();
    drop(std::os::unix::net::UnixListener::bind(&path).unwrap());
    assert!(path.exists());
    let name = sessions.lead(Some("旧的"), Access::Private).unwrap();
    assert_eq!(name, "旧的");
    let e = Member::follower(&base.dir, "没有", (80, 24), None).err().unwrap();
    assert!(e.to_string().contains("no session named 没有"), "{e}");
}

#[test]
fn the_reader_keys_lead_and_pick_a_session_to_follow() {
    let base = Base::new();
    let config = jianghua::config::Config::embedded();
    let view = session::sample_view(&config);
    let mut leader = Member::new(App::new(config, vec![view]), Sessions::new(base.dir.clone(), None), (120, 40));
    leader.keys("L");
    let me = jianghua::session::access::user_name(jianghua::session::access::my_uid());
    assert!(leader.status().contains(&format!("领读「{me}」0人跟随")), "{}", leader.status());
    let config = jianghua::config::Config::embedded();
    let view = session::sample_view(&config);
    let mut member = Member::new(App::new(config, vec![view]), Sessions::new(base.dir.clone(), None), (80, 24));
    member.keys("F");
    let screen = member.screen();
    assert!(screen.contains("学习会话 1") && screen.contains(&format!("{me}/{me}")), "{screen}");
    member.keys("<CR>");
    member.wait("following from the picker", |m| m.status().contains(&format!("跟随 {me}/{me}")));
    leader.wait("one follower", |m| m.status().contains("1人跟随"));
    leader.keys(":三、<CR>");
    wait_on_leader(&leader, std::slice::from_mut(&mut member), "三、 from the picker");
    // A second L stops leading: the member is told the session ended.
    leader.keys("L");
    assert!(leader.app.session.is_none());
    member.wait("the end", |m| m.status().contains("学习会话已结束"));
}

#[test]
fn a_text_over_the_cap_is_not_sent_and_a_same_copy_is_used() {
    use jianghua::session::protocol::MAX_TEXT_BYTES;
    use jianghua::session::{Leader, Offer, Publish, join};
    use std::sync::Arc;
    let base = Base::new();
    // The sample over and over until it is past 16 MB: a real speech's shape, just long.
    let (_, sample) = jianghua::samples::default_sample();
    let big = sample.repeat(MAX_TEXT_BYTES / sample.len() + 1);
    assert!(big.len() > MAX_TEXT_BYTES);
    let file = base.root.path().join("big.txt");
    std::fs::write(&file, &big).unwrap();
    let doc = jianghua::document::load_path(&file).unwrap();
    let hash = jianghua::state::content_hash(doc.text());
    let leader = Leader::start(&base.dir, "大", Access::Private, Arc::new(|_| true)).unwrap();
    let offer = |path| Offer {
        hash: hash.clone(),
        title: "大文件".into(),
        name: "big.txt".into(),
        path,
        text: doc.shared_text(),
    };
    // Without a copy of its own a member is told why it cannot follow.
    leader.publish(Publish::Document(offer(None)));
    let e = join(&base.dir, Some("大"), None, None).err().expect("nothing to read");
    assert!(e.to_string().contains("超过 16 MB"), "{e}");
    // With the same file (its own, or at the leader's path) it reads that.
    let joined = join(&base.dir, Some("大"), Some(&file), None).expect("its own copy");
    assert_eq!(joined.arrived.note, None);
    assert_eq!(joined.arrived.doc.source.path.as_deref(), Some(file.as_path()));
    assert_eq!(jianghua::state::content_hash(joined.arrived.doc.text()), hash);
    leader.publish(Publish::Document(offer(Some(file.clone()))));
    let joined = join(&base.dir, Some("大"), None, None).expect("the leader's path");
    assert_eq!(jianghua::state::content_hash(joined.arrived.doc.text()), hash);
    // A text just under the cap still travels.
    let cut = (0..MAX_TEXT_BYTES - 64).rev().find(|&i| big.is_char_boundary(i)).unwrap();
    let small = big[..cut].to_owned();
    let small_hash = jianghua::state::content_hash(&small);
    leader.publish(Publish::Document(Offer {
        hash: small_hash.clone(),
        title: "t".into(),
        name: "n".into(),
        path: None,
        text: Arc::new(small),
    }));
    let joined = join(&base.dir, Some("大"), None, None).expect("the text itself");
    assert_eq!(jianghua::state::content_hash(joined.arrived.doc.text()), small_hash);
}

#[test]
fn the_count_told_last_is_the_number_following_when_many_join_and_leave_at_once() {
    use jianghua::session::{Leader, Notify, Offer, Publish, SessionEvent, join};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};
    const MANY: usize = 8;
    let base = Base::new();
    let told = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&told);
    // An app that takes a while to hear a small count: told out of order, the small one would
    // come last.
    let notify: Notify = Arc::new(move |event| {
        if let SessionEvent::Followers(n) = event {
            std::thread::sleep(Duration::from_millis(2 * (MANY - n.min(MANY)) as u64));
            record.lock().unwrap().push(n);
        }
        true
    });
    let leader = Leader::start(&base.dir, "人数", Access::Private, notify).unwrap();
    let (_, text) = jianghua::samples::default_sample();
    leader.publish(Publish::Document(Offer {
        hash: jianghua::state::content_hash(text),
        title: "t".into(),
        name: "n".into(),
        path: None,
        text: Arc::new(text.to_owned()),
    }));
    // Once every change is told (one event each), the last told and all told so far.
    let settled = |events: usize| {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let seen = told.lock().unwrap().clone();
            if seen.len() >= events || Instant::now() > deadline {
                return (seen.last().copied(), seen);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    };
    for round in 1..=3 {
        let dir = &base.dir;
        let joined: Vec<_> = std::thread::scope(|s| {
            let joining: Vec<_> = (0..MANY).map(|_| s.spawn(|| join(dir, Some("人数"), None, None).unwrap())).collect();
            joining.into_iter().map(|j| j.join().unwrap()).collect()
        });
        let events = (2 * round - 1) * MANY;
        let (last, seen) = settled(events);
        assert_eq!(last, Some(MANY), "round {round}, joining: told {seen:?}");
        assert_eq!(leader.followers(), MANY);
        drop(joined);
        let (last, seen) = settled(events + MANY);
        assert_eq!(last, Some(0), "round {round}, leaving: told {seen:?}");
    }
}
