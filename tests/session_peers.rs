//! Study sessions against the world: a leader that crashes and comes back (a real process,
//! killed), peers of another Unix user or group (a real process run as `nobody`: needs root,
//! skipped with a reason otherwise), hostile leaders and followers, and a follower that never
//! reads.

#[macro_use]
#[path = "support/skip.rs"]
mod skip;
#[path = "support/session.rs"]
mod session;

use std::io::{Read as _, Write as _};
use std::os::unix::fs::PermissionsExt as _;
use std::os::unix::net::{UnixListener, UnixStream};
use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jianghua::app::Session;
use jianghua::session::protocol::{self, DocumentMsg, Position, ToFollower, ToLeader, Want, Welcome, encode};
use jianghua::session::{Access, Leader, Publish, SessionDir};
use session::{Base, Member};

const NOBODY: u32 = 65534;

fn jianghua(base: &Base) -> Command {
    let home = base.root.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut c = Command::new(env!("CARGO_BIN_EXE_jianghua"));
    c.env("JIANGHUA_SESSION_DIR", base.dir.base()).env("HOME", &home).env_remove("JIANGHUA_CONFIG");
    for v in ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"] {
        c.env_remove(v);
    }
    c.current_dir(&home);
    c
}

/// A leader in a process of its own, reading keys from a pipe.
fn leader_process(base: &Base, name: &str) -> Child {
    let child = jianghua(base)
        .args(["lead", "--headless", "120x40", "--name", name])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while jianghua::session::live_sessions(&base.dir).iter().all(|s| s.found.name != name) {
        assert!(Instant::now() < deadline, "the leader process did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

fn leader_breadcrumb(m: &Member) -> Option<String> {
    match &m.app.session {
        Some(Session::Following(f)) => f.last.as_ref().map(|p| p.breadcrumb.clone()),
        _ => None,
    }
}

#[test]
fn a_crashed_leader_is_noticed_and_its_return_followed() {
    let base = Base::new();
    let mut leader = leader_process(&base, "崩溃");
    let mut followers: Vec<Member> = [(80, 24), (100, 30), (80, 24)]
        .iter()
        .map(|&s| Member::follower(&base.dir, "崩溃", s, None).unwrap())
        .collect();
    leader.stdin.as_mut().unwrap().write_all(":二、（二）<CR>\n".as_bytes()).unwrap();
    for f in &mut followers {
        f.wait("the leader at 二、（二）", |m| leader_breadcrumb(m).as_deref() == Some("二、（二）"));
        assert!(f.screen().contains("（二）聚焦建强组织体系"));
    }
    leader.kill().unwrap();
    leader.wait().unwrap();
    for f in &mut followers {
        f.wait("the end noticed", |m| m.status().contains("学习会话已结束 · 组长回来时自动重连"));
        assert!(f.screen().contains("（二）聚焦建强组织体系"), "the document stays where it was");
    }
    // The socket the crash left behind is stale: a new leader of the same name replaces it, and
    // the followers come back by themselves.
    let mut again = leader_process(&base, "崩溃");
    again.stdin.as_mut().unwrap().write_all(":三、<CR>\n".as_bytes()).unwrap();
    for f in &mut followers {
        f.wait("the returned leader at 三、", |m| leader_breadcrumb(m).as_deref() == Some("三、"));
        assert!(!f.status().contains("已结束"), "{}", f.status());
    }
    drop(again.stdin.take());
    assert!(again.wait().unwrap().success());
}

/// `jianghua follow WANTED` as `nobody` (in `gid`'s group): its exit status and error.
fn follow_as_nobody(base: &Base, wanted: &str, gid: u32, keep_open: bool) -> Child {
    jianghua(base)
        .args(["follow", wanted, "--headless", "80x24"])
        .uid(NOBODY)
        .gid(gid)
        .stdin(if keep_open { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn refusal(child: Child) -> String {
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Open a session's directory and socket to everyone, as a leader might by mistake.
fn loosen(path: &Path) {
    std::fs::set_permissions(path.parent().unwrap(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o666)).unwrap();
}

#[test]
fn other_users_are_kept_out_by_the_directory_and_by_their_credentials() {
    if jianghua::session::access::my_uid() != 0 {
        skipped!("running a peer as another user needs root");
        return;
    }
    let base = Base::new();
    let me = jianghua::session::access::user_name(0);
    // A private session: invisible to another user, and refused by its credentials even when
    // the directory and socket are opened by mistake.
    let mut private = Member::leader(&base.dir, "私人", Access::Private, (80, 24));
    let e = refusal(follow_as_nobody(&base, &format!("{me}/私人"), NOBODY, false));
    assert!(e.contains("no session named"), "{e}");
    let socket = base.dir.named("私人").pop().unwrap().path;
    loosen(&socket);
    let e = refusal(follow_as_nobody(&base, "私人", NOBODY, false));
    assert!(e.contains(&format!("这是 {me} 的个人会话")), "{e}");
    private.wait("the leader told", |m| m.status().contains("拒绝了 nobody 的加入"));
    assert!(private.status().contains("0人跟随"));
    // A group session: the same for someone outside the group.
    let mut grouped = Member::leader(&base.dir, "组", Access::group("adm").unwrap(), (80, 24));
    let e = refusal(follow_as_nobody(&base, "组", NOBODY, false));
    assert!(e.contains("no session named"), "{e}");
    loosen(&base.dir.named("组").pop().unwrap().path);
    let e = refusal(follow_as_nobody(&base, "组", NOBODY, false));
    assert!(e.contains("nobody 不在组 adm"), "{e}");
    grouped.wait("the leader told", |m| m.status().contains("拒绝了 nobody 的加入"));
    // Inside the group, and with --open, another user follows.
    for (name, access) in [("我们", Access::Group { gid: NOBODY, name: "nogroup".into() }), ("大家", Access::Open)]
    {
        let mut leader = Member::leader(&base.dir, name, access, (80, 24));
        let mut child = follow_as_nobody(&base, name, NOBODY, true);
        leader.wait("another user following", |m| m.status().contains("1人跟随"));
        drop(child.stdin.take());
        assert!(child.wait().unwrap().success());
        leader.wait("the follower gone", |m| m.status().contains("0人跟随"));
    }
}

/// A leader of our own making that says what the test tells it to.
fn fake_leader(dir: &SessionDir, name: &str) -> (std::sync::mpsc::Sender<Vec<u8>>, std::thread::JoinHandle<()>) {
    let path = dir.prepare(&Access::Private, name).unwrap();
    let listener = UnixListener::bind(&path).unwrap();
    let (send, frames) = std::sync::mpsc::channel::<Vec<u8>>();
    let name = name.to_owned();
    let thread = std::thread::spawn(move || {
        let welcome = Welcome {
            protocol: protocol::PROTOCOL,
            session: name,
            leader: "x".into(),
            title: "t".into(),
            followers: 1,
        };
        // Queries (looking the session up) get an answer; the first follower gets the frames.
        let mut stream = loop {
            let (mut stream, _) = listener.accept().unwrap();
            let body = protocol::read_frame(&mut stream, protocol::MAX_HELLO_FRAME).unwrap();
            stream.write_all(&encode(&ToFollower::Welcome(welcome.clone()))).unwrap();
            if protocol::decode_to_leader(&body)
                == Ok(ToLeader::Hello { protocol: protocol::PROTOCOL, want: Want::Follow })
            {
                break stream;
            }
        };
        for frame in frames {
            if stream.write_all(&frame).is_err() {
                return;
            }
        }
    });
    (send, thread)
}

fn raw(body: &str) -> Vec<u8> {
    let mut frame = u32::try_from(body.len()).unwrap().to_be_bytes().to_vec();
    frame.extend_from_slice(body.as_bytes());
    frame
}

#[test]
fn what_a_hostile_leader_sends_is_dropped_with_a_notice() {
    let base = Base::new();
    let (frames, thread) = fake_leader(&base.dir, "假的");
    let text = "在会议上的讲话\u{1b}]0;pwned\u{7}\n同志们：\n一、总体要求\u{1b}[2J\n一要抓落实。二要防风险。\n二、工作安排\n正文。\n";
    let hash = jianghua::state::content_hash(text);
    let doc = DocumentMsg {
        hash: hash.clone(),
        title: "\u{1b}[31m标题".into(),
        name: "a\u{9b}.txt".into(),
        path: Some("/dev/zero".into()),
        text: Some(text.into()),
    };
    frames.send(encode(&ToFollower::Document(doc))).unwrap();
    let mut f = Member::follower(&base.dir, "假的", (80, 24), None).unwrap();
    assert!(f.screen().contains("␛]0;pwned␇"), "escapes are shown as placeholders:\n{}", f.screen());
    let mut position = Position {
        seq: 1,
        hash,
        offset: usize::MAX >> 40,
        sentence: Some([3, 1 << 20]),
        breadcrumb: "二、\u{1b}[2J".into(),
        highlight: None,
    };
    for (frame, notice) in [
        (raw("{\"type\":\"position\",\"hash\":"), "忽略了组长发来的一条无效消息"),
        (raw("{\"type\":\"welcome\",\"protocol\":1}"), "忽略了组长发来的一条无效消息"),
        (raw(&format!("{{\"type\":\"ended\",\"pad\":\"{}\"}}", "x".repeat(70_000))), "忽略了组长发来的一条无效消息"),
        (
            encode(&ToFollower::Position(Position { hash: "zz".into(), ..position.clone() })),
            "忽略了组长发来的一条无效消息",
        ),
    ] {
        f.message_cleared();
        frames.send(frame).unwrap();
        f.wait(notice, |m| m.app.message.as_deref().is_some_and(|s| s.contains(notice)));
    }
    // Offsets past the end of the text are taken as its end; the breadcrumb is made safe.
    frames.send(encode(&ToFollower::Position(position.clone()))).unwrap();
    f.wait("a position past the end", |m| leader_breadcrumb(m).is_some());
    assert_eq!(leader_breadcrumb(&f).unwrap(), "二、␛[2J");
    position.sentence = None;
    frames.send(encode(&ToFollower::Position(position))).unwrap();
    // A length over the cap: the connection is closed and the session counts as ended.
    frames.send(u32::MAX.to_be_bytes().to_vec()).unwrap();
    f.wait("the connection dropped", |m| m.status().contains("学习会话已结束"));
    let screen = f.screen();
    assert!(!screen.chars().any(jianghua::document::is_unsafe), "{screen}");
    drop(frames);
    thread.join().unwrap();
}

#[test]
fn hostile_followers_do_not_disturb_the_leader() {
    let base = Base::new();
    let mut leader = Member::leader(&base.dir, "稳", Access::Private, (80, 24));
    let path = base.dir.named("稳").pop().unwrap().path;
    let connect = || UnixStream::connect(&path).unwrap();
    // A length of 4 GB, garbage, silence, another version, then chatter after a hello.
    let mut huge = connect();
    huge.write_all(&u32::MAX.to_be_bytes()).unwrap();
    let mut junk = connect();
    junk.write_all(&raw("{\"type\":\"hello\",\"protocol\":\"one\"}")).unwrap();
    let _silent = connect();
    let mut other = connect();
    other.write_all(&encode(&ToLeader::Hello { protocol: 999, want: Want::Follow })).unwrap();
    let body = protocol::read_frame(&mut other, protocol::MAX_SMALL_FRAME).unwrap();
    match protocol::decode_to_follower(&body).unwrap() {
        ToFollower::Refused { reason } => assert!(reason.contains("版本不同"), "{reason}"),
        m => panic!("{m:?}"),
    }
    leader.wait("a notice about the bad messages", |m| m.status().contains("发来的无效消息"));
    let mut chatty = connect();
    chatty.write_all(&encode(&ToLeader::Hello { protocol: protocol::PROTOCOL, want: Want::Follow })).unwrap();
    leader.wait("the chatty follower counted", |m| m.status().contains("1人跟随"));
    let _ = chatty.write_all(&vec![b'x'; 70 << 10]);
    leader.wait("the chatty follower dropped", |m| m.status().contains("发来太多无关数据，已断开"));
    // Meanwhile a real follower follows as ever.
    let mut f = Member::follower(&base.dir, "稳", (80, 24), None).unwrap();
    leader.keys(":二、（三）<CR>");
    f.wait("following despite the others", |m| leader_breadcrumb(m).as_deref() == Some("二、（三）"));
    let mut rest = Vec::new();
    let _ = huge.read_to_end(&mut rest);
    assert!(rest.is_empty(), "nothing is sent to a peer that never said hello");
}

#[test]
fn a_follower_that_never_reads_gets_only_the_latest_position() {
    const MOVES: u64 = 20_000;
    let base = Base::new();
    let events = Arc::new(|_| true);
    let leader = Leader::start(&base.dir, "慢", Access::Private, events).unwrap();
    let mut stuck = UnixStream::connect(leader.path()).unwrap();
    stuck.write_all(&encode(&ToLeader::Hello { protocol: protocol::PROTOCOL, want: Want::Follow })).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while leader.followers() == 0 {
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(5));
    }
    let (_, text) = jianghua::samples::default_sample();
    let hash = jianghua::state::content_hash(text);
    let offer = jianghua::session::Offer {
        hash: hash.clone(),
        title: "t".into(),
        name: "n".into(),
        path: None,
        text: Arc::new(text.into()),
    };
    leader.publish(Publish::Document(offer));
    let mut last = 0;
    for i in 0..MOVES {
        let p = Position {
            seq: 0,
            hash: hash.clone(),
            offset: usize::try_from(i).unwrap() % 1000,
            sentence: None,
            breadcrumb: String::new(),
            highlight: None,
        };
        last = leader.publish(Publish::Position(p));
    }
    assert_eq!(last, MOVES, "every publish returned while the follower read nothing");
    let mut positions = 0u64;
    let mut reader = std::io::BufReader::new(&stuck);
    loop {
        let body = protocol::read_frame(&mut reader, protocol::MAX_DOCUMENT_FRAME).unwrap();
        if let ToFollower::Position(p) = protocol::decode_to_follower(&body).unwrap() {
            positions += 1;
            if p.seq == MOVES {
                break;
            }
        }
    }
    assert!(positions < MOVES / 2, "{positions} positions written of {MOVES}: they were not coalesced");
}

#[test]
fn the_sessions_command_lists_what_may_be_joined() {
    let base = Base::new();
    let mut leader = leader_process(&base, "列表");
    let _follower = Member::follower(&base.dir, "列表", (80, 24), None).unwrap();
    let out = jianghua(&base).args(["sessions", "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let me = jianghua::session::access::user_name(jianghua::session::access::my_uid());
    assert_eq!(json[0]["name"], "列表");
    assert_eq!(json[0]["leader"], me.as_str());
    assert_eq!(json[0]["followers"], 1);
    assert_eq!(json[0]["access"], "private");
    assert_eq!(json[0]["title"], "在2024年青河县委工作会议上的讲话");
    assert_eq!(json[0]["join"], format!("{me}/列表"));
    let text = jianghua(&base).arg("sessions").output().unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains(&format!("{me}/列表\t{me}\t1人跟随\tprivate\t在2024年")));
    let missing = jianghua(&base).args(["follow", "没有", "--headless", "80x24"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no session named 没有"));
    let taken =
        jianghua(&base).args(["lead", "--headless", "80x24", "--name", "列表"]).stdin(Stdio::null()).output().unwrap();
    assert_eq!(taken.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&taken.stderr).contains("a session named 列表 is already running"), "{taken:?}");
    drop(leader.stdin.take());
    assert!(leader.wait().unwrap().success());
    let none = jianghua(&base).arg("sessions").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&none.stdout), "no study sessions you may join\n");
}
