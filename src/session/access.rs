//! Who may join a session: the leader's own Unix user (the default), the members of one group
//! (`--group`), or every local user (`--open`). The socket directory's modes say the same
//! ([`super::socket_dir`]), but the leader also checks the credentials the kernel gives for the
//! connecting process (`SO_PEERCRED`), so a directory opened up by mistake admits nobody extra.

use std::ffi::CString;
use std::os::unix::net::UnixStream;

use nix::sys::socket::{getsockopt, sockopt::PeerCredentials};
use nix::unistd::{Gid, Group, Uid, User, getgrouplist};

use super::SessionError;

/// Who may follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// The leader's own user only.
    Private,
    /// The members of one group (and the leader).
    Group { gid: u32, name: String },
    /// Every local user.
    Open,
}

/// The process at the other end of a socket, as the kernel saw it when it connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Peer {
    pub pid: i32,
    pub uid: u32,
    pub gid: u32,
}

impl Access {
    /// `--group GROUP`: a group name or number that exists.
    pub fn group(group: &str) -> Result<Self, SessionError> {
        let found = match group.parse::<u32>() {
            Ok(gid) => Group::from_gid(Gid::from_raw(gid)).ok().flatten(),
            Err(_) => Group::from_name(group).ok().flatten(),
        };
        let shown = crate::document::safe(group).into_owned();
        let g = found.ok_or_else(|| {
            SessionError::Access(format!("there is no group {shown} on this machine (see `getent group`)"))
        })?;
        Ok(Self::Group { gid: g.gid.as_raw(), name: g.name })
    }

    /// The directory, inside the leader's own, that holds sessions of this access.
    #[must_use]
    pub fn subdir(&self) -> String {
        match self {
            Self::Private => "private".into(),
            Self::Group { gid, .. } => format!("group-{gid}"),
            Self::Open => "open".into(),
        }
    }

    /// The mode of that directory: only those admitted can reach the socket inside.
    #[must_use]
    pub fn dir_mode(&self) -> u32 {
        match self {
            Self::Private => 0o700,
            Self::Group { .. } => 0o750,
            Self::Open => 0o755,
        }
    }

    /// The mode of the socket (connecting needs write permission on it).
    #[must_use]
    pub fn socket_mode(&self) -> u32 {
        match self {
            Self::Private => 0o600,
            Self::Group { .. } => 0o660,
            Self::Open => 0o666,
        }
    }

    /// The group the directory and socket belong to, for a group session.
    #[must_use]
    pub fn gid(&self) -> Option<u32> {
        match self {
            Self::Group { gid, .. } => Some(*gid),
            _ => None,
        }
    }

    /// Who may join, for messages: `仅本人`, `组 study`, `本机所有用户`.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::Private => "仅本人".into(),
            Self::Group { name, .. } => format!("组 {}", crate::document::safe(name)),
            Self::Open => "本机所有用户".into(),
        }
    }

    /// May `peer` follow a session led by `leader`? The reason when not.
    pub fn admits(&self, peer: Peer, leader: u32) -> Result<(), String> {
        if peer.uid == leader {
            return Ok(());
        }
        match self {
            Self::Open => Ok(()),
            Self::Group { gid, name } if in_group(peer, *gid) => {
                let _ = name;
                Ok(())
            }
            Self::Group { name, .. } => {
                Err(format!("{} 不在组 {}，不能加入这个学习会话", user_name(peer.uid), crate::document::safe(name)))
            }
            Self::Private => Err(format!("这是 {} 的个人会话，只有本人可以加入", user_name(leader))),
        }
    }
}

/// Is the peer in group `gid`: its group at connect time, or the group database's list for its
/// user (supplementary groups)?
fn in_group(peer: Peer, gid: u32) -> bool {
    if peer.gid == gid {
        return true;
    }
    let Ok(Some(user)) = User::from_uid(Uid::from_raw(peer.uid)) else { return false };
    if user.gid.as_raw() == gid {
        return true;
    }
    let Ok(name) = CString::new(user.name) else { return false };
    getgrouplist(&name, user.gid).is_ok_and(|groups| groups.iter().any(|g| g.as_raw() == gid))
}

/// The credentials of the process at the other end of `stream`.
pub fn peer_of(stream: &UnixStream) -> std::io::Result<Peer> {
    let cred = getsockopt(stream, PeerCredentials).map_err(std::io::Error::from)?;
    Ok(Peer { pid: cred.pid(), uid: cred.uid(), gid: cred.gid() })
}

/// Our own user id.
#[must_use]
pub fn my_uid() -> u32 {
    Uid::effective().as_raw()
}

/// A user's login name (made safe to show), or `uid N` when it has none.
#[must_use]
pub fn user_name(uid: u32) -> String {
    match User::from_uid(Uid::from_raw(uid)) {
        Ok(Some(u)) => crate::document::safe(&u.name).into_owned(),
        _ => format!("uid {uid}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer(uid: u32, gid: u32) -> Peer {
        Peer { pid: 1, uid, gid }
    }

    #[test]
    fn the_leader_may_always_join_and_others_only_as_the_access_says() {
        let leader = 4242;
        assert!(Access::Private.admits(peer(leader, 1), leader).is_ok());
        let refused = Access::Private.admits(peer(4343, 4343), leader).unwrap_err();
        assert!(refused.contains("个人会话"), "{refused}");
        assert!(Access::Open.admits(peer(4343, 4343), leader).is_ok());
        let group = Access::Group { gid: 777_001, name: "学习组".into() };
        assert!(group.admits(peer(4343, 777_001), leader).is_ok(), "its group at connect time counts");
        let refused = group.admits(peer(4343, 4343), leader).unwrap_err();
        assert!(refused.contains("不在组 学习组"), "{refused}");
    }

    #[test]
    fn modes_follow_the_access() {
        assert_eq!((Access::Private.dir_mode(), Access::Private.socket_mode()), (0o700, 0o600));
        assert_eq!((Access::Open.dir_mode(), Access::Open.socket_mode()), (0o755, 0o666));
        let g = Access::Group { gid: 5, name: "g".into() };
        assert_eq!((g.dir_mode(), g.socket_mode(), g.subdir()), (0o750, 0o660, "group-5".into()));
    }

    #[test]
    fn an_unknown_group_is_refused_by_name() {
        let e = Access::group("没有这个组\u{1b}").unwrap_err().to_string();
        assert!(e.contains("no group 没有这个组␛"), "{e}");
        assert!(matches!(Access::group("0"), Ok(Access::Group { gid: 0, .. })));
    }
}
